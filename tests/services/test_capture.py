"""Instrument capture on both databases: a reading matched by sample code and the instrument's
code becomes a result with the instrument as its source; the same frame received twice is one
reading; what matches nothing waits unmatched for a person; an instrument out of calibration
has its readings held until a manager releases them with a reason."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from instruments.reading import Reading
from lims.db.engine import make_session_factory
from lims.db.models import InstrumentReading, Result
from lims.domain.capture import ReadingState, normalise_code
from lims.domain.errors import NotFound, PermissionDenied, ValidationError
from lims.services.capture import InstrumentForm
from lims.services.dto import AuditFilter


def _sample(lab, catalogue, tech):
    sample = lab.work.register(tech, catalogue.form())
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
    return lab.work.assign_panel(tech, sample.id, sample.version)


def _analyzer(lab, manager, *, calibrated: bool = True, name: str = "液相色谱仪-1"):
    line = lab.capture.add_instrument(manager, InstrumentForm(name=name, adapter="astm", port="loop://",
                                                              baudrate=115200), codes={"CLB": "毒死蜱"})
    if calibrated:
        today = lab.work.today()
        line = lab.capture.add_calibration(manager, line.id, today - timedelta(days=30), today + timedelta(days=300),
                                           "JZ-TEST-1")
    return line


def _reading(sample_code: str, value: str = "0.008", *, code: str = "CLB", raw: bytes = b"",
             position: int = 100) -> Reading:
    return Reading(instrument="液相色谱仪-1", sample_code=sample_code, parameter_code=code, value_text=value,
                   unit="mg/kg", received_at=datetime.now(UTC), raw=raw or f"R|1|^^^{code}|{value}".encode(),
                   journal_position=position)


def test_a_matched_reading_becomes_a_result_with_the_instrument_as_its_source(lab, lab_engine, people, catalogue):
    tech, manager = people["tech1"], people["manager"]
    sample = _sample(lab, catalogue, tech)
    line = _analyzer(lab, manager)
    sent_code = " " + sample.code.lower().replace("-", " -") + " "  # case and spaces as a keyboard wedge sends them
    assert normalise_code(sent_code) == sample.code
    [outcome] = lab.capture.store(tech, line.id, [_reading(sent_code, position=4096)])
    assert not outcome.duplicate and outcome.reading.state is ReadingState.STORED
    assert outcome.reading.sample == sent_code and outcome.reading.parameter == "CLB"
    test = next(t for t in lab.work.detail(sample.id).tests if t.parameter == "毒死蜱")
    assert test.current is not None and test.current.value_text == "0.008" and test.current.source == "instrument"
    with make_session_factory(lab_engine)() as s:
        result = s.get(Result, outcome.reading.result_id)
        assert (result.instrument_id, result.journal_position) == (line.id, 4096)
    event = lab.audit.page(AuditFilter(entity="reading")).rows[0]
    assert event.changes["state"] == [None, "stored"] and event.actor == "tech1"


def test_the_same_frame_received_twice_is_stored_once(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    sample = _sample(lab, catalogue, tech)
    line = _analyzer(lab, people["manager"])
    first = lab.capture.store(tech, line.id, [_reading(sample.code, position=10)])
    again = lab.capture.store(tech, line.id, [_reading(sample.code, position=900)])  # resent after a lost ACK
    assert not first[0].duplicate and again[0].duplicate and again[0].reading.id == first[0].reading.id
    with make_session_factory(lab_engine)() as s:
        assert s.scalar(select(func.count(InstrumentReading.id))) == 1
        assert s.scalar(select(func.count(Result.id)).where(Result.instrument_id == line.id)) == 1


def test_an_unknown_sample_code_waits_unmatched_until_a_person_assigns_it(lab, people, catalogue):
    tech = people["tech1"]
    sample = _sample(lab, catalogue, tech)
    line = _analyzer(lab, people["manager"])
    [outcome] = lab.capture.store(tech, line.id, [_reading("XX-UNKNOWN-1")])
    assert outcome.reading.state is ReadingState.UNMATCHED and "XX-UNKNOWN-1" in outcome.reading.reason
    assert [r.id for r in lab.capture.readings(states=[ReadingState.UNMATCHED])] == [outcome.reading.id]
    with pytest.raises(NotFound):
        lab.capture.assign(tech, outcome.reading.id, "NO-SUCH-SAMPLE")
    assigned = lab.capture.assign(tech, outcome.reading.id, sample.code.lower())
    assert assigned.state is ReadingState.STORED and assigned.result_id is not None
    assert assigned.sample == "XX-UNKNOWN-1" and assigned.assigned_code == sample.code.lower()
    event = lab.audit.page(AuditFilter(entity="reading")).rows[0]
    assert event.changes["state"] == ["unmatched", "stored"]
    with pytest.raises(ValidationError):
        lab.capture.assign(tech, outcome.reading.id, sample.code)  # stored already


def test_a_code_missing_from_the_code_map_is_unmatched_and_enters_no_result(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    sample = _sample(lab, catalogue, tech)
    line = _analyzer(lab, people["manager"])
    [outcome] = lab.capture.store(tech, line.id, [_reading(sample.code, code="ZZZ")])
    assert outcome.reading.state is ReadingState.UNMATCHED and "ZZZ" in outcome.reading.reason
    with make_session_factory(lab_engine)() as s:
        assert s.scalar(select(func.count(Result.id)).where(Result.instrument_id == line.id)) == 0


def test_a_value_enter_result_refuses_leaves_the_reading_unmatched_and_the_sample_untouched(lab, people, catalogue):
    tech = people["tech1"]
    sample = _sample(lab, catalogue, tech)
    line = _analyzer(lab, people["manager"])
    [outcome] = lab.capture.store(tech, line.id, [_reading(sample.code, value="")])
    assert outcome.reading.state is ReadingState.UNMATCHED and outcome.reading.reason
    assert lab.work.detail(sample.id).status == "received"  # the savepoint undid the start of testing


def test_an_instrument_out_of_calibration_has_its_readings_held_until_a_manager_releases_them(
        lab, people, catalogue):
    tech, manager = people["tech1"], people["manager"]
    sample = _sample(lab, catalogue, tech)
    line = _analyzer(lab, manager, calibrated=False)
    [outcome] = lab.capture.store(tech, line.id, [_reading(sample.code)])
    assert outcome.reading.state is ReadingState.HELD and "calibration" in outcome.reading.reason
    assert next(t for t in lab.work.detail(sample.id).tests if t.parameter == "毒死蜱").current is None
    with pytest.raises(PermissionDenied):
        lab.capture.release(tech, outcome.reading.id, "checked against a reference")
    with pytest.raises(ValidationError):
        lab.capture.release(manager, outcome.reading.id, " ")
    released = lab.capture.release(manager, outcome.reading.id, "recalibrated the same day; check passed")
    assert released.state is ReadingState.RELEASED and released.result_id is not None
    event = lab.audit.page(AuditFilter(entity="reading")).rows[0]
    assert event.reason == "recalibrated the same day; check passed" and event.actor == "manager"
    assert event.changes["state"] == ["held", "released"]


def test_a_waiting_reading_is_discarded_only_with_a_reason_and_stays_listed(lab, people, catalogue):
    tech = people["tech1"]
    line = _analyzer(lab, people["manager"])
    [outcome] = lab.capture.store(tech, line.id, [_reading("BLANK")])
    with pytest.raises(ValidationError):
        lab.capture.discard(tech, outcome.reading.id, "")
    gone = lab.capture.discard(tech, outcome.reading.id, "a blank run")
    assert gone.state is ReadingState.DISCARDED
    assert [r.state for r in lab.capture.readings(instrument=line.name)] == [ReadingState.DISCARDED]


def test_only_a_manager_adds_instruments_with_usable_settings_and_a_unique_name(lab, people):
    manager = people["manager"]
    form = InstrumentForm(name="酶标仪", adapter="astm", port="/dev/ttyUSB3", parity="E", encoding="gbk")
    with pytest.raises(PermissionDenied):
        lab.capture.add_instrument(people["tech1"], form)
    with pytest.raises(ValidationError):
        lab.capture.add_instrument(manager, InstrumentForm(name="x", adapter="no-such", port="COM3"))
    with pytest.raises(ValidationError):
        lab.capture.add_instrument(manager, InstrumentForm(name="x", adapter="astm", port="COM3", parity="Q"))
    with pytest.raises(ValidationError):
        lab.capture.add_instrument(manager, InstrumentForm(name="x", adapter="astm", port="COM3", encoding="nope"))
    line = lab.capture.add_instrument(manager, form)
    assert (line.settings.parity, line.settings.encoding, line.port) == ("E", "gbk", "/dev/ttyUSB3")
    with pytest.raises(ValidationError):
        lab.capture.add_instrument(manager, form)
    codes = lab.capture.set_code_map(manager, line.id, {"clb ": "毒死蜱"})
    assert codes == {"CLB": "毒死蜱"}
    edited = lab.capture.update_instrument(manager, line.id, line.version,
                                           InstrumentForm(name="酶标仪", adapter="astm", port="COM4", baudrate=19200))
    assert (edited.port, edited.settings.baudrate, edited.codes) == ("COM4", 19200, {"CLB": "毒死蜱"})
    assert lab.audit.page(AuditFilter(entity="instrument")).rows[0].changes["port"] == ["/dev/ttyUSB3", "COM4"]
