"""Expansion (扩项) applications: the parameters and methods requested for the CMA certificate,
the CATL certificate or both jointly; each step with its day and the person responsible
(lims.domain.expansion says which step may follow which); evidence files; and on approval a new
ability-table version per certificate, in force from the approval date.

Evidence files are stored in the database (``expansion_evidence.content``) with their SHA-256,
not copied into a folder: the database is what every workstation of the lab shares and what is
backed up and kept for the years records are kept, and a file in one workstation's data folder
would be missing on the others. The hash is checked again whenever a file is read back. A file
is limited to ``MAX_EVIDENCE_BYTES``.

The rows of an approved application are added to the certificate's newest table: under the
product section of the same name when the table has one, else under a new section at the end;
the new version keeps every row of the one before, so a test is in scope from the approval
date and stays out before it."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import (
    AbilityTable,
    Certificate,
    Expansion,
    ExpansionCertificate,
    ExpansionEvidence,
    ExpansionItem,
    ExpansionStep,
    ScopeRow,
    User,
)
from lims.domain.accounts import Duty
from lims.domain.enums import AuditAction, ExpansionStatus, ExpansionTarget
from lims.domain.errors import ConcurrentEditError, DatabaseDamaged, NotFound, ValidationError
from lims.domain.expansion import StepDone, check_step, kinds_of, next_steps
from lims.domain.scope import fold, parse_methods, parse_name
from lims.services import audit, authority
from lims.services import policy as lab_policy
from lims.services.dto import Actor
from lims.services.fields import clean
from lims.services.scope import forget

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
AUDIT_ENTITY = "expansion"


# --- forms and views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemForm:
    """A requested row as the ability table will print it."""

    section: str  # the product section, e.g. "蔬菜、水果"
    parameter: str  # e.g. "啶虫脒"
    method: str  # with its edition, e.g. "GB 23200.121-2021"
    limits_of_use: str = ""


@dataclass(frozen=True)
class ExpansionForm:
    title: str
    target: str  # "CMA", "CATL" or "joint"
    items: tuple[ItemForm, ...]
    planned_on: date
    responsible: str  # who plans it
    note: str = ""


@dataclass(frozen=True)
class ItemView:
    seq: int
    section: str
    parameter: str
    method: str
    methods: tuple[str, ...]
    limits_of_use: str


@dataclass(frozen=True)
class StepView:
    step: str
    done_on: date
    responsible: str
    note: str
    recorded_by: str


@dataclass(frozen=True)
class EvidenceView:
    id: int
    file_name: str
    sha256: str
    size: int
    step: str | None
    note: str
    attached_by: str
    attached_at: datetime


@dataclass(frozen=True)
class TargetView:
    kind: str
    certificate: str  # its number
    table_version: int | None  # the version the approval made


@dataclass(frozen=True)
class ExpansionView:
    id: int
    version: int
    title: str
    target: str
    status: str
    applied_on: date | None
    decided_on: date | None
    note: str
    certificates: tuple[TargetView, ...]
    items: tuple[ItemView, ...]
    steps: tuple[StepView, ...]
    evidence: tuple[EvidenceView, ...]
    next_steps: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id, "title": self.title, "target": self.target, "status": self.status,
            "applied_on": _iso(self.applied_on), "decided_on": _iso(self.decided_on), "note": self.note,
            "certificates": [{"kind": c.kind, "number": c.certificate, "table_version": c.table_version}
                             for c in self.certificates],
            "items": [{"section": i.section, "parameter": i.parameter, "method": i.method,
                       "limits_of_use": i.limits_of_use} for i in self.items],
            "steps": [{"step": st.step, "date": st.done_on.isoformat(), "responsible": st.responsible,
                       "note": st.note, "recorded_by": st.recorded_by} for st in self.steps],
            "evidence": [{"file": e.file_name, "sha256": e.sha256, "size": e.size, "step": e.step,
                          "note": e.note, "attached_by": e.attached_by} for e in self.evidence],
            "next_steps": list(self.next_steps),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- use cases --------------------------------------------------------------------------------------


def _target(text: str) -> ExpansionTarget:
    for target in ExpansionTarget:
        if text.strip().casefold() == target.value.casefold():
            return target
    raise ValidationError("An expansion is for CMA, CATL or joint (both), not {target}", field="target", target=text)


def _step(text: str) -> ExpansionStatus:
    try:
        return ExpansionStatus(text.strip().lower())
    except ValueError:
        raise ValidationError("{step} is not a step of an expansion; the steps are {steps}", field="step",
                              step=text, steps=", ".join(s.value for s in ExpansionStatus)) from None


def _responsible(text: str) -> str:
    name = clean(text, ExpansionStep.responsible, field="responsible")
    if not name:
        raise ValidationError("Name the person responsible for the step", field="responsible")
    return name


def _items(forms: Sequence[ItemForm]) -> list[ItemForm]:
    if not forms:
        raise ValidationError("List at least one parameter and method the application asks for", field="items")
    items: list[ItemForm] = []
    seen: set[tuple[str, str, str]] = set()
    for n, item in enumerate(forms, start=1):
        section = clean(item.section, ExpansionItem.section, field="items")
        parameter = clean(item.parameter, ExpansionItem.parameter, field="items")
        method = " ".join(clean(item.method, ExpansionItem.method_text, field="items").split())
        limits = clean(item.limits_of_use, ExpansionItem.limits_of_use, field="items")
        if not section or not parameter:
            raise ValidationError("Item {n}: give the product section and the parameter", field="items", n=n)
        refs = parse_methods(method)
        if not refs:
            raise ValidationError("Item {n}: no method standard with its year in '{text}', e.g. GB 23200.113-2018",
                                  field="items", n=n, text=method)
        key = (fold(section), parse_name(parameter).main, ",".join(str(r) for r in refs))
        if key in seen:
            raise ValidationError("Item {n} repeats {parameter} by {method} under {section}", field="items", n=n,
                                  parameter=parameter, method=method, section=section)
        seen.add(key)
        items.append(ItemForm(section, parameter, method, limits))
    return items


def _certificate_for(s: Session, kind: str, on: date) -> Certificate:
    found = s.scalars(select(Certificate).where(Certificate.kind == kind, Certificate.issued_on <= on,
                                                Certificate.valid_until >= on)
                      .order_by(Certificate.valid_until.desc()).limit(1)).first()
    if found is None:
        raise ValidationError("No {kind} certificate is valid on {day}: record the certificate before applying "
                              "to expand it", field="target", kind=kind, day=on.isoformat())
    return found


def _newest_table(s: Session, certificate_id: int) -> AbilityTable | None:
    return s.scalars(select(AbilityTable).where(AbilityTable.certificate_id == certificate_id)
                     .order_by(AbilityTable.version_no.desc()).limit(1)).first()


def _table_rows(s: Session, table: AbilityTable | None) -> list[ScopeRow]:
    if table is None:
        return []
    return list(s.scalars(select(ScopeRow).where(ScopeRow.ability_table_id == table.id)
                          .order_by(ScopeRow.seq, ScopeRow.id)))


def _same_row(row: ScopeRow, section: str, item: ItemForm) -> bool:
    """The table already prints this item: a parameter row of the same name and method editions
    (``section`` is the product section the row sits under)."""
    if row.category == "product" or fold(section) != fold(item.section):
        return False
    refs = {str(r) for r in parse_methods(row.method_text)}
    return parse_name(row.name).main == parse_name(item.parameter).main and \
        {str(r) for r in parse_methods(item.method)} <= refs


def _sections(rows: Sequence[ScopeRow]) -> list[tuple[ScopeRow, str]]:
    """Each row with the name of the product section it sits under ("" above the first)."""
    out = []
    section = ""
    for row in rows:
        if row.category == "product":
            section = row.name
        out.append((row, section))
    return out


def create(s: Session, actor: Actor, form: ExpansionForm) -> Expansion:
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    today = lab_policy.read(s).today()
    title = clean(form.title, Expansion.title, field="title")
    if not title:
        raise ValidationError("Give the application a title, e.g. 2026年蔬菜农药残留扩项", field="title")
    target = _target(form.target)
    items = _items(form.items)
    responsible = _responsible(form.responsible)
    note = clean(form.note, Expansion.note, field="note", multiline=True)
    check_step((), ExpansionStatus.PLANNED, form.planned_on, today)
    certificates = [_certificate_for(s, kind, today) for kind in kinds_of(target)]
    for cert in certificates:
        held = _sections(_table_rows(s, _newest_table(s, cert.id)))
        for n, item in enumerate(items, start=1):
            row = next((r for r, section in held if _same_row(r, section, item)), None)
            if row is not None:
                raise ValidationError("Item {n}: {parameter} by {method} is already row {row} of the {kind} ability "
                                      "table", field="items", n=n, parameter=item.parameter, method=item.method,
                                      row=row.number, kind=cert.kind)
    expansion = Expansion(title=title, target=target, status=ExpansionStatus.PLANNED, note=note,
                          created_by_id=actor.user_id)
    s.add(expansion)
    s.flush()
    for cert in certificates:
        s.add(ExpansionCertificate(expansion_id=expansion.id, certificate_id=cert.id))
    for seq, item in enumerate(items, start=1):
        s.add(ExpansionItem(expansion_id=expansion.id, seq=seq, section=item.section, parameter=item.parameter,
                            method_text=item.method, limits_of_use=item.limits_of_use))
    s.add(ExpansionStep(expansion_id=expansion.id, step=ExpansionStatus.PLANNED, done_on=form.planned_on,
                        responsible=responsible, note="", recorded_by_id=actor.user_id))
    s.flush()
    audit.record(s, actor, AUDIT_ENTITY, expansion.id, AuditAction.CREATE, {
        "title": [None, title], "target": [None, target.value],
        "certificates": [None, [c.number for c in certificates]],
        "items": [None, [f"{i.section} | {i.parameter} | {i.method}" + (f" | {i.limits_of_use}" if i.limits_of_use
                                                                       else "") for i in items]],
        "status": [None, ExpansionStatus.PLANNED.value],
        "step": [None, {"step": ExpansionStatus.PLANNED.value, "date": form.planned_on.isoformat(),
                        "responsible": responsible}],
    }, note)
    return expansion


def _for_edit(s: Session, expansion_id: int, expected_version: int | None) -> Expansion:
    expansion = s.get(Expansion, expansion_id)
    if expansion is None:
        raise NotFound("Expansion application {id} does not exist", id=expansion_id)
    if expected_version is not None and expansion.version != expected_version:
        raise ConcurrentEditError("The expansion application {title} was changed on another workstation since you "
                                  "opened it; reload and try again", title=expansion.title)
    return expansion


def record_step(s: Session, actor: Actor, expansion_id: int, expected_version: int | None, step: str, on: date,
                responsible: str, note: str = "") -> Expansion:
    """Record the next step; an approval makes the new ability-table versions."""
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    expansion = _for_edit(s, expansion_id, expected_version)
    wanted = _step(step)
    responsible = _responsible(responsible)
    note = clean(note, ExpansionStep.note, field="note", multiline=True)
    done = [StepDone(st, day) for st, day in s.execute(
        select(ExpansionStep.step, ExpansionStep.done_on).where(ExpansionStep.expansion_id == expansion.id)
        .order_by(ExpansionStep.id))]
    check_step(done, wanted, on, lab_policy.read(s).today())
    before = expansion.status
    made: list[dict[str, object]] = []
    if wanted is ExpansionStatus.APPROVED:
        made = _approve(s, actor, expansion, on)
    expansion.status = wanted
    if wanted is ExpansionStatus.SUBMITTED:
        expansion.applied_on = on
    if wanted in (ExpansionStatus.APPROVED, ExpansionStatus.REJECTED):
        expansion.decided_on = on
    s.add(ExpansionStep(expansion_id=expansion.id, step=wanted, done_on=on, responsible=responsible, note=note,
                        recorded_by_id=actor.user_id))
    s.flush()
    changes: dict[str, list[object]] = {
        "status": [before.value, wanted.value],
        "step": [None, {"step": wanted.value, "date": on.isoformat(), "responsible": responsible}]}
    if made:
        changes["ability_tables"] = [None, made]
    audit.record(s, actor, AUDIT_ENTITY, expansion.id, AuditAction.UPDATE, changes, note)
    return expansion


def _approve(s: Session, actor: Actor, expansion: Expansion, on: date) -> list[dict[str, object]]:
    items = list(s.scalars(select(ExpansionItem).where(ExpansionItem.expansion_id == expansion.id)
                           .order_by(ExpansionItem.seq)))
    made = []
    for link in s.scalars(select(ExpansionCertificate).where(ExpansionCertificate.expansion_id == expansion.id)
                          .order_by(ExpansionCertificate.id)):
        cert = s.get(Certificate, link.certificate_id)
        assert cert is not None
        if not cert.issued_on <= on <= cert.valid_until:
            raise ValidationError("The approval date {day} lies outside the validity of the {kind} certificate "
                                  "{number} ({start} to {end})", field="on", day=on.isoformat(), kind=cert.kind,
                                  number=cert.number, start=cert.issued_on.isoformat(),
                                  end=cert.valid_until.isoformat())
        newest = _newest_table(s, cert.id)
        if newest is not None and newest.approved_on > on:
            raise ValidationError("Version {version} of the {kind} ability table was approved on {newest}, after "
                                  "{day}: an approval cannot be dated before it", field="on", version=newest.version_no,
                                  kind=cert.kind, newest=newest.approved_on.isoformat(), day=on.isoformat())
        rows, added = _grown(_table_rows(s, newest), items)
        version_no = (s.scalar(select(func.max(AbilityTable.version_no))
                               .where(AbilityTable.certificate_id == cert.id)) or 0) + 1
        table = AbilityTable(certificate_id=cert.id, version_no=version_no, approved_on=on,
                             note=f"扩项 #{expansion.id} {expansion.title}"[:500])
        s.add(table)
        s.flush()
        for seq, row in enumerate(rows, start=1):
            s.add(ScopeRow(ability_table_id=table.id, seq=seq, category=row.category, number=row.number[:20],
                           name=row.name, method_text=row.method_text, standard_id=row.standard_id,
                           limits_of_use=row.limits_of_use, remark=row.remark, site=row.site))
        link.resulting_table_id = table.id
        audit.record(s, actor, "certificate", cert.id, AuditAction.UPDATE, {
            "ability_table": [None, {"version_no": version_no, "approved_on": on.isoformat(), "rows": len(rows),
                                     "added": added, "expansion": expansion.id}]})
        made.append({"certificate": cert.number, "version_no": version_no, "added": added})
    forget(s)
    return made


def _grown(rows: list[ScopeRow], items: Sequence[ExpansionItem]) -> tuple[list[ScopeRow], int]:
    """The table's rows with the items added under their product sections (a new section at the
    end for one the table has not); rows it already prints are not added twice."""
    out = [ScopeRow(category=r.category, number=r.number, name=r.name, method_text=r.method_text,
                    standard_id=r.standard_id, limits_of_use=r.limits_of_use, remark=r.remark, site=r.site)
           for r in rows]
    added = 0
    for item in items:
        form = ItemForm(item.section, item.parameter, item.method_text, item.limits_of_use)
        placed = _sections(out)
        if any(_same_row(r, section, form) for r, section in placed):
            continue
        head = next((i for i, (r, _) in enumerate(placed) if r.category == "product" and fold(r.name) == fold(
            item.section)), None)
        if head is None:
            tops = [int(r.number) for r in out if r.category == "product" and r.number.isdigit()]
            out.append(ScopeRow(category="product", number=str(max(tops, default=0) + 1), name=item.section,
                                method_text="", limits_of_use="", remark="", site=""))
            head = len(out) - 1
        section_number = out[head].number
        end = head + 1
        while end < len(out) and out[end].category != "product":
            end += 1
        children = [r.number[len(section_number) + 1:] for r in out[head + 1:end]
                    if r.number.startswith(section_number + ".")]
        last = max((int(c.split(".")[0]) for c in children if c.split(".")[0].isdigit()), default=0)
        out.insert(end, ScopeRow(category="parameter", number=f"{section_number}.{last + 1}", name=item.parameter,
                                 method_text=item.method_text, standard_id=None, limits_of_use=item.limits_of_use,
                                 remark="扩项", site=""))
        added += 1
    return out, added


def attach(s: Session, actor: Actor, expansion_id: int, file_name: str, content: bytes, step: str | None = None,
           note: str = "") -> ExpansionEvidence:
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    expansion = _for_edit(s, expansion_id, None)
    name = clean(Path(file_name).name, ExpansionEvidence.file_name, field="file")
    if not name:
        raise ValidationError("The evidence file has no name", field="file")
    if not content:
        raise ValidationError("{file} is empty: nothing was attached", field="file", file=name)
    if len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationError("{file} is larger than {limit} MiB: attach a smaller file (a PDF of the report, not "
                              "the raw data)", field="file", file=name, limit=MAX_EVIDENCE_BYTES // (1024 * 1024))
    digest = hashlib.sha256(content).hexdigest()
    same = s.scalar(select(ExpansionEvidence.file_name).where(ExpansionEvidence.expansion_id == expansion.id,
                                                              ExpansionEvidence.sha256 == digest))
    if same is not None:
        raise ValidationError("{file} is already attached to this application (as {same})", field="file", file=name,
                              same=same)
    supports = _step(step) if step else None
    evidence = ExpansionEvidence(expansion_id=expansion.id, step=supports, file_name=name, sha256=digest,
                                 size=len(content), content=content,
                                 note=clean(note, ExpansionEvidence.note, field="note", multiline=True),
                                 attached_by_id=actor.user_id)
    s.add(evidence)
    s.flush()
    audit.record(s, actor, AUDIT_ENTITY, expansion.id, AuditAction.UPDATE, {
        "evidence": [None, {"file": name, "sha256": digest, "size": len(content),
                            "step": supports.value if supports else None}]}, evidence.note)
    return evidence


def view(s: Session, expansion: Expansion) -> ExpansionView:
    users = dict(s.execute(select(User.id, User.full_name)).all())
    links = s.execute(select(Certificate.kind, Certificate.number, AbilityTable.version_no)
                      .select_from(ExpansionCertificate)
                      .join(Certificate, Certificate.id == ExpansionCertificate.certificate_id)
                      .outerjoin(AbilityTable, AbilityTable.id == ExpansionCertificate.resulting_table_id)
                      .where(ExpansionCertificate.expansion_id == expansion.id)
                      .order_by(ExpansionCertificate.id)).all()
    items = tuple(ItemView(i.seq, i.section, i.parameter, i.method_text,
                           tuple(str(r) for r in parse_methods(i.method_text)), i.limits_of_use)
                  for i in s.scalars(select(ExpansionItem).where(ExpansionItem.expansion_id == expansion.id)
                                     .order_by(ExpansionItem.seq)))
    steps = tuple(StepView(st.step.value, st.done_on, st.responsible, st.note, users.get(st.recorded_by_id or 0, ""))
                  for st in s.scalars(select(ExpansionStep).where(ExpansionStep.expansion_id == expansion.id)
                                      .order_by(ExpansionStep.id)))
    evidence = tuple(EvidenceView(e.id, e.file_name, e.sha256, e.size, e.step.value if e.step else None, e.note,
                                  users.get(e.attached_by_id or 0, ""), e.attached_at)
                     for e in s.execute(select(ExpansionEvidence.id, ExpansionEvidence.file_name,
                                               ExpansionEvidence.sha256, ExpansionEvidence.size,
                                               ExpansionEvidence.step, ExpansionEvidence.note,
                                               ExpansionEvidence.attached_by_id, ExpansionEvidence.attached_at)
                                        .where(ExpansionEvidence.expansion_id == expansion.id)
                                        .order_by(ExpansionEvidence.id)))
    return ExpansionView(
        expansion.id, expansion.version, expansion.title, expansion.target.value, expansion.status.value,
        expansion.applied_on, expansion.decided_on, expansion.note,
        tuple(TargetView(str(kind), number, version) for kind, number, version in links), items, steps, evidence,
        tuple(st.value for st in next_steps(expansion.status)))


# --- the service ------------------------------------------------------------------------------------


class ExpansionService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def applications(self) -> list[ExpansionView]:
        """Every application, the newest first."""
        with self._sessions() as s:
            return [view(s, e) for e in s.scalars(select(Expansion).order_by(Expansion.id.desc()))]

    def get(self, expansion_id: int) -> ExpansionView:
        with self._sessions() as s:
            return view(s, _for_edit(s, expansion_id, None))

    def create(self, actor: Actor, form: ExpansionForm) -> ExpansionView:
        with self._sessions.begin() as s:
            return view(s, create(s, actor, form))

    def record_step(self, actor: Actor, expansion_id: int, step: str, on: date, responsible: str, note: str = "",
                    expected_version: int | None = None) -> ExpansionView:
        with self._sessions.begin() as s:
            return view(s, record_step(s, actor, expansion_id, expected_version, step, on, responsible, note))

    def attach(self, actor: Actor, expansion_id: int, path: str | Path, step: str | None = None,
               note: str = "") -> EvidenceView:
        """Attach a file as evidence: read whole, stored with its SHA-256."""
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > MAX_EVIDENCE_BYTES:
                raise ValidationError("{file} is larger than {limit} MiB: attach a smaller file (a PDF of the report, "
                                      "not the raw data)", field="file", file=path.name,
                                      limit=MAX_EVIDENCE_BYTES // (1024 * 1024))
            content = path.read_bytes()
        except IsADirectoryError:
            raise ValidationError("{path} is a folder, not a file", field="file", path=str(path)) from None
        except OSError as exc:
            raise ValidationError("{path} cannot be read: {why}", field="file", path=str(path),
                                  why=exc.strerror or str(exc)) from None
        with self._sessions.begin() as s:
            e = attach(s, actor, expansion_id, path.name, content, step, note)
            return EvidenceView(e.id, e.file_name, e.sha256, e.size, e.step.value if e.step else None, e.note,
                                actor.full_name, e.attached_at)

    def evidence_file(self, evidence_id: int) -> tuple[str, bytes]:
        """An attached file's name and bytes, refused when they no longer match the SHA-256 taken
        when it was attached."""
        with self._sessions() as s:
            found = s.execute(select(ExpansionEvidence.file_name, ExpansionEvidence.sha256, ExpansionEvidence.content)
                              .where(ExpansionEvidence.id == evidence_id)).first()
        if found is None:
            raise NotFound("Evidence file {id} does not exist", id=evidence_id)
        if hashlib.sha256(found.content).hexdigest() != found.sha256:
            raise DatabaseDamaged("The stored evidence file {file} no longer matches the SHA-256 taken when it was "
                                  "attached", file=found.file_name)
        return found.file_name, found.content
