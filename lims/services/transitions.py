"""Moving a sample through its workflow inside the caller's transaction: the guards of
lims.domain.workflow decide, this applies what the table says to the sample and its tests,
and records the signature and the audit event."""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from lims.db.models import Authorization, Result, Sample, Signature, Test
from lims.domain.enums import AuditAction, SampleStatus, SignatureMeaning, TestStatus
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
from lims.services.dto import Actor

# transitions that are electronic signatures: the password is asked again and a Signature kept
SIGNED: dict[Transition, SignatureMeaning] = {
    Transition.VERIFY: SignatureMeaning.REVIEWED,
    Transition.APPROVE: SignatureMeaning.APPROVED,
}


def sample_state(sample: Sample, tests: list[Test], entered_by: Mapping[int, int | None]) -> SampleState:
    """The sample as the guards see it: its tests and who entered each current result
    (``entered_by``: test id -> user id)."""
    return SampleState(
        sample_id=sample.id,
        status=SampleStatus(sample.status),
        tests=tuple(TestState(t.id, t.parameter_id, TestStatus(t.status), entered_by.get(t.id), t.analyst_id)
                    for t in tests),
    )


def actor_info(s: Session, actor: Actor) -> ActorInfo:
    """The person as the guards see them now: roles as the database holds them (a role removed
    or an account deactivated since log-in counts at once) and the parameters they may sign today."""
    roles = authority.current_roles(s, actor)
    today = lab_policy.read(s).today()
    may_sign = frozenset(s.scalars(select(Authorization.parameter_id).where(
        Authorization.user_id == actor.user_id, Authorization.may_sign.is_(True), Authorization.active.is_(True),
        Authorization.valid_from <= today,
        or_(Authorization.valid_to.is_(None), Authorization.valid_to >= today))))
    return ActorInfo(user_id=actor.user_id or 0, roles=roles, may_sign=may_sign)


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
    target = check_transition(transition, sample_state(sample, tests, entered_by), actor_info(s, actor), policy,
                              reason.strip())
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
