"""The layering of shared/DESIGN.md is checked by import-linter's contracts in pyproject.toml, which
scripts/run-tests.sh runs (lint-imports) before pytest. What import-linter cannot say is checked here."""
from __future__ import annotations

import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def _contract(name_start: str) -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"].startswith(name_start))


def test_every_demo_module_is_protected_by_the_demo_contract():
    # import-linter's wildcards match whole names, so lims.services.demo_* cannot be written there:
    # a module split off the demo must be named in the contract, or services could import it freely
    graph = grimp.build_graph("lims", cache_dir=None)
    demo = {m for m in graph.find_children("lims.services") if m.rpartition(".")[2].startswith("demo")}
    protected = set(_contract("Only the command line and the application start the demo")["protected_modules"])
    assert "lims.services.demo" in demo
    assert demo <= protected, f"add {sorted(demo - protected)} to the demo contract's protected_modules"
