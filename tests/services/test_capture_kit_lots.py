"""Rapid-test readers capture with the kit lot the technician chose: its cut-offs judge the
strips, its expiry is checked on the day each reading arrives, and the lot is named in the
reading's audit event and in the result's provenance. A reading taken with an expired lot, or
with no lot by a reader that judges by one, is held with the reason, like one taken out of
calibration."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from instruments.reading import Reading
from lims.db.engine import make_session_factory
from lims.db.models import InstrumentReading, KitLot
from lims.domain.capture import ReadingState
from lims.domain.errors import NotFound, ValidationError
from lims.services.capture import InstrumentForm
from lims.services.dto import AuditFilter

T_OVER_C = json.dumps({"rule": "t_over_c", "positive_below": 0.85, "invalid_c_below": 200})


def _lot(lab_engine, parameters, lot_no: str, expires_on: date, *, kind: str = "colloidal_gold",
         parameter: str = "克伦特罗", cutoffs: str = T_OVER_C) -> int:
    with make_session_factory(lab_engine).begin() as s:
        kit = KitLot(name="克伦特罗胶体金检测卡", maker="测试", lot_no=lot_no, method_kind=kind,
                     parameter_id=parameters[parameter], cutoffs_json=cutoffs, expires_on=expires_on)
        s.add(kit)
        s.flush()
        return kit.id


def _reader(lab, manager, adapter: str = "gold-reader", name: str = "胶体金读数仪-T", codes=None):
    line = lab.capture.add_instrument(manager, InstrumentForm(name=name, adapter=adapter, port="loop://"),
                                      codes=codes if codes is not None else {"CLB": "克伦特罗"})
    today = lab.work.today()
    return lab.capture.add_calibration(manager, line.id, today - timedelta(days=10), today + timedelta(days=300))


def _beef(lab, catalogue, tech):
    sample = lab.work.register(tech, catalogue.form("牛肉"))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
    return lab.work.assign_panel(tech, sample.id, sample.version)


def _strip(sample_code: str, parameter_code: str, ratio: str = "0.450", raw: bytes = b"\x10\x27\x00\x00") -> Reading:
    c_value = 10000
    return Reading(instrument="胶体金读数仪-T", sample_code=sample_code, parameter_code=parameter_code,
                   value_text=ratio, unit="T/C", qualitative="positive", received_at=datetime.now(UTC), raw=raw,
                   flags=(f"T:{round(float(ratio) * c_value)}", f"C:{c_value}"), journal_position=64)


def test_the_lots_offered_are_the_unexpired_ones_of_the_reader_s_kind_with_the_instrument_s_code(
        lab, lab_engine, people, catalogue):
    line = _reader(lab, people["manager"])
    today = lab.work.today()
    fresh = _lot(lab_engine, catalogue.parameters, "CLB-FRESH", today + timedelta(days=30))
    last_day = _lot(lab_engine, catalogue.parameters, "CLB-LASTDAY", today)
    _lot(lab_engine, catalogue.parameters, "CLB-OLD", today - timedelta(days=1))
    offered = {lot.lot_no: lot for lot in lab.capture.kit_lots(line.name)}
    assert {"CLB-FRESH", "CLB-LASTDAY"} <= set(offered) and "CLB-OLD" not in offered
    assert "AChE20261020" not in offered  # the demo's enzyme-inhibition lot: another kind of reader
    chosen = offered["CLB-FRESH"]
    assert (chosen.id, chosen.parameter, chosen.kit.parameter_code) == (fresh, "克伦特罗", "CLB")
    assert chosen.kit.cutoffs.positive_below == Decimal("0.85") and offered["CLB-LASTDAY"].id == last_day
    assert lab.capture.kit_lot(line.name, lot_no="CLB-FRESH").id == fresh


def test_a_lot_that_does_not_fit_the_capture_is_refused_by_name(lab, lab_engine, people, catalogue):
    line = _reader(lab, people["manager"])
    today = lab.work.today()
    _lot(lab_engine, catalogue.parameters, "CLB-OLD", today - timedelta(days=1))
    with pytest.raises(ValidationError, match="Kit lot CLB-OLD expired on"):
        lab.capture.kit_lot(line.name, lot_no="CLB-OLD")
    with pytest.raises(NotFound, match="No kit lot is numbered NOPE"):
        lab.capture.kit_lot(line.name, lot_no="NOPE")
    with pytest.raises(ValidationError, match="AChE20261020 does not fit 胶体金读数仪-T: it is a kit of another rapid"):
        lab.capture.kit_lot(line.name, lot_no="AChE20261020")


def test_a_reading_taken_with_the_chosen_lot_names_it_in_its_row_and_its_audit_event(
        lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    line = _reader(lab, people["manager"])
    sample = _beef(lab, catalogue, tech)
    lot = lab.capture.kit_lot(line.name, kit_lot_id=_lot(lab_engine, catalogue.parameters, "CLB-FRESH",
                                                         lab.work.today() + timedelta(days=30)))
    [outcome] = lab.capture.store(tech, line.id, [_strip(sample.code, lot.kit.parameter_code)], kit_lot_id=lot.id)
    assert outcome.reading.state is ReadingState.STORED
    [screen] = lab.screening.list_for_sample(sample.id)
    assert screen.id == outcome.reading.rapid_screen_id and screen.kit_lot_id == lot.id
    event = lab.audit.page(AuditFilter(entity="reading")).rows[0]
    assert event.changes["kit_lot"] == [None, "CLB-FRESH"]
    with make_session_factory(lab_engine)() as s:
        assert s.get(InstrumentReading, outcome.reading.id).kit_lot_id == lot.id


def test_readings_with_an_expired_lot_or_with_no_lot_are_held_with_the_reason(
        lab, lab_engine, people, catalogue):
    tech, manager = people["tech1"], people["manager"]
    line = _reader(lab, manager)
    sample = _beef(lab, catalogue, tech)
    expired = _lot(lab_engine, catalogue.parameters, "CLB-OLD", lab.work.today() - timedelta(days=1))
    [old] = lab.capture.store(tech, line.id, [_strip(sample.code, "CLB", raw=b"old")], kit_lot_id=expired)
    [none] = lab.capture.store(tech, line.id, [_strip(sample.code, "CLB", raw=b"none")])
    assert old.reading.state is ReadingState.HELD and none.reading.state is ReadingState.HELD
    assert old.reading.reason.startswith("Kit lot CLB-OLD expired on ")
    assert old.reading.reason_error is not None and old.reading.reason_error.template.startswith("Kit lot {lot}")
    day = lab.work.today().isoformat()
    assert none.reading.reason == f"{line.name} was read with no kit lot chosen: its readings of {day} are held"
    assert next(t for t in lab.work.detail(sample.id).tests if t.parameter == "克伦特罗").current is None
    assert {r.id for r in lab.capture.readings(states=[ReadingState.HELD])} == {old.reading.id, none.reading.id}


def test_an_enzyme_reader_without_a_lot_judges_by_gb_t_5009_199_and_is_not_held(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    line = _reader(lab, people["manager"], adapter="enzyme-reader", name="酶抑制-T",
                   codes={"OPC": "有机磷和氨基甲酸酯类农药"})
    assert line.bench.channels == 8 and not line.bench.kit_required
    [outcome] = lab.capture.store(tech, line.id, [Reading("酶抑制-T", "NO-SUCH", "OPC", "34.80", "%", raw=b"e")])
    assert outcome.reading.state is ReadingState.UNMATCHED  # no sample of that code; not held for a lot
