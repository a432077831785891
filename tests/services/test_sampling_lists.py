"""A task's sampling list in and out of Excel, as the lab's office prepares it."""
from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from lims.db.engine import make_session_factory
from lims.domain.errors import ImportRejected
from lims.services.dto import AuditFilter, SampleFilter
from lims.services.sampling_lists import SampleListService

HEADER = ["抽样任务", "产品", "受检单位", "统一社会信用代码", "区域", "抽样时间", "抽样基数", "抽样数量",
          "抽样人1", "抽样人2", "封样完好", "备样", "贮存条件", "合格证", "合格证编号", "备注"]


@pytest.fixture
def io(lab, lab_engine):
    return SampleListService(make_session_factory(lab_engine), lab.samples)


@pytest.fixture
def tech(people):
    return people["tech1"]


def _workbook(path, rows, title=True):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["2026年阿鲁科尔沁旗农畜产品例行监测抽样清单"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _good(producer="天山镇农贸市场（演示）", when="2026-05-12 09:30", product="韭菜"):
    return ["", product, producer, "", "新民村", when, "200 kg", "2 kg", "张明", "李强", "是", "是", "冷藏", "否",
            "", ""]


def test_a_good_list_registers_every_row_with_codes_and_audit_events(lab, io, tech, tmp_path):
    path = _workbook(tmp_path / "list.xlsx",
                     [_good(), _good(product="芹菜"), _good(producer="新来的种植户", when="2026-05-13")])
    report = io.import_excel(tech, path)
    assert report.rows == 3 and report.codes == ("NJ2026-000001", "NJ2026-000002", "NJ2026-000003")
    page = lab.samples.page(SampleFilter())
    assert page.total == 3
    assert {r.producer for r in page.rows} == {"天山镇农贸市场（演示）", "新来的种植户"}
    created = [e for e in lab.audit.page(AuditFilter(entity="sample")).rows if e.action == "create"]
    assert len(created) == 3 and {e.actor for e in created} == {"tech1"}


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(io, tech, tmp_path, lab_engine):
    bad_product = _good(product="香蕉")
    bad_date = _good(when="下周二")
    one_sampler = _good()
    one_sampler[9] = ""
    bad_code = _good(producer="某合作社")
    bad_code[3] = "91150000MA0N00000X"
    path = _workbook(tmp_path / "list.xlsx", [_good(), bad_product, bad_date, one_sampler, bad_code])
    with pytest.raises(ImportRejected, match="4 of 5 row") as err:
        io.import_excel(tech, path)
    where = {(p.row, p.column) for p in err.value.problems}
    # a title line sits above the header, so the data starts at spreadsheet row 3
    assert where == {(4, "B"), (5, "F"), (6, "J"), (7, "D")}
    messages = {p.row: str(p.error) for p in err.value.problems}
    assert "香蕉" in messages[4] and "2026-05-12" in messages[5] and "two samplers" in messages[6]
    assert "check character" in messages[7]
    with lab_engine.connect() as c:
        assert c.scalar(text("SELECT count(*) FROM sample")) == 0


def test_only_the_good_rows_when_the_person_asks_for_it(io, tech, tmp_path):
    path = _workbook(tmp_path / "list.xlsx", [_good(), _good(product="香蕉"), _good(product="芹菜")])
    report = io.import_excel(tech, path, only_good=True)
    assert len(report.codes) == 2 and [p.row for p in report.problems] == [4]


def test_an_export_reimports_as_the_same_samples(io, tech, tmp_path):
    io.import_excel(tech, _workbook(tmp_path / "in.xlsx", [_good(), _good(product="芹菜", when="2026-06-01 15:05")]))
    out = tmp_path / "out.xlsx"
    assert io.export_excel(out) == 2
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("样品编号", "状态", "判定")
    assert [r[0] for r in rows[1:]] == ["NJ2026-000001", "NJ2026-000002"]
    assert rows[2][8] == "2026-06-01 15:05"  # local time, as it was typed
    again = io.import_excel(tech, out)
    assert again.codes == ("NJ2026-000003", "NJ2026-000004")
    assert io.export_excel(tmp_path / "celery.xlsx", SampleFilter(text="NJ2026-000002")) == 1
