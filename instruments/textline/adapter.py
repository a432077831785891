"""The declarative text-line adapter: one Reading per line that matches the format."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, tzinfo

from instruments.adapter import DEFAULT_INSTRUMENT_ZONE, LinkEvent, Output, Received
from instruments.reading import Reading
from instruments.textline.codec import LineFormat


class TextLineAdapter:
    """Lines end with the format's line ending; a printer that stops without one has its last
    line taken after ``flush_after`` seconds of silence."""

    def __init__(self, instrument: str, line_format: LineFormat, *, instrument_zone: tzinfo = DEFAULT_INSTRUMENT_ZONE,
                 flush_after: float = 2.0) -> None:
        self._instrument = instrument
        self.format = line_format
        self.zone = instrument_zone
        self._flush_after = flush_after
        self._errors: Counter[str] = Counter()
        self._buffer = b""
        self._pending_from: int | None = None
        self._last_data = 0.0

    @property
    def instrument(self) -> str:
        return self._instrument

    @property
    def errors(self) -> Counter[str]:
        return self._errors

    @property
    def pending_from(self) -> int | None:
        return self._pending_from

    def start(self, monotonic: float) -> Output:
        return Output()

    def feed(self, chunk: Received) -> Output:
        out = Output()
        if not self._buffer:
            self._pending_from = chunk.position
        self._buffer += chunk.data
        self._last_data = chunk.monotonic
        *lines, self._buffer = self._buffer.split(self.format.line_ending)
        for line in lines:
            self._line(line, chunk.position, chunk.at, out)
        if not self._buffer:
            self._pending_from = None
        elif lines:
            self._pending_from = chunk.position
        return out

    def tick(self, monotonic: float, at: datetime) -> Output:
        out = Output()
        if self._buffer and monotonic - self._last_data >= self._flush_after:
            self._line(self._buffer, self._pending_from, at, out)
            self._buffer, self._pending_from = b"", None
        return out

    def _line(self, raw: bytes, position: int | None, at: datetime, out: Output) -> None:
        line = raw.strip(b"\r\n").decode(self.format.encoding, errors="replace")
        if self.format.skipped(line):
            return
        values = self.format.parse(line)
        if values is None:
            self._errors["unmatched line"] += 1
            out.events.append(LinkEvent("unmatched line", line[:200]))
            return
        measured = None
        flags = [f for f in values.get("flags", "").split(",") if f]
        if "measured_at" in values:
            naive = self.format.measured_at(values["measured_at"])
            if naive is None:
                flags.append(f"unreadable time: {values['measured_at']}")
            else:
                measured = naive.replace(tzinfo=self.zone).astimezone(UTC)
        channel = values.get("channel", "")
        out.readings.append(Reading(
            instrument=self._instrument, sample_code=values.get("sample_code", ""),
            parameter_code=values.get("parameter_code", ""), value_text=values.get("value", ""),
            unit=values.get("unit", ""), channel=int(channel) if channel.isdigit() else None,
            qualitative=values.get("qualitative", ""), flags=tuple(flags), measured_at=measured,
            received_at=at.astimezone(UTC), raw=raw, journal_position=position))
