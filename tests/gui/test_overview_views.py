from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from lims.gui.tasks import TaskRunner
from lims.gui.views.instruments import InstrumentsView
from lims.gui.views.reports import ReportsView
from lims.gui.views.scope import ScopeView
from lims.gui.widgets import DUE_BACKGROUND, EXPIRED_BACKGROUND, cell_tooltip
from lims.services.container import Services
from tests.gui import dbfill

TODAY = date(2026, 11, 28)


def _texts(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_certificates_due_for_renewal_or_expired_stand_out_and_their_rows_show(
        qtbot: QtBot, sqlite_services: Services, runner: TaskRunner) -> None:
    dbfill.insert_scope(sqlite_services, TODAY)
    view = ScopeView(sqlite_services, runner, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.scope_rows.rowCount() == 5)

    rows = {view.certificates.index(r, 1).data(): r for r in range(view.certificates.rowCount())}
    due, valid, expired = rows["231512340567"], rows["(2024)农质检核(蒙)字第0123号"], rows["201512340001"]
    assert _texts(view.certificates, due)[0] == "CMA 资质认定"
    assert "应申请复查换证：剩余 60 天" in _texts(view.certificates, due)
    assert "已过期" in _texts(view.certificates, expired)
    assert "有效" in _texts(view.certificates, valid)
    background = Qt.ItemDataRole.BackgroundRole
    assert view.certificates.index(due, 0).data(background) == DUE_BACKGROUND
    assert view.certificates.index(expired, 0).data(background) == EXPIRED_BACKGROUND
    assert view.certificates.index(valid, 0).data(background) is None
    assert "第 2 版" in _texts(view.certificates, due)[5]

    view.certificate_table.selectRow(valid)
    qtbot.waitUntil(lambda: "CATL 机构考核" in view.rows_title.text() and "共 5 行" in view.rows_title.text())
    # the method edition column (4) stays empty: the catalogue holds no date for this edition
    assert _texts(view.scope_rows, 2)[2:6] == [
        "有机磷类农药", "GB/T 5009.199-2003 蔬菜中有机磷和氨基甲酸酯类农药残留量的快速检测", "", "只做定性"]


def test_an_empty_scope_says_so(qtbot: QtBot, sqlite_services: Services, runner: TaskRunner) -> None:
    view = ScopeView(sqlite_services, runner)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.rows_title.text() == "尚未登记资质证书")


def test_instruments_with_an_expired_calibration_stand_out(
        qtbot: QtBot, sqlite_services: Services, runner: TaskRunner) -> None:
    dbfill.insert_instruments(sqlite_services, TODAY)
    view = InstrumentsView(sqlite_services, runner, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    by_name = {view.model.index(r, 0).data(): r for r in range(3)}
    expired = by_name["农药残留速测仪"]
    assert _texts(view.model, expired)[-2:] == ["2026-11-25", "已过期"]
    assert view.model.index(expired, 0).data(Qt.ItemDataRole.BackgroundRole) == EXPIRED_BACKGROUND
    assert _texts(view.model, by_name["胶体金读数仪"])[-1] == "无检定/校准记录"
    assert _texts(view.model, by_name["气相色谱-质谱联用仪"])[-1] == "有效"
    assert view.summary.text() == "共 3 台仪器，其中 1 台检定/校准已过期"


def test_reports_show_their_number_sample_and_state(
        qtbot: QtBot, sqlite_services: Services, runner: TaskRunner) -> None:
    dbfill.insert_samples(sqlite_services, 5)
    dbfill.insert_reports(sqlite_services)
    view = ReportsView(sqlite_services, runner)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    rows = [_texts(view.model, r) for r in range(3)]
    assert [r[2] for r in rows] == ["草稿", "已作废", "已签发"]
    assert rows[0][0] == "（签发时编号）" and rows[0][3] == ""
    assert rows[2][:2] == ["ALK-JC-2026-0001", "NJ2026-00001"]
    assert rows[2][3].startswith("2026-08-01")
    assert view.summary.text() == "显示 3 份报告"


def test_a_cut_cell_of_the_scope_page_shows_its_whole_text_on_hover(
        qtbot: QtBot, sqlite_services: Services, runner: TaskRunner) -> None:
    dbfill.insert_scope(sqlite_services, TODAY)
    view = ScopeView(sqlite_services, runner, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.certificates.rowCount() == 3)
    table = view.certificate_table
    table.setColumnWidth(1, 90)  # the certificate number, too long for its column now
    catl = next(r for r in range(3) if "农质检核" in view.certificates.index(r, 1).data())
    index = view.certificates.index(catl, 1)
    assert index.data(Qt.ItemDataRole.ToolTipRole) is None  # the model has no tooltip of its own for it
    where = table.visualRect(index).center()
    hover = QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where))
    QApplication.sendEvent(table.viewport(), hover)
    assert QToolTip.text() == "(2024)农质检核(蒙)字第0123号"
    QToolTip.hideText()
    whole = view.certificates.index(catl, 6)  # the row count fits: no tooltip
    assert cell_tooltip(table, whole) == ""


def test_the_instruments_page_names_each_adapter_in_words(
        qtbot: QtBot, sqlite_services: Services, runner: TaskRunner) -> None:
    dbfill.insert_instruments(sqlite_services, TODAY)
    view = InstrumentsView(sqlite_services, runner, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    adapter = next(c for c in range(view.model.columnCount())
                   if view.model.headerData(c, Qt.Orientation.Horizontal) == "接口适配器")
    assert {view.model.index(r, adapter).data() for r in range(3)} == {"分析仪（ASTM E1394）"}
    assert view.model.index(0, adapter).data(Qt.ItemDataRole.ToolTipRole) == "astm"
