from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QMessageBox
from pytestqt.qtbot import QtBot

import lims
from lims.gui.main_window import MainWindow
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.services.container import Services
from lims.services.dto import Actor
from tests.gui import dbfill

EVERY_PAGE = ["样品", "工作清单", "不合格样品", "资质范围", "仪器", "报告", "基础数据", "审计追踪", "系统管理"]


def _window(qtbot: QtBot, services: Services, actor: Actor, settings: AppSettings, runner: TaskRunner) -> MainWindow:
    window = MainWindow(services, actor, settings, runner)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    return window


def test_an_administrator_sees_every_page_in_chinese_and_who_is_working_where(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    window = _window(qtbot, sqlite_services, admin, settings, runner)
    assert window.navigation_labels() == EVERY_PAGE
    assert window.current_key() == "samples"
    assert window.user_label.text() == "用户：王建国（系统管理员）"
    assert window.database_label.text() == f"数据库：{sqlite_services.database}（SQLite）"
    assert "化验室-1" in window.workstation_label.text()
    assert window.windowTitle().startswith("农产品检测实验室信息管理系统")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["系统(&S)", "查看(&V)", "帮助(&H)"]


def test_a_technician_does_not_see_administration(
        qtbot: QtBot, sqlite_services: Services, technician: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    window = _window(qtbot, sqlite_services, technician, settings, runner)
    assert window.navigation_labels() == EVERY_PAGE[:-1]
    assert "admin" not in window.page_keys
    assert window.user_label.text() == "用户：张三（检测员）"


def test_each_page_opens_from_the_navigation(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    window = _window(qtbot, sqlite_services, admin, settings, runner)
    assert list(window.pages) == ["samples"]  # the other pages are made when first shown
    for row, key in enumerate(window.page_keys):
        window.navigation.setCurrentRow(row)
        assert window.stack.currentWidget() is window.pages[key]
        assert window.current_key() == key and window.stack.count() == len(EVERY_PAGE)
        assert runner.wait_idle(5000)
    window.navigation.setCurrentRow(1)
    assert window.stack.currentWidget() is window.pages["worklist"]  # made once, shown again
    admin_page = window.pages["admin"]
    assert [r.username for r in admin_page.model.rows] == ["admin"]


def test_every_page_fits_a_1366_by_768_bench_monitor(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    window = _window(qtbot, sqlite_services, admin, settings, runner)
    assert window.width() <= 1366 and window.height() <= 768 - 40  # a taskbar stays visible
    for row, key in enumerate(window.page_keys):
        window.navigation.setCurrentRow(row)
        assert runner.wait_idle(5000)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768 - 40, (key, hint)


def test_choosing_english_is_saved_and_applies_after_a_restart(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    window = _window(qtbot, sqlite_services, admin, settings, runner)
    assert window.language_actions["zh_CN"].isChecked()
    window.language_actions["en"].trigger()
    assert settings.language() == "en"
    box = window.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "新的界面语言将在下次启动程序时生效。"
    assert window.navigation_labels()[0] == "样品"  # nothing changes under the person's hands
    box.close()


def test_about_names_the_version(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    window = _window(qtbot, sqlite_services, admin, settings, runner)
    window.show_about()
    assert isinstance(window.dialog, QMessageBox)
    assert f"版本 {lims.__version__}" in window.dialog.text()
    window.dialog.close()


def test_the_window_comes_back_where_it_was_left(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    window = _window(qtbot, sqlite_services, admin, settings, runner)
    window.resize(760, 560)
    window.close()
    assert settings.window_geometry()

    again = _window(qtbot, sqlite_services, admin, settings, runner)
    assert (again.width(), again.height()) == (760, 560)


def test_change_password_opens_from_the_menu(
        qtbot: QtBot, sqlite_services: Services, technician: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    window = _window(qtbot, sqlite_services, technician, settings, runner)
    window.change_password_action.trigger()
    assert window.dialog is not None and window.dialog.isVisible()
    assert window.dialog.windowTitle() == "修改密码"
    window.dialog.close()


def test_an_opened_sample_has_the_samples_page_to_itself_and_the_window_still_fits_1366_by_768(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, settings: AppSettings, runner: TaskRunner) -> None:
    dbfill.insert_samples(sqlite_services, 30)
    window = _window(qtbot, sqlite_services, admin, settings, runner)
    window.resize(1366, 728)
    assert window.sample_tabs.tabBar().isHidden()  # the list alone: no tab bar over it
    row = window.samples.model.row_at(3)
    window.show_page("audit")
    detail = window.open_sample(row.id)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.id == row.id)
    assert window.current_key() == "samples" and window.sample_tabs.currentWidget() is detail
    assert window.sample_tabs.tabText(1) == f"样品 {row.code}"
    assert not window.findChildren(QDockWidget)  # nothing docked under the pages
    assert detail.height() >= window.stack.height() - 60  # the whole page, less the tab bar
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 40, hint  # a taskbar stays visible
    window.sample_tabs.setCurrentIndex(0)
    assert window.samples.isVisible() and not detail.isVisible()  # the list is one click away
    window.sample_tabs.tabCloseRequested.emit(1)
    assert window.sample_tabs.count() == 1 and window.sample_tabs.tabBar().isHidden()
    assert window.open_sample(row.id) is detail and window.sample_tabs.currentWidget() is detail
