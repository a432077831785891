"""The simulator command and its TCP port: what ``lims simulate`` will run."""
from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from instruments.adapter import Output
from instruments.astm.adapter import AstmAdapter
from instruments.gold_reader.adapter import GoldReaderAdapter, KitLotRule
from instruments.journal import Journal
from instruments.pump import LinePump
from instruments.simulators import cli
from instruments.simulators.devices import GoldReaderDevice
from instruments.simulators.readings import ReadingsFileError, load_readings
from instruments.simulators.runner import TcpEndpoint, paced_write, run_device
from instruments.transport import PortSettings, SerialTransport
from lims.domain.screening import TOverCCutoffs


def test_readings_come_from_csv_or_json_and_a_missing_column_is_named(tmp_path: Path) -> None:
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("sample_code,parameter_code,value,unit\nNJ-1,CLB,0.42,ug/kg\nNJ-2,OPC,56.77,%\n",
                        encoding="utf-8")
    json_path = tmp_path / "r.json"
    json_path.write_text(json.dumps([{"sample_code": "NJ-1", "parameter_code": "CLB", "value": 0.42}]),
                         encoding="utf-8")
    assert [(r.sample_code, r.value, r.unit) for r in load_readings(csv_path)] == [("NJ-1", "0.42", "ug/kg"),
                                                                                   ("NJ-2", "56.77", "%")]
    assert load_readings(json_path)[0].value == "0.42"
    csv_path.write_text("sample_code,value\nNJ-1,3\n", encoding="utf-8")
    with pytest.raises(ReadingsFileError, match="reading 1 lacks parameter_code"):
        load_readings(csv_path)


def test_writes_are_paced_as_the_baud_rate_would_deliver_them() -> None:
    slept: list[float] = []

    class Sink:
        data = b""

        def write(self, data: bytes) -> None:
            self.data += data

    sink = Sink()
    paced_write(sink, b"x" * 960, 9600, sleep=slept.append)  # type: ignore[arg-type]
    assert sink.data == b"x" * 960 and sum(slept) == pytest.approx(1.0)


def test_the_command_refuses_bad_arguments_with_exit_code_2(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    assert cli.main(["astm", "--noise", "1.5"]) == 2
    assert cli.main(["textline", "--pty"]) == 2
    assert "textline needs --definition" in capsys.readouterr().err
    assert cli.main(["astm", "--readings", str(tmp_path / "none.csv")]) == 2


def test_the_command_plays_an_analyzer_on_a_pty_whose_path_it_prints(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "ttySIM"
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(cli.main(
        # the analyzer may speak before the host opens the port (opening it empties the input), so
        # it must ask again soon
        ["astm", "--pty", "--link", str(link), "--count", "5", "--baud", "0", "--reply-timeout", "0.5"])),
        daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while not link.exists():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    printed = capsys.readouterr().out
    assert printed.startswith("pty /dev/pts/") and str(link.resolve()) in printed
    pump = LinePump(SerialTransport(str(link), PortSettings(read_timeout=0.02)), Journal(tmp_path / "j"),
                    AstmAdapter("sim"))
    got: list[str] = []
    while len(got) < 5:
        assert time.monotonic() < deadline + 10
        out: Output = pump.step()
        got += [r.sample_code for r in out.readings]
    thread.join(10)
    pump.transport.close()
    assert got == [f"SIM2026-{i:06d}" for i in range(1, 6)] and result == [0]
    assert "sent 5 readings" in capsys.readouterr().out


def test_a_reader_on_a_tcp_port_is_reached_through_a_socket_url(tmp_path: Path) -> None:
    from instruments.simulators.readings import SimReading

    endpoint = TcpEndpoint(0)
    device = GoldReaderDevice([SimReading("x", "CLB", "0.45"), SimReading("y", "CLB", "1.2")])
    stop = threading.Event()
    thread = threading.Thread(target=run_device, args=(device, endpoint),
                              kwargs={"stop": stop.is_set, "linger": 3600}, daemon=True)
    thread.start()
    kit = KitLotRule("L1", "clenbuterol", TOverCCutoffs(Decimal("0.85")))
    adapter = GoldReaderAdapter("gold-net", kit)
    adapter.queue("NJ-1")
    adapter.queue("NJ-2")
    pump = LinePump(SerialTransport(f"socket://127.0.0.1:{endpoint.port}", PortSettings(read_timeout=0.02)),
                    Journal(tmp_path / "j"), adapter)
    pump.start()
    readings = []
    deadline = time.monotonic() + 10
    while len(readings) < 2:
        assert time.monotonic() < deadline
        readings += pump.step().readings
    stop.set()
    thread.join(5)
    pump.transport.close()
    endpoint.close()
    assert [(r.sample_code, r.value_text, r.qualitative) for r in readings] == [
        ("NJ-1", "0.450", "positive"), ("NJ-2", "1.200", "negative")]
