from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lims.domain.errors import LimsError
from lims.gui.tasks import TaskRunner
from lims.gui.views.audit import AuditView, format_changes
from lims.services.container import Services
from lims.services.dto import Actor
from tests.gui import dbfill

COLUMNS = ["序号", "时间", "用户", "工作站", "记录类型", "记录号", "操作", "变更内容", "原因"]


@pytest.fixture
def view(qtbot: QtBot, sqlite_services: Services, runner: TaskRunner, admin: Actor, technician: Actor) -> AuditView:
    sqlite_services.users.set_lockout_threshold(admin, 4)
    with pytest.raises(LimsError):
        sqlite_services.users.login("zhangsan", "wrong-password-1", "收样室")
    page = AuditView(sqlite_services, runner)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.refresh()
    assert runner.wait_idle(5000)
    return page


def _rows(view: AuditView) -> list[dict[str, str]]:
    m = view.model
    return [{COLUMNS[c]: m.index(r, c).data() for c in range(m.columnCount())} for r in range(m.rowCount())]


def _choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def test_all_events_show_newest_first_on_the_labs_clock_with_readable_changes(
        workstation_in_utc: None, view: AuditView) -> None:
    rows = _rows(view)
    # create admin, log in, create technician, log in, set threshold, failed log-in
    assert [r["序号"] for r in rows] == ["6", "5", "4", "3", "2", "1"]
    assert view.total.text() == "共 6 条审计记录"
    failed = rows[0]
    shown = (failed["用户"], failed["工作站"], failed["记录类型"], failed["操作"])
    assert shown == ("zhangsan", "收样室", "用户", "登录失败")
    assert failed["变更内容"] == "failed_logins: 0 → 1"
    event = view.model.row_at(0)
    lab = ZoneInfo("Asia/Shanghai")
    assert failed["时间"] == event.occurred_at.astimezone(lab).strftime("%Y-%m-%d %H:%M:%S")
    assert rows[1]["记录类型"] == "实验室策略" and rows[1]["变更内容"] == "value: 5 → 4"
    assert rows[-1]["用户"] == "system" and rows[-1]["操作"] == "新建"
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == COLUMNS


def test_filtering_by_user_and_by_record_type(qtbot: QtBot, view: AuditView) -> None:
    assert [view.actor.itemText(i) for i in range(view.actor.count())] == ["全部用户", "admin", "system", "zhangsan"]
    _choose(view.actor, "zhangsan")
    qtbot.waitUntil(lambda: view.total.text() == "共 2 条审计记录")
    assert {r["用户"] for r in _rows(view)} == {"zhangsan"}
    assert [r["操作"] for r in _rows(view)] == ["登录失败", "登录"]

    _choose(view.actor, "全部用户")
    _choose(view.entity, "实验室策略")
    qtbot.waitUntil(lambda: view.total.text() == "共 1 条审计记录")
    assert _rows(view)[0]["记录号"] == "login.lockout_threshold"


def test_filtering_by_date(qtbot: QtBot, view: AuditView) -> None:
    tomorrow = date.today() + timedelta(days=2)
    view.since.setDate(tomorrow)
    view.use_since.setChecked(True)
    qtbot.waitUntil(lambda: view.total.text() == "共 0 条审计记录")
    view.use_since.setChecked(False)
    view.until.setDate(date.today() + timedelta(days=1))
    view.use_until.setChecked(True)
    qtbot.waitUntil(lambda: view.total.text() == "共 6 条审计记录")


def test_verify_reports_an_intact_chain_then_the_event_edited_behind_the_apps_back(
        qtbot: QtBot, view: AuditView, sqlite_services: Services) -> None:
    with qtbot.waitSignal(view.chain_checked, timeout=10_000):
        view.verify_button.click()
    assert view.chain_result.text() == "审计链完整：已校验全部 6 条记录"
    assert view.chain_result.kind == "ok"

    dbfill.tamper_audit_event(sqlite_services, seq=1)
    with qtbot.waitSignal(view.chain_checked, timeout=10_000):
        view.verify_button.click()
    assert view.chain_result.text().startswith("审计链在第 1 条记录处断开")
    assert view.chain_result.kind == "error"


def test_changes_read_as_field_old_arrow_new() -> None:
    assert format_changes({"full_name": [None, "李四"], "roles": [["reviewer"], ["reviewer", "signatory"]]}) == (
        "full_name: — → 李四; roles: reviewer → reviewer, signatory")
