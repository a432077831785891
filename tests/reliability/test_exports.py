"""An exported sampling list is text the way it was typed, and imports again.

A producer called "=HYPERLINK(...)" must reach Excel as that text, never as a live formula
(a formula cell also reads back empty, so the export could not be imported again); and the
samples a client brought in (no samplers) must survive the round trip."""
from __future__ import annotations

import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from lims.services.dto import SampleFilter
from lims.services.registration import NewProducer
from tests.services.conftest import CST

HOSTILE = {
    "producer": '=HYPERLINK("http://example.invalid/x","点击查看")',
    "batch_size": "+200 kg",
    "quantity": "-2 kg",
    "sampler1": "@张明",
    "notes": "=1+2\n第二行",
}


@pytest.fixture
def tech(people):
    return people["tech1"]


def _register_hostile_and_client_brought(lab, tech, catalogue):
    lab.work.register(tech, catalogue.form(
        new_producer=NewProducer(name=HOSTILE["producer"], kind="smallholder"), producer_id=None,
        batch_size=HOSTILE["batch_size"], quantity=HOSTILE["quantity"], sampler1=HOSTILE["sampler1"],
        notes=HOSTILE["notes"]))
    # a sample the client brought: no samplers, the client named instead
    lab.work.register(tech, catalogue.form(
        product="芹菜", sampler1="", sampler2="", lab_took_sample=False, client="天山镇某合作社",
        description="塑料袋密封", sampled_at=datetime(2026, 3, 6, 14, 5, tzinfo=CST)))


def _rows(path):
    return list(load_workbook(path).active.iter_rows(values_only=True))


def test_text_that_looks_like_a_formula_is_written_as_a_text_cell(lab, tech, catalogue, tmp_path):
    _register_hostile_and_client_brought(lab, tech, catalogue)
    out = tmp_path / "样品.xlsx"
    assert lab.sample_lists.export_excel(out) == 2

    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, sheet[2], strict=True))
    for column, text in (("受检单位", HOSTILE["producer"]), ("抽样基数", HOSTILE["batch_size"]),
                         ("抽样数量", HOSTILE["quantity"]), ("抽样人1", HOSTILE["sampler1"]),
                         ("备注", HOSTILE["notes"])):
        cell = first[column]
        assert (cell.data_type, cell.value) == ("s", text), column
        assert cell.quotePrefix, column  # Excel keeps it text even when the cell is edited
    # every cell of the sheet is text, and the sheet's XML holds no formula at all
    assert {c.data_type for row in sheet.iter_rows() for c in row if c.value is not None} == {"s"}
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_an_exported_list_imports_again_as_the_same_rows(lab, tech, catalogue, tmp_path):
    _register_hostile_and_client_brought(lab, tech, catalogue)
    first = tmp_path / "first.xlsx"
    lab.sample_lists.export_excel(first)

    report = lab.sample_lists.import_excel(tech, first)
    assert report.codes == ("NJ2026-000003", "NJ2026-000004") and report.problems == ()

    again = tmp_path / "again.xlsx"
    lab.sample_lists.export_excel(again, SampleFilter(text="NJ2026-00000"))
    exported, reimported = _rows(first), _rows(again)
    # the same samples, cell for cell, but for the codes the import issued
    assert [r[1:] for r in reimported[3:]] == [r[1:] for r in exported[1:]]
    assert [r[0] for r in reimported[1:]] == ["NJ2026-000001", "NJ2026-000002", "NJ2026-000003", "NJ2026-000004"]
    header = list(exported[0])
    client_row = dict(zip(header, reimported[4], strict=True))
    assert (client_row["抽样人1"], client_row["抽样人2"], client_row["本单位抽样"], client_row["委托单位"]) == (
        None, None, "否", "天山镇某合作社")  # an empty text cell reads as no value
    hostile_row = dict(zip(header, reimported[3], strict=True))
    assert hostile_row["受检单位"] == HOSTILE["producer"] and hostile_row["备注"] == HOSTILE["notes"]
    # read back through the data-only view a spreadsheet import uses: nothing evaluated or empty
    book = load_workbook(again, read_only=True, data_only=True)
    values = next(book.active.iter_rows(min_row=4, max_row=4, values_only=True))
    book.close()
    assert dict(zip(header, values, strict=True))["受检单位"] == HOSTILE["producer"]


def test_the_demo_labs_samples_export_and_import_again_unchanged(services, tmp_path):
    """Every kind of demo sample, the ones a client brought without samplers included."""
    services.demo.build(samples=120)
    first = tmp_path / "demo.xlsx"
    assert services.sample_lists.export_excel(first) == 120
    report = services.sample_lists.import_excel(services.users.login("tech1", "demo1234", "ws"), first)
    assert len(report.codes) == 120 and report.problems == ()

    again = tmp_path / "again.xlsx"
    services.sample_lists.export_excel(again)
    exported, both = _rows(first), _rows(again)
    header = list(exported[0])
    assert {dict(zip(header, r, strict=True))["本单位抽样"] for r in exported[1:]} == {"是", "否"}
    # status and verdict belong to the lab's work on a sample, not to its sampling list
    assert [r[3:] for r in both[121:]] == [r[3:] for r in exported[1:]]
