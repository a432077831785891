"""The label dialog: saving the PDF sheet, the print preview built offscreen, and the pages as
painted for a printer reading back as the samples' codes."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from PySide6.QtGui import QFontMetricsF, QImage
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from lims.db.models import Producer, Product
from lims.gui.label_print import LabelPrintDialog, label_font, page_image
from lims.gui.tasks import TaskRunner
from lims.services.container import Services
from lims.services.sample_work import RegistrationForm
from tests.gui.dbfill import engine_of
from tests.reports import pdftools

CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def lab(sqlite_demo_services: Services) -> Services:
    return sqlite_demo_services


def _register(services: Services, count: int) -> list[int]:
    with engine_of(services) as eng, eng.connect() as c:
        product = c.scalar(select(Product.id).where(Product.name == "韭菜"))
        producer = c.scalar(select(Producer.id).order_by(Producer.id).limit(1))
    tech = services.users.login("tech1", "demo1234", "化验室-1")
    return [services.work.register(tech, RegistrationForm(
        product_id=product, producer_id=producer, sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=CST),
        sampler1="张明", sampler2="李强", storage="冷藏")).id for _ in range(count)]


def _dialog(qtbot: QtBot, services: Services, runner: TaskRunner, ids: list[int],
            layout: str = "a4-3x8") -> LabelPrintDialog:
    with qtbot.waitSignal(runner.idle, timeout=15_000):
        dialog = LabelPrintDialog(services, runner, ids)
    qtbot.addWidget(dialog)
    if layout != dialog.layout_name:
        with qtbot.waitSignal(dialog.pages_ready, timeout=15_000):
            dialog.set_layout(layout)
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    return dialog


def _grey(image: QImage) -> np.ndarray:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), dtype=np.uint8).reshape(grey.height(), grey.bytesPerLine())
    return rows[:, :grey.width()].copy()


def test_save_pdf_writes_the_label_sheet_chosen_in_the_file_dialog(qtbot, lab, runner, tmp_path):
    ids = _register(lab, 2)
    dialog = _dialog(qtbot, lab, runner, ids)
    assert dialog.status.text() == dialog.tr("Labels: {labels}; pages: {pages}").format(labels=2, pages=1)
    files = dialog.ask_save_path()
    assert isinstance(files, QFileDialog)
    assert files.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    files.selectFile(str(tmp_path / "标签"))
    with qtbot.waitSignal(dialog.saved, timeout=15_000) as saved:
        files.accept()  # 保存: the ".pdf" is added
    path = Path(saved.args[0])
    assert path == tmp_path / "标签.pdf" and dialog.message.kind == "ok"
    assert pdftools.page_count(path) == 1
    text = pdftools.text(path)
    assert "NJ2026-000001" in text and "NJ2026-000002" in text and "韭菜" in text


def test_a_file_that_cannot_be_written_is_explained_in_the_dialog(qtbot, lab, runner, tmp_path):
    dialog = _dialog(qtbot, lab, runner, _register(lab, 1))
    with qtbot.waitSignal(runner.idle, timeout=15_000):
        dialog.save_pdf_to(tmp_path / "no-such-folder" / "labels.pdf")
    assert dialog.message.kind == "error" and "no-such-folder" in dialog.message.text()
    assert dialog.save_button.isEnabled()


def test_the_print_preview_builds_offscreen_with_a_page_per_roll_label(qtbot, lab, runner, tmp_path):
    dialog = _dialog(qtbot, lab, runner, _register(lab, 3), layout="roll-60x40")
    assert not dialog.position.isEnabled()  # a roll has no used positions to skip
    preview = dialog.open_preview()
    widget = preview.findChild(QPrintPreviewWidget)
    widget.updatePreview()
    assert widget.pageCount() == 3
    shot = preview.grab()
    shot.save(str(tmp_path / "preview.png"))
    assert not shot.isNull() and shot.width() > 400
    printer = dialog._printer  # the page set-up the printer receives
    size = printer.pageLayout().fullRect(printer.pageLayout().Unit.Millimeter)
    assert (round(size.width()), round(size.height())) == (60, 40)
    preview.close()


def test_a_sheet_can_start_at_a_used_position(qtbot, lab, runner):
    dialog = _dialog(qtbot, lab, runner, _register(lab, 2))
    with qtbot.waitSignal(dialog.pages_ready, timeout=15_000):
        dialog.position.setValue(24)  # the last label of the sheet: the second sample goes on a new one
    assert [len(page.labels) for page in dialog.pages] == [1, 1]


@pytest.mark.parametrize("layout, dpi", [("a4-3x8", 300), ("roll-60x40", 203)])
def test_the_pages_painted_for_the_printer_read_back_as_the_codes(qtbot, lab, runner, layout, dpi):
    ids = _register(lab, 2)
    dialog = _dialog(qtbot, lab, runner, ids, layout)
    found = [code for page in dialog.pages for code in pdftools.decode(_grey(page_image(page, dpi)))]
    assert sorted(text for kind, text in found if kind == "Code128") == ["NJ2026-000001", "NJ2026-000002"]
    assert sorted(text for kind, text in found if kind == "QRCode") == [
        "NJ2026-000001|韭菜|2026-03-05", "NJ2026-000002|韭菜|2026-03-05"]


def test_qt_draws_the_label_text_in_the_room_the_pdf_layout_measured(qtbot, lab, runner):
    dialog = _dialog(qtbot, lab, runner, _register(lab, 1))
    image = page_image(dialog.pages[0], 300)
    dots = image.logicalDpiX() / 72
    font = label_font()
    for run in dialog.pages[0].labels[0].texts:
        font.setPointSizeF(run.size)
        drawn = QFontMetricsF(font, image).horizontalAdvance(run.text) / dots
        assert drawn == pytest.approx(run.width, rel=0.02), run.text  # the same font file, not a fallback


def test_samples_that_vanished_are_reported_and_nothing_can_be_printed(qtbot, lab, runner):
    dialog = LabelPrintDialog(lab, runner, [9999])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=15_000)
    assert "9999" in dialog.message.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
