"""Composition root: arguments and settings -> engine -> services -> GUI or CLI."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lims import cli
from lims.cli.i18n import tr
from lims.domain.errors import CannotStart, DatabaseUnavailable, LimsError

if TYPE_CHECKING:
    from lims.services.container import Services

log = logging.getLogger("lims")

DEMO_MANAGER = ("manager", "demo1234")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = cli.build_parser()
    args = parser.parse_args(argv)
    cli.configure_logging()
    try:
        if args.command:
            return cli.run(args)
        return _run_gui(args)
    except LimsError as exc:
        return cli.report_error(exc)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: a person gets one line, the log gets the traceback
        log.exception("unexpected error")
        print(tr("lims: unexpected error ({kind}); details in {path}").format(kind=type(exc).__name__,
                                                                              path=cli.log_path()), file=sys.stderr)
        return 70


def check_display(environ: dict[str, str] | None = None, platform: str = sys.platform) -> None:
    """Refuse with the reason, before Qt aborts the process, when there is no screen to open on."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        raise CannotStart(
            "There is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set): start it "
            "from the workstation's desktop, or under xvfb-run; the commands (lims --help) need no display"
        )


def open_lab_for_screenshot(url_text: str) -> Services:
    """The lab at ``url_text`` as it is. A screenshot makes no database and never turns an empty
    one into the demo (which would put made-up samples into a lab's real database): it refuses,
    changing nothing, and says to ask for the demo with --demo."""
    from lims.db.engine import display_url, make_engine, parse_url, sqlite_path
    from lims.db.migrate import schema_state

    url = parse_url(url_text)
    path = sqlite_path(url)
    empty = path is not None and not path.exists()
    if not empty:
        engine = make_engine(url)
        try:
            empty = schema_state(engine).current is None
        finally:
            engine.dispose()
    services = None if empty else cli.open_services(url_text)
    if services is None or services.users.needs_first_admin():
        raise DatabaseUnavailable(
            "{db} holds no lab, and a screenshot never makes one: add --demo to open the demo lab there "
            "(lims --demo --screenshot FILE.png)", db=display_url(url))
    return services


def _run_gui(args) -> int:
    if args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    check_display()
    try:
        from lims.gui.launch import run_gui, show_startup_error  # Qt loads only for the GUI
        from lims.gui.settings import AppSettings
    except ImportError as exc:
        raise CannotStart(
            "Qt cannot load ({why}): install the system libraries scripts/install.sh installs "
            "(libegl1, libgl1, libfontconfig1, libxkbcommon0)", why=str(exc),
        ) from exc

    settings = AppSettings()
    if args.lang:
        settings.set_language(args.lang)
    chosen = args.db or os.environ.get(cli.DB_ENV) or settings.database_url()
    url_text = chosen or str(cli.default_db_path())
    try:
        if args.screenshot and not args.demo:
            services = open_lab_for_screenshot(url_text)
        else:
            # the first start makes the database in the user data folder, and --demo makes the
            # demo lab where it is told to; a database named by hand that is not there is refused
            services = cli.open_services(url_text, create=not chosen or bool(args.demo))
        if args.demo:
            # an empty database becomes the demo lab; a filled one is opened as it is
            cli.ensure_demo(services, samples=args.samples)
    except LimsError as exc:
        if not args.screenshot:
            show_startup_error(exc, settings=settings)
        raise
    # screenshots and the start-up benchmark log in as the demo lab's manager
    auto_login = DEMO_MANAGER if (args.screenshot or args.quit_when_ready) else None
    screenshot = Path(args.screenshot) if args.screenshot else None
    return run_gui(
        services,
        settings=settings,
        auto_login=auto_login,
        screenshot=screenshot,
        quit_when_ready=args.quit_when_ready,
    )
