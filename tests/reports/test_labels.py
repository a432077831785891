"""Sample labels as printed: readable barcodes, Chinese that reads as Chinese, nothing spilling
over its label, on an A4 sheet and on a roll."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.fonts import ascent_descent
from reports.labels import (
    A4_3X8,
    MM,
    ROLL_60X40,
    LabelArt,
    LabelData,
    LabelLayout,
    code128_runs,
    compose_pages,
    label_sheet_pdf,
)
from tests.reports import pdftools

LAB = "阿鲁科尔沁旗农畜产品质量安全检验检测站（演示）"
LONG_PRODUCER = "内蒙古自治区赤峰市阿鲁科尔沁旗天山镇绿野蔬菜种植农牧业专业合作社联合社（演示）有限责任公司"


def _label(n: int, product: str = "韭菜", producer: str = "阿鲁科尔沁旗绿野蔬菜种植专业合作社（演示）",
           storage: str = "冷藏") -> LabelData:
    return LabelData(code=f"NJ2026-{n:06d}", product=product, producer=producer, sampled_on=date(2026, 3, 5),
                     task="LX2026-01", storage=storage, lab=LAB)


def test_a_sheet_holds_one_label_per_sample_row_by_row_and_starts_a_new_sheet_when_full(tmp_path):
    labels = [_label(n) for n in range(1, 31)]
    pages = compose_pages(labels, A4_3X8)
    assert [len(p.labels) for p in pages] == [24, 6]
    first = pages[0].labels
    assert (round(first[1].x / MM, 2), round(first[1].y / MM, 2)) == (70.0, 4.5)  # second label: next column
    assert (round(first[3].x / MM, 2), round(first[3].y / MM, 2)) == (0.0, 40.5)  # fourth: next row
    assert [a.barcode.value for p in pages for a in p.labels] == [lab.code for lab in labels]

    path = pdftools.write(label_sheet_pdf(labels, A4_3X8), tmp_path)
    assert pdftools.page_count(path) == 2
    assert pdftools.page_size_mm(path) == pytest.approx((210, 297), abs=0.1)
    assert len(pdftools.render(path, tmp_path, dpi=72)) == 2


def test_a_roll_prints_one_label_per_page_of_the_label_size(tmp_path):
    path = pdftools.write(label_sheet_pdf([_label(1), _label(2), _label(3)], ROLL_60X40), tmp_path)
    assert pdftools.page_count(path) == 3
    assert pdftools.page_size_mm(path) == pytest.approx((60, 40), abs=0.1)


def test_the_used_positions_of_a_sheet_can_be_left_blank():
    pages = compose_pages([_label(1), _label(2)], A4_3X8, skip=5)
    first = pages[0].labels[0]
    assert (round(first.x / MM, 2), round(first.y / MM, 2)) == (140.0, 40.5)  # row 2, column 3
    with pytest.raises(ValueError):
        compose_pages([_label(1)], A4_3X8, skip=24)


def test_the_code_and_the_chinese_fields_are_in_the_text_layer(tmp_path):
    path = pdftools.write(label_sheet_pdf([_label(1), _label(2, product="生鲜乳", storage="冷藏 0-4℃")], A4_3X8),
                          tmp_path)
    text = pdftools.text(path)
    for expected in ("NJ2026-000001", "NJ2026-000002", "韭菜", "生鲜乳", "品名", "生产者", "抽样日期",
                     "2026-03-05", "LX2026-01", "检验检测站"):
        assert expected in text
    assert "0-4°C" in text and "℃" not in text  # the font's ℃ is an empty glyph


def test_the_cjk_font_is_embedded_and_no_font_is_left_to_the_printer(tmp_path):
    path = pdftools.write(label_sheet_pdf([_label(1)], ROLL_60X40), tmp_path)
    fonts = pdftools.fonts(path)
    assert fonts and all("WenQuanYiMicroHei" in f["name"] for f in fonts), fonts
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert not any("Helvetica" in f["line"] for f in fonts)


@pytest.mark.parametrize("layout, dpi", [(A4_3X8, 300), (A4_3X8, 150), (ROLL_60X40, 203)])
def test_both_codes_on_the_rendered_page_read_back_as_printed(tmp_path, layout, dpi):
    labels = [_label(1), _label(2, product="鲜食玉米（甜玉米）", producer=LONG_PRODUCER), _label(3, product="牛肉")]
    path = pdftools.write(label_sheet_pdf(labels, layout), tmp_path)
    found = [code for png in pdftools.render(path, tmp_path, dpi) for code in pdftools.decode_png(png)]
    assert sorted(text for kind, text in found if kind == "Code128") == [lab.code for lab in labels]
    assert sorted(text for kind, text in found if kind == "QRCode") == sorted(lab.qr_text() for lab in labels)
    assert "NJ2026-000002|鲜食玉米（甜玉米）|2026-03-05" in {text for _, text in found}


def test_the_code128_pattern_has_start_b_the_check_symbol_and_stop():
    # Independent of any decoder: Code 128 symbols are 11 modules (the stop 13), three bars and
    # three spaces of 1-4 modules; start B is 2-1-1-2-1-4 and stop 2-3-3-1-1-1-2 (ISO/IEC 15417).
    runs = code128_runs("NJ2026-000001")
    assert runs[:6] == (2, 1, 1, 2, 1, 4)
    assert runs[-7:] == (2, 3, 3, 1, 1, 1, 2)
    assert all(1 <= r <= 4 for r in runs)
    symbols = (len(runs) - 7) // 6
    assert sum(runs) == 11 * symbols + 13
    # start B, N, J, 2, 0, 2, 6, -, code C, 00, 00, 01, check: shorter than all in set B (15 symbols)
    assert symbols == 13
    with pytest.raises(ValueError):
        code128_runs("NJ2026-样品")


def _boxes_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def _assert_inside_and_apart(art: LabelArt, layout: LabelLayout) -> None:
    eps = 0.01
    inner = (art.x + layout.padding_x * MM, art.y + layout.padding_y * MM,
             art.width - 2 * layout.padding_x * MM, art.height - 2 * layout.padding_y * MM)
    bar, qr = art.barcode, art.qr
    # the codes with their quiet zones, which must stay clear of text
    bar_box = (bar.x - bar.quiet, bar.y, bar.width + 2 * bar.quiet, bar.height)
    qr_box = (qr.x - qr.quiet, qr.y - qr.quiet, qr.size + 2 * qr.quiet, qr.size + 2 * qr.quiet)
    assert bar.quiet >= 10 * bar.module - eps and qr.quiet >= 4 * qr.module - eps
    assert bar.height >= 8 * MM - eps  # a hand scanner's comfortable minimum
    for box in (bar_box, qr_box):
        assert box[0] >= art.x - eps and box[0] + box[2] <= art.x + art.width + eps
        assert box[1] >= art.y - eps and box[1] + box[3] <= art.y + art.height + eps
    assert not _boxes_overlap(bar_box, qr_box)
    for run in art.texts:
        ascent, descent = ascent_descent(run.size)
        box = (run.x, run.baseline - ascent, run.width, ascent - descent)
        assert box[0] >= inner[0] - eps and box[0] + box[2] <= inner[0] + inner[2] + eps, run
        assert box[1] >= inner[1] - eps and box[1] + box[3] <= inner[1] + inner[3] + eps, run
        assert not _boxes_overlap(box, bar_box), run
        assert not _boxes_overlap(box, qr_box), run


def test_a_long_producer_name_wraps_or_shrinks_and_stays_on_its_label():
    for layout in (A4_3X8, ROLL_60X40):
        pages = compose_pages([_label(1), _label(2, producer=LONG_PRODUCER)], layout)
        short, long_ = [art for page in pages for art in page.labels]
        for art in (short, long_):
            _assert_inside_and_apart(art, layout)
        fields = [run.text for run in long_.texts[2:]]  # after the lab's name and the code
        start = next(i for i, line in enumerate(fields) if line.startswith("生产者："))
        shown = fields[start] + fields[start + 1]  # two lines
        # all of the name over two lines, or as much as fits and an ellipsis: never cut silently
        assert LONG_PRODUCER in shown or shown.endswith("…")
        assert fields[start + 2].startswith("抽样日期：")


def test_a_short_bracketed_group_is_not_split_over_two_lines():
    art = compose_pages([_label(1, producer="阿鲁科尔沁旗草原红牛业有限公司（演示）")], A4_3X8)[0].labels[0]
    lines = [r.text for r in art.texts]
    assert not any(line.endswith(("（", "（演")) for line in lines), lines
    assert not any(line.startswith(("）", "示）")) for line in lines), lines


_TEXT = st.text(st.sampled_from(list("阿鲁科尔沁旗绿野蔬菜种植专业合作社（演示）ABCDEFGHIJ abcdefghij0123456789-·、")),
                max_size=90)


@settings(max_examples=60, deadline=None)
@given(product=_TEXT.filter(str.strip), producer=_TEXT, storage=_TEXT, task=_TEXT, lab=_TEXT,
       serial=st.integers(0, 10**9))
def test_no_text_of_any_length_leaves_its_label_or_covers_a_code(product, producer, storage, task, lab, serial):
    label = LabelData(code=f"NJ2026-{serial:06d}", product=product, producer=producer, sampled_on=date(2026, 3, 5),
                      task=task, storage=storage, lab=lab)
    for layout in (A4_3X8, ROLL_60X40):
        _assert_inside_and_apart(compose_pages([label], layout)[0].labels[0], layout)


def test_a_layout_whose_labels_do_not_fit_its_page_is_refused():
    with pytest.raises(ValueError, match="do not fit"):
        LabelLayout("too-wide", 210, 297, 71, 36, columns=3, rows=8)
