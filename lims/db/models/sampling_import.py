"""Sampling-list imports under way: which file (by its SHA-256) and which of its rows are already
registered. A long list is registered in batches, each its own transaction, so other
workstations are never held for the whole file; an import cut off (a crash, a killed process)
is resumed by importing the same file again, and no row is registered twice."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, utcnow


class SamplingImport(Base):
    __tablename__ = "sampling_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    rows: Mapped[int] = mapped_column(Integer)  # rows to register (the good ones)
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class SamplingImportRow(Base):
    __tablename__ = "sampling_import_row"
    __table_args__ = (UniqueConstraint("import_id", "row_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("sampling_import.id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)  # as the spreadsheet numbers it
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id"))
