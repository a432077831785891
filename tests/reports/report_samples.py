"""Report content for tests and the benchmark: a made-up lab and samples, labelled as demo."""
from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from reports.report_data import (
    DEFAULT_STATEMENTS,
    SENT_SAMPLE_STATEMENT,
    AuditAnchor,
    LabInfo,
    ReportData,
    ResultRow,
    SampleInfo,
    Signoff,
)

CMA_NO = "231512340567"
CATL_NO = "(2024)农质检核（蒙）字第0123号"
LAB = LabInfo(
    name="阿鲁科尔沁旗农畜产品质量安全检验检测站（演示）",
    address="内蒙古自治区赤峰市阿鲁科尔沁旗天山镇演示路1号",
    phone="0476-0000000",
    cma_certificate=CMA_NO,
    catl_certificate=CATL_NO,
)
SAMPLE = SampleInfo(
    code="NJ2026-000123", name="韭菜", producer="阿鲁科尔沁旗绿野蔬菜种植专业合作社（演示）",
    sampling_place="天山镇绿野合作社大棚3号", sampled_on=date(2026, 3, 5), received_on=date(2026, 3, 5),
    state="新鲜、完好、封样完好，冷藏 0-4℃", quantity="1.5 kg",
)
PARAMETERS = ("毒死蜱", "腐霉利（速克灵）", "氯氟氰菊酯", "氧乐果", "克百威（呋喃丹，包括3-羟基克百威）", "啶虫脒",
              "甲拌磷", "辛硫磷", "多菌灵", "吡虫啉")


def row(n: int, *, detected: bool = False, cma: bool = True, catl: bool = True, code: str = SAMPLE.code,
        subcontracted: bool = False) -> ResultRow:
    return ResultRow(
        sample_code=code, parameter=PARAMETERS[n % len(PARAMETERS)] + ("" if n < len(PARAMETERS) else f"-{n}"),
        method="GB 23200.113-2018", unit="mg/kg", result="0.023" if detected else "", detected=detected,
        lod=Decimal("0.010"), limit="0.1", limit_basis="GB 2763-2021", verdict="合格",
        in_cma_scope=cma, in_catl_scope=catl, subcontracted=subcontracted,
    )


def report(count: int = 8, **changes: object) -> ReportData:
    data = ReportData(
        number="BG2026-000045", lab=LAB, client="阿鲁科尔沁旗农牧局（演示）", samples=(SAMPLE,),
        task="2026年第一季度农产品质量安全例行监测（演示）", inspection_type="例行监测",
        tested_from=date(2026, 3, 6), tested_to=date(2026, 3, 9),
        rows=tuple(row(n, detected=(n == 1)) for n in range(count)),
        conclusion="所检项目均符合 GB 2763-2021 的要求，判定为合格。",
        preparer=Signoff("张明", date(2026, 3, 9)), reviewer=Signoff("李华", date(2026, 3, 10)),
        approver=Signoff("王芳", date(2026, 3, 10)), issued_on=date(2026, 3, 10),
        statements=(*DEFAULT_STATEMENTS, SENT_SAMPLE_STATEMENT),
        audit=AuditAnchor(1234, "9f2c" * 16),
    )
    return dataclasses.replace(data, **changes) if changes else data  # type: ignore[arg-type]


def long_report() -> ReportData:
    """A report whose result table runs onto a second page (the benchmark's 2-page report)."""
    return report(count=40)
