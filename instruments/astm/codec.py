"""ASTM E1381 frames and E1394 records: bytes in, frames and fields out. No I/O.

A frame is ``STX FN text (ETB|ETX) C1 C2 CR LF``: FN the frame number 0..7, C1 C2 the sum of the
bytes from FN through ETB/ETX modulo 256 as two upper-case hex digits (E1381). Real devices
bend the rule and are accepted: text longer than 240 characters, CR without LF (or nothing)
after the checksum, lower-case hex, ETB after every record, several records in one frame.

A record is text up to CR; the H record's first characters declare the field, repeat, component
and escape delimiters (usually ``|\\^&``). A field is a tuple of repeats, a repeat
a tuple of components; escapes ``&F& &S& &R& &E& &Xhh..&`` are undone in each component."""
from __future__ import annotations

from dataclasses import dataclass

from instruments.astm.constants import (
    ACK,
    CR,
    DEFAULT_DELIMITERS,
    ENQ,
    EOT,
    ETB,
    ETX,
    FRAME_NUMBER_MODULUS,
    LF,
    MAX_FRAME_TEXT,
    MAX_TOLERATED_TEXT,
    NAK,
    STX,
)

_HEX = b"0123456789ABCDEFabcdef"
_CONTROLS = frozenset({ENQ, EOT, ACK, NAK})
_BREAKS_FRAME = frozenset({STX, ENQ, EOT, ACK, NAK})  # never inside a frame's text


class AstmError(ValueError):
    """Bytes that are not what E1381/E1394 says; the message names what and where."""


class ChecksumError(AstmError):
    pass


class FrameError(AstmError):
    pass


def checksum(body: bytes) -> bytes:
    """E1381 checksum of FN..ETB/ETX inclusive: sum mod 256 as two upper-case hex digits."""
    return b"%02X" % (sum(body) % 256)


@dataclass(frozen=True)
class Frame:
    number: int
    text: bytes
    final: bool  # ended by ETX (end of a record or message), not ETB
    raw: bytes


@dataclass(frozen=True)
class Control:
    byte: int  # ENQ, EOT, ACK or NAK


@dataclass(frozen=True)
class BadFrame:
    """A frame that could not be taken: its checksum, its number or its shape was wrong."""

    reason: str
    raw: bytes
    checksum_error: bool = False
    incomplete: bool = False  # cut short by a control byte: the sender is starting over


Token = Frame | Control | BadFrame


def encode_frame(number: int, text: bytes, final: bool = True) -> bytes:
    body = b"%d" % (number % FRAME_NUMBER_MODULUS) + text + bytes([ETX if final else ETB])
    return bytes([STX]) + body + checksum(body) + bytes([CR, LF])


def encode_message(records: list[bytes], first_number: int = 1, max_text: int = MAX_FRAME_TEXT) -> list[bytes]:
    """Frames for a message: each record (CR added) in its own frames, long records split
    into ETB frames of at most ``max_text`` bytes, the record's last frame ending with ETX."""
    frames: list[bytes] = []
    number = first_number
    for record in records:
        text = record + bytes([CR])
        pieces = [text[i:i + max_text] for i in range(0, len(text), max_text)]
        for index, piece in enumerate(pieces):
            frames.append(encode_frame(number, piece, final=index == len(pieces) - 1))
            number = (number + 1) % FRAME_NUMBER_MODULUS
    return frames


def decode_frame(raw: bytes) -> Frame:
    """One whole frame, STX through the checksum (CR LF optional); raises on any fault."""
    tokens = FrameDecoder().feed(raw)
    frames = [t for t in tokens if isinstance(t, Frame | BadFrame)]
    if len(frames) != 1:
        raise FrameError(f"Expected one frame, found {len(frames)} in {raw[:40]!r}")
    frame = frames[0]
    if isinstance(frame, BadFrame):
        raise (ChecksumError if frame.checksum_error else FrameError)(frame.reason)
    return frame


class FrameDecoder:
    """Incremental: bytes in any chunks -> control bytes, frames and bad frames, in order.

    Bytes outside a frame other than the four control bytes (line noise, the LF after a
    frame) are counted in ``stray_bytes`` and otherwise ignored."""

    def __init__(self) -> None:
        self._frame: bytearray | None = None
        self._need_checksum = 0
        self.stray_bytes = 0

    def feed(self, data: bytes) -> list[Token]:
        out: list[Token] = []
        for byte in data:
            frame = self._frame
            if frame is None:
                if byte == STX:
                    self._frame = bytearray([STX])
                elif byte in _CONTROLS:
                    out.append(Control(byte))
                elif byte not in (CR, LF):
                    self.stray_bytes += 1
                continue
            if self._need_checksum and byte not in _BREAKS_FRAME:
                frame.append(byte)
                self._need_checksum -= 1
                if self._need_checksum == 0:
                    out.append(self._finish(bytes(frame)))
                    self._frame = None
                continue
            if byte in _BREAKS_FRAME:
                out.append(BadFrame(f"frame broken off by byte 0x{byte:02X}", bytes(frame), incomplete=True))
                self._frame = None
                self._need_checksum = 0
                out.extend(self.feed(bytes([byte])))
                continue
            frame.append(byte)
            if byte in (ETX, ETB):
                self._need_checksum = 2
            elif len(frame) > MAX_TOLERATED_TEXT:
                out.append(BadFrame(f"no frame end within {MAX_TOLERATED_TEXT} bytes", bytes(frame[:64]),
                                    incomplete=True))
                self._frame = None
        return out

    @staticmethod
    def _finish(raw: bytes) -> Token:
        body, sent = raw[1:-2], raw[-2:]
        if len(body) < 2 or not 0x30 <= body[0] <= 0x37:
            return BadFrame(f"frame number {body[:1]!r} is not 0..7", raw)
        if any(c not in _HEX for c in sent):
            return BadFrame(f"checksum {sent!r} is not two hex digits", raw, checksum_error=True)
        expected = checksum(body)
        if sent.upper() != expected:
            return BadFrame(f"checksum {sent.decode('ascii')} should be {expected.decode('ascii')}", raw,
                            checksum_error=True)
        return Frame(body[0] - 0x30, body[1:-1], body[-1] == ETX, raw)

    @property
    def in_frame(self) -> bool:
        return self._frame is not None


# --- E1394 records --------------------------------------------------------------------------

Component = str
Repeat = tuple[Component, ...]
Field = tuple[Repeat, ...]


@dataclass(frozen=True)
class Delimiters:
    field: str = "|"
    repeat: str = "\\"
    component: str = "^"
    escape: str = "&"

    @classmethod
    def from_header(cls, text: str) -> Delimiters:
        """The delimiters an H record declares: ``H|\\^&|...``. Tolerates a doubled
        character in the declaration (``H|\\\\^&``, as one converter writes it)."""
        if len(text) < 5 or text[0] != "H":
            raise AstmError(f"Not a header record: {text[:20]!r}")
        field = text[1]
        end = text.find(field, 2)
        declared = text[2:] if end < 0 else text[2:end]
        chars = "".join(c for i, c in enumerate(declared) if i == 0 or c != declared[i - 1])
        if len(chars) != 3 or len(set(chars + field)) != 4:
            raise AstmError(f"The header declares no usable delimiters: {text[:8]!r}")
        return cls(field, chars[0], chars[1], chars[2])

    @property
    def declaration(self) -> str:
        return self.repeat + self.component + self.escape


DEFAULT = Delimiters(*DEFAULT_DELIMITERS)


@dataclass(frozen=True)
class Record:
    """A record split into fields; ``fields[0]`` is the type letter, numbered as E1394
    numbers them from 1, so ``record.get(4)`` is E1394's field 4."""

    fields: tuple[Field, ...]
    text: str

    @property
    def kind(self) -> str:
        return self.get(1)[:1].upper()

    def field(self, number: int) -> Field:
        return self.fields[number - 1] if 0 < number <= len(self.fields) else ()

    def get(self, number: int, component: int = 1, repeat: int = 1) -> str:
        """One component of one repeat of field ``number`` ('' where absent), 1-based."""
        field = self.field(number)
        if len(field) < repeat:
            return ""
        parts = field[repeat - 1]
        return parts[component - 1] if len(parts) >= component else ""

    def repeats(self, number: int) -> list[str]:
        """The first component of each repeat of a field, empty ones left out."""
        return [r[0] for r in self.field(number) if r and r[0]]


def unescape(text: str, delimiters: Delimiters, encoding: str = "latin-1") -> str:
    e = delimiters.escape
    if e not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        end = text.find(e, i + 1) if c == e else -1
        if end < 0:
            out.append(c)
            i += 1
            continue
        code = text[i + 1:end]
        if code == "F":
            out.append(delimiters.field)
        elif code == "S":
            out.append(delimiters.component)
        elif code == "R":
            out.append(delimiters.repeat)
        elif code == "E":
            out.append(e)
        elif code[:1] == "X" and len(code) > 1 and len(code) % 2 == 1 and all(h in "0123456789ABCDEFabcdef"
                                                                               for h in code[1:]):
            out.append(bytes.fromhex(code[1:]).decode(encoding, errors="replace"))
        elif code in ("H", "N"):
            pass  # highlighting on / off: no meaning for a stored value
        else:
            out.append(text[i:end + 1])  # not an escape sequence: kept as sent
        i = end + 1
    return "".join(out)


def escape(text: str, delimiters: Delimiters) -> str:
    d = delimiters
    table = {d.escape: "E", d.field: "F", d.component: "S", d.repeat: "R"}
    return "".join(f"{d.escape}{table[c]}{d.escape}" if c in table else c for c in text)


def split_record(text: str, delimiters: Delimiters = DEFAULT, encoding: str = "latin-1") -> Record:
    """One record's text (without its CR) into fields, repeats and components."""
    d = delimiters
    raw_fields = text.split(d.field)
    fields: list[Field] = []
    for number, raw in enumerate(raw_fields, start=1):
        if number == 2 and text[:1].upper() == "H":
            fields.append(((raw,),))  # the delimiter declaration itself
            continue
        fields.append(tuple(tuple(unescape(c, d, encoding) for c in rep.split(d.component))
                            for rep in raw.split(d.repeat)))
    return Record(tuple(fields), text)


def join_record(fields: list[str | list[str] | list[list[str]]], delimiters: Delimiters = DEFAULT) -> str:
    """Fields back into a record's text: a string is one component, a list of strings the
    components of one repeat, a list of lists several repeats. The H record's declaration is
    written as given."""
    d = delimiters
    out: list[str] = []
    for number, value in enumerate(fields, start=1):
        if isinstance(value, str):
            is_declaration = number == 2 and fields[0] == "H"
            out.append(value if is_declaration else escape(value, d))
        elif value and isinstance(value[0], list):
            out.append(d.repeat.join(d.component.join(escape(c, d) for c in rep) for rep in value))
        else:
            out.append(d.component.join(escape(str(c), d) for c in value))
    return d.field.join(out)


def split_records(text: bytes) -> list[bytes]:
    """A message's text (frames joined) into records: CR ends a record; LF and empty pieces go."""
    return [r for r in text.replace(b"\n", b"").split(b"\r") if r]
