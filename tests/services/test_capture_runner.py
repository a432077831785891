"""The capture runner stores each step's readings before it marks the journal: a capture that
dies between decoding and storing loses nothing, and the next start stores what the journal
holds, once."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from instruments.astm.codec import encode_message
from instruments.gold_reader.codec import DEFAULT_COMMAND, LineValues, encode_answer
from instruments.registry import RegistryError
from instruments.simulators.devices import EnzymeReaderDevice, GoldReaderDevice
from instruments.simulators.readings import SimReading
from lims.db.engine import make_session_factory
from lims.db.models import InstrumentReading, KitLot, Parameter
from lims.domain.capture import ReadingState
from lims.domain.errors import ValidationError
from lims.services import capture_runner
from lims.services.capture import CaptureService, InstrumentForm
from lims.services.capture_runner import BenchChoice, CaptureRunner, journal_path


def _session(code: str, value: str) -> bytes:
    records = [b"H|\\^&|||RUNNER^1.0|||||||P|LIS2-A2|20260305100000", b"P|1", b"O|1|" + code.encode() + b"||^^^CLB|R",
               b"R|1|^^^CLB|" + value.encode() + b"|mg/kg||N||F||lab1||20260305095900", b"L|1|N"]
    return b"\x05" + b"".join(encode_message(records)) + b"\x04"


class ScriptedLine:
    """A port that delivers the given chunks, then nothing; once it has said everything it sets
    ``stop`` so the runner ends."""

    def __init__(self, chunks: list[bytes], stop: threading.Event) -> None:
        self.chunks, self.stop, self.sent = list(chunks), stop, b""

    def read(self, max_bytes: int = 4096) -> bytes:
        if self.chunks:
            return self.chunks.pop(0)
        self.stop.set()
        return b""

    def write(self, data: bytes) -> None:
        self.sent += data

    def close(self) -> None:
        pass


class DiesOnSecondStore(CaptureService):
    """The process killed after decoding its second batch, before storing it."""

    calls = 0

    def store(self, actor, instrument_id, readings, kit_lot_id=None):
        self.calls += 1
        if self.calls == 2:
            raise KeyboardInterrupt("killed")
        return super().store(actor, instrument_id, readings, kit_lot_id)


@pytest.fixture
def analyzer(lab, people):
    manager = people["manager"]
    line = lab.capture.add_instrument(manager, InstrumentForm(name="LC-R", adapter="astm", port="loop://"),
                                      codes={"CLB": "毒死蜱"})
    today = lab.work.today()
    lab.capture.add_calibration(manager, line.id, today - timedelta(days=1), today + timedelta(days=1))
    return line


def test_a_capture_killed_before_storing_a_batch_stores_it_once_at_the_next_start(
        lab, lab_engine, people, analyzer, tmp_path):
    tech = people["tech1"]
    journal = journal_path(tmp_path, lab.database, analyzer.id)
    sessions = [_session(f"NOSUCH-{i}", f"0.0{i}") for i in range(4)]
    stop = threading.Event()
    dying = DiesOnSecondStore(make_session_factory(lab_engine))
    first = CaptureRunner(dying, tech, "LC-R", journal, open_transport=lambda line: ScriptedLine(sessions, stop))
    with pytest.raises(KeyboardInterrupt):
        first.run(stop)
    assert [r.sample for r in lab.capture.readings(instrument="LC-R")] == ["NOSUCH-0"]

    stop = threading.Event()
    second = CaptureRunner(lab.capture, tech, "LC-R", journal, open_transport=lambda line: ScriptedLine([], stop))
    stats = second.run(stop)
    assert stats.recovered == 1 and stats.states[ReadingState.UNMATCHED.value] == 1
    rows = lab.capture.readings(instrument="LC-R")
    assert [r.sample for r in rows] == ["NOSUCH-0", "NOSUCH-1"]  # the lost batch, once; the rest never arrived

    stop = threading.Event()
    third = CaptureRunner(lab.capture, tech, "LC-R", journal, open_transport=lambda line: ScriptedLine([], stop))
    third.run(stop)
    assert len(lab.capture.readings(instrument="LC-R")) == 2  # nothing stored twice on a later start


def test_a_capture_refuses_before_opening_a_port_when_the_adapter_cannot_be_made(lab, people, tmp_path):
    manager = people["manager"]
    lab.capture.add_instrument(manager, InstrumentForm(name="TL", adapter="textline", port="loop://"))
    opened = []
    runner = CaptureRunner(lab.capture, people["tech1"], "TL", tmp_path / "tl.journal",
                           open_transport=lambda line: opened.append(line))
    with pytest.raises(ValidationError):
        runner.run(threading.Event())  # a text-line reader needs its definition file
    assert opened == [] and not (tmp_path / "tl.journal").exists()


class DeviceLine:
    """A simulated reader on the other end of the line: what the capture writes is the device's
    input, what it answers is read back; ``stop`` is set once the device has said everything."""

    def __init__(self, device, stop: threading.Event) -> None:
        self.device, self.stop, self.answer, self.written = device, stop, b"", b""

    def read(self, max_bytes: int = 4096) -> bytes:
        out, self.answer = self.answer, b""
        if not out and self.device.done:
            self.stop.set()
        return out

    def write(self, data: bytes) -> None:
        self.written += data
        self.answer += self.device.receive(data, 0.0)

    def close(self) -> None:
        pass


def _instrument(lab, manager, name: str, adapter: str, codes: dict[str, str]):
    line = lab.capture.add_instrument(manager, InstrumentForm(name=name, adapter=adapter, port="loop://"), codes=codes)
    today = lab.work.today()
    return lab.capture.add_calibration(manager, line.id, today - timedelta(days=1), today + timedelta(days=1))


def test_strips_are_judged_by_the_lot_chosen_and_a_lot_changed_mid_run_applies_from_the_next_strip(
        lab, lab_engine, people, tmp_path):
    tech = people["tech1"]
    line = _instrument(lab, people["manager"], "胶体金-R", "gold-reader", {"CLB": "克伦特罗"})
    with make_session_factory(lab_engine).begin() as s:
        kit = KitLot(name="克伦特罗胶体金检测卡", lot_no="CLB-RUN", method_kind="colloidal_gold",
                     parameter_id=s.scalar(select(Parameter.id).where(Parameter.name == "克伦特罗")),
                     cutoffs_json='{"rule": "t_over_c", "positive_below": 0.85}',
                     expires_on=lab.work.today() + timedelta(days=30))
        s.add(kit)
        s.flush()
        kit_id = kit.id
    stop = threading.Event()
    device = GoldReaderDevice([SimReading("S-1", "CLB", "0.45"), SimReading("S-2", "CLB", "1.2")])
    runner: CaptureRunner

    def stored(outcome) -> None:
        if outcome.reading.sample == "S-1":
            runner.set_bench(BenchChoice())  # the technician cleared the lot after the first strip

    runner = CaptureRunner(lab.capture, tech, line.name, journal_path(tmp_path, lab.database, line.id),
                           bench=BenchChoice(kit_lot_id=kit_id), on_stored=stored,
                           open_transport=lambda line: DeviceLine(device, stop))
    runner.queue_strips(["S-1", "S-2"])
    stats = runner.run(stop)
    assert stats.received == 2 and stats.kit_lot == ""
    with make_session_factory(lab_engine)() as s:
        rows = list(s.scalars(select(InstrumentReading).order_by(InstrumentReading.id)))
    assert [(r.sample_code, r.parameter_code, r.qualitative, r.kit_lot_id) for r in rows] == [
        ("S-1", "CLB", "positive", kit_id), ("S-2", "CLB", "", None)]
    assert rows[1].state == ReadingState.HELD.value and "no kit lot" in rows[1].reason


def test_the_channel_map_set_while_capturing_names_each_channel_s_sample_and_the_control_is_no_sample(
        lab, lab_engine, people, tmp_path):
    line = _instrument(lab, people["manager"], "酶抑制-R", "enzyme-reader", {"OPC": "有机磷和氨基甲酸酯类农药"})
    stop = threading.Event()
    device = EnzymeReaderDevice([SimReading(f"x{i}", "OPC", v, "%") for i, v in enumerate(["12.5", "61.0", "30.0"])])
    wire = DeviceLine(device, stop)
    runner: CaptureRunner

    def heard(event, stats) -> None:
        if event.kind == "port opened":  # the line is open and nothing was asked of the reader yet
            assert wire.written == b""
            runner.set_bench(BenchChoice(channels={1: "NJ-A", 2: "NJ-B"}, control_channel=8))
            runner.read_now()

    runner = CaptureRunner(lab.capture, people["tech1"], line.name, journal_path(tmp_path, lab.database, line.id),
                           start_at_open=False, on_event=heard, open_transport=lambda line: wire)
    runner.run(stop)
    rows = lab.capture.readings(instrument=line.name)
    assert [(r.sample, r.value, r.qualitative) for r in rows] == [
        ("NJ-A", "12.50", "negative"), ("NJ-B", "61.00", "positive"), ("", "30.00", "negative")]
    assert all(r.state is ReadingState.UNMATCHED for r in rows)  # channel 3 had no code: it waits for one


class DiesOnFirstStore(CaptureService):
    """The process killed after the reader's bytes reached the journal, before any was stored."""

    def store(self, actor, instrument_id, readings, kit_lot_id=None):
        raise KeyboardInterrupt("killed")


def _enzyme_lot(lab_engine, lot_no: str, positive_at: int, expires_on) -> int:
    with make_session_factory(lab_engine).begin() as s:
        kit = KitLot(name="有机磷酶抑制试剂", lot_no=lot_no, method_kind="enzyme_inhibition",
                     parameter_id=s.scalar(select(Parameter.id).where(Parameter.name == "有机磷和氨基甲酸酯类农药")),
                     cutoffs_json=f'{{"positive_at_or_above_pct": {positive_at}}}', expires_on=expires_on)
        s.add(kit)
        s.flush()
        return kit.id


def _killed_after_journaling_two_readings_under_lot_a(lab, lab_engine, people, tmp_path):
    """An enzyme reader's capture with lot A (positive from 50 %) and channels 1, 2 -> M1-A, M1-B,
    killed after the reader's two readings were journaled and before they were stored. Returns
    the line, the journal, and lot A's and lot B's (positive from 20 %) ids."""
    tech = people["tech1"]
    line = _instrument(lab, people["manager"], "酶抑制-K", "enzyme-reader", {"OPC": "有机磷和氨基甲酸酯类农药"})
    today = lab.work.today()
    lot_a = _enzyme_lot(lab_engine, "OP-A", 50, today)  # in date on the day its strips were read, not after
    lot_b = _enzyme_lot(lab_engine, "OP-B", 20, today + timedelta(days=30))
    journal = journal_path(tmp_path, lab.database, line.id)
    stop = threading.Event()
    old = EnzymeReaderDevice([SimReading(f"x{i}", "OPC", v, "%") for i, v in enumerate(["30.0", "61.0"])])
    first = CaptureRunner(DiesOnFirstStore(make_session_factory(lab_engine)), tech, line.name, journal,
                          bench=BenchChoice(kit_lot_id=lot_a, channels={1: "M1-A", 2: "M1-B"}, control_channel=8),
                          open_transport=lambda line: DeviceLine(old, stop))
    with pytest.raises(KeyboardInterrupt):
        first.run(stop)
    assert lab.capture.readings(instrument=line.name) == []  # received and journaled, not stored
    return line, journal, lot_a, lot_b


def _restart_with_lot_b(lab, people, line, journal, lot_b):
    stop = threading.Event()
    new = EnzymeReaderDevice([SimReading(f"y{i}", "OPC", v, "%") for i, v in enumerate(["30.5", "12.0"])])
    second = CaptureRunner(lab.capture, people["tech1"], line.name, journal,
                           bench=BenchChoice(kit_lot_id=lot_b, channels={1: "M2-A", 2: "M2-B"}, control_channel=8),
                           open_transport=lambda line: DeviceLine(new, stop))
    return second.run(stop)


def _stored(lab_engine):
    with make_session_factory(lab_engine)() as s:
        return [(r.sample_code, r.value_text, r.qualitative, r.kit_lot_id)
                for r in s.scalars(select(InstrumentReading).order_by(InstrumentReading.id))]


def test_readings_recovered_after_a_crash_keep_the_kit_lot_and_channel_map_they_were_read_under(
        lab, lab_engine, people, tmp_path, monkeypatch):
    line, journal, lot_a, lot_b = _killed_after_journaling_two_readings_under_lot_a(lab, lab_engine, people, tmp_path)
    # two days later lot A has expired; the technician restarts with lot B and other samples
    later = datetime.now(UTC) + timedelta(days=2)
    monkeypatch.setattr("lims.services.policy.utcnow", lambda: later)
    stats = _restart_with_lot_b(lab, people, line, journal, lot_b)
    assert stats.recovered == 2 and stats.received == 4
    assert _stored(lab_engine) == [
        ("M1-A", "30.00", "negative", lot_a), ("M1-B", "61.00", "positive", lot_a),  # lot A: positive from 50 %
        ("M2-A", "30.50", "positive", lot_b), ("M2-B", "12.00", "negative", lot_b)]  # lot B: positive from 20 %
    assert all(r.state == ReadingState.UNMATCHED for r in lab.capture.readings(instrument=line.name))
    assert stats.events["bench restored"] == 1

    stop = threading.Event()  # a third start finds nothing left to recover and stores nothing twice
    third = CaptureRunner(lab.capture, people["tech1"], line.name, journal, bench=BenchChoice(kit_lot_id=lot_b),
                          open_transport=lambda line: ScriptedLine([], stop))
    assert third.run(stop).recovered == 0
    assert len(lab.capture.readings(instrument=line.name)) == 4


def test_readings_recovered_under_settings_that_cannot_be_restored_are_stored_with_the_lot_that_judged_them(
        lab, lab_engine, people, tmp_path, monkeypatch):
    line, journal, lot_a, lot_b = _killed_after_journaling_two_readings_under_lot_a(lab, lab_engine, people, tmp_path)

    fits = capture_runner.set_bench

    def set_bench(adapter, bench):  # the crashed run's settings no longer fit (the reader was changed)
        if "M1-A" in bench.channels.values():
            raise RegistryError("these settings do not fit the reader")
        fits(adapter, bench)

    monkeypatch.setattr(capture_runner, "set_bench", set_bench)
    stats = _restart_with_lot_b(lab, people, line, journal, lot_b)
    assert stats.recovered == 2 and stats.events["bench not restored"] == 1
    # decoded by the run's own settings (channels M2, lot B's 20 %), so stored with lot B, not A
    stored = _stored(lab_engine)
    assert stored[:2] == [("M2-A", "30.00", "positive", lot_b), ("M2-B", "61.00", "positive", lot_b)]
    assert lot_a not in {lot for *_, lot in stored}


class PatchyGoldReader:
    """A colloidal-gold reader that answers each read command with the next of ``answers``; a
    None stays silent for that command (no strip in the reader)."""

    def __init__(self, ratios: list[str | None]) -> None:
        self._answers = [None if r is None else encode_answer(LineValues(10000, round(float(r) * 10000)))
                         for r in ratios]

    def receive(self, data: bytes, now: float) -> bytes:
        out = b""
        for _ in range(data.count(DEFAULT_COMMAND)):
            if self._answers:
                out += self._answers.pop(0) or b""
        return out

    @property
    def done(self) -> bool:
        return not self._answers


class DiesOnSecondStoreOfStrips(CaptureService):
    """The process killed once the first strip is stored, when the next readings are to be."""

    calls = 0

    def store(self, actor, instrument_id, readings, kit_lot_id=None):
        if not readings:
            return []
        self.calls += 1
        if self.calls == 2:
            raise KeyboardInterrupt("killed")
        return super().store(actor, instrument_id, readings, kit_lot_id)


def test_a_gold_reader_s_answers_recovered_after_a_crash_keep_their_strip_s_code_after_a_strip_given_up(
        lab, lab_engine, people, tmp_path):
    tech = people["tech1"]
    form = InstrumentForm(name="胶体金-K", adapter="gold-reader", port="loop://", options={"answer_timeout": "0.01"})
    line = lab.capture.add_instrument(people["manager"], form, codes={"CLB": "克伦特罗"})
    today = lab.work.today()
    lab.capture.add_calibration(people["manager"], line.id, today - timedelta(days=1), today + timedelta(days=1))
    with make_session_factory(lab_engine).begin() as s:
        kit = KitLot(name="克伦特罗胶体金检测卡", lot_no="CLB-K", method_kind="colloidal_gold",
                     parameter_id=s.scalar(select(Parameter.id).where(Parameter.name == "克伦特罗")),
                     cutoffs_json='{"rule": "t_over_c", "positive_below": 0.85}', expires_on=today + timedelta(days=30))
        s.add(kit)
        s.flush()
        kit_id = kit.id
    journal = journal_path(tmp_path, lab.database, line.id)

    # S-1 is read and stored; S-2's strip never answers (three tries, given up); S-3 is read and
    # journaled, and the capture is killed before storing it, with S-4 asked for
    stop = threading.Event()
    first_reader = PatchyGoldReader(["1.2", None, None, None, "0.45"])
    dying = DiesOnSecondStoreOfStrips(make_session_factory(lab_engine))
    first = CaptureRunner(dying, tech, line.name, journal, bench=BenchChoice(kit_lot_id=kit_id),
                          open_transport=lambda line: DeviceLine(first_reader, stop))
    first.queue_strips(["S-1", "S-2", "S-3", "S-4", "S-5"])
    with pytest.raises(KeyboardInterrupt):
        first.run(stop)
    assert [r.sample for r in lab.capture.readings(instrument=line.name)] == ["S-1"]
    assert first.stats.events["no answer"] == 3

    # the restarted capture is handed the rest of the list again, as a technician may type it
    stop = threading.Event()
    second_reader = PatchyGoldReader(["0.99", "1.1", "0.5"])
    wire = DeviceLine(second_reader, stop)
    second = CaptureRunner(lab.capture, tech, line.name, journal, bench=BenchChoice(kit_lot_id=kit_id),
                           open_transport=lambda line: wire)
    second.queue_strips(["S-4", "S-5", "S-6"], typed_again=True)
    stats = second.run(stop)
    assert stats.recovered == 1 and stats.events["strips restored"] == 1
    assert wire.written == DEFAULT_COMMAND * 3  # S-4 asked afresh, then S-5 and S-6, each once
    with make_session_factory(lab_engine)() as s:
        rows = list(s.scalars(select(InstrumentReading).order_by(InstrumentReading.id)))
    assert [(r.sample_code, r.value_text, r.qualitative, r.kit_lot_id) for r in rows] == [
        ("S-1", "1.200", "negative", kit_id), ("S-3", "0.450", "positive", kit_id),  # S-2 gave no answer
        ("S-4", "0.990", "negative", kit_id), ("S-5", "1.100", "negative", kit_id),
        ("S-6", "0.500", "positive", kit_id)]

    stop = threading.Event()  # a third start recovers nothing, stores nothing twice and asks nothing
    wire = DeviceLine(PatchyGoldReader([]), stop)
    third = CaptureRunner(lab.capture, tech, line.name, journal, bench=BenchChoice(kit_lot_id=kit_id),
                          open_transport=lambda line: wire)
    assert third.run(stop).recovered == 0 and wire.written == b""
    assert len(lab.capture.readings(instrument=line.name)) == 5
