"""Labels for registered samples, read from the database on both backends."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from lims.domain.errors import NotFound, ValidationError
from tests.reports import pdftools
from tests.services.conftest import CST


@pytest.fixture
def registered(lab, people, catalogue):
    """Two leek samples of the routine-monitoring task, one taken just after midnight local time."""
    return [
        lab.work.register(people["tech1"], catalogue.form(
            task_id=catalogue.tasks["LX2026-01"], sampled_at=when, storage="冷藏 0-4℃"))
        for when in (datetime(2026, 3, 5, 0, 30, tzinfo=CST), datetime(2026, 3, 6, 9, 0, tzinfo=CST))
    ]


def test_a_label_carries_the_sampling_form_fields_and_the_lab_name(lab, registered):
    first = registered[0]
    (label,) = lab.labels.labels([first.id])
    assert label.code == first.code == "NJ2026-000001"
    assert label.product == "韭菜"
    assert label.producer == first.producer and label.producer
    assert label.sampled_on == date(2026, 3, 5)  # the lab's local date, not UTC's 4 March
    assert label.task == "LX2026-01"
    assert label.storage == "冷藏 0-4℃"
    assert label.lab == "阿鲁科尔沁旗农畜产品质量安全检验检测站（演示）"


def test_the_pdf_has_a_label_for_each_sample_in_the_order_chosen(lab, registered, tmp_path):
    ids = [registered[1].id, registered[0].id]
    path = pdftools.write(lab.labels.pdf(ids, "a4-3x8"), tmp_path)
    assert pdftools.page_count(path) == 1
    text = pdftools.text(path)
    assert "NJ2026-000001" in text and "NJ2026-000002" in text and "韭菜" in text and "0-4°C" in text
    codes = [kind_text[1] for png in pdftools.render(path, tmp_path, 300) for kind_text in pdftools.decode_png(png)
             if kind_text[0] == "Code128"]
    assert sorted(codes) == ["NJ2026-000001", "NJ2026-000002"]
    pages = lab.labels.pages(ids, "a4-3x8")
    assert [art.barcode.value for art in pages[0].labels] == ["NJ2026-000002", "NJ2026-000001"]


def test_a_roll_gives_a_page_per_label_and_copies_come_side_by_side(lab, registered, tmp_path):
    ids = [r.id for r in registered]
    path = pdftools.write(lab.labels.pdf(ids, "roll-60x40", 0, 2), tmp_path)
    assert pdftools.page_count(path) == 4
    pages = lab.labels.pages(ids, "roll-60x40", 0, 2)
    assert [p.labels[0].barcode.value for p in pages] == ["NJ2026-000001"] * 2 + ["NJ2026-000002"] * 2


def test_samples_that_do_not_exist_are_named_and_nothing_is_made(lab, registered):
    with pytest.raises(NotFound) as err:
        lab.labels.pdf([registered[0].id, 9998, 9999], "a4-3x8")
    assert err.value.template == "Samples {ids} do not exist; no labels were made"
    assert "9998, 9999" in str(err.value)


def test_an_unknown_layout_or_bad_options_are_refused_with_the_field(lab, registered):
    with pytest.raises(NotFound, match="no label layout named a5"):
        lab.labels.pdf([registered[0].id], "a5")
    with pytest.raises(ValidationError, match="between 1 and 24") as err:
        lab.labels.pdf([registered[0].id], "a4-3x8", 24)
    assert err.value.field == "skip"
    with pytest.raises(ValidationError) as err:
        lab.labels.pdf([registered[0].id], "a4-3x8", 0, 0)
    assert err.value.field == "copies"
    with pytest.raises(ValidationError) as err:
        lab.labels.pdf([], "a4-3x8")
    assert err.value.field == "samples"


def test_save_writes_a_complete_pdf_and_reports_a_folder_it_cannot_write(lab, registered, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = lab.labels.save([registered[0].id], "a4-3x8", folder / "标签.pdf")
    assert target.read_bytes().startswith(b"%PDF-") and pdftools.page_count(target) == 1
    assert list(folder.iterdir()) == [target]  # no partial file left behind
    with pytest.raises(ValidationError, match="could not be saved") as err:
        lab.labels.save([registered[0].id], "a4-3x8", folder / "missing" / "labels.pdf")
    assert err.value.field == "file"
