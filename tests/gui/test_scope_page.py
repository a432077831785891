"""The Scope page as a lab manager uses it: certificates added and edited, an ability table
imported only after its preview, the scope audit; and the verdicts in a sample's results grid."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lims.gui.results_grid import GridColumn
from lims.gui.scope_dialogs import CertificateDialog, TableImportDialog, cell_texts
from lims.gui.tasks import TaskRunner
from lims.gui.views.sample_detail import COLUMNS
from lims.gui.views.scope import ScopeView
from lims.gui.widgets import EXPIRED_BACKGROUND
from lims.services.container import Services
from lims.services.dto import AuditFilter
from tests.gui.test_sample_work_gui import open_detail, prepared_sample, row_of
from tests.services.scope_workbooks import messy_table

PW = "demo1234"
TODAY = date(2026, 11, 28)
CMA = "221505990117"
SHOTS = os.environ.get("LIMS_SCREENSHOTS")  # a folder: the screens are saved there to be looked at


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def lab(sqlite_demo_services: Services) -> Services:
    return sqlite_demo_services


def _page(qtbot: QtBot, lab: Services, runner: TaskRunner, user: str) -> ScopeView:
    actor = lab.users.login(user, PW, "ws")
    view = ScopeView(lab, runner, today=lambda: TODAY, actor=actor)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.certificates.rowCount() == 2 and view.scope_rows.rowCount() > 0)
    return view


def _row_of(view: ScopeView, number: str) -> int:
    return next(r for r in range(view.certificates.rowCount()) if view.certificates.index(r, 1).data() == number)


def test_a_technician_sees_the_scope_but_may_not_change_it(qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    view = _page(qtbot, lab, runner, "tech1")
    assert not view.add_button.isEnabled() and not view.import_button.isEnabled()
    assert "负责人" in view.add_button.toolTip()


def test_a_manager_adds_a_certificate_and_it_is_listed_and_audited(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    view = _page(qtbot, lab, runner, "manager")
    _shot(view, "scope_page")
    view.add_button.click()
    dialog = view.dialog
    assert isinstance(dialog, CertificateDialog)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("CATL"))
    assert dialog.lead.value() == 180
    dialog.number.setText("［2027］农质检核（蒙）字第0101号")
    dialog.holder.setText("阿鲁科尔沁旗农畜产品质量安全检验检测站（演示）")
    dialog.issued.setDate(QDate(2027, 3, 1))
    dialog.valid_until.setDate(QDate(2030, 2, 28))
    _shot(dialog, "certificate_dialog")
    dialog.save()
    qtbot.waitUntil(lambda: view.certificates.rowCount() == 3)
    row = _row_of(view, "［2027］农质检核（蒙）字第0101号")
    assert view.certificates.index(row, 0).data() == "CATL 机构考核"
    events = lab.audit.page(AuditFilter(entity="certificate")).rows
    assert any("0101" in str(e.changes) and e.action == "create" for e in events)


def test_a_duplicate_certificate_number_is_refused_beside_its_field(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    view = _page(qtbot, lab, runner, "manager")
    view.add_button.click()
    dialog = view.dialog
    assert isinstance(dialog, CertificateDialog)
    qtbot.addWidget(dialog)
    dialog.number.setText(CMA)
    dialog.holder.setText("演示")
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.boxes["number"].error.text()))
    assert "已登记" in dialog.boxes["number"].error.text()
    assert view.certificates.rowCount() == 2


def test_an_ability_table_is_imported_only_after_its_preview(
        qtbot: QtBot, lab: Services, runner: TaskRunner, tmp_path: Path) -> None:
    view = _page(qtbot, lab, runner, "manager")
    view.certificate_table.selectRow(_row_of(view, CMA))
    view.import_button.click()
    dialog = view.dialog
    assert isinstance(dialog, TableImportDialog)
    qtbot.addWidget(dialog)
    dialog.choose_file(messy_table(tmp_path / "附表.xlsx"))
    qtbot.waitUntil(lambda: dialog.preview is not None)
    rows = {r[0]: r for r in cell_texts(dialog.rows_table)}
    assert rows["1.1"][2:5] == ["﹡△毒死蜱", "毒死蜱", "GB 23200.113-2018"]
    assert rows["1.3"][3] == "克百威 = 呋喃丹 （包括 3-羟基克百威）"
    assert rows["2.1"][4] == "农业部1077号公告-1-2008" and rows["2.1"][6] == "畜禽肉及副产品"
    assert "已识别 8 行" in dialog.summary.text() and "2026-07-01（取自文件）" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    assert lab.scope.certificates()[0].table_version == 1  # nothing stored by the preview
    dialog.resize(1300, 700)
    _shot(dialog, "import_preview")
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.done_table is not None)
    assert dialog.done_table.version_no == 2
    qtbot.waitUntil(lambda: "第 2 版" in view.certificates.index(_row_of(view, CMA), 5).data())


def test_a_table_with_rows_not_understood_cannot_be_imported(
        qtbot: QtBot, lab: Services, runner: TaskRunner, tmp_path: Path) -> None:
    view = _page(qtbot, lab, runner, "manager")
    view.certificate_table.selectRow(_row_of(view, CMA))
    view.import_button.click()
    dialog = view.dialog
    assert isinstance(dialog, TableImportDialog)
    qtbot.addWidget(dialog)
    dialog.choose_file(messy_table(tmp_path / "bad.xlsx", extra_rows=[["2.3", None, "沙丁胺醇", "液相色谱法"]]))
    qtbot.waitUntil(lambda: dialog.preview is not None)
    problems = cell_texts(dialog.problem_table)
    assert problems[0][:2] == ["10", "D"] and "没有带年号的方法标准" in problems[0][3]
    assert not dialog.import_button.isEnabled()
    assert dialog.message.kind == "error"


def test_a_table_of_another_certificate_is_refused_in_the_dialog(
        qtbot: QtBot, lab: Services, runner: TaskRunner, tmp_path: Path) -> None:
    view = _page(qtbot, lab, runner, "manager")
    view.certificate_table.selectRow(_row_of(view, CMA))
    view.import_button.click()
    dialog = view.dialog
    assert isinstance(dialog, TableImportDialog)
    qtbot.addWidget(dialog)
    dialog.choose_file(messy_table(tmp_path / "other.xlsx", certificate="221505990999"))
    qtbot.waitUntil(lambda: bool(dialog.boxes["file"].error.text()))
    assert "不是证书 221505990117 的" in dialog.boxes["file"].error.text()
    assert not dialog.import_button.isEnabled()


def test_the_scope_audit_lists_tests_outside_and_certificates_due(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = lab.users.login("tech1", PW, "ws")
    prepared_sample(lab, tech)
    view = _page(qtbot, lab, runner, "manager")
    view.tabs.setCurrentIndex(1)
    panel = view.audit_panel
    panel.days.setValue(3660)
    panel.run()
    qtbot.waitUntil(lambda: panel.report is not None)
    assert "CATL" in panel.expiring.text() and "应申请复查换证" in panel.expiring.text()
    # the leek panel: the CMA table holds 高效氯氟氰菊酯 only by NY/T 761-2008, and no 啶虫脒 at all
    shown = {tuple(panel.outside.index(r, c).data() for c in (1, 2, 4, 5, 6)) for r in range(panel.outside.rowCount())}
    assert shown == {("高效氯氟氰菊酯", "GB 23200.113-2018", "CMA", "附表无此项", "NY/T 761-2008"),
                     ("啶虫脒", "GB 23200.121-2021", "CMA", "附表无此项", "")}
    assert "CMA：范围内 4 项，待确认 0 项，超范围 2 项" in panel.summary.text()
    _shot(view, "scope_audit")


def test_the_results_grid_shows_both_verdicts_in_words(qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = lab.users.login("tech1", PW, "ws")
    sample = prepared_sample(lab, tech)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    scope = COLUMNS.index(GridColumn.SCOPE)
    inside = view.model.index(row_of(view, "毒死蜱"), scope)
    outside = view.model.index(row_of(view, "啶虫脒"), scope)
    assert inside.data() == "CMA 范围内 / CATL 范围内"
    assert inside.data(Qt.ItemDataRole.BackgroundRole) is None
    assert outside.data() == "CMA 附表无此项 / CATL 范围内"
    assert outside.data(Qt.ItemDataRole.BackgroundRole) == EXPIRED_BACKGROUND
    assert "0045" in outside.data(Qt.ItemDataRole.ToolTipRole)  # the CATL certificate that covers it
    _shot(view, "results_grid_scope")


def test_a_manager_edits_a_certificate_with_a_reason(qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    view = _page(qtbot, lab, runner, "manager")
    view.certificate_table.selectRow(_row_of(view, CMA))
    view.edit_button.click()
    dialog = view.dialog
    assert isinstance(dialog, CertificateDialog)
    qtbot.addWidget(dialog)
    assert (dialog.number.text(), dialog.lead.value()) == (CMA, 90)
    dialog.valid_until.setDate(QDate(2026, 12, 31))
    dialog.reason.setText("证书有效期更正")
    dialog.save()
    qtbot.waitUntil(lambda: "应申请复查换证" in view.certificates.index(_row_of(view, CMA), 4).data())
    event = next(e for e in lab.audit.page(AuditFilter(entity="certificate")).rows if e.action == "update")
    assert event.reason == "证书有效期更正" and "2026-12-31" in str(event.changes)
