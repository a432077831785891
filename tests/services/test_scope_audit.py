"""The scope audit of a period as the manager and the assessors read it (in Excel, a sheet per
section, and a one-page PDF), the method editions the standards catalogue says are withdrawn,
the warning an approval shows before the signature, and the alias table edited."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select, update

from lims.db.engine import make_session_factory
from lims.db.models import Report
from lims.domain.errors import ConcurrentEditError, NotFound, PermissionDenied, ValidationError
from lims.services.dto import AuditFilter
from lims.services.master_data import EntryFilter
from tests.services.conftest import CST
from tests.services.test_reports_service import PW, approved_sample

CATL = "［2024］农质检核（蒙）字第0045号"
MARCH = date(2026, 3, 5)


def _sample(lab, people, catalogue, product, tests, sampled_at=None):
    tech = people["tech1"]
    sample = lab.work.register(tech, catalogue.form(product, **({"sampled_at": sampled_at} if sampled_at else {})))
    for parameter, method in tests:
        sample = lab.work.add_test(tech, sample.id, sample.version, catalogue.parameters[parameter],
                                   catalogue.methods[(parameter, method)])
    return sample


def test_a_withdrawn_method_edition_is_flagged_by_the_check_the_table_rows_and_the_audit(lab, people, catalogue):
    found = lab.scope.check("生乳", "铅", "GB 5009.12-2010", MARCH)
    # the CATL table still names the 2010 edition, so its verdict is in; the edition is flagged beside it
    assert (found.catl.verdict.value, found.catl.row) == ("in", "3.1")
    assert found.as_json()["edition"] == {"edition": "GB 5009.12-2010", "state": "withdrawn", "in_force_from": None,
                                          "in_force_to": "2017-10-05", "replaced_by": "GB 5009.12-2017"}
    assert set(found.as_json()) == {"CMA", "CATL", "edition"}
    assert lab.scope.check("生乳", "铅", "GB 5009.12-2017", MARCH).as_json()["edition"]["state"] == "in_force"
    assert lab.scope.check("生乳", "铅", "GB 5009.12-2031", MARCH).as_json()["edition"]["state"] == "unknown"

    catl = next(c for c in lab.scope.certificates() if c.number == CATL)
    rows = {r.number: r for r in lab.scope.table_rows(catl.id, on=MARCH)}
    assert [(f.edition, f.state.value, f.replaced_by) for f in rows["3.1"].editions] == [
        ("GB 5009.12-2010", "withdrawn", "GB 5009.12-2017")]
    assert [n for n, r in rows.items() if r.editions] == ["3.1"]

    _sample(lab, people, catalogue, "生乳", [("铅", "GB 5009.12-2010")])
    audit = lab.scope.period_audit(date(2026, 3, 1), date(2026, 3, 31), today=MARCH)
    assert [(e.flag.edition, e.flag.state.value, e.parameter, e.tests, e.first) for e in audit.editions_in_use] == [
        ("GB 5009.12-2010", "withdrawn", "铅", 1, MARCH)]
    assert [(r.kind, r.row, r.flag.edition) for r in audit.table_editions] == [("CATL", "3.1", "GB 5009.12-2010")]


def test_an_edition_replaced_but_not_yet_withdrawn_is_flagged_from_the_day_its_successor_applies(lab, lab_engine):
    from lims.db.models import Standard

    with make_session_factory(lab_engine).begin() as s:
        old = s.scalar(select(Standard).where(Standard.number == "GB 5009.12", Standard.year == "2017"))
        new = Standard(number="GB 5009.12", year="2026", title="食品中铅的测定", kind="method",
                       in_force_from=date(2026, 6, 1))
        s.add(new)
        s.flush()
        old.replaced_by_id = new.id
    assert lab.scope.check("生乳", "铅", "GB 5009.12-2017", date(2026, 5, 31)).edition_flag is None
    flag = lab.scope.check("生乳", "铅", "GB 5009.12-2017", date(2026, 6, 1)).edition_flag
    assert (flag.state.value, flag.replaced_by, flag.describe()) == (
        "replaced", "GB 5009.12-2026", "replaced by GB 5009.12-2026")


def test_approving_warns_of_tests_outside_the_scope_with_their_reasons(lab, people, catalogue):
    sample = _sample(lab, people, catalogue, "韭菜", [("多菌灵", "GB 23200.121-2021"), ("毒死蜱", "GB 23200.113-2018"),
                                                       ("铅", "GB 5009.12-2010")])
    warnings = lab.scope.approval_warnings(sample.id)
    assert [w.parameter for w in warnings] == ["多菌灵", "铅"]
    carbendazim, lead = warnings
    assert (carbendazim.cma.verdict, carbendazim.cma.reason, carbendazim.cma.detail) == (
        "out", "limits_of_use", "只测水果")
    assert carbendazim.catl.verdict == "in" and carbendazim.edition is None
    assert (lead.cma.reason, lead.catl.reason, lead.edition.state.value) == ("category", "category", "withdrawn")
    code, by_code = lab.scope.approval_warnings_by_code(f" {sample.code.lower()}\r")
    assert code == sample.code and by_code == warnings
    inside = _sample(lab, people, catalogue, "韭菜", [("毒死蜱", "GB 23200.113-2018")])
    assert lab.scope.approval_warnings(inside.id) == []


def test_the_period_audit_in_excel_a_sheet_per_section(lab, lab_engine, people, catalogue, tmp_path):
    # one report issued today, honestly marked; then its stored data altered to claim a mark
    sample = approved_sample(lab, catalogue, people)
    issued = lab.reports.issue(people["signer"], sample.id, tmp_path, password=PW)
    march = _sample(lab, people, catalogue, "韭菜", [("啶虫脒", "GB 23200.121-2021")])
    _sample(lab, people, catalogue, "生乳", [("铅", "GB 5009.12-2010")])
    today = lab.scope.today()
    start = MARCH - timedelta(days=4)
    clean = lab.scope.period_audit(start, today)
    assert (clean.wrong_marks, clean.reports_checked) == ((), 1)

    with make_session_factory(lab_engine).begin() as s:
        report = s.scalar(select(Report).where(Report.number == issued.number))
        data = json.loads(report.data_json)
        for row in data["report"]["rows"]:
            if row["parameter"] == "啶虫脒":  # not in the CMA scope: the mark should not cover it
                row["in_cma_scope"] = True
        s.execute(update(Report).where(Report.id == report.id).values(data_json=json.dumps(data, ensure_ascii=False)))

    # the demo signer may sign every panel's parameters; without dexamethasone's grant, a parameter
    # of the CATL scope has nobody to sign it
    grant = next(e for e in lab.master.page(EntryFilter("人员授权", "地塞米松"), 0, 10).rows if "signer" in e.cells)
    lab.master.retire(people["manager"], "人员授权", grant.id, grant.version)

    files = lab.scope.write_audit(start, today, excel=tmp_path / "audit.xlsx", pdf=tmp_path / "audit.pdf",
                                  expiring_within=200, today=date(2026, 11, 28))
    sheets = pd.read_excel(tmp_path / "audit.xlsx", sheet_name=None, dtype=str)
    assert list(sheets) == ["概要", "超范围检测", "超范围检测明细", "标志使用错误", "证书到期", "废止版本使用",
                            "授权缺口", "覆盖情况", "扩项建议"]
    summary = dict(zip(sheets["概要"]["项目"], sheets["概要"]["内容"], strict=True))
    assert summary["标志使用错误的报告（应为 0）"] == "1"

    outside = sheets["超范围检测"]
    acetamiprid = outside[(outside["检测项目"] == "啶虫脒") & (outside["证书"] == "CMA")]
    assert acetamiprid[["产品", "结论", "原因"]].values.tolist() == [["韭菜", "超范围", "附表无此参数/方法"]]
    assert acetamiprid["检测项次"].astype(int).sum() == 2  # the report's sample and the March one
    detail = sheets["超范围检测明细"]
    assert march.code in set(detail["样品编号"])
    assert detail[detail["样品编号"] == march.code][["检测项目", "CMA", "CATL"]].values.tolist() == [
        ["啶虫脒", "超范围：附表无此参数/方法", "在范围内"]]

    marks = sheets["标志使用错误"]
    assert marks[["报告编号", "证书", "检测项目", "问题"]].values.tolist() == [
        [issued.number, "CMA", "啶虫脒", "该项目不在标志所属证书范围内"]]
    assert marks.iloc[0]["说明"].startswith("附表无此参数/方法")  # in words, not the reason's code

    expiring = sheets["证书到期"]
    assert expiring[["证书", "证书编号", "剩余天数"]].values.tolist() == [["CATL", CATL, "111"]]

    editions = sheets["废止版本使用"]
    assert editions[["来源", "方法版本", "状态", "代替版本"]].values.tolist() == [
        ["检测", "GB 5009.12-2010", "已废止", "GB 5009.12-2017"],
        ["能力附表", "GB 5009.12-2010", "已废止", "GB 5009.12-2017"]]
    assert editions.iloc[1]["检测项目/附表行"] == "3.1 铅"

    gaps = sheets["授权缺口"]
    signer = gaps[gaps["人员"] == "signer"]
    assert signer[signer["检测项目"] == "敌敌畏"][["问题", "证书"]].values.tolist() == [
        ["授权签字范围超出证书能力范围", "CMA、CATL"]]
    assert signer[signer["检测项目"] == "敌敌畏"]["说明"].iloc[0].split("；")[0].startswith("CMA：附表无此参数/方法")
    assert not any(code in " ".join(gaps["说明"].dropna()) for code in ("no_row", "category", "limits_of_use"))
    assert signer[signer["检测项目"] == "啶虫脒"]["证书"].tolist() == ["CMA"]
    nobody = gaps[gaps["问题"] == "范围内的参数无人被授权签字"]
    assert nobody["检测项目"].tolist() == ["地塞米松"]

    coverage = sheets["覆盖情况"]
    assert len(coverage) == 14 and set(coverage["产品"]) == {"牛肉", "羊肉", "韭菜", "芹菜"}
    leek = coverage[(coverage["产品"] == "韭菜") & (coverage["检测项目"] == "啶虫脒")].iloc[0]
    assert (leek["CMA"], leek["CATL"], int(leek["检测项次"])) == ("超范围：附表无此参数/方法", "在范围内", 2)

    ranked = sheets["扩项建议"]
    first = ranked.iloc[0]
    assert (first["排序"], first["产品"], first["检测项目"], first["监管要求"], first["缺少的证书范围"]) == (
        "1", "韭菜", "啶虫脒", "是", "CMA")
    # required pairs come before the rest, whatever their volume
    assert ranked["监管要求"].tolist() == sorted(ranked["监管要求"].tolist(), key=lambda v: v != "是")

    assert files.outside_rows == len(detail)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "audit.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "检验检测能力范围审核摘要" in text and "建议优先扩项" in text and "啶虫脒" in text
        pages = subprocess.run(["pdfinfo", str(tmp_path / "audit.pdf")], capture_output=True, text=True).stdout
        assert "Pages:           1" in pages


def test_the_period_audit_refuses_a_period_ending_before_it_starts_and_a_file_of_another_kind(lab, tmp_path):
    with pytest.raises(ValidationError, match="ends \\(2026-01-01\\) before it starts"):
        lab.scope.period_audit(date(2026, 2, 1), date(2026, 1, 1))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError, match=re.escape("with .xlsx at the end")):
        lab.scope.write_audit(date(2026, 1, 1), date(2026, 2, 1), excel=out / "audit.csv", pdf=out / "audit.pdf")
    assert list(out.iterdir()) == []


def test_required_parameters_are_edited_per_product_and_audited(lab, people):
    seeded = [(r.product, r.parameter) for r in lab.scope.required() if r.product == "牛肉"]
    assert seeded == [("牛肉", "克伦特罗"), ("牛肉", "地塞米松")]
    rows = lab.scope.set_required(people["manager"], "牛肉", ["克伦特罗", "莱克多巴胺"], "2027年监测方案")
    # the list as the new plan gives it: the source of a parameter kept is the new plan's too
    assert [(r.parameter, r.source) for r in rows] == [("克伦特罗", "2027年监测方案"), ("莱克多巴胺", "2027年监测方案")]
    events = lab.audit.page(AuditFilter(entity="required_parameter")).rows
    assert sorted((e.action, str(e.changes.get("parameter") or e.changes.get("source"))) for e in events[:3]) == [
        ("create", "[None, '莱克多巴胺']"), ("delete", "['地塞米松', None]"),
        ("update", "['2022年旗县例行监测方案（演示）', '2027年监测方案']")]
    with pytest.raises(PermissionDenied):
        lab.scope.set_required(people["tech1"], "牛肉", [], "")
    with pytest.raises(NotFound, match="No parameter '不存在的参数' in the catalogue"):
        lab.scope.set_required(people["manager"], "牛肉", ["不存在的参数"], "")
    assert [r.parameter for r in lab.scope.required() if r.product == "牛肉"] == ["克伦特罗", "莱克多巴胺"]


def test_an_alias_is_edited_and_removed_with_a_reason_both_audited(lab, people):
    manager = people["manager"]
    row = next(a for a in lab.scope.alias_rows() if a.alias == "瘦肉精")
    edited = lab.scope.edit_alias(manager, row.id, row.version, "parameter", "瘦肉精类", "克伦特罗", "统一写法")
    assert (edited.alias, edited.version) == ("瘦肉精类", row.version + 1)
    with pytest.raises(ConcurrentEditError):
        lab.scope.edit_alias(manager, row.id, row.version, "parameter", "瘦肉精", "克伦特罗")
    with pytest.raises(ValidationError, match="already stands for"):
        lab.scope.edit_alias(manager, row.id, edited.version, "parameter", "盐酸克伦特罗", "克伦特罗")
    with pytest.raises(ValidationError, match="Give the reason"):
        lab.scope.remove_alias(manager, row.id, edited.version, " ")
    with pytest.raises(PermissionDenied):
        lab.scope.remove_alias(people["tech1"], row.id, edited.version, "不用")
    # 呋喃丹 counts as 克百威 until its alias is removed
    assert lab.scope.check("韭菜", "克百威", "GB 23200.121-2021", MARCH).cma.verdict.value == "in"
    furadan = next(a for a in lab.scope.alias_rows() if a.alias == "呋喃丹")
    lab.scope.remove_alias(manager, furadan.id, furadan.version, "附表已写明呋喃丹")
    assert "呋喃丹" not in {a.alias for a in lab.scope.alias_rows()}
    events = lab.audit.page(AuditFilter(entity="scope_alias")).rows
    assert [(e.action, e.reason) for e in events[:2]] == [("delete", "附表已写明呋喃丹"), ("update", "统一写法")]
    assert events[0].changes["alias"] == ["呋喃丹", None]


@pytest.mark.parametrize("moment", [datetime(2026, 3, 5, 23, 30, tzinfo=CST)])
def test_a_test_without_a_test_date_is_counted_on_its_lab_day(lab, people, catalogue, moment):
    # 23:30 in the lab is 15:30 UTC of the same day: the audit of that day counts it
    _sample(lab, people, catalogue, "韭菜", [("毒死蜱", "GB 23200.113-2018")], sampled_at=moment)
    assert lab.scope.period_audit(MARCH, MARCH, today=MARCH).tests == 1
    assert lab.scope.period_audit(MARCH + timedelta(days=1), MARCH + timedelta(days=1), today=MARCH).tests == 0


def test_a_mark_printed_for_a_test_by_a_withdrawn_edition_is_named_in_the_audit_workbook_in_chinese(
        lab, lab_engine, people, catalogue, tmp_path):
    from lims.db.models import Standard

    sample = approved_sample(lab, catalogue, people)
    issued = lab.reports.issue(people["signer"], sample.id, tmp_path, password=PW)
    with make_session_factory(lab_engine).begin() as s:  # the catalogue learns the edition was withdrawn
        old = s.scalar(select(Standard).where(Standard.number == "GB 23200.113", Standard.year == "2018"))
        new = Standard(number="GB 23200.113", year="2025", title=old.title, kind="method",
                       in_force_from=date(2025, 7, 1))
        s.add(new)
        s.flush()
        old.in_force_to, old.replaced_by_id = date(2025, 12, 31), new.id
    start, today = MARCH - timedelta(days=4), lab.scope.today()
    found = lab.scope.period_audit(start, today)
    marks = {(w.kind, w.parameter): w.detail for w in found.wrong_marks if w.report == issued.number}
    assert marks[("CMA", "毒死蜱")] == "withdrawn after 2025-12-31, replaced by GB 23200.113-2025"  # the JSON's
    assert found.as_json()["wrong_marks"][0]["detail"] == "withdrawn after 2025-12-31, replaced by GB 23200.113-2025"

    lab.scope.write_audit(start, today, excel=tmp_path / "audit.xlsx")
    sheet = pd.read_excel(tmp_path / "audit.xlsx", sheet_name="标志使用错误", dtype=str)
    notice = "已废止（2025-12-31 之后），已由 GB 23200.113-2025 代替"  # worded as the Scope page shows it
    chlorpyrifos = sheet[(sheet["检测项目"] == "毒死蜱") & (sheet["证书"] == "CMA")]
    assert chlorpyrifos[["方法", "问题", "说明"]].values.tolist() == [
        ["GB 23200.113-2018", "方法版本在检测日已废止或被代替", notice]]
    assert len(sheet) == len(marks) and set(sheet["说明"]) == {notice}
