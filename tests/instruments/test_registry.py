"""Adapter names -> factories, built-in and declared by other installed packages."""
from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from instruments import registry
from instruments.astm.adapter import AstmAdapter
from instruments.enzyme_reader.adapter import EnzymeReaderAdapter
from instruments.gold_reader.adapter import GoldReaderAdapter
from instruments.registry import AdapterConfig, Bench, KitInUse, RegistryError, available, create, set_bench
from instruments.textline.adapter import TextLineAdapter
from instruments.transport import PortSettings
from lims.domain.screening import InhibitionCutoffs, TOverCCutoffs

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "instruments"


def test_the_built_in_adapters_are_made_from_their_options() -> None:
    assert isinstance(create("astm", AdapterConfig("a", PortSettings(encoding="utf-8"))), AstmAdapter)
    enzyme = create("enzyme-reader", AdapterConfig("e", options={"channels": "1=NJ-1, 2=NJ-2", "control": "8"}))
    assert isinstance(enzyme, EnzymeReaderAdapter)
    assert enzyme.channel_map.code(2) == "NJ-2" and enzyme.channel_map.control_channel == 8
    gold = create("gold-reader", AdapterConfig("g", options={
        "lot": "L1", "parameter": "clenbuterol", "cutoffs": '{"rule": "t_over_c", "positive_below": 0.85}',
        "expires_on": "2026-12-31"}))
    assert isinstance(gold, GoldReaderAdapter) and gold.kit.expires_on is not None
    text = create("textline", AdapterConfig("t", options={"definition": str(RESOURCES / "gold_card_printer.toml")}))
    assert isinstance(text, TextLineAdapter)


def test_an_unknown_name_or_a_bad_option_is_refused_with_a_message() -> None:
    with pytest.raises(RegistryError, match="Unknown adapter 'hplc'; known: astm, enzyme-reader"):
        create("hplc", AdapterConfig("x"))
    with pytest.raises(RegistryError, match="the option 'parameter' is required with cut-offs"):
        create("gold-reader", AdapterConfig("g", options={"cutoffs": '{"rule": "t_over_c", "positive_below": 1}'}))
    with pytest.raises(RegistryError, match="'1:NJ-1' is not channel=sample code"):
        create("enzyme-reader", AdapterConfig("e", options={"channels": "1:NJ-1"}))
    with pytest.raises(RegistryError, match="inhibition"):
        create("gold-reader", AdapterConfig("g", options={"parameter": "p", "cutoffs": '{"rule": "inhibition"}'}))


def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, target: str) -> None:
    """A package on the path that declares an adapter, as pip would install it."""
    (tmp_path / "acme_reader.py").write_text(
        "from instruments.textline.adapter import TextLineAdapter\n"
        "from instruments.textline.codec import format_from_data\n"
        "def make(config):\n"
        "    return TextLineAdapter(config.instrument, format_from_data({'pattern': '(?P<c>.+)',\n"
        "        'fields': {'sample_code': 'c', 'value': 'c'}, 'defaults': {'parameter_code': 'x'}}))\n"
        "NOT_A_FACTORY = 3\n", encoding="utf-8")
    info = tmp_path / "acme_reader-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-reader\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[banner_lims.instruments]\n{name} = {target}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("acme_reader", None)


def test_an_adapter_declared_by_another_package_is_found_and_made(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch, "acme-reader", "acme_reader:make")
    assert "acme-reader" in available()
    adapter = create("acme-reader", AdapterConfig("acme-1"))
    assert adapter.instrument == "acme-1"


@pytest.mark.parametrize(("name", "target", "message"), [
    ("astm", "acme_reader:make", "a built-in name"),
    ("broken", "acme_reader:missing", "cannot be loaded"),
    ("three", "acme_reader:NOT_A_FACTORY", "is not a factory"),
])
def test_a_declared_adapter_that_cannot_serve_is_named_in_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     name: str, target: str, message: str) -> None:
    install_plugin(tmp_path, monkeypatch, name, target)
    with pytest.raises(RegistryError, match=message):
        registry.available()


GOLD_LOT = KitInUse("CLB20260815", "CLB", TOverCCutoffs(Decimal("0.85")), date(2027, 8, 14))
ENZYME_LOT = KitInUse("AChE20261020", "OPC", InhibitionCutoffs(Decimal(40)), date(2027, 4, 19))


def test_a_gold_reader_without_cut_offs_is_made_without_a_kit_and_takes_the_lot_chosen_at_the_bench() -> None:
    gold = create("gold-reader", AdapterConfig("g", options={"parameter": "CLB"}))
    assert isinstance(gold, GoldReaderAdapter) and gold.kit is None
    set_bench(gold, Bench(kit=GOLD_LOT))
    assert gold.kit is not None and (gold.kit.lot, gold.kit.parameter_code) == ("CLB20260815", "CLB")
    with pytest.raises(RegistryError, match="not a colloidal-gold kit"):
        set_bench(gold, Bench(kit=ENZYME_LOT))
    assert gold.kit.lot == "CLB20260815"  # refused: nothing changed
    set_bench(gold, Bench())
    assert gold.kit is None


def test_an_enzyme_reader_takes_the_channel_map_and_the_lot_s_cut_offs_at_the_bench() -> None:
    enzyme = create("enzyme-reader", AdapterConfig("e"))
    assert isinstance(enzyme, EnzymeReaderAdapter)
    set_bench(enzyme, Bench(kit=ENZYME_LOT, channels={1: "NJ-1", 2: "NJ-2"}, control_channel=8))
    assert enzyme.channel_map.code(2) == "NJ-2" and enzyme.channel_map.control_channel == 8
    assert enzyme.cutoffs.positive_at_or_above_pct == 40
    with pytest.raises(RegistryError, match="channels 1 to 8, not 9"):
        set_bench(enzyme, Bench(channels={9: "NJ-9"}))
    with pytest.raises(RegistryError, match="already in another channel"):
        set_bench(enzyme, Bench(channels={1: "NJ-1", 3: "NJ-1"}))
    assert enzyme.channel_map.code(2) == "NJ-2"  # refused: the map in use stays
    with pytest.raises(RegistryError, match="takes no kit lot"):
        set_bench(create("astm", AdapterConfig("a")), Bench(kit=GOLD_LOT))
