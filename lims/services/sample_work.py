"""The technician's working day as services: each method frames one user action in one
transaction, calls the use case (a function of the session and the actor, in
registration.py, results.py, transitions.py) and returns the sample as the person now sees it
(sample_read.py). Imports, capture and report issue call the same use cases inside their own
transactions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.base import utcnow
from lims.db.models import CodeCounter, LabPolicy, Method, Parameter, Sample, Standard
from lims.domain.accounts import Duty
from lims.domain.audit_chain import field_changes
from lims.domain.enums import AuditAction
from lims.domain.errors import ValidationError
from lims.domain.numbering import CodePattern
from lims.domain.workflow import Transition
from lims.services import audit, authority, registration, results, transitions
from lims.services import policy as lab_policy
from lims.services.dto import Actor
from lims.services.editing import editable_test, flush_or_refuse, sample_for_edit
from lims.services.registration import NewProducer, RegistrationForm
from lims.services.results import Rejudged
from lims.services.sample_read import (
    ActionView,
    ResultView,
    SampleDetail,
    SignatureView,
    TestView,
    read_sample,
)
from lims.services.transitions import SIGNED, apply_transition
from lims.services.users import UserService

__all__ = [
    "ActionView", "MethodChoice", "NewProducer", "RegistrationForm", "ResultView", "SampleDetail",
    "SampleWorkService", "SignatureView", "TestChoice", "TestView",
]


@dataclass(frozen=True)
class MethodChoice:
    id: int
    label: str  # "GB 23200.113-2018 GC-MS/MS"
    unit: str


@dataclass(frozen=True)
class TestChoice:
    """A parameter that may be added to a sample, with its methods (the panel's first)."""

    __test__ = False  # not a pytest test class

    parameter_id: int
    parameter: str
    methods: tuple[MethodChoice, ...]


class SampleWorkService:
    def __init__(self, sessions: sessionmaker[Session], users: UserService) -> None:
        self._sessions = sessions
        self._users = users

    # --- lab settings ---------------------------------------------------------------------

    def settings(self) -> lab_policy.Policy:
        with self._sessions() as s:
            return lab_policy.read(s)

    def today(self) -> date:
        """The lab's calendar day now, in its own time zone: limits are looked up by it."""
        return self.settings().today()

    def set_code_pattern(self, actor: Actor, pattern: str, prefix: str) -> str:
        """Change how sample codes are made (an administrator's or manager's act, audited).
        Returns the code the next sample of this year would get."""
        checked = CodePattern(pattern.strip(), prefix.strip())  # raises on a bad pattern
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.MANAGE_CATALOGUE)
            before = lab_policy.read(s).code_pattern
            for key, value in ((lab_policy.CODE_PATTERN.name, checked.pattern),
                               (lab_policy.CODE_PREFIX.name, checked.prefix)):
                row = s.get(LabPolicy, key)
                if row is None:
                    s.add(LabPolicy(key=key, value=value, version=1))
                else:
                    row.value = value
            lab_policy.forget(s)
            audit.record(s, actor, lab_policy.AUDIT_ENTITY, lab_policy.CODE_PATTERN.name, AuditAction.UPDATE,
                         field_changes({"pattern": before.pattern, "prefix": before.prefix},
                                       {"pattern": checked.pattern, "prefix": checked.prefix}))
            year = utcnow().astimezone(lab_policy.read(s).timezone).year
            last = s.scalar(select(CodeCounter.last_seq).where(
                CodeCounter.name == registration.counter_name(checked, year))) or 0
        return checked.format(year, last + 1)

    # --- registration, receipt, tests ------------------------------------------------------

    def register(self, actor: Actor, form: RegistrationForm) -> SampleDetail:
        """Check the sampling form field by field, then issue the next sample code."""
        with self._sessions.begin() as s:
            return read_sample(s, registration.register(s, actor, form).id, actor)

    def receive(self, actor: Actor, sample_id: int, expected_version: int, *, condition: str,
                storage_place: str) -> SampleDetail:
        with self._sessions.begin() as s:
            sample = sample_for_edit(s, sample_id, expected_version)
            transitions.receive(s, actor, sample, condition=condition, storage_place=storage_place)
            return self._read(s, sample, actor)

    def assign_panel(self, actor: Actor, sample_id: int, expected_version: int) -> SampleDetail:
        """Create the tests of the product's panel (or its nearest ancestor category's)."""
        with self._sessions.begin() as s:
            sample = sample_for_edit(s, sample_id, expected_version)
            results.assign_panel(s, actor, sample)
            return self._read(s, sample, actor)

    def add_test(self, actor: Actor, sample_id: int, expected_version: int, parameter_id: int,
                 method_id: int) -> SampleDetail:
        with self._sessions.begin() as s:
            sample = sample_for_edit(s, sample_id, expected_version)
            results.add_test(s, actor, sample, parameter_id, method_id)
            return self._read(s, sample, actor)

    def drop_test(self, actor: Actor, test_id: int, expected_version: int, reason: str) -> SampleDetail:
        """Withdraw a test that has no result yet."""
        with self._sessions.begin() as s:
            sample = results.drop_test(s, actor, editable_test(s, test_id, expected_version), reason)
            return self._read(s, sample, actor)

    # --- results --------------------------------------------------------------------------

    def enter_result(self, actor: Actor, test_id: int, expected_version: int, value_text: str = "", *,
                     unit: str = "", not_detected: bool = False, reason: str = "") -> SampleDetail:
        """Store a typed value (or ND) judged against the limit in force on the sampling date;
        see ``results.enter_result``."""
        with self._sessions.begin() as s:
            result = results.enter_result(s, actor, test_id, value_text, unit=unit, not_detected=not_detected,
                                          reason=reason, expected_version=expected_version)
            return read_sample(s, 0, actor, of_test=result.test_id)

    def rejudge(self, sample_ids: list[int] | None = None) -> list[Rejudged]:
        """What the current results' verdicts would be by the catalogue as it stands now."""
        with self._sessions() as s:
            return results.rejudge(s, sample_ids)

    # --- workflow -------------------------------------------------------------------------

    def transition(self, actor: Actor, sample_id: int, expected_version: int, transition: Transition, *,
                   reason: str = "", password: str | None = None) -> SampleDetail:
        """Move the sample on. Verify and approve are electronic signatures: they need the
        password again and leave a Signature (who, when, meaning)."""
        if transition == Transition.RECEIVE:
            raise ValidationError("Use receive() with the sample's condition and storage place")
        if transition in SIGNED:
            if not password:
                raise ValidationError("Enter your password to sign", field="password")
            self._users.confirm_password(actor, password)
        with self._sessions.begin() as s:
            sample = sample_for_edit(s, sample_id, expected_version)
            apply_transition(s, actor, sample, transition, reason, lab_policy.read(s).workflow)
            return self._read(s, sample, actor)

    # --- reading --------------------------------------------------------------------------

    def test_choices(self) -> list[TestChoice]:
        """Every parameter with a method, for adding a test by hand."""
        with self._sessions() as s:
            rows = s.execute(
                select(Parameter.id, Parameter.name, Method.id, Standard.number, Standard.year, Method.technique,
                       Method.unit)
                .join(Method, Method.parameter_id == Parameter.id)
                .join(Standard, Standard.id == Method.standard_id)
                .order_by(Parameter.name, Method.id)
            ).all()
        grouped: dict[int, tuple[str, list[MethodChoice]]] = {}
        for pid, pname, mid, number, year, technique, unit in rows:
            label = f"{number}-{year}" + (f" {technique}" if technique else "")
            grouped.setdefault(pid, (pname, []))[1].append(MethodChoice(mid, label, unit))
        return [TestChoice(pid, name, tuple(methods)) for pid, (name, methods) in grouped.items()]

    def detail(self, sample_id: int, actor: Actor | None = None) -> SampleDetail:
        """The sample as it stands; with ``actor``, also the workflow steps that person may take."""
        with self._sessions() as s:
            return read_sample(s, sample_id, actor)

    @staticmethod
    def _read(s: Session, sample: Sample, actor: Actor) -> SampleDetail:
        flush_or_refuse(s, sample)
        return read_sample(s, sample.id, actor)
