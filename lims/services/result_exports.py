"""Results out to Excel or CSV with the sample list's filters, and the monitoring summary a
task issuer asks for.

The results export writes one row per current result (a retest's superseded value and a
retracted test are left out), in the order of the samples and their tests: the value as
reported (rounded as the report prints it), its unit, verdict and the judgment basis it was
judged by. Every text cell is written as text (``sampling_lists._text_cells``), so a producer
named "=HYPERLINK(...)" stays that text. The CSV is UTF-8 with a byte-order mark, so Excel
opens Chinese correctly; since a CSV cell has no type, a text that Excel would read as a formula
gets a leading apostrophe there, as Excel itself shows such text.

The monitoring summary covers the judged samples (those with an overall verdict: approved)
of one task or a range of sampling days: how many samples and tests, the pass rate per
sample, per product and per parameter, and each failing result with its producer, value and
limit."""
from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from lims.db.models import Limit, Method, Parameter, Producer, Product, Result, Sample, Standard, Task, Test
from lims.domain.enums import Detection, LimitKind, SampleStatus, TestStatus, Verdict
from lims.domain.errors import LimsError, NotFound, ValidationError
from lims.services import policy as lab_policy
from lims.services.dto import SampleFilter
from lims.services.samples import SampleService
from lims.services.sampling_lists import _FORMULA_STARTS, _text_cells

RESULT_HEADERS = ("样品编号", "产品", "受检单位", "抽样时间", "检测项目", "检测方法", "检测结果", "单位",
                  "单项判定", "判定依据", "样品状态")
RESULT_WIDTHS = (18, 14, 28, 17, 18, 22, 12, 10, 10, 30, 10)
FAILURE_HEADERS = ("样品编号", "产品", "受检单位", "抽样时间", "检测项目", "检测结果", "单位", "限量值",
                   "判定依据")
FAILURE_WIDTHS = (18, 14, 28, 17, 18, 12, 10, 12, 30)
STATUS_TEXT = {
    SampleStatus.SAMPLE_DUE.value: "待收样", SampleStatus.RECEIVED.value: "已收样",
    SampleStatus.TESTING.value: "检测中", SampleStatus.TO_BE_VERIFIED.value: "待审核",
    SampleStatus.VERIFIED.value: "已审核", SampleStatus.APPROVED.value: "已批准",
    SampleStatus.REJECTED.value: "已拒收", SampleStatus.CANCELLED.value: "已取消", SampleStatus.INVALID.value: "无效",
}
VERDICT_TEXT = {Verdict.PASS.value: "合格", Verdict.FAIL.value: "不合格"}
NOT_DETECTED_TEXT = "未检出"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_HEADER_FILL = "DDEBF7"


class ExportError(LimsError):
    """An export that cannot be written as asked."""


@dataclass(frozen=True)
class ResultRow:
    """One current result as the export writes it."""

    sample_code: str
    product: str
    producer: str
    sampled_at: datetime  # in the lab's time zone, without its offset (as a spreadsheet shows it)
    parameter: str
    method: str
    value: str  # as reported: rounded to the method's digits, or 未检出
    unit: str
    verdict: str  # 合格, 不合格, or "" when there is no basis to judge by
    basis: str
    status: str  # the sample's status as a person reads it
    limit: str = ""  # the limit judged by (不得检出, 0.02, 0.5* for a temporary one), "" when none


@dataclass(frozen=True)
class GroupRate:
    """Samples or tests of one product or parameter, and how many failed."""

    name: str
    total: int
    failed: int

    @property
    def pass_rate(self) -> float:
        return (self.total - self.failed) / self.total if self.total else 0.0


@dataclass(frozen=True)
class MonitoringSummary:
    title: str  # the task, or the range of sampling days
    samples: int  # judged samples
    failed_samples: int
    parameters: int  # distinct parameters tested
    tests: int  # results counted
    by_product: tuple[GroupRate, ...]
    by_parameter: tuple[GroupRate, ...]
    failures: tuple[ResultRow, ...]

    @property
    def pass_rate(self) -> float:
        return (self.samples - self.failed_samples) / self.samples if self.samples else 0.0


class ResultExportService:
    def __init__(self, sessions: sessionmaker[Session], samples: SampleService) -> None:
        self._sessions = sessions
        self._samples = samples

    # --- results ---------------------------------------------------------------------------------

    def export_results(self, path: Path | str, flt: SampleFilter | None = None) -> int:
        """Write the current results of the samples that pass the filter to ``path`` (.xlsx or
        .csv, by its suffix); returns how many rows. The file appears whole or not at all."""
        target = Path(path)
        kind = _kind(target, (".xlsx", ".csv"))
        flt = flt or SampleFilter()
        if flt.status and flt.status not in STATUS_TEXT:
            raise ValidationError("There is no sample status {status}: use one of {choices}", field="status",
                                  status=flt.status, choices=", ".join(STATUS_TEXT))
        with self._sessions() as s:
            rows = self._rows(s, flt)
            if kind == ".csv":
                return _write_atomic(target, lambda temp: _write_csv(temp, rows))
            return _write_atomic(target, lambda temp: _write_results_xlsx(temp, rows))

    def results(self, flt: SampleFilter | None = None) -> list[ResultRow]:
        """The rows the export writes, for a screen or a test."""
        with self._sessions() as s:
            return list(self._rows(s, flt or SampleFilter()))

    def _rows(self, s: Session, flt: SampleFilter, *, only_failed: bool = False,
              judged_only: bool = False) -> Iterator[ResultRow]:
        zone = lab_policy.read(s).timezone
        q = _result_query(self._samples.where_clauses(s, flt))
        if only_failed:
            q = q.where(Result.verdict == Verdict.FAIL.value)
        if judged_only:
            q = q.where(Sample.verdict.is_not(None))
        for row in s.execute(q).yield_per(2000):
            yield _result_row(row, zone)

    # --- monitoring summary ------------------------------------------------------------------------

    def summary(self, *, task_code: str | None = None, sampled_from: date | None = None,
                sampled_to: date | None = None) -> MonitoringSummary:
        """The monitoring summary of the judged samples of a task and/or a range of sampling days."""
        if sampled_from and sampled_to and sampled_from > sampled_to:
            raise ValidationError("The first day {first} is after the last day {last}", first=sampled_from.isoformat(),
                                  last=sampled_to.isoformat())
        with self._sessions() as s:
            flt = SampleFilter(sampled_from=sampled_from, sampled_to=sampled_to)
            title_parts = []
            if task_code:
                task = s.execute(select(Task.id, Task.title).where(Task.code == task_code.strip())).first()
                if task is None:
                    raise NotFound("There is no task with the code {code}", code=task_code)
                flt = replace(flt, task_id=task.id)
                title_parts.append(f"{task.title}（{task_code.strip()}）")
            if sampled_from or sampled_to:
                title_parts.append(f"抽样日期 {sampled_from.isoformat() if sampled_from else '…'} 至 "
                                   f"{sampled_to.isoformat() if sampled_to else '…'}")
            where = [*self._samples.where_clauses(s, flt), Sample.verdict.is_not(None)]
            sample_rows = s.execute(select(Sample.verdict, Product.name).join(Product, Product.id == Sample.product_id)
                                    .where(*where)).all()
            product_total: Counter[str] = Counter()
            product_failed: Counter[str] = Counter()
            for verdict, product in sample_rows:
                product_total[product] += 1
                product_failed[product] += int(verdict == Verdict.FAIL.value)
            parameter_total: Counter[str] = Counter()
            parameter_failed: Counter[str] = Counter()
            failures = []
            for row in self._rows(s, flt, judged_only=True):
                parameter_total[row.parameter] += 1
                if row.verdict == VERDICT_TEXT[Verdict.FAIL.value]:
                    parameter_failed[row.parameter] += 1
                    failures.append(row)
        return MonitoringSummary(
            title="；".join(title_parts) or "全部已判定样品",
            samples=len(sample_rows), failed_samples=sum(product_failed.values()),
            parameters=len(parameter_total), tests=sum(parameter_total.values()),
            by_product=_rates(product_total, product_failed), by_parameter=_rates(parameter_total, parameter_failed),
            failures=tuple(failures))

    def export_summary(self, path: Path | str, *, task_code: str | None = None, sampled_from: date | None = None,
                       sampled_to: date | None = None) -> MonitoringSummary:
        """Write the monitoring summary to an .xlsx file: 汇总 (the figures and the pass rate per
        product), 检测项目 (per parameter) and 不合格结果 (each failing result)."""
        target = Path(path)
        _kind(target, (".xlsx",))
        found = self.summary(task_code=task_code, sampled_from=sampled_from, sampled_to=sampled_to)
        _write_atomic(target, lambda temp: _write_summary_xlsx(temp, found))
        return found


# --- queries -------------------------------------------------------------------------------------

def _result_query(where: Sequence[Any]) -> Select[*tuple[Any, ...]]:
    producer, limit_standard = aliased(Producer), aliased(Standard)
    return (
        select(Sample.code, Product.name, producer.name, Sample.sampled_at, Sample.status, Parameter.name,
               Standard.number, Standard.year, Result.reported_text, Result.value_text, Result.not_detected,
               Result.detection, Result.unit, Result.verdict, Result.basis_text, Limit.value, Limit.kind,
               limit_standard.number, limit_standard.year)
        .select_from(Result)
        .join(Test, Test.id == Result.test_id)
        .join(Sample, Sample.id == Test.sample_id)
        .join(Product, Product.id == Sample.product_id)
        .outerjoin(producer, producer.id == Sample.producer_id)
        .join(Parameter, Parameter.id == Test.parameter_id)
        .join(Method, Method.id == Test.method_id)
        .join(Standard, Standard.id == Method.standard_id)
        .outerjoin(Limit, Limit.id == Result.limit_id)
        .outerjoin(limit_standard, limit_standard.id == Limit.standard_id)
        .where(Result.superseded.is_(False), Test.status != TestStatus.RETRACTED.value, *where)
        .order_by(Sample.id, Test.id)
    )


def _result_row(row: Any, zone: ZoneInfo) -> ResultRow:
    (code, product, producer, sampled_at, status, parameter, std_number, std_year, reported, value_text,
     not_detected, detection, unit, verdict, basis, limit_value, limit_kind, basis_number, basis_year) = row
    nd = not_detected or detection == Detection.NOT_DETECTED.value
    value = NOT_DETECTED_TEXT if nd else (reported or value_text)
    if limit_kind is None:
        limit = ""
    elif limit_kind == LimitKind.NOT_DETECTABLE.value or limit_value is None:
        limit = "不得检出"
    else:
        limit = format(Decimal(limit_value).normalize(), "f") + ("*" if limit_kind == LimitKind.TEMPORARY.value else "")
    return ResultRow(
        sample_code=code, product=product, producer=producer or "",
        sampled_at=sampled_at.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0),
        parameter=parameter, method=f"{std_number}-{std_year}", value=value, unit=unit,
        verdict=VERDICT_TEXT.get(str(verdict) if verdict else "", ""),
        basis=basis or (f"{basis_number}-{basis_year}" if basis_number else ""),
        status=STATUS_TEXT.get(str(status), str(status)), limit=limit)


def _rates(total: Counter[str], failed: Counter[str]) -> tuple[GroupRate, ...]:
    return tuple(GroupRate(name, count, failed[name])
                 for name, count in sorted(total.items(), key=lambda item: (-failed[item[0]], -item[1], item[0])))


# --- files ---------------------------------------------------------------------------------------

def _kind(path: Path, allowed: tuple[str, ...]) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise ValidationError("Name the file {path} with {allowed} at the end", field="out", path=str(path),
                              allowed=" or ".join(allowed))
    if not path.parent.is_dir():
        raise ExportError("The folder {path} does not exist; nothing was written", path=str(path.parent))
    return suffix


def _write_atomic(target: Path, write: Any) -> Any:
    """``write(temp)`` into a temporary file beside ``target``, renamed over it only when whole."""
    import os
    import tempfile

    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=".lims-export-", suffix=target.suffix)
    except OSError as exc:
        raise ExportError("{path} cannot be written: {reason}; nothing was written", path=str(target),
                          reason=exc.strerror or str(exc)) from None
    os.close(handle)
    temp = Path(name)
    try:
        result = write(temp)
        os.replace(temp, target)
    except OSError as exc:
        raise ExportError("{path} cannot be written: {reason}; nothing was written", path=str(target),
                          reason=exc.strerror or str(exc)) from None
    finally:
        temp.unlink(missing_ok=True)
    return result


def _csv_text(value: str) -> str:
    """A CSV cell has no type: text Excel would take for a formula keeps a leading apostrophe."""
    if value.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def _write_csv(path: Path, rows: Iterator[ResultRow]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(RESULT_HEADERS)
        for r in rows:
            writer.writerow([_csv_text(v) for v in (
                r.sample_code, r.product, r.producer, r.sampled_at.strftime("%Y-%m-%d %H:%M"), r.parameter, r.method,
                r.value, r.unit, r.verdict, r.basis, r.status)])
            count += 1
    return count


def _sheet(book: Any, title: str, headers: Sequence[str], widths: Sequence[int]) -> Any:
    """A write-only sheet with its header bold on a fill, frozen below it, and its column widths."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    cells = _text_cells(sheet, headers)
    for cell in cells:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    sheet.append(cells)
    return sheet


def _date_cell(sheet: Any, moment: datetime) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=moment)
    cell.number_format = DATETIME_FORMAT
    return cell


def _number_cell(sheet: Any, value: float, number_format: str = "0") -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _write_results_xlsx(path: Path, rows: Iterator[ResultRow]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = _sheet(book, "检测结果", RESULT_HEADERS, RESULT_WIDTHS)
    count = 0
    for r in rows:
        sheet.append([*_text_cells(sheet, (r.sample_code, r.product, r.producer)), _date_cell(sheet, r.sampled_at),
                      *_text_cells(sheet, (r.parameter, r.method, r.value, r.unit, r.verdict, r.basis, r.status))])
        count += 1
    book.save(path)
    return count


def _write_summary_xlsx(path: Path, found: MonitoringSummary) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    head = _sheet(book, "汇总", ("项目", "数值"), (24, 40, 12, 12))
    for label, value, fmt in (("样品数", found.samples, "0"), ("合格样品数", found.samples - found.failed_samples, "0"),
                              ("不合格样品数", found.failed_samples, "0"), ("样品合格率", found.pass_rate, "0.0%"),
                              ("检测项目数", found.parameters, "0"), ("检测项次", found.tests, "0")):
        head.append([*_text_cells(head, (label,)), _number_cell(head, value, fmt)])
    head.append([])
    title_cells = _text_cells(head, ("范围", found.title))
    head.append(title_cells)
    head.append([])
    product_head = _text_cells(head, ("产品", "样品数", "不合格数", "合格率"))
    for cell in product_head:
        cell.font = Font(bold=True)
    head.append(product_head)
    for group in found.by_product:
        head.append([*_text_cells(head, (group.name,)), _number_cell(head, group.total),
                     _number_cell(head, group.failed), _number_cell(head, group.pass_rate, "0.0%")])
    params = _sheet(book, "检测项目", ("检测项目", "检测项次", "不合格项次", "合格率"), (20, 12, 12, 12))
    for group in found.by_parameter:
        params.append([*_text_cells(params, (group.name,)), _number_cell(params, group.total),
                       _number_cell(params, group.failed), _number_cell(params, group.pass_rate, "0.0%")])
    failures = _sheet(book, "不合格结果", FAILURE_HEADERS, FAILURE_WIDTHS)
    for r in found.failures:
        failures.append([*_text_cells(failures, (r.sample_code, r.product, r.producer)),
                         _date_cell(failures, r.sampled_at),
                         *_text_cells(failures, (r.parameter, r.value, r.unit, r.limit or "/", r.basis))])
    book.save(path)
