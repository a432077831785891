"""Sample codes from a configurable pattern: checked patterns, next codes, parsing back."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.domain.errors import ValidationError
from lims.domain.numbering import DEFAULT_SAMPLE_PATTERN, CodePattern, ParsedCode, compile_pattern

NJ = compile_pattern(DEFAULT_SAMPLE_PATTERN, prefix="NJ")


def test_the_default_pattern_with_prefix_nj_gives_nj2026_000123():
    assert NJ.format(2026, 123) == "NJ2026-000123"


def test_the_next_code_follows_the_last_sequence_used_in_that_year():
    assert NJ.next_code(2026, 122) == ("NJ2026-000123", 123)


def test_the_first_code_of_a_year_is_number_1():
    assert NJ.next_code(2027, None) == ("NJ2027-000001", 1)
    assert NJ.next_code(2027, 0) == ("NJ2027-000001", 1)


def test_a_code_parses_back_to_its_year_and_sequence():
    assert NJ.parse("NJ2026-000123") == ParsedCode(2026, 123)


@pytest.mark.parametrize("code", ["NJ2026-00123", "XX2026-000123", "NJ2026-000123-1", "NJ26-000123", ""])
def test_text_of_another_form_does_not_parse(code):
    with pytest.raises(ValidationError, match="is not a code of the form"):
        NJ.parse(code)


def test_the_pattern_shows_whether_the_counter_runs_per_year():
    assert NJ.counter_key == "year"
    assert compile_pattern("S{seq:05d}").counter_key == "all"


def test_a_two_digit_year_pattern_reads_back_as_20yy():
    pattern = compile_pattern("{prefix}{yy}{seq:04d}", "WT")
    assert pattern.format(2026, 7) == "WT260007"
    assert pattern.parse("WT260007") == ParsedCode(2026, 7)


def test_an_unpadded_sequence_parses_without_leading_zeros():
    pattern = compile_pattern("{year}/{seq}")
    assert pattern.format(2026, 42) == "2026/42"
    assert pattern.parse("2026/42") == ParsedCode(2026, 42)
    with pytest.raises(ValidationError):
        pattern.parse("2026/042")


def test_a_prefix_with_regex_characters_is_matched_literally():
    pattern = compile_pattern("{prefix}{seq:03d}", "A.B+")
    assert pattern.parse("A.B+001") == ParsedCode(None, 1)
    with pytest.raises(ValidationError):
        pattern.parse("AxBB001")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{prefix}{year}-", "must contain the field seq"),
        ("{prefix}{month}{seq}", "Unknown field 'month'"),
        ("{seq}-{seq}", "appears twice"),
        ("{seq:6d}", "format of seq"),  # space padding would put blanks in codes
        ("{seq:x}", "format of seq"),
        ("{year:04d}{seq}", "Only the field seq takes a format"),
        ("{seq!r}", "Only the field seq takes a format"),
        ("{year}{yy}{seq}", "year or yy, not both"),
        ("{seq", "is malformed"),
        ("{}{seq}", "Unknown field ''"),
    ],
)
def test_bad_patterns_are_refused_saying_why(pattern, message):
    with pytest.raises(ValidationError, match=message) as err:
        CodePattern(pattern)
    assert err.value.field == "pattern"


def test_a_sequence_that_outgrows_the_padding_is_refused_not_silently_lengthened():
    with pytest.raises(ValidationError, match="does not fit the 6 digits"):
        NJ.next_code(2026, 999_999)


def test_negative_last_sequence_and_impossible_years_are_refused():
    with pytest.raises(ValidationError, match="cannot be negative"):
        NJ.next_code(2026, -1)
    with pytest.raises(ValidationError, match="is not a year"):
        NJ.format(26, 1)


@given(st.integers(1900, 9999), st.integers(0, 999_998))
def test_every_code_parses_back_to_what_made_it(year, last):
    code, seq = NJ.next_code(year, last)
    assert seq == last + 1
    assert NJ.parse(code) == ParsedCode(year, seq)


@given(st.integers(1, 5000), st.integers(1, 5000))
def test_different_sequences_give_different_codes(a, b):
    pattern = compile_pattern("{seq}{yy}")
    if a != b:
        assert pattern.format(2026, a) != pattern.format(2026, b)
    assert pattern.parse(pattern.format(2026, a)).seq == a
