"""The unified social credit code (GB 32100-2015): check character and precise complaints."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.domain.credit_code import CHARSET, check_character, is_valid, validate
from lims.domain.errors import ValidationError


@pytest.mark.parametrize(
    "code",
    [
        "91110000802100433B",  # a published code of a Beijing enterprise
        "91350100M000100Y43",  # the worked example printed with GB 32100-2015
        "91150000MA0N00000T",  # check worked by hand: sum 1152, 1152 mod 31 = 5, 31 - 5 = 26 -> T
        "93150421MA012TH30F",  # a farmers' cooperative (93) in 阿鲁科尔沁旗, from the demo data
    ],
)
def test_valid_codes_are_returned_unchanged(code):
    assert validate(code) == code
    assert is_valid(code)


def test_lower_case_full_width_and_spaces_are_normalised():
    assert validate(" 91110000 802100433b ") == "91110000802100433B"
    assert validate("９１１１００００８０２１００４３３Ｂ") == "91110000802100433B"


def test_a_check_sum_of_zero_gives_check_character_0():
    # 31 - 0 = 31, which the standard writes as 0
    assert check_character("00000000000000000") == "0"


@pytest.mark.parametrize(("body", "check"), [("93150421MA0000001", "1"), ("92150422MA0000000", "F"),
                                             ("12150000011600000", "U")])
def test_check_characters_of_computed_bodies(body, check):
    assert check_character(body) == check
    assert validate(body + check) == body + check


def test_a_wrong_check_character_names_the_expected_one():
    with pytest.raises(ValidationError, match=r"Wrong check character 'C'.*expected 'B'") as err:
        validate("91110000802100433C")
    assert err.value.field == "credit_code"
    assert err.value.params["expected"] == "B"


@pytest.mark.parametrize(("code", "length"), [("9111000080210043", 16), ("91110000802100433BX", 19), ("", 0)])
def test_a_wrong_length_is_reported_with_the_length(code, length):
    with pytest.raises(ValidationError, match=f"has {length}$"):
        validate(code)


@pytest.mark.parametrize(("code", "char", "position"), [("91110000802100O33B", "O", 15), ("I1110000802100433B", "I", 1),
                                                        ("911100008021004S3B", "S", 16)])
def test_a_letter_never_used_is_reported_at_its_position(code, char, position):
    with pytest.raises(ValidationError, match="never used") as err:
        validate(code)
    assert err.value.params == {"char": char, "position": position}


def test_punctuation_is_reported_at_its_position():
    with pytest.raises(ValidationError, match=r"Character '\*' at position 9 is not allowed"):
        validate("91110000*02100433B")


def test_a_letter_in_the_administrative_division_code_is_refused():
    with pytest.raises(ValidationError, match="Position 4 belongs to the administrative division code"):
        validate("911A0000802100433B")


_body = st.tuples(st.sampled_from(CHARSET), st.sampled_from(CHARSET), st.text("0123456789", min_size=6, max_size=6),
                  st.text(CHARSET, min_size=9, max_size=9)).map("".join)


@given(_body)
def test_every_body_with_its_check_character_validates(body):
    assert validate(body + check_character(body)) == body + check_character(body)


@given(_body, st.integers(0, 16), st.sampled_from(CHARSET))
def test_changing_any_one_character_is_detected(body, position, replacement):
    code = body + check_character(body)
    changed = code[:position] + replacement + code[position + 1:]
    if changed != code:
        assert not is_valid(changed)
