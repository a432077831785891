from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from lims.db.models import Task
from lims.domain.enums import RoleCode
from lims.gui import vocabulary
from lims.gui.main_window import MainWindow
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.gui.views.samples import BarcodeScanDetector, SamplesView
from lims.gui.widgets import FAIL_TEXT, TREE_INDENT, cell_tooltip
from lims.services.container import Services
from lims.services.dto import Actor, Page, SampleFilter, SampleRow
from tests.gui import dbfill
from tests.gui.conftest import WORKSTATION

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
    assert _cell(view, 0, "状态") in {vocabulary.sample_status(s) for s in dbfill.STATUSES}
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
    assert choices == [
        "全部状态", "待收样", "已收样", "检测中", "待审核", "已审核", "已批准", "已拒收", "已取消", "无效"]
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


def test_the_sampling_date_is_shown_on_the_labs_clock_whatever_the_workstations(workstation_in_utc: None) -> None:
    # 16:30 UTC on 1 July is half past midnight on 2 July in Inner Mongolia (UTC+8)
    lab = ZoneInfo("Asia/Shanghai")
    assert vocabulary.format_in(datetime(2026, 7, 1, 16, 30, tzinfo=UTC), lab) == "2026-07-02 00:30"
    assert vocabulary.format_in(datetime(2026, 7, 1, 16, 30), lab) == "2026-07-02 00:30"  # stored naive = UTC


# --- the filter bar, on the demo lab (product and area trees) -------------------------------------

DEMO_SAMPLES = 120
NEWEST = "NJ2026-000120"  # on the first page
OLD = "NJ2026-000003"  # not among the first 100 rows


@pytest.fixture
def demo(sqlite_services: Services) -> Services:
    sqlite_services.demo.build(samples=DEMO_SAMPLES)
    return sqlite_services


@pytest.fixture
def demo_view(qtbot: QtBot, demo: Services, runner: TaskRunner,
              counted_pages: list[tuple[SampleFilter, int]]) -> SamplesView:
    page = SamplesView(demo, runner)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitSignal(page.first_page_loaded, timeout=10_000):
        page.show()
    assert runner.wait_idle()  # the filters' choices are in too
    return page


def _choose(combo: object, text: str) -> None:
    index = combo.findText(text)  # type: ignore[attr-defined]
    assert index >= 0, text
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def _shown(view: SamplesView, header: str) -> set[str]:
    return {_cell(view, r, header) for r in range(view.model.rowCount())}


def test_the_filter_bar_offers_the_labs_tasks_product_tree_area_tree_producers_and_verdicts(
        demo_view: SamplesView, demo: Services) -> None:
    options = demo.samples.options()
    tasks = [demo_view.task.itemText(i) for i in range(demo_view.task.count())]
    assert tasks == ["全部任务"] + [t.name for t in options.tasks]
    producers = [demo_view.producer.itemText(i) for i in range(demo_view.producer.count())]
    assert producers == ["全部受检单位", *sorted(p.name for p in options.producers)]
    verdicts = [demo_view.verdict.itemText(i) for i in range(demo_view.verdict.count())]
    assert verdicts == ["全部判定", "合格", "不合格", "无判定依据"]
    products = [demo_view.product.itemText(i) for i in range(demo_view.product.count())]
    # the tree reads as one: each level indented under its category, categories in bold
    assert products[:5] == ["全部产品", "植物源性食品", TREE_INDENT + "谷物",
                            TREE_INDENT * 2 + "稻类", TREE_INDENT * 3 + "粳米"]
    veg = demo_view.product.findText(TREE_INDENT + "蔬菜")
    leek = demo_view.product.findText(TREE_INDENT * 3 + "韭菜")
    assert demo_view.product.itemData(veg, Qt.ItemDataRole.FontRole).bold()
    assert demo_view.product.itemData(leek, Qt.ItemDataRole.FontRole) is None
    areas = [demo_view.area.itemText(i) for i in range(demo_view.area.count())]
    assert areas[:4] == ["全部区域", "赤峰市", TREE_INDENT + "阿鲁科尔沁旗", TREE_INDENT * 2 + "天山镇"]


def test_a_category_an_area_a_status_and_dates_narrow_the_list_together(
        qtbot: QtBot, demo_view: SamplesView, demo: Services) -> None:
    view = demo_view
    _choose(view.status, "已批准")
    _choose(view.product, TREE_INDENT + "蔬菜")
    _choose(view.area, TREE_INDENT + "阿鲁科尔沁旗")
    view.use_from.setChecked(True)
    view.sampled_from.setDate(QDate(2026, 3, 1))
    view.use_to.setChecked(True)
    view.sampled_to.setDate(QDate(2026, 10, 31))
    options = demo.samples.options()
    veg = next(p.id for p in options.products if p.name == "蔬菜")
    banner = next(a.id for a in options.areas if a.name == "阿鲁科尔沁旗")
    expected = SampleFilter(status="approved", product_id=veg, area_id=banner,
                            sampled_from=date(2026, 3, 1), sampled_to=date(2026, 10, 31))
    assert view.current_filter() == expected
    total = demo.samples.page(expected).total
    assert 0 < total < DEMO_SAMPLES
    qtbot.waitUntil(lambda: view.model.filter == expected and view.total.text() == f"共 {total} 个样品")
    assert _shown(view, "状态") == {"已批准"}
    assert _shown(view, "产品") <= {"韭菜", "芹菜", "马铃薯"}
    assert all("2026-03-01" <= d[:10] <= "2026-10-31" for d in _shown(view, "抽样日期"))


def test_a_producer_and_a_verdict_list_only_their_samples(qtbot: QtBot, demo_view: SamplesView) -> None:
    view = demo_view
    producer = _cell(view, 0, "受检单位")
    _choose(view.producer, producer)
    qtbot.waitUntil(lambda: view.model.filter.producer_id is not None and not view.model.loading)
    assert _shown(view, "受检单位") == {producer}
    _choose(view.producer, "全部受检单位")
    _choose(view.verdict, "合格")
    qtbot.waitUntil(lambda: view.model.filter == SampleFilter(verdict="pass") and not view.model.loading)
    assert _shown(view, "判定") == {"合格"}


def test_clear_filters_lists_every_sample_again(qtbot: QtBot, demo_view: SamplesView) -> None:
    view = demo_view
    _choose(view.status, "已批准")
    view.use_from.setChecked(True)
    view.search.setText("NJ")
    qtbot.waitUntil(lambda: view.model.filter.text == "NJ")
    view.clear_button.click()
    assert view.current_filter() == SampleFilter()
    assert not view.sampled_from.isEnabled() and view.search.text() == ""
    qtbot.waitUntil(lambda: view.total.text() == f"共 {DEMO_SAMPLES} 个样品")


def test_a_date_range_that_ends_before_it_starts_is_explained_not_listed(
        qtbot: QtBot, demo_view: SamplesView) -> None:
    view = demo_view
    view.sampled_from.setDate(QDate(2026, 7, 2))
    view.sampled_to.setDate(QDate(2026, 7, 1))
    view.use_from.setChecked(True)
    view.use_to.setChecked(True)
    qtbot.waitUntil(lambda: view.message.kind == "error")
    assert view.message.text() == "抽样日期范围的起始日 2026-07-02 晚于截止日 2026-07-01"
    view.use_from.setChecked(False)
    qtbot.waitUntil(lambda: not view.message.isVisible())


# --- the barcode scanner ----------------------------------------------------------------------------

@pytest.fixture
def window(qtbot: QtBot, demo: Services, settings: AppSettings, runner: TaskRunner,
           counted_pages: list[tuple[SampleFilter, int]]) -> MainWindow:
    actor = Actor(None, "manager", "孟和", frozenset({RoleCode.MANAGER}), WORKSTATION)
    main = MainWindow(demo, actor, settings, runner)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.ready, timeout=10_000):
        main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    assert runner.wait_idle()
    return main


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _scan(target: QWidget | object, code: str) -> None:
    """A keyboard-wedge scanner: every character at once, then Enter (ASCII keys only)."""
    for ch in code:
        QTest.keyClick(target, ch)
    QTest.keyClick(target, Qt.Key.Key_Return)


def _type_slowly(target: QWidget, text: str, gap_ms: int = 60) -> None:
    for ch in text:
        QTest.keyClick(target, ch, Qt.KeyboardModifier.NoModifier, gap_ms)


def _selected_code(view: SamplesView) -> str | None:
    rows = view.table.selectionModel().selectedRows()
    return view.model.row_at(rows[0].row()).code if rows else None


def test_a_scan_selects_the_sample_without_typing_into_the_focused_search_box(
        qtbot: QtBot, window: MainWindow, counted_pages: list[tuple[SampleFilter, int]]) -> None:
    view = window.samples
    _focus(qtbot, view.search)
    requests = len(counted_pages)
    with qtbot.waitSignal(view.sample_opened, timeout=5000) as opened:
        _scan(view.search, NEWEST)
    assert opened.args[0].code == NEWEST
    assert _selected_code(view) == NEWEST
    assert view.detail.text() == f"已选样品：{NEWEST}"
    assert view.search.text() == ""  # neither the code nor the Enter reached the field
    assert len(counted_pages) == requests  # and no search was started by it


def test_a_scan_on_another_page_opens_the_samples_page_and_finds_an_old_sample(
        qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("audit")
    _focus(qtbot, window.navigation)
    view = window.samples
    with qtbot.waitSignal(view.sample_opened, timeout=5000):
        _scan(window.windowHandle(), "nj2026-000003")  # lower case: Caps Lock was on
    assert window.current_key() == "samples"
    assert window.navigation.currentRow() == 0
    # not among the rows loaded: the list is narrowed to it, then it is selected
    qtbot.waitUntil(lambda: _selected_code(view) == OLD)
    assert view.search.text() == OLD and view.total.text() == "共 1 个样品"


def test_a_scanned_code_that_matches_no_sample_says_so(qtbot: QtBot, window: MainWindow) -> None:
    view = window.samples
    window.show_page("instruments")
    _focus(qtbot, window.navigation)
    _scan(window.navigation, "NJ2026-999999")
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert window.current_key() == "samples"
    assert view.message.kind == "error"
    assert view.message.text() == "未找到样品 NJ2026-999999"
    assert _selected_code(view) is None


def test_slow_typing_in_the_search_box_is_typing_not_a_scan(
        qtbot: QtBot, window: MainWindow) -> None:
    view = window.samples
    scans: list[str] = []
    window.scanner.scanned.connect(scans.append)
    _focus(qtbot, view.search)
    _type_slowly(view.search, "NJ2026-00011")
    QTest.keyClick(view.search, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 60)
    assert view.search.text() == "NJ2026-00011"
    qtbot.waitUntil(lambda: view.total.text() == "共 10 个样品")
    assert scans == [] and not view.message.isVisible()


def test_a_short_fast_burst_is_typing_too(qtbot: QtBot, window: MainWindow) -> None:
    view = window.samples
    scans: list[str] = []
    window.scanner.scanned.connect(scans.append)
    _focus(qtbot, view.search)
    _scan(view.search, "NJ20")  # fewer characters than any sample code
    qtbot.waitUntil(lambda: view.search.text() == "NJ20")
    assert scans == []


def test_keys_for_another_window_pass_the_scanner_untouched(qtbot: QtBot) -> None:
    watched, other = QWidget(), QWidget()
    field = QLineEdit()
    QVBoxLayout(other).addWidget(field)
    for w in (watched, other):
        qtbot.addWidget(w)
    detector = BarcodeScanDetector(watched, parent=watched)
    detector.install()
    scans: list[str] = []
    detector.scanned.connect(scans.append)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow)
    _focus(qtbot, field)
    _scan(field, NEWEST)
    assert field.text() == NEWEST and scans == []
    detector.remove()


def test_export_results_writes_what_the_filters_show(qtbot: QtBot, demo_view: SamplesView, runner: TaskRunner,
                                                      tmp_path) -> None:
    import openpyxl

    view = demo_view
    _choose(view.verdict, "不合格")
    qtbot.waitUntil(lambda: view.model.filter == SampleFilter(verdict="fail") and not view.model.loading)
    failed = _shown(view, "样品编号")
    target = tmp_path / "结果.xlsx"
    view.export_results(target)
    assert runner.wait_idle()
    assert view.export_button.isEnabled() and "结果.xlsx" in view.message.text()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    assert rows and {r[0] for r in rows} <= failed and any(r[8] == "不合格" for r in rows)


# --- long names, hovering, column widths ----------------------------------------------------------

QUARTERLY = "2026年阿鲁科尔沁旗农畜产品质量安全例行监测（第三季度）"
SPECIAL = "2026年阿鲁科尔沁旗农畜产品质量安全例行监测（牛羊肉专项）"


def _shown_text(table: QTableView, index: QModelIndex) -> str:
    """The text a cell shows at its width, cut as the view's delegate cuts it."""
    delegate = table.itemDelegateForIndex(index)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.widget = table
    option.rect = table.visualRect(index)
    delegate.initStyleOption(option, index)
    style = table.style()
    room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table).width()
    room -= 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    return option.fontMetrics.elidedText(index.data(), option.textElideMode, room)


@pytest.fixture
def long_tasks(sqlite_services: Services) -> None:
    dbfill.insert_samples(sqlite_services, 4)
    with dbfill.engine_of(sqlite_services) as eng, eng.begin() as c:
        for code, title in (("T0", QUARTERLY), ("T1", SPECIAL)):
            c.execute(update(Task).where(Task.code == code).values(title=title))


def test_long_task_names_that_share_their_first_words_are_told_apart_and_shown_whole_on_hover(
        qtbot: QtBot, sqlite_services: Services, runner: TaskRunner, long_tasks: None) -> None:
    page = SamplesView(sqlite_services, runner)
    qtbot.addWidget(page)
    page.resize(1216, 600)  # the page's room in a 1366-wide window
    with qtbot.waitSignal(page.first_page_loaded, timeout=10_000):
        page.show()
    task = _column(page, "抽样任务")
    cells = {page.model.index(r, task).data(): page.model.index(r, task) for r in range(page.model.rowCount())}
    quarterly, special = _shown_text(page.table, cells[QUARTERLY]), _shown_text(page.table, cells[SPECIAL])
    assert "…" in quarterly and "…" in special  # too long for the column: cut...
    assert quarterly != special  # ...but not to the same first words
    assert quarterly.endswith("（第三季度）") and special.endswith("（牛羊肉专项）")
    assert cell_tooltip(page.table, cells[QUARTERLY]) == QUARTERLY


def test_each_user_keeps_the_column_widths_they_gave_the_sample_list(
        qtbot: QtBot, sqlite_services: Services, runner: TaskRunner, settings: AppSettings, long_tasks: None) -> None:
    def sample_list(user: str) -> SamplesView:
        page = SamplesView(sqlite_services, runner, settings=settings, user=user)
        qtbot.addWidget(page)
        return page

    first = sample_list("tech1")
    task = _column(first, "抽样任务")
    default = first.table.columnWidth(task)
    first.table.horizontalHeader().resizeSection(task, 420)  # dragged wider by tech1
    qtbot.waitUntil(lambda: settings.column_widths("tech1", "samples")[task:task + 1] == [420])
    assert sample_list("tech1").table.columnWidth(task) == 420  # the next time tech1 opens the list
    assert sample_list("tech2").table.columnWidth(task) == default  # tech2 on the same computer: untouched
