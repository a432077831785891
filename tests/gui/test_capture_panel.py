"""The Instruments page: instruments with their line settings, a port finder, and a capture
panel whose worker thread reads a real pseudo-terminal while the GUI thread only hears its
signals; unmatched readings are assigned a sample code from the panel."""
from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from instruments.astm.link import Timers
from instruments.reading import Reading
from instruments.simulators.devices import AstmDevice, EnzymeReaderDevice
from instruments.simulators.readings import SimReading
from instruments.simulators.runner import PtyEndpoint, run_device
from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import KitLot, Parameter
from lims.domain.capture import ReadingState
from lims.domain.errors import WorkstationBusy
from lims.gui.capture_panel import EVENT_WORDS, CapturePanel, CaptureWorker
from lims.gui.instrument_dialog import InstrumentDialog
from lims.gui.main_window import NAVIGATION_WIDTH
from lims.gui.tasks import TaskRunner
from lims.gui.views.instruments import InstrumentsView
from lims.services.capture import InstrumentForm
from lims.services.capture_lease import Holder
from lims.services.capture_runner import BenchChoice
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
        # what last happened on the line, in words: "读数已保存: 1", not the event's English name
        last = panel.link.toolTip().split(": ")[0]
        assert last in {QCoreApplication.translate("CapturePanel", w) for w in EVENT_WORDS.values()}
        assert last not in EVENT_WORDS and not last.isascii()
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


def _kit_lot(tmp_path: Path, lot_no: str, kind: str, parameter: str, expires_on: date, cutoffs: str) -> int:
    engine = make_engine(parse_url(str(tmp_path / "gui-demo.db")))  # the fixture's database
    with make_session_factory(engine).begin() as s:
        kit = KitLot(name="测试试剂", lot_no=lot_no, method_kind=kind, cutoffs_json=cutoffs, expires_on=expires_on,
                     parameter_id=s.scalar(select(Parameter.id).where(Parameter.name == parameter)))
        s.add(kit)
        s.flush()
        kit_id = kit.id
    engine.dispose()
    return kit_id


def _edit_channel(qtbot: QtBot, panel: CapturePanel, code: str) -> None:
    """Type a code into the channel being edited and press Enter, as a barcode scanner does."""
    editor = panel.channels.indexWidget(panel.channels.currentIndex())  # the open editor
    assert isinstance(editor, QLineEdit)
    editor.setText(code)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_the_channel_map_is_typed_channel_after_channel_and_names_the_samples_of_a_reading(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path, monkeypatch) -> None:
    lab = sqlite_demo_services
    tech = lab.users.login("tech1", PW, "bench")
    manager = lab.users.login("manager", PW, "bench")
    pty = PtyEndpoint(tmp_path / "ttyENZ")
    line = lab.capture.add_instrument(manager, InstrumentForm(name="酶抑制-GUI", adapter="enzyme-reader",
                                                              port=str(pty.link)),
                                      codes={"OPC": "有机磷和氨基甲酸酯类农药"})
    today = lab.work.today()
    lab.capture.add_calibration(manager, line.id, today - timedelta(days=1), today + timedelta(days=9))
    lot_id = _kit_lot(tmp_path, "ACHE-GUI", "enzyme_inhibition", "有机磷和氨基甲酸酯类农药", today + timedelta(days=9),
                      '{"positive_at_or_above_pct": 50}')
    device = EnzymeReaderDevice([SimReading(c, "OPC", v, "%") for c, v in (("x", "12.5"), ("y", "61.0"), ("z", "30"))])
    stop = threading.Event()
    thread = threading.Thread(target=run_device, args=(device, pty),
                              kwargs={"stop": stop.is_set, "linger": 3600}, daemon=True)
    monkeypatch.setattr("lims.gui.capture_panel.journal_folder", lambda: tmp_path / "journals")
    view = InstrumentsView(lab, runner, actor=tech)
    qtbot.addWidget(view)
    view.resize(1366 - NAVIGATION_WIDTH, 768 - 120)  # the page inside the main window on a 1366x768 screen
    view.refresh()
    qtbot.waitUntil(lambda: bool(view._lines) and view.model.rowCount() >= 3)
    view.table.selectRow(next(r for r in range(view.model.rowCount()) if view.model.index(r, 0).data() == "酶抑制-GUI"))
    view.show()  # cells are edited in a shown table
    thread.start()
    panel = view.start_capture()
    assert panel is not None
    try:
        qtbot.waitUntil(lambda: panel.link.text() == "连接：已连接", timeout=10_000)
        qtbot.waitUntil(lambda: panel.kit_lot.findData(lot_id) > 0)
        assert device.records and not device.done  # nothing asked of the reader before the map is typed
        panel.kit_lot.setCurrentIndex(panel.kit_lot.findData(lot_id))
        panel.channels.setFocus()
        panel.channels.setCurrentCell(0, 0)
        panel.channels.editItem(panel.channels.item(0, 0))
        _edit_channel(qtbot, panel, "NJ-A")
        assert panel.channels.currentColumn() == 1  # Enter went on to channel 2
        _edit_channel(qtbot, panel, "NJ-B")
        _edit_channel(qtbot, panel, "nj-a")
        assert panel.message.text() == "样品 nj-a 同时填在通道 1 和通道 3"  # refused: the map in use stays
        panel.channels.item(0, 2).setText("")
        panel.control_channel.setCurrentIndex(panel.control_channel.findData(8))
        assert panel.bench() == BenchChoice(lot_id, {1: "NJ-A", 2: "NJ-B"}, 8)
        view.grab().save(str(tmp_path / "enzyme-panel.png"))
        qtbot.mouseClick(panel.read_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(panel.live_rows) == 3, timeout=10_000)
        assert sorted(r.sample for r in panel.live_rows) == ["", "NJ-A", "NJ-B"]
        qtbot.waitUntil(lambda: panel.queue_model.rowCount() == 3)
        assert panel.counts.text().startswith("已接收 3，已入库 0，未匹配 3")
        assert panel.queue_model.index(2, 4).data() == "通道 3 没有样品编号：请为该读数指定样品"
        view.grab().save(str(tmp_path / "enzyme-panel-read.png"))
    finally:
        assert view.stop_all()
        stop.set()
        thread.join(5)
        pty.close()
    qtbot.waitUntil(lambda: not view.panels)
    assert lab.capture.holder("酶抑制-GUI") is None  # the stopped capture let go of the instrument


class RecordingWorker(CaptureWorker):
    """A worker that is never started: it records what the panel hands it."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.benches: list[BenchChoice] = []
        self.strips: list[str] = []

    def set_bench(self, bench: BenchChoice) -> None:
        self.benches.append(bench)

    def queue_strips(self, codes: list[str]) -> None:
        self.strips += codes


def test_a_gold_reader_s_panel_offers_only_the_lots_in_date_warns_without_one_and_queues_scanned_strips(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path) -> None:
    lab = sqlite_demo_services
    tech = lab.users.login("tech1", PW, "bench")
    manager = lab.users.login("manager", PW, "bench")
    line = lab.capture.add_instrument(manager, InstrumentForm(name="胶体金-GUI", adapter="gold-reader", port="loop://"),
                                      codes={"CLB": "克伦特罗"})
    today = lab.work.today()
    cutoffs = '{"rule": "t_over_c", "positive_below": 0.85}'
    fresh = _kit_lot(tmp_path, "CLB-GUI", "colloidal_gold", "克伦特罗", today + timedelta(days=9), cutoffs)
    _kit_lot(tmp_path, "CLB-OLD", "colloidal_gold", "克伦特罗", today - timedelta(days=1), cutoffs)
    line = lab.capture.line(line.name)
    worker = RecordingWorker(lab, tech, line)
    panel = CapturePanel(lab, tech, runner, line, worker=worker)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.kit_lot.findData(fresh) > 0)
    offered = [panel.kit_lot.itemText(i) for i in range(panel.kit_lot.count())]
    assert offered[0] == "不使用试剂批次" and not any("CLB-OLD" in text for text in offered)
    assert panel.kit_warning.text() == "未选择试剂批次：读数将暂扣，待实验室负责人放行"
    assert panel.channels.isHidden() and not panel.strip_code.isHidden()
    panel.kit_lot.setCurrentIndex(panel.kit_lot.findData(fresh))
    assert worker.benches[-1] == BenchChoice(fresh, {}, None) and panel.kit_warning.text() == ""
    panel.strip_code.setText("NJ2026-000101")
    qtbot.keyClick(panel.strip_code, Qt.Key.Key_Return)
    assert worker.strips == ["NJ2026-000101"] and panel.strip_code.text() == ""
    assert panel.strips_queued.text() == "已排队 1 张检测卡；最近一张 NJ2026-000101"
    panel.resize(1366 - NAVIGATION_WIDTH, 420)  # its tab below the instrument list on a 1366x768 screen
    panel.grab().save(str(tmp_path / "gold-panel.png"))


def test_a_capture_that_meets_a_busy_database_starts_again_with_the_same_hold_and_settings(
        qtbot: QtBot, sqlite_demo_services: Services, monkeypatch) -> None:
    lab = sqlite_demo_services
    tech = lab.users.login("tech1", PW, "bench")
    line = lab.capture.add_instrument(lab.users.login("manager", PW, "bench"),
                                      InstrumentForm(name="LC-BUSY", adapter="astm", port="loop://"))
    monkeypatch.setattr("lims.gui.capture_panel.RESTART_AFTER", 0.01)
    calls: list[dict[str, object]] = []

    class Runner:
        def __init__(self, *args: object, **kwargs: object) -> None:
            calls.append(kwargs)

        def queue_strips(self, codes: list[str]) -> None:
            pass

        def run(self, stop: threading.Event) -> None:
            if len(calls) == 1:
                raise WorkstationBusy("Another workstation was saving: try again")

    worker = CaptureWorker(lab, tech, line, make_runner=Runner)
    worker.set_bench(BenchChoice(channels={1: "NJ-1"}))
    with qtbot.waitSignal(worker.failed) as failed, qtbot.waitSignal(worker.finished, timeout=5_000):
        worker.start()
    assert isinstance(failed.args[0], WorkstationBusy)
    assert len(calls) == 2 and calls[0]["holder"] is calls[1]["holder"] is worker.holder
    assert calls[1]["bench"] == BenchChoice(channels={1: "NJ-1"})


def test_starting_a_capture_of_an_instrument_captured_elsewhere_says_who_holds_it(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner, tmp_path: Path, monkeypatch) -> None:
    lab = sqlite_demo_services
    tech1 = lab.users.login("tech1", PW, "bench")
    line = lab.capture.add_instrument(lab.users.login("manager", PW, "bench"),
                                      InstrumentForm(name="LC-HELD-ELSEWHERE", adapter="astm", port="loop://"))
    lab.capture.claim(lab.users.login("tech2", PW, "化验室-2"), line.id, Holder(host="bench-2"))
    monkeypatch.setattr("lims.gui.capture_panel.journal_folder", lambda: tmp_path / "journals")
    view = InstrumentsView(lab, runner, actor=tech1)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: bool(view._lines) and view.model.rowCount() >= 3)
    view.table.selectRow(next(r for r in range(view.model.rowCount())
                              if view.model.index(r, 0).data() == "LC-HELD-ELSEWHERE"))
    view.start_capture()
    qtbot.waitUntil(lambda: not view.panels, timeout=10_000)
    assert view.message.text().startswith("LC-HELD-ELSEWHERE 正由 tech2 在 化验室-2 上采集（自 ")
    assert not (tmp_path / "journals").exists()  # refused before the line was touched


def test_a_manager_records_a_calibration_and_a_lapsed_instrument_reads_as_valid_again(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner) -> None:
    lab = sqlite_demo_services
    manager = lab.users.login("manager", PW, "bench")
    today = date.today()
    view = InstrumentsView(lab, runner, actor=manager, today=lambda: today)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1 and bool(view._lines))
    row = 0
    name = view.model.index(row, 0).data()
    view.table.selectRow(row)
    view.record_calibration()
    dialog = view.dialog
    assert dialog is not None and dialog.windowTitle() == f"记录检定/校准：{name}"

    # a calibration that ends before it was made is refused beside its field, and nothing is stored
    made = dialog.calibrated_on.date()
    dialog.valid_until.setDate(made.addDays(-1))
    dialog.certificate_no.setText("JZ-2026-118")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.boxes["valid_until"].error.isVisible())
    assert dialog.boxes["valid_until"].error.text() == (
        f"检定/校准有效期截止日（{made.addDays(-1).toString('yyyy-MM-dd')}）不能早于检定/校准日期"
        f"（{made.toString('yyyy-MM-dd')}）")
    assert dialog.isVisible()

    dialog.valid_until.setDate(made.addDays(365))
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.ok_button.click()
    last = view.model.columnCount() - 1
    qtbot.waitUntil(lambda: view.model.index(row, last - 1).data() == made.addDays(365).toString("yyyy-MM-dd"))
    assert view.model.index(row, 0).data() == name and view.model.index(row, last).data() == "有效"
