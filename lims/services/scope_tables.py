"""An ability table (能力附表) from Excel and back.

The columns are those printed on the certificate's annex: 序号, 类别, 名称, 依据的标准（方法）
名称及编号（含年号）, 限制范围, 说明, 所在实验场所. Real files are messy, and the reader takes them
as they come: merged cells (a category written once over its rows), hierarchical numbers
("1.1", "１．２"), a 类别 column that holds either the row's kind (产品 / 项目 / 参数) or the
product section's name, aliases in brackets, markers glued to names, full-width characters and
method identifiers that are not GB numbers. ``preview`` says what was understood and what was
not before anything is stored; ``import_table`` stores nothing unless every row was understood,
and refuses a file that prints another certificate's number. ``export_table`` writes the newest
version in the same layout, so an exported file imports again."""
from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import AbilityTable, ScopeRow
from lims.domain.accounts import Duty
from lims.domain.enums import AuditAction
from lims.domain.errors import ImportRejected, LimsError, NotFound, RowProblem, ValidationError
from lims.domain.scope import fold, parse_limits, parse_methods, parse_name
from lims.domain.text import clean_text
from lims.services import audit, authority
from lims.services.dto import Actor
from lims.services.fields import clean
from lims.services.scope import certificate_by_number, forget
from lims.services.spreadsheet import HEADER_SEARCH_ROWS, MAX_COLUMNS, MAX_ROWS, cell_text, check_workbook

# field -> header beginnings accepted (folded); the first is what the export writes
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "no"),
    "category": ("类别", "类型", "category"),
    "name": ("名称", "产品/项目/参数", "项目名称", "参数名称", "name"),
    "method": ("依据的标准(方法)名称及编号(含年号)", "依据的标准", "检测标准", "标准(方法)", "method"),
    "limits": ("限制范围", "限制", "limits"),
    "remark": ("说明", "备注", "remark"),
    "site": ("所在实验场所", "实验场所", "场所", "site"),
}
REQUIRED = ("number", "name", "method")
EXPORT_HEADERS = ("序号", "类别", "名称", "依据的标准（方法）名称及编号（含年号）", "限制范围", "说明", "所在实验场所")
_KIND_WORDS = {"产品": "product", "product": "product", "项目": "item", "item": "item", "参数": "parameter",
               "parameter": "parameter", "检测项目": "parameter", "检测参数": "parameter"}
_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")
_CERT_NUMBER = re.compile(r"(?:证书编号|证书号|资质认定证书编号|考核证书编号|证书)[:：]\s*(\S+)")
_APPROVED = re.compile(
    r"(?:批准日期|批准时间|发证日期|颁发日期)[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")


@dataclass(frozen=True)
class PreviewRow:
    sheet_row: int
    seq: int
    number: str
    category: str  # product / item / parameter
    name: str  # as printed
    main: str  # the name understood, markers and brackets taken off
    aliases: tuple[str, ...]
    includes: tuple[str, ...]
    method_text: str
    methods: tuple[str, ...]  # "GB 23200.113-2018"
    limits_of_use: str
    limits_understood: bool  # False: tests under this row will need a person's review
    remark: str
    site: str
    section: str  # the product section the row sits under


@dataclass(frozen=True)
class TablePreview:
    file: str
    certificate: str  # the target certificate's number
    printed_certificate: str | None  # the number the file prints, if it prints one
    approved_on: date | None
    approved_from_file: bool
    rows: tuple[PreviewRow, ...]
    problems: tuple[RowProblem, ...]  # what was not understood: nothing is stored while any remain
    notes: tuple[RowProblem, ...]  # understood, but worth a look (limits of use needing review)

    @property
    def ok(self) -> bool:
        return not self.problems and self.approved_on is not None and bool(self.rows)


@dataclass(frozen=True)
class ImportedTable:
    certificate: str
    version_no: int
    approved_on: date
    rows: int
    parameters: int


def _open(path: Path) -> list[list[str]]:
    """The first sheet's cells as text, every merged range filled with its top-left value."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_workbook(path)
    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError,
            TypeError, SyntaxError):
        raise ValidationError("{path} cannot be read as an Excel workbook: save it as .xlsx and try again",
                              field="file", path=str(path)) from None
    try:
        sheet = book.worksheets[0]
        if sheet.max_row > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ValidationError("{file} has more than {limit} rows: split it into smaller workbooks",
                                  field="file", file=path.name, limit=MAX_ROWS)
        width = min(sheet.max_column, MAX_COLUMNS)
        grid = [[cell_text(v) for v in row] for row in sheet.iter_rows(
            min_row=1, max_row=sheet.max_row, max_col=width, values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
            for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
                for c in range(merged.min_col, min(merged.max_col, width) + 1):
                    grid[r - 1][c - 1] = top
        return grid
    finally:
        book.close()


def _header(grid: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for col, text in enumerate(row):
            key = fold(text)
            for name, starts in HEADERS.items():
                if name not in found and key and any(key.startswith(fold(h)) for h in starts):
                    found[name] = col
                    break
        if all(r in found for r in REQUIRED):
            return index, found
    return None


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col + 1))


def read_preview(path: Path, certificate: str, approved: date | None) -> TablePreview:
    grid = _open(path)
    found = _header(grid)
    if found is None:
        raise ValidationError(
            "No header row in the first {n} rows of {file}: an ability table needs the columns 序号, 名称 and "
            "依据的标准（方法）名称及编号（含年号）", field="file", n=HEADER_SEARCH_ROWS, file=path.name)
    header_index, columns = found
    above = " ".join(t for row in grid[:header_index] for t in row if t)
    printed = _CERT_NUMBER.search(unicodedata.normalize("NFKC", above))
    printed_number = printed.group(1).strip() if printed else None
    if printed_number is not None and fold(printed_number) != fold(certificate):
        raise ValidationError(
            "{file} is the ability table of certificate {printed}, not of {target}: nothing was imported",
            field="file", file=path.name, printed=printed_number, target=certificate)
    stated = _APPROVED.search(unicodedata.normalize("NFKC", above))
    approved_on = approved
    from_file = False
    if stated is not None:
        try:
            approved_on, from_file = date(int(stated[1]), int(stated[2]), int(stated[3])), True
        except ValueError:
            raise ValidationError("The approval date {text} printed in {file} is not a day of the calendar",
                                  field="approved", text=stated[0], file=path.name) from None
    header_row = grid[header_index]
    rows: list[PreviewRow] = []
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    section_name = ""
    section_number = ""
    sections = 0
    in_section = 0
    for offset, values in enumerate(grid[header_index + 1:], start=header_index + 2):
        def cell(name: str, values: list[str] = values) -> str:
            col = columns.get(name)
            return values[col] if col is not None and col < len(values) else ""

        def problem(name: str, error: LimsError, sheet_row: int = offset) -> RowProblem:
            col = columns.get(name)
            return RowProblem(sheet_row, _letter(col) if col is not None else "",
                              header_row[col] if col is not None else name, error)

        texts: dict[str, str] = {}
        bad = False
        for name in columns:
            try:
                texts[name] = clean_text(cell(name), field=name, max_length=None, multiline=False) \
                    if name != "method" else " ".join(cell(name).split())
            except ValidationError as exc:
                problems.append(problem(name, exc))
                texts[name] = ""
                bad = True
        if not any(texts.values()) or bad:
            continue
        number = unicodedata.normalize("NFKC", texts.get("number", "")).strip().rstrip(".").replace("-", ".")
        kind_text = texts.get("category", "")
        kind = _KIND_WORDS.get(fold(kind_text))
        name = texts.get("name", "")
        if kind is None and kind_text and fold(kind_text) != fold(section_name):
            # the 类别 column names the product section (often merged over its rows)
            sections += 1
            in_section = 0
            section_name = kind_text
            section_number = number.split(".")[0] if "." in number else str(sections)
            rows.append(PreviewRow(offset, len(rows) + 1, section_number, "product", kind_text,
                                   parse_name(kind_text).main, (), (), "", (), "", True, "", "", ""))
            if not name or fold(name) == fold(kind_text):
                continue
        if not name:
            problems.append(problem("name", ValidationError("This cell is empty", field="name")))
            continue
        method_text = texts.get("method", "")
        if kind is None:
            kind = "parameter" if method_text else "product"
        if number and not _NUMBER.match(number):
            problems.append(problem("number", ValidationError(
                "'{number}' is not a row number such as 1 or 1.2", field="number", number=number)))
            continue
        if kind == "product":
            sections += 1
            in_section = 0
            section_name = name
            section_number = number or str(sections)
            rows.append(PreviewRow(offset, len(rows) + 1, section_number, "product", name, parse_name(name).main,
                                   (), (), "", (), "", True, texts.get("remark", ""), texts.get("site", ""), ""))
            continue
        in_section += 1
        if not number or "." not in number:
            number = f"{section_number}.{number or in_section}" if section_number else (number or str(in_section))
        methods = parse_methods(method_text)
        if kind == "item" and not method_text:
            # an item (项目) that only groups the parameter rows under it
            rows.append(PreviewRow(offset, len(rows) + 1, number, "item", name, parse_name(name).main, (), (), "",
                                   (), "", True, texts.get("remark", ""), texts.get("site", ""), section_name))
            continue
        if not methods:
            problems.append(problem("method", ValidationError(
                "No method standard with its year in '{text}', e.g. GB 23200.113-2018 or NY/T 761-2008",
                field="method", text=method_text)))
            continue
        parsed = parse_name(name)
        limits = parse_limits(texts.get("limits", ""))
        if not limits.understood:
            notes.append(problem("limits", ValidationError(
                "The limits of use '{text}' cannot be checked against a test's data: its tests will need a "
                "person's review", field="limits", text=limits.text)))
        for field, column in (("name", ScopeRow.name), ("method", ScopeRow.method_text),
                              ("limits", ScopeRow.limits_of_use), ("remark", ScopeRow.remark),
                              ("site", ScopeRow.site)):
            try:
                clean(texts.get(field, ""), column, field=field)
            except ValidationError as exc:
                problems.append(problem(field, exc))
        rows.append(PreviewRow(
            offset, len(rows) + 1, number, kind, name, parsed.main, parsed.aliases, parsed.includes, method_text,
            tuple(str(m) for m in methods), limits.text, limits.understood, texts.get("remark", ""),
            texts.get("site", ""), section_name))
    return TablePreview(path.name, certificate, printed_number, approved_on, from_file, tuple(rows),
                        tuple(problems), tuple(notes))


def import_rows(s: Session, actor: Actor, certificate_number: str, preview: TablePreview) -> ImportedTable:
    """Store a previewed table as the certificate's next version (audited), or refuse it whole."""
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    cert = certificate_by_number(s, certificate_number)
    if preview.problems:
        raise ImportRejected("{file}: {bad} row(s) were not understood; nothing was imported",
                             problems=preview.problems, field="file", file=preview.file,
                             bad=len({p.row for p in preview.problems}))
    if not preview.rows:
        raise ValidationError("{file} holds no ability-table rows under its header", field="file", file=preview.file)
    if preview.approved_on is None:
        raise ValidationError("{file} states no approval date: give the date the table was approved",
                              field="approved", file=preview.file)
    version_no = (s.scalar(select(func.max(AbilityTable.version_no))
                           .where(AbilityTable.certificate_id == cert.id)) or 0) + 1
    table = AbilityTable(certificate_id=cert.id, version_no=version_no, approved_on=preview.approved_on,
                         note=f"imported from {preview.file}"[:500])
    s.add(table)
    s.flush()
    for row in preview.rows:
        s.add(ScopeRow(ability_table_id=table.id, seq=row.seq, category=row.category, number=row.number[:20],
                       name=row.name, method_text=row.method_text, standard_id=None,
                       limits_of_use=row.limits_of_use, remark=row.remark, site=row.site))
    parameters = sum(r.category == "parameter" for r in preview.rows)
    audit.record(s, actor, "certificate", cert.id, AuditAction.UPDATE, {
        "ability_table": [None, {"version_no": version_no, "approved_on": preview.approved_on.isoformat(),
                                 "rows": len(preview.rows), "parameters": parameters, "file": preview.file}],
    })
    forget(s)
    return ImportedTable(cert.number, version_no, preview.approved_on, len(preview.rows), parameters)


class ScopeTableService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def preview(self, path: str | Path, certificate_number: str, approved: date | None = None) -> TablePreview:
        """What the file holds, understood or not; refuses a file of another certificate."""
        with self._sessions() as s:
            cert = certificate_by_number(s, certificate_number)
            number = cert.number
        return read_preview(Path(path), number, approved)

    def import_table(self, actor: Actor, path: str | Path, certificate_number: str,
                     approved: date | None = None) -> ImportedTable:
        preview = self.preview(path, certificate_number, approved)
        with self._sessions.begin() as s:
            return import_rows(s, actor, certificate_number, preview)

    def export_table(self, certificate_number: str, path: str | Path) -> int:
        """The newest version of the certificate's table written in the annex's layout; returns
        the rows written."""
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        with self._sessions() as s:
            cert = certificate_by_number(s, certificate_number)
            table = s.scalars(select(AbilityTable).where(AbilityTable.certificate_id == cert.id)
                              .order_by(AbilityTable.version_no.desc()).limit(1)).first()
            if table is None:
                raise NotFound("The certificate {number} has no ability table yet", number=cert.number)
            rows = list(s.scalars(select(ScopeRow).where(ScopeRow.ability_table_id == table.id)
                                  .order_by(ScopeRow.seq, ScopeRow.id)))
            kind, number, holder, approved_on = cert.kind, cert.number, cert.holder, table.approved_on
        book = Workbook()
        sheet = book.create_sheet("能力附表", 0)
        book.remove(book.worksheets[1])
        sheet.append([f"{kind} 能力附表 {holder}"])
        sheet.append([f"证书编号：{number}", "", f"批准日期：{approved_on.isoformat()}"])
        sheet.append(list(EXPORT_HEADERS))
        words = {"product": "产品", "item": "项目", "parameter": "参数"}
        for r in rows:
            sheet.append([r.number, words.get(r.category, r.category), r.name, r.method_text, r.limits_of_use,
                          r.remark, r.site])
        sheet["A1"].font = Font(bold=True, size=14)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for letter, width in zip("ABCDEFG", (8, 8, 30, 60, 30, 20, 24), strict=True):
            sheet.column_dimensions[letter].width = width
        path = Path(path)
        try:
            book.save(path)
        except OSError as exc:
            raise ValidationError("{path} cannot be written: {why}", field="out", path=str(path),
                                  why=exc.strerror or str(exc)) from None
        return len(rows)

