"""Certificates (CMA, CATL), their dated ability tables and rows, and expansion applications."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Versioned
from lims.domain.enums import CertificateKind, ExpansionStatus


class Certificate(Versioned, Base):
    __tablename__ = "certificate"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CertificateKind]
    number: Mapped[str] = mapped_column(String(40), unique=True)  # opaque: CMA numbers are 12 digits
    holder: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date]
    valid_until: Mapped[date]
    renewal_lead_days: Mapped[int] = mapped_column(Integer)


class AbilityTable(Versioned, Base):
    __tablename__ = "ability_table"
    __table_args__ = (UniqueConstraint("certificate_id", "version_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    approved_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")


class ScopeRow(Versioned, Base):
    __tablename__ = "scope_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    ability_table_id: Mapped[int] = mapped_column(
        ForeignKey("ability_table.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)  # 序号
    category: Mapped[str] = mapped_column(String(20))  # product / item / parameter
    number: Mapped[str] = mapped_column(String(20))  # hierarchical: 1.1, 1.2
    name: Mapped[str] = mapped_column(String(200))  # as printed, aliases and markers included
    method_text: Mapped[str] = mapped_column(String(300))  # 依据的标准（方法）名称及编号（含年号）
    standard_id: Mapped[int | None] = mapped_column(ForeignKey("standard.id"))
    limits_of_use: Mapped[str] = mapped_column(String(200), default="")  # 限制范围
    remark: Mapped[str] = mapped_column(String(200), default="")  # 说明
    site: Mapped[str] = mapped_column(String(200), default="")  # 所在实验场所


class Expansion(Versioned, Base):
    """An expansion (扩项) or change application against one certificate."""

    __tablename__ = "expansion"
    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[ExpansionStatus]
    applied_on: Mapped[date | None]
    decided_on: Mapped[date | None]
    resulting_table_id: Mapped[int | None] = mapped_column(ForeignKey("ability_table.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class ScopeAlias(Versioned, Base):
    """One spelling and the name it stands for, of a parameter, a product or an ability table's
    product section (lims.domain.scope.AliasKind). Seeded with the common ones; the lab edits them."""

    __tablename__ = "scope_alias"
    __table_args__ = (UniqueConstraint("kind", "alias", "canonical"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    alias: Mapped[str] = mapped_column(String(100))
    canonical: Mapped[str] = mapped_column(String(100))
