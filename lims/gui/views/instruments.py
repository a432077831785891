"""Instruments with their port settings and the validity of their latest calibration; a capture
panel for each line being captured."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.capture_panel import CapturePanel
from lims.gui.i18n import error_text
from lims.gui.instrument_dialog import CalibrationDialog, InstrumentDialog
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, Tint, rows_table, tinted
from lims.services.capture import InstrumentLine
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.overview import InstrumentRow


def calibration_expired(row: InstrumentRow, today: date) -> bool:
    return row.calibration_valid_until is not None and row.calibration_valid_until < today


def settings_text(line: InstrumentLine | None) -> str:
    if line is None:
        return ""
    s = line.settings
    return f"{s.baudrate} {s.bytesize}{s.parity}{s.stopbits:g} {s.encoding}"


class InstrumentsView(QWidget):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._today = today
        self._actor = actor
        self._lines: dict[int, InstrumentLine] = {}
        self.panels: dict[int, CapturePanel] = {}
        self.dialog: InstrumentDialog | CalibrationDialog | None = None

        def tint(row: InstrumentRow) -> Tint | None:
            if row.calibration_valid_until is None:
                return Tint.DUE
            return Tint.EXPIRED if calibration_expired(row, self._today()) else None

        self.model, self.table = rows_table(tinted([
            Column[InstrumentRow](self.tr("Instrument"), lambda r: r.name),
            Column[InstrumentRow](self.tr("Model"), lambda r: r.model),
            Column[InstrumentRow](self.tr("Serial number"), lambda r: r.serial_no),
            Column[InstrumentRow](self.tr("Adapter"), lambda r: vocabulary.adapter(r.adapter),
                                  tooltip=lambda r: r.adapter),
            Column[InstrumentRow](self.tr("Port"), lambda r: r.port),
            Column[InstrumentRow](self.tr("Line settings"), lambda r: settings_text(self._lines.get(r.id))),
            Column[InstrumentRow](self.tr("Calibrated until"),
                                  lambda r: vocabulary.format_date(r.calibration_valid_until)),
            Column[InstrumentRow](self.tr("Calibration"), self._calibration_text),
        ], tint), [200, 130, 120, 130, 130, 130, 100, 90], self)
        self.message = MessageLabel()
        self.summary = QLabel()
        self.add_button = QPushButton(self.tr("Add instrument…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.calibration_button = QPushButton(self.tr("Record calibration…"))
        self.capture_button = QPushButton(self.tr("Start capture"))
        self.add_button.clicked.connect(self.add_instrument)
        self.edit_button.clicked.connect(self.edit_instrument)
        self.calibration_button.clicked.connect(self.record_calibration)
        self.capture_button.clicked.connect(self.start_capture)
        for button in (self.add_button, self.edit_button, self.calibration_button, self.capture_button):
            button.setEnabled(actor is not None)
        self.captures = QTabWidget()
        self.captures.setTabsClosable(True)
        self.captures.tabCloseRequested.connect(lambda index: self._stop_panel(self.captures.widget(index)))
        self.captures.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.add_button, self.edit_button, self.calibration_button, self.capture_button):
            buttons.addWidget(button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.message)
        top_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.captures)
        self.splitter.setSizes([260, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)

    def refresh(self) -> None:
        self._runner.run(self._services.capture.lines, on_done=self._lines_loaded, on_error=self._failed)
        self._runner.run(self._services.overview.instruments, on_done=self._loaded, on_error=self._failed)

    def _lines_loaded(self, lines: list[InstrumentLine]) -> None:
        self._lines = {line.id: line for line in lines}
        self.model.set_rows(self.model.rows)

    def _loaded(self, rows: list[InstrumentRow]) -> None:
        self.message.clear_message()
        self.model.set_rows(rows)
        today = self._today()
        expired = sum(1 for r in rows if calibration_expired(r, today))
        self.summary.setText(self.tr("{n} instruments, {expired} with an expired calibration").format(
            n=len(rows), expired=expired))

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    def _calibration_text(self, row: InstrumentRow) -> str:
        if row.calibration_valid_until is None:
            return self.tr("No calibration record")
        if calibration_expired(row, self._today()):
            return self.tr("Expired")
        return self.tr("Valid")

    def selected_line(self) -> InstrumentLine | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        return self._lines.get(row.id) if row is not None else None

    def add_instrument(self) -> None:
        self._open_dialog(None)

    def edit_instrument(self) -> None:
        line = self.selected_line()
        if line is None:
            self.message.show_error(self.tr("Choose an instrument first"))
            return
        self._open_dialog(line)

    def record_calibration(self) -> None:
        line = self.selected_line()
        if line is None or self._actor is None:
            self.message.show_error(self.tr("Choose an instrument first"))
            return
        dialog = CalibrationDialog(self._services, self._actor, self._runner, line, self._today(), self)
        dialog.saved.connect(lambda _line: self.refresh())
        self.dialog = dialog
        dialog.open()

    def _open_dialog(self, line: InstrumentLine | None) -> None:
        if self._actor is None:
            return
        self.dialog = InstrumentDialog(self._services, self._actor, self._runner, line, self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()

    def start_capture(self) -> CapturePanel | None:
        line = self.selected_line()
        if line is None or self._actor is None:
            self.message.show_error(self.tr("Choose an instrument first"))
            return None
        if line.id in self.panels:
            self.captures.setCurrentWidget(self.panels[line.id])
            return self.panels[line.id]
        panel = CapturePanel(self._services, self._actor, self._runner, line)
        panel.closed.connect(self._panel_closed)
        self.panels[line.id] = panel
        self.captures.addTab(panel, line.name)
        self.captures.setCurrentWidget(panel)
        self.captures.show()
        panel.start()
        return panel

    def _stop_panel(self, widget: QWidget | None) -> None:
        if isinstance(widget, CapturePanel):
            widget.stop()

    def _panel_closed(self, panel: CapturePanel) -> None:
        if panel.worker.refusal is not None:  # the panel goes: its reason stays on the page
            self.message.show_error(error_text(panel.worker.refusal))
        self.panels.pop(panel.line.id, None)
        index = self.captures.indexOf(panel)
        if index >= 0:
            self.captures.removeTab(index)
        panel.deleteLater()
        self.captures.setVisible(bool(self.panels))

    def stop_all(self, ms: int = 10_000) -> bool:
        """Stop every capture (the window closing); True when all stopped in time."""
        return all(panel.wait_stopped(ms) for panel in list(self.panels.values()))
