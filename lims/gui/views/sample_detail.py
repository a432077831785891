"""One sample at the bench: its sampling data, the actions its status allows, and the results
grid where values are typed straight into the table.

Every action goes through the task runner's write lane and returns the sample as it now is,
which replaces what the view shows (the version numbers the next action sends come from it).
The buttons offered are those the workflow table allows from the present status; whether
this person may take them is the service's decision, and its refusal is shown as it comes."""
from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.enums import (
    Detection,
    SampleStatus,
    SignatureMeaning,
    TestStatus,
    Verdict,
)
from lims.domain.errors import ConcurrentEditError, LimsError, ValidationError
from lims.domain.workflow import Transition, needs_reason, transitions_from
from lims.gui import vocabulary
from lims.gui.label_print import LabelPrintDialog, open_label_dialog
from lims.gui.screen_dialog import ScreenDialog
from lims.gui.i18n import error_text
from lims.gui.sample_dialogs import (
    ActionDialog,
    AddTestDialog,
    ReasonDialog,
    ReceiptDialog,
    SignatureDialog,
)
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import (
    DUE_BACKGROUND,
    DUE_TEXT,
    EXPIRED_BACKGROUND,
    FAIL_TEXT,
    MUTED_TEXT,
    OK_COLOUR,
    AnyIndex,
    MessageLabel,
    make_table,
    set_column_widths,
)
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.sample_work import ResultView, SampleDetail, TestChoice, TestView

# what a person types for "not detected"
ND_WORDS = frozenset({"nd", "n.d.", "未检出"})
FAIL_BACKGROUND = EXPIRED_BACKGROUND  # the red tint the other lists use for what went wrong
PASS_TEXT = QColor(OK_COLOUR)
# statuses in which tests may be added or dropped, and results typed
_TESTS_OPEN = frozenset({SampleStatus.SAMPLE_DUE, SampleStatus.RECEIVED, SampleStatus.TESTING})
_RESULTS_OPEN = frozenset({SampleStatus.RECEIVED, SampleStatus.TESTING})
_SIGNED = frozenset({Transition.VERIFY, Transition.APPROVE})


class ResultsModel(QAbstractTableModel):
    """The sample's tests, one row each, over the TestView rows of the last SampleDetail.

    Only the value column is editable; what is typed is not stored here but announced by
    ``value_entered(row, text)``. While it is being saved, or after the service refused it,
    the typed text stays in the cell (``pending``) with the refusal (``errors``)."""

    value_entered = Signal(int, str)

    PARAMETER, METHOD, UNIT, VALUE, ND, REPORTED, VERDICT, BASIS, ENTERED_BY, STATUS, HISTORY = range(11)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tests: list[TestView] = []
        self._editable = False
        self.pending: dict[int, str] = {}  # test id -> text being saved or refused
        self.errors: dict[int, str] = {}  # test id -> why the service refused it
        self._headers = [
            self.tr("Parameter"), self.tr("Method"), self.tr("Unit"), self.tr("Value"), self.tr("ND"),
            self.tr("Reported"), self.tr("Verdict"), self.tr("Judgment basis"), self.tr("Entered by"),
            self.tr("Status"), self.tr("Earlier values"),
        ]
        self._test_status = {
            TestStatus.ASSIGNED: self.tr("Awaiting result"),
            TestStatus.RESULT_ENTERED: self.tr("Result entered"),
            TestStatus.VERIFIED: self.tr("Verified"),
            TestStatus.RETRACTED: self.tr("Dropped"),
        }

    # --- contents ---------------------------------------------------------------------------

    def set_detail(self, detail: SampleDetail) -> None:
        """Show the tests of ``detail``. When they are the same tests as before the rows are
        updated in place, so the current cell (where the person is typing) stays put."""
        tests = list(detail.tests)
        self._editable = SampleStatus(detail.status) in _RESULTS_OPEN
        ids = {t.id for t in tests}
        self.pending = {k: v for k, v in self.pending.items() if k in ids}
        self.errors = {k: v for k, v in self.errors.items() if k in ids}
        if [t.id for t in tests] == [t.id for t in self._tests] and tests:
            self._tests = tests
            self.dataChanged.emit(self.index(0, 0), self.index(len(tests) - 1, self.columnCount() - 1))
        else:
            self.beginResetModel()
            self._tests = tests
            self.endResetModel()

    def test_at(self, row: int) -> TestView | None:
        return self._tests[row] if 0 <= row < len(self._tests) else None

    def row_of(self, test_id: int) -> int:
        return next((i for i, t in enumerate(self._tests) if t.id == test_id), -1)

    @property
    def tests(self) -> list[TestView]:
        return list(self._tests)

    def touch(self, test_id: int) -> None:
        row = self.row_of(test_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._tests)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        test = self.test_at(index.row())
        if index.column() == self.VALUE and test is not None and self._editable \
                and test.status in (TestStatus.ASSIGNED, TestStatus.RESULT_ENTERED):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.VALUE or self.test_at(index.row()) is None:
            return False
        self.value_entered.emit(index.row(), str(value).strip())
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        test = self.test_at(index.row()) if index.isValid() else None
        if test is None:
            return None
        column = index.column()
        current = test.current
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(test, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.VALUE and test.id in self.pending and test.id not in self.errors:
                return MUTED_TEXT  # being saved
            if column in (self.VERDICT, self.BASIS) and current is not None:
                return _verdict_text_colour(current.verdict)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == self.VALUE and test.id in self.errors:
                return EXPIRED_BACKGROUND
            if column == self.VERDICT and current is not None:
                return _verdict_background(current.verdict)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.VALUE and test.id in self.errors:
                return self.errors[test.id]
            if column in (self.VALUE, self.HISTORY) and test.history:
                return self._history_tooltip(test)
            if column == self.BASIS:
                return self._text(test, column) or None
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.VALUE, self.REPORTED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == self.VERDICT and current is not None \
                and current.verdict == Verdict.FAIL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, test: TestView, column: int) -> str:
        current = test.current
        if column == self.PARAMETER:
            return test.parameter
        if column == self.METHOD:
            return test.method
        if column == self.UNIT:
            return current.unit if current is not None and current.unit else test.unit
        if column == self.VALUE:
            if test.id in self.pending:
                return self.pending[test.id]
            return current.value_text if current is not None else ""
        if column == self.STATUS:
            return self._test_status.get(test.status, test.status)
        if column == self.HISTORY:
            return "; ".join(h.value_text for h in test.history)
        if current is None:
            return ""
        if column == self.ND:
            return "ND" if current.detection == Detection.NOT_DETECTED else ""
        if column == self.REPORTED:
            if current.detection == Detection.BELOW_LOQ:
                # detected, but under the method's limit of quantification: said, not hidden
                return self.tr("{value} (below LOQ)").format(value=current.reported_text)
            return current.reported_text
        if column == self.VERDICT:
            return vocabulary.verdict(current.verdict)
        if column == self.BASIS:
            return self._basis(current)
        if column == self.ENTERED_BY:
            return current.entered_by
        return ""

    def _basis(self, result: ResultView) -> str:
        if not result.basis_text:
            return self.tr("No limit applies to this product") if result.verdict == Verdict.NO_BASIS else ""
        if result.inherited_from:
            return self.tr("{basis} (inherited from {category})").format(
                basis=result.basis_text, category=result.inherited_from)
        return result.basis_text

    def _history_tooltip(self, test: TestView) -> str:
        lines = [self.tr("Earlier values, newest first:")]
        for old in test.history:
            line = self.tr("{value} by {name}, {time}").format(
                value=old.value_text, name=old.entered_by, time=vocabulary.format_local(old.entered_at))
            lines.append(line)
        if test.current is not None and test.current.reason:
            lines.append(self.tr("Reason for the change: {reason}").format(reason=test.current.reason))
        return "\n".join(lines)


def _verdict_text_colour(verdict: str | None) -> QColor | None:
    if verdict == Verdict.FAIL:
        return FAIL_TEXT
    if verdict == Verdict.NO_BASIS:
        return DUE_TEXT
    if verdict == Verdict.PASS:
        return PASS_TEXT
    return None


def _verdict_background(verdict: str | None) -> QColor | None:
    if verdict == Verdict.FAIL:
        return FAIL_BACKGROUND
    if verdict == Verdict.NO_BASIS:
        return DUE_BACKGROUND
    return None


class SampleDetailView(QWidget):
    """``loaded`` carries each SampleDetail shown; ``status_changed`` the one an action of this
    view produced when it moved the sample on (the sample list shows the new status)."""

    loaded = Signal(object)  # SampleDetail
    status_changed = Signal(object)  # SampleDetail

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.detail: SampleDetail | None = None
        self.dialog: ActionDialog | None = None
        self._focus_results = False

        self.code_label = QLabel()
        font = QFont(self.code_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setStyleSheet(
            "background: #e2ebf5; color: #123a5e; border-radius: 3px; padding: 2px 8px; font-weight: bold;")
        self.verdict_label = QLabel()
        self.fields: dict[str, QLabel] = {}
        # (key, caption, row, column pair, pairs spanned): the receipt (time, condition, place)
        # is the longest and has the last row to itself
        places = [
            ("product", self.tr("Product"), 0, 0, 1), ("producer", self.tr("Producer"), 0, 1, 1),
            ("area", self.tr("Area"), 0, 2, 1), ("task", self.tr("Sampling task"), 1, 0, 1),
            ("sampled_at", self.tr("Sampled at"), 1, 1, 1), ("received", self.tr("Receipt"), 2, 0, 3),
        ]
        info = QGridLayout()
        info.setHorizontalSpacing(10)
        info.setVerticalSpacing(4)
        for key, caption, row, pair, pairs in places:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields[key] = value
            name = QLabel(self.tr("{caption}:").format(caption=caption))
            name.setStyleSheet("color: #6c757d;")
            info.addWidget(name, row, 2 * pair, Qt.AlignmentFlag.AlignTop)
            info.addWidget(value, row, 2 * pair + 1, 1, 2 * pairs - 1, Qt.AlignmentFlag.AlignTop)
        for column in (1, 3, 5):
            info.setColumnStretch(column, 1)
        self.signatures_label = QLabel()
        self.signatures_label.setObjectName("signatures")
        self.signatures_label.setWordWrap(True)
        self.signatures_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setSpacing(6)
        texts = {
            "receive": self.tr("Receive…"),
            Transition.REJECT: self.tr("Reject…"),
            Transition.START: self.tr("Start testing"),
            "assign_panel": self.tr("Assign panel"),
            "add_test": self.tr("Add test…"),
            "drop_test": self.tr("Drop test…"),
            Transition.SUBMIT: self.tr("Submit for review"),
            Transition.VERIFY: self.tr("Verify…"),
            Transition.RETRACT: self.tr("Retract"),
            Transition.RETEST: self.tr("Retest"),
            Transition.APPROVE: self.tr("Approve…"),
            Transition.CANCEL: self.tr("Cancel sample…"),
            Transition.INVALIDATE: self.tr("Invalidate…"),
        }
        for key, text in texts.items():
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(partial(self.act, str(key)))
            button.hide()
            bar.addWidget(button)
            self.buttons[str(key)] = button
        bar.addStretch(1)
        self.screen_button = QPushButton(self.tr("Rapid screen…"))
        self.screen_button.setAutoDefault(False)
        self.screen_button.clicked.connect(self.open_screen)
        self.screen_button.hide()
        bar.addWidget(self.screen_button)
        self.labels_button = QPushButton(self.tr("Print labels…"))
        self.labels_button.setAutoDefault(False)
        self.labels_button.clicked.connect(self.print_labels)
        bar.addWidget(self.labels_button)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.reload)
        bar.addWidget(self.reload_button)

        self.message = MessageLabel()
        self.model = ResultsModel(self)
        self.model.value_entered.connect(self._value_entered)
        self.table = make_table(self.model, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        set_column_widths(self.table, [120, 140, 55, 80, 50, 70, 90, 300, 75, 75, 90],
                          stretch=ResultsModel.BASIS)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.hint = QLabel(self.tr(
            "Type a value in the Value column and press Enter to save it; type ND for not detected."))
        self.hint.setStyleSheet("color: #6c757d;")
        self.hint.setWordWrap(True)

        title = QHBoxLayout()
        title.addWidget(self.code_label)
        title.addSpacing(8)
        title.addWidget(self.status_label)
        title.addSpacing(16)
        title.addWidget(self.verdict_label)
        title.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(title)
        layout.addLayout(info)
        layout.addWidget(self.signatures_label)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    # --- loading ----------------------------------------------------------------------------

    def load(self, sample_id: int) -> None:
        """Read the sample and show it; the results grid takes the focus when it arrives."""
        self._focus_results = True
        self.message.clear_message()
        self._runner.run(self._services.work.detail, sample_id, on_done=self.show_detail, on_error=self._refused)

    def open_screen(self) -> ScreenDialog | None:
        """Record a rapid screen; a positive one opens a confirmation test, shown on reload."""
        if self.detail is None:
            return None
        dialog = ScreenDialog(self._services, self._actor, self._runner, self.detail.id, self.detail.version,
                              self.detail.code, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(lambda _screen: self.reload())
        dialog.conflict.connect(lambda _err: self.reload())
        dialog.open()
        return dialog

    def print_labels(self) -> LabelPrintDialog | None:
        """The sample's barcode labels: print with a preview, or save a PDF label sheet."""
        if self.detail is None:
            return None
        return open_label_dialog(self._services, self._runner, [self.detail.id], self)

    def reload(self) -> None:
        if self.detail is not None:
            self._runner.run(self._services.work.detail, self.detail.id, on_done=self.show_detail,
                             on_error=self._refused)

    def show_detail(self, detail: SampleDetail) -> None:
        if self.detail is not None and self.detail.id != detail.id:
            self.model.pending.clear()
            self.model.errors.clear()
        self.detail = detail
        self.code_label.setText(detail.code)
        self.status_label.setText(vocabulary.sample_status(detail.status))
        if detail.verdict:
            self.verdict_label.setText(self.tr("Verdict: {verdict}").format(verdict=vocabulary.verdict(detail.verdict)))
            colour = _verdict_text_colour(detail.verdict)
            self.verdict_label.setStyleSheet(f"color: {colour.name()}; font-weight: bold;" if colour else "")
        else:
            self.verdict_label.setText("")
        self.fields["product"].setText(detail.product)
        self.fields["producer"].setText(detail.producer)
        self.fields["area"].setText(detail.area)
        self.fields["task"].setText(detail.task)
        self.fields["sampled_at"].setText(vocabulary.format_local(detail.sampled_at))
        if detail.received_at is not None:
            self.fields["received"].setText(self.tr("{time}, {condition}; kept at {place}").format(
                time=vocabulary.format_local(detail.received_at), condition=detail.condition,
                place=detail.storage_place))
        elif detail.rejection_reason:
            self.fields["received"].setText(self.tr("Rejected: {reason}").format(reason=detail.rejection_reason))
        else:
            self.fields["received"].setText(self.tr("Not yet"))
        self.signatures_label.setText(self._signatures_text(detail))
        self.signatures_label.setVisible(bool(detail.signatures))
        self.model.set_detail(detail)
        self._update_buttons()
        if self._focus_results:
            self._focus_results = False
            self._focus_first_open_row()
        self.loaded.emit(detail)

    def _signatures_text(self, detail: SampleDetail) -> str:
        parts = []
        for sig in detail.signatures:
            when = vocabulary.format_local(sig.signed_at)
            if sig.meaning == SignatureMeaning.REVIEWED:
                parts.append(self.tr("Reviewed by {name} on {time}").format(name=sig.full_name, time=when))
            elif sig.meaning == SignatureMeaning.APPROVED:
                parts.append(self.tr("Approved by {name} on {time}").format(name=sig.full_name, time=when))
            else:
                parts.append(f"{sig.meaning}: {sig.full_name} {when}")
        return self.tr("Signatures: {list}").format(list=self.tr("; ").join(parts)) if parts else ""

    def _update_buttons(self) -> None:
        if self.detail is None:
            return
        status = SampleStatus(self.detail.status)
        offered = {str(r.transition) for r in transitions_from(status)}
        if Transition.RECEIVE in offered:
            offered.discard(Transition.RECEIVE)
            offered.add("receive")
        if status in _TESTS_OPEN:
            offered |= {"assign_panel", "add_test", "drop_test"}
        for key, button in self.buttons.items():
            button.setVisible(key in offered)
        self.screen_button.setVisible(status in _TESTS_OPEN)
        test = self._current_test()
        self.buttons["drop_test"].setEnabled(test is not None and test.current is None and not test.history)
        self.hint.setVisible(status in _RESULTS_OPEN)

    def _focus_first_open_row(self) -> None:
        tests = self.model.tests
        if not tests:
            return
        row = next((i for i, t in enumerate(tests) if t.current is None), 0)
        self.table.setCurrentIndex(self.model.index(row, ResultsModel.VALUE))
        self.table.setFocus()

    def _current_test(self) -> TestView | None:
        return self.model.test_at(self.table.currentIndex().row())

    # --- actions ----------------------------------------------------------------------------

    def act(self, key: str) -> None:
        """Take the action of the button ``key`` (a Transition value, "receive", "assign_panel",
        "add_test" or "drop_test"); those that need more ask for it in a dialog."""
        detail = self.detail
        if detail is None:
            return
        self.message.clear_message()
        work, actor = self._services.work, self._actor
        if key == "receive":
            self._open_dialog(ReceiptDialog(
                self._runner, detail.code,
                lambda condition, place: work.receive(actor, detail.id, detail.version, condition=condition,
                                                      storage_place=place), self))
        elif key == "assign_panel":
            self._write(work.assign_panel, actor, detail.id, detail.version)
        elif key == "add_test":
            self._runner.run(work.test_choices, on_done=self._add_test, on_error=self._refused)
        elif key == "drop_test":
            test = self._current_test()
            if test is None:
                return
            self._open_dialog(ReasonDialog(
                self._runner, self.tr("Drop the test {parameter}").format(parameter=test.parameter),
                self.tr("Why is this test dropped? The reason is kept in the audit trail."), self.tr("Drop test"),
                lambda reason: work.drop_test(actor, test.id, test.version, reason), self))
        else:
            self._transition(Transition(key))

    def _transition(self, transition: Transition) -> None:
        detail = self.detail
        if detail is None:
            return
        work, actor = self._services.work, self._actor
        button = self.buttons[str(transition)].text().rstrip("…")
        if transition in _SIGNED:
            if transition == Transition.VERIFY:
                meaning = self.tr("Sign as reviewer")
                statement = self.tr(
                    "Sample {code}: with your password you sign that you have reviewed every result of it.")
            else:
                meaning = self.tr("Approve as authorised signatory")
                statement = self.tr(
                    "Sample {code}: with your password you approve its results for the report.")
            self._open_dialog(SignatureDialog(
                self._runner, actor, meaning, statement.format(code=detail.code), button,
                lambda password: work.transition(actor, detail.id, detail.version, transition, password=password),
                self))
        elif needs_reason(transition, SampleStatus(detail.status)):
            self._open_dialog(ReasonDialog(
                self._runner, self.tr("{action}: sample {code}").format(action=button, code=detail.code),
                self.tr("Give the reason. It is kept in the audit trail."), button,
                lambda reason: work.transition(actor, detail.id, detail.version, transition, reason=reason), self))
        else:
            self._write(partial(work.transition, actor, detail.id, detail.version, transition))

    def _add_test(self, choices: list[TestChoice]) -> None:
        detail = self.detail
        if detail is None:
            return
        work, actor = self._services.work, self._actor
        have = {t.parameter_id for t in detail.tests}
        self._open_dialog(AddTestDialog(
            self._runner, [c for c in choices if c.parameter_id not in have],
            lambda parameter_id, method_id: work.add_test(actor, detail.id, detail.version, parameter_id, method_id),
            self))

    def _open_dialog(self, dialog: ActionDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done.connect(self._acted)
        dialog.refused.connect(self._refused)
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: ActionDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(partial(self._dialog_closed, dialog))
        dialog.open()

    def _dialog_closed(self, dialog: ActionDialog, _result: int) -> None:
        if self.dialog is dialog:
            self.dialog = None  # it deletes itself on closing

    def _write(self, fn: Any, *args: Any) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)
        self._runner.run(fn, *args, on_done=self._acted, on_error=self._write_refused, write=True)

    def _write_refused(self, err: LimsError) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self._update_buttons()
        self._refused(err)

    def _acted(self, detail: SampleDetail) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        before = self.detail
        self._focus_results = before is not None and not before.tests and bool(detail.tests)
        self.show_detail(detail)
        if before is not None and before.status != detail.status:
            self.message.show_ok(self.tr("The sample is now: {status}").format(
                status=vocabulary.sample_status(detail.status)))
        self._announce(before, detail)

    def _refused(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
        if isinstance(err, ConcurrentEditError):
            self.reload()

    # --- typing results ---------------------------------------------------------------------

    def _value_entered(self, row: int, text: str) -> None:
        test = self.model.test_at(row)
        if test is None:
            return
        unchanged = test.current is not None and text == test.current.value_text
        if not text or (unchanged and test.id not in self.model.errors):
            self.model.pending.pop(test.id, None)
            self.model.errors.pop(test.id, None)
            self.model.touch(test.id)
            self._next_row(row)
            return
        self.model.pending[test.id] = text
        self.model.errors.pop(test.id, None)
        self.model.touch(test.id)
        self.message.clear_message()
        self._save(test, text)

    def _save(self, test: TestView, text: str, reason: str = "") -> None:
        not_detected = text.strip().lower() in ND_WORDS
        self._runner.run(
            partial(self._services.work.enter_result, self._actor, test.id, test.version,
                    "" if not_detected else text, not_detected=not_detected, reason=reason),
            on_done=partial(self._saved, test.id), on_error=partial(self._save_refused, test, text), write=True,
        )

    def _announce(self, before: SampleDetail | None, after: SampleDetail) -> None:
        if before is None or (before.status, before.verdict) != (after.status, after.verdict):
            self.status_changed.emit(after)

    def _saved(self, test_id: int, detail: SampleDetail) -> None:
        before = self.detail
        row = self.model.row_of(test_id)
        self.model.pending.pop(test_id, None)
        self.model.errors.pop(test_id, None)
        self.show_detail(detail)
        test = self.model.test_at(row)
        if test is not None and test.current is not None:
            self.message.show_ok(self.tr("{parameter}: {value} saved").format(
                parameter=test.parameter, value=test.current.value_text))
        self._next_row(row)
        self._announce(before, detail)

    def _save_refused(self, test: TestView, text: str, err: LimsError) -> None:
        if isinstance(err, ConcurrentEditError):
            self.model.pending.pop(test.id, None)
            self._refused(err)
            return
        if isinstance(err, ValidationError) and err.field == "reason":
            self._ask_reason_for_change(test, text, err)
            return
        message = error_text(err)
        self.model.errors[test.id] = message
        self.model.touch(test.id)
        self.message.show_error(self.tr("{parameter}: {message}").format(parameter=test.parameter, message=message))
        row = self.model.row_of(test.id)
        if row >= 0:
            index = self.model.index(row, ResultsModel.VALUE)
            self.table.setCurrentIndex(index)
            self.table.setFocus()
            self.table.edit(index)

    def _ask_reason_for_change(self, test: TestView, text: str, err: LimsError) -> None:
        work, actor = self._services.work, self._actor
        not_detected = text.strip().lower() in ND_WORDS
        dialog = ReasonDialog(
            self._runner, self.tr("Change the result of {parameter}").format(parameter=test.parameter),
            error_text(err), self.tr("Save"),
            lambda reason: work.enter_result(actor, test.id, test.version, "" if not_detected else text,
                                             not_detected=not_detected, reason=reason), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done.connect(partial(self._saved, test.id))
        dialog.rejected.connect(partial(self._change_abandoned, test.id))
        dialog.refused.connect(self._refused)
        self._show_dialog(dialog)

    def _change_abandoned(self, test_id: int) -> None:
        self.model.pending.pop(test_id, None)
        self.model.touch(test_id)

    def _next_row(self, row: int) -> None:
        """After a value, on to the next test, unless the person has already gone elsewhere."""
        current = self.table.currentIndex()
        if current.isValid() and current.row() != row:
            return
        following = min(row + 1, self.model.rowCount() - 1)
        if following >= 0:
            self.table.setCurrentIndex(self.model.index(following, ResultsModel.VALUE))
            self.table.setFocus()
