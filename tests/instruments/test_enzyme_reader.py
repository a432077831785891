"""The 8-channel enzyme-inhibition reader: records from bytes written out by hand, the session,
the channel map and the inhibition checked against the absorbances."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from instruments.adapter import Received
from instruments.enzyme_reader.adapter import ChannelMap, EnzymeReaderAdapter, absorbances_from_flags
from instruments.enzyme_reader.codec import (
    NUMBER_DATE_TIME_KIND,
    RECORD_SIZE,
    EnzymeReaderError,
    HeaderField,
    HeaderLayout,
    StreamDecoder,
    decode_record,
)
from instruments.reading import Reading

AT = datetime(2026, 3, 5, 2, 30, tzinfo=UTC)
ZERO = "00000000" * 2
# record 7, 10:21:30 on 2026-03-05, sample kind 1; channel 1 the vendor's example (absorbance
# 0.596, inhibition 34.80 %), channel 8 the control (absorbance 0.914)
RECORD_7 = bytes.fromhex("00070A151E1A0305013F18928B420B32FB" + ZERO * 6 + "3F69FBE700000000")
# record 8: control dA0 0.303 in channel 8; channel 2 is GB/T 5009.199's example (dAt 0.131 ->
# 56.77 %), channel 3 reports 20 % for the same absorbance, channel 4 reports 120 %
RECORD_8 = bytes.fromhex("00080A16001A030501" + ZERO + "3E0624DD4263147B3E0624DD41A00000"
                         "3F80000042F00000" + ZERO * 3 + "3E9B22D100000000")


def test_a_record_is_73_bytes_of_header_and_eight_big_endian_float_pairs() -> None:
    assert len(RECORD_7) == RECORD_SIZE == 73
    record = decode_record(RECORD_7)
    assert record.number == 7 and record.sample_kind == 1
    assert record.measured == datetime(2026, 3, 5, 10, 21, 30)
    assert round(record.channels[0].absorbance, 3) == 0.596
    assert round(record.channels[0].inhibition_pct, 2) == 34.80
    assert round(record.channels[7].absorbance, 3) == 0.914


def test_the_header_layout_is_data_the_other_documented_order_reads_the_same_bytes_otherwise() -> None:
    record = decode_record(RECORD_7, NUMBER_DATE_TIME_KIND)
    assert record.measured is None  # "year 10, month 21" is no date: the layout does not fit this reader
    bcd = HeaderLayout("bcd", (HeaderField("number", 0, 2), HeaderField("year", 2, bcd=True),
                               HeaderField("month", 3, bcd=True), HeaderField("day", 4, bcd=True),
                               HeaderField("hour", 5, bcd=True), HeaderField("minute", 6, bcd=True),
                               HeaderField("second", 7, bcd=True), HeaderField("sample_kind", 8)))
    raw = bytes.fromhex("000126030510213002") + RECORD_7[9:]
    assert decode_record(raw, bcd).measured == datetime(2026, 3, 5, 10, 21, 30)


def test_a_layout_whose_fields_overlap_is_refused() -> None:
    with pytest.raises(EnzymeReaderError, match="overlaps"):
        HeaderLayout("bad", (HeaderField("number", 0, 2), HeaderField("year", 1)))


def test_records_arrive_in_any_chunks_between_download_accepted_and_end() -> None:
    stream = b"\x1b\x12" + b"\x1b\xc1" + RECORD_7 + RECORD_8 + b"\x1b\xfe"
    for size in (1, 5, 73, 200):
        decoder = StreamDecoder()
        tokens = [t for i in range(0, len(stream), size) for t in decoder.feed(stream[i:i + size])]
        assert [type(t).__name__ for t in tokens] == ["Model", "DownloadAccepted", "EnzymeRecord", "EnzymeRecord",
                                                      "DownloadEnded"]


def run_session(adapter: EnzymeReaderAdapter, replies: list[bytes]) -> tuple[list[bytes], list[Reading]]:
    sent = [adapter.start(0.0).send]
    readings: list[Reading] = []
    for i, reply in enumerate(replies):
        out = adapter.feed(Received(reply, AT, 0.1 * i, i))
        sent.append(out.send)
        readings += out.readings
    return sent, readings


def test_the_session_is_handshake_download_disconnect_and_channels_take_the_scanned_codes() -> None:
    channels = ChannelMap({1: "NJ2026-000201"}, control_channel=8)
    adapter = EnzymeReaderAdapter("enzyme-1", channels)
    sent, readings = run_session(adapter, [b"\x1b\x12", b"\x1b\xc1" + RECORD_7[:40], RECORD_7[40:] + b"\x1b\xfe"])
    assert sent == [b"\x1b\xbf", b"\x1b\xb1", b"", b"\x1b\xff"]
    assert adapter.model == 0x12
    assert [(r.channel, r.sample_code, r.value_text, r.unit, r.qualitative) for r in readings] == [
        (1, "NJ2026-000201", "34.80", "%", "negative")]
    assert readings[0].measured_at == datetime(2026, 3, 5, 2, 21, 30, tzinfo=UTC)
    assert not any("disagrees" in f for f in readings[0].flags)  # (0.914 - 0.596) / 0.914 = 34.79 %


def test_inhibition_is_judged_at_50_percent_and_checked_against_the_absorbances() -> None:
    channels = ChannelMap({2: "S-2", 3: "S-3", 4: "S-4"}, control_channel=8)
    _, readings = run_session(EnzymeReaderAdapter("e", channels), [b"\x1b\x12\x1b\xc1" + RECORD_8 + b"\x1b\xfe"])
    by_code = {r.sample_code: r for r in readings}
    assert (by_code["S-2"].value_text, by_code["S-2"].qualitative) == ("56.77", "positive")
    assert not any("disagrees" in f for f in by_code["S-2"].flags)
    assert "inhibition disagrees with absorbances: 56.77" in by_code["S-3"].flags
    assert by_code["S-4"].qualitative == "invalid"  # 120 % inhibited


def test_each_channel_carries_its_absorbance_and_the_control_s_for_the_capture_to_check() -> None:
    channels = ChannelMap({2: "S-2"}, control_channel=8)
    _, readings = run_session(EnzymeReaderAdapter("e", channels), [b"\x1b\x12\x1b\xc1" + RECORD_8 + b"\x1b\xfe"])
    reading = next(r for r in readings if r.sample_code == "S-2")
    assert "absorbance:0.1310" in reading.flags and "control absorbance:0.3030" in reading.flags
    absorbances = absorbances_from_flags(reading.flags)
    assert absorbances is not None
    assert (str(absorbances.control_delta_a), str(absorbances.sample_delta_a)) == ("0.3030", "0.1310")
    # without a control channel the reading carries its own absorbance only: nothing to check against
    _, alone = run_session(EnzymeReaderAdapter("e", ChannelMap({2: "S-2"})),
                           [b"\x1b\x12\x1b\xc1" + RECORD_8 + b"\x1b\xfe"])
    assert alone and all(absorbances_from_flags(r.flags) is None for r in alone)


def test_a_control_that_did_not_react_makes_the_run_invalid() -> None:
    dead_control = RECORD_8[:-8] + bytes(8)
    channels = ChannelMap({2: "S-2"}, control_channel=8)
    _, readings = run_session(EnzymeReaderAdapter("e", channels), [b"\x1b\x12\x1b\xc1" + dead_control + b"\x1b\xfe"])
    assert readings[0].qualitative == "invalid"


def test_an_unassigned_channel_with_a_value_is_kept_for_a_person_to_assign() -> None:
    _, readings = run_session(EnzymeReaderAdapter("e", ChannelMap()), [b"\x1b\x12\x1b\xc1" + RECORD_7 + b"\x1b\xfe"])
    assert [(r.channel, r.sample_code) for r in readings] == [(1, ""), (8, "")]
    assert "channel not assigned" in readings[0].flags


def test_the_channel_map_refuses_a_channel_out_of_range_and_a_code_twice() -> None:
    channels = ChannelMap({1: "A"})
    with pytest.raises(ValueError, match="channels 1 to 8"):
        channels.assign(9, "B")
    with pytest.raises(ValueError, match="already in another channel"):
        channels.assign(2, "A")


def test_a_silent_reader_is_asked_three_times_then_reported() -> None:
    adapter = EnzymeReaderAdapter("e", ChannelMap(), answer_timeout=1.0)
    adapter.start(0.0)
    assert adapter.tick(1.0, AT).send == b"\x1b\xbf"
    assert adapter.tick(2.0, AT).send == b"\x1b\xbf"
    out = adapter.tick(3.0, AT)
    assert out.send == b"" and out.events[0].kind == "no answer" and adapter.errors["no answer"] == 1
