"""Printed lines described as data: the two definitions shipped, and definitions that are wrong."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from instruments.adapter import Received
from instruments.reading import Reading
from instruments.textline.adapter import TextLineAdapter
from instruments.textline.codec import LineFormatError, load_format

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "instruments"
AT = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)


def feed(adapter: TextLineAdapter, data: bytes, chunk: int = 5) -> list[Reading]:
    out: list[Reading] = []
    for i in range(0, len(data), chunk):
        out += adapter.feed(Received(data[i:i + chunk], AT, 0.0, i)).readings
    return out


def test_the_pesticide_printer_s_gbk_lines_become_readings_with_channel_result_and_time() -> None:
    adapter = TextLineAdapter("printer-1", load_format(RESOURCES / "pesticide_printer.toml"))
    printout = ("农药残留检测结果\r\n"
                "----------------\r\n"
                "通道3 样品编号:NJ2026-000123 抑制率:56.77% 阳性 2026-03-05 10:21\r\n"
                "通道4 样品编号：NJ2026-000124 抑制率:12.0% 阴性 2026-03-05 10:21\r\n"
                "paper jam\r\n").encode("gbk")
    readings = feed(adapter, printout)
    assert [(r.channel, r.sample_code, r.parameter_code, r.value_text, r.unit, r.qualitative) for r in readings] == [
        (3, "NJ2026-000123", "OPC", "56.77", "%", "positive"), (4, "NJ2026-000124", "OPC", "12.0", "%", "negative")]
    assert readings[0].measured_at == datetime(2026, 3, 5, 2, 21, tzinfo=UTC)  # printed on the lab's clock
    assert readings[0].raw.decode("gbk").startswith("通道3")
    assert adapter.errors["unmatched line"] == 1  # the heading and the rule are skipped, the jam is not


def test_the_gold_card_reader_s_csv_lines_map_its_words_to_the_lims_s() -> None:
    adapter = TextLineAdapter("gold-2", load_format(RESOURCES / "gold_card_printer.toml"))
    lines = (b"# header\n2026/03/05 10:21:07,NJ2026-000124,CLB,0.412,T/C,POS\n"
             b"2026/03/05 10:22:07,NJ2026-000125,RAC,1.204,T/C,NEG\n")
    readings = feed(adapter, lines)
    assert [(r.sample_code, r.parameter_code, r.value_text, r.qualitative) for r in readings] == [
        ("NJ2026-000124", "CLB", "0.412", "positive"), ("NJ2026-000125", "RAC", "1.204", "negative")]


def test_a_last_line_without_its_ending_is_taken_after_a_silence() -> None:
    adapter = TextLineAdapter("gold-2", load_format(RESOURCES / "gold_card_printer.toml"), flush_after=2.0)
    assert feed(adapter, b"2026/03/05 10:21:07,NJ2026-000124,CLB,0.412,T/C,POS") == []
    assert adapter.pending_from == 0  # the chunk where the unfinished line began
    assert adapter.tick(1.0, AT).readings == []
    assert [r.sample_code for r in adapter.tick(2.0, AT).readings] == ["NJ2026-000124"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "format.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ('pattern = "(?P<code>x"', "not a regular expression"),
    ('pattern = "(?P<code>\\\\S+)"\n[fields]\nsample_code = "cod"', "no group named cod"),
    ('pattern = "(?P<code>\\\\S+)"\n[fields]\nsample_code = "code"', "no group or default gives parameter_code, value"),
    ('pattern = "(?P<v>\\\\S+)"\n[fields]\nweight = "v"', "unknown fields weight"),
    (('pattern = "(?P<v>\\\\S+)"\nencoding = "klingon"\n[fields]\nsample_code = "v"\nparameter_code = "v"\n'
      'value = "v"'), "unknown encoding klingon"),
    ('pattern = = "x"', "format.toml"),
])
def test_a_wrong_definition_is_refused_with_the_file_and_what_is_wrong(tmp_path: Path, text: str,
                                                                      message: str) -> None:
    with pytest.raises(LineFormatError, match=message):
        load_format(write(tmp_path, text))
