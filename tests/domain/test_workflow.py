"""The sample workflow: the table, every guard allowing and refusing with its reason, and
what an actor is offered."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.domain.enums import RoleCode, SampleStatus, TestStatus
from lims.domain.errors import GuardFailed, TransitionNotAllowed
from lims.domain.workflow import (
    DEFAULT_ROLES,
    TRANSITIONS,
    ActorInfo,
    AvailableTransition,
    SampleState,
    TestState,
    Transition,
    WorkflowPolicy,
    available_transitions,
    check_transition,
    guard_approve,
    guard_cancel,
    guard_invalidate,
    guard_receive,
    guard_reject,
    guard_retest,
    guard_retract,
    guard_start,
    guard_submit,
    guard_verify,
    needs_reason,
)

S, T = SampleStatus, Transition
ANALYST, REVIEWER, SIGNER, ADMIN = 1, 2, 3, 4
CHLORPYRIFOS, PROCYMIDONE = 101, 102

TECH = ActorInfo(ANALYST, frozenset({RoleCode.TECHNICIAN}))
CHECKER = ActorInfo(REVIEWER, frozenset({RoleCode.REVIEWER}))
SIGNATORY = ActorInfo(SIGNER, frozenset({RoleCode.SIGNATORY}), frozenset({CHLORPYRIFOS, PROCYMIDONE}))
ADMINISTRATOR = ActorInfo(ADMIN, frozenset({RoleCode.ADMIN}))
POLICY = WorkflowPolicy()


def sample(status, *tests):
    return SampleState(1, status, tests)


def entered(test_id, parameter_id, by=ANALYST, status=TestStatus.RESULT_ENTERED):
    return TestState(test_id, parameter_id, status, entered_by=by, analyst_id=by)


def assigned(test_id, parameter_id):
    return TestState(test_id, parameter_id, TestStatus.ASSIGNED)


def verified(test_id, parameter_id, by=ANALYST):
    return entered(test_id, parameter_id, by, TestStatus.VERIFIED)


TWO_RESULTS = (entered(1, CHLORPYRIFOS), entered(2, PROCYMIDONE))
TWO_VERIFIED = (verified(1, CHLORPYRIFOS), verified(2, PROCYMIDONE))


@contextmanager
def refused(rule):
    """pytest.raises(GuardFailed) that also checks which rule refused."""
    with pytest.raises(GuardFailed) as info:
        yield info
    assert info.value.rule == rule, str(info.value)


# --- the table --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("transition", "sources", "target"),
    [
        (T.RECEIVE, {S.SAMPLE_DUE}, S.RECEIVED),
        (T.REJECT, {S.SAMPLE_DUE}, S.REJECTED),
        (T.START, {S.RECEIVED}, S.TESTING),
        (T.SUBMIT, {S.TESTING}, S.TO_BE_VERIFIED),
        (T.VERIFY, {S.TO_BE_VERIFIED}, S.VERIFIED),
        (T.RETRACT, {S.TO_BE_VERIFIED, S.VERIFIED}, S.TESTING),
        (T.RETEST, {S.TO_BE_VERIFIED, S.VERIFIED}, S.TESTING),
        (T.APPROVE, {S.VERIFIED}, S.APPROVED),
        (T.CANCEL, {S.SAMPLE_DUE, S.RECEIVED}, S.CANCELLED),
        (T.INVALIDATE, {S.APPROVED}, S.INVALID),
    ],
)
def test_the_table_holds_each_transition_from_its_sources_to_its_target(transition, sources, target):
    rule = TRANSITIONS[transition]
    assert rule.sources == sources and rule.target == target
    assert rule.guard.__name__ == f"guard_{transition.value}"


def test_every_transition_has_a_row_and_default_roles():
    assert set(TRANSITIONS) == set(Transition) == set(DEFAULT_ROLES)


@pytest.mark.parametrize("status", [S.REJECTED, S.CANCELLED, S.INVALID])
def test_rejected_cancelled_and_invalid_samples_go_nowhere(status):
    boss = ActorInfo(9, frozenset(RoleCode), frozenset({CHLORPYRIFOS}))
    assert available_transitions(sample(status, *TWO_VERIFIED), boss, POLICY) == ()


def test_a_transition_from_the_wrong_status_is_refused_naming_both():
    with pytest.raises(TransitionNotAllowed, match="Cannot approve a sample that is testing"):
        guard_approve(sample(S.TESTING, *TWO_VERIFIED), SIGNATORY, POLICY)


# --- receive, reject, start -------------------------------------------------------------------

def test_receive_is_allowed_for_bench_staff_on_a_due_sample():
    guard_receive(sample(S.SAMPLE_DUE), TECH, POLICY)
    assert check_transition(T.RECEIVE, sample(S.SAMPLE_DUE), TECH, POLICY) == S.RECEIVED


def test_receive_is_refused_to_an_administrator_without_a_lab_role():
    with refused("role") as err:
        guard_receive(sample(S.SAMPLE_DUE), ADMINISTRATOR, POLICY)
    assert "manager, reviewer, signatory, technician" in str(err.value)


def test_reject_with_a_reason_is_allowed():
    guard_reject(sample(S.SAMPLE_DUE), TECH, POLICY, reason="封样破损")


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_without_a_reason_is_refused(reason):
    with refused("reason") as err:
        guard_reject(sample(S.SAMPLE_DUE), TECH, POLICY, reason=reason)
    assert "A reason is required to reject" in str(err.value)


def test_start_is_allowed_once_tests_are_assigned():
    guard_start(sample(S.RECEIVED, assigned(1, CHLORPYRIFOS)), TECH, POLICY)


def test_start_is_refused_without_tests():
    with refused("no_tests"):
        guard_start(sample(S.RECEIVED), TECH, POLICY)


# --- submit ---------------------------------------------------------------------------------------

def test_submit_is_allowed_when_every_test_has_a_result():
    assert check_transition(T.SUBMIT, sample(S.TESTING, *TWO_RESULTS), TECH, POLICY) == S.TO_BE_VERIFIED


def test_submit_is_refused_while_a_test_has_no_result_naming_it():
    with refused("results_missing") as err:
        guard_submit(sample(S.TESTING, entered(1, CHLORPYRIFOS), assigned(2, PROCYMIDONE)), TECH, POLICY)
    assert "1 of 2 tests have no result yet" in str(err.value)
    assert err.value.params["test_ids"] == (2,)


def test_submit_ignores_a_retracted_test():
    retracted = TestState(3, PROCYMIDONE, TestStatus.RETRACTED, entered_by=ANALYST)
    guard_submit(sample(S.TESTING, entered(1, CHLORPYRIFOS), retracted), TECH, POLICY)


def test_submit_is_refused_without_tests():
    with refused("no_tests"):
        guard_submit(sample(S.TESTING), TECH, POLICY)


# --- verify: four eyes ------------------------------------------------------------------------

def test_verify_by_another_person_is_allowed():
    assert check_transition(T.VERIFY, sample(S.TO_BE_VERIFIED, *TWO_RESULTS), CHECKER, POLICY) == S.VERIFIED


def test_nobody_verifies_a_result_they_entered():
    own = ActorInfo(ANALYST, frozenset({RoleCode.TECHNICIAN, RoleCode.REVIEWER}))
    with refused("four_eyes") as err:
        guard_verify(sample(S.TO_BE_VERIFIED, entered(1, CHLORPYRIFOS), entered(2, PROCYMIDONE, by=REVIEWER)),
                     own, POLICY)
    assert "another person must verify" in str(err.value)
    assert err.value.params["test_ids"] == (1,)


def test_the_analyst_may_not_verify_a_result_someone_else_typed_in():
    typed_by_clerk = TestState(1, CHLORPYRIFOS, TestStatus.RESULT_ENTERED, entered_by=7, analyst_id=REVIEWER)
    with refused("four_eyes"):
        guard_verify(sample(S.TO_BE_VERIFIED, typed_by_clerk), CHECKER, POLICY)


def test_self_verification_is_allowed_when_the_policy_allows_it():
    own = ActorInfo(ANALYST, frozenset({RoleCode.REVIEWER}))
    guard_verify(sample(S.TO_BE_VERIFIED, *TWO_RESULTS), own, WorkflowPolicy(allow_self_verification=True))


def test_verify_is_refused_to_a_technician():
    with refused("role"):
        guard_verify(sample(S.TO_BE_VERIFIED, entered(1, CHLORPYRIFOS, by=REVIEWER)), TECH, POLICY)


# --- retract and retest -----------------------------------------------------------------------

@pytest.mark.parametrize("guard", [guard_retract, guard_retest])
def test_retract_and_retest_before_verification_need_no_reason(guard):
    guard(sample(S.TO_BE_VERIFIED, *TWO_RESULTS), CHECKER, POLICY)


@pytest.mark.parametrize("guard", [guard_retract, guard_retest])
def test_corrections_after_verification_need_a_reason(guard):
    with refused("reason") as err:
        guard(sample(S.VERIFIED, *TWO_VERIFIED), CHECKER, POLICY)
    assert "that is verified" in str(err.value)
    guard(sample(S.VERIFIED, *TWO_VERIFIED), CHECKER, POLICY, reason="计算错误，重新测定")


def test_retest_is_refused_to_a_technician():
    with refused("role"):
        guard_retest(sample(S.TO_BE_VERIFIED, *TWO_RESULTS), TECH, POLICY)


def test_retract_is_allowed_to_the_analyst_before_verification():
    assert check_transition(T.RETRACT, sample(S.TO_BE_VERIFIED, *TWO_RESULTS), TECH, POLICY) == S.TESTING


# --- approve ----------------------------------------------------------------------------------

def test_a_signatory_authorised_for_every_parameter_may_approve():
    assert check_transition(T.APPROVE, sample(S.VERIFIED, *TWO_VERIFIED), SIGNATORY, POLICY) == S.APPROVED


def test_approval_is_refused_without_the_signatory_role_even_if_the_policy_allows_the_role():
    manager = ActorInfo(5, frozenset({RoleCode.MANAGER}), frozenset({CHLORPYRIFOS, PROCYMIDONE}))
    lax = WorkflowPolicy(roles={T.APPROVE: frozenset({RoleCode.MANAGER, RoleCode.SIGNATORY})})
    with refused("signatory_role") as err:
        guard_approve(sample(S.VERIFIED, *TWO_VERIFIED), manager, lax)
    assert "Only an authorised signatory" in str(err.value)


def test_approval_is_refused_to_a_reviewer_by_the_default_roles():
    with refused("role"):
        guard_approve(sample(S.VERIFIED, *TWO_VERIFIED), CHECKER, POLICY)


def test_approval_is_refused_without_a_signing_authorisation_for_a_parameter():
    partial = ActorInfo(SIGNER, frozenset({RoleCode.SIGNATORY}), frozenset({CHLORPYRIFOS}))
    with refused("signing_authorisation") as err:
        guard_approve(sample(S.VERIFIED, *TWO_VERIFIED), partial, POLICY)
    assert "1 of the parameters" in str(err.value)
    assert err.value.params["parameter_ids"] == (PROCYMIDONE,)


def test_a_refused_approval_names_the_parameters_the_signatory_may_not_sign():
    named = (TestState(1, CHLORPYRIFOS, TestStatus.VERIFIED, ANALYST, ANALYST, "毒死蜱"),
             TestState(2, PROCYMIDONE, TestStatus.VERIFIED, ANALYST, ANALYST, "腐霉利"),
             TestState(3, 77, TestStatus.VERIFIED, ANALYST, ANALYST, "克百威"))
    partial = ActorInfo(SIGNER, frozenset({RoleCode.SIGNATORY}), frozenset({CHLORPYRIFOS}))
    with refused("signing_authorisation") as err:
        guard_approve(sample(S.VERIFIED, *named), partial, POLICY)
    assert str(err.value).endswith("for 2 of the parameters on this sample: 克百威、腐霉利")


def test_approval_is_refused_while_a_test_is_not_verified():
    with refused("tests_unverified"):
        guard_approve(sample(S.VERIFIED, verified(1, CHLORPYRIFOS), entered(2, PROCYMIDONE)), SIGNATORY, POLICY)


def test_a_retracted_test_needs_no_signing_authorisation():
    gone = TestState(3, 999, TestStatus.RETRACTED, entered_by=ANALYST)
    guard_approve(sample(S.VERIFIED, *TWO_VERIFIED, gone), SIGNATORY, POLICY)


# --- cancel and invalidate --------------------------------------------------------------------

@pytest.mark.parametrize("status", [S.SAMPLE_DUE, S.RECEIVED])
def test_cancel_needs_a_reason(status):
    with refused("reason"):
        guard_cancel(sample(status), TECH, POLICY)
    assert check_transition(T.CANCEL, sample(status), TECH, POLICY, reason="委托方撤回") == S.CANCELLED


def test_cancel_is_refused_once_testing_has_started():
    with pytest.raises(TransitionNotAllowed):
        guard_cancel(sample(S.TESTING, *TWO_RESULTS), TECH, POLICY, reason="太晚了")


def test_invalidating_an_approved_sample_needs_a_reason_and_a_signatory_or_manager():
    approved = sample(S.APPROVED, *TWO_VERIFIED)
    with refused("reason"):
        guard_invalidate(approved, SIGNATORY, POLICY)
    with refused("role"):
        guard_invalidate(approved, CHECKER, POLICY, reason="样品编号错误")
    guard_invalidate(approved, SIGNATORY, POLICY, reason="样品编号错误")


# --- what an actor is offered -----------------------------------------------------------------

def test_a_technician_is_offered_receive_reject_and_cancel_on_a_due_sample_with_reasons_flagged():
    offered = available_transitions(sample(S.SAMPLE_DUE), TECH, POLICY)
    assert offered == (
        AvailableTransition(T.RECEIVE, S.RECEIVED, False),
        AvailableTransition(T.REJECT, S.REJECTED, True),
        AvailableTransition(T.CANCEL, S.CANCELLED, True),
    )


def test_the_person_who_entered_the_results_is_not_offered_verify():
    own = ActorInfo(ANALYST, frozenset({RoleCode.REVIEWER}))
    offered = {a.transition for a in available_transitions(sample(S.TO_BE_VERIFIED, *TWO_RESULTS), own, POLICY)}
    assert offered == {T.RETRACT, T.RETEST}
    other = {a.transition for a in available_transitions(sample(S.TO_BE_VERIFIED, *TWO_RESULTS), CHECKER, POLICY)}
    assert other == {T.VERIFY, T.RETRACT, T.RETEST}


def test_a_signatory_is_offered_approval_and_corrections_marked_as_needing_a_reason():
    offered = available_transitions(sample(S.VERIFIED, *TWO_VERIFIED), SIGNATORY, POLICY)
    assert [(a.transition, a.needs_reason) for a in offered] == [
        (T.RETRACT, True), (T.RETEST, True), (T.APPROVE, False),
    ]
    assert needs_reason(T.RETRACT, S.VERIFIED) and not needs_reason(T.RETRACT, S.TO_BE_VERIFIED)


def test_submit_is_not_offered_while_results_are_missing():
    offered = available_transitions(sample(S.TESTING, assigned(1, CHLORPYRIFOS)), TECH, POLICY)
    assert offered == ()


def test_inputs_given_as_plain_strings_are_typed():
    test = TestState(1, CHLORPYRIFOS, "result_entered", ANALYST)  # type: ignore[arg-type]
    state = SampleState(1, "testing", (test,))  # type: ignore[arg-type]
    actor = ActorInfo(ANALYST, frozenset({"technician"}))  # type: ignore[arg-type]
    assert state.status is S.TESTING and state.tests[0].status is TestStatus.RESULT_ENTERED
    assert check_transition(T.SUBMIT, state, actor, POLICY) == S.TO_BE_VERIFIED


_statuses = st.sampled_from(list(SampleStatus))
_test_states = st.builds(TestState, st.integers(1, 5), st.integers(100, 103), st.sampled_from(list(TestStatus)),
                         st.sampled_from([None, ANALYST, REVIEWER, SIGNER]), st.sampled_from([None, ANALYST, REVIEWER]))
_actors = st.builds(ActorInfo, st.sampled_from([ANALYST, REVIEWER, SIGNER]),
                    st.frozensets(st.sampled_from(list(RoleCode))), st.frozensets(st.integers(100, 103)))


@given(_statuses, st.lists(_test_states, max_size=4), _actors, st.booleans())
def test_what_is_offered_is_exactly_what_the_guards_allow_with_a_reason(status, tests, actor, self_ok):
    state = SampleState(1, status, tuple(tests))
    policy = WorkflowPolicy(allow_self_verification=self_ok)
    offered = {a.transition for a in available_transitions(state, actor, policy)}
    for transition in Transition:
        try:
            target = check_transition(transition, state, actor, policy, reason="理由")
        except (GuardFailed, TransitionNotAllowed):
            assert transition not in offered
        else:
            assert transition in offered and target == TRANSITIONS[transition].target
