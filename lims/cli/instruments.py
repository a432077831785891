"""Instruments from a terminal: ``lims instrument add|calibrate|list``, ``lims capture`` (headless
until SIGINT or SIGTERM), ``lims readings`` and ``lims simulate`` (a device without hardware)."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from lims.cli import db_arg, iso_date, login, login_args, open_services, resolve_url
from lims.cli.i18n import tr
from lims.domain.errors import ValidationError

if TYPE_CHECKING:
    from instruments.transport import PortSettings

STATES = ("stored", "unmatched", "held", "released", "discarded")


def add_commands(sub: argparse._SubParsersAction) -> None:
    instrument = sub.add_parser("instrument", help="instruments: add one with its port and code map, calibrate, list")
    actions = instrument.add_subparsers(dest="instrument_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add an instrument with its port settings and the codes it sends")
    db_arg(add)
    add.add_argument("--name", required=True)
    add.add_argument("--adapter", required=True, help="astm, enzyme-reader, gold-reader, textline or a declared one")
    add.add_argument("--port", required=True, help="COM3, /dev/ttyUSB0, socket://host:port ...")
    add.add_argument("--baud", type=int, default=9600)
    add.add_argument("--bytesize", type=int, default=8, choices=[5, 6, 7, 8])
    add.add_argument("--parity", default="N", choices=["N", "E", "O", "M", "S"])
    add.add_argument("--stopbits", type=float, default=1, choices=[1, 1.5, 2])
    add.add_argument("--flow-control", default="none", choices=["none", "xonxoff", "rtscts"])
    add.add_argument("--encoding", default="gbk", help="text encoding of what the instrument sends (default gbk)")
    add.add_argument("--model", default="")
    add.add_argument("--serial-no", default="")
    add.add_argument("--code", action="append", default=[], metavar="CODE=PARAMETER",
                     help="the instrument's test code and the parameter it stands for; repeat")
    add.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                     help="an adapter option, e.g. test_code_component=4 or definition=FILE.toml; repeat")
    login_args(add, "a lab manager or administrator")
    add.set_defaults(handler=_cmd_add)

    calibrate = actions.add_parser("calibrate", help="record a calibration; readings are held while none is valid")
    db_arg(calibrate)
    calibrate.add_argument("--name", required=True, help="the instrument")
    calibrate.add_argument("--on", required=True, type=iso_date, metavar="YYYY-MM-DD", help="calibrated on")
    calibrate.add_argument("--until", required=True, type=iso_date, metavar="YYYY-MM-DD", help="valid until")
    calibrate.add_argument("--certificate", default="", help="the calibration certificate's number")
    login_args(calibrate, "a lab manager or administrator")
    calibrate.set_defaults(handler=_cmd_calibrate)

    listing = actions.add_parser("list", help="instruments with their ports, settings and code maps")
    db_arg(listing)
    listing.add_argument("--ports", action="store_true", help="also the serial ports this computer has now")
    listing.set_defaults(handler=_cmd_list)

    capture = sub.add_parser("capture", help="capture an instrument's readings until SIGINT or SIGTERM")
    db_arg(capture)
    capture.add_argument("--instrument", required=True, metavar="NAME")
    capture.add_argument("--journal-dir", type=Path, metavar="DIR",
                         help="where the line's raw journal is kept (default: the user data folder)")
    capture.add_argument("--kit-lot", metavar="LOT",
                         help="the rapid-test kit lot in use (its lot number): its cut-offs judge the readings; "
                              "a gold reader's readings without one, or with an expired one, are held")
    capture.add_argument("--channel", action="append", default=[], metavar="N=CODE",
                         help="the sample code in channel N of a multi-channel reader; repeat (a channel with no "
                              "code: its readings wait unmatched)")
    capture.add_argument("--control-channel", type=int, metavar="N", help="the channel holding the control")
    capture.add_argument("--strip", action="append", default=[], metavar="CODE",
                         help="the sample code of a strip, in the order the strips go into a gold reader; repeat")
    login_args(capture, "the technician capturing (results are entered in their name)")
    capture.set_defaults(handler=_cmd_capture)

    readings = sub.add_parser("readings", help="the readings received, each with its state")
    db_arg(readings)
    readings.add_argument("--instrument", metavar="NAME")
    readings.add_argument("--state", choices=STATES, action="append", help="only readings in this state; repeat")
    readings.add_argument("--json", action="store_true",
                          help="one JSON list: sample, parameter, value, unit, state, instrument, received_at")
    readings.set_defaults(handler=_cmd_readings)

    reading = sub.add_parser("reading", help="a waiting reading: assign its sample, release it (held), discard it")
    reading_actions = reading.add_subparsers(dest="reading_command", metavar="ACTION", required=True)
    assign = reading_actions.add_parser("assign", help="enter an unmatched reading for the sample named")
    db_arg(assign)
    assign.add_argument("id", type=int, help="the reading's number, as lims readings lists it")
    assign.add_argument("--sample", required=True, metavar="CODE")
    login_args(assign, "the technician entering the result")
    release = reading_actions.add_parser("release", help="a lab manager releases a held reading, with the reason")
    discard = reading_actions.add_parser("discard", help="set aside an unmatched or held reading, with the reason")
    for action in (release, discard):
        db_arg(action)
        action.add_argument("id", type=int, help="the reading's number, as lims readings lists it")
        action.add_argument("--reason", required=True)
        login_args(action, "a lab manager" if action is release else "the person discarding it")
    for action in (assign, release, discard):
        action.set_defaults(handler=_cmd_reading)

    simulate = sub.add_parser("simulate", add_help=False, help="play an instrument on a pseudo-terminal or TCP port "
                                                                "(lims simulate ADAPTER --help)")
    simulate.add_argument("simulator_args", nargs=argparse.REMAINDER)
    simulate.set_defaults(handler=_cmd_simulate)


def _pairs(items: list[str], what: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValidationError("{item} is not {what}", item=item, what=what)
        pairs[key.strip()] = value.strip()
    return pairs


def _cmd_add(args: argparse.Namespace) -> int:
    from lims.services.capture import InstrumentForm

    codes = _pairs(args.code, "CODE=PARAMETER")
    options = _pairs(args.option, "KEY=VALUE")
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    form = InstrumentForm(name=args.name, adapter=args.adapter, port=args.port, model=args.model,
                          serial_no=args.serial_no, baudrate=args.baud, bytesize=args.bytesize, parity=args.parity,
                          stopbits=args.stopbits, flow_control=args.flow_control, encoding=args.encoding,
                          options=options)
    line = services.capture.add_instrument(actor, form, codes)
    print(tr("added {name} ({adapter} on {port}, {settings})").format(
        name=line.name, adapter=line.adapter, port=line.port, settings=_settings_text(line.settings)))
    for code, parameter in line.codes.items():
        print("  " + tr("code {code} -> {parameter}").format(code=code, parameter=parameter))
    if line.calibration_valid_until is None:
        print(tr("no calibration is recorded yet: its readings are held until one is (lims instrument calibrate)"))
    return 0


def _cmd_calibrate(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    line = services.capture.line(args.name)
    line = services.capture.add_calibration(actor, line.id, args.on, args.until, args.certificate)
    print(tr("{name}: calibrated on {on}, valid until {until}").format(
        name=line.name, on=args.on.isoformat(), until=args.until.isoformat()))
    return 0


def _settings_text(s: PortSettings) -> str:
    return f"{s.baudrate} {s.bytesize}{s.parity}{s.stopbits:g} {s.flow_control} {s.encoding}"


def _cmd_list(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    for line in services.capture.lines():
        until = line.calibration_valid_until.isoformat() if line.calibration_valid_until else tr("none")
        codes = ", ".join(f"{c}={p}" for c, p in line.codes.items()) or "-"
        print(f"{line.name}\t{line.adapter}\t{line.port}\t{_settings_text(line.settings)}\t"
              + tr("calibrated until {until}").format(until=until) + "\t" + tr("codes {codes}").format(codes=codes))
    if args.ports:
        for port in services.capture.ports():
            print(tr("port {device}").format(device=port.device) + f"\t{port.description}")
    return 0


def _channels(items: list[str]) -> dict[int, str]:
    """``--channel N=CODE`` items as channel -> sample code; the reader checks the numbers."""
    channels: dict[int, str] = {}
    for item in items:
        [(number, code)] = _pairs([item], "N=CODE (a channel's number and its sample code)").items()
        if not number.isdigit():
            raise ValidationError("{item} is not N=CODE: the channel is a number", item=item)
        if int(number) in channels:
            raise ValidationError("Channel {channel} is given twice", channel=int(number))
        channels[int(number)] = code
    return channels


def _cmd_capture(args: argparse.Namespace) -> int:
    from lims.services.capture import StoreOutcome
    from lims.services.capture_runner import BenchChoice, CaptureRunner, journal_folder, journal_path

    channels = _channels(args.channel)
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    line = services.capture.line(args.instrument)
    kit = services.capture.kit_lot(line.name, lot_no=args.kit_lot) if args.kit_lot else None
    bench = BenchChoice(kit.id if kit is not None else None, channels, args.control_channel)
    journal = journal_path(args.journal_dir or journal_folder(), services.database, line.id)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    def stored(outcome: StoreOutcome) -> None:
        r = outcome.reading
        what = "duplicate" if outcome.duplicate else r.state.value
        reason = f" ({r.reason})" if r.reason and not outcome.duplicate else ""
        print(f"{what} {r.sample} {r.parameter} {r.value} {r.unit}".rstrip() + reason, flush=True)

    runner = CaptureRunner(services.capture, actor, line.name, journal, on_stored=stored, bench=bench)
    runner.queue_strips(args.strip, typed_again=True)  # after an interrupted capture, the same list again
    runner.prepare()  # the settings checked, and the instrument claimed, before anything is printed or opened
    runner.claim()
    print(tr("capturing {name} on {port}; journal {journal}; stop with Ctrl+C").format(
        name=line.name, port=line.port, journal=journal), flush=True)
    if kit is not None:
        print(tr("kit lot {lot}, in date until {until}").format(lot=kit.label, until=kit.expires_on or tr("no expiry")),
              flush=True)
    elif line.bench.kit_required:
        print(tr("no kit lot chosen (--kit-lot LOT): its readings are held until a manager releases them"), flush=True)
    stats = runner.run(stop)
    errors = ", ".join(f"{k} {v}" for k, v in sorted(stats.errors.items())) or tr("none")
    print(tr("stopped: {received} reading(s) received ({recovered} from the journal), {stored} stored, {unmatched} "
             "unmatched, {held} held, {duplicates} duplicate(s); line errors: {errors}").format(
        received=stats.received, recovered=stats.recovered, stored=stats.states["stored"],
        unmatched=stats.states["unmatched"], held=stats.states["held"], duplicates=stats.duplicates, errors=errors),
          flush=True)
    return 0


def _cmd_readings(args: argparse.Namespace) -> int:
    from lims.domain.capture import ReadingState

    services = open_services(resolve_url(args.db))
    states = [ReadingState(s) for s in args.state] if args.state else None
    rows = services.capture.readings(instrument=args.instrument, states=states)
    if args.json:
        json.dump([r.as_json() for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for r in rows:
        line = (f"{r.id}\t{r.received_at.isoformat(timespec='seconds')}\t{r.instrument}\t{r.sample}\t{r.parameter}\t"
                f"{r.value} {r.unit}".rstrip() + f"\t{r.state.value}")
        print(line + (f"\t{r.reason}" if r.reason else ""))
    print(tr("{n} reading(s)").format(n=len(rows)))
    return 0


def _cmd_reading(args: argparse.Namespace) -> int:
    services = open_services(resolve_url(args.db))
    actor = login(services, args)
    if args.reading_command == "assign":
        row = services.capture.assign(actor, args.id, args.sample)
    elif args.reading_command == "release":
        row = services.capture.release(actor, args.id, args.reason)
    else:
        row = services.capture.discard(actor, args.id, args.reason)
    print(tr("reading {id} ({reading}) is {state}").format(
        id=row.id, reading=f"{row.sample} {row.parameter} {row.value} {row.unit}", state=row.state.value)
          + (f": {row.reason}" if row.reason and row.state.value == "unmatched" else ""))
    return 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    from instruments.simulators.cli import main

    return main(list(args.simulator_args))
