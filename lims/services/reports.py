"""Test reports: the printed data of an approved sample, preview, issue with the lab's
electronic signature, amendment and verification.

The use cases are functions of (session, actor) that run inside the caller's transaction
(``report_data`` / ``report_content``, ``freeze_test_scope``, ``issue_number``,
``store_identity``); ``ReportService`` frames each user action in one transaction and returns
frozen DTOs.

Issue is all or nothing per report. The output folder is tried first (a temporary file in it);
then, in one transaction, the audit head and the report counter are locked, the number taken,
the report rendered and signed, the PDF and its SHA-256 stored, the sample's report and the
audit event written, and the temporary file renamed to ``<number>.pdf``. Any failure rolls the
transaction back (the counter with it: no number is used up) and removes the file. Rendering
and signing inside the transaction hold the counter's lock for about 0.1 s a report; the price
of never having a number without its report.

Scope frozen at issue: each reported test's CMA and CATL verdicts (verdict, reason, certificate
and ability-table row) as printed are stored with the report (``scope_snapshot_json``) and the
test's ``in_scope_cma`` / ``in_scope_catl`` are set to the marks printed, each change audited,
so a later change of certificates, tables or aliases does not change what an issued report said.
An amendment is a new issue and freezes the verdicts of its own day.

Time-stamps: when the lab policy names an RFC 3161 server (``report.timestamp_url``), every
signature is time-stamped (PAdES B-T); the server is asked once before a batch starts, so one
that does not answer refuses the batch with its reason before any number is taken.

Signing identities: an imported PKCS#12 file is stored as it came, encrypted with its own
password, which the signatory types at each issue and which is never stored. A self-signed
identity generated for testing is stored with its password (``SigningIdentity.test_password``),
so a demo lab issues without one; its certificate and stamp say "仅供测试 / TEST ONLY".
"""
from __future__ import annotations

import io
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased, selectinload, sessionmaker

from lims.db.base import utcnow
from lims.db.models import (
    Area,
    AuditHead,
    Certificate,
    Limit,
    Method,
    Producer,
    Product,
    Report,
    Sample,
    Signature,
    SigningIdentity,
    Standard,
    Task,
    Test,
    User,
)
from lims.domain.accounts import Duty
from lims.domain.enums import (
    AuditAction,
    CertificateKind,
    Detection,
    LimitKind,
    ReportStatus,
    SampleStatus,
    SignatureMeaning,
    TaskKind,
    TestStatus,
    Verdict,
)
from lims.domain.errors import LimsError, NotFound, ValidationError
from lims.domain.numbering import CodePattern
from lims.services import audit, authority, registration, scope
from lims.services import policy as lab_policy
from lims.services.dto import Actor
from lims.services.scope import ScopeMark
from lims.services.users import UserService
from reports.report_data import (
    DEFAULT_STATEMENTS,
    SENT_SAMPLE_STATEMENT,
    AuditAnchor,
    LabInfo,
    ReportData,
    ResultRow,
    SampleInfo,
    Signoff,
)

if TYPE_CHECKING:
    from reports.signing import SigningIdentity as LoadedIdentity

# reportlab and pyHanko load when a report is first made or checked (0.8 s), not with the services

PREVIEW_NUMBER = "（签发时编号）"  # a preview has no number: it is taken at issue only
AUDIT_ENTITY = "report"
IDENTITY_ENTITY = "signing_identity"
TEST_ENTITY = "test"
SCOPE_SNAPSHOT_FORMAT = 2
TEST_IDENTITY_PASSWORD_BYTES = 18

_VERDICT_TEXT = {Verdict.PASS.value: "合格", Verdict.FAIL.value: "不合格"}
_TASK_KIND_TEXT = {
    TaskKind.ROUTINE_MONITORING.value: "例行监测", TaskKind.SUPERVISION_SAMPLING.value: "监督抽查",
    TaskKind.SPECIAL_MONITORING.value: "专项监测", TaskKind.COMMISSIONED_TEST.value: "委托检验",
    TaskKind.RAPID_CONFIRMATION.value: "速测复检",
}
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]')


class ReportError(LimsError):
    """A report that cannot be previewed, issued, amended or checked as asked."""


# --- DTOs ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportListRow:
    id: int
    number: str | None
    sample_id: int
    sample_code: str
    status: str  # a lims.domain.enums.ReportStatus value
    issued_at: datetime | None
    issued_by: str
    supersedes: str  # the number this report replaces, or ""
    void_reason: str


@dataclass(frozen=True)
class ApprovedSample:
    """An approved sample without a report in force: what may be issued now."""

    id: int
    code: str
    product: str
    producer: str
    task_code: str = ""  # "" when the sample belongs to no task
    task_title: str = ""


@dataclass(frozen=True)
class FrozenMark:
    """One certificate's verdict on a reported test as the report stated it at issue."""

    kind: str  # "CMA" or "CATL"
    in_scope: bool  # the mark covered the row (verdict "in")
    verdict: str  # "in", "out" or "review"; "" in a report stored before verdicts were kept
    reason: str | None  # a lims.domain.scope.Reason value; None when in scope
    certificate: str | None
    row: str | None  # the ability table row, e.g. "1.4"
    detail: str = ""


@dataclass(frozen=True)
class FrozenScopeRow:
    test_id: int | None  # None in a report stored before test ids were kept
    parameter: str
    method: str
    cma: FrozenMark
    catl: FrozenMark


@dataclass(frozen=True)
class ReportSettings:
    """The lab's report settings (lab policy): the RFC 3161 time-stamp server ("" for none) and
    how long to wait for it."""

    timestamp_url: str
    timestamp_timeout_s: int


@dataclass(frozen=True)
class IssuedReport:
    id: int
    number: str
    sample_code: str
    path: str  # where the signed PDF was written
    sha256: str
    pages: int
    supersedes: str = ""


@dataclass(frozen=True)
class IssueFailure:
    sample_code: str
    error: LimsError


@dataclass(frozen=True)
class BatchOutcome:
    issued: tuple[IssuedReport, ...]
    failed: tuple[IssueFailure, ...]
    child_peak_rss_kib: int = 0  # the largest peak memory of the child processes, where the system tells


@dataclass(frozen=True)
class OpenedIdentity:
    """The lab's signing identity as stored, with the password that opens it: what a batch's
    child process needs to sign (it travels through the child's pipe, never a command line)."""

    pkcs12: bytes
    secret: str
    label: str
    identity_id: int

    def load(self) -> LoadedIdentity:
        from reports.signing import identity_from_pkcs12

        return identity_from_pkcs12(self.pkcs12, self.secret, source=self.label)

    def __repr__(self) -> str:  # never the password in a log or a traceback
        return f"OpenedIdentity(label={self.label!r}, identity_id={self.identity_id})"


@dataclass(frozen=True)
class IdentityInfo:
    id: int
    label: str
    subject: str
    for_testing: bool
    needs_password: bool  # an imported file: its password is asked at each issue
    added_at: datetime


@dataclass(frozen=True)
class ReportCheck:
    """A report PDF checked: its signature (reports.verify) and the lab's record of it."""

    file_sha256: str
    intact: bool
    covers_whole_document: bool
    trusted: bool  # chains to one of the lab's signing certificates
    signer: str
    signing_time: datetime | None
    number: str  # from the record, else as the file says; "" when neither tells
    known: bool  # the database holds a report of this number
    hash_matches: bool  # the file is byte for byte the one stored at issue
    status: str  # the record's status, "" when unknown
    superseded_by: str  # the number of the amendment that replaced it, or ""
    void_reason: str
    explanation: str

    @property
    def superseded(self) -> bool:
        return self.status == ReportStatus.VOID.value

    @property
    def matches_record(self) -> bool:
        """Intact, whole, and the very file the lab issued under this number."""
        return self.intact and self.covers_whole_document and self.known and self.hash_matches

    @property
    def ok(self) -> bool:
        """A report in force: it matches the record and was not replaced or withdrawn."""
        return self.matches_record and not self.superseded


# --- use cases inside the caller's transaction --------------------------------------------------

def _marked(mark: ScopeMark) -> bool:
    """Whether a row carries the certificate's mark: the scope verdict (lims.services.scope) on the
    test's date, as the results grid shows it, is "in". "review" (a limit of use no data settles)
    is left out of the mark until a person has confirmed it, as is "out"."""
    return mark.verdict == "in"


@dataclass(frozen=True)
class ReportContent:
    """A report's printed data and the scope verdicts behind its marks, test by test in the
    order of its rows (what issue freezes)."""

    data: ReportData
    scope: tuple[tuple[Test, ScopeMark, ScopeMark], ...]


def scope_snapshot_json(content: ReportContent) -> str:
    """The verdicts behind each row's marks as stored with the report."""
    tests = []
    for (test, cma, catl), row in zip(content.scope, content.data.rows, strict=True):
        tests.append({"test_id": test.id, "parameter": row.parameter, "method": row.method,
                      "cma": _mark_json(cma), "catl": _mark_json(catl)})
    return json.dumps({"format": SCOPE_SNAPSHOT_FORMAT, "tests": tests}, ensure_ascii=False, sort_keys=True)


def _mark_json(mark: ScopeMark) -> dict[str, object]:
    return {"in_scope": _marked(mark), "verdict": mark.verdict, "reason": mark.reason,
            "certificate": mark.certificate, "row": mark.row, "detail": mark.detail}


def read_scope_snapshot(text: str) -> tuple[FrozenScopeRow, ...]:
    """The stored verdicts; a report stored before they were kept gives its CMA/CATL flags alone."""
    stored = json.loads(text or "{}")
    if stored.get("format") == SCOPE_SNAPSHOT_FORMAT:
        return tuple(FrozenScopeRow(t["test_id"], t["parameter"], t["method"], _frozen_mark("CMA", t["cma"]),
                                    _frozen_mark("CATL", t["catl"])) for t in stored["tests"])
    return tuple(FrozenScopeRow(None, parameter, "", FrozenMark("CMA", bool(flags[0]), "", None, None, None),
                                FrozenMark("CATL", bool(flags[1]), "", None, None, None))
                 for parameter, flags in stored.items())


def _frozen_mark(kind: str, stored: dict[str, object]) -> FrozenMark:
    def text(key: str) -> str | None:
        value = stored.get(key)
        return None if value is None else str(value)

    return FrozenMark(kind, bool(stored["in_scope"]), str(stored["verdict"]), text("reason"), text("certificate"),
                      text("row"), str(stored.get("detail") or ""))


def freeze_test_scope(s: Session, actor: Actor, content: ReportContent, number: str) -> None:
    """Each reported test's ``in_scope_cma`` / ``in_scope_catl`` set to the marks the report
    printed, with an audit event for each test that changed."""
    for test, cma, catl in content.scope:
        before = {"in_scope_cma": test.in_scope_cma, "in_scope_catl": test.in_scope_catl}
        after = {"in_scope_cma": _marked(cma), "in_scope_catl": _marked(catl)}
        if before == after:
            continue
        test.in_scope_cma, test.in_scope_catl = after["in_scope_cma"], after["in_scope_catl"]
        audit.record(s, actor, TEST_ENTITY, test.id, AuditAction.UPDATE,
                     {key: [before[key], after[key]] for key in after if before[key] != after[key]},
                     f"签发检验检测报告 {number}")


def certificate_numbers(s: Session, on: date) -> tuple[str, str]:
    """The CMA and CATL certificate numbers valid on ``on`` ("" for none)."""
    rows = s.execute(select(Certificate.kind, Certificate.number).where(
        Certificate.issued_on <= on, Certificate.valid_until >= on).order_by(Certificate.issued_on)).all()
    found = {str(kind): number for kind, number in rows}
    return found.get(CertificateKind.CMA.value, ""), found.get(CertificateKind.CATL.value, "")


def report_counter_name(pattern: CodePattern, year: int) -> str:
    return f"report:{year}" if pattern.counter_key == "year" else "report"


def issue_number(s: Session, pattern: CodePattern, year: int) -> str:
    """The next unused report number, by the same counter as sample codes
    (registration.next_number); taken only at issue, and rolled back with a failed issue."""
    return registration.next_number(
        s, report_counter_name(pattern, year), pattern, year,
        lambda number: s.scalar(select(Report.id).where(Report.number == number)) is not None)


def audit_anchor(s: Session) -> AuditAnchor:
    """The audit chain's head, its row locked (as an appender does) so it stays the head
    until this transaction's own events follow it."""
    s.flush()
    s.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=AuditHead.last_seq))
    seq, digest = s.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).one()
    return AuditAnchor(seq=int(seq), hash=str(digest))


def report_data(s: Session, sample_id: int, *, number: str, issued_on: date, draft: bool = False,
                anchor: AuditAnchor | None = None, supersedes: str = "") -> ReportData:
    """What the report of an approved sample prints, as the sample read model shows it:
    the rounded reported values, ND with the method's LOD, the limit with the edition it was
    judged by, each verdict and the overall conclusion, and the three sign-offs."""
    return report_content(s, sample_id, number=number, issued_on=issued_on, draft=draft, anchor=anchor,
                          supersedes=supersedes).data


def report_content(s: Session, sample_id: int, *, number: str, issued_on: date, draft: bool = False,
                   anchor: AuditAnchor | None = None, supersedes: str = "") -> ReportContent:
    """``report_data`` with the scope verdicts its marks were printed from."""
    policy = lab_policy.read(s)
    sample = s.scalars(select(Sample).where(Sample.id == sample_id).options(
        selectinload(Sample.tests).options(
            selectinload(Test.results), selectinload(Test.parameter),
            selectinload(Test.method).selectinload(Method.standard)))
        .execution_options(populate_existing=True)).one_or_none()
    if sample is None:
        raise NotFound("Sample {id} does not exist", id=sample_id)
    if sample.status != SampleStatus.APPROVED.value:
        raise ReportError("Sample {code} is not approved, so no report can be made from it (it is {status})",
                          code=sample.code, status=sample.status)
    product = s.scalar(select(Product.name).where(Product.id == sample.product_id)) or ""
    producer = s.scalar(select(Producer.name).where(Producer.id == sample.producer_id)) or "" \
        if sample.producer_id else ""
    area = s.scalar(select(Area.name).where(Area.id == sample.area_id)) or "" if sample.area_id else ""
    task = s.get(Task, sample.task_id) if sample.task_id else None
    tests = [t for t in sample.tests if t.status != TestStatus.RETRACTED.value]
    current = {t.id: next((r for r in t.results if not r.superseded), None) for t in tests}
    reported = [t for t in tests if current[t.id] is not None]
    if not reported:
        raise ReportError("Sample {code} has no results to report", code=sample.code)
    limit_ids = {r.limit_id for r in current.values() if r is not None and r.limit_id}
    limits = {lim.id: (lim, std) for lim, std in s.execute(
        select(Limit, Standard).join(Standard, Standard.id == Limit.standard_id).where(Limit.id.in_(limit_ids)))} \
        if limit_ids else {}
    marks = scope.marks_for(s, sample.product_id, sample.sampled_at, reported)
    rows = []
    for t in reported:
        r = current[t.id]
        assert r is not None
        lim = limits.get(r.limit_id or 0)
        detected = r.detection != Detection.NOT_DETECTED.value and not r.not_detected
        rows.append(ResultRow(
            sample_code=sample.code, parameter=t.parameter.name,
            method=f"{t.method.standard.number}-{t.method.standard.year}", unit=r.unit,
            result=r.reported_text or r.value_text, detected=detected,
            lod=t.method.lod if (t.method.lod is not None and r.unit == t.method.unit) else None,
            limit=_limit_text(lim[0]) if lim else "/",
            limit_basis=f"{lim[1].number}-{lim[1].year}" if lim else "/",
            verdict=_VERDICT_TEXT.get(str(r.verdict), "/"),
            in_cma_scope=_marked(marks[t.id][0]), in_catl_scope=_marked(marks[t.id][1]),
            subcontracted=t.subcontracted,
        ))
    entered = [r for r in current.values() if r is not None]
    tested_days = [t.tested_on for t in reported if t.tested_on] or [policy.day(r.entered_at) for r in entered]
    users = dict(s.execute(select(User.id, User.full_name)).all())
    preparer_id = Counter(r.entered_by_id for r in entered).most_common(1)[0][0]
    preparer = Signoff(users.get(preparer_id or 0, "") or "/", max(policy.day(r.entered_at) for r in entered))
    signoffs = {}
    for meaning, user_id, signed_at in s.execute(
            select(Signature.meaning, Signature.user_id, Signature.signed_at)
            .where(Signature.entity == "sample", Signature.entity_id == str(sample.id)).order_by(Signature.id)):
        signoffs[str(meaning)] = Signoff(users.get(user_id, "") or "/", policy.day(signed_at))
    missing = Signoff("/", issued_on)
    cma, catl = certificate_numbers(s, issued_on)
    statements = DEFAULT_STATEMENTS if sample.lab_took_sample else (SENT_SAMPLE_STATEMENT, *DEFAULT_STATEMENTS)
    kind = "委托检验" if not sample.lab_took_sample else _TASK_KIND_TEXT.get(str(task.kind), "/") if task else "/"
    data = ReportData(
        number=number,
        lab=LabInfo(policy.lab_name or "/", policy.lab_address or "/", policy.lab_phone or "/", cma, catl),
        client=sample.client or (task.issuer if task and task.issuer else "") or producer or "/",
        samples=(SampleInfo(
            code=sample.code, name=product, producer=producer or "/", sampling_place=area or "/",
            sampled_on=policy.day(sample.sampled_at),
            received_on=policy.day(sample.received_at) if sample.received_at else None,
            state=sample.condition or sample.description or "/", quantity=sample.quantity or "/"),),
        task=task.title if task else "/", inspection_type=kind,
        tested_from=min(tested_days), tested_to=max(tested_days),
        rows=tuple(rows), conclusion=_conclusion(rows), preparer=preparer,
        reviewer=signoffs.get(SignatureMeaning.REVIEWED.value, missing),
        approver=signoffs.get(SignatureMeaning.APPROVED.value, missing),
        issued_on=issued_on, statements=statements, audit=anchor, supersedes=supersedes, draft=draft,
        extra=(("抽样人", "、".join(n for n in (sample.sampler1, sample.sampler2) if n) or "/"),)
        if sample.lab_took_sample else (),
    )
    return ReportContent(data, tuple((t, *marks[t.id]) for t in reported))


def _limit_text(limit: Limit) -> str:
    if limit.kind == LimitKind.NOT_DETECTABLE.value or limit.value is None:
        return "不得检出"
    text = format(Decimal(limit.value).normalize(), "f")
    return text + ("*" if limit.kind == LimitKind.TEMPORARY.value else "")


def _conclusion(rows: Sequence[ResultRow]) -> str:
    bases = "、".join(dict.fromkeys(r.limit_basis for r in rows if r.limit_basis != "/"))
    failed = [r.parameter for r in rows if r.verdict == "不合格"]
    if failed:
        return f"经检验，该样品{'、'.join(failed)}项目不符合{bases or '判定依据'}要求，判定为不合格。"
    if any(r.verdict == "合格" for r in rows):
        return f"经检验，该样品所检项目符合{bases}要求，判定为合格。"
    return "经检验，所检项目结果见上表（无判定依据的项目不作判定）。"


def store_identity(s: Session, actor: Actor, pkcs12: bytes, password: str, *, label: str,
                   for_testing: bool) -> SigningIdentity:
    """Keep a signing identity as the lab's active one (the others stay, inactive, for the
    reports they signed). The file must open with ``password``; only a test identity keeps it."""
    from reports.signing import identity_from_pkcs12

    loaded = identity_from_pkcs12(pkcs12, password, source=label)
    s.execute(update(SigningIdentity).where(SigningIdentity.active.is_(True)).values(active=False))
    row = SigningIdentity(label=label, subject=loaded.subject[:400], certificate_pem=loaded.certificate_pem().decode(),
                          pkcs12=pkcs12, for_testing=for_testing or loaded.for_testing,
                          test_password=password if for_testing else None, active=True, added_at=utcnow(),
                          added_by_id=actor.user_id)
    s.add(row)
    s.flush()
    audit.record(s, actor, IDENTITY_ENTITY, row.id, AuditAction.CREATE, {
        "label": [None, label], "subject": [None, row.subject], "for_testing": [None, for_testing]})
    return row


def test_identity_pkcs12(lab_name: str) -> tuple[bytes, str]:
    """A new self-signed identity for trying the application, and the password it is kept with."""
    from reports.signing import self_signed_pkcs12

    password = os.urandom(TEST_IDENTITY_PASSWORD_BYTES).hex()
    name = lab_name or "Banner LIMS"
    common_name = f"{name} 报告签发"
    while len(common_name.encode("utf-8")) > 64:  # X.509 holds a common name to 64 bytes
        name = name[:-1]
        common_name = f"{name}… 报告签发"
    return self_signed_pkcs12(common_name, lab_name or "Banner LIMS", password), password


def _active_identity(s: Session) -> SigningIdentity:
    row = s.scalars(select(SigningIdentity).where(SigningIdentity.active.is_(True))
                    .order_by(SigningIdentity.id.desc()).limit(1)).first()
    if row is None:
        raise ReportError("The lab has no signing identity: import the lab's certificate (PKCS#12) "
                          "or generate a test identity first; nothing was issued")
    return row


def _identity_info(row: SigningIdentity) -> IdentityInfo:
    return IdentityInfo(row.id, row.label, row.subject, row.for_testing,
                        not (row.for_testing and row.test_password is not None), row.added_at)


def stops_batch(error: LimsError) -> bool:
    """An error after which no further report of a batch can be issued either (the time-stamp
    server does not answer): the batch stops instead of waiting on it for each report."""
    return bool(getattr(error, "stops_batch", False))


def _file_name(number: str) -> str:
    return _UNSAFE_FILE_CHARS.sub("_", number) + ".pdf"


def _pdf_subject(data: bytes) -> str:
    """The document's Subject entry (the QR text: "<number>|sha256:<hash>"), or ""."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        info = PdfFileReader(io.BytesIO(data), strict=False).trailer_view.get("/Info")
        return str(info.get_object().get("/Subject", "")) if info is not None else ""
    except Exception:  # noqa: BLE001  # a damaged file is judged by verify_pdf, not here
        return ""


# --- the service ------------------------------------------------------------------------------

class ReportService:
    def __init__(self, sessions: sessionmaker[Session], users: UserService) -> None:
        self._sessions = sessions
        self._users = users

    # --- reading -------------------------------------------------------------------------------

    def list_reports(self, limit: int = 500) -> list[ReportListRow]:
        """Reports, newest first."""
        replaced = aliased(Report)
        with self._sessions() as s:
            rows = s.execute(
                select(Report.id, Report.number, Report.sample_id, Sample.code, Report.status, Report.issued_at,
                       User.full_name, replaced.number, Report.void_reason)
                .join(Sample, Sample.id == Report.sample_id)
                .outerjoin(User, User.id == Report.issued_by_id)
                .outerjoin(replaced, replaced.id == Report.supersedes_id)
                .order_by(Report.id.desc()).limit(limit)).all()
        return [ReportListRow(i, n, sid, code, str(st), at, by or "", sup or "", vr or "")
                for i, n, sid, code, st, at, by, sup, vr in rows]

    def approved_samples(self, limit: int = 500, *, sample_id: int | None = None) -> list[ApprovedSample]:
        """Approved samples that have no report in force yet, newest first; with ``sample_id``,
        that sample alone when it is one of them."""
        with self._sessions() as s:
            in_force = select(Report.sample_id).where(Report.status == ReportStatus.ISSUED.value)
            rows = s.execute(
                select(Sample.id, Sample.code, Product.name, Producer.name, Task.code, Task.title)
                .join(Product, Product.id == Sample.product_id)
                .outerjoin(Producer, Producer.id == Sample.producer_id)
                .outerjoin(Task, Task.id == Sample.task_id)
                .where(Sample.status == SampleStatus.APPROVED.value, Sample.id.not_in(in_force),
                       *([Sample.id == sample_id] if sample_id is not None else []))
                .order_by(Sample.id.desc()).limit(limit)).all()
        return [ApprovedSample(i, c, p, pr or "", tc or "", tt or "") for i, c, p, pr, tc, tt in rows]

    def sample_ids(self, codes: Sequence[str]) -> dict[str, int]:
        """The samples' ids by code, in the order given; NotFound naming the first unknown code."""
        with self._sessions() as s:
            found = dict(s.execute(select(Sample.code, Sample.id).where(Sample.code.in_(list(codes)))).all())
        for code in codes:
            if code not in found:
                raise NotFound("There is no sample with the code {code}", code=code)
        return {code: found[code] for code in codes}

    def identity(self) -> IdentityInfo | None:
        """The lab's active signing identity, or None."""
        with self._sessions() as s:
            try:
                return _identity_info(_active_identity(s))
            except ReportError:
                return None

    def stored_pdf(self, number: str) -> bytes:
        with self._sessions() as s:
            pdf = s.scalar(select(Report.pdf).where(Report.number == number))
        if pdf is None:
            raise NotFound("There is no report numbered {number}", number=number)
        return bytes(pdf)

    def frozen_scope(self, number: str) -> tuple[FrozenScopeRow, ...]:
        """The CMA and CATL verdicts behind each row of report ``number`` as they stood at issue."""
        with self._sessions() as s:
            stored = s.scalar(select(Report.scope_snapshot_json).where(Report.number == number))
        if stored is None:
            raise NotFound("There is no report numbered {number}", number=number)
        return read_scope_snapshot(stored)

    # --- settings (lab policy) -----------------------------------------------------------------

    def settings(self) -> ReportSettings:
        with self._sessions() as s:
            policy = lab_policy.read(s)
        return ReportSettings(policy.timestamp_url, policy.timestamp_timeout_s)

    def set_settings(self, actor: Actor, *, timestamp_url: str, timestamp_timeout_s: int) -> ReportSettings:
        """Change the report settings (a manager's or administrator's act: the lab policy), one
        audit event per value that changed. The server is not asked here (``check_timestamp_server``)."""
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.MANAGE_CATALOGUE)
            lab_policy.write(s, actor, {lab_policy.TIMESTAMP_URL: timestamp_url.strip(),
                                        lab_policy.TIMESTAMP_TIMEOUT: str(timestamp_timeout_s)})
            policy = lab_policy.read(s)
            return ReportSettings(policy.timestamp_url, policy.timestamp_timeout_s)

    @staticmethod
    def check_timestamp_server(timestamp_url: str, timestamp_timeout_s: int) -> None:
        """Ask the server for one time-stamp; ``TimestampUnavailable`` says why none came. The
        address is checked as the policy checks it first."""
        from reports.signing import check_timestamp_server

        url = lab_policy.TIMESTAMP_URL.parse(timestamp_url)
        if not url:
            raise ValidationError("Enter the time-stamp server's address to test it", field="timestamp_url")
        check_timestamp_server(url, lab_policy.TIMESTAMP_TIMEOUT.parse(str(timestamp_timeout_s)))

    # --- signing identity ----------------------------------------------------------------------

    def import_identity(self, actor: Actor, pkcs12: bytes, identity_password: str, *, label: str) -> IdentityInfo:
        """Make the PKCS#12 file the lab's signing identity (it must open with the password,
        which is not kept: it is asked at each issue)."""
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.ISSUE_REPORTS)
            return _identity_info(store_identity(s, actor, pkcs12, identity_password, label=label,
                                                 for_testing=False))

    def generate_test_identity(self, actor: Actor) -> IdentityInfo:
        """A new self-signed identity labelled for testing, made the lab's active one."""
        with self._sessions() as s:
            lab_name = lab_policy.read(s).lab_name
        data, password = test_identity_pkcs12(lab_name)
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.ISSUE_REPORTS)
            return _identity_info(store_identity(s, actor, data, password, label="仅供测试 / TEST ONLY",
                                                 for_testing=True))

    # --- preview -------------------------------------------------------------------------------

    def preview(self, sample_id: int) -> bytes:
        """The report as it would print today, watermarked DRAFT and without a number (none is
        taken); nothing is stored."""
        from reports.render import compose_report

        with self._sessions() as s:
            data = report_data(s, sample_id, number=PREVIEW_NUMBER, issued_on=lab_policy.read(s).today(),
                               draft=True)
        return compose_report(data).pdf

    # --- issue ---------------------------------------------------------------------------------

    def issue(self, actor: Actor, sample_id: int, out_dir: Path | str, *, password: str,
              identity_password: str | None = None) -> IssuedReport:
        """Issue one report; the error itself when it cannot be."""
        outcome = self.issue_batch(actor, [sample_id], out_dir, password=password,
                                   identity_password=identity_password)
        if outcome.failed:
            raise outcome.failed[0].error
        return outcome.issued[0]

    def issue_batch(self, actor: Actor, sample_ids: Sequence[int], out_dir: Path | str, *, password: str,
                    identity_password: str | None = None,
                    progress: Callable[[int, int, str], None] | None = None,
                    cancelled: Callable[[], bool] | None = None,
                    in_child: bool | None = None) -> BatchOutcome:
        """Issue a report for each sample, each all or nothing: a sample that cannot be issued is
        listed with its reason and the others go on. What stops them all (no right, wrong
        password, no identity, an unwritable folder) raises before anything is issued.
        ``progress(done, total, code)`` follows each report; ``cancelled()`` stops between two,
        after the report in hand.

        More than ``CHILD_THRESHOLD`` reports (or ``in_child=True``) are rendered, signed and
        stored in child processes (lims.services.report_batch), so this process's memory stays
        that of the caller; a database only this process can see (SQLite in memory) is always
        served here."""
        from lims.services import report_batch

        folder = self._check_folder(out_dir)
        opened = self._open_identity(actor, password, identity_password)
        url = report_batch.child_url(self._sessions)
        if in_child is None:
            in_child = len(sample_ids) > report_batch.CHILD_THRESHOLD
        if in_child and url is not None:
            return report_batch.issue_in_children(url, actor, list(sample_ids), folder, opened,
                                                  progress=progress, cancelled=cancelled)
        identity = opened.load()
        issued: list[IssuedReport] = []
        failed: list[IssueFailure] = []
        for done, sample_id in enumerate(sample_ids, start=1):
            if cancelled is not None and cancelled():
                break
            stop = False
            try:
                issued.append(self.issue_opened(actor, sample_id, folder, identity, opened.identity_id))
                code = issued[-1].sample_code
            except LimsError as exc:
                code = self.code_of(sample_id)
                failed.append(IssueFailure(code, exc))
                stop = stops_batch(exc)  # no report can be signed now: the rest would wait in vain
            if progress is not None:
                progress(done, len(sample_ids), code)
            if stop:
                break
        return BatchOutcome(tuple(issued), tuple(failed))

    def amend(self, actor: Actor, number: str, reason: str, out_dir: Path | str, *, password: str,
              identity_password: str | None = None) -> IssuedReport:
        """Issue a corrected report with a new number naming the one it replaces; the old one
        turns void with the reason, and its PDF stays stored."""
        reason = reason.strip()
        if not reason:
            raise ValidationError("Say why the report is amended", field="reason")
        folder = self._check_folder(out_dir)
        with self._sessions() as s:
            old = s.execute(select(Report.id, Report.sample_id, Report.status).where(Report.number == number)).first()
        if old is None:
            raise NotFound("There is no report numbered {number}", number=number)
        if old.status != ReportStatus.ISSUED.value:
            raise ReportError("Report {number} is void already; amend the report that replaced it", number=number)
        identity, identity_id = self._prepare(actor, password, identity_password)
        return self._issue_one(actor, old.sample_id, folder, identity, identity_id, replaces=(old.id, number),
                               reason=reason)

    @staticmethod
    def _check_folder(out_dir: Path | str) -> Path:
        folder = Path(out_dir)
        if not folder.is_dir():
            raise ReportError("The output folder {path} does not exist; nothing was issued", path=str(folder))
        try:
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".lims-check-"):
                pass
        except OSError as exc:
            raise ReportError("Reports cannot be written to {path}: {reason}; nothing was issued",
                              path=str(folder), reason=exc.strerror or str(exc)) from None
        return folder

    def _prepare(self, actor: Actor, password: str, identity_password: str | None) -> tuple[LoadedIdentity, int]:
        opened = self._open_identity(actor, password, identity_password)
        return opened.load(), opened.identity_id

    def _open_identity(self, actor: Actor, password: str, identity_password: str | None) -> OpenedIdentity:
        """Who may issue, their password again (an electronic signature), and the lab's identity
        opened once to prove its password; each refusal before any report is made."""
        with self._sessions() as s:
            authority.require(s, actor, Duty.ISSUE_REPORTS)
            row = _active_identity(s)
            pkcs12, label, test_password, identity_id = bytes(row.pkcs12), row.label, row.test_password, row.id
            for_testing = row.for_testing
            policy = lab_policy.read(s)
        if not password:
            raise ValidationError("Enter your password to sign", field="password")
        self._users.confirm_password(actor, password)
        secret = test_password if for_testing and test_password is not None else identity_password
        if secret is None:
            raise ReportError("The signing certificate {label} needs its password; nothing was issued", label=label)
        opened = OpenedIdentity(pkcs12, secret, label, identity_id)
        opened.load()  # a wrong password is refused here, before any child starts
        if policy.timestamp_url:  # a server that does not answer refuses the batch, not each report
            from reports.signing import check_timestamp_server

            check_timestamp_server(policy.timestamp_url, policy.timestamp_timeout_s)
        return opened

    def code_of(self, sample_id: int) -> str:
        """The sample's code, or "#<id>" when there is no such sample."""
        with self._sessions() as s:
            return s.scalar(select(Sample.code).where(Sample.id == sample_id)) or f"#{sample_id}"

    def issue_opened(self, actor: Actor, sample_id: int, folder: Path, identity: LoadedIdentity, identity_id: int,
                     *, temp_prefix: str = ".lims-report-") -> IssuedReport:
        """One report issued with an identity already opened (the batch's child processes)."""
        return self._issue_one(actor, sample_id, folder, identity, identity_id, temp_prefix=temp_prefix)

    def _issue_one(self, actor: Actor, sample_id: int, folder: Path, identity: LoadedIdentity, identity_id: int,
                   *, replaces: tuple[int, str] | None = None, reason: str = "",
                   temp_prefix: str = ".lims-report-") -> IssuedReport:
        from reports.render import compose_report
        from reports.signing import sha256, sign_pdf

        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=temp_prefix, suffix=".part")
        temp = Path(temp_name)
        placed: Path | None = None
        try:
            with self._sessions.begin() as s:
                authority.require(s, actor, Duty.ISSUE_REPORTS)
                sample = s.get(Sample, sample_id)
                if sample is None:
                    raise NotFound("Sample {id} does not exist", id=sample_id)
                in_force = s.scalar(select(Report.number).where(Report.sample_id == sample_id,
                                                                Report.status == ReportStatus.ISSUED.value))
                if in_force and (replaces is None or in_force != replaces[1]):
                    raise ReportError("Sample {code} already has report {number} in force; amend that report "
                                      "instead", code=sample.code, number=in_force)
                policy = lab_policy.read(s)
                now = utcnow()
                today = policy.day(now)
                anchor = audit_anchor(s)
                number = issue_number(s, policy.report_pattern, today.year)
                content = report_content(s, sample_id, number=number, issued_on=today, anchor=anchor,
                                         supersedes=replaces[1] if replaces else "")
                data = content.data
                rendered = compose_report(data)
                signed = sign_pdf(rendered.pdf, identity, reason=f"签发检验检测报告 {number}",
                                  location=policy.lab_name or "-", box=rendered.signature_box, zone=policy.timezone,
                                  timestamp_url=policy.timestamp_url or None,
                                  timestamp_timeout_s=policy.timestamp_timeout_s)
                digest = sha256(signed)
                with os.fdopen(handle, "wb") as out:
                    handle = -1
                    out.write(signed)
                    out.flush()
                    os.fsync(out.fileno())
                report = Report(
                    number=number, sample_id=sample_id, status=ReportStatus.ISSUED, issued_at=now,
                    issued_by_id=actor.user_id, supersedes_id=replaces[0] if replaces else None, void_reason="",
                    pdf_sha256=digest, pdf=signed, data_json=data.canonical_json(), content_hash=data.content_hash(),
                    scope_snapshot_json=scope_snapshot_json(content),
                    audit_seq=anchor.seq, audit_hash=anchor.hash, signing_identity_id=identity_id,
                )
                s.add(report)
                s.flush()
                if replaces is not None:
                    old = s.get(Report, replaces[0])
                    assert old is not None
                    old.status = ReportStatus.VOID
                    old.void_reason = reason
                    audit.record(s, actor, AUDIT_ENTITY, old.id, AuditAction.TRANSITION, {
                        "status": [ReportStatus.ISSUED.value, ReportStatus.VOID.value],
                        "superseded_by": [None, number]}, reason)
                s.add(Signature(user_id=actor.user_id, meaning=SignatureMeaning.ISSUED.value, entity=AUDIT_ENTITY,
                                entity_id=str(report.id)))
                freeze_test_scope(s, actor, content, number)
                audit.record(s, actor, AUDIT_ENTITY, report.id, AuditAction.CREATE, {
                    "number": [None, number], "sample": [None, sample.code], "pdf_sha256": [None, digest],
                    "content_hash": [None, report.content_hash], "audit_anchor": [None, anchor.seq],
                    "supersedes": [None, replaces[1] if replaces else None]}, reason)
                s.flush()
                target = folder / _file_name(number)
                if target.exists():
                    raise ReportError("{path} exists already; nothing was issued", path=str(target))
                os.replace(temp, target)
                placed = target
                result = IssuedReport(report.id, number, sample.code, str(target), digest, rendered.pages,
                                      replaces[1] if replaces else "")
        except BaseException:
            if handle >= 0:
                os.close(handle)
            temp.unlink(missing_ok=True)
            if placed is not None:
                placed.unlink(missing_ok=True)
            raise
        return result

    # --- verification --------------------------------------------------------------------------

    def verify(self, pdf: bytes) -> ReportCheck:
        """The signature checked as anyone could (reports.verify), then against the record:
        is the number known, is this the very file stored at issue, was it replaced."""
        from reports.verify import verify_pdf

        with self._sessions() as s:
            roots = [pem.encode() for pem in s.scalars(select(SigningIdentity.certificate_pem))]
        checked = verify_pdf(pdf, trust_roots=roots)
        replacement = aliased(Report)
        with self._sessions() as s:
            record = s.execute(
                select(Report.number, Report.status, Report.void_reason, Report.pdf_sha256, replacement.number)
                .outerjoin(replacement, replacement.supersedes_id == Report.id)
                .where(Report.pdf_sha256 == checked.sha256)).first()
            claimed = ""
            if record is None:
                subject = _pdf_subject(pdf)
                claimed = subject.split("|", 1)[0].strip() if "|" in subject else ""
                if claimed:
                    record = s.execute(
                        select(Report.number, Report.status, Report.void_reason, Report.pdf_sha256,
                               replacement.number)
                        .outerjoin(replacement, replacement.supersedes_id == Report.id)
                        .where(Report.number == claimed)).first()
        if record is None:
            return ReportCheck(checked.sha256, checked.intact, checked.covers_whole_document, checked.trusted,
                               checked.signer_subject, checked.signing_time, claimed, False, False, "", "", "",
                               checked.explanation)
        number, status, void_reason, stored_hash, superseded_by = record
        return ReportCheck(checked.sha256, checked.intact, checked.covers_whole_document, checked.trusted,
                           checked.signer_subject, checked.signing_time, number or "", True,
                           stored_hash == checked.sha256, str(status), superseded_by or "", void_reason or "",
                           checked.explanation)

