"""The Instruments page: instruments with their line settings, a port finder, and a capture
panel whose worker thread reads a real pseudo-terminal while the GUI thread only hears its
signals; unmatched readings are assigned a sample code from the panel."""
from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from instruments.astm.link import Timers
from instruments.reading import Reading
from instruments.simulators.devices import AstmDevice
from instruments.simulators.readings import SimReading
from instruments.simulators.runner import PtyEndpoint, run_device
from lims.db.engine import make_engine, parse_url
from lims.domain.capture import ReadingState
from lims.gui.capture_panel import CapturePanel, CaptureWorker
from lims.gui.instrument_dialog import InstrumentDialog
from lims.gui.main_window import NAVIGATION_WIDTH
from lims.gui.tasks import TaskRunner
from lims.gui.views.instruments import InstrumentsView
from lims.services.capture import InstrumentForm
from lims.services.container import Services
from tests.services.conftest import Catalogue

PW = "demo1234"
TIMERS = Timers(reply=0.5, receive=3.0, busy_retry=0.3, host_contention=0.5, instrument_contention=0.1)


def test_a_capture_panel_shows_live_readings_and_assigns_an_unmatched_one(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path, monkeypatch) -> None:
    lab = sqlite_demo_services
    tech = lab.users.login("tech1", PW, "bench")
    manager = lab.users.login("manager", PW, "bench")
    engine = make_engine(parse_url(str(tmp_path / "gui-demo.db")))  # the fixture's database
    catalogue = Catalogue.read(engine)
    engine.dispose()
    sample = lab.work.register(tech, catalogue.form())
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    pty = PtyEndpoint(tmp_path / "ttyLC")
    line = lab.capture.add_instrument(manager, InstrumentForm(name="LC-GUI", adapter="astm", port=str(pty.link),
                                                              options={"reply_timeout": "0.5"}),
                                      codes={"CLB": "毒死蜱"})
    today = lab.work.today()
    lab.capture.add_calibration(manager, line.id, today - timedelta(days=1), today + timedelta(days=9))
    device = AstmDevice([SimReading(sample.code, "CLB", "0.004", "mg/kg"),
                         SimReading("TYPO-123", "CLB", "0.006", "mg/kg")], timers=TIMERS)
    stop = threading.Event()
    thread = threading.Thread(target=run_device, args=(device, pty),
                              kwargs={"stop": stop.is_set, "linger": 3600}, daemon=True)
    monkeypatch.setattr("lims.gui.capture_panel.journal_folder", lambda: tmp_path / "journals")

    view = InstrumentsView(lab, runner, actor=tech)
    qtbot.addWidget(view)
    view.resize(1366 - NAVIGATION_WIDTH, 768 - 120)  # the page inside the main window on a 1366x768 screen
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3 and bool(view._lines))
    row = next(r for r in range(3) if view.model.index(r, 0).data() == "LC-GUI")
    assert view.model.index(row, 5).data() == "9600 8N1 gbk"
    view.table.selectRow(row)
    panel = view.start_capture()
    assert panel is not None and isinstance(panel.worker, CaptureWorker)
    thread.start()
    try:
        qtbot.waitUntil(lambda: len(panel.live_rows) == 2, timeout=20_000)
        qtbot.waitUntil(lambda: panel.queue_model.rowCount() == 1)
        assert panel.link.text() == "连接：已连接"
        assert {r.state for r in panel.live_rows} == {ReadingState.STORED, ReadingState.UNMATCHED}
        assert panel.queue_model.index(0, 4).data() == "未找到样品 TYPO-123"  # the service's reason, in Chinese
        view.grab().save(str(tmp_path / "instruments.png"))
        panel.queue_table.selectRow(0)
        panel.sample_code.setText(sample.code.lower())
        panel.assign_selected()
        qtbot.waitUntil(lambda: panel.queue_model.rowCount() == 0)
        assert all(r.state == ReadingState.STORED for r in lab.capture.readings(instrument="LC-GUI"))
    finally:
        assert view.stop_all()
        stop.set()
        thread.join(5)
        pty.close()
    qtbot.waitUntil(lambda: not view.panels)


def test_the_instrument_dialog_lists_ports_and_adapters_and_adds_an_instrument(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path) -> None:
    manager = sqlite_demo_services.users.login("manager", PW, "bench")
    dialog = InstrumentDialog(sqlite_demo_services, manager, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.adapter.count() >= 4)
    runner.wait_idle()
    dialog.name.setText("酶标仪-2")
    # each adapter by its name in words; its id is what is stored
    assert dialog.adapter.itemText(dialog.adapter.findData("enzyme-reader")) == "酶抑制法速测仪"
    dialog.adapter.setCurrentIndex(dialog.adapter.findData("astm"))
    dialog.port.setEditText("socket://127.0.0.1:4001")
    dialog.parity.setCurrentText("E")
    dialog.codes.setPlainText("CLB=毒死蜱")
    dialog.show()
    assert dialog.sizeHint().height() <= 768 and dialog.sizeHint().width() <= 1366
    dialog.grab().save(str(tmp_path / "dialog.png"))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved is not None)
    assert dialog.saved is not None and dialog.saved.settings.parity == "E"
    assert dialog.saved.codes == {"CLB": "毒死蜱"} and dialog.saved.adapter == "astm"


def test_a_manager_releases_a_held_reading_from_the_panel_with_a_reason(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path) -> None:
    lab = sqlite_demo_services
    tech = lab.users.login("tech1", PW, "bench")
    manager = lab.users.login("manager", PW, "bench")
    line = lab.capture.add_instrument(manager, InstrumentForm(name="LC-HELD", adapter="astm", port="loop://"),
                                      codes={"CLB": "毒死蜱"})  # never calibrated
    lab.capture.store(tech, line.id, [Reading("LC-HELD", "NJ-NONE", "CLB", "0.01", "mg/kg", raw=b"R|1")])
    panel = CapturePanel(lab, manager, runner, lab.capture.line("LC-HELD"))
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.queue_model.rowCount() == 1)
    assert panel.queue_model.index(0, 4).data().startswith("LC-HELD 没有检定/校准记录")  # the reason, in Chinese
    panel.queue_table.selectRow(0)
    panel.release_selected()
    assert panel.message.text() == "请选择一条暂扣读数并填写放行原因"  # no reason given
    panel.reason.setText("当日复核合格")
    panel.release_selected()
    qtbot.waitUntil(lambda: "已放行" in panel.message.text())
    [row] = lab.capture.readings(instrument="LC-HELD")
    assert row.state == ReadingState.UNMATCHED  # released, then waiting for a sample that exists
    qtbot.waitUntil(lambda: panel.queue_model.rowCount() == 1)
