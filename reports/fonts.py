"""The CJK font every PDF of the lab is set in: WenQuanYi Micro Hei, embedded as a subset.

reportlab's standard fonts have no Chinese glyphs and are not embedded, so ``register_cjk_font``
also makes the WQY face reportlab's default (``rl_config.canvas_basefontname``): otherwise each
canvas starts in Helvetica and pdffonts lists an unembedded font that a printer may substitute.
"""
from __future__ import annotations

import threading
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_FILE = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "wqy-microhei.ttc"
FONT_NAME = "WQY"  # reportlab's name for the face
FONT_FAMILY = "WenQuanYi Micro Hei"  # the family name the font file declares (Qt looks it up by this)
_SUBFONT_INDEX = 0  # face 0 of the collection is Micro Hei; face 1 is its monospaced sibling

# The font has code points whose glyphs are empty: printing them leaves a gap, so they are
# spelled with characters it does draw.
_EMPTY_GLYPHS = str.maketrans({"℃": "°C", "℉": "°F"})

_lock = threading.Lock()
_registered = False


def register_cjk_font() -> str:
    """Register the face with reportlab once per process (60-90 ms) and return its name.

    Safe to call from several worker threads: the first caller registers, the others wait."""
    global _registered
    if not _registered:
        with _lock:
            if not _registered:
                pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE), subfontIndex=_SUBFONT_INDEX))
                rl_config.canvas_basefontname = FONT_NAME
                _registered = True
    return FONT_NAME


def printable(text: str) -> str:
    """``text`` with the characters whose glyphs the font leaves empty spelled out (℃ -> °C)."""
    return text.translate(_EMPTY_GLYPHS)


def string_width(text: str, size: float) -> float:
    """Advance width of ``text`` in points at ``size`` points, from the font's own metrics."""
    return pdfmetrics.stringWidth(text, register_cjk_font(), size)


def ascent_descent(size: float) -> tuple[float, float]:
    """The face's ascent (positive) and descent (negative) in points at ``size`` points."""
    return pdfmetrics.getAscentDescent(register_cjk_font(), size)
