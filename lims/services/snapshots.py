"""Reference data kept across sessions, and the one row that says whether it still holds.

Entering a result reads the product tree, the parameter's limits, the method, the lab policy
and the scope; reading them again for every action cost most of the action's time. They change
rarely, and every change to their tables moves the token of ``reference_stamp`` (database
triggers, migration 0010), whoever made it and however. So a workstation keeps what it built,
per database, in a ``Shared`` store labelled with the token it was built under, and each
session reads the token once (one one-row query) to know whether the store is still good.

A part is published to the store only when the token read again after building it is the
token the store is labelled with: on PostgreSQL (read committed) a part built while another
workstation committed a change, or built inside a session that changed the reference data
itself, is kept for that session alone. The token is random, so a rolled-back change never
brings back a token whose store holds its data.

A session that writes to a stamped table (seen at flush, or in an ORM insert, update or delete
statement), or calls ``forget``, reads every part afresh for itself from then on and publishes
nothing: what it reads includes its own changes, which may yet be rolled back."""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from itertools import chain
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from lims.db.models import ReferenceStamp
from lims.db.models.policy import STAMPED_TABLES

T = TypeVar("T")

_TOKEN_KEY = "lims.reference_token"
_LOCAL_KEY = "lims.reference_local"
_WROTE_KEY = "lims.reference_written"


class Shared:
    """The parts built under one token of one database."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.parts: dict[str, Any] = {}


_stores: weakref.WeakKeyDictionary[Engine, Shared] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _engine(s: Session) -> Engine:
    bind = s.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def read_token(s: Session) -> str:
    """The token as the database holds it now (for this session's transaction)."""
    return s.scalar(_TOKEN) or ""


_TOKEN = select(ReferenceStamp.token).where(ReferenceStamp.id == 1)


def store(s: Session) -> Shared:
    """The store for the token this session sees; the token is read once per session."""
    token = s.info.get(_TOKEN_KEY)
    if token is None:
        token = s.info[_TOKEN_KEY] = read_token(s)
    engine = _engine(s)
    with _lock:
        held = _stores.get(engine)
        if held is None or held.token != token:
            held = _stores[engine] = Shared(token)
    return held


def part(s: Session, name: str, build: Callable[[], T]) -> T:
    """The part ``name`` as this session's token has it, built by ``build`` when no session
    has published it yet."""
    local: dict[str, Any] = s.info.setdefault(_LOCAL_KEY, {})
    if name in local:
        return cast(T, local[name])
    if s.info.get(_WROTE_KEY):
        value = local[name] = build()
        return value
    shared = store(s)
    found = shared.parts.get(name, _MISSING)
    if found is not _MISSING:
        return cast(T, found)
    value = build()
    if read_token(s) == shared.token and not s.info.get(_WROTE_KEY):
        shared.parts[name] = value
    else:
        local[name] = value
    return value


def forget(s: Session) -> None:
    """This session changed reference data: from now on it reads every part afresh, for itself."""
    s.info[_WROTE_KEY] = True
    s.info.pop(_LOCAL_KEY, None)


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: object) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        if getattr(obj, "__tablename__", None) in STAMPED_TABLES:
            forget(session)
            return


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in STAMPED_TABLES:
            forget(state.session)


_MISSING = object()


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the next transaction of this session reads the token again
        for key in (_TOKEN_KEY, _LOCAL_KEY, _WROTE_KEY):
            session.info.pop(key, None)
