"""A leek sample from its sampling form to an approved result, driven through the windows as the
three people of a banner lab do it: the technician registers, receives and types the results,
the reviewer verifies with a signature, the authorised signatory approves with another."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from lims.gui.i18n import install_translators, load_application_font
from lims.gui.main_window import MainWindow
from lims.gui.results_grid import GridColumn
from lims.gui.sample_dialogs import (
    AddTestDialog,
    ReceiptDialog,
    RegistrationDialog,
    SignatureDialog,
)
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.gui.views.sample_detail import COLUMNS, SampleDetailView
from lims.services.container import Services
from lims.services.dto import Actor, AuditFilter
from tests.gui.test_sample_work_gui import GREEN_FIELDS, ROUTINE, choose

PW = "demo1234"
WORKSTATION = "化验室-1"
# what the technician reads off the instrument printouts; each is typed into the grid
RESULTS = {"腐霉利": "0.05", "高效氯氟氰菊酯": "nd", "毒死蜱": "0.05", "氧乐果": "ND", "克百威": "未检出",
           "啶虫脒": "0.2", "恩诺沙星": "5"}

# the columns of the sample's results grid
PARAMETER, VALUE, REPORTED, VERDICT, BASIS, ENTERED_BY, STATUS, HISTORY = (COLUMNS.index(c) for c in (
    GridColumn.PARAMETER, GridColumn.VALUE, GridColumn.REPORTED, GridColumn.VERDICT,
    GridColumn.BASIS, GridColumn.ENTERED_BY, GridColumn.STATUS, GridColumn.HISTORY))


@pytest.fixture(autouse=True)
def chinese_ui(qapp: QApplication) -> None:
    load_application_font(qapp)
    install_translators(qapp, "zh_CN")


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.wait_idle(15_000), "background jobs still running at the end of the test"


@pytest.fixture
def lab(sqlite_demo_services: Services) -> Services:
    return sqlite_demo_services


def ui(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def log_in(services: Services, user: str) -> Actor:
    return services.users.login(user, PW, WORKSTATION)


def wait_status(qtbot: QtBot, view: SampleDetailView, status: str) -> None:
    qtbot.waitUntil(lambda: view.status_label.text() == status, timeout=10_000)


def type_here(qtbot: QtBot, view: SampleDetailView, text: str) -> None:
    """Type into the value cell the grid has made current, then Enter, as at the bench."""
    index = view.table.currentIndex()
    assert index.column() == VALUE
    if text.isascii():
        qtbot.keyClick(view.table, text[0])
        editor = view.table.indexWidget(index)
        assert isinstance(editor, QLineEdit)
        qtbot.keyClicks(editor, text[1:])
    else:  # the test robot cannot type Chinese: open the editor (F2) and put the text in
        qtbot.keyClick(view.table, Qt.Key.Key_F2)
        editor = view.table.indexWidget(index)
        assert isinstance(editor, QLineEdit)
        editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.table.state() != QAbstractItemView.State.EditingState)


def sign(qtbot: QtBot, view: SampleDetailView, button: str, meaning: str) -> None:
    qtbot.mouseClick(view.buttons[button], Qt.MouseButton.LeftButton)
    # approval first reads the scope warnings in the background, then asks for the signature
    qtbot.waitUntil(lambda: isinstance(view.dialog, SignatureDialog) and view.dialog.isVisible(), timeout=10_000)
    dialog = view.dialog
    assert dialog.meaning.text() == meaning
    qtbot.keyClicks(dialog.password, PW)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def grid(view: SampleDetailView) -> dict[str, dict[int, str]]:
    model = view.model
    return {model.index(r, PARAMETER).data(): {c: model.index(r, c).data() for c in range(model.columnCount())}
            for r in range(model.rowCount())}


def test_a_leek_sample_goes_from_its_sampling_form_to_an_approved_result_through_the_windows(
        qtbot: QtBot, lab: Services, runner: TaskRunner, tmp_path: Path) -> None:
    # --- the technician, in the main window ------------------------------------------------
    tech = log_in(lab, "tech1")
    window = MainWindow(lab, tech, AppSettings(tmp_path / "settings.ini"), runner)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    registration = window.dialog
    assert isinstance(registration, RegistrationDialog) and registration.isVisible()
    qtbot.waitUntil(registration.register_button.isEnabled)
    choose(registration.task, ROUTINE)
    choose(registration.product, "韭菜")
    choose(registration.area, "新民村")
    # sampled on 5 March 2026 at 09:30, as the paper form says
    registration.sampled_at.setDateTime(QDateTime(QDate(2026, 3, 5), QTime(9, 30)))
    registration.sampler1.setText("张明")
    registration.sampler2.setText("李强")
    registration.producer.lineEdit().setText(GREEN_FIELDS)
    qtbot.keyClicks(registration.batch_size, "500 kg")
    qtbot.keyClicks(registration.quantity, "1 kg")
    registration.storage.setText("冷藏")
    registration.description.setText("鲜韭菜，密封袋装")
    with qtbot.waitSignal(registration.registered, timeout=10_000):
        qtbot.keyClick(registration.notes, Qt.Key.Key_Return)
    code = registration.code_label.text()
    assert code == "NJ2026-000001"
    qtbot.mouseClick(registration.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sample_detail is not None and window.sample_detail.detail is not None)
    bench = window.sample_detail
    # the sample has the Samples page to itself, in its tab beside the list
    assert window.current_key() == "samples" and window.sample_tabs.currentWidget() is bench and bench.isVisible()
    assert window.sample_tabs.tabText(1) == f"样品 {code}"
    assert bench.code_label.text() == code and bench.status_label.text() == "待收样"
    assert bench.fields["producer"].text() == GREEN_FIELDS

    qtbot.mouseClick(bench.buttons["receive"], Qt.MouseButton.LeftButton)
    receipt = bench.dialog
    assert isinstance(receipt, ReceiptDialog)
    receipt.condition.setText("包装完好，封条完整")
    receipt.storage_place.setText("冷藏柜A-2")
    qtbot.keyClick(receipt.storage_place, Qt.Key.Key_Return)
    wait_status(qtbot, bench, "已收样")
    assert "冷藏柜A-2" in bench.fields["received"].text()

    with qtbot.waitSignal(bench.loaded, timeout=10_000):
        qtbot.mouseClick(bench.buttons["assign_panel"], Qt.MouseButton.LeftButton)
    assert [t.parameter for t in bench.model.lines] == [
        "腐霉利", "高效氯氟氰菊酯", "毒死蜱", "氧乐果", "克百威", "啶虫脒"]
    qtbot.mouseClick(bench.buttons["add_test"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(bench.dialog, AddTestDialog))
    bench.dialog.parameter.lineEdit().setText("恩诺沙星")  # asked for by the client; no limit on leeks
    with qtbot.waitSignal(bench.loaded, timeout=10_000):
        qtbot.keyClick(bench.dialog.parameter.lineEdit(), Qt.Key.Key_Return)
    assert len(bench.model.lines) == 7

    # the grid: type a value, Enter, and the next row is ready for the next value
    bench.table.setCurrentIndex(bench.model.index(0, VALUE))
    bench.table.setFocus()
    for row, test in enumerate(bench.model.lines):
        assert bench.table.currentIndex().row() == row
        type_here(qtbot, bench, RESULTS[test.parameter])
        assert runner.wait_idle(10_000)
        assert bench.model.line_at(row).current is not None, bench.message.text()
    wait_status(qtbot, bench, "检测中")
    qtbot.mouseClick(bench.buttons["submit"], Qt.MouseButton.LeftButton)
    wait_status(qtbot, bench, "待审核")
    # the list behind follows the sample's status
    qtbot.waitUntil(lambda: window.samples.model.rowCount() == 1
                    and window.samples.model.row_at(0).status == "to_be_verified", timeout=10_000)

    # --- the reviewer, on another workstation ----------------------------------------------
    reviewer = log_in(lab, "reviewer")
    review = SampleDetailView(lab, reviewer, runner)
    qtbot.addWidget(review)
    review.show()
    with qtbot.waitSignal(review.loaded, timeout=10_000):
        review.load(bench.detail.id)
    sign(qtbot, review, "verify", ui("SampleDetailView", "Sign as reviewer"))
    assert review.status_label.text() == "已审核"
    assert "刘建华" in review.signatures_label.text()

    # --- the authorised signatory ---------------------------------------------------------
    signer = log_in(lab, "signer")
    approval = SampleDetailView(lab, signer, runner)
    qtbot.addWidget(approval)
    approval.resize(1250, 600)
    approval.show()
    with qtbot.waitSignal(approval.loaded, timeout=10_000):
        approval.load(bench.detail.id)
    sign(qtbot, approval, "approve", ui("SampleDetailView", "Approve as authorised signatory"))
    assert approval.status_label.text() == "已批准"
    assert "不合格" in approval.verdict_label.text()
    signatures = approval.signatures_label.text()
    assert signatures.index("刘建华") < signatures.index("乌云其其格")
    assert approval.signatures_label.isVisible()

    rows = grid(approval)
    assert rows["毒死蜱"][VERDICT] == "不合格"
    assert rows["毒死蜱"][BASIS] == ui("ResultsModel", "{basis} (inherited from {category})").format(
        basis="GB 2763-2026 0.01 mg/kg", category="蔬菜")
    assert (rows["腐霉利"][VERDICT], rows["腐霉利"][BASIS]) == ("合格", "GB 2763-2026 0.1 mg/kg")
    assert (rows["啶虫脒"][VERDICT], rows["啶虫脒"][BASIS]) == ("合格", "GB 2763-2026 1 mg/kg")
    for nd in ("高效氯氟氰菊酯", "氧乐果", "克百威"):
        assert rows[nd][REPORTED] == "未检出" and rows[nd][VERDICT] == "合格"
    assert rows["恩诺沙星"][VERDICT] == "无判定依据"
    assert {r[ENTERED_BY] for r in rows.values()} == {"王晓燕"}
    assert {r[STATUS] for r in rows.values()} == {ui("ResultsModel", "Verified")}
    assert not any(b.isVisible() for k, b in approval.buttons.items() if k != "invalidate")

    # --- what the audit trail kept ----------------------------------------------------------
    events = list(reversed(lab.audit.page(AuditFilter(entity="sample")).rows))
    assert [e.changes["status"] for e in events if e.action == "transition"] == [
        ["sample_due", "received"], ["received", "testing"], ["testing", "to_be_verified"],
        ["to_be_verified", "verified"], ["verified", "approved"]]
    by_actor = [(e.actor, e.action) for e in events]
    assert by_actor[0] == ("tech1", "create")
    assert by_actor[-2:] == [("reviewer", "transition"), ("signer", "transition")]
    results = lab.audit.page(AuditFilter(entity="result")).rows
    assert len(results) == 7 and {e.actor for e in results} == {"tech1"}
    assert {e.workstation for e in events} == {WORKSTATION}
    assert lab.audit.verify().ok
