"""A test report as a PDF: ``ReportData`` in, A4 pages out (reportlab platypus).

What every page carries: the lab's name, the report number and "第 x 页 共 y 页" (the total is
filled in when the last page is known, by a canvas that holds the pages back until then), and
the DRAFT watermark on a draft. The story: the marks (only when in scope, see report_data) with
their certificate numbers and the title; the lab and the sample blocks; the result table, whose
header row repeats on every page it runs onto; the out-of-scope and subcontract notes; "以下空白";
the conclusion, the three sign-offs with the issue date, the QR code (report number and content
hash) and an empty box where the electronic signature is placed when the report is signed
(``RenderedReport.signature_box``); the statements; "报告结束".

Every character is set in the bundled CJK font, embedded as a subset: no text is left to a
standard font that a viewer or printer would substitute.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports.fonts import printable, register_cjk_font, string_width
from reports.labels import QR_QUIET_MODULES, qr_modules
from reports.marks import MarkArt, mark_flowable
from reports.report_data import ReportData, ResultRow, SampleInfo

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * MM
MARGIN_TOP = 24 * MM  # the running head sits above this
MARGIN_BOTTOM = 18 * MM  # the page number sits below this
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
MARK_HEIGHT = 16 * MM
QR_SIZE = 26 * MM
# A fixed QR mask pattern: any of the eight decodes; choosing the best by the standard's penalty
# score took 13 ms a report. tests/reports read the printed code back.
QR_MASK = 0
SIGNATURE_BOX = (62 * MM, 26 * MM)  # width, height of the electronic signature's place
CELL_PADDING = 2.5
GRID = colors.Color(0.25, 0.25, 0.25)
HEADER_FILL = colors.Color(0.90, 0.92, 0.95)
WATERMARK = "草稿 DRAFT"
END_OF_TABLE = "（以下空白）"
END_OF_REPORT = "—— 报告结束 ——"


@dataclass(frozen=True)
class SignatureBox:
    """Where the electronic signature goes: ``page`` counted from 0, ``rect`` as (left, bottom,
    right, top) in PDF points from the page's lower-left corner."""

    page: int
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    pages: int
    signature_box: SignatureBox


def render_report(data: ReportData, *, marks: MarkArt | None = None) -> bytes:
    """The report as PDF bytes."""
    return compose_report(data, marks=marks).pdf


def compose_report(data: ReportData, *, marks: MarkArt | None = None) -> RenderedReport:
    """The report as PDF bytes, with its page count and the place left for the signature."""
    font = register_cjk_font()
    # Flate-compressed binary streams: reportlab's default ASCII85 layer on top makes them a
    # quarter larger and took a fifth of the time of a report (reportlab has no per-document switch)
    rl_config.useA85 = 0
    styles = _Styles(font)
    qr_text = data.qr_text()  # hashes the whole data: once
    spots: list[SignatureBox] = []
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{data.title} {data.number}", author=data.lab.name,
        subject=qr_text, creator="Banner LIMS", invariant=True,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="report", frames=[frame], onPage=partial(_running_head, data, font))])
    doc.build(_story(data, marks, styles, spots, qr_text),
              canvasmaker=partial(_NumberedCanvas, font=font, draft=data.draft))
    pdf = buffer.getvalue()
    return RenderedReport(pdf=pdf, pages=doc.page, signature_box=spots[-1])


# --- page furniture ------------------------------------------------------------------------------

def _running_head(data: ReportData, font: str, canvas: Canvas, _doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setFont(font, 8.5)
    baseline = PAGE_HEIGHT - MARGIN_TOP + 6 * MM
    canvas.drawString(MARGIN_X, baseline, printable(data.lab.name))
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, baseline, f"报告编号：{printable(data.number)}")
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, baseline - 2.2 * MM, PAGE_WIDTH - MARGIN_X, baseline - 2.2 * MM)
    canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Holds each finished page back until the document ends, then writes "第 x 页 共 y 页" and,
    on a draft, the watermark over the page's content (under it, tables would hide it)."""

    def __init__(self, *args: Any, font: str, draft: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._font = font
        self._draft = draft
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset, not in its stubs

    def save(self) -> None:
        total = len(self._pages)
        for index, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.saveState()
            self.setFont(self._font, 8.5)
            self.setFillColor(colors.black)
            self.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 9 * MM, f"第 {index} 页 共 {total} 页")
            self.restoreState()
            if self._draft:
                self._watermark()
            super().showPage()
        super().save()

    def _watermark(self) -> None:
        self.saveState()
        self.setFillColor(colors.Color(0.8, 0.1, 0.1))
        self.setFillAlpha(0.2)
        self.setFont(self._font, 80)
        self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        self.rotate(40)
        self.drawCentredString(0, -28, WATERMARK)
        self.restoreState()


class _SignatureSpot(Flowable):
    """An empty framed box that remembers where on which page it was drawn."""

    def __init__(self, width: float, height: float, found: list[SignatureBox], font: str) -> None:
        super().__init__()
        self.width, self.height = width, height
        self._found = found
        self._font = font

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        canvas.setDash(2, 2)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height)
        canvas.setFillColor(colors.Color(0.55, 0.55, 0.55))
        canvas.setFont(self._font, 8)
        canvas.drawCentredString(self.width / 2, self.height / 2 - 3, "电子签名处")
        canvas.restoreState()
        left, bottom = canvas.absolutePosition(0, 0)
        right, top = canvas.absolutePosition(self.width, self.height)
        self._found.append(SignatureBox(canvas.getPageNumber() - 1, (left, bottom, right, top)))


# --- the story ---------------------------------------------------------------------------------

class _Styles:
    def __init__(self, font: str) -> None:
        def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
            kw.setdefault("leading", size * 1.35)
            return ParagraphStyle(name, fontName=font, fontSize=size, wordWrap="CJK", **kw)

        self.font = font
        self.title = style("title", 20, alignment=TA_CENTER, spaceAfter=2 * MM)
        self.number = style("number", 10, alignment=TA_CENTER)
        self.heading = style("heading", 11, spaceBefore=3 * MM, spaceAfter=1.5 * MM)
        self.body = style("body", 9)
        self.small = style("small", 8)
        self.cell = style("cell", 8, leading=10.5)
        self.cell_center = style("cell_center", 8, leading=10.5, alignment=TA_CENTER)
        self.head_cell = style("head_cell", 8, leading=10.5, alignment=TA_CENTER)
        self.label = style("label", 9, alignment=TA_CENTER)
        self.mark_caption = style("mark_caption", 6.5, alignment=TA_CENTER, leading=8)
        self.center = style("center", 9, alignment=TA_CENTER)
        self.left = style("left", 9, alignment=TA_LEFT)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(printable(text)), style)


def _fit(text: str, style: ParagraphStyle, width: float) -> Flowable | str:
    """``text`` as a plain table string when it fits on one line of ``width`` points, else as a
    paragraph that wraps: a paragraph takes ten times as long to lay out."""
    text = printable(text)
    if "\n" not in text and string_width(text, style.fontSize) <= width:
        return text
    return Paragraph(escape(text), style)


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else "/"


def _story(data: ReportData, marks: MarkArt | None, st: _Styles, spots: list[SignatureBox],
           qr_text: str) -> list[Flowable]:
    story: list[Flowable] = [_title_block(data, marks, st)]
    if data.supersedes:
        story.append(_p(f"本报告替代第 {data.supersedes} 号报告，原报告作废。", st.center))
    story.append(Spacer(1, 3 * MM))
    story.append(_grid([
        ("检验检测机构", data.lab.name, "联系电话", data.lab.phone),
        ("地址", data.lab.address, "", ""),
        ("委托单位", data.client, "检验类别", data.inspection_type),
        ("任务来源", data.task, "检测日期", f"{_day(data.tested_from)} 至 {_day(data.tested_to)}"),
    ], st, spans=[1]))
    for sample in data.samples:
        story.append(Spacer(1, 2 * MM))
        story.append(_sample_block(data, sample, st))
    story.append(_p("检测结果", st.heading))
    story.append(_result_table(data, st))
    notes = []
    if data.any_marked_out_of_scope:
        notes.append(data.out_of_scope_statement)
    if data.any_subcontracted:
        notes.append(data.subcontract_statement)
    for note in notes:
        story.append(_p(f"注：{note}", st.small))
    story.append(Spacer(1, 1.5 * MM))
    story.append(_p(END_OF_TABLE, st.center))
    story.append(Spacer(1, 4 * MM))
    story.append(KeepTogether(_closing_block(data, st, spots, qr_text)))
    story.append(Spacer(1, 3 * MM))
    story.append(_p("声明：", st.body))
    story.extend(_p(f"{i}. {s}", st.small) for i, s in enumerate(data.statements, start=1))
    if data.audit is not None:
        story.append(Spacer(1, 2 * MM))
        story.append(_p(f"审计链锚点：第 {data.audit.seq} 条，{data.audit.hash}", st.small))
    story.append(Spacer(1, 4 * MM))
    story.append(_p(END_OF_REPORT, st.center))
    return story


def _title_block(data: ReportData, marks: MarkArt | None, st: _Styles) -> Table:
    def mark_cell(kind: str, shown: bool, certificate: str) -> list[Flowable]:
        if not shown:
            return []
        return [mark_flowable("CMA" if kind == "CMA" else "CATL", marks, MARK_HEIGHT),
                _p(f"{kind} {certificate}", st.mark_caption)]

    side = 38 * MM
    middle = [_p(data.title, st.title), _p(f"报告编号：{data.number}", st.number)]
    table = Table([[mark_cell("CMA", data.shows_cma, data.lab.cma_certificate), middle,
                    mark_cell("CATL", data.shows_catl, data.lab.catl_certificate)]],
                  colWidths=[side, CONTENT_WIDTH - 2 * side, side])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st.font),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
    ]))
    return table


def _grid(rows: Sequence[tuple[str, str, str, str]], st: _Styles, spans: Sequence[int] = ()) -> Table:
    """Label/value pairs two to a line; the lines in ``spans`` give their value the whole width."""
    label_width = 24 * MM
    value_width = CONTENT_WIDTH / 2 - label_width
    cells = [[_p(a, st.label), _p(b, st.cell), _p(c, st.label), _p(d, st.cell)] for a, b, c, d in rows]
    table = Table(cells, colWidths=[label_width, value_width, label_width, value_width])
    # lines and shading are given cell by cell: reportlab's column-wide GRID and BACKGROUND
    # draw through a spanned value cell
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), st.font),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
        ("LINEAFTER", (0, 0), (0, -1), 0.5, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for row in range(len(rows)):
        if row in spans:
            style.append(("SPAN", (1, row), (3, row)))
        else:
            style.append(("BACKGROUND", (2, row), (2, row), HEADER_FILL))
            style.append(("LINEAFTER", (1, row), (2, row), 0.5, GRID))
    table.setStyle(TableStyle(style))
    return table


def _sample_block(data: ReportData, sample: SampleInfo, st: _Styles) -> Table:
    bases = sorted({r.limit_basis for r in data.rows if r.sample_code == sample.code and r.limit_basis.strip()})
    rows = [
        ("样品名称", sample.name, "样品编号", sample.code),
        ("受检单位", sample.producer, "抽样地点", sample.sampling_place),
        ("抽样日期", _day(sample.sampled_on), "收样日期", _day(sample.received_on)),
        ("样品状态", sample.state, "样品数量", sample.quantity),
        ("判定依据", "、".join(bases) or "/", "", ""),
    ]
    spans = [4]
    extra = list(data.extra)
    while extra:
        (a, b), rest = extra[0], extra[1:]
        c, d = rest[0] if rest else ("", "")
        rows.append((a, b, c, d))
        extra = rest[1:]
    return _grid(rows, st, spans=spans)


_RESULT_HEADER = ("序号", "检测项目", "检测方法", "单位", "检测结果", "限量值", "判定依据", "单项判定")
_RESULT_WIDTHS_MM = (9, 27, 34, 14, 26, 16, 28, 20)  # the method column takes what is left
_RESULT_WIDTHS_SEVERAL_MM = (8, 22, 24, 26, 12, 24, 14, 25, 19)  # with the sample code second


def _result_table(data: ReportData, st: _Styles) -> Table:
    several = len(data.samples) > 1
    header = list(_RESULT_HEADER)
    widths = [w * MM for w in (_RESULT_WIDTHS_SEVERAL_MM if several else _RESULT_WIDTHS_MM)]
    if several:
        header.insert(1, "样品编号")
    method = 3 if several else 2
    widths[method] += CONTENT_WIDTH - sum(widths)
    left_columns = (1, 2, 3, 7) if several else (1, 2, 6)  # names and standards; numbers are centred
    cells: list[list[Flowable | str]] = [[_p(h, st.head_cell) for h in header]]
    inner = [w - 2 * CELL_PADDING for w in widths]
    for index, row in enumerate(data.rows, start=1):
        cells.append(_result_cells(data, index, row, several, st, inner, left_columns))
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st.font),
        ("FONTSIZE", (0, 0), (-1, -1), st.cell.fontSize),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        *(("ALIGN", (c, 1), (c, -1), "LEFT") for c in left_columns),
    ]))
    return table


def _result_cells(data: ReportData, index: int, row: ResultRow, several: bool, st: _Styles,
                  inner: Sequence[float], left_columns: Sequence[int]) -> list[Flowable | str]:
    marker = (data.out_of_scope_marker if data.marked_out_of_scope(row) else "") + (
        data.subcontract_marker if row.subcontracted else "")
    texts = [str(index), f"{marker}{row.parameter}", row.method, row.unit, row.result_text(), row.limit or "/",
             row.limit_basis or "/", row.verdict or "/"]
    if several:
        texts.insert(1, row.sample_code)
    return [_fit(text, st.cell if column in left_columns else st.cell_center, inner[column])
            for column, text in enumerate(texts)]


def _closing_block(data: ReportData, st: _Styles, spots: list[SignatureBox], qr_text: str) -> list[Flowable]:
    conclusion = Table([[_p("检验结论", st.label), _p(data.conclusion, st.body)]],
                       colWidths=[24 * MM, CONTENT_WIDTH - 24 * MM])
    conclusion.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st.font),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (0, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    third = CONTENT_WIDTH / 3
    signoffs = Table([[
        _p(f"编制：{data.preparer.name}　{_day(data.preparer.signed_on)}", st.body),
        _p(f"审核：{data.reviewer.name}　{_day(data.reviewer.signed_on)}", st.body),
        _p(f"批准：{data.approver.name}　{_day(data.approver.signed_on)}", st.body),
    ]], colWidths=[third, third, third])
    signoffs.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font),
                                  ("TOPPADDING", (0, 0), (-1, -1), 6)]))
    qr = _QrCode(qr_text, QR_SIZE)
    caption = [_p("扫码核验：报告编号与内容摘要（SHA-256）", st.small),
               _p(f"签发日期：{_day(data.issued_on)}", st.body),
               _p("（检验检测专用章）", st.small)]
    spot = _SignatureSpot(*SIGNATURE_BOX, spots, st.font)
    bottom = Table([[qr, caption, spot]], colWidths=[QR_SIZE + 4, CONTENT_WIDTH - QR_SIZE - 4 - SIGNATURE_BOX[0],
                                                     SIGNATURE_BOX[0]])
    bottom.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st.font),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [conclusion, signoffs, Spacer(1, 2 * MM), bottom]


class _QrCode(Flowable):
    """A QR symbol ``size`` points square, quiet zone included.

    Drawn in module units under one scaling transform, a rectangle per run of dark modules, as
    whole numbers: reportlab's QR widget makes a shape per module and formats every coordinate
    as a float, which took longer than the rest of the report."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.width = self.height = size
        self._modules = qr_modules(text, mask=QR_MASK)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        count = len(self._modules)
        side = count + 2 * QR_QUIET_MODULES
        ops: list[str] = []
        for r, line in enumerate(self._modules):
            y = side - QR_QUIET_MODULES - r - 1
            c = 0
            while c < count:
                if line[c]:
                    start = c
                    while c < count and line[c]:
                        c += 1
                    ops.append(f"{QR_QUIET_MODULES + start} {y} {c - start} 1 re")
                else:
                    c += 1
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        module = self.width / side
        canvas.transform(module, 0, 0, module, 0, 0)
        canvas.addLiteral("\n".join(ops) + "\nf")
        canvas.restoreState()
