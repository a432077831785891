"""The demo's showcase: a handful of samples that the demo's people take through the application's
own use cases, so that every page has work to show and every step has the audit events the
application writes. Loaded only by the demo (lims.services.demo), after the bulk generator.

The showcase (resources/demo/lab.json, "showcase") names each sample's product, task, producer,
sampling time, who registers and tests it, how far it goes and the values entered. Its people act
as in the application:

- a technician registers the sampling form (registration.register) and receives the sample
  (transitions.receive) or rejects it at receipt with the reason;
- the product's panel becomes the sample's tests (results.assign_panel); results are entered
  (results.enter_result: judged against the limit in force on the sampling day, with its basis),
  the technician submits, the reviewer verifies and the signatory approves
  (transitions.apply_transition: the guards, the signatures, the overall verdict);
- rapid screens go through ScreeningService.record (a positive one opens its confirmation test),
  a failing sample's traceback through TracebackService, and reports are issued by
  ReportService with the demo lab's test signing identity.

The sample journey runs in the demo's own transaction; the screening, traceback and report
services open their sessions on that transaction's connection (each of their transactions a
savepoint), so the demo is built whole or not at all and its people's passwords are not asked
again: the demo acts for them.

The sampling times are the showcase's own, on the days before the demo's reference day, so a
build is the same every time; the services stamp receipt, results and signatures with the
moment the demo is built. On a clock set before the reference day the sampling times move back
with it, since no sample is taken in the future."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.base import utcnow
from lims.db.engine import LimsSession
from lims.db.models import KitLot, Result, Sample, Test, User
from lims.domain.enums import RoleCode, SampleStatus
from lims.domain.errors import ValidationError
from lims.domain.screening import GoldReadings, InhibitionReadings, Readings, kit_expired
from lims.domain.workflow import Transition
from lims.services import policy as lab_policy
from lims.services import registration, results, transitions
from lims.services.demo import DemoCatalogue, lookup_named
from lims.services.dto import Actor
from lims.services.registration import RegistrationForm
from lims.services.reports import OpenedIdentity, ReportService
from lims.services.screening import ScreeningService
from lims.services.tracebacks import TracebackService
from lims.services.users import UserService

# a build of fewer samples is the generator's alone (tests and quick checks ask for a few);
# from this many on, the showcase's handful are part of the N samples asked for
SHOWCASE_MIN_SAMPLES = 20
# how far each state goes along the journey
_RECEIVED = {SampleStatus.RECEIVED, SampleStatus.TESTING, SampleStatus.TO_BE_VERIFIED, SampleStatus.VERIFIED,
             SampleStatus.APPROVED}
_SUBMITTED = {SampleStatus.TO_BE_VERIFIED, SampleStatus.VERIFIED, SampleStatus.APPROVED}
_VERIFIED = {SampleStatus.VERIFIED, SampleStatus.APPROVED}
_SCREEN_AFTER = timedelta(hours=2)  # a screen read on the day the sample arrived


def showcase_size(data: dict[str, Any]) -> int:
    """How many of the N samples the showcase makes (0 when the demo file has none)."""
    return len(data.get("showcase", {}).get("samples", ()))


def takes_part(samples: int, data: dict[str, Any]) -> bool:
    """Whether a build of ``samples`` samples includes the showcase."""
    size = showcase_size(data)
    return bool(size) and samples >= max(SHOWCASE_MIN_SAMPLES, size)


@dataclass(frozen=True)
class _Later:
    """What a sample waits for after the journey: its screen, its traceback, its report."""

    sample_id: int
    sample_version: int
    sampled_at: datetime
    plan: dict[str, Any]


class Showcase:
    """Takes the showcase's samples through the use cases as the demo's people."""

    def __init__(self, s: Session, data: dict[str, Any], catalogue: DemoCatalogue,
                 identity: OpenedIdentity) -> None:
        self.s = s
        self.spec: dict[str, Any] = data["showcase"]
        self.generator: dict[str, Any] = data["sample_generator"]
        self.catalogue = catalogue
        self.identity = identity
        self.policy = lab_policy.read(s)
        self.people = _people(s, catalogue)
        self.parameter_names = {id_: name for name, id_ in catalogue.parameters.items()}
        self.producers = {p.name: p for p, _ in catalogue.producers}
        self.kits = {k["lot_no"]: k for k in data["kit_lots"]}
        self.sample_ids: list[int] = []

    def person(self, username: str) -> Actor:
        try:
            return self.people[username]
        except KeyError:
            raise ValidationError("The demo data refers to an unknown {what} '{key}'", field="user", what="user",
                                  key=username) from None

    # --- the whole showcase ---------------------------------------------------------------------

    def run(self) -> tuple[int, int]:
        """Every showcase sample as far as its plan goes; returns the tests and results made."""
        plans = sorted(self.spec["samples"], key=lambda p: p["sampled"])
        moments = self._sampling_times(plans)
        later = [self._journey(n, plan, moments[n]) for n, plan in enumerate(plans)]
        self.s.flush()
        self._services_after(later)
        ids = self.sample_ids
        tests = self.s.scalar(select(func.count(Test.id)).where(Test.sample_id.in_(ids))) or 0
        entered = self.s.scalar(select(func.count(Result.id)).join(Test, Test.id == Result.test_id)
                                .where(Test.sample_id.in_(ids))) or 0
        return tests, entered

    def _sampling_times(self, plans: list[dict[str, Any]]) -> list[datetime]:
        zone = self.policy.timezone
        planned = [datetime.fromisoformat(p["sampled"]).replace(tzinfo=zone).astimezone(UTC) for p in plans]
        latest_allowed = utcnow() - timedelta(hours=1)
        shift = max(timedelta(0), max(planned) - latest_allowed) if planned else timedelta(0)
        return [moment - shift for moment in planned]

    # --- the sample journey, in the demo's transaction --------------------------------------------

    def _journey(self, n: int, plan: dict[str, Any], sampled_at: datetime) -> _Later:
        s, workflow = self.s, self.policy.workflow
        state = SampleStatus(plan["state"])
        tech = self.person(plan["by"])
        sample = registration.register(s, tech, self._form(n, plan, sampled_at))
        self.sample_ids.append(sample.id)
        if state == SampleStatus.REJECTED:
            transitions.apply_transition(s, tech, sample, Transition.REJECT, plan["reason"], workflow)
        elif state in _RECEIVED:
            transitions.receive(s, tech, sample, condition=self.spec["condition"],
                                storage_place=self._storage_place(n, plan["product"]))
            if plan.get("panel", True):
                results.assign_panel(s, tech, sample)
            self._results(tech, sample, state, plan.get("results", {}))
            if state in _SUBMITTED:
                transitions.apply_transition(s, tech, sample, Transition.SUBMIT, "", workflow)
            if state in _VERIFIED:
                transitions.apply_transition(s, self.person(self.spec["verifier"]), sample, Transition.VERIFY, "",
                                             workflow)
            if state == SampleStatus.APPROVED:
                transitions.apply_transition(s, self.person(self.spec["approver"]), sample, Transition.APPROVE, "",
                                             workflow)
        s.flush()
        return _Later(sample.id, sample.version, sampled_at, plan)

    def _storage_place(self, n: int, product: str) -> str:
        """A place that keeps the sample as its storage says (冷藏, 冷冻, 常温), else the next one."""
        places: list[str] = self.generator["storage_places"]
        kept = self.generator["products"][product]["storage"][:2]
        fitting = [p for p in places if kept in p] or places
        return fitting[n % len(fitting)]

    def _form(self, n: int, plan: dict[str, Any], sampled_at: datetime) -> RegistrationForm:
        product = plan["product"]
        spec = self.generator["products"][product]
        producer = self.producers.get(plan["producer"])
        if producer is None:
            raise ValidationError("The demo data refers to an unknown {what} '{key}'", field="producer",
                                  what="producer", key=plan["producer"])
        samplers = self.generator["samplers"]
        return RegistrationForm(
            product_id=lookup_named(self.catalogue.products, product, "product"),
            sampled_at=sampled_at,
            task_id=_task_id(self.catalogue, plan["task"]),
            producer_id=producer.id, area_id=producer.area_id,
            batch_size=spec["batch"][n % len(spec["batch"])], quantity=spec["quantity"],
            sampler1=samplers[n % len(samplers)], sampler2=samplers[(n + 1) % len(samplers)],
            seal_intact=plan.get("seal_intact", True), backup_kept=True, storage=spec["storage"],
            description=spec["storage"],
        )

    def _results(self, tech: Actor, sample: Sample, state: SampleStatus, values: dict[str, str]) -> None:
        """The plan's values; once the sample goes on to review, every other test is not detected."""
        for name in values:
            lookup_named(self.catalogue.parameters, name, "parameter")
        tests = list(self.s.scalars(select(Test).where(Test.sample_id == sample.id).order_by(Test.id)))
        for test in tests:
            value = values.get(self.parameter_names[test.parameter_id])
            if value is None and state in _SUBMITTED:
                value = "ND"
            if value is not None:
                results.enter_result(self.s, self._analyst(tech, test.parameter_id), test.id, value)

    def _analyst(self, preferred: Actor, parameter_id: int) -> Actor:
        """The sample's technician when authorised to test the parameter, else another technician
        who is (never the reviewer, who verifies: four eyes)."""
        may_test = set(self.catalogue.testers.get(parameter_id, ()))
        if preferred.user_id in may_test:
            return preferred
        verifier = self.person(self.spec["verifier"])
        for actor in self.people.values():
            if actor.user_id in may_test and actor.user_id != verifier.user_id and RoleCode.TECHNICIAN in actor.roles:
                return actor
        return preferred  # enter_result refuses with the person and the parameter named

    # --- screens, tracebacks and reports, by their services --------------------------------------

    def _services_after(self, later: list[_Later]) -> None:
        """The services' own steps, after the journey (the demo's session writes these samples no
        more: the services' sessions move their versions)."""
        sessions = _joined(self.s)
        users = UserService(sessions)
        screening, tracing, reports = ScreeningService(sessions, users), TracebackService(sessions), \
            ReportService(sessions, users)
        for item in later:
            screen = item.plan.get("screen")
            if screen:
                self._screen(screening, item, screen)
        tracer = self.person(self.spec["traceback_by"])
        for item in later:
            traced = item.plan.get("traceback")
            if traced:
                row = tracing.notify(tracer, item.sample_id, 0, traced["party"], utcnow(), traced.get("notes", ""))
                if traced.get("action"):
                    tracing.record_action(tracer, item.sample_id, row.traceback_version, traced["action"])
        reported = [item.sample_id for item in later if item.plan.get("report")]
        if reported:
            issuer = self.person(self.spec["issuer"])
            identity = self.identity.load()
            # the PDFs are kept in the database; the demo needs no copy on disk
            with tempfile.TemporaryDirectory(prefix="lims-demo-reports-") as folder:
                for sample_id in reported:
                    reports.issue_opened(issuer, sample_id, Path(folder), identity, self.identity.identity_id)

    def _screen(self, screening: ScreeningService, item: _Later, screen: dict[str, Any]) -> None:
        kit = self.kits.get(screen["kit"])
        if kit is None:
            raise ValidationError("The demo data refers to an unknown {what} '{key}'", field="kit_lot",
                                  what="kit lot", key=screen["kit"])
        readings: Readings
        if kit["method_kind"] == "colloidal_gold":
            readings = GoldReadings(Decimal(screen["t_value"]), Decimal(screen["c_value"]))
        else:
            readings = InhibitionReadings(Decimal(screen["control_delta_a"]), Decimal(screen["sample_delta_a"]))
        confirmation = None
        if screen.get("confirmation"):
            parameter, method = screen["confirmation"]
            confirmation = self.catalogue.methods.get((parameter, method))
            if confirmation is None:
                raise ValidationError("The demo data refers to an unknown {what} '{key}'", field="method",
                                      what="method", key=f"{parameter} {method}")
        kit_id = self.s.scalars(select(KitLot.id).where(KitLot.lot_no == screen["kit"])).one()
        # read now, after receipt; on a clock past the demo kit's expiry, on the day it arrived
        tested_at = utcnow()
        if kit_expired(date.fromisoformat(kit["expires_on"]), self.policy.day(tested_at)):
            tested_at = min(item.sampled_at + _SCREEN_AFTER, tested_at)
        screening.record(
            self.person(item.plan["by"]), item.sample_id, item.sample_version,
            lookup_named(self.catalogue.parameters, screen["parameter"], "parameter"), kit_id, readings,
            tested_at=tested_at,
            confirmation_method_id=confirmation.id if confirmation is not None else None,
            notes=screen.get("notes", ""),
        )


# --- helpers ---------------------------------------------------------------------------------------

def _joined(s: Session) -> sessionmaker[Session]:
    """Sessions on the demo's own connection, each of their transactions a savepoint of the
    demo's: the services work as they do for a person, and a failure leaves no demo at all."""
    return sessionmaker(bind=s.connection(), class_=LimsSession, expire_on_commit=False,
                        join_transaction_mode="create_savepoint")


def _people(s: Session, catalogue: DemoCatalogue) -> dict[str, Actor]:
    """The demo's people as logged in, each at the workstation the generator's trail gives them."""
    users = {u.id: u for u in s.scalars(select(User).where(User.id.in_(list(catalogue.users.values()))))}
    stations = {id_: f"lab-pc-{n:02d}" for n, id_ in enumerate(sorted(users), start=1)}
    return {u.username: Actor(u.id, u.username, u.full_name, frozenset(RoleCode(r.code) for r in u.roles),
                              stations[u.id])
            for u in users.values()}


def _task_id(catalogue: DemoCatalogue, code: str) -> int:
    task = catalogue.tasks.get(code)
    if task is None:
        raise ValidationError("The demo data refers to an unknown {what} '{key}'", field="task", what="task",
                              key=code)
    return task.id

