"""The units residue work reports in, and exact conversion between them.

Pesticide limits are in mg/kg, veterinary-drug limits mostly in µg/kg, milk is sometimes
reported per litre; nutrition and quality parameters (protein and fat by GB 5009.5 and
GB 5009.6, minerals, vitamins) per 100 g, as food composition tables print them. Each unit is a
power of ten of a base (µg/kg for mass fractions, µg/L for mass concentrations), so a
conversion only moves the decimal point: ``Decimal.scaleb`` is exact.
A mass fraction and a mass concentration are never converted into each other: that needs the
sample's density, which the lab does not have, so it is refused with IncompatibleUnits."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Context, Decimal
from enum import StrEnum
from functools import lru_cache

from lims.domain.errors import IncompatibleUnits, UnknownUnit

MICRO = "\u00b5"  # MICRO SIGN, the form the catalogue stores ("µg/kg")


class Quantity(StrEnum):
    MASS_FRACTION = "mass_fraction"  # per kilogram of sample
    MASS_CONCENTRATION = "mass_concentration"  # per litre of sample


@dataclass(frozen=True)
class Unit:
    code: str  # how it is stored and printed: "mg/kg", "µg/kg"
    quantity: Quantity
    exponent: int  # value in the base unit = value * 10**exponent


G_PER_KG = Unit("g/kg", Quantity.MASS_FRACTION, 6)
MG_PER_KG = Unit("mg/kg", Quantity.MASS_FRACTION, 3)
UG_PER_KG = Unit(MICRO + "g/kg", Quantity.MASS_FRACTION, 0)
MG_PER_L = Unit("mg/L", Quantity.MASS_CONCENTRATION, 3)
UG_PER_L = Unit(MICRO + "g/L", Quantity.MASS_CONCENTRATION, 0)
G_PER_100G = Unit("g/100g", Quantity.MASS_FRACTION, 7)  # 1 g/100g = 10 g/kg
MG_PER_100G = Unit("mg/100g", Quantity.MASS_FRACTION, 4)
UG_PER_100G = Unit(MICRO + "g/100g", Quantity.MASS_FRACTION, 1)
UNITS: tuple[Unit, ...] = (G_PER_KG, MG_PER_KG, UG_PER_KG, MG_PER_L, UG_PER_L, G_PER_100G, MG_PER_100G, UG_PER_100G)

# Keys are spellings after _key(): NFKC (which turns the micro sign into Greek mu), no spaces,
# lower case, mu written "u". The Chinese names are how some limit tables print the units.
# A bare "%" is not among them: the lab's "%" is an enzyme-inhibition rate (GB/T 5009.199), not a
# mass fraction, and reading it as g/100g would judge an inhibition against a residue limit.
_SPELLINGS: dict[str, Unit] = {
    "g/kg": G_PER_KG, "克/千克": G_PER_KG, "克/公斤": G_PER_KG,
    "mg/kg": MG_PER_KG, "毫克/千克": MG_PER_KG, "毫克/公斤": MG_PER_KG,
    "ug/kg": UG_PER_KG, "mcg/kg": UG_PER_KG, "微克/千克": UG_PER_KG, "微克/公斤": UG_PER_KG,
    "mg/l": MG_PER_L, "毫克/升": MG_PER_L,
    "ug/l": UG_PER_L, "mcg/l": UG_PER_L, "微克/升": UG_PER_L,
    "g/100g": G_PER_100G, "克/100克": G_PER_100G, "克/百克": G_PER_100G,
    "mg/100g": MG_PER_100G, "毫克/100克": MG_PER_100G, "毫克/百克": MG_PER_100G,
    "ug/100g": UG_PER_100G, "mcg/100g": UG_PER_100G, "微克/100克": UG_PER_100G, "微克/百克": UG_PER_100G,
}
# scaleb rounds to the context's precision: give it room for any coefficient a person types
_EXACT = Context(prec=100)


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).lower().replace("\u03bc", "u")


def parse_unit(text: str | Unit) -> Unit:
    """The unit ``text`` names: "ug/kg", "μg/kg" (Greek mu), "µg/kg" (micro sign), "MG/KG",
    full-width forms and the Chinese names all work; anything else raises UnknownUnit."""
    if isinstance(text, Unit):
        return text
    unit = _lookup(text)
    if unit is None:
        raise UnknownUnit(
            "Unknown unit '{unit}': use g/kg, mg/kg, µg/kg, g/100g, mg/100g, µg/100g, mg/L or µg/L",
            field="unit", unit=text,
        )
    return unit


@lru_cache(maxsize=256)
def _lookup(text: str) -> Unit | None:
    return _SPELLINGS.get(_key(text))


def canonical_unit(text: str) -> str:
    """The stored spelling of a unit: "ug/kg" -> "µg/kg", "MG/L" -> "mg/L"."""
    return parse_unit(text).code


def is_known_unit(text: str) -> bool:
    return _lookup(text) is not None


def compatible(a: str | Unit, b: str | Unit) -> bool:
    """Whether values in ``a`` and ``b`` can be converted into each other."""
    return parse_unit(a).quantity == parse_unit(b).quantity


def convert(value: Decimal, from_unit: str | Unit, to_unit: str | Unit) -> Decimal:
    """``value`` in ``from_unit`` expressed in ``to_unit``, exactly: 12 µg/kg -> 0.012 mg/kg."""
    source, target = parse_unit(from_unit), parse_unit(to_unit)
    if source.quantity != target.quantity:
        raise IncompatibleUnits(
            "A value in {source} cannot be converted to {target}: a mass fraction and a mass "
            "concentration differ by the sample's density",
            source=source.code, target=target.code,
        )
    if source.exponent == target.exponent:
        return value
    return value.scaleb(source.exponent - target.exponent, context=_EXACT)
