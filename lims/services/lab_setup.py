"""A lab's set-up in one workbook: the product tree, parameters, standards, methods, panels,
areas, producers, sampling tasks, kit lots, instruments and authorisations, a sheet each.

``export_workbook`` writes the sheets in a layout people fill in (a frozen header row, widths,
every cell as text so nothing becomes a formula); ``import_workbook`` checks every cell and adds
or updates rows by their natural keys (names, codes, standard number with year, credit codes,
usernames). The whole import is one transaction: a bad cell anywhere (named by sheet, row and
column) rolls everything back, audit events included. Export then import moves a set-up from
one database to another.

The starter reference data (resources/reference/starter.json) holds rows of the same sheets and
goes through the same checks (``import_starter``): the food category tree of GB 2763 Appendix A,
the priority parameters and the method standards they are tested by. It carries no limit value."""
from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import flag_modified

from lims.db.models import (
    Area,
    Authorization,
    Instrument,
    KitLot,
    Method,
    Panel,
    PanelItem,
    Parameter,
    Producer,
    Product,
    Standard,
    Task,
    User,
)
from lims.domain import credit_code
from lims.domain.accounts import Duty
from lims.domain.audit_chain import field_changes
from lims.domain.enums import (
    AreaLevel,
    AuditAction,
    MethodKind,
    ParameterKind,
    ProducerKind,
    StandardKind,
    TaskKind,
)
from lims.domain.errors import ImportRejected, LimsError, NotFound, RowProblem, ValidationError
from lims.domain.names import name_key
from lims.domain.rounding import check_digits, parse_decimal, plain
from lims.domain.units import is_known_unit, parse_unit
from lims.services import audit, authority
from lims.services.catalogue import forget
from lims.services.dto import Actor
from lims.services.fields import clean
from lims.services.spreadsheet import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    Cell,
    SheetRow,
    cell_text,
    open_workbook,
)

STARTER_FILE = Path(__file__).resolve().parents[2] / "resources" / "reference" / "starter.json"
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

# --- the sheets ------------------------------------------------------------------------------


class FieldKind(StrEnum):
    """How a column's cell reads, so the application's edit form offers the right input for it."""

    TEXT = "text"
    CHOICE = "choice"  # one of ``Column.choices``
    FLAG = "flag"  # 是 / 否
    DATE = "date"  # YYYY-MM-DD
    NUMBER = "number"
    REF = "ref"  # an entry of the list ``Column.refers`` names, by its natural key
    JSON = "json"


# the words a choice is exported as (the stored value is accepted too)
PARAMETER_KIND_WORDS = {
    ParameterKind.PESTICIDE: "农药", ParameterKind.VETERINARY_DRUG: "兽药",
    ParameterKind.BANNED_SUBSTANCE: "禁用物质", ParameterKind.CONTAMINANT: "污染物", ParameterKind.QUALITY: "品质",
    ParameterKind.ELEMENT: "元素", ParameterKind.TOXIN: "生物毒素",
}
STANDARD_KIND_WORDS = {
    StandardKind.METHOD: "方法标准", StandardKind.LIMIT: "限量标准", StandardKind.PRODUCT: "产品标准",
}
METHOD_KIND_WORDS = {
    MethodKind.LABORATORY: "实验室方法", MethodKind.ENZYME_INHIBITION: "酶抑制法", MethodKind.COLLOIDAL_GOLD: "胶体金",
}
AREA_LEVEL_WORDS = {
    AreaLevel.LEAGUE_CITY: "盟市", AreaLevel.BANNER_COUNTY: "旗县", AreaLevel.TOWNSHIP: "苏木乡镇",
    AreaLevel.VILLAGE: "嘎查村",
}
PRODUCER_KIND_WORDS = {
    ProducerKind.ENTERPRISE: "企业", ProducerKind.COOPERATIVE: "合作社", ProducerKind.FAMILY_FARM: "家庭农场",
    ProducerKind.SMALLHOLDER: "散户", ProducerKind.SLAUGHTERHOUSE: "屠宰场", ProducerKind.MARKET: "市场",
}
TASK_KIND_WORDS = {
    TaskKind.ROUTINE_MONITORING: "例行监测", TaskKind.SUPERVISION_SAMPLING: "监督抽查",
    TaskKind.SPECIAL_MONITORING: "专项监测", TaskKind.COMMISSIONED_TEST: "委托检验",
    TaskKind.RAPID_CONFIRMATION: "速测复检",
}
YES, NO = "是", "否"
_YES_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "对"}
_NO_WORDS = {"否", "n", "no", "false", "0", "×", "x", "不"}
_DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the export writes it; English ``key`` is accepted too
    width: int = 14
    required: bool = False
    kind: FieldKind = FieldKind.TEXT
    choices: tuple[tuple[str, str], ...] = ()  # CHOICE: (stored value, word as exported)
    refers: str = ""  # REF: the sheet's title (or USERS) whose entries the cell names
    fixed: bool = False  # part of what the entry is: an edit in the application keeps it


def _choice(key: str, header: str, width: int, words: dict[E, str], required: bool = True) -> Column:
    return Column(key, header, width, required, FieldKind.CHOICE, tuple((m.value, w) for m, w in words.items()))


def _ref(key: str, header: str, width: int, refers: str, required: bool = False, fixed: bool = False) -> Column:
    return Column(key, header, width, required, FieldKind.REF, refers=refers, fixed=fixed)


def _flag(key: str, header: str, width: int = 10) -> Column:
    return Column(key, header, width, kind=FieldKind.FLAG)


def _date(key: str, header: str, required: bool = False) -> Column:
    return Column(key, header, 12, required, FieldKind.DATE)


# a retired entry stays for the records that name it and is offered for no new one; an empty
# cell leaves the entry as it is
RETIRED = _flag("retired", "停用", 8)
USERS = "用户"  # what an authorisation's person column refers to: the user accounts


class Retire(StrEnum):
    """What retiring an entry of a sheet does in the application."""

    FLAG = "flag"  # the entry's ``active`` flag (the 停用 column)
    REMOVE = "remove"  # nothing points to it: it is taken out (a panel's item)
    NONE = "none"


@dataclass(frozen=True)
class SheetDef:
    title: str
    columns: tuple[Column, ...]
    identifying: tuple[str, ...]  # the header row is the first naming these
    entity: str = ""  # as the audit trail names its entries
    retire: Retire = Retire.FLAG

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)


PRODUCTS = SheetDef("产品分类", (
    Column("code", "编码", 14), Column("name", "名称", 24, True), _ref("parent", "上级", 14, "产品分类"),
    _flag("is_category", "是否类别"), Column("aliases", "别名", 24), RETIRED), ("name",), "product")
PARAMETERS = SheetDef("检测参数", (
    Column("name", "名称", 22, True), Column("aliases", "别名", 30), Column("name_en", "英文名", 30),
    Column("cas_no", "CAS号", 14), _choice("kind", "类别", 12, PARAMETER_KIND_WORDS), _flag("banned", "禁用物质"),
    RETIRED), ("name",), "parameter")
STANDARDS = SheetDef("标准", (
    Column("number", "标准号", 22, True), Column("year", "年号", 8, True), Column("title", "名称", 50, True),
    _choice("kind", "类型", 12, STANDARD_KIND_WORDS), _date("in_force_from", "实施日期"),
    _date("in_force_to", "废止日期"), _ref("replaced_by", "被替代为", 22, "标准"), RETIRED), ("number",), "standard")
METHODS = SheetDef("方法", (
    _ref("parameter", "参数", 22, "检测参数", True, fixed=True),
    _ref("standard", "标准（含年号）", 26, "标准", True, fixed=True),
    _choice("kind", "方法类型", 14, METHOD_KIND_WORDS), Column("technique", "技术", 24),
    Column("lod", "检出限", 10, kind=FieldKind.NUMBER), Column("loq", "定量限", 10, kind=FieldKind.NUMBER),
    Column("unit", "单位", 10, True), Column("reporting_digits", "报告位数", 10, kind=FieldKind.NUMBER), RETIRED),
    ("parameter", "standard"), "method")
PANELS = SheetDef("检测套餐", (
    _ref("product", "产品", 14, "产品分类", True, fixed=True), Column("panel", "套餐名称", 28, True, fixed=True),
    _ref("parameter", "参数", 22, "检测参数", True, fixed=True),
    _ref("method", "方法（标准含年号）", 26, "方法", True)),
    ("product", "parameter"), "panel", Retire.REMOVE)
AREAS = SheetDef("区域", (
    Column("code", "编码", 16), Column("name", "名称", 20, True), _choice("level", "级别", 12, AREA_LEVEL_WORDS),
    _ref("parent", "上级", 16, "区域"), RETIRED), ("name", "level"), "area")
PRODUCERS = SheetDef("受检单位", (
    Column("name", "名称", 36, True), Column("credit_code", "统一社会信用代码", 22),
    _choice("kind", "类型", 12, PRODUCER_KIND_WORDS), Column("contact", "联系人", 12), Column("phone", "电话", 16),
    Column("address", "地址", 36), _ref("area", "区域", 16, "区域"), RETIRED), ("name",), "producer")
TASKS = SheetDef("抽样任务", (
    Column("code", "任务编号", 16, True), _choice("kind", "任务类型", 12, TASK_KIND_WORDS),
    Column("title", "任务名称", 40, True), Column("issuer", "下达单位", 28), _date("starts_on", "开始日期"),
    _date("ends_on", "结束日期"), Column("planned_batches", "计划批次", 10, kind=FieldKind.NUMBER), RETIRED),
    ("code", "title"), "task")
KIT_LOTS = SheetDef("试剂批次", (
    Column("name", "名称", 26, True), Column("maker", "生产商", 24), Column("lot_no", "批号", 16, True),
    _choice("method_kind", "方法类型", 12, METHOD_KIND_WORDS), _ref("parameter", "参数", 18, "检测参数"),
    Column("cutoffs", "判定阈值（JSON）", 40, kind=FieldKind.JSON), _date("expires_on", "有效期至"), RETIRED),
    ("name", "lot_no"), "kit_lot")
INSTRUMENTS = SheetDef("仪器", (
    Column("name", "名称", 28, True), Column("model", "型号", 16), Column("serial_no", "出厂编号", 18),
    Column("adapter", "适配器", 18, True), Column("port", "端口", 20),
    Column("settings", "设置（JSON）", 40, kind=FieldKind.JSON)), ("name", "adapter"), "instrument", Retire.NONE)
AUTHORIZATIONS = SheetDef("人员授权", (
    _ref("username", "用户名", 12, USERS, True, fixed=True),
    _ref("parameter", "参数", 22, "检测参数", True, fixed=True),
    _ref("method", "方法（标准含年号，空为不限）", 28, "方法", fixed=True), _flag("may_test", "可检测", 8),
    _flag("may_sign", "可签字", 8), _date("valid_from", "生效日期", True), _date("valid_to", "失效日期"), RETIRED),
    ("username", "parameter"), "authorization")

# in the order they are imported: a sheet refers only to rows of the sheets before it
SHEETS: tuple[SheetDef, ...] = (
    PRODUCTS, PARAMETERS, STANDARDS, METHODS, PANELS, AREAS, PRODUCERS, TASKS, KIT_LOTS, INSTRUMENTS,
    AUTHORIZATIONS,
)
SHEETS_BY_TITLE = {d.title: d for d in SHEETS}


# --- what an import did ----------------------------------------------------------------------


@dataclass(frozen=True)
class SheetCount:
    sheet: str
    rows: int
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class SetupReport:
    file: str
    sheets: tuple[SheetCount, ...]

    @property
    def created(self) -> int:
        return sum(c.created for c in self.sheets)

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.sheets)

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.sheets)


# --- the service -----------------------------------------------------------------------------


class LabSetupService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def export_workbook(self, path: str | Path) -> dict[str, int]:
        """Write every list to ``path``, a sheet each; the rows written per sheet."""
        with self._sessions() as s:
            return export_workbook(s, Path(path))

    def import_workbook(self, actor: Actor, path: str | Path) -> SetupReport:
        path = Path(path)
        sheets = read_workbook(path)
        with self._sessions.begin() as s:
            return import_sheets(s, actor, sheets, path.name)

    def import_starter(self, actor: Actor, path: Path = STARTER_FILE) -> SetupReport:
        sheets = read_starter(path)
        with self._sessions.begin() as s:
            return import_sheets(s, actor, sheets, path.name)

    def sheet_rows(self) -> dict[str, list[tuple[str, ...]]]:
        """Every sheet's rows as the export writes them (header first), for comparing two labs."""
        with self._sessions() as s:
            return {sheet.title: [sheet.headers, *rows] for sheet, rows in export_rows(s)}


# --- export ----------------------------------------------------------------------------------


def export_workbook(s: Session, path: Path) -> dict[str, int]:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from lims.services.sampling_lists import _text_cells

    book = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for sheet_def, rows in export_rows(s):
        sheet = book.create_sheet(sheet_def.title)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(sheet_def.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.append(_text_cells(sheet, sheet_def.headers))
        for row in rows:
            sheet.append(_text_cells(sheet, row))
        counts[sheet_def.title] = len(rows)
    book.save(path)
    return counts


@dataclass(frozen=True)
class Entry:
    """One row of a sheet as the export writes it, with the stored row it shows: ``id`` and
    ``version`` of that row (a panel's item: the item's id, the panel's version), ``active``
    False once retired."""

    id: int
    version: int
    active: bool
    cells: tuple[str, ...]


def export_rows(s: Session) -> Iterator[tuple[SheetDef, list[tuple[str, ...]]]]:
    """Each sheet with its rows as text, in an order that depends on the rows' names, not their ids."""
    texts = _SheetTexts(s)
    for sheet in SHEETS:
        yield sheet, [e.cells for e in texts.entries(sheet)]


def sheet_entries(s: Session, sheet: SheetDef) -> list[Entry]:
    """The entries of one sheet in the export's order."""
    return _SheetTexts(s).entries(sheet)


class _SheetTexts:
    """Rows as the sheets write them: choices as words, dates as YYYY-MM-DD, references by
    natural key (a parent's code, a standard as number-year, a method as its standard edition).
    Each list is read on first use."""

    def __init__(self, s: Session) -> None:
        self.s = s

    def entries(self, sheet: SheetDef) -> list[Entry]:
        made = getattr(self, f"_{_HANDLERS[sheet.title]}")()
        if sheet.title in (PRODUCTS.title, AREAS.title):
            return made  # parents before their children
        return sorted(made, key=lambda e: e.cells)

    @cached_property
    def products(self) -> dict[int, Product]:
        return {p.id: p for p in self.s.scalars(select(Product))}

    @cached_property
    def parameters(self) -> dict[int, Parameter]:
        return {p.id: p for p in self.s.scalars(select(Parameter))}

    @cached_property
    def standards(self) -> dict[int, Standard]:
        return {x.id: x for x in self.s.scalars(select(Standard))}

    @cached_property
    def methods(self) -> dict[int, Method]:
        return {m.id: m for m in self.s.scalars(select(Method))}

    @cached_property
    def areas(self) -> dict[int, Any]:
        # plain rows: a banner has thousands of villages
        return {a.id: a for a in self.s.execute(select(
            Area.id, Area.version, Area.active, Area.code, Area.name, Area.level, Area.parent_id))}

    def product_ref(self, product_id: int | None) -> str:
        p = self.products.get(product_id) if product_id is not None else None
        return "" if p is None else p.code or p.name

    def area_ref(self, area_id: int | None) -> str:
        a = self.areas.get(area_id) if area_id is not None else None
        return "" if a is None else a.code or a.name

    def standard_ref(self, standard_id: int | None) -> str:
        x = self.standards.get(standard_id) if standard_id is not None else None
        return "" if x is None else f"{x.number}-{x.year}"

    def method_ref(self, method_id: int | None) -> str:
        m = self.methods.get(method_id) if method_id is not None else None
        return "" if m is None else self.standard_ref(m.standard_id)

    def _products(self) -> list[Entry]:
        return [_entry(p, p.code or "", p.name, self.product_ref(p.parent_id), _yes_no(p.is_category), p.aliases,
                       _retired(p))
                for p in _tree_order(self.products.values(), lambda p: (p.code or "", p.name))]

    def _parameters(self) -> list[Entry]:
        return [_entry(p, p.name, p.aliases, p.name_en, p.cas_no or "", PARAMETER_KIND_WORDS[ParameterKind(p.kind)],
                       _yes_no(p.banned), _retired(p))
                for p in self.parameters.values()]

    def _standards(self) -> list[Entry]:
        return [_entry(x, x.number, x.year, x.title, STANDARD_KIND_WORDS[StandardKind(x.kind)], _iso(x.in_force_from),
                       _iso(x.in_force_to), self.standard_ref(x.replaced_by_id), _retired(x))
                for x in self.standards.values()]

    def _methods(self) -> list[Entry]:
        return [_entry(m, self.parameters[m.parameter_id].name, self.standard_ref(m.standard_id),
                       METHOD_KIND_WORDS[MethodKind(m.kind)], m.technique, _number(m.lod), _number(m.loq), m.unit,
                       str(m.reporting_digits), _retired(m))
                for m in self.methods.values()]

    def _panels(self) -> list[Entry]:
        panels = {p.id: p for p in self.s.scalars(select(Panel))}
        return [Entry(i.id, panels[i.panel_id].version, True, (
            self.product_ref(panels[i.panel_id].product_id), panels[i.panel_id].name,
            self.parameters[i.parameter_id].name, self.method_ref(i.method_id)))
            for i in self.s.scalars(select(PanelItem))]

    def _areas(self) -> list[Entry]:
        return [_entry(a, a.code or "", a.name, AREA_LEVEL_WORDS[AreaLevel(a.level)], self.area_ref(a.parent_id),
                       _retired(a))
                for a in _tree_order(self.areas.values(), lambda a: (a.code or "", a.name))]

    def _producers(self) -> list[Entry]:
        return [_entry(p, p.name, p.credit_code or "", PRODUCER_KIND_WORDS[ProducerKind(p.kind)], p.contact, p.phone,
                       p.address, self.area_ref(p.area_id), _retired(p))
                for p in self.s.execute(select(  # plain rows: a lab samples thousands of producers
                    Producer.id, Producer.version, Producer.active, Producer.name, Producer.credit_code, Producer.kind,
                    Producer.contact, Producer.phone, Producer.address, Producer.area_id))]

    def _tasks(self) -> list[Entry]:
        return [_entry(t, t.code, TASK_KIND_WORDS[TaskKind(t.kind)], t.title, t.issuer, _iso(t.starts_on),
                       _iso(t.ends_on), "" if t.planned_batches is None else str(t.planned_batches), _retired(t))
                for t in self.s.scalars(select(Task))]

    def _kit_lots(self) -> list[Entry]:
        return [_entry(k, k.name, k.maker, k.lot_no, METHOD_KIND_WORDS[MethodKind(k.method_kind)],
                       self.parameters[k.parameter_id].name if k.parameter_id in self.parameters else "",
                       _json_text(k.cutoffs_json), _iso(k.expires_on), _retired(k))
                for k in self.s.scalars(select(KitLot))]

    def _instruments(self) -> list[Entry]:
        return [Entry(i.id, i.version, True, (i.name, i.model, i.serial_no, i.adapter, i.port,
                                              _json_text(i.settings_json)))
                for i in self.s.scalars(select(Instrument))]

    def _authorizations(self) -> list[Entry]:
        users = {row.id: row.username for row in self.s.execute(select(User.id, User.username))}
        return [_entry(a, users[a.user_id], self.parameters[a.parameter_id].name, self.method_ref(a.method_id),
                       _yes_no(a.may_test), _yes_no(a.may_sign), _iso(a.valid_from), _iso(a.valid_to), _retired(a))
                for a in self.s.scalars(select(Authorization))]


def _entry(row: Any, *cells: str) -> Entry:
    return Entry(row.id, row.version, row.active, cells)


def _retired(row: Any) -> str:
    return _yes_no(not row.active)


def _tree_order(rows: Iterable[Any], key: Callable[[Any], Any]) -> list[Any]:
    """Parents before their children, siblings by ``key``; rows in a loop come last."""
    children: dict[int | None, list[Any]] = {}
    ids = {r.id for r in rows}
    for r in rows:
        children.setdefault(r.parent_id if r.parent_id in ids else None, []).append(r)
    ordered: list[Any] = []
    seen: set[int] = set()
    stack = sorted(children.get(None, []), key=key, reverse=True)
    while stack:
        node = stack.pop()
        if node.id in seen:
            continue
        seen.add(node.id)
        ordered.append(node)
        stack.extend(sorted(children.get(node.id, []), key=key, reverse=True))
    ordered.extend(sorted((r for r in rows if r.id not in seen), key=key))
    return ordered


def _yes_no(flag: bool) -> str:
    return YES if flag else NO


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _number(value: Decimal | None) -> str:
    return "" if value is None else plain(value.normalize() if value == value.to_integral() else value)


def _json_text(text: str) -> str:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return text
    return "" if value == {} else json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- reading ---------------------------------------------------------------------------------


def read_workbook(path: Path) -> dict[str, list[SheetRow]]:
    """The rows of every known sheet of the workbook (bounded first by check_workbook). A sheet
    whose header row lacks a required column is refused with the sheet named."""
    from openpyxl.utils import get_column_letter

    book = open_workbook(path)
    found: dict[str, list[SheetRow]] = {}
    try:
        titles = {name_key(t): t for t in book.sheetnames}
        total = 0
        for sheet_def in SHEETS:
            title = titles.get(name_key(sheet_def.title))
            if title is None:
                continue
            columns: dict[str, tuple[int, str]] | None = None
            rows: list[SheetRow] = []
            for number, values in enumerate(book[title].iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True),
                                            start=1):
                if columns is None:
                    columns = _header(sheet_def, values)
                    if columns is None and number >= HEADER_SEARCH_ROWS:
                        break
                    continue
                cells = {key: Cell(get_column_letter(index + 1), header,
                                   cell_text(values[index]) if index < len(values) else "")
                         for key, (index, header) in columns.items()}
                if any(c.text for c in cells.values()):
                    total += 1
                    if total > MAX_ROWS:
                        raise ValidationError(
                            "{file} has more than {limit} rows: split it into smaller workbooks",
                            field="file", file=path.name, limit=MAX_ROWS,
                        )
                    rows.append(SheetRow(number, cells))
            if columns is None:
                raise ValidationError(
                    "The sheet {sheet} has no header row naming {columns} in its first {n} rows",
                    field="file", sheet=sheet_def.title, n=HEADER_SEARCH_ROWS,
                    columns=", ".join(sheet_def.column(k).header for k in sheet_def.identifying),
                )
            missing = [c.header for c in sheet_def.columns if c.required and c.key not in columns]
            if missing:
                raise ValidationError(
                    "The sheet {sheet} has no column for {missing}", field="file", sheet=sheet_def.title,
                    missing=", ".join(missing),
                )
            found[sheet_def.title] = rows
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, SyntaxError):
        raise ValidationError(
            "{path} cannot be read as an Excel workbook: save it as .xlsx and try again",
            field="file", path=str(path),
        ) from None
    finally:
        book.close()
    if not found:
        raise ValidationError(
            "{file} holds none of the sheets {sheets}", field="file", file=path.name,
            sheets=", ".join(d.title for d in SHEETS),
        )
    return found


def _header(sheet_def: SheetDef, values: tuple[object, ...]) -> dict[str, tuple[int, str]] | None:
    accepted = {name_key(c.header): c.key for c in sheet_def.columns}
    accepted.update({name_key(c.key): c.key for c in sheet_def.columns})
    found: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(values):
        text = cell_text(value)
        key = accepted.get(name_key(text))
        if key and key not in found:
            found[key] = (index, text)
    return found if all(k in found for k in sheet_def.identifying) else None


def read_starter_meta(path: Path = STARTER_FILE) -> dict[str, Any]:
    """The starter reference data's ``_meta``: what it holds and each sheet's source."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFound("The starter reference data file {path} is missing from this installation",
                       path=str(path)) from exc
    meta = data.get("_meta", {})
    return meta if isinstance(meta, dict) else {}


def read_starter(path: Path = STARTER_FILE) -> dict[str, list[SheetRow]]:
    """The starter reference data's sheets as rows, numbered as if they stood under a header row."""
    from openpyxl.utils import get_column_letter

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFound("The starter reference data file {path} is missing from this installation",
                       path=str(path)) from exc
    found: dict[str, list[SheetRow]] = {}
    for sheet_def in SHEETS:
        rows = data.get("sheets", {}).get(sheet_def.title)
        if not rows:
            continue
        letters = {c.key: get_column_letter(i) for i, c in enumerate(sheet_def.columns, start=1)}
        by_header = {c.header: c for c in sheet_def.columns}
        found[sheet_def.title] = [
            SheetRow(number, {by_header[h].key: Cell(letters[by_header[h].key], h, cell_text(v))
                              for h, v in row.items() if h in by_header})
            for number, row in enumerate(rows, start=2)
        ]
    return found


# --- import ----------------------------------------------------------------------------------


def import_sheets(s: Session, actor: Actor, sheets: dict[str, list[SheetRow]], file: str) -> SetupReport:
    """Add or update every row of ``sheets`` inside the caller's transaction; any problem raises
    ImportRejected naming each bad cell, and the caller's rollback leaves nothing stored."""
    authority.require(s, actor, Duty.MANAGE_CATALOGUE)  # the roles held now, not at log-in
    run = _Import(s, actor)
    counts = []
    for sheet_def in SHEETS:
        rows = sheets.get(sheet_def.title)
        if rows is None:
            continue
        run.sheet = sheet_def.title
        run.counter = [0, 0, 0]
        getattr(run, f"_{_HANDLERS[sheet_def.title]}")(rows)
        counts.append(SheetCount(sheet_def.title, len(rows), *run.counter))
    if run.problems:
        raise ImportRejected(
            "{file}: {bad} problem(s) found; nothing was imported", problems=run.problems, field="file",
            file=file, bad=len(run.problems),
        )
    forget(s)
    return SetupReport(file, tuple(counts))


_HANDLERS = {
    PRODUCTS.title: "products", PARAMETERS.title: "parameters", STANDARDS.title: "standards",
    METHODS.title: "methods", PANELS.title: "panels", AREAS.title: "areas", PRODUCERS.title: "producers",
    TASKS.title: "tasks", KIT_LOTS.title: "kit_lots", INSTRUMENTS.title: "instruments",
    AUTHORIZATIONS.title: "authorizations",
}
_STANDARD_REF = re.compile(r"^(.*\S)\s*-\s*([^-\s]+)$")


class _RowCheck:
    """The checks of one row; every bad cell is kept as a problem and the row is left out."""

    def __init__(self, run: _Import, row: SheetRow) -> None:
        self.run = run
        self.row = row
        self.bad = False

    def __call__(self, key: str, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except LimsError as exc:
            self.fail(key, exc)
            return None

    def fail(self, key: str, exc: LimsError) -> None:
        self.bad = True
        cell = self.row.cells.get(key)
        self.run.problems.append(RowProblem(
            self.row.number, cell.column if cell else "", cell.header if cell else key, exc, sheet=self.run.sheet))

    def text(self, key: str, column: Any, *, required: bool = False, multiline: bool = False) -> str:
        value = self(key, lambda: clean(self.row.text(key), column, field=key, multiline=multiline))
        if value is None:
            return ""
        if required and not value:
            self.fail(key, ValidationError("This cell is empty", field=key))
        return value

    def optional(self, key: str, column: Any) -> str | None:
        return self.text(key, column) or None

    def choice(self, key: str, words: dict[E, str]) -> E | None:
        text = self.row.text(key)

        def pick() -> E:
            wanted = name_key(text)
            if not wanted:
                raise ValidationError("This cell is empty", field=key)
            for member, word in words.items():
                if wanted in (name_key(word), name_key(member.value)):
                    return member
            raise ValidationError("Unknown value '{text}': use one of {choices}", field=key, text=text,
                                  choices="、".join(words.values()))  # the workbook's own (Chinese) words
        return self(key, pick)

    def flag(self, key: str, default: bool) -> bool:
        text = name_key(self.row.text(key))
        if not text:
            return default
        if text in _YES_WORDS:
            return True
        if text in _NO_WORDS:
            return False
        self.fail(key, ValidationError("'{text}' is neither yes nor no: write 是 or 否", field=key,
                                       text=self.row.text(key)))
        return default

    def active(self) -> dict[str, tuple[object, object]]:
        """The entry's ``active`` flag when the row's 停用 cell says yes or no; nothing (the entry
        left as it is) when the cell is empty or the sheet has no such column."""
        if not self.row.text(RETIRED.key).strip():
            return {}
        active = not self.flag(RETIRED.key, False)
        return {"active": (active, active)}

    def whole_number(self, key: str) -> int | None:
        text = self.row.text(key).strip()
        if not text:
            return None
        value = self(key, partial(_whole_number, text, key))
        if value is not None and value < 0:
            self.fail(key, ValidationError("The number must be at least 0", field=key))
            return None
        return value

    def day(self, key: str, *, required: bool = False) -> date | None:
        text = self.row.text(key).strip()
        if not text:
            if required:
                self.fail(key, ValidationError("This cell is empty", field=key))
            return None
        for form in _DATE_FORMS:
            try:
                return datetime.strptime(text[:10] if form == "%Y-%m-%d" else text, form).date()  # noqa: DTZ007 (a day)
            except ValueError:
                continue
        self.fail(key, ValidationError("'{text}' is not a date: write it as YYYY-MM-DD", field=key, text=text))
        return None

    def decimal(self, key: str) -> Decimal | None:
        text = self.row.text(key)
        if not text.strip():
            return None
        value = self(key, lambda: parse_decimal(text, key))
        if value is not None and (value.adjusted() >= 9 or -value.as_tuple().exponent > 9):  # type: ignore[operator]
            self.fail(key, ValidationError(
                "{text} does not fit: at most 9 digits before and 9 after the point", field=key, text=text))
            return None
        return value

    def json_object(self, key: str) -> str:
        text = self.row.text(key).strip()
        if not text:
            return "{}"
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            self.fail(key, ValidationError(
                "Write a JSON object such as {example}, not '{text}'", field=key, text=text,
                example='{"rule": "t_over_c", "positive_below": 0.85}'))
            return "{}"
        return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Mode(StrEnum):
    """What a row of a sheet does: a workbook's row adds or updates the entry its natural key
    names; in the application a row adds a new entry (refused when its key is taken) or edits one
    chosen entry (its key may change, as long as no other entry holds the new one)."""

    IMPORT = "import"
    ADD = "add"
    EDIT = "edit"


@dataclass
class _Import:
    s: Session
    actor: Actor
    sheet: str = ""
    counter: list[int] = field(default_factory=lambda: [0, 0, 0])
    problems: list[RowProblem] = field(default_factory=list)
    mode: Mode = Mode.IMPORT
    editing: Any = None  # Mode.EDIT: the stored row the one row of the sheet edits
    stored: Any = None  # the row the last row of a sheet created or changed

    def __post_init__(self) -> None:
        s = self.s
        self.products = list(s.scalars(select(Product)))
        self.parameters = {name_key(p.name): p for p in s.scalars(select(Parameter))}
        self.standards = {(name_key(x.number), name_key(x.year)): x for x in s.scalars(select(Standard))}
        self.methods = {(m.parameter_id, m.standard_id): m for m in s.scalars(select(Method))}
        self.areas = list(s.scalars(select(Area)))
        self.users = {name_key(u.username): u for u in s.scalars(select(User))}

    # --- storing --------------------------------------------------------------------------

    def existing(self, check: _RowCheck, by_key: Any, column: str) -> Any:
        """The stored row a row of the sheet adds to or updates: ``by_key``, found by the row's
        natural key, in an import; in the application, nothing (adding) or the entry being edited,
        and a refusal naming ``column`` when another entry holds that key."""
        if self.mode == Mode.IMPORT:
            return by_key
        if self.mode == Mode.ADD and by_key is not None:
            check.fail(column, ValidationError(
                "'{text}' is in the list already: choose it there and edit it", field=column,
                text=check.row.text(column)))
        elif self.mode == Mode.EDIT and by_key is not None and by_key is not self.editing:
            check.fail(column, ValidationError(
                "Another entry of the list is already '{text}'", field=column, text=check.row.text(column)))
        return self.editing

    def store(self, entity: str, row: Any, model: type, values: dict[str, tuple[object, object]]) -> Any:
        """Create ``model`` (``row`` None) or set the changed attributes of ``row``, each change
        audited. ``values``: attribute -> (stored value, value as the audit trail shows it)."""
        if row is None:
            row = model(**{k: v for k, (v, _) in values.items()})
            self.s.add(row)
            self.s.flush()
            audit.record(self.s, self.actor, entity, row.id, AuditAction.CREATE,
                         {_shown_name(k): [None, _json(shown)] for k, (_, shown) in values.items()})
            self.counter[0] += 1
            self.stored = row
            return row
        self.stored = row
        old = {k: _comparable(getattr(row, k)) for k in values}
        new = {k: _comparable(v) for k, (v, _) in values.items()}
        changed = field_changes(old, new)
        if not changed:
            self.counter[2] += 1
            return row
        before = {k: self._shown_before(row, k) for k in changed}
        for k in changed:
            setattr(row, k, values[k][0])
        self.s.flush()
        audit.record(self.s, self.actor, entity, row.id, AuditAction.UPDATE,
                     {_shown_name(k): [before[k], _json(values[k][1])] for k in changed})
        self.counter[1] += 1
        return row

    def _shown_before(self, row: Any, attribute: str) -> object:
        value = getattr(row, attribute)
        if attribute.endswith("_id") and value is not None:
            models: dict[str, Any] = {"area_id": Area, "replaced_by_id": Standard, "parameter_id": Parameter,
                                      "method_id": Method, "user_id": User}
            target = self.s.get(models.get(attribute, type(row)), value)
            return _label(target)
        return _json(value)

    def repeated(self, check: _RowCheck, seen: dict[Any, int], key: Any, column: str) -> bool:
        if key in seen:
            check.fail(column, ValidationError("This row names the same entry as row {first}", field=column,
                                               first=seen[key]))
            return True
        seen[key] = check.row.number
        return False

    # --- look-ups -------------------------------------------------------------------------

    def product(self, text: str) -> Product:
        return _tree_lookup(self.products, text, "product")

    def area(self, text: str) -> Area:
        return _tree_lookup(self.areas, text, "area")

    def parameter(self, text: str) -> Parameter:
        found = self.parameters.get(name_key(text))
        if found is None:
            raise NotFound("No parameter '{text}' in the workbook or the catalogue", text=text)
        return found

    def standard(self, text: str) -> Standard:
        match = _STANDARD_REF.match(text.strip())
        if match is None:
            raise ValidationError(
                "'{text}' names no edition: write the standard number with its year, e.g. GB 23200.113-2018",
                field="standard", text=text)
        found = self.standards.get((name_key(match.group(1)), name_key(match.group(2))))
        if found is None:
            raise NotFound("No standard edition '{text}' in the workbook or the catalogue", text=text)
        return found

    def method(self, parameter: Parameter, text: str) -> Method:
        standard = self.standard(text)
        found = self.methods.get((parameter.id, standard.id))
        if found is None:
            raise NotFound("No method for {parameter} by {standard} in the workbook or the catalogue",
                           parameter=parameter.name, standard=text)
        return found

    # --- the sheets -----------------------------------------------------------------------

    def _products(self, rows: list[SheetRow]) -> None:
        def values(check: _RowCheck) -> dict[str, tuple[object, object]]:
            aliases = _aliases(check.text("aliases", Product.aliases))
            is_category = check.flag("is_category", False)
            return {"aliases": (aliases, aliases), "is_category": (is_category, is_category), **check.active()}
        self._tree_sheet(rows, "product", Product, self.products, values)

    def _tree_sheet(self, rows: list[SheetRow], entity: str, model: Any, known: list[Any],
                    fields: Callable[[_RowCheck], dict[str, tuple[object, object]] | None]) -> None:
        """A sheet of a tree (products, areas): a row is stored once its parent is known, so a
        child may stand above its parent in the sheet."""
        seen: dict[Any, int] = {}
        pending: list[tuple[_RowCheck, str | None, str, dict[str, tuple[object, object]]]] = []
        for row in rows:
            check = _RowCheck(self, row)
            code = check.optional("code", model.code)
            name = check.text("name", model.name, required=True)
            values = fields(check)
            if check.bad or values is None or self.repeated(
                    check, seen, name_key(code or name), "code" if code else "name"):
                continue
            pending.append((check, code, name, values))
        while pending:
            waiting = []
            for check, code, name, values in pending:
                parent_text = check.row.text("parent").strip()
                parent = None
                if parent_text:
                    try:
                        parent = _tree_lookup(known, parent_text, entity)
                    except NotFound:
                        waiting.append((check, code, name, values))  # perhaps a row further down
                        continue
                    except LimsError as exc:
                        check.fail("parent", exc)
                        continue
                existing = self.existing(check, self._find_tree_row(known, code, name), "code" if code else "name")
                if check.bad:
                    continue
                if parent is not None and (existing is not None and self._loops(known, existing, parent)):
                    check.fail("parent", ValidationError(
                        "{name} cannot stand under {parent}: the tree would loop", field="parent", name=name,
                        parent=parent_text))
                    continue
                stored = self.store(entity, existing, model, {
                    "code": (code, code), "name": (name, name), **values,
                    "parent_id": (parent.id if parent else None, _label(parent))})
                if existing is None:
                    known.append(stored)
            if len(waiting) == len(pending):
                for check, *_ in waiting:
                    text = check.row.text("parent").strip()
                    check("parent", partial(_tree_lookup, known, text, entity))
                break
            pending = waiting

    def _find_tree_row(self, rows: list[Any], code: str | None, name: str) -> Any:
        if code:
            return next((r for r in rows if r.code and name_key(r.code) == name_key(code)), None)
        return next((r for r in rows if not r.code and name_key(r.name) == name_key(name)), None)

    @staticmethod
    def _loops(rows: list[Any], row: Any, parent: Any) -> bool:
        by_id = {r.id: r for r in rows}
        node: Any = parent
        steps = 0
        while node is not None and steps <= len(rows):
            if node.id == row.id:
                return True
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
            steps += 1
        return False

    def _parameters(self, rows: list[SheetRow]) -> None:
        seen: dict[Any, int] = {}
        for row in rows:
            check = _RowCheck(self, row)
            name = check.text("name", Parameter.name, required=True)
            aliases = _aliases(check.text("aliases", Parameter.aliases))
            name_en = check.text("name_en", Parameter.name_en)
            cas_no = check.optional("cas_no", Parameter.cas_no)
            kind = check.choice("kind", PARAMETER_KIND_WORDS)
            banned = check.flag("banned", kind == ParameterKind.BANNED_SUBSTANCE)
            if kind == ParameterKind.BANNED_SUBSTANCE and not banned:
                check.fail("banned", ValidationError(
                    "A parameter of the class banned substance is judged not detectable: mark it banned (是)",
                    field="banned"))
            active = check.active()
            if check.bad or kind is None or self.repeated(check, seen, name_key(name), "name"):
                continue
            existing = self.existing(check, self.parameters.get(name_key(name)), "name")
            if check.bad:
                continue
            stored = self.store("parameter", existing, Parameter, {
                "name": (name, name), "aliases": (aliases, aliases), "name_en": (name_en, name_en),
                "cas_no": (cas_no, cas_no), "kind": (kind, kind.value), "banned": (banned, banned), **active})
            self.parameters[name_key(name)] = stored

    def _standards(self, rows: list[SheetRow]) -> None:
        seen: dict[Any, int] = {}
        stored_rows: list[tuple[_RowCheck, Standard]] = []
        for row in rows:
            check = _RowCheck(self, row)
            number = check.text("number", Standard.number, required=True)
            year = check.text("year", Standard.year, required=True)
            title = check.text("title", Standard.title, required=True)
            kind = check.choice("kind", STANDARD_KIND_WORDS)
            frm, to = check.day("in_force_from"), check.day("in_force_to")
            if frm and to and to < frm:
                check.fail("in_force_to", ValidationError("The end date {to} is before the start date {frm}",
                                                          field="in_force_to", to=to.isoformat(), frm=frm.isoformat()))
            key = (name_key(number), name_key(year))
            active = check.active()
            if check.bad or kind is None or self.repeated(check, seen, key, "number"):
                continue
            existing = self.existing(check, self.standards.get(key), "number")
            if check.bad:
                continue
            stored = self.store("standard", existing, Standard, {
                "number": (number, number), "year": (year, year), "title": (title, title), "kind": (kind, kind.value),
                "in_force_from": (frm, _iso(frm) or None), "in_force_to": (to, _iso(to) or None), **active})
            self.standards[key] = stored
            stored_rows.append((check, stored))
        for check, stored in stored_rows:  # every edition is known now
            text = check.row.text("replaced_by").strip()
            replaced_by = check("replaced_by", partial(self.standard, text)) if text else None
            if check.bad:
                continue
            if replaced_by is not None and replaced_by.id == stored.id:
                check.fail("replaced_by", ValidationError("A standard cannot replace itself", field="replaced_by"))
                continue
            new_id = replaced_by.id if replaced_by else None
            if stored.replaced_by_id != new_id:
                before = _label(self.s.get(Standard, stored.replaced_by_id) if stored.replaced_by_id else None)
                stored.replaced_by_id = new_id
                self.s.flush()
                audit.record(self.s, self.actor, "standard", stored.id, AuditAction.UPDATE,
                             {"replaced_by": [before, _label(replaced_by)]})

    def _methods(self, rows: list[SheetRow]) -> None:
        seen: dict[Any, int] = {}
        for row in rows:
            check = _RowCheck(self, row)
            parameter = check("parameter", partial(self.parameter, row.text("parameter")))
            standard = check("standard", partial(self.standard, row.text("standard")))
            kind = check.choice("kind", METHOD_KIND_WORDS)
            technique = check.text("technique", Method.technique)
            lod, loq = check.decimal("lod"), check.decimal("loq")
            if lod is not None and loq is not None and loq < lod:
                check.fail("loq", ValidationError("The LOQ {loq} is below the LOD {lod}", field="loq",
                                                  loq=plain(loq), lod=plain(lod)))
            unit_text = check.text("unit", Method.unit, required=True)
            if unit_text and kind == MethodKind.LABORATORY and not is_known_unit(unit_text):
                check("unit", partial(parse_unit, unit_text))  # a result could not be judged in it: refused here
            # a rapid test's unit is its reader's ("%" inhibition, a line's intensity): kept as typed
            unit = parse_unit(unit_text).code if unit_text and is_known_unit(unit_text) else unit_text
            digits_text = row.text("reporting_digits").strip()
            digits = check("reporting_digits", partial(_digits, digits_text)) if digits_text else 2
            active = check.active()
            if (check.bad or parameter is None or standard is None or kind is None or digits is None
                    or self.repeated(check, seen, (parameter.id, standard.id), "standard")):
                continue
            ref = f"{standard.number}-{standard.year}"
            existing = self.existing(check, self.methods.get((parameter.id, standard.id)), "standard")
            if check.bad:
                continue
            stored = self.store("method", existing, Method, {
                "parameter_id": (parameter.id, parameter.name), "standard_id": (standard.id, ref),
                "kind": (kind, kind.value), "technique": (technique, technique),
                "lod": (lod, _number(lod) or None), "loq": (loq, _number(loq) or None), "unit": (unit, unit),
                "reporting_digits": (digits, digits), **active})
            self.methods[(parameter.id, standard.id)] = stored

    def _panels(self, rows: list[SheetRow]) -> None:
        seen: dict[Any, int] = {}
        wanted: dict[tuple[int, str], list[tuple[Parameter, Method]]] = {}
        products: dict[int, Product] = {}
        for row in rows:
            check = _RowCheck(self, row)
            product = check("product", partial(self.product, row.text("product")))
            panel_name = check.text("panel", Panel.name, required=True)
            parameter = check("parameter", partial(self.parameter, row.text("parameter")))
            method = None
            if parameter is not None:
                method = check("method", partial(self.method, parameter, row.text("method")))
            if check.bad or product is None or parameter is None or method is None:
                continue
            key = (product.id, name_key(panel_name))
            if self.repeated(check, seen, (*key, parameter.id), "parameter"):
                continue
            if self.mode == Mode.ADD and self.s.scalar(select(PanelItem.id).join(Panel).where(
                    Panel.product_id == product.id, PanelItem.parameter_id == parameter.id,
                    func.lower(Panel.name) == panel_name.lower())) is not None:
                self.existing(check, parameter, "parameter")  # the item is in that panel already
                continue
            products[product.id] = product
            wanted.setdefault((product.id, panel_name), []).append((parameter, method))
        panels = list(self.s.scalars(select(Panel)))
        for (product_id, panel_name), items in wanted.items():
            panel = next((p for p in panels if p.product_id == product_id and name_key(p.name) == name_key(panel_name)),
                         None)
            product = products[product_id]
            if panel is None:
                panel = Panel(product_id=product_id, name=panel_name)
                self.s.add(panel)
                self.s.flush()
                panels.append(panel)
                current: dict[int, PanelItem] = {}
            else:
                current = {i.parameter_id: i for i in self.s.scalars(select(PanelItem).where(
                    PanelItem.panel_id == panel.id))}
            before = {self.parameter_name(pid): self.method_label(i.method_id) for pid, i in current.items()}
            for parameter, method in items:
                item = current.get(parameter.id)
                if item is None:
                    item = PanelItem(panel_id=panel.id, parameter_id=parameter.id, method_id=method.id)
                    self.s.add(item)
                elif item.method_id != method.id:
                    item.method_id = method.id
                self.stored = item
            after = dict(before)
            after.update({p.name: self.method_label(m.id) for p, m in items})
            if not current:
                audit.record(self.s, self.actor, "panel", panel.id, AuditAction.CREATE, {
                    "product": [None, _label(product)], "name": [None, panel.name], "items": [None, after]})
                self.counter[0] += 1
            elif before != after:
                flag_modified(panel, "name")  # the panel's version moves with its items
                self.s.flush()
                audit.record(self.s, self.actor, "panel", panel.id, AuditAction.UPDATE, {"items": [before, after]})
                self.counter[1] += 1
            else:
                self.counter[2] += 1
        self.s.flush()

    def parameter_name(self, parameter_id: int) -> str:
        return next((p.name for p in self.parameters.values() if p.id == parameter_id), str(parameter_id))

    def method_label(self, method_id: int | None) -> str:
        if method_id is None:
            return ""
        method = next((m for m in self.methods.values() if m.id == method_id), None)
        standard = None if method is None else next(
            (x for x in self.standards.values() if x.id == method.standard_id), None)
        return f"{standard.number}-{standard.year}" if standard else str(method_id)

    def _areas(self, rows: list[SheetRow]) -> None:
        def values(check: _RowCheck) -> dict[str, tuple[object, object]] | None:
            level = check.choice("level", AREA_LEVEL_WORDS)
            return None if level is None else {"level": (level, level.value), **check.active()}
        self._tree_sheet(rows, "area", Area, self.areas, values)

    def _producers(self, rows: list[SheetRow]) -> None:
        seen: dict[Any, int] = {}
        producers = list(self.s.scalars(select(Producer)))
        for row in rows:
            check = _RowCheck(self, row)
            name = check.text("name", Producer.name, required=True)
            code_text = row.text("credit_code").strip()
            code = check("credit_code", partial(credit_code.validate, code_text)) if code_text else None
            kind = check.choice("kind", PRODUCER_KIND_WORDS)
            contact = check.text("contact", Producer.contact)
            phone = check.text("phone", Producer.phone)
            address = check.text("address", Producer.address)
            area_text = row.text("area").strip()
            area = check("area", partial(self.area, area_text)) if area_text else None
            key = code or name_key(name)
            active = check.active()
            if check.bad or kind is None or self.repeated(check, seen, key, "credit_code" if code else "name"):
                continue
            if code:
                by_key = next((p for p in producers if p.credit_code == code), None)
            else:
                by_key = next((p for p in producers if not p.credit_code and name_key(p.name) == key), None)
            existing = self.existing(check, by_key, "credit_code" if code else "name")
            if check.bad:
                continue
            stored = self.store("producer", existing, Producer, {
                "name": (name, name), "credit_code": (code, code), "kind": (kind, kind.value),
                "contact": (contact, contact), "phone": (phone, phone), "address": (address, address),
                "area_id": (area.id if area else None, _label(area)), **active})
            if existing is None:
                producers.append(stored)

    def _tasks(self, rows: list[SheetRow]) -> None:
        seen: dict[Any, int] = {}
        tasks = {name_key(t.code): t for t in self.s.scalars(select(Task))}
        for row in rows:
            check = _RowCheck(self, row)
            code = check.text("code", Task.code, required=True)
            kind = check.choice("kind", TASK_KIND_WORDS)
            title = check.text("title", Task.title, required=True)
            issuer = check.text("issuer", Task.issuer)
            starts, ends = check.day("starts_on"), check.day("ends_on")
            if starts and ends and ends < starts:
                check.fail("ends_on", ValidationError("The end date {to} is before the start date {frm}",
                                                      field="ends_on", to=ends.isoformat(), frm=starts.isoformat()))
            planned = check.whole_number("planned_batches")
            active = check.active()
            if check.bad or kind is None or self.repeated(check, seen, name_key(code), "code"):
                continue
            existing = self.existing(check, tasks.get(name_key(code)), "code")
            if check.bad:
                continue
            tasks[name_key(code)] = self.store("task", existing, Task, {
                "code": (code, code), "kind": (kind.value, kind.value), "title": (title, title),
                "issuer": (issuer, issuer), "starts_on": (starts, _iso(starts) or None),
                "ends_on": (ends, _iso(ends) or None), "planned_batches": (planned, planned), **active})

    def _kit_lots(self, rows: list[SheetRow]) -> None:
        seen: dict[Any, int] = {}
        lots = {(name_key(k.name), name_key(k.lot_no)): k for k in self.s.scalars(select(KitLot))}
        for row in rows:
            check = _RowCheck(self, row)
            name = check.text("name", KitLot.name, required=True)
            maker = check.text("maker", KitLot.maker)
            lot_no = check.text("lot_no", KitLot.lot_no, required=True)
            kind = check.choice("method_kind", METHOD_KIND_WORDS)
            parameter_text = row.text("parameter").strip()
            parameter = check("parameter", partial(self.parameter, parameter_text)) if parameter_text else None
            cutoffs = check.json_object("cutoffs")
            expires = check.day("expires_on")
            key = (name_key(name), name_key(lot_no))
            active = check.active()
            if check.bad or kind is None or self.repeated(check, seen, key, "lot_no"):
                continue
            existing = self.existing(check, lots.get(key), "lot_no")
            if check.bad:
                continue
            lots[key] = self.store("kit_lot", existing, KitLot, {
                "name": (name, name), "maker": (maker, maker), "lot_no": (lot_no, lot_no),
                "method_kind": (kind, kind.value),
                "parameter_id": (parameter.id if parameter else None, parameter.name if parameter else None),
                "cutoffs_json": (cutoffs, cutoffs), "expires_on": (expires, _iso(expires) or None), **active})

    def _instruments(self, rows: list[SheetRow]) -> None:
        from instruments.registry import RegistryError, available

        try:
            known: set[str] | None = set(available())
        except RegistryError:
            known = None
        seen: dict[Any, int] = {}
        instruments = list(self.s.scalars(select(Instrument)))
        for row in rows:
            check = _RowCheck(self, row)
            name = check.text("name", Instrument.name, required=True)
            model = check.text("model", Instrument.model)
            serial = check.text("serial_no", Instrument.serial_no)
            adapter = check.text("adapter", Instrument.adapter, required=True)
            if adapter and known is not None and adapter not in known:
                check.fail("adapter", ValidationError("Unknown value '{text}': use one of {choices}", field="adapter",
                                                      text=adapter, choices=", ".join(sorted(known))))
            port = check.text("port", Instrument.port)
            settings = check.json_object("settings")
            key = ("serial", name_key(serial)) if serial else ("name", name_key(name))
            if check.bad or self.repeated(check, seen, key, "serial_no" if serial else "name"):
                continue
            existing = self.existing(check, next(
                (i for i in instruments if (name_key(i.serial_no) == key[1] if serial
                                            else not i.serial_no and name_key(i.name) == key[1])), None),
                "serial_no" if serial else "name")
            if check.bad:
                continue
            stored = self.store("instrument", existing, Instrument, {
                "name": (name, name), "model": (model, model), "serial_no": (serial, serial),
                "adapter": (adapter, adapter), "port": (port, port), "settings_json": (settings, settings)})
            if existing is None:
                instruments.append(stored)

    def _authorizations(self, rows: list[SheetRow]) -> None:
        seen: dict[Any, int] = {}
        held = {(a.user_id, a.parameter_id, a.method_id): a for a in self.s.scalars(select(Authorization))}
        for row in rows:
            check = _RowCheck(self, row)
            username = row.text("username").strip()
            user = check("username", partial(self._user, username))
            parameter = check("parameter", partial(self.parameter, row.text("parameter")))
            method_text = row.text("method").strip()
            method = None
            if parameter is not None and method_text:
                method = check("method", partial(self.method, parameter, method_text))
            may_test = check.flag("may_test", True)
            may_sign = check.flag("may_sign", False)
            frm = check.day("valid_from", required=True)
            to = check.day("valid_to")
            if frm and to and to < frm:
                check.fail("valid_to", ValidationError("The end date {to} is before the start date {frm}",
                                                       field="valid_to", to=to.isoformat(), frm=frm.isoformat()))
            active = check.active()
            if check.bad or user is None or parameter is None or frm is None:
                continue
            key = (user.id, parameter.id, method.id if method else None)
            if self.repeated(check, seen, key, "parameter"):
                continue
            existing = self.existing(check, held.get(key), "parameter")
            if check.bad:
                continue
            method_ref = self.method_label(method.id) if method else None
            held[key] = self.store("authorization", existing, Authorization, {
                "user_id": (user.id, user.username), "parameter_id": (parameter.id, parameter.name),
                "method_id": (method.id if method else None, method_ref), "may_test": (may_test, may_test),
                "may_sign": (may_sign, may_sign), "valid_from": (frm, _iso(frm)), "valid_to": (to, _iso(to) or None),
                **active})

    def _user(self, text: str) -> User:
        if not text:
            raise ValidationError("This cell is empty", field="username")
        found = self.users.get(name_key(text))
        if found is None:
            raise NotFound("No user '{text}': add the person with lims user add first", text=text)
        return found



def _tree_lookup(rows: list[Any], text: str, what: str) -> Any:
    """The row ``text`` names by its code, else by its name when only one row bears it."""
    key = name_key(text)
    if not key:
        raise ValidationError("This cell is empty", field=what)
    by_code = [r for r in rows if r.code and name_key(r.code) == key]
    if by_code:
        return by_code[0]
    by_name = [r for r in rows if name_key(r.name) == key]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise ValidationError("The name '{text}' fits several entries ({matches}): write the code", field=what,
                              text=text, matches=", ".join(sorted(r.code or r.name for r in by_name)))
    if what == "area":
        raise NotFound("No area '{text}' in the workbook or the catalogue", text=text)
    raise NotFound("No product '{text}' in the workbook or the catalogue", text=text)


def _aliases(text: str) -> str:
    """Aliases as stored: separated by ";" (a full-width "；" too), blanks dropped."""
    return ";".join(a.strip() for a in re.split(r"[;；]", text) if a.strip())


def _whole_number(text: str, key: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValidationError("'{text}' is not a whole number", field=key, text=text) from None


def _digits(text: str) -> int:
    try:
        digits = int(text)
    except ValueError:
        raise ValidationError("'{text}' is not a whole number", field="reporting_digits", text=text) from None
    return check_digits(digits)


def _comparable(value: object) -> object:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _json(value: object) -> object:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _shown_name(attribute: str) -> str:
    return attribute.removesuffix("_id") if attribute.endswith("_id") else attribute


def _label(row: Any) -> str | None:
    if row is None:
        return None
    if isinstance(row, Standard):
        return f"{row.number}-{row.year}"
    if isinstance(row, Method):
        return str(row.id)
    code = getattr(row, "code", None)
    return code or getattr(row, "name", None) or getattr(row, "username", None)
