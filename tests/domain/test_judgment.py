"""Judging results against the limit in force: inheritance, editions, ND, LOQ, rounding,
units, banned substances, temporary limits and the absence of a basis.

The limit values here are test data chosen to exercise the rules, not quotations of GB 2763."""
from __future__ import annotations

import time
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lims.domain.enums import ComparisonMethod, Detection, LimitKind, Verdict
from lims.domain.errors import IncompatibleUnits, ValidationError
from lims.domain.judgment import (
    JudgmentRequest,
    LimitCandidate,
    LimitTable,
    MethodInfo,
    ResultInput,
    judge,
    judge_many,
    select_limit,
)

# the category tree: 蔬菜 > 叶菜类 > 韭菜 / 芹菜; 畜禽肉类 > 牛肉; 生乳
VEGETABLES, LEAFY, LEEK, CELERY = 1, 2, 3, 4
MEAT, BEEF = 10, 11
RAW_MILK = 20
LEEK_PATH = (LEEK, LEAFY, VEGETABLES)
CELERY_PATH = (CELERY, LEAFY, VEGETABLES)
BEEF_PATH = (BEEF, MEAT)

CHLORPYRIFOS, PROCYMIDONE, PHORATE, CLENBUTEROL, ENROFLOXACIN = 101, 102, 103, 201, 202

OLD_EDITION_ENDS = date(2026, 2, 28)
NEW_EDITION_STARTS = date(2026, 3, 1)
BEFORE, AFTER = OLD_EDITION_ENDS, NEW_EDITION_STARTS

PESTICIDE_METHOD = MethodInfo("mg/kg", reporting_digits=3, lod=Decimal("0.003"), loq=Decimal("0.01"))
TWO_DIGIT_METHOD = MethodInfo("mg/kg", reporting_digits=2, lod=Decimal("0.003"), loq=Decimal("0.01"))
VET_METHOD = MethodInfo("µg/kg", reporting_digits=1, lod=Decimal("0.5"), loq=Decimal("1.0"))
CLENBUTEROL_METHOD = MethodInfo("µg/kg", reporting_digits=2, lod=Decimal("0.5"), loq=Decimal("1.0"))


def gb2763_2021(product_id, value, parameter_id=CHLORPYRIFOS, kind=LimitKind.MRL, name=""):
    return LimitCandidate(product_id, Decimal(value) if value else None, "mg/kg", kind, "GB 2763", "2021",
                          date(2021, 9, 3), OLD_EDITION_ENDS, parameter_id=parameter_id, product_name=name)


def gb2763_2026(product_id, value, parameter_id=CHLORPYRIFOS, kind=LimitKind.MRL, name=""):
    return LimitCandidate(product_id, Decimal(value) if value else None, "mg/kg", kind, "GB 2763", "2026",
                          NEW_EDITION_STARTS, None, parameter_id=parameter_id, product_name=name)


def banned(product_id, parameter_id=CLENBUTEROL):
    return LimitCandidate(product_id, None, "µg/kg", LimitKind.NOT_DETECTABLE, "农业农村部公告第250号", "2019",
                          date(2020, 1, 6), None, parameter_id=parameter_id, product_name="动物性食品")


def value(text, unit=""):
    return ResultInput(text, unit)


# --- category inheritance ----------------------------------------------------------------------

def test_a_limit_on_the_leafy_vegetable_category_applies_to_leek():
    limits = [gb2763_2026(LEAFY, "0.02", name="叶菜类")]
    j = judge(value("0.05"), PESTICIDE_METHOD, limits, LEEK_PATH, AFTER)
    assert j.verdict == Verdict.FAIL
    assert j.basis is not None and j.basis.product_id == LEAFY and j.basis.inherited
    assert j.basis.display_text == "GB 2763-2026: 0.02 mg/kg (limit for 叶菜类)"


def test_a_limit_set_on_leek_itself_wins_over_the_category_limit():
    limits = [gb2763_2026(LEAFY, "5", PROCYMIDONE, name="叶菜类"), gb2763_2026(LEEK, "0.2", PROCYMIDONE, name="韭菜")]
    j = judge(value("1.0"), PESTICIDE_METHOD, limits, LEEK_PATH, AFTER)
    assert j.verdict == Verdict.FAIL
    assert j.basis is not None and j.basis.product_id == LEEK and not j.basis.inherited
    assert j.basis.value == Decimal("0.2")


def test_a_limit_on_a_sibling_product_does_not_apply():
    limits = [gb2763_2026(CELERY, "0.05", name="芹菜")]
    j = judge(value("0.01"), PESTICIDE_METHOD, limits, LEEK_PATH, AFTER)
    assert j.verdict == Verdict.NO_BASIS and j.basis is None


def test_the_root_category_limit_applies_when_nothing_nearer_has_one():
    limits = [gb2763_2026(VEGETABLES, "0.5", name="蔬菜")]
    j = judge(value("0.4"), PESTICIDE_METHOD, limits, CELERY_PATH, AFTER)
    assert j.verdict == Verdict.PASS and j.basis is not None and j.basis.product_id == VEGETABLES


# --- the edition in force on the sampling date ---------------------------------------------------

EDITIONS = [gb2763_2021(LEAFY, "0.1", name="叶菜类"), gb2763_2026(LEAFY, "0.02", name="叶菜类")]


def test_a_sample_taken_on_2026_02_28_is_judged_by_gb_2763_2021():
    j = judge(value("0.05"), PESTICIDE_METHOD, EDITIONS, LEEK_PATH, BEFORE)
    assert j.verdict == Verdict.PASS
    assert j.basis is not None and j.basis.standard_ref == "GB 2763-2021"


def test_a_sample_taken_on_2026_03_01_is_judged_by_gb_2763_2026():
    j = judge(value("0.05"), PESTICIDE_METHOD, EDITIONS, LEEK_PATH, AFTER)
    assert j.verdict == Verdict.FAIL
    assert j.basis is not None and j.basis.standard_ref == "GB 2763-2026"


def test_a_product_limit_of_the_old_edition_gives_way_to_a_category_limit_of_the_new_one():
    limits = [gb2763_2021(LEEK, "1", name="韭菜"), gb2763_2026(LEAFY, "0.02", name="叶菜类")]
    assert judge(value("0.5"), PESTICIDE_METHOD, limits, LEEK_PATH, BEFORE).verdict == Verdict.PASS
    after = judge(value("0.5"), PESTICIDE_METHOD, limits, LEEK_PATH, AFTER)
    assert after.verdict == Verdict.FAIL and after.basis is not None and after.basis.product_id == LEAFY


def test_a_limit_not_yet_in_force_is_no_basis():
    limits = [gb2763_2026(LEAFY, "0.02")]
    assert judge(value("0.05"), PESTICIDE_METHOD, limits, LEEK_PATH, BEFORE).verdict == Verdict.NO_BASIS


def test_of_two_editions_in_force_at_one_node_the_newer_wins():
    supplement = LimitCandidate(LEEK, Decimal("0.5"), "mg/kg", LimitKind.MRL, "GB 2763.1", "2022",
                                date(2023, 3, 11), OLD_EDITION_ENDS, parameter_id=CHLORPYRIFOS)
    limits = [gb2763_2021(LEEK, "0.1"), supplement]
    chosen = select_limit(limits, LEEK_PATH, date(2024, 6, 1))
    assert chosen is supplement


def test_the_sampling_date_must_be_a_date_not_a_utc_timestamp():
    with pytest.raises(ValidationError, match="calendar date"):
        judge(value("0.05"), PESTICIDE_METHOD, EDITIONS, LEEK_PATH, datetime(2026, 2, 28, 23, 0))


# --- ND and the LOQ band ----------------------------------------------------------------------

def test_a_value_below_the_lod_is_not_detected_and_shown_with_the_lod():
    j = judge(value("0.002"), PESTICIDE_METHOD, EDITIONS, LEEK_PATH, AFTER)
    assert j.detection == Detection.NOT_DETECTED and j.verdict == Verdict.PASS
    assert j.reported_value == "ND"
    assert j.display_text == "ND (LOD 0.003 mg/kg)"
    assert j.value == Decimal("0.002")  # the reading itself is kept


def test_a_result_entered_as_not_detected_is_nd_with_the_lod():
    j = judge(ResultInput.nd(), PESTICIDE_METHOD, EDITIONS, LEEK_PATH, AFTER)
    assert j.detection == Detection.NOT_DETECTED and j.verdict == Verdict.PASS
    assert j.value is None and j.display_text == "ND (LOD 0.003 mg/kg)"


def test_a_value_between_lod_and_loq_is_detected_below_loq_and_shown_so():
    j = judge(value("0.005"), PESTICIDE_METHOD, EDITIONS, LEEK_PATH, AFTER)
    assert j.detection == Detection.BELOW_LOQ and j.verdict == Verdict.PASS
    assert j.reported_value == "0.005"
    assert j.display_text == "0.005 mg/kg (detected, below LOQ 0.01 mg/kg)"


def test_a_value_at_the_lod_is_detected():
    j = judge(value("0.003"), PESTICIDE_METHOD, EDITIONS, LEEK_PATH, AFTER)
    assert j.detection == Detection.BELOW_LOQ


def test_a_value_at_the_loq_is_quantified():
    j = judge(value("0.010"), PESTICIDE_METHOD, EDITIONS, LEEK_PATH, AFTER)
    assert j.detection == Detection.QUANTIFIED and j.display_text == "0.010 mg/kg"


def test_without_a_lod_only_zero_reads_as_not_detected():
    method = MethodInfo("mg/kg", 3)
    assert judge(value("0"), method, EDITIONS, LEEK_PATH, AFTER).detection == Detection.NOT_DETECTED
    assert judge(value("0.001"), method, EDITIONS, LEEK_PATH, AFTER).detection == Detection.QUANTIFIED
    assert judge(ResultInput.nd(), method, EDITIONS, LEEK_PATH, AFTER).display_text == "ND"


# --- rounding and comparison ------------------------------------------------------------------

LIMIT_005 = [gb2763_2026(LEEK, "0.05")]


def test_a_value_that_rounds_to_the_limit_but_exceeds_it_fails():
    j = judge(value("0.0504"), TWO_DIGIT_METHOD, LIMIT_005, LEEK_PATH, AFTER)
    assert j.reported_value == "0.05"
    assert j.verdict == Verdict.FAIL
    assert j.value == Decimal("0.0504")


def test_a_value_equal_to_the_limit_passes():
    j = judge(value("0.0500"), TWO_DIGIT_METHOD, LIMIT_005, LEEK_PATH, AFTER)
    assert j.reported_value == "0.05" and j.verdict == Verdict.PASS


def test_the_reported_value_is_rounded_half_to_even_to_the_method_digits():
    assert judge(value("0.0125"), PESTICIDE_METHOD, LIMIT_005, LEEK_PATH, AFTER).reported_value == "0.012"
    assert judge(value("0.0135"), PESTICIDE_METHOD, LIMIT_005, LEEK_PATH, AFTER).reported_value == "0.014"


def test_the_rounded_value_method_applies_only_when_the_limit_asks_for_it():
    rounded = [LimitCandidate(LEEK, Decimal("0.05"), "mg/kg", LimitKind.MRL, "GB 2763", "2026", NEW_EDITION_STARTS,
                              comparison=ComparisonMethod.ROUNDED_VALUE)]
    assert judge(value("0.0504"), TWO_DIGIT_METHOD, rounded, LEEK_PATH, AFTER).verdict == Verdict.PASS
    # 0.055 rounds half to even to 0.06, above the limit
    assert judge(value("0.055"), TWO_DIGIT_METHOD, rounded, LEEK_PATH, AFTER).verdict == Verdict.FAIL
    assert judge(value("0.045"), TWO_DIGIT_METHOD, rounded, LEEK_PATH, AFTER).verdict == Verdict.PASS


# --- units ------------------------------------------------------------------------------------

ENRO_IN_MG = [LimitCandidate(BEEF, Decimal("0.01"), "mg/kg", LimitKind.MRL, "GB 31650", "2019",
                             date(2020, 4, 1), parameter_id=ENROFLOXACIN)]


def test_a_microgram_result_above_a_milligram_limit_fails():
    j = judge(value("12"), VET_METHOD, ENRO_IN_MG, BEEF_PATH, AFTER)
    assert j.verdict == Verdict.FAIL and j.display_text == "12.0 µg/kg"


def test_a_microgram_result_below_a_milligram_limit_passes():
    assert judge(value("9.9"), VET_METHOD, ENRO_IN_MG, BEEF_PATH, AFTER).verdict == Verdict.PASS


def test_a_result_in_another_unit_than_the_method_has_its_lod_converted():
    j = judge(value("0.0004", "mg/kg"), VET_METHOD, ENRO_IN_MG, BEEF_PATH, AFTER)
    assert j.detection == Detection.NOT_DETECTED
    assert j.lod == Decimal("0.0005") and j.display_text == "ND (LOD 0.0005 mg/kg)"


def test_a_volume_concentration_result_is_not_compared_with_a_mass_fraction_limit():
    milk_method = MethodInfo("µg/L", 1, Decimal("0.5"), Decimal("1"))
    limits = [LimitCandidate(RAW_MILK, Decimal("0.1"), "mg/kg", LimitKind.MRL, "GB 31650", "2019")]
    with pytest.raises(IncompatibleUnits):
        judge(value("3"), milk_method, limits, (RAW_MILK,), AFTER)


def test_a_result_unit_that_is_unknown_is_refused():
    with pytest.raises(ValidationError, match="Unknown unit"):
        judge(value("3", "ppm"), VET_METHOD, ENRO_IN_MG, BEEF_PATH, AFTER)


# --- banned substances ("不得检出") -------------------------------------------------------------

BANNED_IN_BEEF = [banned(MEAT)]


def test_clenbuterol_below_the_lod_passes_as_not_detected():
    j = judge(value("0.3"), CLENBUTEROL_METHOD, BANNED_IN_BEEF, BEEF_PATH, AFTER)
    assert j.verdict == Verdict.PASS and j.detection == Detection.NOT_DETECTED
    assert j.display_text == "ND (LOD 0.5 µg/kg)"


def test_clenbuterol_at_the_lod_fails():
    j = judge(value("0.5"), CLENBUTEROL_METHOD, BANNED_IN_BEEF, BEEF_PATH, AFTER)
    assert j.verdict == Verdict.FAIL
    assert j.basis is not None and j.basis.limit_text == "not detectable" and j.basis.inherited


def test_clenbuterol_entered_as_not_detected_passes():
    assert judge(ResultInput.nd(), CLENBUTEROL_METHOD, BANNED_IN_BEEF, BEEF_PATH, AFTER).verdict == Verdict.PASS


def test_a_banned_substance_reported_in_milligrams_is_judged_against_the_lod_in_micrograms():
    j = judge(value("0.0005", "mg/kg"), CLENBUTEROL_METHOD, BANNED_IN_BEEF, BEEF_PATH, AFTER)
    assert j.verdict == Verdict.FAIL


# --- temporary limits and no basis -------------------------------------------------------------

def test_a_temporary_limit_judges_like_an_mrl_and_is_marked_temporary():
    limits = [gb2763_2026(LEEK, "0.02", PHORATE, LimitKind.TEMPORARY)]
    fail = judge(value("0.03"), PESTICIDE_METHOD, limits, LEEK_PATH, AFTER)
    ok = judge(value("0.02"), PESTICIDE_METHOD, limits, LEEK_PATH, AFTER)
    assert fail.verdict == Verdict.FAIL and ok.verdict == Verdict.PASS
    assert fail.basis is not None and fail.basis.temporary
    assert fail.basis.limit_text == "0.02* mg/kg"


def test_no_limit_is_no_basis_never_a_pass_even_when_not_detected():
    for result in (value("0.0001"), ResultInput.nd(), value("0.5")):
        j = judge(result, PESTICIDE_METHOD, [], LEEK_PATH, AFTER)
        assert j.verdict == Verdict.NO_BASIS and j.basis is None


def test_a_value_that_is_not_a_number_is_refused():
    with pytest.raises(ValidationError, match="is not a number"):
        judge(value("0.05mg"), PESTICIDE_METHOD, LIMIT_005, LEEK_PATH, AFTER)


def test_an_empty_product_path_is_refused():
    with pytest.raises(ValidationError, match="product is missing"):
        judge(value("0.05"), PESTICIDE_METHOD, LIMIT_005, (), AFTER)


# --- the inputs check themselves --------------------------------------------------------------

def test_an_mrl_without_a_value_is_refused():
    with pytest.raises(ValidationError, match="has no value"):
        LimitCandidate(LEEK, None, "mg/kg", LimitKind.MRL, "GB 2763", "2026")


def test_a_limit_leaving_force_before_it_enters_is_refused():
    with pytest.raises(ValidationError, match="before it enters force"):
        LimitCandidate(LEEK, Decimal("1"), "mg/kg", LimitKind.MRL, "GB 2763", "2026",
                       date(2026, 3, 1), date(2026, 1, 1))


def test_a_loq_below_the_lod_is_refused():
    with pytest.raises(ValidationError, match="LOQ"):
        MethodInfo("mg/kg", 3, lod=Decimal("0.01"), loq=Decimal("0.003"))


def test_float_values_from_the_database_are_taken_as_their_decimal_text():
    limit = LimitCandidate(LEEK, 0.05, "mg/kg", "mrl", "GB 2763", "2026")
    method = MethodInfo("mg/kg", 3, lod=0.003, loq=0.01)
    assert limit.value == Decimal("0.05") and limit.kind is LimitKind.MRL
    assert method.lod == Decimal("0.003")


# --- many at once -----------------------------------------------------------------------------

CATALOGUE = [
    *EDITIONS,
    gb2763_2026(LEEK, "0.2", PROCYMIDONE, name="韭菜"),
    gb2763_2026(LEAFY, "5", PROCYMIDONE, name="叶菜类"),
    gb2763_2026(LEEK, "0.02", PHORATE, LimitKind.TEMPORARY),
    banned(MEAT),
    ENRO_IN_MG[0],
]


def _requests(n: int) -> list[JudgmentRequest]:
    shapes = [
        (CHLORPYRIFOS, LEEK_PATH, PESTICIDE_METHOD),
        (PROCYMIDONE, LEEK_PATH, PESTICIDE_METHOD),
        (PROCYMIDONE, CELERY_PATH, PESTICIDE_METHOD),
        (PHORATE, CELERY_PATH, PESTICIDE_METHOD),
        (CLENBUTEROL, BEEF_PATH, CLENBUTEROL_METHOD),
        (ENROFLOXACIN, BEEF_PATH, VET_METHOD),
    ]
    out = []
    for i in range(n):
        parameter, path, method = shapes[i % len(shapes)]
        day = date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + i % 120)
        result = ResultInput.nd() if i % 7 == 0 else ResultInput(f"{(i % 997) / 1000:.4f}")
        out.append(JudgmentRequest(parameter, path, day, result, method))
    return out


def test_judge_many_gives_the_same_judgments_as_judging_one_by_one():
    requests = _requests(600)
    table = LimitTable(CATALOGUE)
    batch = judge_many(requests, table)
    single = [judge(r.result, r.method, [c for c in CATALOGUE if c.parameter_id == r.parameter_id],
                    r.product_path, r.sampled_on) for r in requests]
    assert batch == single
    assert {j.verdict for j in batch} == {Verdict.PASS, Verdict.FAIL, Verdict.NO_BASIS}


def test_ten_thousand_results_are_judged_within_a_second():
    requests = _requests(10_000)
    start = time.perf_counter()
    judge_many(requests, LimitTable(CATALOGUE))
    assert time.perf_counter() - start < 1.0


def test_a_limit_table_needs_the_parameter_of_every_limit():
    with pytest.raises(ValidationError, match="names no parameter"):
        LimitTable([LimitCandidate(LEEK, Decimal("1"), "mg/kg", LimitKind.MRL, "GB 2763", "2026")])


def test_a_request_takes_its_product_path_as_a_tuple():
    path = [LEEK, LEAFY]
    request = JudgmentRequest(CHLORPYRIFOS, path, AFTER, value("0.01"), PESTICIDE_METHOD)  # type: ignore[arg-type]
    assert request.product_path == (LEEK, LEAFY)


@given(st.decimals(min_value=0, max_value=1, places=5))
def test_a_detected_value_fails_exactly_when_it_exceeds_the_limit(reading):
    j = judge(ResultInput(format(reading, "f")), PESTICIDE_METHOD, LIMIT_005, LEEK_PATH, AFTER)
    if reading < Decimal("0.003"):
        assert j.verdict == Verdict.PASS and j.detection == Detection.NOT_DETECTED
    else:
        assert (j.verdict == Verdict.FAIL) == (reading > Decimal("0.05"))


@given(st.decimals(min_value=0, max_value=1000, places=3), st.booleans())
def test_without_a_limit_the_verdict_is_always_no_basis(reading, nd):
    result = ResultInput.nd() if nd else ResultInput(format(reading, "f"))
    assert judge(result, VET_METHOD, [], BEEF_PATH, AFTER).verdict == Verdict.NO_BASIS
