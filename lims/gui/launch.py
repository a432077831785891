"""Start the GUI: font, translations, first administrator, log-in, main window.

Everything after the QApplication is made runs inside its event loop; the database is only
reached through the task runner, so the window stays responsive from the first frame."""
from __future__ import annotations

import logging
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

import lims
from lims.domain.accounts import Duty, holds
from lims.domain.errors import LimsError
from lims.gui.first_run import FirstRunDialog
from lims.gui.i18n import error_text, install_translators, load_application_font
from lims.gui.login import FirstAdminDialog, LoginDialog
from lims.gui.main_window import MainWindow
from lims.gui.settings import ORGANISATION, AppSettings
from lims.gui.tasks import TaskRunner
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.policy import Policy

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_LOGIN_FAILED = 2
EXIT_NOT_READY = 3
READY_TIMEOUT_MS = 120_000
SETTLE_MS = 150  # lets layouts and the resized table finish painting before the grab
SCREENSHOT_SIZE = QSize(1366, 768)  # a bench monitor's whole screen


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    # Qt's own diagnostics go to the log file, not the technician's terminal
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def _application(argv: list[str] | None) -> QApplication:
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(lims.__version__)
    return app


def _prepare(argv: list[str] | None, settings: AppSettings) -> QApplication:
    app = _application(argv)
    load_application_font(app)
    install_translators(app, settings.language())
    return app


class _Startup(QObject):
    """The start-up sequence as a chain of callbacks on the event loop."""

    def __init__(self, app: QApplication, services: Services, settings: AppSettings,
                 auto_login: tuple[str, str] | None, screenshot: Path | None, quit_when_ready: bool) -> None:
        super().__init__()
        self.app = app
        self.services = services
        self.settings = settings
        self.runner = TaskRunner(self)
        self.auto_login = auto_login
        self.screenshot = screenshot
        self.quit_when_ready = quit_when_ready
        self.unattended = screenshot is not None or quit_when_ready
        self.dialog: QDialog | QMessageBox | None = None
        self.window: MainWindow | None = None
        self._done_with: list[QDialog | QMessageBox] = []  # kept until the end: they may be mid-signal

    def start(self) -> None:
        if self.unattended:
            QTimer.singleShot(READY_TIMEOUT_MS, self._not_ready)
        self.runner.run(self.services.users.needs_first_admin, on_done=self._checked, on_error=self._fatal)

    def _checked(self, needs_first_admin: bool) -> None:
        if not needs_first_admin:
            self._log_in()
        elif self.auto_login is not None:
            self._console(QCoreApplication.translate(
                "launch", "The database has no users yet: start without auto-login to create "
                          "the first administrator"))
            self.app.exit(EXIT_LOGIN_FAILED)
        else:
            dialog = FirstAdminDialog(self.services, self.settings, self.runner)
            dialog.accepted.connect(self._log_in)
            dialog.rejected.connect(lambda: self.app.exit(EXIT_OK))
            self._show(dialog)

    def _log_in(self) -> None:
        if self.auto_login is not None:
            username, password = self.auto_login
            self.runner.run(self.services.users.login, username, password, self.settings.workstation(),
                            on_done=self._open_main_window, on_error=self._auto_login_failed, write=True)
            return
        dialog = LoginDialog(self.services, self.settings, self.runner)
        dialog.logged_in.connect(self._open_main_window)
        dialog.rejected.connect(lambda: self.app.exit(EXIT_OK))
        self._show(dialog)

    def _show(self, dialog: QDialog | QMessageBox) -> None:
        if self.dialog is not None:
            self._done_with.append(self.dialog)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _auto_login_failed(self, err: LimsError) -> None:
        self._console(QCoreApplication.translate("launch", "Log-in as {user} failed: {reason}").format(
            user=self.auto_login[0] if self.auto_login else "", reason=error_text(err)))
        self.app.exit(EXIT_LOGIN_FAILED)

    def _open_main_window(self, actor: Actor) -> None:
        # the lab's clock, for every time shown or typed, is read before the window is made
        self.runner.run(self.services.work.settings, on_done=partial(self._show_main_window, actor),
                        on_error=self._fatal)

    def _show_main_window(self, actor: Actor, lab: Policy) -> None:
        self.window = MainWindow(self.services, actor, self.settings, self.runner, zone=lab.timezone)
        self.window.ready.connect(self._ready)
        self.app.setQuitOnLastWindowClosed(True)
        self.window.show()
        if actor.must_change_password and not self.unattended:
            # an administrator reset the password: the person chooses their own before working
            QTimer.singleShot(0, self.window.open_change_password)
        elif not self.unattended and holds(actor.roles, Duty.MANAGE_CATALOGUE):
            # a new lab's database: offer the starter data or a lab workbook before anything else
            self.runner.run(self.services.master.has_products, on_done=partial(self._offer_first_run, actor),
                            on_error=self._fatal)

    def _offer_first_run(self, actor: Actor, has_products: bool) -> None:
        if has_products or self.window is None:
            return
        dialog = FirstRunDialog(self.services, actor, self.runner, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window.dialog = dialog
        dialog.open()

    def _ready(self) -> None:
        if self.screenshot is not None and self.window is not None:
            self.window.resize(SCREENSHOT_SIZE)
            QTimer.singleShot(SETTLE_MS, self._grab)
        elif self.quit_when_ready:
            print("ready", flush=True)  # benchmarks/startup.py times the process up to this line
            self.app.exit(EXIT_OK)

    def _grab(self) -> None:
        assert self.screenshot is not None and self.window is not None
        self.screenshot.parent.mkdir(parents=True, exist_ok=True)
        if self.window.grab().save(str(self.screenshot), "PNG"):
            self.app.exit(EXIT_OK)
        else:
            self._console(QCoreApplication.translate("launch", "Could not write the screenshot {path}").format(
                path=str(self.screenshot)))
            self.app.exit(EXIT_FAILED)

    def _not_ready(self) -> None:
        self._console(QCoreApplication.translate("launch", "The main window was not ready after {n} seconds").format(
            n=READY_TIMEOUT_MS // 1000))
        self.app.exit(EXIT_NOT_READY)

    def _fatal(self, err: LimsError) -> None:
        text = error_text(err)
        if self.unattended or self.auto_login is not None:
            self._console(text)
            self.app.exit(EXIT_FAILED)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("launch", "Cannot start"), text)
        box.finished.connect(lambda _code: self.app.exit(EXIT_FAILED))
        self._show(box)

    @staticmethod
    def _console(text: str) -> None:
        print(f"lims: {text}", file=sys.stderr, flush=True)

    def close(self) -> None:
        self.runner.wait_idle(10_000)
        for widget in [*self._done_with, self.dialog, self.window]:
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self._done_with.clear()
        self.dialog = None
        self.window = None


def run_gui(
    services: Services,
    *,
    settings: AppSettings | None = None,
    auto_login: tuple[str, str] | None = None,
    screenshot: Path | None = None,
    quit_when_ready: bool = False,
    argv: list[str] | None = None,
) -> int:
    """Run the desktop application on ``services``; returns the process exit code.

    ``auto_login`` logs in without the dialog (screenshots, the start-up benchmark) and returns
    2 if refused; ``screenshot`` saves the ready main window (1366x768) as PNG and returns 0;
    ``quit_when_ready`` returns 0 as soon as the main window shows the first samples."""
    settings = settings or AppSettings()
    app = _prepare(argv, settings)
    quit_on_close = app.quitOnLastWindowClosed()
    # dialogs come and go before the main window opens; closing one must not end the program
    app.setQuitOnLastWindowClosed(False)
    startup = _Startup(app, services, settings, auto_login, Path(screenshot) if screenshot else None,
                       quit_when_ready)
    QTimer.singleShot(0, startup.start)
    try:
        code = app.exec()
    finally:
        startup.close()
        app.setQuitOnLastWindowClosed(quit_on_close)
        startup.deleteLater()
    return code


def show_startup_error(message: str | LimsError, *, settings: AppSettings | None = None,
                       argv: list[str] | None = None) -> None:
    """Tell a person why the program cannot start (e.g. the database cannot be opened).

    Pass the LimsError itself to have it shown in the workstation's language; a string is
    shown as given."""
    _prepare(argv, settings or AppSettings())
    text = error_text(message) if isinstance(message, LimsError) else message
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("launch", "Cannot start"), text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
