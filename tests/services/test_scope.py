"""The scope as a manager meets it: certificates kept with an audit trail, a verdict for each
certificate on every test, ability tables imported from messy Excel files (previewed first,
refused whole) and exported again, and the scope audit."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from lims.db.engine import make_session_factory
from lims.db.models import AbilityTable, ScopeRow
from lims.domain.errors import ConcurrentEditError, ImportRejected, PermissionDenied, ValidationError
from lims.domain.scope import DEFAULT_ALIASES
from lims.services.dto import AuditFilter
from lims.services.scope import CertificateForm
from tests.services.scope_workbooks import messy_table

CMA = "221505990117"
CATL = "［2024］农质检核（蒙）字第0045号"
MARCH = date(2026, 3, 5)


def _verdicts(lab, product, parameter, method, on=MARCH):
    found = lab.scope.check(product, parameter, method, on)
    return tuple((v.verdict.value, v.reason.value if v.reason else None) for v in (found.cma, found.catl))


def test_every_database_starts_with_the_common_aliases(lab):
    assert set(lab.scope.aliases()) == set(DEFAULT_ALIASES)


@pytest.mark.parametrize(("product", "parameter", "method", "expected"), [
    ("韭菜", "毒死蜱", "GB 23200.113-2018", (("in", None), ("in", None))),
    ("韭菜", "毒死蜱", "GB 23200.113-2026", (("out", "edition"), ("out", "edition"))),
    ("韭菜", "呋喃丹", "GB 23200.121-2021", (("in", None), ("in", None))),
    ("韭菜", "多菌灵", "GB 23200.121-2021", (("out", "limits_of_use"), ("in", None))),
    ("葡萄", "多菌灵", "GB 23200.121-2021", (("in", None), ("out", "limits_of_use"))),
    ("牛肉", "克伦特罗", "GB/T 22286-2008", (("in", None), ("in", None))),
    ("牛肉", "克伦特罗", "KJ 201706-2017", (("out", "no_row"), ("out", "no_row"))),
    ("生乳", "铅", "GB 5009.12-2017", (("in", None), ("out", "edition"))),
    ("小麦", "毒死蜱", "GB 23200.113-2018", (("out", "category"), ("out", "category"))),
    ("韭菜", "有机磷和氨基甲酸酯类农药", "GB/T 5009.199-2003", (("review", "limits_of_use"), ("out", "no_row"))),
])
def test_the_demo_certificates_judge_tests_on_their_date(lab, product, parameter, method, expected):
    assert _verdicts(lab, product, parameter, method) == expected


def test_a_check_after_the_catl_certificate_expired_says_so(lab):
    found = lab.scope.check("韭菜", "毒死蜱", "GB 23200.113-2018", date(2027, 3, 20))
    assert found.as_json()["CATL"]["reason"] == "expired"
    assert found.as_json()["CMA"] == {"verdict": "in", "reason": None, "certificate": CMA, "row": "1.1",
                                      "row_name": "﹡△毒死蜱", "table_version": 1, "detail": ""}


def test_a_method_without_a_year_is_refused(lab):
    with pytest.raises(ValidationError, match="names no method standard with its year"):
        lab.scope.check("韭菜", "毒死蜱", "GB 23200.113", MARCH)


def test_the_sample_read_model_carries_both_verdicts_for_each_test(lab, people, catalogue):
    tech = people["tech1"]
    sample = lab.work.register(tech, catalogue.form("韭菜"))
    sample = lab.work.add_test(tech, sample.id, sample.version, catalogue.parameters["多菌灵"],
                               catalogue.methods[("多菌灵", "GB 23200.121-2021")])
    sample = lab.work.add_test(tech, sample.id, sample.version, catalogue.parameters["毒死蜱"],
                               catalogue.methods[("毒死蜱", "NY/T 761-2008")])
    by_parameter = {t.parameter: t for t in sample.tests}
    carbendazim = by_parameter["多菌灵"]
    assert (carbendazim.scope_cma.verdict, carbendazim.scope_cma.reason, carbendazim.scope_cma.row) == (
        "out", "limits_of_use", "1.8")
    assert carbendazim.scope_cma.detail == "只测水果"
    assert (carbendazim.scope_catl.verdict, carbendazim.scope_catl.row) == ("in", "1.7")
    chlorpyrifos = by_parameter["毒死蜱"]
    assert (chlorpyrifos.scope_cma.verdict, chlorpyrifos.scope_cma.reason) == ("out", "no_row")
    assert lab.scope.verdicts(sample.id)[carbendazim.id] == (carbendazim.scope_cma, carbendazim.scope_catl)


def _form(**changes):
    values = dict(kind="CMA", number="231505990200", holder="演示检测站", issued_on=date(2026, 1, 1),
                  valid_until=date(2031, 12, 31))
    values.update(changes)
    return CertificateForm(**values)


def test_a_manager_adds_and_edits_a_certificate_and_both_are_audited(lab, people):
    manager = people["manager"]
    added = lab.scope.add_certificate(manager, _form())
    assert (added.kind, added.renewal_lead_days, added.table_version) == ("CMA", 90, None)
    edited = lab.scope.edit_certificate(manager, added.id, added.version, _form(holder="演示检测站（新址）"),
                                        reason="地址变更")
    assert edited.holder == "演示检测站（新址）" and edited.renewal_lead_days == 90
    events = lab.audit.page(AuditFilter(entity="certificate")).rows
    mine = [e for e in events if e.entity_id == str(added.id)]
    assert {e.action for e in mine} == {"create", "update"}
    with pytest.raises(ConcurrentEditError):
        lab.scope.edit_certificate(manager, added.id, added.version, _form(holder="又改"))


def test_who_may_not_manage_the_scope_and_what_is_refused(lab, people):
    with pytest.raises(PermissionDenied, match="holds no role that may change the certificates and their scope"):
        lab.scope.add_certificate(people["tech1"], _form())
    with pytest.raises(ValidationError, match="already recorded"):
        lab.scope.add_certificate(people["manager"], _form(number=" 221505990117 "))
    with pytest.raises(ValidationError, match="valid until a day after"):
        lab.scope.add_certificate(people["manager"], _form(valid_until=date(2025, 1, 1)))
    with pytest.raises(ValidationError, match="CMA or CATL"):
        lab.scope.add_certificate(people["manager"], _form(kind="ISO"))


def _table_count(lab_engine):
    with make_session_factory(lab_engine)() as s:
        return s.scalar(select(func.count(AbilityTable.id))), s.scalar(select(func.count(ScopeRow.id)))


def test_a_messy_table_is_previewed_as_understood(lab, tmp_path):
    preview = lab.scope_tables.preview(messy_table(tmp_path / "cma.xlsx"), CMA)
    assert preview.ok and preview.printed_certificate == CMA
    assert (preview.approved_on, preview.approved_from_file) == (date(2026, 7, 1), True)
    rows = {r.number: r for r in preview.rows}
    assert [(r.number, r.category) for r in preview.rows if r.category == "product"] == [
        ("1", "product"), ("2", "product")]
    assert (rows["1"].name, rows["2"].name) == ("蔬菜、水果", "畜禽肉及副产品")
    assert (rows["1.1"].main, rows["1.1"].methods, rows["1.1"].section) == (
        "毒死蜱", ("GB 23200.113-2018",), "蔬菜、水果")
    assert rows["1.2"].aliases == ("速克灵",)
    assert (rows["1.3"].aliases, rows["1.3"].includes) == (("呋喃丹",), ("3-羟基克百威",))
    assert rows["2.1"].methods == ("农业部1077号公告-1-2008",) and rows["2.1"].section == "畜禽肉及副产品"
    assert rows["2.2"].methods == ("NY/T 468-2006", "GB/T 22286-2008")
    assert (rows["1.4"].limits_of_use, rows["1.4"].limits_understood) == ("只测肌肉", True)
    assert preview.problems == ()


def test_an_imported_table_is_a_new_version_in_force_from_its_approval_date(lab, lab_engine, people, tmp_path):
    before = _table_count(lab_engine)
    done = lab.scope_tables.import_table(people["manager"], messy_table(tmp_path / "cma.xlsx"), CMA)
    assert (done.version_no, done.approved_on, done.parameters) == (2, date(2026, 7, 1), 6)
    assert _table_count(lab_engine)[0] == before[0] + 1
    # before the approval date version 1 answers, from it version 2
    assert _verdicts(lab, "韭菜", "啶虫脒", "GB 23200.121-2021", date(2026, 6, 30))[0] == ("out", "no_row")
    assert _verdicts(lab, "韭菜", "啶虫脒", "GB 23200.121-2021", date(2026, 7, 1))[0] == ("review", "limits_of_use")
    assert _verdicts(lab, "牛肉", "磺胺类", "农业部1077号公告-1-2008", date(2026, 7, 2))[0] == ("in", None)
    # 多菌灵 is not in the new version
    assert _verdicts(lab, "葡萄", "多菌灵", "GB 23200.121-2021", date(2026, 7, 2))[0] == ("out", "no_row")
    events = lab.audit.page(AuditFilter(entity="certificate")).rows
    assert any("cma.xlsx" in str(e.changes) for e in events)


def test_a_table_printing_another_certificate_number_is_refused_and_nothing_is_stored(
        lab, lab_engine, people, tmp_path):
    before = _table_count(lab_engine)
    other = messy_table(tmp_path / "other.xlsx", certificate="221505990999")
    with pytest.raises(ValidationError, match="ability table of certificate 221505990999, not of 221505990117"):
        lab.scope_tables.import_table(people["manager"], other, CMA)
    assert _table_count(lab_engine) == before


def test_a_table_with_rows_not_understood_is_refused_whole_with_their_cells(lab, lab_engine, people, tmp_path):
    before = _table_count(lab_engine)
    bad = messy_table(tmp_path / "bad.xlsx", extra_rows=[
        ["2.3", None, "沙丁胺醇", "液相色谱-串联质谱法", None, None, None],
        ["2.4", None, None, "GB/T 22286-2008", None, None, None],
        ["二.5", None, "氯霉素", "GB/T 22338-2008", None, None, None],
    ])
    preview = lab.scope_tables.preview(bad, CMA)
    assert [(p.row, p.column) for p in preview.problems] == [(10, "D"), (11, "C"), (12, "A")]
    assert "No method standard with its year" in str(preview.problems[0])
    with pytest.raises(ImportRejected, match="3 row\\(s\\) were not understood; nothing was imported"):
        lab.scope_tables.import_table(people["manager"], bad, CMA)
    assert _table_count(lab_engine) == before


def test_a_table_without_an_approval_date_needs_one(lab, people, tmp_path):
    undated = messy_table(tmp_path / "undated.xlsx", approved=None)
    with pytest.raises(ValidationError, match="states no approval date"):
        lab.scope_tables.import_table(people["manager"], undated, CMA)
    done = lab.scope_tables.import_table(people["manager"], undated, CMA, approved=date(2026, 8, 1))
    assert done.approved_on == date(2026, 8, 1)


def test_a_technician_may_not_import_a_table(lab, people, tmp_path):
    with pytest.raises(PermissionDenied):
        lab.scope_tables.import_table(people["tech1"], messy_table(tmp_path / "cma.xlsx"), CMA)


def test_an_exported_table_imports_again_row_for_row(lab, people, tmp_path):
    out = tmp_path / "catl.xlsx"
    assert lab.scope_tables.export_table(CATL, out) == 19
    preview = lab.scope_tables.preview(out, CATL)
    assert preview.ok and preview.approved_on == date(2024, 3, 20) and len(preview.rows) == 19
    assert [(r.number, r.name, r.limits_of_use) for r in preview.rows][:3] == [
        ("1", "蔬菜、水果", ""), ("1.1", "毒死蜱", ""), ("1.2", "腐霉利", "")]
    done = lab.scope_tables.import_table(people["manager"], out, CATL)
    assert done.version_no == 2
    assert _verdicts(lab, "生乳", "铅", "GB 5009.12-2017", date(2026, 3, 5)) == (("in", None), ("out", "edition"))


def test_the_scope_audit_counts_verdicts_and_reasons_and_names_certificates_due(lab, people, catalogue):
    tech = people["tech1"]
    for tests in ((("多菌灵", "GB 23200.121-2021"), ("毒死蜱", "GB 23200.113-2018")),
                  (("毒死蜱", "NY/T 761-2008"),)):
        sample = lab.work.register(tech, catalogue.form("韭菜"))
        for parameter, method in tests:
            sample = lab.work.add_test(tech, sample.id, sample.version, catalogue.parameters[parameter],
                                       catalogue.methods[(parameter, method)])
    report = lab.scope.audit(days=30, today=date(2026, 3, 20))
    assert report.tests == 3
    assert report.verdicts == {"CMA": {"out": 2, "in": 1}, "CATL": {"in": 2, "out": 1}}
    assert report.reasons == {"CMA": {"limits_of_use": 1, "no_row": 1}, "CATL": {"no_row": 1}}
    assert {(o.parameter, o.kind, o.reason) for o in report.outside} == {
        ("多菌灵", "CMA", "limits_of_use"), ("毒死蜱", "CMA", "no_row"), ("毒死蜱", "CATL", "no_row")}
    assert report.expiring == ()
    later = lab.scope.audit(days=30, today=date(2026, 11, 1))
    assert later.tests == 0
    assert [(c.kind, c.days_left) for c in later.expiring] == [("CATL", 138)]


def test_an_alias_the_lab_adds_changes_the_verdict_and_is_audited(lab, people, tmp_path):
    manager = people["manager"]
    renewed = "［2027］农质检核（蒙）字第0101号"
    lab.scope.add_certificate(manager, _form(kind="CATL", number=renewed, issued_on=date(2027, 3, 20),
                                             valid_until=date(2030, 3, 19)))
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "类别", "名称", "依据的标准（方法）名称及编号（含年号）", "限制范围"])
    sheet.append(["1", "肉类及肉制品", "克伦特罗", "GB/T 22286-2008", ""])
    book.save(tmp_path / "catl.xlsx")
    lab.scope_tables.import_table(manager, tmp_path / "catl.xlsx", renewed, approved=date(2027, 3, 20))
    april = date(2027, 4, 1)
    assert _verdicts(lab, "牛肉", "克伦特罗", "GB/T 22286-2008", april)[1] == ("out", "category")
    lab.scope.add_alias(manager, "category", "肉类及肉制品", "肉类")
    assert _verdicts(lab, "牛肉", "克伦特罗", "GB/T 22286-2008", april)[1] == ("in", None)
    with pytest.raises(PermissionDenied):
        lab.scope.add_alias(people["tech1"], "parameter", "乐果", "氧乐果")
    with pytest.raises(ValidationError, match="parameter, a product or a category"):
        lab.scope.add_alias(manager, "method", "x", "y")
    events = lab.audit.page(AuditFilter(entity="scope_alias")).rows
    assert [(e.action, e.changes["alias"][1]) for e in events] == [("create", "肉类及肉制品")]


def test_a_table_typed_with_kinds_and_three_level_numbers_reads_its_items(lab, people, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "类别", "名称", "依据的标准（方法）名称及编号（含年号）", "限制范围", "说明", "所在实验场所"])
    sheet.append(["1", "产品", "生乳（生鲜乳）", None, None, None, None])
    sheet.append(["1.1", "项目", "兽药残留", None, None, None, None])
    sheet.append(["1.1.1", "参数", "恩诺沙星", "GB/T 21312-2007", None, None, "仪器分析室"])
    sheet.append(["1.2", "项目", "蛋白质", "GB 5009.5-2016 第一法", "只用第一法", None, "理化室"])
    book.save(tmp_path / "cma.xlsx")
    preview = lab.scope_tables.preview(tmp_path / "cma.xlsx", CMA, approved=date(2026, 9, 1))
    assert [(r.number, r.category, r.section) for r in preview.rows] == [
        ("1", "product", ""), ("1.1", "item", "生乳（生鲜乳）"), ("1.1.1", "parameter", "生乳（生鲜乳）"),
        ("1.2", "item", "生乳（生鲜乳）")]
    assert preview.ok and [str(n) for n in preview.notes] == [(
        "row 5, column E (限制范围): The limits of use '只用第一法' cannot be checked against a test's data: "
        "its tests will need a person's review")]
    lab.scope_tables.import_table(people["manager"], tmp_path / "cma.xlsx", CMA, approved=date(2026, 9, 1))
    september = date(2026, 9, 2)
    assert _verdicts(lab, "生乳", "恩诺沙星", "GB/T 21312-2007", september)[0] == ("in", None)
    assert _verdicts(lab, "生乳", "蛋白质", "GB 5009.5-2016", september)[0] == ("review", "limits_of_use")
