"""The CMA and CATL marks printed at the top of a certified report.

The project draws plain stand-ins (the letters in a frame, in the mark's customary red) so a
report is complete without any artwork; a lab that holds the official artwork names a PNG or
SVG file per mark in ``MarkArt`` and that file is printed instead, scaled to the same height.
SVG needs the optional ``svglib`` package; without it an SVG path is refused with a message.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.graphics.shapes import Drawing, Ellipse, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image

from lims.domain.errors import LimsError
from reports.fonts import register_cjk_font, string_width

MarkKind = Literal["CMA", "CATL"]
MARK_RED = Color(0.78, 0.08, 0.10)


class MarkArtError(LimsError):
    """A lab-supplied mark file that cannot be printed."""


@dataclass(frozen=True)
class MarkArt:
    """Lab-supplied artwork for the marks; None keeps the project's drawing."""

    cma: Path | None = None
    catl: Path | None = None

    def path_for(self, kind: MarkKind) -> Path | None:
        return self.cma if kind == "CMA" else self.catl


def mark_flowable(kind: MarkKind, art: MarkArt | None, height: float) -> Flowable:
    """The mark ``height`` points tall, from the lab's file when ``art`` names one."""
    path = art.path_for(kind) if art else None
    if path is None:
        return draw_cma(height) if kind == "CMA" else draw_catl(height)
    return _from_file(kind, path, height)


def draw_cma(height: float) -> Drawing:
    """The letters CMA inside an oval, ``height`` points tall and 1.6 times as wide."""
    font = register_cjk_font()
    width = height * 1.6
    drawing = _drawing(width, height, font)
    line = max(1.0, height / 22)
    drawing.add(Ellipse(width / 2, height / 2, width / 2 - line, height / 2 - line,
                        strokeColor=MARK_RED, strokeWidth=line, fillColor=None))
    size = height * 0.46
    drawing.add(_letters("CMA", width / 2, height / 2 - size * 0.36, size, font, width * 0.72))
    return drawing


def draw_catl(height: float) -> Drawing:
    """The letters CATL in a double frame, ``height`` points tall and 1.6 times as wide."""
    font = register_cjk_font()
    width = height * 1.6
    drawing = _drawing(width, height, font)
    line = max(1.0, height / 22)
    drawing.add(_outline(Rect(line / 2, line / 2, width - line, height - line, rx=height / 8, ry=height / 8), line))
    inset = line * 3
    drawing.add(_outline(Rect(inset, inset, width - 2 * inset, height - 2 * inset, rx=height / 12, ry=height / 12),
                         line / 2))
    size = height * 0.40
    drawing.add(_letters("CATL", width / 2, height / 2 - size * 0.36, size, font, width * 0.70))
    return drawing


def _drawing(width: float, height: float, font: str) -> Drawing:
    drawing = Drawing(width, height)
    # a drawing starts in the standard Helvetica unless told otherwise, which would put an
    # unembedded font in the PDF even though no text uses it
    drawing.setProperties({"initialFontName": font})
    return drawing


def _outline(rect: Rect, line: float) -> Rect:
    rect.setProperties({"strokeColor": MARK_RED, "strokeWidth": line, "fillColor": None})
    return rect


def _letters(text: str, x: float, y: float, size: float, font: str, max_width: float) -> String:
    # the face has no bold: the letters are stroked as well as filled to carry at a distance
    natural = string_width(text, size)
    if natural > max_width:
        size *= max_width / natural
    string = String(x, y, text, fontName=font, fontSize=size, textAnchor="middle", fillColor=MARK_RED)
    string.setProperties({"textRenderMode": 2, "strokeColor": MARK_RED, "strokeWidth": size / 30})
    return string


def _from_file(kind: MarkKind, path: Path, height: float) -> Flowable:
    if not path.is_file():
        raise MarkArtError("The {kind} mark file {path} does not exist", kind=kind, path=str(path))
    if path.suffix.lower() == ".svg":
        return _svg(kind, path, height)
    try:
        pixel_width, pixel_height = ImageReader(str(path)).getSize()
    except (OSError, ValueError) as exc:
        raise MarkArtError("The {kind} mark file {path} is not an image that can be printed ({reason})",
                           kind=kind, path=str(path), reason=str(exc)) from None
    return Image(str(path), width=height * pixel_width / pixel_height, height=height)


def _svg(kind: MarkKind, path: Path, height: float) -> Flowable:
    try:
        svglib = importlib.import_module("svglib.svglib")
    except ImportError:
        raise MarkArtError("The {kind} mark {path} is an SVG file, which needs the svglib package; "
                           "install it or give a PNG file", kind=kind, path=str(path)) from None
    drawing = svglib.svg2rlg(str(path))
    if not isinstance(drawing, Drawing) or not drawing.height:
        raise MarkArtError("The {kind} mark file {path} is not an SVG drawing that can be printed",
                           kind=kind, path=str(path))
    drawing.setProperties({"initialFontName": register_cjk_font()})
    scale = height / drawing.height
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, height
    return drawing
