"""The readings a simulator sends: from a CSV or JSON file, or made up."""
from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("sample_code", "parameter_code", "value", "unit")


class ReadingsFileError(ValueError):
    pass


@dataclass(frozen=True)
class SimReading:
    sample_code: str
    parameter_code: str
    value: str
    unit: str = ""


def load_readings(path: Path) -> list[SimReading]:
    """CSV with a header row naming the four columns, or JSON: a list of objects with them."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadingsFileError(f"{path}: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReadingsFileError(f"{path}: not JSON: {exc}") from exc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ReadingsFileError(f"{path}: expected a list of objects")
    else:
        rows = list(csv.DictReader(text.splitlines()))
    out = []
    for number, row in enumerate(rows, start=1):
        missing = [c for c in COLUMNS[:3] if not str(row.get(c) or "").strip()]
        if missing:
            raise ReadingsFileError(f"{path}: reading {number} lacks {', '.join(missing)}")
        out.append(SimReading(*(str(row.get(c) or "").strip() for c in COLUMNS)))
    return out


def made_up_readings(count: int, parameter_code: str, unit: str, low: float, high: float,
                     seed: int = 1, first: int = 1) -> list[SimReading]:
    rng = random.Random(seed)
    return [SimReading(f"SIM2026-{first + i:06d}", parameter_code, f"{rng.uniform(low, high):.2f}", unit)
            for i in range(count)]
