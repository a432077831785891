"""Read-only lists behind the Scope, Instruments and Reports pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import (
    AbilityTable,
    CalibrationRecord,
    Certificate,
    Instrument,
    Report,
    Sample,
    ScopeRow,
)


@dataclass(frozen=True)
class CertificateRow:
    id: int
    kind: str
    number: str
    holder: str
    issued_on: date
    valid_until: date
    renewal_lead_days: int
    table_version: int | None
    table_approved_on: date | None
    rows: int


@dataclass(frozen=True)
class ScopeRowView:
    seq: int
    category: str
    number: str
    name: str
    method_text: str
    limits_of_use: str
    remark: str


@dataclass(frozen=True)
class InstrumentRow:
    id: int
    name: str
    model: str
    serial_no: str
    adapter: str
    port: str
    calibration_valid_until: date | None


@dataclass(frozen=True)
class ReportRow:
    id: int
    number: str | None
    sample_code: str
    status: str
    issued_at: datetime | None


class OverviewService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def certificates(self) -> list[CertificateRow]:
        with self._sessions() as s:
            out = []
            for c in s.scalars(select(Certificate).order_by(Certificate.kind)):
                table = s.scalars(
                    select(AbilityTable)
                    .where(AbilityTable.certificate_id == c.id)
                    .order_by(AbilityTable.version_no.desc())
                    .limit(1)
                ).first()
                rows = 0
                if table is not None:
                    rows = s.scalar(
                        select(func.count(ScopeRow.id)).where(ScopeRow.ability_table_id == table.id)
                    ) or 0
                out.append(CertificateRow(
                    c.id, c.kind, c.number, c.holder, c.issued_on, c.valid_until, c.renewal_lead_days,
                    table.version_no if table else None, table.approved_on if table else None, rows,
                ))
            return out

    def scope_rows(self, certificate_id: int) -> list[ScopeRowView]:
        """The rows of the certificate's newest ability table."""
        with self._sessions() as s:
            table_id = s.scalar(
                select(AbilityTable.id)
                .where(AbilityTable.certificate_id == certificate_id)
                .order_by(AbilityTable.version_no.desc())
                .limit(1)
            )
            if table_id is None:
                return []
            return [
                ScopeRowView(r.seq, r.category, r.number, r.name, r.method_text, r.limits_of_use, r.remark)
                for r in s.scalars(
                    select(ScopeRow).where(ScopeRow.ability_table_id == table_id).order_by(ScopeRow.seq)
                )
            ]

    def instruments(self) -> list[InstrumentRow]:
        with self._sessions() as s:
            last_cal = (
                select(CalibrationRecord.instrument_id, func.max(CalibrationRecord.valid_until).label("until"))
                .group_by(CalibrationRecord.instrument_id)
                .subquery()
            )
            q = (
                select(Instrument, last_cal.c.until)
                .outerjoin(last_cal, last_cal.c.instrument_id == Instrument.id)
                .order_by(Instrument.name)
            )
            return [
                InstrumentRow(i.id, i.name, i.model, i.serial_no, i.adapter, i.port, until)
                for i, until in s.execute(q)
            ]

    def reports(self, limit: int = 500) -> list[ReportRow]:
        with self._sessions() as s:
            q = (
                select(Report.id, Report.number, Sample.code, Report.status, Report.issued_at)
                .join(Sample, Sample.id == Report.sample_id)
                .order_by(Report.id.desc())
                .limit(limit)
            )
            return [ReportRow(*r) for r in s.execute(q)]
