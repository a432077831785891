"""A capture panel per open line: live readings, the link's state, error counts and the
unmatched queue. The line itself is read by a ``CaptureWorker`` on its own QThread (the
services' ``CaptureRunner``); the GUI thread only hears its signals."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from instruments.adapter import LinkEvent
from lims.domain.capture import ReadingState
from lims.domain.errors import LimsError
from lims.gui.i18n import error_text
from lims.gui.tasks import UNEXPECTED_TEMPLATE, TaskRunner, UnexpectedError
from lims.gui.widgets import Column, MessageLabel, rows_table
from lims.services.capture import InstrumentLine, ReadingRow, StoreOutcome
from lims.services.capture_runner import CaptureRunner, CaptureStats, journal_folder, journal_path
from lims.services.container import Services
from lims.services.dto import Actor

log = logging.getLogger(__name__)

RESTART_AFTER = 5.0  # seconds before a capture that failed on the database starts again
LIVE_ROWS = 200  # readings kept in the live list


def reason_text(row: ReadingRow) -> str:
    """Why a reading waits, in the interface's language when the service kept it as an error."""
    return error_text(row.reason_error) if row.reason_error is not None else row.reason


class CaptureWorker(QThread):
    """Runs one line's capture until ``stop()``. A failure of the database (not a refusal) is
    reported and the capture starts again after a pause, recovering from its journal."""

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

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            runner = self._make_runner(self._services.capture, self._actor, self._line.name, self._journal,
                                       on_stored=self.stored.emit,
                                       on_event=lambda event, stats: self.link_changed.emit(event, stats))
            try:
                runner.run(self._stop)
                return
            except LimsError as exc:  # refused (no right, no such instrument, bad settings): wait for a person
                self.failed.emit(exc)
                return
            except Exception as exc:  # the database or the disk failed: the journal keeps what arrived
                log.exception("capture of %s failed; starting again", self._line.name)
                self.failed.emit(UnexpectedError(UNEXPECTED_TEMPLATE, kind=type(exc).__name__))
                self._stop.wait(RESTART_AFTER)


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
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)
        self._show_counts(CaptureStats())

        self.worker = worker or CaptureWorker(services, actor, line)
        self.worker.stored.connect(self._stored)
        self.worker.link_changed.connect(self._link_changed)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(lambda: self.closed.emit(self))
        self.refresh_queue()

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
                 "stopped": self.tr("stopped")}
        self.link.setText(self.tr("Link: {state}").format(state=words.get(stats.link, stats.link)))
        self.link.setToolTip(f"{event.kind}: {event.detail}".strip(": "))
        self._show_counts(stats)

    def _show_counts(self, stats: CaptureStats) -> None:
        self.counts.setText(self.tr(
            "received {received}, stored {stored}, unmatched {unmatched}, held {held}, duplicates {duplicates}, "
            "line errors {errors}").format(
            received=stats.received, stored=stats.stored, unmatched=stats.states["unmatched"],
            held=stats.states["held"], duplicates=stats.duplicates, errors=sum(stats.errors.values())))

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
