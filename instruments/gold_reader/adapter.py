"""The colloidal-gold reader: one strip read per request, judged by the kit lot's cut-offs.

The technician queues the sample codes of the strips in the order they go into the reader;
the adapter sends one read command per strip and turns each answer into a Reading whose
qualitative result is the domain's judgment (``lims.domain.screening.judge_gold``): by T/C
against a cut-off, or by T against two thresholds; invalid when C is below the kit's minimum.
The kit lot's rule is passed in (``KitLotRule``), never read from the database here; the capture
may change it between strips (``kit``). Without one a strip is read but not judged: its reading
says "no kit lot", and the capture service holds it.

An answer is the strip's at the head of the queue, so what the adapter asked is part of decoding
it: ``state`` (the strips waiting, the head first, and how often the head was asked, 0 when no
request is outstanding) is journaled by the pump, and a restart ``restore``s it before the bytes
that followed, so a recovered answer gets the code it got live, skips included. After the
replay the queue is what the journal's last state left minus the strips answered since, and the
head strip is asked afresh."""
from __future__ import annotations

from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal

from instruments.adapter import DEFAULT_INSTRUMENT_ZONE, LinkEvent, Output, Received
from instruments.gold_reader.codec import ANSWER_SIZE, DEFAULT_COMMAND, decode_answer, encode_command
from instruments.reading import Reading
from lims.domain.enums import ScreenOutcome
from lims.domain.rounding import format_fixed
from lims.domain.screening import (
    RATIO_DIGITS,
    GoldReadings,
    TOverCCutoffs,
    TThresholdCutoffs,
    judge_gold,
    kit_expired,
)

ANSWER_TIMEOUT = 2.0  # seconds a strip's answer is waited for before it is asked again


@dataclass(frozen=True)
class KitLotRule:
    lot: str
    parameter_code: str  # e.g. the kit's analyte: clenbuterol
    cutoffs: TOverCCutoffs | TThresholdCutoffs
    expires_on: date | None = None


class GoldReaderAdapter:
    def __init__(self, instrument: str, kit: KitLotRule | None, *, command: bytes = DEFAULT_COMMAND,
                 instrument_zone: tzinfo = DEFAULT_INSTRUMENT_ZONE, parameter_code: str = "",
                 answer_timeout: float = ANSWER_TIMEOUT, max_tries: int = 3) -> None:
        """``parameter_code`` is the code a strip's reading carries when no kit lot names one."""
        self._instrument = instrument
        self.kit = kit
        self.parameter_code = parameter_code
        self._command = encode_command(command)
        self.zone = instrument_zone
        self._answer_timeout = answer_timeout
        self._max_tries = max_tries
        self._errors: Counter[str] = Counter()
        self._queue: deque[str] = deque()
        self._buffer = bytearray()
        self._deadline: float | None = None
        self._tries = 0
        self._pending_from: int | None = None

    @property
    def instrument(self) -> str:
        return self._instrument

    @property
    def errors(self) -> Counter[str]:
        return self._errors

    @property
    def pending_from(self) -> int | None:
        return self._pending_from

    def queue(self, sample_code: str) -> None:
        self._queue.append(sample_code)

    @property
    def waiting(self) -> list[str]:
        return list(self._queue)

    def state(self) -> dict[str, object]:
        return {"strips": list(self._queue), "asked": self._tries if self._deadline is not None else 0}

    def restore(self, state: Mapping[str, object]) -> None:
        strips, asked = state.get("strips"), state.get("asked")
        if not isinstance(strips, list) or not all(isinstance(code, str) for code in strips) \
                or not isinstance(asked, int) or isinstance(asked, bool) or asked < 0 or (asked and not strips):
            raise ValueError(f"Not a colloidal-gold reader's state: {dict(state)}")
        if (strips[:1], asked) != (list(self._queue)[:1], self.state()["asked"]):
            self._buffer.clear()  # another request (or none): live, the bytes held were dropped
            self._pending_from = None
        self._queue = deque(strips)
        self._tries = asked
        self._deadline = float("inf") if asked else None  # asked; no timer runs in a replay

    def replayed(self) -> None:
        self._buffer.clear()
        self._deadline, self._tries, self._pending_from = None, 0, None

    def start(self, monotonic: float) -> Output:
        return self._request(monotonic)

    def _request(self, monotonic: float) -> Output:
        if not self._queue or self._deadline is not None:
            return Output()
        self._tries = 1
        self._deadline = monotonic + self._answer_timeout
        return Output(send=self._command)

    def feed(self, chunk: Received) -> Output:
        out = Output()
        if self._deadline is None:
            self._errors["unrequested bytes"] += 1
            out.events.append(LinkEvent("unrequested bytes", chunk.data[:16].hex(" ")))
            return out
        if self._pending_from is None:
            self._pending_from = chunk.position
        self._buffer += chunk.data
        if len(self._buffer) >= ANSWER_SIZE:
            raw = bytes(self._buffer[:ANSWER_SIZE])
            if len(self._buffer) > ANSWER_SIZE:
                self._errors["answer too long"] += 1
                out.events.append(LinkEvent("answer too long", f"{len(self._buffer)} bytes"))
            self._buffer.clear()
            self._deadline, self._pending_from = None, None
            out.readings.append(self.reading(self._queue.popleft(), raw, chunk))
            out.extend(self._request(chunk.monotonic))
        return out

    def tick(self, monotonic: float, at: datetime) -> Output:
        if self._deadline is None:
            return self._request(monotonic)
        if monotonic < self._deadline:
            return Output()
        self._buffer.clear()
        self._pending_from = None
        self._errors["no answer"] += 1
        if self._tries >= self._max_tries:
            code = self._queue.popleft()
            self._deadline = None
            out = Output(events=[LinkEvent("no answer", f"strip {code}: no answer after {self._tries} tries")])
            out.extend(self._request(monotonic))
            return out
        self._tries += 1
        self._deadline = monotonic + self._answer_timeout
        return Output(send=self._command, events=[LinkEvent("no answer", "asking again")])

    def reading(self, sample_code: str, raw: bytes, chunk: Received) -> Reading:
        values = decode_answer(raw)
        flags = [f"T:{values.t_value}", f"C:{values.c_value}"]
        kit = self.kit
        if kit is None:
            flags.append("no kit lot")
            ratio = format_fixed(Decimal(values.t_value) / Decimal(values.c_value), RATIO_DIGITS) \
                if values.c_value else ""
            return self._reading(sample_code, self.parameter_code, ratio, "", flags, raw, chunk)
        judged = judge_gold(GoldReadings(Decimal(values.t_value), Decimal(values.c_value)), kit.cutoffs)
        flags.append(f"lot:{kit.lot}")
        outcome = judged.outcome.value
        if kit_expired(kit.expires_on, chunk.at.astimezone(self.zone).date()):
            flags.append("kit expired")
            outcome = ScreenOutcome.INVALID.value
        if judged.invalid_reason is not None:
            flags.append(judged.invalid_reason.value)
        return self._reading(sample_code, kit.parameter_code, judged.reported_ratio, outcome, flags, raw, chunk)

    def _reading(self, sample_code: str, parameter_code: str, ratio: str, outcome: str, flags: list[str], raw: bytes,
                 chunk: Received) -> Reading:
        return Reading(
            instrument=self._instrument, sample_code=sample_code, parameter_code=parameter_code,
            value_text=ratio, unit="T/C", qualitative=outcome, flags=tuple(flags),
            measured_at=chunk.at.astimezone(UTC), received_at=chunk.at.astimezone(UTC), raw=raw,
            journal_position=chunk.position)
