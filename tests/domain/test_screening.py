"""Judging rapid screens: enzyme inhibition by GB/T 5009.199-2003 and colloidal gold by the kit
lot's cut-offs, with every way a run is invalid and the thresholds met exactly."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lims.domain.enums import MethodKind, ScreenOutcome
from lims.domain.errors import ValidationError
from lims.domain.screening import (
    CutoffRule,
    GoldReadings,
    InhibitionCutoffs,
    InhibitionReadings,
    InvalidReason,
    ReportedInhibition,
    TOverCCutoffs,
    TThresholdCutoffs,
    check_confirmation_method,
    inhibition_percent,
    judge_gold,
    judge_inhibition,
    judge_reported_inhibition,
    judge_screen,
    kit_expired,
    parse_absorbance_change,
    parse_cutoffs,
    retest_deadline,
)

D = Decimal
GOLD = MethodKind.COLLOIDAL_GOLD.value
ENZYME = MethodKind.ENZYME_INHIBITION.value
# the demo lab's kit lots (resources/demo/lab.json)
CLENBUTEROL_LOT = {"rule": "t_over_c", "positive_below": 0.85, "invalid_c_below": 200}
RACTOPAMINE_LOT = {"rule": "t_thresholds", "positive_below": 1500, "suspect_below": 3000, "invalid_c_below": 200}
ENZYME_LOT = {"rule": "inhibition", "positive_at_or_above_pct": 50.0, "control_delta_a_min": 0.0,
              "invalid_above_pct": 100.0}


def _inhibition(d_a0: str, d_at: str):
    return judge_inhibition(InhibitionReadings(D(d_a0), D(d_at)))


# --- enzyme inhibition --------------------------------------------------------------------------

def test_the_standards_example_is_56_77_percent_and_positive() -> None:
    judgment = _inhibition("0.303", "0.131")
    assert judgment.outcome == ScreenOutcome.POSITIVE
    assert judgment.reported_inhibition == "56.77"
    assert str(judgment.inhibition_pct).startswith("56.76567656765676")  # unrounded, exact to 50 digits
    assert judgment.needs_confirmation and judgment.invalid_reason is None


def test_exactly_50_percent_is_positive_and_just_below_is_negative() -> None:
    assert _inhibition("0.200", "0.100").outcome == ScreenOutcome.POSITIVE
    assert _inhibition("0.200", "0.100").reported_inhibition == "50.00"
    # 49.9950 % is reported as 50.00 but the unrounded value is compared (GB/T 8170)
    below = _inhibition("0.200000", "0.100010")
    assert below.reported_inhibition == "50.00" and below.outcome == ScreenOutcome.NEGATIVE
    assert not below.needs_confirmation


def test_a_control_that_did_not_react_makes_the_run_invalid() -> None:
    for d_a0 in ("0", "-0.012"):
        judgment = _inhibition(d_a0, "0.100")
        assert judgment.outcome == ScreenOutcome.INVALID
        assert judgment.invalid_reason == InvalidReason.CONTROL_DID_NOT_REACT
        assert judgment.inhibition_pct is None and judgment.reported_inhibition == ""
        assert not judgment.needs_confirmation


def test_a_kit_may_ask_for_a_stronger_control_reaction() -> None:
    cutoffs = InhibitionCutoffs(control_delta_a_min=D("0.1"))
    assert judge_inhibition(InhibitionReadings(D("0.1"), D("0.01")), cutoffs).outcome == ScreenOutcome.INVALID
    assert judge_inhibition(InhibitionReadings(D("0.101"), D("0.01")), cutoffs).outcome == ScreenOutcome.POSITIVE


def test_a_sample_changing_faster_than_the_control_gives_zero_percent() -> None:
    judgment = _inhibition("0.250", "0.300")
    assert judgment.outcome == ScreenOutcome.NEGATIVE
    assert judgment.inhibition_pct == 0 and judgment.reported_inhibition == "0.00"


def test_more_than_100_percent_is_invalid_and_exactly_100_is_positive() -> None:
    over = _inhibition("0.250", "-0.010")
    assert over.outcome == ScreenOutcome.INVALID
    assert over.invalid_reason == InvalidReason.INHIBITION_ABOVE_MAXIMUM
    assert over.reported_inhibition == "104.00"  # kept, to show why
    assert _inhibition("0.250", "0").outcome == ScreenOutcome.POSITIVE


def test_inhibition_is_exact_decimal_arithmetic() -> None:
    assert inhibition_percent(D("0.3"), D("0.2")) == D("33.333333333333333333333333333333333333333333333333")
    assert inhibition_percent(D("0.3"), D("0.15")) == 50
    assert inhibition_percent(D("0.1"), D("0.07")) == 30
    with pytest.raises(ValidationError) as err:
        inhibition_percent(D("0"), D("0.1"))
    assert err.value.field == "control_delta_a"


def test_absorbance_changes_are_typed_with_a_sign_or_full_width() -> None:
    assert parse_absorbance_change("０.３０３", "control_delta_a") == D("0.303")
    assert parse_absorbance_change(" -0.012", "sample_delta_a") == D("-0.012")
    assert parse_absorbance_change("−0.5", "sample_delta_a") == D("-0.5")
    assert parse_absorbance_change("-0", "sample_delta_a") == 0
    for bad in ("", "abc", "--1", "1e"):
        with pytest.raises(ValidationError) as err:
            parse_absorbance_change(bad, "sample_delta_a")
        assert err.value.field == "sample_delta_a"


def test_a_reader_s_own_inhibition_is_judged_by_the_same_cut_offs() -> None:
    def judged(pct: str, cutoffs: InhibitionCutoffs | None = None):
        return judge_reported_inhibition(ReportedInhibition(D(pct)), cutoffs or InhibitionCutoffs())

    assert judged("50.00").outcome == ScreenOutcome.POSITIVE and judged("49.99").outcome == ScreenOutcome.NEGATIVE
    assert judged("100").outcome == ScreenOutcome.POSITIVE
    over = judged("100.01")
    assert over.outcome == ScreenOutcome.INVALID and over.invalid_reason == InvalidReason.INHIBITION_ABOVE_MAXIMUM
    below_zero = judged("-3.20")  # the sample changed more than the control: 0 %
    assert below_zero.outcome == ScreenOutcome.NEGATIVE and below_zero.reported_inhibition == "0.00"
    assert judged("45", InhibitionCutoffs(positive_at_or_above_pct=D(40))).outcome == ScreenOutcome.POSITIVE
    assert judge_screen(ReportedInhibition(D("56.77")), InhibitionCutoffs()).outcome == ScreenOutcome.POSITIVE


def test_a_reader_s_inhibition_is_checked_against_its_absorbances_where_given() -> None:
    example = InhibitionReadings(D("0.303"), D("0.131"))  # 56.77 %
    agrees = judge_reported_inhibition(ReportedInhibition(D("56.90"), example))
    assert agrees.outcome == ScreenOutcome.POSITIVE and agrees.reported_inhibition == "56.90"  # the reader's own
    with pytest.raises(ValidationError) as err:
        judge_reported_inhibition(ReportedInhibition(D("20.00"), example))
    assert err.value.field == "readings"
    assert str(err.value) == ("The reader's inhibition 20.00 % disagrees with its absorbances (control 0.303, sample "
                              "0.131), which give 56.77 %: check the control's channel and read the sample again")
    # a control that did not react makes the run invalid whatever the reader computed
    dead = judge_reported_inhibition(ReportedInhibition(D("34.80"), InhibitionReadings(D("0"), D("0.596"))))
    assert dead.outcome == ScreenOutcome.INVALID and dead.invalid_reason == InvalidReason.CONTROL_DID_NOT_REACT
    with pytest.raises(ValidationError, match="not a number"):
        ReportedInhibition(D("NaN"))


# --- colloidal gold -----------------------------------------------------------------------------

def test_t_over_c_below_the_cut_off_is_positive_and_at_it_negative() -> None:
    cutoffs = parse_cutoffs(json.dumps(CLENBUTEROL_LOT), GOLD, "CLB20260815")
    assert cutoffs == TOverCCutoffs(positive_below=D("0.85"), invalid_c_below=D("200"))
    at = judge_gold(GoldReadings(D("850"), D("1000")), cutoffs)
    assert at.outcome == ScreenOutcome.NEGATIVE and at.t_over_c == D("0.85") and at.reported_ratio == "0.850"
    below = judge_gold(GoldReadings(D("849.9"), D("1000")), cutoffs)
    assert below.outcome == ScreenOutcome.POSITIVE and below.needs_confirmation
    assert judge_gold(GoldReadings(D("0"), D("1000")), cutoffs).outcome == ScreenOutcome.POSITIVE  # no T line


def test_t_over_c_with_a_suspect_band() -> None:
    cutoffs = TOverCCutoffs(positive_below=D("0.5"), suspect_below=D("0.85"))
    outcomes = [judge_gold(GoldReadings(D(t), D("100")), cutoffs).outcome for t in ("49", "50", "84", "85")]
    assert outcomes == [ScreenOutcome.POSITIVE, ScreenOutcome.SUSPECT, ScreenOutcome.SUSPECT, ScreenOutcome.NEGATIVE]


def test_t_thresholds_positive_suspect_negative_at_the_thresholds_exactly() -> None:
    cutoffs = parse_cutoffs(json.dumps(RACTOPAMINE_LOT), GOLD, "RAC20260902")
    assert cutoffs == TThresholdCutoffs(D("1500"), D("3000"), D("200"))
    judged = {t: judge_gold(GoldReadings(D(t), D("5000")), cutoffs).outcome
              for t in ("1499.99", "1500", "2999.99", "3000", "4000")}
    assert judged == {"1499.99": ScreenOutcome.POSITIVE, "1500": ScreenOutcome.SUSPECT,
                      "2999.99": ScreenOutcome.SUSPECT, "3000": ScreenOutcome.NEGATIVE,
                      "4000": ScreenOutcome.NEGATIVE}
    suspect = judge_gold(GoldReadings(D("2000"), D("5000")), cutoffs)
    assert suspect.needs_confirmation and suspect.rule == CutoffRule.T_THRESHOLDS


def test_no_c_line_makes_the_strip_invalid_whatever_the_t_line() -> None:
    for cutoffs in (TOverCCutoffs(D("0.85"), invalid_c_below=D("200")),
                    TThresholdCutoffs(D("1500"), D("3000"), D("200"))):
        for c in ("0", "199.9"):
            judgment = judge_gold(GoldReadings(D("0"), D(c)), cutoffs)
            assert judgment.outcome == ScreenOutcome.INVALID
            assert judgment.invalid_reason == InvalidReason.NO_CONTROL_LINE and judgment.t_over_c is None
        assert judge_gold(GoldReadings(D("0"), D("200")), cutoffs).outcome == ScreenOutcome.POSITIVE
    # without a minimum from the kit, only a missing C line (zero) is invalid
    assert judge_gold(GoldReadings(D("5"), D("0")), TOverCCutoffs(D("0.85"))).outcome == ScreenOutcome.INVALID


def test_line_intensities_cannot_be_negative() -> None:
    with pytest.raises(ValidationError) as err:
        GoldReadings(D("-1"), D("100"))
    assert err.value.field == "t_value"


def test_readings_must_fit_the_kit() -> None:
    with pytest.raises(ValidationError, match="T and C"):
        judge_screen(InhibitionReadings(D("0.3"), D("0.1")), TOverCCutoffs(D("0.85")))
    with pytest.raises(ValidationError, match="absorbance"):
        judge_screen(GoldReadings(D("1"), D("2")), InhibitionCutoffs())
    assert judge_screen(InhibitionReadings(D("0.303"), D("0.131")), InhibitionCutoffs()).outcome == "positive"


# --- the kit lot's cut-offs ---------------------------------------------------------------------

def test_the_demo_lots_cut_offs_parse() -> None:
    assert parse_cutoffs(json.dumps(ENZYME_LOT), ENZYME, "AChE20261020") == InhibitionCutoffs()
    # an enzyme kit without cut-offs follows GB/T 5009.199
    assert parse_cutoffs("{}", ENZYME) == InhibitionCutoffs()
    assert parse_cutoffs("", ENZYME) == InhibitionCutoffs()
    assert parse_cutoffs('{"positive_below": "0.7", "rule": "t_over_c"}', GOLD).positive_below == D("0.7")


@pytest.mark.parametrize(("text", "kind", "message"), [
    ("{not json", GOLD, "are not valid JSON"),
    ("[0.85]", GOLD, "must be a JSON object"),
    ("{}", GOLD, "has no cut-off rule"),
    ('{"rule": "t_ratio", "positive_below": 1}', GOLD, "unknown cut-off rule 't_ratio'"),
    ('{"rule": "inhibition"}', GOLD, "does not fit a colloidal_gold kit"),
    ('{"rule": "t_over_c", "positive_below": 0.85}', ENZYME, "does not fit a enzyme_inhibition kit"),
    ('{"rule": "t_over_c", "positve_below": 0.85}', GOLD, "does not use: positve_below"),
    ('{"rule": "t_thresholds", "positive_below": 1500}', GOLD, "lacks the cut-offs suspect_below"),
    ('{"rule": "t_over_c", "positive_below": "low"}', GOLD, "must be a number of zero or more, not low"),
    ('{"rule": "t_over_c", "positive_below": -1}', GOLD, "must be a number of zero or more, not -1"),
    ('{"rule": "t_over_c", "positive_below": true}', GOLD, "must be a number, not true"),
    ('{"rule": "t_over_c", "positive_below": null}', GOLD, "must be a number, not null"),
    ('{"rule": "t_over_c", "positive_below": 0}', GOLD, "positive cut-off must be above zero"),
    ('{"rule": "t_thresholds", "positive_below": 3000, "suspect_below": 1500}', GOLD,
     "suspect cut-off must lie above the positive one"),
    ('{"rule": "t_thresholds", "positive_below": 1500, "suspect_below": 1500}', GOLD,
     "suspect cut-off must lie above the positive one"),
    ('{"positive_at_or_above_pct": 120}', ENZYME, "positive inhibition must lie above 0 %"),
    ('{"rule": "t_over_c", "positive_below": 1}', MethodKind.LABORATORY.value, "is not for a rapid method"),
    ('{"rule": "t_over_c", "positive_below": 1}', "dipstick", "unknown method kind 'dipstick'"),
])
def test_bad_cut_offs_are_refused_naming_the_lot(text: str, kind: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_cutoffs(text, kind, "LOT-7")
    assert err.value.field == "cutoffs"
    assert "LOT-7" in str(err.value) and message in str(err.value)


# --- around the screen --------------------------------------------------------------------------

def test_a_kit_is_good_through_its_expiry_date() -> None:
    assert not kit_expired(date(2027, 8, 14), date(2027, 8, 14))
    assert kit_expired(date(2027, 8, 14), date(2027, 8, 15))
    assert not kit_expired(None, date(2099, 1, 1))


def test_the_re_test_may_be_asked_for_within_4_hours_of_the_rapid_result() -> None:
    at = datetime(2026, 5, 6, 22, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert retest_deadline(at) == datetime(2026, 5, 7, 2, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert retest_deadline(at) - at == timedelta(hours=4)
    with pytest.raises(ValidationError):
        retest_deadline(datetime(2026, 5, 6, 22, 30))
    assert retest_deadline(datetime(2026, 5, 6, 14, 30, tzinfo=UTC)).hour == 18


def test_a_screen_is_confirmed_by_a_laboratory_method_only() -> None:
    check_confirmation_method(MethodKind.LABORATORY.value)
    for rapid in (MethodKind.ENZYME_INHIBITION, MethodKind.COLLOIDAL_GOLD):
        with pytest.raises(ValidationError) as err:
            check_confirmation_method(rapid.value)
        assert err.value.field == "confirmation_method"
