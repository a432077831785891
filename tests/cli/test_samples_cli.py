"""`lims samples import` and `lims samples export` for the office that prepares sampling lists."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.cli.test_cli import assert_one_clear_line, lims
from tests.services.test_sampling_lists import _good, _workbook


@pytest.fixture
def demo_db(demo_db_url):
    return demo_db_url


def test_import_registers_the_list_as_the_named_person_and_export_writes_it_back(demo_db, tmp_path):
    sheet = _workbook(tmp_path / "list.xlsx", [_good(), _good(product="芹菜")])
    done = lims("samples", "import", str(sheet), "--db", demo_db, "--as", "tech1", "--password-stdin",
                stdin="demo1234\n", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "2 sample(s) registered (NJ2026-000001 to NJ2026-000002)" in done.stdout
    out = tmp_path / "out.xlsx"
    exported = lims("samples", "export", "--db", demo_db, "--out", str(out), home=tmp_path)
    assert exported.returncode == 0 and "2 sample(s) written" in exported.stdout
    codes = [r[0] for r in load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    assert codes == ["NJ2026-000001", "NJ2026-000002"]


def test_a_bad_list_prints_each_bad_cell_and_registers_nothing(demo_db, tmp_path):
    sheet = _workbook(tmp_path / "list.xlsx", [_good(), _good(product="香蕉")])
    refused = lims("samples", "import", str(sheet), "--db", demo_db, "--as", "tech1", "--password-stdin",
                   stdin="demo1234\n", home=tmp_path)
    assert refused.returncode == 1
    assert "row 4, column B (产品)" in refused.stdout and "香蕉" in refused.stdout
    assert_one_clear_line(refused, "nothing was imported")
    wrong = lims("samples", "import", str(sheet), "--db", demo_db, "--as", "tech1", "--password-stdin",
                 stdin="not-it-99\n", home=tmp_path)
    assert_one_clear_line(wrong, "Wrong user name or password")


def test_the_code_pattern_is_set_by_a_manager_and_shows_the_next_code(demo_db, tmp_path):
    done = lims("code-pattern", "--db", demo_db, "--pattern", "{prefix}{year}{seq:04d}", "--prefix", "ALK",
                "--as", "manager", "--password-stdin", stdin="demo1234\n", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "the next one is ALK" in done.stdout and done.stdout.strip().endswith("0001")
    refused = lims("code-pattern", "--db", demo_db, "--pattern", "{prefix}", "--as", "manager",
                   "--password-stdin", stdin="demo1234\n", home=tmp_path)
    assert_one_clear_line(refused, "must contain the field seq")
