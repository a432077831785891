"""``lims scope``: certificates, ability-table import and export, a scope check and the scope audit."""
from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from lims.cli import db_arg, iso_date, login, login_args, non_negative, open_services, report_error, resolve_url
from lims.domain.errors import ImportRejected

if TYPE_CHECKING:
    from lims.domain.scope import ScopeVerdict

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

    audit = actions.add_parser("audit",
                               help="tests of the last days by verdict and reason; certificates due for renewal")
    db_arg(audit)
    audit.add_argument("--days", type=non_negative, default=90, metavar="N", help="how many days back (default 90)")
    audit.add_argument("--json", action="store_true",
                       help='print {"from", "to", "tests", "verdicts", "reasons", "outside": [...], "expiring": [...]}')
    audit.set_defaults(handler=_audit)


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
    return 0


def _export(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    rows = services.scope_tables.export_table(args.certificate, args.out)
    print(f"{rows} row(s) of the ability table of {args.certificate} written to {args.out}")
    return 0


def _audit(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
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
