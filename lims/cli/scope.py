"""``lims scope``: certificates, ability-table import and export, a scope check and the scope audit."""
from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from lims.cli import db_arg, iso_date, login, login_args, non_negative, open_services, report_error, resolve_url
from lims.domain.errors import ImportRejected, ValidationError

if TYPE_CHECKING:
    from lims.domain.scope import ScopeVerdict
    from lims.services.container import Services
    from lims.services.scope_expansion import ItemForm

# what a reason code means, for a person reading the terminal
REASON_WORDS = {
    "no_certificate": "no certificate of this kind is recorded 无此类证书",
    "expired": "the certificate had expired on that date 证书已过期",
    "not_yet_valid": "the certificate or its ability table was not yet valid on that date 证书或附表尚未生效",
    "category": "the parameter is in the scope only for other products 产品类别不在范围内",
    "no_row": "no row of the ability table covers this parameter by this method 附表无此参数/方法",
    "edition": "the ability table names another edition of the method 方法版本不符",
    "limits_of_use": "the row's limits of use 限制范围",
}
VERDICT_WORDS = {"in": "in scope 在范围内", "out": "OUT of scope 不在范围内", "review": "REVIEW 需人工确认"}
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
    print(f"recorded {cert.kind} certificate {cert.number} ({cert.holder}), valid {cert.issued_on.isoformat()} "
          f"to {cert.valid_until.isoformat()}; renewal {cert.renewal_lead_days} days before expiry")
    return 0


def _import(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = None if args.preview else login(services, args)
    preview = services.scope_tables.preview(args.file, args.certificate, args.approved)
    for problem in preview.problems:
        print(problem)
    for note in preview.notes:
        print(f"note: {note}")
    sections = sum(r.category == "product" for r in preview.rows)
    parameters = sum(r.category == "parameter" for r in preview.rows)
    approved = preview.approved_on.isoformat() if preview.approved_on else "not stated"
    print(f"{preview.file}: {len(preview.rows)} row(s) understood ({sections} product section(s), {parameters} "
          f"parameter(s)), {len({p.row for p in preview.problems})} not understood; approval date {approved}"
          + (" (from the file)" if preview.approved_from_file else ""))
    if actor is None:
        return 0 if preview.ok else 1
    try:
        done = services.scope_tables.import_table(actor, args.file, args.certificate, args.approved)
    except ImportRejected as exc:
        return report_error(exc)
    print(f"certificate {done.certificate}: ability table version {done.version_no} approved on "
          f"{done.approved_on.isoformat()} with {done.rows} row(s), {done.parameters} parameter(s)")
    return 0


def _line(v: ScopeVerdict) -> str:
    text = f"{v.kind}: {VERDICT_WORDS[v.verdict.value]}"
    if v.reason is not None:
        text += f" - {v.reason.value}: {REASON_WORDS[v.reason.value]}"
    if v.detail:
        text += f" [{v.detail}]"
    if v.certificate:
        text += f"; certificate 证书 {v.certificate}"
    if v.row:
        text += f", row 附表行 {v.row} {v.row_name} (table version {v.table_version})"
    return text


def _check(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    found = services.scope.check(args.product, args.parameter, args.method, args.date or services.scope.today())
    if args.json:
        print(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"product 产品: {found.product}")
    print(f"parameter 检测项目: {found.parameter}")
    print(f"method 方法: {found.method}")
    print(f"date 日期: {found.on.isoformat()}")
    print(_line(found.cma))
    print(_line(found.catl))
    flag = found.edition_flag
    if flag is not None:
        print(f"EDITION 方法版本 {flag.edition}: {flag.describe()} {EDITION_WORDS[flag.state.value]}")
    elif found.edition is None:
        print(f"edition 方法版本 {found.method}: not in the standards catalogue 标准目录中无此版本")
    return 0


def _export(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    rows = services.scope_tables.export_table(args.certificate, args.out)
    print(f"{rows} row(s) of the ability table of {args.certificate} written to {args.out}")
    return 0


def _audit(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    if args.start or args.end or args.out or args.pdf or args.expiring_days is not None:
        return _period_audit(services, args)
    report = services.scope.audit(days=args.days)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"scope audit 范围审核 {report.start.isoformat()} to {report.end.isoformat()}: {report.tests} test(s)")
    for kind, counts in report.verdicts.items():
        shown = ", ".join(f"{verdict} {n}" for verdict, n in sorted(counts.items())) or "no tests"
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(report.reasons[kind].items()))
        print(f"{kind}: {shown}" + (f" (reasons: {reasons})" if reasons else ""))
    for o in report.outside:
        print(f"  {o.sample_code} {o.parameter} {o.method} {o.on.isoformat()} {o.kind}: {o.verdict}"
              + (f" {o.reason}" if o.reason else "") + (f" [{o.detail}]" if o.detail else ""))
    for c in report.expiring:
        state = "EXPIRED 已过期" if c.days_left < 0 else f"{c.days_left} days left 天后到期"
        print(f"renewal due 需换证: {c.kind} {c.number} valid until {c.valid_until.isoformat()}, {state}")
    if not report.expiring:
        print("no certificate is due for renewal 无需换证的证书")
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
    print(f"scope audit 范围审核 {found.start.isoformat()} to {found.end.isoformat()}: {found.tests} test(s)")
    for kind, counts in found.verdicts.items():
        shown = ", ".join(f"{verdict} {n}" for verdict, n in sorted(counts.items())) or "no tests"
        print(f"{kind}: {shown}")
    wrong = sorted({w.report for w in found.wrong_marks})
    print(f"reports with a mark they should not have 标志使用错误的报告: {len(wrong)} of {found.reports_checked} "
          "checked (must be 0)" + (": " + ", ".join(wrong) if wrong else ""))
    for c in found.expiring:
        state = "EXPIRED 已过期" if c.days_left < 0 else f"{c.days_left} days left 天后到期"
        print(f"expiring 即将到期: {c.kind} {c.number} valid until {c.valid_until.isoformat()}, {state}")
    for e in found.editions_in_use:
        print(f"withdrawn edition in use 使用已废止版本: {e.flag.edition} ({e.flag.describe()}) "
              f"{e.parameter}: {e.tests} test(s)")
    for r in found.table_editions:
        print(f"ability table names 附表所列: {r.kind} row {r.row} {r.name} {r.flag.edition} ({r.flag.describe()})")
    for g in found.authorisation_gaps:
        if g.gap == "outside":
            print(f"authorisation gap 授权缺口: {g.username} may sign {g.parameter}"
                  + (f" by {g.method}" if g.method else "") + f", outside {'/'.join(g.kinds)} [{g.detail}]")
        else:
            print(f"authorisation gap 授权缺口: nobody may sign {g.parameter}, in the {'/'.join(g.kinds)} scope")
    for rank, candidate in enumerate(found.next_to_expand[:10], start=1):
        print(f"expand next 建议扩项 {rank}: {candidate.product} {candidate.parameter} (missing "
              f"{'/'.join(candidate.missing)}; {'required, ' if candidate.required else ''}{candidate.tests} "
              f"test(s), {candidate.out_tests} outside)")
    if excel is not None:
        print(f"written 已写入: {excel} ({listed} test(s) outside listed one by one)")
    if pdf is not None:
        print(f"written 已写入: {pdf}")
    return 0


def _warnings(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    code, found = services.scope.approval_warnings_by_code(args.sample)
    if args.json:
        print(json.dumps([w.as_json() for w in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"{code}: every test lies inside both scopes; nothing to warn of 全部在范围内")
        return 0
    print(f"{code}: approving it signs {len(found)} test(s) outside the scope 批准将签署超范围项目:")
    for w in found:
        parts = [f"{m.kind} {VERDICT_WORDS[m.verdict]}" + (f" ({m.reason}{': ' + m.detail if m.detail else ''})"
                                                          if m.reason else "")
                 for m in (w.cma, w.catl) if m.verdict != "in"]
        if w.edition is not None:
            parts.append(f"edition {w.edition.edition} {w.edition.describe()}")
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
        print("no required parameters are recorded 尚未登记监管要求的参数")
    return 0


def _required_set(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    rows = services.scope.set_required(actor, args.product, list(args.parameters), args.source)
    print(f"{args.product}: {len(rows)} required parameter(s)" + (": " + ", ".join(r.parameter for r in rows)
                                                                  if rows else ""))
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
    print(f"expansion application {done.id} 扩项申请: {done.title} for {done.target} "
          f"({', '.join(c.kind + ' ' + c.certificate for c in done.certificates)}), {len(done.items)} row(s); "
          f"next: {' or '.join(done.next_steps)}")
    return 0


def _expansion_step(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    done = services.expansions.record_step(actor, args.id, args.step, args.date or services.scope.today(),
                                           args.responsible or actor.full_name, args.note)
    last = done.steps[-1]
    print(f"expansion application {done.id}: {last.step} on {last.done_on.isoformat()} ({last.responsible})")
    for c in done.certificates:
        if c.table_version is not None:
            print(f"{c.kind} {c.certificate}: ability table version {c.table_version} in force from "
                  f"{last.done_on.isoformat()}")
    if done.next_steps:
        print(f"next: {' or '.join(done.next_steps)}")
    return 0


def _expansion_attach(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    done = services.expansions.attach(actor, args.id, args.file, args.step, args.note)
    print(f"attached {done.file_name} ({done.size} bytes) sha256:{done.sha256}")
    return 0


def _expansion_list(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    found = services.expansions.applications()
    if args.json:
        print(json.dumps([e.as_json() for e in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("no expansion applications 无扩项申请")
    for e in found:
        print(f"{e.id}\t{e.title}\t{e.target}\t{e.status}")
        for i in e.items:
            print(f"\trow 项目: {i.section} | {i.parameter} | {i.method}"
                  + (f" | {i.limits_of_use}" if i.limits_of_use else ""))
        for st in e.steps:
            print(f"\tstep 步骤: {st.step} {st.done_on.isoformat()} {st.responsible}"
                  + (f" - {st.note}" if st.note else ""))
        for ev in e.evidence:
            print(f"\tevidence 证据: {ev.file_name} {ev.size} bytes sha256:{ev.sha256}")
        for c in e.certificates:
            if c.table_version is not None:
                print(f"\t{c.kind} {c.certificate}: table version {c.table_version}")
    return 0
