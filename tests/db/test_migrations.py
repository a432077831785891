"""Alembic is the only way a schema is made; the app refuses databases it must not touch."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import lims.db.models  # noqa: F401
from lims.db.base import Base
from lims.db.engine import make_engine, parse_url
from lims.db.migrate import backup_sqlite, downgrade, ensure_schema, head_revision, schema_state, upgrade
from lims.domain.errors import NotALimsDatabase, SchemaTooNew


def _tables(engine) -> set[str]:
    with engine.connect() as c:
        return set(inspect(c).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_round_trip(empty_db_url):
    engine = make_engine(parse_url(empty_db_url))
    upgrade(engine)
    assert {"sample", "result", "audit_event", "scope_row", "user_account"} <= _tables(engine)
    downgrade(engine, "base")
    assert _tables(engine) == set()
    upgrade(engine)
    assert schema_state(engine).up_to_date
    with engine.connect() as c:
        roles = set(c.scalars(text("SELECT code FROM role")))
        head = c.execute(text("SELECT last_seq, last_hash FROM audit_head")).one()
    assert roles == {"technician", "reviewer", "signatory", "manager", "admin"}
    assert tuple(head) == (0, "0" * 64)
    engine.dispose()


def test_models_and_migrations_agree(engine):
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata)
    assert diff == [], f"models differ from the migrations: {diff}"


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path):
    notes = tmp_path / "notes.db"
    notes.write_text("采样记录，不是数据库\n" * 50, encoding="utf-8")
    before = hashlib.sha256(notes.read_bytes()).hexdigest()
    with pytest.raises(NotALimsDatabase, match="not a LIMS database"):
        make_engine(parse_url(str(notes)))
    assert hashlib.sha256(notes.read_bytes()).hexdigest() == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_another_applications_sqlite_database_is_refused_untouched(tmp_path: Path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(NotALimsDatabase, match="another application"):
        ensure_schema(make_engine(parse_url(str(other))))
    assert other.read_bytes() == before


def test_a_database_from_a_newer_release_is_refused(engine):
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNew, match="newer release"):
        ensure_schema(engine)
    with engine.connect() as c:
        assert c.scalar(text("SELECT version_num FROM alembic_version")) == "9999_future"


def test_an_empty_database_is_created_at_the_current_schema(empty_db_url):
    engine = make_engine(parse_url(empty_db_url))
    assert schema_state(engine).current is None
    assert ensure_schema(engine) is None  # nothing to back up
    assert schema_state(engine).current == head_revision()
    engine.dispose()


def test_sqlite_backup_holds_rows_still_in_the_write_ahead_log(tmp_path: Path):
    path = tmp_path / "lab.db"
    engine = make_engine(parse_url(str(path)))
    upgrade(engine)
    with engine.begin() as c:
        c.execute(text("INSERT INTO lab_policy (key, value, version) VALUES ('lab.name', '演示检测站', 1)"))
    copy = backup_sqlite(engine, "test")
    engine.dispose()
    assert copy is not None and copy.exists() and copy != path
    con = sqlite3.connect(copy)
    assert con.execute("SELECT value FROM lab_policy WHERE key='lab.name'").fetchone() == ("演示检测站",)
    con.close()


def test_log_in_counters_move_to_their_own_table_and_back_with_roles_kept(empty_db_url):
    engine = make_engine(parse_url(empty_db_url))
    upgrade(engine, "0003")
    with engine.begin() as c:
        c.execute(text(
            "INSERT INTO user_account (id, username, full_name, password_hash, active, failed_logins, locked,"
            " must_change_password, created_at, last_login_at, version) VALUES"
            " (1, 'admin', '王管理', 'x', :t, 0, :f, :f, '2026-03-01 08:00:00', '2026-03-02 08:00:00', 4),"
            " (2, 'tech1', '张检测', 'x', :t, 5, :t, :f, '2026-03-01 08:00:00', NULL, 7)"
        ), {"t": True, "f": False})
        c.execute(text("INSERT INTO user_role (user_id, role_id) SELECT 2, id FROM role WHERE code = 'technician'"))
    upgrade(engine)
    with engine.connect() as c:
        state = c.execute(text(
            "SELECT user_id, failed_logins, locked, last_login_at IS NOT NULL FROM login_state ORDER BY user_id"
        )).all()
        versions = c.execute(text("SELECT id, version FROM user_account ORDER BY id")).all()
        roles = c.scalar(text("SELECT count(*) FROM user_role WHERE user_id = 2"))
    assert [tuple(r) for r in state] == [(1, 0, False, True), (2, 5, True, False)]
    assert [tuple(v) for v in versions] == [(1, 4), (2, 7)] and roles == 1
    downgrade(engine, "0003")
    with engine.connect() as c:
        back = c.execute(text(
            "SELECT id, failed_logins, locked, last_login_at IS NOT NULL FROM user_account ORDER BY id"
        )).all()
        roles = c.scalar(text("SELECT count(*) FROM user_role WHERE user_id = 2"))
    assert [tuple(r) for r in back] == [(1, 0, False, True), (2, 5, True, False)] and roles == 1
    engine.dispose()
