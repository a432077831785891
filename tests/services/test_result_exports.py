"""Results out to Excel and CSV with the sample list's filters, and the monitoring summary, read
back as a person opening the files would see them."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from lims.domain.errors import NotFound, ValidationError
from lims.domain.workflow import Transition
from lims.services.dto import SampleFilter
from lims.services.registration import NewProducer
from lims.services.result_exports import RESULT_HEADERS, ExportError

PW = "demo1234"
SNEAKY = '=HYPERLINK("http://example.com","点我")'


def approved(lab, catalogue, people, *, value="0.008", **fields):
    """A leek sample (chlorpyrifos at ``value``, the rest not detected) taken through to approved."""
    tech = people["tech1"]
    sample = lab.work.register(tech, catalogue.form(**fields))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="新鲜、完好", storage_place="冷藏柜")
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    for t in sample.tests:
        sample = lab.work.enter_result(tech, t.id, t.version, value if t.parameter == "毒死蜱" else "未检出")
    sample = lab.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    sample = lab.work.transition(people["reviewer"], sample.id, sample.version, Transition.VERIFY, password=PW)
    return lab.work.transition(people["signer"], sample.id, sample.version, Transition.APPROVE, password=PW)


@pytest.fixture
def two(lab, catalogue, people):
    """An approved sample from a producer whose name looks like a formula, one that fails
    (chlorpyrifos far over the leek limit), both of the routine-monitoring task, and a
    registered sample with no results."""
    task = catalogue.tasks["LX2026-01"]
    sneaky = approved(lab, catalogue, people, task_id=task, producer_id=None,
                      new_producer=NewProducer(name=SNEAKY))
    failing = approved(lab, catalogue, people, value="0.5", task_id=task)
    waiting = lab.work.register(people["tech1"], catalogue.form())
    return sneaky, failing, waiting


def test_results_xlsx_one_text_row_per_current_result(lab, two, tmp_path):
    sneaky, failing, _ = two
    path = tmp_path / "results.xlsx"
    count = lab.exports.export_results(path, SampleFilter(status="approved"))
    shown = [t for s in (sneaky, failing) for t in s.tests if t.current is not None]
    assert count == len(shown)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "检测结果" and sheet.freeze_panes == "A2"
    assert tuple(c.value for c in sheet[1]) == RESULT_HEADERS and sheet[1][0].font.b
    assert sheet.column_dimensions["C"].width >= 20
    rows = [[c for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == count and {r[0].value for r in rows} == {sneaky.code, failing.code}
    first = rows[0]
    assert first[0].value == sneaky.code and first[1].value == "韭菜"
    assert first[2].value == SNEAKY and first[2].data_type == "s"  # text, never a formula
    assert first[3].value == datetime(2026, 3, 5, 9, 30) and first[3].is_date  # lab time, as sampled
    by_parameter = {r[4].value: r for r in rows if r[0].value == failing.code}
    found = by_parameter["毒死蜱"]
    assert found[6].value == "0.5" or found[6].value.startswith("0.5")
    assert found[6].data_type == "s" and found[7].value == "mg/kg" and found[8].value == "不合格"
    assert found[9].value and found[10].value == "已批准"
    assert found[5].value.startswith(("GB", "NY")) and "-" in found[5].value
    others = [r for p, r in by_parameter.items() if p != "毒死蜱"]
    assert others and all(r[6].value == "未检出" for r in others)
    assert all(c.data_type in {"s", "d"} for r in rows for c in r if c.value is not None)


def test_results_follow_the_sample_filters(lab, two, tmp_path):
    sneaky, failing, waiting = two
    assert {r.sample_code for r in lab.exports.results(SampleFilter(text=failing.code))} == {failing.code}
    assert lab.exports.results(SampleFilter(text=waiting.code)) == []  # no results yet
    assert lab.exports.results(SampleFilter(sampled_from=date(2026, 3, 6))) == []
    day = SampleFilter(sampled_from=date(2026, 3, 5), sampled_to=date(2026, 3, 5), status="approved")
    assert {r.sample_code for r in lab.exports.results(day)} == {sneaky.code, failing.code}
    with pytest.raises(ValidationError, match="no sample status"):
        lab.exports.export_results(tmp_path / "x.xlsx", SampleFilter(status="done"))


def test_results_csv_has_its_bom_chinese_and_no_live_formula(lab, two, tmp_path):
    sneaky, _, _ = two
    path = tmp_path / "results.csv"
    count = lab.exports.export_results(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == RESULT_HEADERS and len(rows) == count + 1
    mine = [r for r in rows[1:] if r[0] == sneaky.code]
    assert mine and all(r[1] == "韭菜" and r[2] == "'" + SNEAKY and r[3] == "2026-03-05 09:30" for r in mine)
    assert any(r[6] == "0.008" for r in mine)


def test_monitoring_summary_by_task(lab, two, tmp_path):
    sneaky, failing, _ = two
    path = tmp_path / "summary.xlsx"
    found = lab.exports.export_summary(path, task_code="LX2026-01")
    assert found.samples == 2 and found.failed_samples == 1 and found.pass_rate == 0.5
    assert [(f.sample_code, f.parameter) for f in found.failures] == [(failing.code, "毒死蜱")]
    failure = found.failures[0]
    assert failure.producer and failure.limit and failure.value.startswith("0.5")
    assert found.parameters == len({t.parameter for t in sneaky.tests})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", "检测项目", "不合格结果"]
    head = {row[0].value: row[1] for row in book["汇总"].iter_rows(min_row=2) if row[0].value}
    assert head["样品数"].value == 2 and head["不合格样品数"].value == 1
    assert head["样品合格率"].value == 0.5 and head["样品合格率"].number_format == "0.0%"
    assert "LX2026-01" in head["范围"].value
    params = {r[0].value: r for r in book["检测项目"].iter_rows(min_row=2)}
    assert params["毒死蜱"][1].value == 2 and params["毒死蜱"][2].value == 1 and book["检测项目"].freeze_panes == "A2"
    fails = list(book["不合格结果"].iter_rows(min_row=2, values_only=True))
    assert len(fails) == 1 and fails[0][0] == failing.code and fails[0][4] == "毒死蜱"
    assert fails[0][7] == failure.limit and fails[0][8]  # the limit and its basis
    other_days = lab.exports.summary(sampled_from=date(2026, 4, 1), sampled_to=date(2026, 4, 30))
    assert other_days.samples == 0 and other_days.pass_rate == 0.0 and not other_days.failures


def test_bad_requests_write_nothing(lab, two, tmp_path):
    with pytest.raises(NotFound, match="no task with the code"):
        lab.exports.export_summary(tmp_path / "s.xlsx", task_code="NOPE")
    with pytest.raises(ValidationError, match="at the end"):
        lab.exports.export_results(tmp_path / "r.txt")
    with pytest.raises(ExportError, match="does not exist"):
        lab.exports.export_results(tmp_path / "nowhere" / "r.xlsx")
    with pytest.raises(ValidationError, match="after the last day"):
        lab.exports.summary(sampled_from=date(2026, 5, 1), sampled_to=date(2026, 4, 1))
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".lims-export-*")) == []
