"""The audit chain: written with the change, and any edit behind the app's back is found."""
from __future__ import annotations

import pytest
from sqlalchemy import select, text

from lims.db.engine import make_session_factory
from lims.db.models import AuditEvent, Product
from lims.domain.enums import AuditAction, RoleCode
from lims.services import audit
from lims.services.dto import Actor, AuditFilter

TECH = Actor(7, "tech1", "张检测", frozenset({RoleCode.TECHNICIAN}), "ws-01")


def _make_events(engine, n: int) -> None:
    sessions = make_session_factory(engine)
    for i in range(n):
        with sessions.begin() as s:
            p = Product(name=f"产品{i}", code=f"P{i}", is_category=False, version=1)
            s.add(p)
            s.flush()
            audit.record(s, TECH, "product", p.id, AuditAction.CREATE, {"name": [None, p.name]})


def test_an_untouched_chain_verifies(engine, services):
    _make_events(engine, 5)
    report = services.audit.verify()
    assert report.ok and report.events_checked == 5 and report.first_bad_seq is None


def test_an_event_is_written_in_the_same_transaction_as_the_change(engine, services):
    sessions = make_session_factory(engine)
    with pytest.raises(RuntimeError):
        with sessions.begin() as s:
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
def test_raw_sql_tampering_is_found_and_the_first_bad_event_named(engine, services, tamper, bad_seq, words):
    _make_events(engine, 6)
    with engine.begin() as c:
        c.execute(text(tamper))
    report = services.audit.verify()
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
    today = row.occurred_at.date()
    assert services.audit.page(AuditFilter(since=today, until=today)).total == 4
    from datetime import timedelta
    assert services.audit.page(AuditFilter(until=today - timedelta(days=1))).total == 0
    assert set(services.audit.actors()) == {"tech1", "reviewer"}
