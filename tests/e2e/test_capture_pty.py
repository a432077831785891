"""From a simulated analyzer over a real pseudo-terminal into a real database, through
``lims capture`` run as the bench runs it: line noise, the line pulled out and plugged in again,
and the capture process killed with SIGKILL mid-transfer and started again. Every reading the
analyzer sent is stored exactly once; unknown sample codes wait unmatched."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from instruments.astm.link import Timers
from instruments.simulators.devices import AstmDevice
from instruments.simulators.readings import SimReading
from instruments.simulators.runner import Noise, PtyEndpoint, run_device
from lims.db.engine import make_engine, parse_url
from lims.services.capture import InstrumentForm
from lims.services.container import build_services
from tests.instruments.test_end_to_end import PullingEndpoint
from tests.services.conftest import DEMO_PASSWORD, WORKSTATION, Catalogue

ANALYZER = "液相色谱仪-E2E"
# the analyzer waits 3 s for each ACK (E1381: 15 s) and tries six times: long enough for a restart,
# and longer than a busy host's step (a sooner retry would have the link itself drop a frame)
DEVICE_TIMERS = Timers(reply=3.0, receive=3.0, busy_retry=0.3, host_contention=0.5, instrument_contention=0.1)


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    env.pop("LIMS_DATABASE_URL", None)
    return env


def start_capture(url: str, home: Path, journal_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "lims", "capture", "--db", url, "--instrument", ANALYZER, "--as", "tech1",
         "--password-stdin", "--journal-dir", str(journal_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(home))
    assert proc.stdin is not None
    proc.stdin.write(DEMO_PASSWORD + "\n")
    proc.stdin.close()
    proc.stdin = None  # given; communicate() must not flush it again
    return proc


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@pytest.mark.parametrize("noise_rate", [0.05])
def test_every_reading_is_stored_once_through_noise_a_pulled_line_and_a_killed_capture(
        demo_db_url, tmp_path, noise_rate):
    engine = make_engine(parse_url(demo_db_url))
    lab = build_services(engine)
    tech = lab.users.login("tech1", DEMO_PASSWORD, WORKSTATION)
    manager = lab.users.login("manager", DEMO_PASSWORD, WORKSTATION)
    catalogue = Catalogue.read(engine)
    codes, ids = [], {}
    for _ in range(5):
        sample = lab.work.register(tech, catalogue.form())
        sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
        codes.append(lab.work.assign_panel(tech, sample.id, sample.version).code)
        ids[codes[-1]] = sample.id
    link = tmp_path / "ttyLC1"
    pty = PtyEndpoint(link)
    line = lab.capture.add_instrument(manager, InstrumentForm(
        name=ANALYZER, adapter="astm", port=str(link), baudrate=9600,
        options={"reply_timeout": "1", "receive_timeout": "8"}), codes={"CLB": "毒死蜱"})  # > the analyzer's reply
    today = lab.work.today()
    lab.capture.add_calibration(manager, line.id, today - timedelta(days=1), today + timedelta(days=30), "JZ-E2E")

    # 3 rounds over the 5 samples (each a new value for the same test) and 2 codes no sample has
    sent = [SimReading(code.lower() if n % 2 else code, "CLB", f"0.0{n}{i}", "mg/kg")
            for n in range(3) for i, code in enumerate(codes)]
    sent[7:7] = [SimReading("NOSUCH-0001", "CLB", "0.011", "mg/kg")]
    sent.append(SimReading("NOSUCH-0002", "CLB", "0.012", "mg/kg"))
    device = AstmDevice(sent, timers=DEVICE_TIMERS)
    noise = Noise(noise_rate)
    pulling = PullingEndpoint(pty, after=1200)
    stop_device = threading.Event()
    thread = threading.Thread(target=run_device, args=(device, pulling),
                              kwargs={"baud": 9600, "noise": noise, "stop": stop_device.is_set, "linger": 3600},
                              daemon=True)
    home, journals = tmp_path / "home", tmp_path / "journals"

    def received() -> int:
        return len(lab.capture.readings(instrument=ANALYZER))

    first = start_capture(demo_db_url, home, journals)
    try:
        thread.start()
        wait_for(lambda: received() >= 6, 60, "the first capture stored nothing")
        first.send_signal(signal.SIGKILL)  # mid-transfer, with no chance to tidy up
        first.wait(10)
        assert first.returncode == -signal.SIGKILL
        second = start_capture(demo_db_url, home, journals)
        try:
            wait_for(lambda: device.done and received() >= len(sent), 90,
                     f"only {received()} of {len(sent)} readings arrived")
            time.sleep(0.5)  # anything sent twice would land now
        finally:
            second.send_signal(signal.SIGTERM)
            out, err = second.communicate(timeout=20)
        assert second.returncode == 0, err
        assert "stopped:" in out and "Traceback" not in err
    finally:
        stop_device.set()
        thread.join(5)
        pulling.close()
        if first.poll() is None:
            first.kill()

    rows = lab.capture.readings(instrument=ANALYZER)
    got = sorted((r.sample, r.value) for r in rows)
    assert got == sorted((r.sample_code, r.value) for r in sent)  # each once: none lost, none twice
    states = {(r.sample, r.value): r.state.value for r in rows}
    assert states[("NOSUCH-0001", "0.011")] == states[("NOSUCH-0002", "0.012")] == "unmatched"
    assert sum(1 for s in states.values() if s == "stored") == 15
    assert pulling.pulled and noise.corrupted > 0
    for code in codes:  # the last round's value is each sample's current result
        detail = lab.work.detail(ids[code])
        test = next(t for t in detail.tests if t.parameter == "毒死蜱")
        assert test.current is not None and test.current.source == "instrument"
        assert test.current.value_text == f"0.02{codes.index(code)}"
    listed = subprocess.run([sys.executable, "-m", "lims", "readings", "--db", demo_db_url, "--instrument", ANALYZER,
                             "--json"], capture_output=True, text=True, env=_env(home), timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == len(sent)
    engine.dispose()
