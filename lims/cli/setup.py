"""``lims catalogue`` and ``lims setup``: a lab's set-up moved in and out of one workbook, and the
starter reference data (resources/reference/starter.json) added to a new database."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from lims.cli import db_arg, login, login_args, open_services, report_error, resolve_url
from lims.cli.i18n import problem_text, tr
from lims.domain.errors import ImportRejected

if TYPE_CHECKING:
    from lims.services.lab_setup import SetupReport

SHEETS_HELP = ("产品分类, 检测参数, 标准, 方法, 检测套餐, 区域, 受检单位, 抽样任务, 试剂批次, 仪器, 人员授权")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    catalogue = sub.add_parser(
        "catalogue", help="the lab's set-up in one workbook: export it, fill it in, import it")
    actions = catalogue.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)

    export = actions.add_parser("export", help=f"write every list to an .xlsx file, a sheet each ({SHEETS_HELP})")
    db_arg(export)
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.set_defaults(handler=_export)

    imp = actions.add_parser(
        "import", help="add or update the lists of a workbook by their names, codes, standard numbers with year, "
                       "credit codes and usernames; nothing is stored while a cell is bad")
    imp.add_argument("file", metavar="FILE.xlsx")
    db_arg(imp)
    login_args(imp, "a lab manager or administrator")
    imp.set_defaults(handler=_import)

    setup = sub.add_parser("setup", help="set up a new lab")
    setup_actions = setup.add_subparsers(dest="setup_command", metavar="ACTION", required=True)
    starter = setup_actions.add_parser(
        "starter", help="add the starter reference data: the GB 2763 Appendix A food categories, the priority "
                        "parameters with CAS numbers and the method standards they are tested by (no limit "
                        "values); running it again changes nothing")
    db_arg(starter)
    login_args(starter, "a lab manager or administrator")
    starter.set_defaults(handler=_starter)


def _export(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    counts = services.setup.export_workbook(args.out)
    print(", ".join(f"{sheet} {n}" for sheet, n in counts.items()))
    print(tr("{n} row(s) written to {file}").format(n=sum(counts.values()), file=args.out))
    return 0


def _import(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    try:
        report = services.setup.import_workbook(actor, args.file)
    except ImportRejected as exc:
        for problem in exc.problems:
            print(problem_text(problem))
        return report_error(exc)
    _summary(report)
    return 0


def _starter(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    try:
        report = services.setup.import_starter(actor)
    except ImportRejected as exc:
        for problem in exc.problems:
            print(problem_text(problem))
        return report_error(exc)
    _summary(report)
    return 0


def _summary(report: SetupReport) -> None:
    for count in report.sheets:
        print(tr("{sheet}: {rows} row(s) read; {created} created, {updated} updated, {unchanged} unchanged").format(
            sheet=count.sheet, rows=count.rows, created=count.created, updated=count.updated,
            unchanged=count.unchanged))
    print(tr("{file}: {created} created, {updated} updated, {unchanged} unchanged").format(
        file=report.file, created=report.created, updated=report.updated, unchanged=report.unchanged))
