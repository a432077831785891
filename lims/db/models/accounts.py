"""Users, roles and authorisations (who may test, who may sign, per parameter and method)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.ext.associationproxy import association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lims.db.base import Base, Retirable, Versioned, utcnow
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
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    roles: Mapped[list[Role]] = relationship(secondary=user_roles, lazy="selectin")
    login_state: Mapped[LoginState] = relationship(
        lazy="selectin", cascade="all, delete-orphan", back_populates="user"
    )
    # read (and set when the row is made) through the user; counted by UPDATEs on login_state
    failed_logins = association_proxy(
        "login_state", "failed_logins", creator=lambda n: LoginState(failed_logins=n)
    )
    locked = association_proxy("login_state", "locked", creator=lambda v: LoginState(locked=v))

    def __init__(self, **fields: object) -> None:
        super().__init__(**{"login_state": LoginState(), **fields})


class LoginState(Base):
    """A person's log-in counters, apart from the user row: a log-in or a wrong password does
    not move the user's version, so an administrator's edit opened before it still saves.
    Not versioned: services change the counters with single UPDATEs, which queue."""

    __tablename__ = "login_state"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None]
    user: Mapped[User] = relationship(back_populates="login_state")


class Authorization(Retirable, Versioned, Base):
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
