"""Looking up the limit in force, and importing a lab's limit tables from Excel, as the person
at the bench and the technical manager see it."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from lims.db.engine import make_session_factory
from lims.db.models import Limit
from lims.domain.enums import LimitKind
from lims.domain.errors import ImportRejected, NotFound, PermissionDenied, ValidationError
from lims.services.dto import AuditFilter

LAST_DAY_OF_GB2763_2021 = date(2026, 2, 28)
FIRST_DAY_OF_GB2763_2026 = date(2026, 3, 1)
HEADER = ("产品", "参数", "限量值", "单位", "标准", "年号", "类型")
SOURCE = "GB 2763-2026 表1（正式文本，第4章）"


def write_table(path: Path, rows: Sequence[Sequence[object]], header: Sequence[object] | None = HEADER,
                above: Sequence[Sequence[object]] = ()) -> Path:
    """An .xlsx limit table as a lab would type it: optional title lines, a header, the rows."""
    book = Workbook()
    sheet = book.active
    for line in above:
        sheet.append(list(line))
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.fixture
def manager(people):
    return people["manager"]


def _limit_count(lab_engine) -> int:
    with make_session_factory(lab_engine)() as s:
        return s.scalar(select(func.count(Limit.id))) or 0


def _limit_events(services):
    return services.audit.page(AuditFilter(entity="limit")).rows


# --- lookup ----------------------------------------------------------------------------------

def test_leek_chlorpyrifos_is_judged_by_gb2763_2021_until_feb_28_and_by_the_2026_edition_from_march_1(lab):
    before = lab.limits.lookup("韭菜", "毒死蜱", LAST_DAY_OF_GB2763_2021)
    after = lab.limits.lookup("韭菜", "毒死蜱", FIRST_DAY_OF_GB2763_2026)
    assert before.has_basis and after.has_basis
    assert (before.standard_number, before.standard_year, before.value, before.unit) == (
        "GB 2763", "2021", Decimal("0.02"), "mg/kg")
    assert (after.standard_number, after.standard_year, after.value, after.unit) == (
        "GB 2763", "2026", Decimal("0.01"), "mg/kg")
    assert before.standard_ref == "GB 2763-2021" and after.standard_ref == "GB 2763-2026"
    assert before.kind == after.kind == LimitKind.MRL
    # the demo sets chlorpyrifos on vegetables as a whole, not on leek
    assert before.inherited_from == after.inherited_from == "蔬菜"
    assert after.is_demo and after.source.startswith("演示数据")
    assert after.product == "韭菜" and after.product_code == "LEEK" and after.parameter == "毒死蜱"


def test_a_limit_set_on_the_product_itself_wins_over_its_category_and_names_no_category(lab):
    celery = lab.limits.lookup("芹菜", "毒死蜱", FIRST_DAY_OF_GB2763_2026)
    assert celery.value == Decimal("0.05") and celery.inherited_from is None
    leek_procymidone = lab.limits.lookup("韭菜", "腐霉利", FIRST_DAY_OF_GB2763_2026)
    assert leek_procymidone.value == Decimal("0.1") and leek_procymidone.inherited_from is None


def test_a_limit_two_categories_up_names_the_category_it_is_set_on(lab):
    # maize -> 旱粮类 -> 谷物: lead is set on 谷物
    maize_lead = lab.limits.lookup("玉米", "铅", date(2026, 6, 1))
    assert maize_lead.value == Decimal("0.2") and maize_lead.inherited_from == "谷物"
    assert maize_lead.standard_ref == "GB 2762-2022"


@pytest.mark.parametrize("product, parameter", [
    (" 韭菜 ", "毒死蜱"),
    ("LEEK", "chlorpyrifos"),
    ("ｌｅｅｋ", "2921-88-2"),
    ("韭　菜", "﹡△毒死蜱"),
])
def test_names_and_codes_are_found_as_people_type_them(lab, product, parameter):
    found = lab.limits.lookup(product, parameter, FIRST_DAY_OF_GB2763_2026)
    assert (found.product, found.parameter, found.value) == ("韭菜", "毒死蜱", Decimal("0.01"))


@pytest.mark.parametrize("typed", ["速克灵", "腐霉利（速克灵）", "腐霉利(速克灵)", "procymidone"])
def test_a_parameter_answers_to_its_aliases_and_the_ability_tables_bracketed_form(lab, typed):
    assert lab.limits.lookup("韭菜", typed, FIRST_DAY_OF_GB2763_2026).parameter == "腐霉利"


def test_a_banned_substance_on_meat_must_not_be_detected(lab):
    found = lab.limits.lookup("牛肉", "瘦肉精", date(2026, 7, 1))
    assert found.has_basis and found.parameter == "克伦特罗"
    assert found.kind == LimitKind.NOT_DETECTABLE and found.value is None
    assert found.standard_ref == "农业农村部公告第250号-2019"
    assert found.inherited_from == "肉类"


def test_a_temporary_limit_is_marked_temporary(lab):
    found = lab.limits.lookup("葡萄", "吡虫啉", date(2026, 1, 10))
    assert found.temporary and found.kind == LimitKind.TEMPORARY
    assert found.standard_ref == "GB 2763.1-2022"
    assert not lab.limits.lookup("葡萄", "吡虫啉", FIRST_DAY_OF_GB2763_2026).temporary


def test_no_limit_anywhere_on_the_path_is_no_judgment_basis_not_an_error(lab):
    cashmere = lab.limits.lookup("羊绒", "毒死蜱", FIRST_DAY_OF_GB2763_2026)
    assert not cashmere.has_basis
    assert cashmere.value is None and cashmere.standard_ref == "" and cashmere.kind is None
    assert cashmere.product == "羊绒" and cashmere.parameter == "毒死蜱"
    # before GB 2763-2021 came into force (2021-09-03) the demo catalogue has no pesticide limit
    assert not lab.limits.lookup("韭菜", "毒死蜱", date(2021, 9, 2)).has_basis
    assert lab.limits.lookup("韭菜", "毒死蜱", date(2021, 9, 3)).has_basis


def test_an_unknown_product_names_what_was_typed_and_suggests_close_names(lab):
    with pytest.raises(NotFound) as caught:
        lab.limits.lookup("韭采", "毒死蜱", FIRST_DAY_OF_GB2763_2026)
    assert "韭采" in str(caught.value) and "韭菜" in str(caught.value)
    assert caught.value.template.startswith("No product")
    with pytest.raises(NotFound, match=r"No product '火星土豆' in the catalogue$"):
        lab.limits.lookup("火星土豆", "毒死蜱", FIRST_DAY_OF_GB2763_2026)


def test_an_unknown_parameter_names_what_was_typed(lab):
    with pytest.raises(NotFound, match=r"No parameter '毒死蜱蜱'.*did you mean 毒死蜱"):
        lab.limits.lookup("韭菜", "毒死蜱蜱", FIRST_DAY_OF_GB2763_2026)


# --- import ----------------------------------------------------------------------------------

def test_a_good_table_is_imported_with_its_source_and_an_audit_event_per_limit(lab, manager, tmp_path):
    table = write_table(tmp_path / "gb2763-2026.xlsx", [
        ("马铃薯", "毒死蜱", 0.02, "mg/kg", "GB 2763", 2026, None),
        ("ＰＯＴＡＴＯ", "氧化乐果", "０.０２", "毫克/千克", "GB 2763-2026", None, None),
        (),  # a blank line in the middle is not a row
        ("牛肉", "氯霉素", "不得检出", "µg/kg", "农业农村部公告第250号", 2019, None),
        ("马铃薯", "吡虫啉", "0.5*", "mg/kg", "GB 2763", 2026, None),
    ], above=[("马铃薯农药残留限量（摘自 GB 2763-2026）",)])
    events_before = len(_limit_events(lab))
    report = lab.limits.import_excel(manager, table, SOURCE)
    assert (report.rows, report.created, report.updated, report.unchanged, report.problems) == (4, 4, 0, 0, ())

    potato = lab.limits.lookup("马铃薯", "毒死蜱", date(2026, 6, 1))
    assert potato.value == Decimal("0.02") and potato.inherited_from is None
    assert potato.source == SOURCE and not potato.is_demo
    assert lab.limits.lookup("马铃薯", "氧乐果", date(2026, 6, 1)).value == Decimal("0.02")
    assert lab.limits.lookup("马铃薯", "吡虫啉", date(2026, 6, 1)).temporary
    beef = lab.limits.lookup("牛肉", "氯霉素", date(2026, 6, 1))
    assert beef.kind == LimitKind.NOT_DETECTABLE and beef.inherited_from is None and beef.source == SOURCE

    events = _limit_events(lab)
    assert len(events) == events_before + 4
    imported = events[:4]  # newest first: this import's events, after the demo's own
    assert {e.actor for e in imported} == {"manager"}
    created = [e for e in imported if e.action == "create"]
    first = next(e for e in created if e.changes["parameter"] == [None, "毒死蜱"])
    assert first.changes["value"] == [None, "0.02"] and first.changes["is_demo"] == [None, False]
    assert first.changes["standard"] == [None, "GB 2763-2026"] and first.changes["source"] == [None, SOURCE]
    assert lab.audit.verify().ok


def test_bad_rows_are_each_named_by_row_and_column_and_nothing_is_imported(lab, manager, lab_engine, tmp_path):
    table = write_table(tmp_path / "bad.xlsx", [
        ("马铃薯", "毒死蜱", 0.02, "mg/kg", "GB 2763", 2026, None),  # row 2: good
        ("韭采", "毒死蜱", 0.02, "mg/kg", "GB 2763", 2026, None),  # row 3: unknown product
        ("马铃薯", "毒死蜱蜱", 0.02, "mg/kg", "GB 2763", 2026, None),  # row 4: unknown parameter
        ("马铃薯", "氧乐果", 0.02, "mg/kg", "GB 2763", 2019, None),  # row 5: unknown edition
        ("马铃薯", "克百威", "约0.02", "mg/kg", "GB 2763", 2026, None),  # row 6: not a number
        ("马铃薯", "甲拌磷", 0.01, "ppm", "GB 2763", 2026, None),  # row 7: unknown unit
    ])
    count_before, events_before = _limit_count(lab_engine), len(_limit_events(lab))
    with pytest.raises(ImportRejected) as caught:
        lab.limits.import_excel(manager, table, SOURCE)
    where = [(p.row, p.column, p.header) for p in caught.value.problems]
    assert where == [(3, "A", "产品"), (4, "B", "参数"), (5, "F", "年号"), (6, "C", "限量值"), (7, "D", "单位")]
    messages = [str(p) for p in caught.value.problems]
    assert "韭采" in messages[0] and "韭菜" in messages[0]
    assert "毒死蜱蜱" in messages[1]
    assert "2019" in messages[2] and "GB 2763-2021, GB 2763-2026" in messages[2]
    assert "'约0.02' is not a number" in messages[3]
    assert "ppm" in messages[4]
    assert messages[0].startswith("row 3, column A (产品): ")
    assert "5 of 6 row(s) have problems; nothing was imported" in str(caught.value)
    assert _limit_count(lab_engine) == count_before and len(_limit_events(lab)) == events_before
    # the good row 2 was not imported either: potato still inherits chlorpyrifos from vegetables
    assert lab.limits.lookup("马铃薯", "毒死蜱", date(2026, 6, 1)).inherited_from == "蔬菜"


def test_only_good_imports_the_good_rows_and_reports_the_bad_ones(lab, manager, lab_engine, tmp_path):
    table = write_table(tmp_path / "mixed.xlsx", [
        ("马铃薯", "毒死蜱", 0.02, "mg/kg", "GB 2763", 2026, None),
        ("韭采", "毒死蜱", 0.02, "mg/kg", "GB 2763", 2026, None),
        ("马铃薯", "氧乐果", 0.03, "mg/kg", "GB 2763", 2026, "最大残留限量"),
        ("马铃薯", "克百威", 0.02, "mg/kg", "GB 2763", 2026, "maybe"),
    ])
    count_before = _limit_count(lab_engine)
    report = lab.limits.import_excel(manager, table, SOURCE, only_good=True)
    assert (report.rows, report.created, report.imported) == (4, 2, 2)
    assert [(p.row, p.column) for p in report.problems] == [(3, "A"), (5, "G")]
    assert "Unknown limit kind 'maybe'" in str(report.problems[1])
    assert _limit_count(lab_engine) == count_before + 2
    assert lab.limits.lookup("马铃薯", "氧乐果", date(2026, 6, 1)).value == Decimal("0.03")
    # the bad row was left out: potato still inherits carbofuran from vegetables
    assert lab.limits.lookup("马铃薯", "克百威", date(2026, 6, 1)).inherited_from == "蔬菜"


def test_an_existing_limit_is_updated_with_old_and_new_in_its_audit_event(lab, manager, lab_engine, tmp_path):
    demo = lab.limits.lookup("韭菜", "腐霉利", FIRST_DAY_OF_GB2763_2026)
    assert demo.value == Decimal("0.1") and demo.is_demo
    table = write_table(tmp_path / "leek.xlsx", [("韭菜", "腐霉利", 0.2, "mg/kg", "GB 2763", 2026, None)])
    count_before = _limit_count(lab_engine)
    report = lab.limits.import_excel(manager, table, SOURCE)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert _limit_count(lab_engine) == count_before

    now = lab.limits.lookup("韭菜", "腐霉利", FIRST_DAY_OF_GB2763_2026)
    assert now.limit_id == demo.limit_id
    assert now.value == Decimal("0.2") and not now.is_demo and now.source == SOURCE
    event = _limit_events(lab)[0]
    assert (event.action, event.entity_id, event.actor) == ("update", str(demo.limit_id), "manager")
    assert event.changes["value"] == ["0.1", "0.2"]
    assert event.changes["is_demo"] == [True, False]
    assert event.changes["source"] == [demo.source, SOURCE]
    assert "unit" not in event.changes and "kind" not in event.changes
    assert "leek.xlsx" in event.reason and "韭菜" in event.reason
    # the 2021 edition's limit is untouched
    assert lab.limits.lookup("韭菜", "腐霉利", LAST_DAY_OF_GB2763_2021).value == Decimal("0.2")
    assert lab.limits.lookup("韭菜", "腐霉利", LAST_DAY_OF_GB2763_2021).is_demo

    # the same table again changes nothing and writes no event
    events = len(_limit_events(lab))
    again = lab.limits.import_excel(manager, table, SOURCE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert len(_limit_events(lab)) == events


def test_english_headers_and_a_standard_number_with_its_year_are_accepted(lab, manager, tmp_path):
    table = write_table(tmp_path / "en.xlsx", [("potato", "lead", "0.1", "mg/kg", "GB 2762-2022")],
                        header=("Product", "Parameter", "Value", "Unit", "Standard"))
    assert lab.limits.import_excel(manager, table, SOURCE).created == 1
    assert lab.limits.lookup("马铃薯", "铅", date(2026, 6, 1)).inherited_from is None


def test_a_row_repeated_in_the_file_is_reported_on_the_second_row(lab, manager, tmp_path):
    table = write_table(tmp_path / "twice.xlsx", [
        ("马铃薯", "毒死蜱", 0.02, "mg/kg", "GB 2763", 2026, None),
        ("马铃薯", "毒死蜱", 0.05, "mg/kg", "GB 2763", 2026, None),
    ])
    with pytest.raises(ImportRejected) as caught:
        lab.limits.import_excel(manager, table, SOURCE)
    assert [p.row for p in caught.value.problems] == [3]
    assert "repeats the limit of row 2" in str(caught.value.problems[0])


def test_a_table_without_a_unit_column_is_refused_naming_the_column(lab, manager, tmp_path):
    table = write_table(tmp_path / "nounit.xlsx", [("马铃薯", "毒死蜱", 0.02, "GB 2763", 2026)],
                        header=("产品", "参数", "限量值", "标准", "年号"))
    with pytest.raises(ValidationError, match="no column for 单位/unit"):
        lab.limits.import_excel(manager, table, SOURCE)


def test_a_file_that_is_not_a_workbook_is_refused_clearly(lab, manager, tmp_path):
    text = tmp_path / "limits.xlsx"
    text.write_text("产品,参数\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="cannot be read as an Excel workbook"):
        lab.limits.import_excel(manager, text, SOURCE)
    with pytest.raises(NotFound, match="does not exist"):
        lab.limits.import_excel(manager, tmp_path / "missing.xlsx", SOURCE)


def test_a_not_detectable_limit_with_a_number_and_a_zero_limit_are_refused(lab, manager, tmp_path):
    table = write_table(tmp_path / "nd.xlsx", [
        ("牛肉", "氯霉素", 0.1, "µg/kg", "农业农村部公告第250号", 2019, "不得检出"),
        ("马铃薯", "毒死蜱", 0, "mg/kg", "GB 2763", 2026, None),
    ])
    with pytest.raises(ImportRejected) as caught:
        lab.limits.import_excel(manager, table, SOURCE)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "C"), (3, "C")]


def test_only_a_manager_or_administrator_imports_limits_and_a_source_is_required(lab, people, manager, tmp_path):
    table = write_table(tmp_path / "t.xlsx", [("马铃薯", "毒死蜱", 0.02, "mg/kg", "GB 2763", 2026, None)])
    technician = people["tech1"]
    with pytest.raises(PermissionDenied, match="tech1"):
        lab.limits.import_excel(technician, table, SOURCE)
    with pytest.raises(ValidationError, match="source"):
        lab.limits.import_excel(manager, table, "   ")
