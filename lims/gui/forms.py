"""The one way a dialog with a form is built: log-in, administration and the sample dialogs.

A FormDialog has an optional heading and introduction, a form whose fields each sit in a
FieldBox (the message about the field right below it), a general message line and the button
box, whose main button calls ``submit()``. Dialogs with several forms (the sampling form's group
boxes) make them with ``make_form`` and add fields to them with ``add_field(..., form=...)``.
The whole lies on the first page of ``pages``, so a dialog can add a page to show afterwards."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import LimsError, ValidationError
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import FieldBox, MessageLabel, clear_errors, show_error_at_field

FieldWidget = TypeVar("FieldWidget", bound=QWidget)


def heading(text: str, scale: float = 1.25) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def make_form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setVerticalSpacing(6)
    return form


def line_edit(max_length: int = 100, placeholder: str = "", text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class FormDialog(QDialog):
    """Subclasses add their fields and implement ``submit()``; ``boxes`` maps a field's key (as
    a ValidationError names it) to its FieldBox, so a refusal is shown beside its field."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None, *,
                 cancel_text: str | None = None, min_width: int = 460) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self.boxes: dict[str, FieldBox] = {}
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.field_form = make_form()
        self.message = MessageLabel()
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(cancel_text or QCoreApplication.translate("FormDialog", "Cancel"))
        self.button_box = QDialogButtonBox()
        self.button_box.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.button_box.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.button_box.accepted.connect(self.submit)
        self.button_box.rejected.connect(self.reject)

        self.form_page = QWidget()
        self.body = QVBoxLayout(self.form_page)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.field_form)
        self.body.addWidget(self.message)
        self.body.addWidget(self.button_box)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.form_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # --- building ---------------------------------------------------------------------------

    def add_heading(self, text: str, scale: float = 1.3) -> QLabel:
        label = heading(text, scale)
        self.body.insertWidget(0, label)
        return label

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(self, key: str, label: str, widget: FieldWidget, form: QFormLayout | None = None) -> FieldWidget:
        self.boxes[key] = FieldBox(widget)
        (self.field_form if form is None else form).addRow(label, self.boxes[key])
        return widget

    def add_row(self, label: str, item: QWidget | QLayout, form: QFormLayout | None = None) -> None:
        """A row without a message of its own (a check box, a read-only value)."""
        (self.field_form if form is None else form).addRow(label, item)

    def replace_form(self, item: QLayout) -> None:
        """Put ``item`` (several forms in group boxes) where the single form would be."""
        at = self.body.indexOf(self.field_form)
        self.body.removeItem(self.field_form)
        self.body.insertLayout(at, item)

    # --- messages ---------------------------------------------------------------------------

    def clear_errors(self) -> None:
        clear_errors(self.boxes, self.message)

    def show_error(self, text: str, field: str | None = None) -> None:
        """Beside ``field`` when the dialog has it, otherwise on the general line."""
        show_error_at_field(self.boxes, self.message, text, field)

    def submit(self) -> None:
        raise NotImplementedError


def date_edit(day: date) -> QDateEdit:
    """A date field showing ``day``, typed as 2026-03-05 or picked from a calendar."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ServiceDialog(FormDialog):
    """A form whose main button makes one write through the services; ``saved`` carries what it
    returned. A refusal stays in the dialog, beside its field when it names one."""

    saved = Signal(object)

    def __init__(self, runner: TaskRunner, title: str, ok_text: str, parent: QWidget | None = None,
                 min_width: int = 460) -> None:
        super().__init__(title, ok_text, parent, min_width=min_width)
        self._runner = runner
        self.result_value: Any = None

    def run(self, call: Callable[[], Any]) -> None:
        self.clear_errors()
        self.ok_button.setEnabled(False)
        self._runner.run(call, on_done=self._succeeded, on_error=self._failed, write=True)

    def _succeeded(self, value: Any) -> None:
        self.ok_button.setEnabled(True)
        self.result_value = value
        self.saved.emit(value)
        self.accept()

    def _failed(self, err: LimsError) -> None:
        self.ok_button.setEnabled(True)
        self.show_error(error_text(err), err.field if isinstance(err, ValidationError) else None)
