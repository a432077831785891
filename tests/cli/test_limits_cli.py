"""`lims limits lookup` and `lims limits import` as IT staff and scripts use them."""
from __future__ import annotations

import pytest

from tests.cli.test_cli import assert_one_clear_line, lims
from tests.services.test_limits import SOURCE, write_table

AS_MANAGER = ("--as", "manager", "--password-stdin")
PASSWORD_LINE = "demo1234\n"


@pytest.fixture
def demo_db(demo_db_url):
    return demo_db_url


def _fields(stdout: str) -> dict[str, str]:
    """"label 标签: value" lines by their English label."""
    fields = {}
    for line in stdout.splitlines():
        label, _, value = line.partition(": ")
        fields[label.rsplit(" ", 1)[0] if " " in label else label] = value
    return fields


def test_lookup_prints_the_limit_its_standard_edition_and_the_category_one_field_a_line(demo_db, tmp_path):
    before = lims("limits", "lookup", "--db", demo_db, "--product", "韭菜", "--parameter", "毒死蜱",
                  "--date", "2026-02-28", home=tmp_path)
    assert before.returncode == 0, before.stderr
    shown = _fields(before.stdout)
    assert shown["limit"] == "0.02" and shown["unit"] == "mg/kg" and shown["kind"] == "mrl"
    assert shown["standard"].startswith("GB 2763 ") and shown["edition"] == "2021"
    assert shown["inherited from"] == "蔬菜"
    assert "演示数据" in before.stdout  # demo values say so

    after = lims("limits", "lookup", "--db", demo_db, "--product", "LEEK", "--parameter", "chlorpyrifos",
                 "--date", "2026-03-01", home=tmp_path)
    assert after.returncode == 0, after.stderr
    shown = _fields(after.stdout)
    assert (shown["limit"], shown["edition"]) == ("0.01", "2026")


def test_lookup_of_a_banned_substance_says_not_detectable(demo_db, tmp_path):
    proc = lims("limits", "lookup", "--db", demo_db, "--product", "羊肉", "--parameter", "莱克多巴胺",
                "--date", "2026-06-01", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    shown = _fields(proc.stdout)
    assert "不得检出" in shown["limit"] and shown["kind"] == "not_detectable"
    assert shown["inherited from"] == "肉类"


def test_lookup_without_a_limit_says_no_judgment_basis_and_exits_zero(demo_db, tmp_path):
    proc = lims("limits", "lookup", "--db", demo_db, "--product", "羊绒", "--parameter", "毒死蜱",
                "--date", "2026-06-01", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "NO JUDGMENT BASIS" in proc.stdout and "无判定依据" in proc.stdout
    assert "limit 限量" not in proc.stdout


def test_lookup_of_an_unknown_product_is_one_line_naming_it(demo_db, tmp_path):
    proc = lims("limits", "lookup", "--db", demo_db, "--product", "韭采", "--parameter", "毒死蜱",
                "--date", "2026-06-01", home=tmp_path)
    assert proc.returncode == 1
    assert_one_clear_line(proc, "韭采", "did you mean 韭菜")


def test_a_bad_date_is_a_usage_error(demo_db, tmp_path):
    proc = lims("limits", "lookup", "--db", demo_db, "--product", "韭菜", "--parameter", "毒死蜱",
                "--date", "2026-02-30", home=tmp_path)
    assert proc.returncode == 2 and "usage:" in proc.stderr and "Traceback" not in proc.stderr
    assert "YYYY-MM-DD" in proc.stderr


def test_import_of_bad_rows_lists_each_and_imports_nothing_until_only_good(demo_db, tmp_path):
    table = write_table(tmp_path / "potato.xlsx", [
        ("马铃薯", "毒死蜱", 0.03, "mg/kg", "GB 2763", 2026, None),
        ("马铃薯", "氧乐果", "abc", "mg/kg", "GB 2763", 2026, None),
        ("土豆泥", "克百威", 0.02, "mg/kg", "GB 2763", 2026, None),
    ])
    refused = lims("limits", "import", *AS_MANAGER, str(table), "--db", demo_db, "--source", SOURCE,
                home=tmp_path, stdin=PASSWORD_LINE)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "row 3, column C (限量值): 'abc' is not a number" in refused.stdout
    assert "row 4, column A (产品): No product '土豆泥'" in refused.stdout
    assert "2 of 3 row(s) have problems; nothing was imported" in refused.stderr
    unchanged = lims("limits", "lookup", "--db", demo_db, "--product", "马铃薯", "--parameter", "毒死蜱",
                     "--date", "2026-06-01", home=tmp_path)
    assert _fields(unchanged.stdout)["limit"] == "0.01"

    partly = lims("limits", "import", *AS_MANAGER, str(table), "--db", demo_db, "--source", SOURCE, "--only-good",
                  home=tmp_path, stdin=PASSWORD_LINE)
    assert partly.returncode == 0, partly.stderr
    assert "row 3, column C" in partly.stdout and "row 4, column A" in partly.stdout
    assert "1 limit(s) created" in partly.stdout and "2 bad row(s) left out" in partly.stdout
    now = _fields(lims("limits", "lookup", "--db", demo_db, "--product", "马铃薯", "--parameter", "毒死蜱",
                       "--date", "2026-06-01", home=tmp_path).stdout)
    assert now["limit"] == "0.03" and now["source"] == SOURCE
    assert now["inherited from"].startswith("-")

    audit = lims("audit", "verify", "--db", demo_db, home=tmp_path)
    assert audit.returncode == 0 and "chain intact" in audit.stdout


def test_import_of_a_good_table_prints_a_summary_and_exits_zero(demo_db, tmp_path):
    table = write_table(tmp_path / "leek.xlsx", [("韭菜", "腐霉利", 0.2, "mg/kg", "GB 2763", 2026, None)])
    proc = lims("limits", "import", *AS_MANAGER, str(table), "--db", demo_db, "--source", SOURCE,
                home=tmp_path, stdin=PASSWORD_LINE)
    assert proc.returncode == 0, proc.stderr
    assert "leek.xlsx: 1 row(s) read; 0 limit(s) created, 1 updated" in proc.stdout


def test_import_of_a_missing_file_is_one_line(demo_db, tmp_path):
    proc = lims("limits", "import", *AS_MANAGER, str(tmp_path / "nowhere.xlsx"), "--db", demo_db, "--source", SOURCE,
                home=tmp_path, stdin=PASSWORD_LINE)
    assert proc.returncode == 1
    assert_one_clear_line(proc, "nowhere.xlsx", "does not exist")


def test_import_needs_a_person_logged_in(demo_db, tmp_path):
    table = write_table(tmp_path / "leek.xlsx", [("韭菜", "腐霉利", 0.2, "mg/kg", "GB 2763", 2026, None)])
    anonymous = lims("limits", "import", str(table), "--db", demo_db, "--source", SOURCE, home=tmp_path)
    assert anonymous.returncode == 2 and "--as" in anonymous.stderr
    wrong = lims("limits", "import", str(table), "--db", demo_db, "--source", SOURCE, "--as", "manager",
                 "--password-stdin", stdin="not-it\n", home=tmp_path)
    assert_one_clear_line(wrong, "Wrong user name or password")
    technician = lims("limits", "import", str(table), "--db", demo_db, "--source", SOURCE, "--as", "tech1",
                      "--password-stdin", stdin=PASSWORD_LINE, home=tmp_path)
    assert technician.returncode == 1 and "tech1" in technician.stderr
    unchanged = _fields(lims("limits", "lookup", "--db", demo_db, "--product", "韭菜", "--parameter", "腐霉利",
                             "--date", "2026-06-01", home=tmp_path).stdout)
    assert unchanged["limit"] != "0.2"
    trail = lims("audit", "verify", "--db", demo_db, home=tmp_path)
    assert trail.returncode == 0


@pytest.mark.parametrize("stdin", ["", "\n"])
def test_an_empty_password_is_refused_before_any_log_in_and_is_not_counted(demo_db, tmp_path, stdin):
    table = write_table(tmp_path / "leek.xlsx", [("韭菜", "腐霉利", 0.2, "mg/kg", "GB 2763", 2026, None)])
    for _ in range(6):  # more than the lockout threshold of 5
        proc = lims("limits", "import", str(table), "--db", demo_db, "--source", SOURCE, "--as", "manager",
                    "--password-stdin", stdin=stdin, home=tmp_path)
        assert_one_clear_line(proc, "Standard input held no password")
    good = lims("limits", "import", str(table), "--db", demo_db, "--source", SOURCE, *AS_MANAGER,
                stdin=PASSWORD_LINE, home=tmp_path)
    assert good.returncode == 0, good.stderr  # the account was not locked
