"""The lab's master data (基础数据) as the application edits it: one list per sheet of the lab
set-up workbook, and the lab profile.

Every list is a ``SheetDef`` of ``lims.services.lab_setup``: its columns say what the edit form
shows, and a saved form is one row of that sheet, checked and stored by the very function the
workbook import runs for the sheet (``Mode.ADD`` or ``Mode.EDIT`` instead of add-or-update by
natural key). So the application and the workbook accept the same cells, refuse them with the
same messages and write the same audit events. Retiring is the sheet's 停用 column set to 是
(never a delete: samples and results keep pointing to the entry); a panel's item, which nothing
points to, is taken out of its panel instead. Limits, which have their own import, are saved by
its checks and its store (``lims.services.limits.save_one``)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import (
    Area,
    Authorization,
    KitLot,
    Limit,
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
from lims.domain.accounts import Duty
from lims.domain.enums import AuditAction, LimitKind, StandardKind
from lims.domain.errors import ConcurrentEditError, ImportRejected, NotFound, ValidationError
from lims.domain.names import name_key
from lims.domain.numbering import CodePattern
from lims.domain.rounding import plain
from lims.services import audit, authority, catalogue, limits
from lims.services import policy as lab_policy
from lims.services.dto import Actor, Page
from lims.services.fields import clean
from lims.services.lab_setup import (
    _HANDLERS,
    AREAS,
    AUTHORIZATIONS,
    KIT_LOTS,
    METHODS,
    PANELS,
    PARAMETERS,
    PRODUCERS,
    PRODUCTS,
    RETIRED,
    STANDARDS,
    STARTER_FILE,
    TASKS,
    USERS,
    YES,
    Column,
    Entry,
    FieldKind,
    Mode,
    Retire,
    SheetDef,
    _Import,
    _label,
    _yes_no,
    read_starter_meta,
    sheet_entries,
)
from lims.services.spreadsheet import Cell, SheetRow

# the limit editor beside the limit-table import: its columns are the import's fields
LIMITS = SheetDef("限量", (
    Column(limits.PRODUCT, "产品", 16, True, FieldKind.REF, refers=PRODUCTS.title, fixed=True),
    Column(limits.PARAMETER, "参数", 18, True, FieldKind.REF, refers=PARAMETERS.title, fixed=True),
    Column(limits.STANDARD, "限量标准（含年号）", 20, True, FieldKind.REF, refers="限量标准", fixed=True),
    Column(limits.VALUE, "限量值", 10, kind=FieldKind.NUMBER),
    Column(limits.UNIT, "单位", 8, True),
    Column(limits.KIND, "限量类型", 12, True, FieldKind.CHOICE,
           tuple((k.value, w) for k, w in limits.KIND_WORDS.items())),
    Column(limits.SOURCE, "来源（标准、版本、表）", 30, True), RETIRED), ("product", "parameter"), "limit")
LIMIT_STANDARDS = "限量标准"  # what a limit's standard column refers to: the limit standards' editions

# the lists edited here, in the order the 基础数据 area shows them; instruments have their own page
LISTS: tuple[SheetDef, ...] = (PRODUCTS, PARAMETERS, STANDARDS, METHODS, LIMITS, PANELS, AREAS, PRODUCERS, TASKS,
                               KIT_LOTS, AUTHORIZATIONS)
_BY_TITLE = {d.title: d for d in LISTS}
_MODELS: dict[str, type] = {
    PRODUCTS.title: Product, PARAMETERS.title: Parameter, STANDARDS.title: Standard, METHODS.title: Method,
    LIMITS.title: Limit, PANELS.title: PanelItem, AREAS.title: Area, PRODUCERS.title: Producer, TASKS.title: Task,
    KIT_LOTS.title: KitLot, AUTHORIZATIONS.title: Authorization,
}


@dataclass(frozen=True)
class EntryFilter:
    """Which entries of a list to show: those whose cells hold ``text`` (as names are compared:
    spaces, width and case do not matter); retired ones only when asked for."""

    sheet: str
    text: str = ""
    retired: bool = False


@dataclass(frozen=True)
class RefChoice:
    """An entry another list's cell may name: ``value`` as the cell writes it, ``label`` to read."""

    value: str
    label: str


@dataclass(frozen=True)
class LabProfile:
    name: str
    address: str
    phone: str
    holder: str  # the holder named on the lab's certificates
    code_prefix: str
    timezone: str


@dataclass(frozen=True)
class StarterInfo:
    """What the starter reference data holds and where it comes from (its ``_meta``)."""

    description: str
    sources: tuple[tuple[str, str], ...]  # (sheet, source)


class MasterDataService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- the lists ------------------------------------------------------------------------

    @staticmethod
    def lists() -> tuple[SheetDef, ...]:
        return LISTS

    def page(self, flt: EntryFilter, offset: int, limit: int) -> Page[Entry]:
        """One page of a list in the workbook's order, filtered by ``flt``."""
        sheet = _sheet(flt.sheet)
        with self._sessions() as s:
            found = _entries(s, sheet)
        if not flt.retired:
            found = [e for e in found if e.active]
        wanted = name_key(flt.text)
        if wanted:
            found = [e for e in found if any(wanted in name_key(c) for c in e.cells)]
        return Page(rows=tuple(found[offset:offset + limit]), offset=offset, total=len(found))

    def choices(self, refers: str) -> tuple[RefChoice, ...]:
        """The active entries a REF column may name, as its cells name them."""
        with self._sessions() as s:
            return tuple(_choices(s, refers))

    def save(self, actor: Actor, sheet_title: str, texts: Mapping[str, str], entry_id: int | None = None,
             version: int | None = None) -> int:
        """Add an entry (``entry_id`` None) or edit the entry as the person read it (its
        ``version``); returns the entry's id. Bad fields: ImportRejected whose problems name
        each field by its column key (RowProblem.column)."""
        sheet = _sheet(sheet_title)
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.MANAGE_CATALOGUE)  # the roles held now, not at log-in
            editing = None if entry_id is None else _for_edit(s, sheet, entry_id, version)
            return _save(s, actor, sheet, dict(texts), editing)

    def retire(self, actor: Actor, sheet_title: str, entry_id: int, version: int, retired: bool = True) -> None:
        """Retire the entry (or bring it back): it stays for what points to it and is offered for
        nothing new. A panel's item is taken out of its panel."""
        sheet = _sheet(sheet_title)
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.MANAGE_CATALOGUE)
            editing = _for_edit(s, sheet, entry_id, version)
            if sheet.retire == Retire.REMOVE:
                _remove_panel_item(s, actor, editing)
            elif sheet is LIMITS:
                if editing.active == retired:
                    audit.record(s, actor, "limit", editing.id, AuditAction.UPDATE,
                                 {"active": [editing.active, not retired]})
                    editing.active = not retired
                    s.flush()
                    catalogue.forget(s)
            else:
                texts = dict(zip((c.key for c in sheet.columns), _current(s, sheet, entry_id), strict=True))
                texts[RETIRED.key] = _yes_no(retired)
                _save(s, actor, sheet, texts, editing)

    # --- the lab profile ------------------------------------------------------------------

    def profile(self) -> LabProfile:
        with self._sessions() as s:
            stored = lab_policy.stored(s)
            read = lab_policy.read(s)
        return LabProfile(
            name=read.lab_name, address=read.lab_address, phone=read.lab_phone,
            holder=stored.get(lab_policy.LAB_HOLDER.name, ""), code_prefix=read.code_pattern.prefix,
            timezone=read.timezone.key,
        )

    def save_profile(self, actor: Actor, profile: LabProfile) -> LabProfile:
        """Store the lab profile (policy keys), each field checked first; one audit event per
        key that changed."""
        from lims.db.models import LabPolicy

        texts: dict[lab_policy.PolicyKey[Any], str] = {
            lab_policy.LAB_NAME: clean(profile.name, LabPolicy.value, field="name"),
            lab_policy.LAB_ADDRESS: clean(profile.address, LabPolicy.value, field="address"),
            lab_policy.LAB_PHONE: clean(profile.phone, LabPolicy.value, field="phone"),
            lab_policy.LAB_HOLDER: clean(profile.holder, LabPolicy.value, field="holder"),
            lab_policy.CODE_PREFIX: profile.code_prefix.strip(),
            lab_policy.TIMEZONE: profile.timezone.strip(),
        }
        if not texts[lab_policy.LAB_NAME]:
            raise ValidationError("Enter the lab's name as its reports print it", field="name")
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.MANAGE_CATALOGUE)
            current = lab_policy.read(s)
            prefix = texts[lab_policy.CODE_PREFIX]
            try:
                CodePattern(current.code_pattern.pattern, prefix)
                CodePattern(current.report_pattern.pattern, prefix)
            except ValidationError as exc:  # shown beside the prefix, in the pattern's own words
                raise ValidationError(exc.template, field="code_prefix", **exc.params) from None
            lab_policy.TIMEZONE.parse(texts[lab_policy.TIMEZONE])  # its refusal names the time zone field
            lab_policy.write(s, actor, texts)
        return self.profile()

    # --- a new database -------------------------------------------------------------------

    def has_products(self) -> bool:
        """Whether the catalogue holds any product: a new lab's database holds none."""
        with self._sessions() as s:
            return s.scalar(select(Product.id).limit(1)) is not None

    @staticmethod
    def starter_info() -> StarterInfo:
        meta = read_starter_meta(STARTER_FILE)
        return StarterInfo(description=str(meta.get("description", "")),
                           sources=tuple((str(k), str(v)) for k, v in dict(meta.get("sources", {})).items()))


# --- the work ----------------------------------------------------------------------------------


def _sheet(title: str) -> SheetDef:
    found = _BY_TITLE.get(title)
    if found is None:
        raise NotFound("No list '{title}' in the master data", title=title)
    return found


def _entries(s: Session, sheet: SheetDef) -> list[Entry]:
    if sheet is LIMITS:
        return _limit_entries(s)
    return sheet_entries(s, sheet)


def _limit_entries(s: Session) -> list[Entry]:
    # plain rows, not ORM objects: an official table holds thousands of limits
    rows = s.execute(
        select(Limit.id, Limit.version, Limit.active, Limit.value, Limit.unit, Limit.kind, Limit.source,
               Product.name, Product.code, Parameter.name.label("parameter"), Standard.number, Standard.year)
        .join(Product, Product.id == Limit.product_id).join(Parameter, Parameter.id == Limit.parameter_id)
        .join(Standard, Standard.id == Limit.standard_id))
    found = [
        Entry(r.id, r.version, r.active, (
            r.code or r.name, r.parameter, f"{r.number}-{r.year}", "" if r.value is None else plain(r.value),
            r.unit, limits.KIND_WORDS[LimitKind(r.kind)], r.source, _yes_no(not r.active)))
        for r in rows]
    return sorted(found, key=lambda e: e.cells)


def _current(s: Session, sheet: SheetDef, entry_id: int) -> tuple[str, ...]:
    entry = next((e for e in _entries(s, sheet) if e.id == entry_id), None)
    if entry is None:
        raise NotFound("The entry {id} of {sheet} no longer exists; reload the list", id=entry_id, sheet=sheet.title)
    return entry.cells


def _for_edit(s: Session, sheet: SheetDef, entry_id: int, version: int | None) -> Any:
    row = s.get(_MODELS[sheet.title], entry_id)
    if row is None:
        raise NotFound("The entry {id} of {sheet} no longer exists; reload the list", id=entry_id, sheet=sheet.title)
    held = s.get(Panel, row.panel_id).version if isinstance(row, PanelItem) else row.version
    if version is not None and held != version:
        raise ConcurrentEditError(
            "This entry of {sheet} was changed on another workstation since you opened it; reload and try again",
            sheet=sheet.title)
    return row


def _save(s: Session, actor: Actor, sheet: SheetDef, texts: dict[str, str], editing: Any) -> int:
    if editing is not None and any(c.fixed for c in sheet.columns):
        current = dict(zip((c.key for c in sheet.columns), _current(s, sheet, editing.id), strict=True))
        texts.update({c.key: current[c.key] for c in sheet.columns if c.fixed})
    if sheet is LIMITS:
        stored = limits.save_one(s, actor, texts, editing=editing)
        if texts.get(RETIRED.key, "").strip():
            active = texts[RETIRED.key].strip() != YES
            if stored.active != active:
                audit.record(s, actor, "limit", stored.id, AuditAction.UPDATE, {"active": [stored.active, active]})
                stored.active = active
                s.flush()
        return stored.id
    run = _Import(s, actor, mode=Mode.ADD if editing is None else Mode.EDIT, editing=editing)
    run.sheet = sheet.title
    cells = {c.key: Cell(c.key, c.header, texts.get(c.key, "")) for c in sheet.columns}
    getattr(run, f"_{_HANDLERS[sheet.title]}")([SheetRow(1, cells)])
    if run.problems or run.stored is None:
        raise ImportRejected("The entry was not saved: {bad} field(s) need correcting", problems=run.problems,
                             field=run.problems[0].column if run.problems else "row", bad=len(run.problems))
    catalogue.forget(s)
    return int(run.stored.id)


def _remove_panel_item(s: Session, actor: Actor, item: PanelItem) -> None:
    """Take the item out of its panel (nothing points to an item); a panel left empty goes too."""
    panel = s.get(Panel, item.panel_id)
    if panel is None:
        raise NotFound("The entry {id} of {sheet} no longer exists; reload the list", id=item.id, sheet=PANELS.title)
    items = list(s.scalars(select(PanelItem).where(PanelItem.panel_id == panel.id)))
    names = dict(s.execute(select(Parameter.id, Parameter.name).where(
        Parameter.id.in_([i.parameter_id for i in items]))).all())
    editions = dict(s.execute(select(Method.id, Standard.number + "-" + Standard.year).join(
        Standard, Standard.id == Method.standard_id).where(Method.id.in_([i.method_id for i in items]))).all())
    before = {names[i.parameter_id]: editions.get(i.method_id, "") for i in items}
    after = {k: v for k, v in before.items() if k != names[item.parameter_id]}
    s.delete(item)
    if after:
        from sqlalchemy.orm.attributes import flag_modified

        flag_modified(panel, "name")  # the panel's version moves with its items
        s.flush()
        audit.record(s, actor, "panel", panel.id, AuditAction.UPDATE, {"items": [before, after]})
    else:
        product = s.get(Product, panel.product_id)
        audit.record(s, actor, "panel", panel.id, AuditAction.DELETE, {
            "product": [_label(product), None], "name": [panel.name, None], "items": [before, None]})
        s.flush()
        s.delete(panel)
    s.flush()
    catalogue.forget(s)


def _choices(s: Session, refers: str) -> list[RefChoice]:
    if refers == PRODUCTS.title:
        return [RefChoice(e.cells[0] or e.cells[1], f"{e.cells[1]} ({e.cells[0]})" if e.cells[0] else e.cells[1])
                for e in sheet_entries(s, PRODUCTS) if e.active]
    if refers == AREAS.title:
        return [RefChoice(e.cells[0] or e.cells[1], f"{e.cells[1]} ({e.cells[0]})" if e.cells[0] else e.cells[1])
                for e in sheet_entries(s, AREAS) if e.active]
    if refers == PARAMETERS.title:
        return [RefChoice(name, name) for name in s.scalars(
            select(Parameter.name).where(Parameter.active.is_(True)).order_by(Parameter.name))]
    if refers in (STANDARDS.title, LIMIT_STANDARDS):
        query = select(Standard).where(Standard.active.is_(True)).order_by(Standard.number, Standard.year)
        if refers == LIMIT_STANDARDS:
            query = query.where(Standard.kind != StandardKind.METHOD)
        return [RefChoice(f"{x.number}-{x.year}", f"{x.number}-{x.year} {x.title}") for x in s.scalars(query)]
    if refers == METHODS.title:
        rows = s.execute(select(Standard.number, Standard.year, Standard.title).where(exists().where(
            Method.standard_id == Standard.id, Method.active.is_(True))).order_by(Standard.number, Standard.year))
        return [RefChoice(f"{n}-{y}", f"{n}-{y} {t}") for n, y, t in rows]
    if refers == USERS:
        return [RefChoice(u, f"{u} {name}") for u, name in s.execute(
            select(User.username, User.full_name).where(User.active.is_(True)).order_by(User.username))]
    raise NotFound("No list '{title}' in the master data", title=refers)
