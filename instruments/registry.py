"""Adapter names -> factories: the built-in protocols and those other packages declare.

A package adds an adapter by declaring an entry point in the group ``banner_lims.instruments``
whose object is a factory: a callable taking an ``AdapterConfig`` and returning an Adapter::

    [project.entry-points."banner_lims.instruments"]
    acme-reader = "acme_lims.reader:make_adapter"

A declared name may not replace a built-in one."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from instruments.adapter import Adapter
from instruments.astm.adapter import AstmAdapter
from instruments.astm.constants import RECEIVE_TIMEOUT, REPLY_TIMEOUT
from instruments.astm.link import Timers
from instruments.enzyme_reader.adapter import ChannelMap, EnzymeReaderAdapter
from instruments.enzyme_reader.codec import CHANNELS, LAYOUTS
from instruments.gold_reader.adapter import ANSWER_TIMEOUT as GOLD_ANSWER_TIMEOUT
from instruments.gold_reader.adapter import GoldReaderAdapter, KitLotRule
from instruments.textline.adapter import TextLineAdapter
from instruments.textline.codec import load_format
from instruments.transport import PortSettings
from lims.domain.enums import MethodKind
from lims.domain.errors import ValidationError
from lims.domain.screening import (
    CutoffRule,
    Cutoffs,
    InhibitionCutoffs,
    TOverCCutoffs,
    TThresholdCutoffs,
    cutoffs_json,
    kind_of_rule,
    parse_cutoffs,
)

ENTRY_POINT_GROUP = "banner_lims.instruments"


class RegistryError(LookupError):
    """An unknown adapter name, a bad option, or a declared adapter that cannot be loaded."""


@dataclass(frozen=True)
class AdapterConfig:
    """What a factory gets: the instrument's name in the LIMS, its line settings and the
    adapter's own options as text (from the instrument's record or the command line)."""

    instrument: str
    settings: PortSettings = field(default_factory=PortSettings)
    options: Mapping[str, str] = field(default_factory=dict)

    def option(self, key: str, default: str | None = None) -> str:
        value = self.options.get(key, default)
        if value is None:
            raise RegistryError(f"Instrument {self.instrument}: the option '{key}' is required")
        return value


class AdapterFactory(Protocol):
    def __call__(self, config: AdapterConfig) -> Adapter: ...


def _astm(config: AdapterConfig) -> Adapter:
    component = config.option("test_code_component", "4")
    if not component.isdigit() or int(component) < 1:
        raise RegistryError(f"Instrument {config.instrument}: test_code_component must be a component number, "
                            f"not {component}")
    timers = Timers(reply=_seconds(config, "reply_timeout", REPLY_TIMEOUT),
                    receive=_seconds(config, "receive_timeout", RECEIVE_TIMEOUT))
    return AstmAdapter(config.instrument, encoding=config.settings.encoding, test_code_component=int(component),
                       timers=timers)


def _seconds(config: AdapterConfig, key: str, default: float) -> float:
    """A timer option in seconds (E1381's values by default; a bench line may shorten them)."""
    text = config.option(key, str(default))
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise RegistryError(f"Instrument {config.instrument}: {key} must be a number of seconds, not {text}")
    return value


def channel_map_from_text(text: str, control: str = "", parameter_code: str = "OPC") -> ChannelMap:
    """``"1=NJ2026-000001,2=NJ2026-000002"`` and the control's channel number."""
    codes: dict[int, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        channel, _, code = item.partition("=")
        if not channel.strip().isdigit() or not code.strip():
            raise RegistryError(f"'{item}' is not channel=sample code")
        codes[int(channel)] = code.strip()
    try:
        return ChannelMap(codes, control_channel=int(control) if control else None, parameter_code=parameter_code)
    except ValueError as exc:
        raise RegistryError(str(exc)) from exc


def _enzyme(config: AdapterConfig) -> Adapter:
    layout_name = config.option("layout", "number-time-date-kind")
    if layout_name not in LAYOUTS:
        raise RegistryError(f"Unknown record layout {layout_name}; known: {', '.join(LAYOUTS)}")
    try:
        cutoffs = parse_cutoffs(config.option("cutoffs", "{}"), MethodKind.ENZYME_INHIBITION, config.option("lot", ""))
    except ValidationError as exc:
        raise RegistryError(str(exc)) from exc
    if not isinstance(cutoffs, InhibitionCutoffs):
        raise RegistryError("An enzyme-inhibition kit's cut-offs are inhibition cut-offs")
    channels = channel_map_from_text(config.option("channels", ""), config.option("control", ""),
                                     config.option("parameter", "OPC"))
    return EnzymeReaderAdapter(config.instrument, channels, layout=LAYOUTS[layout_name], cutoffs=cutoffs)


def _gold(config: AdapterConfig) -> Adapter:
    """The kit lot comes from the options when they give its cut-offs; the capture usually sets
    the lot the technician chose instead (``set_bench``). Without one, strips are read unjudged.
    ``answer_timeout`` (seconds) is how long a strip's answer is waited for before asking again."""
    lot = config.option("lot", "")
    command = bytes.fromhex(config.option("command", "aa01"))
    parameter = config.option("parameter", "")
    timeout = _seconds(config, "answer_timeout", GOLD_ANSWER_TIMEOUT)
    if "cutoffs" not in config.options:
        return GoldReaderAdapter(config.instrument, None, command=command, parameter_code=parameter,
                                 answer_timeout=timeout)
    try:
        cutoffs = parse_cutoffs(config.option("cutoffs"), MethodKind.COLLOIDAL_GOLD, lot)
    except ValidationError as exc:
        raise RegistryError(str(exc)) from exc
    if isinstance(cutoffs, InhibitionCutoffs):
        raise RegistryError(f"Kit lot {lot}: a colloidal-gold kit needs t_over_c or t_thresholds cut-offs")
    if not parameter:
        raise RegistryError(f"Instrument {config.instrument}: the option 'parameter' is required with cut-offs")
    expires = config.option("expires_on", "")
    kit = KitLotRule(lot, parameter, cutoffs, date.fromisoformat(expires) if expires else None)
    return GoldReaderAdapter(config.instrument, kit, command=command, parameter_code=parameter,
                             answer_timeout=timeout)


def _textline(config: AdapterConfig) -> Adapter:
    return TextLineAdapter(config.instrument, load_format(Path(config.option("definition"))))


BUILT_IN: dict[str, AdapterFactory] = {
    "astm": _astm,
    "enzyme-reader": _enzyme,
    "gold-reader": _gold,
    "textline": _textline,
}


# --- what the technician sets at the bench for a capture ------------------------------------

@dataclass(frozen=True)
class BenchNeeds:
    """What an adapter takes from the technician for a run: a rapid-test kit lot of one method
    kind (``kit_required`` when its readings cannot be judged without the lot's cut-offs), the
    sample code of each of its ``channels``, or the codes of strips read one after another."""

    kit_kind: MethodKind | None = None
    kit_required: bool = False
    channels: int = 0
    strips: bool = False


BENCH_NEEDS: dict[str, BenchNeeds] = {
    "gold-reader": BenchNeeds(MethodKind.COLLOIDAL_GOLD, kit_required=True, strips=True),
    "enzyme-reader": BenchNeeds(MethodKind.ENZYME_INHIBITION, channels=CHANNELS),
}


def bench_needs(adapter: str) -> BenchNeeds:
    return BENCH_NEEDS.get(adapter, BenchNeeds())


@dataclass(frozen=True)
class KitInUse:
    """The kit lot a capture judges by, as the database holds it: its number, the instrument's
    code for the parameter it screens for, its cut-offs and its expiry."""

    lot: str
    parameter_code: str
    cutoffs: Cutoffs
    expires_on: date | None = None


@dataclass(frozen=True)
class Bench:
    """The technician's settings for a capture: the kit lot in use, and which sample is in which
    channel (the control's channel apart)."""

    kit: KitInUse | None = None
    channels: Mapping[int, str] = field(default_factory=dict)
    control_channel: int | None = None


def set_bench(adapter: Adapter, bench: Bench) -> None:
    """Give an adapter the technician's settings, between two steps of its line. Raises
    RegistryError (nothing changed) when they do not fit it."""
    kit = bench.kit
    cutoffs = kit.cutoffs if kit is not None else None
    if isinstance(adapter, GoldReaderAdapter):
        if kit is None:
            adapter.kit = None
        elif isinstance(cutoffs, TOverCCutoffs | TThresholdCutoffs):
            adapter.kit = KitLotRule(kit.lot, kit.parameter_code, cutoffs, kit.expires_on)
        else:
            raise RegistryError(f"Kit lot {kit.lot} is not a colloidal-gold kit")
    elif isinstance(adapter, EnzymeReaderAdapter):
        if kit is not None and not isinstance(cutoffs, InhibitionCutoffs):
            raise RegistryError(f"Kit lot {kit.lot} is not an enzyme-inhibition kit")
        parameter = kit.parameter_code if kit is not None and kit.parameter_code else adapter.parameter_code
        try:
            channels = ChannelMap(dict(bench.channels), control_channel=bench.control_channel,
                                  parameter_code=parameter)
        except ValueError as exc:
            raise RegistryError(str(exc)) from exc
        adapter.channel_map = channels
        adapter.cutoffs = cutoffs if isinstance(cutoffs, InhibitionCutoffs) else InhibitionCutoffs()
    elif bench.kit is not None or bench.channels:
        raise RegistryError(f"The adapter of {adapter.instrument} takes no kit lot and no channel map")


def bench_record(bench: Bench) -> dict[str, object]:
    """The settings as plain JSON values, enough for ``bench_from_record`` to rebuild them
    without the database (the journal keeps them: a lot's cut-offs may be edited meanwhile)."""
    kit = bench.kit
    kit_record: dict[str, object] | None = None
    if kit is not None:
        kit_record = {"lot": kit.lot, "parameter_code": kit.parameter_code, "cutoffs": cutoffs_json(kit.cutoffs),
                      "expires_on": kit.expires_on.isoformat() if kit.expires_on is not None else None}
    return {"kit": kit_record, "channels": {str(k): v for k, v in sorted(bench.channels.items())},
            "control_channel": bench.control_channel}


def bench_from_record(record: Mapping[str, object]) -> Bench:
    """The settings ``bench_record`` wrote. Raises RegistryError when the record is not one."""
    try:
        kit_record = record.get("kit")
        kit = None
        if kit_record is not None:
            if not isinstance(kit_record, Mapping):
                raise TypeError("kit")
            text = str(kit_record["cutoffs"])
            kind = kind_of_rule(CutoffRule(json.loads(text)["rule"]))
            lot = str(kit_record["lot"])
            expires = kit_record.get("expires_on")
            kit = KitInUse(lot, str(kit_record["parameter_code"]), parse_cutoffs(text, kind, lot),
                           date.fromisoformat(str(expires)) if expires else None)
        channels = record.get("channels") or {}
        control = record.get("control_channel")
        if not isinstance(channels, Mapping) or not (control is None or isinstance(control, int)):
            raise TypeError("channels")
        return Bench(kit, {int(k): str(v) for k, v in channels.items()}, control)
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        raise RegistryError(f"Not a bench record ({exc})") from exc


def queue_strips(adapter: Adapter, codes: list[str]) -> None:
    """Queue the sample codes of strips, in the order they go into the reader."""
    if not isinstance(adapter, GoldReaderAdapter):
        raise RegistryError(f"The adapter of {adapter.instrument} reads no strips")
    for code in codes:
        if code.strip():
            adapter.queue(code.strip())


def strips_waiting(adapter: Adapter) -> list[str]:
    """The sample codes of the strips an adapter has yet to read, the next first ([] for one that
    reads no strips)."""
    return adapter.waiting if isinstance(adapter, GoldReaderAdapter) else []


def available() -> dict[str, AdapterFactory]:
    """Every adapter this installation knows: the built-ins, then the declared ones."""
    factories = dict(BUILT_IN)
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name in BUILT_IN:
            raise RegistryError(f"Package {point.value} declares adapter '{point.name}', a built-in name")
        try:
            factory = point.load()
        except Exception as exc:
            raise RegistryError(f"Adapter '{point.name}' ({point.value}) cannot be loaded: {exc}") from exc
        if not callable(factory):
            raise RegistryError(f"Adapter '{point.name}' ({point.value}) is not a factory")
        factories[point.name] = factory
    return factories


def create(name: str, config: AdapterConfig) -> Adapter:
    factories = available()
    if name not in factories:
        raise RegistryError(f"Unknown adapter '{name}'; known: {', '.join(sorted(factories))}")
    return factories[name](config)
