"""The Reports page's batch issue (chosen samples or all of a task, progress, Cancel, the summary),
its report settings (the time-stamp server), and a signing refusal shown in Chinese."""
from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QPainter
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import CodeCounter, Report
from lims.gui.tasks import TaskRunner
from lims.gui.views.reports import ReportsView
from lims.gui.views.reports_batch import BatchIssueDialog
from lims.gui.views.reports_settings import ReportSettingsDialog
from lims.services.container import build_services
from tests.services.conftest import People

PW = "demo1234"
SHOTS = Path(os.environ.get("LIMS_SCREENSHOTS", "/tmp"))


@pytest.fixture(scope="module")
def demo_with_samples_template(sqlite_template, tmp_path_factory) -> Path:
    """The demo lab with ten generated samples (nine approved, in three tasks), made once."""
    path = tmp_path_factory.mktemp("tpl") / "demo-samples.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(parse_url(str(path)))
    build_services(engine).demo.build(samples=10)
    engine.dispose()
    return path


@pytest.fixture
def demo_with_samples(tmp_path, demo_with_samples_template):
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_with_samples_template, target)
    engine = make_engine(parse_url(str(target)))
    lab = build_services(engine)
    yield lab, People(lab), engine
    engine.dispose()


def _numbers_used(engine) -> tuple[int, int]:
    """(the report counter's last number, the reports stored)."""
    with make_session_factory(engine)() as s:
        last = s.scalar(select(func.sum(CodeCounter.last_seq)).where(CodeCounter.name.like("report%"))) or 0
        return int(last), int(s.scalar(select(func.count(Report.id))) or 0)


def _fits(widget) -> None:
    hint = widget.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 40, hint


def _shot_with_dialog(view, dialog, name: str) -> None:
    """The page at 1366x768 with the dialog drawn over its middle, as a person sees it."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    page = view.grab()
    over = dialog.grab()
    painter = QPainter(page)
    painter.drawPixmap(QPoint((page.width() - over.width()) // 2, (page.height() - over.height()) // 2), over)
    painter.end()
    page.save(str(SHOTS / name))


def test_a_batch_issues_a_task_with_progress_then_cancel_stops_after_the_report_in_hand(
        qtbot: QtBot, demo_with_samples, runner: TaskRunner, tmp_path) -> None:
    lab, people, engine = demo_with_samples
    out = tmp_path / "out"
    out.mkdir()
    view = ReportsView(lab, runner, actor=people["signer"])
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.refresh()
    dialog = view.open_batch_dialog()
    assert isinstance(dialog, BatchIssueDialog)
    assert runner.wait_idle()
    waiting = lab.reports.approved_samples()
    assert dialog.model.rowCount() == len(waiting) == 9 and "测试" in dialog.identity_label.text()
    _fits(dialog)

    # all of one task: choose it, select all shown
    task = dialog.task.findData("JD2026-01")
    dialog.task.setCurrentIndex(task)
    of_task = [r for r in waiting if r.task_code == "JD2026-01"]
    assert dialog.model.rowCount() == len(of_task) == 4
    dialog.select_all.click()
    assert dialog.count.text() == "已选 4 / 共 4 份"
    # one of them got its report on another workstation meanwhile: listed as not issued, with why
    elsewhere = lab.reports.issue(people["signer"], of_task[-1].id, out, password=PW)
    dialog.folder.setText(str(out))
    dialog.password.setText(PW)
    _shot_with_dialog(view, dialog, "reports-batch-dialog.png")
    steps: list[int] = []
    dialog.progress.valueChanged.connect(lambda v: steps.append(v) if dialog.running else None)
    ticks: list[int] = []
    clock = QTimer(dialog)
    clock.timeout.connect(lambda: ticks.append(1) if dialog.running else None)
    clock.start(20)
    assert not dialog.progress.isVisible()
    with qtbot.waitSignal(dialog.finished_batch, timeout=90_000):
        dialog.issue_button.click()
        assert dialog.running and not dialog.close_button.isEnabled() and dialog.password.text() == ""
        assert dialog.progress.isVisible() and dialog.progress.value() == 0
    clock.stop()
    assert len(ticks) > 5  # the event loop kept turning while the batch ran: the window never froze
    assert steps and steps[-1] == 4 and all(a < b for a, b in itertools.pairwise(steps))
    outcome = dialog.last_outcome
    assert outcome is not None
    assert dialog.progress.value() == dialog.progress.maximum() == 4
    assert sorted(r.sample_code for r in outcome.issued) == sorted(r.code for r in of_task[:-1])
    assert [f.sample_code for f in outcome.failed] == [of_task[-1].code]
    assert dialog.message.text() == "3 份已签发，1 份未签发，0 份已取消（未开始）。"
    assert f"未签发：{of_task[-1].code}：" in dialog.summary.toPlainText()
    assert elsewhere.number in dialog.summary.toPlainText()  # the reason names the report in force
    for report in outcome.issued:
        assert Path(report.path).is_file() and lab.reports.verify(Path(report.path).read_bytes()).ok
    assert runner.wait_idle()
    # the list reloaded: the task has nothing left to issue, so all tasks are shown
    assert dialog.task.findData("JD2026-01") == -1 and dialog.task.currentIndex() == 0
    rest = dialog.model.rowCount()
    assert rest == 5 and not dialog.model.checked
    _shot_with_dialog(view, dialog, "reports-batch-done.png")

    # the rest, cancelled as the first report comes back: the one in hand is finished, no other starts
    dialog.select_all.click()
    dialog.password.setText(PW)
    at_cancel: list[int] = []

    def cancel_at_first_report(value: int) -> None:
        if value >= 1 and dialog.running and not at_cancel:
            at_cancel.append(value)  # reports this window had heard of when Cancel was pressed
            dialog.cancel_button.click()
            dialog.reject()  # closing while it runs does not close: the outcome is still to be told
            _shot_with_dialog(view, dialog, "reports-batch-cancelling.png")

    dialog.progress.valueChanged.connect(cancel_at_first_report)
    with qtbot.waitSignal(dialog.finished_batch, timeout=90_000):
        dialog.issue_button.click()
    assert dialog.isVisible()
    outcome = dialog.last_outcome
    assert outcome is not None and not outcome.failed
    done = len(outcome.issued)
    # those heard of, the one in hand, at most one more begun before the batch's thread saw the cancel
    assert 1 <= at_cancel[0] <= done <= at_cancel[0] + 2 and done < rest, (at_cancel, done)
    assert dialog.message.text() == f"{done} 份已签发，0 份未签发，{rest - done} 份已取消（未开始）。"
    last, stored = _numbers_used(engine)
    assert last == stored == 1 + 3 + done  # no number taken for a report not issued
    assert len(list(out.glob("*.pdf"))) == stored and not [p for p in out.iterdir() if p.suffix != ".pdf"]
    assert runner.wait_idle()
    assert dialog.model.rowCount() == rest - done
    dialog.close()
    assert not dialog.isVisible()
    assert view.model.rowCount() == stored  # the page's list was refreshed after each batch


def test_a_batch_refused_before_it_starts_says_why_and_uses_no_number(qtbot: QtBot, demo_with_samples,
                                                                      runner: TaskRunner, tmp_path) -> None:
    lab, people, engine = demo_with_samples
    dialog = BatchIssueDialog(lab, people["signer"], runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert runner.wait_idle()
    dialog.select_all.click()
    dialog.folder.setText(str(tmp_path / "nowhere"))
    dialog.password.setText(PW)
    dialog.issue_button.click()
    assert runner.wait_idle()
    assert dialog.message.kind == "error" and "不存在" in dialog.message.text() and not dialog.running
    assert _numbers_used(engine) == (0, 0)
    dialog.reject()  # nothing running: it closes
    assert not dialog.isVisible()


def test_a_manager_sets_the_time_stamp_server_and_others_are_refused_in_chinese(
        qtbot: QtBot, demo_with_samples, runner: TaskRunner) -> None:
    from tests.reports.tsa import closed_port_url

    lab, people, _ = demo_with_samples
    dialog = ReportSettingsDialog(lab, people["manager"], runner)
    qtbot.addWidget(dialog)
    assert runner.wait_idle()
    assert dialog.timestamp_url.text() == "" and dialog.timeout.value() == 10
    _fits(dialog)
    dialog.timestamp_url.setText("ftp://tsa.example.cn")
    dialog.save_button.click()
    assert runner.wait_idle()
    assert dialog.message.kind == "error" and "不是时间戳服务器的网址" in dialog.message.text()
    url = closed_port_url()
    dialog.timestamp_url.setText(url)
    dialog.timeout.setValue(3)
    dialog.test_button.click()
    assert runner.wait_idle()
    assert dialog.message.kind == "error" and "未给出时间戳" in dialog.message.text() and url in dialog.message.text()
    dialog.save_button.click()
    assert runner.wait_idle()
    assert dialog.message.kind == "ok" and lab.reports.settings().timestamp_url == url
    assert lab.reports.settings().timestamp_timeout_s == 3
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        dialog.grab().save(str(SHOTS / "reports-settings.png"))

    refused = ReportSettingsDialog(lab, people["signer"], runner)
    qtbot.addWidget(refused)
    assert runner.wait_idle()
    assert refused.timestamp_url.text() == url
    refused.timestamp_url.setText("")
    refused.save_button.click()
    assert runner.wait_idle()
    assert refused.message.kind == "error" and "signer" in refused.message.text() and "无权" in refused.message.text()
    assert lab.reports.settings().timestamp_url == url


def test_a_wrong_certificate_password_is_shown_in_chinese(qtbot: QtBot, demo_with_samples, runner: TaskRunner,
                                                          tmp_path) -> None:
    from reports.signing import self_signed_pkcs12

    lab, people, engine = demo_with_samples
    lab.reports.import_identity(people["signer"], self_signed_pkcs12("检测站", "演示站", "p12-secret"), "p12-secret",
                                label="lab.p12")
    view = ReportsView(lab, runner, actor=people["signer"])
    qtbot.addWidget(view)
    dialog = view.open_issue_dialog()
    assert dialog is not None and runner.wait_idle()
    assert dialog.identity_password.isVisible()
    dialog.folder.setText(str(tmp_path))
    dialog.password.setText(PW)
    dialog.identity_password.setText("not-it")
    dialog.issue_button.click()
    assert runner.wait_idle(20_000)
    assert dialog.message.kind == "error"
    assert dialog.message.text() == "无法打开签名证书 lab.p12：密码错误，或该文件不是 PKCS#12（.p12/.pfx）文件"
    assert _numbers_used(engine) == (0, 0) and not list(tmp_path.glob("*.pdf"))
    dialog.close()
