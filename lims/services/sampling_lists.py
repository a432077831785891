"""A task's sampling list from Excel into registered samples, and samples out to Excel.

An import checks every row first and reports each bad cell by row and column; nothing is
registered unless every row is good, or the person asks for the good rows alone. The rows are
registered in one transaction through the same path as the sampling form, so they get their
codes and audit events exactly as typed-in samples do."""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from lims.db.base import text_length, utcnow
from lims.db.models import Area, Producer, Product, Sample, SamplingImport, SamplingImportRow, Task
from lims.domain import credit_code
from lims.domain.accounts import Duty
from lims.domain.enums import ProducerKind
from lims.domain.errors import ImportRejected, LimsError, RowProblem, ValidationError
from lims.domain.names import NameIndex, name_key
from lims.services import authority
from lims.services import policy as lab_policy
from lims.services.catalogue import catalogue
from lims.services.dto import Actor, SampleFilter
from lims.services.registration import (
    MULTILINE_TEXT,
    SAMPLE_TEXT,
    NewProducer,
    RegistrationForm,
    check_form,
    register,
)
from lims.services.samples import SampleService
from lims.services.spreadsheet import SheetRow, SheetSpec, read_sheet, required

T = TypeVar("T")

TASK, PRODUCT, PRODUCER, CREDIT_CODE, AREA, SAMPLED_AT = (
    "task", "product", "producer", "credit_code", "area", "sampled_at")
BATCH, QUANTITY, SAMPLER1, SAMPLER2, SEAL, BACKUP, STORAGE, CERT, CERT_NO, NOTES = (
    "batch_size", "quantity", "sampler1", "sampler2", "seal_intact", "backup_kept", "storage",
    "compliance_cert", "compliance_cert_no", "notes")
LAB_TOOK, CLIENT, DESCRIPTION = "lab_took_sample", "client", "description"

# The sampling list's columns; the first header of each is what an export writes.
HEADERS: dict[str, tuple[str, ...]] = {
    TASK: ("抽样任务", "任务", "任务编号", "task"),
    PRODUCT: ("产品", "样品名称", "产品名称", "product"),
    PRODUCER: ("受检单位", "被抽样单位", "生产主体", "producer"),
    CREDIT_CODE: ("统一社会信用代码", "信用代码", "credit_code"),
    AREA: ("区域", "抽样地点", "嘎查村", "area"),
    SAMPLED_AT: ("抽样时间", "抽样日期", "sampled_at"),
    BATCH: ("抽样基数", "批量", "batch_size"),
    QUANTITY: ("抽样数量", "quantity"),
    SAMPLER1: ("抽样人1", "抽样人员1", "sampler1"),
    SAMPLER2: ("抽样人2", "抽样人员2", "sampler2"),
    SEAL: ("封样完好", "封样状态", "seal_intact"),
    BACKUP: ("备样", "备份样品", "backup_kept"),
    STORAGE: ("贮存条件", "储存条件", "storage"),
    CERT: ("合格证", "承诺达标合格证", "compliance_cert"),
    CERT_NO: ("合格证编号", "compliance_cert_no"),
    NOTES: ("备注", "notes"),
    LAB_TOOK: ("本单位抽样", "抽样方式", "lab_took_sample"),
    CLIENT: ("委托单位", "委托方", "client"),
    DESCRIPTION: ("样品描述", "样品状态", "description"),
}
# how many characters each column's cell may hold: the column that stores it, or None for a
# name that is looked up (the lookup then says what is wrong) and for a flag or a date
CELL_LENGTHS: dict[str, int | None] = {
    **dict.fromkeys(HEADERS),
    PRODUCER: text_length(Producer.name),
    **{name: text_length(column) for name, column in SAMPLE_TEXT.items() if name in HEADERS},
}
MULTILINE = frozenset(MULTILINE_TEXT)
SAMPLING_LIST = SheetSpec(HEADERS, identifying=(PRODUCT, SAMPLED_AT), required=(PRODUCT, PRODUCER, SAMPLED_AT))
EXPORT_HEADERS = ("样品编号", "状态", "判定", *(h[0] for h in HEADERS.values()))

# what makes a spreadsheet read typed text as a formula
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_YES = {"是", "有", "完好", "y", "yes", "true", "1", "√"}
_NO = {"否", "无", "破损", "n", "no", "false", "0", "×", ""}
_DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d",
                 "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class SampleImportReport:
    file: str
    rows: int
    codes: tuple[str, ...]  # issued, in the order of the rows
    problems: tuple[RowProblem, ...]  # the rows left out (only when the good ones were imported)
    resumed: int = 0  # rows an earlier, interrupted import of the same file had registered already


class _Catalogue:
    """The names a sampling list may use: products from the session's catalogue, and the
    lab's tasks, areas and producers."""

    def __init__(self, s: Session) -> None:
        cat = catalogue(s)
        self.products = cat.products
        self.categories = {node.id for node in cat.nodes.values() if node.is_category}
        self.tasks = NameIndex()
        for t in s.scalars(select(Task)):
            self.tasks.add(t.id, t.title, [t.title, t.code])
        self.areas = NameIndex()
        for a in s.scalars(select(Area)):
            self.areas.add(a.id, a.name, [a.name, a.code])
        self.producers = NameIndex()
        self.producer_by_code: dict[str, int] = {}
        for p in s.scalars(select(Producer)):
            self.producers.add(p.id, p.name, [p.name])
            if p.credit_code:
                self.producer_by_code[p.credit_code] = p.id

    @staticmethod
    def one(index: NameIndex, text: str, unknown: ValidationError, ambiguous: ValidationError) -> int:
        found = index.matches(text)
        if not found:
            raise unknown
        if len(found) > 1:
            params: dict[str, Any] = {**ambiguous.params, "matches": "、".join(sorted(index.display[i] for i in found))}
            raise ValidationError(ambiguous.template, **params)
        return next(iter(found))


# rows registered per transaction: a batch takes well under a second, so another workstation
# waiting on the write lock gets its turn long before its lock wait (LOCK_WAIT_MS) runs out
IMPORT_BATCH_ROWS = 100
SQLITE_WRITER_TURN_S = 0.12


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class SampleListService:
    def __init__(self, sessions: sessionmaker[Session], samples: SampleService) -> None:
        self._sessions = sessions
        self._samples = samples

    def import_excel(self, actor: Actor, path: Path, *, only_good: bool = False,
                     batch: int = IMPORT_BATCH_ROWS) -> SampleImportReport:
        """Register the samples of a sampling list. Every row is checked first, without holding
        the database; one bad row means nothing is registered (unless ``only_good``). The good
        rows are then registered ``batch`` at a time, each batch its own transaction, so another
        workstation logs in and registers between batches. An import cut off part-way (a crash,
        a killed process) is resumed by importing the same file again: the rows it registered
        are not registered twice."""
        path = Path(path)
        # the workbook is bounded and read before any transaction begins
        rows = list(read_sheet(path, SAMPLING_LIST))
        if not rows:
            raise ValidationError("{file} holds no samples under its header", field="file", file=path.name)
        digest = _file_digest(path)
        with self._sessions() as s:
            zone = lab_policy.read(s).timezone
            names = _Catalogue(s)
            checked = [(row.number, *_check_row(row, names, zone)) for row in rows]
        problems = tuple(p for _, _, row_problems in checked for p in row_problems)
        good = [(number, form) for number, form, row_problems in checked if form is not None and not row_problems]
        if problems and not only_good:
            raise ImportRejected(
                "{file}: {bad} of {rows} row(s) have problems; nothing was imported",
                problems=problems, field="file", file=path.name,
                bad=len({p.row for p in problems}), rows=len(rows),
            )
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.REGISTER)
            run = s.scalar(select(SamplingImport).where(
                SamplingImport.file_sha256 == digest, SamplingImport.finished_at.is_(None))
                .order_by(SamplingImport.id.desc()).limit(1))
            if run is None:
                run = SamplingImport(file_sha256=digest, file_name=path.name[:255], rows=len(good),
                                     started_by=actor.username)
                s.add(run)
                s.flush()
            run_id = run.id
            done = set(s.scalars(select(SamplingImportRow.row_number).where(SamplingImportRow.import_id == run_id)))
        pending = [(number, form) for number, form in good if number not in done]
        for start in range(0, len(pending), max(batch, 1)):
            if start:
                self._let_others_write()
            with self._sessions.begin() as s:
                for number, form in pending[start:start + batch]:
                    sample = register(s, actor, form)
                    s.add(SamplingImportRow(import_id=run_id, row_number=number, sample_id=sample.id))
        with self._sessions.begin() as s:
            s.execute(update(SamplingImport).where(SamplingImport.id == run_id).values(finished_at=utcnow()))
            codes = tuple(s.scalars(
                select(Sample.code).join(SamplingImportRow, SamplingImportRow.sample_id == Sample.id)
                .where(SamplingImportRow.import_id == run_id).order_by(SamplingImportRow.row_number)))
        return SampleImportReport(path.name, len(rows), codes, problems, resumed=len(done))

    def _let_others_write(self) -> None:
        """PostgreSQL queues lock waiters fairly. SQLite does not: a workstation waiting for the
        file's write lock polls at intervals of up to 100 ms, and an import that begins its next
        batch at once would take the lock again every time. A pause a little longer than that
        interval between batches gives the waiter its turn."""
        bind = self._sessions.kw.get("bind")
        if bind is not None and bind.dialect.name == "sqlite":
            time.sleep(SQLITE_WRITER_TURN_S)

    def export_excel(self, path: Path, flt: SampleFilter | None = None) -> int:
        """Write the samples that pass the filter (all by default); returns how many."""
        from openpyxl import Workbook  # loaded on use: see lims.services.spreadsheet

        flt = flt or SampleFilter()
        with self._sessions() as s:
            zone = lab_policy.read(s).timezone
            clauses = self._samples.where_clauses(s, flt)
            prod, producer, area, task = aliased(Product), aliased(Producer), aliased(Area), aliased(Task)
            q = (
                select(Sample, prod.name, producer.name, producer.credit_code, area.name, task.title)
                .join(prod, prod.id == Sample.product_id)
                .outerjoin(producer, producer.id == Sample.producer_id)
                .outerjoin(area, area.id == Sample.area_id)
                .outerjoin(task, task.id == Sample.task_id)
                .where(*clauses)
                .order_by(Sample.id)
            )
            book = Workbook(write_only=True)
            sheet = book.create_sheet("样品")
            sheet.append(_text_cells(sheet, EXPORT_HEADERS))
            count = 0
            for sample, product, producer_name, code, area_name, task_title in s.execute(q).yield_per(2000):
                fields = {
                    TASK: task_title or "", PRODUCT: product, PRODUCER: producer_name or "",
                    CREDIT_CODE: code or "", AREA: area_name or "",
                    SAMPLED_AT: sample.sampled_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                    BATCH: sample.batch_size, QUANTITY: sample.quantity, SAMPLER1: sample.sampler1,
                    SAMPLER2: sample.sampler2, SEAL: _yes_no(sample.seal_intact),
                    BACKUP: _yes_no(sample.backup_kept), STORAGE: sample.storage,
                    CERT: _yes_no(sample.compliance_cert), CERT_NO: sample.compliance_cert_no,
                    NOTES: sample.notes, LAB_TOOK: _yes_no(sample.lab_took_sample), CLIENT: sample.client,
                    DESCRIPTION: sample.description,
                }
                sheet.append(_text_cells(sheet, (sample.code, sample.status, sample.verdict or "",
                                                 *(fields[name] for name in HEADERS))))
                count += 1
            book.save(Path(path))
        return count


def _text_cells(sheet: Any, values: Iterable[object]) -> list[Any]:
    """Each value as a text cell. The cell's type is set to text explicitly: a producer named
    "=HYPERLINK(...)" or a note starting with + - @ stays that text in Excel and never becomes a
    formula; such cells also get Excel's quote-prefix style, so editing one keeps it text. The
    text itself is written unchanged, so the workbook imports as the same values."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = []
    for value in values:
        # control characters cannot be written to a workbook; text checked on entry has none
        text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
        cell = WriteOnlyCell(sheet, value=None)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True
        cells.append(cell)
    return cells


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def _flag(text: str, default: bool) -> bool:
    if not text:
        return default
    key = name_key(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValidationError("Write 是 or 否, not '{text}'", text=text)


def _moment(text: str, zone) -> datetime:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=zone)  # the lab's wall clock
        except ValueError:
            continue
    raise ValidationError("'{text}' is not a date and time such as 2026-05-12 09:30", text=text)


def _check_row(row: SheetRow, names: _Catalogue, zone) -> tuple[RegistrationForm | None, list[RowProblem]]:
    row, problems = row.cleaned(CELL_LENGTHS, MULTILINE)
    if problems:
        return None, problems  # a cell that cannot be stored: its text is not looked up either

    def attempt(name: str, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except LimsError as exc:
            problems.append(row.problem(name, exc))
            return None

    product = row.text(PRODUCT)
    product_id = attempt(PRODUCT, lambda: names.one(
        names.products, required(row, PRODUCT),
        ValidationError("No product '{text}' in the catalogue", text=product),
        ValidationError("The product name '{text}' fits several catalogue entries ({matches}): type its code",
                        text=product, matches="")))
    if product_id is not None and product_id in names.categories:
        problems.append(row.problem(PRODUCT, ValidationError(
            "{name} is a category: choose the product itself", name=row.text(PRODUCT))))
    task, area = row.text(TASK), row.text(AREA)
    task_id = attempt(TASK, lambda: names.one(
        names.tasks, task, ValidationError("No sampling task '{text}'", text=task),
        ValidationError("'{text}' fits several sampling tasks ({matches}): write its code", text=task, matches=""),
    )) if task else None
    area_id = attempt(AREA, lambda: names.one(
        names.areas, area, ValidationError("No area '{text}'", text=area),
        ValidationError("'{text}' fits several areas ({matches}): write its code", text=area, matches=""),
    )) if area else None
    sampled_at = attempt(SAMPLED_AT, lambda: _moment(required(row, SAMPLED_AT), zone))
    client = row.text(CLIENT)
    # a row naming a client and no lab flag is a sample the client brought
    flags = {name: attempt(name, partial(_flag, row.text(name), default))
             for name, default in ((SEAL, True), (BACKUP, True), (CERT, False), (LAB_TOOK, not client))}
    producer_id, new_producer = None, None
    code_text = row.text(CREDIT_CODE)
    code = attempt(CREDIT_CODE, lambda: credit_code.validate(code_text)) if code_text else None
    name = row.text(PRODUCER)
    if code and code in names.producer_by_code:
        producer_id = names.producer_by_code[code]
    elif name:
        found = names.producers.matches(name)
        if len(found) == 1 and not code:
            producer_id = next(iter(found))
        elif code_text and code is None:
            pass  # the credit code's problem is reported already
        else:
            kind = ProducerKind.ENTERPRISE if code else ProducerKind.SMALLHOLDER
            new_producer = NewProducer(name=name, kind=kind.value, credit_code=code or "", area_id=area_id)
    else:
        problems.append(row.problem(PRODUCER, ValidationError("This cell is empty")))
    if problems or product_id is None or sampled_at is None:
        return None, problems
    form = RegistrationForm(
        product_id=product_id, sampled_at=sampled_at, task_id=task_id, producer_id=producer_id,
        new_producer=new_producer, area_id=area_id, batch_size=row.text(BATCH), quantity=row.text(QUANTITY),
        sampler1=row.text(SAMPLER1), sampler2=row.text(SAMPLER2), seal_intact=bool(flags[SEAL]),
        backup_kept=bool(flags[BACKUP]), storage=row.text(STORAGE), compliance_cert=bool(flags[CERT]),
        compliance_cert_no=row.text(CERT_NO), notes=row.text(NOTES), lab_took_sample=bool(flags[LAB_TOOK]),
        client=client, description=row.text(DESCRIPTION),
    )
    try:
        form = check_form(form)
    except ValidationError as exc:
        problems.append(row.problem(exc.field if exc.field in HEADERS else PRODUCT, exc))
        return None, problems
    return form, problems
