"""The lab's certification scope: certificates, their ability-table versions, the alias table,
a scope verdict for every test (lims.domain.scope) and the scope audit for managers.

``ScopeIndex`` is what one session knows of the scope: every certificate with all its table
versions read into ``lims.domain.scope`` entries, the alias table, and the catalogue's names. It
is read once per session (kept in the session's ``info``), so a sample's read model, a batch of
verdicts and the audit read the tables once; a use case that changes the scope calls ``forget``.
The ability-table import and export live in ``lims.services.scope_tables``."""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import (
    AbilityTable,
    Certificate,
    Method,
    Parameter,
    ReadableTest,
    RequiredParameter,
    Sample,
    ScopeAlias,
    ScopeRow,
    Standard,
    Test,
)
from lims.domain.accounts import Duty
from lims.domain.audit_chain import field_changes
from lims.domain.editions import Edition, EditionFlag, EditionState
from lims.domain.enums import AuditAction, CertificateKind, TestStatus
from lims.domain.errors import ConcurrentEditError, NotFound, ValidationError
from lims.domain.scope import (
    Alias,
    AliasKind,
    AliasTable,
    CertificateScope,
    MethodRef,
    RowInput,
    ScopeVerdict,
    Subject,
    TableVersion,
    Verdict,
    build_entries,
    epoch_days,
    fold,
    judge,
    method_ref,
    parse_methods,
)
from lims.domain.text import clean_text
from lims.services import audit, authority, snapshots
from lims.services import policy as lab_policy
from lims.services.catalogue import catalogue
from lims.services.dto import Actor
from lims.services.fields import clean
from lims.services.samples import normalise_code

if TYPE_CHECKING:
    from lims.services.scope_audit import AuditFiles, PeriodAudit

_INFO_KEY = "lims.scope"
KINDS = (CertificateKind.CMA.value, CertificateKind.CATL.value)
# how long before expiry renewal is applied for, when the person adding a certificate says nothing
DEFAULT_RENEWAL_LEAD_DAYS = {CertificateKind.CMA.value: 90, CertificateKind.CATL.value: 180}


# --- DTOs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopeMark:
    """One certificate's verdict on a test, as a grid or a report shows it."""

    kind: str  # "CMA" or "CATL"
    verdict: str  # "in", "out" or "review"
    reason: str | None  # a lims.domain.scope.Reason value; None when in scope
    certificate: str | None
    row: str | None  # the ability table row's number, e.g. "1.4"
    detail: str = ""

    @staticmethod
    def of(v: ScopeVerdict) -> ScopeMark:
        return ScopeMark(v.kind, v.verdict.value, v.reason.value if v.reason else None, v.certificate, v.row, v.detail)


@dataclass(frozen=True)
class CertificateForm:
    kind: str
    number: str
    holder: str
    issued_on: date
    valid_until: date
    renewal_lead_days: int | None = None  # None: 90 days for CMA, 180 for CATL


@dataclass(frozen=True)
class CertificateView:
    id: int
    kind: str
    number: str
    holder: str
    issued_on: date
    valid_until: date
    renewal_lead_days: int
    version: int
    table_version: int | None
    table_approved_on: date | None
    rows: int


@dataclass(frozen=True)
class CheckResult:
    """``lims scope check``: both verdicts for a product, a parameter and a method on a date."""

    product: str
    parameter: str
    method: str
    on: date
    cma: ScopeVerdict
    catl: ScopeVerdict
    # the method edition as the standards catalogue holds it on ``on``: None when the catalogue
    # does not hold it; a flag unless it is in force
    edition: Edition | None = None

    @property
    def edition_flag(self) -> EditionFlag | None:
        return self.edition.flag(self.on) if self.edition is not None else None

    def as_json(self) -> dict[str, dict[str, object]]:
        found: dict[str, dict[str, object]] = {
            v.kind: {"verdict": v.verdict.value, "reason": v.reason.value if v.reason else None,
                     "certificate": v.certificate, "row": v.row, "row_name": v.row_name,
                     "table_version": v.table_version, "detail": v.detail}
            for v in (self.cma, self.catl)}
        flag = self.edition_flag
        if flag is not None:
            found["edition"] = flag.as_json()
        else:
            found["edition"] = {"edition": self.method, "state": "unknown" if self.edition is None
                                else EditionState.IN_FORCE.value, "in_force_from": None, "in_force_to": None,
                                "replaced_by": None}
            if self.edition is not None:
                found["edition"].update(in_force_from=_iso(self.edition.in_force_from),
                                        in_force_to=_iso(self.edition.in_force_to))
        return found


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class OutOfScopeTest:
    sample_code: str
    test_id: int
    parameter: str
    method: str
    on: date
    kind: str
    verdict: str
    reason: str | None
    detail: str


@dataclass(frozen=True)
class ExpiringCertificate:
    kind: str
    number: str
    valid_until: date
    days_left: int  # negative once expired
    renewal_lead_days: int


@dataclass(frozen=True)
class ScopeAudit:
    start: date
    end: date
    tests: int
    verdicts: dict[str, dict[str, int]]  # kind -> verdict -> tests
    reasons: dict[str, dict[str, int]]  # kind -> reason (out and review) -> tests
    outside: tuple[OutOfScopeTest, ...]  # out or review, for either certificate
    expiring: tuple[ExpiringCertificate, ...]  # within their renewal lead days, or expired

    def as_json(self) -> dict[str, object]:
        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(), "tests": self.tests,
            "verdicts": self.verdicts, "reasons": self.reasons,
            "outside": [{"sample": o.sample_code, "test": o.test_id, "parameter": o.parameter, "method": o.method,
                         "date": o.on.isoformat(), "kind": o.kind, "verdict": o.verdict, "reason": o.reason,
                         "detail": o.detail} for o in self.outside],
            "expiring": [{"kind": c.kind, "number": c.number, "valid_until": c.valid_until.isoformat(),
                          "days_left": c.days_left, "renewal_lead_days": c.renewal_lead_days}
                         for c in self.expiring],
        }


@dataclass(frozen=True)
class ScopeRowState:
    """A row of an ability table as the Scope page lists it, with the method editions it names
    that are not in force on the day asked about (withdrawn, replaced, not yet in force)."""

    seq: int
    category: str
    number: str
    name: str
    method_text: str
    limits_of_use: str
    remark: str
    editions: tuple[EditionFlag, ...] = ()


@dataclass(frozen=True)
class ApprovalWarning:
    """A test of a sample about to be approved that lies outside a certificate's scope (out, or
    review: a person must confirm), or whose method edition is not in force on its test date."""

    test_id: int
    parameter: str
    method: str
    on: date
    cma: ScopeMark
    catl: ScopeMark
    edition: EditionFlag | None

    def as_json(self) -> dict[str, object]:
        marks = {m.kind: {"verdict": m.verdict, "reason": m.reason, "detail": m.detail} for m in (self.cma, self.catl)}
        return {"test": self.test_id, "parameter": self.parameter, "method": self.method,
                "date": self.on.isoformat(), **marks, "edition": self.edition.as_json() if self.edition else None}


@dataclass(frozen=True)
class AliasRow:
    id: int
    version: int
    kind: str
    alias: str
    canonical: str


@dataclass(frozen=True)
class RequiredRow:
    """A parameter supervision requires for a product."""

    id: int
    product_id: int
    product: str
    parameter_id: int
    parameter: str
    source: str


# --- what a session knows of the scope ------------------------------------------------------------


class _Snapshot:
    """The scope as one committed state of the database holds it: certificates with their
    tables, aliases, parameters' names, methods' editions and product paths, and the verdicts
    already judged. Shared by every session that sees the same reference stamp (``snapshots``), so reading a
    sample does not rebuild the ability tables each time."""

    def __init__(self, s: Session) -> None:
        cat = catalogue(s)
        rows: dict[int, list[RowInput]] = {}
        for r in s.scalars(select(ScopeRow).order_by(ScopeRow.ability_table_id, ScopeRow.seq, ScopeRow.id)):
            rows.setdefault(r.ability_table_id, []).append(RowInput(
                r.number, r.category, r.name, r.method_text, r.limits_of_use, r.remark, r.id))
        tables: dict[int, list[TableVersion]] = {}
        for t in s.scalars(select(AbilityTable)):
            tables.setdefault(t.certificate_id, []).append(
                TableVersion(t.version_no, t.approved_on, build_entries(rows.get(t.id, []))))
        self.certificates = tuple(
            CertificateScope(c.kind, c.number, c.issued_on, c.valid_until, tuple(tables.get(c.id, [])))
            for c in s.scalars(select(Certificate).order_by(Certificate.id)))
        self.parameters: dict[int, tuple[str, ...]] = {
            p.id: (p.name, *(a for a in unicodedata.normalize("NFKC", p.aliases or "").split(";") if a))
            for p in s.execute(select(Parameter.id, Parameter.name, Parameter.aliases))}
        self.methods: dict[int, MethodRef] = {m_id: method_ref(number, year) for m_id, number, year in s.execute(
            select(Method.id, Standard.number, Standard.year).join(Standard, Standard.id == Method.standard_id))}
        standards = s.execute(select(Standard.id, Standard.number, Standard.year, Standard.in_force_from,
                                     Standard.in_force_to, Standard.replaced_by_id)).all()
        by_id = {std.id: std for std in standards}
        self.editions: dict[tuple[str, str], Edition] = {}
        for std in standards:
            after = by_id.get(std.replaced_by_id) if std.replaced_by_id is not None else None
            ref = method_ref(std.number, std.year)
            self.editions[(ref.key, ref.year)] = Edition(
                ref.number, ref.year, std.in_force_from, std.in_force_to,
                f"{after.number}-{after.year}" if after is not None else None,
                after.in_force_from if after is not None else None)
        stored = [Alias(AliasKind(k), a, c) for k, a, c in s.execute(
            select(ScopeAlias.kind, ScopeAlias.alias, ScopeAlias.canonical))]
        self.aliases = AliasTable(stored, products=[n.name for n in cat.nodes.values()],
                                  parameters=[n for names in self.parameters.values() for n in names])
        self.paths = {node: tuple(cat.nodes[n].name for n in cat.path(node) if n in cat.nodes) for node in cat.nodes}
        self.epochs = epoch_days(self.certificates)
        self.memo: dict[tuple[int, int, int, int], tuple[ScopeVerdict, ScopeVerdict]] = {}


def _snapshot(s: Session) -> _Snapshot:
    """The tables as this session sees them, kept across sessions while the reference stamp holds."""
    return snapshots.part(s, "scope", lambda: _Snapshot(s))


class ScopeIndex:
    """What one session knows of the scope: the snapshot of the state it sees."""

    def __init__(self, s: Session) -> None:
        self._snap = _snapshot(s)

    @property
    def certificates(self) -> tuple[CertificateScope, ...]:
        return self._snap.certificates

    @property
    def aliases(self) -> AliasTable:
        return self._snap.aliases

    def product_path(self, product_id: int) -> tuple[str, ...]:
        return self._snap.paths.get(product_id, ())

    def parameter_names(self, parameter_id: int) -> tuple[str, ...]:
        """The parameter's name and its aliases."""
        return self._snap.parameters.get(parameter_id, ())

    def method(self, method_id: int) -> MethodRef | None:
        return self._snap.methods.get(method_id)

    def edition(self, ref: MethodRef) -> Edition | None:
        """The standards catalogue's edition of ``ref``, when it holds it."""
        return self._snap.editions.get((ref.key, ref.year))

    def editions(self) -> tuple[Edition, ...]:
        return tuple(self._snap.editions.values())

    @property
    def epochs(self) -> tuple[date, ...]:
        """The days on which some verdict may change (lims.domain.scope.epoch_days)."""
        return self._snap.epochs

    def method_edition(self, method_id: int) -> Edition | None:
        ref = self._snap.methods.get(method_id)
        return self.edition(ref) if ref is not None else None

    def row_flags(self, method_text: str, on: date) -> tuple[EditionFlag, ...]:
        """The editions a row's method cell names that are not in force on ``on``."""
        flags = []
        for ref in parse_methods(method_text):
            edition = self.edition(ref)
            flag = edition.flag(on) if edition is not None else None
            if flag is not None:
                flags.append(flag)
        return tuple(flags)

    def judge(self, subject: Subject) -> tuple[ScopeVerdict, ScopeVerdict]:
        return (judge(KINDS[0], self.certificates, subject, self.aliases),
                judge(KINDS[1], self.certificates, subject, self.aliases))

    def test_verdicts(self, product_id: int, parameter_id: int, method_id: int, on: date
                      ) -> tuple[ScopeVerdict, ScopeVerdict]:
        """CMA's and CATL's verdicts on a test; tests alike are judged once for each span of
        days in which no certificate starts or lapses and no table version is approved."""
        snap = self._snap
        key = (product_id, parameter_id, method_id, bisect_right(snap.epochs, on))
        found = snap.memo.get(key)
        if found is None:
            method = snap.methods.get(method_id) or MethodRef("", "")
            found = snap.memo[key] = self.judge(Subject(
                self.product_path(product_id), snap.parameters.get(parameter_id, ()), method, on))
        return found


def index(s: Session) -> ScopeIndex:
    found = s.info.get(_INFO_KEY)
    if found is None:
        found = s.info[_INFO_KEY] = ScopeIndex(s)
    return found


def forget(s: Session) -> None:
    s.info.pop(_INFO_KEY, None)
    snapshots.forget(s)


def judged_on(s: Session, tested_on: date | None, sampled_at: datetime) -> date:
    """The day a test is judged on: when it was tested, else the sampling day."""
    return tested_on or lab_policy.read(s).day(sampled_at)


def marks_for(s: Session, product_id: int, sampled_at: datetime, tests: Sequence[ReadableTest]
              ) -> dict[int, tuple[ScopeMark, ScopeMark]]:
    """CMA's and CATL's marks on each test of one sample, by test id."""
    scope = index(s)
    out: dict[int, tuple[ScopeMark, ScopeMark]] = {}
    for t in tests:
        on = judged_on(s, t.tested_on, sampled_at)
        cma, catl = scope.test_verdicts(product_id, t.parameter_id, t.method_id, on)
        out[t.id] = (ScopeMark.of(cma), ScopeMark.of(catl))
    return out


# --- certificates -----------------------------------------------------------------------------------


def _checked(form: CertificateForm) -> CertificateForm:
    kind = form.kind.strip().upper()
    if kind not in KINDS:
        raise ValidationError("A certificate is CMA or CATL, not {kind}", field="kind", kind=form.kind)
    number = clean(form.number, Certificate.number, field="number")
    holder = clean(form.holder, Certificate.holder, field="holder")
    if not number:
        raise ValidationError("Enter the certificate number as printed", field="number")
    if not holder:
        raise ValidationError("Enter the certificate holder as printed", field="holder")
    if form.valid_until <= form.issued_on:
        raise ValidationError("A certificate is valid until a day after it was issued ({issued})",
                              field="valid_until", issued=form.issued_on.isoformat())
    lead = DEFAULT_RENEWAL_LEAD_DAYS[kind] if form.renewal_lead_days is None else form.renewal_lead_days
    if not 0 <= lead <= 3660:
        raise ValidationError("The renewal lead is 0 to 3660 days", field="renewal_lead_days")
    return CertificateForm(kind, number, holder, form.issued_on, form.valid_until, lead)


def _state(c: Certificate) -> dict[str, object]:
    return {"kind": c.kind, "number": c.number, "holder": c.holder, "issued_on": c.issued_on.isoformat(),
            "valid_until": c.valid_until.isoformat(), "renewal_lead_days": c.renewal_lead_days}


def _refuse_duplicate(s: Session, number: str, certificate_id: int | None) -> None:
    for other_id, other in s.execute(select(Certificate.id, Certificate.number)):
        if other_id != certificate_id and fold(other) == fold(number):
            raise ValidationError("A certificate numbered {number} is already recorded", field="number",
                                  number=other)


def add_certificate(s: Session, actor: Actor, form: CertificateForm) -> Certificate:
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    form = _checked(form)
    _refuse_duplicate(s, form.number, None)
    cert = Certificate(kind=CertificateKind(form.kind), number=form.number, holder=form.holder,
                       issued_on=form.issued_on, valid_until=form.valid_until,
                       renewal_lead_days=form.renewal_lead_days)
    s.add(cert)
    s.flush()
    audit.record(s, actor, "certificate", cert.id, AuditAction.CREATE, field_changes({}, _state(cert)))
    forget(s)
    return cert


def edit_certificate(s: Session, actor: Actor, certificate_id: int, expected_version: int,
                     form: CertificateForm, reason: str = "") -> Certificate:
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    cert = s.get(Certificate, certificate_id)
    if cert is None:
        raise NotFound("Certificate {id} does not exist", id=certificate_id)
    if cert.version != expected_version:
        raise ConcurrentEditError("The certificate {number} was changed on another workstation since you "
                                  "opened it; reload and try again", number=cert.number)
    if form.renewal_lead_days is None:
        form = replace(form, renewal_lead_days=cert.renewal_lead_days)
    form = _checked(form)
    _refuse_duplicate(s, form.number, cert.id)
    before = _state(cert)
    cert.kind, cert.number, cert.holder = CertificateKind(form.kind), form.number, form.holder
    cert.issued_on, cert.valid_until = form.issued_on, form.valid_until
    cert.renewal_lead_days = form.renewal_lead_days or 0
    changes = field_changes(before, _state(cert))
    if changes:
        s.flush()
        audit.record(s, actor, "certificate", cert.id, AuditAction.UPDATE, changes, reason)
    forget(s)
    return cert


def certificate_by_number(s: Session, number: str) -> Certificate:
    for cert in s.scalars(select(Certificate)):
        if fold(cert.number) == fold(number):
            return cert
    raise NotFound("No certificate numbered {number} is recorded", number=number)


def _view(s: Session, c: Certificate) -> CertificateView:
    table = s.scalars(select(AbilityTable).where(AbilityTable.certificate_id == c.id)
                      .order_by(AbilityTable.version_no.desc()).limit(1)).first()
    rows = len(s.scalars(select(ScopeRow.id).where(ScopeRow.ability_table_id == table.id)).all()) if table else 0
    return CertificateView(c.id, c.kind, c.number, c.holder, c.issued_on, c.valid_until, c.renewal_lead_days,
                           c.version, table.version_no if table else None, table.approved_on if table else None, rows)


# --- the audit ----------------------------------------------------------------------------------------


def scope_audit(s: Session, start: date, end: date, today: date) -> ScopeAudit:
    policy = lab_policy.read(s)
    scope = index(s)
    start_at = datetime.combine(start, time.min, policy.timezone)
    end_at = datetime.combine(end + timedelta(days=1), time.min, policy.timezone)
    rows = s.execute(
        select(Test.id, Test.parameter_id, Test.method_id, Test.tested_on, Sample.code, Sample.product_id,
               Sample.sampled_at, Parameter.name, Standard.number, Standard.year)
        .join(Sample, Sample.id == Test.sample_id).join(Parameter, Parameter.id == Test.parameter_id)
        .join(Method, Method.id == Test.method_id).join(Standard, Standard.id == Method.standard_id)
        .where(Test.status != TestStatus.RETRACTED.value)
        .where(or_(Test.tested_on.between(start, end),
                   Test.tested_on.is_(None) & (Sample.sampled_at >= start_at) & (Sample.sampled_at < end_at)))
        .order_by(Sample.code, Test.id)
    ).all()
    verdicts: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    reasons: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    outside: list[OutOfScopeTest] = []
    for r in rows:
        on = r.tested_on or policy.day(r.sampled_at)
        for v in scope.test_verdicts(r.product_id, r.parameter_id, r.method_id, on):
            verdicts[v.kind][v.verdict.value] += 1
            if v.verdict is not Verdict.IN:
                reason = v.reason.value if v.reason else ""
                reasons[v.kind][reason] += 1
                outside.append(OutOfScopeTest(r.code, r.id, r.name, f"{r.number}-{r.year}", on, v.kind,
                                              v.verdict.value, v.reason.value if v.reason else None, v.detail))
    expiring = tuple(
        ExpiringCertificate(c.kind, c.number, c.valid_until, (c.valid_until - today).days, c.renewal_lead_days)
        for c in s.scalars(select(Certificate).order_by(Certificate.valid_until))
        if (c.valid_until - today).days <= c.renewal_lead_days
    )
    return ScopeAudit(start, end, len(rows), {k: dict(v) for k, v in verdicts.items()},
                      {k: dict(v) for k, v in reasons.items()}, tuple(outside), expiring)


# --- a sample about to be approved -----------------------------------------------------------------


def approval_warnings(s: Session, sample_id: int) -> list[ApprovalWarning]:
    """The sample's tests (retracted ones left out) that an approval would sign outside the scope:
    a verdict of out or review for either certificate, or a method edition not in force on the
    test's date."""
    sample = s.get(Sample, sample_id)
    if sample is None:
        raise NotFound("Sample {id} does not exist", id=sample_id)
    tests = list(s.scalars(select(Test).where(Test.sample_id == sample_id, Test.status != TestStatus.RETRACTED.value)
                           .order_by(Test.id)))
    scope = index(s)
    names = dict(s.execute(select(Parameter.id, Parameter.name).where(
        Parameter.id.in_({t.parameter_id for t in tests}))).all()) if tests else {}
    warnings = []
    for t in tests:
        on = judged_on(s, t.tested_on, sample.sampled_at)
        cma, catl = scope.test_verdicts(sample.product_id, t.parameter_id, t.method_id, on)
        edition = scope.method_edition(t.method_id)
        flag = edition.flag(on) if edition is not None else None
        if cma.in_scope and catl.in_scope and flag is None:
            continue
        method = scope.method(t.method_id)
        warnings.append(ApprovalWarning(t.id, names.get(t.parameter_id, str(t.parameter_id)),
                                        str(method) if method else "", on, ScopeMark.of(cma), ScopeMark.of(catl),
                                        flag))
    return warnings


# --- aliases and required parameters ---------------------------------------------------------------


def _alias_kind(kind: str) -> AliasKind:
    try:
        return AliasKind(kind)
    except ValueError:
        raise ValidationError("An alias is of a parameter, a product or a category, not {kind}",
                              field="kind", kind=kind) from None


def _alias_texts(kind: str, alias: str, canonical: str) -> tuple[AliasKind, str, str]:
    alias_kind = _alias_kind(kind)
    alias = clean(alias, ScopeAlias.alias, field="alias")
    canonical = clean(canonical, ScopeAlias.canonical, field="canonical")
    if not alias or not canonical or fold(alias) == fold(canonical):
        raise ValidationError("An alias needs a spelling and a different name it stands for", field="alias")
    return alias_kind, alias, canonical


def _refuse_same_alias(s: Session, kind: AliasKind, alias: str, canonical: str, alias_id: int | None) -> None:
    for other_id, other_alias, other_canonical in s.execute(
            select(ScopeAlias.id, ScopeAlias.alias, ScopeAlias.canonical).where(ScopeAlias.kind == kind.value)):
        if other_id != alias_id and fold(other_alias) == fold(alias) and fold(other_canonical) == fold(canonical):
            raise ValidationError("{alias} already stands for {canonical}", field="alias", alias=other_alias,
                                  canonical=other_canonical)


def _alias_for_edit(s: Session, alias_id: int, expected_version: int) -> ScopeAlias:
    row = s.get(ScopeAlias, alias_id)
    if row is None:
        raise NotFound("The alias {id} no longer exists; reload the list", id=alias_id)
    if row.version != expected_version:
        raise ConcurrentEditError("The alias {alias} was changed on another workstation since you opened it; "
                                  "reload and try again", alias=row.alias)
    return row


def edit_alias(s: Session, actor: Actor, alias_id: int, expected_version: int, kind: str, alias: str,
               canonical: str, reason: str = "") -> ScopeAlias:
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    row = _alias_for_edit(s, alias_id, expected_version)
    alias_kind, alias, canonical = _alias_texts(kind, alias, canonical)
    _refuse_same_alias(s, alias_kind, alias, canonical, row.id)
    before: dict[str, object] = {"kind": row.kind, "alias": row.alias, "canonical": row.canonical}
    row.kind, row.alias, row.canonical = alias_kind.value, alias, canonical
    changes = field_changes(before, {"kind": row.kind, "alias": row.alias, "canonical": row.canonical})
    if changes:
        s.flush()
        audit.record(s, actor, "scope_alias", row.id, AuditAction.UPDATE, changes, clean_reason(reason))
    forget(s)
    return row


def remove_alias(s: Session, actor: Actor, alias_id: int, expected_version: int, reason: str) -> None:
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    row = _alias_for_edit(s, alias_id, expected_version)
    reason = clean_reason(reason)
    if not reason:
        raise ValidationError("Give the reason the alias is removed; it is kept in the audit trail", field="reason")
    audit.record(s, actor, "scope_alias", row.id, AuditAction.DELETE,
                 {"kind": [row.kind, None], "alias": [row.alias, None], "canonical": [row.canonical, None]}, reason)
    s.delete(row)
    s.flush()
    forget(s)


def clean_reason(reason: str) -> str:
    return clean_text(reason, field="reason", max_length=500, multiline=False).strip()


def required_rows(s: Session) -> list[RequiredRow]:
    cat = catalogue(s)
    rows = s.execute(select(RequiredParameter.id, RequiredParameter.product_id, RequiredParameter.parameter_id,
                            RequiredParameter.source)).all()
    found = [RequiredRow(r.id, r.product_id, cat.nodes[r.product_id].name if r.product_id in cat.nodes else "",
                         r.parameter_id, cat.parameter_names.get(r.parameter_id, ""), r.source) for r in rows]
    return sorted(found, key=lambda r: (r.product, r.parameter))


def set_required(s: Session, actor: Actor, product: str | int, parameters: list[str], source: str
                 ) -> list[RequiredRow]:
    """The product's required parameters become ``parameters`` (names, aliases or codes as a
    person types them): each one added or removed is an audit event. ``product`` is a name or
    code as typed, or the product's id as a list offered it."""
    authority.require(s, actor, Duty.MANAGE_SCOPE)
    cat = catalogue(s)
    if isinstance(product, int):
        if product not in cat.nodes:
            raise NotFound("Product {id} does not exist", id=product)
        product_id = product
    else:
        product_id = cat.product_id(product)
    wanted: dict[int, str] = {}
    for name in parameters:
        if name.strip():
            wanted[cat.parameter_id(name.strip())] = name
    source = clean(source, RequiredParameter.source, field="source")
    held = {r.parameter_id: r for r in s.scalars(select(RequiredParameter).where(
        RequiredParameter.product_id == product_id))}
    product_name = cat.nodes[product_id].name
    for parameter_id, row in held.items():
        if parameter_id not in wanted:
            audit.record(s, actor, "required_parameter", row.id, AuditAction.DELETE, {
                "product": [product_name, None], "parameter": [cat.parameter_names[parameter_id], None]})
            s.delete(row)
    for parameter_id in wanted:
        kept = held.get(parameter_id)
        if kept is None:
            added = RequiredParameter(product_id=product_id, parameter_id=parameter_id, source=source)
            s.add(added)
            s.flush()
            audit.record(s, actor, "required_parameter", added.id, AuditAction.CREATE, {
                "product": [None, product_name], "parameter": [None, cat.parameter_names[parameter_id]],
                "source": [None, source]})
        elif source and kept.source != source:
            audit.record(s, actor, "required_parameter", kept.id, AuditAction.UPDATE,
                         {"source": [kept.source, source]})
            kept.source = source
    s.flush()
    return [r for r in required_rows(s) if r.product_id == product_id]


# --- the service ----------------------------------------------------------------------------------------


class ScopeService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def today(self) -> date:
        with self._sessions() as s:
            return lab_policy.read(s).today()

    def certificates(self) -> list[CertificateView]:
        with self._sessions() as s:
            return [_view(s, c) for c in s.scalars(select(Certificate).order_by(Certificate.kind, Certificate.id))]

    def add_certificate(self, actor: Actor, form: CertificateForm) -> CertificateView:
        with self._sessions.begin() as s:
            return _view(s, add_certificate(s, actor, form))

    def edit_certificate(self, actor: Actor, certificate_id: int, expected_version: int, form: CertificateForm,
                         reason: str = "") -> CertificateView:
        with self._sessions.begin() as s:
            return _view(s, edit_certificate(s, actor, certificate_id, expected_version, form, reason))

    def aliases(self) -> list[Alias]:
        with self._sessions() as s:
            return [Alias(AliasKind(k), a, c) for k, a, c in s.execute(
                select(ScopeAlias.kind, ScopeAlias.alias, ScopeAlias.canonical)
                .order_by(ScopeAlias.kind, ScopeAlias.canonical, ScopeAlias.alias))]

    def alias_rows(self) -> list[AliasRow]:
        """The alias table as the Scope page edits it."""
        with self._sessions() as s:
            return [AliasRow(r.id, r.version, r.kind, r.alias, r.canonical) for r in s.scalars(
                select(ScopeAlias).order_by(ScopeAlias.kind, ScopeAlias.canonical, ScopeAlias.alias))]

    def add_alias(self, actor: Actor, kind: str, alias: str, canonical: str) -> Alias:
        """A spelling the lab's tables use for a name (audited)."""
        alias_kind = _alias_kind(kind)
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.MANAGE_SCOPE)
            alias_kind, alias, canonical = _alias_texts(kind, alias, canonical)
            _refuse_same_alias(s, alias_kind, alias, canonical, None)
            row = ScopeAlias(kind=alias_kind.value, alias=alias, canonical=canonical)
            s.add(row)
            s.flush()
            audit.record(s, actor, "scope_alias", row.id, AuditAction.CREATE,
                         {"kind": [None, row.kind], "alias": [None, alias], "canonical": [None, canonical]})
        return Alias(alias_kind, alias, canonical)

    def edit_alias(self, actor: Actor, alias_id: int, expected_version: int, kind: str, alias: str,
                   canonical: str, reason: str = "") -> AliasRow:
        """Another spelling, name or kind for an alias (audited, with the reason given)."""
        with self._sessions.begin() as s:
            row = edit_alias(s, actor, alias_id, expected_version, kind, alias, canonical, reason)
            return AliasRow(row.id, row.version, row.kind, row.alias, row.canonical)

    def remove_alias(self, actor: Actor, alias_id: int, expected_version: int, reason: str) -> None:
        """Drop an alias; the reason is kept in the audit trail with what it said."""
        with self._sessions.begin() as s:
            remove_alias(s, actor, alias_id, expected_version, reason)

    def table_rows(self, certificate_id: int, on: date | None = None) -> list[ScopeRowState]:
        """The rows of the certificate's newest ability table, each with the method editions it
        names that are not in force on ``on`` (default: the lab's today)."""
        with self._sessions() as s:
            day = on or lab_policy.read(s).today()
            table_id = s.scalar(select(AbilityTable.id).where(AbilityTable.certificate_id == certificate_id)
                                .order_by(AbilityTable.version_no.desc()).limit(1))
            if table_id is None:
                return []
            scope = index(s)
            return [ScopeRowState(r.seq, r.category, r.number, r.name, r.method_text, r.limits_of_use, r.remark,
                                  scope.row_flags(r.method_text, day))
                    for r in s.scalars(select(ScopeRow).where(ScopeRow.ability_table_id == table_id)
                                       .order_by(ScopeRow.seq, ScopeRow.id))]

    def approval_warnings(self, sample_id: int) -> list[ApprovalWarning]:
        """What approving the sample would sign outside the scope: shown before the signature."""
        with self._sessions() as s:
            return approval_warnings(s, sample_id)

    def approval_warnings_by_code(self, code: str) -> tuple[str, list[ApprovalWarning]]:
        """``approval_warnings`` for a sample named by its code (as typed or scanned)."""
        with self._sessions() as s:
            typed = normalise_code(code)
            found = dict(s.execute(select(Sample.code, Sample.id).where(
                Sample.code.in_({typed, typed.upper()}))).all()) if typed else {}
            exact = typed if typed in found else typed.upper()
            if exact not in found:
                raise NotFound("No sample has the code {code}", code=code.strip())
            return exact, approval_warnings(s, found[exact])

    def required(self) -> list[RequiredRow]:
        """The parameters supervision requires, per product."""
        with self._sessions() as s:
            return required_rows(s)

    def set_required(self, actor: Actor, product: str | int, parameters: list[str], source: str = ""
                     ) -> list[RequiredRow]:
        """Replace a product's required parameters (audited row by row)."""
        with self._sessions.begin() as s:
            return set_required(s, actor, product, parameters, source)

    def check(self, product: str, parameter: str, method: str, on: date) -> CheckResult:
        """Both certificates' verdicts for a product and parameter (as a person types them) by a
        method ("GB 23200.113-2018") on a day."""
        refs = parse_methods(method)
        if not refs:
            raise ValidationError("'{method}' names no method standard with its year, e.g. GB 23200.113-2018",
                                  field="method", method=method)
        with self._sessions() as s:
            cat = catalogue(s)
            product_id = cat.product_id(product)
            parameter_id = cat.parameter_id(parameter)
            scope = index(s)
            aliases = scope.parameter_names(parameter_id)
            cma, catl = scope.judge(Subject(scope.product_path(product_id), aliases, refs[0], on))
            return CheckResult(cat.nodes[product_id].name, cat.parameter_names[parameter_id], str(refs[0]), on,
                               cma, catl, scope.edition(refs[0]))

    def verdicts(self, sample_id: int) -> dict[int, tuple[ScopeMark, ScopeMark]]:
        """CMA's and CATL's marks on each test of the sample (retracted tests left out), by test id."""
        with self._sessions() as s:
            sample = s.get(Sample, sample_id)
            if sample is None:
                raise NotFound("Sample {id} does not exist", id=sample_id)
            tests = list(s.scalars(select(Test).where(Test.sample_id == sample_id,
                                                      Test.status != TestStatus.RETRACTED.value)
                                   .order_by(Test.id)))
            return marks_for(s, sample.product_id, sample.sampled_at, tests)

    def period_audit(self, start: date, end: date, *, expiring_within: int | None = None,
                     today: date | None = None) -> PeriodAudit:
        """The scope audit of a period, every section (lims.services.scope_audit)."""
        from lims.services.scope_audit import period_audit

        with self._sessions() as s:
            return period_audit(s, start, end, today or lab_policy.read(s).today(), expiring_within)

    def write_audit(self, start: date, end: date, *, excel: Path | None = None, pdf: Path | None = None,
                    expiring_within: int | None = None, today: date | None = None) -> AuditFiles:
        """The period's audit written to Excel (a sheet per section) and a one-page PDF summary
        with a chart; each file is written beside its target and renamed when whole."""
        from lims.services.result_exports import _kind, _write_atomic
        from lims.services.scope_audit import AuditFiles, period_audit, summary, write_excel

        for path, suffix in ((excel, ".xlsx"), (pdf, ".pdf")):
            if path is not None:
                _kind(path, (suffix,))
        with self._sessions() as s:
            policy = lab_policy.read(s)
            found = period_audit(s, start, end, today or policy.today(), expiring_within)
            listed = _write_atomic(excel, lambda temp: write_excel(s, found, temp)) if excel is not None else 0
            lab_name = policy.lab_name
        if pdf is not None:
            from reports.scope_summary import render_scope_summary

            content = render_scope_summary(summary(found, lab_name))
            _write_atomic(pdf, lambda temp: temp.write_bytes(content))
        return AuditFiles(found, excel, pdf, listed)

    def audit_between(self, start: date, end: date, today: date | None = None) -> ScopeAudit:
        """``audit`` of the tests of a period, each test outside a scope listed."""
        if end < start:
            raise ValidationError("The audit period ends ({end}) before it starts ({start})", field="to",
                                  end=end.isoformat(), start=start.isoformat())
        with self._sessions() as s:
            return scope_audit(s, start, end, today or lab_policy.read(s).today())

    def audit(self, days: int = 90, today: date | None = None) -> ScopeAudit:
        """Tests of the last ``days`` days by verdict and reason, and the certificates whose
        renewal is due (within their lead days) or that expired."""
        if days < 0:
            raise ValidationError("The audit covers 0 or more days", field="days")
        with self._sessions() as s:
            end = today or lab_policy.read(s).today()
            return scope_audit(s, end - timedelta(days=days), end, end)
