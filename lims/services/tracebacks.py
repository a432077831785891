"""Failing samples (不合格样品) and their traceback (溯源核查) to the producer.

A traceback runs open -> notified (the producer or the office in charge was told) -> closed
(after the action taken was recorded). Its row is made on the first step; until then the
sample's traceback is open with version 0, and that is the version the first step expects."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from lims.db.base import utcnow
from lims.db.models import (
    Limit,
    Parameter,
    Producer,
    Product,
    Result,
    Sample,
    Standard,
    Test,
    Traceback,
    User,
)
from lims.domain.enums import AuditAction, TestStatus, Verdict
from lims.domain.errors import ConcurrentEditError, NotFound, ValidationError
from lims.domain.rounding import as_decimal, plain
from lims.services import audit, authority
from lims.services.dto import Actor, Page
from lims.services.fields import clean

PARTY_MAX = 200  # Traceback.notified_party


class TracebackState(StrEnum):
    OPEN = "open"
    NOTIFIED = "notified"
    CLOSED = "closed"


@dataclass(frozen=True)
class FailingItem:
    """One failing parameter: the value as reported and the limit it broke."""

    parameter: str
    value: str  # as reported ("0.35"), or as entered when no reported text was kept
    unit: str
    basis_text: str  # 判定依据 as judged ("GB 2763-2021 0.02 mg/kg"); empty for older rows
    limit_standard: str  # "GB 2763-2021", from the limit row
    limit_value: str  # "0.02"; empty for a not-detectable (不得检出) limit
    limit_unit: str
    not_detectable: bool


@dataclass(frozen=True)
class FailingSampleRow:
    sample_id: int
    code: str
    product: str
    producer: str
    producer_contact: str  # "张三 13800000000"
    sampled_at: datetime  # aware, UTC
    failing: tuple[FailingItem, ...]
    state: str  # TracebackState
    notified_party: str
    notified_at: datetime | None
    notified_by: str
    action_taken: str
    closed_at: datetime | None
    closed_by: str
    traceback_version: int  # 0 while no step was recorded


@dataclass(frozen=True)
class FailingFilter:
    state: str | None = None  # a TracebackState, None for all


class TracebackService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- reading -----------------------------------------------------------------------------

    def failing_samples(self, flt: FailingFilter = FailingFilter(), offset: int = 0,
                        limit: int = 100) -> Page[FailingSampleRow]:
        """Samples judged fail, newest sampling first, with their failing parameters."""
        q = _failing_query()
        if flt.state is not None:
            q = q.where(_state_condition(TracebackState(flt.state)))
        with self._sessions() as s:
            total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
            rows = s.execute(q.order_by(Sample.sampled_at.desc(), Sample.id.desc()).offset(offset).limit(limit)).all()
            return Page(rows=tuple(_rows(s, rows)), offset=offset, total=total)

    def traceback(self, sample_id: int) -> FailingSampleRow:
        with self._sessions() as s:
            return _one(s, sample_id)

    # --- the steps ---------------------------------------------------------------------------

    def notify(self, actor: Actor, sample_id: int, expected_version: int, party: str, notified_at: datetime,
               notes: str = "") -> FailingSampleRow:
        """Record who was told of the failing result and when (again, to correct it, until closed)."""
        party = clean(party, Traceback.notified_party, field="party")
        notes = clean(notes, Traceback.notes, field="notes", multiline=True)
        if not party:
            raise ValidationError("Name who was notified of the failing result", field="party")
        if len(party) > PARTY_MAX:
            raise ValidationError("The name of who was notified is at most {n} characters", field="party", n=PARTY_MAX)
        if notified_at.tzinfo is None:
            raise ValidationError("The time of the notification needs its time zone", field="notified_at")
        if notified_at > utcnow():
            raise ValidationError("The time of the notification lies in the future", field="notified_at")

        def change(s: Session, sample: Sample, tb: Traceback) -> dict[str, list[object]]:
            if notified_at < sample.sampled_at:
                raise ValidationError("The notification cannot come before the sample was taken",
                                      field="notified_at")
            before = [tb.notified_party or None, _iso(tb.notified_at)]
            tb.notified_party = party
            tb.notified_at = notified_at.astimezone(UTC)
            tb.notified_by_id = actor.user_id
            if notes.strip():
                tb.notes = notes.strip()
            return {"notified_party": [before[0], party], "notified_at": [before[1], _iso(tb.notified_at)]}

        return self._step(actor, sample_id, expected_version, change)

    def record_action(self, actor: Actor, sample_id: int, expected_version: int, action_taken: str) -> FailingSampleRow:
        """What was done about it: products held or destroyed, the producer re-inspected..."""
        action_taken = clean(action_taken, Traceback.action_taken, field="action_taken", multiline=True)
        if not action_taken:
            raise ValidationError("Describe the action taken", field="action_taken")

        def change(_s: Session, _sample: Sample, tb: Traceback) -> dict[str, list[object]]:
            before = tb.action_taken or None
            tb.action_taken = action_taken
            return {"action_taken": [before, action_taken]}

        return self._step(actor, sample_id, expected_version, change)

    def close(self, actor: Actor, sample_id: int, expected_version: int) -> FailingSampleRow:
        def change(_s: Session, _sample: Sample, tb: Traceback) -> dict[str, list[object]]:
            if tb.notified_at is None:
                raise ValidationError("Record who was notified before the traceback is closed", field="party")
            if not tb.action_taken.strip():
                raise ValidationError("Record the action taken before the traceback is closed",
                                      field="action_taken")
            tb.closed_at = utcnow()
            tb.closed_by_id = actor.user_id
            return {"closed_at": [None, _iso(tb.closed_at)]}

        return self._step(actor, sample_id, expected_version, change)

    def _step(self, actor: Actor, sample_id: int, expected_version: int,
              change: Callable[[Session, Sample, Traceback], dict[str, list[object]]]) -> FailingSampleRow:
        try:
            with self._sessions.begin() as s:
                authority.current_roles(s, actor)  # an account deactivated since log-in stops here
                sample = s.get(Sample, sample_id)
                if sample is None:
                    raise NotFound("Sample {id} does not exist", id=sample_id)
                if sample.verdict != Verdict.FAIL.value:
                    raise ValidationError("Sample {code} did not fail: it has no traceback", field="sample",
                                          code=sample.code)
                tb = s.scalar(select(Traceback).where(Traceback.sample_id == sample.id))
                if (tb.version if tb else 0) != expected_version:
                    raise _changed(sample.code)
                if tb is None:
                    tb = Traceback(sample_id=sample.id, notified_party="", action_taken="", notes="")
                    s.add(tb)
                    created = True
                else:
                    created = False
                if tb.closed_at is not None:
                    raise ValidationError("The traceback of sample {code} is closed", field="sample", code=sample.code)
                changes = change(s, sample, tb)
                s.flush()
                audit.record(s, actor, "traceback", tb.id, AuditAction.CREATE if created else AuditAction.UPDATE,
                             {"sample_id": [None, sample.id], **changes} if created else changes)
                return _one(s, sample.id)
        except (StaleDataError, ConcurrentEditError, IntegrityError) as exc:  # another workstation wrote it too
            raise _changed(_code(self._sessions, sample_id)) from exc


# --- helpers ----------------------------------------------------------------------------------

def _changed(code: str) -> ConcurrentEditError:
    return ConcurrentEditError(
        "The traceback of sample {code} was changed on another workstation since you opened it; "
        "reload and try again", code=code)


def _code(sessions: sessionmaker[Session], sample_id: int) -> str:
    with sessions() as s:
        return s.scalar(select(Sample.code).where(Sample.id == sample_id)) or str(sample_id)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _state_condition(state: TracebackState) -> ColumnElement[bool]:
    if state == TracebackState.OPEN:
        return or_(Traceback.id.is_(None), and_(Traceback.notified_at.is_(None), Traceback.closed_at.is_(None)))
    if state == TracebackState.NOTIFIED:
        return and_(Traceback.notified_at.is_not(None), Traceback.closed_at.is_(None))
    return Traceback.closed_at.is_not(None)


def _state(tb: Traceback | None) -> TracebackState:
    if tb is None or (tb.notified_at is None and tb.closed_at is None):
        return TracebackState.OPEN
    return TracebackState.CLOSED if tb.closed_at is not None else TracebackState.NOTIFIED


def _failing_query() -> Select:
    return (
        select(Sample, Product.name, Producer, Traceback)
        .join(Product, Product.id == Sample.product_id)
        .outerjoin(Producer, Producer.id == Sample.producer_id)
        .outerjoin(Traceback, Traceback.sample_id == Sample.id)
        .where(Sample.verdict == Verdict.FAIL.value)
    )


def _one(s: Session, sample_id: int) -> FailingSampleRow:
    row = s.execute(_failing_query().where(Sample.id == sample_id)).first()
    if row is None:
        if s.get(Sample, sample_id) is None:
            raise NotFound("Sample {id} does not exist", id=sample_id)
        raise ValidationError("Sample {code} did not fail: it has no traceback", field="sample",
                              code=s.scalar(select(Sample.code).where(Sample.id == sample_id)))
    return _rows(s, [row])[0]


def _rows(s: Session, rows: Sequence[Any]) -> list[FailingSampleRow]:
    ids = [r[0].id for r in rows]
    items: dict[int, list[FailingItem]] = {i: [] for i in ids}
    limit_standard = aliased(Standard)
    for sample_id, pname, result, lim, std in s.execute(
        select(Test.sample_id, Parameter.name, Result, Limit, limit_standard)
        .join(Test, Test.id == Result.test_id)
        .join(Parameter, Parameter.id == Test.parameter_id)
        .outerjoin(Limit, Limit.id == Result.limit_id)
        .outerjoin(limit_standard, limit_standard.id == Limit.standard_id)
        .where(Test.sample_id.in_(ids), Test.status != TestStatus.RETRACTED.value,
               Result.superseded.is_(False), Result.verdict == Verdict.FAIL.value)
        .order_by(Test.id)
    ):
        items[sample_id].append(FailingItem(
            parameter=pname, value=result.reported_text or result.value_text, unit=result.unit,
            basis_text=result.basis_text,
            limit_standard=f"{std.number}-{std.year}" if std is not None else "",
            limit_value=plain(as_decimal(lim.value, "limit")) if lim is not None and lim.value is not None else "",
            limit_unit=lim.unit if lim is not None else "",
            not_detectable=lim is not None and lim.value is None,
        ))
    user_ids = {uid for r in rows if r[3] is not None for uid in (r[3].notified_by_id, r[3].closed_by_id) if uid}
    users = dict(s.execute(select(User.id, User.full_name).where(User.id.in_(user_ids))).all()) if user_ids else {}
    out = []
    for sample, product, producer, tb in rows:
        contact = " ".join(p for p in ((producer.contact, producer.phone) if producer else ()) if p)
        out.append(FailingSampleRow(
            sample_id=sample.id, code=sample.code, product=product, producer=producer.name if producer else "",
            producer_contact=contact, sampled_at=sample.sampled_at, failing=tuple(items[sample.id]),
            state=_state(tb).value,
            notified_party=tb.notified_party if tb else "",
            notified_at=tb.notified_at if tb else None,
            notified_by=users.get(tb.notified_by_id, "") if tb and tb.notified_by_id else "",
            action_taken=tb.action_taken if tb else "",
            closed_at=tb.closed_at if tb else None,
            closed_by=users.get(tb.closed_by_id, "") if tb and tb.closed_by_id else "",
            traceback_version=tb.version if tb else 0,
        ))
    return out
