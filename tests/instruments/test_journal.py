"""The raw journal: durable entries with positions, replay, the consumed mark, a torn tail."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from instruments.journal import Direction, Journal, JournalError, JournalInUse, read_entries

AT = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def test_entries_come_back_in_order_with_their_positions_times_and_directions(tmp_path: Path) -> None:
    with Journal(tmp_path / "line.journal") as journal:
        first = journal.append(Direction.IN, b"\x05", AT)
        second = journal.append(Direction.OUT, b"\x06", AT)
        third = journal.append(Direction.IN, "样品".encode("gbk"), AT)
    with Journal(tmp_path / "line.journal") as journal:
        entries = list(journal.entries())
    assert [e.position for e in entries] == [first.position, second.position, third.position] == [0, first.end,
                                                                                                   second.end]
    assert [(e.direction, e.data) for e in entries] == [(Direction.IN, b"\x05"), (Direction.OUT, b"\x06"),
                                                         (Direction.IN, "样品".encode("gbk"))]
    assert entries[0].at == AT


def test_replay_starts_at_a_given_position(tmp_path: Path) -> None:
    with Journal(tmp_path / "j") as journal:
        positions = [journal.append(Direction.IN, bytes([i]), AT).position for i in range(5)]
        assert [e.data for e in journal.entries(positions[3])] == [b"\x03", b"\x04"]


def test_the_consumed_mark_survives_a_reopen_and_unconsumed_gives_only_received_chunks(tmp_path: Path) -> None:
    with Journal(tmp_path / "j") as journal:
        journal.append(Direction.IN, b"old", AT)
        kept = journal.append(Direction.IN, b"new-1", AT)
        journal.append(Direction.OUT, b"\x06", AT)
        journal.append(Direction.IN, b"new-2", AT)
        journal.mark_consumed(kept.position, kept.end, AT)
    with Journal(tmp_path / "j") as journal:
        assert (journal.consumed, journal.delivered) == (kept.position, kept.end)
        assert [e.data for e in journal.unconsumed()] == [b"new-1", b"new-2"]


def test_a_mark_may_not_go_backwards_or_past_the_end(tmp_path: Path) -> None:
    with Journal(tmp_path / "j") as journal:
        entry = journal.append(Direction.IN, b"x", AT)
        journal.mark_consumed(entry.end, entry.end, AT)
        with pytest.raises(ValueError, match="Cannot mark"):
            journal.mark_consumed(0, entry.end, AT)
        with pytest.raises(ValueError, match="Cannot mark"):
            journal.mark_consumed(entry.end, entry.end + 100, AT)


def test_a_torn_last_entry_is_cut_and_the_whole_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "j"
    with Journal(path) as journal:
        journal.append(Direction.IN, b"whole", AT)
        end = journal.append(Direction.IN, b"also whole", AT).end
    with open(path, "ab") as raw:
        raw.write(b"BJ<\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x50half an entr")  # a write cut short
    with Journal(path) as journal:
        assert journal.torn_bytes > 0 and journal.end == end
        assert [e.data for e in journal.entries()] == [b"whole", b"also whole"]
        journal.append(Direction.IN, b"after", AT)
    with Journal(path) as journal:
        assert [e.data for e in journal.entries()][-1] == b"after"


def test_a_writer_killed_with_signal_9_mid_stream_leaves_a_readable_journal(tmp_path: Path) -> None:
    path = tmp_path / "j"
    script = textwrap.dedent(f"""
        import sys
        from datetime import UTC, datetime
        from pathlib import Path
        from instruments.journal import Direction, Journal
        journal = Journal(Path({str(path)!r}))
        i = 0
        while True:
            journal.append(Direction.IN, b"chunk %d " % i + b"x" * 3000, datetime.now(UTC))
            if i == 20:
                print("writing", flush=True)
            i += 1
    """)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == b"writing\n"
    time.sleep(0.2)
    child.send_signal(signal.SIGKILL)
    assert child.wait(10) == -signal.SIGKILL
    with Journal(path) as journal:  # the killed writer's lock went with it
        data = [e.data for e in journal.entries()]
    assert len(data) > 20
    assert data == [b"chunk %d " % i + b"x" * 3000 for i in range(len(data))]


def test_a_file_that_is_not_a_journal_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"these are someone's notes")
    with pytest.raises(JournalError, match="not a line journal"):
        Journal(path)
    assert path.read_bytes() == b"these are someone's notes"


def test_a_second_writer_of_a_journal_is_refused_naming_the_holder_until_the_first_closes(tmp_path: Path) -> None:
    path = tmp_path / "line.journal"
    first = Journal(path)
    first.append(Direction.IN, b"\x05", AT)
    with pytest.raises(JournalInUse, match=f"process {os.getpid()} on "):
        Journal(path)  # a second capture of the same line, in this process or another
    assert [e.data for e in read_entries(path)] == [b"\x05"]  # reading alongside is allowed
    first.close()
    with Journal(path) as again:
        assert [e.data for e in again.entries()] == [b"\x05"]


def test_bench_entries_come_back_with_their_payload_and_the_one_in_force_at_the_mark_survives_a_reopen(
        tmp_path: Path) -> None:
    path = tmp_path / "j"
    with Journal(path) as journal:
        assert journal.bench_in_force() is None and journal.last_bench is None
        journal.append(Direction.BENCH, b'{"lot":"A"}', AT)
        first = journal.append(Direction.IN, b"read under A", AT)
        journal.mark_consumed(first.end, first.end, AT)
        second_bench = journal.append(Direction.BENCH, '{"lot":"乙"}'.encode(), AT)
        journal.append(Direction.IN, b"read under B", AT)
    with open(path, "ab") as raw:
        raw.write(b"BJB\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x50{\"lot\"")  # a bench entry cut short
    with Journal(path) as journal:
        assert journal.torn_bytes > 0
        in_force = journal.bench_in_force()
        assert in_force is not None and in_force.data == b'{"lot":"A"}'  # the mark lies before B's entry
        assert journal.last_bench == second_bench
        assert [(e.direction, e.data) for e in journal.replay()] == [
            (Direction.BENCH, '{"lot":"乙"}'.encode()), (Direction.IN, b"read under B")]
        assert [e.data for e in journal.unconsumed()] == [b"read under B"]  # received chunks only, as before
        journal.mark_consumed(journal.end, journal.end, AT)
        in_force = journal.bench_in_force()
        assert in_force is not None and in_force.data == '{"lot":"乙"}'.encode()
    assert [e.direction for e in read_entries(path)].count(Direction.BENCH) == 2


def test_a_journal_written_without_bench_entries_replays_its_received_chunks_with_no_bench(tmp_path: Path) -> None:
    path = tmp_path / "j"
    with Journal(path) as journal:
        kept = journal.append(Direction.IN, b"old", AT)
        journal.mark_consumed(kept.end, kept.end, AT)
        journal.append(Direction.OUT, b"\x06", AT)
        journal.append(Direction.IN, b"new", AT)
    with Journal(path) as journal:
        assert journal.bench_in_force() is None and journal.last_bench is None
        assert [e.data for e in journal.replay()] == [b"new"]


def test_state_entries_come_back_the_one_in_force_at_the_mark_survives_a_reopen_and_a_torn_one_is_cut(
        tmp_path: Path) -> None:
    path = tmp_path / "j"
    with Journal(path) as journal:
        assert journal.state_in_force() is None and journal.last_state is None
        journal.append(Direction.STATE, b'{"asked":1,"strips":["S-1","S-2"]}', AT)
        journal.append(Direction.OUT, b"\xaa\x01", AT)
        partial = journal.append(Direction.IN, b"\x10\x27", AT)
        journal.mark_consumed(partial.position, partial.end, AT)  # an answer under way at the mark
        journal.append(Direction.IN, b"\x00\x00\x94\x11\x00\x00", AT)
        second = journal.append(Direction.STATE, '{"asked":1,"strips":["样-2"]}'.encode(), AT)
    with open(path, "ab") as raw:
        raw.write(b"BJS\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x40{\"asked\"")  # a state entry cut short
    with Journal(path) as journal:
        assert journal.torn_bytes > 0 and journal.last_state == second
        in_force = journal.state_in_force()
        assert in_force is not None and in_force.data == b'{"asked":1,"strips":["S-1","S-2"]}'
        assert [(e.direction, e.data) for e in journal.replay()] == [
            (Direction.IN, b"\x10\x27"), (Direction.IN, b"\x00\x00\x94\x11\x00\x00"), (Direction.STATE, second.data)]
        assert [e.data for e in journal.unconsumed()] == [b"\x10\x27", b"\x00\x00\x94\x11\x00\x00"]  # as before
        journal.mark_consumed(journal.end, journal.end, AT)
        in_force = journal.state_in_force()
        assert in_force is not None and in_force.data == second.data
        assert journal.bench_in_force() is None  # states and benches are kept apart
    assert [e.direction for e in read_entries(path)].count(Direction.STATE) == 2


def test_a_journal_written_without_state_entries_has_none_in_force(tmp_path: Path) -> None:
    path = tmp_path / "j"
    with Journal(path) as journal:
        journal.append(Direction.BENCH, b'{"lot":"A"}', AT)
        kept = journal.append(Direction.IN, b"old", AT)
        journal.mark_consumed(kept.end, kept.end, AT)
        journal.append(Direction.IN, b"new", AT)
    with Journal(path) as journal:
        assert journal.state_in_force() is None and journal.last_state is None
        assert [e.data for e in journal.replay()] == [b"new"]
