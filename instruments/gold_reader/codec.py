"""The colloidal-gold reader module's bytes. No I/O.

The module's document: the host sends a two-byte read command; the module answers the C-line
and the T-line grey values, each a 4-byte little-endian unsigned integer, C first. The command
bytes differ between firmware versions, so they are a setting (``DEFAULT_COMMAND`` is the
documented one for the module this project was built against)."""
from __future__ import annotations

import struct
from dataclasses import dataclass

DEFAULT_COMMAND = b"\xaa\x01"
ANSWER_SIZE = 8
_ANSWER = struct.Struct("<II")


class GoldReaderError(ValueError):
    pass


@dataclass(frozen=True)
class LineValues:
    c_value: int
    t_value: int


def encode_command(command: bytes = DEFAULT_COMMAND) -> bytes:
    if len(command) != 2:
        raise GoldReaderError(f"The read command is two bytes, not {len(command)}")
    return command


def decode_answer(raw: bytes) -> LineValues:
    if len(raw) != ANSWER_SIZE:
        raise GoldReaderError(f"An answer is {ANSWER_SIZE} bytes, not {len(raw)}")
    c_value, t_value = _ANSWER.unpack(raw)
    return LineValues(c_value, t_value)


def encode_answer(values: LineValues) -> bytes:
    return _ANSWER.pack(values.c_value, values.t_value)
