"""The capture runner stores each step's readings before it marks the journal: a capture that
dies between decoding and storing loses nothing, and the next start stores what the journal
holds, once."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from instruments.astm.codec import encode_message
from lims.db.engine import make_session_factory
from lims.domain.capture import ReadingState
from lims.domain.errors import ValidationError
from lims.services.capture import CaptureService, InstrumentForm
from lims.services.capture_runner import CaptureRunner, journal_path


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

    def store(self, actor, instrument_id, readings):
        self.calls += 1
        if self.calls == 2:
            raise KeyboardInterrupt("killed")
        return super().store(actor, instrument_id, readings)


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
