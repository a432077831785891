"""ASTM E1381 frames and E1394 records, from fixtures worked out from the standards' rules."""
from __future__ import annotations

import random

import pytest

from instruments.astm.codec import (
    BadFrame,
    ChecksumError,
    Control,
    Delimiters,
    Frame,
    FrameDecoder,
    FrameError,
    checksum,
    decode_frame,
    encode_frame,
    encode_message,
    join_record,
    split_record,
    split_records,
)

STX, ETX, ETB, CR, LF = b"\x02", b"\x03", b"\x17", b"\r", b"\n"


def test_checksum_is_the_sum_from_frame_number_through_etx_modulo_256_in_upper_case_hex() -> None:
    # "1" 0x31 + "A" 0x41 + CR 0x0D + ETX 0x03 = 130 = 0x82
    assert checksum(b"1A\r\x03") == b"82"
    # 520 mod 256 = 8: a leading zero is kept
    assert checksum(b"5L|1|N\r\x03") == b"08"
    assert checksum(b"7C|1|I|ok\r\x17") == b"66"


def test_a_frame_is_stx_number_text_terminator_checksum_cr_lf() -> None:
    assert encode_frame(2, b"R|1|^^^OPC|56.77|%\r") == STX + b"2R|1|^^^OPC|56.77|%\r" + ETX + b"DD" + CR + LF
    assert encode_frame(7, b"C|1|I|ok\r", final=False) == STX + b"7C|1|I|ok\r" + ETB + b"66" + CR + LF


def test_decoding_a_frame_gives_number_text_and_whether_it_ends_a_record() -> None:
    frame = decode_frame(STX + b"1A\r" + ETX + b"82" + CR + LF)
    assert (frame.number, frame.text, frame.final) == (1, b"A\r", True)


def test_a_wrong_checksum_is_refused_with_both_values_named() -> None:
    with pytest.raises(ChecksumError, match="checksum 00 should be 82"):
        decode_frame(STX + b"1A\r" + ETX + b"00" + CR + LF)


def test_a_frame_number_that_is_not_0_to_7_is_refused() -> None:
    body = b"9A\r" + ETX
    with pytest.raises(FrameError, match=r"not 0\.\.7"):
        decode_frame(STX + body + checksum(body) + CR + LF)


def test_frame_numbers_run_1_to_7_then_roll_over_to_0() -> None:
    frames = encode_message([bytes([ord("A") + i]) for i in range(10)])
    assert [decode_frame(f).number for f in frames] == [1, 2, 3, 4, 5, 6, 7, 0, 1, 2]
    assert frames[7] == STX + b"0H\r" + ETX + b"88" + CR + LF  # 0x30+0x48+0x0D+0x03 = 0x88


def test_a_long_record_is_split_into_etb_frames_of_240_characters_and_ends_with_etx() -> None:
    record = b"R|1|^^^X|" + b"9" * 600
    frames = encode_message([record])
    decoded = [decode_frame(f) for f in frames]
    assert [len(f.text) for f in decoded] == [240, 240, 130]
    assert [f.final for f in decoded] == [False, False, True]
    assert b"".join(f.text for f in decoded) == record + CR


def test_bytes_in_arbitrary_chunks_give_the_same_tokens_as_all_at_once() -> None:
    stream = b"\x05" + b"".join(encode_message([b"H|\\^&", b"R|1|^^^A|1.5", b"L|1|N"])) + b"\x04"
    whole = FrameDecoder().feed(stream)
    rng = random.Random(7)
    for _ in range(50):
        decoder, tokens, i = FrameDecoder(), [], 0
        while i < len(stream):
            n = rng.randint(1, 9)
            tokens += decoder.feed(stream[i:i + n])
            i += n
        assert tokens == whole
    assert [type(t).__name__ for t in whole] == ["Control", "Frame", "Frame", "Frame", "Control"]


def test_real_device_habits_are_accepted_long_frames_cr_without_lf_lower_case_hex() -> None:
    text = b"H|\\^&\rP|1\rO|1|NJ1\r" + b"R|1|^^^A|1\r" * 40 + b"L|1|N\r"
    body = b"1" + text + ETX
    stream = STX + body + checksum(body).lower() + CR + STX
    tokens = FrameDecoder().feed(stream)
    assert isinstance(tokens[0], Frame) and len(tokens[0].text) > 240
    assert len(split_records(tokens[0].text)) == 44


def test_a_frame_broken_off_by_a_new_stx_is_reported_and_the_new_one_read() -> None:
    good = encode_frame(2, b"P|1\r")
    tokens = FrameDecoder().feed(STX + b"1H|\\^&" + good)
    assert isinstance(tokens[0], BadFrame) and "broken off" in tokens[0].reason
    assert isinstance(tokens[1], Frame) and tokens[1].number == 2


def test_control_bytes_between_frames_are_tokens_and_noise_is_counted() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(b"\x05xyz\x06\x15\x04") == [Control(5), Control(6), Control(0x15), Control(4)]
    assert decoder.stray_bytes == 3


# --- E1394 records ---------------------------------------------------------------------------

def test_the_header_declares_the_delimiters() -> None:
    assert Delimiters.from_header("H|\\^&|||x") == Delimiters("|", "\\", "^", "&")
    assert Delimiters.from_header("H|@^\\|x") == Delimiters("|", "@", "^", "\\")
    assert Delimiters.from_header("H|\\\\^&|||x") == Delimiters("|", "\\", "^", "&")  # a converter's doubled char


def test_fields_repeats_and_components_are_numbered_as_e1394_numbers_them() -> None:
    record = split_record("R|1|^^^OPC^2|56.77|%|0^50|H\\A||F")
    assert record.kind == "R"
    assert record.get(3, 4) == "OPC" and record.get(3, 5) == "2"
    assert record.get(4) == "56.77"
    assert record.get(6, 2) == "50"
    assert record.repeats(7) == ["H", "A"]
    assert record.get(30) == ""


def test_escapes_are_undone_in_each_component() -> None:
    record = split_record("C|1|I|a&F&b&S&c&R&d&E&e&X41&|G")
    assert record.get(4) == "a|b^c\\d&eA"


def test_an_escaped_hex_sequence_is_read_in_the_line_s_encoding() -> None:
    record = split_record("P|1||||&XCDF5&^大明", encoding="gbk")
    assert record.get(6, 1) == "王" and record.get(6, 2) == "大明"


def test_gbk_text_in_a_frame_is_checksummed_over_its_bytes() -> None:
    text = "P|1||||王^大明\r".encode("gbk")
    frame = decode_frame(encode_frame(1, text))
    assert frame.text.decode("gbk") == "P|1||||王^大明\r"
    assert encode_frame(1, text)[-4:-2] == b"AF"  # (sum of "1", the text and ETX) mod 256 = 175


def test_joining_escapes_delimiters_and_splitting_gets_them_back() -> None:
    text = join_record(["O", "1", "NJ|1^2", [["", "", "", "OPC"], ["", "", "", "CLB"]], "R"])
    assert text == "O|1|NJ&F&1&S&2|^^^OPC\\^^^CLB|R"
    record = split_record(text)
    assert record.get(3) == "NJ|1^2"
    assert [r[3] for r in record.field(4)] == ["OPC", "CLB"]


def test_a_control_byte_where_the_checksum_should_be_breaks_the_frame_and_is_still_seen() -> None:
    tokens = FrameDecoder().feed(STX + b"2some printer text" + ETX + LF + b"\x04")
    assert isinstance(tokens[0], BadFrame) and tokens[0].incomplete
    assert tokens[1] == Control(4)
