"""Instrument capture without the database: ASTM decoding speed and pty loopback latency.

  decode        ASTM frames through the codec alone (frames -> records -> fields), and through
                the whole adapter (link state machine, acknowledgements, records, Readings), in
                frames per second, from one byte string fed in 4 KiB chunks
  latency       a simulated analyzer writes one whole ASTM session per sample into a
                pseudo-terminal; the host reads the slave end with pyserial through the line
                pump (journal appended and fsync'd per chunk, as in capture) and decodes it.
                The figure is from the write of the session's last byte to the Reading coming
                out of the pump: median and 99th percentile.

The database commit of a captured reading is not timed here; the capture service will add it.

    python benchmarks/instruments.py [--frames 100000] [--sessions 300] [--no-fsync]"""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=70_000)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--no-fsync", action="store_true", help="show what the journal's fsync costs")
    args = parser.parse_args()
    codec_rate, adapter_rate = decode_rate(args.frames)
    print(f"ASTM decode, codec only:      {codec_rate:,.0f} frames/s")
    print(f"ASTM decode, whole adapter:   {adapter_rate:,.0f} frames/s (link, ACKs, records, Readings)")
    times = latency(args.sessions, fsync=not args.no_fsync)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"pty last byte -> Reading:     median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms "
          f"({len(times)} sessions, journal fsync {'off' if args.no_fsync else 'on'})")


if __name__ == "__main__":
    main()
