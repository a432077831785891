"""A capture panel per open line: the run's settings (the kit lot in use, the sample code of each
channel, the strips to read), live readings, the link's state, error counts and the unmatched
queue. The line itself is read by a ``CaptureWorker`` on its own QThread (the services'
``CaptureRunner``); the GUI thread only hears its signals and hands the settings over."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from instruments.adapter import LinkEvent
from lims.domain.capture import ReadingState, normalise_code
from lims.domain.errors import LimsError, WorkstationBusy
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import UNEXPECTED_TEMPLATE, TaskRunner, UnexpectedError
from lims.gui.vocabulary import QT_TRANSLATE_NOOP
from lims.gui.widgets import Column, MessageLabel, rows_table
from lims.services.capture import CaptureKitLot, InstrumentLine, ReadingRow, StoreOutcome
from lims.services.capture_lease import Holder
from lims.services.capture_runner import BenchChoice, CaptureRunner, CaptureStats, journal_folder, journal_path
from lims.services.container import Services
from lims.services.dto import Actor

# what happened on the line, in words (the tooltip of the link's state; an event of another kind shows as named)
EVENT_WORDS = {
    "port opened": QT_TRANSLATE_NOOP("CapturePanel", "port opened"),
    "port lost": QT_TRANSLATE_NOOP("CapturePanel", "port lost"),
    "port in use": QT_TRANSLATE_NOOP("CapturePanel", "port in use by another program"),
    "port unavailable": QT_TRANSLATE_NOOP("CapturePanel", "port unavailable"),
    "write failed": QT_TRANSLATE_NOOP("CapturePanel", "sending to the instrument failed"),
    "no answer": QT_TRANSLATE_NOOP("CapturePanel", "no answer"),
    "answer too long": QT_TRANSLATE_NOOP("CapturePanel", "answer too long"),
    "unrequested bytes": QT_TRANSLATE_NOOP("CapturePanel", "bytes nobody asked for"),
    "stray bytes": QT_TRANSLATE_NOOP("CapturePanel", "stray bytes"),
    "unmatched line": QT_TRANSLATE_NOOP("CapturePanel", "a line not understood"),
    "bad record": QT_TRANSLATE_NOOP("CapturePanel", "a record not understood"),
    "duplicate frame": QT_TRANSLATE_NOOP("CapturePanel", "a frame sent twice"),
    "message interrupted": QT_TRANSLATE_NOOP("CapturePanel", "message interrupted"),
    "receiver busy": QT_TRANSLATE_NOOP("CapturePanel", "the instrument is busy"),
    "contention": QT_TRANSLATE_NOOP("CapturePanel", "both sides wanted to send"),
    "session opened": QT_TRANSLATE_NOOP("CapturePanel", "session opened"),
    "download complete": QT_TRANSLATE_NOOP("CapturePanel", "download complete"),
    "download stalled": QT_TRANSLATE_NOOP("CapturePanel", "download stalled"),
    "reading requested": QT_TRANSLATE_NOOP("CapturePanel", "readings asked for"),
    "reader answered": QT_TRANSLATE_NOOP("CapturePanel", "the reader answered"),
    "readings stored": QT_TRANSLATE_NOOP("CapturePanel", "readings stored"),
    "database busy": QT_TRANSLATE_NOOP("CapturePanel", "database busy: readings kept in the journal"),
    "bench set": QT_TRANSLATE_NOOP("CapturePanel", "kit lot and channels set"),
    "bench restored": QT_TRANSLATE_NOOP("CapturePanel", "kit lot and channels of the interrupted capture restored"),
    "bench not restored": QT_TRANSLATE_NOOP("CapturePanel", "kit lot and channels of the interrupted capture not "
                                                            "restored"),
    "strips restored": QT_TRANSLATE_NOOP("CapturePanel", "strips of the interrupted capture queued again"),
    "state not restored": QT_TRANSLATE_NOOP("CapturePanel", "state of the interrupted capture not restored"),
    "stopped": QT_TRANSLATE_NOOP("CapturePanel", "stopped"),
}

log = logging.getLogger(__name__)

RESTART_AFTER = 5.0  # seconds before a capture that failed on the database starts again
LIVE_ROWS = 200  # readings kept in the live list


def reason_text(row: ReadingRow) -> str:
    """Why a reading waits, in the interface's language when the service kept it as an error."""
    return error_text(row.reason_error) if row.reason_error is not None else row.reason


class CaptureWorker(QThread):
    """Runs one line's capture until ``stop()``. A failure of the database (not a refusal) is
    reported and the capture starts again after a pause, recovering from its journal; a busy
    database is one such failure. The run's settings handed in (``set_bench``, ``queue_strips``,
    ``read_now``) go to the running capture, and a restarted one keeps the settings and the
    capture's hold on the instrument."""

    stored = Signal(object)  # StoreOutcome
    link_changed = Signal(object, object)  # LinkEvent, CaptureStats
    failed = Signal(object)  # LimsError

    def __init__(self, services: Services, actor: Actor, line: InstrumentLine, journal_dir: Path | None = None,
                 make_runner: Callable[..., CaptureRunner] = CaptureRunner) -> None:
        super().__init__()
        self._services, self._actor, self._line = services, actor, line
        self._journal = journal_path(journal_dir or journal_folder(), services.database, line.id)
        self._make_runner = make_runner
        self._stop = threading.Event()
        self.holder = Holder()
        self._lock = threading.Lock()
        self._bench = BenchChoice()
        self._runner: CaptureRunner | None = None
        self._strips: list[str] = []
        self._read_now = False
        self.refusal: LimsError | None = None  # why the capture ended without being stopped

    def stop(self) -> None:
        self._stop.set()

    def set_bench(self, bench: BenchChoice) -> None:
        with self._lock:
            self._bench = bench
            if self._runner is not None:
                self._runner.set_bench(bench)

    def queue_strips(self, codes: list[str]) -> None:
        with self._lock:
            if self._runner is not None:
                self._runner.queue_strips(codes)
            else:
                self._strips.extend(codes)

    def read_now(self) -> None:
        with self._lock:
            if self._runner is not None:
                self._runner.read_now()
            else:
                self._read_now = True

    def run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                runner = self._make_runner(
                    self._services.capture, self._actor, self._line.name, self._journal,
                    on_stored=self.stored.emit, on_event=lambda event, stats: self.link_changed.emit(event, stats),
                    on_refused=self.failed.emit, bench=self._bench, holder=self.holder,
                    start_at_open=not self._line.bench.channels)  # a channel reader waits for its map
                runner.queue_strips(self._strips)
                if self._read_now:
                    runner.read_now()
                self._strips, self._read_now, self._runner = [], False, runner
            try:
                runner.run(self._stop)
                return
            except WorkstationBusy as exc:  # another workstation held the database: try again shortly
                self.failed.emit(exc)
                self._stop.wait(RESTART_AFTER)
            except LimsError as exc:  # refused (no right, no such instrument, in use, bad settings): wait for a person
                self.refusal = exc
                self.failed.emit(exc)
                return
            except Exception as exc:  # the database or the disk failed: the journal keeps what arrived
                log.exception("capture of %s failed; starting again", self._line.name)
                self.failed.emit(UnexpectedError(UNEXPECTED_TEMPLATE, kind=type(exc).__name__))
                self._stop.wait(RESTART_AFTER)
            finally:
                with self._lock:
                    self._runner = None


class NextOnEnter(QStyledItemDelegate):
    """Enter (which a barcode scanner sends after each code) keeps the code typed and goes on to
    edit the next channel."""

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if isinstance(editor, QWidget):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)
            return True
        return super().eventFilter(editor, event)


class CapturePanel(QWidget):
    """One instrument's capture. ``closed`` is emitted once its worker has stopped."""

    closed = Signal(object)

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, line: InstrumentLine,
                 worker: CaptureWorker | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self._runner, self.line = services, actor, runner, line
        self.live_rows: list[ReadingRow] = []
        self.link = QLabel(self.tr("Link: starting"))
        self.link.setObjectName("capture-link")
        self.counts = QLabel()
        self.message = MessageLabel()
        self.stop_button = QPushButton(self.tr("Stop capture"))
        self.stop_button.clicked.connect(self.stop)
        self.kit_lots: list[CaptureKitLot] = []
        self.kit_lot = QComboBox()
        self.kit_lot.addItem(self.tr("No kit lot"), None)
        self.kit_lot.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kit_lot.setToolTip(self.tr("The kit lot in use: its cut-offs judge the readings, its expiry is checked"))
        self.kit_warning = QLabel()
        self.kit_warning.setStyleSheet("color: #b35c00")
        self.channels = QTableWidget(1, line.bench.channels)
        self.channels.setHorizontalHeaderLabels([self.tr("Channel {n}").format(n=n)
                                                 for n in range(1, line.bench.channels + 1)])
        self.channels.setVerticalHeaderLabels([self.tr("Sample code")])
        self.channels.setItemDelegate(NextOnEnter(self.channels))
        triggers = QTableWidget.EditTrigger
        self.channels.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked | triggers.EditKeyPressed
                                      | triggers.AnyKeyPressed)  # a scanned code starts editing the cell
        self.channels.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.channels.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.channels.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in range(line.bench.channels):
            self.channels.setItem(0, column, QTableWidgetItem(""))
        self.channels.setFixedHeight(self.channels.horizontalHeader().sizeHint().height()
                                     + self.channels.rowHeight(0) + 4)
        self.control_channel = QComboBox()
        self.control_channel.addItem(self.tr("No control channel"), None)
        for n in range(1, line.bench.channels + 1):
            self.control_channel.addItem(self.tr("Control in channel {n}").format(n=n), n)
        self.read_button = QPushButton(self.tr("Read the reader"))
        self.read_button.setToolTip(self.tr("Ask the reader for its readings, with the channels as typed above"))
        self.read_button.clicked.connect(self.read_now)
        self.strip_code = QLineEdit()
        self.strip_code.setPlaceholderText(self.tr("Scan a strip's sample code, then insert the strip"))
        self.strip_code.returnPressed.connect(self.queue_strip)
        self.strips_queued = QLabel()

        def state_text(row: ReadingRow) -> str:
            return {ReadingState.STORED: self.tr("Stored"), ReadingState.UNMATCHED: self.tr("Unmatched"),
                    ReadingState.HELD: self.tr("Held"), ReadingState.RELEASED: self.tr("Released"),
                    ReadingState.DISCARDED: self.tr("Discarded")}[row.state]

        columns = [
            Column[ReadingRow](self.tr("Received"), lambda r: r.received_at.astimezone().strftime("%H:%M:%S")),
            Column[ReadingRow](self.tr("Sample code"), lambda r: r.sample),
            Column[ReadingRow](self.tr("Code"), lambda r: r.parameter),
            Column[ReadingRow](self.tr("Value"), lambda r: f"{r.value} {r.unit}".strip()),
            Column[ReadingRow](self.tr("State"), state_text, tooltip=reason_text),
        ]
        self.live_model, self.live_table = rows_table(columns, [70, 140, 60, 100, 70], self, stretch=4)
        self.queue_model, self.queue_table = rows_table(
            [*columns[:4], Column[ReadingRow](self.tr("Why"), reason_text, tooltip=reason_text)],
            [70, 130, 60, 90, 200], self, stretch=4)
        self.sample_code = QLineEdit()
        self.sample_code.setPlaceholderText(self.tr("Sample code for the chosen reading"))
        self.assign_button = QPushButton(self.tr("Assign"))
        self.assign_button.clicked.connect(self.assign_selected)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason for releasing a held reading (lab manager)"))
        self.release_button = QPushButton(self.tr("Release"))
        self.release_button.clicked.connect(self.release_selected)

        head = QHBoxLayout()
        head.addWidget(self.link)
        head.addWidget(self.counts, 1)
        head.addWidget(self.stop_button)
        bench = QGridLayout()
        bench.setColumnStretch(4, 1)
        needs = line.bench
        if needs.kit_kind is not None:
            bench.addWidget(QLabel(self.tr("Kit lot")), 0, 0)
            bench.addWidget(self.kit_lot, 0, 1, 1, 2)
            bench.addWidget(self.kit_warning, 0, 3, 1, 2)
        if needs.strips:
            bench.addWidget(QLabel(self.tr("Strips")), 1, 0)
            bench.addWidget(self.strip_code, 1, 1, 1, 2)
            bench.addWidget(self.strips_queued, 1, 3, 1, 2)
        if needs.channels:
            bench.addWidget(self.channels, 2, 0, 1, 5)
            reading = QHBoxLayout()
            reading.addWidget(self.control_channel)
            reading.addWidget(self.read_button)
            reading.addStretch(1)
            bench.addLayout(reading, 3, 0, 1, 5)
        laid_out: list[QWidget] = []
        if needs.kit_kind is not None:
            laid_out += [self.kit_lot, self.kit_warning]
        if needs.strips:
            laid_out += [self.strip_code, self.strips_queued]
        if needs.channels:
            laid_out += [self.channels, self.control_channel, self.read_button]
        for widget in (self.kit_lot, self.kit_warning, self.channels, self.control_channel, self.read_button,
                       self.strip_code, self.strips_queued):
            if widget not in laid_out:  # not laid out for this reader
                widget.setParent(self)  # kept (the panel's code reads them) but not shown
                widget.hide()
        assign_row = QHBoxLayout()
        assign_row.addWidget(self.sample_code, 1)
        assign_row.addWidget(self.assign_button)
        release_row = QHBoxLayout()
        release_row.addWidget(self.reason, 1)
        release_row.addWidget(self.release_button)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Live readings")), 0, 0)
        grid.addWidget(QLabel(self.tr("Waiting readings: assign an unmatched one its sample code; "
                                      "a held one waits for a manager")), 0, 1)
        grid.addWidget(self.live_table, 1, 0, 3, 1)
        grid.addWidget(self.queue_table, 1, 1)
        grid.addLayout(assign_row, 2, 1)
        grid.addLayout(release_row, 3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
        layout.addLayout(bench)
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)
        self._show_counts(CaptureStats())
        self._strip_count = 0

        self.worker = worker or CaptureWorker(services, actor, line)
        self.worker.stored.connect(self._stored)
        self.worker.link_changed.connect(self._link_changed)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(lambda: self.closed.emit(self))
        self.kit_lot.currentIndexChanged.connect(self.bench_changed)
        self.channels.itemChanged.connect(self.bench_changed)
        self.control_channel.currentIndexChanged.connect(self.bench_changed)
        self._show_kit_warning()
        self.refresh_queue()
        if needs.kit_kind is not None:
            runner.run(services.capture.kit_lots, line.name, on_done=self._kit_lots_loaded, on_error=self._failed)

    # --- the run's settings ------------------------------------------------------------------

    def _kit_lots_loaded(self, lots: list[CaptureKitLot]) -> None:
        self.kit_lots = lots
        chosen = self.kit_lot.currentData()
        self.kit_lot.blockSignals(True)
        self.kit_lot.clear()
        self.kit_lot.addItem(self.tr("No kit lot"), None)
        for lot in lots:
            until = vocabulary.format_date(lot.expires_on) if lot.expires_on else self.tr("no expiry")
            self.kit_lot.addItem(self.tr("{lot} (until {until})").format(lot=lot.label, until=until), lot.id)
        self.kit_lot.setCurrentIndex(max(self.kit_lot.findData(chosen), 0))
        self.kit_lot.blockSignals(False)

    def bench(self) -> BenchChoice | None:
        """The settings as the panel shows them, or None (with the reason shown) when they do not
        hold together: a sample code in two channels, a code in the control's channel."""
        control = self.control_channel.currentData()
        channels: dict[int, str] = {}
        seen: dict[str, int] = {}
        for column in range(self.channels.columnCount()):
            item = self.channels.item(0, column)
            code = item.text().strip() if item is not None else ""
            if not code:
                continue
            number = column + 1
            if number == control:
                self.message.show_error(self.tr("Channel {n} holds the control: clear its sample code").format(
                    n=number))
                return None
            key = normalise_code(code)
            if key in seen:
                self.message.show_error(self.tr("Sample {code} is in channels {first} and {second}").format(
                    code=code, first=seen[key], second=number))
                return None
            seen[key] = number
            channels[number] = code
        return BenchChoice(self.kit_lot.currentData(), channels, control)

    def bench_changed(self) -> None:
        self._show_kit_warning()
        bench = self.bench()
        if bench is None:
            return
        self.message.clear_message()
        self.worker.set_bench(bench)

    def _show_kit_warning(self) -> None:
        missing = self.line.bench.kit_required and self.kit_lot.currentData() is None
        self.kit_warning.setText(self.tr("No kit lot chosen: readings are held until a manager releases them")
                                 if missing else "")

    def read_now(self) -> None:
        bench = self.bench()
        if bench is None:
            return
        self.worker.set_bench(bench)
        self.worker.read_now()
        self.message.show_info(self.tr("The reader is asked for its readings"))

    def queue_strip(self) -> None:
        code = self.strip_code.text().strip()
        if not code:
            return
        self.worker.queue_strips([code])
        self.strip_code.clear()
        self._strip_count += 1
        self.strips_queued.setText(self.tr("{n} strips queued; last {code}").format(n=self._strip_count, code=code))

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> None:
        self.stop_button.setEnabled(False)
        self.worker.stop()

    def wait_stopped(self, ms: int = 10_000) -> bool:
        self.worker.stop()
        return self.worker.wait(ms)

    def refresh_queue(self) -> None:
        self._runner.run(self._services.capture.readings, self.line.name, [ReadingState.UNMATCHED, ReadingState.HELD],
                         on_done=self.queue_model.set_rows, on_error=self._failed)

    def assign_selected(self) -> None:
        selected = self.queue_table.selectionModel().selectedRows()
        code = self.sample_code.text().strip()
        if not selected or not code:
            self.message.show_error(self.tr("Choose an unmatched reading and type its sample code"))
            return
        row = self.queue_model.row_at(selected[0].row())
        if row is None:
            return
        self._runner.run(self._services.capture.assign, self._actor, row.id, code,
                         on_done=self._assigned, on_error=self._failed, write=True)

    def release_selected(self) -> None:
        selected = self.queue_table.selectionModel().selectedRows()
        row = self.queue_model.row_at(selected[0].row()) if selected else None
        if row is None or row.state != ReadingState.HELD or not self.reason.text().strip():
            self.message.show_error(self.tr("Choose a held reading and give the reason for releasing it"))
            return
        self._runner.run(self._services.capture.release, self._actor, row.id, self.reason.text().strip(),
                         on_done=self._released, on_error=self._failed, write=True)

    def _released(self, row: ReadingRow) -> None:
        self.reason.clear()
        if row.state == ReadingState.RELEASED:
            self.message.show_ok(self.tr("The held reading was released and entered"))
        else:
            self.message.show_info(self.tr("Released; it waits for its sample code: {why}").format(
                why=reason_text(row)))
        self.refresh_queue()

    def _assigned(self, row: ReadingRow) -> None:
        self.sample_code.clear()
        self.message.show_ok(self.tr("The reading was entered for sample {code}").format(code=row.assigned_code))
        self.refresh_queue()

    def _stored(self, outcome: StoreOutcome) -> None:
        if outcome.duplicate:
            return
        self.live_rows = [outcome.reading, *self.live_rows][:LIVE_ROWS]
        self.live_model.set_rows(self.live_rows)
        if outcome.reading.state in (ReadingState.UNMATCHED, ReadingState.HELD):
            self.refresh_queue()

    def _link_changed(self, event: LinkEvent, stats: CaptureStats) -> None:
        words = {"open": self.tr("open"), "down": self.tr("port lost, reconnecting"), "starting": self.tr("starting"),
                 "stopped": self.tr("stopped"), "busy": self.tr("port in use by another program, waiting")}
        self.link.setText(self.tr("Link: {state}").format(state=words.get(stats.link, stats.link)))
        kind = EVENT_WORDS.get(event.kind)
        self.link.setToolTip(f"{self.tr(kind) if kind else event.kind}: {event.detail}".strip(": "))
        self._show_counts(stats)

    def _show_counts(self, stats: CaptureStats) -> None:
        text = self.tr(
            "received {received}, stored {stored}, unmatched {unmatched}, held {held}, duplicates {duplicates}, "
            "line errors {errors}").format(
            received=stats.received, stored=stats.stored, unmatched=stats.states["unmatched"],
            held=stats.states["held"], duplicates=stats.duplicates, errors=sum(stats.errors.values()))
        if stats.waiting:
            text += self.tr("; {n} waiting for the database (kept in the journal)").format(n=stats.waiting)
        self.counts.setText(text)

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
