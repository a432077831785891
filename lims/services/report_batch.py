"""A batch of reports issued in child processes, so the issuing process's memory stays flat.

``ReportService.issue_batch`` checks the folder, the signatory's password and the signing
identity in the calling process, then hands the samples to a child process, ``CHILD_CHUNK`` at
a time: a fresh interpreter running this module (``python -m lims.services.report_batch``), so
nothing of the caller's state and no Qt comes along, and a caller's main script is never run
again. The job goes to the child's standard input as one pickle; the child opens its own engine
on the same database and issues each report exactly as one report is issued
(``ReportService.issue_opened``): its own transaction that takes the number only there, so a
failure rolls the number back and removes the file. Each outcome comes back at once as a pickle
on the child's standard output (anything else the child prints goes to its standard error).
When ``cancelled()`` turns true the caller closes the child's standard input; the child reads
that before each report, so the report in hand is finished and no other is started. A caller
that dies closes it too.

A child that dies mid-report (killed, out of memory) leaves its transaction uncommitted, so
the database rolls it back and no number is used; its temporary files, named with a prefix of
its own, are removed by the caller. The signing identity's password goes to the child through
the pipe, never on a command line or in its environment."""
from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from lims.domain.errors import LimsError
from lims.services.dto import Actor

if TYPE_CHECKING:
    from lims.services.reports import BatchOutcome, IssuedReport, IssueFailure, OpenedIdentity

CHILD_THRESHOLD = 3  # more reports than this go to a child process
CHILD_CHUNK = 250  # reports one child issues before a fresh one takes over
POLL_S = 0.1  # how often the caller looks at cancelled() while a report is in hand


class ReportBatchError(LimsError):
    """A batch child process that stopped without saying why."""


@dataclass(frozen=True)
class _Job:
    url: str
    actor: Actor
    sample_ids: tuple[int, ...]
    folder: str
    identity: OpenedIdentity
    temp_prefix: str


def child_url(sessions: sessionmaker[Session]) -> str | None:
    """The database URL a child process opens (with its password), or None when only this
    process can reach the database (SQLite in memory)."""
    bind = sessions.kw.get("bind")
    if not isinstance(bind, Engine):
        return None
    url = bind.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def issue_in_children(url: str, actor: Actor, sample_ids: Sequence[int], folder: Path, identity: OpenedIdentity,
                      *, progress: Callable[[int, int, str], None] | None = None,
                      cancelled: Callable[[], bool] | None = None, chunk: int | None = None) -> BatchOutcome:
    """Issue a report for each sample in child processes of ``chunk`` samples each; the
    outcome as ``ReportService.issue_batch`` returns it."""
    from lims.services.reports import BatchOutcome, IssueFailure

    chunk = max(1, chunk or CHILD_CHUNK)
    issued: list[IssuedReport] = []
    failed: list[IssueFailure] = []
    total = len(sample_ids)
    stopped = False
    child_peak = 0
    for start in range(0, total, chunk):
        if stopped or (cancelled is not None and cancelled()):
            break
        part = tuple(sample_ids[start:start + chunk])
        job = _Job(url, actor, part, str(folder), identity, f".lims-report-{uuid.uuid4().hex[:12]}-")
        child = _start_child()
        assert child.stdin is not None and child.stdout is not None
        messages: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        reader = threading.Thread(target=_read_messages, args=(child.stdout, messages), daemon=True,
                                  name="lims-report-batch-reader")
        reader.start()
        answered: set[int] = set()
        ended = False
        try:
            pickle.dump(job, child.stdin)
            child.stdin.flush()
            while True:
                if cancelled is not None and not child.stdin.closed and cancelled():
                    child.stdin.close()  # the child stops after the report in hand
                    stopped = True
                try:
                    message = messages.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                if message is None:
                    break
                kind = message[0]
                if kind == "end":
                    ended = True
                    child_peak = max(child_peak, message[1])
                    break
                if kind == "issued":
                    report: IssuedReport = message[2]
                    issued.append(report)
                    code = report.sample_code
                else:
                    code = message[2]
                    failed.append(IssueFailure(code, message[3]))
                answered.add(message[1])
                if kind == "broken":
                    stopped = True  # the database, the machine or the time-stamp server failed, not this sample
                if progress is not None:
                    progress(len(issued) + len(failed), total, code)
        except BrokenPipeError:
            pass  # the child died before it read its job: told below
        finally:
            if not child.stdin.closed:
                with contextlib.suppress(BrokenPipeError):
                    child.stdin.close()
            try:
                child.wait(timeout=None if ended else 5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            reader.join(timeout=5)
            child.stdout.close()
            for leftover in folder.glob(job.temp_prefix + "*"):
                leftover.unlink(missing_ok=True)
        if not ended and not stopped:
            in_hand = next((i for i in part if i not in answered), None)
            if in_hand is not None:
                failed.append(IssueFailure(f"#{in_hand}", ReportBatchError(
                    "The process issuing the reports stopped (exit code {code}) at sample #{id}; that report "
                    "was not issued and the batch was stopped", code=str(child.returncode), id=in_hand)))
            stopped = True
    return BatchOutcome(tuple(issued), tuple(failed), child_peak_rss_kib=child_peak)


def peak_rss_kib() -> int:
    """This process's peak resident memory in KiB since it started its program (Linux's VmHWM,
    which, unlike getrusage, does not count what a forked parent held before exec); 0 where
    the system does not tell."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for text in status:
                if text.startswith("VmHWM:"):
                    return int(text.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _start_child() -> subprocess.Popen[bytes]:
    """This module in a fresh interpreter, finding this very copy of the project first."""
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return subprocess.Popen([sys.executable, "-m", "lims.services.report_batch"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env)


def _read_messages(stream: IO[bytes], messages: queue.Queue[tuple[Any, ...] | None]) -> None:
    try:
        while True:
            messages.put(pickle.load(stream))
    except (EOFError, OSError, pickle.UnpicklingError, ValueError):
        pass
    finally:
        messages.put(None)


def _child_main() -> None:
    """In the child process: read the job, issue its reports one by one, each outcome sent at once."""
    from lims.db.engine import make_engine, make_session_factory, parse_url
    from lims.services.reports import ReportService, stops_batch
    from lims.services.users import UserService

    source = sys.stdin.buffer
    sink = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print never enters the pipe
    job: _Job = pickle.load(source)
    stop = threading.Event()

    def watch() -> None:
        os.read(source.fileno(), 1)  # returns when the caller closes its end: cancelled, or gone
        stop.set()

    threading.Thread(target=watch, daemon=True, name="lims-report-batch-stop").start()
    engine = make_engine(parse_url(job.url))
    try:
        sessions = make_session_factory(engine)
        service = ReportService(sessions, UserService(sessions))
        identity = job.identity.load()
        folder = Path(job.folder)
        for sample_id in job.sample_ids:
            if stop.is_set():
                break
            message: tuple[Any, ...]
            try:
                report = service.issue_opened(job.actor, sample_id, folder, identity, job.identity.identity_id,
                                              temp_prefix=job.temp_prefix)
                message = ("issued", sample_id, report)
            except LimsError as exc:
                # an error after which no report can be issued (the time-stamp server) stops the batch
                message = ("broken" if stops_batch(exc) else "failed", sample_id, service.code_of(sample_id), exc)
            except Exception as exc:  # noqa: BLE001  # told to the caller, which stops the batch
                message = ("broken", sample_id, f"#{sample_id}", ReportBatchError(
                    "Issuing stopped at sample #{id}: {reason}", id=sample_id, reason=f"{type(exc).__name__}: {exc}"))
            pickle.dump(message, sink)
            sink.flush()
            if message[0] == "broken":
                break
        pickle.dump(("end", peak_rss_kib()), sink)
        sink.flush()
    except BrokenPipeError:
        pass  # the caller is gone; what was committed stays, the report in hand rolled back
    finally:
        engine.dispose()


if __name__ == "__main__":
    # run as the module's own name, so what the child pickles (ReportBatchError) names a class
    # the caller can find, not one of __main__
    from lims.services.report_batch import _child_main as child_main

    child_main()
