"""The services of one open database, built once by the composition root."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from lims.db.engine import display_url, make_session_factory
from lims.services.audit import AuditService
from lims.services.capture import CaptureService
from lims.services.demo import DemoService
from lims.services.lab_setup import LabSetupService
from lims.services.labels import LabelService
from lims.services.limits import LimitService
from lims.services.master_data import MasterDataService
from lims.services.overview import OverviewService
from lims.services.reports import ReportService
from lims.services.result_exports import ResultExportService
from lims.services.sample_work import SampleWorkService
from lims.services.samples import SampleService
from lims.services.sampling_lists import SampleListService
from lims.services.scope import ScopeService
from lims.services.scope_expansion import ExpansionService
from lims.services.scope_tables import ScopeTableService
from lims.services.screening import ScreeningService
from lims.services.tracebacks import TracebackService
from lims.services.users import UserService
from lims.services.worklist import WorklistService


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
    sample_lists: SampleListService
    limits: LimitService
    labels: LabelService
    screening: ScreeningService
    failing: TracebackService
    worklist: WorklistService
    reports: ReportService
    scope: ScopeService
    scope_tables: ScopeTableService
    expansions: ExpansionService
    capture: CaptureService
    setup: LabSetupService
    exports: ResultExportService
    master: MasterDataService


def build_services(engine: Engine, sessions: sessionmaker[Session] | None = None) -> Services:
    sessions = sessions or make_session_factory(engine)
    users = UserService(sessions)
    samples = SampleService(sessions)
    return Services(
        database=display_url(engine.url),
        backend=engine.dialect.name,
        users=users,
        audit=AuditService(sessions),
        samples=samples,
        overview=OverviewService(sessions),
        demo=DemoService(sessions),
        work=SampleWorkService(sessions, users),
        sample_lists=SampleListService(sessions, samples),
        limits=LimitService(sessions),
        labels=LabelService(sessions),
        screening=ScreeningService(sessions, users),
        failing=TracebackService(sessions),
        worklist=WorklistService(sessions),
        reports=ReportService(sessions, users),
        scope=ScopeService(sessions),
        scope_tables=ScopeTableService(sessions),
        expansions=ExpansionService(sessions),
        capture=CaptureService(sessions),
        setup=LabSetupService(sessions),
        exports=ResultExportService(sessions, samples),
        master=MasterDataService(sessions),
    )
