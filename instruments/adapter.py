"""The adapter interface: bytes and clock ticks in; readings, bytes to send and link events out.

An adapter never opens a port or reads a clock itself: the line pump (instruments.pump) hands it
each received chunk with its receive time and journal position, and ticks it so its timers can
run out. That keeps every protocol testable as a scripted byte exchange."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from instruments.reading import Reading

# Instruments keep the lab's wall-clock time without a zone. This default is the lab policy's
# default time zone; the capture service passes the policy's own.
DEFAULT_INSTRUMENT_ZONE = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Received:
    """A chunk as the line delivered it."""

    data: bytes
    at: datetime  # UTC wall time of receipt
    monotonic: float  # the pump's monotonic clock, for protocol timers
    position: int | None = None  # the chunk's journal position


@dataclass(frozen=True)
class LinkEvent:
    """Something on the line a person may want to see: a session opened, a checksum failed,
    a timer ran out, the port vanished. ``kind`` is a fixed word; ``detail`` says more."""

    kind: str
    detail: str = ""


@dataclass
class Output:
    """What one step of an adapter produced."""

    readings: list[Reading] = field(default_factory=list)
    send: bytes = b""
    events: list[LinkEvent] = field(default_factory=list)

    def extend(self, other: Output) -> None:
        self.readings.extend(other.readings)
        self.send += other.send
        self.events.extend(other.events)


class Adapter(Protocol):
    """One protocol spoken with one instrument."""

    @property
    def instrument(self) -> str: ...

    @property
    def errors(self) -> Counter[str]:
        """Counts of protocol errors by kind (bad checksum, timeout, unmatched line, ...)."""
        ...

    @property
    def pending_from(self) -> int | None:
        """The journal position of the oldest chunk whose bytes the adapter still holds
        undecoded (a message under way), or None when it holds nothing. The pump marks the
        journal consumed up to here, so a restart decodes that message again."""
        ...

    def start(self, monotonic: float) -> Output:
        """Called when the line opens: what the host sends first (a handshake, a request)."""
        ...

    def feed(self, chunk: Received) -> Output: ...

    def tick(self, monotonic: float, at: datetime) -> Output:
        """Called regularly: protocol timers that ran out."""
        ...
