"""ASTM analyzers seen by the LIMS: results as Readings, queries answered."""
from __future__ import annotations

from datetime import UTC, datetime

from instruments.adapter import Received
from instruments.astm.adapter import AstmAdapter
from instruments.astm.codec import FrameDecoder, encode_frame, encode_message, split_record, split_records
from instruments.reading import Reading

AT = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
ENQ, ACK, EOT = b"\x05", b"\x06", b"\x04"


def session(records: list[bytes]) -> bytes:
    return ENQ + b"".join(encode_message(records)) + EOT


def feed_all(adapter: AstmAdapter, data: bytes, chunk: int = 7) -> tuple[list[Reading], bytes]:
    readings: list[Reading] = []
    sent = b""
    for i in range(0, len(data), chunk):
        out = adapter.feed(Received(data[i:i + chunk], AT, 0.0, i))
        readings += out.readings
        sent += out.send
    return readings, sent


MESSAGE = [
    b"H|\\^&|||SIM^Banner|||||||P|LIS2-A2|20260305100000",
    b"P|1",
    b"O|1|NJ2026-000101||^^^CLB\\^^^RAC|R",
    b"R|1|^^^CLB|0.42|ug/kg|0-0.5|N||F||lab1||20260305095900",
    b"R|2|^^^RAC|1.8|ug/kg||H\\>||F||lab1||20260305095930",
    b"C|1|I|checked|G",
    b"L|1|N",
]


def test_each_r_record_becomes_a_reading_of_the_o_record_s_sample() -> None:
    readings, sent = feed_all(AstmAdapter("lc-ms-1"), session(MESSAGE))
    assert [(r.sample_code, r.parameter_code, r.value_text, r.unit, r.flags) for r in readings] == [
        ("NJ2026-000101", "CLB", "0.42", "ug/kg", ("N",)),
        ("NJ2026-000101", "RAC", "1.8", "ug/kg", ("H", ">")),
    ]
    # the instrument's clock is the lab's (UTC+8): 09:59 there is 01:59 UTC
    assert readings[0].measured_at == datetime(2026, 3, 5, 1, 59, tzinfo=UTC)
    assert readings[0].instrument == "lc-ms-1" and readings[0].raw == MESSAGE[3]
    assert sent == ACK * 8  # ENQ and seven frames


def test_results_are_handed_over_only_when_the_l_record_arrives() -> None:
    adapter = AstmAdapter("a")
    data = session(MESSAGE)
    l_frame_end = data.index(b"L|1|N")
    before, _ = feed_all(adapter, data[:l_frame_end])
    after, _ = feed_all(adapter, data[l_frame_end:])
    assert before == [] and len(after) == 2


def test_a_message_cut_off_before_its_l_record_is_dropped_and_counted() -> None:
    adapter = AstmAdapter("a")
    data = session(MESSAGE)
    readings, _ = feed_all(adapter, data[:data.index(b"L|1|N") - 2] + EOT)
    assert readings == [] and adapter.errors["message interrupted"] == 1


def test_a_qualitative_result_and_the_qc_marks_are_kept() -> None:
    records = [b"H|\\^&|||SIM|||||||Q|1", b"O|1|QC-LOW||^^^HBsAg|||||||Q", b"R|1|HBsAg|Positive|||||P",
               b"L|1|N"]
    readings, _ = feed_all(AstmAdapter("a"), session(records))
    assert readings[0].parameter_code == "HBsAg" and readings[0].qualitative == "Positive"
    assert set(readings[0].flags) == {"qc", "status:P"}


def test_the_header_s_own_delimiters_are_used() -> None:
    records = [b"H|@^\\|||SIM", b"O|1|NJ2026-000102||^^^OPC", b"R|1|^^^OPC@^^^X|12.5|%", b"L|1|N"]
    readings, _ = feed_all(AstmAdapter("a"), session(records))
    assert (readings[0].parameter_code, readings[0].value_text) == ("OPC", "12.5")


def test_gbk_text_and_escapes_are_decoded() -> None:
    records = ["H|\\^&|||速测仪", "O|1|NJ-甲&F&1", "R|1|^^^OPC|阴性|", "L|1|N"]
    readings, _ = feed_all(AstmAdapter("a", encoding="gbk"), session([r.encode("gbk") for r in records]))
    assert (readings[0].sample_code, readings[0].qualitative) == ("NJ-甲|1", "阴性")


def test_several_records_in_one_long_frame_without_lf_are_read() -> None:
    text = b"\r".join([*MESSAGE[:-1], b"C|2|I|" + b"long comment " * 5, MESSAGE[-1]]) + b"\r"
    frame = encode_frame(1, text)[:-1]  # CR without LF
    readings, _ = feed_all(AstmAdapter("a"), ENQ + frame + EOT)
    assert len(readings) == 2 and len(text) > 240


def test_etb_after_every_record_is_read_as_the_same_message() -> None:
    frames = [encode_frame(i + 1, r + b"\r", final=i == len(MESSAGE) - 1) for i, r in enumerate(MESSAGE)]
    readings, _ = feed_all(AstmAdapter("a"), ENQ + b"".join(frames) + EOT)
    assert [r.value_text for r in readings] == ["0.42", "1.8"]


def answered(adapter: AstmAdapter, query: bytes) -> list[str]:
    """Feed a query session, then play the instrument's side until the host's answer is through."""
    feed_all(adapter, session([b"H|\\^&", query, b"L|1|N"]))
    out = adapter.tick(0.0, AT)
    assert out.send == ENQ
    texts: list[bytes] = []
    reply = adapter.feed(Received(ACK, AT, 0.1, None)).send
    while reply != EOT:
        tokens = FrameDecoder().feed(reply)
        texts.append(tokens[0].text)  # type: ignore[union-attr]
        reply = adapter.feed(Received(ACK, AT, 0.2, None)).send
    return [split_record(r.decode()).text for r in split_records(b"".join(texts))]


def test_a_query_for_a_known_sample_is_answered_with_its_orders() -> None:
    adapter = AstmAdapter("a", orders=lambda code: ["CLB", "RAC"] if code == "NJ2026-000103" else [])
    records = answered(adapter, b"Q|1|^NJ2026-000103||^^^ALL||||||||O")
    assert records[1:] == ["P|1", "O|1|NJ2026-000103||^^^CLB\\^^^RAC|R||||||N", "L|1|N"]
    assert records[0].startswith("H|\\^&|||BannerLIMS|")


def test_a_query_for_an_unknown_sample_is_answered_no_information() -> None:
    adapter = AstmAdapter("a", orders=lambda code: [])
    records = answered(adapter, b"Q|1|^NJ2026-999999||^^^ALL")
    assert records[-1] == "L|1|I" and len(records) == 2


def test_one_chunk_that_ends_a_session_and_carries_the_next_keeps_both_messages() -> None:
    second = [r.replace(b"NJ2026-000101", b"NJ2026-000102") for r in MESSAGE]
    data = session(MESSAGE) + session(second)
    for chunk in (len(data), 200, 1):
        readings, _ = feed_all(AstmAdapter("a"), data, chunk)
        assert [r.sample_code for r in readings] == ["NJ2026-000101"] * 2 + ["NJ2026-000102"] * 2


def test_a_device_that_puts_its_test_code_in_another_component_is_read_by_a_setting() -> None:
    records = [b"H|@^\\|||GX", b"O|1|PR25A137", b"R|1|^MTB-RIF^^Xpert^Xpert MTB-RIF Ultra^4^MTB^|NOT DETECTED^|||||F",
               b"L|1|N"]
    readings, _ = feed_all(AstmAdapter("gx", test_code_component=2), session(records))
    assert (readings[0].parameter_code, readings[0].qualitative) == ("MTB-RIF", "NOT DETECTED")


def test_a_new_header_before_the_l_record_drops_the_unfinished_message_and_says_so() -> None:
    adapter = AstmAdapter("a")
    second = [r.replace(b"NJ2026-000101", b"NJ2026-000102") for r in MESSAGE]
    readings, _ = feed_all(adapter, session(MESSAGE[:-1] + second))
    assert [r.sample_code for r in readings] == ["NJ2026-000102"] * 2
    assert adapter.errors["message interrupted"] == 1
