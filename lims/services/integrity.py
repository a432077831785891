"""`lims check`: the database file, its schema, the audit chain, and the regulated records
against the trail.

The trail says what each result, sample and limit became at every change. A row edited outside
the application (raw SQL on the file or the server) keeps its old events, so its content no
longer matches what its newest event for each field says: that is what ``records_against_trail``
finds. A row that has no event at all was made outside the application."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from lims.db.engine import display_url, sqlite_path
from lims.db.migrate import schema_state
from lims.db.models import AuditEvent, Limit, Result, Sample
from lims.domain.enums import SampleStatus
from lims.domain.errors import DatabaseDamaged, LimsError
from lims.domain.rounding import plain
from lims.services.audit import AuditService
from lims.services.dto import AuditAnchor

MAX_LISTED = 50  # problems of one kind named one by one; the rest are counted


@dataclass(frozen=True)
class _Tracked:
    """A regulated table: the audit entity its events name, and each audited field's column."""

    entity: str
    model: type[Any]
    fields: dict[str, InstrumentedAttribute[Any]]
    # what a field is before any event names it (a sample is registered awaiting receipt)
    initial: dict[str, object] = field(default_factory=dict)
    shown: Callable[[Any], str] = str


TRACKED = (
    _Tracked("result", Result, {"value": Result.value_text, "unit": Result.unit, "verdict": Result.verdict,
                                "basis": Result.basis_text}),
    _Tracked("sample", Sample, {"code": Sample.code, "status": Sample.status, "verdict": Sample.verdict,
                                "product_id": Sample.product_id, "producer_id": Sample.producer_id,
                                "sampler1": Sample.sampler1, "sampler2": Sample.sampler2},
             initial={"status": SampleStatus.SAMPLE_DUE.value}),
    _Tracked("limit", Limit, {"value": Limit.value, "unit": Limit.unit, "kind": Limit.kind, "source": Limit.source}),
)


def _same(stored: object, recorded: object) -> bool:
    if stored is None or recorded is None:
        return stored is None and recorded is None
    if isinstance(stored, Decimal):  # 0.020 and 0.02 are one value
        try:
            return stored == Decimal(str(recorded))
        except ArithmeticError:
            return False
    return str(stored) == str(recorded)


def records_against_trail(s: Session) -> Iterator[str]:
    """One line per regulated row whose content differs from what its events say it became."""
    for tracked in TRACKED:
        recorded: dict[str, dict[str, object]] = {}
        events = s.execute(select(AuditEvent.entity_id, AuditEvent.changes_json)
                           .where(AuditEvent.entity == tracked.entity).order_by(AuditEvent.seq)
                           .execution_options(yield_per=10_000))
        for entity_id, changes_json in events:
            changes = json.loads(changes_json)
            state = recorded.setdefault(entity_id, dict(tracked.initial))
            for key in tracked.fields:
                change = changes.get(key)
                if isinstance(change, list) and len(change) == 2:
                    state[key] = change[1]
        columns = [tracked.model.id, *tracked.fields.values()]
        rows = s.execute(select(*columns).order_by(tracked.model.id).execution_options(yield_per=10_000))
        for row_id, *values in rows:
            became = recorded.get(str(row_id))
            if became is None:
                yield f"{tracked.entity} {row_id} has no audit event: it was made outside the application"
                continue
            for key, stored in zip(tracked.fields, values, strict=True):
                if key in became and not _same(stored, became[key]):
                    yield (f"{tracked.entity} {row_id}: {key} is {_shown(stored)} but the audit trail says it "
                           f"became {_shown(became[key])}: it was changed outside the application")


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return repr(plain(value))
    return repr(str(value)) if value is not None else "empty"


@dataclass(frozen=True)
class CheckReport:
    database: str
    problems: tuple[str, ...]
    checked: tuple[str, ...]  # what was looked at, one line each

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(engine: Engine, sessions: sessionmaker[Session], *,
                   anchors: tuple[AuditAnchor, ...] = ()) -> CheckReport:
    """Everything `lims check` looks at, each problem named; a damaged file stops the rest."""
    where = display_url(engine.url)
    problems: list[str] = []
    checked: list[str] = []
    if sqlite_path(engine.url) is not None:
        try:
            with engine.connect() as conn:
                verdicts = [r[0] for r in conn.execute(text("PRAGMA quick_check"))]
        except DBAPIError as exc:
            verdicts = [str(exc.orig).splitlines()[0] if exc.orig else str(exc)]
        except DatabaseDamaged as exc:
            verdicts = [str(exc.__cause__ or exc)]
        if verdicts != ["ok"]:
            problems.extend(f"the database file is damaged: {v}" for v in verdicts[:MAX_LISTED])
            return CheckReport(where, tuple(problems), ("file integrity (SQLite quick_check)",))
        checked.append("file integrity (SQLite quick_check): ok")
    try:
        return _check_contents(engine, sessions, anchors, where, checked)
    except DatabaseDamaged as exc:  # pages the quick check does not read
        return CheckReport(where, (str(exc),), tuple(checked))


def _check_contents(engine: Engine, sessions: sessionmaker[Session], anchors: tuple[AuditAnchor, ...],
                    where: str, checked: list[str]) -> CheckReport:
    problems: list[str] = []
    try:
        state = schema_state(engine)
    except LimsError as exc:
        return CheckReport(where, (str(exc),), tuple(checked))
    if state.up_to_date:
        checked.append(f"schema revision {state.current}: current")
    else:
        problems.append(f"the schema is at revision {state.current}, not {state.head}: run lims init to upgrade")
    chain = AuditService(sessions).verify(anchors=anchors)
    if chain.ok:
        checked.append(f"audit chain: {chain.message}")
    else:
        problems.append(f"audit chain: {chain.message}")
    found = 0
    with sessions() as s:
        for problem in records_against_trail(s):
            found += 1
            if found <= MAX_LISTED:
                problems.append(problem)
    if found > MAX_LISTED:
        problems.append(f"... and {found - MAX_LISTED} more record(s) that differ from the audit trail")
    if not found:
        checked.append("results, samples and limits: each as its audit trail says")
    return CheckReport(where, tuple(problems), tuple(checked))
