"""Ability-table workbooks as labs keep them, built with openpyxl for the scope tests."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = ["序号", "类别", "名称", "依据的标准（方法）名称及编号（含年号）", "限制范围", "说明", "所在实验场所"]


def messy_table(path: Path, *, certificate: str = "221505990117", approved: str | None = "2026年7月1日",
                extra_rows: list[list[object]] | None = None) -> Path:
    """A CMA annex with a title, the certificate number and approval date above the header, the
    类别 column merged over each section's rows, numbers typed as numbers or with full-width dots,
    markers and aliases glued to names, full-width method identifiers and a 公告 method."""
    book = Workbook()
    sheet = book.active
    sheet.append(["检验检测机构资质认定证书附表"])
    stated = f"批准日期：{approved}" if approved else "发证机关：内蒙古市场监督管理局"
    sheet.append([f"证书编号：{certificate}", None, stated])
    sheet.append(HEADER)
    rows: list[list[object]] = [
        ["1", "蔬菜、水果", "﹡△毒死蜱", "植物源性食品中208种农药 ＧＢ 23200.113－2018", None, "﹡扩项", "仪器分析室"],
        [1.2, None, "腐霉利（速克灵）", "GB 23200.113-2018", None, None, "仪器分析室"],
        ["１．３", None, "克百威（呋喃丹，包括3-羟基克百威）", "GB 23200.121-2021", None, None, "仪器分析室"],
        ["1.4", None, "啶虫脒", "GB 23200.121-2021", "只测肌肉", None, "仪器分析室"],
        ["2.1", "畜禽肉及副产品", "磺胺类（总量）", "农业部1077号公告-1-2008", None, None, "仪器分析室"],
        ["2.2", None, "▲莱克多巴胺", "NY/T 468-2006、GB/T 22286-2008", None, None, "仪器分析室"],
    ]
    for row in rows + (extra_rows or []):
        sheet.append(row)
    sheet.merge_cells("B4:B7")  # 蔬菜、水果 written once over its four rows
    sheet.merge_cells("B8:B9")
    book.save(path)
    return path
