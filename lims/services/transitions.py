"""Moving a sample through its workflow inside the caller's transaction: the guards of
lims.domain.workflow decide, this applies what the table says to the sample and its tests,
and records the signature and the audit event."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lims.db.base import utcnow
from lims.db.models import ReadableTest, Result, Sample, Signature, Test
from lims.domain.enums import AuditAction, SampleStatus, SignatureMeaning, TestStatus
from lims.domain.errors import ValidationError
from lims.domain.judgment import overall_verdict
from lims.domain.text import clean_text
from lims.domain.workflow import (
    ActorInfo,
    SampleState,
    TestState,
    Transition,
    WorkflowPolicy,
    check_transition,
    test_effects,
)
from lims.services import audit, authority
from lims.services import policy as lab_policy
from lims.services.catalogue import catalogue
from lims.services.dto import Actor
from lims.services.fields import clean

# transitions that are electronic signatures: the password is asked again and a Signature kept
SIGNED: dict[Transition, SignatureMeaning] = {
    Transition.VERIFY: SignatureMeaning.REVIEWED,
    Transition.APPROVE: SignatureMeaning.APPROVED,
}


class _SampleRow(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str: ...


def sample_state(sample: _SampleRow, tests: Sequence[ReadableTest], entered_by: Mapping[int, int | None],
                 parameter_names: Mapping[int, str]) -> SampleState:
    """The sample as the guards see it: its tests, who entered each current result
    (``entered_by``: test id -> user id) and each parameter's name (for the messages)."""
    return SampleState(
        sample_id=sample.id,
        status=SampleStatus(sample.status),
        tests=tuple(TestState(t.id, t.parameter_id, TestStatus(t.status), entered_by.get(t.id), t.analyst_id,
                              parameter_names.get(t.parameter_id, "")) for t in tests),
    )


def actor_info(s: Session, actor: Actor) -> ActorInfo:
    """The person as the guards see them now: roles as the database holds them (a role removed
    or an account deactivated since log-in counts at once) and the parameters they may sign today."""
    roles = authority.current_roles(s, actor)
    today = lab_policy.read(s).today()
    return ActorInfo(user_id=actor.user_id or 0, roles=roles, may_sign=authority.may_sign(s, actor, today))


def apply_transition(s: Session, actor: Actor, sample: Sample, transition: Transition, reason: str,
                     policy: WorkflowPolicy) -> None:
    """Run the transition's guard and apply it: the sample's status, what the table does to
    its tests, the overall verdict on approval, the signature, the audit event. The password
    of a signing transition is the caller's to check first."""
    reason = clean_text(reason, field="reason", max_length=None, multiline=True)
    before = sample.status
    tests = list(s.scalars(select(Test).where(Test.sample_id == sample.id)))
    entered_by = dict(s.execute(select(Result.test_id, Result.entered_by_id).where(
        Result.test_id.in_([t.id for t in tests]), Result.superseded.is_(False))).all())
    names = catalogue(s).parameter_names
    target = check_transition(transition, sample_state(sample, tests, entered_by, names), actor_info(s, actor),
                              policy, reason.strip())
    sample.status = target
    active = [t for t in tests if t.status != TestStatus.RETRACTED.value]
    effects = test_effects(transition)
    for t in active:
        t.status = effects.set_status.get(t.status, t.status)
    if effects.supersede_results and active:
        s.execute(update(Result).where(Result.test_id.in_([t.id for t in active])).values(superseded=True))
    changes: dict[str, list[object]] = {"status": [before, sample.status]}
    if transition == Transition.APPROVE:
        sample.verdict = overall_verdict(s.scalars(select(Result.verdict).where(
            Result.test_id.in_([t.id for t in active]), Result.superseded.is_(False))))
        changes["verdict"] = [None, sample.verdict]
    elif transition == Transition.REJECT:
        sample.rejection_reason = reason.strip()
    if transition in SIGNED:
        s.add(Signature(user_id=actor.user_id, meaning=SIGNED[transition], entity="sample",
                        entity_id=str(sample.id)))
    audit.record(s, actor, "sample", sample.id, AuditAction.TRANSITION, changes, reason.strip())


def receive(s: Session, actor: Actor, sample: Sample, *, condition: str, storage_place: str) -> None:
    """Receipt at the lab: the sample's condition and where it is kept, who received it and when,
    then the receive transition."""
    condition = clean(condition, Sample.condition, field="condition")
    storage_place = clean(storage_place, Sample.storage_place, field="storage_place")
    if not condition:
        raise ValidationError("Describe the sample's condition on receipt", field="condition")
    if not storage_place:
        raise ValidationError("Say where the sample is stored", field="storage_place")
    sample.received_at = utcnow()
    sample.received_by_id = actor.user_id
    sample.condition = condition
    sample.storage_place = storage_place
    apply_transition(s, actor, sample, Transition.RECEIVE, "", lab_policy.read(s).workflow)
