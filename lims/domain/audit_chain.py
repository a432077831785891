"""Canonical content and hash of an audit event.

An event's hash covers the previous event's hash and the event's own canonical content, so
editing, inserting or deleting any event breaks every hash after it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class EventContent:
    seq: int
    occurred_at: datetime  # UTC
    actor: str
    workstation: str
    entity: str
    entity_id: str
    action: str
    changes_json: str  # canonical JSON of {field: [old, new]}
    reason: str


def utc_iso(moment: datetime) -> str:
    """One textual form for a UTC instant whether the driver returned it naive or aware."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


# built once: json.dumps with options builds a new encoder on every call, a third of the time
# a long chain's check spends hashing
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def canonical_json(value: object) -> str:
    """The one textual form of a value that the chain hashes: sorted keys, no spaces, UTF-8."""
    return _CANONICAL.encode(value)


def event_hash(prev_hash: str, content: EventContent) -> str:
    body = canonical_json(
        [
            prev_hash,
            content.seq,
            utc_iso(content.occurred_at),
            content.actor,
            content.workstation,
            content.entity,
            content.entity_id,
            content.action,
            content.changes_json,
            content.reason,
        ]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def field_changes(old: dict[str, object], new: dict[str, object]) -> dict[str, list[object]]:
    """{field: [old, new]} for the fields whose value differs (a missing key reads as None)."""
    keys = sorted(set(old) | set(new))
    return {k: [old.get(k), new.get(k)] for k in keys if old.get(k) != new.get(k)}
