"""Users, roles and authorisations (who may test, who may sign, per parameter and method)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lims.db.base import Base, Versioned, utcnow
from lims.domain.enums import RoleCode

user_roles = Table(
    "user_role",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


class Role(Base):
    __tablename__ = "role"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[RoleCode] = mapped_column(unique=True)


class User(Versioned, Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    roles: Mapped[list[Role]] = relationship(secondary=user_roles, lazy="selectin")


class Authorization(Versioned, Base):
    """A person's authorisation for a parameter (and optionally one method): to test, to sign."""

    __tablename__ = "authorization"
    __table_args__ = (UniqueConstraint("user_id", "parameter_id", "method_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"))
    method_id: Mapped[int | None] = mapped_column(ForeignKey("method.id"))
    may_test: Mapped[bool] = mapped_column(Boolean, default=True)
    may_sign: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
