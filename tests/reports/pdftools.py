"""Looking at a PDF as a person's tools do: poppler's pdftoppm, pdftotext, pdfinfo and pdffonts
(Debian: poppler-utils), and a barcode reader on the rendered pages (zxing-cpp from PyPI)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def write(pdf: bytes, folder: Path, name: str = "labels.pdf") -> Path:
    path = folder / name
    path.write_bytes(pdf)
    return path


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(path)), re.MULTILINE).group(1))


def page_size_mm(path: Path) -> tuple[float, float]:
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", _run("pdfinfo", str(path)), re.MULTILINE)
    return float(match.group(1)) * 25.4 / 72, float(match.group(2)) * 25.4 / 72


def text(path: Path) -> str:
    return _run("pdftotext", "-layout", str(path), "-")


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb (yes/no) of each font."""
    lines = _run("pdffonts", str(path)).splitlines()[2:]
    rows = []
    for line in lines:
        # the name has no spaces; emb, sub, uni are the three yes/no columns before the object id
        flags = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        rows.append({"name": line.split()[0], "emb": flags.group(1) if flags else "?", "line": line})
    return rows


def render(path: Path, folder: Path, dpi: int = 300) -> list[Path]:
    """Each page as a PNG at ``dpi``, in page order."""
    prefix = folder / path.stem
    _run("pdftoppm", "-png", "-r", str(dpi), str(path), str(prefix))
    return sorted(folder.glob(f"{path.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def decode(image: Image.Image | np.ndarray) -> list[tuple[str, str]]:
    """(format, text) of every barcode found, e.g. ("Code128", "NJ2026-000001")."""
    found = zxingcpp.read_barcodes(image)
    return sorted((result.format.name, result.text) for result in found)


def decode_png(path: Path) -> list[tuple[str, str]]:
    with Image.open(path) as image:
        return decode(image.convert("L"))


def page_text(path: Path, page: int) -> str:
    """The text of page ``page`` (from 1), laid out as printed."""
    return _run("pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-")


def pdfsig(path: Path, *args: str) -> str:
    """poppler's report on the signatures of ``path``. pdfsig exits 0 even when a signature is
    broken: read what it says ("Signature is Valid.", "Digest Mismatch.", "Total document signed")."""
    return subprocess.run(["pdfsig", *args, str(path)], capture_output=True, text=True, timeout=60).stdout


def reading_text(path: Path, page: int | None = None, *, raw: bool = False) -> str:
    """The text in reading order (pdftotext without -layout): a wrapped cell stays together.
    ``raw`` keeps the order of the content stream, which keeps rotated words whole."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", *(["-raw"] if raw else []), *pages, str(path), "-")
