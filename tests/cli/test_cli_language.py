"""The command line speaks the system's language: Chinese under a zh_CN locale, as the desktop
application does, English under C and en locales; --json output never changes."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lims import app
from lims.cli import i18n
from lims.db.engine import make_engine, parse_url
from lims.db.migrate import head_revision
from lims.db.models import Product
from lims.domain.editions import EditionFlag, EditionState
from lims.domain.enums import RoleCode, SampleStatus
from lims.domain.errors import GuardFailed, TransitionNotAllowed
from lims.domain.workflow import Transition

CHINESE = {"LANG": "zh_CN.UTF-8"}
ENGLISH = {"LANG": "C.UTF-8"}


def _locale(monkeypatch: pytest.MonkeyPatch, **variables: str) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)


def _lims(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str,
          **locale: str) -> tuple[int, str, str]:
    _locale(monkeypatch, **locale)
    code = app.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("variables, expected", [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"), ({"LC_ALL": "zh_CN.utf8", "LANG": "C"}, "zh_CN"),
    ({"LC_MESSAGES": "zh_CN", "LANG": "en_US.UTF-8"}, "zh_CN"), ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"), ({"LANG": "en_GB.UTF-8"}, "en"), ({}, "en"),
])
def test_the_language_is_the_one_the_locale_gives_messages(variables: dict[str, str], expected: str) -> None:
    assert i18n.language(variables) == expected


def test_an_error_reads_in_chinese_under_a_chinese_locale_and_in_english_under_c(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code, _, err = _lims(monkeypatch, capsys, "audit", "verify", "--db", str(missing), **CHINESE)
    assert code == 1
    assert err.strip() == f"lims：错误：{missing} 处没有数据库：请检查名称，或用 lims init --db {missing} 创建"
    code, _, err = _lims(monkeypatch, capsys, "audit", "verify", "--db", str(missing), **ENGLISH)
    assert code == 1
    assert err.strip() == (f"lims: error: There is no database at {missing}: check the name, or create one with "
                           f"lims init --db {missing}")
    assert not missing.exists()


def test_common_lines_read_in_chinese_and_json_keys_stay_as_they_are(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    database = str(tmp_path / "lab.db")
    code, out, _ = _lims(monkeypatch, capsys, "init", "--db", database, **CHINESE)
    assert code == 0 and out.splitlines() == [
        f"{database}：已创建，数据库结构 {head_revision()}", "请用 lims setup starter 添加起步参考数据"]
    code, out, _ = _lims(monkeypatch, capsys, "init", "--db", database, **ENGLISH)
    assert out.strip() == f"{database}: schema {head_revision()} is current; nothing to do"
    code, out, _ = _lims(monkeypatch, capsys, "audit", "verify", "--db", database, **CHINESE)
    assert code == 0 and out.strip() == "审计链完整：已校验 0 条记录"
    heads = [json.loads(_lims(monkeypatch, capsys, "audit", "head", "--db", database, "--json", **locale)[1])
             for locale in (CHINESE, ENGLISH)]
    assert heads[0] == heads[1] and set(heads[0]) == {"seq", "hash"}


def test_codes_inside_an_error_read_in_words_as_the_desktop_application_shows_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _locale(monkeypatch, **CHINESE)
    wrong_state = TransitionNotAllowed("Cannot {transition} a sample that is {status}",
                                       transition="verify", status="sample_due")
    assert i18n.error_text(wrong_state) == "状态为 待收样 的样品不能执行 审核"
    no_role = GuardFailed("To {transition} a sample you need one of the roles: {roles}", rule="role",
                          transition="approve", roles="signatory, manager")
    assert i18n.error_text(no_role) == "执行 批准 需要以下角色之一：授权签字人、实验室主任/技术负责人"
    _locale(monkeypatch, **ENGLISH)
    assert i18n.error_text(wrong_state) == "Cannot verify a sample that is sample_due"


@pytest.mark.parametrize("flag, english, chinese", [
    (EditionFlag("GB 5009.12-2010", EditionState.WITHDRAWN, None, date(2017, 10, 5), "GB 5009.12-2017"),
     "withdrawn after 2017-10-05, replaced by GB 5009.12-2017", "已废止（2017-10-05 之后），已由 GB 5009.12-2017 代替"),
    (EditionFlag("GB 2763-2016", EditionState.WITHDRAWN, None, date(2019, 8, 14), None),
     "withdrawn after 2019-08-14", "已废止（2019-08-14 之后）"),
    (EditionFlag("GB 5009.12-2017", EditionState.REPLACED, None, None, "GB 5009.12-2026"),
     "replaced by GB 5009.12-2026", "已由 GB 5009.12-2026 代替"),
    (EditionFlag("GB 2763-2026", EditionState.NOT_YET_IN_FORCE, date(2026, 3, 1), None, None),
     "not in force before 2026-03-01", "尚未实施（2026-03-01 起实施）"),
])
def test_a_method_edition_not_in_force_reads_in_chinese_and_describe_stays_english(
        monkeypatch: pytest.MonkeyPatch, flag: EditionFlag, english: str, chinese: str) -> None:
    _locale(monkeypatch, **CHINESE)
    assert i18n.error_text(flag.notice()) == chinese
    assert flag.describe() == english  # what --json and the scope audit's "detail" keep
    _locale(monkeypatch, **ENGLISH)
    assert i18n.error_text(flag.notice()) == english


def test_the_command_lines_words_for_codes_are_the_desktop_applications() -> None:
    from lims.gui import vocabulary  # the test may load Qt; the command line does not

    assert {s: i18n.STATUS_WORDS[s] for s in SampleStatus} == {s: vocabulary.SAMPLE_STATUS[s] for s in SampleStatus}
    assert {r: i18n.ROLE_WORDS[r] for r in RoleCode} == {r: vocabulary.ROLE[r] for r in RoleCode}
    assert {t: i18n.TRANSITION_WORDS[t] for t in Transition} == {t: vocabulary.TRANSITION[t] for t in Transition}


def test_the_command_line_speaks_chinese_without_loading_qt(tmp_path: Path) -> None:
    env = dict(os.environ, LANG="zh_CN.UTF-8", HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"))
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    probe = ("import sys; from lims import app; code = app.main(['audit', 'head', '--db', sys.argv[1]]); "
             "print('Qt loaded' if 'PySide6' in sys.modules else 'no Qt', file=sys.stderr); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "none.db")], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 1
    missing = tmp_path / "none.db"
    assert done.stderr.splitlines() == [
        f"lims：错误：{missing} 处没有数据库：请检查名称，或用 lims init --db {missing} 创建", "no Qt"]


def _empty_lab(tmp_path: Path, sqlite_template: Path) -> str:
    database = tmp_path / "lab.db"
    shutil.copyfile(sqlite_template, database)
    return str(database)


def test_the_scope_audit_reads_in_chinese_and_its_json_stays_as_it_is(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        sqlite_template: Path) -> None:
    database = _empty_lab(tmp_path, sqlite_template)
    args = ("scope", "audit", "--db", database, "--from", "2024-01-01", "--to", "2024-03-31")
    code, out, _ = _lims(monkeypatch, capsys, *args, **CHINESE)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "认证范围审核 2024-01-01 至 2024-03-31：共 0 项检测"
    assert "标志使用错误的报告：0 份（已核查 0 份，应为 0）" in lines
    assert not any(c.isascii() and c.isalpha() and c.islower() for c in lines[0])
    code, out, _ = _lims(monkeypatch, capsys, *args, **ENGLISH)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "scope audit 范围审核 2024-01-01 to 2024-03-31: 0 test(s)"
    assert "reports with a mark they should not have 标志使用错误的报告: 0 of 0 checked (must be 0)" in lines
    code, out, _ = _lims(monkeypatch, capsys, "scope", "expansion", "list", "--db", database, **CHINESE)
    assert out.strip() == "无扩项申请"
    audits = [json.loads(_lims(monkeypatch, capsys, *args, "--json", **locale)[1]) for locale in (CHINESE, ENGLISH)]
    assert audits[0] == audits[1] and {"from", "to", "tests"} <= set(audits[0])


def test_the_instrument_readings_count_reads_in_chinese_and_in_english_under_c(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        sqlite_template: Path) -> None:
    database = _empty_lab(tmp_path, sqlite_template)
    code, out, _ = _lims(monkeypatch, capsys, "readings", "--db", database, **CHINESE)
    assert code == 0 and out.strip() == "共 0 条读数"
    code, out, _ = _lims(monkeypatch, capsys, "readings", "--db", database, **ENGLISH)
    assert code == 0 and out.strip() == "0 reading(s)"
    code, out, _ = _lims(monkeypatch, capsys, "readings", "--db", database, "--json", **CHINESE)
    assert json.loads(out) == []


def test_the_catalogue_export_reads_in_chinese_and_the_sheet_names_stay_as_they_are(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        sqlite_template: Path) -> None:
    database = _empty_lab(tmp_path, sqlite_template)
    book = tmp_path / "lab.xlsx"
    code, out, _ = _lims(monkeypatch, capsys, "catalogue", "export", "--db", database, "--out", str(book), **CHINESE)
    assert code == 0
    sheets, written = out.splitlines()
    assert sheets.startswith("产品分类 ") and written == f"已将 0 行写入 {book}"
    code, out, _ = _lims(monkeypatch, capsys, "catalogue", "export", "--db", database, "--out", str(book), **ENGLISH)
    assert code == 0 and out.splitlines() == [sheets, f"0 row(s) written to {book}"]


def test_a_bad_lab_workbook_names_each_bad_cell_in_chinese_and_in_english_under_c(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_db_url: str) -> None:
    from tests.services.setup_workbooks import write_book

    book = write_book(tmp_path / "bad.xlsx", {
        "产品分类": [["SAND-ONION", "沙葱", "VEG", "否"], ["X1", "某产品", "NO-SUCH", "否"],
                 ["X2", "某类", "", "也许"]],
        "抽样任务": [["LX2026-09", "例行监测", "秋季监测", "农牧局", "2026-13-45", ""]],
    })
    args = ("catalogue", "import", str(book), "--db", demo_db_url, "--as", "manager", "--password-stdin")
    monkeypatch.setattr("sys.stdin", io.StringIO("demo1234\n"))
    code, out, err = _lims(monkeypatch, capsys, *args, **CHINESE)
    assert code == 1
    assert out.splitlines() == [
        "产品分类 第 4 行 D 列（是否类别）：“也许”不是“是”或“否”：请填写 是 或 否",
        "产品分类 第 3 行 C 列（上级）：工作簿和基础数据中都没有产品“NO-SUCH”",
        "抽样任务 第 2 行 E 列（开始日期）：“2026-13-45”不是日期：请按 YYYY-MM-DD 填写"]
    assert err.strip() == "lims：错误：bad.xlsx：发现 3 处问题，未导入任何内容"
    monkeypatch.setattr("sys.stdin", io.StringIO("demo1234\n"))
    code, out, _ = _lims(monkeypatch, capsys, *args, **ENGLISH)
    assert code == 1 and out.splitlines()[1] == (
        "产品分类 row 3, column C (上级): No product 'NO-SUCH' in the workbook or the catalogue")
    engine = make_engine(parse_url(demo_db_url))
    try:
        with engine.connect() as c:  # nothing of the workbook was stored, not even its good rows
            assert c.scalar(select(func.count(Product.id)).where(Product.code == "SAND-ONION")) == 0
    finally:
        engine.dispose()
