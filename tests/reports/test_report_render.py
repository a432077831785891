"""Test reports as a reader and a regulator see them: the content the regulator checks on every
page, results with units and LODs, marks only for work in scope, and no font left to the printer."""
from __future__ import annotations

import dataclasses
import re
from datetime import date

import numpy as np
import pytest
from PIL import Image

from reports.marks import MarkArt, MarkArtError
from reports.render import END_OF_REPORT, END_OF_TABLE, compose_report, render_report
from reports.report_data import ReportDataError, SampleInfo
from tests.reports import pdftools
from tests.reports.report_samples import CATL_NO, CMA_NO, SAMPLE, long_report, report, row


def _flat(text: str) -> str:
    """pdftotext's spaces and line breaks removed, so "第 1 页  共 2 页" reads as on paper."""
    return re.sub(r"\s+", "", text)


def _text(pdf: bytes, tmp_path, page: int | None = None) -> str:
    return _flat(pdftools.reading_text(pdftools.write(pdf, tmp_path, "r.pdf"), page))


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    rendered = compose_report(long_report())
    return pdftools.write(rendered.pdf, folder, "long.pdf"), rendered


def test_a_long_result_table_runs_onto_a_second_page_with_its_header_and_the_page_count(long_pdf):
    path, rendered = long_pdf
    assert rendered.pages == pdftools.page_count(path) == 2
    for page in (1, 2):
        text = _flat(pdftools.page_text(path, page))
        assert "报告编号：BG2026-000045" in text
        assert f"第{page}页共2页" in text
        assert "检测项目" in text and "检测方法" in text and "单项判定" in text  # the header row, repeated
    first, second = _flat(pdftools.page_text(path, 1)), _flat(pdftools.page_text(path, 2))
    assert "毒死蜱" in first and "阿鲁科尔沁旗" in first
    assert "吡虫啉-39" in second and "吡虫啉-39" not in first


def test_results_carry_units_the_lod_when_not_detected_and_the_judgment_basis_with_its_edition(long_pdf):
    text = _flat(pdftools.text(long_pdf[0]))
    assert "未检出(<0.010)" in text
    assert "0.023" in text
    assert "mg/kg" in text
    assert "GB23200.113-2018" in text and "GB2763-2021" in text
    assert "合格" in text and "检验结论" in text and "所检项目均符合" in text


def test_the_report_ends_visibly_and_names_its_signatories_issue_date_and_statements(long_pdf):
    last = _flat(pdftools.page_text(long_pdf[0], 2))
    assert _flat(END_OF_TABLE) in last and _flat(END_OF_REPORT) in last
    assert last.index(_flat(END_OF_TABLE)) < last.index("检验结论") < last.index(_flat(END_OF_REPORT))
    for expected in ("编制：张明", "审核：李华", "批准：王芳", "签发日期：2026年03月10日",
                     "未经本机构书面批准，不得部分复制本报告", "仅对来样负责", "审计链锚点：第1234条"):
        assert expected in last, expected


def test_every_font_is_embedded_and_none_is_left_to_the_printer(long_pdf):
    fonts = pdftools.fonts(long_pdf[0])
    assert fonts and all("WenQuanYiMicroHei" in f["name"] for f in fonts), fonts
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert not any("Helvetica" in f["line"] for f in fonts)


def test_the_temperature_sign_is_printed_with_a_glyph_the_font_draws(long_pdf):
    text = pdftools.text(long_pdf[0])
    assert "0-4°C" in text and "℃" not in text


def test_the_qr_code_reads_back_as_the_report_number_and_its_content_hash(long_pdf, tmp_path):
    pages = pdftools.render(long_pdf[0], tmp_path, dpi=150)
    found = pdftools.decode_png(pages[-1])
    data = long_report()
    assert ("QRCode", f"BG2026-000045|sha256:{data.content_hash()}") in found


def test_the_content_hash_is_stable_and_changes_with_any_printed_value():
    assert report().content_hash() == report().content_hash()
    changed = report(rows=(row(0, detected=True), *report().rows[1:]))
    assert changed.content_hash() != report().content_hash()
    assert report(draft=True).content_hash() != report().content_hash()


def test_identical_data_renders_identical_bytes():
    assert render_report(report()) == render_report(report())


@pytest.mark.parametrize(("cma", "catl"), [(True, True), (True, False), (False, True)])
def test_a_mark_and_its_certificate_number_appear_only_when_a_row_is_in_that_scope(tmp_path, cma, catl):
    data = report(rows=(row(0, cma=cma, catl=catl), row(1, cma=False, catl=False)))
    text = _text(render_report(data), tmp_path)
    assert (CMA_NO in text) is cma
    assert (_flat(CATL_NO) in text) is catl
    assert "*腐霉利（速克灵）" in text  # outside both: marked
    assert "*毒死蜱" not in text  # inside the scope of every mark shown
    assert _flat(data.out_of_scope_statement) in text


def test_a_row_inside_one_scope_only_is_marked_when_both_marks_are_shown(tmp_path):
    data = report(rows=(row(0), row(1, catl=False)))
    text = _text(render_report(data), tmp_path)
    assert CMA_NO in text and _flat(CATL_NO) in text
    assert "*腐霉利（速克灵）" in text and "*毒死蜱" not in text


def test_a_report_with_nothing_in_scope_carries_no_mark_no_marker_and_no_statement(tmp_path):
    data = report(rows=(row(0, cma=False, catl=False), row(1, cma=False, catl=False)))
    text = _text(render_report(data), tmp_path)
    assert CMA_NO not in text and _flat(CATL_NO) not in text
    assert "CMA" not in text and "CATL" not in text
    assert "*" not in text and "不在本机构资质认定" not in text


def test_the_marker_and_statement_are_the_labs_settings_and_subcontracted_rows_are_marked(tmp_path):
    data = report(rows=(row(0), row(1, cma=False, catl=False), row(2, subcontracted=True)),
                  out_of_scope_marker="△", out_of_scope_statement="标有“△”的项目不在认可范围内。")
    text = _text(render_report(data), tmp_path)
    assert "△腐霉利（速克灵）" in text and "标有“△”的项目不在认可范围内" in text
    assert "#氯氟氰菊酯" in text and "分包项目" in text


def test_a_draft_carries_the_watermark_over_every_page_and_an_issued_report_none(tmp_path):
    draft = pdftools.write(render_report(dataclasses.replace(long_report(), draft=True)), tmp_path, "d.pdf")
    for page in (1, 2):
        assert "草稿DRAFT" in _flat(pdftools.reading_text(draft, page, raw=True))
    issued = pdftools.write(render_report(long_report()), tmp_path, "i.pdf")
    assert "DRAFT" not in pdftools.text(issued)
    # drawn over the tables, not hidden under their shading: reddish pixels in the page's centre
    assert _reddish_centre(draft, tmp_path) > 20 * _reddish_centre(issued, tmp_path) + 500


def _reddish_centre(path, folder) -> int:
    with Image.open(pdftools.render(path, folder, dpi=40)[0]) as page:
        width, height = page.size
        centre = page.convert("RGB").crop((width // 4, height // 4, 3 * width // 4, 3 * height // 4))
        pixels = np.asarray(centre).astype(int)
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return int(((r - g > 25) & (r - b > 25)).sum())


def test_an_amendment_names_the_report_it_replaces(tmp_path):
    data = report(number="BG2026-000046", supersedes="BG2026-000045")
    text = _text(render_report(data), tmp_path)
    assert "报告编号：BG2026-000046" in text and "本报告替代第BG2026-000045号报告，原报告作废" in text


def test_a_report_on_several_samples_names_the_sample_of_each_row(tmp_path):
    second = dataclasses.replace(SAMPLE, code="NJ2026-000124", name="芹菜")
    data = report(samples=(SAMPLE, second), rows=(row(0), row(1, code="NJ2026-000124")))
    text = _text(render_report(data), tmp_path)
    assert "样品编号" in text and "芹菜" in text and text.count("NJ2026-000124") >= 2


def test_a_row_for_a_sample_the_report_does_not_list_is_refused():
    with pytest.raises(ReportDataError, match="NJ2026-999999"):
        report(rows=(row(0, code="NJ2026-999999"),))
    with pytest.raises(ReportDataError):
        report(samples=())


def test_the_signature_place_lies_inside_the_last_page(long_pdf):
    box = long_pdf[1].signature_box
    left, bottom, right, top = box.rect
    assert box.page == 1
    assert 0 < left < right <= 595.3 and 0 < bottom < top <= 841.9
    assert right - left > 150 and top - bottom > 60


def test_a_labs_own_mark_artwork_replaces_the_drawn_one(tmp_path):
    png = tmp_path / "cma.png"
    Image.new("RGB", (120, 80), (200, 0, 0)).save(png)
    pdf = render_report(report(), marks=MarkArt(cma=png))
    assert b"/Subtype /Image" in pdf
    assert b"/Subtype /Image" not in render_report(report())


def test_mark_artwork_that_cannot_be_printed_is_refused_with_a_message(tmp_path):
    with pytest.raises(MarkArtError, match="does not exist"):
        render_report(report(), marks=MarkArt(cma=tmp_path / "missing.png"))
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(MarkArtError, match="not an image"):
        render_report(report(), marks=MarkArt(catl=broken))


def test_dates_missing_from_the_sample_print_as_a_slash(tmp_path):
    sample = SampleInfo(code=SAMPLE.code, name="韭菜", producer="某合作社（演示）", sampling_place="",
                        sampled_on=None, received_on=date(2026, 3, 5), state="", quantity="")
    text = _flat(pdftools.text(pdftools.write(render_report(report(samples=(sample,))), tmp_path, "r.pdf")))
    assert "抽样日期/" in text
