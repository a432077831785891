"""The audit trail: appended in the caller's transaction, verified end to end or from the last
checkpoint a verification left."""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import URL, Connection, Engine, Row, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from lims.db.base import utcnow
from lims.db.bulk import CHUNK_ROWS, BulkWriter, table_of
from lims.db.engine import make_engine
from lims.db.models import AuditEvent, AuditHead, Sample, User
from lims.db.models.audit_checkpoint import AuditCheckpoint
from lims.domain.audit_chain import GENESIS_HASH, EventContent, canonical_json, event_hash
from lims.domain.enums import AuditAction
from lims.services.audit_names import name_events
from lims.services.dto import Actor, AuditAnchor, AuditFilter, AuditRow, ChainReport, Page

log = logging.getLogger(__name__)


def chained(prev_hash: str, seq: int, occurred_at: datetime, actor: str, workstation: str, entity: str,
            entity_id: object, action: AuditAction | str, changes: dict[str, list[object]] | None,
            reason: str) -> tuple[EventContent, str]:
    """An event's content as the chain stores it, and its hash after ``prev_hash``."""
    content = EventContent(
        seq=seq,
        occurred_at=occurred_at.astimezone(UTC),
        actor=actor,
        workstation=workstation,
        entity=entity,
        entity_id=str(entity_id),
        action=str(action),
        changes_json=canonical_json(changes or {}),
        reason=reason,
    )
    return content, event_hash(prev_hash, content)


def record(
    session: Session,
    actor: Actor,
    entity: str,
    entity_id: object,
    action: AuditAction,
    changes: dict[str, list[object]] | None = None,
    reason: str = "",
) -> int:
    """Append one event to the chain inside the caller's transaction; returns its sequence number.

    The UPDATE on the single head row comes first: it takes the row lock on PostgreSQL and
    the write lock on SQLite, so concurrent appenders queue instead of forking the chain."""
    session.flush()
    head = session.execute(_TAKE_HEAD).one()
    content, digest = chained(head.last_hash, head.last_seq, utcnow(), actor.username, actor.workstation,
                              entity, entity_id, action, changes, reason)
    session.execute(_APPEND, {
        "seq": content.seq, "occurred_at": content.occurred_at, "actor": content.actor,
        "workstation": content.workstation, "entity": content.entity, "entity_id": content.entity_id,
        "action": content.action, "changes_json": content.changes_json, "reason": content.reason,
        "prev_hash": head.last_hash, "hash": digest})
    session.execute(_MOVE_HEAD, {"digest": digest})
    return content.seq


# built once: appending is part of every action
_HEAD = table_of(AuditHead)
_TAKE_HEAD = (update(_HEAD).where(_HEAD.c.id == 1).values(last_seq=_HEAD.c.last_seq + 1)
              .returning(_HEAD.c.last_seq, _HEAD.c.last_hash))
_APPEND = insert(table_of(AuditEvent))
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(last_hash=bindparam("digest"))


class ChainAppender:
    """Appends events by the hundred thousand inside the caller's transaction: the demo
    generator's path. Each event's content and hash are made exactly as ``record`` makes them
    (lims.domain.audit_chain); the rows go in through lims.db.bulk instead of the ORM.

    Entering locks the head row as ``record`` does, so other workstations queue; leaving moves
    the head to the last event appended. Nothing else may append in this transaction meanwhile.

        with ChainAppender(s) as chain:
            chain.append(moment, "tech1", "ws-01", "sample", 7, AuditAction.CREATE, {...})"""

    _COLUMNS = ("seq", "occurred_at", "actor", "workstation", "entity", "entity_id", "action",
                "changes_json", "reason", "prev_hash", "hash")

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
        self._writer = BulkWriter(self._s, table_of(AuditEvent), self._COLUMNS, sequences=True)
        return self

    def append(self, occurred_at: datetime, actor: str, workstation: str, entity: str, entity_id: object,
               action: AuditAction | str, changes: dict[str, list[object]] | None = None,
               reason: str = "") -> int:
        """One event at ``occurred_at`` (an aware time); returns its sequence number."""
        content, digest = chained(self.last_hash, self.seq + 1, occurred_at, actor, workstation, entity, entity_id,
                                  action, changes, reason)
        self._rows.append((content.seq, occurred_at.astimezone(UTC), content.actor, content.workstation,
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
# below this many events one process checks the chain; above it, one per processor shares it
PARALLEL_FROM_EVENTS = 400_000
_MAX_PROCESSES = 8


def _recomputed_hash(row: Row) -> str:
    """The hash the event's stored content and stored previous hash give."""
    seq, occurred_at, actor, workstation, entity, entity_id, action, changes_json, reason, prev_hash, _ = row
    return event_hash(prev_hash, EventContent(seq, occurred_at, actor, workstation, entity, entity_id, action,
                                              changes_json, reason))


@dataclass
class _Span:
    """What checking the events numbered ``first`` to ``last`` found, among themselves: the
    first event read and the previous hash it stores (its link is the caller's to check), the
    last event found good, and the first bad one."""

    first: int
    first_seq: int | None = None
    first_prev: str = ""
    last_seq: int = 0
    last_hash: str = ""
    checked: int = 0
    failure: tuple[int, str] | None = None  # (seq, what is wrong with it)


def _check_span(conn: Connection, first: int, last: int, batch: int) -> _Span:
    """Consecutive numbers, each event linked to the one before, each hash recomputed from its
    content. Rows come in keyset batches as plain tuples: at millions of events, ORM objects
    would cost more than the hashing."""
    span = _Span(first)
    page = (select(*_CHAIN_COLUMNS)
            .where(AuditEvent.seq > bindparam("after"), AuditEvent.seq <= last)
            .order_by(AuditEvent.seq).limit(batch))
    expected = first
    prev: str | None = None
    checked = 0
    while True:
        rows = conn.execute(page, {"after": expected - 1}).all()
        if not rows:
            break
        if prev is None:
            span.first_seq, span.first_prev = rows[0][0], rows[0][9]
            prev = span.first_prev
        for seq, occurred_at, actor, workstation, entity, entity_id, action, changes_json, reason, linked, digest \
                in rows:
            if seq != expected:
                span.failure = (expected, f"audit event {expected} is missing (next present is {seq})")
            elif linked != prev:
                span.failure = (seq, f"audit event {seq} does not follow event {seq - 1}")
            elif event_hash(prev, EventContent(seq, occurred_at, actor, workstation, entity, entity_id, action,
                                               changes_json, reason)) != digest:
                span.failure = (seq, f"audit event {seq} was altered after it was written")
            if span.failure is not None:
                span.checked = checked
                return span
            prev = digest
            expected += 1
            checked += 1
        span.last_seq, span.last_hash, span.checked = expected - 1, prev, checked
    return span


def _check_span_apart(url: URL, first: int, last: int, batch: int) -> _Span:
    """``_check_span`` in a worker process, on its own connection."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _check_span(conn, first, last, batch)
    finally:
        engine.dispose()


@dataclass
class _Walk:
    """How far a check along the chain got: events checked, the last good one, the first bad."""

    checked: int
    last_seq: int
    last_hash: str
    failure: ChainReport | None = None


def _join(spans: list[_Span], after_seq: int, prev_hash: str, already: int,
          head: tuple[int, str] | None) -> _Walk:
    """The spans in order as one chain after event ``after_seq`` (whose hash is ``prev_hash``),
    ending where the head says; the first bad event of the whole is the first found here."""
    walk = _Walk(already, after_seq, prev_hash)
    for span in spans:
        if span.first_seq is None:
            continue  # nothing numbered here: the next span or the head tells what is missing
        expected = walk.last_seq + 1
        if span.first_seq != expected:
            walk.failure = ChainReport(walk.checked, False, expected,
                                       f"audit event {expected} is missing (next present is {span.first_seq})")
            return walk
        if span.first_prev != walk.last_hash:
            walk.failure = ChainReport(walk.checked, False, expected,
                                       f"audit event {expected} does not follow event {expected - 1}")
            return walk
        if span.failure is not None:
            seq, what = span.failure
            walk.failure = ChainReport(walk.checked + span.checked, False, seq, what)
            return walk
        walk.checked += span.checked
        walk.last_seq, walk.last_hash = span.last_seq, span.last_hash
    if head is None or head != (walk.last_seq, walk.last_hash):
        missing = walk.last_seq + 1
        walk.failure = ChainReport(walk.checked, False, missing,
                                   f"the chain ends at event {walk.last_seq} but {head[0] if head else '?'} "
                                   f"were written: event {missing} onwards was removed")
    return walk


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class AuditService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def head(self) -> AuditAnchor:
        """The newest event's sequence number and hash: kept outside the database (printed on
        reports, written down daily), it later proves the trail still holds that event."""
        with self._sessions() as s:
            row = s.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).one_or_none()
        return AuditAnchor(row[0], row[1]) if row else AuditAnchor(0, GENESIS_HASH)

    def verify(self, batch: int = 20_000, *, checkpoint_by: str | None = None,
               processes: int | None = None, anchors: Sequence[AuditAnchor] = ()) -> ChainReport:
        """Check the whole chain from its first event; name the first event that was edited,
        inserted or removed. A trail emptied or cut back below an earlier check, and a chain
        that no longer holds one of ``anchors`` (kept outside the database), fail too. With
        ``checkpoint_by`` (who checks), an intact chain leaves a checkpoint at its last event for
        ``verify_incremental``."""
        wiped = self._wiped()
        if wiped is not None:
            return wiped
        walk = self._walk(0, GENESIS_HASH, batch, processes)
        if walk.failure is not None:
            return walk.failure
        for anchor in anchors:
            lost = self._anchor_lost(anchor, walk)
            if lost is not None:
                return lost
        if checkpoint_by:
            self._checkpoint(walk, checkpoint_by, "full")
        held = f"; it holds the {len(anchors)} anchor(s) given" if anchors else ""
        return ChainReport(walk.checked, True, None, f"{walk.checked} audit events verified, chain intact{held}")

    def _wiped(self) -> ChainReport | None:
        """The trail is appended to and never shrinks: a head back at the start while people and
        samples exist, or below an event an earlier check verified, means events were removed and
        the head rewritten to hide it."""
        with self._sessions() as s:
            head = s.scalar(select(AuditHead.last_seq).where(AuditHead.id == 1)) or 0
            mark = s.execute(select(AuditCheckpoint.seq, AuditCheckpoint.verified_at)
                             .order_by(AuditCheckpoint.seq.desc()).limit(1)).one_or_none()
            if mark is not None and mark.seq > head:
                when = _as_utc(mark.verified_at).strftime("%Y-%m-%d %H:%M UTC")
                return ChainReport(0, False, head + 1,
                                   f"the trail was cut back: a check on {when} verified event {mark.seq}, "
                                   f"but the trail now ends at event {head}")
            if head == 0:
                people = s.scalar(select(func.count()).select_from(User)) or 0
                samples = s.scalar(select(func.count()).select_from(Sample)) or 0
                if people or samples:
                    return ChainReport(0, False, 1,
                                       f"the audit trail is empty but the database holds {people} user account(s) "
                                       f"and {samples} sample(s): the trail was wiped")
        return None

    def _anchor_lost(self, anchor: AuditAnchor, walk: _Walk) -> ChainReport | None:
        with self._sessions() as s:
            stored = s.scalar(select(AuditEvent.hash).where(AuditEvent.seq == anchor.seq))
        if stored == anchor.hash:
            return None
        what = f"the chain ends at event {walk.last_seq}" if stored is None else "that event's hash is now different"
        return ChainReport(walk.checked, False, anchor.seq,
                           f"the chain no longer holds the anchor {anchor}: {what}; the trail was rewritten "
                           f"after the anchor was taken")

    def verify_incremental(self, batch: int = 20_000, *, checkpoint_by: str | None = None,
                           processes: int | None = None) -> ChainReport:
        """Check the events written since the newest checkpoint, and the checkpoint's own event
        again (its content must still give the hash that was verified). Without a checkpoint,
        the whole chain is checked. Changes before the checkpoint are found by ``verify``."""
        with self._sessions() as s:
            mark = s.execute(
                select(AuditCheckpoint.seq, AuditCheckpoint.hash, AuditCheckpoint.verified_at,
                       AuditCheckpoint.verified_by)
                .order_by(AuditCheckpoint.seq.desc(), AuditCheckpoint.id.desc()).limit(1)
            ).one_or_none()
            if mark is not None:
                when = _as_utc(mark.verified_at).strftime("%Y-%m-%d %H:%M UTC")
                since = f"checkpoint at event {mark.seq}, verified {when} by {mark.verified_by}"
                event = s.execute(select(*_CHAIN_COLUMNS).where(AuditEvent.seq == mark.seq)).one_or_none()
                if event is None:
                    return ChainReport(0, False, mark.seq, f"audit event {mark.seq} is missing ({since})")
                if event.hash != mark.hash or _recomputed_hash(event) != mark.hash:
                    return ChainReport(0, False, mark.seq,
                                       f"audit event {mark.seq} was altered after it was written ({since})")
        if mark is None:
            walk = self._walk(0, GENESIS_HASH, batch, processes)
            scope = "full"
        else:
            walk = self._walk(mark.seq, mark.hash, batch, processes, already=1)
            scope = "incremental"
        if walk.failure is not None:
            return walk.failure
        if checkpoint_by:
            self._checkpoint(walk, checkpoint_by, scope)
        if mark is None:
            return ChainReport(walk.checked, True, None,
                               f"{walk.checked} audit events verified (no checkpoint yet, so the whole chain "
                               f"was checked), chain intact")
        return ChainReport(
            walk.checked, True, None,
            f"{walk.checked - 1} audit events after the {since}, and that event itself, verified "
            f"(events {mark.seq} to {walk.last_seq}), chain intact; events before it are checked "
            f"by the full check",
        )

    def _walk(self, after_seq: int, prev_hash: str, batch: int, processes: int | None,
              already: int = 0) -> _Walk:
        """Check the events after ``after_seq`` up to those the head counted when the check
        began (events appended meanwhile wait for the next check). A long chain is cut into
        one span per processor, each checked by its own process on its own connection."""
        with self._sessions() as s:
            conn = s.connection()
            head_row = conn.execute(
                select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).one_or_none()
            head = (head_row[0], head_row[1]) if head_row else None
            last = max(head[0] if head else 0, conn.scalar(select(func.max(AuditEvent.seq))) or 0)
            count = last - after_seq
            bind = self._sessions.kw.get("bind")
            if processes is None:
                processes = min(os.cpu_count() or 1, _MAX_PROCESSES) if count >= PARALLEL_FROM_EVENTS else 1
            # worker processes see only what is committed: a session inside a caller's
            # transaction checks alone
            if processes <= 1 or count < 2 or not isinstance(bind, Engine):
                spans = [_check_span(conn, after_seq + 1, last, batch)]
                return _join(spans, after_seq, prev_hash, already, head)
        # loaded here, not at start-up: only long chains use them
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        processes = min(processes, count)
        bounds = [after_seq + count * i // processes for i in range(processes + 1)]
        try:
            with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
                spans = list(pool.map(_check_span_apart, [bind.url] * processes,
                                      [b + 1 for b in bounds[:-1]], bounds[1:], [batch] * processes))
        except (BrokenProcessPool, OSError):
            # a host that cannot start worker processes (an interpreter fed from stdin, a
            # frozen build) gets the same answer from one process, only later
            log.warning("audit check: worker processes failed to start; checking in one process", exc_info=True)
            with self._sessions() as s:
                spans = [_check_span(s.connection(), after_seq + 1, last, batch)]
        return _join(spans, after_seq, prev_hash, already, head)

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
        with self._sessions() as s:
            # the days are the lab's calendar days (the policy module records through this one)
            from lims.services import policy as lab_policy

            zone = lab_policy.read(s).timezone
            if flt.since:
                q = q.where(AuditEvent.occurred_at >= datetime.combine(flt.since, time.min, zone).astimezone(UTC))
            if flt.until:
                end = datetime.combine(flt.until + timedelta(days=1), time.min, zone).astimezone(UTC)
                q = q.where(AuditEvent.occurred_at < end)
            total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
            events = s.scalars(q.order_by(AuditEvent.seq.desc()).offset(offset).limit(limit)).all()
            changes = [json.loads(e.changes_json) for e in events]
            named = name_events(s, ((e.entity, e.entity_id, c) for e, c in zip(events, changes, strict=True)))
            rows = tuple(
                AuditRow(
                    seq=e.seq,
                    occurred_at=_as_utc(e.occurred_at),
                    actor=e.actor,
                    workstation=e.workstation,
                    entity=e.entity,
                    entity_id=e.entity_id,
                    action=e.action,
                    changes=c,
                    reason=e.reason,
                    subject=n.subject,
                    named_changes=n.changes,
                )
                for e, c, n in zip(events, changes, named, strict=True)
            )
        return Page(rows=rows, offset=offset, total=total)

    def entities(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)))

    def actors(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)))
