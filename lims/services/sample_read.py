"""The sample as a person reads it: its sampling form, tests, current and superseded results
with their judgment basis, signatures, and the workflow steps the reader may take now.

``read_sample`` runs a fixed number of queries whatever the number of tests, and reads plain
rows, not ORM objects: tests and results come in one query; parameters' names, methods and
limits from the catalogue, kept across actions while the reference stamp holds."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from lims.db.models import (
    Area,
    Limit,
    Producer,
    Product,
    Result,
    Sample,
    Signature,
    Task,
    Test,
    User,
)
from lims.domain.enums import TestStatus
from lims.domain.errors import NotFound
from lims.domain.workflow import (
    accepts_tests,
    available_transitions,
)
from lims.services import policy as lab_policy
from lims.services import scope as scope_marks
from lims.services import snapshots, transitions
from lims.services.catalogue import Catalogue, catalogue
from lims.services.dto import Actor


@dataclass(frozen=True)
class ResultView:
    id: int
    value_text: str  # as entered
    reported_text: str  # rounded to the method's digits, or "ND"
    unit: str
    detection: str | None
    verdict: str | None
    basis_text: str  # "GB 2763-2021 0.02 mg/kg", empty when there was no basis
    inherited_from: str  # the category whose limit applied, or ""
    entered_by: str
    entered_at: datetime
    superseded: bool
    reason: str
    source: str = "manual"  # a lims.domain.enums.ResultSource value


@dataclass(frozen=True)
class TestView:
    __test__ = False  # not a pytest test class

    id: int
    parameter_id: int
    parameter: str
    method_id: int
    method: str  # "GB 23200.113-2018"
    unit: str
    status: str
    version: int
    current: ResultView | None
    history: tuple[ResultView, ...]  # superseded results, newest first
    scope_cma: scope_marks.ScopeMark | None = None  # the certificates' verdicts on the test date
    scope_catl: scope_marks.ScopeMark | None = None


@dataclass(frozen=True)
class SignatureView:
    username: str
    full_name: str
    meaning: str
    signed_at: datetime


@dataclass(frozen=True)
class ActionView:
    """A workflow step the person looking at the sample may take now."""

    transition: str  # a lims.domain.workflow.Transition value
    needs_reason: bool
    needs_password: bool  # an electronic signature: the password is asked again


@dataclass(frozen=True)
class SampleDetail:
    id: int
    code: str
    status: str
    version: int
    product_id: int
    product: str
    producer: str
    area: str
    task: str
    sampled_at: datetime
    sampled_on: date  # the local calendar date limits are judged by
    verdict: str | None
    lab_took_sample: bool
    received_at: datetime | None
    condition: str
    storage_place: str
    rejection_reason: str
    tests: tuple[TestView, ...]
    signatures: tuple[SignatureView, ...]
    actions: tuple[ActionView, ...] = ()  # for the person it was read for, in table order
    accepts_tests: bool = False  # tests may still be assigned, added or dropped


def read_sample(s: Session, sample_id: int, actor: Actor | None = None, *, of_test: int | None = None
                ) -> SampleDetail:
    """The sample now; with ``actor``, also the steps that person may take. Flushes first, so
    a use case's changes are what is read. With ``of_test``, the sample of that test.

    Three queries, as plain rows (the sample with its names; its tests with their results;
    its signatures): a read-back after each result is the bench's most frequent action."""
    s.flush()
    policy = lab_policy.read(s)
    sample = s.execute(_SAMPLE_OF_TEST if of_test is not None else _SAMPLE,
                       {"id": of_test if of_test is not None else sample_id}).one_or_none()
    if sample is None:
        raise NotFound("Sample {id} does not exist", id=sample_id)
    tests: dict[int, Any] = {}  # plain rows
    results: dict[int, list[Any]] = {}
    for row in s.execute(_TESTS_AND_RESULTS, {"sample_id": sample.id}):
        tests.setdefault(row.id, row)
        if row.result_id is not None:
            results.setdefault(row.id, []).append(row)
    signatures = s.execute(_SIGNATURES, {"entity_id": str(sample.id)}).all()
    users = people(s)
    cat = catalogue(s)
    shown = [t for t in tests.values() if t.status != TestStatus.RETRACTED.value]
    owners = _limit_owners(s, cat, sample.product_id, shown, results)
    marks = scope_marks.marks_for(s, sample.product_id, sample.sampled_at, shown)
    views = []
    for test in shown:
        held = [_result_view(r, users, owners.get(r.limit_id or 0, "")) for r in results.get(test.id, ())]
        method, unit = cat.method_label(test.method_id)
        views.append(TestView(
            id=test.id, parameter_id=test.parameter_id, parameter=cat.parameter_names.get(test.parameter_id, ""),
            method_id=test.method_id, method=method, unit=unit,
            status=test.status, version=test.version, current=next((v for v in held if not v.superseded), None),
            history=tuple(v for v in held if v.superseded),
            scope_cma=marks[test.id][0], scope_catl=marks[test.id][1],
        ))
    actions: tuple[ActionView, ...] = ()
    if actor is not None:
        entered_by = {r.id: r.entered_by_id for rows in results.values() for r in rows if not r.superseded}
        state = transitions.sample_state(sample, list(tests.values()), entered_by, cat.parameter_names)
        found = available_transitions(state, transitions.actor_info(s, actor), policy.workflow)
        actions = tuple(ActionView(a.transition.value, a.needs_reason, a.transition in transitions.SIGNED)
                        for a in found)
    return SampleDetail(
        id=sample.id, code=sample.code, status=sample.status, version=sample.version,
        product_id=sample.product_id, product=sample.product, producer=sample.producer or "", area=sample.area or "",
        task=sample.task or "", sampled_at=sample.sampled_at, sampled_on=policy.day(sample.sampled_at),
        verdict=sample.verdict, lab_took_sample=sample.lab_took_sample, received_at=sample.received_at,
        condition=sample.condition, storage_place=sample.storage_place, rejection_reason=sample.rejection_reason,
        tests=tuple(views),
        signatures=tuple(SignatureView(*users.get(sig.user_id, ("", "")), sig.meaning, sig.signed_at)
                         for sig in signatures),
        actions=actions, accepts_tests=accepts_tests(sample.status),
    )


# The statements, built once (building them was a good part of a read's time); the result's
# columns go beside its test's, one row per result.
_SAMPLE_COLUMNS = select(
    Sample.id, Sample.code, Sample.status, Sample.version, Sample.product_id, Sample.sampled_at, Sample.verdict,
    Sample.lab_took_sample, Sample.received_at, Sample.condition, Sample.storage_place, Sample.rejection_reason,
    Product.name.label("product"), Producer.name.label("producer"), Area.name.label("area"),
    Task.title.label("task"),
).join(Product, Product.id == Sample.product_id).outerjoin(Producer, Producer.id == Sample.producer_id) \
    .outerjoin(Area, Area.id == Sample.area_id).outerjoin(Task, Task.id == Sample.task_id)
_SAMPLE = _SAMPLE_COLUMNS.where(Sample.id == bindparam("id"))
_SAMPLE_OF_TEST = _SAMPLE_COLUMNS.where(
    Sample.id == select(Test.sample_id).where(Test.id == bindparam("id")).scalar_subquery())
_TESTS_AND_RESULTS = select(
    Test.id, Test.parameter_id, Test.method_id, Test.status, Test.version, Test.analyst_id, Test.tested_on,
    Result.id.label("result_id"), Result.value_text, Result.reported_text, Result.unit, Result.detection,
    Result.verdict, Result.basis_text, Result.limit_id, Result.entered_by_id, Result.entered_at, Result.superseded,
    Result.reason, Result.source,
).outerjoin(Result, Result.test_id == Test.id).where(Test.sample_id == bindparam("sample_id")) \
    .order_by(Test.id, Result.id.desc())
_SIGNATURES = select(Signature.user_id, Signature.meaning, Signature.signed_at).where(
    Signature.entity == "sample", Signature.entity_id == bindparam("entity_id")).order_by(Signature.id)


def people(s: Session) -> dict[int, tuple[str, str]]:
    """Every account's user name and full name, by id (kept while the reference stamp holds)."""
    return snapshots.part(s, "people", lambda: {
        u.id: (u.username, u.full_name) for u in s.execute(select(User.id, User.username, User.full_name))})


def _limit_owners(s: Session, cat: Catalogue, product_id: int, tests: list[Any],
                  results: dict[int, list[Any]]) -> dict[int, str]:
    """For each result's limit set on another node of the tree (a category), that node's name:
    read from the catalogue's limit tables, and from the database for a limit they no longer hold."""
    owners: dict[int, str] = {}
    missing: set[int] = set()
    for test in tests:
        for r in results.get(test.id, ()):
            if not r.limit_id or r.limit_id in owners:
                continue
            found = cat.limits_for(test.parameter_id).by_id(r.limit_id)
            if found is None:
                missing.add(r.limit_id)
            elif found.product_id != product_id:
                owners[r.limit_id] = found.product_name
    if missing:
        owners.update(s.execute(
            select(Limit.id, Product.name).join(Product, Product.id == Limit.product_id)
            .where(Limit.id.in_(missing), Limit.product_id != product_id)).all())
    return owners


def _result_view(r: Row[Any], users: dict[int, tuple[str, str]], basis_owner: str) -> ResultView:
    return ResultView(r.result_id, r.value_text, r.reported_text, r.unit, r.detection, r.verdict, r.basis_text,
                      basis_owner, users.get(r.entered_by_id or 0, ("", ""))[1], r.entered_at, r.superseded, r.reason,
                      r.source)
