"""The sampling form and the sample at the bench, driven through the widgets in Chinese."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from instruments.reading import Reading
from lims.gui.results_grid import GridColumn
from lims.gui.sample_dialogs import ReasonDialog, RegistrationDialog, SignatureDialog
from lims.gui.tasks import TaskRunner
from lims.gui.views.sample_detail import COLUMNS, SampleDetailView
from lims.gui.widgets import DUE_BACKGROUND, DUE_TEXT, FAIL_TEXT, TREE_INDENT
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.sample_work import RegistrationForm, SampleDetail

PW = "demo1234"
WORKSTATION = "化验室-1"
CST = ZoneInfo("Asia/Shanghai")
GREEN_FIELDS = "阿鲁科尔沁旗绿野蔬菜种植专业合作社（演示）"

# the columns of the sample's results grid
PARAMETER, VALUE, REPORTED, VERDICT, BASIS, ENTERED_BY, STATUS, HISTORY = (COLUMNS.index(c) for c in (
    GridColumn.PARAMETER, GridColumn.VALUE, GridColumn.REPORTED, GridColumn.VERDICT,
    GridColumn.BASIS, GridColumn.ENTERED_BY, GridColumn.STATUS, GridColumn.HISTORY))


@pytest.fixture
def lab(sqlite_demo_services: Services) -> Services:
    return sqlite_demo_services


def ui(context: str, source: str) -> str:
    """A string of the new screens as the installed translation reads it (the Chinese texts
    of this work are added to resources/i18n separately)."""
    return QCoreApplication.translate(context, source)


def login(services: Services, user: str) -> Actor:
    return services.users.login(user, PW, WORKSTATION)


# --- helpers a person's hands stand in for -----------------------------------------------------

def choose(combo: QComboBox, name: str) -> None:
    """Pick the entry reading ``name`` (tree entries are indented)."""
    for i in range(combo.count()):
        if combo.itemText(i).lstrip(TREE_INDENT) == name:
            combo.setCurrentIndex(i)
            return
    raise AssertionError(f"{name} is not offered")


def open_registration(qtbot: QtBot, services: Services, actor: Actor, runner: TaskRunner) -> RegistrationDialog:
    dialog = RegistrationDialog(services, actor, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.register_button.isEnabled)  # the choices have arrived
    return dialog


ROUTINE = "2026年阿鲁科尔沁旗农畜产品质量安全例行监测（演示）"


def fill_sampling_form(dialog: RegistrationDialog, sampler2: str = "李强") -> None:
    choose(dialog.task, ROUTINE)
    choose(dialog.product, "韭菜")
    choose(dialog.area, "新民村")
    dialog.producer.lineEdit().setText(GREEN_FIELDS)
    dialog.sampler1.setText("张明")
    dialog.sampler2.setText(sampler2)
    dialog.batch_size.setText("500 kg")
    dialog.quantity.setText("1 kg")
    dialog.storage.setText("冷藏")


def prepared_sample(services: Services, tech: Actor, *, receive: bool = True, panel: bool = True) -> SampleDetail:
    options = services.samples.options()
    product = next(p.id for p in options.products if p.name == "韭菜")
    producer = next(p.id for p in options.producers if p.name == GREEN_FIELDS)
    sample = services.work.register(tech, RegistrationForm(
        product_id=product, producer_id=producer, sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=CST),
        sampler1="张明", sampler2="李强"))
    if receive:
        sample = services.work.receive(tech, sample.id, sample.version, condition="包装完好", storage_place="冷藏柜A-2")
    if panel:
        sample = services.work.assign_panel(tech, sample.id, sample.version)
    return sample


def open_detail(qtbot: QtBot, services: Services, actor: Actor, runner: TaskRunner, sample_id: int) -> SampleDetailView:
    view = SampleDetailView(services, actor, runner)
    qtbot.addWidget(view)
    view.resize(1250, 620)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.load(sample_id)
    return view


def row_of(view: SampleDetailView, parameter: str) -> int:
    return next(i for i, t in enumerate(view.model.lines) if t.parameter == parameter)


def cell(view: SampleDetailView, row: int, column: int) -> str:
    return view.model.index(row, column).data()


def type_result(qtbot: QtBot, view: SampleDetailView, row: int, text: str) -> None:
    """Go to the value cell, type as a person does (the first key opens the editor) and press Enter.
    Chinese cannot be typed by the test robot: the editor is opened with F2 and the text set."""
    index = view.model.index(row, VALUE)
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    if text.isascii():
        qtbot.keyClick(view.table, text[0])
        editor = view.table.indexWidget(index)
        assert isinstance(editor, QLineEdit), "typing did not open the value editor"
        qtbot.keyClicks(editor, text[1:])
    else:
        qtbot.keyClick(view.table, Qt.Key.Key_F2)
        editor = view.table.indexWidget(index)
        assert isinstance(editor, QLineEdit)
        editor.setText(text)
    # the delegate commits the editor's text once the key press is through (a queued call); a
    # refused value may reopen the editor at once, so wait for the commit, not for the editor
    with qtbot.waitSignal(view.model.value_entered, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def saved(view: SampleDetailView, row: int, runner: TaskRunner) -> None:
    assert runner.wait_idle(10_000)
    test = view.model.line_at(row)
    assert test is not None and test.test_id not in view.model.pending, view.message.text()


# --- registration ------------------------------------------------------------------------------

def test_registration_refuses_a_missing_second_sampler_beside_its_field_then_shows_the_issued_code(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    dialog = open_registration(qtbot, lab, tech, runner)
    assert dialog.task.currentData() is None  # a task is chosen, never assumed
    fill_sampling_form(dialog, sampler2="")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)  # Enter on the last field submits
    sampler2 = dialog.boxes["sampler2"].error
    qtbot.waitUntil(sampler2.isVisible)
    assert sampler2.text() == "抽样单须由两名抽样人员签字"
    assert dialog.sampler2.hasFocus() or not dialog.isActiveWindow()
    assert dialog.pages.currentIndex() == 0 and dialog.sample is None

    dialog.sampler2.setText("李强")
    with qtbot.waitSignal(dialog.registered, timeout=10_000) as registered:
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
    assert not sampler2.isVisible()
    sample = registered.args[0]
    assert dialog.pages.currentIndex() == 1
    assert dialog.code_label.text() == sample.code == f"NJ{datetime.now().year}-000001"
    assert dialog.code_label.isVisible()
    stored = lab.work.detail(sample.id)
    assert (stored.product, stored.producer, stored.area, stored.task, stored.status) == (
        "韭菜", GREEN_FIELDS, "新民村", ROUTINE, "sample_due")


def test_the_sampling_time_is_typed_on_the_labs_clock_on_a_workstation_set_to_another_zone(
        workstation_in_utc: None, qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    dialog = open_registration(qtbot, lab, login(lab, "tech1"), runner)
    lab_now = datetime.now(CST)
    shown = dialog.sampled_at.dateTime()
    assert (shown.date().day(), shown.time().hour()) == (lab_now.day, lab_now.hour)  # not the UTC clock
    fill_sampling_form(dialog)
    dialog.sampled_at.setDateTime(QDateTime(QDate(2026, 3, 5), QTime(9, 30)))  # as the paper form says
    with qtbot.waitSignal(dialog.registered, timeout=10_000) as registered:
        qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    stored = lab.work.detail(registered.args[0].id).sampled_at
    assert stored == datetime(2026, 3, 5, 9, 30, tzinfo=CST)  # 01:30 UTC, not 09:30 UTC
    view = open_detail(qtbot, lab, login(lab, "tech1"), runner, registered.args[0].id)
    assert view.fields["sampled_at"].text() == "2026-03-05 09:30"


def test_categories_cannot_be_chosen_as_the_sampled_product(qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    dialog = open_registration(qtbot, lab, login(lab, "tech1"), runner)
    items = dialog.product.model()
    enabled = {dialog.product.itemText(i).lstrip(TREE_INDENT): items.item(i).isEnabled()
               for i in range(1, dialog.product.count())}
    assert enabled["韭菜"] and enabled["牛肉"]
    assert not enabled["蔬菜"] and not enabled["鳞茎类蔬菜"]


def test_a_wrong_credit_code_check_character_is_explained_beside_the_field_as_it_is_typed(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    dialog = open_registration(qtbot, lab, login(lab, "tech1"), runner)
    assert not dialog.credit_code.isEnabled()
    qtbot.mouseClick(dialog.new_producer, Qt.MouseButton.LeftButton)
    assert dialog.credit_code.isEnabled() and not dialog.producer.isEnabled()
    error = dialog.boxes["credit_code"].error
    qtbot.keyClicks(dialog.credit_code, "91150000MA0N0000")
    assert not error.isVisible()  # not all 18 characters yet: nothing to complain about
    qtbot.keyClicks(dialog.credit_code, "0X")
    assert error.isVisible()
    assert error.text().startswith("信用代码 91150000MA0N00000X 的校验码“X”有误：应为“")
    # the message wraps in the narrow producer column and takes exactly its lines: not cut, no gap
    line = error.fontMetrics().height()
    qtbot.waitUntil(lambda: error.heightForWidth(error.width()) > 1.5 * line)
    qtbot.waitUntil(lambda: error.height() == error.heightForWidth(error.width()))
    qtbot.keyClick(dialog.credit_code, Qt.Key.Key_Backspace)
    assert not error.isVisible()

    # the service says the same when the form is sent anyway
    qtbot.keyClick(dialog.credit_code, "X")
    fill_sampling_form(dialog)
    dialog.producer_name.setText("某某蔬菜合作社")
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle(10_000)
    assert "校验码" in error.text() and error.isVisible()
    assert dialog.sample is None


def test_the_certificate_number_and_the_client_open_only_when_they_apply(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    dialog = open_registration(qtbot, lab, login(lab, "tech1"), runner)
    assert not dialog.compliance_cert_no.isEnabled() and not dialog.client.isEnabled()
    dialog.compliance_cert.setChecked(True)
    dialog.client_brought.setChecked(True)
    assert dialog.compliance_cert_no.isEnabled() and dialog.client.isEnabled()
    fill_sampling_form(dialog)
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle(10_000)
    assert dialog.boxes["client"].error.text() == "请填写送样的委托单位"
    dialog.client.setText("天山镇农贸市场")
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle(10_000)
    assert dialog.boxes["compliance_cert_no"].error.isVisible()
    assert dialog.sample is None


# --- the results grid ---------------------------------------------------------------------------

def test_a_value_typed_in_the_grid_is_saved_with_enter_judged_with_its_basis_and_the_next_row_is_current(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    sample = prepared_sample(lab, tech)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    assert view.status_label.text() == "已收样"
    assert view.table.currentIndex().row() == 0  # the first test waiting for a value

    chlorpyrifos = row_of(view, "毒死蜱")
    type_result(qtbot, view, chlorpyrifos, "0.05")
    saved(view, chlorpyrifos, runner)
    assert cell(view, chlorpyrifos, VALUE) == "0.05"
    assert cell(view, chlorpyrifos, VERDICT) == "不合格"
    assert view.model.index(chlorpyrifos, VERDICT).data(Qt.ItemDataRole.ForegroundRole) == FAIL_TEXT
    # sampled on 5 March 2026: the 2026 edition, a limit set for all vegetables
    basis = cell(view, chlorpyrifos, BASIS)
    assert basis.startswith("GB 2763-2026 0.01 mg/kg") and "蔬菜" in basis
    assert cell(view, chlorpyrifos, ENTERED_BY) == "王晓燕"
    assert view.status_label.text() == "检测中"  # the first result started the testing
    assert view.table.currentIndex().row() == chlorpyrifos + 1
    assert view.table.currentIndex().column() == VALUE

    type_result(qtbot, view, chlorpyrifos + 1, "nd")
    saved(view, chlorpyrifos + 1, runner)
    # the value as typed, then as reported, in words: "ND" is not said three times over
    assert cell(view, chlorpyrifos + 1, VALUE) == "ND"
    assert cell(view, chlorpyrifos + 1, REPORTED) == "未检出"
    assert [cell(view, chlorpyrifos + 1, c) for c in range(len(COLUMNS))].count("ND") == 1
    assert cell(view, chlorpyrifos + 1, VERDICT) == "合格"

    type_result(qtbot, view, chlorpyrifos + 2, "未检出")
    saved(view, chlorpyrifos + 2, runner)
    assert cell(view, chlorpyrifos + 2, REPORTED) == "未检出"
    stored = {t.id: t.current for t in lab.work.detail(sample.id).tests}
    for row in (chlorpyrifos + 1, chlorpyrifos + 2):  # the words typed were stored as not detected
        result = stored[view.model.line_at(row).test_id]
        assert result is not None and result.detection == "not_detected" and result.value_text == "ND"


def test_a_value_that_is_no_number_is_refused_on_its_row_and_the_row_keeps_the_focus(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    sample = prepared_sample(lab, tech)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    type_result(qtbot, view, 1, "0,05x")
    assert runner.wait_idle(10_000)
    assert view.message.text() == ui("ResultsGrid", "{row}: {message}").format(
        row="高效氯氟氰菊酯", message="“0,05x”不是数字")
    assert view.model.index(1, VALUE).data(Qt.ItemDataRole.ToolTipRole) == "“0,05x”不是数字"
    assert view.table.currentIndex().row() == 1
    editor = view.table.indexWidget(view.model.index(1, VALUE))
    assert isinstance(editor, QLineEdit) and editor.text() == "0,05x"  # to be corrected in place
    editor.selectAll()
    qtbot.keyClicks(editor, "0.3")
    with qtbot.waitSignal(view.model.value_entered, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    saved(view, 1, runner)
    assert cell(view, 1, VALUE) == "0.3"
    assert view.message.kind == "ok"


def test_a_result_without_a_limit_reads_no_basis_in_amber_never_pass(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    sample = prepared_sample(lab, tech, panel=False)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    assert not view.buttons["add_test"].isHidden()
    qtbot.mouseClick(view.buttons["add_test"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    dialog.parameter.lineEdit().setText("恩诺沙星")  # a veterinary drug: no limit on leeks
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.parameter.lineEdit(), Qt.Key.Key_Return)
    assert [t.parameter for t in view.model.lines] == ["恩诺沙星"]
    type_result(qtbot, view, 0, "5")
    saved(view, 0, runner)
    assert cell(view, 0, VERDICT) == "无判定依据"
    assert cell(view, 0, BASIS) == ui("ResultsModel", "No limit applies to this product")
    verdict = view.model.index(0, VERDICT)
    assert verdict.data(Qt.ItemDataRole.ForegroundRole) == DUE_TEXT
    assert verdict.data(Qt.ItemDataRole.BackgroundRole) == DUE_BACKGROUND


def visible_buttons(view: SampleDetailView) -> set[str]:
    return {key for key, button in view.buttons.items() if not button.isHidden()}


def test_only_the_steps_the_person_may_take_are_offered_verify_to_a_reviewer_approve_to_a_signatory(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech, reviewer, signer = login(lab, "tech1"), login(lab, "reviewer"), login(lab, "signer")
    sample = prepared_sample(lab, tech)
    for test in sample.tests:
        sample = lab.work.enter_result(tech, test.id, test.version, "ND")
    sample = lab.work.transition(tech, sample.id, sample.version, "submit")

    at_bench = open_detail(qtbot, lab, tech, runner, sample.id)
    assert at_bench.status_label.text() == "待审核"
    assert "verify" not in visible_buttons(at_bench) and "approve" not in visible_buttons(at_bench)
    assert not {"assign_panel", "add_test", "drop_test"} & visible_buttons(at_bench)  # tests are closed
    reviewing = open_detail(qtbot, lab, reviewer, runner, sample.id)
    assert "verify" in visible_buttons(reviewing) and "approve" not in visible_buttons(reviewing)

    sample = lab.work.transition(reviewer, sample.id, sample.version, "verify", password=PW)
    approving = open_detail(qtbot, lab, signer, runner, sample.id)
    assert approving.status_label.text() == "已审核"
    assert "approve" in visible_buttons(approving)
    at_bench.reload()
    qtbot.waitUntil(lambda: at_bench.status_label.text() == "已审核")
    assert "approve" not in visible_buttons(at_bench)


def test_a_reviewer_who_entered_the_results_is_not_offered_verify_by_the_four_eyes_rule(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech, reviewer = login(lab, "tech1"), login(lab, "reviewer")
    sample = prepared_sample(lab, tech)
    for test in sample.tests:  # the reviewer works at the bench today
        sample = lab.work.enter_result(reviewer, test.id, test.version, "nd")
    view = open_detail(qtbot, lab, reviewer, runner, sample.id)
    qtbot.mouseClick(view.buttons["submit"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status_label.text() == "待审核")
    assert "submit" not in visible_buttons(view) and "verify" not in visible_buttons(view)
    assert "verify" in visible_buttons(open_detail(qtbot, lab, login(lab, "signer"), runner, sample.id))


def test_a_wrong_signing_password_is_refused_beside_the_password_and_the_dialog_stays(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech, signer = login(lab, "tech1"), login(lab, "signer")
    sample = prepared_sample(lab, tech)
    for test in sample.tests:
        sample = lab.work.enter_result(tech, test.id, test.version, "ND")
    sample = lab.work.transition(tech, sample.id, sample.version, "submit")
    view = open_detail(qtbot, lab, signer, runner, sample.id)
    qtbot.mouseClick(view.buttons["verify"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, SignatureDialog)
    qtbot.keyClicks(dialog.password, "wrong-pass1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert runner.wait_idle(10_000)
    assert dialog.isVisible() and dialog.boxes["password"].error.text() == "密码错误"
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, PW)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert view.status_label.text() == "已审核"
    assert "刘建华" not in view.signatures_label.text() and "乌云其其格" in view.signatures_label.text()


def test_a_stale_view_says_so_and_reloads(qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    sample = prepared_sample(lab, tech, receive=False, panel=False)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="A")  # another workstation
    qtbot.mouseClick(view.buttons["assign_panel"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status_label.text() == "已收样")
    assert view.message.text() == f"样品 {sample.code} 在您打开后已被另一工作站修改；请刷新后重试"
    assert view.message.kind == "error"


def test_a_change_after_verification_asks_for_the_reason_and_keeps_the_old_value_as_history(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech, reviewer = login(lab, "tech1"), login(lab, "reviewer")
    sample = prepared_sample(lab, tech)
    for test in sample.tests:
        sample = lab.work.enter_result(tech, test.id, test.version, "ND")
    sample = lab.work.transition(tech, sample.id, sample.version, "submit")
    sample = lab.work.transition(reviewer, sample.id, sample.version, "verify", password=PW)
    sample = lab.work.transition(reviewer, sample.id, sample.version, "retract", reason="复核发现录入错误")
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    type_result(qtbot, view, 0, "0.004")
    qtbot.waitUntil(lambda: isinstance(view.grid.dialog, ReasonDialog))
    dialog = view.grid.dialog
    assert dialog.intro.text() == "该样品已审核过：请填写修改原因"  # the service's own words
    assert cell(view, 0, VALUE) == "0.004"  # waiting for the reason, not yet saved
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason: refused beside the field
    assert runner.wait_idle(10_000)
    assert dialog.boxes["reason"].error.isVisible()
    dialog.reason.setText("重新计算稀释倍数")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    saved(view, 0, runner)
    assert cell(view, 0, VALUE) == "0.004"
    assert cell(view, 0, HISTORY) == "ND"
    tooltip = view.model.index(0, HISTORY).data(Qt.ItemDataRole.ToolTipRole)
    assert "王晓燕" in tooltip and "重新计算稀释倍数" in tooltip


def test_rejecting_at_receipt_asks_for_the_reason(qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    sample = prepared_sample(lab, tech, receive=False, panel=False)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    assert visible_buttons(view) == {
        "receive", "reject", "cancel", "assign_panel", "add_test", "drop_test"}
    qtbot.mouseClick(view.buttons["reject"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ReasonDialog)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert runner.wait_idle(10_000)
    assert dialog.isVisible() and dialog.boxes["reason"].error.text().endswith("须填写原因")
    dialog.reason.setText("封条破损")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert view.status_label.text() == "已拒收"
    assert "封条破损" in view.fields["received"].text()
    assert all(b.isHidden() for b in view.buttons.values())


def test_the_sample_view_opens_the_label_dialog_for_its_sample(qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    sample = prepared_sample(lab, tech, receive=False, panel=False)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    dialog = view.print_labels()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert dialog.sample_ids == (sample.id,)


def test_a_rapid_screen_is_recorded_from_the_sample_view_while_tests_are_open(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    sample = prepared_sample(lab, tech, receive=True, panel=False)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    assert view.screen_button.isVisible()
    dialog = view.open_screen()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert sample.code in dialog.windowTitle()


def test_a_strip_captured_from_a_gold_reader_shows_among_the_sample_s_screens_with_its_confirmation(
        qtbot: QtBot, lab: Services, runner: TaskRunner, tmp_path) -> None:
    tech = login(lab, "tech1")
    reader = lab.capture.line("胶体金读数仪")  # the demo lab's, calibrated again for today's date
    today = lab.work.today()
    lab.capture.add_calibration(login(lab, "manager"), reader.id, today - timedelta(days=1), today + timedelta(days=30))
    options = lab.samples.options()
    sample = lab.work.register(tech, RegistrationForm(
        product_id=next(p.id for p in options.products if p.name == "牛肉"),
        producer_id=next(p.id for p in options.producers if p.name == "阿鲁科尔沁旗草原红牛业有限公司（演示）"),
        sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=CST), sampler1="张明", sampler2="李强"))
    sample = lab.work.receive(tech, sample.id, sample.version, condition="封样完好", storage_place="冷冻柜B-1")
    lot = lab.capture.kit_lot(reader.name, lot_no="CLB20260815")
    strip = Reading(instrument=reader.name, sample_code=sample.code, parameter_code="CLB", value_text="0.300",
                    unit="T/C", qualitative="positive", flags=("T:3000", "C:10000", "lot:CLB20260815"),
                    received_at=datetime.now(UTC), raw=b"\x10\x27\x00\x00\xb8\x0b\x00\x00")
    [stored] = lab.capture.store(tech, reader.id, [strip], kit_lot_id=lot.id)
    assert stored.reading.rapid_screen_id is not None

    view = SampleDetailView(lab, tech, runner)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    with qtbot.waitSignals([view.loaded, view.screens_loaded], timeout=10_000):
        view.load(sample.id)
    text = view.screens_label.text()
    assert view.screens_label.isVisible() and text.startswith("速测结果（不是检测结果）：")
    assert "克伦特罗 阳性" in text and "T/C 0.300" in text and "试剂批次：克伦特罗胶体金检测卡 CLB20260815" in text
    assert "仪器：胶体金读数仪" in text and "确证检测：克伦特罗 GB/T 22286-2008" in text
    # the confirmation test it opened is in the grid, waiting for its result
    assert [(line.parameter, line.value_text) for line in view.model.lines] == [("克伦特罗", "")]
    view.grab().save(str(tmp_path / "sample-screens.png"))


def test_a_value_between_the_lod_and_the_loq_is_shown_as_detected_below_the_loq(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    sample = prepared_sample(lab, tech)
    view = open_detail(qtbot, lab, tech, runner, sample.id)
    procymidone = row_of(view, "腐霉利")  # GB 23200.113-2018: LOD 0.003, LOQ 0.01 mg/kg
    type_result(qtbot, view, procymidone, "0.005")
    saved(view, procymidone, runner)
    reported = view.model.index(procymidone, REPORTED)
    assert reported.data() == "0.005（<定量限）"
    assert reported.data(Qt.ItemDataRole.ToolTipRole) == "0.005：已检出，但低于方法定量限（LOQ）"
    # the whole of it shows in its column, not cut to "0.005 (…"
    assert view.table.fontMetrics().horizontalAdvance(reported.data()) + 12 <= view.table.columnWidth(REPORTED)
    assert cell(view, procymidone, VERDICT) == "合格"
