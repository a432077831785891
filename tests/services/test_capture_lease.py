"""One capture per instrument, on every workstation: a second capture is refused naming who holds
the instrument and where; a capture that crashed does not block it for ever; and a capture whose
database is busy keeps every reading (in memory and in its journal) until it can store it."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from sqlalchemy import update

from instruments.astm.codec import encode_message
from instruments.journal import Journal
from lims.db.engine import make_session_factory
from lims.db.models import CaptureLease
from lims.domain.capture import ReadingState
from lims.domain.errors import InstrumentInUse, WorkstationBusy
from lims.services.capture import CaptureService, InstrumentForm
from lims.services.capture_lease import Holder, database_now
from lims.services.capture_runner import CaptureRunner, journal_path
from lims.services.dto import AuditFilter
from tests.services.conftest import WORKSTATION


def _session(code: str, value: str) -> bytes:
    records = [b"H|\\^&|||LEASE^1.0|||||||P|LIS2-A2|20260305100000", b"P|1", b"O|1|" + code.encode() + b"||^^^CLB|R",
               b"R|1|^^^CLB|" + value.encode() + b"|mg/kg||N||F||lab1||20260305095900", b"L|1|N"]
    return b"\x05" + b"".join(encode_message(records)) + b"\x04"


class ScriptedLine:
    """A port that delivers the given chunks, then nothing; once it has said everything it sets
    ``stop`` so the runner ends."""

    def __init__(self, chunks: list[bytes], stop: threading.Event) -> None:
        self.chunks, self.stop = list(chunks), stop

    def read(self, max_bytes: int = 4096) -> bytes:
        if self.chunks:
            return self.chunks.pop(0)
        self.stop.set()
        return b""

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def analyzer(lab, people):
    manager = people["manager"]
    line = lab.capture.add_instrument(manager, InstrumentForm(name="LC-L", adapter="astm", port="loop://"),
                                      codes={"CLB": "毒死蜱"})
    today = lab.work.today()
    lab.capture.add_calibration(manager, line.id, today - timedelta(days=1), today + timedelta(days=1))
    return line


def _lapse(lab_engine, instrument_id: int, **values) -> None:
    """What time does to a lease whose holder stopped renewing it."""
    with make_session_factory(lab_engine).begin() as s:
        past = database_now(s) - timedelta(seconds=1)
        s.execute(update(CaptureLease).where(CaptureLease.instrument_id == instrument_id)
                  .values(expires_at=past, **values))


def test_a_second_capture_is_refused_naming_who_holds_the_instrument_and_where(lab, people, analyzer):
    tech1, tech2 = people["tech1"], people["tech2"]
    first, second = Holder(), Holder()
    lab.capture.claim(tech1, analyzer.id, first)
    with pytest.raises(InstrumentInUse) as refused:
        lab.capture.claim(tech2, analyzer.id, second)
    assert str(refused.value).startswith(f"LC-L is being captured by tech1 on {WORKSTATION} since ")
    lab.capture.claim(tech1, analyzer.id, first)  # the same capture restarting keeps its hold
    assert not lab.capture.release_claim(tech2, analyzer.id, second)  # a capture never ends another's
    assert lab.capture.holder("LC-L") is not None
    assert lab.capture.release_claim(tech1, analyzer.id, first)
    assert lab.capture.holder("LC-L") is None
    lab.capture.claim(tech2, analyzer.id, second)  # free again
    events = lab.audit.page(AuditFilter(entity="capture")).rows
    assert [e.action for e in events] == ["create", "delete", "create"]
    assert events[0].changes["holder"] == [None, f"tech2 on {WORKSTATION}"]


def test_a_crashed_capture_s_hold_lapses_and_is_taken_over_and_the_old_holder_learns_it_must_stop(
        lab, lab_engine, people, analyzer):
    tech1, tech2 = people["tech1"], people["tech2"]
    crashed, next_one = Holder(host="bench-2"), Holder()
    lab.capture.claim(tech1, analyzer.id, crashed)
    _lapse(lab_engine, analyzer.id)  # it stopped renewing a lease ago
    lab.capture.claim(tech2, analyzer.id, next_one)
    taken = lab.audit.page(AuditFilter(entity="capture")).rows[0]
    assert taken.changes["holder"] == [f"tech1 on {WORKSTATION} (process {crashed.pid} on bench-2)",
                                       f"tech2 on {WORKSTATION}"]
    assert "had lapsed" in taken.reason
    with pytest.raises(InstrumentInUse, match="LC-L was taken over by tech2"):
        lab.capture.renew(analyzer.id, crashed)  # it woke up: it must stop, not capture alongside
    lab.capture.renew(analyzer.id, next_one)


def test_a_hold_left_by_a_process_of_this_computer_that_is_gone_is_taken_over_at_once(lab, people, analyzer):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = Holder(pid=int(gone.stdout))
    lab.capture.claim(people["tech1"], analyzer.id, dead)
    lab.capture.claim(people["tech2"], analyzer.id, Holder())  # no wait for the lease to lapse
    holder = lab.capture.holder("LC-L")
    assert holder is not None and (holder.username, holder.pid) == ("tech2", os.getpid())
    with pytest.raises(InstrumentInUse, match="by tech2"):  # tech2's process (this one) is alive: it keeps it
        lab.capture.claim(people["tech1"], analyzer.id, Holder(pid=os.getppid()))


def test_a_capture_refused_by_the_hold_opens_no_port_and_no_journal(lab, people, analyzer, tmp_path):
    lab.capture.claim(people["tech2"], analyzer.id, Holder())
    opened = []
    journal = journal_path(tmp_path, lab.database, analyzer.id)
    runner = CaptureRunner(lab.capture, people["tech1"], "LC-L", journal, open_transport=opened.append)
    with pytest.raises(InstrumentInUse, match="by tech2"):
        runner.run(threading.Event())
    assert opened == [] and not journal.exists()


def test_a_second_capture_of_the_line_on_this_computer_is_refused_by_the_journal_lock_and_lets_go_of_its_hold(
        lab, people, analyzer, tmp_path):
    journal = journal_path(tmp_path, lab.database, analyzer.id)
    with Journal(journal):  # a capture whose hold lapsed while it hung, still holding the line
        runner = CaptureRunner(lab.capture, people["tech1"], "LC-L", journal,
                               open_transport=lambda line: pytest.fail("the port must not be opened"))
        with pytest.raises(InstrumentInUse, match=f"LC-L is being captured on this computer already \\(process "
                                                  f"{os.getpid()} on "):
            runner.run(threading.Event())
    assert lab.capture.holder("LC-L") is None


class BusyDatabase(CaptureService):
    """Another workstation holds the database's write lock for the first ``busy`` stores."""

    def __init__(self, sessions, busy: int) -> None:
        super().__init__(sessions)
        self.busy, self.calls = busy, 0

    def store(self, actor, instrument_id, readings, kit_lot_id=None):
        self.calls += 1
        if self.calls <= self.busy:
            raise WorkstationBusy("Another workstation was saving: try again")
        return super().store(actor, instrument_id, readings, kit_lot_id)


def test_readings_that_meet_a_busy_database_wait_and_are_stored_once_while_the_line_goes_on(
        lab, lab_engine, people, analyzer, tmp_path):
    journal = journal_path(tmp_path, lab.database, analyzer.id)
    stop = threading.Event()
    busy = BusyDatabase(make_session_factory(lab_engine), busy=2)
    runner = CaptureRunner(busy, people["tech1"], "LC-L", journal, busy_retry_seconds=0,
                           open_transport=lambda line: ScriptedLine([_session("NOSUCH-1", "0.01"),
                                                                     _session("NOSUCH-2", "0.02")], stop))
    stats = runner.run(stop)
    assert stats.events["database busy"] == 2 and stats.waiting == 0
    assert [r.sample for r in lab.capture.readings(instrument="LC-L")] == ["NOSUCH-1", "NOSUCH-2"]
    stop = threading.Event()
    again = CaptureRunner(lab.capture, people["tech1"], "LC-L", journal,
                          open_transport=lambda line: ScriptedLine([], stop))
    assert again.run(stop).recovered == 0  # all were stored, and the journal knows it


def test_a_capture_stopped_while_the_database_is_busy_loses_nothing_the_next_start_stores_it(
        lab, lab_engine, people, analyzer, tmp_path):
    journal = journal_path(tmp_path, lab.database, analyzer.id)
    stop = threading.Event()
    always_busy = BusyDatabase(make_session_factory(lab_engine), busy=10**6)
    first = CaptureRunner(always_busy, people["tech1"], "LC-L", journal, busy_retry_seconds=0,
                          open_transport=lambda line: ScriptedLine([_session("NOSUCH-1", "0.01"),
                                                                    _session("NOSUCH-2", "0.02")], stop))
    assert first.run(stop).waiting == 2
    assert lab.capture.readings(instrument="LC-L") == []
    stop = threading.Event()
    second = CaptureRunner(lab.capture, people["tech1"], "LC-L", journal,
                           open_transport=lambda line: ScriptedLine([], stop))
    stats = second.run(stop)
    assert stats.recovered == 2 and stats.states[ReadingState.UNMATCHED.value] == 2
    assert [r.sample for r in lab.capture.readings(instrument="LC-L")] == ["NOSUCH-1", "NOSUCH-2"]
