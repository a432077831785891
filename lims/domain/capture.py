"""Rules of instrument capture that need no database: the states a received reading passes
through, how a sample code sent by an instrument is compared with the lab's, and the key that
recognises the same frame received twice."""
from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime
from enum import StrEnum


class ReadingState(StrEnum):
    """Where a received reading stands. Nothing received is ever deleted: a reading a person
    will not use is discarded with a reason and stays listed."""

    STORED = "stored"  # entered as a result (a rapid reader's: stored as a rapid screen)
    UNMATCHED = "unmatched"  # no sample, code or open test matched: waits for a person to assign it
    HELD = "held"  # the instrument's calibration was out of date: waits for a manager
    RELEASED = "released"  # a held reading a manager released, entered as a result (or a screen)
    DISCARDED = "discarded"  # set aside by a person, with the reason


WAITING = frozenset({ReadingState.UNMATCHED, ReadingState.HELD})


def normalise_code(text: str) -> str:
    """A code as compared: full-width forms folded (NFKC), spaces of any kind removed,
    upper case. ``" nj2026-000001 "`` and ``"NJ 2026-000001"`` name the same sample."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def frame_key(sample_code: str, parameter_code: str, value_text: str, unit: str,
              measured_at: datetime | None, raw: bytes) -> str:
    """The same frame sent twice (an acknowledgement lost on the line, a capture restarted after
    a crash) has the same key, whatever its place in the journal; another measurement differs
    in its code, value, time or bytes."""
    digest = hashlib.sha256()
    for part in (sample_code, parameter_code, value_text, unit, measured_at.isoformat() if measured_at else ""):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    digest.update(raw)
    return digest.hexdigest()
