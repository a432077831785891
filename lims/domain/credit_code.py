"""The unified social credit code (统一社会信用代码, GB 32100-2015) of a producer.

18 characters from 0-9 and the upper-case letters without I, O, Z, S, V (31 in all, each
worth its place in CHARSET): position 1 the registering authority, 2 the kind of body,
3-8 the administrative division (digits), 9-17 the organisation code, 18 a check character
computed over the first 17 with WEIGHTS: check = 31 - (sum mod 31), where 31 becomes 0."""
from __future__ import annotations

import unicodedata

from lims.domain.errors import ValidationError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_DIVISION = range(2, 8)  # 0-based positions of the administrative division code
_NEVER_USED = "IOZSV"


def normalise(code: str) -> str:
    """Full-width folded to ASCII, spaces and hyphens dropped, letters upper-cased."""
    folded = unicodedata.normalize("NFKC", code)
    return "".join(c for c in folded if not c.isspace() and c != "-").upper()


def check_character(body: str) -> str:
    """The 18th character for the first 17 (already valid characters)."""
    if len(body) != LENGTH - 1 or any(c not in _VALUE for c in body):
        raise ValidationError(
            "A credit code body is 17 characters of 0-9 and A-Y without I, O, Z, S, V: '{body}'",
            field="credit_code", body=body,
        )
    total = sum(_VALUE[c] * w for c, w in zip(body, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate(code: str) -> str:
    """The normalised code, or a ValidationError naming what is wrong: the length, the first
    bad character and its position (1-based), or the check character and the one expected."""
    normalised = normalise(code)
    if len(normalised) != LENGTH:
        raise ValidationError(
            "A unified social credit code has 18 characters; '{code}' has {length}",
            field="credit_code", code=code, length=len(normalised),
        )
    for index, char in enumerate(normalised):
        if char not in _VALUE:
            if char in _NEVER_USED:
                raise ValidationError(
                    "Character '{char}' at position {position} is never used in a credit code "
                    "(I, O, Z, S and V are left out)",
                    field="credit_code", char=char, position=index + 1,
                )
            raise ValidationError(
                "Character '{char}' at position {position} is not allowed in a credit code",
                field="credit_code", char=char, position=index + 1,
            )
        if index in _DIVISION and not char.isdigit():
            raise ValidationError(
                "Position {position} belongs to the administrative division code and must be a digit, not '{char}'",
                field="credit_code", char=char, position=index + 1,
            )
    expected = check_character(normalised[:-1])
    if normalised[-1] != expected:
        raise ValidationError(
            "Wrong check character '{found}' in credit code {code}: expected '{expected}'",
            field="credit_code", code=normalised, found=normalised[-1], expected=expected,
        )
    return normalised


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except ValidationError:
        return False
    return True
