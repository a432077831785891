"""The editable results grid the sample view and the worklist share: one row per test, values
typed straight into the Value column.

Enter saves the text exactly as typed through the write lane (the service decides what it
means: a number, or ND / N.D. / 未检出 for not detected) and moves to the next row. While it is
being saved the text stays in its cell, greyed; a value the service refuses stays there, tinted,
with the reason in its tooltip and the editor open again. A change to a sample that was verified
before asks for the reason first. Verdicts are coloured (fail red, no basis amber, pass green), a
value between the LOD and the LOQ says so, and earlier values are listed in a tooltip."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView, QVBoxLayout, QWidget

from lims.domain.enums import Detection, TestStatus, Verdict
from lims.domain.errors import ConcurrentEditError, LimsError, ValidationError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.sample_dialogs import ReasonDialog
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
from lims.services.sample_work import ResultView, SampleDetail, TestView
from lims.services.scope import ScopeMark
from lims.services.worklist import WorklistRow

FAIL_BACKGROUND = EXPIRED_BACKGROUND  # the red tint the other lists use for what went wrong
PASS_TEXT = QColor(OK_COLOUR)
_TAKES_VALUES = frozenset({TestStatus.ASSIGNED.value, TestStatus.RESULT_ENTERED.value})


class GridColumn(StrEnum):
    SAMPLE = "sample"
    PRODUCT = "product"
    PARAMETER = "parameter"
    METHOD = "method"
    UNIT = "unit"
    VALUE = "value"
    ND = "nd"
    REPORTED = "reported"
    VERDICT = "verdict"
    BASIS = "basis"
    ENTERED_BY = "entered_by"
    STATUS = "status"
    HISTORY = "history"
    SCOPE = "scope"  # the CMA and CATL verdicts on the test date


@dataclass(frozen=True)
class GridLine:
    """One test as the grid shows it: what identifies it and its current result, if any."""

    test_id: int
    version: int
    status: str  # the test's
    sample_open: bool  # the sample takes results now
    parameter: str
    method: str
    unit: str
    current: ResultView | None = None
    history: tuple[ResultView, ...] = ()
    sample_code: str = ""
    product: str = ""
    # what a worklist row knows of the current result before it was saved here
    value_text: str = ""
    reported_text: str = ""
    verdict: str | None = None
    detection: str | None = None
    scope: tuple[ScopeMark, ...] = ()  # CMA's and CATL's, when the line comes from a sample

    @classmethod
    def of_test(cls, test: TestView, *, sample_open: bool, sample_code: str = "", product: str = "") -> GridLine:
        current = test.current
        return cls(
            test_id=test.id, version=test.version, status=test.status, sample_open=sample_open,
            parameter=test.parameter, method=test.method,
            unit=current.unit if current is not None and current.unit else test.unit,
            current=current, history=test.history, sample_code=sample_code, product=product,
            value_text=current.value_text if current else "", reported_text=current.reported_text if current else "",
            verdict=current.verdict if current else None, detection=current.detection if current else None,
            scope=tuple(m for m in (test.scope_cma, test.scope_catl) if m is not None),
        )

    @classmethod
    def of_worklist(cls, row: WorklistRow, parameter: str) -> GridLine:
        return cls(
            test_id=row.test_id, version=row.test_version, status=row.status, sample_open=True, parameter=parameter,
            method=row.method, unit=row.unit, sample_code=row.sample_code, product=row.product,
            value_text=row.value_text, reported_text=row.reported_text, verdict=row.verdict, detection=row.detection,
        )

    @property
    def editable(self) -> bool:
        return self.sample_open and self.status in _TAKES_VALUES


def verdict_text_colour(verdict: str | None) -> QColor | None:
    if verdict == Verdict.FAIL:
        return FAIL_TEXT
    if verdict == Verdict.NO_BASIS:
        return DUE_TEXT
    if verdict == Verdict.PASS:
        return PASS_TEXT
    return None


def verdict_background(verdict: str | None) -> QColor | None:
    if verdict == Verdict.FAIL:
        return FAIL_BACKGROUND
    if verdict == Verdict.NO_BASIS:
        return DUE_BACKGROUND
    return None


class ResultsModel(QAbstractTableModel):
    """Grid lines in the columns asked for. Only the value column is editable; what is typed is
    not stored here but announced by ``value_entered(row, text)``. While it is being saved, or
    after the service refused it, the typed text stays in the cell (``pending``) with the
    refusal (``errors``)."""

    value_entered = Signal(int, str)

    def __init__(self, columns: Sequence[GridColumn], zone: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._zone = zone
        self._lines: list[GridLine] = []
        self.pending: dict[int, str] = {}  # test id -> text being saved or refused
        self.errors: dict[int, str] = {}  # test id -> why the service refused it
        headers = {
            GridColumn.SAMPLE: self.tr("Sample"), GridColumn.PRODUCT: self.tr("Product"),
            GridColumn.PARAMETER: self.tr("Parameter"), GridColumn.METHOD: self.tr("Method"),
            GridColumn.UNIT: self.tr("Unit"), GridColumn.VALUE: self.tr("Value"), GridColumn.ND: self.tr("ND"),
            GridColumn.REPORTED: self.tr("Reported"), GridColumn.VERDICT: self.tr("Verdict"),
            GridColumn.BASIS: self.tr("Judgment basis"), GridColumn.ENTERED_BY: self.tr("Entered by"),
            GridColumn.STATUS: self.tr("Status"), GridColumn.HISTORY: self.tr("Earlier values"),
            GridColumn.SCOPE: self.tr("Scope (CMA / CATL)"),
        }
        self._headers = [headers[c] for c in self._columns]
        self._test_status = {
            TestStatus.ASSIGNED: self.tr("Awaiting result"),
            TestStatus.RESULT_ENTERED: self.tr("Result entered"),
            TestStatus.VERIFIED: self.tr("Verified"),
            TestStatus.RETRACTED: self.tr("Dropped"),
        }

    # --- contents ---------------------------------------------------------------------------

    def column(self, key: GridColumn) -> int:
        return self._columns.index(key)

    def set_lines(self, lines: Sequence[GridLine]) -> None:
        """Show ``lines``. When they are the same tests as before the rows are updated in place,
        so the current cell (where the person is typing) stays put."""
        lines = list(lines)
        ids = {line.test_id for line in lines}
        self.pending = {k: v for k, v in self.pending.items() if k in ids}
        self.errors = {k: v for k, v in self.errors.items() if k in ids}
        if lines and [line.test_id for line in lines] == [line.test_id for line in self._lines]:
            self._lines = lines
            self.dataChanged.emit(self.index(0, 0), self.index(len(lines) - 1, self.columnCount() - 1))
        else:
            self.beginResetModel()
            self._lines = lines
            self.endResetModel()

    def replace_line(self, line: GridLine) -> None:
        row = self.row_of(line.test_id)
        if row >= 0:
            self._lines[row] = line
            self.touch(line.test_id)

    def line_at(self, row: int) -> GridLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, test_id: int) -> int:
        return next((i for i, line in enumerate(self._lines) if line.test_id == test_id), -1)

    @property
    def lines(self) -> list[GridLine]:
        return list(self._lines)

    def touch(self, test_id: int) -> None:
        row = self.row_of(test_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        line = self.line_at(index.row())
        if line is not None and self._columns[index.column()] == GridColumn.VALUE and line.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.line_at(index.row()) is None \
                or self._columns[index.column()] != GridColumn.VALUE:
            return False
        self.value_entered.emit(index.row(), str(value).strip())
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line_at(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == GridColumn.VALUE and line.test_id in self.pending and line.test_id not in self.errors:
                return MUTED_TEXT  # being saved
            if column in (GridColumn.VERDICT, GridColumn.BASIS):
                return verdict_text_colour(line.verdict)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == GridColumn.VALUE and line.test_id in self.errors:
                return EXPIRED_BACKGROUND
            if column == GridColumn.VERDICT:
                return verdict_background(line.verdict)
            if column == GridColumn.SCOPE and any(m.verdict != "in" for m in line.scope):
                return FAIL_BACKGROUND if any(m.verdict == "out" for m in line.scope) else DUE_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == GridColumn.VALUE and line.test_id in self.errors:
                return self.errors[line.test_id]
            if column in (GridColumn.VALUE, GridColumn.HISTORY) and line.history:
                return self._history_tooltip(line)
            if column == GridColumn.BASIS:
                return self._text(line, column) or None
            if column == GridColumn.REPORTED and line.detection == Detection.BELOW_LOQ:
                return self.tr("{value}: detected, but below the method's limit of quantification (LOQ)").format(
                    value=line.reported_text)
            if column == GridColumn.SCOPE and line.scope:
                return self._scope_tooltip(line)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (GridColumn.VALUE, GridColumn.REPORTED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == GridColumn.VERDICT and line.verdict == Verdict.FAIL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, line: GridLine, column: GridColumn) -> str:
        current = line.current
        match column:
            case GridColumn.SAMPLE:
                return line.sample_code
            case GridColumn.PRODUCT:
                return line.product
            case GridColumn.PARAMETER:
                return line.parameter
            case GridColumn.METHOD:
                return line.method
            case GridColumn.UNIT:
                return line.unit
            case GridColumn.VALUE:
                return self.pending.get(line.test_id, line.value_text)
            case GridColumn.STATUS:
                return self._test_status.get(line.status, line.status)  # type: ignore[call-overload]
            case GridColumn.HISTORY:
                return "; ".join(h.value_text for h in line.history)
            case GridColumn.VERDICT:
                return vocabulary.verdict(line.verdict)
            case GridColumn.ND:
                return "ND" if line.detection == Detection.NOT_DETECTED else ""
            case GridColumn.REPORTED:
                if line.detection == Detection.NOT_DETECTED:
                    return self.tr("Not detected")
                if line.detection == Detection.BELOW_LOQ:
                    # detected, but under the method's limit of quantification: said, not hidden
                    return self.tr("{value} (<LOQ)").format(value=line.reported_text)
                return line.reported_text
            case GridColumn.BASIS:
                return self._basis(current) if current is not None else ""
            case GridColumn.ENTERED_BY:
                return current.entered_by if current is not None else ""
            case GridColumn.SCOPE:
                return " / ".join(f"{m.kind} {vocabulary.scope_verdict(m.verdict, m.reason)}" for m in line.scope)
        return ""

    def _scope_tooltip(self, line: GridLine) -> str:
        lines = []
        for m in line.scope:
            text = f"{m.kind}: {vocabulary.scope_verdict(m.verdict, m.reason)}"
            if m.certificate:
                text += " " + self.tr("(certificate {number}, row {row})").format(
                    number=m.certificate, row=m.row or "-")
            if m.detail:
                text += f" {m.detail}"
            lines.append(text)
        return "\n".join(lines)

    def _basis(self, result: ResultView) -> str:
        if not result.basis_text:
            return self.tr("No limit applies to this product") if result.verdict == Verdict.NO_BASIS else ""
        if result.inherited_from:
            return self.tr("{basis} (inherited from {category})").format(
                basis=result.basis_text, category=result.inherited_from)
        return result.basis_text

    def _history_tooltip(self, line: GridLine) -> str:
        lines = [self.tr("Earlier values, newest first:")]
        for old in line.history:
            lines.append(self.tr("{value} by {name}, {time}").format(
                value=old.value_text, name=old.entered_by, time=vocabulary.format_in(old.entered_at, self._zone)))
        if line.current is not None and line.current.reason:
            lines.append(self.tr("Reason for the change: {reason}").format(reason=line.current.reason))
        return "\n".join(lines)


class ResultsGrid(QWidget):
    """The table over a ResultsModel and the typing of values into it.

    ``saved`` carries the SampleDetail each stored value returned; ``conflict`` an error after
    which what is shown is out of date (another workstation changed the test). Messages go to
    the ``message`` line of the view around the grid, naming each row by ``row_name``."""

    saved = Signal(object)  # SampleDetail
    conflict = Signal(object)  # LimsError

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, columns: Sequence[GridColumn],
                 widths: Sequence[int], stretch: GridColumn, message: MessageLabel, zone: tzinfo,
                 row_name: Callable[[GridLine], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._message = message
        self._row_name = row_name
        self.dialog: ReasonDialog | None = None
        self.model = ResultsModel(columns, zone, self)
        self.model.value_entered.connect(self._value_entered)
        self.table: QTableView = make_table(self.model, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        set_column_widths(self.table, widths, stretch=self.model.column(stretch))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    @property
    def value_column(self) -> int:
        return self.model.column(GridColumn.VALUE)

    def current_line(self) -> GridLine | None:
        return self.model.line_at(self.table.currentIndex().row())

    def go_to(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, self.value_column))
            self.table.setFocus()

    def go_to_first_empty(self) -> None:
        lines = self.model.lines
        self.go_to(next((i for i, line in enumerate(lines) if not line.value_text), 0))

    # --- typing -----------------------------------------------------------------------------

    def _value_entered(self, row: int, text: str) -> None:
        line = self.model.line_at(row)
        if line is None:
            return
        unchanged = text == line.value_text
        if not text or (unchanged and line.test_id not in self.model.errors):
            self._forget(line.test_id)
            self._next_row(row)
            return
        self.model.pending[line.test_id] = text
        self.model.errors.pop(line.test_id, None)
        self.model.touch(line.test_id)
        self._message.clear_message()
        self._runner.run(
            partial(self._services.work.enter_result, self._actor, line.test_id, line.version, text),
            on_done=partial(self._saved, line.test_id), on_error=partial(self._save_refused, line, text),
            write=True,
        )

    def _forget(self, test_id: int) -> None:
        self.model.pending.pop(test_id, None)
        self.model.errors.pop(test_id, None)
        self.model.touch(test_id)

    def _saved(self, test_id: int, detail: SampleDetail) -> None:
        row = self.model.row_of(test_id)
        self.model.pending.pop(test_id, None)
        self.model.errors.pop(test_id, None)
        line = self.model.line_at(row)
        test = next((t for t in detail.tests if t.id == test_id), None)
        if line is not None and test is not None:
            line = GridLine.of_test(test, sample_open=line.sample_open, sample_code=line.sample_code or detail.code,
                                    product=line.product or detail.product)
            self.model.replace_line(line)
            if test.current is not None:
                self._message.show_ok(self.tr("{row}: {value} saved").format(
                    row=self._row_name(line), value=test.current.value_text))
        self.saved.emit(detail)
        self._next_row(row)

    def _save_refused(self, line: GridLine, text: str, err: LimsError) -> None:
        if isinstance(err, ConcurrentEditError):
            self.model.pending.pop(line.test_id, None)
            self._message.show_error(error_text(err))
            self.conflict.emit(err)
            return
        if isinstance(err, ValidationError) and err.field == "reason":
            self._ask_reason_for_change(line, text, err)
            return
        message = error_text(err)
        self.model.errors[line.test_id] = message
        self.model.touch(line.test_id)
        self._message.show_error(self.tr("{row}: {message}").format(row=self._row_name(line), message=message))
        row = self.model.row_of(line.test_id)
        if row >= 0:
            index = self.model.index(row, self.value_column)
            self.table.setCurrentIndex(index)
            self.table.setFocus()
            self.table.edit(index)

    def _ask_reason_for_change(self, line: GridLine, text: str, err: LimsError) -> None:
        work, actor = self._services.work, self._actor
        dialog = ReasonDialog(
            self._runner, self.tr("Change the result of {parameter}").format(parameter=self._row_name(line)),
            error_text(err), self.tr("Save"),
            lambda reason: work.enter_result(actor, line.test_id, line.version, text, reason=reason), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.acted.connect(partial(self._saved, line.test_id))
        dialog.rejected.connect(partial(self._forget, line.test_id))
        dialog.refused.connect(partial(self._reason_refused, line.test_id))
        dialog.finished.connect(partial(self._dialog_closed, dialog))
        self.dialog = dialog
        dialog.open()

    def _reason_refused(self, test_id: int, err: LimsError) -> None:
        self._forget(test_id)
        self._message.show_error(error_text(err))
        if isinstance(err, ConcurrentEditError):
            self.conflict.emit(err)

    def _dialog_closed(self, dialog: ReasonDialog, _result: int) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _next_row(self, row: int) -> None:
        """After a value, on to the next row, unless the person has already gone elsewhere."""
        current = self.table.currentIndex()
        if current.isValid() and current.row() != row:
            return
        self.go_to(min(row + 1, self.model.rowCount() - 1))
