"""A long sampling list registered from one workstation: another workstation logs in and registers
while it runs, and an import killed part-way is resumed without registering a row twice."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, func, select

from lims.db.engine import parse_url
from lims.db.models import Sample, SamplingImportRow
from lims.services.sampling_lists import IMPORT_BATCH_ROWS
from tests.cli.test_cli import lims
from tests.reliability.workbooks import good_row, sampling_list
from tests.services.conftest import DEMO_PASSWORD, WORKSTATION

ROWS = 500  # five batches: long enough to work beside, and to kill part-way


def _count(url: str, what) -> int:
    engine = create_engine(parse_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(what)).scalar_one()
    finally:
        engine.dispose()


def _start_import(url: str, path, home) -> subprocess.Popen:
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    env.pop("LIMS_DATABASE_URL", None)
    password = home / "password.txt"
    password.write_text(DEMO_PASSWORD + "\n", encoding="utf-8")
    with password.open("rb") as stdin:
        return subprocess.Popen([sys.executable, "-m", "lims", "samples", "import", str(path), "--db", url,
                                 "--as", "tech1", "--password-stdin"], stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for_rows(url: str, proc: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = _count(url, SamplingImportRow)
        if done >= at_least:
            return done
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.05)
    raise AssertionError("the import registered nothing in two minutes")


def test_another_workstation_works_while_a_long_list_is_registered(demo_db_url, lab, catalogue, tmp_path):
    path = sampling_list(tmp_path / "清单.xlsx", [good_row(抽样人1=f"抽样员{i}") for i in range(ROWS)])
    proc = _start_import(demo_db_url, path, tmp_path)
    try:
        _wait_for_rows(demo_db_url, proc, IMPORT_BATCH_ROWS)
        tech2 = lab.users.login("tech2", DEMO_PASSWORD, WORKSTATION)  # another workstation, meanwhile
        mine = lab.work.register(tech2, catalogue.form())
        still_importing = _count(demo_db_url, SamplingImportRow) < ROWS
    finally:
        out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert still_importing  # the log-in and registration did not wait for the whole list
    assert f"{ROWS} sample(s) registered" in out
    assert _count(demo_db_url, Sample) == ROWS + 1 and mine.code
    assert lims("audit", "verify", "--db", demo_db_url, home=tmp_path).returncode == 0


def test_an_import_killed_part_way_is_resumed_and_no_row_is_registered_twice(demo_db_url, tmp_path):
    path = sampling_list(tmp_path / "清单.xlsx", [good_row(抽样人1=f"抽样员{i}") for i in range(ROWS)])
    proc = _start_import(demo_db_url, path, tmp_path)
    _wait_for_rows(demo_db_url, proc, IMPORT_BATCH_ROWS)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    cut_at = _count(demo_db_url, Sample)
    assert 0 < cut_at < ROWS and cut_at % IMPORT_BATCH_ROWS == 0  # whole batches, nothing half-written

    again = lims("samples", "import", str(path), "--db", demo_db_url, "--as", "tech1", "--password-stdin",
                 stdin=DEMO_PASSWORD + "\n", home=tmp_path, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"cut off after {cut_at} row(s); those were not registered again" in again.stdout
    assert f"{ROWS} sample(s) registered" in again.stdout
    assert _count(demo_db_url, Sample) == ROWS
    assert lims("audit", "verify", "--db", demo_db_url, home=tmp_path).returncode == 0
    assert lims("check", "--db", demo_db_url, home=tmp_path).returncode == 0
