from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lims.gui import labels
from lims.gui.tasks import TaskRunner
from lims.gui.views.samples import SamplesView
from lims.gui.widgets import FAIL_TEXT
from lims.services.container import Services
from lims.services.dto import Page, SampleFilter, SampleRow
from tests.gui import dbfill

N_SAMPLES = 250


@pytest.fixture
def counted_pages(sqlite_services: Services, monkeypatch: pytest.MonkeyPatch) -> list[tuple[SampleFilter, int]]:
    """Every call of SampleService.page the view makes, as (filter, offset)."""
    calls: list[tuple[SampleFilter, int]] = []
    real = sqlite_services.samples.page

    def page(flt: SampleFilter, offset: int = 0, limit: int = 100) -> Page[SampleRow]:
        calls.append((flt, offset))
        return real(flt, offset, limit)

    monkeypatch.setattr(sqlite_services.samples, "page", page)
    return calls


@pytest.fixture
def view(qtbot: QtBot, sqlite_services: Services, runner: TaskRunner,
         counted_pages: list[tuple[SampleFilter, int]]) -> SamplesView:
    dbfill.insert_samples(sqlite_services, N_SAMPLES)
    page = SamplesView(sqlite_services, runner)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitSignal(page.first_page_loaded, timeout=10_000):
        page.show()
    return page


def _column(view: SamplesView, header: str) -> int:
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return headers.index(header)


def _cell(view: SamplesView, row: int, header: str) -> str:
    return view.model.index(row, _column(view, header)).data()


def test_the_first_page_shows_the_newest_samples_with_chinese_headers_and_the_total(view: SamplesView) -> None:
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["样品编号", "状态", "产品", "受检单位", "区域", "抽样任务", "抽样日期", "判定"]
    assert model.rowCount() == 100
    assert view.total.text() == f"共 {N_SAMPLES} 个样品"
    assert _cell(view, 0, "样品编号") == "NJ2026-00250"
    assert _cell(view, 0, "状态") in {labels.sample_status(s) for s in dbfill.STATUSES}
    assert _cell(view, 0, "产品") in dbfill.PRODUCTS


def test_scrolling_down_fetches_the_next_pages_until_all_are_there(
        qtbot: QtBot, view: SamplesView, counted_pages: list[tuple[SampleFilter, int]]) -> None:
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 200)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == N_SAMPLES)
    assert not view.model.canFetchMore()
    assert [offset for _flt, offset in counted_pages] == [0, 100, 200]
    assert _cell(view, N_SAMPLES - 1, "样品编号") == "NJ2026-00001"


def test_reading_the_cells_never_asks_the_database(
        view: SamplesView, counted_pages: list[tuple[SampleFilter, int]]) -> None:
    before = len(counted_pages)
    model = view.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
                model.index(row, column).data(role)
    assert len(counted_pages) == before


def test_the_status_filter_lists_only_that_status(qtbot: QtBot, view: SamplesView) -> None:
    choices = [view.status.itemText(i) for i in range(view.status.count())]
    assert choices == ["全部状态", "待收样", "已收样", "检测中", "待审核", "已审核", "已批准", "已拒收", "已取消", "无效"]
    view.status.setCurrentIndex(choices.index("已批准"))
    expected = sum(1 for i in range(N_SAMPLES) if dbfill.STATUSES[i % len(dbfill.STATUSES)] == "approved")
    qtbot.waitUntil(lambda: view.total.text() == f"共 {expected} 个样品")
    assert {_cell(view, r, "状态") for r in range(view.model.rowCount())} == {"已批准"}


def test_typing_a_search_waits_for_a_pause_then_finds_by_code_or_producer(
        qtbot: QtBot, view: SamplesView, counted_pages: list[tuple[SampleFilter, int]]) -> None:
    before = len(counted_pages)
    qtbot.keyClicks(view.search, "NJ2026-0001")
    assert len(counted_pages) == before  # one request after the pause, not one per key
    qtbot.waitUntil(lambda: view.total.text() == "共 10 个样品")
    assert len(counted_pages) == before + 1
    assert {_cell(view, r, "样品编号")[:-1] for r in range(10)} == {"NJ2026-0001"}

    view.search.setText("合作社")
    qtbot.waitUntil(lambda: view.total.text() == f"共 {N_SAMPLES // len(dbfill.PRODUCERS)} 个样品")
    assert {_cell(view, r, "受检单位") for r in range(view.model.rowCount())} == {dbfill.PRODUCERS[0]}

    view.search.setText("没有这个单位")
    qtbot.waitUntil(lambda: view.total.text() == "共 0 个样品")
    assert view.model.rowCount() == 0


def test_failed_samples_stand_out_and_verdicts_read_in_chinese(qtbot: QtBot, view: SamplesView) -> None:
    while view.model.rowCount() < N_SAMPLES:
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda: not view.model.loading)
    column = _column(view, "判定")
    verdicts = {view.model.index(r, column).data() for r in range(view.model.rowCount())}
    assert verdicts == {"", "合格", "不合格", "无判定依据"}
    for r in range(view.model.rowCount()):
        index = view.model.index(r, column)
        if index.data() == "不合格":
            assert index.data(Qt.ItemDataRole.ForegroundRole) == FAIL_TEXT


@pytest.fixture
def shanghai_time() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_the_sampling_date_is_shown_in_local_time(shanghai_time: None) -> None:
    # 16:30 UTC on 1 July is half past midnight on 2 July in Inner Mongolia (UTC+8)
    assert labels.format_local(datetime(2026, 7, 1, 16, 30, tzinfo=timezone.utc)) == "2026-07-02 00:30"
    assert labels.format_local(datetime(2026, 7, 1, 16, 30)) == "2026-07-02 00:30"  # stored naive = UTC
