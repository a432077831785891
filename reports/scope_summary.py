"""The scope audit's one-page summary (范围审核摘要) as a PDF: the period's key figures, a bar
chart of the tests by verdict for each certificate, and what to expand next.

Plain data in (``ScopeSummary``), PDF bytes out; every string in the bundled CJK face. The page
holds at most ``MAX_TOP`` candidates and ``MAX_FIGURES`` figures, so it stays one page."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from reportlab import rl_config
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.fonts import printable, register_cjk_font

MAX_TOP = 8
MAX_FIGURES = 12
VERDICT_COLOURS = (colors.HexColor("#4e9a06"), colors.HexColor("#c4a000"), colors.HexColor("#cc0000"))


@dataclass(frozen=True)
class VerdictBar:
    kind: str  # "CMA" / "CATL"
    inside: int
    review: int
    out: int


@dataclass(frozen=True)
class ScopeSummary:
    lab_name: str
    start: date
    end: date
    made_on: date
    figures: tuple[tuple[str, str], ...]  # label, value; a value starting with "!" is shown as a warning
    bars: tuple[VerdictBar, ...]
    legend: tuple[str, str, str]  # the words for in, review, out
    top: tuple[tuple[str, str, str, str, str], ...]  # rank, product, parameter, missing, tests
    top_headers: tuple[str, str, str, str, str]
    title: str = "检验检测能力范围审核摘要"
    chart_title: str = "各证书检测项次（按范围结论）"
    top_title: str = "建议优先扩项"


def render_scope_summary(data: ScopeSummary) -> bytes:
    font = register_cjk_font()
    rl_config.useA85 = 0
    width = A4[0] - 36 * mm
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=data.title, author=data.lab_name, creator="Banner LIMS",
                            invariant=True)

    def style(name: str, size: float, alignment: Literal[0, 1] = 0) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.35, wordWrap="CJK",
                              alignment=alignment)

    title, heading, body = style("title", 16, alignment=1), style("heading", 11.5), style("body", 9.5)
    story: list[Flowable] = [
        Paragraph(printable(data.title), title),
        Spacer(0, 2 * mm),
        Paragraph(printable(f"{data.lab_name}　审核期间：{data.start.isoformat()} 至 {data.end.isoformat()}　"
                            f"生成日期：{data.made_on.isoformat()}"), style("sub", 9.5, alignment=1)),
        Spacer(0, 5 * mm),
    ]
    figures = list(data.figures[:MAX_FIGURES])
    cells = []
    warn = []
    for i, (label, value) in enumerate(figures):
        shown = value[1:] if value.startswith("!") else value
        if value.startswith("!"):
            warn.append(i)
        cells.append([Paragraph(printable(label), body), Paragraph(printable(shown), body)])
    table = Table(cells, colWidths=[width * 0.62, width * 0.38])
    commands: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef3f8")),
    ]
    commands += [("BACKGROUND", (1, i), (1, i), colors.HexColor("#fde2e2")) for i in warn]
    table.setStyle(TableStyle(commands))
    story += [table, Spacer(0, 6 * mm), Paragraph(printable(data.chart_title), heading), Spacer(0, 2 * mm),
              _chart(data, font, width), Spacer(0, 5 * mm)]
    if data.top:
        story += [Paragraph(printable(data.top_title), heading), Spacer(0, 2 * mm)]
        rows = [[Paragraph(printable(h), body) for h in data.top_headers]]
        rows += [[Paragraph(printable(str(c)), body) for c in row] for row in data.top[:MAX_TOP]]
        top = Table(rows, colWidths=[width * f for f in (0.1, 0.25, 0.3, 0.2, 0.15)], repeatRows=1)
        top.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dDEBF7"))]))
        story.append(top)
    doc.build(story)
    return buffer.getvalue()


def _chart(data: ScopeSummary, font: str, width: float) -> Drawing:
    height = 52 * mm
    drawing = Drawing(width, height)
    drawing.setProperties({"initialFontName": font})
    if not data.bars or not any(b.inside + b.review + b.out for b in data.bars):
        drawing.add(String(width / 2, height / 2, "—", fontName=font, fontSize=12, textAnchor="middle"))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = int(38 * mm), int(8 * mm)
    chart.width, chart.height = int(width - 80 * mm), int(height - 14 * mm)
    chart.data = [tuple(getattr(b, name) for b in data.bars) for name in ("inside", "review", "out")]
    chart.categoryAxis.categoryNames = [b.kind for b in data.bars]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 10
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    # room right of the longest bar for its label
    chart.valueAxis.valueMax = max(max(b.inside, b.review, b.out) for b in data.bars) * 1.15
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabelFormat = "%d"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.groupSpacing = 6
    for i, colour in enumerate(VERDICT_COLOURS):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = int(width - 36 * mm), int(height - 6 * mm)
    legend.fontName = font
    legend.fontSize = 9
    legend.alignment = "right"
    legend.colorNamePairs = [(c, printable(w)) for c, w in zip(VERDICT_COLOURS, data.legend, strict=True)]
    drawing.add(legend)
    return drawing
