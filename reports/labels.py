"""Sample labels: a Code 128 barcode of the sample code, a QR code with the code and key fields,
the code in large print and the sampling-form fields in Chinese.

Labels are laid out once, as plain geometry (``compose_pages``): points, origin at the page's
top-left corner, y growing downwards. The PDF (``label_sheet_pdf``) is drawn from that geometry
here; the GUI paints the very same geometry on a QPrinter, so what is printed, previewed and
saved is one layout.
"""
from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

from reports.fonts import ascent_descent, printable, register_cjk_font, string_width

MM = 72 / 25.4  # points per millimetre

# Code 128 (ISO/IEC 15417): a quiet zone of at least 10 modules on each side. The module is as
# wide as the label allows up to 0.38 mm; hand scanners read 0.25 mm and up comfortably.
CODE128_QUIET_MODULES = 10
CODE128_MAX_MODULE = 0.38 * MM
BARCODE_MIN_HEIGHT = 8 * MM
BARCODE_MAX_HEIGHT = 13 * MM
# QR (ISO/IEC 18004): a quiet zone of 4 modules; level M survives a smudged or creased label
QR_QUIET_MODULES = 4
QR_LEVEL = qrencoder.QRErrorCorrectLevel.M

LAB_SIZE = (6.5, 4.5)  # largest and smallest point size of the lab's name
CODE_SIZE = (12.0, 7.0)  # of the sample code
FIELD_SIZE = (8.5, 5.0)  # of the fields
SIZE_STEP = 0.25
LEADING = 1.18  # line distance as a multiple of the point size
GAP = 1.0 * MM  # between the blocks of a label
QR_SHARE = 0.32  # of the label's width, at most, for the QR code with its quiet zone
ELLIPSIS = "…"
SEPARATOR = "\u3000"  # an ideographic space between two fields on one line; lines break there first
BRACKET_GROUP = 6  # a bracketed group this short, "（演示）", is not split over two lines
# characters that may not begin a line (a closing bracket alone at the start of a line)
_NO_LINE_START = set("）)]】》」』，,。.、：:；;！!？?%")
_NO_LINE_END = set("（([【《「『")


# --- what goes in ------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelData:
    """What one label says, as plain text: the sample code and the fields a person checks."""

    code: str
    product: str
    producer: str = ""
    sampled_on: date | None = None
    task: str = ""  # the task's short name (its code), e.g. "LX2026-01"
    storage: str = ""  # storage condition from the sampling form, e.g. "冷藏"
    lab: str = ""

    def qr_text(self) -> str:
        """Compact text for the QR code: ``code|product|sampling date``."""
        day = self.sampled_on.isoformat() if self.sampled_on else ""
        return f"{self.code}|{self.product}|{day}"


@dataclass(frozen=True)
class LabelLayout:
    """A page of ``columns`` x ``rows`` labels; a roll of single labels is a 1 x 1 page.

    Lengths in millimetres. ``padding`` is the blank edge kept inside each label: sheet
    printers cannot print to the paper's edge and roll printers drift by a millimetre."""

    name: str
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    columns: int = 1
    rows: int = 1
    margin_left: float = 0.0
    margin_top: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0
    padding_x: float = 2.5
    padding_y: float = 2.0

    def __post_init__(self) -> None:
        if self.columns < 1 or self.rows < 1:
            raise ValueError(f"layout {self.name}: at least one label per page")
        right = self.margin_left + self.columns * self.label_width + (self.columns - 1) * self.gap_x
        bottom = self.margin_top + self.rows * self.label_height + (self.rows - 1) * self.gap_y
        if right > self.page_width + 1e-6 or bottom > self.page_height + 1e-6:
            raise ValueError(f"layout {self.name}: the labels do not fit on the page")

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def label_origin(self, position: int) -> tuple[float, float]:
        """Top-left corner (mm) of the label at ``position`` on its page, row by row."""
        row, column = divmod(position, self.columns)
        return (self.margin_left + column * (self.label_width + self.gap_x),
                self.margin_top + row * (self.label_height + self.gap_y))


# A4 sheets of 24 self-adhesive labels, 70 x 36 mm, three across with no gap (the common
# "3 x 8" office label sheet): 4.5 mm left blank at top and bottom.
A4_3X8 = LabelLayout("a4-3x8", 210, 297, 70, 36, columns=3, rows=8, margin_top=4.5,
                     padding_x=4.5, padding_y=2.5)
# One 60 x 40 mm label per page, for thermal label printers with a roll.
ROLL_60X40 = LabelLayout("roll-60x40", 60, 40, 60, 40, padding_x=2.5, padding_y=2.0)
LAYOUTS: dict[str, LabelLayout] = {layout.name: layout for layout in (A4_3X8, ROLL_60X40)}


# --- what comes out: geometry in points, origin top-left, y downwards -------------------------

@dataclass(frozen=True)
class TextRun:
    x: float
    baseline: float
    size: float  # points
    text: str
    width: float  # advance width in points, from the font's metrics


@dataclass(frozen=True)
class LinearBarcode:
    """A Code 128 symbol. ``runs`` are widths in modules, bar first, then space, bar, ...;
    ``x`` is the left edge of the first bar, and ``quiet`` blank points lie on either side."""

    value: str
    x: float
    y: float
    height: float
    module: float
    quiet: float
    runs: tuple[int, ...]

    @property
    def width(self) -> float:
        return sum(self.runs) * self.module

    def bars(self) -> list[tuple[float, float]]:
        """(left, width) of each bar in points."""
        out, left = [], self.x
        for i, run in enumerate(self.runs):
            if i % 2 == 0:
                out.append((left, run * self.module))
            left += run * self.module
        return out


@dataclass(frozen=True)
class MatrixCode:
    """A QR symbol: ``modules[row][column]`` is True for dark. (``x``, ``y``) is the top-left
    corner of the first module; ``quiet`` blank points lie around the symbol."""

    value: str
    x: float
    y: float
    module: float
    quiet: float
    modules: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> float:
        return len(self.modules) * self.module


@dataclass(frozen=True)
class LabelArt:
    """One label as drawn: its box on the page and what is inside it."""

    x: float
    y: float
    width: float
    height: float
    texts: tuple[TextRun, ...]
    barcode: LinearBarcode
    qr: MatrixCode


@dataclass(frozen=True)
class LabelPage:
    width: float
    height: float
    labels: tuple[LabelArt, ...]


# --- encoders ------------------------------------------------------------------------------

def fits_code128(value: str) -> bool:
    """Whether ``value`` can be printed as this barcode: printable ASCII only, not empty."""
    return bool(value) and all(" " <= ch <= "~" for ch in value)


def code128_runs(value: str) -> tuple[int, ...]:
    """Bar and space widths in modules (bar first) of ``value`` in Code 128, check symbol and
    stop pattern included. Only printable ASCII can be encoded."""
    if not fits_code128(value):
        raise ValueError(f"{value!r} cannot be encoded in Code 128")
    symbol = Code128(value, quiet=0)
    symbol.validate()
    symbol.encode()
    # decomposed: one letter per element, upper case for a bar, its width "a"=1 ... "d"=4
    return tuple(ord(ch.lower()) - ord("a") + 1 for ch in symbol.decompose())


def qr_modules(text: str, *, mask: int | None = None) -> tuple[tuple[bool, ...], ...]:
    """The QR symbol of ``text`` (UTF-8, level M, smallest version that holds it).

    ``mask`` fixes the mask pattern (0..7); None scores all eight and takes the best, which
    costs ten times as long as encoding once."""
    code = qrencoder.QRCode(None, QR_LEVEL)
    code.addData(text)
    if mask is None:
        code.make()
    else:
        code.version = code.calculate_version()
        code.makeImpl(False, mask)
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


# --- composing ---------------------------------------------------------------------------------

def compose_pages(labels: Sequence[LabelData], layout: LabelLayout, skip: int = 0) -> tuple[LabelPage, ...]:
    """Place the labels on pages. ``skip`` leaves the first positions of the first page blank,
    so a partly used sheet can go through the printer again."""
    if not labels:
        raise ValueError("no labels to compose")
    if not 0 <= skip < layout.per_page:
        raise ValueError(f"skip must be 0..{layout.per_page - 1}, not {skip}")
    pages: list[LabelPage] = []
    current: list[LabelArt] = []
    for position, label in enumerate(labels, start=skip):
        if current and position % layout.per_page == 0:
            pages.append(LabelPage(layout.page_width * MM, layout.page_height * MM, tuple(current)))
            current = []
        left, top = layout.label_origin(position % layout.per_page)
        current.append(compose_label(label, layout, left * MM, top * MM))
    pages.append(LabelPage(layout.page_width * MM, layout.page_height * MM, tuple(current)))
    return tuple(pages)


def compose_label(label: LabelData, layout: LabelLayout, left: float, top: float) -> LabelArt:
    """One label whose top-left corner is at (``left``, ``top``) points.

    From the top: the lab's name across the label; the code in large print with the fields
    under it, the QR code to their right; the barcode across the bottom. Text shrinks, then
    wraps, then is shortened with an ellipsis: it never leaves its block."""
    x0, y0 = left + layout.padding_x * MM, top + layout.padding_y * MM
    width = (layout.label_width - 2 * layout.padding_x) * MM
    height = (layout.label_height - 2 * layout.padding_y) * MM
    texts: list[TextRun] = []

    block_top = y0
    if label.lab.strip():
        size, line = _fit_single(_clean(label.lab), width, *LAB_SIZE)
        ascent, descent = ascent_descent(size)
        texts.append(TextRun(x0, y0 + ascent, size, line, _width(line, size)))
        block_top = y0 + ascent - descent + GAP * 0.6

    barcode = _barcode(label.code, x0, y0 + height, width, height)
    block_bottom = barcode.y - GAP

    qr = _qr(label.qr_text(), x0 + width, block_top, block_bottom, width)
    text_right = qr.x - qr.quiet - GAP * 0.8  # the QR's quiet zone is kept free of text
    text_width = text_right - x0

    size, code_line = _fit_single(label.code, text_width, *CODE_SIZE)
    ascent, descent = ascent_descent(size)
    code_height = ascent - descent
    # the code and the fields are centred as one block beside the QR code
    fields = _field_lines(label)
    field_size, lines = _fit_block(fields, text_width, block_bottom - block_top - code_height - GAP * 0.5,
                                   *FIELD_SIZE)
    field_ascent, field_descent = ascent_descent(field_size)
    fields_height = (len(lines) - 1) * field_size * LEADING + field_ascent - field_descent if lines else 0.0
    used = code_height + (GAP * 0.5 + fields_height if lines else 0.0)
    top_of_text = block_top + max(0.0, (block_bottom - block_top - used) / 2)
    texts.append(TextRun(x0, top_of_text + ascent, size, code_line, _width(code_line, size)))
    baseline = top_of_text + code_height + GAP * 0.5 + field_ascent
    for indent, text in lines:
        texts.append(TextRun(x0 + indent, baseline, field_size, text, _width(text, field_size)))
        baseline += field_size * LEADING

    return LabelArt(left, top, layout.label_width * MM, layout.label_height * MM, tuple(texts), barcode, qr)


def _barcode(code: str, x0: float, bottom: float, width: float, height: float) -> LinearBarcode:
    runs = code128_runs(code)
    modules = sum(runs)
    module = min(CODE128_MAX_MODULE, width / (modules + 2 * CODE128_QUIET_MODULES))
    bar_height = min(BARCODE_MAX_HEIGHT, max(BARCODE_MIN_HEIGHT, height * 0.28))
    symbol_width = modules * module
    return LinearBarcode(
        value=code, x=x0 + (width - symbol_width) / 2, y=bottom - bar_height, height=bar_height,
        module=module, quiet=CODE128_QUIET_MODULES * module, runs=runs,
    )


def _qr(text: str, right: float, top: float, bottom: float, width: float) -> MatrixCode:
    modules = qr_modules(text)
    side = min(bottom - top, width * QR_SHARE)  # quiet zone included
    module = side / (len(modules) + 2 * QR_QUIET_MODULES)
    quiet = QR_QUIET_MODULES * module
    # flush right: the label's padding adds to the quiet zone on that side
    x = right - side + quiet
    y = top + (bottom - top - side) / 2 + quiet
    return MatrixCode(value=text, x=x, y=y, module=module, quiet=quiet, modules=modules)


def _field_lines(label: LabelData) -> list[tuple[str, str, int]]:
    """(caption, value, most lines it may take) of each field that has a value."""
    product, producer, storage, task = (_clean(v) for v in (label.product, label.producer, label.storage, label.task))
    fields = [("品名：", product, 2)]
    if producer:
        fields.append(("生产者：", producer, 2))
    # the date and the storage condition share a line when there is room: both are short
    day = label.sampled_on.isoformat() if label.sampled_on is not None else ""
    if day:
        fields.append(("抽样日期：", f"{day}{SEPARATOR}贮存：{storage}" if storage else day, 2 if storage else 1))
    elif storage:
        fields.append(("贮存：", storage, 1))
    if task:
        fields.append(("任务：", task, 1))
    return fields


def _clean(text: str) -> str:
    """One line of printable text: runs of white space (line breaks too) become one space."""
    return printable(" ".join(text.split()))


# --- fitting text ------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _char_width(ch: str) -> float:
    """Advance of one character at 1 pt (reportlab applies no kerning: a string's width is
    the sum of its characters')."""
    return string_width(ch, 1.0)


def _width(text: str, size: float) -> float:
    return sum(_char_width(ch) for ch in text) * size


def _sizes(largest: float, smallest: float) -> list[float]:
    count = round((largest - smallest) / SIZE_STEP)
    return [largest - i * SIZE_STEP for i in range(count + 1)]


def _fit_single(text: str, width: float, largest: float, smallest: float) -> tuple[float, str]:
    """The largest size at which ``text`` fits on one line; at the smallest, shortened."""
    for size in _sizes(largest, smallest):
        if _width(text, size) <= width:
            return size, text
    return smallest, _ellipsize(text, width, smallest)


def _ellipsize(text: str, width: float, size: float) -> str:
    while text and _width(text + ELLIPSIS, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _fit_block(fields: list[tuple[str, str, int]], width: float, height: float, largest: float,
               smallest: float) -> tuple[float, list[tuple[float, str]]]:
    """The largest size at which every field fits in its lines and all lines in ``height``.

    Returns the size and the lines as (indent, text): a wrapped value continues under its
    first character, not under the caption. Below the smallest size, values are shortened and
    fields that still find no room are left off from the last one up."""
    for size in _sizes(largest, smallest):
        lines: list[tuple[float, str]] = []
        for caption, value, most in fields:
            wrapped = _wrap(caption, value, width, size)
            if len(wrapped) > most:
                break
            lines.extend(wrapped)
        else:
            if _block_height(len(lines), size) <= height:
                return size, lines
    size = smallest
    lines = []
    for caption, value, most in fields:
        wrapped = _wrap(caption, value, width, size)
        if len(wrapped) > most:
            wrapped = wrapped[:most]
            indent, last = wrapped[-1]
            wrapped[-1] = (indent, _ellipsize(last, width - indent, size))
        lines.extend(wrapped)
    while lines and _block_height(len(lines), size) > height:
        lines.pop()
    return size, lines


def _block_height(count: int, size: float) -> float:
    if count == 0:
        return 0.0
    ascent, descent = ascent_descent(size)
    return (count - 1) * size * LEADING + ascent - descent


def _wrap(caption: str, value: str, width: float, size: float) -> list[tuple[float, str]]:
    """Break ``caption + value`` into lines no wider than ``width``: between any two Chinese
    characters, at a space within Latin words, never before a closing bracket or punctuation."""
    indent = _width(caption, size)
    if indent > width * 0.45:  # a caption this wide leaves no room: continue from the left
        indent = 0.0
    lines: list[tuple[float, str]] = []
    line, line_indent, limit = caption, 0.0, width
    for ch in value:
        if not line.strip() or _width(line + ch, size) <= limit:
            line += ch
            continue
        keep, carry = _break(line, ch, caption if not lines else "")
        lines.append((line_indent, keep.rstrip()))
        line, line_indent, limit = carry.lstrip() + ch, indent, width - indent
        while len(line) > 1 and _width(line, size) > limit:  # a carried word wider than a line
            cut = max(1, max(n for n in range(1, len(line) + 1) if n == 1 or _width(line[:n], size) <= limit))
            lines.append((line_indent, line[:cut]))
            line = line[cut:]
    lines.append((line_indent, line.rstrip()))
    return [(ind, text) for ind, text in lines if text] or [(0.0, caption)]


def _break(line: str, following: str, protected: str) -> tuple[str, str]:
    """Split ``line`` where it should end when ``following`` does not fit after it: the part
    that stays and the part carried to the next line. ``protected`` (the caption) stays."""
    floor = len(protected) + 1  # at least one character of the value stays on the line
    cut = len(line)
    if following in _NO_LINE_START and cut - 1 >= floor:
        cut -= 1  # take the character before along, so punctuation never starts a line
    while cut - 1 >= floor and line[cut - 1] in _NO_LINE_END:
        cut -= 1  # an opening bracket goes down with what it opens
    if cut == len(line):
        separator = line.rfind(SEPARATOR, floor)
        opening = max(line.rfind(ch, floor) for ch in _NO_LINE_END)
        if separator >= floor:
            cut = separator + 1
        elif opening >= floor and not any(ch in _NO_LINE_START for ch in line[opening:]) \
                and len(line) - opening < BRACKET_GROUP:
            cut = opening
        elif _is_word_char(following) and _is_word_char(line[-1]):
            space = line.rfind(" ", floor)
            if space >= floor:
                cut = space + 1
    return line[:cut], line[cut:]


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# --- PDF ---------------------------------------------------------------------------------------

# reportlab's font subsetting keeps per-document state in the shared font object: one label
# sheet at a time is drawn (a sheet takes milliseconds).
_pdf_lock = threading.Lock()


def label_sheet_pdf(labels: Sequence[LabelData], layout: LabelLayout, skip: int = 0) -> bytes:
    """The labels as a PDF: one page per sheet, or one page per label for a roll."""
    return render_pdf(compose_pages(labels, layout, skip))


def render_pdf(pages: Sequence[LabelPage], title: str = "样品标签") -> bytes:
    font = register_cjk_font()
    out = io.BytesIO()
    with _pdf_lock:
        canvas = Canvas(out, pagesize=(pages[0].width, pages[0].height), invariant=True,
                        initialFontName=font,  # type: ignore[arg-type]  # types-reportlab says float; it is a name
                        pageCompression=1)
        canvas.setTitle(title)
        canvas.setCreator("banner-lims")
        for page in pages:
            canvas.setPageSize((page.width, page.height))
            for art in page.labels:
                _draw_label(canvas, art, page.height, font)
            canvas.showPage()
        canvas.save()
    return out.getvalue()


def _draw_label(canvas: Canvas, art: LabelArt, page_height: float, font: str) -> None:
    canvas.setFillGray(0)
    path = canvas.beginPath()  # one filled path: no hairline seams between touching modules
    bar = art.barcode
    for left, width in bar.bars():
        path.rect(left, page_height - bar.y - bar.height, width, bar.height)
    qr = art.qr
    for r, row in enumerate(qr.modules):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            end = column
            while end < len(row) and row[end]:
                end += 1
            path.rect(qr.x + column * qr.module, page_height - qr.y - (r + 1) * qr.module,
                      (end - column) * qr.module, qr.module)
            column = end
    canvas.drawPath(path, stroke=0, fill=1)
    for run in art.texts:
        canvas.setFont(font, run.size)
        canvas.drawString(run.x, page_height - run.baseline, run.text)
