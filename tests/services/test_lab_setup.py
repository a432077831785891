"""The lab's set-up in one workbook: export, fill in, import; and the starter reference data."""
from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lims.db.engine import make_session_factory
from lims.db.models import Limit, Method, Parameter, Product, Standard
from lims.domain.errors import ImportRejected, PermissionDenied
from lims.services.dto import AuditFilter
from lims.services.lab_setup import STARTER_FILE
from tests.services.setup_workbooks import PRODUCER_CODE, approve_a_sample, filled_in_lab, write_book

ADMIN_PASSWORD = "first-admin-pw1"
PASSWORD = "lab-user-pw-1"


def _admin(services):
    services.users.create_first_admin("admin", "巴特尔", ADMIN_PASSWORD, "ws")
    return services.users.login("admin", ADMIN_PASSWORD, "ws")


def _counts(engine, *models):
    with make_session_factory(engine)() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in models)


def test_export_then_import_into_an_empty_database_gives_the_same_catalogue(lab, services, tmp_path):
    book = tmp_path / "lab.xlsx"
    counts = lab.setup.export_workbook(book)
    assert counts["产品分类"] and counts["人员授权"] and counts["仪器"]
    admin = _admin(services)
    for username in ("manager", "tech1", "tech2", "reviewer", "signer"):  # people come with lims user add
        services.users.create_user(admin, username, username, PASSWORD, {"technician"})
    report = services.setup.import_workbook(admin, book)
    assert report.updated == 0 and report.unchanged == 0 and report.created > 0
    assert services.setup.sheet_rows() == lab.setup.sheet_rows()
    again = services.setup.import_workbook(admin, book)
    assert (again.created, again.updated) == (0, 0)
    products = services.audit.page(AuditFilter(entity="product")).rows
    assert len(products) == counts["产品分类"]
    assert all(e.actor == "admin" for e in products)


def test_bad_cells_are_named_by_sheet_row_and_column_and_nothing_is_stored(services, engine, tmp_path):
    admin = _admin(services)
    head = services.audit.head()
    book = write_book(tmp_path / "bad.xlsx", {
        "产品分类": [["VEG", "蔬菜", "", "是"], ["LEEK", "韭菜", "NOPE", "否"]],
        "检测参数": [["毒死蜱", "", "chlorpyrifos", "2921-88-2", "农药", "否"], ["氧乐果", "", "", "", "杀虫剂", ""]],
        "标准": [["GB 23200.113", "2018", "植物源性食品中208种农药残留量的测定", "方法标准", "2018-13-01", "", ""]],
        "方法": [["毒死蜱", "GB 23200.113-2018", "实验室方法", "", "abc", "", "mg/kg", ""]],
        "受检单位": [["某合作社", PRODUCER_CODE[:-1] + ("0" if PRODUCER_CODE[-1] != "0" else "1"), "合作社", "", "", "",
                   ""]],
    })
    with pytest.raises(ImportRejected) as caught:
        services.setup.import_workbook(admin, book)
    shown = [str(p) for p in caught.value.problems]
    assert any(p.startswith("产品分类 row 3, column C (上级): ") and "NOPE" in p for p in shown), shown
    assert any(p.startswith("检测参数 row 3, column E (类别): ") and "杀虫剂" in p for p in shown), shown
    assert any(p.startswith("标准 row 2, column E (实施日期): ") for p in shown), shown
    assert any(p.startswith("方法 row 2, column E (检出限): ") for p in shown), shown
    assert any(p.startswith("受检单位 row 2, column B (统一社会信用代码): ") for p in shown), shown
    assert "nothing was imported" in str(caught.value)
    assert _counts(engine, Product, Parameter, Standard, Method) == (0, 0, 0, 0)
    assert services.audit.head() == head  # no event either


def test_the_starter_data_is_labelled_carries_no_limit_and_a_second_run_changes_nothing(services, engine):
    meta = json.loads(STARTER_FILE.read_text(encoding="utf-8"))["_meta"]
    assert "GB 2763-2021" in meta["sources"]["产品分类"] and meta["no_limit_values"] is True
    admin = _admin(services)
    first = services.setup.import_starter(admin)
    assert first.created > 100 and first.updated == 0
    second = services.setup.import_starter(admin)
    assert (second.created, second.updated) == (0, 0) and second.unchanged == first.created
    with make_session_factory(engine)() as s:
        assert s.scalar(select(func.count(Limit.id))) == 0
        cas = {r.name: r.cas_no for r in s.execute(select(Parameter.name, Parameter.cas_no))}
        assert cas["毒死蜱"] == "2921-88-2" and cas["克伦特罗"] == "37148-27-9"
        names = set(s.scalars(select(Product.name)))
        assert {"谷物", "蔬菜", "鳞茎类蔬菜", "芸薹属类蔬菜", "动物源性食品", "生乳", "蛋类"} <= names
        editions = {f"{n}-{y}" for n, y in s.execute(select(Standard.number, Standard.year))}
        assert {"GB 23200.113-2018", "GB/T 20769-2008", "NY/T 761-2008", "GB 5009.12-2017"} <= editions


def test_a_technician_may_not_import_the_set_up(lab, people, tmp_path):
    book = tmp_path / "lab.xlsx"
    lab.setup.export_workbook(book)
    with pytest.raises(PermissionDenied):
        lab.setup.import_workbook(people["tech1"], book)


def _exported_with_chlorpyrifos_method_cell(lab, tmp_path, column: int, value: str):
    """The demo lab's workbook with one cell of the 毒死蜱 GB 23200.113-2018 method row changed;
    returns the file and the row's number."""
    book = tmp_path / "lab.xlsx"
    lab.setup.export_workbook(book)
    wb = load_workbook(book)
    row = next(r for r in wb["方法"].iter_rows(min_row=2)
               if r[0].value == "毒死蜱" and r[1].value == "GB 23200.113-2018")
    row[column].value = value
    wb.save(book)
    return book, row[0].row


def test_a_changed_cell_updates_that_row_alone_with_its_audit_event(lab, people, tmp_path):
    book, _ = _exported_with_chlorpyrifos_method_cell(lab, tmp_path, 4, "0.002")
    report = lab.setup.import_workbook(people["manager"], book)
    assert (report.created, report.updated) == (0, 1)
    event = lab.audit.page(AuditFilter(entity="method")).rows[0]
    assert event.changes == {"lod": ["0.003", "0.002"]} and event.actor == "manager"


def test_a_laboratory_method_in_a_unit_no_result_could_be_judged_in_is_refused_at_import(lab, people, tmp_path):
    book, row = _exported_with_chlorpyrifos_method_cell(lab, tmp_path, 6, "mg/kgg")
    with pytest.raises(ImportRejected) as caught:
        lab.setup.import_workbook(people["manager"], book)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("方法", row, "G") and "mg/kgg" in str(problem)
    assert not lab.audit.page(AuditFilter(entity="method")).rows  # nothing stored


def test_the_export_is_a_layout_people_fill_in_and_text_stays_text(services, tmp_path):
    admin = _admin(services)
    services.setup.import_workbook(admin, write_book(tmp_path / "in.xlsx", {
        "受检单位": [["=HYPERLINK(\"http://x\")", "", "散户", "", "+86 138", "", ""]]}))
    out = tmp_path / "out.xlsx"
    services.setup.export_workbook(out)
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["产品分类", "检测参数", "标准"]
    sheet = wb["受检单位"]
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width >= 30
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "=HYPERLINK(\"http://x\")"
    assert sheet["E2"].value == "+86 138"


def test_a_lab_started_from_the_starter_data_and_its_workbook_approves_a_sample(services, engine, tmp_path):
    admin = _admin(services)
    for username, role in (("tech1", "technician"), ("reviewer", "reviewer"), ("signer", "signatory")):
        services.users.create_user(admin, username, username, PASSWORD, {role})
    services.setup.import_starter(admin)
    report = services.setup.import_workbook(admin, filled_in_lab(tmp_path / "lab.xlsx"))
    assert {c.sheet: c.updated for c in report.sheets}["方法"] == 2  # LOD and LOQ added to the starter methods
    assert approve_a_sample(services, engine, PASSWORD) == "approved"
