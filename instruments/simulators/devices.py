"""The simulated instruments: each answers the host's bytes and speaks when its time comes.

A device is pure like the adapters: bytes and monotonic seconds in, bytes out; the runner
(instruments.simulators.runner) puts it on a line."""
from __future__ import annotations

from collections import deque
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import groupby
from typing import Protocol

from instruments.astm.codec import encode_message, join_record
from instruments.astm.link import Link, Role, Timers
from instruments.enzyme_reader.codec import (
    CHANNELS,
    DISCONNECT,
    DOWNLOAD,
    DOWNLOAD_ACCEPTED,
    DOWNLOAD_END,
    ESC,
    HANDSHAKE,
    NUMBER_TIME_DATE_KIND,
    ChannelValues,
    HeaderLayout,
    encode_record,
)
from instruments.gold_reader.codec import DEFAULT_COMMAND, LineValues, encode_answer
from instruments.simulators.readings import SimReading
from instruments.textline.codec import LineFormat

SIMULATED_START = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


class Device(Protocol):
    def receive(self, data: bytes, now: float) -> bytes: ...

    def tick(self, now: float) -> bytes: ...

    @property
    def done(self) -> bool: ...


class AstmDevice:
    """An analyzer that sends one message per sample (H, P, O, its R records, L) and resends
    what the host refuses, as E1381 says; like many analyzers (not as E1381 says) it also resends
    a frame whose reply did not come in time, unless ``resend_on_timeout`` is False."""

    def __init__(self, readings: list[SimReading], *, encoding: str = "gbk", timers: Timers | None = None,
                 name: str = "SIM-ASTM", resend_on_timeout: bool = True) -> None:
        self.link = Link(Role.INSTRUMENT, replace(timers or Timers(), resend_on_timeout=resend_on_timeout))
        self.messages = 0
        self.delivered = 0
        for number, (code, group) in enumerate(groupby(readings, key=lambda r: r.sample_code)):
            stamp = (SIMULATED_START + timedelta(minutes=number)).strftime("%Y%m%d%H%M%S")
            items = list(group)
            records = [join_record(["H", "\\^&", "", "", name, "", "", "", "", "", "", "P", "LIS2-A2", stamp]),
                       join_record(["P", "1"]),
                       join_record(["O", "1", code, "", [["", "", "", r.parameter_code] for r in items], "R"])]
            records += [join_record(["R", str(i), ["", "", "", r.parameter_code], r.value, r.unit, "", "N", "", "F",
                                     "", "", "", stamp]) for i, r in enumerate(items, start=1)]
            records.append(join_record(["L", "1", "N"]))
            self.link.queue_message(encode_message([r.encode(encoding) for r in records]))
            self.messages += 1

    def receive(self, data: bytes, now: float) -> bytes:
        out = self.link.feed(data, now)
        self.delivered += out.delivered
        return out.send

    def tick(self, now: float) -> bytes:
        out = self.link.tick(now)
        self.delivered += out.delivered
        return out.send

    @property
    def done(self) -> bool:
        return self.delivered >= self.messages


class EnzymeReaderDevice:
    """The 8-channel reader: its records hold seven samples (channels 1-7) and the control in
    channel 8, whose absorbance change is ``control_delta_a``; a sample's absorbance is the one
    its inhibition implies."""

    SAMPLES_PER_RECORD = CHANNELS - 1

    def __init__(self, readings: list[SimReading], *, model: int = 0x12, control_delta_a: float = 0.9,
                 layout: HeaderLayout = NUMBER_TIME_DATE_KIND) -> None:
        self.model = model
        self.records: list[bytes] = []
        per_record = self.SAMPLES_PER_RECORD
        for index in range(0, len(readings), per_record):
            group = readings[index:index + per_record]
            channels = [ChannelValues(control_delta_a * (1 - float(r.value) / 100), float(r.value)) for r in group]
            channels += [ChannelValues(0.0, 0.0)] * (per_record - len(group))
            channels.append(ChannelValues(control_delta_a, 0.0))
            measured = SIMULATED_START + timedelta(minutes=index)
            self.records.append(encode_record(index // per_record + 1, measured.replace(tzinfo=None), 1, channels,
                                              layout))
        self._heard = b""
        self._done = False

    def receive(self, data: bytes, now: float) -> bytes:
        self._heard += data
        out = b""
        while len(self._heard) >= 2:
            command, self._heard = self._heard[:2], self._heard[2:]
            if command == HANDSHAKE:
                out += bytes([ESC, self.model])
            elif command == DOWNLOAD:
                out += DOWNLOAD_ACCEPTED + b"".join(self.records) + DOWNLOAD_END
            elif command == DISCONNECT:
                self._done = True
            else:
                self._heard = command[1:] + self._heard  # out of step: look for the next ESC
        return out

    def tick(self, now: float) -> bytes:
        return b""

    @property
    def done(self) -> bool:
        return self._done


class GoldReaderDevice:
    """Answers each read command with the next strip's C and T grey values (C 10000, T = the
    reading's value, a T/C ratio, times C)."""

    def __init__(self, readings: list[SimReading], *, command: bytes = DEFAULT_COMMAND, c_value: int = 10000) -> None:
        self.command = command
        self._answers = deque(encode_answer(LineValues(c_value, round(float(r.value) * c_value))) for r in readings)
        self._heard = b""

    def receive(self, data: bytes, now: float) -> bytes:
        self._heard += data
        out = b""
        while self.command in self._heard:
            _, _, self._heard = self._heard.partition(self.command)
            if self._answers:
                out += self._answers.popleft()
        return out

    def tick(self, now: float) -> bytes:
        return b""

    @property
    def done(self) -> bool:
        return not self._answers


class TextLineDevice:
    """A printer: one line per reading, ``interval`` seconds apart, printed by the definition's
    ``template``."""

    def __init__(self, readings: list[SimReading], line_format: LineFormat, *, interval: float = 0.05) -> None:
        if not line_format.template:
            raise ValueError(f"The definition {line_format.name} has no template to print readings with")
        words = {ours: theirs for theirs, ours in line_format.qualitative.items()}
        self._lines: deque[bytes] = deque()
        for index, r in enumerate(readings, start=1):
            value = float(r.value)
            qualitative = "positive" if r.unit == "%" and value >= 50 else "negative"
            measured = (SIMULATED_START + timedelta(minutes=index)).astimezone(UTC).replace(tzinfo=None)
            text = line_format.template.format(
                sample_code=r.sample_code, parameter_code=r.parameter_code, value=r.value, unit=r.unit,
                channel=(index - 1) % 8 + 1, qualitative=words.get(qualitative, qualitative),
                measured_at=measured.strftime(line_format.measured_at_format or "%Y-%m-%d %H:%M"))
            self._lines.append(text.encode(line_format.encoding) + line_format.line_ending)
        self._interval = interval
        self._next = 0.0

    def receive(self, data: bytes, now: float) -> bytes:
        return b""

    def tick(self, now: float) -> bytes:
        if not self._lines or now < self._next:
            return b""
        self._next = now + self._interval
        return self._lines.popleft()

    @property
    def done(self) -> bool:
        return not self._lines
