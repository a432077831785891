from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lims.domain.errors import LimsError
from lims.gui.tasks import TaskRunner
from lims.gui.views.admin import AdminView, ResetPasswordDialog, UserDialog
from lims.services.container import Services
from lims.services.dto import Actor
from tests.gui.conftest import TECH_PASSWORD, WORKSTATION

COLUMNS = ["用户名", "姓名", "启用", "账户", "登录失败次数", "角色"]


@pytest.fixture
def view(qtbot: QtBot, sqlite_services: Services, runner: TaskRunner, admin: Actor) -> AdminView:
    page = AdminView(sqlite_services, admin, runner)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    with qtbot.waitSignal(page.users_loaded, timeout=10_000):
        page.refresh()
    assert runner.wait_idle(5000)
    return page


def _row(view: AdminView, username: str) -> dict[str, str]:
    m = view.model
    for r in range(m.rowCount()):
        if m.index(r, 0).data() == username:
            return {COLUMNS[c]: m.index(r, c).data() for c in range(m.columnCount())}
    raise AssertionError(f"{username} is not listed")


def test_the_user_list_reads_in_chinese(view: AdminView) -> None:
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == COLUMNS
    assert _row(view, "admin") == {
        "用户名": "admin", "姓名": "王建国", "启用": "是", "账户": "正常", "登录失败次数": "0",
        "角色": "系统管理员"}
    assert view.threshold.value() == 5


def test_an_administrator_adds_a_user_with_roles_ticked(
        qtbot: QtBot, view: AdminView, sqlite_services: Services) -> None:
    dialog = view.open_add_dialog()
    assert isinstance(dialog, UserDialog) and dialog.isVisible()
    assert [box.text() for box in dialog.role_boxes.values()] == [
        "检测员", "审核员", "授权签字人", "实验室主任/技术负责人", "系统管理员"]
    qtbot.keyClicks(dialog.username, "lisi")
    dialog.full_name.setText("李四")
    qtbot.keyClicks(dialog.password, "Lisi2024pw")
    qtbot.keyClicks(dialog.confirm, "Lisi2024pw")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.boxes["roles"].error.isVisible)
    assert dialog.boxes["roles"].error.text() == "用户至少需要一个角色"

    dialog.role_boxes["reviewer"].setChecked(True)
    dialog.role_boxes["signatory"].setChecked(True)
    with qtbot.waitSignal(view.users_loaded, timeout=10_000):
        dialog.save_button.click()
    assert _row(view, "lisi")["角色"] == "审核员、授权签字人"
    assert view.message.text() == "已添加用户 lisi"
    assert sqlite_services.users.login("lisi", "Lisi2024pw", WORKSTATION).full_name == "李四"


def test_a_taken_user_name_is_refused_beside_the_field(qtbot: QtBot, view: AdminView) -> None:
    dialog = view.open_add_dialog()
    qtbot.keyClicks(dialog.username, "admin")
    dialog.full_name.setText("另一个管理员")
    qtbot.keyClicks(dialog.password, "Other2024pw")
    qtbot.keyClicks(dialog.confirm, "Other2024pw")
    dialog.role_boxes["technician"].setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(dialog.boxes["username"].error.isVisible)
    assert dialog.boxes["username"].error.text() == "用户名 admin 已被使用"
    assert dialog.isVisible()
    dialog.close()


def test_an_edit_made_meanwhile_on_another_workstation_is_not_overwritten(
        qtbot: QtBot, view: AdminView, sqlite_services: Services, admin: Actor, technician: Actor) -> None:
    with qtbot.waitSignal(view.users_loaded, timeout=10_000):
        view.refresh()
    assert view.select_user("zhangsan")
    dialog = view.open_edit_dialog()
    assert isinstance(dialog, UserDialog)
    assert dialog.username.isReadOnly() and dialog.full_name.text() == "张三"
    assert dialog.role_boxes["technician"].isChecked() and not dialog.role_boxes["reviewer"].isChecked()

    other = sqlite_services.users.list_users()
    zhang = next(u for u in other if u.username == "zhangsan")
    sqlite_services.users.update_user(admin, zhang.id, zhang.version, full_name="张三丰")

    dialog.full_name.setText("张小三")
    dialog.role_boxes["reviewer"].setChecked(True)
    with qtbot.waitSignal(view.users_loaded, timeout=10_000):
        dialog.save_button.click()
    assert view.message.text() == "用户 zhangsan 在您打开后已在另一工作站上被修改；请重新读取后再试"
    assert view.message.kind == "error"
    assert _row(view, "zhangsan")["姓名"] == "张三丰"  # the list was read again
    assert _row(view, "zhangsan")["角色"] == "检测员"

    # a fresh edit of the reloaded row goes through
    view.select_user("zhangsan")
    again = view.open_edit_dialog()
    again.role_boxes["reviewer"].setChecked(True)
    again.reason.setText("取得审核员资格")
    with qtbot.waitSignal(view.users_loaded, timeout=10_000):
        again.save_button.click()
    assert _row(view, "zhangsan")["角色"] == "检测员、审核员"
    assert view.message.text() == "已保存用户 zhangsan"


def test_a_locked_account_is_unlocked(
        qtbot: QtBot, view: AdminView, sqlite_services: Services, admin: Actor, technician: Actor) -> None:
    sqlite_services.users.set_lockout_threshold(admin, 1)
    with pytest.raises(LimsError):
        sqlite_services.users.login("zhangsan", "wrong-password-1", "收样室")
    with qtbot.waitSignal(view.users_loaded, timeout=10_000):
        view.refresh()
    assert _row(view, "zhangsan")["账户"] == "已锁定"
    view.select_user("zhangsan")
    assert view.unlock_button.isEnabled()
    with qtbot.waitSignal(view.users_loaded, timeout=10_000):
        view.unlock_button.click()
    assert _row(view, "zhangsan")["账户"] == "正常"
    assert view.message.text() == "已解锁用户 zhangsan"
    assert sqlite_services.users.login("zhangsan", TECH_PASSWORD, WORKSTATION).username == "zhangsan"


def test_a_password_is_reset(qtbot: QtBot, view: AdminView, sqlite_services: Services, technician: Actor) -> None:
    with qtbot.waitSignal(view.users_loaded, timeout=10_000):
        view.refresh()
    view.select_user("zhangsan")
    dialog = view.open_reset_dialog()
    assert isinstance(dialog, ResetPasswordDialog)
    qtbot.keyClicks(dialog.password, "short1")
    qtbot.keyClicks(dialog.confirm, "short1")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.boxes["password"].error.isVisible)
    assert dialog.boxes["password"].error.text() == "密码至少需要 8 个字符"
    for edit in (dialog.password, dialog.confirm):
        edit.clear()
        qtbot.keyClicks(edit, "Fresh2025pw")
    with qtbot.waitSignal(view.users_loaded, timeout=10_000):
        dialog.save_button.click()
    assert view.message.text() == "已重置用户 zhangsan 的密码"
    assert sqlite_services.users.login("zhangsan", "Fresh2025pw", WORKSTATION).username == "zhangsan"


def test_the_lockout_threshold_is_changed(qtbot: QtBot, view: AdminView, sqlite_services: Services,
                                          runner: TaskRunner) -> None:
    view.threshold.setValue(3)
    view.threshold_button.click()
    qtbot.waitUntil(lambda: view.message.text() == "现在连续登录失败 3 次将锁定账户")
    assert sqlite_services.users.lockout_threshold() == 3
