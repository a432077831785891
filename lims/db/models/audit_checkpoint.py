"""Checkpoints of the audit chain: the last event a verification found intact, with its hash,
when and by whom. An incremental check starts from the newest one instead of event 1."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base


class AuditCheckpoint(Base):
    __tablename__ = "audit_checkpoint"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)  # the last event found intact
    hash: Mapped[str] = mapped_column(String(64))  # that event's hash as verified
    verified_at: Mapped[datetime]
    verified_by: Mapped[str] = mapped_column(String(200))  # "cli:root@ws-01"
    scope: Mapped[str] = mapped_column(String(16))  # "full" (from event 1) or "incremental"
