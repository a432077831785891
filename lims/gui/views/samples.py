"""The sample list: filtered by status and by code or producer, fetched 100 rows at a time."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from lims.domain.enums import SampleStatus, Verdict
from lims.domain.errors import LimsError
from lims.gui import labels
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import (
    FAIL_TEXT,
    MUTED_TEXT,
    Column,
    MessageLabel,
    PagedModel,
    make_table,
    set_column_widths,
)
from lims.services.container import Services
from lims.services.dto import SampleFilter, SampleRow

PAGE_SIZE = 100
SEARCH_DELAY_MS = 300


def _verdict_colour(row: SampleRow) -> QColor | None:
    if row.verdict == Verdict.FAIL:
        return FAIL_TEXT
    if row.verdict == Verdict.NO_BASIS:
        return MUTED_TEXT
    return None


class SamplesView(QWidget):
    """Emits ``first_page_loaded`` once, when the first page of samples is on screen."""

    first_page_loaded = Signal()

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._first_page_seen = False

        columns = [
            Column[SampleRow](self.tr("Sample code"), lambda r: r.code),
            Column[SampleRow](self.tr("Status"), lambda r: labels.sample_status(r.status)),
            Column[SampleRow](self.tr("Product"), lambda r: r.product),
            Column[SampleRow](self.tr("Producer"), lambda r: r.producer, tooltip=lambda r: r.producer),
            Column[SampleRow](self.tr("Area"), lambda r: r.area, tooltip=lambda r: r.area),
            Column[SampleRow](self.tr("Sampling task"), lambda r: r.task, tooltip=lambda r: r.task),
            Column[SampleRow](self.tr("Sampling date"), lambda r: labels.format_local(r.sampled_at)),
            Column[SampleRow](self.tr("Verdict"), lambda r: labels.verdict(r.verdict),
                              foreground=_verdict_colour),
        ]
        self.model: PagedModel[SampleRow, SampleFilter] = PagedModel(
            runner, services.samples.page, columns, SampleFilter(), PAGE_SIZE, self
        )
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(self._load_failed)

        self.status = QComboBox()
        self.status.addItem(self.tr("All statuses"), None)
        for status in SampleStatus:
            self.status.addItem(labels.sample_status(status), status.value)
        self.status.setMinimumContentsLength(8)
        self.status.currentIndexChanged.connect(self._apply_filter)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by sample code or producer"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)

        self.total = QLabel()
        self.message = MessageLabel()

        self.table = make_table(self.model, self)
        set_column_widths(self.table, [125, 100, 75, 220, 150, 180, 125])

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Status")))
        bar.addWidget(self.status)
        bar.addSpacing(12)
        bar.addWidget(self.search, 1)
        bar.addSpacing(12)
        bar.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        self.model.reload()

    def current_filter(self) -> SampleFilter:
        text = self.search.text().strip()
        return SampleFilter(status=self.status.currentData(), text=text or None)

    def refresh(self) -> None:
        self.model.reload()

    def _apply_filter(self) -> None:
        self._debounce.stop()
        flt = self.current_filter()
        if flt != self.model.filter:
            self.total.setText(self.tr("Searching…"))
            self.model.set_filter(flt)

    def _page_loaded(self, _offset: int, total: int) -> None:
        self.message.clear_message()
        self.total.setText(self.tr("Samples found: {n}").format(n=total))
        if not self._first_page_seen:
            self._first_page_seen = True
            self.first_page_loaded.emit()

    def _load_failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
