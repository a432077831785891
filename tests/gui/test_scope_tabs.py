"""The Scope page's further tabs as a lab manager uses them: withdrawn method editions flagged on
the ability table's rows, an expansion application walked to its approval, the alias table
edited, the audit of a period exported; and the approval step naming the tests outside the
scope before the signature."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lims.gui.sample_dialogs import SignatureDialog
from lims.gui.scope_aliases import AliasDialog, RemoveAliasDialog, RequiredDialog
from lims.gui.scope_expansion import AttachDialog, NewExpansionDialog, StepDialog
from lims.gui.tasks import TaskRunner
from lims.gui.views.scope import ScopeView
from lims.gui.widgets import EXPIRED_BACKGROUND
from lims.services.container import Services
from lims.services.dto import AuditFilter
from tests.gui.test_sample_work_gui import open_detail, prepared_sample

PW = "demo1234"
TODAY = date(2026, 11, 28)
CATL = "［2024］农质检核（蒙）字第0045号"
SHOTS = os.environ.get("LIMS_SCREENSHOTS")  # a folder: the screens are saved there to be looked at


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def lab(sqlite_demo_services: Services) -> Services:
    return sqlite_demo_services


def _page(qtbot: QtBot, lab: Services, runner: TaskRunner, user: str) -> ScopeView:
    view = ScopeView(lab, runner, today=lambda: TODAY, actor=lab.users.login(user, PW, "ws"))
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.certificates.rowCount() == 2 and view.scope_rows.rowCount() > 0)
    return view


def _tab(view: ScopeView, page: QWidget) -> None:
    view.tabs.setCurrentIndex(view.tabs.indexOf(page))


def test_a_row_naming_a_withdrawn_edition_is_flagged_in_red(qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    view = _page(qtbot, lab, runner, "tech1")
    catl = next(r for r in range(view.certificates.rowCount()) if view.certificates.index(r, 1).data() == CATL)
    view.certificate_table.selectRow(catl)
    qtbot.waitUntil(lambda: view.scope_rows.rowCount() == 19 and "附表" in view.rows_title.text())
    row = next(r for r in range(view.scope_rows.rowCount()) if view.scope_rows.index(r, 1).data() == "3.1")
    edition = view.scope_rows.index(row, 4)
    assert edition.data() == "GB 5009.12-2010 已废止（2017-10-05 之后），已由 GB 5009.12-2017 代替"
    assert edition.data(Qt.ItemDataRole.BackgroundRole) == EXPIRED_BACKGROUND
    assert view.scope_rows.index(0, 4).data() == ""
    assert "1 行所列方法版本已废止或被代替" in view.rows_title.text()
    _shot(view, "scope_certificates")


def test_an_expansion_is_applied_for_walked_to_its_approval_and_shown(
        qtbot: QtBot, lab: Services, runner: TaskRunner, tmp_path: Path) -> None:
    view = _page(qtbot, lab, runner, "manager")
    panel = view.expansion_panel
    _tab(view, panel)
    qtbot.waitUntil(lambda: "尚无扩项申请" in panel.detail_title.text())
    panel.new_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, NewExpansionDialog)
    qtbot.addWidget(dialog)
    dialog.title.setText("2026年蔬菜农药残留扩项")
    dialog.planned.setDate(QDate(2026, 1, 10))
    dialog.set_row(0, "蔬菜、水果", "啶虫脒", "GB 23200.121")  # the year missing: refused beside the rows
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.boxes["items"].error.text()))
    assert "第 1 项" in dialog.boxes["items"].error.text() and dialog.isVisible()
    dialog.set_row(0, "蔬菜、水果", "啶虫脒", "GB 23200.121-2021")
    _shot(dialog, "expansion_dialog")
    dialog.submit()
    qtbot.waitUntil(lambda: panel.applications.rowCount() == 1 and panel.items.rowCount() == 1)
    assert panel.applications.index(0, 3).data() == "已计划"

    report = tmp_path / "方法验证报告.pdf"
    report.write_bytes(b"%PDF-1.7 verification")
    panel.attach_button.click()
    attach = panel.dialog
    assert isinstance(attach, AttachDialog)
    qtbot.addWidget(attach)
    attach.file.setText(str(report))
    attach.step.setCurrentIndex(attach.step.findData("method_verification"))
    attach.submit()
    qtbot.waitUntil(lambda: panel.evidence.rowCount() == 1)
    assert panel.evidence.index(0, 1).data() == "方法验证"

    for step, day in (("method_verification", QDate(2026, 1, 20)), ("staff_authorised", QDate(2026, 2, 1)),
                      ("proficiency_test", QDate(2026, 2, 15)), ("submitted", QDate(2026, 3, 1)),
                      ("assessed", QDate(2026, 3, 20)), ("approved", QDate(2026, 4, 1))):
        before = panel.steps.rowCount()
        panel.step_button.click()
        dialog = panel.dialog
        assert isinstance(dialog, StepDialog)
        qtbot.addWidget(dialog)
        dialog.step.setCurrentIndex(dialog.step.findData(step))
        dialog.on.setDate(day)
        if step == "approved":
            assert "新版本" in dialog.intro.text()
            _shot(dialog, "expansion_step_dialog")
        dialog.submit()
        qtbot.waitUntil(lambda before=before: panel.steps.rowCount() == before + 1)
    assert panel.applications.index(0, 3).data() == "已批准"
    assert "CMA 资质认定 221505990117：第 2 版" in panel.tables_note.text()
    assert not panel.step_button.isEnabled() or "无" in panel.detail_title.text()
    _shot(view, "scope_expansion")
    assert lab.scope.check("韭菜", "啶虫脒", "GB 23200.121-2021", date(2026, 4, 1)).cma.verdict.value == "in"


def test_a_manager_edits_and_removes_an_alias_and_a_technician_may_not(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    reader = _page(qtbot, lab, runner, "tech1")
    _tab(reader, reader.alias_panel)
    qtbot.waitUntil(lambda: reader.alias_panel.aliases.rowCount() > 20)
    assert not reader.alias_panel.remove_button.isEnabled()

    view = _page(qtbot, lab, runner, "manager")
    panel = view.alias_panel
    _tab(view, panel)
    qtbot.waitUntil(lambda: panel.aliases.rowCount() > 20)
    panel.filter.setText("呋喃丹")
    assert panel.aliases.rowCount() == 1
    panel.alias_table.selectRow(0)
    panel.edit_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, AliasDialog)
    qtbot.addWidget(dialog)
    dialog.alias.setText("呋喃丹（克百威）")
    dialog.reason.setText("按附表写法")
    dialog.submit()
    qtbot.waitUntil(lambda: panel.filter.text() and panel.aliases.rowCount() == 1
                    and panel.aliases.index(0, 1).data() == "呋喃丹（克百威）")
    panel.alias_table.selectRow(0)
    panel.remove_button.click()
    remove = panel.dialog
    assert isinstance(remove, RemoveAliasDialog)
    qtbot.addWidget(remove)
    remove.submit()  # no reason: refused beside the field
    qtbot.waitUntil(lambda: bool(remove.boxes["reason"].error.text()))
    remove.reason.setText("不再使用")
    remove.submit()
    qtbot.waitUntil(lambda: panel.aliases.rowCount() == 0)
    panel.filter.setText("")
    _shot(view, "scope_aliases")
    events = lab.audit.page(AuditFilter(entity="scope_alias")).rows
    assert [(e.action, e.reason) for e in events[:2]] == [("delete", "不再使用"), ("update", "按附表写法")]


def test_the_audit_of_a_period_is_shown_and_exported(
        qtbot: QtBot, lab: Services, runner: TaskRunner, tmp_path: Path) -> None:
    tech = lab.users.login("tech1", PW, "ws")
    prepared_sample(lab, tech)
    view = _page(qtbot, lab, runner, "manager")
    panel = view.audit_panel
    _tab(view, panel)
    panel.start.setDate(QDate(2026, 1, 1))
    panel.end.setDate(QDate(2026, 3, 31))
    panel.export_to(tmp_path / "范围审核")
    qtbot.waitUntil(lambda: panel.files is not None)
    assert (tmp_path / "范围审核.xlsx").exists() and (tmp_path / "范围审核.pdf").exists()
    text = panel.sections.text()
    assert "标志使用错误的报告：0 份（已核查 0 份，应为无）" in text
    assert "GB 5009.12-2010" in text and "⚠" in text
    assert "韭菜 啶虫脒 (CMA)" in text
    assert "已写入" in panel.message.text()
    panel.run_period()  # the period's tests outside a scope, one by one, in the list below
    qtbot.waitUntil(lambda: panel.outside.rowCount() == 2)
    assert {panel.outside.index(r, 1).data() for r in range(2)} == {"啶虫脒", "高效氯氟氰菊酯"}
    assert "2026-01-01 至 2026-03-31" in panel.summary.text()
    _shot(view, "scope_audit_period")


def test_a_manager_edits_a_products_required_parameters_from_the_audit_tab(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    view = _page(qtbot, lab, runner, "manager")
    panel = view.audit_panel
    _tab(view, panel)
    panel.required_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, RequiredDialog))
    dialog = panel.dialog
    assert isinstance(dialog, RequiredDialog)
    qtbot.addWidget(dialog)
    celery = dialog.product.findData(next(r.product_id for r in lab.scope.required() if r.product == "芹菜"))
    dialog.product.setCurrentIndex(celery)
    assert dialog.parameters.text() == "毒死蜱、氧乐果、甲拌磷、高效氯氟氰菊酯"  # the demo's plan
    dialog.parameters.setText("毒死蜱、甲拌磷、不存在的农药")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.message.text()))
    assert "不存在的农药" in dialog.message.text() and dialog.isVisible()
    dialog.parameters.setText("毒死蜱，甲拌磷")
    dialog.source.setText("2027年例行监测方案")
    _shot(dialog, "required_dialog")
    dialog.submit()
    qtbot.waitUntil(lambda: "已保存" in panel.message.text())
    assert [(r.parameter, r.source) for r in lab.scope.required() if r.product == "芹菜"] == [
        ("毒死蜱", "2027年例行监测方案"), ("甲拌磷", "2027年例行监测方案")]
    assert not _page(qtbot, lab, runner, "tech1").audit_panel.required_button.isEnabled()


def test_approving_a_sample_with_tests_outside_the_scope_names_them_before_the_signature(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech, reviewer = lab.users.login("tech1", PW, "ws"), lab.users.login("reviewer", PW, "ws")
    sample = prepared_sample(lab, tech)
    for test in sample.tests:
        sample = lab.work.enter_result(tech, test.id, test.version, "ND")
    sample = lab.work.transition(tech, sample.id, sample.version, "submit")
    sample = lab.work.transition(reviewer, sample.id, sample.version, "verify", password=PW)
    view = open_detail(qtbot, lab, lab.users.login("signer", PW, "ws"), runner, sample.id)
    view.resize(1366, 768)
    qtbot.mouseClick(view.buttons["approve"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, SignatureDialog))
    dialog = view.dialog
    assert isinstance(dialog, SignatureDialog)
    warning = dialog.warning.text()
    assert dialog.warning.isVisibleTo(dialog)
    assert warning.startswith("超出资质范围：批准将签署 2 个")
    assert "• 啶虫脒 GB 23200.121-2021: CMA 附表无此项" in warning
    assert "• 高效氯氟氰菊酯 GB 23200.113-2018: CMA 附表无此项" in warning
    _shot(dialog, "approval_warning")
    dialog.password.setText(PW)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.submit()
    assert view.status_label.text() == "已批准"
