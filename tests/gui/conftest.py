"""GUI fixtures: the Chinese interface (the default language), a task runner, and users."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from lims.gui.i18n import install_translators, load_application_font
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.services.container import Services
from lims.services.dto import Actor

ADMIN_PASSWORD = "Admin2024pw"
TECH_PASSWORD = "Tech2024pw"
WORKSTATION = "化验室-1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def chinese_ui(qapp: QApplication) -> None:
    """Every GUI test sees the program as a lab in Inner Mongolia does: in Chinese, CJK font loaded."""
    load_application_font(qapp)
    install_translators(qapp, "zh_CN")


@pytest.fixture
def workstation_in_utc() -> Iterator[None]:
    """The workstation's clock set to UTC, eight hours behind the lab's (Asia/Shanghai)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(tmp_path / "settings.ini")


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.wait_idle(15_000), "background jobs still running at the end of the test"


@pytest.fixture
def admin(sqlite_services: Services) -> Actor:
    sqlite_services.users.create_first_admin("admin", "王建国", ADMIN_PASSWORD, WORKSTATION)
    return sqlite_services.users.login("admin", ADMIN_PASSWORD, WORKSTATION)


@pytest.fixture
def technician(sqlite_services: Services, admin: Actor) -> Actor:
    sqlite_services.users.create_user(admin, "zhangsan", "张三", TECH_PASSWORD, {"technician"})
    return sqlite_services.users.login("zhangsan", TECH_PASSWORD, WORKSTATION)
