"""Failing samples and their traceback, on both databases: the list shows what failed against
which limit; notify -> action -> close is audited step by step and checked for stale views."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from lims.domain.errors import ConcurrentEditError, NotFound, ValidationError
from lims.domain.workflow import Transition
from lims.services.container import Services
from lims.services.dto import Actor, AuditFilter
from lims.services.tracebacks import FailingFilter
from tests.services.conftest import CST, Catalogue
from tests.services.conftest import DEMO_PASSWORD as PW


def approved_sample(lab: Services, engine: Engine, people: Mapping[str, Actor], value: str,
                    sampled_at: datetime = datetime(2026, 3, 5, 9, 30, tzinfo=CST), product: str = "牛肉",
                    parameter: str = "克伦特罗", method: str = "GB/T 22286-2008") -> int:
    """A sample taken, tested for one parameter and approved: fails when ``value`` is at or above
    the method's LOD for a banned substance (克伦特罗, 不得检出), passes when ``value`` is "ND".
    The failing page's GUI tests use it too."""
    catalogue = Catalogue.read(engine)
    parameter_id, method_id = catalogue.parameters[parameter], catalogue.methods[(parameter, method)]
    tech, reviewer, signer = people["tech2"], people["reviewer"], people["signer"]
    sample = lab.work.register(tech, catalogue.form(product, sampled_at=sampled_at))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="封样完好", storage_place="冷冻柜B-1")
    sample = lab.work.add_test(tech, sample.id, sample.version, parameter_id, method_id)
    test = sample.tests[0]
    if value == "ND":
        sample = lab.work.enter_result(tech, test.id, test.version, not_detected=True)
    else:
        sample = lab.work.enter_result(tech, test.id, test.version, value)
    sample = lab.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    sample = lab.work.transition(reviewer, sample.id, sample.version, Transition.VERIFY, password=PW)
    sample = lab.work.transition(signer, sample.id, sample.version, Transition.APPROVE, password=PW)
    return sample.id


def test_the_list_shows_failing_samples_with_values_and_limits(lab, lab_engine, people):
    failed = approved_sample(lab, lab_engine, people, "0.82")
    passed = approved_sample(lab, lab_engine, people, "ND")
    page = lab.failing.failing_samples(FailingFilter())
    assert page.total == 1 and [r.sample_id for r in page.rows] == [failed]
    row = page.rows[0]
    assert row.code.startswith("NJ2026-") and row.product == "牛肉"
    assert row.producer == "阿鲁科尔沁旗绿野蔬菜种植专业合作社（演示）" and row.producer_contact == "张国庆 13800000101"
    assert row.sampled_at == datetime(2026, 3, 5, 9, 30, tzinfo=CST)
    assert row.state == "open" and row.traceback_version == 0 and row.notified_at is None
    [item] = row.failing
    assert (item.parameter, item.value, item.unit) == ("克伦特罗", "0.82", "µg/kg")
    assert item.not_detectable and item.limit_value == ""
    assert item.limit_standard == "农业农村部公告第250号-2019"
    assert item.basis_text == "农业农村部公告第250号-2019 不得检出"
    with pytest.raises(ValidationError, match="did not fail"):
        lab.failing.traceback(passed)


def test_a_limit_with_a_value_is_shown_with_its_unit_and_edition(lab, lab_engine, people):
    leek = approved_sample(lab, lab_engine, people, "0.5", product="韭菜", parameter="毒死蜱",
                           method="GB 23200.113-2018")
    [item] = lab.failing.traceback(leek).failing
    assert (item.parameter, item.value, item.unit) == ("毒死蜱", "0.500", "mg/kg")
    assert (item.limit_standard, item.limit_value, item.limit_unit, item.not_detectable) == (
        "GB 2763-2026", "0.01", "mg/kg", False)


def test_notify_then_action_then_close_each_audited(lab, lab_engine, people):
    sample_id = approved_sample(lab, lab_engine, people, "0.82")
    manager = people["manager"]
    told_at = datetime(2026, 3, 9, 10, 0, tzinfo=CST)

    row = lab.failing.notify(manager, sample_id, 0, " 阿鲁科尔沁旗农牧局 ", told_at)
    assert row.state == "notified" and row.notified_party == "阿鲁科尔沁旗农牧局"
    assert row.notified_at == told_at and row.notified_by == "其木格"
    row = lab.failing.record_action(manager, sample_id, row.traceback_version, "同批次牛肉已封存，养殖场停售并复查")
    assert row.state == "notified" and row.action_taken == "同批次牛肉已封存，养殖场停售并复查"
    row = lab.failing.close(manager, sample_id, row.traceback_version)
    assert row.state == "closed" and row.closed_by == "其木格" and row.closed_at is not None

    events = list(reversed(lab.audit.page(AuditFilter(entity="traceback")).rows))
    assert [e.action for e in events] == ["create", "update", "update"]
    assert events[0].changes["notified_party"] == [None, "阿鲁科尔沁旗农牧局"]
    assert events[0].changes["sample_id"] == [None, sample_id]
    assert events[1].changes["action_taken"] == [None, "同批次牛肉已封存，养殖场停售并复查"]
    assert list(events[2].changes) == ["closed_at"] and all(e.actor == "manager" for e in events)
    assert lab.audit.verify().ok

    with pytest.raises(ValidationError, match="is closed"):
        lab.failing.record_action(manager, sample_id, row.traceback_version, "再补充")
    assert [r.state for r in lab.failing.failing_samples(FailingFilter(state="closed")).rows] == ["closed"]
    assert lab.failing.failing_samples(FailingFilter(state="open")).total == 0


def test_closing_needs_the_action_taken_and_the_notification_first(lab, lab_engine, people):
    sample_id = approved_sample(lab, lab_engine, people, "0.82")
    manager = people["manager"]
    with pytest.raises(ValidationError) as err:
        lab.failing.close(manager, sample_id, 0)
    assert err.value.field == "party"
    row = lab.failing.notify(manager, sample_id, 0, "受检单位负责人张国庆", datetime(2026, 3, 9, 10, tzinfo=CST))
    with pytest.raises(ValidationError) as err:
        lab.failing.close(manager, sample_id, row.traceback_version)
    assert err.value.field == "action_taken" and "action taken" in str(err.value)
    with pytest.raises(ValidationError) as err:
        lab.failing.record_action(manager, sample_id, row.traceback_version, "   ")
    assert err.value.field == "action_taken"
    assert lab.failing.traceback(sample_id).state == "notified"
    assert [e.action for e in lab.audit.page(AuditFilter(entity="traceback")).rows] == ["create"]


def test_a_stale_traceback_view_is_refused(lab, lab_engine, people):
    sample_id = approved_sample(lab, lab_engine, people, "0.82")
    manager = people["manager"]
    tech = people["tech1"]
    lab.failing.notify(manager, sample_id, 0, "旗农牧局", datetime(2026, 3, 9, 10, tzinfo=CST))
    with pytest.raises(ConcurrentEditError, match="changed on another workstation"):
        lab.failing.notify(tech, sample_id, 0, "另一个单位", datetime(2026, 3, 9, 11, tzinfo=CST))
    row = lab.failing.traceback(sample_id)
    with pytest.raises(ConcurrentEditError):
        lab.failing.record_action(tech, sample_id, row.traceback_version + 1, "封存")
    assert lab.failing.traceback(sample_id).notified_party == "旗农牧局"


def test_bad_notifications_are_refused_field_by_field(lab, lab_engine, people):
    sample_id = approved_sample(lab, lab_engine, people, "0.82")
    manager = people["manager"]
    when = datetime(2026, 3, 9, 10, tzinfo=CST)
    cases = [
        (dict(party=" ", notified_at=when), "party"),
        (dict(party="x" * 201, notified_at=when), "party"),
        (dict(party="旗农牧局", notified_at=datetime(2026, 3, 9, 10)), "notified_at"),
        (dict(party="旗农牧局", notified_at=datetime.now(CST) + timedelta(hours=1)), "notified_at"),
        (dict(party="旗农牧局", notified_at=datetime(2026, 3, 1, tzinfo=CST)), "notified_at"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as err:
            lab.failing.notify(manager, sample_id, 0, **kwargs)
        assert err.value.field == field
    with pytest.raises(NotFound):
        lab.failing.notify(manager, 999_999, 0, "旗农牧局", when)
    assert lab.audit.page(AuditFilter(entity="traceback")).total == 0


def test_a_sample_that_did_not_fail_has_no_traceback_to_record(lab, lab_engine, people):
    passed = approved_sample(lab, lab_engine, people, "ND")
    manager = people["manager"]
    with pytest.raises(ValidationError, match="did not fail"):
        lab.failing.notify(manager, passed, 0, "旗农牧局", datetime(2026, 3, 9, 10, tzinfo=CST))


def test_failing_samples_come_page_by_page_newest_sampling_first(lab, lab_engine, people):
    first = approved_sample(lab, lab_engine, people, "0.82", datetime(2026, 3, 2, 9, 0, tzinfo=CST))
    second = approved_sample(lab, lab_engine, people, "1.5", datetime(2026, 3, 4, 9, 0, tzinfo=CST))
    third = approved_sample(lab, lab_engine, people, "0.3", datetime(2026, 3, 3, 9, 0, tzinfo=CST))
    one = lab.failing.failing_samples(FailingFilter(), 0, 2)
    two = lab.failing.failing_samples(FailingFilter(), 2, 2)
    assert one.total == two.total == 3
    assert [r.sample_id for r in one.rows + two.rows] == [second, third, first]
