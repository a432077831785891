"""The bench worklist: one parameter, every sample waiting for it, values typed down the grid.

After an instrument run the technician chooses the parameter and types the values of the
whole batch in the Value column, exactly as in a sample's results grid: Enter saves the value
through the write lane and moves to the next sample; ND (nd, 未检出) means not detected; a
value the service refuses stays in its cell, tinted, with the reason."""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.enums import TestStatus, Verdict
from lims.domain.errors import ConcurrentEditError, LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.views.sample_detail import ND_WORDS, _verdict_background, _verdict_text_colour
from lims.gui.widgets import EXPIRED_BACKGROUND, MUTED_TEXT, AnyIndex, MessageLabel, make_table, set_column_widths
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.sample_work import SampleDetail
from lims.services.worklist import WaitingParameter, WorklistRow

_EDITABLE = (TestStatus.ASSIGNED.value, TestStatus.RESULT_ENTERED.value)


class WorklistModel(QAbstractTableModel):
    """The worklist rows of one parameter. As in the sample's grid only the value column is
    editable, and what is typed is announced by ``value_entered(row, text)``; while it is saved,
    or after it was refused, the text stays in the cell (``pending``) with the refusal (``errors``)."""

    value_entered = Signal(int, str)

    SAMPLE, PRODUCT, METHOD, UNIT, VALUE, REPORTED, VERDICT, STATUS = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WorklistRow] = []
        self.pending: dict[int, str] = {}  # test id -> text being saved or refused
        self.errors: dict[int, str] = {}  # test id -> why the service refused it
        self._headers = [
            self.tr("Sample"), self.tr("Product"), self.tr("Method"), self.tr("Unit"), self.tr("Value"),
            self.tr("Reported"), self.tr("Verdict"), self.tr("Status"),
        ]
        self._test_status = {
            TestStatus.ASSIGNED: self.tr("Awaiting result"),
            TestStatus.RESULT_ENTERED: self.tr("Result entered"),
        }

    def set_rows(self, rows: list[WorklistRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        ids = {r.test_id for r in rows}
        self.pending = {k: v for k, v in self.pending.items() if k in ids}
        self.errors = {k: v for k, v in self.errors.items() if k in ids}
        self.endResetModel()

    def replace_row(self, row: WorklistRow) -> None:
        at = self.row_of(row.test_id)
        if at >= 0:
            self._rows[at] = row
            self.touch(row.test_id)

    def row_at(self, row: int) -> WorklistRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, test_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.test_id == test_id), -1)

    @property
    def rows(self) -> list[WorklistRow]:
        return list(self._rows)

    def touch(self, test_id: int) -> None:
        row = self.row_of(test_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self.row_at(index.row())
        if index.column() == self.VALUE and row is not None and row.status in _EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.VALUE or self.row_at(index.row()) is None:
            return False
        self.value_entered.emit(index.row(), str(value).strip())
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.VALUE and row.test_id in self.pending and row.test_id not in self.errors:
                return MUTED_TEXT  # being saved
            if column == self.VERDICT:
                return _verdict_text_colour(row.verdict)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == self.VALUE and row.test_id in self.errors:
                return EXPIRED_BACKGROUND
            if column == self.VERDICT:
                return _verdict_background(row.verdict)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.VALUE and row.test_id in self.errors:
            return self.errors[row.test_id]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.VALUE, self.REPORTED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == self.VERDICT and row.verdict == Verdict.FAIL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: WorklistRow, column: int) -> str:
        if column == self.SAMPLE:
            return row.sample_code
        if column == self.PRODUCT:
            return row.product
        if column == self.METHOD:
            return row.method
        if column == self.UNIT:
            return row.unit
        if column == self.VALUE:
            return self.pending.get(row.test_id, row.value_text)
        if column == self.REPORTED:
            return row.reported_text
        if column == self.VERDICT:
            return vocabulary.verdict(row.verdict) if row.verdict else ""
        if column == self.STATUS:
            return self._test_status.get(row.status, row.status)
        return ""


class WorklistView(QWidget):
    """``loaded`` is emitted each time the rows of the chosen parameter have arrived."""

    loaded = Signal()

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner

        self.parameter = QComboBox()
        self.parameter.setMinimumContentsLength(16)
        self.parameter.currentIndexChanged.connect(lambda _i: self.load_rows())
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Parameter:")))
        bar.addWidget(self.parameter)
        bar.addStretch(1)
        bar.addWidget(self.reload_button)

        self.message = MessageLabel()
        self.model = WorklistModel(self)
        self.model.value_entered.connect(self._value_entered)
        self.table = make_table(self.model, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        set_column_widths(self.table, [130, 120, 150, 60, 90, 80, 90, 120], stretch=WorklistModel.PRODUCT)
        self.empty = QLabel(self.tr("No sample is waiting for a result."))
        self.empty.setStyleSheet("color: #6c757d;")
        self.empty.hide()
        hint = QLabel(self.tr(
            "Type a value in the Value column and press Enter to save it; type ND for not detected."))
        hint.setStyleSheet("color: #6c757d;")
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the parameters waiting afresh (keeping the one chosen), then its rows."""
        self._runner.run(self._services.worklist.parameters_waiting, on_done=self._show_parameters,
                         on_error=self._refused)

    def _show_parameters(self, waiting: list[WaitingParameter]) -> None:
        chosen = self.parameter.currentData()
        self.parameter.blockSignals(True)
        self.parameter.clear()
        for item in waiting:
            self.parameter.addItem(self.tr("{name} ({count})").format(name=item.name, count=item.count),
                                   item.parameter_id)
        at = self.parameter.findData(chosen) if chosen is not None else -1
        self.parameter.setCurrentIndex(max(at, 0) if waiting else -1)
        self.parameter.blockSignals(False)
        self.empty.setVisible(not waiting)
        self.load_rows()

    def choose(self, parameter_id: int) -> None:
        at = self.parameter.findData(parameter_id)
        if at >= 0:
            self.parameter.setCurrentIndex(at)

    def load_rows(self) -> None:
        parameter_id = self.parameter.currentData()
        if parameter_id is None:
            self.model.set_rows([])
            self.loaded.emit()
            return
        self._runner.run(self._services.worklist.rows, parameter_id,
                         on_done=partial(self._show_rows, parameter_id), on_error=self._refused)

    def _show_rows(self, parameter_id: int, rows: list[WorklistRow]) -> None:
        if parameter_id != self.parameter.currentData():
            return  # another parameter was chosen meanwhile
        self.model.set_rows(rows)
        if rows:
            row = next((i for i, r in enumerate(rows) if not r.value_text), 0)
            self.table.setCurrentIndex(self.model.index(row, WorklistModel.VALUE))
        self.loaded.emit()

    def _refused(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    # --- typing results ---------------------------------------------------------------------

    def _value_entered(self, row: int, text: str) -> None:
        item = self.model.row_at(row)
        if item is None:
            return
        unchanged = text == item.value_text
        if not text or (unchanged and item.test_id not in self.model.errors):
            self.model.pending.pop(item.test_id, None)
            self.model.errors.pop(item.test_id, None)
            self.model.touch(item.test_id)
            self._next_row(row)
            return
        self.model.pending[item.test_id] = text
        self.model.errors.pop(item.test_id, None)
        self.model.touch(item.test_id)
        self.message.clear_message()
        not_detected = text.lower() in ND_WORDS
        self._runner.run(
            partial(self._services.work.enter_result, self._actor, item.test_id, item.test_version,
                    "" if not_detected else text, not_detected=not_detected),
            on_done=partial(self._saved, item.test_id), on_error=partial(self._save_refused, item), write=True,
        )

    def _saved(self, test_id: int, detail: SampleDetail) -> None:
        row = self.model.row_of(test_id)
        self.model.pending.pop(test_id, None)
        self.model.errors.pop(test_id, None)
        item = self.model.row_at(row)
        test = next((t for t in detail.tests if t.id == test_id), None)
        if item is not None and test is not None:
            current = test.current
            self.model.replace_row(replace(
                item, test_version=test.version, status=test.status,
                value_text=current.value_text if current else "",
                reported_text=current.reported_text if current else "",
                verdict=current.verdict if current else None,
                unit=current.unit if current is not None and current.unit else test.unit))
            if current is not None:
                self.message.show_ok(self.tr("{sample}: {value} saved").format(
                    sample=item.sample_code, value=current.value_text))
        self.model.touch(test_id)
        self._next_row(row)

    def _save_refused(self, item: WorklistRow, err: LimsError) -> None:
        message = error_text(err)
        if isinstance(err, ConcurrentEditError):
            self.model.pending.pop(item.test_id, None)
            self.message.show_error(message)
            self.load_rows()
            return
        self.model.errors[item.test_id] = message
        self.model.touch(item.test_id)
        self.message.show_error(self.tr("{sample}: {message}").format(sample=item.sample_code, message=message))
        row = self.model.row_of(item.test_id)
        if row >= 0:
            index = self.model.index(row, WorklistModel.VALUE)
            self.table.setCurrentIndex(index)
            self.table.setFocus()
            self.table.edit(index)

    def _next_row(self, row: int) -> None:
        """After a value, on to the next sample, unless the person has already gone elsewhere."""
        current = self.table.currentIndex()
        if current.isValid() and current.row() != row:
            return
        following = min(row + 1, self.model.rowCount() - 1)
        if following >= 0:
            self.table.setCurrentIndex(self.model.index(following, WorklistModel.VALUE))
            self.table.setFocus()
