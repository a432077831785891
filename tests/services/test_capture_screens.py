"""A rapid reader's readings on both databases are rapid screens, never results: a colloidal-gold
strip and an enzyme-inhibition channel matched to a sample are judged by the kit lot in use and
stored as the sample's screens, a positive one opening its confirmation test; a reader's
inhibition that its absorbances contradict, or a positive with no laboratory method to confirm
it, waits with the reason; an expired lot is held as before."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from instruments.reading import Reading
from lims.db.engine import make_session_factory
from lims.db.models import InstrumentReading, KitLot, RapidScreen, Result
from lims.domain.capture import ReadingState
from lims.services.capture import InstrumentForm
from lims.services.dto import AuditFilter

GOLD, ENZYME = "胶体金读数仪-S", "酶抑制速测仪-S"
PESTICIDES = "有机磷和氨基甲酸酯类农药"  # the demo's enzyme lot AChE20261020 screens for the group


def _reader(lab, manager, name: str, adapter: str, codes: dict[str, str]):
    line = lab.capture.add_instrument(manager, InstrumentForm(name=name, adapter=adapter, port="loop://"),
                                      codes=codes)
    today = lab.work.today()
    return lab.capture.add_calibration(manager, line.id, today - timedelta(days=10), today + timedelta(days=300))


def _received(lab, catalogue, tech, product: str):
    sample = lab.work.register(tech, catalogue.form(product))
    return lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")


def _strip(sample_code: str, t: int, c: int, *, qualitative: str = "positive") -> Reading:
    """A strip as the gold reader sends it: T/C as its value, the grey values in its flags."""
    return Reading(instrument=GOLD, sample_code=sample_code, parameter_code="CLB", value_text=f"{t / c:.3f}",
                   unit="T/C", qualitative=qualitative, flags=(f"T:{t}", f"C:{c}", "lot:CLB20260815"),
                   measured_at=datetime.now(UTC) - timedelta(seconds=5), received_at=datetime.now(UTC),
                   raw=t.to_bytes(4, "little") + c.to_bytes(4, "little"), journal_position=8)


def _channel(sample_code: str, pct: str, control_a: str, sample_a: str, *, channel: int = 1) -> Reading:
    """A channel as the enzyme reader sends it: its own inhibition %, the absorbances in its flags."""
    return Reading(instrument=ENZYME, sample_code=sample_code, parameter_code="OPC", value_text=pct, unit="%",
                   channel=channel, qualitative="negative",
                   flags=("record:3", f"absorbance:{sample_a}", f"control absorbance:{control_a}"),
                   received_at=datetime.now(UTC), raw=f"{channel}:{pct}".encode(), journal_position=73)


def _counts(lab_engine) -> tuple[int, int]:
    with make_session_factory(lab_engine)() as s:
        return s.scalar(select(func.count(RapidScreen.id))) or 0, s.scalar(select(func.count(Result.id))) or 0


def test_a_gold_positive_is_a_screen_judged_by_the_lot_that_opens_its_confirmation_test(
        lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    line = _reader(lab, people["manager"], GOLD, "gold-reader", {"CLB": "克伦特罗"})
    sample = _received(lab, catalogue, tech, "牛肉")
    # T/C 0.300 is below the lot's 0.85: positive, whatever word the reader put beside it
    [outcome] = lab.capture.store(tech, line.id, [_strip(sample.code, 3000, 10000, qualitative="negative")],
                                  kit_lot_id=catalogue.kits["CLB20260815"])
    row = outcome.reading
    assert row.state is ReadingState.STORED and row.reason == ""
    assert row.result_id is None and row.rapid_screen_id is not None
    assert row.as_json()["state"] == "stored" and row.as_json()["unit"] == "T/C"

    [screen] = lab.screening.list_for_sample(sample.id)
    assert screen.id == row.rapid_screen_id
    assert (screen.outcome, screen.t_value, screen.c_value) == ("positive", Decimal(3000), Decimal(10000))
    assert screen.kit_lot == "克伦特罗胶体金检测卡 CLB20260815" and screen.instrument == GOLD
    assert screen.tested_by == "王晓燕"  # tech1, who ran the capture
    assert screen.confirmation == "克伦特罗 GB/T 22286-2008"
    detail = lab.work.detail(sample.id)
    assert [(t.id, t.parameter, t.current) for t in detail.tests] == [(screen.confirmation_test_id, "克伦特罗", None)]
    assert detail.verdict is None and _counts(lab_engine) == (1, 0)  # a screen, no result

    reading_event = lab.audit.page(AuditFilter(entity="reading")).rows[0]
    assert reading_event.changes["rapid_screen_id"] == [None, screen.id] and "result_id" not in reading_event.changes
    screen_event = lab.audit.page(AuditFilter(entity="rapid_screen")).rows[0]
    assert screen_event.changes["readings"] == [None, {"t_value": "3000", "c_value": "10000"}]
    assert screen_event.changes["kit_lot"] == [None, "CLB20260815"]
    assert lab.audit.verify().ok


def test_an_enzyme_negative_is_stored_as_a_negative_screen_with_the_reader_s_percentage(
        lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    line = _reader(lab, people["manager"], ENZYME, "enzyme-reader", {"OPC": PESTICIDES})
    sample = _received(lab, catalogue, tech, "韭菜")
    # the vendor's example: 34.80 % reported; (0.9140 - 0.5960) / 0.9140 = 34.79 %, within the check
    [outcome] = lab.capture.store(tech, line.id, [_channel(sample.code, "34.80", "0.9140", "0.5960")],
                                  kit_lot_id=catalogue.kits["AChE20261020"])
    assert outcome.reading.state is ReadingState.STORED
    [screen] = lab.screening.list_for_sample(sample.id)
    assert (screen.outcome, screen.inhibition_pct, screen.parameter) == ("negative", Decimal("34.80"), PESTICIDES)
    assert screen.method_kind == "enzyme_inhibition" and screen.confirmation_test_id is None
    assert lab.work.detail(sample.id).tests == () and _counts(lab_engine) == (1, 0)
    event = lab.audit.page(AuditFilter(entity="rapid_screen")).rows[0]
    assert event.changes["readings"] == [None, {"inhibition_pct": "34.80", "control_delta_a": "0.9140",
                                                "sample_delta_a": "0.5960"}]


def test_an_inhibition_its_absorbances_contradict_waits_with_the_reason_and_stores_nothing(
        lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    line = _reader(lab, people["manager"], ENZYME, "enzyme-reader", {"OPC": PESTICIDES})
    sample = _received(lab, catalogue, tech, "韭菜")
    # GB/T 5009.199's example absorbances give 56.77 %, a positive; the reader says 20.00 %
    [outcome] = lab.capture.store(tech, line.id, [_channel(sample.code, "20.00", "0.303", "0.131")],
                                  kit_lot_id=catalogue.kits["AChE20261020"])
    row = outcome.reading
    assert row.state is ReadingState.UNMATCHED and row.rapid_screen_id is None
    assert row.reason == ("The reader's inhibition 20.00 % disagrees with its absorbances (control 0.303, sample "
                          "0.131), which give 56.77 %: check the control's channel and read the sample again")
    assert row.reason_error is not None and row.reason_error.template.startswith("The reader's inhibition {reported}")
    assert lab.screening.list_for_sample(sample.id) == [] and _counts(lab_engine) == (0, 0)
    assert lab.work.detail(sample.id).version == sample.version


def test_a_positive_with_no_laboratory_method_to_confirm_it_waits_until_one_is_defined(
        lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    line = _reader(lab, people["manager"], ENZYME, "enzyme-reader", {"OPC": PESTICIDES})
    sample = _received(lab, catalogue, tech, "韭菜")
    [outcome] = lab.capture.store(tech, line.id, [_channel(sample.code, "56.77", "0.303", "0.131")],
                                  kit_lot_id=catalogue.kits["AChE20261020"])
    assert outcome.reading.state is ReadingState.UNMATCHED
    assert outcome.reading.reason == (f"No laboratory method is defined for {PESTICIDES}: choose the method that "
                                      "confirms the screen")
    assert [r.id for r in lab.capture.readings(states=[ReadingState.UNMATCHED])] == [outcome.reading.id]
    detail = lab.work.detail(sample.id)
    assert detail.tests == () and detail.version == sample.version and _counts(lab_engine) == (0, 0)


def test_an_unmatched_strip_assigned_its_sample_becomes_that_sample_s_screen(lab, people, catalogue):
    tech = people["tech1"]
    line = _reader(lab, people["manager"], GOLD, "gold-reader", {"CLB": "克伦特罗"})
    sample = _received(lab, catalogue, tech, "牛肉")
    [outcome] = lab.capture.store(tech, line.id, [_strip("NO-SUCH-STRIP", 9000, 10000)],
                                  kit_lot_id=catalogue.kits["CLB20260815"])
    assert outcome.reading.state is ReadingState.UNMATCHED and "NO-SUCH-STRIP" in outcome.reading.reason
    assigned = lab.capture.assign(tech, outcome.reading.id, sample.code)
    assert assigned.state is ReadingState.STORED and assigned.rapid_screen_id is not None
    [screen] = lab.screening.list_for_sample(sample.id)
    assert screen.outcome == "negative" and screen.confirmation_test_id is None
    event = lab.audit.page(AuditFilter(entity="reading")).rows[0]
    assert event.changes["state"] == ["unmatched", "stored"]
    assert event.changes["rapid_screen_id"] == [None, screen.id]


def test_a_strip_read_with_an_expired_lot_is_held_and_a_release_cannot_make_it_a_screen(
        lab, lab_engine, people, catalogue):
    tech, manager = people["tech1"], people["manager"]
    line = _reader(lab, manager, GOLD, "gold-reader", {"CLB": "克伦特罗"})
    sample = _received(lab, catalogue, tech, "牛肉")
    with make_session_factory(lab_engine).begin() as s:
        kit = KitLot(name="克伦特罗胶体金检测卡", maker="测试", lot_no="CLB-OLD", method_kind="colloidal_gold",
                     parameter_id=catalogue.parameters["克伦特罗"], expires_on=lab.work.today() - timedelta(days=1),
                     cutoffs_json='{"rule": "t_over_c", "positive_below": 0.85}')
        s.add(kit)
        s.flush()
        old_lot = kit.id
    [outcome] = lab.capture.store(tech, line.id, [_strip(sample.code, 3000, 10000)], kit_lot_id=old_lot)
    assert outcome.reading.state is ReadingState.HELD
    assert outcome.reading.reason.startswith("Kit lot CLB-OLD expired on ")
    released = lab.capture.release(manager, outcome.reading.id, "checked the strip by eye")
    assert released.state is ReadingState.UNMATCHED and released.rapid_screen_id is None
    assert released.reason.startswith("Kit lot CLB-OLD expired on ")
    assert "cannot be used for a screen" in released.reason
    assert lab.screening.list_for_sample(sample.id) == [] and lab.work.detail(sample.id).tests == ()


@pytest.mark.parametrize("flags", [("lot:CLB20260815",), ("T:abc", "C:10000")])
def test_a_strip_without_its_line_values_waits_naming_what_it_carried(lab, lab_engine, people, catalogue, flags):
    tech = people["tech1"]
    line = _reader(lab, people["manager"], GOLD, "gold-reader", {"CLB": "克伦特罗"})
    sample = _received(lab, catalogue, tech, "牛肉")
    strip = Reading(instrument=GOLD, sample_code=sample.code, parameter_code="CLB", value_text="0.300", unit="T/C",
                    flags=flags, received_at=datetime.now(UTC), raw=b"strip")
    [outcome] = lab.capture.store(tech, line.id, [strip], kit_lot_id=catalogue.kits["CLB20260815"])
    assert outcome.reading.state is ReadingState.UNMATCHED
    assert outcome.reading.reason == f"The reading of {GOLD} carries no T and C line values (it has: {','.join(flags)})"
    with make_session_factory(lab_engine)() as s:
        assert s.get(InstrumentReading, outcome.reading.id).rapid_screen_id is None


def test_an_enzyme_channel_read_with_no_lot_chosen_is_judged_by_gb_t_5009_199(lab, people, catalogue):
    tech = people["tech1"]
    line = _reader(lab, people["manager"], ENZYME, "enzyme-reader", {"OPC": PESTICIDES})
    sample = _received(lab, catalogue, tech, "韭菜")
    [outcome] = lab.capture.store(tech, line.id, [_channel(sample.code, "12.50", "0.9000", "0.7875")])
    assert outcome.reading.state is ReadingState.STORED
    [screen] = lab.screening.list_for_sample(sample.id)
    assert (screen.outcome, screen.inhibition_pct, screen.kit_lot_id, screen.kit_lot) == (
        "negative", Decimal("12.50"), None, "")
