"""Tests and results inside the caller's transaction: the product's panel, a test added or
dropped, and a result entered (typed, imported or captured) judged against the limit in force
on the sampling date.

Each function takes the caller's session and actor, so the results grid, a worklist, a
sampling-list import and instrument capture record results by the same rules and audit events.
Judgment reads the session's catalogue once (lims.services.catalogue) and uses the domain's
``LimitTable``."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from lims.db.models import Method, PanelItem, Result, Sample, Signature, Test
from lims.domain.accounts import Duty
from lims.domain.enums import (
    AuditAction,
    Detection,
    ResultSource,
    SampleStatus,
    SignatureMeaning,
    TestStatus,
)
from lims.domain.errors import ValidationError
from lims.domain.judgment import (
    Judgment,
    JudgmentRequest,
    ResultInput,
    judge_many,
    judge_with_limit,
)
from lims.domain.text import clean_text
from lims.domain.workflow import Transition, accepts_tests
from lims.services import audit, authority
from lims.services import policy as lab_policy
from lims.services.catalogue import catalogue
from lims.services.dto import Actor
from lims.services.editing import editable_test_with_result, sample_of, touch
from lims.services.transitions import apply_transition


@dataclass(frozen=True)
class Provenance:
    """Where a result came from: typed in, imported (``reference`` names the file and row), or
    read from an instrument (its id, and the reading's place in the instrument's raw journal)."""

    source: ResultSource = ResultSource.MANUAL
    instrument_id: int | None = None
    journal_position: int | None = None
    reference: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", ResultSource(self.source))
        if self.source == ResultSource.INSTRUMENT and self.instrument_id is None:
            raise ValidationError("A captured result names its instrument", field="instrument")


MANUAL = Provenance()


def _require_open(sample: Sample, what: str) -> None:
    if not accepts_tests(sample.status):
        raise ValidationError("Cannot {what} a sample that is {status}", what=what, status=sample.status)


def assign_panel(s: Session, actor: Actor, sample: Sample) -> list[int]:
    """Create the tests of the product's panel (or its nearest category's); returns the
    parameters added. Parameters the sample already tests are left alone."""
    authority.require(s, actor, Duty.PLAN_TESTS)
    _require_open(sample, "assign tests to")
    panel = catalogue(s).panel_for(sample.product_id)
    if panel is None:
        raise ValidationError("No panel is defined for this product or its categories", field="panel")
    have = set(s.scalars(select(Test.parameter_id).where(
        Test.sample_id == sample.id, Test.status != TestStatus.RETRACTED.value)))
    added = []
    for item in s.scalars(select(PanelItem).where(PanelItem.panel_id == panel.id).order_by(PanelItem.id)):
        if item.parameter_id in have:
            continue
        s.add(Test(sample_id=sample.id, parameter_id=item.parameter_id, method_id=item.method_id,
                   status=TestStatus.ASSIGNED.value, subcontracted=False))
        have.add(item.parameter_id)
        added.append(item.parameter_id)
    s.flush()
    touch(sample)
    audit.record(s, actor, "sample", sample.id, AuditAction.UPDATE,
                 {"tests_added": [None, sorted(added)]}, reason=f"panel {panel.name}")
    return added


def add_test(s: Session, actor: Actor, sample: Sample, parameter_id: int, method_id: int) -> Test:
    """One test of ``parameter_id`` by ``method_id``; a sample tests a parameter once."""
    authority.require(s, actor, Duty.PLAN_TESTS)
    _require_open(sample, "add a test to")
    method = s.get(Method, method_id)
    if method is None or method.parameter_id != parameter_id:
        raise ValidationError("Choose a method for that parameter", field="method")
    if s.scalar(select(Test.id).where(Test.sample_id == sample.id, Test.parameter_id == parameter_id,
                                      Test.status != TestStatus.RETRACTED.value)):
        raise ValidationError("The sample already has a test for this parameter", field="parameter")
    test = Test(sample_id=sample.id, parameter_id=parameter_id, method_id=method_id,
                status=TestStatus.ASSIGNED.value, subcontracted=False)
    s.add(test)
    s.flush()
    touch(sample)
    audit.record(s, actor, "test", test.id, AuditAction.CREATE,
                 {"sample_id": [None, sample.id], "parameter_id": [None, parameter_id],
                  "method_id": [None, method_id]})
    return test


def drop_test(s: Session, actor: Actor, test: Test, reason: str) -> Sample:
    """Withdraw a test that has no result yet; returns its sample."""
    authority.require(s, actor, Duty.PLAN_TESTS)
    reason = clean_text(reason, field="reason", max_length=None, multiline=True)
    if not reason.strip():
        raise ValidationError("Give the reason for dropping the test", field="reason")
    if s.scalar(select(Result.id).where(Result.test_id == test.id).limit(1)) is not None:
        raise ValidationError("The test has results: it cannot be dropped, only retested", field="test")
    sample = sample_of(s, test)
    _require_open(sample, "drop a test of")
    test.status = TestStatus.RETRACTED
    touch(sample)
    audit.record(s, actor, "test", test.id, AuditAction.UPDATE,
                 {"status": [TestStatus.ASSIGNED.value, TestStatus.RETRACTED.value]}, reason.strip())
    return sample


def enter_result(s: Session, actor: Actor, test_id: int, value_text: str = "", *, unit: str = "",
                 not_detected: bool = False, reason: str = "", provenance: Provenance = MANUAL,
                 expected_version: int | None = None) -> Result:
    """Store a value (or ND) judged against the limit in force on the sampling date.

    ``value_text`` is the value exactly as typed or read; the words for not detected (ND,
    N.D., 未检出) count as ``not_detected``. The first result starts testing a received
    sample. A value replacing another keeps the old one visible (superseded); once the sample
    has been verified, a replacement needs a reason. ``expected_version`` is the test's
    version the person saw (None for a capture, which saw none). The person must hold an
    authorisation to test the parameter, valid today."""
    authority.require(s, actor, Duty.ENTER_RESULTS)
    reason = clean_text(reason, field="reason", max_length=None, multiline=True)
    test, sample, previous = editable_test_with_result(s, test_id, expected_version)
    if test.status == TestStatus.RETRACTED.value:
        raise ValidationError("The test was dropped", field="test")
    policy = lab_policy.read(s)
    authority.require_may_test(s, actor, test.parameter_id, test.method_id, policy.today())
    status = SampleStatus(sample.status)
    if status == SampleStatus.RECEIVED:
        apply_transition(s, actor, sample, Transition.START, "", policy.workflow)
    elif status != SampleStatus.TESTING:
        raise ValidationError("Results are entered while the sample is being tested; it is {status}",
                              field="value", status=status.value)
    entry = ResultInput(unit=unit, not_detected=True) if not_detected else ResultInput.from_entry(value_text, unit)
    if not entry.not_detected and not entry.value_text:
        raise ValidationError("Enter a value, or mark the result not detected", field="value")
    if previous is not None and not reason.strip() and s.scalar(select(Signature.id).where(
            Signature.entity == "sample", Signature.entity_id == str(sample.id),
            Signature.meaning == SignatureMeaning.REVIEWED).limit(1)) is not None:
        raise ValidationError("The sample was verified before: give the reason for the change", field="reason")
    judgment = _judge(s, sample, test, entry, policy.day(sample.sampled_at))
    basis_text = judgment.basis.record_text if judgment.basis else ""
    if previous is not None:
        previous.superseded = True
    result = Result(
        test_id=test.id, value_text="ND" if entry.not_detected else entry.value_text,
        value=judgment.value, unit=judgment.unit,
        not_detected=judgment.detection == Detection.NOT_DETECTED,
        verdict=judgment.verdict.value, limit_id=judgment.basis.limit_id if judgment.basis else None,
        entered_by_id=actor.user_id, source=provenance.source.value, instrument_id=provenance.instrument_id,
        journal_position=provenance.journal_position, detection=judgment.detection.value,
        reported_text=judgment.reported_value, basis_text=basis_text, reason=reason.strip(), superseded=False,
    )
    s.add(result)
    test.status = TestStatus.RESULT_ENTERED
    test.analyst_id = test.analyst_id or actor.user_id
    test.tested_on = test.tested_on or policy.today()
    flag_modified(test, "status")  # every result moves the test's version: a stale screen's save is refused
    touch(sample)
    s.flush()
    changes: dict[str, list[object]] = {
        "test_id": [None, test.id],
        "value": [previous.value_text if previous else None, result.value_text],
        "unit": [previous.unit if previous else None, result.unit],
        "verdict": [previous.verdict if previous else None, result.verdict],
        "basis": [previous.basis_text if previous else None, basis_text],
    }
    if provenance != MANUAL:
        changes["source"] = [None, provenance.source.value]
        if provenance.instrument_id is not None:
            changes["instrument_id"] = [None, provenance.instrument_id]
            changes["journal_position"] = [None, provenance.journal_position]
        if provenance.reference:
            changes["reference"] = [None, provenance.reference]
    audit.record(s, actor, "result", result.id, AuditAction.CREATE if previous is None else AuditAction.UPDATE,
                 changes, reason.strip())
    return result


def _judge(s: Session, sample: Sample, test: Test, entry: ResultInput, sampled_on: date) -> Judgment:
    cat = catalogue(s)
    limit = cat.limits_for(test.parameter_id).select(test.parameter_id, cat.path(sample.product_id), sampled_on)
    return judge_with_limit(entry, cat.method(test.method_id), limit, sample.product_id)


@dataclass(frozen=True)
class Rejudged:
    """A stored current result judged again against today's catalogue."""

    result_id: int
    test_id: int
    sample_id: int
    stored_verdict: str | None
    verdict: str
    basis_text: str

    @property
    def changed(self) -> bool:
        return self.stored_verdict != self.verdict


def rejudge(s: Session, sample_ids: Iterable[int] | None = None) -> list[Rejudged]:
    """Judge the current results of ``sample_ids`` (every sample when None) again by the
    catalogue as it stands, for instance after a limit table was imported: what would each
    verdict be now. Reads only; the catalogue is read once for the whole batch."""
    cat = catalogue(s)
    policy = lab_policy.read(s)
    query = (select(Result.id, Result.test_id, Result.value_text, Result.unit, Result.not_detected, Result.verdict,
                    Test.parameter_id, Test.method_id, Sample.id.label("sample_id"), Sample.product_id,
                    Sample.sampled_at)
             .join(Test, Test.id == Result.test_id).join(Sample, Sample.id == Test.sample_id)
             .where(Result.superseded.is_(False)))
    if sample_ids is not None:
        query = query.where(Sample.id.in_(list(sample_ids)))
    rows = s.execute(query).all()
    paths: dict[int, tuple[int, ...]] = {}
    requests = []
    for r in rows:
        path = paths.get(r.product_id) or paths.setdefault(r.product_id, cat.path(r.product_id))
        requests.append(JudgmentRequest(r.parameter_id, path, policy.day(r.sampled_at),
                                        ResultInput.from_entry(r.value_text, r.unit),
                                        cat.method(r.method_id)))
    judged = judge_many(requests, cat.limit_table)
    return [Rejudged(r.id, r.test_id, r.sample_id, r.verdict, j.verdict.value,
                     j.basis.record_text if j.basis else "") for r, j in zip(rows, judged, strict=True)]
