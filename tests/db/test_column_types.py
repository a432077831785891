"""The database hands back exact types on both backends: Decimals, aware UTC datetimes and
enum members, whatever the backend stores underneath."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from lims.db.models import Method, Parameter, Standard, User
from lims.domain.enums import MethodKind, ParameterKind, StandardKind

CST = timezone(timedelta(hours=8))


def _standard_and_parameter(s: Session) -> tuple[int, int]:
    std = Standard(number="GB 23200.113", year="2018", title="植物源性食品中农药残留量的测定",
                   kind=StandardKind.METHOD, version=1)
    par = Parameter(name="毒死蜱", kind=ParameterKind.PESTICIDE, version=1)
    s.add_all([std, par])
    s.flush()
    return std.id, par.id


def _methods_with_lods(engine, lods: list[object]) -> list[int]:
    with Session(engine) as s, s.begin():
        std, par = _standard_and_parameter(s)
        methods = [Method(standard_id=std, parameter_id=par, kind=MethodKind.LABORATORY, unit="mg/kg",
                          lod=lod, version=1) for lod in lods]
        s.add_all(methods)
        s.flush()
        return [m.id for m in methods]


@pytest.mark.parametrize("written, expected", [
    (Decimal("0.1"), Decimal("0.1")),
    (Decimal("0.010"), Decimal("0.01")),
    (Decimal("1E-9"), Decimal("0.000000001")),
    (Decimal("123456789.123456789"), Decimal("123456789.123456789")),
    (Decimal("42"), Decimal("42")),
    (0.1, Decimal("0.1")),  # a float goes by its shortest repr, never 0.1000000000000000055...
    ("0.010", Decimal("0.01")),
])
def test_numbers_read_back_as_the_equal_decimal(engine, written, expected):
    (method_id,) = _methods_with_lods(engine, [written])
    with Session(engine) as s:
        lod = s.get(Method, method_id).lod
    assert type(lod) is Decimal and lod == expected


def test_decimals_read_the_same_on_both_backends_without_the_scales_padding(engine):
    ids = _methods_with_lods(engine, [Decimal("0.020"), Decimal("100.000"), Decimal("123456789.123456789")])
    with Session(engine) as s:
        shown = [str(s.get(Method, i).lod) for i in ids]
    assert shown == ["0.02", "100", "123456789.123456789"]


def test_numbers_still_compare_and_sort_in_sql(engine):
    _methods_with_lods(engine, [Decimal("0.05"), Decimal("0.003"), Decimal("1.2"), None])
    with Session(engine) as s:
        above = s.scalars(select(Method.lod).where(Method.lod > Decimal("0.004")).order_by(Method.lod)).all()
    assert above == [Decimal("0.05"), Decimal("1.2")]


def test_a_number_too_large_for_its_column_is_refused_not_rounded(engine):
    with pytest.raises(StatementError, match=r"does not fit NUMERIC\(18, 9\)"):
        _methods_with_lods(engine, [Decimal("1234567890.5")])


def _user(**kw) -> User:
    return User(username="tech1", full_name="张检测", password_hash="x", active=True,
                must_change_password=False, version=1, **kw)


def test_a_moment_reads_back_as_the_same_instant_in_utc(engine):
    written = datetime(2026, 3, 5, 9, 30, 15, 123456, tzinfo=CST)
    with Session(engine) as s, s.begin():
        user = _user(created_at=written)
        s.add(user)
        s.flush()
        user_id = user.id
    with Session(engine) as s:
        read = s.get(User, user_id).created_at
    assert read == written and read.tzinfo is UTC
    assert read.isoformat() == "2026-03-05T01:30:15.123456+00:00"


def test_a_naive_moment_is_refused_on_write_and_in_a_query(engine):
    with pytest.raises(StatementError, match="naive datetime"), Session(engine) as s, s.begin():
        s.add(_user(created_at=datetime(2026, 3, 5, 9, 30)))
    with Session(engine) as s, pytest.raises(StatementError, match="naive datetime"):
        s.scalars(select(User).where(User.created_at > datetime(2026, 1, 1))).all()


def test_a_vocabulary_column_reads_back_its_member_and_stores_the_plain_value(engine):
    with Session(engine) as s, s.begin():
        _standard_and_parameter(s)
        s.add(Standard(number="GB 2763", year="2026", title="食品中农药最大残留限量", kind="limit", version=1))
    with Session(engine) as s:
        kinds = {k for k in s.scalars(select(Standard.kind))}
        assert s.scalar(select(Parameter.kind)) is ParameterKind.PESTICIDE
        stored = set(s.scalars(text("SELECT kind FROM standard")))
    assert kinds == {StandardKind.METHOD, StandardKind.LIMIT}
    assert all(isinstance(k, StandardKind) for k in kinds)
    assert stored == {"method", "limit"}


def test_a_word_outside_the_vocabulary_is_refused(engine):
    with pytest.raises(StatementError, match="'limits' is not a StandardKind"), Session(engine) as s, s.begin():
        s.add(Standard(number="GB 2763", year="2026", title="限量", kind="limits", version=1))
    with Session(engine) as s, pytest.raises(StatementError, match="not a StandardKind"):
        s.scalars(select(Standard).where(Standard.kind == "Limit")).all()
