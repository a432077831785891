"""Reading a table a person keeps in Excel: the header row is found by its column names (in
Chinese or English, folded like names), and every data row keeps its spreadsheet row number
and column letters so a problem can be shown where the person will look for it."""
from __future__ import annotations

import zipfile
import zlib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lims.domain.errors import LimsError, NotFound, RowProblem, ValidationError
from lims.domain.names import bracket_parts, name_key
from lims.domain.text import clean_text

HEADER_SEARCH_ROWS = 10  # official tables often carry a title line or two above the header

# What a workbook may hold before it is opened: checked on the zip's directory, so a small file
# that unpacks to gigabytes (a "zip bomb") is refused without unpacking any of it. Python's
# zipfile never gives more than a part's declared size, so the declared sizes bound the reading.
MAX_FILE_BYTES = 64 * 1024 * 1024  # the .xlsx as saved
MAX_PARTS = 1000  # files inside the zip: a sheet, its styles, shared strings, ...
MAX_PART_BYTES = 96 * 1024 * 1024  # one part unpacked (a 50,000-row sheet is about 50 MB)
MAX_TOTAL_BYTES = 192 * 1024 * 1024  # all parts unpacked
MAX_ROWS = 50_000  # rows with data under the header (blank rows are bounded by the sheet's size)
MAX_COLUMNS = 256  # columns read; a sheet declaring 16,384 is not padded to them


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

    def cleaned(self, lengths: Mapping[str, int | None], multiline: Collection[str] = ()
                ) -> tuple[SheetRow, list[RowProblem]]:
        """The row with every cell's text cleaned (lims.domain.text): invisible characters
        dropped; a direction control, a control character (a line break outside the
        ``multiline`` columns) or more characters than ``lengths`` allows the column (None: no
        bound) is the cell's problem."""
        cells: dict[str, Cell] = {}
        problems: list[RowProblem] = []
        for name, cell in self.cells.items():
            try:
                text = clean_text(cell.text, field=name, max_length=lengths.get(name),
                                  multiline=name in multiline)
            except ValidationError as exc:
                problems.append(self.problem(name, exc))
                text = ""
            cells[name] = Cell(cell.column, cell.header, text)
        return SheetRow(self.number, cells), problems


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


def open_workbook(path: Path) -> Any:
    """The workbook, read-only with cached values, once check_workbook has bounded it; a file
    openpyxl cannot read is a clear refusal, never a traceback."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_workbook(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError, TypeError,
            SyntaxError):
        # SyntaxError: a part that is not well-formed XML (xml.etree's ParseError)
        raise ValidationError(
            "{path} cannot be read as an Excel workbook: save it as .xlsx and try again",
            field="file", path=str(path),
        ) from None


def read_sheet(path: Path, spec: SheetSpec) -> Iterator[SheetRow]:
    """The non-blank rows under the header of the workbook's first sheet. The workbook is
    bounded first (check_workbook), and more than MAX_ROWS rows refuse the whole table: a caller
    collects the rows before it stores any, so nothing of such a table is stored."""
    # openpyxl loads only when a table is read: it costs every start-up ~0.4 s otherwise
    from openpyxl.utils import get_column_letter

    book = open_workbook(path)
    keys = {name_key(h): name for name, headers in spec.headers.items() for h in headers}
    try:
        columns: dict[str, tuple[int, str]] | None = None
        rows = 0
        for number, values in enumerate(book.worksheets[0].iter_rows(
                min_row=1, max_col=MAX_COLUMNS, values_only=True), start=1):
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
                rows += 1
                if rows > MAX_ROWS:
                    raise ValidationError(
                        "{file} has more than {limit} rows: split it into smaller workbooks",
                        field="file", file=path.name, limit=MAX_ROWS,
                    )
                yield SheetRow(number, cells)
        if columns is None:
            raise ValidationError(
                "No header row in the first {n} rows of {file}: the table needs the columns {columns}",
                field="file", n=HEADER_SEARCH_ROWS, file=path.name, columns=spec.required_text(),
            )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, SyntaxError):
        # a part that does not unpack (bad data or checksum) or is not well-formed XML
        raise ValidationError(
            "{path} cannot be read as an Excel workbook: save it as .xlsx and try again",
            field="file", path=str(path),
        ) from None
    finally:
        book.close()


def check_workbook(path: Path) -> None:
    """Refuse a workbook that is missing, is no zip archive (an .xlsx is one), or whose parts
    would unpack beyond the bounds above; only the zip's directory is read."""
    if not path.is_file():
        raise NotFound("The file {path} does not exist", path=str(path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            "{file} is {size} MB; a workbook to import may be at most {limit} MB",
            field="file", file=path.name, size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES),
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError(
            "{path} cannot be read as an Excel workbook: save it as .xlsx and try again",
            field="file", path=str(path),
        ) from None
    if len(parts) > MAX_PARTS:
        raise ValidationError(
            "{file} holds {parts} parts; a workbook to import may hold at most {limit}",
            field="file", file=path.name, parts=len(parts), limit=MAX_PARTS,
        )
    total = 0
    for part in parts:
        if part.file_size > MAX_PART_BYTES or part.compress_size > MAX_FILE_BYTES:
            raise ValidationError(
                "{file} would unpack its part {part} to {size} MB, more than the {limit} MB a workbook "
                "to import may hold: it is refused unread",
                field="file", file=path.name, part=part.filename, size=_megabytes(part.file_size),
                limit=_megabytes(MAX_PART_BYTES),
            )
        total += part.file_size
    if total > MAX_TOTAL_BYTES:
        raise ValidationError(
            "{file} would unpack to {size} MB, more than the {limit} MB a workbook to import may hold: "
            "it is refused unread",
            field="file", file=path.name, size=_megabytes(total), limit=_megabytes(MAX_TOTAL_BYTES),
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


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
