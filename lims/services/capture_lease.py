"""Who captures an instrument now: one capture per instrument across every workstation.

A capture claims the instrument's ``capture_lease`` row before it opens the port, renews it every
``HEARTBEAT_SECONDS`` while it runs and deletes it when it stops. Another capture of the same
instrument (the CLI, a second window, another workstation) is refused with ``InstrumentInUse``
naming who holds it, where and since when. A holder that crashed stops renewing: its lease is
taken over once it expires (``LEASE_SECONDS`` after its last renewal), at once when the holder ran
on this computer and its process is gone. Times are the database's clock on PostgreSQL, so
workstations whose clocks disagree still agree on expiry; an SQLite file is one computer's.

On one computer the line's journal lock and the port's exclusive open guard the same thing at the
operating-system level (instruments.journal, instruments.transport); the lease is what reaches
across workstations and says who."""
from __future__ import annotations

import os
import socket
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from lims.db.base import utcnow
from lims.db.models import CaptureLease, Instrument
from lims.domain.accounts import Duty
from lims.domain.enums import AuditAction
from lims.domain.errors import InstrumentInUse, NotFound
from lims.services import audit, authority
from lims.services import policy as lab_policy
from lims.services.dto import Actor

LEASE_SECONDS = 60.0  # a holder silent this long is taken to have stopped
HEARTBEAT_SECONDS = 15.0  # how often a running capture renews its lease: four chances per lease


@dataclass(frozen=True)
class Holder:
    """One capture: a secret token (so it renews and ends only its own lease), and the computer
    and process it runs in."""

    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)


@dataclass(frozen=True)
class Lease:
    instrument_id: int
    username: str
    workstation: str
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime
    expires_at: datetime


def database_now(s: Session) -> datetime:
    """Now, by the clock every workstation shares: the PostgreSQL server's; an SQLite file's
    users are on one computer, whose clock this is."""
    if s.get_bind().dialect.name == "postgresql":
        moment = s.scalar(select(func.now()))
        if isinstance(moment, datetime):
            return moment
    return utcnow()


def _process_gone(lease: CaptureLease, holder: Holder) -> bool:
    """The lease's process ran on this computer and no longer exists (it crashed). Only asked on
    POSIX, where signal 0 probes a process; elsewhere the lease simply expires."""
    if lease.host != holder.host or sys.platform == "win32" or lease.pid == holder.pid:
        return False
    try:
        os.kill(lease.pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists under another user
        return False
    return False


def _insert_ignoring_conflict(s: Session) -> Any:
    if s.get_bind().dialect.name == "postgresql":
        return postgresql_insert(CaptureLease).on_conflict_do_nothing()
    return sqlite_insert(CaptureLease).on_conflict_do_nothing()


def _view(row: CaptureLease) -> Lease:
    return Lease(row.instrument_id, row.username, row.workstation, row.host, row.pid, row.started_at,
                 row.heartbeat_at, row.expires_at)


def _in_use(s: Session, inst: Instrument, row: CaptureLease) -> InstrumentInUse:
    zone = lab_policy.read(s).timezone
    return InstrumentInUse(
        "{instrument} is being captured by {user} on {workstation} since {since}; stop that capture first. "
        "If it stopped without ending, its hold lapses at {until}",
        instrument=inst.name, user=row.username, workstation=row.workstation,
        since=row.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        until=row.expires_at.astimezone(zone).strftime("%H:%M:%S"))


def claim(s: Session, actor: Actor, instrument_id: int, holder: Holder, *,
          lease_seconds: float = LEASE_SECONDS) -> Lease:
    """Take the instrument for this capture, or refuse with who holds it. The same holder
    claiming again (a capture restarted after a database failure) keeps its lease."""
    authority.require(s, actor, Duty.ENTER_RESULTS)
    inst = s.get(Instrument, instrument_id)
    if inst is None:
        raise NotFound("No instrument has the id {id}", id=instrument_id)
    now = database_now(s)
    expires = now + timedelta(seconds=lease_seconds)
    inserted = s.execute(_insert_ignoring_conflict(s).values(
        instrument_id=inst.id, token=holder.token, username=actor.username, workstation=actor.workstation,
        host=holder.host, pid=holder.pid, started_at=now, heartbeat_at=now, expires_at=expires,
    ).returning(CaptureLease.instrument_id)).scalar_one_or_none()
    row = s.scalars(select(CaptureLease).where(CaptureLease.instrument_id == inst.id).with_for_update()
                    .execution_options(populate_existing=True)).one()
    if inserted is None and row.token == holder.token:  # this capture again, restarted
        row.heartbeat_at, row.expires_at = now, expires
        s.flush()
        return _view(row)
    previous = None
    if inserted is None:
        if row.expires_at > now and not _process_gone(row, holder):
            raise _in_use(s, inst, row)
        previous = f"{row.username} on {row.workstation} (process {row.pid} on {row.host})"
        row.token, row.username, row.workstation = holder.token, actor.username, actor.workstation
        row.host, row.pid, row.started_at, row.heartbeat_at, row.expires_at = holder.host, holder.pid, now, now, expires
        s.flush()
    audit.record(s, actor, "capture", inst.id, AuditAction.CREATE, {
        "instrument": [None, inst.name], "holder": [previous, f"{actor.username} on {actor.workstation}"]},
        reason="the previous capture stopped without ending; its hold had lapsed" if previous else "")
    return _view(row)


def renew(s: Session, instrument_id: int, holder: Holder, *, lease_seconds: float = LEASE_SECONDS) -> Lease:
    """The holder's heartbeat. Raises InstrumentInUse when another capture has taken the
    instrument over (this one was silent past its lease): the caller must stop."""
    now = database_now(s)
    renewed = s.execute(update(CaptureLease).where(
        CaptureLease.instrument_id == instrument_id, CaptureLease.token == holder.token).values(
        heartbeat_at=now, expires_at=now + timedelta(seconds=lease_seconds))
        .returning(CaptureLease.instrument_id)).scalar_one_or_none() is not None
    row = s.get(CaptureLease, instrument_id, populate_existing=True)
    inst = s.get(Instrument, instrument_id)
    if inst is None:
        raise NotFound("No instrument has the id {id}", id=instrument_id)
    if renewed and row is not None:
        return _view(row)
    if row is None:
        raise InstrumentInUse("The hold of this capture on {instrument} was ended elsewhere; the capture stops",
                              instrument=inst.name)
    raise InstrumentInUse("{instrument} was taken over by {user} on {workstation} while this capture was silent; "
                          "the capture stops", instrument=inst.name, user=row.username, workstation=row.workstation)


def release(s: Session, actor: Actor, instrument_id: int, holder: Holder) -> bool:
    """End this capture's lease (never another's). True when there was one to end."""
    ended = s.execute(delete(CaptureLease).where(
        CaptureLease.instrument_id == instrument_id, CaptureLease.token == holder.token)
        .returning(CaptureLease.instrument_id)).scalar_one_or_none() is not None
    if ended:
        audit.record(s, actor, "capture", instrument_id, AuditAction.DELETE,
                     {"holder": [f"{actor.username} on {actor.workstation}", None]})
    return ended


def current(s: Session, instrument_id: int) -> Lease | None:
    """Who holds the instrument now, if anyone (an expired lease included: it is not yet taken)."""
    row = s.get(CaptureLease, instrument_id)
    return _view(row) if row is not None else None
