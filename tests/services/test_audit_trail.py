"""The audit chain: written with the change, and any edit behind the app's back is found."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text, update

from lims.db.engine import make_session_factory
from lims.db.models import AuditEvent, Product
from lims.domain.enums import AuditAction, RoleCode
from lims.services import audit
from lims.services.dto import Actor, AuditFilter

LAB_ZONE = ZoneInfo("Asia/Shanghai")  # the demo lab's and the default policy's zone

TECH = Actor(7, "tech1", "张检测", frozenset({RoleCode.TECHNICIAN}), "ws-01")


def _make_events(engine, n: int) -> None:
    sessions = make_session_factory(engine)
    with sessions() as s:
        made = s.scalar(select(func.count(Product.id))) or 0
    for i in range(made, made + n):
        with sessions.begin() as s:
            p = Product(name=f"产品{i}", code=f"P{i}", is_category=False, version=1)
            s.add(p)
            s.flush()
            audit.record(s, TECH, "product", p.id, AuditAction.CREATE, {"name": [None, p.name]})


@pytest.mark.parametrize("processes", [1, 2], ids=["one process", "two processes"])
def test_an_untouched_chain_verifies(engine, services, processes):
    _make_events(engine, 5)
    report = services.audit.verify(processes=processes)
    assert report.ok and report.events_checked == 5 and report.first_bad_seq is None


def test_an_event_is_written_in_the_same_transaction_as_the_change(engine, services):
    sessions = make_session_factory(engine)
    with pytest.raises(RuntimeError), sessions.begin() as s:
        p = Product(name="马铃薯", code="POT", is_category=False, version=1)
        s.add(p)
        s.flush()
        audit.record(s, TECH, "product", p.id, AuditAction.CREATE)
        raise RuntimeError("the action fails after the event was appended")
    with sessions() as s:
        assert s.scalar(select(Product).where(Product.code == "POT")) is None
        assert s.scalars(select(AuditEvent)).all() == []
    assert services.audit.verify().ok


@pytest.mark.parametrize(
    "tamper, bad_seq, words",
    [
        ("UPDATE audit_event SET changes_json = '{}' WHERE seq = 3", 3, "altered"),
        ("UPDATE audit_event SET actor = 'reviewer' WHERE seq = 2", 2, "altered"),
        ("DELETE FROM audit_event WHERE seq = 4", 4, "missing"),
        ("DELETE FROM audit_event WHERE seq = 6", 6, "removed"),
    ],
)
@pytest.mark.parametrize("processes", [1, 3], ids=["one process", "three processes"])
def test_raw_sql_tampering_is_found_and_the_first_bad_event_named(engine, services, tamper, bad_seq, words,
                                                                   processes):
    _make_events(engine, 6)
    with engine.begin() as c:
        c.execute(text(tamper))
    report = services.audit.verify(processes=processes)
    assert not report.ok
    assert report.first_bad_seq == bad_seq
    assert words in report.message and str(bad_seq) in report.message


def test_rewriting_an_event_with_a_fresh_hash_still_breaks_the_next_link(engine, services):
    _make_events(engine, 4)
    with engine.begin() as c:
        c.execute(text("UPDATE audit_event SET hash = :h, reason = 'covered up' WHERE seq = 2"), {"h": "f" * 64})
    assert services.audit.verify().first_bad_seq == 2


def test_the_audit_view_filters_by_entity_user_and_date(engine, services):
    _make_events(engine, 3)
    other = Actor(8, "reviewer", "李审核", frozenset({RoleCode.REVIEWER}), "ws-02")
    with make_session_factory(engine).begin() as s:
        audit.record(s, other, "sample", 99, AuditAction.TRANSITION, {"status": ["to_be_verified", "verified"]},
                     reason="结果复核无误")
    page = services.audit.page(AuditFilter(actor="reviewer"))
    assert page.total == 1
    row = page.rows[0]
    assert (row.entity, row.entity_id, row.changes, row.reason, row.workstation) == (
        "sample", "99", {"status": ["to_be_verified", "verified"]}, "结果复核无误", "ws-02")
    assert services.audit.page(AuditFilter(entity="product")).total == 3
    today = row.occurred_at.astimezone(LAB_ZONE).date()  # the filter's days are the lab's days
    assert services.audit.page(AuditFilter(since=today, until=today)).total == 4
    assert services.audit.page(AuditFilter(until=today - timedelta(days=1))).total == 0
    assert set(services.audit.actors()) == {"tech1", "reviewer"}


def test_the_audit_filter_cuts_days_at_the_lab_midnight_not_utc(services, engine):
    _make_events(engine, 1)
    late_evening_utc = datetime(2026, 6, 30, 17, 30, tzinfo=UTC)  # 1 July 01:30 in Shanghai
    with make_session_factory(engine).begin() as s:
        s.execute(update(AuditEvent).where(AuditEvent.entity == "product").values(occurred_at=late_evening_utc))
    first_of_july = AuditFilter(entity="product", since=date(2026, 7, 1), until=date(2026, 7, 1))
    last_of_june = AuditFilter(entity="product", since=date(2026, 6, 30), until=date(2026, 6, 30))
    assert services.audit.page(first_of_july).total == 1
    assert services.audit.page(last_of_june).total == 0


# --- checkpoints and the incremental check ------------------------------------------------------


def test_a_verified_chain_leaves_a_checkpoint_and_the_incremental_check_reads_only_what_came_after(
        engine, services):
    _make_events(engine, 5)
    assert services.audit.verify(checkpoint_by="cli:root@ws-01").ok
    _make_events(engine, 3)
    report = services.audit.verify_incremental()
    assert report.ok, report.message
    # the checkpoint's own event (5) is hashed again, then 6 to 8
    assert report.events_checked == 4
    assert "events 5 to 8" in report.message and "cli:root@ws-01" in report.message


def test_without_a_checkpoint_the_incremental_check_checks_the_whole_chain(engine, services):
    _make_events(engine, 4)
    report = services.audit.verify_incremental()
    assert report.ok and report.events_checked == 4
    assert "no checkpoint" in report.message


def test_the_incremental_check_finds_an_event_altered_after_the_checkpoint(engine, services):
    _make_events(engine, 4)
    services.audit.verify(checkpoint_by="cli:root@ws-01")
    _make_events(engine, 3)
    with engine.begin() as c:
        c.execute(text("UPDATE audit_event SET reason = 'nothing happened' WHERE seq = 6"))
    report = services.audit.verify_incremental()
    assert not report.ok and report.first_bad_seq == 6
    assert "audit event 6 was altered" in report.message


def test_the_incremental_check_finds_the_checkpoint_event_itself_altered(engine, services):
    _make_events(engine, 4)
    services.audit.verify(checkpoint_by="cli:root@ws-01")
    _make_events(engine, 2)
    with engine.begin() as c:
        c.execute(text("UPDATE audit_event SET changes_json = '{}' WHERE seq = 4"))
    report = services.audit.verify_incremental()
    assert not report.ok and report.first_bad_seq == 4
    assert "audit event 4 was altered" in report.message


def test_the_incremental_check_finds_the_checkpoint_event_rewritten_with_a_fresh_hash(engine, services):
    _make_events(engine, 4)
    services.audit.verify(checkpoint_by="cli:root@ws-01")
    with engine.begin() as c:
        c.execute(text("UPDATE audit_event SET hash = :h, reason = 'covered up' WHERE seq = 4"), {"h": "f" * 64})
        c.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": "f" * 64})
    report = services.audit.verify_incremental()
    assert not report.ok and report.first_bad_seq == 4


def test_the_full_check_finds_tampering_from_before_the_checkpoint(engine, services):
    _make_events(engine, 6)
    services.audit.verify(checkpoint_by="cli:root@ws-01")
    with engine.begin() as c:
        c.execute(text("UPDATE audit_event SET actor = 'reviewer' WHERE seq = 2"))
    assert services.audit.verify_incremental().ok  # it starts at event 6 and says so
    report = services.audit.verify()
    assert not report.ok and report.first_bad_seq == 2


def test_a_broken_chain_leaves_no_checkpoint_to_start_after(engine, services):
    _make_events(engine, 3)
    with engine.begin() as c:
        c.execute(text("UPDATE audit_event SET reason = 'x' WHERE seq = 3"))
    assert not services.audit.verify(checkpoint_by="cli:root@ws-01").ok
    # with no checkpoint, the incremental check starts at event 1 and meets the same break
    assert services.audit.verify_incremental().first_bad_seq == 3


def test_events_appended_in_bulk_continue_the_chain_that_record_writes(engine, services):
    _make_events(engine, 2)
    moment = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
    with make_session_factory(engine).begin() as s, audit.ChainAppender(s) as chain:
        for i in range(3):
            chain.append(moment + timedelta(minutes=i), "tech1", "ws-01", "sample", 40 + i, AuditAction.CREATE,
                         {"code": [None, f"NJ2026-00000{i + 1}"]})
    _make_events(engine, 1)
    report = services.audit.verify()
    assert report.ok and report.events_checked == 6, report.message
    rows = services.audit.page(AuditFilter(entity="sample")).rows
    assert [(r.seq, r.entity_id, r.occurred_at) for r in reversed(rows)] == [
        (3 + i, str(40 + i), moment + timedelta(minutes=i)) for i in range(3)]
