"""The master data as the application edits it: one row of a set-up sheet saved by the workbook
import's own checks; retiring instead of deleting; limits beside their import; panels' items."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lims.db.engine import make_session_factory
from lims.db.models import Parameter
from lims.domain.errors import ConcurrentEditError, ImportRejected, PermissionDenied
from lims.services import authority
from lims.services.dto import AuditFilter
from lims.services.master_data import EntryFilter

PASSWORD = "first-admin-pw1"


@pytest.fixture
def admin(services):
    services.users.create_first_admin("admin", "巴特尔", PASSWORD, "ws")
    return services.users.login("admin", PASSWORD, "ws")


def _entry(services, sheet, text, retired=False):
    rows = services.master.page(EntryFilter(sheet, text, retired), 0, 10).rows
    assert len(rows) == 1, rows
    return rows[0]


def _problems(caught):
    return {p.column: str(p.error) for p in caught.value.problems}


def _a_method(services, admin):
    services.master.save(admin, "检测参数", {"name": "毒死蜱", "kind": "农药", "cas_no": "2921-88-2"})
    services.master.save(admin, "标准", {"number": "GB 23200.113", "year": "2018",
                                       "title": "植物源性食品中农药残留量的测定", "kind": "方法标准"})
    services.master.save(admin, "标准", {"number": "GB 2763", "year": "2021", "title": "食品中农药最大残留限量",
                                       "kind": "限量标准"})
    services.master.save(admin, "产品分类", {"code": "VEG", "name": "蔬菜", "is_category": "是"})
    services.master.save(admin, "产品分类", {"code": "LEEK", "name": "韭菜", "parent": "VEG"})
    services.master.save(admin, "方法", {"parameter": "毒死蜱", "standard": "GB 23200.113-2018", "kind": "实验室方法",
                                       "unit": "mg/kg", "lod": "0.003", "loq": "0.01"})


def test_an_edit_may_rename_an_entry_but_not_onto_another_and_not_from_a_stale_read(services, admin):
    services.master.save(admin, "检测参数", {"name": "毒死蜱", "kind": "农药"})
    services.master.save(admin, "检测参数", {"name": "氧乐果", "kind": "农药"})
    read = _entry(services, "检测参数", "毒死蜱")
    with pytest.raises(ImportRejected) as caught:
        services.master.save(admin, "检测参数", {"name": "氧乐果", "kind": "农药"}, read.id, read.version)
    assert _problems(caught) == {"name": "Another entry of the list is already '氧乐果'"}
    services.master.save(admin, "检测参数", {"name": "毒死蜱（乐斯本）", "kind": "农药"}, read.id, read.version)
    with pytest.raises(ConcurrentEditError):  # the version read before the rename
        services.master.save(admin, "检测参数", {"name": "毒死蜱", "kind": "农药"}, read.id, read.version)
    assert _entry(services, "检测参数", "乐斯本").id == read.id
    renamed = [e for e in services.audit.page(AuditFilter(entity="parameter")).rows if e.entity_id == str(read.id)]
    assert (renamed[0].action, renamed[0].changes) == ("update", {"name": ["毒死蜱", "毒死蜱（乐斯本）"]})


def test_a_retired_entry_travels_in_the_workbook_and_an_empty_retired_cell_leaves_it_so(
        services, admin, tmp_path, engine):
    services.master.save(admin, "检测参数", {"name": "甲胺磷", "kind": "农药"})
    entry = _entry(services, "检测参数", "甲胺磷")
    services.master.retire(admin, "检测参数", entry.id, entry.version)
    book = tmp_path / "lab.xlsx"
    services.setup.export_workbook(book)
    rows = services.setup.sheet_rows()["检测参数"]
    assert rows[0][-1] == "停用" and rows[1] == ("甲胺磷", "", "", "", "农药", "否", "是")
    again = services.setup.import_workbook(admin, book)
    assert (again.created, again.updated) == (0, 0)
    services.setup.import_starter(admin)  # its rows have no 停用 column: nothing is brought back
    with make_session_factory(engine)() as s:
        assert s.scalar(select(Parameter.active).where(Parameter.name == "甲胺磷")) is False
    services.master.retire(admin, "检测参数", entry.id, entry.version + 1, retired=False)
    assert _entry(services, "检测参数", "甲胺磷").active


def test_a_retired_authorisation_no_longer_lets_the_person_test(services, admin, engine):
    _a_method(services, admin)
    services.users.create_user(admin, "tech1", "王晓燕", "lab-user-pw-1", {"technician"})
    tech = services.users.login("tech1", "lab-user-pw-1", "ws")
    services.master.save(admin, "人员授权", {"username": "tech1", "parameter": "毒死蜱", "may_test": "是",
                                         "valid_from": "2026-01-01"})
    sessions = make_session_factory(engine)
    with sessions() as s:
        parameter_id = s.scalar(select(Parameter.id).where(Parameter.name == "毒死蜱"))
        authority.require_may_test(s, tech, parameter_id, None, date(2026, 3, 5))
    held = _entry(services, "人员授权", "tech1")
    services.master.retire(admin, "人员授权", held.id, held.version)
    with sessions() as s, pytest.raises(PermissionDenied, match="no authorisation to test 毒死蜱"):
        authority.require_may_test(s, tech, parameter_id, None, date(2026, 3, 5))


def test_a_limit_is_added_changed_and_retired_beside_the_import_and_judges_only_while_in_use(services, admin):
    _a_method(services, admin)
    limit = {"product": "VEG", "parameter": "毒死蜱", "standard": "GB 2763-2021", "value": "0", "unit": "mg/kg",
             "kind": "mrl", "source": ""}
    with pytest.raises(ImportRejected) as caught:
        services.master.save(admin, "限量", limit)
    problems = _problems(caught)
    assert set(problems) == {"value", "source"} and "cannot be met" in problems["value"]
    services.master.save(admin, "限量", {**limit, "value": "0.02", "source": "GB 2763-2021 表A.1"})
    found = services.limits.lookup("韭菜", "毒死蜱", date(2026, 3, 5))
    assert found.has_basis and str(found.value) == "0.02" and found.inherited_from == "蔬菜"

    entry = _entry(services, "限量", "毒死蜱")
    services.master.save(admin, "限量", {**limit, "product": "LEEK", "value": "0.05", "source": "GB 2763-2021 表A.1"},
                         entry.id, entry.version)  # what a limit is stays: only its value changes
    entry = _entry(services, "限量", "毒死蜱")
    assert entry.cells[:4] == ("VEG", "毒死蜱", "GB 2763-2021", "0.05")
    services.master.retire(admin, "限量", entry.id, entry.version)
    assert not services.limits.lookup("韭菜", "毒死蜱", date(2026, 3, 5)).has_basis
    trail = [(e.action, e.changes) for e in reversed(services.audit.page(AuditFilter(entity="limit")).rows)]
    assert [a for a, _ in trail] == ["create", "update", "update"]
    assert trail[1][1] == {"value": ["0.02", "0.05"]} and trail[2][1] == {"active": [True, False]}


def test_a_panels_items_are_added_one_by_one_and_taken_out_and_an_empty_panel_goes(services, admin):
    _a_method(services, admin)
    item = {"product": "LEEK", "panel": "韭菜农残", "parameter": "毒死蜱", "method": "GB 23200.113-2018"}
    services.master.save(admin, "检测套餐", item)
    with pytest.raises(ImportRejected) as caught:
        services.master.save(admin, "检测套餐", item)
    assert "in the list already" in _problems(caught)["parameter"]
    entry = _entry(services, "检测套餐", "韭菜农残")
    services.master.retire(admin, "检测套餐", entry.id, entry.version)
    assert services.master.page(EntryFilter("检测套餐"), 0, 10).total == 0
    trail = [(e.action, e.changes) for e in reversed(services.audit.page(AuditFilter(entity="panel")).rows)]
    items = {"毒死蜱": "GB 23200.113-2018"}
    assert trail == [
        ("create", {"product": [None, "LEEK"], "name": [None, "韭菜农残"], "items": [None, items]}),
        ("delete", {"product": ["LEEK", None], "name": ["韭菜农残", None], "items": [items, None]})]


def test_an_area_tree_is_built_from_the_banner_down(services, admin):
    services.master.save(admin, "区域", {"code": "150421", "name": "阿鲁科尔沁旗", "level": "旗县"})
    services.master.save(admin, "区域", {"code": "150421100", "name": "天山镇", "level": "苏木乡镇",
                                       "parent": "150421"})
    services.master.save(admin, "区域", {"name": "新民嘎查", "level": "嘎查村", "parent": "天山镇"})
    with pytest.raises(ImportRejected) as caught:
        services.master.save(admin, "区域", {"name": "某村", "level": "嘎查村", "parent": "不存在的镇"})
    assert _problems(caught) == {"parent": "No area '不存在的镇' in the workbook or the catalogue"}
    assert [e.cells for e in services.master.page(EntryFilter("区域"), 0, 10).rows] == [
        ("150421", "阿鲁科尔沁旗", "旗县", "", "否"), ("150421100", "天山镇", "苏木乡镇", "150421", "否"),
        ("", "新民嘎查", "嘎查村", "150421100", "否")]
    assert [c.label for c in services.master.choices("区域")] == [
        "阿鲁科尔沁旗 (150421)", "天山镇 (150421100)", "新民嘎查"]
