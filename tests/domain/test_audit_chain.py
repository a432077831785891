from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from lims.domain.audit_chain import GENESIS_HASH, EventContent, event_hash, field_changes, utc_iso

BASE = EventContent(
    seq=1,
    occurred_at=datetime(2026, 3, 1, 8, 30, 0, 123456),
    actor="tech1",
    workstation="ws-01",
    entity="sample",
    entity_id="42",
    action="update",
    changes_json='{"status":["received","testing"]}',
    reason="",
)


def test_naive_utc_and_aware_times_hash_alike():
    # SQLite hands back naive UTC, PostgreSQL an aware time: one event must hash the same on both
    aware = BASE.occurred_at.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=8)))
    assert utc_iso(aware) == utc_iso(BASE.occurred_at) == "2026-03-01T08:30:00.123456"
    assert event_hash(GENESIS_HASH, replace(BASE, occurred_at=aware)) == event_hash(GENESIS_HASH, BASE)


@given(
    field=st.sampled_from(["seq", "actor", "workstation", "entity", "entity_id", "action", "changes_json", "reason"]),
    text=st.text(min_size=1, max_size=10),
)
def test_changing_any_field_changes_the_hash(field, text):
    value = BASE.seq + len(text) if field == "seq" else getattr(BASE, field) + text
    assert event_hash(GENESIS_HASH, replace(BASE, **{field: value})) != event_hash(GENESIS_HASH, BASE)


def test_hash_depends_on_the_previous_event():
    assert event_hash("a" * 64, BASE) != event_hash(GENESIS_HASH, BASE)


def test_field_changes_lists_only_what_differs():
    assert field_changes({"a": 1, "b": "x"}, {"a": 1, "b": "y", "c": None}) == {"b": ["x", "y"]}
    assert field_changes({}, {"name": "韭菜"}) == {"name": [None, "韭菜"]}
