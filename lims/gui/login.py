"""Log-in, first administrator and change-password dialogs. Each keeps itself open on a refusal
and says what was wrong beside the field concerned."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from lims.domain.errors import AuthenticationFailed, LimsError, ValidationError
from lims.gui.forms import FormDialog, line_edit
from lims.gui.i18n import error_text
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import password_edit
from lims.services.container import Services
from lims.services.dto import Actor, UserRow


class LoginDialog(FormDialog):
    """User name and password. A refusal is shown under the fields and the dialog stays open."""

    logged_in = Signal(object)  # Actor

    def __init__(self, services: Services, settings: AppSettings, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Log in"), self.tr("Log in"), parent, cancel_text=self.tr("Quit"), min_width=420)
        self._services = services
        self._settings = settings
        self._runner = runner
        self.actor: Actor | None = None
        self.login_button = self.ok_button
        self.quit_button = self.cancel_button

        self.add_heading(self.tr("Agricultural product testing LIMS"))
        self.set_intro(self.tr("Database: {database}").format(database=services.database))
        self.intro.setStyleSheet("color: #6c757d;")
        self.username = self.add_field("username", self.tr("User name"), line_edit(64, text=settings.last_username()))
        self.password = self.add_field("password", self.tr("Password"), password_edit())
        (self.password if self.username.text() else self.username).setFocus()

    def submit(self) -> None:
        username = self.username.text().strip()
        if not username:
            self.message.show_error(self.tr("Enter your user name"))
            self.username.setFocus()
            return
        self.message.clear_message()
        self._busy(True)
        self._runner.run(
            self._services.users.login, username, self.password.text(), self._settings.workstation(),
            on_done=self._succeeded, on_error=self._refused, write=True,
        )

    def _succeeded(self, actor: Actor) -> None:
        self._busy(False)
        self.actor = actor
        self._settings.set_last_username(actor.username)
        self.logged_in.emit(actor)
        self.accept()

    def _refused(self, err: LimsError) -> None:
        self._busy(False)
        self.message.show_error(error_text(err))
        self.password.clear()
        self.password.setFocus()

    def _busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        self.username.setReadOnly(busy)
        self.password.setReadOnly(busy)


class FirstAdminDialog(FormDialog):
    """Shown once, on a database without users: the first account is an administrator, nothing more."""

    def __init__(self, services: Services, settings: AppSettings, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Create the first administrator"), self.tr("Create administrator"), parent,
                         cancel_text=self.tr("Quit"), min_width=480)
        self._services = services
        self._settings = settings
        self._runner = runner
        self.created: UserRow | None = None
        self.create_button = self.ok_button

        self.add_heading(self.tr("Create the first administrator"))
        self.set_intro(self.tr(
            "This database has no users yet. Create the administrator account now: it adds the lab's "
            "other users and gives them their roles (technician, reviewer, authorised signatory…)."
        ))
        self.username = self.add_field("username", self.tr("User name"), line_edit(64))
        self.full_name = self.add_field("full_name", self.tr("Full name"), line_edit(100))
        self.password = self.add_field("password", self.tr("Password"), password_edit())
        self.confirm = self.add_field("confirm", self.tr("Password again"), password_edit())

    def submit(self) -> None:
        self.clear_errors()
        if self.password.text() != self.confirm.text():
            self.show_error(self.tr("The two passwords differ"), "confirm")
            return
        self.create_button.setEnabled(False)
        self._runner.run(
            self._services.users.create_first_admin,
            self.username.text(), self.full_name.text(), self.password.text(), self._settings.workstation(),
            on_done=self._created, on_error=self._refused, write=True,
        )

    def _created(self, row: UserRow) -> None:
        self.create_button.setEnabled(True)
        self.created = row
        self._settings.set_last_username(row.username)
        self.accept()

    def _refused(self, err: LimsError) -> None:
        self.create_button.setEnabled(True)
        self.show_error(error_text(err), err.field if isinstance(err, ValidationError) else None)


class ChangePasswordDialog(FormDialog):
    """The current password once, the new one twice."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change password"), self.tr("Change password"), parent, min_width=440)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.save_button = self.ok_button

        self.add_row(self.tr("User name"), QLabel(actor.username))
        self.current = self.add_field("current", self.tr("Current password"), password_edit())
        self.new = self.add_field("password", self.tr("New password"), password_edit())
        self.confirm = self.add_field("confirm", self.tr("New password again"), password_edit())

    def submit(self) -> None:
        self.clear_errors()
        if self.new.text() != self.confirm.text():
            self.show_error(self.tr("The two passwords differ"), "confirm")
            return
        self.save_button.setEnabled(False)
        self._runner.run(
            self._services.users.change_password, self._actor, self.current.text(), self.new.text(),
            on_done=self._changed, on_error=self._refused, write=True,
        )

    def _changed(self, _result: object) -> None:
        self.save_button.setEnabled(True)
        self.accept()

    def _refused(self, err: LimsError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(err, AuthenticationFailed):
            field: str | None = "current"
        elif isinstance(err, ValidationError):
            field = err.field
        else:
            field = None
        self.show_error(error_text(err), field)
