"""A mistyped database name and a machine with no display: each gets one clear line, and
nothing is created or half-started."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli.test_cli import assert_one_clear_line, lims


@pytest.mark.parametrize("command", [
    ("audit", "verify"),
    ("samples", "export", "--out", "x.xlsx"),
    ("limits", "lookup", "--product", "韭菜", "--parameter", "毒死蜱"),
    ("user", "add", "--username", "admin", "--full-name", "王管理", "--password-stdin"),
])
def test_a_mistyped_database_file_is_refused_and_never_created(tmp_path, command):
    typo = tmp_path / "labb.db"
    proc = lims(*command, "--db", str(typo), stdin="kaoshi2026\n", home=tmp_path)
    assert_one_clear_line(proc, f"There is no database at {typo}", "lims init")
    assert not typo.exists() and not (tmp_path / "x.xlsx").exists()


def test_an_empty_postgresql_database_is_refused_until_lims_init(empty_db_url, backend, tmp_path):
    if backend != "postgresql":
        pytest.skip("an SQLite file that does not exist is the case above")
    proc = lims("audit", "verify", "--db", empty_db_url, home=tmp_path)
    assert_one_clear_line(proc, "holds no LIMS database yet", "lims init")
    assert lims("init", "--db", empty_db_url, home=tmp_path).returncode == 0
    assert lims("audit", "verify", "--db", empty_db_url, home=tmp_path).returncode == 0


def test_the_application_without_a_display_says_why_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"))
    proc = subprocess.run([sys.executable, "-m", "lims", "--demo"], capture_output=True, text=True, env=env,
                          timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert_one_clear_line(proc, "There is no display to open the window on", "xvfb-run")
    assert not (tmp_path / "data").exists()  # no demo database was made for a window that cannot open
