"""A sample from its sampling form to an approved result, as the bench lives it, on both databases."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from lims.db.engine import make_session_factory
from lims.db.models import Method
from lims.domain.errors import (
    AuthenticationFailed,
    ConcurrentEditError,
    GuardFailed,
    PermissionDenied,
    ValidationError,
)
from lims.domain.workflow import Transition
from lims.services.dto import AuditFilter
from lims.services.master_data import EntryFilter
from lims.services.sample_work import NewProducer
from tests.services.conftest import CST
from tests.services.conftest import DEMO_PASSWORD as PW

LOT = dict(batch_size="500 kg", quantity="1 kg", storage="冷藏")


def test_register_receive_result_verify_approve(lab, catalogue, people):
    tech, reviewer, signer = people["tech1"], people["reviewer"], people["signer"]

    sample = lab.work.register(tech, catalogue.form(**LOT))
    assert sample.code == "NJ2026-000001" and sample.status == "sample_due"
    sample = lab.work.receive(tech, sample.id, sample.version, condition="包装完好", storage_place="冷藏柜A-2")
    assert sample.status == "received" and sample.condition == "包装完好"
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    assert [t.parameter for t in sample.tests] == ["腐霉利", "高效氯氟氰菊酯", "毒死蜱", "氧乐果", "克百威", "啶虫脒"]

    by_name = {t.parameter: t for t in sample.tests}
    # the reviewer also works at the bench: here they measure chlorpyrifos
    sample = lab.work.enter_result(reviewer, by_name["毒死蜱"].id, by_name["毒死蜱"].version, "0.0123")
    assert sample.status == "testing"  # the first result starts testing
    for t in sample.tests:
        if t.current is None:
            sample = lab.work.enter_result(tech, t.id, t.version, not_detected=True)
    chlorpyrifos = next(t for t in sample.tests if t.parameter == "毒死蜱")
    assert chlorpyrifos.current.reported_text and chlorpyrifos.current.verdict in ("pass", "fail", "no_basis")
    assert all(t.current is not None for t in sample.tests)

    sample = lab.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    assert sample.status == "to_be_verified"
    with pytest.raises(GuardFailed, match="one of the roles"):
        lab.work.transition(tech, sample.id, sample.version, Transition.VERIFY, password=PW)
    with pytest.raises(GuardFailed, match="another person must verify"):
        lab.work.transition(reviewer, sample.id, sample.version, Transition.VERIFY, password=PW)
    with pytest.raises(AuthenticationFailed):
        lab.work.transition(signer, sample.id, sample.version, Transition.VERIFY, password="wrong-pass1")
    sample = lab.work.transition(signer, sample.id, sample.version, Transition.VERIFY, password=PW)
    assert sample.status == "verified"
    with pytest.raises(GuardFailed, match="roles: signatory"):
        lab.work.transition(reviewer, sample.id, sample.version, Transition.APPROVE, password=PW)
    sample = lab.work.transition(signer, sample.id, sample.version, Transition.APPROVE, password=PW)
    assert sample.status == "approved"
    assert sample.verdict in ("pass", "fail", "no_basis")
    assert [(s.username, s.meaning) for s in sample.signatures] == [("signer", "reviewed"), ("signer", "approved")]

    events = lab.audit.page(AuditFilter(entity="sample")).rows
    transitions = [e.changes["status"] for e in reversed(events) if e.action == "transition"]
    assert transitions == [["sample_due", "received"], ["received", "testing"], ["testing", "to_be_verified"],
                           ["to_be_verified", "verified"], ["verified", "approved"]]
    assert lab.audit.verify().ok


def test_judgment_uses_the_edition_in_force_on_the_sampling_date_with_its_basis(lab, catalogue, people):
    tech = people["tech1"]
    bases = {}
    for when in (datetime(2026, 2, 28, 23, 30, tzinfo=CST), datetime(2026, 3, 1, 0, 30, tzinfo=CST)):
        sample = lab.work.register(tech, catalogue.form(sampled_at=when, **LOT))
        sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="A")
        sample = lab.work.assign_panel(tech, sample.id, sample.version)
        t = next(t for t in sample.tests if t.parameter == "毒死蜱")
        sample = lab.work.enter_result(tech, t.id, t.version, "0.001")
        bases[when.date()] = next(t for t in sample.tests if t.parameter == "毒死蜱").current.basis_text
    # 23:30 on 28 February in Inner Mongolia is still the 2021 edition, whatever UTC says
    assert "GB 2763-2021" in bases[datetime(2026, 2, 28).date()]
    assert "GB 2763-2026" in bases[datetime(2026, 3, 1).date()]


def test_a_result_without_a_limit_shows_no_basis_never_pass(lab, lab_engine, catalogue, people):
    tech = people["tech1"]
    sample = lab.work.register(tech, catalogue.form(**LOT))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="A")
    # a veterinary drug on a leek: no limit applies to vegetables
    enrofloxacin = catalogue.parameters["恩诺沙星"]
    with make_session_factory(lab_engine)() as s:
        method = s.scalar(select(Method).where(Method.parameter_id == enrofloxacin))
    sample = lab.work.add_test(tech, sample.id, sample.version, enrofloxacin, method.id)
    t = sample.tests[0]
    sample = lab.work.enter_result(tech, t.id, t.version, "0.05")
    assert sample.tests[0].current.verdict == "no_basis" and sample.tests[0].current.basis_text == ""


def test_sample_codes_are_never_reused_and_skip_codes_already_taken(lab, lab_engine, catalogue, people):
    tech = people["tech1"]
    first = lab.work.register(tech, catalogue.form(**LOT))
    with lab_engine.begin() as c:  # a code taken by an import or the demo generator
        c.execute(text("UPDATE sample SET code = 'NJ2026-000002' WHERE id = :i"), {"i": first.id})
    second = lab.work.register(tech, catalogue.form(**LOT))
    assert second.code == "NJ2026-000003"
    third = lab.work.register(tech, catalogue.form(sampled_at=datetime(2025, 12, 31, 10, tzinfo=CST), **LOT))
    assert third.code == "NJ2025-000001"


@pytest.mark.parametrize("change, field, words", [
    (dict(sampler2=""), "sampler2", "two samplers"),
    (dict(sampler2="张明"), "sampler2", "different people"),
    (dict(compliance_cert=True), "compliance_cert_no", "certificate's number"),
    (dict(sampled_at=datetime.now(UTC) + timedelta(days=2)), "sampled_at", "future"),
    (dict(lab_took_sample=False, sampler1="", sampler2=""), "client", "client"),
    (dict(producer_id=None, new_producer=NewProducer(name="某合作社", credit_code="91150000MA0N00000X")),
     "credit_code", "check character"),
])
def test_a_bad_sampling_form_is_refused_field_by_field_and_nothing_is_stored(
        lab, lab_engine, catalogue, people, change, field, words):
    tech = people["tech1"]
    with pytest.raises(ValidationError, match=words) as err:
        lab.work.register(tech, catalogue.form(**(LOT | change)))
    assert err.value.field == field
    with lab_engine.connect() as c:
        assert c.scalar(text("SELECT count(*) FROM sample")) == 0
        assert c.scalar(text("SELECT count(*) FROM code_counter")) == 0


def test_a_stale_view_cannot_move_the_sample(lab, catalogue, people):
    tech = people["tech1"]
    seen = lab.work.register(tech, catalogue.form(**LOT))
    lab.work.receive(tech, seen.id, seen.version, condition="完好", storage_place="A")
    with pytest.raises(ConcurrentEditError, match="another workstation"):
        lab.work.transition(tech, seen.id, seen.version, Transition.CANCEL, reason="重复登记")
    assert lab.work.detail(seen.id).status == "received"


def test_a_correction_after_verification_needs_a_reason_and_keeps_the_old_value(lab, catalogue, people):
    tech, reviewer = people["tech1"], people["reviewer"]
    sample = lab.work.register(tech, catalogue.form(**LOT))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="A")
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    for t in sample.tests:
        sample = lab.work.enter_result(tech, t.id, t.version, not_detected=True)
    sample = lab.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    sample = lab.work.transition(reviewer, sample.id, sample.version, Transition.VERIFY, password=PW)
    with pytest.raises(GuardFailed):
        lab.work.transition(tech, sample.id, sample.version, Transition.RETEST)  # reason needed from verified
    sample = lab.work.transition(reviewer, sample.id, sample.version, Transition.RETRACT, reason="复核发现录入错误")
    t = sample.tests[0]
    with pytest.raises(ValidationError, match="reason"):
        lab.work.enter_result(tech, t.id, t.version, "0.004")
    sample = lab.work.enter_result(tech, t.id, t.version, "0.004", reason="重新计算稀释倍数")
    test = next(x for x in sample.tests if x.id == t.id)
    assert test.current.value_text == "0.004" and test.current.reason == "重新计算稀释倍数"
    assert [h.value_text for h in test.history] == ["ND"]


def test_the_signatory_may_approve_only_parameters_they_are_authorised_to_sign(lab, catalogue, people):
    tech, reviewer, signer = people["tech2"], people["reviewer"], people["signer"]
    # the demo signer may sign every panel's parameters; a manager retires the grant for dexamethasone
    grant = next(e for e in lab.master.page(EntryFilter("人员授权", "地塞米松"), 0, 10).rows if "signer" in e.cells)
    lab.master.retire(people["manager"], "人员授权", grant.id, grant.version)
    sample = lab.work.register(tech, catalogue.form("牛肉", **LOT))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷冻柜")
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    assert "地塞米松" in [t.parameter for t in sample.tests]
    for t in sample.tests:
        sample = lab.work.enter_result(tech, t.id, t.version, not_detected=True)
    sample = lab.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    sample = lab.work.transition(reviewer, sample.id, sample.version, Transition.VERIFY, password=PW)
    refusal = r"no signing authorisation for 1 of the parameters on this sample: 地塞米松$"
    with pytest.raises(GuardFailed, match=refusal):
        lab.work.transition(signer, sample.id, sample.version, Transition.APPROVE, password=PW)
    assert lab.work.detail(sample.id).status == "verified"


def test_a_test_can_be_added_by_hand_from_the_parameters_with_methods(lab, catalogue, people):
    tech = people["tech1"]
    choices = {c.parameter: c for c in lab.work.test_choices()}
    assert "GB 23200.113-2018" in " ".join(m.label for m in choices["毒死蜱"].methods)
    sample = lab.work.register(tech, catalogue.form(**LOT))
    pick = choices["多菌灵"]
    sample = lab.work.add_test(tech, sample.id, sample.version, pick.parameter_id, pick.methods[0].id)
    assert [t.parameter for t in sample.tests] == ["多菌灵"]
    with pytest.raises(ValidationError, match="already has a test"):
        lab.work.add_test(tech, sample.id, sample.version, pick.parameter_id, pick.methods[0].id)
    sample = lab.work.drop_test(tech, sample.tests[0].id, sample.tests[0].version, reason="委托方取消该项目")
    assert sample.tests == ()


def test_the_lab_sets_its_code_pattern_and_new_samples_follow_it(lab, catalogue, people):
    manager, tech = people["manager"], people["tech1"]
    with pytest.raises(ValidationError, match="must contain the field seq"):
        lab.work.set_code_pattern(manager, "{prefix}{year}", "ALK")
    with pytest.raises(PermissionDenied):
        lab.work.set_code_pattern(tech, "{prefix}{yy}{seq:05d}", "ALK")
    lab.work.set_code_pattern(manager, "{prefix}{yy}{seq:05d}", "ALK")
    assert lab.work.register(tech, catalogue.form(**LOT)).code == "ALK2600001"
    changed = [e for e in lab.audit.page(AuditFilter(entity="lab_policy")).rows if e.actor == "manager"]
    assert changed and changed[0].changes["prefix"][1] == "ALK"


def test_a_protein_result_in_grams_per_100_grams_is_stored_and_judged(lab, catalogue, people):
    """The demo's protein method (GB 5009.5-2016) reports in g/100g, a unit of nutrition tables."""
    tech = people["tech2"]  # authorised for 蛋白质
    sample = lab.work.register(tech, catalogue.form("生乳", **LOT))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜A-1")
    method = catalogue.methods[("蛋白质", "GB 5009.5-2016")]
    sample = lab.work.add_test(tech, sample.id, sample.version, catalogue.parameters["蛋白质"], method)
    test = sample.tests[0]
    sample = lab.work.enter_result(tech, test.id, test.version, "3.125")
    result = sample.tests[0].current
    assert (result.reported_text, result.unit, result.verdict) == ("3.12", "g/100g", "no_basis")
    sample = lab.work.enter_result(tech, test.id, sample.tests[0].version, "31.4", unit="g/kg",
                                   reason="按 g/kg 报告")
    assert (sample.tests[0].current.reported_text, sample.tests[0].current.unit) == ("31.40", "g/kg")
