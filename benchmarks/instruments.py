"""Instrument capture without the database: ASTM decoding speed and pty loopback latency.

  decode        ASTM frames through the codec alone (frames -> records -> fields), and through
                the whole adapter (link state machine, acknowledgements, records, Readings), in
                frames per second, from one byte string fed in 4 KiB chunks
  latency       a simulated analyzer writes one whole ASTM session per sample into a
                pseudo-terminal; the host reads the slave end with pyserial through the line
                pump (journal appended and fsync'd per chunk, as in capture) and decodes it.
                The figure is from the write of the session's last byte to the Reading coming
                out of the pump: median and 99th percentile.

  committed     the same, through the application's capture path into a SQLite demo lab: the
                capture runner (lims.services.capture_runner) reads the pty, journals, decodes,
                matches the sample and its test, enters the result through enter_result and
                commits; the figure is from the session's last byte to the committed row
  paced         a simulated analyzer (instruments.simulators) paced at 115,200 baud with line
                noise (bytes flipped and dropped) sends results to the capture runner for
                --seconds (default 20; --minutes 10 for the ten-minute run); printed: readings
                sent (acknowledged by the host), stored (rows in the database), lost (sent and
                not stored: must be 0). Noise hits the analyzer's frames; both ends keep E1381's
                timers (15 s reply), as a shorter reply timer than a busy host's step makes the
                link itself drop a frame (a retried frame's second ACK taken for the next one)

    python benchmarks/instruments.py [--frames 100000] [--sessions 300] [--no-fsync]
                                     [--committed 200] [--seconds 20 | --minutes 10] [--noise 0.02]"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import threading
import time
import tty
from datetime import UTC, datetime
from pathlib import Path

import _root  # noqa: F401 - the project's packages before this folder's files of the same names

from instruments.adapter import Received
from instruments.astm.adapter import AstmAdapter
from instruments.astm.codec import DEFAULT, Frame, FrameDecoder, encode_message, split_record, split_records
from instruments.journal import Journal
from instruments.pump import LinePump
from instruments.transport import PortSettings, SerialTransport


def sample_records(code: str) -> list[bytes]:
    return [b"H|\\^&|||BENCH^1.0|||||||P|LIS2-A2|20260305100000", b"P|1",
            b"O|1|" + code.encode() + b"||^^^CLB\\^^^RAC\\^^^SAL|R",
            b"R|1|^^^CLB|0.42|ug/kg|0-0.5|N||F||lab1||20260305095900",
            b"R|2|^^^RAC|1.8|ug/kg||H||F||lab1||20260305095930",
            b"R|3|^^^SAL|0.05|ug/kg||N||F||lab1||20260305095945", b"L|1|N"]


def decode_rate(frame_count: int) -> tuple[float, float]:
    per_session = len(sample_records("x"))
    sessions = frame_count // per_session
    stream = b"".join(b"\x05" + b"".join(encode_message(sample_records(f"NJ{i:06d}"))) + b"\x04"
                      for i in range(sessions))
    frames = sessions * per_session
    chunks = [stream[i:i + 4096] for i in range(0, len(stream), 4096)]

    started = time.perf_counter()
    decoder = FrameDecoder()
    fields = 0
    for chunk in chunks:
        for token in decoder.feed(chunk):
            if isinstance(token, Frame):
                for raw in split_records(token.text):
                    fields += len(split_record(raw.decode("latin-1"), DEFAULT).fields)
    codec_rate = frames / (time.perf_counter() - started)

    adapter = AstmAdapter("bench")
    now = datetime.now(UTC)
    readings = 0
    started = time.perf_counter()
    for i, chunk in enumerate(chunks):
        readings += len(adapter.feed(Received(chunk, now, 0.0, i)).readings)
    adapter_rate = frames / (time.perf_counter() - started)
    if readings != sessions * 3:
        raise SystemExit(f"decoded {readings} readings, expected {sessions * 3}")
    return codec_rate, adapter_rate


def latency(sessions: int, fsync: bool) -> list[float]:
    master, slave = os.openpty()
    tty.setraw(slave)
    written: dict[str, float] = {}
    arrived: dict[str, float] = {}

    def device() -> None:
        for i in range(sessions):
            code = f"NJ{i:06d}"
            data = b"\x05" + b"".join(encode_message(sample_records(code))) + b"\x04"
            os.write(master, data)
            written[code] = time.perf_counter()
            deadline = time.perf_counter() + 1
            while code not in arrived and time.perf_counter() < deadline:
                time.sleep(0.0005)
            with contextlib.suppress(BlockingIOError):
                os.read(master, 4096)  # the host's acknowledgements

    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder) / "bench.journal", fsync=fsync)
        pump = LinePump(SerialTransport(os.ttyname(slave), PortSettings(read_timeout=0.05)), journal,
                        AstmAdapter("bench"))
        os.set_blocking(master, False)
        thread = threading.Thread(target=device, daemon=True)
        thread.start()
        deadline = time.monotonic() + 60 + sessions * 0.05
        while len(arrived) < sessions and time.monotonic() < deadline:
            out = pump.step()
            stamp = time.perf_counter()
            for reading in out.readings:
                arrived.setdefault(reading.sample_code, stamp)
            pump.commit()
        thread.join(5)
        pump.transport.close()
        journal.close()
    os.close(master)
    os.close(slave)
    return sorted((arrived[c] - written[c]) * 1000 for c in arrived if c in written)


class CaptureLab:
    """A SQLite demo lab with ``samples`` received samples (their panels assigned), an analyzer
    whose code CLB is chlorpyrifos, calibrated, and the technician who captures."""

    def __init__(self, folder: Path, samples: int) -> None:
        from datetime import timedelta

        from lims.cli import open_services
        from lims.services.capture import InstrumentForm

        self.folder = folder
        self.services = open_services(str(folder / "capture-bench.db"), create=True)
        self.services.demo.build(samples=0)
        self.tech = self.services.users.login("tech1", "demo1234", "bench")
        manager = self.services.users.login("manager", "demo1234", "bench")
        self.codes = [self._sample() for _ in range(samples)]
        self.port = folder / "ttyBENCH"
        line = self.services.capture.add_instrument(
            manager, InstrumentForm(name="bench-analyzer", adapter="astm", port=str(self.port), baudrate=115200,
                                    ), codes={"CLB": "毒死蜱"})  # E1381's own timers
        today = self.services.work.today()
        self.services.capture.add_calibration(manager, line.id, today - timedelta(days=1),
                                              today + timedelta(days=30))

    def _sample(self) -> str:
        from zoneinfo import ZoneInfo

        from lims.services.sample_work import RegistrationForm

        work = self.services.work
        if not hasattr(self, "_form"):
            from sqlalchemy import select

            from lims.db.engine import make_engine, make_session_factory, parse_url
            from lims.db.models import Producer, Product

            engine = make_engine(parse_url(str(self.folder / "capture-bench.db")))
            with make_session_factory(engine)() as s:  # the catalogue's ids, read once
                product = s.scalars(select(Product.id).where(Product.name == "韭菜")).one()
                producer = s.scalars(select(Producer.id).order_by(Producer.id).limit(1)).one()
            engine.dispose()
            self._form = RegistrationForm(product_id=product, producer_id=producer,
                                          sampled_at=datetime.now(ZoneInfo("Asia/Shanghai")),
                                          sampler1="张明", sampler2="李强")
        sample = work.register(self.tech, self._form)
        sample = work.receive(self.tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
        return work.assign_panel(self.tech, sample.id, sample.version).code

    def runner(self, on_stored):
        from lims.services.capture_runner import CaptureRunner

        return CaptureRunner(self.services.capture, self.tech, "bench-analyzer", self.folder / "bench.journal",
                             on_stored=on_stored)


def result_session(code: str, value: str) -> bytes:
    records = [b"H|\\^&|||BENCH^1.0|||||||P|LIS2-A2|20260305100000", b"P|1",
               b"O|1|" + code.encode() + b"||^^^CLB|R",
               b"R|1|^^^CLB|" + value.encode() + b"|mg/kg||N||F||lab1||20260305095900", b"L|1|N"]
    return b"\x05" + b"".join(encode_message(records)) + b"\x04"


def committed_latency(sessions: int) -> list[float]:
    """Last byte of a result's session written -> its row committed, through the capture runner."""
    from lims.services.capture import StoreOutcome

    with tempfile.TemporaryDirectory() as folder:
        lab = CaptureLab(Path(folder), sessions)
        master, slave = os.openpty()
        tty.setraw(slave)
        lab.port.symlink_to(os.ttyname(slave))
        written: dict[str, float] = {}
        committed: dict[str, float] = {}

        def stored(outcome: StoreOutcome) -> None:
            committed.setdefault(outcome.reading.sample, time.perf_counter())

        stop = threading.Event()
        runner = lab.runner(stored)
        thread = threading.Thread(target=runner.run, args=(stop,), daemon=True)
        thread.start()
        time.sleep(1.0)  # the runner has opened the port
        os.set_blocking(master, False)
        for i, code in enumerate(lab.codes):
            os.write(master, result_session(code, f"0.{i:04d}"))
            written[code] = time.perf_counter()
            deadline = time.perf_counter() + 5
            while code not in committed and time.perf_counter() < deadline:
                time.sleep(0.0005)
            with contextlib.suppress(BlockingIOError):
                os.read(master, 4096)  # the host's acknowledgements
        stop.set()
        thread.join(10)
        states = runner.stats.states
        os.close(master)
        os.close(slave)
        if states["stored"] != sessions:
            raise SystemExit(f"only {states['stored']} of {sessions} results were stored: {dict(states)}")
    return sorted((committed[c] - written[c]) * 1000 for c in committed if c in written)


class FrameNoise:
    """The simulator's noise on the analyzer's frames (a byte flipped or dropped); its one-byte
    ENQ and EOT pass, so the run measures the capture rather than E1381's 15 s timers."""

    def __init__(self, rate: float, rng) -> None:
        from instruments.simulators.runner import Noise

        self._noise = Noise(rate, rng=rng)

    @property
    def corrupted(self) -> int:
        return self._noise.corrupted

    def apply(self, data: bytes) -> bytes:
        return data if len(data) <= 1 else self._noise.apply(data)


def paced_run(seconds: float, noise_rate: float, samples: int = 50) -> tuple[int, int, int, int]:
    """Returns readings sent (acknowledged), stored (rows), lost (sent, not stored), and the
    writes the noise corrupted."""
    import random

    from instruments.astm.link import Timers
    from instruments.simulators.devices import AstmDevice
    from instruments.simulators.readings import SimReading
    from instruments.simulators.runner import PtyEndpoint, run_device

    with tempfile.TemporaryDirectory() as folder:
        lab = CaptureLab(Path(folder), samples)
        pty = PtyEndpoint(lab.port)
        stop = threading.Event()
        runner = lab.runner(None)
        thread = threading.Thread(target=runner.run, args=(stop,), daemon=True)
        thread.start()
        time.sleep(1.0)
        noise = FrameNoise(noise_rate, rng=random.Random(7))
        # E1381's 15 s reply timer: a sender that retries sooner than a busy host answers takes the
        # ACK of the first copy for the next frame, and the link itself loses that frame
        timers = Timers(busy_retry=0.2, host_contention=0.5, instrument_contention=0.1)
        sent: list[SimReading] = []
        number = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            batch = []
            for _ in range(20):
                number += 1
                batch.append(SimReading(lab.codes[number % samples], "CLB", f"{number / 100000:.5f}", "mg/kg"))
            device = AstmDevice(batch, timers=timers)
            run_device(device, pty, baud=115200, noise=noise,  # FrameNoise: the same apply()
                       linger=0,
                       stop=lambda: time.monotonic() > deadline + 60)
            if not device.done:
                raise SystemExit("the simulated analyzer gave up on a message: the host never acknowledged it")
            sent.extend(batch)
        time.sleep(2.0)  # the last message's readings are committed
        stop.set()
        thread.join(10)
        pty.close()
        rows = lab.services.capture.readings(instrument="bench-analyzer")
        got = {(r.sample, r.value) for r in rows}
        lost = sum(1 for r in sent if (r.sample_code, r.value) not in got)
        return len(sent), len(rows), lost, noise.corrupted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=70_000)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--no-fsync", action="store_true", help="show what the journal's fsync costs")
    parser.add_argument("--committed", type=int, default=200, metavar="N",
                        help="results timed from last byte to committed row (0: skip)")
    duration = parser.add_mutually_exclusive_group()
    duration.add_argument("--seconds", type=float, default=20, help="length of the paced run (0: skip)")
    duration.add_argument("--minutes", type=float, help="length of the paced run in minutes (10 for the long run)")
    parser.add_argument("--noise", type=float, default=0.02, help="share of the analyzer's writes corrupted")
    args = parser.parse_args()
    codec_rate, adapter_rate = decode_rate(args.frames)
    print(f"ASTM decode, codec only:      {codec_rate:,.0f} frames/s")
    print(f"ASTM decode, whole adapter:   {adapter_rate:,.0f} frames/s (link, ACKs, records, Readings)")
    times = latency(args.sessions, fsync=not args.no_fsync)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"pty last byte -> Reading:     median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms "
          f"({len(times)} sessions, journal fsync {'off' if args.no_fsync else 'on'})")
    if args.committed:
        times = committed_latency(args.committed)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"pty last byte -> committed row: median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms "
              f"({len(times)} results entered through enter_result, SQLite, journal fsync on)")
    seconds = args.minutes * 60 if args.minutes is not None else args.seconds
    if seconds:
        sent, stored, lost, corrupted = paced_run(seconds, args.noise)
        print(f"paced run, {seconds:g} s at 115,200 baud, noise {args.noise:g} ({corrupted} writes corrupted): "
              f"sent {sent}, stored {stored}, lost {lost}")
        if lost:
            raise SystemExit(f"{lost} reading(s) lost")


if __name__ == "__main__":
    main()
