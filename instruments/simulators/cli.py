"""``lims simulate ADAPTER``: play an instrument on a pseudo-terminal or a TCP port.

    simulate astm --pty --count 20 --noise 0.05
    simulate enzyme-reader --tcp 4001 --readings readings.csv
    simulate textline --definition resources/instruments/pesticide_printer.toml --pty --baud 9600

The pseudo-terminal's path (or the TCP port) is printed first; point the capture at it."""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from instruments.astm.constants import REPLY_TIMEOUT
from instruments.astm.link import Timers
from instruments.simulators.devices import (
    AstmDevice,
    Device,
    EnzymeReaderDevice,
    GoldReaderDevice,
    TextLineDevice,
)
from instruments.simulators.readings import ReadingsFileError, SimReading, load_readings, made_up_readings
from instruments.simulators.runner import Endpoint, Noise, PtyEndpoint, TcpEndpoint, run_device
from instruments.textline.codec import LineFormat, LineFormatError, load_format

ADAPTERS = ("astm", "enzyme-reader", "gold-reader", "textline")
_MADE_UP = {  # parameter, unit, range of values
    "astm": ("CLB", "ug/kg", 0.0, 3.0),
    "enzyme-reader": ("OPC", "%", 5.0, 80.0),
    "gold-reader": ("CLB", "T/C", 0.2, 1.5),
    "textline": ("OPC", "%", 5.0, 80.0),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lims simulate", description="Play an instrument without hardware.")
    parser.add_argument("adapter", choices=ADAPTERS)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--pty", action="store_true", help="on a pseudo-terminal (the default)")
    where.add_argument("--tcp", type=int, metavar="PORT", help="on a TCP port of 127.0.0.1 (0: any free port)")
    parser.add_argument("--baud", type=int, default=9600, help="pace the output as this baud rate (0: no pacing)")
    parser.add_argument("--noise", type=float, default=0.0, metavar="RATE",
                        help="share of writes corrupted: a byte flipped or dropped, a line dropped")
    parser.add_argument("--readings", type=Path, metavar="FILE",
                        help="CSV or JSON of sample_code, parameter_code, value, unit")
    parser.add_argument("--count", type=int, default=10, help="made-up readings when no file is given")
    parser.add_argument("--definition", type=Path, help="the text-line format (TOML), for textline")
    parser.add_argument("--link", type=Path, help="keep a symbolic link to the pseudo-terminal here")
    parser.add_argument("--reply-timeout", type=float, default=REPLY_TIMEOUT, metavar="SECONDS",
                        help="ASTM: how long the analyzer waits for ACK before sending again (E1381: 15)")
    parser.add_argument("--seed", type=int, default=1)
    return parser


def _device(adapter: str, readings: list[SimReading], line_format: LineFormat | None, reply_timeout: float) -> Device:
    if adapter == "astm":
        return AstmDevice(readings, timers=Timers(reply=reply_timeout))
    if adapter == "enzyme-reader":
        return EnzymeReaderDevice(readings)
    if adapter == "gold-reader":
        return GoldReaderDevice(readings)
    if line_format is None:
        raise ValueError("textline needs --definition")
    return TextLineDevice(readings, line_format)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if not 0 <= args.noise < 1 or args.count < 0 or args.baud < 0 or args.reply_timeout <= 0:
        print("simulate: --noise lies in [0, 1); --count and --baud are not negative; --reply-timeout is positive",
              file=sys.stderr)
        return 2
    try:
        line_format = load_format(args.definition) if args.definition else None
        if args.adapter == "textline" and line_format is None:
            print("simulate: textline needs --definition FILE", file=sys.stderr)
            return 2
        if args.readings:
            readings = load_readings(args.readings)
        else:
            parameter, unit, low, high = _MADE_UP[args.adapter]
            readings = made_up_readings(args.count, parameter, unit, low, high, args.seed)
        device = _device(args.adapter, readings, line_format, args.reply_timeout)
    except (ReadingsFileError, LineFormatError, ValueError) as exc:
        print(f"simulate: {exc}", file=sys.stderr)
        return 2
    endpoint: Endpoint
    if args.tcp is not None:
        tcp = TcpEndpoint(args.tcp)
        print(f"listening on 127.0.0.1:{tcp.port}", flush=True)
        endpoint = tcp
    else:
        pty = PtyEndpoint(args.link)
        print(f"pty {pty.path}", flush=True)
        endpoint = pty
    if args.adapter == "enzyme-reader":  # the reader sends no codes: say which sample is in which channel
        per_record = EnzymeReaderDevice.SAMPLES_PER_RECORD
        for index, reading in enumerate(readings):
            print(f"record {index // per_record + 1} channel {index % per_record + 1}: {reading.sample_code} "
                  f"({reading.value} %); control in channel {per_record + 1}", flush=True)
    noise = Noise(args.noise, line_format.line_ending if line_format else b"", random.Random(args.seed))
    try:
        run_device(device, endpoint, baud=args.baud or None, noise=noise)
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.close()
    print(f"sent {len(readings)} readings; {noise.corrupted} writes corrupted", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
