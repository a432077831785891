"""The colloidal-gold reader: C and T grey values on request, judged by the kit lot's rule."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from instruments.adapter import Received
from instruments.gold_reader.adapter import GoldReaderAdapter, KitLotRule
from instruments.gold_reader.codec import GoldReaderError, LineValues, decode_answer
from lims.domain.screening import TOverCCutoffs, TThresholdCutoffs

AT = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
RATIO = KitLotRule("CLB-2603", "clenbuterol", TOverCCutoffs(Decimal("0.85"), Decimal("1.0"), Decimal(1000)),
                   date(2026, 12, 31))
THRESHOLDS = KitLotRule("RAC-2603", "ractopamine", TThresholdCutoffs(Decimal(3000), Decimal(5000)))


def test_an_answer_is_c_then_t_as_four_byte_little_endian_integers() -> None:
    # C = 0x00002710 = 10000, T = 0x00001194 = 4500
    assert decode_answer(bytes.fromhex("1027000094110000")) == LineValues(10000, 4500)
    with pytest.raises(GoldReaderError, match="8 bytes"):
        decode_answer(b"\x10\x27")


def read_strips(adapter: GoldReaderAdapter, answers: list[bytes]) -> list[tuple[str, str, str]]:
    assert adapter.start(0.0).send == b"\xaa\x01"
    out = []
    for i, answer in enumerate(answers):
        step = adapter.feed(Received(answer, AT, 0.1 * i, i))
        out += [(r.sample_code, r.value_text, r.qualitative) for r in step.readings]
    return out


def test_strips_are_read_in_queue_order_and_judged_by_t_over_c() -> None:
    adapter = GoldReaderAdapter("gold-1", RATIO)
    for code in ("S-1", "S-2", "S-3", "S-4"):
        adapter.queue(code)
    answers = [bytes.fromhex(h) for h in ("1027000094110000",  # T/C 0.45: positive
                                          "10270000AC260000",  # 0.99: suspect
                                          "10270000F82A0000",  # 1.1: negative
                                          "F4010000F4010000")]  # C 500 below the kit's 1000: invalid
    assert read_strips(adapter, answers[:2]) + read_strips_more(adapter, answers[2:]) == [
        ("S-1", "0.450", "positive"), ("S-2", "0.990", "suspect"), ("S-3", "1.100", "negative"),
        ("S-4", "", "invalid")]


def read_strips_more(adapter: GoldReaderAdapter, answers: list[bytes]) -> list[tuple[str, str, str]]:
    out = []
    for answer in answers:
        out += [(r.sample_code, r.value_text, r.qualitative) for r in adapter.feed(Received(answer, AT, 1, 9)).readings]
    return out


def test_by_t_thresholds_a_weak_t_line_is_positive() -> None:
    adapter = GoldReaderAdapter("gold-1", THRESHOLDS)
    adapter.queue("S-1")
    adapter.queue("S-2")
    result = read_strips(adapter, [bytes.fromhex("10270000B80B0000")[:5], bytes.fromhex("10270000B80B0000")[5:],
                                   bytes.fromhex("10270000A00F0000")])
    assert [(code, outcome) for code, _, outcome in result] == [("S-1", "suspect"), ("S-2", "suspect")]


def test_a_strip_read_after_the_kit_expired_is_invalid_and_says_why() -> None:
    expired = KitLotRule("CLB-2501", "clenbuterol", RATIO.cutoffs, date(2026, 3, 4))
    adapter = GoldReaderAdapter("gold-1", expired)
    adapter.queue("S-1")
    adapter.start(0.0)
    reading = adapter.feed(Received(bytes.fromhex("10270000F82A0000"), AT, 0.1, 0)).readings[0]
    assert reading.qualitative == "invalid" and "kit expired" in reading.flags
    assert "T:11000" in reading.flags and "C:10000" in reading.flags


def test_a_strip_the_reader_never_answers_for_is_given_up_after_three_requests() -> None:
    adapter = GoldReaderAdapter("gold-1", RATIO, answer_timeout=1.0)
    adapter.queue("S-1")
    adapter.queue("S-2")
    adapter.start(0.0)
    assert adapter.tick(1.0, AT).send == b"\xaa\x01"
    assert adapter.tick(2.0, AT).send == b"\xaa\x01"
    out = adapter.tick(3.0, AT)
    assert "S-1" in out.events[0].detail and out.send == b"\xaa\x01"  # on to the next strip
    assert adapter.waiting == ["S-2"]


def test_without_a_kit_lot_a_strip_is_read_unjudged_and_says_so_and_a_lot_set_later_judges_the_next() -> None:
    adapter = GoldReaderAdapter("gold-1", None, parameter_code="clenbuterol")
    adapter.queue("S-1")
    adapter.queue("S-2")
    adapter.start(0.0)
    first = adapter.feed(Received(bytes.fromhex("1027000094110000"), AT, 0.1, 0)).readings[0]
    assert (first.value_text, first.qualitative, first.parameter_code) == ("0.450", "", "clenbuterol")
    assert "no kit lot" in first.flags
    adapter.kit = RATIO  # the technician chose the lot
    second = adapter.feed(Received(bytes.fromhex("1027000094110000"), AT, 0.2, 1)).readings[0]
    assert (second.qualitative, second.sample_code) == ("positive", "S-2") and "lot:CLB-2603" in second.flags
