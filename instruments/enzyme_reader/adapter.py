"""The enzyme-inhibition reader's session and its channel map.

The host drives the session: handshake, download, disconnect. Each record gives up to eight
readings, one per channel the technician has assigned a sample code to (``ChannelMap``); a
channel assigned the control is not a sample but, when present, lets the reported inhibition
be checked against the absorbances: (dA0 - dAt) / dA0 x 100, the rule of GB/T 5009.199 as
``lims.domain.screening`` states it. A channel is judged positive at 50 % or more (the kit's
cut-offs may say otherwise).

Each reading carries its channel's absorbance change in its flags (``absorbance:0.5960``) and,
when a control channel is set, the control's (``control absorbance:0.9140``), so the capture
service judges the reader's percentage against them again by the kit lot in use
(``absorbances_from_flags``)."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from enum import Enum

from instruments.adapter import DEFAULT_INSTRUMENT_ZONE, LinkEvent, Output, Received
from instruments.enzyme_reader.codec import (
    CHANNELS,
    DISCONNECT,
    DOWNLOAD,
    HANDSHAKE,
    NUMBER_TIME_DATE_KIND,
    DownloadAccepted,
    DownloadEnded,
    EnzymeRecord,
    HeaderLayout,
    Model,
    Stray,
    StreamDecoder,
)
from instruments.reading import Reading
from lims.domain.errors import ValidationError
from lims.domain.screening import (
    InhibitionCutoffs,
    InhibitionReadings,
    ReportedInhibition,
    inhibition_percent,
    judge_reported_inhibition,
)

CONTROL = "<control>"
ABSORBANCE_FLAG = "absorbance:"  # the channel's absorbance change, four decimals
CONTROL_ABSORBANCE_FLAG = "control absorbance:"  # the control channel's, when one is set


def absorbance_text(value: float) -> str:
    """A float32 absorbance as the readings carry it and the cross-check reads it."""
    return f"{value:.4f}"


def absorbances_from_flags(flags: Iterable[str]) -> InhibitionReadings | None:
    """The control's and the sample's absorbance changes a reading's flags carry, or None when
    they do not carry both (no control channel was set)."""
    found: dict[str, Decimal] = {}
    for flag in flags:
        for prefix in (CONTROL_ABSORBANCE_FLAG, ABSORBANCE_FLAG):
            if flag.startswith(prefix):
                try:
                    found[prefix] = Decimal(flag[len(prefix):].strip())
                except ArithmeticError:
                    return None
                break
    control, sample = found.get(CONTROL_ABSORBANCE_FLAG), found.get(ABSORBANCE_FLAG)
    if control is None or sample is None or not (control.is_finite() and sample.is_finite()):
        return None
    return InhibitionReadings(control, sample)


class ChannelMap:
    """Which sample is in which channel, as the technician scanned them before the run."""

    def __init__(self, codes: dict[int, str] | None = None, *, control_channel: int | None = None,
                 parameter_code: str = "OPC") -> None:
        self._codes: dict[int, str] = {}
        self.parameter_code = parameter_code  # organophosphates and carbamates, GB/T 5009.199
        for channel, code in (codes or {}).items():
            self.assign(channel, code)
        if control_channel is not None:
            self.assign(control_channel, CONTROL)

    def assign(self, channel: int, sample_code: str) -> None:
        if not 1 <= channel <= CHANNELS:
            raise ValueError(f"The reader has channels 1 to {CHANNELS}, not {channel}")
        code = sample_code.strip()
        if not code:
            raise ValueError(f"Channel {channel}: the sample code is empty")
        if code != CONTROL and code in self._codes.values():
            raise ValueError(f"Sample {code} is already in another channel")
        self._codes[channel] = code

    def clear(self, channel: int) -> None:
        self._codes.pop(channel, None)

    def code(self, channel: int) -> str:
        return self._codes.get(channel, "")

    @property
    def control_channel(self) -> int | None:
        return next((ch for ch, code in self._codes.items() if code == CONTROL), None)


class _Step(Enum):
    IDLE = "idle"
    AWAIT_MODEL = "await_model"
    AWAIT_DOWNLOAD = "await_download"
    DOWNLOADING = "downloading"


class EnzymeReaderAdapter:
    def __init__(self, instrument: str, channel_map: ChannelMap, *,
                 layout: HeaderLayout = NUMBER_TIME_DATE_KIND, cutoffs: InhibitionCutoffs | None = None,
                 instrument_zone: tzinfo = DEFAULT_INSTRUMENT_ZONE,
                 answer_timeout: float = 3.0, max_tries: int = 3) -> None:
        self._instrument = instrument
        self.channel_map = channel_map  # the capture may replace it (and the cut-offs) between records
        self.parameter_code = channel_map.parameter_code  # the instrument's own, when no kit lot names one
        self.cutoffs = cutoffs or InhibitionCutoffs()
        self.zone = instrument_zone
        self._decoder = StreamDecoder(layout)
        self._answer_timeout = answer_timeout
        self._max_tries = max_tries
        self._errors: Counter[str] = Counter()
        self._step = _Step.IDLE
        self._deadline: float | None = None
        self._tries = 0
        self._pending_from: int | None = None
        self.model: int | None = None

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
        self._decoder.reset()
        self._step, self._tries = _Step.AWAIT_MODEL, 1
        self._deadline = monotonic + self._answer_timeout
        return Output(send=HANDSHAKE)

    def feed(self, chunk: Received) -> Output:
        out = Output()
        if self._pending_from is None:
            self._pending_from = chunk.position
        for token in self._decoder.feed(chunk.data):
            if isinstance(token, Model):
                self.model = token.code
                out.events.append(LinkEvent("reader answered", f"model {token.code:02d}"))
                self._step, self._tries = _Step.AWAIT_DOWNLOAD, 1
                self._deadline = chunk.monotonic + self._answer_timeout
                out.send += DOWNLOAD
            elif isinstance(token, DownloadAccepted):
                self._step = _Step.DOWNLOADING
                self._deadline = chunk.monotonic + self._answer_timeout
            elif isinstance(token, EnzymeRecord):
                self._deadline = chunk.monotonic + self._answer_timeout
                out.readings.extend(self.readings(token, chunk))
            elif isinstance(token, DownloadEnded):
                out.events.append(LinkEvent("download complete"))
                out.send += DISCONNECT
                self._step, self._deadline = _Step.IDLE, None
            elif isinstance(token, Stray):
                self._errors["stray bytes"] += 1
                out.events.append(LinkEvent("stray bytes", token.data[:16].hex(" ")))
        if not self._decoder.in_download and not self._decoder.holding:
            self._pending_from = None
        return out

    def tick(self, monotonic: float, at: datetime) -> Output:
        out = Output()
        if self._deadline is None or monotonic < self._deadline:
            return out
        if self._step is _Step.DOWNLOADING:
            self._errors["download stalled"] += 1
            out.events.append(LinkEvent("download stalled", f"nothing for {self._answer_timeout:g} s"))
            self._decoder.reset()
            self._step, self._deadline, self._pending_from = _Step.IDLE, None, None
        elif self._tries >= self._max_tries:
            self._errors["no answer"] += 1
            out.events.append(LinkEvent("no answer", f"the reader did not answer {self._tries} times"))
            self._step, self._deadline = _Step.IDLE, None
        else:
            self._tries += 1
            self._deadline = monotonic + self._answer_timeout
            out.send = HANDSHAKE if self._step is _Step.AWAIT_MODEL else DOWNLOAD
        return out

    def readings(self, record: EnzymeRecord, chunk: Received) -> list[Reading]:
        measured = record.measured.replace(tzinfo=self.zone).astimezone(UTC) if record.measured else None
        control = self.channel_map.control_channel
        control_a = record.channels[control - 1].absorbance if control else None
        out = []
        for channel, values in enumerate(record.channels, start=1):
            code = self.channel_map.code(channel)
            if code == CONTROL or (not code and values.absorbance == 0 and values.inhibition_pct == 0):
                continue  # the control is no sample; an unassigned empty channel held nothing
            flags = [f"record:{record.number}", ABSORBANCE_FLAG + absorbance_text(values.absorbance)]
            if control_a is not None and math.isfinite(control_a):
                flags.append(CONTROL_ABSORBANCE_FLAG + absorbance_text(control_a))
            if not code:
                flags.append("channel not assigned")
            if not (math.isfinite(values.absorbance) and math.isfinite(values.inhibition_pct)):
                flags.append("not a number")
                out.append(self._reading(record, channel, code, "", "invalid", flags, measured, chunk))
                continue
            reported = Decimal(f"{values.inhibition_pct:.2f}")
            outcome = self._judge(reported, control_a, values.absorbance, flags)
            out.append(self._reading(record, channel, code, f"{reported:.2f}", outcome, flags, measured, chunk))
        return out

    def _judge(self, reported: Decimal, control_a: float | None, sample_a: float, flags: list[str]) -> str:
        """The domain's judgment of the reader's percentage; one that disagrees with the
        absorbances is flagged here and judged as reported (the capture service refuses it)."""
        absorbances = None
        if control_a is not None and math.isfinite(control_a):
            absorbances = InhibitionReadings(Decimal(absorbance_text(control_a)), Decimal(absorbance_text(sample_a)))
        try:
            judged = judge_reported_inhibition(ReportedInhibition(reported, absorbances), self.cutoffs)
        except ValidationError:
            if absorbances is None:
                raise
            expected = inhibition_percent(absorbances.control_delta_a, absorbances.sample_delta_a)
            flags.append(f"inhibition disagrees with absorbances: {expected:.2f}")
            judged = judge_reported_inhibition(ReportedInhibition(reported), self.cutoffs)
        return judged.outcome.value

    def _reading(self, record: EnzymeRecord, channel: int, code: str, value: str, outcome: str, flags: list[str],
                 measured: datetime | None, chunk: Received) -> Reading:
        offset = 9 + 8 * (channel - 1)
        return Reading(
            instrument=self._instrument, sample_code=code, parameter_code=self.channel_map.parameter_code,
            value_text=value, unit="%", channel=channel, qualitative=outcome, flags=tuple(flags),
            measured_at=measured, received_at=chunk.at.astimezone(UTC),
            raw=record.raw[:9] + record.raw[offset:offset + 8], journal_position=chunk.position)
