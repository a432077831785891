"""The sample list with its filter bar, fetched 100 rows at a time, and the barcode scanner.

A keyboard-wedge scanner types a sample's code into whatever has the focus, much faster than
a person, and ends it with Enter. ``BarcodeScanDetector`` watches the window's key presses,
tells such a burst from typing, and hands the code on instead of letting it land in a field."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.enums import SampleStatus, Verdict
from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import (
    FAIL_TEXT,
    MUTED_TEXT,
    CellDelegate,
    Column,
    MessageLabel,
    PagedModel,
    TreeComboBox,
    keep_column_widths,
    make_table,
    set_column_widths,
)
from lims.services.container import Services
from lims.services.dto import Choice, SampleFilter, SampleListOptions, SampleRow

PAGE_SIZE = 100
PRODUCER_COLUMN, AREA_COLUMN, TASK_COLUMN = 3, 4, 5
SEARCH_DELAY_MS = 300
DEFAULT_DAYS_BACK = 30  # where the "from" date starts when a person ticks it

# a scanner sends each character within a few milliseconds of the last; people rarely type two
# keys 30 ms apart and never six in a row
SCAN_MAX_GAP_MS = 30
SCAN_MIN_LENGTH = 6
_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                  Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock}
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
_TYPING_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def _verdict_colour(row: SampleRow) -> QColor | None:
    if row.verdict == Verdict.FAIL:
        return FAIL_TEXT
    if row.verdict == Verdict.NO_BASIS:
        return MUTED_TEXT
    return None


class SamplesView(QWidget):
    """Emits ``first_page_loaded`` once, when the first page of samples is on screen, and
    ``sample_opened`` with a SampleRow when a person opens a sample (double-click, Enter,
    a scanned code)."""

    first_page_loaded = Signal()
    sample_opened = Signal(object)  # SampleRow

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None, settings: AppSettings | None = None, user: str = "") -> None:
        """With ``settings``, the column widths ``user`` gives the list are kept for them."""
        super().__init__(parent)
        self._zone = zone or vocabulary.default_lab_zone()
        self._services = services
        self._runner = runner
        self._first_page_seen = False
        self._select_when_loaded: int | None = None  # a sample id to select once its page is in

        columns = [
            Column[SampleRow](self.tr("Sample code"), lambda r: r.code),
            Column[SampleRow](self.tr("Status"), lambda r: vocabulary.sample_status(r.status)),
            Column[SampleRow](self.tr("Product"), lambda r: r.product),
            Column[SampleRow](self.tr("Producer"), lambda r: r.producer, tooltip=lambda r: r.producer),
            Column[SampleRow](self.tr("Area"), lambda r: r.area, tooltip=lambda r: r.area),
            Column[SampleRow](self.tr("Sampling task"), lambda r: r.task, tooltip=lambda r: r.task),
            Column[SampleRow](self.tr("Sampling date"), lambda r: vocabulary.format_in(r.sampled_at, self._zone)),
            Column[SampleRow](self.tr("Verdict"), lambda r: vocabulary.verdict(r.verdict),
                              foreground=_verdict_colour),
        ]
        self.model: PagedModel[SampleRow, SampleFilter] = PagedModel(
            runner, services.samples.page, columns, SampleFilter(), PAGE_SIZE, self
        )
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(self._load_failed)

        self.status = self._combo(8)
        self.status.addItem(self.tr("All statuses"), None)
        for status in SampleStatus:
            self.status.addItem(vocabulary.sample_status(status), status.value)
        self.task = self._combo(14)
        self.task.addItem(self.tr("All tasks"), None)
        self.product = TreeComboBox()
        self._shape(self.product, 8)
        self.product.addItem(self.tr("All products"), None)
        self.area = TreeComboBox()
        self._shape(self.area, 8)
        self.area.addItem(self.tr("All areas"), None)
        self.producer = self._combo(14)
        self.producer.addItem(self.tr("All producers"), None)
        self.verdict = self._combo(8)
        self.verdict.addItem(self.tr("All verdicts"), None)
        for verdict in Verdict:
            self.verdict.addItem(vocabulary.verdict(verdict), verdict.value)

        today = vocabulary.today_in(self._zone)
        self.use_from = QCheckBox(self.tr("From"))
        self.sampled_from = self._date_edit(today - timedelta(days=DEFAULT_DAYS_BACK))
        self.use_to = QCheckBox(self.tr("To"))
        self.sampled_to = self._date_edit(today)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by sample code or producer"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.clicked.connect(lambda: self.reset_filters())
        self.export_button = QPushButton(self.tr("Export results…"))
        self.export_button.setToolTip(self.tr("The current results of the samples these filters show, "
                                              "to Excel (.xlsx) or CSV"))
        self.export_button.clicked.connect(self.ask_export)

        for combo in (self.status, self.task, self.product, self.area, self.producer, self.verdict):
            combo.currentIndexChanged.connect(self._apply_filter)
        for box, edit in ((self.use_from, self.sampled_from), (self.use_to, self.sampled_to)):
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(self._apply_filter)
            edit.dateChanged.connect(self._apply_filter)

        self.total = QLabel()
        self.detail = QLabel()
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = MessageLabel()

        self.table = make_table(self.model, self)
        # tasks, producers and areas often share their first words ("2026年阿鲁科尔沁旗…"): cut
        # in the middle, they keep the ends that tell them apart
        self.table.setItemDelegate(CellDelegate(self.table, middle=(PRODUCER_COLUMN, AREA_COLUMN, TASK_COLUMN)))
        set_column_widths(self.table, [125, 90, 75, 230, 120, 260, 125])
        if settings is not None:
            keep_column_widths(self.table, settings, user, "samples")
        self.table.activated.connect(self._row_activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)

        filters = QGridLayout()
        filters.setHorizontalSpacing(8)
        cells = [
            (self.tr("Status"), self.status), (self.tr("Sampling task"), self.task),
            (self.tr("Product"), self.product), (self.tr("Producer"), self.producer),
            (self.tr("Area"), self.area), (self.tr("Verdict"), self.verdict),
        ]
        for i, (text, combo) in enumerate(cells):
            row, column = divmod(i, 3)
            filters.addWidget(QLabel(text), row, 2 * column)
            filters.addWidget(combo, row, 2 * column + 1)
        for column in (1, 3, 5):
            filters.setColumnStretch(column, 1)
        dates = QHBoxLayout()
        dates.setSpacing(4)
        dates.addWidget(self.use_from)
        dates.addWidget(self.sampled_from)
        dates.addSpacing(8)
        dates.addWidget(self.use_to)
        dates.addWidget(self.sampled_to)
        dates.addStretch(1)
        filters.addWidget(QLabel(self.tr("Sampling date")), 2, 0)
        filters.addLayout(dates, 2, 1, 1, 5)
        search = QHBoxLayout()
        search.addWidget(self.search, 1)
        search.addWidget(self.clear_button)
        search.addWidget(self.export_button)
        footer = QHBoxLayout()
        footer.addWidget(self.total)
        footer.addStretch(1)
        footer.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.addLayout(search)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self._load_options()
        self.model.reload()

    # --- construction -------------------------------------------------------------------------

    @staticmethod
    def _shape(combo: QComboBox, characters: int) -> None:
        """Long names (tasks, producers) are cut in the closed box, not allowed to widen the bar."""
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(characters)
        combo.setMaxVisibleItems(20)

    def _combo(self, characters: int) -> QComboBox:
        combo = QComboBox()
        self._shape(combo, characters)
        return combo

    @staticmethod
    def _date_edit(day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        return edit

    # --- filters -----------------------------------------------------------------------------

    def current_filter(self) -> SampleFilter:
        text = self.search.text().strip()
        return SampleFilter(
            status=self.status.currentData(),
            text=text or None,
            task_id=self.task.currentData(),
            product_id=self.product.currentData(),
            area_id=self.area.currentData(),
            sampled_from=vocabulary.day_from(self.sampled_from.date()) if self.use_from.isChecked() else None,
            sampled_to=vocabulary.day_from(self.sampled_to.date()) if self.use_to.isChecked() else None,
            producer_id=self.producer.currentData(),
            verdict=self.verdict.currentData(),
        )

    def reset_filters(self, text: str = "") -> None:
        """Every filter back to "all" and the search box set to ``text``."""
        combos = (self.status, self.task, self.product, self.area, self.producer, self.verdict)
        widgets = (*combos, self.use_from, self.use_to, self.search)
        for widget in widgets:
            widget.blockSignals(True)
        for combo in combos:
            combo.setCurrentIndex(0)
        for box, edit in ((self.use_from, self.sampled_from), (self.use_to, self.sampled_to)):
            box.setChecked(False)
            edit.setEnabled(False)
        self.search.setText(text)
        for widget in widgets:
            widget.blockSignals(False)
        self._apply_filter()

    def refresh(self) -> None:
        self._load_options()
        self.model.reload()

    def _load_options(self) -> None:
        self._runner.run(self._services.samples.options, on_done=self._options_loaded,
                         on_error=self._load_failed)

    def _options_loaded(self, options: SampleListOptions) -> None:
        self._refill(self.task, lambda: self._add_choices(self.task, options.tasks))
        self._refill(self.product, lambda: self.product.add_nodes(options.products))
        self._refill(self.area, lambda: self.area.add_nodes(options.areas))
        self._refill(self.producer, lambda: self._add_choices(self.producer, options.producers))
        self._apply_filter()  # a chosen task or producer that is gone has fallen back to "all"

    @staticmethod
    def _add_choices(combo: QComboBox, choices: tuple[Choice, ...]) -> None:
        for choice in choices:
            combo.addItem(choice.name, choice.id)
            combo.setItemData(combo.count() - 1, choice.name, Qt.ItemDataRole.ToolTipRole)

    @staticmethod
    def _refill(combo: QComboBox, fill: Callable[[], None]) -> None:
        """New choices after the first ("all"), the current one kept when it still exists."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        fill()
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _apply_filter(self) -> None:
        self._debounce.stop()
        self._select_when_loaded = None
        flt = self.current_filter()
        if flt != self.model.filter:
            self.total.setText(self.tr("Searching…"))
            self.model.set_filter(flt)

    # --- pages -------------------------------------------------------------------------------

    def _page_loaded(self, _offset: int, total: int) -> None:
        self.message.clear_message()
        self.total.setText(self.tr("Samples found: {n}").format(n=total))
        if self._select_when_loaded is not None and self._select(self._select_when_loaded):
            self._select_when_loaded = None
        if not self._first_page_seen:
            self._first_page_seen = True
            self.first_page_loaded.emit()

    def _load_failed(self, err: LimsError) -> None:
        self.total.clear()
        self.message.show_error(error_text(err))

    # --- results export ----------------------------------------------------------------------

    def ask_export(self) -> None:
        default = str(Path.home() / f"results-{vocabulary.today_in(self._zone).isoformat()}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export results"), default,
                                              self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"))
        if path:
            self.export_results(Path(path))

    def export_results(self, path: Path) -> None:
        """Write the current results of the samples the filters select, off the GUI thread."""
        self.export_button.setEnabled(False)
        self.message.show_info(self.tr("Exporting results to {path}…").format(path=str(path)))
        self._runner.run(self._services.exports.export_results, path, self.current_filter(),
                         on_done=lambda count: self._exported(path, count), on_error=self._export_failed)

    def _exported(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self.message.show_ok(self.tr("{n} result(s) written to {path}").format(n=count, path=str(path)))

    def _export_failed(self, err: LimsError) -> None:
        self.export_button.setEnabled(True)
        self.message.show_error(error_text(err))

    # --- opening a sample --------------------------------------------------------------------

    def open_code(self, code: str) -> None:
        """Find the sample with this code (as scanned) and open it, or say that there is none."""
        self._runner.run(self._services.samples.find_by_code, code,
                         on_done=partial(self._code_found, code), on_error=self._load_failed)

    def open_sample(self, row: SampleRow) -> None:
        """Select the sample in the list, showing it alone when it is not among the rows
        loaded, and tell whoever shows sample forms."""
        self.message.clear_message()
        self._show_detail(row)
        if not self._select(row.id):
            self.reset_filters(text=row.code)
            self._select_when_loaded = row.id
        self.sample_opened.emit(row)

    def _code_found(self, code: str, row: SampleRow | None) -> None:
        if row is None:
            self.message.show_error(self.tr("No sample has the code {code}").format(code=code.strip()))
            return
        self.open_sample(row)

    def _select(self, sample_id: int) -> bool:
        for i in range(self.model.rowCount()):
            row = self.model.row_at(i)
            if row is not None and row.id == sample_id:
                self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def _row_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_sample(row)

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        if row is not None:
            self._show_detail(row)

    def _show_detail(self, row: SampleRow) -> None:
        self.detail.setText(self.tr("Selected sample: {code}").format(code=row.code))


@dataclass(frozen=True)
class _HeldKey:
    receiver: QObject
    type: QEvent.Type
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class BarcodeScanDetector(QObject):
    """An application event filter that tells a keyboard-wedge scanner from a person.

    Printable keys typed into ``window`` are held back while they come in faster than
    ``max_gap_ms`` apart. When Enter follows at least ``min_length`` of them just as fast, they
    were a scan: ``scanned`` carries the code and neither the characters nor the Enter reach
    the focused widget. Otherwise the held keys are passed on as they were typed, at most
    ``max_gap_ms`` late, which a person does not notice. Keys for other windows (dialogs) are
    left alone, so a dialog's own code field still receives a scan as typed text."""

    scanned = Signal(str)

    def __init__(self, window: QWidget, max_gap_ms: int = SCAN_MAX_GAP_MS,
                 min_length: int = SCAN_MIN_LENGTH, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self._held: list[_HeldKey] = []
        self._chars = 0
        self._last_key_at = 0.0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.flush)

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        self.flush()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            if self._replaying or not self._first_receiver_in_window(watched):
                return False
            if not isinstance(event, QKeyEvent):
                return False
            if kind == QEvent.Type.KeyPress:
                return self._pressed(watched, event)
            return self._released(watched, event)
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusOut) and self._held:
            self.flush()
        return False

    def flush(self) -> None:
        """Pass the held keys on to the widgets they were meant for, in the order typed."""
        self._timer.stop()
        held, self._held, self._chars = self._held, [], 0
        self._replaying = True
        try:
            for k in held:
                if shiboken6.isValid(k.receiver):
                    QCoreApplication.sendEvent(k.receiver, QKeyEvent(k.type, k.key, k.modifiers, k.text))
        finally:
            self._replaying = False

    # --- keys --------------------------------------------------------------------------------

    def _first_receiver_in_window(self, watched: QObject) -> bool:
        """True for a key event's first delivery to a widget of the watched window: to the
        focus widget (or the window itself when nothing has the focus). The same event then
        travels up to the parents and passes this filter again; those passes are not counted."""
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        focus = QApplication.focusWidget()
        return watched is focus if focus is not None else watched.isWindow()

    def _pressed(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False  # the Shift a scanner presses for capitals neither ends nor joins a code
        now = time.monotonic() * 1000
        fast = bool(self._held) and now - self._last_key_at <= self.max_gap_ms
        typing = not (event.modifiers() & ~_TYPING_MODIFIERS)
        if key in _ENTER_KEYS and typing and not event.isAutoRepeat():
            if fast and self._chars >= self.min_length:
                code = "".join(k.text for k in self._held if k.type == QEvent.Type.KeyPress)
                self._timer.stop()
                self._held, self._chars = [], 0
                self.scanned.emit(code)
                return True
            self.flush()
            return False
        text = event.text()
        if not (typing and text and text.isprintable()) or event.isAutoRepeat():
            self.flush()
            return False
        if self._held and not fast:
            self.flush()
        self._held.append(_HeldKey(watched, QEvent.Type.KeyPress, key, event.modifiers(), text))
        self._chars += 1
        self._last_key_at = now
        self._timer.start(self.max_gap_ms)
        return True

    def _released(self, watched: QObject, event: QKeyEvent) -> bool:
        if not self._held or event.key() in _MODIFIER_KEYS:
            return False
        # a release must not overtake its held press (a focused button clicks on release)
        self._held.append(_HeldKey(watched, QEvent.Type.KeyRelease, event.key(), event.modifiers(), event.text()))
        return True
