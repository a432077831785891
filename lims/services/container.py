"""The services of one open database, built once by the composition root."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from lims.db.engine import display_url, make_session_factory
from lims.services.audit import AuditService
from lims.services.demo import DemoService
from lims.services.limits import LimitService
from lims.services.overview import OverviewService
from lims.services.sample_work import SampleWorkService
from lims.services.samples import SampleService
from lims.services.users import UserService


@dataclass(frozen=True)
class Services:
    database: str  # as shown to people, without a password
    backend: str  # "sqlite" or "postgresql"
    users: UserService
    audit: AuditService
    samples: SampleService
    overview: OverviewService
    demo: DemoService
    work: SampleWorkService
    limits: LimitService


def build_services(engine: Engine, sessions: sessionmaker[Session] | None = None) -> Services:
    sessions = sessions or make_session_factory(engine)
    users = UserService(sessions)
    return Services(
        database=display_url(engine.url),
        backend=engine.dialect.name,
        users=users,
        audit=AuditService(sessions),
        samples=SampleService(sessions),
        overview=OverviewService(sessions),
        demo=DemoService(sessions),
        work=SampleWorkService(sessions, users),
        limits=LimitService(sessions),
    )
