"""Adapter names -> factories, built-in and declared by other installed packages."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from instruments import registry
from instruments.astm.adapter import AstmAdapter
from instruments.enzyme_reader.adapter import EnzymeReaderAdapter
from instruments.gold_reader.adapter import GoldReaderAdapter
from instruments.registry import AdapterConfig, RegistryError, available, create
from instruments.textline.adapter import TextLineAdapter
from instruments.transport import PortSettings

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
    with pytest.raises(RegistryError, match="the option 'cutoffs' is required"):
        create("gold-reader", AdapterConfig("g", options={"parameter": "clenbuterol"}))
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
