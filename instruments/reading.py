"""A reading: one value an instrument reported, as it was sent, with where its bytes lie in the journal."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


class ReadingError(ValueError):
    """A reading built with a time that has no time zone or is not UTC."""


def _check_utc(name: str, moment: datetime | None) -> None:
    if moment is not None and moment.utcoffset() != timedelta(0):
        raise ReadingError(f"The reading's {name} time must be aware and in UTC, not {moment!r}")


@dataclass(frozen=True)
class Reading:
    """One reported value. Texts are kept as the instrument sent them (no rounding, no unit
    conversion): the capture service matches, converts and judges. ``raw`` is the record's own
    bytes; ``journal_position`` is the journal entry that completed it, so a reading decoded
    again after a crash has the same position and can be recognised as already stored."""

    instrument: str
    sample_code: str
    parameter_code: str
    value_text: str
    unit: str = ""
    channel: int | None = None
    qualitative: str = ""  # e.g. "positive", "negative", "invalid" (rapid readers) or a device's word
    flags: tuple[str, ...] = ()
    measured_at: datetime | None = None  # UTC, when the instrument says it measured
    received_at: datetime | None = None  # UTC, when the journal received the completing bytes
    raw: bytes = b""
    journal_position: int | None = None

    def __post_init__(self) -> None:
        _check_utc("measured", self.measured_at)
        _check_utc("received", self.received_at)
