"""The failing-results page with its traceback panel, and the rapid-screen dialog, driven offscreen
as a person would: choose, type, click, read what the window says."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import Producer, Product
from lims.domain.enums import ScreenOutcome
from lims.gui import vocabulary
from lims.gui.screen_dialog import ScreenDialog, screen_outcome
from lims.gui.tasks import TaskRunner
from lims.gui.views.failing import FailingView, traceback_state
from lims.services.container import Services
from lims.services.dto import Actor, AuditFilter
from lims.services.sample_work import RegistrationForm, SampleDetail
from tests.services.test_tracebacks import approved_sample

PW = "demo1234"
CST = ZoneInfo("Asia/Shanghai")
WORKSTATION = "化验室-1"


@pytest.fixture
def lab(sqlite_demo_services: Services) -> Services:
    return sqlite_demo_services


@pytest.fixture
def engine(lab: Services) -> Iterator[Engine]:
    eng = make_engine(parse_url(lab.database))
    yield eng
    eng.dispose()


@pytest.fixture
def people(lab: Services) -> dict[str, Actor]:
    return {u: lab.users.login(u, PW, WORKSTATION) for u in ("tech1", "tech2", "reviewer", "signer", "manager")}


@pytest.fixture
def failing(lab: Services, engine: Engine, people: dict[str, Actor]) -> tuple[int, int]:
    """Two failing samples (clenbuterol found in beef, chlorpyrifos above its limit in leek) and
    a passing one that the page must not list."""
    beef = approved_sample(lab, engine, people, "0.82", datetime(2026, 3, 5, 9, 30, tzinfo=CST))
    leek = approved_sample(lab, engine, people, "0.5", datetime(2026, 3, 6, 9, 30, tzinfo=CST), product="韭菜",
                           parameter="毒死蜱", method="GB 23200.113-2018")
    approved_sample(lab, engine, people, "ND", datetime(2026, 3, 7, 9, 30, tzinfo=CST))
    return beef, leek


@pytest.fixture
def view(qtbot: QtBot, lab: Services, runner: TaskRunner, people: dict[str, Actor],
         failing: tuple[int, int]) -> FailingView:
    page = FailingView(lab, people["manager"], runner)
    qtbot.addWidget(page)
    page.resize(1130, 700)
    with qtbot.waitSignal(page.rows_loaded, timeout=10_000):
        page.show()
        page.refresh()
    return page


def _cells(view: FailingView, row: int) -> list[str]:
    return [view.model.index(row, c).data() for c in range(view.model.columnCount())]


def test_the_page_lists_failing_samples_with_what_failed_against_which_limit(
        view: FailingView, lab: Services, failing: tuple[int, int]) -> None:
    beef, leek = failing
    assert view.model.rowCount() == 2
    assert [r.sample_id for r in view.model.rows] == [leek, beef]  # newest sampling first
    code, product, producer, sampled, items, state = _cells(view, 1)
    assert code == lab.work.detail(beef).code and product == "牛肉"
    assert producer == "阿鲁科尔沁旗绿野蔬菜种植专业合作社（演示）"
    assert sampled == vocabulary.format_in(datetime(2026, 3, 5, 9, 30, tzinfo=CST), CST)
    assert items.startswith("克伦特罗 0.82 µg/kg")
    assert "农业农村部公告第250号-2019 不得检出" in view.model.index(1, 4).data(Qt.ItemDataRole.ToolTipRole)
    # the table leaves the limit's standard to the tooltip, for room
    assert _cells(view, 0)[4].startswith("毒死蜱 0.500 mg/kg") and "0.01 mg/kg" in _cells(view, 0)[4]
    assert "GB 2763-2026 0.01 mg/kg" in view.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert state == traceback_state("open")
    assert view.model.index(1, 4).data(Qt.ItemDataRole.ForegroundRole).name() == "#b02a37"
    assert not view.notify_button.isEnabled()  # nothing chosen yet


def test_notification_action_and_closing_are_recorded_from_the_panel(
        qtbot: QtBot, view: FailingView, lab: Services, failing: tuple[int, int]) -> None:
    beef, _ = failing
    assert view.select_sample(beef)
    assert view.current is not None and view.current.sample_id == beef
    assert "克伦特罗" in view.summary.text() and "张国庆 13800000101" in view.summary.text()

    # closing before anything was recorded is refused beside the field that is missing
    view.close_button.click()
    qtbot.waitUntil(view.boxes["party"].error.isVisible)

    view.party.setText("阿鲁科尔沁旗农牧局 王科长")
    with qtbot.waitSignal(view.traceback_saved, timeout=10_000) as saved:
        view.notify_button.click()
    assert saved.args[0].state == "notified"
    qtbot.waitUntil(lambda: _cells(view, 1)[5] == traceback_state("notified"))

    view.close_button.click()
    qtbot.waitUntil(view.boxes["action_taken"].error.isVisible)

    view.action_taken.setPlainText("同批次牛肉已封存销毁，养殖场停售并复查")
    with qtbot.waitSignal(view.traceback_saved, timeout=10_000):
        view.action_button.click()
    with qtbot.waitSignal(view.traceback_saved, timeout=10_000) as saved:
        view.close_button.click()
    assert saved.args[0].state == "closed"
    qtbot.waitUntil(lambda: _cells(view, 1)[5] == traceback_state("closed"))
    assert view.panel_message.kind == "ok"
    assert not view.notify_button.isEnabled() and not view.close_button.isEnabled()  # closed for good

    row = lab.failing.traceback(beef)
    assert (row.notified_party, row.action_taken, row.closed_by) == (
        "阿鲁科尔沁旗农牧局 王科长", "同批次牛肉已封存销毁，养殖场停售并复查", "其木格")
    assert [e.action for e in lab.audit.page(AuditFilter(entity="traceback")).rows] == ["update", "update", "create"]


def test_the_state_filter_narrows_the_list(qtbot: QtBot, view: FailingView, lab: Services,
                                           people: dict[str, Actor], failing: tuple[int, int]) -> None:
    beef, leek = failing
    lab.failing.notify(people["manager"], leek, 0, "受检单位", datetime(2026, 3, 9, 10, tzinfo=CST))
    with qtbot.waitSignal(view.rows_loaded, timeout=10_000):
        view.state.setCurrentIndex(view.state.findData("open"))
    assert [r.sample_id for r in view.model.rows] == [beef]
    with qtbot.waitSignal(view.rows_loaded, timeout=10_000):
        view.state.setCurrentIndex(view.state.findData("notified"))
    assert [r.sample_id for r in view.model.rows] == [leek]


def test_a_step_from_a_stale_view_is_refused_and_the_list_read_again(
        qtbot: QtBot, view: FailingView, lab: Services, people: dict[str, Actor], failing: tuple[int, int]) -> None:
    beef, _ = failing
    view.select_sample(beef)
    lab.failing.notify(people["tech1"], beef, 0, "另一工作站记录的单位", datetime(2026, 3, 9, 10, tzinfo=CST))
    view.party.setText("旗农牧局")
    with qtbot.waitSignal(view.rows_loaded, timeout=10_000):
        view.notify_button.click()
    assert view.panel_message.kind == "error"
    assert view.current is not None and view.current.notified_party == "另一工作站记录的单位"
    assert view.party.text() == "另一工作站记录的单位"


# --- the screen dialog --------------------------------------------------------------------------

@pytest.fixture
def beef_sample(lab: Services, engine: Engine, people: dict[str, Actor]) -> SampleDetail:
    with make_session_factory(engine)() as s:
        product = s.scalar(select(Product.id).where(Product.name == "牛肉"))
        producer = s.scalar(select(Producer.id).order_by(Producer.id).limit(1))
    tech = people["tech2"]
    sample = lab.work.register(tech, RegistrationForm(
        product_id=product, producer_id=producer, sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=CST),
        sampler1="张明", sampler2="李强"))
    return lab.work.receive(tech, sample.id, sample.version, condition="封样完好", storage_place="冷冻柜B-1")


def _dialog(qtbot: QtBot, lab: Services, runner: TaskRunner, actor: Actor, sample: SampleDetail) -> ScreenDialog:
    dialog = ScreenDialog(lab, actor, runner, sample.id, sample.version, sample.code)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.options_loaded, timeout=10_000):
        dialog.show()
    return dialog


def test_the_screen_dialog_shows_the_outcome_live_and_after_saving_the_confirmation_and_deadline(
        qtbot: QtBot, lab: Services, runner: TaskRunner, people: dict[str, Actor],
        beef_sample: SampleDetail) -> None:
    dialog = _dialog(qtbot, lab, runner, people["tech2"], beef_sample)
    dialog.choose_kit("CLB20260815")
    assert dialog.parameter.currentText() == "克伦特罗" and not dialog.parameter.isEnabled()
    assert dialog.t_value.isVisible() and not dialog.control_delta_a.isVisible()  # T and C, not absorbances
    assert "0.85" in dialog.cutoffs.text() and "200" in dialog.cutoffs.text()
    assert not dialog.save_button.isEnabled() or dialog.judgment is None

    dialog.t_value.setText("900")
    dialog.c_value.setText("1000")
    assert dialog.judgment.outcome == ScreenOutcome.NEGATIVE
    assert dialog.outcome.text().startswith(screen_outcome("negative")) and "0.900" in dialog.outcome.text()
    assert not dialog.confirmation_method.isVisible()
    dialog.c_value.setText("150")
    assert dialog.judgment.outcome == ScreenOutcome.INVALID
    dialog.t_value.setText("３００")  # full-width digits, as a Chinese input method types them
    dialog.c_value.setText("1000")
    assert dialog.judgment.outcome == ScreenOutcome.POSITIVE and "0.300" in dialog.outcome.text()
    assert dialog.confirmation_method.isVisible()
    assert dialog.confirmation_method.currentText() == "GB/T 22286-2008 LC-MS/MS"

    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as recorded:
        dialog.save_button.click()
    screen = recorded.args[0]
    assert screen.outcome == "positive" and screen.confirmation == "克伦特罗 GB/T 22286-2008"
    assert "克伦特罗 GB/T 22286-2008" in dialog.result_label.text()
    assert vocabulary.format_in(screen.retest_deadline, CST) in dialog.result_label.text()
    assert not dialog.save_button.isEnabled() and not dialog.t_value.isEnabled()
    detail = lab.work.detail(beef_sample.id)
    assert [(t.parameter, t.method) for t in detail.tests] == [("克伦特罗", "GB/T 22286-2008")]
    assert detail.tests[0].current is None and detail.verdict is None


def test_an_enzyme_screen_asks_which_laboratory_method_confirms_the_group(
        qtbot: QtBot, lab: Services, runner: TaskRunner, people: dict[str, Actor],
        beef_sample: SampleDetail) -> None:
    dialog = _dialog(qtbot, lab, runner, people["tech1"], beef_sample)
    dialog.choose_kit("AChE20261020")
    assert dialog.control_delta_a.isVisible() and not dialog.t_value.isVisible()
    dialog.control_delta_a.setText("0.303")
    dialog.sample_delta_a.setText("0.131")
    assert dialog.judgment.outcome == ScreenOutcome.POSITIVE and "56.77" in dialog.outcome.text()
    assert dialog.confirmation_method.currentData() is None  # the group has no method of its own

    dialog.save_button.click()
    qtbot.waitUntil(dialog.boxes["confirmation_method"].error.isVisible)
    assert lab.screening.list_for_sample(beef_sample.id) == []

    dialog.control_delta_a.setText("0")
    assert dialog.judgment.outcome == ScreenOutcome.INVALID
    dialog.control_delta_a.setText("abc")
    assert dialog.judgment is None and not dialog.confirmation_method.isVisible()
    dialog.save_button.click()
    qtbot.waitUntil(dialog.boxes["control_delta_a"].error.isVisible)
    dialog.close()


def test_a_screen_from_a_stale_sample_view_is_refused(
        qtbot: QtBot, lab: Services, runner: TaskRunner, people: dict[str, Actor],
        beef_sample: SampleDetail) -> None:
    dialog = _dialog(qtbot, lab, runner, people["tech2"], beef_sample)
    lab.work.assign_panel(people["tech1"], beef_sample.id, beef_sample.version)  # another workstation
    dialog.choose_kit("CLB20260815")
    dialog.t_value.setText("900")
    dialog.c_value.setText("1000")
    with qtbot.waitSignal(dialog.conflict, timeout=10_000):
        dialog.save_button.click()
    assert dialog.message.kind == "error"
    assert lab.screening.list_for_sample(beef_sample.id) == []
    dialog.close()
