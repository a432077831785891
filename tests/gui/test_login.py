from __future__ import annotations

from pytestqt.qtbot import QtBot

from lims.gui.login import ChangePasswordDialog, FirstAdminDialog, LoginDialog
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.services.container import Services
from lims.services.dto import Actor
from tests.gui.conftest import ADMIN_PASSWORD, TECH_PASSWORD, WORKSTATION


def _first_admin(qtbot: QtBot, services: Services, settings: AppSettings, runner: TaskRunner) -> FirstAdminDialog:
    dialog = FirstAdminDialog(services, settings, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "admin")
    dialog.full_name.setText("王建国")
    return dialog


def test_first_admin_refuses_a_short_password_beside_the_field_and_stays_open(
        qtbot: QtBot, sqlite_services: Services, settings: AppSettings, runner: TaskRunner) -> None:
    dialog = _first_admin(qtbot, sqlite_services, settings, runner)
    qtbot.keyClicks(dialog.password, "abc1")
    qtbot.keyClicks(dialog.confirm, "abc1")
    dialog.create_button.click()

    error = dialog.boxes["password"].error
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "密码至少需要 8 个字符"
    assert dialog.isVisible() and dialog.result() == 0
    assert not dialog.boxes["username"].error.isVisible()
    assert sqlite_services.users.needs_first_admin()


def test_first_admin_says_when_the_two_passwords_differ(
        qtbot: QtBot, sqlite_services: Services, settings: AppSettings, runner: TaskRunner) -> None:
    dialog = _first_admin(qtbot, sqlite_services, settings, runner)
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClicks(dialog.confirm, ADMIN_PASSWORD + "x")
    dialog.create_button.click()
    assert dialog.boxes["confirm"].error.text() == "两次输入的密码不一致"
    assert dialog.isVisible()


def test_first_admin_points_at_a_bad_user_name(
        qtbot: QtBot, sqlite_services: Services, settings: AppSettings, runner: TaskRunner) -> None:
    dialog = _first_admin(qtbot, sqlite_services, settings, runner)
    dialog.username.setText("王 建国")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClicks(dialog.confirm, ADMIN_PASSWORD)
    dialog.create_button.click()
    qtbot.waitUntil(dialog.boxes["username"].error.isVisible)
    assert "用户名须为 2-64 个字母" in dialog.boxes["username"].error.text()


def test_first_admin_creates_the_administrator_on_good_input(
        qtbot: QtBot, sqlite_services: Services, settings: AppSettings, runner: TaskRunner) -> None:
    dialog = _first_admin(qtbot, sqlite_services, settings, runner)
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClicks(dialog.confirm, ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.create_button.click()
    assert not sqlite_services.users.needs_first_admin()
    [user] = sqlite_services.users.list_users()
    assert (user.username, user.full_name) == ("admin", "王建国")
    assert user.roles == frozenset({"admin"})  # not a signatory by default: that is given on purpose
    assert settings.last_username() == "admin"


def _login(qtbot: QtBot, services: Services, settings: AppSettings, runner: TaskRunner) -> LoginDialog:
    dialog = LoginDialog(services, settings, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_wrong_password_is_reported_with_the_attempts_left_then_the_lock(
        qtbot: QtBot, sqlite_services: Services, settings: AppSettings, runner: TaskRunner, admin: Actor,
        technician: Actor) -> None:
    sqlite_services.users.set_lockout_threshold(admin, 2)
    dialog = _login(qtbot, sqlite_services, settings, runner)
    qtbot.keyClicks(dialog.username, "zhangsan")
    qtbot.keyClicks(dialog.password, "not-my-password1")
    dialog.login_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible() and dialog.login_button.isEnabled())
    assert dialog.message.text() == "用户名或密码错误（再失败 1 次账户将被锁定）"
    assert dialog.isVisible() and dialog.password.text() == ""

    qtbot.keyClicks(dialog.password, "still-wrong2")
    dialog.login_button.click()
    qtbot.waitUntil(lambda: "锁定" in dialog.message.text() and dialog.login_button.isEnabled())
    assert dialog.message.text() == "密码错误。账户 zhangsan 已连续登录失败 2 次，现已锁定，须由系统管理员解锁"

    qtbot.keyClicks(dialog.password, TECH_PASSWORD)
    dialog.login_button.click()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("账户 zhangsan 因多次登录失败已被锁定"))
    assert dialog.actor is None and dialog.isVisible()


def test_logging_in_remembers_the_user_name_for_next_time(
        qtbot: QtBot, sqlite_services: Services, settings: AppSettings, runner: TaskRunner, technician: Actor) -> None:
    dialog = _login(qtbot, sqlite_services, settings, runner)
    qtbot.keyClicks(dialog.username, "zhangsan")
    qtbot.keyClicks(dialog.password, TECH_PASSWORD)
    with qtbot.waitSignal(dialog.logged_in, timeout=10_000) as signal:
        dialog.login_button.click()
    actor: Actor = signal.args[0]
    assert (actor.username, actor.full_name, actor.workstation) == ("zhangsan", "张三", settings.workstation())
    assert dialog.result() == dialog.DialogCode.Accepted

    again = _login(qtbot, sqlite_services, settings, runner)
    assert again.username.text() == "zhangsan"


def test_login_asks_for_a_user_name_before_asking_the_database(
        qtbot: QtBot, sqlite_services: Services, settings: AppSettings, runner: TaskRunner) -> None:
    dialog = _login(qtbot, sqlite_services, settings, runner)
    dialog.login_button.click()
    assert dialog.message.text() == "请输入用户名"
    assert not runner.busy


def test_changing_the_password_checks_the_current_one_and_the_rules(
        qtbot: QtBot, sqlite_services: Services, runner: TaskRunner, technician: Actor) -> None:
    dialog = ChangePasswordDialog(sqlite_services, technician, runner)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.keyClicks(dialog.current, "wrong-one-1")
    qtbot.keyClicks(dialog.new, "NewPass2025")
    qtbot.keyClicks(dialog.confirm, "NewPass2025")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.boxes["current"].error.isVisible)
    assert dialog.boxes["current"].error.text() == "当前密码错误"

    for edit in (dialog.current, dialog.new, dialog.confirm):
        edit.clear()
    qtbot.keyClicks(dialog.current, TECH_PASSWORD)
    qtbot.keyClicks(dialog.new, "onlyletters")
    qtbot.keyClicks(dialog.confirm, "onlyletters")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.boxes["password"].error.isVisible)
    assert dialog.boxes["password"].error.text() == "密码须同时包含字母和数字"
    assert not dialog.boxes["current"].error.isVisible()

    for edit in (dialog.new, dialog.confirm):
        edit.clear()
    qtbot.keyClicks(dialog.new, "NewPass2025")
    qtbot.keyClicks(dialog.confirm, "NewPass2025")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save_button.click()
    assert sqlite_services.users.login("zhangsan", "NewPass2025", WORKSTATION).username == "zhangsan"
