"""What a test report says, as plain values: the one input of the report renderer.

The service layer fills a ``ReportData`` from the database when a report is previewed or issued;
everything here is text, ``Decimal`` or ``date`` as it will be printed, so the renderer makes no
decisions a regulator would check (verdicts, scope, limits) — it only lays them out.

Which rows carry the out-of-scope marker is decided here (``marked_out_of_scope``), from the
per-row scope flags frozen at issue:
- the CMA mark is printed when at least one row is inside the CMA scope and the lab has a CMA
  certificate number, the CATL mark likewise;
- a row outside the scope of a mark that the report carries gets the marker (the lab's setting,
  "*" by default) and the report its out-of-scope statement;
- a report with nothing in scope carries no mark, and then no row is marked either: there is no
  mark whose cover a reader could wrongly extend to it.

``content_hash`` is the SHA-256 of a canonical serialisation of the data (not of the PDF, which
would be circular: the hash is printed inside the PDF as a QR code). Anyone holding the data
that the database keeps for an issued report can compute it again and compare.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from lims.domain.errors import LimsError

# Canonical serialisation version: bump when the fields or their spelling in the hash change.
HASH_FORMAT = 1

DEFAULT_STATEMENTS: tuple[str, ...] = (
    "本报告无批准人签字、无本机构检验检测专用章或电子签名无效。",
    "未经本机构书面批准，不得部分复制本报告。",
    "本报告涂改、增删无效。",
    "对本报告有异议的，请于收到报告之日起十五日内向本机构提出。",
)
# "仅对来样负责" belongs only on reports of samples the lab did not take: the service adds it.
SENT_SAMPLE_STATEMENT = "本报告检验结果仅对来样负责。"
DEFAULT_OUT_OF_SCOPE_MARKER = "*"
DEFAULT_OUT_OF_SCOPE_STATEMENT = "标有“*”的项目不在本机构资质认定（CMA）/农产品质量安全检测机构考核（CATL）能力范围内。"
DEFAULT_SUBCONTRACT_MARKER = "#"
DEFAULT_SUBCONTRACT_STATEMENT = "标有“#”的项目为分包项目，由分包方检测。"


class ReportDataError(LimsError):
    """Report content that cannot be printed as given (a row naming an unknown sample, ...)."""


@dataclass(frozen=True)
class LabInfo:
    name: str
    address: str
    phone: str
    cma_certificate: str = ""  # the certificate's number as printed under the mark; "" = none
    catl_certificate: str = ""


@dataclass(frozen=True)
class SampleInfo:
    code: str
    name: str
    producer: str
    sampling_place: str
    sampled_on: date | None
    received_on: date | None
    state: str  # 样品状态 as recorded at receipt, e.g. "新鲜、完好、封样完好"
    quantity: str  # with its unit, e.g. "1.5 kg"


@dataclass(frozen=True)
class ResultRow:
    """One parameter on one sample, as printed in the result table."""

    sample_code: str
    parameter: str
    method: str  # the method standard with its edition, e.g. "GB 23200.113-2018"
    unit: str  # "mg/kg"
    result: str  # the reported value as rounded for the report; not printed when not detected
    detected: bool
    lod: Decimal | None  # the method's limit of detection in ``unit``
    limit: str  # "0.1", "不得检出", or "/" when no limit applies
    limit_basis: str  # the limit standard with its edition, e.g. "GB 2763-2021"
    verdict: str  # "合格", "不合格", "/"
    in_cma_scope: bool
    in_catl_scope: bool
    subcontracted: bool = False

    def result_text(self) -> str:
        """The result as printed: the value, or "未检出(<LOD)" with the LOD when not detected."""
        if self.detected:
            return self.result
        if self.lod is None:
            return "未检出"
        return f"未检出(<{format(self.lod, 'f')})"


@dataclass(frozen=True)
class Signoff:
    name: str
    signed_on: date


@dataclass(frozen=True)
class AuditAnchor:
    """The audit chain's head when the report was issued: its sequence number and hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class ReportData:
    number: str
    lab: LabInfo
    client: str
    samples: tuple[SampleInfo, ...]
    task: str  # 任务来源, e.g. "2026年第一季度农产品质量安全例行监测"
    inspection_type: str  # 检验类别, e.g. "例行监测", "委托检验"
    tested_from: date
    tested_to: date
    rows: tuple[ResultRow, ...]
    conclusion: str
    preparer: Signoff
    reviewer: Signoff
    approver: Signoff
    issued_on: date
    statements: tuple[str, ...] = DEFAULT_STATEMENTS
    out_of_scope_marker: str = DEFAULT_OUT_OF_SCOPE_MARKER
    out_of_scope_statement: str = DEFAULT_OUT_OF_SCOPE_STATEMENT
    subcontract_marker: str = DEFAULT_SUBCONTRACT_MARKER
    subcontract_statement: str = DEFAULT_SUBCONTRACT_STATEMENT
    audit: AuditAnchor | None = None
    supersedes: str = ""  # the number of the report this amendment replaces
    draft: bool = False
    title: str = "检验检测报告"
    extra: tuple[tuple[str, str], ...] = ()  # further (label, value) lines for the sample block

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise ReportDataError("A report needs a report number")
        if not self.samples:
            raise ReportDataError("Report {number} names no sample", number=self.number)
        if not self.rows:
            raise ReportDataError("Report {number} has no result rows", number=self.number)
        codes = {s.code for s in self.samples}
        for row in self.rows:
            if row.sample_code not in codes:
                raise ReportDataError("Report {number}: the row for {parameter} names sample {code}, "
                                      "which the report does not list",
                                      number=self.number, parameter=row.parameter, code=row.sample_code)

    # --- scope ---------------------------------------------------------------------------------

    @property
    def shows_cma(self) -> bool:
        return bool(self.lab.cma_certificate) and any(r.in_cma_scope for r in self.rows)

    @property
    def shows_catl(self) -> bool:
        return bool(self.lab.catl_certificate) and any(r.in_catl_scope for r in self.rows)

    def marked_out_of_scope(self, row: ResultRow) -> bool:
        """Whether ``row`` carries the out-of-scope marker (see the module's notes)."""
        return (self.shows_cma and not row.in_cma_scope) or (self.shows_catl and not row.in_catl_scope)

    @property
    def any_marked_out_of_scope(self) -> bool:
        return any(self.marked_out_of_scope(r) for r in self.rows)

    @property
    def any_subcontracted(self) -> bool:
        return any(r.subcontracted for r in self.rows)

    # --- integrity -----------------------------------------------------------------------------

    def canonical_json(self) -> str:
        """The data as JSON with sorted keys, dates in ISO form and Decimals as their exact text."""
        content = {"format": HASH_FORMAT, "report": asdict(self)}
        return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)

    def content_hash(self) -> str:
        """SHA-256 (hex) of ``canonical_json``: what the QR code carries beside the number."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def qr_text(self) -> str:
        """The QR code's text: ``<report number>|sha256:<content hash>``."""
        return f"{self.number}|sha256:{self.content_hash()}"


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"cannot serialise {type(value).__name__} in report data")
