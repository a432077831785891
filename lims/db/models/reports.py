"""Reports with their revisions, and electronic signatures (who, when, meaning)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Versioned, utcnow
from lims.domain.enums import ReportStatus, SignatureMeaning


class Report(Versioned, Base):
    __tablename__ = "report"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(40), unique=True)  # taken at issue
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id"), index=True)
    status: Mapped[ReportStatus]
    issued_at: Mapped[datetime | None]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    void_reason: Mapped[str] = mapped_column(Text, default="")
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    scope_snapshot_json: Mapped[str] = mapped_column(Text, default="{}")


class Signature(Base):
    __tablename__ = "signature"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    meaning: Mapped[SignatureMeaning]
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
