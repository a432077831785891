"""The Reports page: the list, issuing a signed report for an approved sample, the draft
preview, and the verify dialog; each screen fits a 1366x768 monitor."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from lims.db.engine import make_engine, parse_url
from lims.gui.tasks import TaskRunner
from lims.gui.views.reports import IssueReportDialog, ReportsView, VerifyReportDialog
from lims.services.container import build_services
from tests.services.conftest import Catalogue, People
from tests.services.test_reports_service import PW, approved_sample

SHOTS = Path(os.environ.get("LIMS_SCREENSHOTS", "/tmp"))


@pytest.fixture
def demo_lab(tmp_path, sqlite_demo_template):
    target = tmp_path / "demo.db"
    shutil.copyfile(sqlite_demo_template, target)
    engine = make_engine(parse_url(str(target)))
    lab = build_services(engine)
    people = People(lab)
    yield lab, people, Catalogue.read(engine)
    engine.dispose()


def _fits(widget) -> None:
    hint = widget.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 40, hint


def _shot(widget, name: str) -> None:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        widget.grab().save(str(SHOTS / name))


def test_issue_from_the_page_then_verify_the_file(qtbot: QtBot, demo_lab, runner: TaskRunner, tmp_path,
                                                  monkeypatch) -> None:
    lab, people, catalogue = demo_lab
    sample = approved_sample(lab, catalogue, people)
    out = tmp_path / "out"
    out.mkdir()
    view = ReportsView(lab, runner, actor=people["signer"])
    qtbot.addWidget(view)
    view.resize(1100, 640)
    view.show()
    view.refresh()
    assert runner.wait_idle()
    assert view.model.rowCount() == 0

    dialog = view.open_issue_dialog()
    assert isinstance(dialog, IssueReportDialog)
    assert runner.wait_idle()
    assert dialog.sample.currentData() == sample.id
    assert "测试" in dialog.identity_label.text() and not dialog.identity_password.isVisible()
    _fits(dialog)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog.preview_button.click()
    assert runner.wait_idle(20_000)
    assert opened and Path(opened[0]).read_bytes().startswith(b"%PDF") and dialog.message.kind == "ok"
    assert lab.reports.list_reports() == []  # a preview takes no number

    dialog.folder.setText(str(out))
    dialog.password.setText("wrong-one")
    dialog.issue_button.click()
    assert runner.wait_idle(20_000)
    assert dialog.message.kind == "error" and dialog.last_issued is None and not list(out.iterdir())

    dialog.password.setText(PW)
    with qtbot.waitSignal(dialog.issued, timeout=20_000):
        dialog.issue_button.click()
    assert runner.wait_idle()
    issued = dialog.last_issued
    assert issued is not None and Path(issued.path).exists() and issued.number in dialog.message.text()
    _shot(dialog, "reports-issue-dialog.png")
    dialog.close()
    assert view.model.rowCount() == 1
    assert view.model.index(0, 0).data() == issued.number and view.model.index(0, 2).data() == "已签发"
    assert view.model.index(0, 4).data()  # issued by
    _fits(view)
    _shot(view, "reports-page.png")

    verify = view.open_verify_dialog()
    assert isinstance(verify, VerifyReportDialog)
    verify.check_file(Path(issued.path))
    assert runner.wait_idle(20_000)
    assert verify.check is not None and verify.check.ok
    assert verify.number.text().startswith(issued.number) and verify.hash_match.text() == "是"
    _fits(verify)
    _shot(verify, "reports-verify-ok.png")

    data = bytearray(Path(issued.path).read_bytes())
    data[bytes(data).index(b"/Contents") - 200] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    verify.check_file(broken)
    assert runner.wait_idle(20_000)
    assert verify.check is not None and not verify.check.ok and verify.intact.text() == "否"
    _shot(verify, "reports-verify-broken.png")
    verify.close()


def test_a_technician_is_refused_with_a_clear_message(qtbot: QtBot, demo_lab, runner: TaskRunner,
                                                      tmp_path) -> None:
    lab, people, catalogue = demo_lab
    approved_sample(lab, catalogue, people)
    view = ReportsView(lab, runner, actor=people["tech1"])
    qtbot.addWidget(view)
    dialog = view.open_issue_dialog()
    assert dialog is not None and runner.wait_idle()
    dialog.folder.setText(str(tmp_path))
    dialog.password.setText(PW)
    dialog.issue_button.click()
    assert runner.wait_idle(20_000)
    assert dialog.message.kind == "error" and "tech1" in dialog.message.text()
    assert lab.reports.list_reports() == []
    dialog.close()


def test_issue_report_from_the_sample_detail(qtbot: QtBot, demo_lab, runner: TaskRunner, tmp_path) -> None:
    from lims.gui.views.sample_detail import SampleDetailView

    lab, people, catalogue = demo_lab
    older = approved_sample(lab, catalogue, people)
    sample = approved_sample(lab, catalogue, people)
    waiting = lab.work.register(people["tech1"], catalogue.form())
    view = SampleDetailView(lab, people["signer"], runner)
    qtbot.addWidget(view)
    view.show()
    view.load(waiting.id)
    assert runner.wait_idle()
    assert not view.report_button.isVisible()  # not approved
    view.load(sample.id)
    assert runner.wait_idle()
    assert view.report_button.isVisible()
    dialog = view.issue_report()
    assert isinstance(dialog, IssueReportDialog)
    assert runner.wait_idle()
    assert dialog.sample.count() == 1 and dialog.sample.currentData() == sample.id  # this sample alone
    assert not dialog.sample.isEnabled() and older.id != sample.id
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder.setText(str(out))
    dialog.password.setText(PW)
    with qtbot.waitSignal(dialog.issued, timeout=20_000):
        dialog.issue_button.click()
    assert runner.wait_idle()
    assert dialog.last_issued is not None and dialog.last_issued.sample_code == sample.code
    assert [r.sample_code for r in lab.reports.list_reports()] == [sample.code]
    dialog.close()
    again = view.issue_report()
    assert runner.wait_idle()
    assert again is not None and again.sample.count() == 0 and "已有有效报告" in again.message.text()
    again.close()
