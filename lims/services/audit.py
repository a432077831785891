"""The audit trail: appended in the caller's transaction, verified end to end or from the last
checkpoint a verification left."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from lims.db.base import utcnow
from lims.db.bulk import CHUNK_ROWS, BulkWriter
from lims.db.models import AuditEvent, AuditHead
from lims.db.models.audit_checkpoint import AuditCheckpoint
from lims.domain.audit_chain import GENESIS_HASH, EventContent, canonical_json, event_hash
from lims.domain.enums import AuditAction
from lims.services.dto import Actor, AuditFilter, AuditRow, ChainReport, Page


def record(
    session: Session,
    actor: Actor,
    entity: str,
    entity_id: object,
    action: AuditAction,
    changes: dict[str, list[object]] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction.

    The UPDATE on the single head row comes first: it takes the row lock on PostgreSQL and
    the write lock on SQLite, so concurrent appenders queue instead of forking the chain."""
    session.flush()
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=AuditHead.last_seq + 1))
    head = session.execute(
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)
    ).one()
    content = EventContent(
        seq=head.last_seq,
        occurred_at=utcnow().replace(tzinfo=None),
        actor=actor.username,
        workstation=actor.workstation,
        entity=entity,
        entity_id=str(entity_id),
        action=str(action),
        changes_json=canonical_json(changes or {}),
        reason=reason,
    )
    digest = event_hash(head.last_hash, content)
    event = AuditEvent(
        seq=content.seq,
        occurred_at=content.occurred_at.replace(tzinfo=timezone.utc),
        actor=content.actor,
        workstation=content.workstation,
        entity=content.entity,
        entity_id=content.entity_id,
        action=content.action,
        changes_json=content.changes_json,
        reason=content.reason,
        prev_hash=head.last_hash,
        hash=digest,
    )
    session.add(event)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=digest))
    return event


class ChainAppender:
    """Appends events by the hundred thousand inside the caller's transaction: the demo
    generator's path. Each event's content and hash are made exactly as ``record`` makes them
    (lims.domain.audit_chain); the rows go in through lims.db.bulk instead of the ORM.

    Entering locks the head row as ``record`` does, so other workstations queue; leaving moves
    the head to the last event appended. Nothing else may append in this transaction meanwhile.

        with ChainAppender(s) as chain:
            chain.append(moment, "tech1", "ws-01", "sample", 7, AuditAction.CREATE, {...})"""

    _COLUMNS = ["seq", "occurred_at", "actor", "workstation", "entity", "entity_id", "action",
                "changes_json", "reason", "prev_hash", "hash"]

    def __init__(self, session: Session) -> None:
        self._s = session
        self._rows: list[tuple[object, ...]] = []
        self._writer: BulkWriter | None = None
        self.seq = 0
        self.last_hash = GENESIS_HASH
        self.appended = 0

    def __enter__(self) -> ChainAppender:
        self._s.flush()
        self._s.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=AuditHead.last_seq))
        head = self._s.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).one()
        self.seq, self.last_hash = head.last_seq, head.last_hash
        self._writer = BulkWriter(self._s, AuditEvent.__table__, self._COLUMNS, sequences=True)
        return self

    def append(self, occurred_at: datetime, actor: str, workstation: str, entity: str, entity_id: object,
               action: AuditAction | str, changes: dict[str, list[object]] | None = None,
               reason: str = "") -> int:
        """One event at ``occurred_at`` (an aware time); returns its sequence number."""
        content = EventContent(
            seq=self.seq + 1,
            occurred_at=occurred_at,
            actor=actor,
            workstation=workstation,
            entity=entity,
            entity_id=str(entity_id),
            action=str(action),
            changes_json=canonical_json(changes or {}),
            reason=reason,
        )
        digest = event_hash(self.last_hash, content)
        self._rows.append((content.seq, occurred_at.astimezone(timezone.utc), content.actor, content.workstation,
                           content.entity, content.entity_id, content.action, content.changes_json,
                           content.reason, self.last_hash, digest))
        self.seq, self.last_hash = content.seq, digest
        self.appended += 1
        if len(self._rows) >= CHUNK_ROWS:
            self._flush()
        return content.seq

    def _flush(self) -> None:
        assert self._writer is not None
        self._writer.write(self._rows)
        self._rows = []

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            return  # the caller's transaction rolls back
        self._flush()
        self._s.execute(update(AuditHead).where(AuditHead.id == 1)
                        .values(last_seq=self.seq, last_hash=self.last_hash))


# the columns an event's hash covers, read as plain rows: no ORM object per event
_CHAIN_COLUMNS = (
    AuditEvent.seq, AuditEvent.occurred_at, AuditEvent.actor, AuditEvent.workstation, AuditEvent.entity,
    AuditEvent.entity_id, AuditEvent.action, AuditEvent.changes_json, AuditEvent.reason,
    AuditEvent.prev_hash, AuditEvent.hash,
)


def _recomputed_hash(row: Row) -> str:
    """The hash the event's stored content and stored previous hash give."""
    return event_hash(row.prev_hash, EventContent(
        seq=row.seq, occurred_at=row.occurred_at, actor=row.actor, workstation=row.workstation,
        entity=row.entity, entity_id=row.entity_id, action=row.action, changes_json=row.changes_json,
        reason=row.reason,
    ))


@dataclass
class _Walk:
    """How far a walk along the chain got: events checked, the last good one, the first bad."""

    checked: int
    last_seq: int
    last_hash: str
    failure: ChainReport | None = None


def _walk(s: Session, after_seq: int, prev_hash: str, batch: int, already: int = 0) -> _Walk:
    """Check every event after ``after_seq`` in order: consecutive numbers, each linked to the
    one before, each hash recomputed from its content."""
    walk = _Walk(already, after_seq, prev_hash)
    expected = after_seq + 1
    prev = prev_hash
    last = after_seq
    while True:
        rows = s.execute(
            select(*_CHAIN_COLUMNS).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            seq = row.seq
            if seq != expected:
                walk.failure = ChainReport(walk.checked, False, expected,
                                           f"audit event {expected} is missing (next present is {seq})")
                return walk
            if row.prev_hash != prev:
                walk.failure = ChainReport(walk.checked, False, seq,
                                           f"audit event {seq} does not follow event {seq - 1}")
                return walk
            if _recomputed_hash(row) != row.hash:
                walk.failure = ChainReport(walk.checked, False, seq,
                                           f"audit event {seq} was altered after it was written")
                return walk
            prev = row.hash
            expected += 1
            walk.checked += 1
            walk.last_seq, walk.last_hash = seq, prev
        last = rows[-1].seq
    head = s.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).one_or_none()
    if head is None or head.last_seq != walk.last_seq or head.last_hash != walk.last_hash:
        missing = walk.last_seq + 1
        walk.failure = ChainReport(walk.checked, False, missing,
                                   f"the chain ends at event {walk.last_seq} but {head.last_seq if head else '?'} "
                                   f"were written: event {missing} onwards was removed")
    return walk


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


class AuditService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def verify(self, batch: int = 20_000, *, checkpoint_by: str | None = None) -> ChainReport:
        """Walk the whole chain in order; name the first event that was edited, inserted or
        removed. With ``checkpoint_by`` (who checks), an intact chain leaves a checkpoint at
        its last event for ``verify_incremental``."""
        with self._sessions() as s:
            walk = _walk(s, 0, GENESIS_HASH, batch)
        if walk.failure is not None:
            return walk.failure
        if checkpoint_by:
            self._checkpoint(walk, checkpoint_by, "full")
        return ChainReport(walk.checked, True, None, f"{walk.checked} audit events verified, chain intact")

    def verify_incremental(self, batch: int = 20_000, *, checkpoint_by: str | None = None) -> ChainReport:
        """Check the events written since the newest checkpoint, and the checkpoint's own event
        again (its content must still give the hash that was verified). Without a checkpoint,
        the whole chain is checked. Changes before the checkpoint are found by ``verify``."""
        with self._sessions() as s:
            mark = s.execute(
                select(AuditCheckpoint.seq, AuditCheckpoint.hash, AuditCheckpoint.verified_at,
                       AuditCheckpoint.verified_by)
                .order_by(AuditCheckpoint.seq.desc(), AuditCheckpoint.id.desc()).limit(1)
            ).one_or_none()
            if mark is None:
                walk = _walk(s, 0, GENESIS_HASH, batch)
                scope, since = "full", "no checkpoint yet, so the whole chain was checked"
            else:
                when = _as_utc(mark.verified_at).strftime("%Y-%m-%d %H:%M UTC")
                since = f"checkpoint at event {mark.seq}, verified {when} by {mark.verified_by}"
                event = s.execute(select(*_CHAIN_COLUMNS).where(AuditEvent.seq == mark.seq)).one_or_none()
                if event is None:
                    return ChainReport(0, False, mark.seq, f"audit event {mark.seq} is missing ({since})")
                if event.hash != mark.hash or _recomputed_hash(event) != mark.hash:
                    return ChainReport(0, False, mark.seq,
                                       f"audit event {mark.seq} was altered after it was written ({since})")
                walk = _walk(s, mark.seq, mark.hash, batch, already=1)
                scope = "incremental"
        if walk.failure is not None:
            return walk.failure
        if checkpoint_by:
            self._checkpoint(walk, checkpoint_by, scope)
        if mark is None:
            return ChainReport(walk.checked, True, None,
                               f"{walk.checked} audit events verified ({since}), chain intact")
        return ChainReport(
            walk.checked, True, None,
            f"{walk.checked - 1} audit events after the {since}, and that event itself, verified "
            f"(events {mark.seq} to {walk.last_seq}), chain intact; events before it are checked "
            f"by the full check",
        )

    def _checkpoint(self, walk: _Walk, by: str, scope: str) -> None:
        if walk.last_seq == 0:
            return  # nothing was written yet: nothing to start from
        with self._sessions.begin() as s:
            s.add(AuditCheckpoint(seq=walk.last_seq, hash=walk.last_hash, verified_at=utcnow(),
                                  verified_by=by[:200], scope=scope))

    def page(self, flt: AuditFilter, offset: int = 0, limit: int = 200) -> Page[AuditRow]:
        q = select(AuditEvent)
        if flt.entity:
            q = q.where(AuditEvent.entity == flt.entity)
        if flt.actor:
            q = q.where(AuditEvent.actor == flt.actor)
        if flt.since:
            q = q.where(AuditEvent.occurred_at >= datetime.combine(flt.since, time.min, timezone.utc))
        if flt.until:
            end = datetime.combine(flt.until + timedelta(days=1), time.min, timezone.utc)
            q = q.where(AuditEvent.occurred_at < end)
        with self._sessions() as s:
            total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
            events = s.scalars(q.order_by(AuditEvent.seq.desc()).offset(offset).limit(limit)).all()
            rows = tuple(
                AuditRow(
                    seq=e.seq,
                    occurred_at=_as_utc(e.occurred_at),
                    actor=e.actor,
                    workstation=e.workstation,
                    entity=e.entity,
                    entity_id=e.entity_id,
                    action=e.action,
                    changes=json.loads(e.changes_json),
                    reason=e.reason,
                )
                for e in events
            )
        return Page(rows=rows, offset=offset, total=total)

    def entities(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)))

    def actors(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)))
