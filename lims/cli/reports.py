"""`lims report ...`: issue signed reports, amend one, verify a report PDF, set the lab's
signing identity, and show or change the report settings (the time-stamp server).

Passwords: the person named by --as types their password once; it logs them in and signs the
reports (an electronic signature). When the lab's identity is an imported PKCS#12 file, its own
password is asked next (with --password-stdin: the second line of standard input).

`lims report verify` exits 0 when the signature is intact and the file is the one the lab
issued under its number, 2 when it is such a file but was replaced by an amendment (void), and
1 otherwise."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lims.cli import db_arg, login_args, open_services, read_password, resolve_url, workstation
from lims.cli.i18n import error_text, tr
from lims.domain.errors import ValidationError

if TYPE_CHECKING:
    from lims.services.container import Services
    from lims.services.dto import Actor
    from lims.services.reports import ReportCheck


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="test reports: issue signed reports, amend, verify, signing identity")
    report_sub = report.add_subparsers(dest="report_command", metavar="ACTION", required=True)

    issue = report_sub.add_parser(
        "issue", help="issue signed reports for approved samples, one PDF each, named by the report number")
    issue.add_argument("codes", nargs="+", metavar="CODE", help="sample codes")
    db_arg(issue)
    issue.add_argument("--out", required=True, metavar="DIR", help="folder the signed PDFs are written to")
    login_args(issue, "the authorised signatory or lab manager who issues")
    issue.set_defaults(handler=_issue)

    amend = report_sub.add_parser(
        "amend", help="issue a corrected report with a new number that names the one it replaces; the old one "
                      "turns void and its PDF is kept")
    amend.add_argument("number", metavar="NUMBER", help="the report number to replace")
    amend.add_argument("--reason", required=True, metavar="TEXT", help="why the report is amended")
    db_arg(amend)
    amend.add_argument("--out", required=True, metavar="DIR")
    login_args(amend, "the authorised signatory or lab manager who issues")
    amend.set_defaults(handler=_amend)

    verify = report_sub.add_parser(
        "verify", help="check a report PDF's signature and that it is the file the lab issued; exit 0 if so, "
                       "2 if it was replaced by an amendment, 1 otherwise")
    verify.add_argument("file", metavar="FILE.pdf")
    db_arg(verify)
    verify.add_argument("--json", action="store_true", help="print the findings as JSON")
    verify.set_defaults(handler=_verify)

    identity = report_sub.add_parser("identity", help="the lab's signing identity (certificate and key)")
    identity_sub = identity.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    imported = identity_sub.add_parser(
        "import", help="make a PKCS#12 (.p12/.pfx) file the lab's signing identity; its password is asked "
                       "now and at each issue, never stored")
    imported.add_argument("file", metavar="FILE.p12")
    db_arg(imported)
    imported.add_argument("--label", default="", help="a name for it (default: the file's name)")
    login_args(imported, "the authorised signatory or lab manager")
    imported.set_defaults(handler=_identity_import)
    generate = identity_sub.add_parser(
        "generate", help="generate a self-signed identity labelled for testing (仅供测试 / TEST ONLY)")
    db_arg(generate)
    login_args(generate, "the authorised signatory or lab manager")
    generate.set_defaults(handler=_identity_generate)

    settings = report_sub.add_parser(
        "settings", help="show the report settings, or change them (lab policy: a manager or administrator): "
                         "the RFC 3161 time-stamp server every signature is then time-stamped by")
    db_arg(settings)
    settings.add_argument("--timestamp-url", metavar="URL",
                          help="the time-stamp server's address, e.g. http://tsa.example.cn/tsa; '' for none")
    settings.add_argument("--timestamp-timeout", type=positive_seconds, metavar="SECONDS",
                          help="how long to wait for the time-stamp server (1 to 120 s)")
    settings.add_argument("--test", action="store_true", help="ask the time-stamp server for one time-stamp")
    settings.add_argument("--as", dest="as_user", metavar="USER",
                          help="the manager or administrator who changes them (asked for their password)")
    settings.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    settings.add_argument("--json", action="store_true", help="print the settings as JSON")
    settings.set_defaults(handler=_settings)


def positive_seconds(text: str) -> int:
    """An argparse type: a whole number of seconds, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


class _Passwords:
    """The passwords of one command, from standard input's lines or asked at the terminal."""

    def __init__(self, from_stdin: bool) -> None:
        self._lines = iter(sys.stdin.read().splitlines()) if from_stdin else None

    def ask(self, prompt: str) -> str:
        if self._lines is None:
            return read_password(prompt, from_stdin=False)
        password = next(self._lines, "")
        if not password:
            raise ValidationError("Standard input held no password, so nothing was done")
        return password


def _log_in(services: Services, args: argparse.Namespace, passwords: _Passwords) -> tuple[Actor, str]:
    password = passwords.ask(tr("Password of {user}: ").format(user=args.as_user))
    return services.users.login(args.as_user, password, workstation()), password


def _identity_password(services: Services, passwords: _Passwords) -> str | None:
    found = services.reports.identity()
    if found is None or not found.needs_password:
        return None  # no identity is refused by the service with its own message
    return passwords.ask(tr("Password of the signing certificate {label}: ").format(label=found.label))


def _issue(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    passwords = _Passwords(args.password_stdin)
    ids = services.reports.sample_ids(args.codes)
    actor, password = _log_in(services, args, passwords)
    secret = _identity_password(services, passwords)

    def progress(done: int, total: int, code: str) -> None:
        if sys.stderr.isatty():
            print("\r" + tr("{done}/{total} reports ({code})").format(done=done, total=total, code=code), end="",
                  file=sys.stderr, flush=True)

    # More than a few reports are rendered and signed in child processes (ReportService.issue_batch):
    # this process's memory stays flat however many codes are given.
    outcome = services.reports.issue_batch(actor, list(ids.values()), Path(args.out), password=password,
                                           identity_password=secret, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for issued in outcome.issued:
        print(tr("{code}: report {number} -> {path} (sha256 {sha256})").format(
            code=issued.sample_code, number=issued.number, path=issued.path, sha256=issued.sha256))
    for failure in outcome.failed:
        print(tr("lims: error: {message}").format(message=f"{failure.sample_code}: {error_text(failure.error)}"),
              file=sys.stderr)
    left = len(ids) - len(outcome.issued) - len(outcome.failed)
    if left:
        print(tr("{issued} report(s) issued, {failed} not issued, {left} not attempted").format(
            issued=len(outcome.issued), failed=len(outcome.failed), left=left))
    else:
        print(tr("{issued} report(s) issued, {failed} not issued").format(
            issued=len(outcome.issued), failed=len(outcome.failed)))
    return 1 if outcome.failed or left else 0


def _amend(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    passwords = _Passwords(args.password_stdin)
    actor, password = _log_in(services, args, passwords)
    secret = _identity_password(services, passwords)
    issued = services.reports.amend(actor, args.number, args.reason, Path(args.out), password=password,
                                    identity_password=secret)
    print(tr("{code}: report {number} replaces {old} -> {path}").format(
        code=issued.sample_code, number=issued.number, old=issued.supersedes, path=issued.path))
    return 0


def _verify(args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ValidationError("The file {path} cannot be read: {reason}", field="file", path=args.file,
                              reason=exc.strerror or str(exc)) from None
    services = open_services(resolve_url(args.db))
    check = services.reports.verify(data)
    if args.json:
        print(json.dumps(_as_json(check), ensure_ascii=False, indent=2))
    else:
        _print_check(check)
    if check.ok:
        return 0
    return 2 if check.matches_record else 1


def _as_json(check: ReportCheck) -> dict[str, object]:
    return {
        "ok": check.ok, "intact": check.intact, "covers_whole_document": check.covers_whole_document,
        "trusted": check.trusted, "signer": check.signer,
        "signing_time": check.signing_time.isoformat() if check.signing_time else None,
        "number": check.number, "known": check.known, "hash_matches": check.hash_matches,
        "status": check.status, "superseded": check.superseded, "superseded_by": check.superseded_by,
        "void_reason": check.void_reason, "sha256": check.file_sha256, "explanation": check.explanation,
    }


def _yes(flag: bool) -> str:
    return tr("yes") if flag else tr("NO")


def _print_check(check: ReportCheck) -> None:
    print(tr("signature intact 签名完好: {answer}").format(answer=_yes(check.intact and check.covers_whole_document)))
    print(tr("signer 签名人: {signer}").format(signer=check.signer or "-"))
    if check.signing_time:
        print(tr("signed at 签名时间: {time}").format(time=check.signing_time.isoformat()))
    known = tr("known") if check.known else tr("NOT in the database")
    print(tr("report number 报告编号: {number} ({known})").format(number=check.number or "-", known=known))
    print(tr("matches the record 与存档一致: {answer} (sha256 {sha256})").format(
        answer=_yes(check.hash_matches), sha256=check.file_sha256))
    if check.superseded and check.superseded_by:
        print(tr("SUPERSEDED 已作废 by {number}: {reason}").format(number=check.superseded_by,
                                                                 reason=check.void_reason))
    elif check.superseded:
        print(tr("SUPERSEDED 已作废: {reason}").format(reason=check.void_reason))
    print(check.explanation)
    if check.ok:
        print(tr("VALID 有效"))
    else:
        print(tr("SUPERSEDED 已被替代") if check.matches_record else tr("NOT VALID 无效"))


def _identity_import(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    passwords = _Passwords(args.password_stdin)
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ValidationError("The file {path} cannot be read: {reason}", field="file", path=args.file,
                              reason=exc.strerror or str(exc)) from None
    actor, _ = _log_in(services, args, passwords)
    secret = passwords.ask(tr("Password of {user}: ").format(user=args.file))
    info = services.reports.import_identity(actor, data, secret, label=args.label or Path(args.file).name)
    print(tr("signing identity {label}: {subject}; its password is asked at each issue").format(
        label=info.label, subject=info.subject))
    return 0


def _identity_generate(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor, _ = _log_in(services, args, _Passwords(args.password_stdin))
    info = services.reports.generate_test_identity(actor)
    print(tr("signing identity {label}: {subject} (self-signed, for testing only)").format(
        label=info.label, subject=info.subject))
    return 0


def _settings(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    current = services.reports.settings()
    changing = args.timestamp_url is not None or args.timestamp_timeout is not None
    if changing:
        if not args.as_user:
            raise ValidationError("Name who changes the report settings with --as USER; nothing was changed",
                                  field="as")
        actor, _ = _log_in(services, args, _Passwords(args.password_stdin))
        current = services.reports.set_settings(
            actor, timestamp_url=current.timestamp_url if args.timestamp_url is None else args.timestamp_url,
            timestamp_timeout_s=args.timestamp_timeout or current.timestamp_timeout_s)
    if args.test:
        services.reports.check_timestamp_server(current.timestamp_url, current.timestamp_timeout_s)
    if args.json:
        print(json.dumps({"timestamp_url": current.timestamp_url,
                          "timestamp_timeout_s": current.timestamp_timeout_s}, indent=2))
    else:
        print(f"time-stamp server 时间戳服务器: {current.timestamp_url or '(none: reports are not time-stamped)'}")
        print(f"time-stamp timeout 等待时间: {current.timestamp_timeout_s} s")
    if args.test:
        print(f"the time-stamp server {current.timestamp_url} answered")
    return 0
