"""Engine and session factory for the embedded SQLite file or a shared PostgreSQL server."""
from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from lims.domain.errors import DatabaseUnavailable, NotALimsDatabase

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CONNECT_TIMEOUT_S = 5


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
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN")


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
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    _check_pg_reachable(url)
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "application_name": "banner-lims"},
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
