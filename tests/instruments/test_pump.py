"""The line pump: received bytes are on disk before the device hears an acknowledgement."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from instruments.astm.adapter import AstmAdapter
from instruments.astm.codec import encode_message
from instruments.gold_reader.adapter import GoldReaderAdapter
from instruments.gold_reader.codec import LineValues, encode_answer
from instruments.journal import Direction, Journal, read_entries
from instruments.pump import LinePump
from instruments.reading import Reading


class ScriptedLine:
    """A device that sends the given chunks one per read and, at each write, looks at what the
    journal file holds on disk at that moment."""

    def __init__(self, chunks: list[bytes], journal_path: Path) -> None:
        self.chunks = chunks
        self.journal_path = journal_path
        self.writes: list[tuple[bytes, list[bytes]]] = []

    def read(self, max_bytes: int = 4096) -> bytes:
        return self.chunks.pop(0) if self.chunks else b""

    def write(self, data: bytes) -> None:
        on_disk = read_entries(self.journal_path)  # a second reader of the file, as after a crash
        received = [e.data for e in on_disk if e.direction is Direction.IN]
        self.writes.append((data, received))

    def close(self) -> None:
        pass


def astm_chunks(code: str) -> list[bytes]:
    return [b"\x05", *encode_message([b"H|\\^&", b"O|1|" + code.encode(), b"R|1|^^^CLB|0.42|ug/kg", b"L|1|N"]),
            b"\x04"]


def test_every_acknowledgement_is_written_after_the_bytes_it_acknowledges_are_in_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    chunks = astm_chunks("NJ2026-000301")
    line = ScriptedLine(list(chunks), path)
    pump = LinePump(line, Journal(path), AstmAdapter("a"))
    readings: list[Reading] = []
    for _ in range(len(chunks)):
        readings += pump.step().readings
    assert [data for data, _ in line.writes] == [b"\x06"] * 5
    for number, (_, on_disk) in enumerate(line.writes, start=1):
        assert on_disk == chunks[:number]
    assert [r.sample_code for r in readings] == ["NJ2026-000301"]
    l_entry = next(e for e in pump.journal.entries() if b"L|1|N" in e.data)
    assert readings[0].journal_position == l_entry.position  # the entry that completed the message


def test_run_commits_after_each_stored_batch_so_a_restart_decodes_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    chunks = astm_chunks("NJ2026-000302") + astm_chunks("NJ2026-000303")[:3]  # the second message half sent
    line = ScriptedLine(list(chunks), path)
    stored: list[Reading] = []
    steps = iter(range(len(chunks)))
    pump = LinePump(line, Journal(path), AstmAdapter("a"))
    pump.run(lambda out: stored.extend(out.readings), stop=lambda: next(steps, None) is None)
    pump.journal.close()
    assert [r.sample_code for r in stored] == ["NJ2026-000302"]
    rest = astm_chunks("NJ2026-000303")[3:]
    again = LinePump(ScriptedLine(list(rest), path), Journal(path), AstmAdapter("a"))
    assert again.recover().readings == []  # the half message waits for its end; the first is not repeated
    for _ in rest:
        stored += again.step().readings
    assert [r.sample_code for r in stored] == ["NJ2026-000302", "NJ2026-000303"]


def test_a_restart_hands_back_each_bench_before_the_chunks_received_under_it(tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    first, second, third = astm_chunks("NJ-A1"), astm_chunks("NJ-A2"), astm_chunks("NJ-B1")
    pump = LinePump(ScriptedLine(first + second + third, path), Journal(path), AstmAdapter("a"))
    pump.note_bench(b"A")
    for _ in first:
        pump.step()
    pump.commit()  # NJ-A1 is stored; the capture dies before storing what follows
    for _ in second:
        pump.step()
    pump.note_bench(b"A")  # the same bench again: nothing new to journal
    pump.note_bench(b"B")
    for _ in third:
        pump.step()
    pump.journal.close()

    applied: list[bytes] = []
    again = LinePump(ScriptedLine([], path), Journal(path), AstmAdapter("a"))
    parts = again.recover_by_bench(applied.append)
    assert applied == [b"A", b"B"]  # A is in force at the mark, B is met on the way
    assert [(bench, [r.sample_code for r in out.readings]) for bench, out in parts] == [
        (b"A", ["NJ-A2"]), (b"B", ["NJ-B1"])]
    assert [e.data for e in read_entries(path) if e.direction is Direction.BENCH] == [b"A", b"B"]


def test_a_journal_without_bench_entries_recovers_with_the_consumer_s_own_bench(tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    chunks = astm_chunks("NJ-OLD")
    with Journal(path) as journal:  # as a capture before bench entries wrote it
        for chunk in chunks:
            journal.append(Direction.IN, chunk, datetime.now(UTC))
    applied: list[bytes] = []
    parts = LinePump(ScriptedLine([], path), Journal(path), AstmAdapter("a")).recover_by_bench(applied.append)
    assert applied == [] and [(bench, [r.sample_code for r in out.readings]) for bench, out in parts] == [
        (None, ["NJ-OLD"])]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def gold_answer(c: int, t: int) -> bytes:
    return encode_answer(LineValues(c, t))


def test_a_restart_decodes_a_gold_reader_s_journaled_answer_in_the_queue_it_was_asked_in_and_sends_nothing(
        tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    clock = Clock()
    s1, s3 = gold_answer(10000, 12000), gold_answer(10000, 4500)
    line = ScriptedLine([], path)
    adapter = GoldReaderAdapter("g", None, answer_timeout=1.0)
    for code in ("S-1", "S-2", "S-3", "S-4"):
        adapter.queue(code)
    pump = LinePump(line, Journal(path), adapter, clock=clock)
    pump.start()
    line.chunks = [s1[:3]]  # S-1's answer cut short ...
    pump.step()
    clock.now = 1.5  # ... so S-1 is asked again, and the bytes held are dropped
    pump.step()
    line.chunks = [s1]
    assert [r.sample_code for r in pump.step().readings] == ["S-1"]
    for now in (3.0, 4.5, 6.0):  # S-2 never answers: asked three times, then given up
        clock.now = now
        pump.step()
    line.chunks = [s3[:5], s3[5:]]
    assert [r.sample_code for r in pump.step().readings + pump.step().readings] == ["S-3"]
    pump.journal.close()  # killed before S-1 and S-3 were stored; S-4 was asked
    assert [data for data, _ in line.writes] == [b"\xaa\x01"] * 7  # S-1 twice, S-2 thrice, S-3, S-4

    again = ScriptedLine([], path)
    fresh = GoldReaderAdapter("g", None, answer_timeout=1.0)
    restarted = LinePump(again, Journal(path), fresh, clock=clock)
    out = restarted.recover()
    assert [(r.sample_code, r.value_text) for r in out.readings] == [("S-1", "1.200"), ("S-3", "0.450")]
    assert again.writes == [] and fresh.waiting == ["S-4"]  # nothing sent; S-4 still to read
    restarted.start()
    assert [data for data, _ in again.writes] == [b"\xaa\x01"]  # S-4 asked afresh
    restarted.journal.close()


def test_strips_queued_while_an_answer_is_under_way_do_not_cut_it_in_the_replay(tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    answer = gold_answer(10000, 9900)
    adapter = GoldReaderAdapter("g", None)
    adapter.queue("S-1")
    pump = LinePump(ScriptedLine([answer[:4], answer[4:]], path), Journal(path), adapter, clock=Clock())
    pump.start()
    pump.step()
    adapter.queue("S-2")  # the technician queues another strip meanwhile: a new state is journaled
    assert [r.sample_code for r in pump.step().readings] == ["S-1"]
    pump.journal.close()
    assert [e.direction for e in read_entries(path)].count(Direction.STATE) == 3  # S-1 asked, S-2 queued, S-2 asked

    fresh = GoldReaderAdapter("g", None)
    out = LinePump(ScriptedLine([], path), Journal(path), fresh).recover()
    assert [(r.sample_code, r.value_text) for r in out.readings] == [("S-1", "0.990")] and not out.events
    assert fresh.waiting == ["S-2"]


def test_an_adapter_without_a_state_journals_none_and_a_gold_reader_s_old_journal_recovers_as_before(
        tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    chunks = astm_chunks("NJ-1")
    pump = LinePump(ScriptedLine(list(chunks), path), Journal(path), AstmAdapter("a"))
    for _ in chunks:
        pump.step()
    pump.journal.close()
    assert Direction.STATE not in {e.direction for e in read_entries(path)}

    old = tmp_path / "gold.journal"
    with Journal(old) as journal:  # a gold reader's journal from before state entries
        journal.append(Direction.OUT, b"\xaa\x01", datetime.now(UTC))
        journal.append(Direction.IN, gold_answer(10000, 4500), datetime.now(UTC))
    out = LinePump(ScriptedLine([], old), Journal(old), GoldReaderAdapter("g", None)).recover()
    assert out.readings == [] and [e.kind for e in out.events] == ["unrequested bytes"]


def test_a_state_the_adapter_cannot_take_is_reported_and_decoding_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    with Journal(path) as journal:
        journal.append(Direction.STATE, b'{"asked":"twice"}', datetime.now(UTC))
    adapter = GoldReaderAdapter("g", None)
    adapter.queue("S-9")
    out = LinePump(ScriptedLine([], path), Journal(path), adapter).recover()
    assert [e.kind for e in out.events] == ["state not restored"] and adapter.waiting == ["S-9"]


def test_a_second_restart_does_not_join_a_half_answer_dropped_at_the_first_to_the_answer_asked_again(
        tmp_path: Path) -> None:
    """Z is decoded but not stored (the database busy), half of A's answer arrives, the capture is
    killed; the restart recovers Z, asks A again and decodes its whole answer, and is stopped before
    storing; the next restart must decode A from its whole answer, not from the half joined to it."""
    path = tmp_path / "gold.journal"
    clock = Clock()
    z, a = encode_answer(LineValues(10000, 3000)), encode_answer(LineValues(10000, 12000))
    first = GoldReaderAdapter("gold", None)
    for code in ("Z", "A", "B"):
        first.queue(code)
    line = ScriptedLine([], path)
    pump = LinePump(line, Journal(path), first, clock=clock)
    pump.start()
    line.chunks = [z]
    assert [r.sample_code for r in pump.step().readings] == ["Z"]
    line.chunks = [a[:7]]
    pump.step()
    pump.journal.close()  # killed: nothing committed

    second = GoldReaderAdapter("gold", None)
    line = ScriptedLine([], path)
    pump = LinePump(line, Journal(path), second, clock=clock)
    assert [(r.sample_code, r.value_text) for r in pump.recover().readings] == [("Z", "0.300")]
    pump.start()  # A asked afresh
    line.chunks = [a]
    assert [(r.sample_code, r.value_text) for r in pump.step().readings] == [("A", "1.200")]
    pump.journal.close()  # stopped while the database was still busy: nothing committed

    third = GoldReaderAdapter("gold", None)
    out = LinePump(ScriptedLine([], path), Journal(path), third, clock=clock).recover()
    assert [(r.sample_code, r.value_text) for r in out.readings] == [("Z", "0.300"), ("A", "1.200")]
    assert not [e for e in out.events if e.kind == "answer too long"] and third.waiting == ["B"]


def test_a_bench_no_chunk_followed_is_not_reported_as_restored(tmp_path: Path) -> None:
    path = tmp_path / "j"
    at = datetime(2026, 3, 5, 1, 30, tzinfo=UTC)
    with Journal(path) as journal:
        journal.append(Direction.BENCH, b'{"lot":"A"}', at)
        kept = journal.append(Direction.IN, b"read", at)
        journal.mark_consumed(kept.end, kept.end, at)
    applied: list[bytes] = []
    with Journal(path) as journal:
        pump = LinePump(ScriptedLine([], path), journal, GoldReaderAdapter("gold", None))
        assert pump.recover_by_bench(applied.append) == [] and applied == []
