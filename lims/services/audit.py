"""The audit trail: appended in the caller's transaction, verified end to end."""
from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from lims.db.base import utcnow
from lims.db.models import AuditEvent, AuditHead
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
        occurred_at=content.occurred_at.replace(tzinfo=UTC),
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


def _content(ev: AuditEvent) -> EventContent:
    return EventContent(
        seq=ev.seq,
        occurred_at=ev.occurred_at,
        actor=ev.actor,
        workstation=ev.workstation,
        entity=ev.entity,
        entity_id=ev.entity_id,
        action=ev.action,
        changes_json=ev.changes_json,
        reason=ev.reason,
    )


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class AuditService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def verify(self, batch: int = 5000) -> ChainReport:
        """Walk the chain in order; name the first event that was edited, inserted or removed."""
        checked = 0
        expected_seq = 1
        prev = GENESIS_HASH
        with self._sessions() as s:
            last = 0
            while True:
                events = s.scalars(
                    select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
                ).all()
                if not events:
                    break
                for ev in events:
                    if ev.seq != expected_seq:
                        return ChainReport(checked, False, expected_seq,
                                           f"audit event {expected_seq} is missing (next present is {ev.seq})")
                    if ev.prev_hash != prev:
                        return ChainReport(checked, False, ev.seq,
                                           f"audit event {ev.seq} does not follow event {ev.seq - 1}")
                    if event_hash(prev, _content(ev)) != ev.hash:
                        return ChainReport(checked, False, ev.seq,
                                           f"audit event {ev.seq} was altered after it was written")
                    prev = ev.hash
                    expected_seq += 1
                    checked += 1
                last = events[-1].seq
                s.expunge_all()
            head = s.get(AuditHead, 1)
            if head is None or head.last_seq != checked or head.last_hash != prev:
                missing = checked + 1
                return ChainReport(checked, False, missing,
                                   f"the chain ends at event {checked} but {head.last_seq if head else '?'} "
                                   f"were written: event {missing} onwards was removed")
        return ChainReport(checked, True, None, f"{checked} audit events verified, chain intact")

    def page(self, flt: AuditFilter, offset: int = 0, limit: int = 200) -> Page[AuditRow]:
        q = select(AuditEvent)
        if flt.entity:
            q = q.where(AuditEvent.entity == flt.entity)
        if flt.actor:
            q = q.where(AuditEvent.actor == flt.actor)
        if flt.since:
            q = q.where(AuditEvent.occurred_at >= datetime.combine(flt.since, time.min, UTC))
        if flt.until:
            end = datetime.combine(flt.until + timedelta(days=1), time.min, UTC)
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
