"""Limit values (判定依据): which limit governs a product and parameter on a day, and the import
of a lab's official limit tables from Excel.

The choice of limit is lims.domain.judgment's rule (``select_limit``): in force on the date,
set on the product or its nearest ancestor category, newest edition first. This module only
finds the names a person typed, loads the candidates and hands over.

Names are matched as people type them and as the ability tables print them: surrounding and
inner spaces, full-width letters and brackets, upper or lower case, markers glued to the name
("﹡△毒死蜱") make no difference; a parameter also answers to its aliases, its English name and
its CAS number, and "腐霉利（速克灵）" finds 腐霉利 by the name before the brackets or the
alias inside them. A product answers to its name and its code."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import Limit, Standard
from lims.domain.accounts import Duty
from lims.domain.audit_chain import field_changes
from lims.domain.enums import AuditAction, LimitKind, StandardKind
from lims.domain.errors import (
    ImportRejected,
    LimsError,
    NotFound,
    RowProblem,
    ValidationError,
)
from lims.domain.judgment import TEMPORARY_MARK
from lims.domain.names import folded, name_key
from lims.domain.rounding import as_decimal, decimal_places, parse_decimal, plain
from lims.domain.units import parse_unit
from lims.services import audit, authority
from lims.services.catalogue import Catalogue, catalogue, forget
from lims.services.dto import Actor
from lims.services.fields import clean
from lims.services.spreadsheet import Cell, SheetRow, SheetSpec, read_sheet, required

AUDIT_ENTITY = "limit"
# Limit.value is NUMERIC(18, 9): what fits is stored exactly
STORED_DECIMALS = 9
STORED_INTEGER_DIGITS = 9
_YEAR_SUFFIX = re.compile(r"^(.*\S)-(\d{4})$")
T = TypeVar("T")

# Column headers an imported limit table may use, compared after the same folding as names
# (full-width, spaces and case do not matter; "限量值（mg/kg）" counts as 限量值). The year may be
# left out when the standard column carries it ("GB 2763-2026"); the kind column is optional.
PRODUCT, PARAMETER, VALUE, UNIT, STANDARD, YEAR, KIND = (
    "product", "parameter", "value", "unit", "standard", "year", "kind",
)
ACCEPTED_HEADERS: dict[str, tuple[str, ...]] = {
    PRODUCT: ("产品", "产品名称", "食品", "食品名称", "食品类别/名称", "product"),
    PARAMETER: ("参数", "参数名称", "检测项目", "项目", "农药名称", "兽药名称", "parameter"),
    VALUE: ("限量值", "限量", "最大残留限量", "value", "limit"),
    UNIT: ("单位", "unit"),
    STANDARD: ("标准", "标准号", "标准编号", "限量标准", "standard"),
    YEAR: ("年号", "年份", "版本", "year", "edition"),
    KIND: ("类型", "限量类型", "kind"),
}
REQUIRED_COLUMNS = (PRODUCT, PARAMETER, VALUE, UNIT, STANDARD)
LIMIT_SHEET = SheetSpec(ACCEPTED_HEADERS, identifying=(PRODUCT, PARAMETER), required=REQUIRED_COLUMNS)

# How a kind cell may read; a value ending in "*" is temporary (GB 2763's mark) and a value
# cell reading 不得检出 is not-detectable, so the kind column can be left out altogether.
_KIND_WORDS: dict[str, LimitKind] = {
    "mrl": LimitKind.MRL, "最大残留限量": LimitKind.MRL, "限量": LimitKind.MRL,
    "temporary": LimitKind.TEMPORARY, "临时限量": LimitKind.TEMPORARY, "临时": LimitKind.TEMPORARY,
    TEMPORARY_MARK: LimitKind.TEMPORARY,
    "not_detectable": LimitKind.NOT_DETECTABLE, "notdetectable": LimitKind.NOT_DETECTABLE,
    "不得检出": LimitKind.NOT_DETECTABLE, "nd": LimitKind.NOT_DETECTABLE,
}
_NOT_DETECTABLE_VALUES = {"不得检出", "nd", "notdetectable"}

class _Editions:
    """The standards of one database by folded number, each list in year order; an import
    reads them once."""

    def __init__(self, s: Session) -> None:
        self._editions: dict[str, list[Standard]] = {}
        for std in s.scalars(select(Standard).order_by(Standard.number, Standard.year)):
            self._editions.setdefault(name_key(std.number), []).append(std)

    def standard(self, number: str, year: str) -> Standard:
        """The limit standard edition named by ``number`` and ``year``; ``number`` may carry the
        year itself ("GB 2763-2026") when ``year`` is blank or repeats it."""
        number_key, year_key = name_key(number), name_key(year)
        if not number_key:
            raise ValidationError("The standard number is missing", field="standard")
        glued = _YEAR_SUFFIX.match(number_key)
        if glued and (not year_key or glued.group(2) == year_key):
            number_key, year_key = glued.group(1), glued.group(2)
        if not year_key:
            raise ValidationError("The edition year of {standard} is missing", field="year", standard=number)
        editions = self._editions.get(number_key, [])
        std = next((e for e in editions if name_key(e.year) == year_key), None)
        if std is None:
            if editions:
                raise ValidationError(
                    "No edition {year} of {standard} in the catalogue; it holds {editions}",
                    field="year", standard=editions[0].number, year=year,
                    editions=", ".join(f"{e.number}-{e.year}" for e in editions),
                )
            raise NotFound("No standard {standard}-{year} in the catalogue", standard=number, year=year)
        if std.kind == StandardKind.METHOD:
            raise ValidationError(
                "{standard}-{year} is a method standard, not a limit standard", field="standard",
                standard=std.number, year=std.year,
            )
        return std


@dataclass(frozen=True)
class LimitLookup:
    """The limit that governs ``parameter`` in ``product`` on ``on``, or, when ``has_basis`` is
    False, the statement that there is none (无判定依据): a result could not be judged."""

    product: str
    product_code: str | None
    parameter: str
    on: date
    has_basis: bool
    value: Decimal | None = None  # None for "not detectable" and when there is no basis
    unit: str = ""
    kind: LimitKind | None = None
    standard_number: str = ""  # "GB 2763"
    standard_year: str = ""  # "2026"
    standard_title: str = ""
    inherited_from: str | None = None  # the category the limit is set on; None: on the product
    source: str = ""
    is_demo: bool = False
    limit_id: int | None = None

    @property
    def standard_ref(self) -> str:
        """"GB 2763-2026", as a report's judgment basis names it."""
        if not self.standard_number:
            return ""
        return f"{self.standard_number}-{self.standard_year}" if self.standard_year else self.standard_number

    @property
    def temporary(self) -> bool:
        return self.kind == LimitKind.TEMPORARY


@dataclass(frozen=True)
class ImportReport:
    """What an import did. ``problems`` is empty unless good rows were imported with only_good."""

    file: str
    source: str
    rows: int  # data rows read; blank rows are not counted
    created: int
    updated: int
    unchanged: int
    problems: tuple[RowProblem, ...]

    @property
    def imported(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class _GoodRow:
    number: int
    product_id: int
    parameter_id: int
    standard: Standard
    value: Decimal | None
    unit: str
    kind: LimitKind


class LimitService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def lookup(self, product: str, parameter: str, on: date) -> LimitLookup:
        """The limit in force on ``on`` for ``parameter`` in ``product`` (names or codes as a
        person types them), set on the product or inherited from its nearest category. No
        limit: a LimitLookup with has_basis False. An unknown name raises NotFound."""
        with self._sessions() as s:
            cat = catalogue(s)
            product_id = cat.product_id(product)
            parameter_id = cat.parameter_id(parameter)
            chosen = cat.limits_for(parameter_id).select(parameter_id, cat.path(product_id), on)
            title = "" if chosen is None else s.scalar(
                select(Standard.title).join(Limit, Limit.standard_id == Standard.id)
                .where(Limit.id == chosen.limit_id)) or ""
        node = cat.nodes[product_id]
        found = LimitLookup(
            product=node.name, product_code=node.code, parameter=cat.parameter_names[parameter_id],
            on=on, has_basis=chosen is not None,
        )
        if chosen is None:
            return found
        return replace(
            found, value=chosen.value, unit=chosen.unit, kind=chosen.kind,
            standard_number=chosen.standard_number, standard_year=chosen.standard_year,
            standard_title=title,
            inherited_from=None if chosen.product_id == product_id else chosen.product_name,
            source=chosen.source, is_demo=chosen.is_demo, limit_id=chosen.limit_id,
        )

    def import_excel(
        self, actor: Actor, path: str | Path, source: str, *, only_good: bool = False
    ) -> ImportReport:
        """Import a limit table from the first sheet of an .xlsx workbook (columns: see
        ACCEPTED_HEADERS). Every bad cell is reported by row and column; unless ``only_good``,
        one bad row means nothing is imported (ImportRejected carries the problems). A limit
        already held for the same product, parameter and standard edition is updated. Each
        created or changed limit gets an audit event; imported limits are not demo data."""
        source = clean(source, Limit.source, field="source")
        if not source:
            raise ValidationError(
                "Say where the limits come from (standard, edition and table) in the source text",
                field="source",
            )
        path = Path(path)
        sheet_rows = list(read_sheet(path, LIMIT_SHEET))
        if not sheet_rows:
            raise ValidationError("{file} holds no limit rows under its header", field="file", file=path.name)
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.MANAGE_CATALOGUE)  # the roles held now, not at log-in
            cat = catalogue(s)
            good, problems = _check_rows(sheet_rows, cat, _Editions(s))
            if problems and not only_good:
                bad_rows = len({p.row for p in problems})
                raise ImportRejected(
                    "{file}: {bad} of {rows} row(s) have problems; nothing was imported",
                    problems=problems, field="file", file=path.name, bad=bad_rows, rows=len(sheet_rows),
                )
            created = updated = unchanged = 0
            for row in good:
                outcome = _store(s, actor, cat, row, source, f"imported from {path.name}, row {row.number}")
                created += outcome == AuditAction.CREATE
                updated += outcome == AuditAction.UPDATE
                unchanged += outcome is None
            forget(s)
        return ImportReport(
            file=path.name, source=source, rows=len(sheet_rows), created=created, updated=updated,
            unchanged=unchanged, problems=tuple(problems),
        )


# --- checking and storing --------------------------------------------------------------------

def _check_rows(rows: list[SheetRow], cat: Catalogue, editions: _Editions
                ) -> tuple[list[_GoodRow], list[RowProblem]]:
    good: list[_GoodRow] = []
    problems: list[RowProblem] = []
    first_seen: dict[tuple[int, int, int], int] = {}
    for row in rows:
        found, row_problems = _check_row(row, cat, editions)
        if found is not None:
            key = (found.product_id, found.parameter_id, found.standard.id)
            if key in first_seen:
                row_problems.append(row.problem(PRODUCT, ValidationError(
                    "This row repeats the limit of row {first} for {product}, {parameter}, {standard}",
                    field="row", first=first_seen[key], product=row.text(PRODUCT),
                    parameter=row.text(PARAMETER), standard=f"{found.standard.number}-{found.standard.year}",
                )))
            else:
                first_seen[key] = row.number
        if row_problems:
            problems.extend(row_problems)
        elif found is not None:
            good.append(found)
    return good, problems


def _check_row(row: SheetRow, cat: Catalogue, editions: _Editions) -> tuple[_GoodRow | None, list[RowProblem]]:
    """The row's limit, or the problem of every bad cell in it."""
    # every cell is a name looked up or a value parsed, none stored as written: no length bound
    row, problems = row.cleaned({})
    if problems:
        return None, problems

    def attempt(name: str, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except LimsError as exc:
            # a check may name a more precise column: an unknown edition is the year's problem
            field = exc.field if isinstance(exc, ValidationError) else None
            problems.append(row.problem(field if field in row.cells else name, exc))
            return None

    product_id = attempt(PRODUCT, lambda: cat.product_id(required(row, PRODUCT)))
    parameter_id = attempt(PARAMETER, lambda: cat.parameter_id(required(row, PARAMETER)))
    standard = attempt(STANDARD, lambda: editions.standard(row.text(STANDARD), row.text(YEAR)))
    unit = attempt(UNIT, lambda: parse_unit(required(row, UNIT)).code)
    kind = attempt(KIND, lambda: _kind(row))
    value: Decimal | None = None
    if kind is not None:
        value = attempt(VALUE, lambda: _value(row.text(VALUE), kind))
    if problems or product_id is None or parameter_id is None or standard is None or unit is None or kind is None:
        return None, problems
    return _GoodRow(row.number, product_id, parameter_id, standard, value, unit, kind), problems


def _kind(row: SheetRow) -> LimitKind:
    """The kind column when given, else what the value cell implies: "0.5*" is temporary,
    "不得检出" not detectable, a number a maximum residue limit."""
    value_text = folded(row.text(VALUE))
    marked_temporary = value_text.endswith(TEMPORARY_MARK)
    written = row.text(KIND)
    if written:
        kind = _KIND_WORDS.get(name_key(written)) or _KIND_WORDS.get(folded(written))
        if kind is None:
            raise ValidationError(
                "Unknown limit kind '{text}': use mrl (限量), temporary (临时限量) or not_detectable (不得检出)",
                field="kind", text=written,
            )
        if marked_temporary and kind != LimitKind.TEMPORARY:
            raise ValidationError(
                "The value {value} is marked * (temporary) but the kind says {kind}",
                field="kind", value=row.text(VALUE), kind=written,
            )
        return kind
    if marked_temporary:
        return LimitKind.TEMPORARY
    if name_key(value_text) in _NOT_DETECTABLE_VALUES:
        return LimitKind.NOT_DETECTABLE
    return LimitKind.MRL


def _value(text: str, kind: LimitKind) -> Decimal | None:
    text_folded = folded(text)
    if kind == LimitKind.NOT_DETECTABLE:
        if text_folded and name_key(text_folded) not in _NOT_DETECTABLE_VALUES:
            raise ValidationError(
                "A not-detectable (不得检出) limit has no value, but this row gives {value}",
                field="value", value=text,
            )
        return None
    value = parse_decimal(text_folded.rstrip(TEMPORARY_MARK).strip(), "value")
    if value.is_zero():
        raise ValidationError(
            "A limit of 0 cannot be met by any measurement: for a banned substance use the kind not_detectable",
            field="value",
        )
    if decimal_places(value) > STORED_DECIMALS or value.adjusted() >= STORED_INTEGER_DIGITS:
        raise ValidationError(
            "The limit {value} cannot be stored exactly: at most {digits} digits before and after the point",
            field="value", value=text, digits=STORED_DECIMALS,
        )
    return value


def _state(value: Decimal | None, unit: str, kind: str, source: str, is_demo: bool) -> dict[str, object]:
    """A limit's editable fields as the audit trail shows them."""
    return {"value": None if value is None else plain(value), "unit": unit, "kind": str(kind),
            "source": source, "is_demo": is_demo}


def _store(s: Session, actor: Actor, cat: Catalogue, row: _GoodRow, source: str, why: str
           ) -> AuditAction | None:
    """Create or update one limit with its audit event; None when it is already as imported."""
    new = _state(row.value, row.unit, row.kind, source, False)
    identity = {
        "product": cat.nodes[row.product_id].name,
        "parameter": cat.parameter_names[row.parameter_id],
        "standard": f"{row.standard.number}-{row.standard.year}",
    }
    reason = f"{why}: {' '.join(identity.values())}"
    existing = s.scalar(select(Limit).where(
        Limit.product_id == row.product_id, Limit.parameter_id == row.parameter_id,
        Limit.standard_id == row.standard.id,
    ))
    if existing is None:
        limit = Limit(product_id=row.product_id, parameter_id=row.parameter_id, standard_id=row.standard.id,
                      value=row.value, unit=row.unit, kind=str(row.kind), source=source, is_demo=False)
        s.add(limit)
        s.flush()
        audit.record(s, actor, AUDIT_ENTITY, limit.id, AuditAction.CREATE,
                     {k: [None, v] for k, v in {**identity, **new}.items()}, reason)
        return AuditAction.CREATE
    old_value = None if existing.value is None else as_decimal(existing.value, "limit")
    old = _state(old_value, existing.unit, existing.kind, existing.source, existing.is_demo)
    same_value = old_value == row.value  # 0.020 and 0.02 are one limit
    changes = field_changes({**old, "value": None}, {**new, "value": None})
    if not same_value:
        changes["value"] = [old["value"], new["value"]]
    if not changes:
        return None
    existing.value = row.value
    existing.unit = row.unit
    existing.kind = row.kind
    existing.source = source
    existing.is_demo = False
    audit.record(s, actor, AUDIT_ENTITY, existing.id, AuditAction.UPDATE, changes, reason)
    return AuditAction.UPDATE


# --- one limit, as a person edits it in the application ----------------------------------------

SOURCE = "source"
KIND_WORDS = {LimitKind.MRL: "最大残留限量", LimitKind.TEMPORARY: "临时限量", LimitKind.NOT_DETECTABLE: "不得检出"}


def save_one(s: Session, actor: Actor, texts: dict[str, str], *, editing: Limit | None) -> Limit:
    """Add a limit (``editing`` None) or change the value, unit, kind and source of ``editing``,
    by the import's checks and the import's store (one audit event). Every bad field is a
    RowProblem naming the field; ImportRejected carries them and nothing is stored."""
    authority.require(s, actor, Duty.MANAGE_CATALOGUE)
    cells = {key: Cell(key, key, texts.get(key, "")) for key in (PRODUCT, PARAMETER, VALUE, UNIT, STANDARD, KIND)}
    row = SheetRow(1, cells)
    cat = catalogue(s)
    good, problems = _check_rows([row], cat, _Editions(s))
    source = ""
    try:
        source = clean(texts.get(SOURCE, ""), Limit.source, field=SOURCE)
        if not source:
            raise ValidationError("Say where the limit comes from (standard, edition and table)", field=SOURCE)
    except ValidationError as exc:
        problems.append(RowProblem(1, SOURCE, SOURCE, exc))
    found = None
    if good:
        found = s.scalar(select(Limit).where(
            Limit.product_id == good[0].product_id, Limit.parameter_id == good[0].parameter_id,
            Limit.standard_id == good[0].standard.id))
        if editing is None and found is not None:
            problems.append(row.problem(PARAMETER, ValidationError(
                "'{text}' is in the list already: choose it there and edit it", field=PARAMETER,
                text=f"{texts.get(PRODUCT, '')} {texts.get(PARAMETER, '')} {texts.get(STANDARD, '')}")))
        elif editing is not None and found is not editing:
            problems.append(row.problem(STANDARD, ValidationError(
                "An edit keeps the product, parameter and standard of a limit: add a new limit instead",
                field=STANDARD)))
    if problems or not good:
        raise ImportRejected("The limit was not saved: {bad} field(s) need correcting", problems=problems,
                             field="row", bad=len(problems))
    _store(s, actor, cat, good[0], source, "edited in the application")
    forget(s)
    return s.scalars(select(Limit).where(
        Limit.product_id == good[0].product_id, Limit.parameter_id == good[0].parameter_id,
        Limit.standard_id == good[0].standard.id)).one()
