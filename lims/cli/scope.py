"""``lims scope``: certificates, ability-table import and export, a scope check and the scope audit."""
from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from lims.cli import db_arg, iso_date, login, login_args, non_negative, open_services, report_error, resolve_url
from lims.cli.i18n import chinese, error_text, problem_text, tr
from lims.domain.errors import ImportRejected, ValidationError

if TYPE_CHECKING:
    from lims.domain.editions import EditionFlag
    from lims.domain.scope import ScopeVerdict
    from lims.services.container import Services
    from lims.services.scope_expansion import ItemForm

# an edition's state in Chinese, beside the English line
EDITION_WORDS = {"withdrawn": "已废止", "replaced": "已被代替", "not_yet_in_force": "尚未实施", "in_force": "现行有效"}


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    scope = sub.add_parser("scope",
                           help="certification scope (CMA, CATL): certificates, ability tables, checks, audit")
    actions = scope.add_subparsers(dest="scope_command", metavar="ACTION", required=True)

    cert = actions.add_parser("certificate", help="certificates")
    cert_actions = cert.add_subparsers(dest="certificate_command", metavar="ACTION", required=True)
    add = cert_actions.add_parser("add", help="record a CMA or CATL certificate")
    db_arg(add)
    add.add_argument("--kind", required=True, choices=["CMA", "CATL"])
    add.add_argument("--number", required=True, help="the certificate number as printed")
    add.add_argument("--holder", required=True, metavar="TEXT", help="the holder as printed")
    add.add_argument("--issued", required=True, type=iso_date, metavar="YYYY-MM-DD")
    add.add_argument("--valid-until", required=True, type=iso_date, metavar="YYYY-MM-DD")
    add.add_argument("--renewal-lead-days", type=int, default=None, metavar="N",
                     help="apply for renewal this many days before expiry (default: CMA 90, CATL 180)")
    login_args(add, "a lab manager")
    add.set_defaults(handler=_certificate_add)

    imp = actions.add_parser(
        "import", help="import an ability table (.xlsx: 序号, 类别, 名称, 依据的标准（方法）名称及编号（含年号）, "
                       "限制范围, 说明, 所在实验场所) as the certificate's next version; "
                       "nothing is stored while a row is not understood")
    imp.add_argument("file", metavar="FILE.xlsx")
    db_arg(imp)
    imp.add_argument("--certificate", required=True, metavar="NUMBER", help="the certificate the table belongs to")
    imp.add_argument("--approved", type=iso_date, metavar="YYYY-MM-DD",
                     help="the approval date, when the file does not state one")
    imp.add_argument("--preview", action="store_true", help="show what would be imported and store nothing")
    login_args(imp, "a lab manager")
    imp.set_defaults(handler=_import)

    check = actions.add_parser("check", help="whether a product, parameter and method are in each certificate's scope")
    db_arg(check)
    check.add_argument("--product", required=True, help="product or category name or code, e.g. 韭菜")
    check.add_argument("--parameter", required=True, help="parameter name or alias, e.g. 呋喃丹")
    check.add_argument("--method", required=True, help='method standard with its year, e.g. "GB 23200.113-2018"')
    check.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD",
                       help="the test date (default: today)")
    check.add_argument("--json", action="store_true",
                       help='print {"CMA": {"verdict", "reason", "certificate", "row", "row_name", "table_version", '
                            '"detail"}, "CATL": {...}}')
    check.set_defaults(handler=_check)

    export = actions.add_parser("export", help="write the certificate's newest ability table to .xlsx")
    db_arg(export)
    export.add_argument("--certificate", required=True, metavar="NUMBER")
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.set_defaults(handler=_export)

    audit = actions.add_parser(
        "audit", help="tests of the last days by verdict and reason; certificates due for renewal; with --from/--to "
                      "or --out, the whole scope audit of the period (reports' marks, withdrawn editions, "
                      "authorisation gaps, coverage, what to expand next) and its Excel and one-page PDF")
    db_arg(audit)
    audit.add_argument("--days", type=non_negative, default=90, metavar="N", help="how many days back (default 90)")
    audit.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD",
                       help="the period's first day (default: --days before --to)")
    audit.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD",
                       help="the period's last day (default: today)")
    audit.add_argument("--out", metavar="AUDIT.xlsx", help="write the audit to Excel, a sheet per section, and its "
                                                           "one-page summary beside it (AUDIT.pdf)")
    audit.add_argument("--pdf", metavar="SUMMARY.pdf", help="write the one-page summary here instead")
    audit.add_argument("--expiring-days", type=non_negative, default=None, metavar="N",
                       help="list certificates expiring within N days (default: each one's renewal lead)")
    audit.add_argument("--json", action="store_true",
                       help='print {"from", "to", "tests", "verdicts", "reasons", "outside": [...], "expiring": [...]}'
                            '; for a period also "wrong_marks", "editions_in_use", "table_editions", '
                            '"authorisation_gaps", "coverage", "next_to_expand"')
    audit.set_defaults(handler=_audit)

    warnings = actions.add_parser(
        "warnings", help="what approving a sample would sign outside the scope (out or review verdicts, method "
                         "editions not in force): the list the approval step shows before the signature")
    db_arg(warnings)
    warnings.add_argument("--sample", required=True, metavar="CODE", help="the sample's code")
    warnings.add_argument("--json", action="store_true", help="print a list of {test, parameter, method, date, "
                                                              "CMA, CATL, edition}")
    warnings.set_defaults(handler=_warnings)

    required = actions.add_parser("required", help="the parameters supervision requires per product (the audit's "
                                                   "coverage)")
    required_actions = required.add_subparsers(dest="required_command", metavar="ACTION", required=True)
    required_list = required_actions.add_parser("list", help="list them")
    db_arg(required_list)
    required_list.add_argument("--json", action="store_true")
    required_list.set_defaults(handler=_required_list)
    required_set = required_actions.add_parser("set", help="replace one product's list")
    required_set.add_argument("product", help="product name or code, e.g. 韭菜")
    required_set.add_argument("parameters", nargs="*", help="parameter names; none clears the list")
    db_arg(required_set)
    required_set.add_argument("--source", default="", help="the plan that requires them")
    login_args(required_set, "a lab manager")
    required_set.set_defaults(handler=_required_set)

    _expansion_commands(actions)


def _expansion_commands(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    expansion = actions.add_parser("expansion", help="expansion (扩项) applications: requested parameters and "
                                                     "methods, steps, evidence files; approval makes a new table")
    steps = "planned, method_verification, staff_authorised, proficiency_test, submitted, assessed, approved, rejected"
    sub = expansion.add_subparsers(dest="expansion_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="apply to expand the CMA, the CATL or both certificates (step planned)")
    db_arg(add)
    add.add_argument("--title", required=True)
    add.add_argument("--for", dest="target", required=True, choices=["CMA", "CATL", "joint"])
    add.add_argument("--item", dest="items", action="append", required=True, metavar="SECTION|PARAMETER|METHOD",
                     help='a requested row, e.g. "蔬菜、水果|啶虫脒|GB 23200.121-2021"; a fourth part is the limits '
                          'of use; repeat for each row')
    add.add_argument("--planned", type=iso_date, default=None, metavar="YYYY-MM-DD", help="default: today")
    add.add_argument("--responsible", default=None, metavar="NAME", help="default: the person logged in")
    add.add_argument("--note", default="")
    login_args(add, "a lab manager")
    add.set_defaults(handler=_expansion_add)

    step = sub.add_parser("step", help=f"record the application's next step ({steps}); approved makes the new "
                                       "ability-table versions, in force from its date")
    step.add_argument("id", type=int, metavar="ID")
    step.add_argument("step", metavar="STEP")
    db_arg(step)
    step.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD", help="default: today")
    step.add_argument("--responsible", default=None, metavar="NAME", help="default: the person logged in")
    step.add_argument("--note", default="")
    login_args(step, "a lab manager")
    step.set_defaults(handler=_expansion_step)

    attach = sub.add_parser("attach", help="attach an evidence file (kept in the database with its SHA-256)")
    attach.add_argument("id", type=int, metavar="ID")
    attach.add_argument("file", metavar="FILE")
    db_arg(attach)
    attach.add_argument("--step", default=None, metavar="STEP", help="the step it supports")
    attach.add_argument("--note", default="")
    login_args(attach, "a lab manager")
    attach.set_defaults(handler=_expansion_attach)

    listing = sub.add_parser("list", help="the applications with their rows, steps and evidence")
    db_arg(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_expansion_list)


def _certificate_add(args: argparse.Namespace) -> int:
    from lims.services.scope import CertificateForm

    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    cert = services.scope.add_certificate(actor, CertificateForm(
        args.kind, args.number, args.holder, args.issued, args.valid_until, args.renewal_lead_days))
    print(tr("recorded {kind} certificate {number} ({holder}), valid {issued} to {until}; renewal {days} days before "
             "expiry").format(kind=cert.kind, number=cert.number, holder=cert.holder,
                              issued=cert.issued_on.isoformat(), until=cert.valid_until.isoformat(),
                              days=cert.renewal_lead_days))
    return 0


def _import(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = None if args.preview else login(services, args)
    preview = services.scope_tables.preview(args.file, args.certificate, args.approved)
    for problem in preview.problems:
        print(problem_text(problem))
    for note in preview.notes:
        print(tr("note: {note}").format(note=problem_text(note)))
    sections = sum(r.category == "product" for r in preview.rows)
    parameters = sum(r.category == "parameter" for r in preview.rows)
    approved = preview.approved_on.isoformat() if preview.approved_on else tr("not stated")
    print(tr("{file}: {rows} row(s) understood ({sections} product section(s), {parameters} parameter(s)), {bad} not "
             "understood; approval date {approved}").format(
        file=preview.file, rows=len(preview.rows), sections=sections, parameters=parameters,
        bad=len({p.row for p in preview.problems}), approved=approved)
          + (tr(" (from the file)") if preview.approved_from_file else ""))
    if actor is None:
        return 0 if preview.ok else 1
    try:
        done = services.scope_tables.import_table(actor, args.file, args.certificate, args.approved)
    except ImportRejected as exc:
        return report_error(exc)
    print(tr("certificate {certificate}: ability table version {version} approved on {approved} with {rows} row(s), "
             "{parameters} parameter(s)").format(
        certificate=done.certificate, version=done.version_no, approved=done.approved_on.isoformat(), rows=done.rows,
        parameters=done.parameters))
    return 0


def _verdict_words(verdict: str) -> str:
    """A scope verdict in words (English with the Chinese, or Chinese), in the system's language."""
    return {"in": tr("in scope 在范围内"), "out": tr("OUT of scope 不在范围内"),
            "review": tr("REVIEW 需人工确认")}.get(verdict, verdict)


def _reason_words(reason: str) -> str:
    """Why a test is outside a scope, in words, in the system's language."""
    return {
        "no_certificate": tr("no certificate of this kind is recorded 无此类证书"),
        "expired": tr("the certificate had expired on that date 证书已过期"),
        "not_yet_valid": tr("the certificate or its ability table was not yet valid on that date 证书或附表尚未生效"),
        "category": tr("the parameter is in the scope only for other products 产品类别不在范围内"),
        "no_row": tr("no row of the ability table covers this parameter by this method 附表无此参数/方法"),
        "edition": tr("the ability table names another edition of the method 方法版本不符"),
        "limits_of_use": tr("the row's limits of use 限制范围"),
    }.get(reason, reason)


def _describe(flag: EditionFlag) -> str:
    """The domain's notice of the edition, in the system's language."""
    return error_text(flag.notice())


def _line(v: ScopeVerdict) -> str:
    text = tr("{kind}: {verdict}").format(kind=v.kind, verdict=_verdict_words(v.verdict.value))
    if v.reason is not None:
        text += tr(" - {reason}: {words}").format(reason=v.reason.value, words=_reason_words(v.reason.value))
    if v.detail:
        text += f" [{v.detail}]"
    if v.certificate:
        text += tr("; certificate 证书 {certificate}").format(certificate=v.certificate)
    if v.row:
        text += tr(", row 附表行 {row} {name} (table version {version})").format(
            row=v.row, name=v.row_name, version=v.table_version)
    return text


def _check(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    found = services.scope.check(args.product, args.parameter, args.method, args.date or services.scope.today())
    if args.json:
        print(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(tr("product 产品: {product}").format(product=found.product))
    print(tr("parameter 检测项目: {parameter}").format(parameter=found.parameter))
    print(tr("method 方法: {method}").format(method=found.method))
    print(tr("date 日期: {date}").format(date=found.on.isoformat()))
    print(_line(found.cma))
    print(_line(found.catl))
    flag = found.edition_flag
    if flag is not None:
        # the Chinese state word helps a reader of the English line; the Chinese line has its own
        words = "" if chinese() else " " + EDITION_WORDS[flag.state.value]
        print(tr("EDITION 方法版本 {edition}: {state}{words}").format(
            edition=flag.edition, state=_describe(flag), words=words))
    elif found.edition is None:
        print(tr("edition 方法版本 {method}: not in the standards catalogue 标准目录中无此版本").format(
            method=found.method))
    return 0


def _export(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    rows = services.scope_tables.export_table(args.certificate, args.out)
    print(tr("{rows} row(s) of the ability table of {certificate} written to {file}").format(
        rows=rows, certificate=args.certificate, file=args.out))
    return 0


def _days_left(days_left: int) -> str:
    return tr("EXPIRED 已过期") if days_left < 0 else tr("{n} days left 天后到期").format(n=days_left)


def _audit(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    if args.start or args.end or args.out or args.pdf or args.expiring_days is not None:
        return _period_audit(services, args)
    report = services.scope.audit(days=args.days)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(tr("scope audit 范围审核 {start} to {end}: {tests} test(s)").format(
        start=report.start.isoformat(), end=report.end.isoformat(), tests=report.tests))
    for kind, counts in report.verdicts.items():
        shown = ", ".join(f"{verdict} {n}" for verdict, n in sorted(counts.items())) or tr("no tests")
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(report.reasons[kind].items()))
        print(tr("{kind}: {counts}").format(kind=kind, counts=shown)
              + (tr(" (reasons: {reasons})").format(reasons=reasons) if reasons else ""))
    for o in report.outside:
        print(f"  {o.sample_code} {o.parameter} {o.method} {o.on.isoformat()} {o.kind}: {o.verdict}"
              + (f" {o.reason}" if o.reason else "") + (f" [{o.detail}]" if o.detail else ""))
    for c in report.expiring:
        print(tr("renewal due 需换证: {kind} {number} valid until {until}, {state}").format(
            kind=c.kind, number=c.number, until=c.valid_until.isoformat(), state=_days_left(c.days_left)))
    if not report.expiring:
        print(tr("no certificate is due for renewal 无需换证的证书"))
    sys.stdout.flush()
    return 0


def _period_audit(services: Services, args: argparse.Namespace) -> int:
    from datetime import timedelta
    from pathlib import Path

    end = args.end or services.scope.today()
    start = args.start or end - timedelta(days=args.days)
    excel = Path(args.out) if args.out else None
    pdf = Path(args.pdf) if args.pdf else (excel.with_suffix(".pdf") if excel else None)
    if excel is None and pdf is None:
        found = services.scope.period_audit(start, end, expiring_within=args.expiring_days)
        listed = 0
    else:
        files = services.scope.write_audit(start, end, excel=excel, pdf=pdf, expiring_within=args.expiring_days)
        found, listed = files.audit, files.outside_rows
    if args.json:
        print(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(tr("scope audit 范围审核 {start} to {end}: {tests} test(s)").format(
        start=found.start.isoformat(), end=found.end.isoformat(), tests=found.tests))
    for kind, counts in found.verdicts.items():
        shown = ", ".join(f"{verdict} {n}" for verdict, n in sorted(counts.items())) or tr("no tests")
        print(tr("{kind}: {counts}").format(kind=kind, counts=shown))
    wrong = sorted({w.report for w in found.wrong_marks})
    print(tr("reports with a mark they should not have 标志使用错误的报告: {n} of {checked} checked (must be 0)")
          .format(n=len(wrong), checked=found.reports_checked)
          + (tr(": {list}").format(list=", ".join(wrong)) if wrong else ""))
    for c in found.expiring:
        print(tr("expiring 即将到期: {kind} {number} valid until {until}, {state}").format(
            kind=c.kind, number=c.number, until=c.valid_until.isoformat(), state=_days_left(c.days_left)))
    for e in found.editions_in_use:
        print(tr("withdrawn edition in use 使用已废止版本: {edition} ({state}) {parameter}: {tests} test(s)").format(
            edition=e.flag.edition, state=_describe(e.flag), parameter=e.parameter, tests=e.tests))
    for r in found.table_editions:
        print(tr("ability table names 附表所列: {kind} row {row} {name} {edition} ({state})").format(
            kind=r.kind, row=r.row, name=r.name, edition=r.flag.edition, state=_describe(r.flag)))
    for g in found.authorisation_gaps:
        if g.gap == "outside":
            print(tr("authorisation gap 授权缺口: {user} may sign {parameter}{method}, outside {kinds} [{detail}]")
                  .format(user=g.username, parameter=g.parameter,
                          method=tr(" by {method}").format(method=g.method) if g.method else "",
                          kinds="/".join(g.kinds), detail=g.detail))
        else:
            print(tr("authorisation gap 授权缺口: nobody may sign {parameter}, in the {kinds} scope").format(
                parameter=g.parameter, kinds="/".join(g.kinds)))
    for rank, candidate in enumerate(found.next_to_expand[:10], start=1):
        print(tr("expand next 建议扩项 {rank}: {product} {parameter} (missing {missing}; {required}{tests} test(s), "
                 "{outside} outside)").format(
            rank=rank, product=candidate.product, parameter=candidate.parameter, missing="/".join(candidate.missing),
            required=tr("required, ") if candidate.required else "", tests=candidate.tests,
            outside=candidate.out_tests))
    if excel is not None:
        print(tr("written 已写入: {file} ({n} test(s) outside listed one by one)").format(file=excel, n=listed))
    if pdf is not None:
        print(tr("written 已写入: {file}").format(file=pdf))
    return 0


def _warnings(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    code, found = services.scope.approval_warnings_by_code(args.sample)
    if args.json:
        print(json.dumps([w.as_json() for w in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(tr("{code}: every test lies inside both scopes; nothing to warn of 全部在范围内").format(code=code))
        return 0
    print(tr("{code}: approving it signs {n} test(s) outside the scope 批准将签署超范围项目:").format(
        code=code, n=len(found)))
    for w in found:
        parts = [f"{m.kind} {_verdict_words(m.verdict)}" + (f" ({m.reason}{': ' + m.detail if m.detail else ''})"
                                                           if m.reason else "")
                 for m in (w.cma, w.catl) if m.verdict != "in"]
        if w.edition is not None:
            parts.append(tr("edition {edition} {state}").format(edition=w.edition.edition,
                                                                state=_describe(w.edition)))
        print(f"  {w.parameter} {w.method} {w.on.isoformat()}: " + "; ".join(parts))
    return 0


def _required_list(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    rows = services.scope.required()
    if args.json:
        print(json.dumps([{"product": r.product, "parameter": r.parameter, "source": r.source} for r in rows],
                         ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r.product}\t{r.parameter}\t{r.source}")
    if not rows:
        print(tr("no required parameters are recorded 尚未登记监管要求的参数"))
    return 0


def _required_set(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    rows = services.scope.set_required(actor, args.product, list(args.parameters), args.source)
    print(tr("{product}: {n} required parameter(s)").format(product=args.product, n=len(rows))
          + (tr(": {list}").format(list=", ".join(r.parameter for r in rows)) if rows else ""))
    return 0


def _item(text: str) -> ItemForm:
    from lims.services.scope_expansion import ItemForm

    parts = [p.strip() for p in text.replace("｜", "|").split("|")]
    if len(parts) not in (3, 4):
        raise ValidationError("'{item}' is not SECTION|PARAMETER|METHOD (with |LIMITS if any), e.g. "
                              "蔬菜、水果|啶虫脒|GB 23200.121-2021", field="items", item=text)
    return ItemForm(*parts)


def _expansion_add(args: argparse.Namespace) -> int:
    from lims.services.scope_expansion import ExpansionForm

    services = open_services(resolve_url(args.db))
    items = tuple(_item(text) for text in args.items)
    actor = login(services, args)
    done = services.expansions.create(actor, ExpansionForm(
        args.title, args.target, items, args.planned or services.scope.today(), args.responsible or actor.full_name,
        args.note))
    print(tr("expansion application {id} 扩项申请: {title} for {target} ({certificates}), {rows} row(s); "
             "next: {next}").format(
        id=done.id, title=done.title, target=done.target,
        certificates=", ".join(c.kind + " " + c.certificate for c in done.certificates), rows=len(done.items),
        next=tr(" or ").join(done.next_steps)))
    return 0


def _expansion_step(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    done = services.expansions.record_step(actor, args.id, args.step, args.date or services.scope.today(),
                                           args.responsible or actor.full_name, args.note)
    last = done.steps[-1]
    print(tr("expansion application {id}: {step} on {date} ({responsible})").format(
        id=done.id, step=last.step, date=last.done_on.isoformat(), responsible=last.responsible))
    for c in done.certificates:
        if c.table_version is not None:
            print(tr("{kind} {certificate}: ability table version {version} in force from {date}").format(
                kind=c.kind, certificate=c.certificate, version=c.table_version, date=last.done_on.isoformat()))
    if done.next_steps:
        print(tr("next: {next}").format(next=tr(" or ").join(done.next_steps)))
    return 0


def _expansion_attach(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    done = services.expansions.attach(actor, args.id, args.file, args.step, args.note)
    print(tr("attached {file} ({size} bytes) sha256:{sha256}").format(file=done.file_name, size=done.size,
                                                                     sha256=done.sha256))
    return 0


def _expansion_list(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    found = services.expansions.applications()
    if args.json:
        print(json.dumps([e.as_json() for e in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(tr("no expansion applications 无扩项申请"))
    for e in found:
        print(f"{e.id}\t{e.title}\t{e.target}\t{e.status}")
        for i in e.items:
            print("\t" + tr("row 项目: {section} | {parameter} | {method}").format(
                section=i.section, parameter=i.parameter, method=i.method)
                  + (f" | {i.limits_of_use}" if i.limits_of_use else ""))
        for st in e.steps:
            print("\t" + tr("step 步骤: {step} {date} {responsible}").format(
                step=st.step, date=st.done_on.isoformat(), responsible=st.responsible)
                  + (f" - {st.note}" if st.note else ""))
        for ev in e.evidence:
            print("\t" + tr("evidence 证据: {file} {size} bytes sha256:{sha256}").format(
                file=ev.file_name, size=ev.size, sha256=ev.sha256))
        for c in e.certificates:
            if c.table_version is not None:
                print("\t" + tr("{kind} {certificate}: table version {version}").format(
                    kind=c.kind, certificate=c.certificate, version=c.table_version))
    return 0
