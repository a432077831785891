"""Rapid screens on both databases: a positive or suspect screen opens a confirmation test by a
laboratory method, a negative or invalid one opens nothing, no screen ever writes a result or a
verdict, and an expired kit lot is refused."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lims.db.engine import make_session_factory
from lims.db.models import KitLot, RapidScreen, Result
from lims.domain.errors import ConcurrentEditError, ValidationError
from lims.domain.screening import GoldReadings, InhibitionReadings
from lims.services import audit
from lims.services.dto import AuditFilter
from tests.services.conftest import CST

SAMPLED = datetime(2026, 3, 5, 9, 30, tzinfo=CST)
SCREENED = datetime(2026, 3, 5, 14, 10, tzinfo=CST)
D = Decimal


@pytest.fixture
def tech(people):
    return people["tech2"]


def _received(lab, tech, catalogue, product="牛肉"):
    form = catalogue.form(product, sampled_at=SAMPLED, batch_size="8 头", quantity="500 g×2", storage="冷冻")
    sample = lab.work.register(tech, form)
    return lab.work.receive(tech, sample.id, sample.version, condition="封样完好", storage_place="冷冻柜B-1")


def _gold(lab, tech, catalogue, sample, t, c, parameter="克伦特罗", lot="CLB20260815", **kw):
    return lab.screening.record(tech, sample.id, sample.version, catalogue.parameters[parameter], catalogue.kits[lot],
                                GoldReadings(D(t), D(c)), tested_at=SCREENED, **kw)


def _results(lab_engine) -> int:
    with make_session_factory(lab_engine)() as s:
        return s.scalar(select(func.count(Result.id))) or 0


def test_a_positive_screen_opens_a_confirmation_test_by_a_laboratory_method(lab, tech, catalogue, lab_engine):
    sample = _received(lab, tech, catalogue)
    screen = _gold(lab, tech, catalogue, sample, "300", "1000")  # T/C 0.30, below the lot's 0.85

    assert screen.outcome == "positive" and screen.t_over_c == D("0.3")
    assert screen.kit_lot == "克伦特罗胶体金检测卡 CLB20260815" and screen.tested_by == "包文军"
    assert screen.confirmation == "克伦特罗 GB/T 22286-2008"
    assert screen.tested_at == SCREENED
    assert screen.retest_deadline == SCREENED + timedelta(hours=4)
    assert screen.retest_deadline.astimezone(CST).strftime("%H:%M") == "18:10"

    detail = lab.work.detail(sample.id)
    assert detail.version == screen.sample_version
    assert [(t.id, t.parameter, t.method, t.status) for t in detail.tests] == [
        (screen.confirmation_test_id, "克伦特罗", "GB/T 22286-2008", "assigned")]
    # a screen is never a result: nothing to report, no verdict
    assert all(t.current is None for t in detail.tests) and detail.verdict is None
    assert _results(lab_engine) == 0

    events = lab.audit.page(AuditFilter()).rows
    created = {(e.entity, e.action) for e in events[:2]}
    assert created == {("rapid_screen", "create"), ("test", "create")}
    screen_event = next(e for e in events if e.entity == "rapid_screen")
    assert screen_event.changes["outcome"] == [None, "positive"]
    assert screen_event.changes["readings"] == [None, {"t_value": "300", "c_value": "1000"}]
    assert screen_event.changes["confirmation_test_id"] == [None, screen.confirmation_test_id]
    assert lab.audit.verify().ok


def test_a_suspect_screen_is_confirmed_too(lab, tech, catalogue):
    sample = _received(lab, tech, catalogue)
    screen = _gold(lab, tech, catalogue, sample, "2000", "5000", parameter="莱克多巴胺", lot="RAC20260902")
    assert screen.outcome == "suspect"
    assert screen.confirmation == "莱克多巴胺 GB/T 22286-2008"


def test_a_negative_or_invalid_screen_opens_nothing_and_writes_no_result(lab, tech, catalogue, lab_engine):
    sample = _received(lab, tech, catalogue)
    negative = _gold(lab, tech, catalogue, sample, "900", "1000")
    assert negative.outcome == "negative" and negative.confirmation_test_id is None and negative.confirmation == ""
    sample = lab.work.detail(sample.id)
    invalid = _gold(lab, tech, catalogue, sample, "0", "150")  # C below the lot's 200: no control line
    assert invalid.outcome == "invalid" and invalid.confirmation_test_id is None
    detail = lab.work.detail(sample.id)
    assert detail.tests == () and detail.verdict is None
    assert _results(lab_engine) == 0
    assert [s.outcome for s in lab.screening.list_for_sample(sample.id)] == ["negative", "invalid"]


def test_an_enzyme_screen_of_a_pesticide_group_is_confirmed_by_the_method_chosen(lab, people, catalogue, lab_engine):
    tech1 = people["tech1"]
    sample = _received(lab, tech1, catalogue, product="韭菜")
    group, lot = catalogue.parameters["有机磷和氨基甲酸酯类农药"], catalogue.kits["AChE20261020"]
    readings = InhibitionReadings(D("0.303"), D("0.131"))
    # the group has no laboratory method of its own: the positive is refused until one is chosen
    with pytest.raises(ValidationError) as err:
        lab.screening.record(tech1, sample.id, sample.version, group, lot, readings, tested_at=SCREENED)
    assert err.value.field == "confirmation_method" and "No laboratory method" in str(err.value)
    gold_method = catalogue.methods[("克伦特罗", "KJ 201706-2017")]
    with pytest.raises(ValidationError, match="laboratory method, never by a rapid one"):
        lab.screening.record(tech1, sample.id, sample.version, group, lot, readings, tested_at=SCREENED,
                             confirmation_method_id=gold_method)
    assert lab.screening.list_for_sample(sample.id) == [] and lab.work.detail(sample.id).version == sample.version

    chlorpyrifos = catalogue.methods[("毒死蜱", "GB 23200.113-2018")]
    screen = lab.screening.record(tech1, sample.id, sample.version, group, lot, readings, tested_at=SCREENED,
                                  confirmation_method_id=chlorpyrifos)
    assert screen.outcome == "positive" and screen.inhibition_pct == D("56.77")
    assert str(screen.inhibition_pct) == "56.77" and screen.t_value is None
    assert screen.confirmation == "毒死蜱 GB 23200.113-2018"
    assert _results(lab_engine) == 0
    event = next(e for e in lab.audit.page(AuditFilter(entity="rapid_screen")).rows)
    assert event.changes["readings"] == [None, {"control_delta_a": "0.303", "sample_delta_a": "0.131"}]
    assert event.changes["inhibition_pct"] == [None, "56.77"]


def test_a_single_analyte_screen_is_confirmed_on_its_own_parameter(lab, tech, catalogue):
    sample = _received(lab, tech, catalogue)
    with pytest.raises(ValidationError, match="must test 克伦特罗"):
        _gold(lab, tech, catalogue, sample, "300", "1000",
              confirmation_method_id=catalogue.methods[("莱克多巴胺", "GB/T 22286-2008")])


def test_the_samples_own_laboratory_test_becomes_the_confirmation(lab, tech, catalogue):
    sample = _received(lab, tech, catalogue)
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    panel_test = next(t for t in sample.tests if t.parameter == "克伦特罗")
    screen = _gold(lab, tech, catalogue, sample, "100", "1000")
    assert screen.confirmation_test_id == panel_test.id
    assert len(lab.work.detail(sample.id).tests) == len(sample.tests)


def test_an_expired_kit_lot_is_refused_and_nothing_is_stored(lab, tech, catalogue, lab_engine):
    with make_session_factory(lab_engine).begin() as s:
        kit = KitLot(name="克伦特罗胶体金检测卡", maker="演示", lot_no="CLB20250301", method_kind="colloidal_gold",
                     parameter_id=catalogue.parameters["克伦特罗"], expires_on=date(2026, 3, 4),
                     cutoffs_json='{"rule": "t_over_c", "positive_below": 0.85}')
        s.add(kit)
    sample = _received(lab, tech, catalogue)
    with pytest.raises(ValidationError) as err:
        _gold(lab, tech, replace(catalogue, kits={"CLB20250301": kit.id}), sample, "300", "1000", lot="CLB20250301")
    assert err.value.field == "kit_lot"
    assert str(err.value) == "Kit lot CLB20250301 expired on 2026-03-04; it cannot be used for a screen on 2026-03-05"
    assert lab.screening.list_for_sample(sample.id) == [] and lab.work.detail(sample.id).tests == ()


def test_the_kit_lot_must_screen_the_parameter_and_fit_the_readings(lab, tech, catalogue):
    sample = _received(lab, tech, catalogue)
    with pytest.raises(ValidationError, match="screens for 克伦特罗, not 莱克多巴胺"):
        _gold(lab, tech, catalogue, sample, "300", "1000", parameter="莱克多巴胺")
    with pytest.raises(ValidationError, match="T and C line intensities"):
        lab.screening.record(tech, sample.id, sample.version, catalogue.parameters["克伦特罗"],
                             catalogue.kits["CLB20260815"], InhibitionReadings(D("0.3"), D("0.1")), tested_at=SCREENED)
    with pytest.raises(ValidationError, match="before the sample was taken"):
        lab.screening.record(tech, sample.id, sample.version, catalogue.parameters["克伦特罗"],
                             catalogue.kits["CLB20260815"], GoldReadings(D("1"), D("1000")),
                             tested_at=SAMPLED - timedelta(minutes=1))


def test_a_stale_sample_view_is_refused(lab, tech, catalogue):
    sample = _received(lab, tech, catalogue)
    _gold(lab, tech, catalogue, sample, "900", "1000")
    with pytest.raises(ConcurrentEditError):
        _gold(lab, tech, catalogue, sample, "300", "1000")  # the version seen before the first screen
    assert len(lab.screening.list_for_sample(sample.id)) == 1


def test_the_screen_and_its_confirmation_are_stored_together_or_not_at_all(lab, tech, catalogue, monkeypatch):
    sample = _received(lab, tech, catalogue)
    real_record = audit.record

    def failing_record(session, actor, entity, *args, **kwargs):
        if entity == "rapid_screen":
            raise RuntimeError("disk full")
        return real_record(session, actor, entity, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        _gold(lab, tech, catalogue, sample, "300", "1000")
    monkeypatch.undo()
    detail = lab.work.detail(sample.id)
    assert detail.tests == () and detail.version == sample.version  # the confirmation test was rolled back
    assert lab.screening.list_for_sample(sample.id) == []
    assert lab.audit.verify().ok


def test_options_offer_rapid_kit_lots_with_their_cut_offs_and_laboratory_methods_only(lab):
    options = lab.screening.options()
    lots = {k.lot_no: k for k in options.kit_lots}
    assert set(lots) == {"CLB20260815", "RAC20260902", "AChE20261020"}
    assert lots["CLB20260815"].cutoffs.positive_below == D("0.85") and lots["CLB20260815"].parameter == "克伦特罗"
    assert lots["AChE20261020"].cutoffs_problem is None
    assert "KJ 201706-2017" not in {m.label.split()[0] for m in options.lab_methods}
    assert any(m.label == "GB/T 22286-2008 LC-MS/MS" and m.parameter == "克伦特罗" for m in options.lab_methods)


def test_no_screen_writes_a_result_whatever_its_outcome(lab, tech, catalogue, lab_engine):
    sample = _received(lab, tech, catalogue)
    for t, c in (("900", "1000"), ("100", "1000"), ("5", "150"), ("2000", "5000")):
        kw = {"parameter": "莱克多巴胺", "lot": "RAC20260902"} if t == "2000" else {}
        _gold(lab, tech, catalogue, sample, t, c, **kw)
        sample = lab.work.detail(sample.id)
    with make_session_factory(lab_engine)() as s:
        outcomes = sorted(s.scalars(select(RapidScreen.outcome)))
    assert outcomes == ["invalid", "negative", "positive", "suspect"]
    assert _results(lab_engine) == 0 and sample.verdict is None
