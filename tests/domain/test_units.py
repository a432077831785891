"""Mass-fraction and mass-concentration units: spellings and exact conversion."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.domain.errors import IncompatibleUnits, UnknownUnit, ValidationError
from lims.domain.units import (
    MG_PER_KG,
    UG_PER_KG,
    UNITS,
    canonical_unit,
    compatible,
    convert,
    is_known_unit,
    parse_unit,
)


@pytest.mark.parametrize("spelling", [
    "µg/kg", "μg/kg", "ug/kg", "UG/KG", "mcg/kg", "µg / kg", "μｇ／ｋｇ", "微克/千克",
])
def test_micro_sign_greek_mu_and_ascii_u_all_mean_microgram_per_kilogram(spelling):
    assert parse_unit(spelling) is UG_PER_KG
    assert canonical_unit(spelling) == "\u00b5g/kg"


@pytest.mark.parametrize(("spelling", "code"), [("MG/KG", "mg/kg"), ("mg/Kg", "mg/kg"), ("g/kg", "g/kg"),
                                                ("mg/l", "mg/L"), ("ug/L", "µg/L"), ("毫克/千克", "mg/kg"),
                                                ("g/100 g", "g/100g"), ("G/100G", "g/100g"), ("克/100克", "g/100g"),
                                                ("mg/100g", "mg/100g"), ("毫克/百克", "mg/100g"),
                                                ("ug/100g", "µg/100g"), ("μg/100 g", "µg/100g")])
def test_spellings_map_to_the_stored_unit(spelling, code):
    assert canonical_unit(spelling) == code


def test_unknown_units_are_refused_naming_the_text():
    with pytest.raises(UnknownUnit, match="'ppm'") as err:
        parse_unit("ppm")
    assert isinstance(err.value, ValidationError) and err.value.field == "unit"
    assert not is_known_unit("%")  # the lab's "%" is an enzyme-inhibition rate, not a mass fraction


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        ("12", "µg/kg", "mg/kg", "0.012"),
        ("0.01", "mg/kg", "µg/kg", "10"),
        ("1.5", "g/kg", "mg/kg", "1500"),
        ("3", "µg/kg", "g/kg", "0.000003"),
        ("0.05", "mg/L", "µg/L", "50"),
        ("0.0250", "mg/kg", "mg/kg", "0.0250"),
        # nutrition units: 1 g/100g = 10 g/kg = 10,000 mg/kg; 1 mg/100g = 10 mg/kg; 1 µg/100g = 10 µg/kg
        ("3.12", "g/100g", "g/kg", "31.2"),
        ("3.12", "g/100g", "mg/kg", "31200"),
        ("2.8", "g/100g", "mg/100g", "2800"),
        ("120", "mg/100g", "mg/kg", "1200"),
        ("0.5", "mg/kg", "mg/100g", "0.05"),
        ("45", "µg/100g", "µg/kg", "450"),
        ("45", "µg/100g", "mg/100g", "0.045"),
        ("0.31", "g/kg", "g/100g", "0.031"),
    ],
)
def test_conversion_is_exact_in_decimal(value, source, target, expected):
    assert convert(Decimal(value), source, target) == Decimal(expected)


def test_mass_fraction_and_mass_concentration_are_never_converted():
    with pytest.raises(IncompatibleUnits, match="mg/L cannot be converted to mg/kg"):
        convert(Decimal("1"), "mg/L", "mg/kg")
    assert not compatible("µg/L", "µg/kg")
    assert compatible("g/kg", "ug/kg") and compatible("g/100g", "mg/kg")
    with pytest.raises(IncompatibleUnits):
        convert(Decimal("1"), "mg/100g", "mg/L")


def test_a_long_coefficient_survives_conversion_unrounded():
    value = Decimal("1.234567890123456789012345678901234")
    assert convert(value, "mg/kg", "µg/kg") == Decimal("1234.567890123456789012345678901234")


@given(st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False, places=9),
       st.sampled_from(UNITS), st.sampled_from(UNITS))
def test_converting_there_and_back_returns_the_same_value(value, a, b):
    if a.quantity != b.quantity:
        return
    assert convert(convert(value, a, b), b, a) == value


def test_units_are_singletons_so_identity_checks_hold():
    assert parse_unit("mg/kg") is MG_PER_KG is parse_unit(MG_PER_KG)
