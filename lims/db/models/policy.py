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


class ReferenceStamp(Base):
    """One row whose token changes, by database trigger, with every change to the reference
    data the services cache across sessions (catalogue, limits, policy, certificates and their
    scope, people's names): reading it tells a workstation whether what it holds is still what the database
    holds, whoever changed it and however (a service, an import, raw SQL). The token is random,
    so a change rolled back never brings an old token back. See ``lims.services.snapshots``."""

    __tablename__ = "reference_stamp"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


# The tables whose every change moves the reference stamp (migrations 0010 and 0015 put the triggers on them).
STAMPED_TABLES = ("product", "parameter", "standard", "method", "limit_value", "panel", "panel_item",
                  "lab_policy", "certificate", "ability_table", "scope_row", "scope_alias", "user_account",
                  "role", "user_role", "authorization")
