"""Schema state and upgrades. Alembic is the only way a schema is made outside tests."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError, OperationalError

from lims.db.engine import display_url, sqlite_path
from lims.domain.errors import DatabaseUnavailable, NotALimsDatabase, SchemaTooNew

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: an empty database
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_state(engine: Engine) -> SchemaState:
    """Read the revision without changing anything; refuse foreign and newer databases."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    where = display_url(engine.url)
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            tables = set(inspect(conn).get_table_names())
    except OperationalError as exc:
        raise DatabaseUnavailable("Cannot open the database {where}: {why}", where=where, why=_first_line(exc)) from exc
    except DBAPIError as exc:
        if sqlite_path(engine.url) is not None:
            raise NotALimsDatabase("{where} is not a LIMS database; it was left untouched", where=where) from exc
        raise DatabaseUnavailable("Cannot open the database {where}: {why}", where=where, why=_first_line(exc)) from exc
    if current is None and tables - {"alembic_version"}:
        raise NotALimsDatabase(
            "{where} holds tables of another application; it was left untouched", where=where
        )
    if current is not None:
        try:
            known = script.get_revision(current)
        except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown id
            known = None
        if known is None:
            raise SchemaTooNew(
                "The database {where} was written by a newer release of the LIMS "
                "(schema {schema}); install that release or newer to open it",
                where=where, schema=current,
            )
    if head is None:
        raise RuntimeError("the installed migrations hold no revision: the package is broken")
    return SchemaState(current=current, head=head)


def backup_sqlite(engine: Engine, label: str) -> Path | None:
    """Copy an SQLite file aside with the backup API (which includes the WAL's content)."""
    path = sqlite_path(engine.url)
    if path is None or not path.exists():
        return None
    stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")  # the workstation clock names the file
    target = path.with_name(f"{path.stem}.before-{label}-{stamp}{path.suffix or '.db'}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def ensure_schema(engine: Engine) -> Path | None:
    """Bring the database to the current schema; back an existing SQLite file up first.
    Returns the backup's path when one was made."""
    state = schema_state(engine)
    if state.up_to_date:
        return None
    backup = backup_sqlite(engine, state.current) if state.current else None
    upgrade(engine)
    return backup


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
