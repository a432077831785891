"""The records an audit event is about, by name. The trail stores ids (``test_id: 169``,
``area_id: 13``, ``tests_added: [13, 18]``, the parameters a panel added); a person reads
"NJ2026-000035 毒死蜱" and "新民村". One page of events is named with one query per kind of
record, whatever its length."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lims.db.models import (
    Area,
    Certificate,
    Instrument,
    Method,
    Parameter,
    Producer,
    Product,
    Report,
    Result,
    Sample,
    Standard,
    Task,
    Test,
    User,
)

# which kind of record a changed field points at; a list value points at several
FIELD_KINDS: Mapping[str, str] = {
    "area_id": "area", "product_id": "product", "producer_id": "producer", "task_id": "task",
    "parameter_id": "parameter", "tests_added": "parameter", "method_id": "method",
    "instrument_id": "instrument", "sample_id": "sample", "test_id": "test", "result_id": "result",
    "confirmation_test_id": "test",
}
# the kind of record each audited entity is, where its id names it
ENTITY_KINDS: Mapping[str, str] = {
    "sample": "sample", "test": "test", "result": "result", "user": "user", "instrument": "instrument",
    "producer": "producer", "task": "task", "certificate": "certificate", "report": "report",
}


@dataclass(frozen=True)
class Named:
    """What one event is about (``subject``, "" when its id says it all) and its changes with the
    ids of other records replaced by their names."""

    subject: str
    changes: dict[str, list[object]]


def name_events(s: Session, events: Iterable[tuple[str, str, dict[str, list[object]]]]) -> list[Named]:
    """``events`` as (entity, entity id, changes), named in the same order."""
    events = list(events)
    wanted: dict[str, set[int]] = defaultdict(set)
    for entity, entity_id, changes in events:
        kind = ENTITY_KINDS.get(entity)
        if kind and entity_id.isdigit():
            wanted[kind].add(int(entity_id))
        for field, values in changes.items():
            kind = FIELD_KINDS.get(field)
            if kind:
                wanted[kind].update(_ids(values))
    names = _names(s, wanted)
    out = []
    for entity, entity_id, changes in events:
        kind = ENTITY_KINDS.get(entity)
        subject = (names[kind].get(int(entity_id)) or "") if kind and entity_id.isdigit() else ""
        out.append(Named(subject, {field: [_named(v, names[FIELD_KINDS[field]]) for v in values]
                                   if field in FIELD_KINDS and isinstance(values, list) else values
                                   for field, values in changes.items()}))
    return out


def _ids(values: object) -> set[int]:
    found: set[int] = set()
    for value in values if isinstance(values, (list, tuple)) else [values]:
        if isinstance(value, (list, tuple)):
            found |= _ids(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            found.add(value)
    return found


def _named(values: object, names: Mapping[int, str]) -> object:
    if isinstance(values, (list, tuple)):
        return [_named(v, names) for v in values]
    if isinstance(values, int) and not isinstance(values, bool):
        return names.get(values, values)
    return values


def _names(s: Session, wanted: Mapping[str, set[int]]) -> dict[str, dict[int, str]]:
    names: dict[str, dict[int, str]] = defaultdict(dict)
    simple = {"area": (Area.id, Area.name), "product": (Product.id, Product.name),
              "producer": (Producer.id, Producer.name), "task": (Task.id, Task.title),
              "parameter": (Parameter.id, Parameter.name), "instrument": (Instrument.id, Instrument.name),
              "sample": (Sample.id, Sample.code), "user": (User.id, User.username),
              "certificate": (Certificate.id, Certificate.number), "report": (Report.id, Report.number)}
    for kind, (key, label) in simple.items():
        if wanted.get(kind):
            for found, name in s.execute(select(key, label).where(key.in_(wanted[kind]))):
                if name:
                    names[kind][found] = name
    if wanted.get("method"):
        for method_id, number, year in s.execute(
                select(Method.id, Standard.number, Standard.year).join(Standard, Standard.id == Method.standard_id)
                .where(Method.id.in_(wanted["method"]))):
            names["method"][method_id] = f"{number}-{year}"
    tests = set(wanted.get("test", ()))
    result_tests: dict[int, int] = {}
    if wanted.get("result"):
        result_tests = dict(s.execute(select(Result.id, Result.test_id).where(
            Result.id.in_(wanted["result"]))).all())
        tests |= set(result_tests.values())
    if tests:
        for test_id, code, parameter in s.execute(
                select(Test.id, Sample.code, Parameter.name).join(Sample, Sample.id == Test.sample_id)
                .join(Parameter, Parameter.id == Test.parameter_id).where(Test.id.in_(tests))):
            names["test"][test_id] = f"{code} {parameter}"
    names["result"] = {r: names["test"][t] for r, t in result_tests.items() if t in names["test"]}
    return names
