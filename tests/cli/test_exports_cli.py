"""`lims results export / summary` on a demo database, and `lims report issue` with more codes
than are issued in this process (the child-process batch)."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from lims.db.engine import make_engine, parse_url
from lims.services.container import build_services
from tests.cli.test_cli import assert_one_clear_line, lims
from tests.services.conftest import Catalogue, People
from tests.services.test_result_exports import approved


@pytest.fixture
def demo(demo_db_url):
    """The demo database with a passing and a failing approved sample of the routine task."""
    engine = make_engine(parse_url(demo_db_url))
    lab = build_services(engine)
    people = People(lab)
    catalogue = Catalogue.read(engine)
    task = catalogue.tasks["LX2026-01"]
    good = approved(lab, catalogue, people, task_id=task)
    bad = approved(lab, catalogue, people, value="0.5", task_id=task)
    yield demo_db_url, good.code, bad.code
    engine.dispose()


def test_results_export_xlsx_and_csv(demo, tmp_path):
    url, good, bad = demo
    xlsx = tmp_path / "结果.xlsx"
    proc = lims("results", "export", "--db", url, "--out", str(xlsx), "--status", "approved", "--from", "2026-03-01",
                "--to", "2026-03-31", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(xlsx).active
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {good, bad} and f"{sheet.max_row - 1} result(s) written" in proc.stdout
    only_bad = tmp_path / "bad.csv"
    proc = lims("results", "export", "--db", url, "--out", str(only_bad), "--search", bad, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(only_bad.read_bytes().decode("utf-8-sig"))))
    assert only_bad.read_bytes().startswith(b"\xef\xbb\xbf") and rows[0][0] == "样品编号"
    assert {r[0] for r in rows[1:]} == {bad} and any(r[8] == "不合格" for r in rows[1:])
    nothing = lims("results", "export", "--db", url, "--out", str(tmp_path / "x.xlsx"), "--from", "2026-04-01",
                   home=tmp_path)
    assert nothing.returncode == 0 and "0 result(s)" in nothing.stdout


def test_results_summary(demo, tmp_path):
    url, _, bad = demo
    out = tmp_path / "summary.xlsx"
    proc = lims("results", "summary", "--db", url, "--out", str(out), "--task", "LX2026-01", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "2 sample(s), 1 failed, pass rate 50.0%" in proc.stdout
    book = openpyxl.load_workbook(out)
    assert [r[0] for r in book["不合格结果"].iter_rows(min_row=2, values_only=True)] == [bad]


def test_bad_arguments_say_one_clear_line(demo, tmp_path):
    url, _, _ = demo
    assert_one_clear_line(lims("results", "summary", "--db", url, "--out", str(tmp_path / "s.xlsx"),
                               "--task", "NOPE", home=tmp_path), "no task with the code NOPE")
    assert_one_clear_line(lims("results", "export", "--db", url, "--out", str(tmp_path / "r.txt"), home=tmp_path),
                          ".xlsx or .csv")
    assert_one_clear_line(lims("results", "export", "--db", url, "--out", str(tmp_path / "r.csv"),
                               "--status", "done", home=tmp_path), "no sample status done")
    usage = lims("results", "export", "--db", url, "--out", str(tmp_path / "r.csv"), "--from", "March", home=tmp_path)
    assert usage.returncode == 2 and "not a date in the form YYYY-MM-DD: 'March'" in usage.stderr
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("*.csv"))


def test_report_issue_of_many_codes_goes_through_the_child(demo_db_url, tmp_path):
    engine = make_engine(parse_url(demo_db_url))
    lab = build_services(engine)
    people = People(lab)
    catalogue = Catalogue.read(engine)
    codes = [approved(lab, catalogue, people).code for _ in range(4)]
    engine.dispose()
    out = tmp_path / "out"
    out.mkdir()
    proc = lims("report", "issue", *codes, "--db", demo_db_url, "--out", str(out), "--as", "signer",
                "--password-stdin", stdin="demo1234\n", home=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "4 report(s) issued, 0 not issued" in proc.stdout
    assert len(list(out.glob("*.pdf"))) == 4 and len(list(out.iterdir())) == 4
    first = sorted(out.glob("*.pdf"))[0]  # the batch service's own tests verify every report it issues
    assert lims("report", "verify", str(first), "--db", demo_db_url, home=tmp_path).returncode == 0
