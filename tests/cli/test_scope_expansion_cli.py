"""`lims scope expansion | audit --out | warnings | required | check` as a lab manager and scripts
use them, run in-process (the commands' parsing, printing and refusals; the services behind
them are tested on both backends in tests/services)."""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lims import cli
from lims.cli import scope as scope_cli
from lims.db.engine import make_engine, parse_url
from lims.domain.errors import LimsError
from lims.services.container import Services
from tests.services.conftest import Catalogue, People

AS_MANAGER = ("--as", "manager", "--password-stdin")
PASSWORD_LINE = "demo1234\n"
CMA = "221505990117"


@pytest.fixture
def db(sqlite_demo_services: Services, tmp_path: Path) -> str:
    return str(tmp_path / "gui-demo.db")


@pytest.fixture
def manager_once(monkeypatch: pytest.MonkeyPatch, sqlite_demo_services: Services) -> None:
    """The manager's password is checked (argon2, most of a second) at the first command only;
    the later ones reuse that log-in, as the commands' own behaviour is what these tests are for."""
    people = People(sqlite_demo_services)
    real = scope_cli.login

    def login(services: Services, args: object) -> object:
        if getattr(args, "as_user", None) == "manager" and "manager" in people._actors:
            return people["manager"]
        actor = real(services, args)
        if actor.username == "manager":
            people._actors["manager"] = actor
        return actor

    monkeypatch.setattr(scope_cli, "login", login)


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str,
        stdin: str = "") -> tuple[int, str, str]:
    """The command as lims.app.main runs it (a LimsError is one line on stderr), in this process."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = cli.run(cli.build_parser().parse_args(list(argv)))
    except LimsError as exc:
        code = cli.report_error(exc)
    found = capsys.readouterr()
    return code, found.out, found.err


def test_an_expansion_is_applied_for_walked_through_its_steps_and_listed(monkeypatch, capsys, db, tmp_path,
                                                                          sqlite_demo_services, manager_once):
    code, out, err = run(monkeypatch, capsys, "scope", "expansion", "add", "--db", db, "--title", "蔬菜农残扩项",
                         "--for", "CMA", "--item", "蔬菜、水果|啶虫脒|GB 23200.121-2021", "--item",
                         "蔬菜、水果｜吡虫啉｜GB 23200.121-2021｜只测叶菜", "--planned", "2026-01-10", *AS_MANAGER,
                         stdin=PASSWORD_LINE)
    assert code == 0, err
    assert out.startswith("expansion application 1 扩项申请: 蔬菜农残扩项 for CMA (CMA 221505990117), 2 row(s)")
    evidence = tmp_path / "能力验证结果.pdf"
    evidence.write_bytes(b"%PDF proficiency test: satisfactory")
    code, out, err = run(monkeypatch, capsys, "scope", "expansion", "attach", "1", str(evidence), "--db", db,
                         "--step", "proficiency_test", *AS_MANAGER, stdin=PASSWORD_LINE)
    assert code == 0, err
    assert out.strip() == (f"attached 能力验证结果.pdf ({evidence.stat().st_size} bytes) "
                           f"sha256:{hashlib.sha256(evidence.read_bytes()).hexdigest()}")
    code, out, err = run(monkeypatch, capsys, "scope", "expansion", "step", "1", "method_verification", "--date",
                         "2026-01-20", "--db", db, *AS_MANAGER, stdin=PASSWORD_LINE)
    assert code == 0, err
    assert out.splitlines() == ["expansion application 1: method_verification on 2026-01-20 (其木格)",
                                "next: staff_authorised"]
    manager = scope_cli.login(sqlite_demo_services, argparse.Namespace(as_user="manager"))
    for step, day in (("staff_authorised", date(2026, 2, 1)), ("proficiency_test", date(2026, 2, 15)),
                      ("submitted", date(2026, 3, 1)), ("assessed", date(2026, 3, 20))):
        sqlite_demo_services.expansions.record_step(manager, 1, step, day, "其木格")
    code, out, err = run(monkeypatch, capsys, "scope", "expansion", "step", "1", "approved", "--date", "2026-04-01",
                         "--responsible", "评审组", "--db", db, *AS_MANAGER, stdin=PASSWORD_LINE)
    assert code == 0, err
    assert out.splitlines() == ["expansion application 1: approved on 2026-04-01 (评审组)",
                                f"CMA {CMA}: ability table version 2 in force from 2026-04-01"]
    code, out, err = run(monkeypatch, capsys, "scope", "expansion", "list", "--db", db, "--json")
    found = json.loads(out)[0]
    assert (found["status"], found["certificates"]) == ("approved", [{"kind": "CMA", "number": CMA,
                                                                      "table_version": 2}])
    assert found["items"][1] == {"section": "蔬菜、水果", "parameter": "吡虫啉", "method": "GB 23200.121-2021",
                                 "limits_of_use": "只测叶菜"}
    assert [s["step"] for s in found["steps"]][-2:] == ["assessed", "approved"]
    assert found["evidence"][0]["sha256"] == hashlib.sha256(evidence.read_bytes()).hexdigest()
    code, out, _ = run(monkeypatch, capsys, "scope", "check", "--db", db, "--product", "韭菜", "--parameter", "啶虫脒",
                       "--method", "GB 23200.121-2021", "--date", "2026-04-01")
    assert any(line.startswith("CMA: in scope") and "row 附表行 1.9" in line for line in out.splitlines())


def test_bad_expansion_commands_are_one_clear_line_and_change_nothing(monkeypatch, capsys, db, sqlite_demo_services,
                                                                     manager_once):
    code, _, err = run(monkeypatch, capsys, "scope", "expansion", "add", "--db", db, "--title", "x", "--for", "CMA",
                       "--item", "蔬菜、水果|啶虫脒", *AS_MANAGER, stdin=PASSWORD_LINE)
    assert code == 1 and err.strip() == (
        "lims: error: '蔬菜、水果|啶虫脒' is not SECTION|PARAMETER|METHOD (with |LIMITS if any), e.g. "
        "蔬菜、水果|啶虫脒|GB 23200.121-2021")
    code, _, err = run(monkeypatch, capsys, "scope", "expansion", "add", "--db", db, "--title", "x", "--for", "CMA",
                       "--item", "蔬菜、水果|啶虫脒|GB 23200.121-2021", "--as", "tech1", "--password-stdin",
                       stdin=PASSWORD_LINE)
    assert code == 1 and "holds no role that may change the certificates and their scope" in err
    code, _, err = run(monkeypatch, capsys, "scope", "expansion", "step", "7", "submitted", "--db", db, *AS_MANAGER,
                       stdin=PASSWORD_LINE)
    assert code == 1 and err.strip() == "lims: error: Expansion application 7 does not exist"
    assert sqlite_demo_services.expansions.applications() == []


def test_audit_of_a_period_writes_excel_and_its_summary_and_prints_the_sections(monkeypatch, capsys, db, tmp_path):
    out_file = tmp_path / "范围审核.xlsx"
    code, out, err = run(monkeypatch, capsys, "scope", "audit", "--db", db, "--from", "2026-01-01", "--to",
                         "2026-03-31", "--out", str(out_file), "--expiring-days", "1000")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "scope audit 范围审核 2026-01-01 to 2026-03-31: 0 test(s)"
    assert "reports with a mark they should not have 标志使用错误的报告: 0 of 0 checked (must be 0)" in lines
    assert sum(line.startswith("expiring 即将到期:") for line in lines) == 2  # both, within 1000 days
    assert ("ability table names 附表所列: CATL row 3.1 铅 GB 5009.12-2010 (withdrawn after 2017-10-05, replaced by "
            "GB 5009.12-2017)") in lines
    assert any("signer may sign 敌敌畏, outside CMA/CATL" in line for line in lines)
    assert lines[-1] == f"written 已写入: {out_file.with_suffix('.pdf')}"
    assert out_file.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert next(iter(pd.read_excel(out_file, sheet_name=None))) == "概要"
    code, out, _ = run(monkeypatch, capsys, "scope", "audit", "--db", db, "--from", "2026-01-01", "--to", "2026-03-31",
                       "--json")
    sections = {"wrong_marks", "editions_in_use", "authorisation_gaps", "coverage", "next_to_expand"}
    assert sections <= set(json.loads(out))
    code, _, err = run(monkeypatch, capsys, "scope", "audit", "--db", db, "--out", str(tmp_path / "audit.txt"))
    assert code == 1 and "with .xlsx at the end" in err


def test_warnings_name_the_tests_an_approval_would_sign_outside_the_scope(monkeypatch, capsys, db,
                                                                          sqlite_demo_services):
    lab = sqlite_demo_services
    engine = make_engine(parse_url(db))
    catalogue = Catalogue.read(engine)
    engine.dispose()
    tech = People(lab)["tech1"]
    sample = lab.work.register(tech, catalogue.form("韭菜"))
    sample = lab.work.add_test(tech, sample.id, sample.version, catalogue.parameters["多菌灵"],
                               catalogue.methods[("多菌灵", "GB 23200.121-2021")])
    code, out, err = run(monkeypatch, capsys, "scope", "warnings", "--db", db, "--sample", sample.code)
    assert code == 0, err
    assert out.splitlines() == [
        f"{sample.code}: approving it signs 1 test(s) outside the scope 批准将签署超范围项目:",
        "  多菌灵 GB 23200.121-2021 2026-03-05: CMA OUT of scope 不在范围内 (limits_of_use: 只测水果)"]
    code, out, _ = run(monkeypatch, capsys, "scope", "warnings", "--db", db, "--sample", sample.code, "--json")
    assert json.loads(out)[0]["CMA"] == {"verdict": "out", "reason": "limits_of_use", "detail": "只测水果"}
    code, _, err = run(monkeypatch, capsys, "scope", "warnings", "--db", db, "--sample", "NJ1999-000001")
    assert code == 1 and err.strip() == "lims: error: No sample has the code NJ1999-000001"


def test_check_flags_a_withdrawn_edition_and_required_lists_are_set(monkeypatch, capsys, db):
    code, out, _ = run(monkeypatch, capsys, "scope", "check", "--db", db, "--product", "生乳", "--parameter", "铅",
                       "--method", "GB 5009.12-2010", "--date", "2026-03-05")
    assert out.splitlines()[-1] == ("EDITION 方法版本 GB 5009.12-2010: withdrawn after 2017-10-05, replaced by "
                                    "GB 5009.12-2017 已废止")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # a Chinese locale: the domain's notice of the edition, translated
    code, out, _ = run(monkeypatch, capsys, "scope", "check", "--db", db, "--product", "生乳", "--parameter", "铅",
                       "--method", "GB 5009.12-2010", "--date", "2026-03-05")
    assert out.splitlines()[-1] == "方法版本 GB 5009.12-2010：已废止（2017-10-05 之后），已由 GB 5009.12-2017 代替"
    monkeypatch.setenv("LANG", "C.UTF-8")
    code, out, err = run(monkeypatch, capsys, "scope", "required", "set", "芹菜", "毒死蜱", "甲拌磷", "--source",
                         "2027年方案", "--db", db, *AS_MANAGER, stdin=PASSWORD_LINE)
    assert code == 0, err
    assert out.strip() == "芹菜: 2 required parameter(s): 毒死蜱, 甲拌磷"
    code, out, _ = run(monkeypatch, capsys, "scope", "required", "list", "--db", db, "--json")
    assert [r for r in json.loads(out) if r["product"] == "芹菜"] == [
        {"product": "芹菜", "parameter": "毒死蜱", "source": "2027年方案"},
        {"product": "芹菜", "parameter": "甲拌磷", "source": "2027年方案"}]
