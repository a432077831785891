"""Scope rules: names, methods, limits of use and the verdict per certificate, table-driven."""
from __future__ import annotations

from datetime import date

import pytest

from lims.domain.scope import (
    Alias,
    AliasKind,
    AliasTable,
    CertificateScope,
    MethodRef,
    Reason,
    RowInput,
    Subject,
    TableVersion,
    Verdict,
    build_entries,
    epoch_days,
    judge,
    method_ref,
    parse_limits,
    parse_methods,
    parse_name,
    section_names,
)


@pytest.mark.parametrize(("printed", "main", "aliases", "includes"), [
    ("﹡△毒死蜱", "毒死蜱", (), ()),
    ("▲毒死蜱*", "毒死蜱", (), ()),
    ("腐霉利（速克灵）", "腐霉利", ("速克灵",), ()),
    ("克百威（呋喃丹，包括3-羟基克百威）", "克百威", ("呋喃丹",), ("3-羟基克百威",)),
    ("甲拌磷(包括甲拌磷砜、甲拌磷亚砜)", "甲拌磷", (), ("甲拌磷砜", "甲拌磷亚砜")),
    ("铅（Ｐｂ）", "铅", ("pb",), ()),
    ("恩诺沙星（以恩诺沙星与环丙沙星之和计）", "恩诺沙星", (), ()),
    ("磺胺类（总量）", "磺胺类", (), ()),
    ("黄曲霉毒素M₁", "黄曲霉毒素m1", (), ()),
    ("  高效氯氟氰菊酯 ", "高效氯氟氰菊酯", (), ()),
])
def test_printed_names_are_read_apart(printed, main, aliases, includes):
    parsed = parse_name(printed)
    assert (parsed.main, parsed.aliases, parsed.includes) == (main, aliases, includes)


@pytest.mark.parametrize(("printed", "names"), [
    ("蔬菜、水果", ("蔬菜", "水果")),
    ("生乳（生鲜乳）", ("生乳", "生鲜乳")),
    ("畜禽肉及副产品", ("畜禽肉及副产品",)),
])
def test_product_sections_list_their_names(printed, names):
    assert section_names(printed) == names


@pytest.mark.parametrize(("text", "refs"), [
    ("食品安全国家标准 植物源性食品中208种农药 GB 23200.113-2018", [("GB 23200.113", "2018")]),
    ("蔬菜中农药残留量的快速检测 ＧＢ/Ｔ 5009.199－2003", [("GB/T 5009.199", "2003")]),
    ("NY/T 761－2008 第2部分", [("NY/T 761", "2008")]),
    ("SN/T 1982-2007", [("SN/T 1982", "2007")]),
    ("DB15/T 1234-2019", [("DB15/T 1234", "2019")]),
    ("农业部1077号公告-1-2008", [("农业部1077号公告-1", "2008")]),
    ("农业部1025号公告-14-2008", [("农业部1025号公告-14", "2008")]),
    ("GB 5009.24-2016 第一法", [("GB 5009.24", "2016")]),
    ("KJ 201706-2017", [("KJ 201706", "2017")]),
    ("GB 5009.12-2017、GB/T 5009.12-2003", [("GB 5009.12", "2017"), ("GB/T 5009.12", "2003")]),
    ("见附件", []),
])
def test_method_identifiers_are_found_with_their_year(text, refs):
    assert [(m.number, m.year) for m in parse_methods(text)] == refs


def test_editions_compare_number_and_year_and_the_issuer_of_an_announcement_does_not_matter():
    row = parse_methods("GB 23200.113-2018")[0]
    assert row.same_edition(method_ref("GB 23200.113", "2018"))
    assert not row.same_edition(method_ref("GB 23200.113", "2026"))
    assert row.same_series(method_ref("GB 23200.113", "2026"))
    assert parse_methods("农业农村部1077号公告-1-2008")[0].same_edition(method_ref("农业部1077号公告-1", "2008"))
    assert MethodRef("GB/T 5009.12", "2003").same_series(MethodRef("GB 5009.12", "2017"))
    assert not MethodRef("GB 5009.12", "2017").same_series(MethodRef("GB 5009.121", "2017"))


@pytest.mark.parametrize(("text", "only", "excluded", "open_list", "undecidable"), [
    ("只测甲拌磷，不测甲拌磷砜、甲拌磷亚砜", ("甲拌磷",), ("甲拌磷砜", "甲拌磷亚砜"), False, ()),
    ("不测葡萄", (), ("葡萄",), False, ()),
    ("葡萄除外", (), ("葡萄",), False, ()),
    ("仅限生乳", ("生乳",), (), False, ()),
    ("只测水果", ("水果",), (), False, ()),
    ("只测磺胺嘧啶、磺胺甲基嘧啶等16种", ("磺胺嘧啶", "磺胺甲基嘧啶"), (), True, ()),
    ("只做定性筛查", (), (), False, ("只做定性筛查",)),
    ("只用第一法", (), (), False, ("只用第一法",)),
    ("见备注", (), (), False, ("见备注",)),
    ("", (), (), False, ()),
])
def test_limits_of_use_are_understood(text, only, excluded, open_list, undecidable):
    limits = parse_limits(text)
    assert (limits.only, limits.excluded, limits.open_list, limits.undecidable) == (
        only, excluded, open_list, undecidable)


CMA_ROWS = [
    RowInput("1", "product", "蔬菜、水果"),
    RowInput("1.1", "parameter", "﹡△毒死蜱", "植物源性食品中208种农药 GB 23200.113-2018"),
    RowInput("1.2", "parameter", "腐霉利（速克灵）", "GB 23200.113-2018"),
    RowInput("1.4", "parameter", "甲拌磷", "GB 23200.113-2018", "只测甲拌磷，不测甲拌磷砜、甲拌磷亚砜"),
    RowInput("1.6", "parameter", "克百威（呋喃丹，包括3-羟基克百威）", "GB 23200.121－2021"),
    RowInput("1.7", "parameter", "有机磷和氨基甲酸酯类农药", "ＧＢ/Ｔ 5009.199－2003", "只做定性筛查"),
    RowInput("1.8", "parameter", "多菌灵", "GB 23200.121-2021", "只测水果"),
    RowInput("2", "product", "畜禽肉及副产品"),
    RowInput("2.1", "parameter", "﹡盐酸克伦特罗", "GB/T 22286-2008", "只测肌肉"),
    RowInput("2.4", "parameter", "磺胺类（总量）", "农业部1077号公告-1-2008"),
    RowInput("3", "product", "生乳"),
    RowInput("3.2", "parameter", "铅（Pb）", "GB 5009.12-2017 第一法"),
]
CATL_ROWS = [
    RowInput("1", "product", "蔬菜、水果"),
    RowInput("1.1", "parameter", "毒死蜱", "GB 23200.113-2018"),
    RowInput("1.5", "parameter", "克百威", "GB 23200.121-2021", remark="包括3-羟基克百威"),
    RowInput("1.7", "parameter", "多菌灵", "GB 23200.121-2021", "不测葡萄"),
    RowInput("2", "product", "畜禽肉"),
    RowInput("2.1", "parameter", "克伦特罗", "GB/T 22286-2008"),
    RowInput("3", "product", "生鲜乳"),
    RowInput("3.1", "parameter", "铅", "GB 5009.12-2010"),
]
CERTIFICATES = (
    CertificateScope("CMA", "221505990117", date(2022, 6, 15), date(2028, 6, 14), (
        TableVersion(1, date(2022, 6, 15), build_entries(CMA_ROWS)),
    )),
    CertificateScope("CATL", "［2024］农质检核（蒙）字第0045号", date(2024, 3, 20), date(2027, 3, 19), (
        TableVersion(1, date(2024, 3, 20), build_entries(CATL_ROWS)),
        # an expansion approved mid-2026 adds 啶虫脒
        TableVersion(2, date(2026, 7, 1), build_entries([*CATL_ROWS, RowInput("1.8", "parameter", "啶虫脒",
                                                                              "GB 23200.121-2021")])),
    )),
)
PATHS = {
    "韭菜": ("韭菜", "鳞茎类蔬菜", "蔬菜", "植物源性食品"),
    "葡萄": ("葡萄", "浆果和其他小型水果", "水果", "植物源性食品"),
    "牛肉": ("牛肉", "肉类", "动物源性食品"),
    "生乳": ("生乳", "乳类", "动物源性食品"),
    "小麦": ("小麦", "麦类", "谷物", "植物源性食品"),
}
PARAMETERS = {
    "毒死蜱": ("毒死蜱",),
    "腐霉利": ("腐霉利", "速克灵"),
    "甲拌磷": ("甲拌磷", "3911", "甲拌磷（包括甲拌磷砜、甲拌磷亚砜）"),
    "甲拌磷母体": ("甲拌磷",),
    "克百威": ("克百威",),
    "呋喃丹": ("呋喃丹",),
    "3-羟基克百威": ("3-羟基克百威",),
    "多菌灵": ("多菌灵",),
    "啶虫脒": ("啶虫脒",),
    "有机磷和氨基甲酸酯类农药": ("有机磷和氨基甲酸酯类农药",),
    "克伦特罗": ("克伦特罗", "盐酸克伦特罗", "瘦肉精"),
    "磺胺类": ("磺胺类（总量）", "磺胺类"),
    "铅": ("铅", "Pb"),
}
ALIASES = AliasTable(products=[n for p in PATHS.values() for n in p],
                     parameters=[n for p in PARAMETERS.values() for n in p])
ON = date(2026, 3, 5)


def _both(product: str, parameter: str, method: str, on: date = ON) -> tuple[tuple[str, str | None], ...]:
    ref = parse_methods(method)[0]
    subject = Subject(PATHS[product], PARAMETERS[parameter], ref, on)
    found = tuple(judge(kind, CERTIFICATES, subject, ALIASES) for kind in ("CMA", "CATL"))
    return tuple((v.verdict.value, v.reason.value if v.reason else None) for v in found)


IN = ("in", None)


@pytest.mark.parametrize(("product", "parameter", "method", "cma", "catl"), [
    # markers glued to the printed name make no difference
    ("韭菜", "毒死蜱", "GB 23200.113-2018", IN, IN),
    # a row for the 2018 edition does not cover the 2026 edition
    ("韭菜", "毒死蜱", "GB 23200.113-2026", ("out", "edition"), ("out", "edition")),
    # the same parameter by another method entirely: no row
    ("韭菜", "毒死蜱", "NY/T 761-2008", ("out", "no_row"), ("out", "no_row")),
    # an alias in the row's brackets; CATL has no row at all
    ("韭菜", "腐霉利", "GB 23200.113-2018", IN, ("out", "no_row")),
    # 呋喃丹 through the alias table; 3-羟基克百威 through 包括 in the name (CMA) and in the remark (CATL)
    ("韭菜", "呋喃丹", "GB 23200.121-2021", IN, IN),
    ("韭菜", "3-羟基克百威", "GB 23200.121-2021", IN, IN),
    # 只测水果: a leek is out, a grape is in; CATL's 不测葡萄 the other way round
    ("韭菜", "多菌灵", "GB 23200.121-2021", ("out", "limits_of_use"), IN),
    ("葡萄", "多菌灵", "GB 23200.121-2021", IN, ("out", "limits_of_use")),
    # the parameter as the catalogue defines it includes the sulfones the row does not test: a person decides
    ("韭菜", "甲拌磷", "GB 23200.113-2018", ("review", "limits_of_use"), ("out", "no_row")),
    ("韭菜", "甲拌磷母体", "GB 23200.113-2018", IN, ("out", "no_row")),
    # a restriction on the procedure cannot be settled from the data
    ("韭菜", "有机磷和氨基甲酸酯类农药", "GB/T 5009.199-2003", ("review", "limits_of_use"), ("out", "no_row")),
    # 畜禽肉及副产品 and 畜禽肉 are the tree's 肉类; 只测肌肉 names no catalogue product
    ("牛肉", "克伦特罗", "GB/T 22286-2008", ("review", "limits_of_use"), IN),
    # a parameter in the scope, but under another product section
    ("小麦", "毒死蜱", "GB 23200.113-2018", ("out", "category"), ("out", "category")),
    ("牛肉", "毒死蜱", "GB 23200.113-2018", ("out", "category"), ("out", "category")),
    # a non-GB method identifier
    ("牛肉", "磺胺类", "农业部1077号公告-1-2008", IN, ("out", "no_row")),
    # 生鲜乳 = 生乳; CATL still holds the replaced 2010 edition of the lead method: the two disagree
    ("生乳", "铅", "GB 5009.12-2017", IN, ("out", "edition")),
    ("生乳", "铅", "GB 5009.12-2010", ("out", "edition"), IN),
])
def test_verdicts_per_certificate(product, parameter, method, cma, catl):
    assert _both(product, parameter, method) == (cma, catl)


def test_validity_and_the_table_version_in_force_on_the_test_date():
    # CATL valid from 2024-03-20 to 2027-03-19; CMA from 2022-06-15 to 2028-06-14
    assert _both("韭菜", "毒死蜱", "GB 23200.113-2018", date(2024, 1, 10)) == (IN, ("out", "not_yet_valid"))
    assert _both("韭菜", "毒死蜱", "GB 23200.113-2018", date(2027, 3, 19)) == (IN, IN)
    assert _both("韭菜", "毒死蜱", "GB 23200.113-2018", date(2027, 3, 20)) == (IN, ("out", "expired"))
    assert _both("韭菜", "毒死蜱", "GB 23200.113-2018", date(2028, 6, 15)) == (("out", "expired"), ("out", "expired"))
    # the expansion's rows count from their approval date, not before
    assert _both("韭菜", "啶虫脒", "GB 23200.121-2021", date(2026, 6, 30))[1] == ("out", "no_row")
    assert _both("韭菜", "啶虫脒", "GB 23200.121-2021", date(2026, 7, 1))[1] == IN


def test_no_certificate_of_the_kind():
    subject = Subject(PATHS["韭菜"], ("毒死蜱",), MethodRef("GB 23200.113", "2018"), ON)
    verdict = judge("CATL", CERTIFICATES[:1], subject, ALIASES)
    assert (verdict.verdict, verdict.reason, verdict.certificate) == (Verdict.OUT, Reason.NO_CERTIFICATE, None)


def test_a_verdict_names_the_certificate_row_and_what_decided():
    subject = Subject(PATHS["生乳"], ("铅",), MethodRef("GB 5009.12", "2017"), ON)
    catl = judge("CATL", CERTIFICATES, subject, ALIASES)
    assert (catl.certificate, catl.row, catl.row_name, catl.table_version, catl.detail) == (
        "［2024］农质检核（蒙）字第0045号", "3.1", "铅", 1, "GB 5009.12-2010")
    cma = judge("CMA", CERTIFICATES, subject, ALIASES)
    assert (cma.verdict, cma.row, cma.row_name) == (Verdict.IN, "3.2", "铅（Pb）")


def test_a_renewed_certificate_overlapping_the_old_one_gives_the_better_verdict():
    old = CERTIFICATES[0]
    new = CertificateScope("CMA", "221505990999", date(2028, 5, 1), date(2034, 4, 30), (
        TableVersion(1, date(2028, 5, 1), build_entries([RowInput("1", "product", "蔬菜"),
                                                         RowInput("1.1", "parameter", "毒死蜱", "GB 23200.113-2026")])),
    ))
    subject = Subject(PATHS["韭菜"], ("毒死蜱",), MethodRef("GB 23200.113", "2026"), date(2028, 6, 1))
    verdict = judge("CMA", (old, new), subject, ALIASES)
    assert (verdict.verdict, verdict.certificate) == (Verdict.IN, "221505990999")


def test_the_lab_edits_the_alias_table():
    rows = build_entries([RowInput("1", "product", "鲜奶"), RowInput("1.1", "parameter", "铅", "GB 5009.12-2017")])
    cert = CertificateScope("CMA", "1", date(2020, 1, 1), date(2030, 1, 1), (TableVersion(1, date(2020, 1, 1), rows),))
    subject = Subject(PATHS["生乳"], ("铅",), MethodRef("GB 5009.12", "2017"), ON)
    assert judge("CMA", (cert,), subject, ALIASES).reason is Reason.CATEGORY
    edited = AliasTable([Alias(AliasKind.PRODUCT, "鲜奶", "生乳")])
    assert judge("CMA", (cert,), subject, edited).verdict is Verdict.IN


def test_a_category_alias_pointing_two_ways_does_not_make_its_targets_one():
    table = AliasTable()
    assert {"谷物", "油料"} <= table.products(["粮油"])
    assert "油料" not in table.products(["谷物"])


def test_verdicts_change_only_on_the_days_a_certificate_or_a_table_version_starts_or_lapses():
    assert epoch_days(CERTIFICATES) == (date(2022, 6, 15), date(2024, 3, 20), date(2026, 7, 1),
                                        date(2027, 3, 20), date(2028, 6, 15))


def test_items_group_parameters_and_count_themselves_only_with_a_method():
    entries = build_entries([
        RowInput("1", "product", "生乳"),
        RowInput("1.1", "item", "兽药残留"),
        RowInput("1.1.1", "parameter", "恩诺沙星", "GB/T 21312-2007"),
        RowInput("1.2", "item", "蛋白质", "GB 5009.5-2016 第一法"),
    ])
    assert [(e.number, e.name.main, e.section) for e in entries] == [
        ("1.1.1", "恩诺沙星", "生乳"), ("1.2", "蛋白质", "生乳")]
