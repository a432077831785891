"""The adapter interface: bytes and clock ticks in; readings, bytes to send and link events out.

An adapter never opens a port or reads a clock itself: the line pump (instruments.pump) hands it
each received chunk with its receive time and journal position, and ticks it so its timers can
run out. That keeps every protocol testable as a scripted byte exchange."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable
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


@runtime_checkable
class StatefulAdapter(Protocol):
    """An adapter that decodes answers by what it asked (the colloidal-gold reader attributes an
    answer to the strip at the head of its queue). The pump journals its ``state`` whenever it
    changed, before the next received chunk and before a request goes out, and a restart
    ``restore``s each recorded state before the chunks after it, so a recovered answer is decoded
    as it was live; ``replayed`` ends the replay. Adapters without such a state do not have these
    methods and recover as before."""

    def state(self) -> dict[str, object]:
        """What decoding the next bytes depends on, beyond the bytes and the bench: plain JSON
        values, no timers."""
        ...

    def restore(self, state: Mapping[str, object]) -> None:
        """Decode the next bytes as the adapter did when its ``state`` was this. Raises
        ValueError (nothing changed) when it is not a state of this adapter."""
        ...

    def replayed(self) -> None:
        """The journal's bytes are all decoded again: forget what was asked before the restart
        (the device answered or gave up long ago); the next request goes out afresh."""
        ...
