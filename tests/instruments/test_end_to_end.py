"""Over a real pseudo-terminal pair: simulator -> transport -> journal -> adapter -> readings.

The simulated device runs in a thread on the master end; the host opens the slave end with
pyserial as it would a COM port."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from instruments.adapter import Adapter, Output
from instruments.astm.adapter import AstmAdapter
from instruments.astm.link import Timers
from instruments.enzyme_reader.adapter import ChannelMap, EnzymeReaderAdapter
from instruments.journal import Journal
from instruments.pump import LinePump
from instruments.reading import Reading
from instruments.simulators.devices import AstmDevice, Device, EnzymeReaderDevice, TextLineDevice
from instruments.simulators.readings import SimReading, made_up_readings
from instruments.simulators.runner import Noise, PtyEndpoint, run_device
from instruments.textline.adapter import TextLineAdapter
from instruments.textline.codec import load_format
from instruments.transport import PortSettings, ReconnectingTransport, SerialTransport, Transport

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "instruments"
FAST = Timers(reply=0.3, receive=3.0, busy_retry=0.3, host_contention=0.5, instrument_contention=0.1)
SETTINGS = PortSettings(read_timeout=0.02)


@contextmanager
def device_on_pty(device: Device, noise: Noise | None = None, *, link: Path | None = None,
                  endpoint: PtyEndpoint | None = None) -> Iterator[PtyEndpoint]:
    pty = endpoint or PtyEndpoint(link)
    stop = threading.Event()
    thread = threading.Thread(target=run_device, args=(device, pty),
                              kwargs={"noise": noise, "stop": stop.is_set, "linger": 3600}, daemon=True)
    thread.start()
    try:
        yield pty
    finally:
        stop.set()
        thread.join(5)
        pty.close()


def pump_until(pump: LinePump, done: Callable[[list[Reading]], bool], seconds: float = 20,
               stored: list[Reading] | None = None) -> list[Reading]:
    """Run the pump as the capture will: store each step's readings, then commit."""
    stored = [] if stored is None else stored
    deadline = time.monotonic() + seconds
    while not done(stored):
        assert time.monotonic() < deadline, f"only {len(stored)} readings arrived"
        out: Output = pump.step()
        stored.extend(out.readings)
        pump.commit()
    return stored


def keys(readings: list[Reading]) -> list[tuple[str, str, str]]:
    return sorted((r.sample_code, r.parameter_code, r.value_text) for r in readings)


def expected(sim: list[SimReading]) -> list[tuple[str, str, str]]:
    return sorted((r.sample_code, r.parameter_code, r.value) for r in sim)


def open_pump(transport: Transport, journal_path: Path, adapter: Adapter) -> LinePump:
    pump = LinePump(transport, Journal(journal_path), adapter)
    pump.start()
    return pump


def test_astm_results_arrive_whole_through_line_noise(tmp_path: Path) -> None:
    sim = made_up_readings(24, "CLB", "ug/kg", 0, 3, seed=3)
    sim = [SimReading(r.sample_code if i % 2 else sim[i - 1].sample_code if i else r.sample_code, r.parameter_code,
                      r.value, r.unit) for i, r in enumerate(sim)]  # two results per sample
    noise = Noise(0.08)
    with device_on_pty(AstmDevice(sim, timers=FAST), noise) as pty:
        adapter = AstmAdapter("analyzer-1", timers=FAST)
        pump = open_pump(SerialTransport(pty.path, SETTINGS), tmp_path / "astm.journal", adapter)
        stored = pump_until(pump, lambda got: len(got) >= len(sim))
        pump.transport.close()
    assert keys(stored) == expected(sim)
    assert noise.corrupted > 0 and sum(adapter.errors.values()) > 0  # the noise was there, and was refused
    assert all(r.unit == "ug/kg" and r.measured_at is not None and r.raw.startswith(b"R|") for r in stored)


def test_a_printer_s_dropped_line_is_missing_and_counted_while_the_rest_arrive(tmp_path: Path) -> None:
    line_format = load_format(RESOURCES / "pesticide_printer.toml")
    sim = made_up_readings(30, "OPC", "%", 5, 80, seed=4)
    noise = Noise(0.15, line_ending=line_format.line_ending)
    with device_on_pty(TextLineDevice(sim, line_format, interval=0.005), noise) as pty:
        adapter = TextLineAdapter("printer-1", line_format, flush_after=0.5)
        pump = open_pump(SerialTransport(pty.path, SETTINGS), tmp_path / "lines.journal", adapter)
        deadline = time.monotonic() + 3
        stored: list[Reading] = []
        while time.monotonic() < deadline:
            stored += pump.step().readings
        pump.transport.close()
    whole = set(keys(stored)) & set(expected(sim))
    assert len(whole) >= len(sim) - noise.corrupted  # every line the noise spared arrived intact
    assert len(whole) < len(sim)  # and the ones it took are missing, not invented
    assert adapter.errors["unmatched line"] + len(whole) + noise.corrupted >= len(sim)


def test_the_enzyme_reader_downloads_its_records_and_channels_get_the_scanned_codes(tmp_path: Path) -> None:
    sim = [SimReading(f"slot-{i}", "OPC", v, "%") for i, v in enumerate(["12.50", "56.77", "49.99", "80.00"])]
    channels = ChannelMap({1: "NJ2026-000101", 2: "NJ2026-000102", 3: "NJ2026-000103", 4: "NJ2026-000104"},
                          control_channel=8)
    with device_on_pty(EnzymeReaderDevice(sim)) as pty:
        adapter = EnzymeReaderAdapter("enzyme-1", channels)
        pump = open_pump(SerialTransport(pty.path, SETTINGS), tmp_path / "enzyme.journal", adapter)
        stored = pump_until(pump, lambda got: len(got) >= 4)
        pump.transport.close()
    assert [(r.channel, r.sample_code, r.value_text, r.qualitative) for r in stored] == [
        (1, "NJ2026-000101", "12.50", "negative"), (2, "NJ2026-000102", "56.77", "positive"),
        (3, "NJ2026-000103", "49.99", "negative"), (4, "NJ2026-000104", "80.00", "positive")]
    assert not any("disagrees" in f for r in stored for f in r.flags)
    assert adapter.model == 0x12


class PullingEndpoint:
    """The device's end of the line, pulled out once after ``after`` bytes and plugged in again."""

    def __init__(self, pty: PtyEndpoint, after: int) -> None:
        self.pty, self.after, self.written, self.pulled = pty, after, 0, False

    def read(self, timeout: float) -> bytes:
        return self.pty.read(timeout)

    def write(self, data: bytes) -> None:
        self.pty.write(data)
        self.written += len(data)
        if not self.pulled and self.written >= self.after:
            self.pulled = True
            self.pty.pull_and_replug()
            time.sleep(0.2)

    def close(self) -> None:
        self.pty.close()


def test_a_pulled_line_and_a_host_crash_lose_nothing_received(tmp_path: Path) -> None:
    sim = made_up_readings(16, "CLB", "ug/kg", 0, 3, seed=5)
    link = tmp_path / "ttyLAB1"
    journal_path = tmp_path / "line.journal"
    pty = PtyEndpoint(link)
    pulling = PullingEndpoint(pty, after=900)
    device = AstmDevice(sim, timers=FAST)
    stop = threading.Event()
    thread = threading.Thread(target=run_device, args=(device, pulling),
                              kwargs={"stop": stop.is_set, "linger": 3600}, daemon=True)
    events: list[str] = []

    def reopen() -> Transport:
        return SerialTransport(str(link), SETTINGS)

    def transport() -> ReconnectingTransport:
        return ReconnectingTransport(reopen, first_delay=0.05, max_delay=0.2, on_event=lambda k, d: events.append(k))

    thread.start()
    try:
        # the first run stores what it gets, then dies between decoding and storing a batch
        first = LinePump(transport(), Journal(journal_path), AstmAdapter("analyzer-1", timers=FAST))
        stored: list[Reading] = []
        deadline = time.monotonic() + 20
        lost_batch: list[Reading] = []
        while not lost_batch:
            assert time.monotonic() < deadline
            out = first.step()
            if out.readings and len(stored) >= 4:
                lost_batch = out.readings  # decoded, never stored: the process is killed here
            else:
                stored += out.readings
                first.commit()
        first.transport.close()
        first.journal.close()
        # the second run recovers from the journal, then goes on on the line as it is now
        second = LinePump(transport(), Journal(journal_path), AstmAdapter("analyzer-1", timers=FAST))
        recovered = second.recover().readings
        assert keys(recovered) == keys(lost_batch)
        stored += recovered
        second.commit()
        pump_until(second, lambda got: len(got) >= len(sim) or (device.done and second.adapter.pending_from is None),
                   stored=stored)
    finally:
        stop.set()
        thread.join(5)
        pulling.close()
    assert pulling.pulled and "port lost" in events
    assert keys(stored) == expected(sim)  # each result once: none lost, none twice
