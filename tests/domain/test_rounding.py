"""GB/T 8170-2008 rounding and the parsing of result text."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.domain.errors import ValidationError
from lims.domain.rounding import (
    as_decimal,
    decimal_places,
    format_fixed,
    parse_decimal,
    round_half_even,
)


@pytest.mark.parametrize(
    ("text", "digits", "expected"),
    [
        ("0.0125", 3, "0.012"),  # 5 after an even digit: stays
        ("0.0135", 3, "0.014"),  # 5 after an odd digit: goes up to even
        ("0.01251", 3, "0.013"),  # anything after the 5 rounds up
        ("0.0124", 3, "0.012"),  # 四舍
        ("0.0126", 3, "0.013"),  # 六入
        ("2.5", 0, "2"),
        ("3.5", 0, "4"),
        ("0.0504", 2, "0.05"),
        ("0.05", 3, "0.050"),  # trailing zeros kept
        ("0", 3, "0.000"),
        ("12", 1, "12.0"),
        ("1.2E-03", 4, "0.0012"),
    ],
)
def test_format_fixed_rounds_half_to_even_and_keeps_trailing_zeros(text, digits, expected):
    assert format_fixed(parse_decimal(text), digits) == expected


def test_rounding_is_done_once_from_the_original_value_not_in_steps():
    # 0.0346 -> 0.03 in one step; stepwise 0.035 -> 0.04 would be wrong by GB/T 8170
    assert format_fixed(Decimal("0.0346"), 2) == "0.03"


def test_a_value_that_rounds_to_zero_is_never_shown_as_negative_zero():
    assert format_fixed(Decimal("-0.0001"), 3) == "0.000"


def test_parse_keeps_the_digits_as_typed():
    assert str(parse_decimal("0.0250")) == "0.0250"


def test_full_width_digits_and_point_are_read_as_ascii():
    assert parse_decimal("０.０５") == Decimal("0.05")
    assert parse_decimal(" ０．０５ ") == Decimal("0.05")


def test_minus_zero_is_zero_not_a_negative():
    assert parse_decimal("-0.00") == 0


@pytest.mark.parametrize("text", ["-0.1", "－0.1", "\u22120.1"])
def test_negative_values_are_refused_as_negative(text):
    with pytest.raises(ValidationError, match="cannot be negative") as err:
        parse_decimal(text, field="value")
    assert err.value.field == "value"


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "Infinity", "-inf", "abc", "0.05mg", "1,5", "1_000",
                                  "0x10", "..5", "1e", "١٢"])
def test_non_numbers_nan_and_infinity_are_refused(text):
    with pytest.raises(ValidationError, match="is not a number"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_a_blank_value_is_reported_as_missing(text):
    with pytest.raises(ValidationError, match="A value is required"):
        parse_decimal(text)


def test_absurdly_large_values_are_refused():
    with pytest.raises(ValidationError, match="too large"):
        parse_decimal("1e20")


def test_digits_outside_0_to_12_are_refused():
    with pytest.raises(ValidationError, match="decimal places"):
        format_fixed(Decimal("1"), -1)
    with pytest.raises(ValidationError, match="decimal places"):
        format_fixed(Decimal("1"), 13)


def test_floats_from_the_database_become_their_shortest_decimal():
    assert as_decimal(0.05) == Decimal("0.05")
    assert str(as_decimal(0.1)) == "0.1"


def test_as_decimal_refuses_nan_negative_and_booleans():
    for bad in (float("nan"), Decimal("NaN"), -0.5, True):
        with pytest.raises(ValidationError):
            as_decimal(bad)


def test_decimal_places_counts_written_decimals():
    assert decimal_places(Decimal("0.05")) == 2
    assert decimal_places(Decimal("0.050")) == 3
    assert decimal_places(Decimal("5")) == 0
    assert decimal_places(Decimal("5E+1")) == 0


@given(st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=6),
       st.integers(min_value=0, max_value=6))
def test_rounded_value_is_within_half_a_unit_and_formatted_to_the_digits(value, digits):
    rounded = round_half_even(value, digits)
    assert abs(rounded - value) <= Decimal(1).scaleb(-digits) / 2
    text = format_fixed(value, digits)
    assert len(text.partition(".")[2]) == digits


@given(st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=6))
def test_parse_reads_back_any_formatted_value(value):
    assert parse_decimal(format(value, "f")) == value


@given(st.text(max_size=12))
def test_parse_either_returns_a_non_negative_decimal_or_raises_validation_error(text):
    try:
        value = parse_decimal(text)
    except ValidationError:
        return
    assert value.is_finite() and value >= 0
