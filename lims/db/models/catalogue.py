"""What a lab tests: the product category tree, parameters, standards with editions, methods,
limits (product x parameter x limit-standard edition) and panels (检测项目套餐)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lims.db.base import Base, ExactDecimal, Retirable, Versioned
from lims.domain.enums import LimitKind, MethodKind, ParameterKind, StandardKind


class Product(Retirable, Versioned, Base):
    """A node of the food category tree; a limit set on a category applies to everything under it."""

    __tablename__ = "product"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    is_category: Mapped[bool] = mapped_column(Boolean, default=False)
    aliases: Mapped[str] = mapped_column(String(200), default="", server_default="")  # ";"-separated


class Parameter(Retirable, Versioned, Base):
    __tablename__ = "parameter"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(100), default="")
    aliases: Mapped[str] = mapped_column(String(200), default="")
    cas_no: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[ParameterKind]
    banned: Mapped[bool] = mapped_column(Boolean, default=False)


class Standard(Retirable, Versioned, Base):
    """Any document with an edition and in-force dates: a method, a limit table, a product spec."""

    __tablename__ = "standard"
    __table_args__ = (UniqueConstraint("number", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64))  # e.g. "GB 23200.113"
    year: Mapped[str] = mapped_column(String(8))  # e.g. "2018"; text, as some carry letters
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[StandardKind]
    in_force_from: Mapped[date | None]
    in_force_to: Mapped[date | None]
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("standard.id"))


class Method(Retirable, Versioned, Base):
    __tablename__ = "method"
    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"), index=True)
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"), index=True)
    kind: Mapped[MethodKind]
    technique: Mapped[str] = mapped_column(String(100), default="")  # GC-MS/MS, LC-MS/MS...
    lod: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 9))
    loq: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 9))
    unit: Mapped[str] = mapped_column(String(16))
    reporting_digits: Mapped[int] = mapped_column(Integer, default=2)

    standard: Mapped[Standard] = relationship(lazy="raise_on_sql", viewonly=True)


class Limit(Retirable, Versioned, Base):
    __tablename__ = "limit_value"
    __table_args__ = (UniqueConstraint("product_id", "parameter_id", "standard_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"), index=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"))
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 9))
    unit: Mapped[str] = mapped_column(String(16))
    kind: Mapped[LimitKind]
    source: Mapped[str] = mapped_column(Text)  # standard, edition and table the value came from
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Panel(Versioned, Base):
    __tablename__ = "panel"
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class PanelItem(Base):
    __tablename__ = "panel_item"
    __table_args__ = (UniqueConstraint("panel_id", "parameter_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"))
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"))
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"))
