"""A batch of reports issued in child processes, so the issuing process's memory stays flat.

``ReportService.issue_batch`` checks the folder, the signatory's password and the signing
identity in the calling process, then hands the samples to a child process started with the
"spawn" method (a fresh interpreter: nothing of the caller's state, no Qt), ``CHILD_CHUNK`` at a
time. The child opens its own engine on the same database and issues each report exactly as
one report is issued (``ReportService.issue_opened``): its own transaction that takes the number
only there, so a failure rolls the number back and removes the file. The child sends each
outcome through a pipe; the caller reports progress from them and, when ``cancelled()`` turns
true, sets an event the child reads before each report, so the report in hand is finished and
no other is started.

A child that dies mid-report (killed, out of memory) leaves its transaction uncommitted, so
the database rolls it back and no number is used; its temporary files, named with a prefix of
its own, are removed by the caller. The signing identity's password goes to the child through
the pipe, never on a command line."""
from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    context = multiprocessing.get_context("spawn")
    issued: list[IssuedReport] = []
    failed: list[IssueFailure] = []
    total = len(sample_ids)
    stopped = False
    for start in range(0, total, chunk):
        if stopped or (cancelled is not None and cancelled()):
            break
        part = tuple(sample_ids[start:start + chunk])
        receiving, sending = context.Pipe(duplex=False)
        stop = context.Event()
        job = _Job(url, actor, part, str(folder), identity, f".lims-report-{uuid.uuid4().hex[:12]}-")
        child = context.Process(target=_child_main, args=(job, sending, stop), name="lims-report-batch",
                                daemon=True)
        child.start()
        sending.close()  # the child holds the only sending end: its exit ends the pipe
        answered: set[int] = set()
        ended = False
        try:
            while True:
                if cancelled is not None and not stop.is_set() and cancelled():
                    stop.set()
                    stopped = True
                if not receiving.poll(POLL_S):
                    if child.is_alive():
                        continue
                    if not receiving.poll():
                        break
                try:
                    message = receiving.recv()
                except EOFError:
                    break
                kind = message[0]
                if kind == "end":
                    ended = True
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
                    stopped = True  # the database or the machine failed, not this sample
                if progress is not None:
                    progress(len(issued) + len(failed), total, code)
        except BaseException:
            stop.set()
            raise
        finally:
            receiving.close()
            child.join(timeout=None if ended else 5)
            if child.is_alive():
                child.kill()
                child.join()
            for leftover in folder.glob(job.temp_prefix + "*"):
                leftover.unlink(missing_ok=True)
        if not ended and not stopped:
            in_hand = next((i for i in part if i not in answered), None)
            if in_hand is not None:
                failed.append(IssueFailure(f"#{in_hand}", ReportBatchError(
                    "The process issuing the reports stopped (exit code {code}) at sample #{id}; that report "
                    "was not issued and the batch was stopped", code=str(child.exitcode), id=in_hand)))
            stopped = True
    return BatchOutcome(tuple(issued), tuple(failed))


def _child_main(job: _Job, pipe: Connection, stop: Event) -> None:
    """In the child process: issue the job's reports one by one, each outcome sent at once."""
    from lims.db.engine import make_engine, make_session_factory, parse_url
    from lims.services.reports import ReportService
    from lims.services.users import UserService

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
                message = ("failed", sample_id, service.code_of(sample_id), exc)
            except Exception as exc:  # noqa: BLE001  # told to the caller, which stops the batch
                message = ("broken", sample_id, f"#{sample_id}", ReportBatchError(
                    "Issuing stopped at sample #{id}: {reason}", id=sample_id, reason=f"{type(exc).__name__}: {exc}"))
            pipe.send(message)
            if message[0] == "broken":
                break
        pipe.send(("end",))
    finally:
        engine.dispose()
        pipe.close()
