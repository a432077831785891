"""`lims scope ...` as a lab manager and scripts use it."""
from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.cli.test_cli import assert_one_clear_line, lims
from tests.services.scope_workbooks import messy_table

AS_MANAGER = ("--as", "manager", "--password-stdin")
PASSWORD_LINE = "demo1234\n"
CMA = "221505990117"


@pytest.fixture
def demo_db(demo_db_url):
    return demo_db_url


def _check(db, home, *args):
    proc = lims("scope", "check", "--db", db, *args, home=home)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_check_prints_both_verdicts_with_their_reasons(demo_db, tmp_path):
    proc = _check(demo_db, tmp_path, "--product", "生乳", "--parameter", "Pb", "--method", "GB 5009.12-2017",
                  "--date", "2026-03-05")
    lines = proc.stdout.splitlines()
    assert "parameter 检测项目: 铅" in lines and "date 日期: 2026-03-05" in lines
    cma = next(ln for ln in lines if ln.startswith("CMA:"))
    catl = next(ln for ln in lines if ln.startswith("CATL:"))
    assert "in scope" in cma and "row 附表行 3.2" in cma and CMA in cma
    assert "OUT of scope" in catl and "edition" in catl and "GB 5009.12-2010" in catl


def test_check_json_gives_verdict_reason_certificate_and_row_per_certificate(demo_db, tmp_path):
    proc = _check(demo_db, tmp_path, "--product", "韭菜", "--parameter", "多菌灵", "--method",
                  "GB 23200.121－2021", "--date", "2026-03-05", "--json")
    found = json.loads(proc.stdout)
    assert set(found) == {"CMA", "CATL", "edition"}
    assert found["edition"]["state"] == "in_force"
    assert {k: found["CMA"][k] for k in ("verdict", "reason", "certificate", "row")} == {
        "verdict": "out", "reason": "limits_of_use", "certificate": CMA, "row": "1.8"}
    assert (found["CATL"]["verdict"], found["CATL"]["reason"], found["CATL"]["row"]) == ("in", None, "1.7")


def test_check_of_an_unknown_parameter_is_one_clear_line(demo_db, tmp_path):
    proc = lims("scope", "check", "--db", demo_db, "--product", "韭菜", "--parameter", "不存在的农药",
                "--method", "GB 23200.113-2018", home=tmp_path)
    assert_one_clear_line(proc, "不存在的农药")


def test_a_manager_adds_a_certificate_and_a_technician_may_not(demo_db, tmp_path):
    args = ("scope", "certificate", "add", "--db", demo_db, "--kind", "CATL",
            "--number", "［2027］农质检核（蒙）字第0101号", "--holder", "演示检测站",
            "--issued", "2027-03-01", "--valid-until", "2030-02-28")
    refused = lims(*args, "--as", "tech1", "--password-stdin", stdin=PASSWORD_LINE, home=tmp_path)
    assert_one_clear_line(refused, "holds no role that may change the certificates")
    proc = lims(*args, *AS_MANAGER, stdin=PASSWORD_LINE, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "recorded CATL certificate" in proc.stdout and "renewal 180 days" in proc.stdout
    # the renewed CATL certificate answers after the old one expired
    later = _check(demo_db, tmp_path, "--product", "韭菜", "--parameter", "毒死蜱", "--method",
                   "GB 23200.113-2018", "--date", "2027-04-01", "--json")
    catl = json.loads(later.stdout)["CATL"]
    assert (catl["reason"], catl["certificate"]) == ("not_yet_valid", "［2027］农质检核（蒙）字第0101号")


def test_import_shows_what_it_understood_then_stores_a_new_version(demo_db, tmp_path):
    table = messy_table(tmp_path / "cma.xlsx")
    preview = lims("scope", "import", str(table), "--db", demo_db, "--certificate", CMA, "--preview",
                   *AS_MANAGER, home=tmp_path)
    assert preview.returncode == 0, preview.stderr
    assert "8 row(s) understood (2 product section(s), 6 parameter(s)), 0 not understood" in preview.stdout
    assert "approval date 2026-07-01 (from the file)" in preview.stdout
    proc = lims("scope", "import", str(table), "--db", demo_db, "--certificate", CMA, *AS_MANAGER,
                stdin=PASSWORD_LINE, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"certificate {CMA}: ability table version 2 approved on 2026-07-01" in proc.stdout
    after = _check(demo_db, tmp_path, "--product", "牛肉", "--parameter", "磺胺类", "--method",
                   "农业部1077号公告-1-2008", "--date", "2026-07-02", "--json")
    assert json.loads(after.stdout)["CMA"]["verdict"] == "in"


def test_import_of_another_certificates_table_is_refused_in_one_line(demo_db, tmp_path):
    table = messy_table(tmp_path / "other.xlsx", certificate="221505990999")
    proc = lims("scope", "import", str(table), "--db", demo_db, "--certificate", CMA, *AS_MANAGER,
                stdin=PASSWORD_LINE, home=tmp_path)
    assert_one_clear_line(proc, "221505990999", "nothing was imported")


def test_import_with_rows_not_understood_names_them_and_stores_nothing(demo_db, tmp_path):
    table = messy_table(tmp_path / "bad.xlsx", extra_rows=[["2.3", None, "沙丁胺醇", "液相色谱法", None, None, None]])
    proc = lims("scope", "import", str(table), "--db", demo_db, "--certificate", CMA, *AS_MANAGER,
                stdin=PASSWORD_LINE, home=tmp_path)
    assert proc.returncode == 1
    assert "row 10, column D (依据的标准（方法）名称及编号（含年号）)" in proc.stdout
    assert "nothing was imported" in proc.stderr
    export = lims("scope", "export", "--db", demo_db, "--certificate", CMA, "--out", str(tmp_path / "cma.xlsx"),
                  home=tmp_path)
    assert "22 row(s)" in export.stdout  # version 1, as it was


def test_export_writes_the_annex_layout(demo_db, tmp_path):
    out = tmp_path / "cma.xlsx"
    proc = lims("scope", "export", "--db", demo_db, "--certificate", CMA, "--out", str(out), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    sheet = load_workbook(out).worksheets[0]
    rows = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == f"证书编号：{CMA}" and rows[1][2] == "批准日期：2022-06-15"
    assert rows[2] == ["序号", "类别", "名称", "依据的标准（方法）名称及编号（含年号）", "限制范围", "说明",
                       "所在实验场所"]
    assert rows[3][:3] == ["1", "产品", "蔬菜、水果"] and rows[4][:3] == ["1.1", "参数", "﹡△毒死蜱"]


def test_audit_json_lists_tests_by_verdict_and_certificates_due(demo_db, tmp_path):
    proc = lims("scope", "audit", "--db", demo_db, "--days", "30", "--json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert set(found) == {"from", "to", "tests", "verdicts", "reasons", "outside", "expiring"}
    assert found["tests"] == 0
    # the demo's CATL certificate runs until 2027-03-19 with 180 days' lead: due from 2026-09-20
    assert [c["kind"] for c in found["expiring"]] == ["CATL"]
    text = lims("scope", "audit", "--db", demo_db, home=tmp_path)
    assert "renewal due 需换证: CATL" in text.stdout
