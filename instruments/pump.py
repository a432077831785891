"""The line pump: port -> journal -> adapter -> readings, and the adapter's replies back.

Each chunk read from the transport is appended to the journal (flushed and fsync'd) before the
adapter sees it, so an acknowledgement the adapter sends is always for bytes already on disk.
The consumer (the capture service, later) stores the readings a step returns and then calls
``commit``: the journal is marked consumed up to the adapter's ``pending_from`` (the start of a
message still under way) or up to the last chunk. ``recover`` feeds what lies after the mark to
a fresh adapter after a restart, so no received byte is lost; readings it decodes again that
were stored before the restart (their journal position lies before the mark's ``delivered``)
are not handed over twice.

The settings the consumer gives the adapter (the kit lot, the channel map) are journaled too
(``note_bench``, before the bytes they apply to), and ``recover_by_bench`` hands each recorded
bench back to the consumer to apply before decoding the chunks received under it: a restart
decodes old bytes with the old settings, not with its own.

An adapter that decodes answers by what it asked (``StatefulAdapter``: the colloidal-gold reader)
has its ``state`` journaled as a ``STATE`` entry whenever it changed, checked before each received
chunk is journaled and before anything is sent; a restart restores the state in force at the
mark and each one met before the chunks after it, sends nothing, and ends with ``replayed``."""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime

from instruments.adapter import Adapter, LinkEvent, Output, Received, StatefulAdapter
from instruments.journal import Direction, Journal
from instruments.transport import Transport, TransportError


def utc_now() -> datetime:
    return datetime.now(UTC)


class LinePump:
    def __init__(self, transport: Transport, journal: Journal, adapter: Adapter, *,
                 clock: Callable[[], float] = time.monotonic, wall: Callable[[], datetime] = utc_now,
                 read_size: int = 4096) -> None:
        self.transport = transport
        self.journal = journal
        self.adapter = adapter
        self._clock = clock
        self._wall = wall
        self._read_size = read_size
        self._fed_to = journal.delivered
        last = journal.last_state
        self._noted_state = last.data if last is not None else None

    def recover(self, on_bench: Callable[[bytes], None] | None = None) -> Output:
        """Decode again the received bytes after the consumed mark (see ``recover_by_bench``),
        all in one output."""
        out = Output()
        for _, part in self.recover_by_bench(on_bench):
            out.readings.extend(part.readings)
            out.events.extend(part.events)
        return out

    def recover_by_bench(self, on_bench: Callable[[bytes], None] | None = None) -> list[tuple[bytes | None, Output]]:
        """Decode again the received bytes after the consumed mark, each under the bench it was
        received under: ``on_bench`` gets the payload of each bench (the one in force at the mark,
        then each bench entry met) just before the first chunk received under it is fed, and is
        not called for a bench no chunk followed. Returns the outputs in order,
        each with the payload of the bench it was decoded under (None before the first one a
        journal records: the consumer's own). Replies are not sent: the device had them (or
        timed out) long ago. A stateful adapter's recorded states are restored on the way."""
        delivered = self.journal.delivered
        start = self.journal.bench_in_force()
        bench = start.data if start is not None else None
        unapplied = bench  # handed to on_bench just before the first chunk decoded under it
        parts: list[tuple[bytes | None, Output]] = [(bench, Output())]
        state = self.journal.state_in_force()
        if state is not None:
            self._restore(state.data, parts[-1][1])
        for entry in self.journal.replay():
            if entry.direction is Direction.STATE:
                self._restore(entry.data, parts[-1][1])
                continue
            if entry.direction is Direction.BENCH:
                bench = unapplied = entry.data
                parts.append((bench, Output()))
                continue
            if unapplied is not None and on_bench is not None:
                on_bench(unapplied)
            unapplied = None
            step = self.adapter.feed(Received(entry.data, entry.at, self._clock(), entry.position))
            out = parts[-1][1]
            out.readings.extend(r for r in step.readings
                                if r.journal_position is None or r.journal_position >= delivered)
            out.events.extend(step.events)
            self._fed_to = entry.end
        self._fed_to = max(self._fed_to, self.journal.end)
        if isinstance(self.adapter, StatefulAdapter):
            self.adapter.replayed()
            # what replaying left (a half answer dropped, nothing asked) goes in the journal, so a
            # second restart does not join those old bytes to the answer asked for again
            self._noted_state = None
            self._note_state()
        return [(payload, out) for payload, out in parts if out.readings or out.events]

    def _restore(self, payload: bytes, out: Output) -> None:
        """Decode the next journaled chunks in the adapter state recorded (an adapter that keeps
        none, or a record it cannot read, is told of it as an event: it decodes as it is)."""
        if not isinstance(self.adapter, StatefulAdapter):
            out.events.append(LinkEvent("state not restored", "the adapter keeps no state"))
            return
        try:
            record = json.loads(payload.decode("utf-8"))
            if not isinstance(record, dict):
                raise ValueError("not an object")
            self.adapter.restore(record)
        except ValueError as exc:  # a JSON or Unicode error is one too
            out.events.append(LinkEvent("state not restored", str(exc)))

    def _note_state(self) -> None:
        """Journal the adapter's state when it changed since the journal last recorded it."""
        if not isinstance(self.adapter, StatefulAdapter):
            return
        payload = json.dumps(self.adapter.state(), ensure_ascii=False, sort_keys=True,
                             separators=(",", ":")).encode("utf-8")
        if payload != self._noted_state:
            self.journal.append(Direction.STATE, payload, self._wall())
            self._noted_state = payload

    def note_bench(self, payload: bytes) -> None:
        """Journal the settings the adapter decodes by from now on (nothing when they are the
        ones the journal last recorded)."""
        last = self.journal.last_bench
        if last is None or last.data != payload:
            self.journal.append(Direction.BENCH, payload, self._wall())

    def start(self) -> Output:
        out = self.adapter.start(self._clock())
        self._send(out)
        return out

    def step(self) -> Output:
        """One read (waiting at most the transport's read timeout), then the timers."""
        try:
            data = self.transport.read(self._read_size)
        except TransportError as exc:
            data = b""
            lost = Output(events=[LinkEvent("port lost", str(exc))])
        else:
            lost = Output()
        out = lost
        if data:
            self._note_state()  # the state the chunk is decoded in
            entry = self.journal.append(Direction.IN, data, self._wall())
            self._fed_to = entry.end
            out.extend(self.adapter.feed(Received(data, entry.at, self._clock(), entry.position)))
        out.extend(self.adapter.tick(self._clock(), self._wall()))
        self._send(out)
        return out

    def _send(self, out: Output) -> None:
        self._note_state()  # what was asked (or given up) before the request goes out
        if not out.send:
            return
        self.journal.append(Direction.OUT, out.send, self._wall())
        try:
            self.transport.write(out.send)
        except TransportError as exc:
            out.events.append(LinkEvent("write failed", str(exc)))

    def commit(self) -> int:
        """The readings returned so far are stored: mark the journal consumed up to where the
        adapter holds nothing undecoded. Returns the mark."""
        pending = self.adapter.pending_from
        mark = self._fed_to if pending is None else min(pending, self._fed_to)
        self.journal.mark_consumed(max(mark, self.journal.consumed), self._fed_to, self._wall())
        return self.journal.consumed

    def run(self, on_output: Callable[[Output], bool | None], stop: Callable[[], bool]) -> None:
        """Pump until ``stop()``; ``on_output`` stores readings, then the journal is committed.
        ``on_output`` returns False while readings it was handed are not yet stored (the
        database was busy): the journal is then not committed, so a restart decodes them again."""
        while not stop():
            out = self.step()
            stored = on_output(out)
            if stored is not False and (out.readings or self.adapter.pending_from is None):
                self.commit()
