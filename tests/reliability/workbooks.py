"""Workbooks the reliability tests build: a sampling list as the office types it, and hostile
ones (a zip bomb, a damaged file) made byte by byte."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

HEADER = ["抽样任务", "产品", "受检单位", "统一社会信用代码", "区域", "抽样时间", "抽样基数", "抽样数量",
          "抽样人1", "抽样人2", "封样完好", "备样", "贮存条件", "合格证", "合格证编号", "备注"]
SHEET = "xl/worksheets/sheet1.xml"


def good_row(**cells: str) -> list[str]:
    """A good sampling-list row; ``cells`` replace values by header (e.g. 抽样人2="…")."""
    row = dict(zip(HEADER, ["", "韭菜", "天山镇农贸市场（演示）", "", "新民村", "2026-05-12 09:30", "200 kg", "2 kg",
                            "张明", "李强", "是", "是", "冷藏", "否", "", ""], strict=True))
    row.update(cells)
    return [row[h] for h in HEADER]


def sampling_list(path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> Path:
    """A title line, the header, the rows: the data start at spreadsheet row 3."""
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年阿鲁科尔沁旗农畜产品例行监测抽样清单"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def write_zip(path: Path, parts: Sequence[tuple[str, bytes, int, int]]) -> Path:
    """A zip written by hand: each part is (name, deflated bytes, CRC-32, unpacked size)."""
    out = io.BytesIO()
    directory = []
    for name, packed, crc, size in parts:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(packed), size,
                              len(encoded), 0))
        out.write(encoded)
        out.write(packed)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                                     len(packed), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for entry in directory:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())
    return path


def workbook_parts(header: Sequence[str]) -> dict[str, bytes]:
    """The parts of a real one-sheet workbook holding only ``header``, as openpyxl saves it."""
    book = Workbook()
    book.active.append(list(header))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_bomb(path: Path, header: Sequence[str], gigabytes: float = 1.5) -> Path:
    """A real workbook: ``header``, then rows of 2,000 numbers each until the sheet's XML is
    ``gigabytes`` long. Deflate shrinks such rows about 500-fold, so the file is about 3 MB.

    The repeated megabyte is compressed once after a full flush (which resets the compressor),
    so its compressed bytes are the same each time and the bomb is built without holding the
    gigabytes in memory; the CRC is computed over them all, so the archive is valid."""
    unit = b"<row>" + b"<c><v>1</v></c>" * 2000 + b"</row>"
    chunk = unit * (1024 * 1024 // len(unit))
    head_cells = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in header)
    prefix = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
              '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              f"<row>{head_cells}</row>").encode()
    suffix = b"</sheetData></worksheet>"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_prefix = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    packed_chunk = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    assert packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH) == packed_chunk
    packed_suffix = packer.compress(suffix) + packer.flush()
    repeats = max(2, int(gigabytes * 1024 ** 3) // len(chunk))  # the first two compressed above
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + len(chunk) * repeats + len(suffix)
    sheet = packed_prefix + packed_chunk * repeats + packed_suffix
    parts = [(name, _raw_deflate(data), zlib.crc32(data), len(data))
             for name, data in workbook_parts(header).items() if name != SHEET]
    parts.append((SHEET, sheet, crc, size))
    return write_zip(path, parts)
