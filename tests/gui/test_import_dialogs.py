"""The import dialog: bad rows named by row and column, nothing imported until a person
chooses to import only the good rows."""
from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from pytestqt.qtbot import QtBot

from lims.gui.import_dialogs import LIMIT_TABLE, SAMPLING_LIST, ImportDialog
from lims.gui.tasks import TaskRunner
from lims.services.container import Services
from lims.services.dto import SampleFilter

HEADER = ["抽样任务", "产品", "受检单位", "统一社会信用代码", "区域", "抽样时间", "抽样基数", "抽样数量",
          "抽样人1", "抽样人2", "封样完好", "备样", "贮存条件", "合格证", "合格证编号", "备注"]


def _row(product: str = "韭菜") -> list[str]:
    return ["", product, "天山镇农贸市场（演示）", "", "新民村", "2026-05-12 09:30", "200 kg", "2 kg", "张明", "李强",
            "是", "是", "冷藏", "否", "", ""]


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年阿鲁科尔沁旗农畜产品例行监测抽样清单"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_bad_row_is_shown_and_nothing_registered_until_the_good_rows_are_chosen(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path) -> None:
    services = sqlite_demo_services
    tech = services.users.login("tech1", "demo1234", "ws")
    path = _workbook(tmp_path / "清单.xlsx", [_row(), _row(product="香蕉"), _row(product="芹菜")])
    dialog = ImportDialog(services, tech, runner, SAMPLING_LIST)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.source.isVisible()
    dialog.choose_file(path)
    dialog.import_button.click()
    assert runner.wait_idle()

    assert dialog.report is None and dialog.message.kind == "error"
    rows = dialog.problem_rows()
    assert len(rows) == 1
    row, column, header, message = rows[0]
    # a title line sits above the header: the bad row is spreadsheet row 4, the product column B
    assert (row, column, header) == ("4", "B", "产品") and "香蕉" in message
    assert dialog.good_rows_button.isVisible()
    assert services.samples.page(SampleFilter()).total == 0
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        dialog.grab().save("/tmp/import-problems.png")

    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.good_rows_button.click()
    assert runner.wait_idle()
    assert dialog.report is not None and dialog.report.codes == ("NJ2026-000001", "NJ2026-000002")
    assert dialog.codes.isVisible() and dialog.codes.toPlainText().split() == list(dialog.report.codes)
    assert dialog.message.kind == "ok" and not dialog.good_rows_button.isVisible()
    assert services.samples.page(SampleFilter()).total == 2


def test_a_limit_table_needs_its_source_before_it_is_read(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path) -> None:
    manager = sqlite_demo_services.users.login("manager", "demo1234", "ws")
    dialog = ImportDialog(sqlite_demo_services, manager, runner, LIMIT_TABLE)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose_file(tmp_path / "限量表.xlsx")
    dialog.import_button.click()
    assert dialog.boxes["source"].error.isVisible()
    assert dialog.boxes["source"].error.kind == "error"
