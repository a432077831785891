"""The reference data a workstation keeps across actions (catalogue, limits, policy, scope,
people's names) is never older than the database: a change made anywhere, by a service on
another workstation or by raw SQL, is seen by the next action, and a change rolled back leaves
nothing behind."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import event, func, select, text, update

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import Limit, ReferenceStamp, Result
from lims.db.models.policy import STAMPED_TABLES
from lims.domain.errors import PermissionDenied
from lims.services.container import build_services


def _token(engine) -> str:
    with engine.connect() as c:
        return c.scalar(select(ReferenceStamp.token))


def _received_test(lab, people, catalogue, parameter="毒死蜱"):
    tech = people["tech1"]
    sample = lab.work.register(tech, catalogue.form())
    sample = lab.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    return next(t for t in sample.tests if t.parameter == parameter)


def _limit_of(engine, test_view) -> Limit:
    with make_session_factory(engine)() as s:
        result = s.scalars(select(Result).where(Result.test_id == test_view.id, Result.superseded.is_(False))).one()
        return s.get(Limit, result.limit_id)


def test_a_limit_changed_by_another_workstation_is_judged_by_at_the_next_result(
        lab, lab_engine, demo_db_url, people, catalogue):
    tech = people["tech1"]
    first = _received_test(lab, people, catalogue)
    detail = lab.work.enter_result(tech, first.id, first.version, "0.05")
    entered = next(t for t in detail.tests if t.id == first.id).current
    limit = _limit_of(lab_engine, first)
    assert entered.verdict == "fail" and Decimal("0.05") > limit.value  # the cache now holds this limit

    # another workstation (its own engine, raw SQL) raises the limit above the value
    other = make_engine(parse_url(demo_db_url))
    try:
        before = _token(other)
        with other.begin() as c:
            c.execute(update(Limit).where(Limit.id == limit.id).values(value=Decimal("1")))
        assert _token(other) != before
    finally:
        other.dispose()

    second = _received_test(lab, people, catalogue)
    detail = lab.work.enter_result(tech, second.id, second.version, "0.05")
    assert next(t for t in detail.tests if t.id == second.id).current.verdict == "pass"


def test_results_do_not_move_the_stamp_and_reference_changes_rolled_back_leave_no_trace(
        lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    test = _received_test(lab, people, catalogue)
    before = _token(lab_engine)
    lab.work.enter_result(tech, test.id, test.version, "0.001")
    assert _token(lab_engine) == before  # the bench's own work keeps the cache

    sessions = make_session_factory(lab_engine)
    limit_id = _limit_of(lab_engine, test).id
    with sessions() as s:
        s.execute(update(Limit).where(Limit.id == limit_id).values(value=Decimal("0.0001")))
        # inside the changing session the change is seen ...
        from lims.services.catalogue import catalogue as session_catalogue
        assert session_catalogue(s).limits_for(test.parameter_id).by_id(limit_id).value == Decimal("0.0001")
        s.rollback()
    assert _token(lab_engine) == before  # ... and rolled back with it
    with sessions() as s:
        from lims.services.catalogue import catalogue as session_catalogue
        assert session_catalogue(s).limits_for(test.parameter_id).by_id(limit_id).value != Decimal("0.0001")


def test_a_renamed_person_shows_under_the_new_name_at_once(lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    test = _received_test(lab, people, catalogue)
    detail = lab.work.enter_result(tech, test.id, test.version, "0.001")
    shown = next(t for t in detail.tests if t.id == test.id).current.entered_by
    with lab_engine.begin() as c:
        c.execute(text("UPDATE user_account SET full_name = '王新名' WHERE username = 'tech1'"))
    again = next(t for t in lab.work.detail(detail.id).tests if t.id == test.id).current.entered_by
    assert (shown, again) != ("王新名", "王新名") and again == "王新名"


def test_an_authorisation_or_role_taken_away_by_raw_sql_elsewhere_stops_the_next_result(
        lab, lab_engine, demo_db_url, people, catalogue):
    """People's roles and authorisations are kept with the reference data: a change made behind
    the application's back, on another workstation's engine, still counts at the next action."""
    tech = people["tech1"]
    first = _received_test(lab, people, catalogue)
    lab.work.enter_result(tech, first.id, first.version, "0.001")  # roles and grants are now held
    second = _received_test(lab, people, catalogue)

    other = make_engine(parse_url(demo_db_url))
    try:
        with other.begin() as c:
            c.execute(text('UPDATE "authorization" SET active = :no WHERE user_id = :user AND parameter_id = :p'),
                      {"no": False, "user": tech.user_id, "p": second.parameter_id})
        with pytest.raises(PermissionDenied, match="holds no authorisation to test 毒死蜱"):
            lab.work.enter_result(tech, second.id, second.version, "0.001")
        with other.begin() as c:
            c.execute(text('UPDATE "authorization" SET active = :yes WHERE user_id = :user'),
                      {"yes": True, "user": tech.user_id})
            c.execute(text("DELETE FROM user_role WHERE user_id = :user"), {"user": tech.user_id})
        with pytest.raises(PermissionDenied, match="holds no role that may enter results"):
            lab.work.enter_result(tech, second.id, second.version, "0.001")
    finally:
        other.dispose()
    with lab_engine.connect() as c:  # both refusals stored nothing
        assert c.scalar(select(func.count(Result.id)).where(Result.test_id == second.id)) == 0


def test_every_stamped_table_carries_the_triggers_that_move_the_stamp(lab_engine):
    with lab_engine.connect() as c:
        if lab_engine.dialect.name == "sqlite":
            names = set(c.scalars(text("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name LIKE 'stamp_%'")))
        else:
            names = set(c.scalars(text("SELECT event_object_table FROM information_schema.triggers "
                                       "WHERE trigger_name LIKE 'stamp_%'")))
    assert names == set(STAMPED_TABLES)


def test_entering_a_result_with_the_reference_data_held_costs_a_fixed_few_statements(
        lab, lab_engine, people, catalogue):
    tech = people["tech1"]
    for sample in range(2):
        first = _received_test(lab, people, catalogue)
        detail = lab.work.enter_result(tech, first.id, first.version, "0.001")  # starts testing
        if sample == 0:  # a first sample's whole column: every parameter's limits are now held
            for test in detail.tests:
                if test.current is None:
                    lab.work.enter_result(tech, test.id, test.version, "0.001")
    second = next(t for t in detail.tests if t.current is None)  # the next row down the column
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(lab_engine, "before_cursor_execute", count)
    try:
        lab.work.enter_result(tech, second.id, second.version, "0.001")
    finally:
        event.remove(lab_engine, "before_cursor_execute", count)
    assert len([s for s in seen if "FROM reference_stamp" in s]) == 1  # one look at the stamp ...
    assert not [s for s in seen if "FROM limit_value" in s or "FROM method" in s or "FROM parameter" in s
                or "FROM lab_policy" in s]  # ... and nothing of the catalogue or the policy read again
    assert not [s for s in seen if "FROM authorization" in s or "FROM user_account" in s]  # nor the person
    assert len(seen) <= 14, "\n".join(seen)


def test_a_fresh_database_labels_its_stamp_with_a_token_of_its_own(tmp_path):
    from lims.db.migrate import upgrade
    tokens = []
    for name in ("a.db", "b.db"):
        engine = make_engine(parse_url(str(tmp_path / name)))
        try:
            upgrade(engine)
            tokens.append(_token(engine))
            build_services(engine)
        finally:
            engine.dispose()
    assert tokens[0] and tokens[0] != tokens[1]
