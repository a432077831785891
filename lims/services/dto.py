"""Frozen data handed to the GUI and CLI. ORM objects never leave the services."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from lims.domain.enums import RoleCode
from lims.domain.errors import ValidationError

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
    subject: str = ""  # what the event is about by name ("NJ2026-000035 毒死蜱"), "" when the id says it
    named_changes: dict[str, list[object]] | None = None  # ``changes`` with other records' ids as names


@dataclass(frozen=True)
class AuditAnchor:
    """One audit event as kept outside the database: ``SEQ:HASH``."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @staticmethod
    def parse(text: str) -> AuditAnchor:
        seq, _, digest = text.strip().partition(":")
        digest = digest.strip().lower()
        if not seq.strip().isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValidationError(
                "An anchor is the event's number and its 64-character hash, as lims audit head prints it "
                "(SEQ:HASH), not {text}", field="anchor", text=text)
        return AuditAnchor(int(seq), digest)


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
    sampled_at: datetime  # UTC; naive from SQLite, aware from PostgreSQL
    verdict: str | None


@dataclass(frozen=True)
class SampleFilter:
    """What the sample list shows; every field left at None lets everything through.

    ``product_id`` and ``area_id`` name a node of their tree: a category or an area takes in
    everything under it. The sampling dates are calendar days in the lab's time zone, both
    inclusive."""

    status: str | None = None
    text: str | None = None  # the start of a sample code, or part of a producer's name
    task_id: int | None = None
    product_id: int | None = None
    area_id: int | None = None
    sampled_from: date | None = None
    sampled_to: date | None = None
    producer_id: int | None = None
    verdict: str | None = None


@dataclass(frozen=True)
class Choice:
    """One entry of a filter's list: what is stored and what a person reads."""

    id: int
    name: str


@dataclass(frozen=True)
class TreeChoice:
    """A node of a tree (product categories, areas) listed depth first: each node comes right
    before the nodes under it, ``depth`` 0 for a root."""

    id: int
    name: str
    parent_id: int | None
    depth: int
    is_group: bool  # a category or an area with places under it: choosing it takes them in


@dataclass(frozen=True)
class SampleListOptions:
    """The choices of the sample list's filters."""

    tasks: tuple[Choice, ...]
    products: tuple[TreeChoice, ...]
    areas: tuple[TreeChoice, ...]
    producers: tuple[Choice, ...]


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: tuple[T, ...]
    offset: int
    total: int
