"""Reading a table a person keeps in Excel: the header row is found by its column names (in
Chinese or English, folded like names), and every data row keeps its spreadsheet row number
and column letters so a problem can be shown where the person will look for it."""
from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lims.domain.errors import LimsError, NotFound, RowProblem, ValidationError
from lims.domain.names import bracket_parts, name_key

HEADER_SEARCH_ROWS = 10  # official tables often carry a title line or two above the header


@dataclass(frozen=True)
class Cell:
    column: str  # "C"
    header: str  # as written in the file
    text: str


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet shows it
    cells: dict[str, Cell]  # by field name

    def text(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.text if cell else ""

    def problem(self, name: str, error: LimsError) -> RowProblem:
        cell = self.cells.get(name)
        return RowProblem(self.number, cell.column if cell else "", cell.header if cell else name, error)


@dataclass(frozen=True)
class SheetSpec:
    """The columns a table may have: field name -> accepted headers (the first is shown in
    messages). The header row is the first row naming every ``identifying`` column; it must
    also name every ``required`` one."""

    headers: Mapping[str, tuple[str, ...]]
    identifying: tuple[str, ...]
    required: tuple[str, ...]

    def required_text(self) -> str:
        return ", ".join(f"{self.headers[c][0]}/{c}" for c in self.required)


def read_sheet(path: Path, spec: SheetSpec) -> Iterator[SheetRow]:
    """The non-blank rows under the header of the workbook's first sheet."""
    # openpyxl loads only when a table is read: it costs every start-up ~0.4 s otherwise
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise NotFound("The file {path} does not exist", path=str(path))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise ValidationError(
            "{path} cannot be read as an Excel workbook: save it as .xlsx and try again",
            field="file", path=str(path),
        ) from None
    keys = {name_key(h): name for name, headers in spec.headers.items() for h in headers}
    try:
        columns: dict[str, tuple[int, str]] | None = None
        for number, values in enumerate(book.worksheets[0].iter_rows(min_row=1, values_only=True), start=1):
            if columns is None:
                columns = _header(values, number, spec, keys)
                if columns is None and number >= HEADER_SEARCH_ROWS:
                    break
                continue
            cells = {
                name: Cell(get_column_letter(index + 1), header,
                           cell_text(values[index]) if index < len(values) else "")
                for name, (index, header) in columns.items()
            }
            if any(c.text for c in cells.values()):
                yield SheetRow(number, cells)
        if columns is None:
            raise ValidationError(
                "No header row in the first {n} rows of {file}: the table needs the columns {columns}",
                field="file", n=HEADER_SEARCH_ROWS, file=path.name, columns=spec.required_text(),
            )
    finally:
        book.close()


def _header(values: tuple[object, ...], number: int, spec: SheetSpec,
            keys: dict[str, str]) -> dict[str, tuple[int, str]] | None:
    found: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(values):
        text = cell_text(value)
        key = name_key(text)
        name = keys.get(key) or keys.get(bracket_parts(key)[0])
        if name and name not in found:
            found[name] = (index, text)
    if any(c not in found for c in spec.identifying):
        return None
    missing = [c for c in spec.required if c not in found]
    if missing:
        raise ValidationError(
            "The header row {row} has no column for {missing}: accepted headers are {accepted}",
            field="file", row=number,
            missing=", ".join(f"{spec.headers[c][0]}/{c}" for c in missing),
            accepted="; ".join(" ".join(spec.headers[c]) for c in missing),
        )
    return found


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ".0" (years typed as numbers), other numbers by
    their shortest repr (0.05, never 0.05000000000000000277)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    return str(value).strip()


def required(row: SheetRow, name: str) -> str:
    text = row.text(name)
    if not text:
        raise ValidationError("This cell is empty", field=name)
    return text
