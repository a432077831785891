"""The raw journal of a line: every chunk received (and sent), on disk before it is acknowledged.

One append-only file per line. Each entry is

    magic b"BJ" | kind (1 byte) | receive time, ns since the epoch (int64) | length (uint32)
    | payload | CRC-32 of everything before it in the entry (uint32)

all big-endian. An entry's *position* is its byte offset in the file: it only grows, and a
reading keeps the position of the entry that completed it. Kinds: ``IN`` bytes from the device,
``OUT`` bytes sent to it, ``MARK`` a consumed mark (the last one wins) holding two positions:
where decoding must start again after a restart (the start of a message still under way), and
the end of the last entry whose readings the consumer has stored, so readings decoded again
from the message's earlier entries are recognised and not handed over twice. ``BENCH`` the
settings the bytes after it were received under (the kit lot in use, the channel map): a small
canonical JSON object the capture writes whenever it applies settings, before the bytes they
apply to, so a restart decodes each chunk with the settings in force when it arrived. The journal
does not read the payload; the bench in force at a position is the last ``BENCH`` entry before it
(none in a journal written before the kind existed: a restart then uses its own settings).
``STATE`` what an adapter that decodes answers by what it asked (the colloidal-gold reader: the
strip being read and those queued after it) needs to decode the bytes after it: a small canonical
JSON object the pump writes whenever it changed, before the next received chunk and before a
request is sent; the state in force at a position is the last ``STATE`` entry before it (none for
adapters that need none, nor in a journal written before the kind existed).

Finding the bench (and the state) in force where a restart decodes again (the consumed mark)
costs no extra read: opening the journal already scans it once to find the last mark and a torn
tail, and that scan keeps the position of the last ``BENCH`` and ``STATE`` entries before the mark
(``bench_in_force``, ``state_in_force``). Readers that know only ``IN``/``OUT``/``MARK`` pick
entries by kind and pass over ``BENCH`` and ``STATE`` ones. A program older than these kinds
takes the first one for a torn tail and CUTS THE FILE there, losing every entry after it: a
workstation must not be put back to such a version while a capture's journal holds readings not
yet stored (let the capture store them, then stop it, first).

After a crash (kill -9 in the middle of a write) the last entry may be torn: opening the journal
cuts the file back to the last whole entry. The torn bytes were never acknowledged to the
device, so the device sends them again.

One writer at a time: opening a journal takes an exclusive lock on a lock file beside it (the
operating system's, so a process that dies lets go of it), and a second capture of the same
line on this computer is refused with ``JournalInUse`` naming the process that holds it."""
from __future__ import annotations

import os
import socket
import struct
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import BinaryIO

_MAGIC = b"BJ"
_HEAD = struct.Struct(">2scqI")
_CRC = struct.Struct(">I")
_MARK = struct.Struct(">qq")
MAX_PAYLOAD = 1 << 24  # a longer length field is a torn or foreign entry, not a 16 MiB chunk


class Direction(Enum):
    IN = b"<"
    OUT = b">"
    MARK = b"M"
    BENCH = b"B"
    STATE = b"S"


_TRACKED = (Direction.BENCH, Direction.STATE)  # kinds whose entry in force at the mark is kept


@dataclass(frozen=True)
class Entry:
    position: int
    direction: Direction
    at: datetime
    data: bytes

    @property
    def end(self) -> int:
        """The position just after this entry (where the next one starts)."""
        return self.position + _HEAD.size + len(self.data) + _CRC.size


class JournalError(Exception):
    """The file is not a line journal."""


class JournalInUse(JournalError):
    """Another process (or another capture in this one) has the journal open for writing."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is open in another capture ({holder or 'holder unknown'})")
        self.path = path
        self.holder = holder


_HOLDER_AT = 16  # the holder's description starts here; byte 0 is the one Windows locks


def _lock_beside(path: Path) -> BinaryIO:
    """Hold an exclusive lock on ``<journal>.lock`` until the returned file is closed, and
    write into it who holds it. Raises JournalInUse when another open file holds it."""
    lock: BinaryIO = open(path.with_name(path.name + ".lock"), "a+b")  # noqa: SIM115 - held for the journal's life
    try:
        if sys.platform == "win32":
            import msvcrt

            lock.seek(0)
            msvcrt.locking(lock.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.seek(_HOLDER_AT)
        holder = lock.read(200).decode("utf-8", "replace").strip()
        lock.close()
        raise JournalInUse(path, holder) from None
    lock.seek(_HOLDER_AT)
    lock.truncate()
    lock.write(f"process {os.getpid()} on {socket.gethostname()}".encode())
    lock.flush()
    return lock


class Journal:
    """Appends and replays one line's raw bytes. ``fsync`` may be turned off only for
    benchmarks that want to see its cost; the capture path always syncs."""

    def __init__(self, path: Path, *, fsync: bool = True) -> None:
        self.path = path
        self._fsync = fsync
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock_beside(path)
        self._file: BinaryIO = open(path, "a+b")  # noqa: SIM115 - held open for the line's life
        self.torn_bytes = 0
        self._consumed = 0
        self._delivered = 0
        # per tracked kind: its last entry before the consumed mark, its entries at or after the
        # mark, and its last entry
        self._at_consumed: dict[Direction, int] = {}
        self._after: dict[Direction, list[int]] = {kind: [] for kind in _TRACKED}
        self._last: dict[Direction, Entry] = {}
        self._end = self._recover()

    def _recover(self) -> int:
        """Scan the file, remember the last mark, cut a torn tail."""
        size = self.path.stat().st_size
        end = 0
        for entry in self._scan(0):
            if entry.direction is Direction.MARK:
                self._consumed, self._delivered = _MARK.unpack(entry.data)
                self._pass_tracked()
            elif entry.direction in _TRACKED:
                self._after[entry.direction].append(entry.position)
                self._last[entry.direction] = entry
            end = entry.end
        if end < size:
            if end == 0 and size >= 2:
                self._file.seek(0)
                if self._file.read(2) != _MAGIC:
                    raise JournalError(f"{self.path} is not a line journal")
            self.torn_bytes = size - end
            self._file.truncate(end)
            self._sync()
        return end

    def _scan(self, start: int) -> Iterator[Entry]:
        return _scan(self.path, start)

    def _pass_tracked(self) -> None:
        """The consumed mark moved: of the bench (state) entries it passed, the last is in force there."""
        for kind, after in self._after.items():
            passed = 0
            while passed < len(after) and after[passed] < self._consumed:
                passed += 1
            if passed:
                self._at_consumed[kind] = after[passed - 1]
                del after[:passed]

    def _sync(self) -> None:
        self._file.flush()
        if self._fsync:
            os.fsync(self._file.fileno())

    @property
    def end(self) -> int:
        return self._end

    @property
    def consumed(self) -> int:
        """Decoding starts again here after a restart: everything before it is decoded and stored."""
        return self._consumed

    @property
    def delivered(self) -> int:
        """Readings completed by entries before this position have been stored."""
        return self._delivered

    def append(self, direction: Direction, data: bytes, at: datetime) -> Entry:
        """Write one entry and make it durable before returning its position."""
        if at.tzinfo is None:
            raise ValueError("A journal time must carry its time zone")
        ns = int(at.timestamp() * 1_000_000) * 1000
        head = _HEAD.pack(_MAGIC, direction.value, ns, len(data))
        self._file.seek(0, os.SEEK_END)
        self._file.write(head + data + _CRC.pack(zlib.crc32(head + data)))
        self._sync()
        entry = Entry(self._end, direction, datetime.fromtimestamp(ns / 1e9, UTC), data)
        self._end = entry.end
        if direction in _TRACKED:
            self._after[direction].append(entry.position)
            self._last[direction] = entry
        return entry

    def mark_consumed(self, position: int, delivered: int, at: datetime) -> None:
        """Record that decoding may start again at ``position`` and that the readings of every
        entry before ``delivered`` are stored."""
        if not self._consumed <= position <= delivered <= self._end:
            raise ValueError(f"Cannot mark {position}/{delivered}: the journal holds {self._consumed}..{self._end}")
        if (position, delivered) != (self._consumed, self._delivered):
            self.append(Direction.MARK, _MARK.pack(position, delivered), at)
            self._consumed, self._delivered = position, delivered
            self._pass_tracked()

    @property
    def last_bench(self) -> Entry | None:
        """The journal's last ``BENCH`` entry: the settings in force for the next bytes."""
        return self._last.get(Direction.BENCH)

    @property
    def last_state(self) -> Entry | None:
        """The journal's last ``STATE`` entry: the adapter's state as last recorded."""
        return self._last.get(Direction.STATE)

    def bench_in_force(self) -> Entry | None:
        """The ``BENCH`` entry in force where a restart decodes again (the last one before the
        consumed mark), or None when the journal records none there."""
        return self._in_force(Direction.BENCH)

    def state_in_force(self) -> Entry | None:
        """The ``STATE`` entry in force where a restart decodes again, or None."""
        return self._in_force(Direction.STATE)

    def _in_force(self, kind: Direction) -> Entry | None:
        position = self._at_consumed.get(kind)
        if position is None:
            return None
        self._file.flush()
        return next(self._scan(position), None)

    def entries(self, start: int = 0) -> Iterator[Entry]:
        """Every whole entry from ``start``, which must be an entry's position (or the end)."""
        self._file.flush()
        yield from self._scan(start)

    def unconsumed(self) -> Iterator[Entry]:
        """The received chunks after the consumed mark: what a restart must decode again."""
        return (e for e in self.entries(self._consumed) if e.direction is Direction.IN)

    def replay(self) -> Iterator[Entry]:
        """What a restart decodes again, in order: the received chunks after the consumed mark
        and the ``BENCH`` and ``STATE`` entries among them (``bench_in_force`` and
        ``state_in_force`` are the ones before them)."""
        return (e for e in self.entries(self._consumed) if e.direction is Direction.IN or e.direction in _TRACKED)

    def close(self) -> None:
        self._file.close()
        self._lock.close()  # closing the file lets go of the lock

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_entries(path: Path) -> list[Entry]:
    """Every whole entry of a journal, read without opening it for writing: a capture may hold it."""
    return list(_scan(path, 0))


def _scan(path: Path, start: int) -> Iterator[Entry]:
    with open(path, "rb") as reader:
        reader.seek(start)
        position = start
        while True:
            head = reader.read(_HEAD.size)
            if len(head) < _HEAD.size:
                return
            magic, kind, ns, length = _HEAD.unpack(head)
            if magic != _MAGIC or length > MAX_PAYLOAD or kind not in _KINDS:
                return
            body = reader.read(length + _CRC.size)
            if len(body) < length + _CRC.size:
                return
            data, (crc,) = body[:length], _CRC.unpack(body[length:])
            if zlib.crc32(head + data) != crc:
                return
            entry = Entry(position, _KINDS[kind], datetime.fromtimestamp(ns / 1e9, UTC), data)
            yield entry
            position = entry.end


_KINDS = {d.value: d for d in Direction}
