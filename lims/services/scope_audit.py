"""The scope audit of a period, for a lab manager and the assessors: every section in one pass,
then written to Excel (a sheet per section) and summarised on one PDF page with a chart.

Sections:
- tests outside a certificate's scope (out, or review: a person must confirm), grouped by
  product, parameter, method and reason; the Excel lists each test as well;
- issued reports that carried a mark they should not have (must be none): a row printed inside
  a mark's scope whose test is not in that scope on its test date, or was tested by an edition
  not in force then, or a mark whose certificate was not valid on the issue day;
- certificates expiring within a number of days (or within their own renewal lead);
- withdrawn or replaced method editions in use: tests by them, and ability-table rows naming them;
- authorisation gaps: a signatory authorised to sign a parameter (or method) no certificate's
  scope covers, and parameters in the scope that nobody may sign;
- coverage: each product's required parameters (what supervision needs) against what each
  certificate covers, with the period's tests, ranked into what to expand next.

Tests are counted in SQL, grouped by product, parameter, method and the span of days between
two days on which a verdict or an edition's state may change (a certificate starts or lapses, a
table version is approved, an edition comes into force, is replaced or withdrawn): every test of
a group has the same verdicts, so each group is judged once, whatever the number of tests."""
from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from lims.db.models import Authorization, Certificate, Method, Parameter, Report, Sample, Standard, Test, User
from lims.domain.editions import EditionFlag, EditionState, change_days
from lims.domain.enums import ReportStatus, TestStatus
from lims.domain.errors import ValidationError
from lims.domain.expansion import Candidate, rank_candidates
from lims.domain.scope import Subject, Verdict
from lims.services import policy as lab_policy
from lims.services.catalogue import catalogue
from lims.services.scope import KINDS, ExpiringCertificate, ScopeMark, index, required_rows

VERDICT_TEXT = {"in": "在范围内", "review": "需人工确认", "out": "超范围"}
REASON_TEXT = {
    "no_certificate": "无此类证书", "expired": "证书已过期", "not_yet_valid": "证书或附表尚未生效",
    "category": "产品类别不在范围内", "no_row": "附表无此参数/方法", "edition": "方法版本不符",
    "limits_of_use": "限制范围",
}
EDITION_TEXT = {EditionState.WITHDRAWN.value: "已废止", EditionState.REPLACED.value: "已被代替",
                EditionState.NOT_YET_IN_FORCE.value: "尚未实施", EditionState.IN_FORCE.value: "现行有效"}
MARK_TEXT = {"verdict": "该项目不在标志所属证书范围内", "edition": "方法版本在检测日已废止或被代替",
             "certificate": "签发日证书无效", "no_test": "报告行找不到对应的检测"}
GAP_TEXT = {"outside": "授权签字范围超出证书能力范围", "no_signatory": "范围内的参数无人被授权签字"}
MAX_DETAIL_ROWS = 1_048_575  # Excel's rows below the header


# --- what the audit finds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutsideGroup:
    """Tests alike (product, parameter, method) that one certificate's scope does not cover."""

    product: str
    parameter: str
    method: str
    kind: str
    verdict: str  # "out" or "review"
    reason: str | None
    detail: str
    tests: int
    first: date
    last: date


@dataclass(frozen=True)
class WrongMark:
    """A mark a report carried that it should not have."""

    report: str
    sample_code: str
    issued_on: date
    kind: str
    parameter: str
    method: str
    why: str  # "verdict", "edition", "certificate" or "no_test"
    detail: str  # English, as the JSON gives it
    edition: EditionFlag | None = None  # why "edition": the flag, for the workbook's Chinese
    reason: str = ""  # why "verdict": the scope verdict's reason (a Reason value, or its verdict's) ...
    reason_detail: str = ""  # ... and its detail (sections, methods, dates: no words), for the workbook


@dataclass(frozen=True)
class EditionInUse:
    """Tests by a method edition that was not in force on their test date."""

    flag: EditionFlag
    parameter: str
    tests: int
    first: date
    last: date


@dataclass(frozen=True)
class RowEdition:
    """An ability-table row (of the version in force at the period's end) naming an edition not in force."""

    kind: str
    certificate: str
    table_version: int
    row: str
    name: str
    flag: EditionFlag


@dataclass(frozen=True)
class AuthorisationGap:
    username: str
    full_name: str
    parameter: str
    method: str  # "" when the authorisation covers every method
    gap: str  # "outside" (authorised to sign outside a scope) or "no_signatory"
    kinds: tuple[str, ...]  # the certificates concerned
    detail: str  # English, as the JSON gives it
    # "outside": each certificate's reason (a Reason value, or its verdict's) and its detail, for the workbook
    reasons: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class CoverageRow:
    product: str
    parameter: str
    required: bool
    source: str
    cma: ScopeMark
    catl: ScopeMark
    tests: int
    out_tests: int


@dataclass(frozen=True)
class PeriodAudit:
    start: date
    end: date
    today: date
    expiring_within: int | None  # None: each certificate's own renewal lead
    tests: int
    verdicts: dict[str, dict[str, int]]
    reasons: dict[str, dict[str, int]]
    outside: tuple[OutsideGroup, ...]
    wrong_marks: tuple[WrongMark, ...]
    reports_checked: int
    expiring: tuple[ExpiringCertificate, ...]
    editions_in_use: tuple[EditionInUse, ...]
    table_editions: tuple[RowEdition, ...]
    authorisation_gaps: tuple[AuthorisationGap, ...]
    coverage: tuple[CoverageRow, ...]
    next_to_expand: tuple[Candidate, ...]

    def as_json(self) -> dict[str, object]:
        def mark(m: ScopeMark) -> dict[str, object]:
            return {"verdict": m.verdict, "reason": m.reason, "row": m.row}

        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(), "tests": self.tests,
            "verdicts": self.verdicts, "reasons": self.reasons,
            "outside": [{"product": g.product, "parameter": g.parameter, "method": g.method, "kind": g.kind,
                         "verdict": g.verdict, "reason": g.reason, "detail": g.detail, "tests": g.tests,
                         "first": g.first.isoformat(), "last": g.last.isoformat()} for g in self.outside],
            "wrong_marks": [{"report": w.report, "sample": w.sample_code, "issued_on": w.issued_on.isoformat(),
                             "kind": w.kind, "parameter": w.parameter, "method": w.method, "why": w.why,
                             "detail": w.detail} for w in self.wrong_marks],
            "reports_checked": self.reports_checked,
            "expiring": [{"kind": c.kind, "number": c.number, "valid_until": c.valid_until.isoformat(),
                          "days_left": c.days_left, "renewal_lead_days": c.renewal_lead_days} for c in self.expiring],
            "editions_in_use": [{**e.flag.as_json(), "parameter": e.parameter, "tests": e.tests,
                                 "first": e.first.isoformat(), "last": e.last.isoformat()}
                                for e in self.editions_in_use],
            "table_editions": [{**r.flag.as_json(), "kind": r.kind, "certificate": r.certificate,
                                "table_version": r.table_version, "row": r.row, "name": r.name}
                               for r in self.table_editions],
            "authorisation_gaps": [{"user": g.username, "name": g.full_name, "parameter": g.parameter,
                                    "method": g.method, "gap": g.gap, "kinds": list(g.kinds), "detail": g.detail}
                                   for g in self.authorisation_gaps],
            "coverage": [{"product": c.product, "parameter": c.parameter, "required": c.required,
                          "source": c.source, "CMA": mark(c.cma), "CATL": mark(c.catl), "tests": c.tests,
                          "out_tests": c.out_tests} for c in self.coverage],
            "next_to_expand": [{"product": c.product, "parameter": c.parameter, "required": c.required,
                                "missing": list(c.missing), "tests": c.tests, "out_tests": c.out_tests}
                               for c in self.next_to_expand],
        }


# --- the audit --------------------------------------------------------------------------------------------


def _spans(s: Session, start: date, end: date) -> tuple[date, ...]:
    """The days after ``start`` up to ``end`` on which a verdict or an edition's state may change."""
    scope = index(s)
    days = set(scope.epochs) | set(change_days(scope.editions()))
    return tuple(sorted(d for d in days if start < d <= end))


def _groups(s: Session, start: date, end: date, days: Sequence[date], policy: lab_policy.Policy
            ) -> dict[tuple[int, int, int, int], _Group]:
    """The period's tests counted by product, parameter, method and span of days (0 = from the
    start), with the first and last day of each group. Tests with a test date are counted per day
    (no MIN/MAX per row: the sort is the cost), those without one by their sampling day's span."""
    zone = policy.timezone
    groups: dict[tuple[int, int, int, int], _Group] = {}
    tested = s.execute(
        select(Sample.product_id, Test.parameter_id, Test.method_id, Test.tested_on, func.count())
        .select_from(Test).join(Sample, Sample.id == Test.sample_id)
        .where(Test.status != TestStatus.RETRACTED.value, Test.tested_on.between(start, end))
        .group_by(Sample.product_id, Test.parameter_id, Test.method_id, Test.tested_on))
    for product_id, parameter_id, method_id, on, count in tested:
        if on is None:  # the filter keeps none; the column allows it
            continue
        _add(groups, (product_id, parameter_id, method_id, bisect_right(days, on)), count, on, on)
    by_sampling = case(*[(Sample.sampled_at < datetime.combine(d, time.min, zone), i) for i, d in enumerate(days)],
                       else_=len(days)) if days else literal(0)
    span = by_sampling.label("span")
    untested = s.execute(
        select(Sample.product_id, Test.parameter_id, Test.method_id, span, func.count(), func.min(Sample.sampled_at),
               func.max(Sample.sampled_at))
        .select_from(Test).join(Sample, Sample.id == Test.sample_id)
        .where(_in_period(start, end, zone), Test.tested_on.is_(None))
        .group_by(Sample.product_id, Test.parameter_id, Test.method_id, span))
    for product_id, parameter_id, method_id, bucket, count, first, last in untested:
        _add(groups, (product_id, parameter_id, method_id, bucket), count, policy.day(first), policy.day(last))
    return groups


def _in_period(start: date, end: date, zone: Any) -> ColumnElement[bool]:
    start_at = datetime.combine(start, time.min, zone)
    end_at = datetime.combine(end + timedelta(days=1), time.min, zone)
    return and_(Test.status != TestStatus.RETRACTED.value,
                or_(Test.tested_on.between(start, end),
                    and_(Test.tested_on.is_(None), Sample.sampled_at >= start_at, Sample.sampled_at < end_at)))


@dataclass
class _Group:
    tests: int
    first: date
    last: date


def period_audit(s: Session, start: date, end: date, today: date, expiring_within: int | None = None) -> PeriodAudit:
    if end < start:
        raise ValidationError("The audit period ends ({end}) before it starts ({start})", field="to",
                              end=end.isoformat(), start=start.isoformat())
    if expiring_within is not None and expiring_within < 0:
        raise ValidationError("Certificates expiring within 0 or more days", field="expiring_within")
    policy = lab_policy.read(s)
    scope = index(s)
    cat = catalogue(s)
    days = _spans(s, start, end)
    rows = _groups(s, start, end, days, policy)

    verdicts: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    reasons: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    outside: dict[tuple[int, int, int, str, str, str | None, str], _Group] = {}
    editions: dict[tuple[str, str, int], tuple[EditionFlag, _Group]] = {}
    volume: Counter[tuple[int, int]] = Counter()
    out_volume: Counter[tuple[int, int]] = Counter()
    total = 0
    for (product_id, parameter_id, method_id, span), group in rows.items():
        on = start if span == 0 else days[span - 1]
        count, first, last = group.tests, group.first, group.last
        total += count
        volume[(product_id, parameter_id)] += count
        judged = scope.test_verdicts(product_id, parameter_id, method_id, on)
        if not all(v.in_scope for v in judged):
            out_volume[(product_id, parameter_id)] += count
        for v in judged:
            verdicts[v.kind][v.verdict.value] += count
            if v.verdict is Verdict.IN:
                continue
            reason = v.reason.value if v.reason else None
            reasons[v.kind][reason or ""] += count
            _add(outside, (product_id, parameter_id, method_id, v.kind, v.verdict.value, reason, v.detail),
                 count, first, last)
        edition = scope.method_edition(method_id)
        flag = edition.flag(on) if edition is not None else None
        if flag is not None:
            key = (flag.edition, flag.state.value, parameter_id)
            held = editions.get(key)
            if held is None:
                editions[key] = (flag, _Group(count, first, last))
            else:
                _widen(held[1], count, first, last)

    def product(product_id: int) -> str:
        return cat.nodes[product_id].name if product_id in cat.nodes else str(product_id)

    def parameter(parameter_id: int) -> str:
        return cat.parameter_names.get(parameter_id, str(parameter_id))

    def method(method_id: int) -> str:
        ref = scope.method(method_id)
        return str(ref) if ref is not None else str(method_id)

    outside_groups = tuple(sorted(
        (OutsideGroup(product(p), parameter(q), method(m), kind, verdict, reason, detail, g.tests, g.first, g.last)
         for (p, q, m, kind, verdict, reason, detail), g in outside.items()),
        key=lambda o: (-o.tests, o.product, o.parameter, o.method, o.kind)))
    in_use = tuple(sorted((EditionInUse(flag, parameter(q), g.tests, g.first, g.last)
                           for (_, _, q), (flag, g) in editions.items()),
                          key=lambda e: (e.flag.edition, -e.tests, e.parameter)))
    marks, checked = _wrong_marks(s, start, end)
    coverage = _coverage(s, end, volume, out_volume)
    return PeriodAudit(
        start, end, today, expiring_within, total, {k: dict(v) for k, v in verdicts.items()},
        {k: dict(v) for k, v in reasons.items()}, outside_groups, marks, checked,
        _expiring(s, today, expiring_within), in_use, _table_editions(s, end), _authorisation_gaps(s, end),
        coverage, tuple(rank_candidates(_candidates(s, end, coverage, volume, out_volume))))


def _add(groups: dict[Any, _Group], key: Any, count: int, first: date, last: date) -> None:
    held = groups.get(key)
    if held is None:
        groups[key] = _Group(count, first, last)
    else:
        _widen(held, count, first, last)


def _widen(group: _Group, count: int, first: date, last: date) -> None:
    group.tests += count
    group.first = min(group.first, first)
    group.last = max(group.last, last)


def _expiring(s: Session, today: date, within: int | None) -> tuple[ExpiringCertificate, ...]:
    return tuple(
        ExpiringCertificate(c.kind, c.number, c.valid_until, (c.valid_until - today).days, c.renewal_lead_days)
        for c in s.scalars(select(Certificate).order_by(Certificate.valid_until))
        if (c.valid_until - today).days <= (c.renewal_lead_days if within is None else within))


def _table_editions(s: Session, on: date) -> tuple[RowEdition, ...]:
    """Rows of each certificate's table in force on ``on`` naming an edition not in force then."""
    scope = index(s)
    found = []
    for cert in s.scalars(select(Certificate).order_by(Certificate.kind, Certificate.id)):
        if not cert.issued_on <= on <= cert.valid_until:
            continue
        snapshot = next((c for c in scope.certificates if c.number == cert.number), None)
        table = snapshot.table_on(on) if snapshot is not None else None
        if table is None:
            continue
        for entry in table.entries:
            for flag in scope.row_flags(entry.method_text, on):
                found.append(RowEdition(cert.kind, cert.number, table.version_no, entry.number, entry.printed, flag))
    return tuple(found)


def _wrong_marks(s: Session, start: date, end: date) -> tuple[tuple[WrongMark, ...], int]:
    """Reports issued in the period (void ones too: they left the lab) whose marks covered a row
    that was not in that mark's scope."""
    policy = lab_policy.read(s)
    zone = policy.timezone
    scope = index(s)
    reports = s.execute(
        select(Report.number, Report.sample_id, Report.issued_at, Report.data_json)
        .where(Report.status != ReportStatus.DRAFT.value, Report.issued_at.is_not(None),
               Report.issued_at >= datetime.combine(start, time.min, zone),
               Report.issued_at < datetime.combine(end + timedelta(days=1), time.min, zone))
        .order_by(Report.issued_at, Report.id)).all()
    if not reports:
        return (), 0
    codes: set[str] = set()
    printed: list[tuple[str, date, dict[str, Any]]] = []
    for number, _sample_id, issued_at, data_json in reports:
        if issued_at is None:
            continue
        try:
            data = json.loads(data_json)["report"]
        except (ValueError, KeyError, TypeError):
            continue  # a report issued before its data was kept: nothing printed to compare
        printed.append((number or "", policy.day(issued_at), data))
        codes.update(str(row.get("sample_code", "")) for row in data.get("rows", ()))
    tests: dict[tuple[str, str, str], tuple[int, int, int, date]] = {}
    for code, product_id, sampled_at, parameter_id, method_id, tested_on, name, number, year in s.execute(
            select(Sample.code, Sample.product_id, Sample.sampled_at, Test.parameter_id, Test.method_id,
                   Test.tested_on, Parameter.name, Standard.number, Standard.year)
            .join(Test, Test.sample_id == Sample.id)
            .join(Parameter, Parameter.id == Test.parameter_id)
            .join(Method, Method.id == Test.method_id).join(Standard, Standard.id == Method.standard_id)
            .where(Sample.code.in_(codes), Test.status != TestStatus.RETRACTED.value)):
        tests[(code, name, f"{number}-{year}")] = (product_id, parameter_id, method_id,
                                                   tested_on or policy.day(sampled_at))
    valid = {(str(kind), number): (issued, until) for kind, number, issued, until in s.execute(
        select(Certificate.kind, Certificate.number, Certificate.issued_on, Certificate.valid_until))}
    found: list[WrongMark] = []
    for number, issued_on, data in printed:
        lab = data.get("lab", {})
        rows = data.get("rows", ())
        for kind, cert_key, flag_key in (("CMA", "cma_certificate", "in_cma_scope"),
                                         ("CATL", "catl_certificate", "in_catl_scope")):
            certificate = str(lab.get(cert_key) or "")
            marked = [row for row in rows if row.get(flag_key)]
            if not certificate or not marked:
                continue  # no mark of this kind printed
            span = valid.get((kind, certificate))
            if span is None or not span[0] <= issued_on <= span[1]:
                found.append(WrongMark(number, str(marked[0].get("sample_code", "")), issued_on, kind, "", "",
                                       "certificate", certificate))
            for row in marked:
                code, name, method = (str(row.get(k, "")) for k in ("sample_code", "parameter", "method"))
                test = tests.get((code, name, method))
                if test is None:
                    found.append(WrongMark(number, code, issued_on, kind, name, method, "no_test", ""))
                    continue
                product_id, parameter_id, method_id, on = test
                verdict = scope.test_verdicts(product_id, parameter_id, method_id, on)[KINDS.index(kind)]
                if not verdict.in_scope:
                    reason = verdict.reason.value if verdict.reason else verdict.verdict.value
                    found.append(WrongMark(number, code, issued_on, kind, name, method, "verdict",
                                           f"{reason} {verdict.detail}".strip(), reason=reason,
                                           reason_detail=verdict.detail))
                    continue
                edition = scope.method_edition(method_id)
                flag = edition.flag(on) if edition is not None else None
                if flag is not None:
                    found.append(WrongMark(number, code, issued_on, kind, name, method, "edition", flag.describe(),
                                           flag))
    return tuple(found), len(printed)


def _reason_text(reason: str, detail: str) -> str:
    """A scope verdict's reason as the workbook words it, with its detail (data, no words)."""
    words = REASON_TEXT.get(reason) or VERDICT_TEXT.get(reason, reason)
    return f"{words}（{detail}）" if detail else words


def _authorisation_gaps(s: Session, on: date) -> tuple[AuthorisationGap, ...]:
    """Signatories authorised (on ``on``) to sign what a certificate's scope does not cover, and
    parameters a scope covers that nobody may sign."""
    scope = index(s)
    cat = catalogue(s)
    grants = s.execute(
        select(User.username, User.full_name, Authorization.parameter_id, Authorization.method_id)
        .join(User, User.id == Authorization.user_id)
        .where(Authorization.may_sign.is_(True), Authorization.active.is_(True), User.active.is_(True),
               Authorization.valid_from <= on,
               or_(Authorization.valid_to.is_(None), Authorization.valid_to >= on))
        .order_by(User.username, Authorization.parameter_id)).all()
    gaps: list[AuthorisationGap] = []
    signed: set[int] = set()
    for username, full_name, parameter_id, method_id in grants:
        signed.add(parameter_id)
        ref = scope.method(method_id) if method_id is not None else None
        judged = scope.judge(Subject((), scope.parameter_names(parameter_id), ref, on, any_product=True))
        missing = [v for v in judged if not v.in_scope]
        if missing:
            reasons = tuple((v.kind, v.reason.value if v.reason else v.verdict.value, v.detail) for v in missing)
            gaps.append(AuthorisationGap(
                username, full_name, cat.parameter_names.get(parameter_id, str(parameter_id)),
                str(ref) if ref else "", "outside", tuple(v.kind for v in missing),
                "; ".join(f"{kind}: {reason}" + (f" [{detail}]" if detail else "") for kind, reason, detail in reasons),
                reasons))
    for parameter_id, name in sorted(cat.parameter_names.items(), key=lambda item: item[1]):
        if parameter_id in signed:
            continue
        judged = scope.judge(Subject((), scope.parameter_names(parameter_id), None, on, any_product=True))
        covering = tuple(v.kind for v in judged if v.in_scope)
        if covering:
            gaps.append(AuthorisationGap("", "", name, "", "no_signatory", covering,
                                         ", ".join(f"{v.kind} {v.row}" for v in judged if v.in_scope)))
    return tuple(gaps)


def _coverage(s: Session, on: date, volume: Counter[tuple[int, int]], out_volume: Counter[tuple[int, int]]
              ) -> tuple[CoverageRow, ...]:
    """Each product's required parameters against what each certificate covers (by any method) on ``on``."""
    scope = index(s)
    found = []
    for r in required_rows(s):
        cma, catl = scope.judge(Subject(scope.product_path(r.product_id), scope.parameter_names(r.parameter_id),
                                        None, on))
        key = (r.product_id, r.parameter_id)
        found.append(CoverageRow(r.product, r.parameter, True, r.source, ScopeMark.of(cma), ScopeMark.of(catl),
                                 volume[key], out_volume[key]))
    return tuple(found)


def _candidates(s: Session, on: date, coverage: Sequence[CoverageRow], volume: Counter[tuple[int, int]],
                out_volume: Counter[tuple[int, int]]) -> Iterator[Candidate]:
    """Required pairs a certificate does not cover, and tested pairs outside a scope for want of a
    row (not for a method edition or a limit of use, which an expansion does not mend)."""
    scope = index(s)
    cat = catalogue(s)
    required: set[tuple[str, str]] = set()
    for row in coverage:
        required.add((row.product, row.parameter))
        missing = tuple(m.kind for m in (row.cma, row.catl) if m.verdict == Verdict.OUT.value)
        if missing:
            yield Candidate(row.product, row.parameter, True, missing, row.tests, row.out_tests)
    for (product_id, parameter_id), out in out_volume.items():
        names = (cat.nodes[product_id].name if product_id in cat.nodes else str(product_id),
                 cat.parameter_names.get(parameter_id, str(parameter_id)))
        if names in required:
            continue
        judged = scope.judge(Subject(scope.product_path(product_id), scope.parameter_names(parameter_id), None, on))
        missing = tuple(v.kind for v in judged if v.verdict is Verdict.OUT)
        if missing:
            yield Candidate(names[0], names[1], False, missing, volume[(product_id, parameter_id)], out)


# --- each test outside, for the Excel --------------------------------------------------------------------


@dataclass(frozen=True)
class OutsideTest:
    sample_code: str
    product: str
    parameter: str
    method: str
    on: date
    cma: ScopeMark
    catl: ScopeMark


def outside_tests(s: Session, start: date, end: date) -> Iterator[OutsideTest]:
    """Each test of the period outside either scope, by sample code, read in batches."""
    policy = lab_policy.read(s)
    scope = index(s)
    cat = catalogue(s)
    query = (select(Sample.code, Sample.product_id, Sample.sampled_at, Test.parameter_id, Test.method_id,
                    Test.tested_on)
             .select_from(Test).join(Sample, Sample.id == Test.sample_id)
             .where(_in_period(start, end, policy.timezone)).order_by(Sample.code, Test.id)
             .execution_options(yield_per=5000))
    for code, product_id, sampled_at, parameter_id, method_id, tested_on in s.execute(query):
        on = tested_on or policy.day(sampled_at)
        cma, catl = scope.test_verdicts(product_id, parameter_id, method_id, on)
        if cma.in_scope and catl.in_scope:
            continue
        ref = scope.method(method_id)
        yield OutsideTest(code, cat.nodes[product_id].name if product_id in cat.nodes else "",
                          cat.parameter_names.get(parameter_id, ""), str(ref) if ref else "", on,
                          ScopeMark.of(cma), ScopeMark.of(catl))


# --- files ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFiles:
    audit: PeriodAudit
    excel: Path | None
    pdf: Path | None
    outside_rows: int  # tests listed one by one in the Excel


def _mark_text(m: ScopeMark) -> str:
    if m.verdict == Verdict.IN.value:
        return VERDICT_TEXT["in"]
    text = VERDICT_TEXT.get(m.verdict, m.verdict)
    return f"{text}：{REASON_TEXT.get(m.reason or '', m.reason or '')}" if m.reason else text


def _edition_text(flag: EditionFlag) -> str:
    return EDITION_TEXT.get(flag.state.value, flag.state.value)


def _edition_notice(flag: EditionFlag) -> str:
    """The edition's notice in the workbook's Chinese, worded as the Scope page shows it:
    已废止（2017-10-05 之后），已由 GB 5009.12-2017 代替."""
    if flag.state is EditionState.REPLACED and flag.replaced_by:
        return f"已由 {flag.replaced_by} 代替"
    text = _edition_text(flag)
    if flag.state is EditionState.WITHDRAWN and flag.in_force_to:
        text += f"（{flag.in_force_to.isoformat()} 之后）"
    elif flag.state is EditionState.NOT_YET_IN_FORCE and flag.in_force_from:
        text += f"（{flag.in_force_from.isoformat()} 起实施）"
    if flag.replaced_by and flag.state is EditionState.WITHDRAWN:
        text += f"，已由 {flag.replaced_by} 代替"
    return text


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def write_excel(s: Session, found: PeriodAudit, path: Path) -> int:
    """The audit, a sheet per section; returns the tests listed one by one."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from lims.services.result_exports import _number_cell, _sheet
    from lims.services.sampling_lists import _FORMULA_STARTS, _text_cells

    def text(sheet: Any, *values: object) -> list[Any]:
        """Text cells; plain strings where Excel cannot take one for a formula (ten times faster
        than a typed cell each, which the long list of tests needs)."""
        if all(isinstance(v, str) and not v.startswith(_FORMULA_STARTS) and not ILLEGAL_CHARACTERS_RE.search(v)
               for v in values):
            return list(values)
        return _text_cells(sheet, values)

    book = Workbook(write_only=True)
    head = _sheet(book, "概要", ("项目", "内容"), (34, 60))
    for label, value in (
            ("审核期间", f"{found.start.isoformat()} 至 {found.end.isoformat()}"),
            ("生成日期", found.today.isoformat()), ("检测项次", str(found.tests)),
            *((f"{kind} 在范围内 / 需人工确认 / 超范围",
               " / ".join(str(found.verdicts.get(kind, {}).get(v, 0)) for v in ("in", "review", "out")))
              for kind in KINDS),
            ("标志使用错误的报告（应为 0）", str(len({w.report for w in found.wrong_marks}))),
            ("已核查的报告", str(found.reports_checked)),
            ("即将到期或已过期的证书", str(len(found.expiring))),
            ("使用已废止或被代替方法版本的检测项次", str(sum(e.tests for e in found.editions_in_use))),
            ("能力附表中已废止或被代替的方法版本", str(len(found.table_editions))),
            ("授权缺口", str(len(found.authorisation_gaps))),
            ("建议扩项", str(len(found.next_to_expand)))):
        head.append(text(head, label, value))

    groups = _sheet(book, "超范围检测", ("产品", "检测项目", "方法", "证书", "结论", "原因", "说明", "检测项次",
                                         "最早", "最晚"), (12, 18, 24, 7, 12, 18, 36, 10, 12, 12))
    for g in found.outside:
        groups.append([*text(groups, g.product, g.parameter, g.method, g.kind, VERDICT_TEXT.get(g.verdict, g.verdict),
                             REASON_TEXT.get(g.reason or "", g.reason or ""), g.detail),
                       _number_cell(groups, g.tests), *text(groups, _day(g.first), _day(g.last))])

    detail = _sheet(book, "超范围检测明细", ("样品编号", "产品", "检测项目", "方法", "检测日期", "CMA", "CATL"),
                    (18, 12, 18, 24, 12, 26, 26))
    listed = 0
    for t in outside_tests(s, found.start, found.end):
        if listed == MAX_DETAIL_ROWS - 1:
            detail.append(text(detail, "（其余超范围检测超出 Excel 的行数，未逐项列出：见“超范围检测”汇总）"))
            break
        detail.append(text(detail, t.sample_code, t.product, t.parameter, t.method, t.on.isoformat(),
                           _mark_text(t.cma), _mark_text(t.catl)))
        listed += 1

    marks = _sheet(book, "标志使用错误", ("报告编号", "样品编号", "签发日期", "证书", "检测项目", "方法", "问题",
                                        "说明"), (20, 18, 12, 7, 18, 24, 30, 30))
    for w in found.wrong_marks:
        marks.append(text(marks, w.report, w.sample_code, w.issued_on.isoformat(), w.kind, w.parameter, w.method,
                          MARK_TEXT.get(w.why, w.why), _edition_notice(w.edition) if w.edition else
                          _reason_text(w.reason, w.reason_detail) if w.reason else w.detail))

    expiring = _sheet(book, "证书到期", ("证书", "证书编号", "有效期至", "剩余天数", "换证提前天数"),
                      (7, 36, 12, 10, 12))
    for c in found.expiring:
        expiring.append([*text(expiring, c.kind, c.number, c.valid_until.isoformat()),
                         _number_cell(expiring, c.days_left), _number_cell(expiring, c.renewal_lead_days)])

    editions = _sheet(book, "废止版本使用", ("来源", "方法版本", "状态", "实施日期", "废止日期", "代替版本",
                                            "检测项目/附表行", "证书", "检测项次", "最早", "最晚"),
                      (10, 24, 10, 12, 12, 24, 28, 30, 10, 12, 12))
    for e in found.editions_in_use:
        editions.append([*text(editions, "检测", e.flag.edition, _edition_text(e.flag), _day(e.flag.in_force_from),
                               _day(e.flag.in_force_to), e.flag.replaced_by or "", e.parameter, ""),
                         _number_cell(editions, e.tests), *text(editions, _day(e.first), _day(e.last))])
    for r in found.table_editions:
        editions.append([*text(editions, "能力附表", r.flag.edition, _edition_text(r.flag),
                               _day(r.flag.in_force_from), _day(r.flag.in_force_to), r.flag.replaced_by or "",
                               f"{r.row} {r.name}", f"{r.kind} {r.certificate}（第 {r.table_version} 版）"),
                         _number_cell(editions, 0), *text(editions, "", "")])

    gaps = _sheet(book, "授权缺口", ("人员", "姓名", "检测项目", "方法", "问题", "证书", "说明"),
                  (12, 12, 20, 24, 30, 12, 40))
    for gap in found.authorisation_gaps:
        gaps.append(text(gaps, gap.username, gap.full_name, gap.parameter, gap.method or "全部方法",
                         GAP_TEXT.get(gap.gap, gap.gap), "、".join(gap.kinds),
                         "；".join(f"{kind}：{_reason_text(reason, detail)}" for kind, reason, detail in gap.reasons)
                         if gap.reasons else gap.detail))

    coverage = _sheet(book, "覆盖情况", ("产品", "检测项目", "监管要求", "依据", "CMA", "CATL", "检测项次",
                                       "超范围项次"), (12, 20, 10, 30, 26, 26, 10, 10))
    for row in found.coverage:
        coverage.append([*text(coverage, row.product, row.parameter, "是" if row.required else "否", row.source,
                               _mark_text(row.cma), _mark_text(row.catl)),
                         _number_cell(coverage, row.tests), _number_cell(coverage, row.out_tests)])

    ranked = _sheet(book, "扩项建议", ("排序", "产品", "检测项目", "监管要求", "缺少的证书范围", "检测项次",
                                     "超范围项次"), (7, 12, 20, 10, 16, 10, 10))
    for rank, candidate in enumerate(found.next_to_expand, start=1):
        ranked.append([_number_cell(ranked, rank),
                       *text(ranked, candidate.product, candidate.parameter, "是" if candidate.required else "否",
                             "、".join(candidate.missing)),
                       _number_cell(ranked, candidate.tests), _number_cell(ranked, candidate.out_tests)])
    book.save(path)
    return listed


def summary(found: PeriodAudit, lab_name: str) -> Any:
    """The one-page summary's data (reports.scope_summary.ScopeSummary)."""
    from reports.scope_summary import ScopeSummary, VerdictBar

    wrong = len({w.report for w in found.wrong_marks})
    edition_tests = sum(e.tests for e in found.editions_in_use)
    figures = [("检测项次", f"{found.tests:,}")]
    for kind in KINDS:
        counts = found.verdicts.get(kind, {})
        figures.append((f"{kind} 超范围 / 需人工确认", f"{counts.get('out', 0):,} / {counts.get('review', 0):,}"))
    figures += [
        ("标志使用错误的报告（应为 0）", ("!" if wrong else "") + f"{wrong}（已核查 {found.reports_checked} 份）"),
        ("即将到期或已过期的证书", ("!" if found.expiring else "") + ("；".join(
            f"{c.kind} {c.number} 至 {c.valid_until.isoformat()}" for c in found.expiring) or "无")),
        ("使用已废止或被代替方法版本的检测项次", ("!" if edition_tests else "") + f"{edition_tests:,}"),
        ("能力附表中已废止或被代替的方法版本", ("!" if found.table_editions else "") + ("；".join(
            dict.fromkeys(f"{r.kind} {r.row} {r.flag.edition}" for r in found.table_editions)) or "无")),
        ("授权签字超出范围 / 范围内无人可签", "{} / {}".format(
            sum(g.gap == "outside" for g in found.authorisation_gaps),
            sum(g.gap == "no_signatory" for g in found.authorisation_gaps))),
        ("监管要求的参数未被覆盖", str(sum(c.required for c in found.next_to_expand))),
    ]
    bars = tuple(VerdictBar(kind, found.verdicts.get(kind, {}).get("in", 0),
                            found.verdicts.get(kind, {}).get("review", 0), found.verdicts.get(kind, {}).get("out", 0))
                 for kind in KINDS)
    top = tuple((str(rank), c.product, c.parameter, "、".join(c.missing), f"{c.tests:,}")
                for rank, c in enumerate(found.next_to_expand, start=1))
    return ScopeSummary(lab_name, found.start, found.end, found.today, tuple(figures), bars,
                        ("在范围内", "需人工确认", "超范围"), top, ("排序", "产品", "检测项目", "缺少", "检测项次"))
