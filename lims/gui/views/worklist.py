"""The bench worklist: one parameter, every sample waiting for it, values typed down the grid.

After an instrument run the technician chooses the parameter and types the values of the
whole batch in the Value column, exactly as in a sample's results grid: Enter saves the value
through the write lane, as typed, and moves to the next sample (the service reads ND, N.D. and
未检出 as not detected); a value the service refuses stays in its cell, tinted, with the reason.
The grid is the one of lims.gui.results_grid."""
from __future__ import annotations

from datetime import tzinfo
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.results_grid import GridColumn, GridLine, ResultsGrid, ResultsModel
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import MessageLabel
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.worklist import WaitingParameter, WorklistRow

# the worklist's rows carry the value, its rounding and verdict, not the basis or the history
COLUMNS = (
    GridColumn.SAMPLE, GridColumn.PRODUCT, GridColumn.METHOD, GridColumn.UNIT, GridColumn.VALUE,
    GridColumn.REPORTED, GridColumn.VERDICT, GridColumn.STATUS,
)
WIDTHS = (130, 120, 150, 60, 90, 80, 90, 120)


class WorklistView(QWidget):
    """``loaded`` is emitted each time the rows of the chosen parameter have arrived."""

    loaded = Signal()

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._parameter_names: dict[int, str] = {}

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
        self.grid = ResultsGrid(services, actor, runner, COLUMNS, WIDTHS, GridColumn.PRODUCT, self.message,
                                zone or vocabulary.default_lab_zone(), lambda line: line.sample_code, self)
        self.grid.conflict.connect(lambda _err: self.load_rows())
        self.model: ResultsModel = self.grid.model
        self.table = self.grid.table
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
        layout.addWidget(self.grid, 1)
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
        self._parameter_names = {item.parameter_id: item.name for item in waiting}
        for item in waiting:
            self.parameter.addItem(self.tr("{name} ({count})").format(name=item.name, count=item.waiting),
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
            self.model.set_lines([])
            self.loaded.emit()
            return
        self._runner.run(self._services.worklist.rows, parameter_id,
                         on_done=partial(self._show_rows, parameter_id), on_error=self._refused)

    def _show_rows(self, parameter_id: int, rows: list[WorklistRow]) -> None:
        if parameter_id != self.parameter.currentData():
            return  # another parameter was chosen meanwhile
        parameter = self._parameter_names.get(parameter_id, "")
        self.model.set_lines([GridLine.of_worklist(r, parameter) for r in rows])
        if rows:
            self.grid.go_to_first_empty()
        self.loaded.emit()

    def _refused(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
