from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lims.domain.errors import LimsError
from lims.gui.tasks import TaskRunner
from lims.gui.views.audit import AuditView, format_changes
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.sample_work import RegistrationForm
from tests.gui import dbfill

COLUMNS = ["序号", "时间", "用户", "工作站", "记录类型", "对象", "操作", "变更内容", "原因"]


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
    assert failed["变更内容"] == "登录失败次数：0 → 1"
    event = view.model.row_at(0)
    lab = ZoneInfo("Asia/Shanghai")
    assert failed["时间"] == event.occurred_at.astimezone(lab).strftime("%Y-%m-%d %H:%M:%S")
    assert rows[1]["记录类型"] == "实验室策略" and rows[1]["变更内容"] == "数值：5 → 4"
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
    assert _rows(view)[0]["对象"] == "login.lockout_threshold"


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


def test_changes_read_as_field_old_arrow_new_in_words() -> None:
    assert format_changes({"full_name": [None, "李四"], "roles": [["reviewer"], ["reviewer", "signatory"]]}) == (
        "姓名：— → 李四；角色：审核员 → 审核员、授权签字人")
    assert format_changes({"status": ["to_be_verified", "verified"], "verdict": [None, "pass"]},
                          entity="sample") == "状态：待审核 → 已审核；判定：— → 合格"
    created = {"seal_intact": [None, True], "sampled_at": [None, "2026-03-05T01:30:00+00:00"]}
    assert format_changes(created, entity="sample", zone=ZoneInfo("Asia/Shanghai")) == (
        "封样完好：— → 是；抽样时间：— → 2026-03-05 09:30")


def test_a_samples_events_read_in_words_and_a_result_names_its_sample_and_parameter(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner) -> None:
    lab = sqlite_demo_services
    tech = lab.users.login("tech1", "demo1234", "化验室-1")
    options = lab.samples.options()
    sample = lab.work.register(tech, RegistrationForm(
        product_id=next(p.id for p in options.products if p.name == "韭菜"),
        producer_id=next(p.id for p in options.producers if p.name == "阿鲁科尔沁旗绿野蔬菜种植专业合作社（演示）"),
        area_id=next(a.id for a in options.areas if a.name == "新民村"),
        sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), sampler1="张明", sampler2="李强"))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="包装完好", storage_place="冷藏柜A-2")
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    test = next(t for t in sample.tests if t.parameter == "毒死蜱")
    lab.work.enter_result(tech, test.id, test.version, "0.05")

    view = AuditView(lab, runner)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.model.row_at(0).entity == "result")
    rows = _rows(view)
    result = rows[0]
    assert result["记录类型"] == "检测结果" and result["对象"] == f"{sample.code} 毒死蜱"
    assert f"{sample.code} 毒死蜱" not in result["变更内容"]  # said once, in its own column
    assert "判定：— → 不合格" in result["变更内容"] and "数值：— → 0.05" in result["变更内容"]
    started = next(r for r in rows if r["操作"] == "状态变更" and "检测中" in r["变更内容"])
    assert started["对象"] == sample.code and started["变更内容"] == "状态：已收样 → 检测中"
    panel = next(r for r in rows if "新增检测项目" in r["变更内容"])
    assert "毒死蜱" in panel["变更内容"] and "腐霉利" in panel["变更内容"]
    created = next(r for r in rows if r["对象"] == sample.code and r["操作"] == "新建")
    assert "区域：— → 新民村" in created["变更内容"] and "抽样时间：— → 2026-03-05 09:30" in created["变更内容"]
    assert "封样完好：— → 是" in created["变更内容"]
    # no stored field name, code or id is left in what the page shows of these events
    for shown in (result, started, panel, created):
        for stored in ("status", "verdict", "test_id", "tests_added", "area_id", "_id", "to_be_verified", "True"):
            assert stored not in shown["变更内容"], (stored, shown["变更内容"])
