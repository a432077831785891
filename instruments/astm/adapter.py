"""ASTM analyzers: R records become Readings; a Q record (host query) is answered.

The sample code of a result is the O record's specimen id (field 3, else field 4) that comes
before it. Readings are handed over when the message's L record arrives; a message that ends
without one was interrupted and is sent again by the instrument. A restart decodes a message
again from its ENQ (``pending_from``), never from its middle."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo

from instruments.adapter import DEFAULT_INSTRUMENT_ZONE, LinkEvent, Output, Received
from instruments.astm.codec import DEFAULT, AstmError, Delimiters, encode_message, join_record, split_record
from instruments.astm.link import Link, LinkOutput, Role, SessionEnd, State, Timers
from instruments.astm.records import (
    LOCAL_CODE_COMPONENT,
    Header,
    Order,
    Query,
    Result,
    Terminator,
    parse_timestamp,
    typed,
)
from instruments.reading import Reading

_NUMBER = re.compile(r"^\s*[-+<>]?\s*\d+(\.\d*)?([eE][-+]?\d+)?\s*$|^\s*[-+<>]?\s*\.\d+\s*$")

OrderLookup = Callable[[str], Sequence[str]]  # sample code -> test codes to run ([] when none)


@dataclass
class _Record:
    raw: bytes
    position: int | None
    at: datetime


class AstmAdapter:
    def __init__(self, instrument: str, *, encoding: str = "gbk", instrument_zone: tzinfo = DEFAULT_INSTRUMENT_ZONE,
                 orders: OrderLookup | None = None, timers: Timers | None = None,
                 host_name: str = "BannerLIMS", test_code_component: int = LOCAL_CODE_COMPONENT) -> None:
        self._instrument = instrument
        self.encoding = encoding
        self.zone = instrument_zone
        self._orders = orders
        self._host_name = host_name
        self._test_code_component = test_code_component
        self.link = Link(Role.HOST, timers or Timers())
        self._text = b""
        self._pending_from: int | None = None
        self._queries: list[Query] = []  # answered when the instrument's session ends
        self._reset_message()

    def _reset_message(self) -> None:
        self._delimiters = DEFAULT
        self._header: Header | None = None
        self._sample_code = ""
        self._qc_order = False
        self._readings: list[Reading] = []

    @property
    def instrument(self) -> str:
        return self._instrument

    @property
    def errors(self) -> Counter[str]:
        return self.link.errors

    @property
    def pending_from(self) -> int | None:
        return self._pending_from

    def start(self, monotonic: float) -> Output:
        return Output()  # an ASTM analyzer opens its sessions itself

    def feed(self, chunk: Received) -> Output:
        out = self._absorb(self.link.feed(chunk.data, chunk.monotonic), chunk.position, chunk.at)
        if self.link.state is State.RECEIVING and self._pending_from is None:
            self._pending_from = chunk.position  # this chunk opened a session (it may also have ended one)
        return out

    def tick(self, monotonic: float, at: datetime) -> Output:
        return self._absorb(self.link.tick(monotonic), None, at)

    def _absorb(self, link_out: LinkOutput, position: int | None, at: datetime) -> Output:
        out = Output(send=link_out.send, events=list(link_out.events))
        for item in link_out.received:
            if isinstance(item, SessionEnd):
                self._session_ended(item.why, out, at)
                continue
            frame = item
            self._text += frame.text
            *whole, rest = self._text.replace(b"\n", b"").split(b"\r")
            if frame.final and rest:
                whole.append(rest)
                rest = b""
            self._text = rest
            for raw in whole:
                if raw:
                    self._record(_Record(raw, position, at), out)
        return out

    def _session_ended(self, why: str, out: Output, at: datetime) -> None:
        self._drop_unfinished(why, out)
        self._text = b""
        self._answer_queries(at)
        self._reset_message()
        self._pending_from = None

    def _drop_unfinished(self, why: str, out: Output) -> None:
        if self._readings:
            # E1381: a receiver discards a message that ends before its L record (a timeout, a
            # sender that gave up, a new ENQ); the sender sends it again, and the journal keeps the bytes
            self.link.errors["message interrupted"] += 1
            out.events.append(LinkEvent("message interrupted",
                                        f"{len(self._readings)} results waiting for the resend (ended by {why})"))
            self._readings = []

    def _record(self, rec: _Record, out: Output) -> None:
        text = rec.raw.decode(self.encoding, errors="replace")
        try:
            if text[:1].upper() == "H":
                self._drop_unfinished("a new H record", out)
                self._reset_message()
                self._delimiters = Delimiters.from_header(text)
            record = typed(split_record(text, self._delimiters, self.encoding))
        except AstmError as exc:
            self.link.errors["bad record"] += 1
            out.events.append(LinkEvent("bad record", str(exc)))
            return
        if isinstance(record, Header):
            self._header = record
        elif isinstance(record, Order):
            self._sample_code = record.sample_code
            self._qc_order = record.action_code.upper() == "Q"
        elif isinstance(record, Result):
            self._readings.append(self._reading(record, rec))
        elif isinstance(record, Query):
            self._queries.append(record)
        elif isinstance(record, Terminator):
            # the L record's entry is the one that completed the results: they carry its position
            out.readings.extend(replace(r, journal_position=rec.position, received_at=rec.at.astimezone(UTC))
                                for r in self._readings)
            self._readings = []

    def _reading(self, result: Result, rec: _Record) -> Reading:
        flags = list(result.abnormal_flags)
        if result.status and result.status.upper() != "F":
            flags.append(f"status:{result.status}")
        if self._qc_order or (self._header is not None and self._header.processing_id.upper() == "Q"):
            flags.append("qc")
        value = result.value
        measured = parse_timestamp(result.completed or result.started, self.zone)
        if measured is None and self._header is not None:
            measured = parse_timestamp(self._header.record.get(14), self.zone)
        return Reading(
            instrument=self._instrument, sample_code=self._sample_code,
            parameter_code=result.test_code_in(self._test_code_component), value_text=value, unit=result.units,
            qualitative="" if _NUMBER.match(value) else value,
            flags=tuple(flags), measured_at=measured.astimezone(UTC) if measured else None,
            received_at=rec.at.astimezone(UTC), raw=rec.raw, journal_position=rec.position)

    def _answer_queries(self, at: datetime) -> None:
        for query in self._queries:
            self.link.queue_message(encode_message(self.answer(query, at)))
        self._queries = []

    def answer(self, query: Query, at: datetime) -> list[bytes]:
        """The host's reply to a query: the orders it holds for the sample codes asked, or an
        L record with code I ("no information available") when it holds none."""
        d = self._delimiters
        stamp = at.astimezone(self.zone).strftime("%Y%m%d%H%M%S")
        records = [join_record(["H", d.declaration, "", "", self._host_name, "", "", "", "", "", "", "P", "1", stamp],
                               d)]
        found = 0
        for code in query.sample_codes:
            tests = list(self._orders(code)) if self._orders else []
            if not tests:
                continue
            found += 1
            records.append(join_record(["P", str(found)], d))
            records.append(join_record(["O", "1", code, "", [["", "", "", t] for t in tests], "R", "", "", "", "",
                                        "", "N"], d))
        records.append(join_record(["L", "1", "N" if found else "I"], d))
        return [r.encode(self.encoding, errors="replace") for r in records]
