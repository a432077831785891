"""The sample workflow, all of it: the transitions table and one pure guard per transition.

States are SENAITE's (lims.domain.enums.SampleStatus). A guard is
``guard_<transition>(sample, actor, policy, reason="") -> None``: it reads only what it is
given and raises TransitionNotAllowed (wrong starting status) or GuardFailed (a rule says no,
``rule`` names which) with a message that says why. ``check_transition`` runs the guard of a
transition and returns the status to move to; ``available_transitions`` lists what an actor
may do now, telling the GUI which of them will ask for a reason.

Rules beyond the table:
- four eyes: nobody verifies a sample holding a result they entered or analysed, unless the
  policy allows self-verification;
- approve: the signatory role and a signing authorisation for every parameter on the sample;
- submit: every test has a result; start: the sample has tests;
- reject and cancel need a reason, and so does every correction after verification
  (retract or retest from verified, invalidate an approved sample).

The actor's roles gate each transition by ``WorkflowPolicy.roles`` (defaults in
DEFAULT_ROLES); approving needs the signatory role whatever the policy says.

A RETRACTED test no longer counts: it is a withdrawn record (SENAITE keeps it and adds the
retest as a new test). A test that waits for a new result is ASSIGNED."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from lims.domain.enums import RoleCode, SampleStatus, TestStatus
from lims.domain.errors import GuardFailed, TransitionNotAllowed


class Transition(StrEnum):
    RECEIVE = "receive"
    REJECT = "reject"
    START = "start"
    SUBMIT = "submit"
    VERIFY = "verify"
    RETRACT = "retract"
    RETEST = "retest"
    APPROVE = "approve"
    CANCEL = "cancel"
    INVALIDATE = "invalidate"


@dataclass(frozen=True)
class TestState:
    """One test on the sample as the guards see it."""

    __test__ = False  # not a pytest test class

    test_id: int
    parameter_id: int
    status: TestStatus
    entered_by: int | None = None  # user who entered (or accepted) the current result
    analyst_id: int | None = None  # user who did the analysis
    parameter: str = ""  # the parameter's name, for a message that names it

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", TestStatus(self.status))

    @property
    def active(self) -> bool:
        return self.status != TestStatus.RETRACTED

    @property
    def has_result(self) -> bool:
        return self.status in (TestStatus.RESULT_ENTERED, TestStatus.VERIFIED)


@dataclass(frozen=True)
class SampleState:
    sample_id: int
    status: SampleStatus
    tests: tuple[TestState, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", SampleStatus(self.status))
        object.__setattr__(self, "tests", tuple(self.tests))

    @property
    def active_tests(self) -> tuple[TestState, ...]:
        return tuple(t for t in self.tests if t.active)

    @property
    def parameter_ids(self) -> frozenset[int]:
        return frozenset(t.parameter_id for t in self.active_tests)


@dataclass(frozen=True)
class ActorInfo:
    """Who acts: user id, role codes, and the parameters they hold a signing authorisation
    for that is valid today (the service resolves dates and methods)."""

    user_id: int
    roles: frozenset[RoleCode] = frozenset()
    may_sign: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(RoleCode(r) for r in self.roles))
        object.__setattr__(self, "may_sign", frozenset(self.may_sign))


_BENCH = frozenset({RoleCode.TECHNICIAN, RoleCode.REVIEWER, RoleCode.SIGNATORY, RoleCode.MANAGER})
_REVIEW = frozenset({RoleCode.REVIEWER, RoleCode.SIGNATORY, RoleCode.MANAGER})

DEFAULT_ROLES: Mapping[Transition, frozenset[RoleCode]] = MappingProxyType({
    Transition.RECEIVE: _BENCH,
    Transition.REJECT: _BENCH,
    Transition.START: _BENCH,
    Transition.SUBMIT: _BENCH,
    Transition.VERIFY: _REVIEW,
    Transition.RETRACT: _BENCH,
    Transition.RETEST: _REVIEW,
    Transition.APPROVE: frozenset({RoleCode.SIGNATORY}),
    Transition.CANCEL: _BENCH,
    Transition.INVALIDATE: frozenset({RoleCode.SIGNATORY, RoleCode.MANAGER}),
})


@dataclass(frozen=True)
class WorkflowPolicy:
    """Lab policy the guards apply. ``roles`` overrides DEFAULT_ROLES per transition."""

    allow_self_verification: bool = False
    roles: Mapping[Transition, frozenset[RoleCode]] = field(
        default_factory=lambda: DEFAULT_ROLES, hash=False
    )

    def roles_for(self, transition: Transition) -> frozenset[RoleCode]:
        return frozenset(self.roles.get(transition, DEFAULT_ROLES[transition]))


Guard = Callable[[SampleState, ActorInfo, WorkflowPolicy, str], None]


@dataclass(frozen=True)
class TransitionRule:
    transition: Transition
    sources: frozenset[SampleStatus]
    target: SampleStatus
    reason_from: frozenset[SampleStatus]  # starting statuses in which a reason is required
    guard: Guard


@dataclass(frozen=True)
class AvailableTransition:
    transition: Transition
    target: SampleStatus
    needs_reason: bool


# --- the checks every guard shares ---------------------------------------------------------

def _require_source(transition: Transition, sample: SampleState) -> None:
    if sample.status not in TRANSITIONS[transition].sources:
        raise TransitionNotAllowed(
            "Cannot {transition} a sample that is {status}", transition=transition, status=sample.status
        )


def _require_role(transition: Transition, actor: ActorInfo, policy: WorkflowPolicy) -> None:
    allowed = policy.roles_for(transition)
    if not actor.roles & allowed:
        raise GuardFailed(
            "To {transition} a sample you need one of the roles: {roles}", rule="role",
            transition=transition, roles=", ".join(sorted(allowed)) or "-",
        )


def _require_reason(transition: Transition, sample: SampleState, reason: str) -> None:
    if sample.status in TRANSITIONS[transition].reason_from and not reason.strip():
        raise GuardFailed(
            "A reason is required to {transition} a sample that is {status}", rule="reason",
            transition=transition, status=sample.status,
        )


def _common(transition: Transition, sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy,
            reason: str) -> None:
    _require_source(transition, sample)
    _require_role(transition, actor, policy)
    _require_reason(transition, sample, reason)


def _require_tests(transition: Transition, sample: SampleState) -> None:
    if not sample.active_tests:
        raise GuardFailed("The sample has no tests: assign tests before you {transition} it",
                          rule="no_tests", transition=transition)


def _require_results(transition: Transition, sample: SampleState) -> None:
    _require_tests(transition, sample)
    missing = tuple(t.test_id for t in sample.active_tests if not t.has_result)
    if missing:
        raise GuardFailed(
            "{count} of {total} tests have no result yet: every test needs one before you {transition}",
            rule="results_missing", transition=transition, count=len(missing),
            total=len(sample.active_tests), test_ids=missing,
        )


# --- one guard per transition ----------------------------------------------------------------

def guard_receive(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.RECEIVE, sample, actor, policy, reason)


def guard_reject(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.REJECT, sample, actor, policy, reason)


def guard_start(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.START, sample, actor, policy, reason)
    _require_tests(Transition.START, sample)


def guard_submit(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.SUBMIT, sample, actor, policy, reason)
    _require_results(Transition.SUBMIT, sample)


def guard_verify(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.VERIFY, sample, actor, policy, reason)
    _require_results(Transition.VERIFY, sample)
    if policy.allow_self_verification:
        return
    own = tuple(t.test_id for t in sample.active_tests if actor.user_id in (t.entered_by, t.analyst_id))
    if own:
        raise GuardFailed(
            "You entered or analysed {count} of the results on this sample: another person must verify it",
            rule="four_eyes", count=len(own), test_ids=own,
        )


def guard_retract(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.RETRACT, sample, actor, policy, reason)


def guard_retest(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.RETEST, sample, actor, policy, reason)


def guard_approve(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.APPROVE, sample, actor, policy, reason)
    if RoleCode.SIGNATORY not in actor.roles:
        raise GuardFailed("Only an authorised signatory may approve a sample", rule="signatory_role")
    _require_tests(Transition.APPROVE, sample)
    unverified = tuple(t.test_id for t in sample.active_tests if t.status != TestStatus.VERIFIED)
    if unverified:
        raise GuardFailed(
            "{count} tests on this sample are not verified yet", rule="tests_unverified",
            count=len(unverified), test_ids=unverified,
        )
    unsigned = tuple(sorted(sample.parameter_ids - actor.may_sign))
    if unsigned:
        names = {t.parameter_id: t.parameter or f"#{t.parameter_id}" for t in sample.active_tests}
        raise GuardFailed(
            "You hold no signing authorisation for {count} of the parameters on this sample: {parameters}",
            rule="signing_authorisation", count=len(unsigned), parameter_ids=unsigned,
            parameters="、".join(sorted({names[p] for p in unsigned})),
        )


def guard_cancel(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.CANCEL, sample, actor, policy, reason)


def guard_invalidate(sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = "") -> None:
    _common(Transition.INVALIDATE, sample, actor, policy, reason)


# --- the table -------------------------------------------------------------------------------

_S = SampleStatus


def _rule(transition: Transition, sources: set[SampleStatus], target: SampleStatus,
          guard: Guard, reason_from: set[SampleStatus] | None = None) -> TransitionRule:
    return TransitionRule(transition, frozenset(sources), target, frozenset(reason_from or ()), guard)


TRANSITIONS: Mapping[Transition, TransitionRule] = MappingProxyType({r.transition: r for r in (
    _rule(Transition.RECEIVE, {_S.SAMPLE_DUE}, _S.RECEIVED, guard_receive),
    _rule(Transition.REJECT, {_S.SAMPLE_DUE}, _S.REJECTED, guard_reject, {_S.SAMPLE_DUE}),
    _rule(Transition.START, {_S.RECEIVED}, _S.TESTING, guard_start),
    _rule(Transition.SUBMIT, {_S.TESTING}, _S.TO_BE_VERIFIED, guard_submit),
    _rule(Transition.VERIFY, {_S.TO_BE_VERIFIED}, _S.VERIFIED, guard_verify),
    _rule(Transition.RETRACT, {_S.TO_BE_VERIFIED, _S.VERIFIED}, _S.TESTING, guard_retract, {_S.VERIFIED}),
    _rule(Transition.RETEST, {_S.TO_BE_VERIFIED, _S.VERIFIED}, _S.TESTING, guard_retest, {_S.VERIFIED}),
    _rule(Transition.APPROVE, {_S.VERIFIED}, _S.APPROVED, guard_approve),
    _rule(Transition.CANCEL, {_S.SAMPLE_DUE, _S.RECEIVED}, _S.CANCELLED, guard_cancel,
          {_S.SAMPLE_DUE, _S.RECEIVED}),
    _rule(Transition.INVALIDATE, {_S.APPROVED}, _S.INVALID, guard_invalidate, {_S.APPROVED}),
)})

# Tests may be assigned, added or dropped until results are submitted for review.
ACCEPTS_TESTS: frozenset[SampleStatus] = frozenset({_S.SAMPLE_DUE, _S.RECEIVED, _S.TESTING})


def accepts_tests(status: SampleStatus | str) -> bool:
    return SampleStatus(status) in ACCEPTS_TESTS


@dataclass(frozen=True)
class TestEffects:
    """What a transition does to the sample's active tests."""

    __test__ = False  # not a pytest test class

    set_status: Mapping[TestStatus, TestStatus]  # old status -> new status, others untouched
    supersede_results: bool  # current results become history (a retest)


_NO_EFFECT = TestEffects(MappingProxyType({}), False)
_ALL_TEST_STATES = tuple(s for s in TestStatus if s != TestStatus.RETRACTED)
TEST_EFFECTS: Mapping[Transition, TestEffects] = MappingProxyType({
    Transition.VERIFY: TestEffects(MappingProxyType({s: TestStatus.VERIFIED for s in _ALL_TEST_STATES}), False),
    Transition.RETRACT: TestEffects(MappingProxyType({TestStatus.VERIFIED: TestStatus.RESULT_ENTERED}), False),
    Transition.RETEST: TestEffects(MappingProxyType({s: TestStatus.ASSIGNED for s in _ALL_TEST_STATES}), True),
})


def test_effects(transition: Transition) -> TestEffects:
    return TEST_EFFECTS.get(transition, _NO_EFFECT)


# Stands in for the reason a person will be asked for, so that listing what is possible now
# does not fail on a reason nobody could have given yet.
_REASON_TO_BE_ASKED = "(asked when the transition is chosen)"


def needs_reason(transition: Transition, status: SampleStatus) -> bool:
    return status in TRANSITIONS[transition].reason_from


def check_transition(
    transition: Transition, sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy, reason: str = ""
) -> SampleStatus:
    """Run the transition's guard (raising why not) and return the status to move to."""
    rule = TRANSITIONS[Transition(transition)]
    rule.guard(sample, actor, policy, reason)
    return rule.target


def available_transitions(
    sample: SampleState, actor: ActorInfo, policy: WorkflowPolicy
) -> tuple[AvailableTransition, ...]:
    """What ``actor`` may do to ``sample`` now, in table order; a reason is asked for later."""
    found: list[AvailableTransition] = []
    for rule in TRANSITIONS.values():
        if sample.status not in rule.sources:
            continue
        needs = sample.status in rule.reason_from
        try:
            rule.guard(sample, actor, policy, _REASON_TO_BE_ASKED if needs else "")
        except (TransitionNotAllowed, GuardFailed):
            continue
        found.append(AvailableTransition(rule.transition, rule.target, needs))
    return tuple(found)
