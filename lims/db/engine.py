"""Engine and session factory for the embedded SQLite file or a shared PostgreSQL server."""
from __future__ import annotations

import socket
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from lims.domain.errors import (
    ConcurrentEditError,
    DatabaseDamaged,
    DatabaseUnavailable,
    NotALimsDatabase,
    WorkstationBusy,
)

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CONNECT_TIMEOUT_S = 5
# How long a write waits for another workstation's write before it is refused as busy: SQLite's
# busy timeout, PostgreSQL's lock_timeout. Long enough for any one action of a person; an import
# writes in batches (lims.services.sampling_lists), so nobody waits on a whole file.
LOCK_WAIT_MS = 5000
# set on the connection of a transaction opened with Session.begin(): on SQLite it begins
# IMMEDIATE, taking the write lock at once (waiting up to the busy timeout) instead of failing
# with "database is locked" when a read turns into a write while another workstation writes
WRITE_TRANSACTION = "lims_write_transaction"
# PostgreSQL's codes for a lock not had in time, a serialisation failure and a deadlock
PG_BUSY_STATES = frozenset({"55P03", "40001", "40P01"})
SQLITE_BUSY_NAMES = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_LOCKED_SHAREDCACHE"})


def parse_url(text: str) -> URL:
    """A database URL, or a plain file path meaning an SQLite file."""
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise DatabaseUnavailable("Not a database URL: {url}", url=text) from exc
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUnavailable(
            "Unsupported database '{backend}': use an SQLite file or postgresql+psycopg://",
            backend=url.get_backend_name(),
        )
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        url = url.set(drivername="postgresql+psycopg")
    return url


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def display_url(url: URL) -> str:
    """The URL as shown to people: never with the password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return url.render_as_string(hide_password=True)


def check_sqlite_file(path: Path) -> None:
    """Refuse, without writing to it, a file that is not a LIMS database.

    Runs before the engine's first connection, which switches the file to WAL mode and so
    would already change another application's database."""
    if path.is_dir():
        raise NotALimsDatabase("{path} is a folder, not a database file", path=str(path))
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotALimsDatabase(
            "{path} is not a LIMS database (not an SQLite file); it was left untouched", path=str(path)
        )
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotALimsDatabase(
            "{path} is not a LIMS database ({why}); it was left untouched", path=str(path), why=str(exc)
        ) from exc
    if tables and "alembic_version" not in tables:
        raise NotALimsDatabase(
            "{path} holds tables of another application; it was left untouched", path=str(path)
        )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the driver, decide where transactions begin (pysqlite recipe).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
    cur.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_TRANSACTION) else "BEGIN")


def is_busy(exc: BaseException) -> bool:
    """Whether a driver error means another workstation held the database too long."""
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in PG_BUSY_STATES
    if isinstance(exc, sqlite3.OperationalError):
        name = getattr(exc, "sqlite_errorname", "")
        return name in SQLITE_BUSY_NAMES or "database is locked" in str(exc) or "database table is locked" in str(exc)
    return False


def is_damaged(exc: BaseException) -> bool:
    """Whether a driver error means the SQLite file itself is damaged."""
    name = getattr(exc, "sqlite_errorname", "")
    return isinstance(exc, sqlite3.DatabaseError) and (
        name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in str(exc) or "not a database" in str(exc))


def _driver_error(context: ExceptionContext) -> None:
    if is_damaged(context.original_exception):
        raise DatabaseDamaged(
            "The database file is damaged ({why}): nothing was changed; run lims check and restore the last backup",
            why=str(context.original_exception),
        ) from context.original_exception
    if is_busy(context.original_exception):
        raise WorkstationBusy(
            "Another workstation was saving at the same moment; nothing was changed: try again"
        ) from context.original_exception


class LimsSession(Session):
    """The application's session: a transaction opened with ``begin()`` is a write (IMMEDIATE
    on SQLite), and a row that another workstation changed between read and write is refused
    with a message, whichever service flushed it."""

    def begin(self, nested: bool = False) -> Any:
        transaction = super().begin(nested)
        if not nested and self.get_bind().dialect.name == "sqlite":
            self.connection(execution_options={WRITE_TRANSACTION: True})
        return transaction

    def flush(self, objects: Any = None) -> None:
        try:
            super().flush(objects)
        except StaleDataError as exc:
            raise ConcurrentEditError(
                "A record was changed on another workstation at the same moment; reload and try again"
            ) from exc


def _check_pg_reachable(url: URL) -> None:
    """Fail fast with a plain message when nothing listens at the server's address."""
    host = url.host or "localhost"
    port = url.port or 5432
    if host.startswith("/"):
        return
    try:
        with socket.create_connection((host, port), timeout=PG_CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        raise DatabaseUnavailable(
            "Cannot reach the PostgreSQL server at {host}:{port} ({why})",
            host=host, port=port, why=exc.strerror or str(exc),
        ) from exc


def make_engine(url: URL) -> Engine:
    path = sqlite_path(url)
    if url.get_backend_name() == "sqlite":
        if path is not None:
            check_sqlite_file(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": LOCK_WAIT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        _check_pg_reachable(url)
        engine = create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "application_name": "banner-lims",
                          "options": f"-c lock_timeout={LOCK_WAIT_MS}"},
        )
    event.listen(engine, "handle_error", _driver_error)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=LimsSession, expire_on_commit=False)
