"""Use cases compose: another use case (an import, a capture) records results inside its own
transaction by the same rules; the sample read model costs the same whatever the number of
tests; and a sample read for a person carries only the steps that person may take."""
from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from lims.db.engine import make_session_factory
from lims.db.models import Instrument, Limit, Method, Parameter, Result, Sample
from lims.domain.enums import ResultSource
from lims.domain.errors import ConcurrentEditError, PermissionDenied, ValidationError
from lims.domain.workflow import Transition
from lims.services import registration, results
from lims.services.dto import AuditFilter
from lims.services.results import Provenance
from lims.services.sample_read import read_sample

PW = "demo1234"  # every demo user's


def _received_sample_with_panel(lab, catalogue, tech):
    sample = lab.work.register(tech, catalogue.form())
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
    return lab.work.assign_panel(tech, sample.id, sample.version)


def test_a_capture_records_a_result_inside_its_own_transaction_with_the_instrument_as_source(
        lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    sample = _received_sample_with_panel(lab, catalogue, tech)
    test = next(t for t in sample.tests if t.parameter == "毒死蜱")
    sessions = make_session_factory(lab_engine)
    with sessions.begin() as s:
        instrument_id = s.scalar(select(Instrument.id).order_by(Instrument.id).limit(1))
        result = results.enter_result(s, tech, test.id, "0.008", provenance=Provenance(
            ResultSource.INSTRUMENT, instrument_id=instrument_id, journal_position=4096))
        assert result.verdict == "pass"
    detail = lab.work.detail(sample.id)
    current = next(t for t in detail.tests if t.id == test.id).current
    assert current.value_text == "0.008" and current.source == "instrument" and current.basis_text
    with sessions() as s:
        stored = s.get(Result, current.id)
        assert (stored.instrument_id, stored.journal_position) == (instrument_id, 4096)
    event = lab.audit.page(AuditFilter(entity="result")).rows[0]
    assert event.changes["source"] == [None, "instrument"] and event.changes["journal_position"] == [None, 4096]


def test_a_failed_use_case_inside_a_caller_transaction_leaves_nothing(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    sample = _received_sample_with_panel(lab, catalogue, tech)
    test = next(t for t in sample.tests if t.parameter == "毒死蜱")
    sessions = make_session_factory(lab_engine)
    with sessions() as s:
        samples_before = s.scalar(select(func.count(Sample.id)))
    with pytest.raises(ValidationError), sessions.begin() as s:
        registration.register(s, tech, catalogue.form())  # a second sample in the same unit of work
        results.enter_result(s, tech, test.id, "abc")  # not a number: the whole unit goes
    with sessions() as s:
        assert s.scalar(select(func.count(Sample.id))) == samples_before
        assert s.scalar(select(Result.id).where(Result.test_id == test.id)) is None
    assert lab.work.detail(sample.id).tests[0].current is None


def test_a_captured_result_names_its_instrument():
    with pytest.raises(ValidationError):
        Provenance(ResultSource.INSTRUMENT)


def _statements(engine, run):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_reading_a_sample_costs_the_same_queries_with_two_tests_or_twenty(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    sessions = make_session_factory(lab_engine)
    with sessions.begin() as s:
        few = registration.register(s, tech, catalogue.form())
        many = registration.register(s, tech, catalogue.form())
        methods = s.execute(select(Method.parameter_id, Method.id).order_by(Method.id)).all()
        used: set[int] = set()
        for parameter_id, method_id in methods:
            if parameter_id in used:
                continue
            target = few if len(used) < 2 else many
            results.add_test(s, tech, target, parameter_id, method_id)
            used.add(parameter_id)
            if len(used) >= 22:
                break
        few_id, many_id = few.id, many.id
    with sessions() as s:
        many_tests = len(read_sample(s, many_id, tech).tests)
    assert many_tests >= 15

    def read(sample_id):
        with sessions() as s:
            read_sample(s, sample_id, tech)

    assert _statements(lab_engine, lambda: read(few_id)) == _statements(lab_engine, lambda: read(many_id))


def test_a_sample_carries_only_the_steps_its_reader_may_take(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    reviewer = people["reviewer"]
    signer = people["signer"]
    sample = _received_sample_with_panel(lab, catalogue, tech)
    assert sample.accepts_tests
    for t in sample.tests:
        sample = lab.work.enter_result(tech, t.id, t.version, "未检出")
    assert {t.current.detection for t in sample.tests} == {"not_detected"}
    assert {a.transition for a in sample.actions} >= {"submit"}
    sample = lab.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    assert not sample.accepts_tests
    assert "verify" not in {a.transition for a in sample.actions}  # nobody verifies their own results
    as_reviewer = lab.work.detail(sample.id, reviewer)
    verify = next(a for a in as_reviewer.actions if a.transition == "verify")
    assert verify.needs_password and not verify.needs_reason
    sample = lab.work.transition(reviewer, sample.id, sample.version, Transition.VERIFY, password=PW)
    assert "approve" not in {a.transition for a in lab.work.detail(sample.id, tech).actions}
    assert "approve" in {a.transition for a in lab.work.detail(sample.id, signer).actions}
    assert lab.work.detail(sample.id).actions == ()


def test_rejudging_reports_what_a_new_limit_would_change(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    sample = _received_sample_with_panel(lab, catalogue, tech)
    test = next(t for t in sample.tests if t.parameter == "毒死蜱")
    sample = lab.work.enter_result(tech, test.id, test.version, "0.008")
    before = {r.result_id: r for r in lab.work.rejudge([sample.id])}
    assert before and not any(r.changed for r in before.values())
    with make_session_factory(lab_engine).begin() as s:
        parameter_id = s.scalar(select(Parameter.id).where(Parameter.name == "毒死蜱"))
        for limit in s.scalars(select(Limit).where(Limit.parameter_id == parameter_id)):
            limit.value = "0.001"
    after = {r.result_id: r for r in lab.work.rejudge([sample.id])}
    current = next(t for t in lab.work.detail(sample.id).tests if t.id == test.id).current
    assert after[current.id].changed and after[current.id].verdict == "fail"
    assert after[current.id].stored_verdict == "pass"


def test_a_result_saved_from_a_stale_screen_is_refused_not_written_over_the_first(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    tech2 = people["tech2"]
    sample = _received_sample_with_panel(lab, catalogue, tech)
    first = next(t for t in sample.tests if t.parameter == "毒死蜱")
    sample = lab.work.enter_result(tech, first.id, first.version, "0.008")  # both screens show this
    seen = next(t for t in sample.tests if t.id == first.id)
    lab.work.enter_result(tech, seen.id, seen.version, "0.009")  # workstation 1 corrects it
    with pytest.raises(ConcurrentEditError, match="another workstation"):
        lab.work.enter_result(tech2, seen.id, seen.version, "0.004")  # workstation 2, stale
    current = next(t for t in lab.work.detail(sample.id).tests if t.id == first.id).current
    assert current.value_text == "0.009"


def test_roles_and_authorisations_are_read_at_each_action_not_at_log_in(lab, catalogue, people):
    """An administrator deactivates a technician or removes a role: the person's next action on
    an open screen is refused at once, and nothing of it is stored."""
    tech, tech2, admin = people["tech1"], people["tech2"], people["admin"]
    sample = lab.work.register(tech, catalogue.form())
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="A")
    aflatoxin = catalogue.parameters["黄曲霉毒素B1"]
    method = next(m for (p, _), m in catalogue.methods.items() if p == "黄曲霉毒素B1")
    sample = lab.work.add_test(tech, sample.id, sample.version, aflatoxin, method)
    test = sample.tests[0]
    with pytest.raises(PermissionDenied, match="tech1 holds no authorisation to test 黄曲霉毒素B1"):
        lab.work.enter_result(tech, test.id, test.version, "0.5")
    assert lab.work.detail(sample.id).tests[0].current is None
    sample = lab.work.enter_result(tech2, test.id, test.version, "0.5")  # tech2 holds that authorisation

    row = next(u for u in lab.users.list_users() if u.username == "tech1")
    lab.users.update_user(admin, row.id, row.version, full_name=row.full_name, roles={"reviewer"}, active=True)
    with pytest.raises(PermissionDenied, match="tech1 holds no role that may register samples"):
        lab.work.register(tech, catalogue.form())
    row = next(u for u in lab.users.list_users() if u.username == "tech1")
    lab.users.update_user(admin, row.id, row.version, full_name=row.full_name, roles={"technician"}, active=False)
    with pytest.raises(PermissionDenied, match="no longer active"):
        lab.work.register(tech, catalogue.form())
    with pytest.raises(PermissionDenied, match="no longer active"):
        lab.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    assert lab.work.detail(sample.id).status == "testing"
