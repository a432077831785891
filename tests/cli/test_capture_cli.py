"""`lims instrument add`, `lims capture`, `lims readings` and `lims simulate` as a bench uses them."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from instruments.reading import Reading
from instruments.simulators.devices import EnzymeReaderDevice
from instruments.simulators.readings import SimReading
from instruments.simulators.runner import PtyEndpoint, run_device
from lims.cli.instruments import _channels
from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import KitLot, Parameter
from lims.domain.errors import ValidationError
from lims.services.capture import InstrumentForm
from lims.services.container import build_services
from tests.cli.test_cli import assert_one_clear_line, lims
from tests.services.conftest import CST, Catalogue

AS_MANAGER = ("--as", "manager", "--password-stdin")
PASSWORD_LINE = "demo1234\n"


def _add(db: str, home, *extra: str) -> subprocess.CompletedProcess:
    return lims("instrument", "add", "--db", db, "--name", "LC-1", "--adapter", "astm", "--port", "/dev/ttyUSB9",
                "--baud", "19200", "--parity", "E", "--encoding", "gbk", "--code", "CLB=毒死蜱", *extra, *AS_MANAGER,
                stdin=PASSWORD_LINE, home=home)


def test_instrument_add_keeps_the_port_settings_and_code_map_and_says_readings_are_held(demo_db_url, tmp_path):
    added = _add(demo_db_url, tmp_path)
    assert added.returncode == 0, added.stderr
    assert "19200 8E1" in added.stdout and "code CLB -> 毒死蜱" in added.stdout and "held" in added.stdout
    listed = lims("instrument", "list", "--db", demo_db_url, home=tmp_path)
    assert "LC-1\tastm\t/dev/ttyUSB9\t19200 8E1 none gbk" in listed.stdout
    again = _add(demo_db_url, tmp_path)
    assert_one_clear_line(again, "LC-1", "already exists")
    calibrated = lims("instrument", "calibrate", "--db", demo_db_url, "--name", "LC-1", "--on", "2026-01-01",
                      "--until", "2027-01-01", *AS_MANAGER, stdin=PASSWORD_LINE, home=tmp_path)
    assert calibrated.returncode == 0, calibrated.stderr


def test_a_technician_may_not_add_an_instrument_and_a_bad_code_pair_is_one_clear_line(demo_db_url, tmp_path):
    refused = lims("instrument", "add", "--db", demo_db_url, "--name", "X", "--adapter", "astm", "--port", "COM3",
                   "--as", "tech1", "--password-stdin", stdin=PASSWORD_LINE, home=tmp_path)
    assert_one_clear_line(refused, "tech1", "manage instruments")
    bad = _add(demo_db_url, tmp_path, "--code", "CLB")
    assert_one_clear_line(bad, "CODE=PARAMETER")


def test_readings_json_has_exactly_the_documented_fields(demo_db_url, tmp_path):
    assert _add(demo_db_url, tmp_path).returncode == 0
    engine = make_engine(parse_url(demo_db_url))
    lab = build_services(engine)
    tech = lab.users.login("tech1", "demo1234", "bench")
    line = lab.capture.line("LC-1")
    moment = datetime(2026, 11, 2, 3, 4, 5, tzinfo=UTC)
    lab.capture.store(tech, line.id, [Reading("LC-1", "NJ 2026-x", "CLB", "0.010", "mg/kg", received_at=moment,
                                              raw=b"R|1|^^^CLB|0.010")])
    engine.dispose()
    out = lims("readings", "--db", demo_db_url, "--json", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [{"sample": "NJ 2026-x", "parameter": "CLB", "value": "0.010", "unit": "mg/kg",
                                       "state": "held", "instrument": "LC-1",
                                       "received_at": "2026-11-02T03:04:05+00:00"}]
    plain = lims("readings", "--db", demo_db_url, "--instrument", "LC-1", "--state", "held", home=tmp_path)
    assert "held" in plain.stdout and "1 reading(s)" in plain.stdout
    unknown = lims("readings", "--db", demo_db_url, "--instrument", "nope", home=tmp_path)
    assert_one_clear_line(unknown, "nope")


def test_capture_runs_until_sigterm_then_stops_cleanly_with_exit_0(demo_db_url, tmp_path):
    assert _add(demo_db_url, tmp_path).returncode == 0  # its port does not exist: capture waits for it
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.Popen([sys.executable, "-m", "lims", "capture", "--db", demo_db_url, "--instrument", "LC-1",
                             "--as", "tech1", "--password-stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(PASSWORD_LINE)
    proc.stdin.close()
    proc.stdin = None
    assert proc.stdout.readline().startswith("capturing LC-1 on /dev/ttyUSB9")
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "stopped: 0 reading(s) received" in out and "Traceback" not in err
    assert list((tmp_path / "data" / "banner-lims" / "journals").glob("*-instrument-*.journal"))


def test_capture_of_an_unknown_instrument_is_one_clear_line(demo_db_url, tmp_path):
    out = lims("capture", "--db", demo_db_url, "--instrument", "nope", "--as", "tech1", "--password-stdin",
               stdin=PASSWORD_LINE, home=tmp_path)
    assert_one_clear_line(out, "nope")


def test_simulate_passes_its_arguments_to_the_simulator():
    helped = lims("simulate", "astm", "--help")
    assert helped.returncode == 0 and "--reply-timeout" in helped.stdout
    refused = lims("simulate", "textline", "--pty")
    assert refused.returncode == 2 and "needs --definition" in refused.stderr


def test_a_held_reading_is_released_by_a_manager_and_an_unmatched_one_discarded_from_the_terminal(
        demo_db_url, tmp_path):
    assert _add(demo_db_url, tmp_path).returncode == 0  # not calibrated: readings are held
    engine = make_engine(parse_url(demo_db_url))
    lab = build_services(engine)
    tech = lab.users.login("tech1", "demo1234", "bench")
    line = lab.capture.line("LC-1")
    [held] = lab.capture.store(tech, line.id, [Reading("LC-1", "NOSUCH-1", "CLB", "0.010", "mg/kg",
                                                       raw=b"R|1|^^^CLB|0.010")])
    engine.dispose()
    refused = lims("reading", "release", str(held.reading.id), "--db", demo_db_url, "--reason", "checked",
                   "--as", "tech1", "--password-stdin", stdin=PASSWORD_LINE, home=tmp_path)
    assert_one_clear_line(refused, "tech1", "manage instruments")
    released = lims("reading", "release", str(held.reading.id), "--db", demo_db_url, "--reason", "checked",
                    *AS_MANAGER, stdin=PASSWORD_LINE, home=tmp_path)
    assert released.returncode == 0, released.stderr
    assert "is unmatched: No sample has the code NOSUCH-1" in released.stdout  # released, but no such sample
    discarded = lims("reading", "discard", str(held.reading.id), "--db", demo_db_url, "--reason", "a blank",
                     "--as", "tech1", "--password-stdin", stdin=PASSWORD_LINE, home=tmp_path)
    assert discarded.returncode == 0 and "is discarded" in discarded.stdout


def _enzyme_reader(db: str, port: str) -> str:
    """An 8-channel reader on ``port``, calibrated, with an enzyme-inhibition kit lot in date."""
    engine = make_engine(parse_url(db))
    lab = build_services(engine)
    manager = lab.users.login("manager", "demo1234", "bench")
    line = lab.capture.add_instrument(manager, InstrumentForm(name="ENZ-1", adapter="enzyme-reader", port=port),
                                      codes={"OPC": "有机磷和氨基甲酸酯类农药"})
    today = lab.work.today()
    lab.capture.add_calibration(manager, line.id, today - timedelta(days=1), today + timedelta(days=30))
    with make_session_factory(engine).begin() as s:
        s.add(KitLot(name="酶抑制试剂", lot_no="ACHE-CLI", method_kind="enzyme_inhibition",
                     parameter_id=s.scalar(select(Parameter.id).where(Parameter.name == "有机磷和氨基甲酸酯类农药")),
                     cutoffs_json='{"positive_at_or_above_pct": 50}', expires_on=today + timedelta(days=30)))
    engine.dispose()
    return line.name


def _received_leek(db: str) -> tuple[str, int]:
    """A received leek sample's code and id: the enzyme reader screens it for the pesticide group."""
    engine = make_engine(parse_url(db))
    lab = build_services(engine)
    tech = lab.users.login("tech1", "demo1234", "bench")
    # taken before the simulated reader's clock (2026-03-05 02:00 on the lab's clock) reads it
    sample = lab.work.register(tech, Catalogue.read(engine).form("韭菜", sampled_at=datetime(2026, 3, 4, 16, 0,
                                                                                            tzinfo=CST)))
    lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
    engine.dispose()
    return sample.code, sample.id


def test_capture_settings_that_do_not_fit_are_one_clear_line(demo_db_url, tmp_path):
    name = _enzyme_reader(demo_db_url, str(tmp_path / "no-such-tty"))
    nine = lims("capture", "--db", demo_db_url, "--instrument", name, "--channel", "9=NJ-9", "--as", "tech1",
                "--password-stdin", stdin=PASSWORD_LINE, home=tmp_path)
    assert_one_clear_line(nine, "ENZ-1", "channels 1 to 8, not 9")
    assert not nine.stdout  # refused before anything was opened or printed
    with pytest.raises(ValidationError, match="one=NJ-1 is not N=CODE"):
        _channels(["one=NJ-1"])
    with pytest.raises(ValidationError, match="Channel 2 is given twice"):
        _channels(["2=NJ-1", "2=NJ-2"])


def test_capture_maps_the_channels_given_uses_the_kit_lot_and_a_second_capture_is_refused_naming_the_first(
        demo_db_url, tmp_path):
    pty = PtyEndpoint(tmp_path / "ttyENZ")
    name = _enzyme_reader(demo_db_url, str(pty.link))
    leek, leek_id = _received_leek(demo_db_url)
    device = EnzymeReaderDevice([SimReading("x", "OPC", "12.5", "%"), SimReading("y", "OPC", "61.0", "%"),
                                 SimReading("z", "OPC", "30.0", "%")])
    stop = threading.Event()
    thread = threading.Thread(target=run_device, args=(device, pty), kwargs={"stop": stop.is_set, "linger": 3600},
                              daemon=True)
    thread.start()
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.Popen([sys.executable, "-m", "lims", "capture", "--db", demo_db_url, "--instrument", name,
                             "--kit-lot", "ACHE-CLI", "--channel", f"1={leek}", "--channel", "2=NJ-B",
                             "--control-channel", "8", "--as", "tech1", "--password-stdin"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PASSWORD_LINE)
        proc.stdin.close()
        proc.stdin = None
        lines = [proc.stdout.readline() for _ in range(5)]
        assert lines[0].startswith("capturing ENZ-1 on ") and lines[1].startswith("kit lot 酶抑制试剂 ACHE-CLI")
        # channel 1: the leek, screened negative; channel 2: no such sample; channel 3: no code given
        assert [ln.rstrip().split(" (")[0] for ln in lines[2:]] == [
            f"stored {leek} OPC 12.50 %", "unmatched NJ-B OPC 61.00 %", "unmatched  OPC 30.00 %"]
        second = lims("capture", "--db", demo_db_url, "--instrument", name, "--as", "tech2", "--password-stdin",
                      stdin=PASSWORD_LINE, home=tmp_path)
        assert_one_clear_line(second, "ENZ-1 is being captured by tech1 on ", socket.gethostname())
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
        stop.set()
        thread.join(5)
        pty.close()
    assert proc.returncode == 0, err
    assert "stopped: 3 reading(s) received" in out and "1 stored, 2 unmatched" in out
    engine = make_engine(parse_url(demo_db_url))
    lab = build_services(engine)
    readings = lab.capture.readings(instrument=name)
    assert [r.sample for r in readings] == [leek, "NJ-B", ""]
    [screen] = lab.screening.list_for_sample(leek_id)  # the leek's channel, stored as its screen
    assert (screen.outcome, screen.kit_lot, screen.instrument) == ("negative", "酶抑制试剂 ACHE-CLI", name)
    assert readings[0].rapid_screen_id == screen.id
    assert lab.capture.holder(name) is None  # the stopped capture let go of the instrument
    engine.dispose()
