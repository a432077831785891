"""Lab-wide policy values (lockout threshold, lab name...). Lab data lives in the database so
every workstation applies the same rules; per-workstation preferences live in QSettings."""
from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Versioned


class LabPolicy(Versioned, Base):
    __tablename__ = "lab_policy"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
