"""The sample as a person reads it: its sampling form, tests, current and superseded results
with their judgment basis, signatures, and the workflow steps the reader may take now.

``read_sample`` runs a fixed number of queries whatever the number of tests: tests and results
come through ``selectinload``; parameters' names, methods and limits from the catalogue, kept
across actions while the reference stamp holds."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

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
    a use case's changes are what is read. With ``of_test``, the sample of that test."""
    s.flush()
    policy = lab_policy.read(s)
    row = s.execute(
        select(Sample, Product.name, Producer.name, Area.name, Task.title)
        .join(Product, Product.id == Sample.product_id)
        .outerjoin(Producer, Producer.id == Sample.producer_id)
        .outerjoin(Area, Area.id == Sample.area_id)
        .outerjoin(Task, Task.id == Sample.task_id)
        .where(Sample.id == (sample_id if of_test is None else
                             select(Test.sample_id).where(Test.id == of_test).scalar_subquery()))
        .options(selectinload(Sample.tests).selectinload(Test.results))
        .execution_options(populate_existing=True)
    ).one_or_none()
    if row is None:
        raise NotFound("Sample {id} does not exist", id=sample_id)
    sample, product, producer, area, task = row
    tests = [t for t in sample.tests if t.status != TestStatus.RETRACTED.value]
    signatures = list(s.scalars(select(Signature).where(
        Signature.entity == "sample", Signature.entity_id == str(sample.id)).order_by(Signature.id)))
    users = people(s)
    cat = catalogue(s)
    owners = _limit_owners(s, cat, sample.product_id, tests)
    marks = scope_marks.marks_for(s, sample.product_id, sample.sampled_at, tests)
    views = []
    for test in tests:
        shown = [_result_view(r, users, owners.get(r.limit_id or 0, "")) for r in test.results]
        method, unit = cat.method_label(test.method_id)
        views.append(TestView(
            id=test.id, parameter_id=test.parameter_id, parameter=cat.parameter_names.get(test.parameter_id, ""),
            method_id=test.method_id, method=method, unit=unit,
            status=test.status, version=test.version, current=next((v for v in shown if not v.superseded), None),
            history=tuple(v for v in shown if v.superseded),
            scope_cma=marks[test.id][0], scope_catl=marks[test.id][1],
        ))
    actions: tuple[ActionView, ...] = ()
    if actor is not None:
        entered_by = {r.test_id: r.entered_by_id for t in sample.tests for r in t.results if not r.superseded}
        state = transitions.sample_state(sample, list(sample.tests), entered_by, cat.parameter_names)
        found = available_transitions(state, transitions.actor_info(s, actor), policy.workflow)
        actions = tuple(ActionView(a.transition.value, a.needs_reason, a.transition in transitions.SIGNED)
                        for a in found)
    return SampleDetail(
        id=sample.id, code=sample.code, status=sample.status, version=sample.version,
        product_id=sample.product_id, product=product, producer=producer or "", area=area or "",
        task=task or "", sampled_at=sample.sampled_at, sampled_on=policy.day(sample.sampled_at),
        verdict=sample.verdict, lab_took_sample=sample.lab_took_sample, received_at=sample.received_at,
        condition=sample.condition, storage_place=sample.storage_place, rejection_reason=sample.rejection_reason,
        tests=tuple(views),
        signatures=tuple(SignatureView(*users.get(sig.user_id, ("", "")), sig.meaning, sig.signed_at)
                         for sig in signatures),
        actions=actions, accepts_tests=accepts_tests(sample.status),
    )


def people(s: Session) -> dict[int, tuple[str, str]]:
    """Every account's user name and full name, by id (kept while the reference stamp holds)."""
    return snapshots.part(s, "people", lambda: {
        u.id: (u.username, u.full_name) for u in s.execute(select(User.id, User.username, User.full_name))})


def _limit_owners(s: Session, cat: Catalogue, product_id: int, tests: list[Test]) -> dict[int, str]:
    """For each result's limit set on another node of the tree (a category), that node's name:
    read from the catalogue's limit tables, and from the database for a limit they no longer hold."""
    owners: dict[int, str] = {}
    missing: set[int] = set()
    for test in tests:
        for r in test.results:
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


def _result_view(r: Result, users: dict[int, tuple[str, str]], basis_owner: str) -> ResultView:
    return ResultView(r.id, r.value_text, r.reported_text, r.unit, r.detection, r.verdict, r.basis_text,
                      basis_owner, users.get(r.entered_by_id or 0, ("", ""))[1], r.entered_at, r.superseded, r.reason,
                      r.source)

