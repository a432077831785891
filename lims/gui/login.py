"""Log-in, first administrator and change-password dialogs. Each keeps itself open on a refusal
and says what was wrong beside the field concerned."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import AuthenticationFailed, LimsError, ValidationError
from lims.gui.i18n import error_text
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import FieldBox, MessageLabel, clear_errors, password_edit, show_error_at_field
from lims.services.container import Services
from lims.services.dto import Actor, UserRow


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setVerticalSpacing(8)
    return form


class LoginDialog(QDialog):
    """User name and password. A refusal is shown under the fields and the dialog stays open."""

    logged_in = Signal(object)  # Actor

    def __init__(self, services: Services, settings: AppSettings, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._settings = settings
        self._runner = runner
        self.actor: Actor | None = None

        self.setWindowTitle(self.tr("Log in"))
        self.setMinimumWidth(420)
        self.username = QLineEdit(settings.last_username())
        self.username.setMaxLength(64)
        self.password = password_edit()
        self.message = MessageLabel()
        self.login_button = QPushButton(self.tr("Log in"))
        self.login_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("Quit"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        form = _form()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        database = QLabel(self.tr("Database: {database}").format(database=services.database))
        database.setStyleSheet("color: #6c757d;")
        database.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Agricultural product testing LIMS")))
        layout.addWidget(database)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
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


class FirstAdminDialog(QDialog):
    """Shown once, on a database without users: the first account gets every role."""

    def __init__(self, services: Services, settings: AppSettings, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._settings = settings
        self._runner = runner
        self.created: UserRow | None = None

        self.setWindowTitle(self.tr("Create the first administrator"))
        self.setMinimumWidth(480)
        intro = QLabel(self.tr(
            "This database has no users yet. Create the administrator account now; it holds every "
            "role and can add the lab's other users."
        ))
        intro.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(100)
        self.password = password_edit()
        self.confirm = password_edit()
        self.boxes = {
            "username": FieldBox(self.username),
            "full_name": FieldBox(self.full_name),
            "password": FieldBox(self.password),
            "confirm": FieldBox(self.confirm),
        }
        self.message = MessageLabel()
        self.create_button = QPushButton(self.tr("Create administrator"))
        self.create_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QPushButton(self.tr("Quit")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        form = _form()
        form.addRow(self.tr("User name"), self.boxes["username"])
        form.addRow(self.tr("Full name"), self.boxes["full_name"])
        form.addRow(self.tr("Password"), self.boxes["password"])
        form.addRow(self.tr("Password again"), self.boxes["confirm"])
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Create the first administrator")))
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def submit(self) -> None:
        clear_errors(self.boxes, self.message)
        if self.password.text() != self.confirm.text():
            show_error_at_field(self.boxes, self.message, self.tr("The two passwords differ"), "confirm")
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
        field = err.field if isinstance(err, ValidationError) else None
        show_error_at_field(self.boxes, self.message, error_text(err), field)


class ChangePasswordDialog(QDialog):
    """The current password once, the new one twice."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner

        self.setWindowTitle(self.tr("Change password"))
        self.setMinimumWidth(440)
        self.current = password_edit()
        self.new = password_edit()
        self.confirm = password_edit()
        self.boxes = {
            "current": FieldBox(self.current),
            "password": FieldBox(self.new),
            "confirm": FieldBox(self.confirm),
        }
        self.message = MessageLabel()
        self.save_button = QPushButton(self.tr("Change password"))
        self.save_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QPushButton(self.tr("Cancel")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        form = _form()
        form.addRow(self.tr("User name"), QLabel(actor.username))
        form.addRow(self.tr("Current password"), self.boxes["current"])
        form.addRow(self.tr("New password"), self.boxes["password"])
        form.addRow(self.tr("New password again"), self.boxes["confirm"])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def submit(self) -> None:
        clear_errors(self.boxes, self.message)
        if self.new.text() != self.confirm.text():
            show_error_at_field(self.boxes, self.message, self.tr("The two passwords differ"), "confirm")
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
        show_error_at_field(self.boxes, self.message, error_text(err), field)
