"""The import dialog refuses a zip bomb or a damaged workbook with the same message the services
give, in the interface's language, quickly and without registering anything."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lims.gui.import_dialogs import LIMIT_TABLE, SAMPLING_LIST, ImportDialog
from lims.gui.tasks import TaskRunner
from lims.services.container import Services
from lims.services.dto import SampleFilter
from tests.gui.conftest import chinese_ui, runner
from tests.reliability.workbooks import HEADER, zip_bomb

__all__ = ["chinese_ui", "runner"]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "清单.xlsx", HEADER)


def _import(qtbot: QtBot, services: Services, runner: TaskRunner, kind: str, user: str, path: Path) -> ImportDialog:
    dialog = ImportDialog(services, services.users.login(user, "demo1234", "ws"), runner, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose_file(path)
    if kind == LIMIT_TABLE:
        dialog.source.setText("GB 2763-2026 表1")
    start = time.monotonic()
    dialog.import_button.click()
    assert runner.wait_idle(15_000)
    assert time.monotonic() - start < 10
    return dialog


def test_the_dialog_refuses_a_zip_bomb_with_a_message_in_chinese(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, bomb: Path) -> None:
    dialog = _import(qtbot, sqlite_demo_services, runner, SAMPLING_LIST, "tech1", bomb)
    assert dialog.report is None and dialog.problem_rows() == []
    shown = dialog.boxes["file"].error.text()
    assert dialog.boxes["file"].error.kind == "error"
    assert shown == ("清单.xlsx 中的 xl/worksheets/sheet1.xml 解压后将达 1535.6 MB，超过可导入工作簿的上限 96 MB："
                     "未读取，已拒绝")
    assert not dialog.good_rows_button.isVisible()
    assert sqlite_demo_services.samples.page(SampleFilter()).total == 0


def test_the_limit_dialog_names_a_file_that_is_no_workbook(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path) -> None:
    text = tmp_path / "限量.xlsx"
    text.write_bytes(b"PK\x03\x04 not really a zip")
    dialog = _import(qtbot, sqlite_demo_services, runner, LIMIT_TABLE, "manager", text)
    assert dialog.boxes["file"].error.kind == "error"
    assert dialog.boxes["file"].error.text() == f"无法将 {text} 作为 Excel 工作簿读取：请另存为 .xlsx 后重试"
