from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from lims.domain.errors import DatabaseUnavailable
from lims.gui.first_run import FirstRunDialog
from lims.gui.launch import run_gui, show_startup_error
from lims.gui.login import FirstAdminDialog, LoginDialog
from lims.gui.main_window import MainWindow
from lims.gui.settings import AppSettings
from lims.services.container import Services
from lims.services.dto import Actor
from tests.gui import dbfill
from tests.gui.conftest import ADMIN_PASSWORD


def test_a_screenshot_of_the_ready_window_is_written(
        sqlite_services: Services, admin: Actor, settings: AppSettings, tmp_path: Path) -> None:
    dbfill.insert_samples(sqlite_services, 120)
    png = tmp_path / "shots" / "main.png"
    code = run_gui(sqlite_services, settings=settings, auto_login=("admin", ADMIN_PASSWORD), screenshot=png)
    assert code == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1366, 768)


def test_quit_when_ready_returns_once_the_samples_are_shown(
        sqlite_services: Services, admin: Actor, settings: AppSettings) -> None:
    assert run_gui(sqlite_services, settings=settings, auto_login=("admin", ADMIN_PASSWORD),
                   quit_when_ready=True) == 0
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_a_refused_auto_login_says_why_on_one_line_and_exits_2(
        sqlite_services: Services, admin: Actor, settings: AppSettings, capfd: pytest.CaptureFixture[str]) -> None:
    assert run_gui(sqlite_services, settings=settings, auto_login=("admin", "wrong-pass-1"),
                   quit_when_ready=True) == 2
    err = [line for line in capfd.readouterr().err.splitlines() if line.startswith("lims:")]
    assert err == ["lims: 以 admin 登录失败：用户名或密码错误（再失败 4 次账户将被锁定）"]


def test_auto_login_on_a_database_without_users_exits_2(
        sqlite_services: Services, settings: AppSettings, capfd: pytest.CaptureFixture[str]) -> None:
    assert run_gui(sqlite_services, settings=settings, auto_login=("admin", ADMIN_PASSWORD),
                   quit_when_ready=True) == 2
    assert "数据库尚无用户" in capfd.readouterr().err
    assert sqlite_services.users.needs_first_admin()


def test_a_new_lab_creates_its_administrator_then_logs_in_and_works(
        sqlite_services: Services, settings: AppSettings) -> None:
    """The whole first start as a person goes through it, driven by a timer inside the event loop."""
    seen: list[str] = []

    def step() -> None:
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible():
                continue
            if isinstance(widget, FirstAdminDialog) and "first" not in seen:
                seen.append("first")
                widget.username.setText("admin")
                widget.full_name.setText("王建国")
                widget.password.setText(ADMIN_PASSWORD)
                widget.confirm.setText(ADMIN_PASSWORD)
                widget.create_button.click()
            elif isinstance(widget, LoginDialog) and "login" not in seen:
                seen.append("login")
                assert widget.username.text() == "admin"  # remembered from the first dialog
                widget.password.setText(ADMIN_PASSWORD)
                widget.login_button.click()
            elif isinstance(widget, MainWindow) and widget.is_ready and "main" not in seen:
                seen.append("main")
                assert widget.navigation_labels()[-1] == "系统管理"
            elif isinstance(widget, FirstRunDialog) and "set-up offered" not in seen:
                # the database holds no product yet: the starter data or a workbook is offered
                seen.append("set-up offered")
                assert widget.starter_button.text() == "导入起步参考数据"
                widget.skip_button.click()
            elif isinstance(widget, MainWindow) and {"main", "set-up offered"} <= set(seen) and "closed" not in seen:
                seen.append("closed")
                widget.close()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(30)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: QApplication.instance().exit(99))
    safety.start(30_000)
    try:
        code = run_gui(sqlite_services, settings=settings)
    finally:
        timer.stop()
        safety.stop()
    assert seen[:2] == ["first", "login"] and set(seen[2:4]) == {"main", "set-up offered"} and seen[4:] == ["closed"]
    assert code == 0
    assert not sqlite_services.users.needs_first_admin()


def test_closing_the_login_dialog_ends_the_program(sqlite_services: Services, admin: Actor,
                                                   settings: AppSettings) -> None:
    def close_login() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, LoginDialog) and widget.isVisible():
                widget.quit_button.click()

    timer = QTimer()
    timer.timeout.connect(close_login)
    timer.start(30)
    try:
        assert run_gui(sqlite_services, settings=settings) == 0
    finally:
        timer.stop()


@pytest.mark.parametrize("error, expected", [
    ("无法打开数据库 /data/lims.db：磁盘已满", "无法打开数据库 /data/lims.db：磁盘已满"),
    (DatabaseUnavailable("Not a database URL: {url}", url="mysql:/x"), "不是有效的数据库地址：mysql:/x"),
])
def test_a_start_up_error_is_shown_in_a_message_box(settings: AppSettings, error: object, expected: str) -> None:
    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()

    timer = QTimer()
    timer.timeout.connect(read_and_close)
    timer.start(30)
    try:
        show_startup_error(error, settings=settings)
    finally:
        timer.stop()
    assert shown == [expected]
