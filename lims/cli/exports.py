"""`lims results ...`: results out to Excel or CSV with the sample list's filters, and the
monitoring summary for a task's issuer. Both only read: no log-in is asked."""
from __future__ import annotations

import argparse
from pathlib import Path

from lims.cli import db_arg, iso_date, open_services, resolve_url
from lims.cli.i18n import tr


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    results = sub.add_parser("results", help="results out to Excel or CSV, and the monitoring summary")
    results_sub = results.add_subparsers(dest="results_command", metavar="ACTION", required=True)

    export = results_sub.add_parser(
        "export", help="one row per current result (sample, product, producer, sampled at, parameter, method, "
                       "value as reported, unit, verdict, basis, status) to .xlsx, or .csv in UTF-8 with BOM")
    db_arg(export)
    export.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.csv")
    export.add_argument("--status", help="only samples in this status, e.g. approved")
    export.add_argument("--search", metavar="TEXT", help="sample code prefix or part of a producer's name")
    export.add_argument("--from", dest="sampled_from", type=iso_date, metavar="YYYY-MM-DD",
                        help="sampled on or after this day (the lab's time zone)")
    export.add_argument("--to", dest="sampled_to", type=iso_date, metavar="YYYY-MM-DD",
                        help="sampled on or before this day")
    export.set_defaults(handler=_export)

    summary = results_sub.add_parser(
        "summary", help="the monitoring summary of the judged samples of a task or a range of sampling days "
                        "(samples, parameters, pass rates, each failing result) to .xlsx")
    db_arg(summary)
    summary.add_argument("--out", required=True, metavar="FILE.xlsx")
    summary.add_argument("--task", metavar="CODE", help="the task's code")
    summary.add_argument("--from", dest="sampled_from", type=iso_date, metavar="YYYY-MM-DD")
    summary.add_argument("--to", dest="sampled_to", type=iso_date, metavar="YYYY-MM-DD")
    summary.set_defaults(handler=_summary)


def _export(args: argparse.Namespace) -> int:
    from lims.services.dto import SampleFilter

    services = open_services(resolve_url(args.db))
    flt = SampleFilter(status=args.status, text=args.search, sampled_from=args.sampled_from,
                       sampled_to=args.sampled_to)
    count = services.exports.export_results(Path(args.out), flt)
    print(tr("{n} result(s) written to {file}").format(n=count, file=args.out))
    return 0


def _summary(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    found = services.exports.export_summary(Path(args.out), task_code=args.task, sampled_from=args.sampled_from,
                                            sampled_to=args.sampled_to)
    print(tr("{title}: {samples} sample(s), {failed} failed, pass rate {rate}; {parameters} parameter(s), "
             "{tests} result(s), {failures} failing result(s); written to {file}").format(
        title=found.title, samples=found.samples, failed=found.failed_samples, rate=f"{found.pass_rate:.1%}",
        parameters=found.parameters, tests=found.tests, failures=len(found.failures), file=args.out))
    return 0
