"""Frozen data handed to the GUI and CLI. ORM objects never leave the services."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from lims.domain.enums import RoleCode

T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """Who acts, from which workstation: passed into every service call that changes data."""

    user_id: int | None
    username: str
    full_name: str
    roles: frozenset[RoleCode]
    workstation: str
    must_change_password: bool = False  # set after an administrator's reset

    def has(self, role: RoleCode) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    roles: frozenset[RoleCode]
    active: bool
    locked: bool
    failed_logins: int
    version: int


@dataclass(frozen=True)
class AuditRow:
    seq: int
    occurred_at: datetime  # aware, UTC
    actor: str
    workstation: str
    entity: str
    entity_id: str
    action: str
    changes: dict[str, list[object]]
    reason: str


@dataclass(frozen=True)
class AuditFilter:
    entity: str | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    ok: bool
    first_bad_seq: int | None
    message: str


@dataclass(frozen=True)
class SampleRow:
    id: int
    code: str
    status: str
    product: str
    producer: str
    area: str
    task: str
    sampled_at: datetime
    verdict: str | None


@dataclass(frozen=True)
class SampleFilter:
    status: str | None = None
    text: str | None = None  # sample code or producer name


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: tuple[T, ...]
    offset: int
    total: int
