"""Certificates (CMA, CATL), their dated ability tables and rows, the alias table, expansion
applications, and the parameters supervision requires per product."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Versioned, utcnow
from lims.domain.enums import CertificateKind, ExpansionStatus, ExpansionTarget


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
    """An expansion (扩项) application: parameters and methods requested for one certificate or
    for both assessed jointly; its steps, evidence files, and on approval the ability-table
    versions it made (``ExpansionCertificate.resulting_table_id``)."""

    __tablename__ = "expansion"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    target: Mapped[ExpansionTarget]
    status: Mapped[ExpansionStatus]  # the last step recorded
    applied_on: Mapped[date | None]  # the day it was submitted
    decided_on: Mapped[date | None]  # the day it was approved or rejected
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExpansionCertificate(Base):
    """A certificate an application expands (one, or the CMA and the CATL of a joint one) and the
    table version its approval made."""

    __tablename__ = "expansion_certificate"
    __table_args__ = (UniqueConstraint("expansion_id", "certificate_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    expansion_id: Mapped[int] = mapped_column(ForeignKey("expansion.id", ondelete="CASCADE"), index=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"))
    resulting_table_id: Mapped[int | None] = mapped_column(ForeignKey("ability_table.id"))


class ExpansionItem(Base):
    """A requested row: the product section, the parameter and the method as the table will print them."""

    __tablename__ = "expansion_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    expansion_id: Mapped[int] = mapped_column(ForeignKey("expansion.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(200))
    parameter: Mapped[str] = mapped_column(String(200))
    method_text: Mapped[str] = mapped_column(String(300))
    limits_of_use: Mapped[str] = mapped_column(String(200), default="")


class ExpansionStep(Base):
    """One step done, with its day and the person responsible. Steps are only added."""

    __tablename__ = "expansion_step"
    id: Mapped[int] = mapped_column(primary_key=True)
    expansion_id: Mapped[int] = mapped_column(ForeignKey("expansion.id", ondelete="CASCADE"), index=True)
    step: Mapped[ExpansionStatus]
    done_on: Mapped[date]
    responsible: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExpansionEvidence(Base):
    """An evidence file (a verification report, a proficiency-test result, the assessment's
    letter) kept in the database as it was attached, with its SHA-256."""

    __tablename__ = "expansion_evidence"
    __table_args__ = (UniqueConstraint("expansion_id", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    expansion_id: Mapped[int] = mapped_column(ForeignKey("expansion.id", ondelete="CASCADE"), index=True)
    step: Mapped[ExpansionStatus | None]  # the step it supports, when it supports one
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    note: Mapped[str] = mapped_column(Text, default="")
    attached_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    attached_at: Mapped[datetime] = mapped_column(default=utcnow)


class RequiredParameter(Versioned, Base):
    """A parameter supervision requires for a product (the lab's monitoring plan): the scope
    audit's coverage compares these with what the scope covers."""

    __tablename__ = "required_parameter"
    __table_args__ = (UniqueConstraint("product_id", "parameter_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"))
    source: Mapped[str] = mapped_column(String(200), default="")  # the plan that requires it


class ScopeAlias(Versioned, Base):
    """One spelling and the name it stands for, of a parameter, a product or an ability table's
    product section (lims.domain.scope.AliasKind). Seeded with the common ones; the lab edits them."""

    __tablename__ = "scope_alias"
    __table_args__ = (UniqueConstraint("kind", "alias", "canonical"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    alias: Mapped[str] = mapped_column(String(100))
    canonical: Mapped[str] = mapped_column(String(100))
