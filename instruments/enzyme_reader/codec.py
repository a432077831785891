"""The 8-channel enzyme-inhibition reader's bytes: commands, answers and 73-byte records. No I/O.

The vendor's document: the host sends ``1B BF``, the reader answers ``1B`` and its model code
(01..33); the host sends ``1B B1``, the reader answers ``1B C1`` and then its stored records,
73 bytes each, and ``1B FE`` after the last; the host sends ``1B FF`` to disconnect. A record
is a 9-byte header (record number, time, date, sample kind) and 8 channels of two big-endian
float32: absorbance and inhibition %. The document's own examples disagree on the order of the
header's fields, so the header is described by a ``HeaderLayout`` table, not by code; two
layouts are provided and a lab may declare another."""
from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ESC = 0x1B
HANDSHAKE = bytes([ESC, 0xBF])
DOWNLOAD = bytes([ESC, 0xB1])
DOWNLOAD_ACCEPTED = bytes([ESC, 0xC1])
DOWNLOAD_END = bytes([ESC, 0xFE])
DISCONNECT = bytes([ESC, 0xFF])
MODEL_CODES = range(0x01, 0x34)  # 01..33

CHANNELS = 8
HEADER_SIZE = 9
RECORD_SIZE = HEADER_SIZE + CHANNELS * 8  # 73
_CHANNEL = struct.Struct(">ff")


class EnzymeReaderError(ValueError):
    """A record or answer that does not fit the protocol."""


@dataclass(frozen=True)
class HeaderField:
    name: Literal["number", "year", "month", "day", "hour", "minute", "second", "sample_kind"]
    offset: int
    size: int = 1
    bcd: bool = False  # packed decimal (0x23 = 23) rather than binary


@dataclass(frozen=True)
class HeaderLayout:
    name: str
    fields: tuple[HeaderField, ...]

    def __post_init__(self) -> None:
        used: set[int] = set()
        for f in self.fields:
            span = set(range(f.offset, f.offset + f.size))
            if used & span or max(span) >= HEADER_SIZE:
                raise EnzymeReaderError(f"Header layout {self.name}: field {f.name} overlaps or lies outside 9 bytes")
            used |= span


# record number (2 bytes), time hh mm ss, date yy mm dd, sample kind
NUMBER_TIME_DATE_KIND = HeaderLayout("number-time-date-kind", (
    HeaderField("number", 0, 2), HeaderField("hour", 2), HeaderField("minute", 3), HeaderField("second", 4),
    HeaderField("year", 5), HeaderField("month", 6), HeaderField("day", 7), HeaderField("sample_kind", 8)))
# the document's other example: date before time
NUMBER_DATE_TIME_KIND = HeaderLayout("number-date-time-kind", (
    HeaderField("number", 0, 2), HeaderField("year", 2), HeaderField("month", 3), HeaderField("day", 4),
    HeaderField("hour", 5), HeaderField("minute", 6), HeaderField("second", 7), HeaderField("sample_kind", 8)))
LAYOUTS = {layout.name: layout for layout in (NUMBER_TIME_DATE_KIND, NUMBER_DATE_TIME_KIND)}


@dataclass(frozen=True)
class ChannelValues:
    absorbance: float
    inhibition_pct: float


@dataclass(frozen=True)
class EnzymeRecord:
    number: int
    measured: datetime | None  # naive, on the reader's clock; None when the date is not a date
    sample_kind: int
    channels: tuple[ChannelValues, ...]
    raw: bytes


def _field_value(raw: bytes, f: HeaderField) -> int:
    chunk = raw[f.offset:f.offset + f.size]
    if f.bcd:
        return int(chunk.hex()) if chunk.hex().isdigit() else -1
    return int.from_bytes(chunk, "big")


def decode_record(raw: bytes, layout: HeaderLayout = NUMBER_TIME_DATE_KIND) -> EnzymeRecord:
    if len(raw) != RECORD_SIZE:
        raise EnzymeReaderError(f"A record is {RECORD_SIZE} bytes, not {len(raw)}")
    values = {f.name: _field_value(raw, f) for f in layout.fields}
    try:
        measured: datetime | None = datetime(  # noqa: DTZ001 - the reader's clock; the adapter gives its zone
            2000 + values["year"], values["month"], values["day"], values["hour"], values["minute"], values["second"])
    except (KeyError, ValueError):
        measured = None
    channels = tuple(ChannelValues(*_CHANNEL.unpack_from(raw, HEADER_SIZE + 8 * i)) for i in range(CHANNELS))
    return EnzymeRecord(values.get("number", 0), measured, values.get("sample_kind", 0), channels, raw)


def encode_record(number: int, measured: datetime, sample_kind: int, channels: list[ChannelValues],
                  layout: HeaderLayout = NUMBER_TIME_DATE_KIND) -> bytes:
    """A record as the reader sends it (for the simulator and tests)."""
    if len(channels) != CHANNELS:
        raise EnzymeReaderError(f"A record has {CHANNELS} channels, not {len(channels)}")
    header = bytearray(HEADER_SIZE)
    values = {"number": number, "year": measured.year - 2000, "month": measured.month, "day": measured.day,
              "hour": measured.hour, "minute": measured.minute, "second": measured.second, "sample_kind": sample_kind}
    for f in layout.fields:
        value = values[f.name]
        header[f.offset:f.offset + f.size] = (bytes.fromhex(f"{value:0{2 * f.size}d}") if f.bcd
                                              else value.to_bytes(f.size, "big"))
    return bytes(header) + b"".join(_CHANNEL.pack(ch.absorbance, ch.inhibition_pct) for ch in channels)


@dataclass(frozen=True)
class Model:
    code: int


@dataclass(frozen=True)
class DownloadAccepted:
    pass


@dataclass(frozen=True)
class DownloadEnded:
    pass


@dataclass(frozen=True)
class Stray:
    data: bytes


EnzymeToken = Model | DownloadAccepted | EnzymeRecord | DownloadEnded | Stray


class StreamDecoder:
    """Incremental: the reader's bytes in any chunks -> answers and records. Between ``1B C1``
    and ``1B FE`` every 73 bytes are a record; ``1B FE`` is looked for only where a record
    would begin."""

    def __init__(self, layout: HeaderLayout = NUMBER_TIME_DATE_KIND) -> None:
        self.layout = layout
        self._buffer = bytearray()
        self.in_download = False

    @property
    def holding(self) -> bool:
        return bool(self._buffer)

    def reset(self) -> None:
        self._buffer.clear()
        self.in_download = False

    def feed(self, data: bytes) -> list[EnzymeToken]:
        self._buffer += data
        out: list[EnzymeToken] = []
        buf = self._buffer
        while buf:
            if self.in_download:
                if buf[:2] == DOWNLOAD_END:
                    del buf[:2]
                    self.in_download = False
                    out.append(DownloadEnded())
                elif len(buf) >= RECORD_SIZE and not (buf[0] == ESC and len(buf) < 2):
                    out.append(decode_record(bytes(buf[:RECORD_SIZE]), self.layout))
                    del buf[:RECORD_SIZE]
                else:
                    break
                continue
            if buf[0] != ESC:
                end = buf.find(ESC)
                end = len(buf) if end < 0 else end
                out.append(Stray(bytes(buf[:end])))
                del buf[:end]
                continue
            if len(buf) < 2:
                break
            second = buf[1]
            if second == DOWNLOAD_ACCEPTED[1]:
                self.in_download = True
                out.append(DownloadAccepted())
            elif second == DOWNLOAD_END[1]:
                out.append(DownloadEnded())
            elif second in MODEL_CODES:
                out.append(Model(second))
            else:
                out.append(Stray(bytes(buf[:2])))
            del buf[:2]
        return out
