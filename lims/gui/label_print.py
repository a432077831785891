"""Printing sample labels: a print preview on a QPrinter, or the label sheet saved as a PDF.

QtPdf is not part of PySide6-Essentials, so the PDF is not rasterised for printing. Instead the
page geometry that the PDF is drawn from (``reports.labels.compose_pages``, fetched through
``LabelService.pages``) is painted here with QPainter: vector output at the printer's own
resolution, with the same font file, so the printed labels and the saved PDF are one layout.
Barcode modules are snapped to whole printer dots, which keeps the bar-to-space ratios exact
on a 203 dpi thermal printer as on a 600 dpi laser."""
from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRect, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import LimsError
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import MessageLabel
from lims.services.container import Services
from lims.services.labels import MAX_COPIES
from reports.fonts import FONT_FAMILY, FONT_FILE
from reports.labels import LabelArt, LabelLayout, LabelPage

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
IMAGE_DPI = 300  # of ``page_image``: a laser printer's resolution


# --- painting the geometry -----------------------------------------------------------------

def make_printer(layout: LabelLayout, title: str) -> QPrinter:
    """A printer set to the layout's paper, painted from the paper's corner with no margins
    (the layout keeps its own blank edges)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    size = QPageSize(QSizeF(layout.page_width, layout.page_height), QPageSize.Unit.Millimeter, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)  # 210 x 297 is A4, so the A4 tray is used
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setDocName(title)
    return printer


def paint_pages(printer: QPrinter, pages: Sequence[LabelPage]) -> None:
    """Paint ``pages`` on the printer (or the print preview's stand-in for it), one per sheet."""
    painter = QPainter()
    if not painter.begin(printer):
        log.warning("could not start painting on the printer %r", printer.printerName())
        return
    try:
        for number, page in enumerate(pages):
            if number and not printer.newPage():
                log.warning("the printer refused a new page after page %d", number)
                break
            paint_page(painter, page)
    finally:
        painter.end()


def paint_page(painter: QPainter, page: LabelPage) -> None:
    """Paint one page; (0, 0) of the painter is the paper's top-left corner."""
    device = painter.device()
    dots = device.logicalDpiX() / POINTS_PER_INCH  # device dots per point
    font = label_font()
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for art in page.labels:
        _paint_codes(painter, art, dots)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setPen(QColor("black"))
    for art in page.labels:
        for run in art.texts:
            font.setPointSizeF(run.size)
            painter.setFont(font)
            painter.drawText(QPointF(run.x * dots, run.baseline * dots), run.text)
    painter.restore()


def _paint_codes(painter: QPainter, art: LabelArt, dots: float) -> None:
    black = QColor("black")
    bar = art.barcode
    module = max(1, math.floor(bar.module * dots))  # whole dots: every module the same width
    left = round((bar.x + bar.width / 2) * dots - sum(bar.runs) * module / 2)
    top, height = round(bar.y * dots), round(bar.height * dots)
    for index, run in enumerate(bar.runs):
        if index % 2 == 0:
            painter.fillRect(QRect(left, top, run * module, height), black)
        left += run * module
    qr = art.qr
    count = len(qr.modules)
    module = max(1, math.floor(qr.module * dots))
    centre_x, centre_y = (qr.x + qr.size / 2) * dots, (qr.y + qr.size / 2) * dots
    x0, y0 = round(centre_x - count * module / 2), round(centre_y - count * module / 2)
    for r, row in enumerate(qr.modules):
        column = 0
        while column < count:
            if not row[column]:
                column += 1
                continue
            end = column
            while end < count and row[end]:
                end += 1
            painter.fillRect(QRect(x0 + column * module, y0 + r * module, (end - column) * module, module), black)
            column = end


def label_font() -> QFont:
    """The font the PDF embeds, so text measured by the layout takes the same room here."""
    if FONT_FAMILY not in QFontDatabase.families():
        QFontDatabase.addApplicationFont(str(FONT_FILE))
    font = QFont(FONT_FAMILY)
    font.setKerning(False)  # the layout adds up advances without kerning, as the PDF does
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def page_image(page: LabelPage, dpi: int = IMAGE_DPI) -> QImage:
    """The page painted on a white image, as a printer of ``dpi`` would print it."""
    scale = dpi / POINTS_PER_INCH
    image = QImage(math.ceil(page.width * scale), math.ceil(page.height * scale), QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_page(painter, page)
    finally:
        painter.end()
    return image


# --- the dialog ----------------------------------------------------------------------------

class LabelPrintDialog(QDialog):
    """Choose the layout, then preview and print the labels, or save them as a PDF."""

    pages_ready = Signal(int)  # number of pages
    saved = Signal(object)  # Path

    def __init__(self, services: Services, runner: TaskRunner, sample_ids: Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self.sample_ids = tuple(dict.fromkeys(sample_ids))
        self._layouts = {layout.name: layout for layout in services.labels.layouts()}
        self._pages: tuple[LabelPage, ...] = ()
        self._generation = 0
        self._printer: QPrinter | None = None
        self.setWindowTitle(self.tr("Print labels"))
        self.setMinimumWidth(460)

        self.summary = QLabel(self.tr("Samples chosen: {count}").format(count=len(self.sample_ids)))
        self.layout_box = QComboBox()
        for layout in self._layouts.values():
            self.layout_box.addItem(self._layout_title(layout), layout.name)
        self.position = QSpinBox()
        self.position.setToolTip(self.tr("Labels already used on the sheet are left blank"))
        self.copies = QSpinBox()
        self.copies.setRange(1, MAX_COPIES)
        self.copies.setToolTip(self.tr("For example 2: one for the test portion, one for the retained sample"))
        self.status = QLabel()
        self.message = MessageLabel()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(self.tr("Save PDF…"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QPushButton(self.tr("Close")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.open_preview)
        self.save_button.clicked.connect(self.ask_save_path)

        form = QFormLayout()
        form.addRow(self.tr("Layout"), self.layout_box)
        form.addRow(self.tr("Start at label position"), self.position)
        form.addRow(self.tr("Labels per sample"), self.copies)
        body = QVBoxLayout(self)
        body.addWidget(self.summary)
        body.addLayout(form)
        body.addWidget(self.status)
        body.addWidget(self.message)
        body.addWidget(buttons)

        self._update_position_range()
        self.layout_box.currentIndexChanged.connect(self._layout_changed)
        self.position.valueChanged.connect(self.reload)
        self.copies.valueChanged.connect(self.reload)
        self.reload()

    # --- options ---------------------------------------------------------------------------

    @property
    def layout_name(self) -> str:
        return self.layout_box.currentData()

    @property
    def pages(self) -> tuple[LabelPage, ...]:
        return self._pages

    def set_layout(self, name: str) -> None:
        self.layout_box.setCurrentIndex(self.layout_box.findData(name))

    def _layout_title(self, layout: LabelLayout) -> str:
        titles = {
            "a4-3x8": self.tr("A4 sheet, 3 × 8 labels of 70 × 36 mm"),
            "roll-60x40": self.tr("Label roll, 60 × 40 mm, one label per page"),
        }
        return titles.get(layout.name, layout.name)

    def _layout_changed(self) -> None:
        self._update_position_range()
        self.reload()

    def _update_position_range(self) -> None:
        per_page = self._layouts[self.layout_name].per_page
        self.position.blockSignals(True)
        self.position.setRange(1, per_page)
        self.position.setValue(min(self.position.value(), per_page))
        self.position.blockSignals(False)
        self.position.setEnabled(per_page > 1)

    # --- fetching the laid-out pages --------------------------------------------------------

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self._pages = ()
        self._set_ready(False)
        self.status.setText(self.tr("Preparing the labels…"))
        self.message.clear_message()
        self._runner.run(
            self._services.labels.pages, self.sample_ids, self.layout_name, self.position.value() - 1,
            self.copies.value(),
            on_done=partial(self._arrived, generation), on_error=partial(self._failed, generation),
        )

    def _arrived(self, generation: int, pages: tuple[LabelPage, ...]) -> None:
        if generation != self._generation:
            return
        self._pages = pages
        count = sum(len(page.labels) for page in pages)
        self.status.setText(self.tr("Labels: {labels}; pages: {pages}").format(labels=count, pages=len(pages)))
        self._set_ready(True)
        self.pages_ready.emit(len(pages))

    def _failed(self, generation: int, err: LimsError) -> None:
        if generation != self._generation:
            return
        self.status.clear()
        self.message.show_error(error_text(err))

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    # --- print -----------------------------------------------------------------------------

    def open_preview(self) -> QPrintPreviewDialog:
        """The print preview of the pages, window-modal; its print button prints them."""
        self._printer = make_printer(self._layouts[self.layout_name], self.tr("Sample labels"))
        preview = QPrintPreviewDialog(self._printer, self)
        preview.setWindowTitle(self.tr("Print preview: sample labels"))
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.paintRequested.connect(partial(paint_pages, pages=self._pages))
        # a bound method, not a lambda: PySide6 6.11 aborts when a dialog deleted on close still
        # has a lambda connected to its accepted signal
        preview.accepted.connect(self._sent_to_printer)
        preview.resize(900, 700)
        preview.open()
        return preview

    def _sent_to_printer(self) -> None:
        self.message.show_ok(self.tr("The labels were sent to the printer"))

    # --- save ------------------------------------------------------------------------------

    def ask_save_path(self) -> QFileDialog:
        first = self._pages[0].labels[0].barcode.value if self._pages else "labels"
        dialog = QFileDialog(self, self.tr("Save the labels as PDF"), str(Path.home() / f"labels-{first}.pdf"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.save_pdf_to)
        dialog.open()
        return dialog

    def save_pdf_to(self, path: str | Path) -> None:
        self.message.clear_message()
        self.save_button.setEnabled(False)
        self._runner.run(
            self._services.labels.save, self.sample_ids, self.layout_name, Path(path),
            self.position.value() - 1, self.copies.value(),
            on_done=self._saved, on_error=self._save_failed,
        )

    def _saved(self, path: Path) -> None:
        self.save_button.setEnabled(bool(self._pages))
        self.message.show_ok(self.tr("Saved to {path}").format(path=str(path)))
        self.saved.emit(path)

    def _save_failed(self, err: LimsError) -> None:
        self.save_button.setEnabled(bool(self._pages))
        self.message.show_error(error_text(err))


def open_label_dialog(services: Services, runner: TaskRunner, sample_ids: Sequence[int],
                      parent: QWidget | None = None) -> LabelPrintDialog:
    """Show the label dialog for the samples, window-modal, deleted when closed."""
    dialog = LabelPrintDialog(services, runner, sample_ids, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
