"""Judging rapid screens (速测): enzyme inhibition and colloidal gold, by the kit lot's cut-offs.

The rules (DOMAIN.md, "Rapid tests"):

- Enzyme inhibition, GB/T 5009.199-2003: inhibition % = (dA0 - dAt) / dA0 x 100, dA0 the
  control's absorbance change over 3 min at 412 nm, dAt the sample's. At or above 50 % the
  screen is positive. A control with dA0 <= 0 did not react: the run is invalid. dAt above dA0
  gives 0 %; above 100 % the run is invalid.
- Colloidal gold (competitive assays): no C line means an invalid strip; a weak T line means
  positive. A reader's T and C intensities are judged either by T/C against a cut-off or by T
  against two thresholds (positive / suspect / negative). The cut-offs belong to the kit lot
  and come from its JSON (``KitLot.cutoffs_json``), read by ``parse_cutoffs``.
- The unrounded inhibition is compared with the cut-off (GB/T 8170 全数值比较法); it is shown
  rounded half to even to two decimals.
- A reader may report the inhibition it computed itself (``ReportedInhibition``): that
  percentage is judged by the same cut-offs, and when the reader's record also gives the
  absorbance changes it came from, the percentage must agree with them (within
  ``INHIBITION_CROSS_CHECK_PCT``); a run the absorbances make invalid stays invalid.
- A screen is never a result: a positive or suspect one opens a confirmation test by a
  laboratory method, and the sampled party may ask for a re-test within 4 hours of the rapid
  result that may not use a rapid method either (Food Safety Law of the PRC, art. 88)."""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Context, Decimal
from enum import StrEnum
from typing import Any

from lims.domain.enums import MethodKind, ScreenOutcome
from lims.domain.errors import ValidationError
from lims.domain.rounding import format_fixed, normalise_number_text, parse_decimal, plain

RETEST_WINDOW = timedelta(hours=4)
INHIBITION_DIGITS = 2  # GB/T 5009.199 reports the inhibition to two decimals (56.77 %)
RATIO_DIGITS = 3
# how far a reader's own inhibition may lie from the one its absorbances give: float32 and the
# reader's rounding to two decimals stay well inside it; a wrong control channel does not
INHIBITION_CROSS_CHECK_PCT = Decimal("0.5")
RAPID_KINDS = frozenset({MethodKind.ENZYME_INHIBITION, MethodKind.COLLOIDAL_GOLD})
NEEDS_CONFIRMATION = frozenset({ScreenOutcome.POSITIVE, ScreenOutcome.SUSPECT})

_HUNDRED = Decimal(100)
_CONTEXT = Context(prec=50)


class CutoffRule(StrEnum):
    INHIBITION = "inhibition"  # enzyme inhibition %: positive at or above a cut-off
    T_OVER_C = "t_over_c"  # colloidal gold: T/C below the cut-off is positive
    T_THRESHOLDS = "t_thresholds"  # colloidal gold: T below one threshold positive, below another suspect


class InvalidReason(StrEnum):
    """Why a run cannot be judged; the strip or the run must be repeated."""

    CONTROL_DID_NOT_REACT = "control_did_not_react"  # control dA0 at or below its minimum
    INHIBITION_ABOVE_MAXIMUM = "inhibition_above_maximum"  # more than 100 % inhibited
    NO_CONTROL_LINE = "no_control_line"  # the C line is absent or too weak


_KIND_OF_RULE = {
    CutoffRule.INHIBITION: MethodKind.ENZYME_INHIBITION,
    CutoffRule.T_OVER_C: MethodKind.COLLOIDAL_GOLD,
    CutoffRule.T_THRESHOLDS: MethodKind.COLLOIDAL_GOLD,
}


# --- cut-offs, as a kit lot holds them ----------------------------------------------------------

@dataclass(frozen=True)
class InhibitionCutoffs:
    """GB/T 5009.199's values are the defaults; a kit's instructions may set others."""

    positive_at_or_above_pct: Decimal = Decimal(50)
    control_delta_a_min: Decimal = Decimal(0)  # a control change at or below this is no reaction
    invalid_above_pct: Decimal = Decimal(100)

    @property
    def rule(self) -> CutoffRule:
        return CutoffRule.INHIBITION


@dataclass(frozen=True)
class TOverCCutoffs:
    positive_below: Decimal  # T/C below this: positive
    suspect_below: Decimal | None = None  # T/C from positive_below up to this: suspect
    invalid_c_below: Decimal = Decimal(0)  # C below this (or zero): no control line

    @property
    def rule(self) -> CutoffRule:
        return CutoffRule.T_OVER_C


@dataclass(frozen=True)
class TThresholdCutoffs:
    positive_below: Decimal  # T below this: positive
    suspect_below: Decimal  # T from positive_below up to this: suspect; at or above: negative
    invalid_c_below: Decimal = Decimal(0)

    @property
    def rule(self) -> CutoffRule:
        return CutoffRule.T_THRESHOLDS


Cutoffs = InhibitionCutoffs | TOverCCutoffs | TThresholdCutoffs

_KEYS: dict[CutoffRule, tuple[frozenset[str], frozenset[str]]] = {  # (required, optional)
    CutoffRule.INHIBITION: (
        frozenset(), frozenset({"positive_at_or_above_pct", "control_delta_a_min", "invalid_above_pct"})),
    CutoffRule.T_OVER_C: (frozenset({"positive_below"}), frozenset({"suspect_below", "invalid_c_below"})),
    CutoffRule.T_THRESHOLDS: (frozenset({"positive_below", "suspect_below"}), frozenset({"invalid_c_below"})),
}


def cutoffs_json(cutoffs: Cutoffs) -> str:
    """The cut-offs as ``parse_cutoffs`` reads them back (its rule named, numbers as exact text)."""
    values = {f.name: str(getattr(cutoffs, f.name)) for f in fields(cutoffs) if getattr(cutoffs, f.name) is not None}
    return json.dumps({"rule": cutoffs.rule.value, **values}, sort_keys=True, separators=(",", ":"))


def kind_of_rule(rule: CutoffRule) -> MethodKind:
    """The kind of rapid method whose kits judge by ``rule``."""
    return _KIND_OF_RULE[rule]


def parse_cutoffs(text: str, method_kind: str, lot: str = "") -> Cutoffs:
    """The cut-offs of a kit lot from its JSON, checked against the kit's method kind.

    ``{"rule": "t_over_c", "positive_below": 0.85, "invalid_c_below": 200}``; ``rule`` may be
    left out of an enzyme-inhibition kit's cut-offs, which then default to GB/T 5009.199's.
    Every problem is a ValidationError on the field "cutoffs" that names the lot."""
    try:
        kind = MethodKind(method_kind)
    except ValueError:
        raise ValidationError("Kit lot {lot} is for an unknown method kind '{kind}'",
                              field="cutoffs", lot=lot, kind=method_kind) from None
    if kind not in RAPID_KINDS:
        raise ValidationError("Kit lot {lot} is not for a rapid method", field="cutoffs", lot=lot)
    try:
        data: Any = json.loads(text or "{}")
    except (json.JSONDecodeError, TypeError) as exc:
        raise ValidationError("The cut-offs of kit lot {lot} are not valid JSON: {why}",
                              field="cutoffs", lot=lot, why=str(exc)) from None
    if not isinstance(data, dict):
        raise ValidationError("The cut-offs of kit lot {lot} must be a JSON object", field="cutoffs", lot=lot)
    raw_rule = data.get("rule")
    if raw_rule is None:
        if kind != MethodKind.ENZYME_INHIBITION:
            raise ValidationError(
                "Kit lot {lot} has no cut-off rule: enter t_over_c or t_thresholds and the cut-offs "
                "from the kit's instructions", field="cutoffs", lot=lot)
        raw_rule = CutoffRule.INHIBITION.value
    try:
        rule = CutoffRule(raw_rule)
    except ValueError:
        raise ValidationError("Kit lot {lot} names an unknown cut-off rule '{rule}'",
                              field="cutoffs", lot=lot, rule=str(raw_rule)) from None
    if _KIND_OF_RULE[rule] != kind:
        raise ValidationError("The cut-off rule {rule} of kit lot {lot} does not fit a {kind} kit",
                              field="cutoffs", lot=lot, rule=rule.value, kind=kind.value)
    required, optional = _KEYS[rule]
    present = set(data) - {"rule"}
    unknown = sorted(present - required - optional)
    if unknown:
        raise ValidationError("Kit lot {lot} has cut-offs that the rule {rule} does not use: {keys}",
                              field="cutoffs", lot=lot, rule=rule.value, keys=", ".join(unknown))
    missing = sorted(required - present)
    if missing:
        raise ValidationError("Kit lot {lot} lacks the cut-offs {keys} that the rule {rule} needs",
                              field="cutoffs", lot=lot, rule=rule.value, keys=", ".join(missing))
    values = {key: _cutoff_number(data[key], key, lot) for key in present}
    if rule == CutoffRule.INHIBITION:
        inhibition = InhibitionCutoffs(**values)
        if not Decimal(0) < inhibition.positive_at_or_above_pct <= inhibition.invalid_above_pct:
            raise ValidationError(
                "Kit lot {lot}: the positive inhibition must lie above 0 % and not above the invalid one",
                field="cutoffs", lot=lot)
        return inhibition
    cutoffs = TOverCCutoffs(**values) if rule == CutoffRule.T_OVER_C else TThresholdCutoffs(**values)
    if cutoffs.positive_below.is_zero():
        raise ValidationError("Kit lot {lot}: the positive cut-off must be above zero", field="cutoffs", lot=lot)
    if cutoffs.suspect_below is not None and cutoffs.suspect_below <= cutoffs.positive_below:
        raise ValidationError("Kit lot {lot}: the suspect cut-off must lie above the positive one",
                              field="cutoffs", lot=lot)
    return cutoffs


def _cutoff_number(value: object, key: str, lot: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValidationError("Kit lot {lot}: the cut-off {key} must be a number, not {value}",
                              field="cutoffs", lot=lot, key=key, value=json.dumps(value, ensure_ascii=False))
    try:
        # a float goes by its shortest repr (0.85 -> Decimal("0.85"))
        return parse_decimal(str(value), "cutoffs")
    except ValidationError:
        raise ValidationError("Kit lot {lot}: the cut-off {key} must be a number of zero or more, not {value}",
                              field="cutoffs", lot=lot, key=key, value=str(value)) from None


# --- readings -------------------------------------------------------------------------------

@dataclass(frozen=True)
class InhibitionReadings:
    """Absorbance changes at 412 nm over 3 minutes: the control's (dA0) and the sample's (dAt)."""

    control_delta_a: Decimal
    sample_delta_a: Decimal


@dataclass(frozen=True)
class GoldReadings:
    """A colloidal-gold reader's line intensities (or grey values)."""

    t_value: Decimal
    c_value: Decimal

    def __post_init__(self) -> None:
        for field, value in (("t_value", self.t_value), ("c_value", self.c_value)):
            if not value.is_finite() or value < 0:
                raise ValidationError("A line intensity cannot be negative: {value}", field=field, value=value)


@dataclass(frozen=True)
class ReportedInhibition:
    """The inhibition % an enzyme-inhibition reader computed for a sample and, when its record
    carries them, the absorbance changes (the control's and the sample's) it came from."""

    inhibition_pct: Decimal
    absorbances: InhibitionReadings | None = None

    def __post_init__(self) -> None:
        if not self.inhibition_pct.is_finite():
            raise ValidationError("The reader's inhibition is not a number: {value}", field="inhibition_pct",
                                  value=self.inhibition_pct)


Readings = InhibitionReadings | ReportedInhibition | GoldReadings


def parse_absorbance_change(text: str, field: str) -> Decimal:
    """An absorbance change as typed: may be negative (a sample that fades), full-width allowed."""
    cleaned = normalise_number_text(text)
    negative = cleaned.startswith("-")
    magnitude = parse_decimal(cleaned[1:] if negative else cleaned.lstrip("+"), field)
    return -magnitude if negative and not magnitude.is_zero() else magnitude


# --- judgment -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScreenJudgment:
    outcome: ScreenOutcome
    rule: CutoffRule
    invalid_reason: InvalidReason | None = None
    inhibition_pct: Decimal | None = None  # unrounded; None when the control did not react
    t_over_c: Decimal | None = None  # unrounded; None without a control line

    @property
    def needs_confirmation(self) -> bool:
        return self.outcome in NEEDS_CONFIRMATION

    @property
    def reported_inhibition(self) -> str:
        """The inhibition % as reported: two decimals, half to even ("56.77")."""
        return "" if self.inhibition_pct is None else format_fixed(self.inhibition_pct, INHIBITION_DIGITS)

    @property
    def reported_ratio(self) -> str:
        return "" if self.t_over_c is None else format_fixed(self.t_over_c, RATIO_DIGITS)


def inhibition_percent(control_delta_a: Decimal, sample_delta_a: Decimal) -> Decimal:
    """(dA0 - dAt) / dA0 x 100, exactly, floored at 0 % (dAt above dA0). dA0 must be positive."""
    if control_delta_a <= 0:
        raise ValidationError("The control's absorbance change must be above zero, not {value}",
                              field="control_delta_a", value=control_delta_a)
    pct = _CONTEXT.multiply(_CONTEXT.divide(control_delta_a - sample_delta_a, control_delta_a), _HUNDRED)
    return max(pct, Decimal(0))


def judge_inhibition(readings: InhibitionReadings, cutoffs: InhibitionCutoffs = InhibitionCutoffs()) -> ScreenJudgment:
    rule = CutoffRule.INHIBITION
    if readings.control_delta_a <= cutoffs.control_delta_a_min or readings.control_delta_a <= 0:
        return ScreenJudgment(ScreenOutcome.INVALID, rule, InvalidReason.CONTROL_DID_NOT_REACT)
    pct = inhibition_percent(readings.control_delta_a, readings.sample_delta_a)
    if pct > cutoffs.invalid_above_pct:
        return ScreenJudgment(ScreenOutcome.INVALID, rule, InvalidReason.INHIBITION_ABOVE_MAXIMUM, pct)
    outcome = ScreenOutcome.POSITIVE if pct >= cutoffs.positive_at_or_above_pct else ScreenOutcome.NEGATIVE
    return ScreenJudgment(outcome, rule, None, pct)


def _unfloored_percent(readings: InhibitionReadings) -> Decimal:
    return _CONTEXT.multiply(_CONTEXT.divide(readings.control_delta_a - readings.sample_delta_a,
                                             readings.control_delta_a), _HUNDRED)


def judge_reported_inhibition(readings: ReportedInhibition,
                              cutoffs: InhibitionCutoffs = InhibitionCutoffs()) -> ScreenJudgment:
    """A reader's own inhibition % judged by the kit lot's inhibition cut-offs.

    With the absorbance changes given, a run they make invalid (a control that did not react,
    more than the invalid bound inhibited) is invalid, and a percentage that disagrees with them
    by more than ``INHIBITION_CROSS_CHECK_PCT`` is refused: it cannot be judged until the run is
    checked (a wrong control channel, a fault of the reader). A percentage below 0 % (the
    sample changed more than the control) counts as 0 %."""
    rule = CutoffRule.INHIBITION
    reported = readings.inhibition_pct
    if readings.absorbances is not None:
        by_absorbance = judge_inhibition(readings.absorbances, cutoffs)
        if by_absorbance.outcome is ScreenOutcome.INVALID:
            return by_absorbance
        expected = _unfloored_percent(readings.absorbances)
        if abs(expected - reported) > INHIBITION_CROSS_CHECK_PCT:
            raise ValidationError(
                "The reader's inhibition {reported} % disagrees with its absorbances (control {control}, sample "
                "{sample}), which give {expected} %: check the control's channel and read the sample again",
                field="readings", reported=format_fixed(reported, INHIBITION_DIGITS),
                control=plain(readings.absorbances.control_delta_a), sample=plain(readings.absorbances.sample_delta_a),
                expected=format_fixed(max(expected, Decimal(0)), INHIBITION_DIGITS))
    pct = max(reported, Decimal(0))
    if pct > cutoffs.invalid_above_pct:
        return ScreenJudgment(ScreenOutcome.INVALID, rule, InvalidReason.INHIBITION_ABOVE_MAXIMUM, pct)
    outcome = ScreenOutcome.POSITIVE if pct >= cutoffs.positive_at_or_above_pct else ScreenOutcome.NEGATIVE
    return ScreenJudgment(outcome, rule, None, pct)


def judge_gold(readings: GoldReadings, cutoffs: TOverCCutoffs | TThresholdCutoffs) -> ScreenJudgment:
    rule = cutoffs.rule
    c, t = readings.c_value, readings.t_value
    if c.is_zero() or c < cutoffs.invalid_c_below:
        return ScreenJudgment(ScreenOutcome.INVALID, rule, InvalidReason.NO_CONTROL_LINE)
    ratio = _CONTEXT.divide(t, c)
    measure = ratio if isinstance(cutoffs, TOverCCutoffs) else t
    if measure < cutoffs.positive_below:
        outcome = ScreenOutcome.POSITIVE
    elif cutoffs.suspect_below is not None and measure < cutoffs.suspect_below:
        outcome = ScreenOutcome.SUSPECT
    else:
        outcome = ScreenOutcome.NEGATIVE
    return ScreenJudgment(outcome, rule, None, None, ratio)


def judge_screen(readings: Readings, cutoffs: Cutoffs) -> ScreenJudgment:
    """The screen's outcome from its readings by its kit lot's cut-offs."""
    if isinstance(cutoffs, InhibitionCutoffs):
        if isinstance(readings, ReportedInhibition):
            return judge_reported_inhibition(readings, cutoffs)
        if not isinstance(readings, InhibitionReadings):
            raise ValidationError("An enzyme-inhibition kit is read as absorbance changes", field="readings")
        return judge_inhibition(readings, cutoffs)
    if not isinstance(readings, GoldReadings):
        raise ValidationError("A colloidal-gold kit is read as T and C line intensities", field="readings")
    return judge_gold(readings, cutoffs)


# --- around the screen ----------------------------------------------------------------------

def kit_expired(expires_on: date | None, on_day: date) -> bool:
    """A kit is good up to and including its expiry date; a lot without one never expires."""
    return expires_on is not None and on_day > expires_on


def retest_deadline(result_at: datetime) -> datetime:
    """Until when the sampled party may ask for a re-test of a rapid result."""
    if result_at.tzinfo is None:
        raise ValidationError("The time of the rapid result needs its time zone", field="tested_at")
    return result_at + RETEST_WINDOW


def check_confirmation_method(kind: str) -> None:
    """A confirmation or re-test of a screen is done by a laboratory method, never a rapid one."""
    if kind != MethodKind.LABORATORY:
        raise ValidationError(
            "A screen is confirmed by a laboratory method, never by a rapid one", field="confirmation_method")

