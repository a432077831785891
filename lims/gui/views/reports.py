"""Reports, newest first."""
from __future__ import annotations

from datetime import tzinfo

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lims.domain.enums import ReportStatus
from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import MUTED_TEXT, Column, MessageLabel, RowsModel, make_table, set_column_widths
from lims.services.container import Services
from lims.services.overview import ReportRow


def _void_colour(row: ReportRow) -> QColor | None:
    return MUTED_TEXT if row.status == ReportStatus.VOID else None


class ReportsView(QWidget):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._zone = zone or vocabulary.default_lab_zone()
        self._services = services
        self._runner = runner
        self.model: RowsModel[ReportRow] = RowsModel([
            Column[ReportRow](self.tr("Report number"), self._number_text, foreground=_void_colour),
            Column[ReportRow](self.tr("Sample code"), lambda r: r.sample_code, foreground=_void_colour),
            Column[ReportRow](self.tr("Status"), lambda r: vocabulary.report_status(r.status), foreground=_void_colour),
            Column[ReportRow](self.tr("Issued at"), lambda r: vocabulary.format_in(r.issued_at, self._zone),
                              foreground=_void_colour),
        ], self)
        self.table = make_table(self.model)
        set_column_widths(self.table, [200, 180, 120, 160])
        self.summary = QLabel()
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self._runner.run(self._services.overview.reports, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, rows: list[ReportRow]) -> None:
        self.message.clear_message()
        self.model.set_rows(rows)
        self.summary.setText(self.tr("Reports shown: {n}").format(n=len(rows)))

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    def _number_text(self, row: ReportRow) -> str:
        return row.number or self.tr("(no number until issued)")
