"""Runs service calls off the GUI thread and brings their outcome back to it by signal.

Reads share a small thread pool; writes go through a second pool of one thread, the single
database-write lane, so two writes from this workstation never race each other."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThreadPool, Signal, Slot

from lims.domain.errors import LimsError
from lims.gui.vocabulary import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

READ_THREADS = 4

UNEXPECTED_TEMPLATE = QT_TRANSLATE_NOOP(
    "errors", "Something went wrong ({kind}). The details were written to the log file."
)


class UnexpectedError(LimsError):
    """Stands in, on screen, for an exception that is not a LimsError (a bug or an outage)."""


class _Outcome(QObject):
    """One job's way home. It lives on the GUI thread and its slots are methods of a QObject,
    so signals emitted by the worker are queued to the GUI thread, never run on the worker."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[LimsError], None] | None,
    ) -> None:
        super().__init__(runner)
        self._runner = runner
        self._on_done = on_done
        self._on_error = on_error
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        self._runner._finish(self)
        if self._on_done is not None and _receiver_alive(self._on_done):
            self._on_done(result)
        self._runner._maybe_idle()

    @Slot(object)
    def _deliver_error(self, error: LimsError) -> None:
        self._runner._finish(self)
        if self._on_error is None:
            self._runner.unhandled_error.emit(error)
        elif _receiver_alive(self._on_error):
            self._on_error(error)
        self._runner._maybe_idle()


class TaskRunner(QObject):
    """``run(fn, *args, on_done=..., on_error=..., write=False)`` and nothing touches a widget
    outside the GUI thread. Errors without an ``on_error`` handler are emitted as
    ``unhandled_error`` for the main window to show."""

    unhandled_error = Signal(object)  # a LimsError
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(READ_THREADS)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._pending: set[_Outcome] = set()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[LimsError], None] | None = None,
        write: bool = False,
    ) -> None:
        outcome = _Outcome(self, on_done, on_error)
        self._pending.add(outcome)
        name = getattr(fn, "__qualname__", repr(fn))

        def job() -> None:
            try:
                result = fn(*args)
            except LimsError as exc:
                log.info("%s refused: %s", name, exc)
                outcome.failed.emit(exc)
            except Exception as exc:
                log.exception("%s failed", name)
                outcome.failed.emit(UnexpectedError(UNEXPECTED_TEMPLATE, kind=type(exc).__name__))
            else:
                outcome.succeeded.emit(result)

        (self._writes if write else self._reads).start(job)

    def wait_idle(self, ms: int = 10_000) -> bool:
        """Process events until every job has finished and been delivered (tests, shutdown)."""
        deadline = time.monotonic() + ms / 1000
        while self._pending:
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if self._pending:
                time.sleep(0.002)
        return True

    # --- bookkeeping, on the GUI thread -----------------------------------------------------

    def _finish(self, outcome: _Outcome) -> None:
        self._pending.discard(outcome)
        outcome.deleteLater()

    def _maybe_idle(self) -> None:
        if not self._pending:
            self.idle.emit()


def _receiver_alive(callback: Callable[..., Any]) -> bool:
    """False when the callback is a method of a Qt object that was closed and deleted meanwhile."""
    while isinstance(callback, partial):
        callback = callback.func
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
