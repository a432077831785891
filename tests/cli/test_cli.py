"""The `lims` command as an IT person or a script uses it: clear one-line errors, exit codes."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from lims import __version__
from lims.db.engine import make_engine, parse_url
from tests.cli.runner import lims, lims_process

PW = "kaoshi2026"


def assert_one_clear_line(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_help_and_version():
    out = lims_process("--help")
    assert out.returncode == 0
    for command in ("init", "demo", "audit", "user", "--screenshot", "--db"):
        assert command in out.stdout
    assert lims_process("--version").stdout.strip() == f"lims {__version__}"


def test_init_creates_then_finds_nothing_to_do(empty_db_url):
    first = lims("init", "--db", empty_db_url)
    assert first.returncode == 0, first.stderr
    assert "created at schema" in first.stdout
    again = lims("init", "--db", empty_db_url)
    assert again.returncode == 0 and "nothing to do" in again.stdout


def test_user_add_makes_the_first_admin_then_needs_an_administrator(db_url):
    first = lims("user", "add", "--db", db_url, "--username", "admin", "--full-name", "王管理",
                 "--password-stdin", stdin=f"{PW}\n")
    assert first.returncode == 0, first.stderr
    assert "first administrator admin" in first.stdout
    refused = lims("user", "add", "--db", db_url, "--username", "tech1", "--full-name", "张检测",
                   "--role", "technician", "--password-stdin", stdin=f"{PW}\n")
    assert_one_clear_line(refused, "--as")
    wrong = lims("user", "add", "--db", db_url, "--username", "tech1", "--full-name", "张检测",
                 "--role", "technician", "--as", "admin", "--password-stdin", stdin=f"bad-guess-1\n{PW}\n")
    assert_one_clear_line(wrong, "Wrong user name or password")
    ok = lims("user", "add", "--db", db_url, "--username", "tech1", "--full-name", "张检测",
              "--role", "technician", "--role", "reviewer", "--as", "admin", "--password-stdin",
              stdin=f"{PW}\n{PW}\n")
    assert ok.returncode == 0, ok.stderr
    assert "created tech1 (reviewer, technician)" in ok.stdout
    weak = lims("user", "add", "--db", db_url, "--username", "tech2", "--full-name", "刘检测",
                "--role", "technician", "--as", "admin", "--password-stdin", stdin=f"{PW}\nshort\n")
    assert_one_clear_line(weak, "at least 8 characters")


def test_audit_verify_exits_zero_when_intact_and_names_the_tampered_event(db_url):
    lims("user", "add", "--db", db_url, "--username", "admin", "--full-name", "王管理",
         "--password-stdin", stdin=f"{PW}\n")
    intact = lims("audit", "verify", "--db", db_url)
    assert intact.returncode == 0, intact.stderr
    assert "1 audit events verified, chain intact" in intact.stdout
    engine = make_engine(parse_url(db_url))
    with engine.begin() as c:
        c.execute(text("UPDATE audit_event SET reason = 'nothing happened' WHERE seq = 1"))
    engine.dispose()
    broken = lims("audit", "verify", "--db", db_url)
    assert broken.returncode == 1
    assert "audit event 1 was altered" in broken.stdout


def test_audit_verify_incremental_starts_at_the_last_verification_and_names_a_later_tampered_event(db_url):
    lims("user", "add", "--db", db_url, "--username", "admin", "--full-name", "王管理",
         "--password-stdin", stdin=f"{PW}\n")
    full = lims("audit", "verify", "--db", db_url)
    assert full.returncode == 0 and "1 audit events verified" in full.stdout
    lims("user", "add", "--db", db_url, "--username", "tech1", "--full-name", "张检测", "--role", "technician",
         "--as", "admin", "--password-stdin", stdin=f"{PW}\n{PW}\n")
    since = lims("audit", "verify", "--db", db_url, "--incremental")
    assert since.returncode == 0, since.stderr
    assert "checkpoint at event 1" in since.stdout and "chain intact" in since.stdout
    engine = make_engine(parse_url(db_url))
    with engine.begin() as c:
        last = c.scalar(text("SELECT MAX(seq) FROM audit_event"))
        c.execute(text("UPDATE audit_event SET reason = 'nothing happened' WHERE seq = :s"), {"s": last})
    engine.dispose()
    broken = lims("audit", "verify", "--db", db_url, "--incremental")
    assert broken.returncode == 1
    assert f"audit event {last} was altered" in broken.stdout


def test_the_version_and_usage_answer_before_the_database_libraries_load():
    probe = ("import sys\n"
             "from lims.app import main\n"
             "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('sqlalchemy', 'alembic', 'PySide6') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines() == [f"lims {__version__}", "[]"], proc.stderr


def test_an_unexpected_error_is_one_line_naming_the_log_and_exits_70(tmp_path):
    """The last guard, in a process of its own: lims/__main__.py run as `python -m lims` runs it,
    with a command that fails in a way nobody foresaw; the traceback goes to the log only."""
    probe = ("import runpy, sys\n"
             "import lims.cli\n"
             "def broken(args):\n    raise RuntimeError('the disk is on fire')\n"
             "lims.cli.run = broken\n"
             "sys.argv[1:] = ['audit', 'verify', '--db', 'lab.db']\n"
             "runpy.run_module('lims', run_name='__main__', alter_sys=True)\n")
    env = dict(os.environ, HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"))
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env)
    log = tmp_path / "state" / "banner-lims" / "log" / "lims.log"
    assert proc.returncode == 70
    assert proc.stderr.splitlines() == [f"lims: unexpected error (RuntimeError); details in {log}"]
    assert "Traceback" in log.read_text(encoding="utf-8") and "the disk is on fire" in log.read_text(encoding="utf-8")


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    thesis = tmp_path / "report.docx"
    thesis.write_bytes(b"PK\x03\x04" + os.urandom(2048))
    digest = hashlib.sha256(thesis.read_bytes()).hexdigest()
    for args in (["init"], ["audit", "verify"]):
        proc = lims(*args, "--db", str(thesis), home=tmp_path)
        assert_one_clear_line(proc, "not a LIMS database", str(thesis))
    assert hashlib.sha256(thesis.read_bytes()).hexdigest() == digest


def test_a_database_from_a_newer_release_is_refused(db_url):
    engine = make_engine(parse_url(db_url))
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    proc = lims("audit", "verify", "--db", db_url)
    assert_one_clear_line(proc, "newer release")


def test_an_unreachable_postgresql_server_is_one_line(tmp_path):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = lims("init", "--db", f"postgresql+psycopg://lims:secret@127.0.0.1:{port}/lims", home=tmp_path, timeout=30)
    assert_one_clear_line(proc, "Cannot reach the PostgreSQL server", str(port))
    assert "secret" not in proc.stderr


@pytest.mark.parametrize("bad", [["demo", "--samples", "many"], ["frobnicate"]])
def test_usage_errors_exit_2_without_a_traceback(bad):
    proc = lims_process(*bad)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "usage:" in proc.stderr
