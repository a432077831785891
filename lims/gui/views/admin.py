"""User administration: accounts, roles, unlocking, password resets and the lockout threshold.

Edits carry the version of the row as it was read; when another workstation changed the user
in between, the service refuses, the message says so and the list is read again."""
from __future__ import annotations

from functools import partial
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lims.domain.enums import RoleCode
from lims.domain.errors import ConcurrentEditError, LimsError, NotFound, ValidationError
from lims.gui import vocabulary
from lims.gui.forms import FormDialog, line_edit
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import (
    EXPIRED_TEXT,
    MUTED_TEXT,
    Column,
    MessageLabel,
    RowsModel,
    make_table,
    password_edit,
    set_column_widths,
)
from lims.services.container import Services
from lims.services.dto import Actor, UserRow

AdminDialog = TypeVar("AdminDialog", bound=QDialog)


def _user_colour(row: UserRow) -> QColor | None:
    if row.locked:
        return EXPIRED_TEXT
    if not row.active:
        return MUTED_TEXT
    return None


class UserDialog(FormDialog):
    """Adds a user (``user`` is None) or edits one as it was read (name, roles, active)."""

    saved = Signal(object)  # UserRow
    conflict = Signal(object)  # LimsError: the user changed or vanished meanwhile

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, user: UserRow | None = None,
                 parent: QWidget | None = None) -> None:
        adding = user is None
        super().__init__(
            self.tr("Add user") if user is None else self.tr("Edit user {user}").format(user=user.username),
            self.tr("Add user") if adding else self.tr("Save"), parent, min_width=500)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.user = user
        self.save_button = self.ok_button

        self.username = self.add_field("username", self.tr("User name"),
                                       line_edit(64, text=user.username if user else ""))
        self.username.setReadOnly(not adding)
        self.full_name = self.add_field("full_name", self.tr("Full name"),
                                        line_edit(100, text=user.full_name if user else ""))
        self.password = password_edit()
        self.confirm = password_edit()
        if adding:
            self.add_field("password", self.tr("Password"), self.password)
            self.add_field("confirm", self.tr("Password again"), self.confirm)
        roles_box = QWidget()
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        roles_layout.setSpacing(4)
        self.role_boxes: dict[str, QCheckBox] = {}
        for code in RoleCode:
            box = QCheckBox(vocabulary.role(code))
            box.setChecked(user is not None and code in user.roles)
            roles_layout.addWidget(box)
            self.role_boxes[code.value] = box
        self.add_field("roles", self.tr("Roles"), roles_box)
        self.active = QCheckBox(self.tr("Account active (may log in)"))
        self.active.setChecked(user.active if user else True)
        self.reason = line_edit(500, self.tr("Why the change is made (kept in the audit trail)"))
        if not adding:
            self.add_field("active", "", self.active)
            self.add_field("reason", self.tr("Reason"), self.reason)

    def chosen_roles(self) -> set[str]:
        return {code for code, box in self.role_boxes.items() if box.isChecked()}

    def submit(self) -> None:
        self.clear_errors()
        users = self._services.users
        if self.user is None:
            if self.password.text() != self.confirm.text():
                self.show_error(self.tr("The two passwords differ"), "confirm")
                return
            self.save_button.setEnabled(False)
            self._runner.run(
                users.create_user, self._actor, self.username.text(), self.full_name.text(),
                self.password.text(), self.chosen_roles(),
                on_done=self._saved, on_error=self._refused, write=True,
            )
        else:
            self.save_button.setEnabled(False)
            # the values are read here, on the GUI thread; the worker only sees plain data
            update = partial(
                users.update_user, self._actor, self.user.id, self.user.version,
                full_name=self.full_name.text(), roles=self.chosen_roles(),
                active=self.active.isChecked(), reason=self.reason.text().strip(),
            )
            self._runner.run(update, on_done=self._saved, on_error=self._refused, write=True)

    def _saved(self, row: UserRow) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(row)
        self.accept()

    def _refused(self, err: LimsError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(err, (ConcurrentEditError, NotFound)):
            self.conflict.emit(err)
            self.reject()
            return
        self.show_error(error_text(err), err.field if isinstance(err, ValidationError) else None)


class ResetPasswordDialog(FormDialog):
    saved = Signal(object)  # UserRow
    conflict = Signal(object)  # LimsError

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, user: UserRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Reset the password of {user}").format(user=user.username),
                         self.tr("Reset password"), parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.user = user
        self.save_button = self.ok_button
        self.set_intro(self.tr("Tell the user the new password in person; the old one stops working at once."))
        self.password = self.add_field("password", self.tr("New password"), password_edit())
        self.confirm = self.add_field("confirm", self.tr("New password again"), password_edit())

    def submit(self) -> None:
        self.clear_errors()
        if self.password.text() != self.confirm.text():
            self.show_error(self.tr("The two passwords differ"), "confirm")
            return
        self.save_button.setEnabled(False)
        self._runner.run(
            self._services.users.reset_password, self._actor, self.user.id, self.user.version,
            self.password.text(), on_done=self._saved, on_error=self._refused, write=True,
        )

    def _saved(self, row: UserRow) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(row)
        self.accept()

    def _refused(self, err: LimsError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(err, (ConcurrentEditError, NotFound)):
            self.conflict.emit(err)
            self.reject()
            return
        self.show_error(error_text(err), err.field if isinstance(err, ValidationError) else None)


class AdminView(QWidget):
    users_loaded = Signal()

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.dialog: QDialog | None = None

        self.model: RowsModel[UserRow] = RowsModel([
            Column[UserRow](self.tr("User name"), lambda r: r.username, foreground=_user_colour),
            Column[UserRow](self.tr("Full name"), lambda r: r.full_name, foreground=_user_colour),
            Column[UserRow](self.tr("Active"), lambda r: vocabulary.yes_no(r.active), foreground=_user_colour),
            Column[UserRow](self.tr("Account"), self._lock_text, foreground=_user_colour),
            Column[UserRow](self.tr("Failed log-ins"), lambda r: str(r.failed_logins), align_right=True,
                            foreground=_user_colour),
            Column[UserRow](self.tr("Roles"), lambda r: vocabulary.roles(r.roles), foreground=_user_colour),
        ], self)
        self.table = make_table(self.model)
        set_column_widths(self.table, [140, 140, 70, 90, 110])
        self.table.doubleClicked.connect(lambda _index: self.open_edit_dialog())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("Add user…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.refresh_button = QPushButton(self.tr("Reload"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.reset_button.clicked.connect(self.open_reset_dialog)
        self.refresh_button.clicked.connect(self.refresh)

        self.threshold = QSpinBox()
        self.threshold.setRange(1, 100)
        self.threshold_button = QPushButton(self.tr("Apply"))
        self.threshold_button.clicked.connect(self.save_threshold)
        self.message = MessageLabel()

        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.unlock_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        policy = QHBoxLayout()
        policy.addWidget(QLabel(self.tr("Lock an account after this many failed log-ins in a row")))
        policy.addWidget(self.threshold)
        policy.addWidget(self.threshold_button)
        policy.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(policy)
        self._update_buttons()

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._runner.run(self._services.users.list_users, on_done=self._loaded, on_error=self._failed)
        self._runner.run(self._services.users.lockout_threshold, on_done=self.threshold.setValue,
                         on_error=self._failed)

    def _loaded(self, rows: list[UserRow]) -> None:
        selected = self.selected_user()
        self.model.set_rows(rows)
        if selected is not None:
            for i, row in enumerate(rows):
                if row.id == selected.id:
                    self.table.selectRow(i)
        self._update_buttons()
        self.users_loaded.emit()

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    def selected_user(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def select_user(self, username: str) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.username == username:
                self.table.selectRow(i)
                return True
        return False

    def _update_buttons(self, *_args: object) -> None:
        user = self.selected_user()
        self.edit_button.setEnabled(user is not None)
        self.reset_button.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and (user.locked or user.failed_logins > 0))

    def _lock_text(self, row: UserRow) -> str:
        return self.tr("Locked") if row.locked else self.tr("Normal")

    # --- actions ----------------------------------------------------------------------------

    def open_add_dialog(self) -> UserDialog:
        dialog = UserDialog(self._services, self._actor, self._runner, None, self)
        dialog.saved.connect(lambda row: self._done(self.tr("User {user} added").format(user=row.username)))
        return self._open(dialog)

    def open_edit_dialog(self) -> UserDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = UserDialog(self._services, self._actor, self._runner, user, self)
        dialog.saved.connect(lambda row: self._done(self.tr("User {user} saved").format(user=row.username)))
        dialog.conflict.connect(self._conflict)
        return self._open(dialog)

    def open_reset_dialog(self) -> ResetPasswordDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self._services, self._actor, self._runner, user, self)
        dialog.saved.connect(lambda row: self._done(
            self.tr("The password of {user} was reset").format(user=row.username)))
        dialog.conflict.connect(self._conflict)
        return self._open(dialog)

    def _open(self, dialog: AdminDialog) -> AdminDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def unlock_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self._runner.run(
            self._services.users.unlock, self._actor, user.id, user.version,
            on_done=lambda row: self._done(self.tr("User {user} unlocked").format(user=row.username)),
            on_error=self._action_refused, write=True,
        )

    def save_threshold(self) -> None:
        value = self.threshold.value()
        self._runner.run(
            self._services.users.set_lockout_threshold, self._actor, value,
            on_done=lambda _r: self.message.show_ok(
                self.tr("Accounts are now locked after {n} failed log-ins").format(n=value)),
            on_error=self._failed, write=True,
        )

    def _done(self, text: str) -> None:
        self.message.show_ok(text)
        self.refresh()

    def _conflict(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
        self.refresh()

    def _action_refused(self, err: LimsError) -> None:
        if isinstance(err, (ConcurrentEditError, NotFound)):
            self._conflict(err)
        else:
            self._failed(err)
