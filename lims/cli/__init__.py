"""The services from a terminal. Errors print one clear line and exit non-zero.

Parsing the arguments needs neither SQLAlchemy nor Alembic: they load when a command opens a
database, so `lims --version`, `--help` and usage errors answer at once.

The commands of one feature live in a module of this package (``lims.cli.reports``, ...) listed
in ``COMMAND_MODULES``: its ``add_commands(sub)`` adds its parsers, each with
``set_defaults(handler=...)``, and imports nothing heavy at module level."""
from __future__ import annotations

import argparse
import getpass
import importlib
import json
import logging
import os
import socket
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_path, user_log_path

from lims import __version__
from lims.cli.i18n import chinese, error_text, problem_text, tr
from lims.domain.enums import RoleCode
from lims.domain.errors import DatabaseUnavailable, ImportRejected, LimsError, NotALimsDatabase, ValidationError

if TYPE_CHECKING:
    from lims.services.container import Services
    from lims.services.dto import Actor, ChainReport

APP_NAME = "banner-lims"
COMMAND_MODULES: tuple[str, ...] = (
    "lims.cli.reports", "lims.cli.scope", "lims.cli.instruments", "lims.cli.setup", "lims.cli.exports",
)
DB_ENV = "LIMS_DATABASE_URL"
log = logging.getLogger("lims")


def default_db_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "lims.db"


def log_path() -> Path:
    return user_log_path(APP_NAME, appauthor=False) / "lims.log"


def configure_logging() -> None:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, type(handler)) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def workstation() -> str:
    """The machine's own name, as the audit trail records it. A label set in LIMS_WORKSTATION
    (a bench's name) is shown beside it, never instead of it."""
    host = socket.gethostname()
    label = os.environ.get("LIMS_WORKSTATION", "").strip()
    return f"{label} ({host})" if label and label != host else host


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lims",
        description="Banner/county agricultural-product testing lab LIMS. "
        "Without a command, opens the desktop application.",
    )
    p.add_argument("--version", action="version", version=f"lims {__version__}")
    p.add_argument("--db", metavar="URL",
                   help="SQLite file path or postgresql+psycopg://user:password@host/dbname "
                        f"(default: ${DB_ENV}, the saved setting, or {default_db_path()})")
    p.add_argument("--demo", action="store_true",
                   help="fill an empty database with the demo lab before opening it")
    p.add_argument("--samples", type=non_negative, default=40, metavar="N",
                   help="demo samples to generate with --demo (default 40)")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language (saved; default zh_CN)")
    p.add_argument("--screenshot", metavar="FILE.png",
                   help="start offscreen, log in as the demo manager, save the main window (1366x768), exit; "
                        "an empty database is refused unless --demo is given too")
    p.add_argument("--quit-when-ready", action="store_true", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    init = sub.add_parser("init", help="create the database or upgrade it to this release's schema")
    _db_arg(init)

    demo = sub.add_parser("demo", help="fill an empty database with a demo banner lab")
    _db_arg(demo)
    demo.add_argument("--samples", type=non_negative, default=40, metavar="N",
                      help="generated samples (default 40; up to 200000 for benchmarks)")
    demo.add_argument("--seed", type=int, default=2026)

    audit = sub.add_parser("audit", help="audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check the hash chain from its first event; exit 0 if intact, 1 naming the first bad event",
    )
    _db_arg(verify)
    verify.add_argument("--incremental", action="store_true",
                        help="check only the events written since the last verification, and that "
                             "verification's last event again; changes before it need the full check")
    verify.add_argument("--anchor", action="append", default=[], metavar="SEQ:HASH",
                        help="an event as `lims audit head` printed it earlier (repeatable): fail when the "
                             "chain no longer holds it, as after the trail was cut back and re-hashed")
    head = audit_sub.add_parser(
        "head", help="print the newest audit event's number and hash (SEQ:HASH) to keep outside the database")
    _db_arg(head)
    head.add_argument("--json", action="store_true", help='print {"seq": N, "hash": "..."}')

    check = sub.add_parser(
        "check", help="check the database file, its schema, the audit chain and the records against the trail; "
                      "exit 1 naming each problem")
    _db_arg(check)
    check.add_argument("--anchor", action="append", default=[], metavar="SEQ:HASH",
                       help="an audit event kept outside the database (from lims audit head) that must still hold")

    user = sub.add_parser("user", help="user accounts")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser(
        "add",
        help="add a user; on an empty database, the first administrator (administrator role only)",
    )
    _db_arg(add)
    add.add_argument("--username", required=True)
    add.add_argument("--full-name", required=True)
    add.add_argument("--role", action="append", default=[], choices=[r.value for r in RoleCode],
                     help="repeat for several roles (the first administrator is an administrator only)")
    add.add_argument("--as", dest="as_admin", metavar="ADMIN",
                     help="administrator who authorises the new account (needed once users exist)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the passwords from standard input, one a line "
                          "(the administrator's first when --as is given)")

    limits = sub.add_parser("limits", help="limit values (判定依据): look up, import a limit table")
    limits_sub = limits.add_subparsers(dest="limits_command", metavar="ACTION", required=True)
    lookup = limits_sub.add_parser(
        "lookup", help="the limit in force for a product and parameter on a date, with its standard edition",
    )
    _db_arg(lookup)
    lookup.add_argument("--product", required=True, help="product or category name or code, e.g. 韭菜 or LEEK")
    lookup.add_argument("--parameter", required=True, help="parameter name, alias, English name or CAS number")
    lookup.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help="the sampling date (default: today)")
    limit_import = limits_sub.add_parser(
        "import",
        help="import a limit table from an .xlsx file (columns 产品/product, 参数/parameter, 限量值/value, "
             "单位/unit, 标准/standard, 年号/year, optional 类型/kind); nothing is imported while a row is bad",
    )
    limit_import.add_argument("file", metavar="FILE.xlsx")
    _db_arg(limit_import)
    limit_import.add_argument("--source", required=True, metavar="TEXT",
                              help="where the values come from: standard, edition and table")
    limit_import.add_argument("--only-good", action="store_true",
                              help="import the good rows even when others are bad (those are listed)")
    login_args(limit_import, "a lab manager or administrator who imports the table")

    pattern = sub.add_parser(
        "code-pattern", help="how sample codes are made, e.g. --pattern '{prefix}{year}-{seq:06d}' --prefix NJ")
    _db_arg(pattern)
    pattern.add_argument("--pattern", required=True,
                         help="fields {prefix}, {year} or {yy}, and {seq} (required), e.g. {seq:06d}")
    pattern.add_argument("--prefix", default="", help="the lab's letters")
    login_args(pattern, "an administrator or lab manager")

    samples = sub.add_parser("samples", help="sampling lists: import from / export to Excel")
    samples_sub = samples.add_subparsers(dest="samples_command", metavar="ACTION", required=True)
    sample_import = samples_sub.add_parser(
        "import",
        help="register the samples of a sampling list (.xlsx: 产品, 受检单位, 抽样时间, 抽样人1, 抽样人2, ...); "
             "nothing is registered while a row is bad",
    )
    sample_import.add_argument("file", metavar="FILE.xlsx")
    _db_arg(sample_import)
    login_args(sample_import, "the person registering the samples")
    sample_import.add_argument("--only-good", action="store_true",
                               help="register the good rows even when others are bad (those are listed)")
    sample_export = samples_sub.add_parser("export", help="write samples to an .xlsx file that imports again")
    _db_arg(sample_export)
    sample_export.add_argument("--out", required=True, metavar="FILE.xlsx")
    sample_export.add_argument("--status", help="only samples in this status, e.g. approved")
    sample_export.add_argument("--search", metavar="TEXT", help="sample code prefix or part of a producer's name")
    for module in COMMAND_MODULES:
        importlib.import_module(module).add_commands(sub)
    return p


def db_arg(p: argparse.ArgumentParser) -> None:
    """The --db option every command that opens a database takes."""
    _db_arg(p)


def login_args(p: argparse.ArgumentParser, who: str = "the person doing this") -> None:
    """--as USER and --password-stdin, for a command that changes regulated data."""
    p.add_argument("--as", dest="as_user", required=True, metavar="USER",
                   help=f"{who} (asked for their password)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL",
                   help=f"SQLite file path or PostgreSQL URL (default: ${DB_ENV} or {default_db_path()})")


def non_negative(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def iso_date(text: str) -> date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def resolve_url(arg: str | None) -> str:
    return arg or os.environ.get(DB_ENV) or str(default_db_path())


def open_services(url_text: str, *, create: bool = False) -> Services:
    """Open the database, upgrading its schema (after a backup) when it is older. Only with
    ``create`` (lims init, lims demo, the application's first start) is a missing database
    made: a mistyped --db is refused with the name it was given."""
    from lims.db.engine import display_url, make_engine, parse_url, sqlite_path
    from lims.db.migrate import ensure_schema, schema_state
    from lims.services.container import build_services

    url = parse_url(url_text)
    path = sqlite_path(url)
    if not create and path is not None and not path.exists():
        raise DatabaseUnavailable(
            "There is no database at {path}: check the name, or create one with lims init --db {path}",
            path=str(path),
        )
    engine = make_engine(url)
    if not create and schema_state(engine).current is None:
        engine.dispose()
        raise DatabaseUnavailable(
            "{db} holds no LIMS database yet: create one with lims init", db=display_url(url))
    backup = ensure_schema(engine)
    if backup:
        log.info("schema upgraded; the previous database was copied to %s", backup)
    return build_services(engine)


def ensure_demo(services: Services, samples: int) -> bool:
    """Fill an empty database with the demo lab. Returns False when it already had data."""
    if not services.users.needs_first_admin():
        return False
    services.demo.build(samples=samples)
    return True


def read_password(prompt: str, *, from_stdin: bool) -> str:
    """One password, from standard input's first line or asked at the terminal. Nothing given
    (an empty line, standard input closed, the terminal gone) is refused here, before any
    log-in is tried, so it never counts as a wrong password."""
    try:
        password = sys.stdin.readline().rstrip("\r\n") if from_stdin else getpass.getpass(prompt)
    except EOFError:
        password = ""
    if not password and from_stdin:
        raise ValidationError("Standard input held no password, so nothing was done")
    if not password:
        raise ValidationError("No password was given, so nothing was done")
    return password


def login(services: Services, args: argparse.Namespace) -> Actor:
    """Log in the person named by --as: nobody changes regulated data from a terminal without it."""
    password = read_password(tr("Password of {user}: ").format(user=args.as_user), from_stdin=args.password_stdin)
    return services.users.login(args.as_user, password, workstation())


def report_error(exc: LimsError) -> int:
    """One line on standard error, in the system's language (the log keeps the English)."""
    print(tr("lims: error: {message}").format(message=error_text(exc)), file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    if getattr(args, "handler", None) is not None:
        return int(args.handler(args))
    handler = {
        "init": _cmd_init,
        "demo": _cmd_demo,
        "audit": _cmd_audit,
        "user": _cmd_user,
        "limits": _cmd_limits,
        "samples": _cmd_samples,
        "code-pattern": _cmd_code_pattern,
        "check": _cmd_check,
    }[args.command]
    return handler(args)


def _cmd_init(args: argparse.Namespace) -> int:
    from lims.db.engine import make_engine, parse_url
    from lims.db.migrate import ensure_schema, head_revision, schema_state
    from lims.services.container import build_services

    url = resolve_url(args.db)
    engine = make_engine(parse_url(url))
    before = schema_state(engine).current
    backup = ensure_schema(engine)
    where = build_services(engine).database
    if before == head_revision():
        print(tr("{database}: schema {schema} is current; nothing to do").format(database=where, schema=before))
    elif before is None:
        print(tr("{database}: created at schema {schema}").format(database=where, schema=head_revision()))
        print(tr("add the starter reference data with lims setup starter"))
    else:
        print(tr("{database}: upgraded from schema {old} to {new}; backup at {backup}").format(
            database=where, old=before, new=head_revision(), backup=backup))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db), create=True)
    if not services.users.needs_first_admin():
        raise ValidationError("{db} already holds a lab; the demo only fills an empty database",
                              db=services.database)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print("\r" + tr("{done}/{total} samples").format(done=done, total=total), end="", file=sys.stderr,
                  flush=True)

    summary = services.demo.build(samples=args.samples, seed=args.seed, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(tr("{database}: demo lab created with {samples} samples, {tests} tests, {results} results, {users} users; "
             "every demo user's password is demo1234").format(
        database=services.database, samples=summary.samples, tests=summary.tests, results=summary.results,
        users=summary.users))
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from lims.services.dto import AuditAnchor

    services = open_services(resolve_url(args.db))
    if args.audit_command == "head":
        head = services.audit.head()
        print(json.dumps({"seq": head.seq, "hash": head.hash}) if args.json else str(head))
        return 0
    anchors = tuple(AuditAnchor.parse(a) for a in args.anchor)
    if args.incremental and anchors:
        raise ValidationError("An anchor is checked against the whole chain: leave out --incremental")
    # an intact chain leaves a checkpoint: where the next incremental check starts
    checked_by = f"cli:{_os_user()}@{workstation()}"
    if args.incremental:
        report = services.audit.verify_incremental(checkpoint_by=checked_by)
    else:
        report = services.audit.verify(checkpoint_by=checked_by, anchors=anchors)
    print(_chain_text(report))
    return 0 if report.ok else 1


def _chain_text(report: ChainReport) -> str:
    """The service's account of the check; under a Chinese locale, what it found first, in Chinese."""
    if not chinese():
        return report.message
    if report.ok:
        return tr("The audit chain is intact: {n} events verified").format(n=report.events_checked)
    return tr("The audit chain is broken at event {seq} ({detail})").format(
        seq=report.first_bad_seq, detail=report.message)


def _cmd_check(args: argparse.Namespace) -> int:
    """Looks without changing anything: no schema upgrade, no checkpoint written."""
    from lims.db.engine import make_engine, make_session_factory, parse_url, sqlite_path
    from lims.services.dto import AuditAnchor
    from lims.services.integrity import check_database

    anchors = tuple(AuditAnchor.parse(a) for a in args.anchor)
    url = parse_url(resolve_url(args.db))
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise DatabaseUnavailable(
            "There is no database at {path}: check the name, or create one with lims init --db {path}",
            path=str(path),
        )
    try:
        engine = make_engine(url)
    except NotALimsDatabase as exc:
        print(tr("{database}: PROBLEM: the file is damaged or not a LIMS database: {problem}").format(
            database=path or url, problem=error_text(exc)))
        return 1
    try:
        report = check_database(engine, make_session_factory(engine), anchors=anchors)
    finally:
        engine.dispose()
    for line in report.checked:
        print(f"{report.database}: {line}")
    for problem in report.problems:
        print(tr("{database}: PROBLEM: {problem}").format(database=report.database, problem=problem))
    print(tr("{database}: everything checked is in order").format(database=report.database) if report.ok
          else tr("{database}: {n} problem(s) found").format(database=report.database, n=len(report.problems)))
    return 0 if report.ok else 1


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _cmd_user(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    lines = iter(sys.stdin.read().splitlines()) if args.password_stdin else None

    def ask(prompt: str) -> str:
        if lines is None:
            return read_password(prompt, from_stdin=False)
        try:
            password = next(lines)
        except StopIteration:
            raise ValidationError("Standard input ended before every password was read") from None
        if not password:
            raise ValidationError("Standard input held no password, so nothing was done")
        return password

    if services.users.needs_first_admin():
        password = ask(tr("Password for the first administrator {user}: ").format(user=args.username))
        if lines is None and getpass.getpass(tr("Again: ")) != password:
            raise ValidationError("The two passwords differ")
        row = services.users.create_first_admin(args.username, args.full_name, password, workstation())
        print(tr("created the first administrator {user} (administrator only: add the lab's people and their "
                 "roles with lims user add --as {user})").format(user=row.username))
        return 0
    if not args.as_admin:
        raise ValidationError("The database already has users: name the administrator who authorises this with --as")
    if not args.role:
        raise ValidationError("Give the new user at least one --role")
    actor = services.users.login(args.as_admin, ask(tr("Password of {user}: ").format(user=args.as_admin)),
                                 workstation())
    password = ask(tr("Password for {user}: ").format(user=args.username))
    if lines is None and getpass.getpass(tr("Again: ")) != password:
        raise ValidationError("The two passwords differ")
    row = services.users.create_user(actor, args.username, args.full_name, password, set(args.role))
    print(tr("created {user} ({roles})").format(user=row.username, roles=", ".join(sorted(r.value for r in row.roles))))
    return 0


def _cmd_limits(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    if args.limits_command == "lookup":
        return _limits_lookup(services, args)
    return _limits_import(services, args)


def _limits_lookup(services: Services, args: argparse.Namespace) -> int:
    found = services.limits.lookup(args.product, args.parameter, args.date or services.work.today())
    product = f"{found.product} ({found.product_code})" if found.product_code else found.product
    print(tr("product 产品: {product}").format(product=product))
    print(tr("parameter 检测项目: {parameter}").format(parameter=found.parameter))
    print(tr("date 日期: {date}").format(date=found.on.isoformat()))
    if not found.has_basis:
        print(tr("NO JUDGMENT BASIS 无判定依据: no limit is in force for this product or any category "
                 "above it on this date; a result cannot be judged pass or fail"))
        return 0
    if found.value is None:
        print(tr("limit 限量: not detectable 不得检出"))
    else:
        print(tr("limit 限量: {value}").format(value=f"{found.value}{'*' if found.temporary else ''}"))
    print(tr("unit 单位: {unit}").format(unit=found.unit))
    print(tr("kind 类型: {kind}").format(kind=found.kind))
    print(tr("standard 标准: {standard}").format(standard=f"{found.standard_number} {found.standard_title}".rstrip()))
    print(tr("edition 年号: {year}").format(year=found.standard_year))
    if found.inherited_from:
        print(tr("inherited from 继承自: {category}").format(category=found.inherited_from))
    else:
        print(tr("inherited from 继承自: - (set on the product itself 本产品限量)"))
    print(tr("source 来源: {source}").format(source=found.source))
    if found.is_demo:
        print(tr("demo data 演示数据: yes - not an official value; judge by the official text"))
    return 0


def _limits_import(services: Services, args: argparse.Namespace) -> int:
    actor = login(services, args)
    try:
        report = services.limits.import_excel(actor, args.file, args.source, only_good=args.only_good)
    except ImportRejected as exc:
        for problem in exc.problems:
            print(problem_text(problem))
        return report_error(exc)
    for problem in report.problems:
        print(problem_text(problem))
    print(tr("{file}: {rows} row(s) read; {created} limit(s) created, {updated} updated, {unchanged} unchanged, "
             "{bad} bad row(s) left out").format(
        file=report.file, rows=report.rows, created=report.created, updated=report.updated,
        unchanged=report.unchanged, bad=len({p.row for p in report.problems})))
    return 1 if report.problems and not (report.imported or report.unchanged) else 0


def _cmd_samples(args: argparse.Namespace) -> int:
    from lims.services.dto import SampleFilter

    services = open_services(resolve_url(args.db))
    if args.samples_command == "export":
        count = services.sample_lists.export_excel(Path(args.out), SampleFilter(status=args.status, text=args.search))
        print(tr("{n} sample(s) written to {file}").format(n=count, file=args.out))
        return 0
    actor = login(services, args)
    try:
        report = services.sample_lists.import_excel(actor, Path(args.file), only_good=args.only_good)
    except ImportRejected as exc:
        for problem in exc.problems:
            print(problem_text(problem))
        return report_error(exc)
    for problem in report.problems:
        print(problem_text(problem))
    if report.resumed:
        print(tr("{file}: resumed an import of this file that was cut off after {n} row(s); those were not "
                 "registered again").format(file=report.file, n=report.resumed))
    bad = len({p.row for p in report.problems})
    if report.codes:
        print(tr("{file}: {rows} row(s) read; {n} sample(s) registered ({first} to {last}), {bad} bad row(s) "
                 "left out").format(file=report.file, rows=report.rows, n=len(report.codes),
                                    first=report.codes[0], last=report.codes[-1], bad=bad))
    else:
        print(tr("{file}: {rows} row(s) read; 0 sample(s) registered, {bad} bad row(s) left out").format(
            file=report.file, rows=report.rows, bad=bad))
    return 0 if report.codes else 1


def _cmd_code_pattern(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    upcoming = services.work.set_code_pattern(actor, args.pattern, args.prefix)
    print(tr("sample codes now follow {pattern}; the next one is {code}").format(pattern=args.pattern, code=upcoming))
    return 0
