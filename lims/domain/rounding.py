"""Numbers as a lab writes them: parsing result text and rounding by GB/T 8170-2008.

Values stay ``Decimal`` from the text a person typed or an instrument sent, so "0.0250" keeps
its digits and no binary fraction creeps into a comparison with a limit. Rounding is
四舍六入五成双 (round half to even), done once from the original value to the wanted digits:
GB/T 8170 forbids rounding in steps (0.0346 to 2 digits is 0.03, never 0.035 -> 0.04)."""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation

from lims.domain.errors import ValidationError

MAX_DIGITS = 12
# Nothing a lab measures needs more than 15 digits before the point; with the bound, a value
# converted between units and then quantized stays far inside _CONTEXT's precision.
MAX_INTEGER_DIGITS = 15
_CONTEXT = Context(prec=100, rounding=ROUND_HALF_EVEN)
_NUMBER = re.compile(r"([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]{1,4}))?")
_SPACES = re.compile(r"\s+")
_QUANTUM = {digits: Decimal(1).scaleb(-digits) for digits in range(MAX_DIGITS + 1)}


def normalise_number_text(text: str) -> str:
    """Full-width digits, point and signs (and U+2212 minus) folded to ASCII, spaces removed:
    "０.０５ " -> "0.05"."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")


def parse_decimal(text: str, field: str = "value") -> Decimal:
    """The non-negative decimal that ``text`` spells, digits kept as written.

    Accepts full-width characters and an exponent (1.2E-03, as analyzers print it). Refuses
    blanks, words, NaN and infinity, negatives and absurd magnitudes with a ValidationError
    naming ``field``."""
    cleaned = normalise_number_text(text)
    if not cleaned:
        raise ValidationError("A value is required", field=field)
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise ValidationError("'{text}' is not a number", field=field, text=text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # the pattern admits only what Decimal reads; kept for safety
        raise ValidationError("'{text}' is not a number", field=field, text=text) from None
    if value.is_zero():
        return abs(value)  # "-0" and "-0.00" are zero, not negative
    if match.group(1) == "-":
        raise ValidationError("A value cannot be negative: {text}", field=field, text=text)
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        raise ValidationError("The value {value} is too large", field=field, value=text)
    return value


def check_digits(digits: int) -> int:
    if not 0 <= digits <= MAX_DIGITS:
        raise ValidationError(
            "A number of decimal places must be 0 to {most}, not {digits}",
            field="reporting_digits", most=MAX_DIGITS, digits=digits,
        )
    return digits


def round_half_even(value: Decimal, digits: int) -> Decimal:
    """``value`` to ``digits`` decimal places, half to even: 0.0125 -> 0.012, 0.0135 -> 0.014."""
    check_digits(digits)
    if not value.is_finite():
        raise ValidationError("Only a finite number can be rounded, not {value}", field="value", value=value)
    try:
        rounded = value.quantize(_QUANTUM[digits], rounding=ROUND_HALF_EVEN, context=_CONTEXT)
    except InvalidOperation:
        raise ValidationError("The value {value} is too large", field="value", value=value) from None
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_fixed(value: Decimal, digits: int) -> str:
    """``value`` rounded half to even and written with exactly ``digits`` decimals ("0.050")."""
    return format(round_half_even(value, digits), "f")


def decimal_places(value: Decimal) -> int:
    """How many decimals ``value`` is written with: 0.05 -> 2, 0.050 -> 3, 5 -> 0, 5E+1 -> 0."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def plain(value: Decimal) -> str:
    """``value`` in positional notation as written (1E-3 -> 0.001, 0.0030 -> 0.0030)."""
    return format(value, "f")


def as_decimal(value: Decimal | int | float | str, field: str = "value") -> Decimal:
    """A non-negative number from the database or a caller as a Decimal, by the same rules as
    ``parse_decimal``; a float goes by its shortest repr (0.05 -> Decimal("0.05"), never
    0.05000000000000000277...)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float, str)):
        raise ValidationError("'{text}' is not a number", field=field, text=value)
    return parse_decimal(value if isinstance(value, str) else str(value), field)
