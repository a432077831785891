"""Instruments with the validity of their latest calibration."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, Tint, rows_table, tinted
from lims.services.container import Services
from lims.services.overview import InstrumentRow


def calibration_expired(row: InstrumentRow, today: date) -> bool:
    return row.calibration_valid_until is not None and row.calibration_valid_until < today


class InstrumentsView(QWidget):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._today = today

        def tint(row: InstrumentRow) -> Tint | None:
            if row.calibration_valid_until is None:
                return Tint.DUE
            return Tint.EXPIRED if calibration_expired(row, self._today()) else None

        self.model, self.table = rows_table(tinted([
            Column[InstrumentRow](self.tr("Instrument"), lambda r: r.name),
            Column[InstrumentRow](self.tr("Model"), lambda r: r.model),
            Column[InstrumentRow](self.tr("Serial number"), lambda r: r.serial_no),
            Column[InstrumentRow](self.tr("Adapter"), lambda r: r.adapter),
            Column[InstrumentRow](self.tr("Port"), lambda r: r.port),
            Column[InstrumentRow](self.tr("Calibrated until"),
                                  lambda r: vocabulary.format_date(r.calibration_valid_until)),
            Column[InstrumentRow](self.tr("Calibration"), self._calibration_text),
        ], tint), [220, 150, 140, 150, 180, 120], self)
        self.message = MessageLabel()
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self._runner.run(self._services.overview.instruments, on_done=self._loaded, on_error=self._failed)

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
