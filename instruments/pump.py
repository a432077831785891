"""The line pump: port -> journal -> adapter -> readings, and the adapter's replies back.

Each chunk read from the transport is appended to the journal (flushed and fsync'd) before the
adapter sees it, so an acknowledgement the adapter sends is always for bytes already on disk.
The consumer (the capture service, later) stores the readings a step returns and then calls
``commit``: the journal is marked consumed up to the adapter's ``pending_from`` (the start of a
message still under way) or up to the last chunk. ``recover`` feeds what lies after the mark to
a fresh adapter after a restart, so no received byte is lost; readings it decodes again that
were stored before the restart (their journal position lies before the mark's ``delivered``)
are not handed over twice."""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from instruments.adapter import Adapter, LinkEvent, Output, Received
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

    def recover(self) -> Output:
        """Decode again the received bytes after the consumed mark. Replies are not sent: the
        device had them (or timed out) long ago."""
        out = Output()
        delivered = self.journal.delivered
        for entry in self.journal.unconsumed():
            step = self.adapter.feed(Received(entry.data, entry.at, self._clock(), entry.position))
            out.readings.extend(r for r in step.readings
                                if r.journal_position is None or r.journal_position >= delivered)
            out.events.extend(step.events)
            self._fed_to = entry.end
        self._fed_to = max(self._fed_to, self.journal.end)
        return out

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
            entry = self.journal.append(Direction.IN, data, self._wall())
            self._fed_to = entry.end
            out.extend(self.adapter.feed(Received(data, entry.at, self._clock(), entry.position)))
        out.extend(self.adapter.tick(self._clock(), self._wall()))
        self._send(out)
        return out

    def _send(self, out: Output) -> None:
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
