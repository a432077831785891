"""The line pump: received bytes are on disk before the device hears an acknowledgement."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from instruments.astm.adapter import AstmAdapter
from instruments.astm.codec import encode_message
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
