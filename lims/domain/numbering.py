"""Codes from a configurable pattern: sample codes (样品编号), and any other running number.

A pattern is Python format text over three fields: ``{prefix}`` (the lab's letters, fixed
when the pattern is compiled), ``{year}`` (four digits) or ``{yy}`` (two), and ``{seq}``
(required; ``{seq:06d}`` pads it to six digits). "{prefix}{year}-{seq:06d}" with prefix "NJ"
gives "NJ2026-000123".

This module never remembers anything: the caller stores the last sequence used per counter
(``counter_key``: per year when the pattern shows the year, one counter otherwise), takes it
under the database's lock, and stores the new one in the same transaction as the code it
issued. A code, once issued, is never issued again, not even when its sample is cancelled,
so gaps in the sequence are expected and normal."""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from lims.domain.errors import ValidationError

DEFAULT_SAMPLE_PATTERN = "{prefix}{year}-{seq:06d}"
_FIELDS = ("prefix", "year", "yy", "seq")
_SEQ_SPEC = re.compile(r"(?:0([1-9][0-9]?))?d")
_NOTHING = re.compile("(?!)")
_MIN_YEAR, _MAX_YEAR = 1900, 9999


@dataclass(frozen=True)
class ParsedCode:
    year: int | None  # None when the pattern shows no year; a two-digit year reads as 20yy
    seq: int


@dataclass(frozen=True)
class CodePattern:
    """A checked pattern with its prefix fixed in. Construction raises ValidationError when
    the pattern has no {seq}, an unknown field, a field twice, a format on a field other than
    {seq}, a {seq} format other than d or 0Nd, or both {year} and {yy}."""

    pattern: str
    prefix: str = ""
    width: int = field(init=False, default=0)  # the digits {seq} is padded to (0: not padded)
    year_field: str | None = field(init=False, default=None)  # "year", "yy" or None
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False, default=_NOTHING)

    def __post_init__(self) -> None:
        width, year_field, regex = _compile(self.pattern, self.prefix)
        object.__setattr__(self, "width", width)
        object.__setattr__(self, "year_field", year_field)
        object.__setattr__(self, "_regex", regex)

    @property
    def counter_key(self) -> str:
        """Which counter a caller keeps: "year" (one per year) or "all" (one for ever)."""
        return "all" if self.year_field is None else "year"

    @property
    def max_seq(self) -> int | None:
        return 10 ** self.width - 1 if self.width else None

    def format(self, year: int, seq: int) -> str:
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            raise ValidationError("{year} is not a year between 1900 and 9999", field="year", year=year)
        if seq < 1:
            raise ValidationError("A sequence number starts at 1, not {seq}", field="seq", seq=seq)
        if self.max_seq is not None and seq > self.max_seq:
            raise ValidationError(
                "Sequence {seq} does not fit the {width} digits of the pattern {pattern}: widen the pattern",
                field="seq", seq=seq, width=self.width, pattern=self.pattern,
            )
        return self.pattern.format(prefix=self.prefix, year=f"{year:04d}", yy=f"{year % 100:02d}", seq=seq)

    def next_code(self, year: int, last_seq: int | None) -> tuple[str, int]:
        """The code after ``last_seq`` (None or 0: none issued yet under this counter) and
        the sequence it used, for the caller to store."""
        if last_seq is not None and last_seq < 0:
            raise ValidationError("The last sequence used cannot be negative: {seq}", field="seq", seq=last_seq)
        seq = (last_seq or 0) + 1
        return self.format(year, seq), seq

    def parse(self, code: str) -> ParsedCode:
        """(year, seq) of a code made by this pattern; ValidationError for any other text."""
        match = self._regex.fullmatch(code.strip())
        if match is None:
            raise ValidationError(
                "'{code}' is not a code of the form {pattern}", field="code", code=code, pattern=self.pattern
            )
        year: int | None = None
        if self.year_field == "year":
            year = int(match["year"])
        elif self.year_field == "yy":
            year = 2000 + int(match["yy"])
        return ParsedCode(year, int(match["seq"]))


def compile_pattern(pattern: str, prefix: str = "") -> CodePattern:
    """The checked pattern (the same as ``CodePattern(pattern, prefix)``)."""
    return CodePattern(pattern, prefix)


def _compile(pattern: str, prefix: str) -> tuple[int, str | None, re.Pattern[str]]:
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ValidationError(
            "The code pattern {pattern} is malformed: {why}", field="pattern", pattern=pattern, why=str(exc)
        ) from None
    seen: set[str] = set()
    regex: list[str] = []
    width = 0
    for literal, name, spec, conversion in parts:
        regex.append(re.escape(literal))
        if name is None:
            continue
        if name not in _FIELDS:
            raise ValidationError(
                "Unknown field '{name}' in the code pattern {pattern}: use prefix, year, yy and seq",
                field="pattern", name=name, pattern=pattern,
            )
        if name in seen:
            raise ValidationError(
                "The field '{name}' appears twice in the code pattern {pattern}",
                field="pattern", name=name, pattern=pattern,
            )
        seen.add(name)
        if conversion or (spec and name != "seq"):
            raise ValidationError(
                "Only the field seq takes a format (such as 06d) in the code pattern {pattern}",
                field="pattern", pattern=pattern,
            )
        if name == "seq":
            spec_match = _SEQ_SPEC.fullmatch(spec or "d")
            if spec_match is None:
                raise ValidationError(
                    "The format of seq must be d or 0 and a width and d (such as 06d), not '{spec}'",
                    field="pattern", spec=spec,
                )
            width = int(spec_match.group(1) or 0)
            regex.append(f"(?P<seq>[0-9]{{{width}}})" if width else "(?P<seq>[1-9][0-9]*)")
        elif name == "prefix":
            regex.append(re.escape(prefix))
        elif name == "year":
            regex.append("(?P<year>[0-9]{4})")
        else:
            regex.append("(?P<yy>[0-9]{2})")
    if "seq" not in seen:
        raise ValidationError("The code pattern {pattern} must contain the field seq", field="pattern",
                              pattern=pattern)
    if {"year", "yy"} <= seen:
        raise ValidationError("The code pattern {pattern} may show year or yy, not both",
                              field="pattern", pattern=pattern)
    year_field = "year" if "year" in seen else "yy" if "yy" in seen else None
    return width, year_field, re.compile("".join(regex))
