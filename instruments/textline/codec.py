"""A printed line format, read from a TOML definition; bytes in, field values out. No I/O but
reading the definition file.

    name = "..."                 # shown to people
    encoding = "gbk"             # the printer's text encoding
    line_ending = "\\r\\n"         # "\\r\\n", "\\n" or "\\r"
    pattern = '...'              # a Python regular expression with named groups
    skip = ['^-+$', '^样品']      # lines to pass over without complaint (headings, rules)
    measured_at_format = "%Y-%m-%d %H:%M"   # strptime format of the measured_at group
    template = "..."             # optional: how the simulator prints a reading (str.format)

    [fields]                     # Reading field -> the pattern's group
    sample_code = "code"         # required, as are parameter_code (or a default) and value
    ...

    [defaults]                   # values for fields the line does not carry
    parameter_code = "OPC"
    unit = "%"

    [qualitative]                # the printer's words -> the LIMS's
    "阳性" = "positive"
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

FIELDS = ("sample_code", "parameter_code", "value", "unit", "qualitative", "channel", "measured_at", "flags")
_REQUIRED = ("sample_code", "parameter_code", "value")
_ENDINGS = {"\r\n": b"\r\n", "\n": b"\n", "\r": b"\r"}


class LineFormatError(ValueError):
    """A definition file that cannot describe a line format; the message names the file and key."""


@dataclass(frozen=True)
class LineFormat:
    name: str
    pattern: re.Pattern[str]
    fields: dict[str, str]
    encoding: str = "gbk"
    line_ending: bytes = b"\r\n"
    skip: tuple[re.Pattern[str], ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    qualitative: dict[str, str] = field(default_factory=dict)
    measured_at_format: str = ""
    template: str = ""  # how the simulator prints a reading: str.format over the Reading's fields

    def parse(self, line: str) -> dict[str, str] | None:
        """The Reading's fields from one line (without its ending), or None when it does not match."""
        match = self.pattern.search(line)
        if match is None:
            return None
        values = dict(self.defaults)
        for name, group in self.fields.items():
            text = match.group(group)
            if text is not None and text.strip():
                values[name] = text.strip()
        if "qualitative" in values:
            values["qualitative"] = self.qualitative.get(values["qualitative"], values["qualitative"])
        return values

    def measured_at(self, text: str) -> datetime | None:
        """A naive time on the printer's clock, or None when it does not fit the format."""
        try:
            return datetime.strptime(text, self.measured_at_format)  # noqa: DTZ007 - zoned by the adapter
        except ValueError:
            return None

    def skipped(self, line: str) -> bool:
        return not line.strip() or any(p.search(line) for p in self.skip)


def load_format(path: Path) -> LineFormat:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LineFormatError(f"{path}: {exc}") from exc
    return format_from_data(data, str(path))


def format_from_data(data: dict[str, Any], source: str = "definition") -> LineFormat:
    def text(key: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            raise LineFormatError(f"{source}: '{key}' must be a string")
        return value

    def table(key: str) -> dict[str, str]:
        value = data.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise LineFormatError(f"{source}: [{key}] must map names to strings")
        return dict(value)

    try:
        pattern = re.compile(text("pattern"))
        skip = data.get("skip", [])
        if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
            raise LineFormatError(f"{source}: 'skip' must be a list of patterns")
        skips = tuple(re.compile(s) for s in skip)
    except re.error as exc:
        raise LineFormatError(f"{source}: a pattern is not a regular expression: {exc}") from exc
    fields, defaults = table("fields"), table("defaults")
    unknown = sorted((set(fields) | set(defaults)) - set(FIELDS))
    if unknown:
        raise LineFormatError(f"{source}: unknown fields {', '.join(unknown)}; known: {', '.join(FIELDS)}")
    missing_groups = sorted(g for g in fields.values() if g not in pattern.groupindex)
    if missing_groups:
        raise LineFormatError(f"{source}: the pattern has no group named {', '.join(missing_groups)}")
    missing = [f for f in _REQUIRED if f not in fields and f not in defaults]
    if missing:
        raise LineFormatError(f"{source}: no group or default gives {', '.join(missing)}")
    ending = text("line_ending", "\r\n")
    if ending not in _ENDINGS:
        raise LineFormatError(f"{source}: line_ending must be \\r\\n, \\n or \\r")
    encoding = text("encoding", "gbk")
    try:
        "".encode(encoding)
    except LookupError as exc:
        raise LineFormatError(f"{source}: unknown encoding {encoding}") from exc
    measured_format = text("measured_at_format", "")
    if "measured_at" in fields and not measured_format:
        raise LineFormatError(f"{source}: measured_at needs measured_at_format")
    return LineFormat(text("name", source), pattern, fields, encoding, _ENDINGS[ending], skips, defaults,
                      table("qualitative"), measured_format, text("template", ""))
