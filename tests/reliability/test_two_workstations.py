"""Two workstations on one database at the same moment: a write that waits too long is refused
with a message and changes nothing, and the year's first sample code is taken by both."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import Sample
from lims.domain.errors import WorkstationBusy
from lims.domain.numbering import CodePattern
from lims.services.container import build_services
from lims.services.registration import issue_code
from tests.services.conftest import DEMO_PASSWORD, WORKSTATION, Catalogue


def _hold_the_write_lock(sessions, backend: str):
    """Workstation 1 in the middle of a long write: it holds what every change needs."""
    s = sessions()
    s.begin()
    if backend == "postgresql":
        s.execute(text("SELECT last_seq FROM audit_head FOR UPDATE"))
    else:
        s.execute(text("UPDATE lab_policy SET key = key WHERE 0"))  # BEGIN IMMEDIATE took the file's write lock
    return s


def test_a_write_that_waits_too_long_is_refused_clearly_and_changes_nothing(demo_db_url, backend):
    first, second = make_engine(parse_url(demo_db_url)), make_engine(parse_url(demo_db_url))
    try:
        lab = build_services(second)
        tech = lab.users.login("tech1", DEMO_PASSWORD, WORKSTATION)
        form = Catalogue.read(second).form()
        holder = _hold_the_write_lock(make_session_factory(first), backend)
        try:
            started = time.monotonic()
            with pytest.raises(WorkstationBusy, match="Another workstation was saving"):
                lab.work.register(tech, form)
            assert time.monotonic() - started >= 4  # it waited for the other write before giving up
        finally:
            holder.rollback()
            holder.close()
        with make_session_factory(second)() as s:
            assert s.scalar(select(func.count()).select_from(Sample)) == 0
        assert lab.work.register(tech, form).code  # tried again once the other workstation is done
    finally:
        first.dispose()
        second.dispose()


def test_two_workstations_take_the_years_first_code_at_the_same_moment(demo_db_url):
    engines = [make_engine(parse_url(demo_db_url)) for _ in range(2)]
    pattern = CodePattern("{prefix}{year}-{seq:04d}", "NJ")
    try:
        first, second = (make_session_factory(e) for e in engines)
        codes: list[str] = []
        errors: list[BaseException] = []

        def take() -> None:
            try:
                with second.begin() as s:
                    codes.append(issue_code(s, pattern, 2031))
            except BaseException as exc:  # noqa: BLE001 - handed to the test thread
                errors.append(exc)

        with first.begin() as s:
            codes.append(issue_code(s, pattern, 2031))  # the year's counter is made, not yet committed
            other = threading.Thread(target=take)
            other.start()
            time.sleep(0.5)
            assert other.is_alive()  # the second workstation waits for the first
        other.join(10)
        assert not errors
        assert sorted(codes) == ["NJ2031-0001", "NJ2031-0002"]
    finally:
        for e in engines:
            e.dispose()
