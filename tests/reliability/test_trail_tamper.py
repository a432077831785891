"""Someone with the database's password edits it behind the application's back: wipes the trail,
cuts it back and re-hashes it, changes a result, a limit or a sample, or the file is damaged.
`lims audit verify` and `lims check` find each and name it."""
from __future__ import annotations

import json
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text

from lims.db.engine import make_engine, parse_url
from lims.domain.audit_chain import GENESIS_HASH
from lims.services.container import build_services
from tests.cli.test_cli import lims
from tests.conftest import SQLITE_ONLY

_built: dict[str, str] = {}  # backend -> a demo lab with six samples, built once per worker


@pytest.fixture
def lab_url(backend, db_url, tmp_path, pg_server):
    """A demo lab with six samples (what `lims demo --samples 6` makes), built once and copied
    for each test: every test here edits its database behind the application's back."""
    if backend not in _built:
        engine = make_engine(parse_url(db_url))
        try:
            build_services(engine).demo.build(samples=6)
        finally:
            engine.dispose()
        if backend == "sqlite":
            kept = tmp_path.parent / f"six-samples-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(db_url, kept)
            _built[backend] = str(kept)
        else:
            _built[backend] = db_url
            return pg_server.copy_of(db_url)
        return db_url
    if backend == "sqlite":
        target = tmp_path / "lab.db"
        shutil.copyfile(_built[backend], target)
        return str(target)
    return pg_server.copy_of(_built[backend])


def _sql(url: str, *statements: str) -> None:
    engine = create_engine(parse_url(url))
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def _scalar(url: str, query: str):
    engine = create_engine(parse_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text(query)).scalar()
    finally:
        engine.dispose()


def test_a_clean_lab_passes_every_check(lab_url, tmp_path):
    checked = lims("check", "--db", lab_url, home=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "audit chain:" in checked.stdout and "chain intact" in checked.stdout
    assert "results, samples and limits: each as its audit trail says" in checked.stdout
    assert checked.stdout.rstrip().endswith("everything checked is in order")


def test_an_emptied_trail_with_its_head_reset_is_reported(lab_url, tmp_path):
    _sql(lab_url, "DELETE FROM audit_checkpoint", "DELETE FROM audit_event",
         f"UPDATE audit_head SET last_seq = 0, last_hash = '{GENESIS_HASH}'")
    verify = lims("audit", "verify", "--db", lab_url, home=tmp_path)
    assert verify.returncode == 1
    assert "the audit trail is empty but the database holds 6 user account(s) and 6 sample(s)" in verify.stdout
    assert "the trail was wiped" in verify.stdout
    assert lims("check", "--db", lab_url, home=tmp_path).returncode == 1


@SQLITE_ONLY  # the chain is read the same on both; the services' audit tests cover PostgreSQL
def test_a_trail_cut_back_and_rehashed_consistently_is_caught_by_an_anchor_kept_elsewhere(lab_url, tmp_path):
    head = lims("audit", "head", "--db", lab_url, "--json", home=tmp_path)
    kept = json.loads(head.stdout)
    assert kept["seq"] > 20 and len(kept["hash"]) == 64
    anchor = f"{kept['seq']}:{kept['hash']}"
    assert lims("audit", "head", "--db", lab_url, home=tmp_path).stdout.strip() == anchor
    assert lims("audit", "verify", "--db", lab_url, "--anchor", anchor, home=tmp_path).returncode == 0

    # the last ten events go, with the checks that saw them; the head is set to the new last event
    cut = kept["seq"] - 10
    new_tip = _scalar(lab_url, f"SELECT hash FROM audit_event WHERE seq = {cut}")
    _sql(lab_url, "DELETE FROM audit_checkpoint", f"DELETE FROM audit_event WHERE seq > {cut}",
         f"UPDATE audit_head SET last_seq = {cut}, last_hash = '{new_tip}'")
    alone = lims("audit", "verify", "--db", lab_url, home=tmp_path)
    assert alone.returncode == 0  # consistent in itself: only something kept outside can tell
    caught = lims("audit", "verify", "--db", lab_url, "--anchor", anchor, home=tmp_path)
    assert caught.returncode == 1
    assert f"the chain no longer holds the anchor {anchor}: the chain ends at event {cut}" in caught.stdout
    checked = lims("check", "--db", lab_url, "--anchor", anchor, home=tmp_path)
    assert checked.returncode == 1 and "no longer holds the anchor" in checked.stdout


@SQLITE_ONLY  # the chain is read the same on both; the services' audit tests cover PostgreSQL
def test_a_check_that_saw_later_events_catches_a_trail_cut_back_without_an_anchor(lab_url, tmp_path):
    assert lims("audit", "verify", "--db", lab_url, home=tmp_path).returncode == 0  # leaves a checkpoint
    last = _scalar(lab_url, "SELECT last_seq FROM audit_head")
    tip = _scalar(lab_url, f"SELECT hash FROM audit_event WHERE seq = {last - 3}")
    _sql(lab_url, f"DELETE FROM audit_event WHERE seq > {last - 3}",
         f"UPDATE audit_head SET last_seq = {last - 3}, last_hash = '{tip}'")
    caught = lims("audit", "verify", "--db", lab_url, home=tmp_path)
    assert caught.returncode == 1
    assert f"verified event {last}, but the trail now ends at event {last - 3}" in caught.stdout


def test_records_changed_outside_the_application_are_named(lab_url, tmp_path):
    result_id = _scalar(lab_url, "SELECT min(id) FROM result WHERE value_text <> 'ND'")
    value = _scalar(lab_url, f"SELECT value_text FROM result WHERE id = {result_id}")
    sample_id = _scalar(lab_url, "SELECT min(id) FROM sample")
    status = _scalar(lab_url, f"SELECT status FROM sample WHERE id = {sample_id}")
    limit_id = _scalar(lab_url, "SELECT min(id) FROM limit_value WHERE value IS NOT NULL")
    _sql(lab_url, f"UPDATE result SET value_text = '0.001' WHERE id = {result_id}",
         f"UPDATE sample SET status = 'approved' WHERE id = {sample_id}",
         f"UPDATE limit_value SET value = 99 WHERE id = {limit_id}")
    checked = lims("check", "--db", lab_url, home=tmp_path)
    assert checked.returncode == 1
    assert (f"result {result_id}: value is '0.001' but the audit trail says it became '{value}': "
            "it was changed outside the application") in checked.stdout
    if status != "approved":
        assert f"sample {sample_id}: status is 'approved' but the audit trail says it became '{status}'" \
            in checked.stdout
    assert f"limit {limit_id}: value is '99'" in checked.stdout
    assert "problem(s) found" in checked.stdout and "Traceback" not in checked.stderr
    assert lims("audit", "verify", "--db", lab_url, home=tmp_path).returncode == 0  # the chain itself is intact


def test_a_damaged_sqlite_file_is_reported_as_damaged(lab_url, backend, tmp_path):
    if backend != "sqlite":
        pytest.skip("a damaged file is SQLite's case")
    path = parse_url(lab_url).database
    with open(path, "r+b") as f:  # overwrite pages in the middle of the file
        f.seek(8192)
        f.write(b"\xde\xad\xbe\xef" * 4096)
    checked = lims("check", "--db", lab_url, home=tmp_path)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "damaged" in checked.stdout, checked.stdout + checked.stderr
    opened = lims("audit", "verify", "--db", lab_url, home=tmp_path)
    assert opened.returncode == 1 and "Traceback" not in opened.stderr
    assert "damaged" in opened.stderr or "not a LIMS database" in opened.stderr, opened.stderr
