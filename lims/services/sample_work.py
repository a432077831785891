"""The technician's working day: register a sample from its sampling form, receive it, assign
its tests, enter results judged against the limit in force, and move it through review and
approval with electronic signatures. Every change is audited in its own transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from lims.db.base import utcnow
from lims.db.models import (
    Area,
    Authorization,
    CodeCounter,
    LabPolicy,
    Limit,
    Method,
    Panel,
    PanelItem,
    Parameter,
    Producer,
    Product,
    Result,
    Sample,
    Signature,
    Standard,
    Task,
    Test,
    User,
)
from lims.domain import credit_code
from lims.domain.audit_chain import field_changes
from lims.domain.enums import (
    AuditAction,
    ProducerKind,
    RoleCode,
    SampleStatus,
    SignatureMeaning,
    TestStatus,
    Verdict,
)
from lims.domain.errors import ConcurrentEditError, NotFound, PermissionDenied, ValidationError
from lims.domain.judgment import LimitCandidate, MethodInfo, ResultInput, judge
from lims.domain.numbering import DEFAULT_SAMPLE_PATTERN, CodePattern
from lims.domain.rounding import plain
from lims.domain.workflow import (
    ActorInfo,
    SampleState,
    TestState,
    Transition,
    WorkflowPolicy,
    accepts_tests,
    available_transitions,
    check_transition,
)
from lims.services import audit
from lims.services.dto import Actor
from lims.services.users import UserService

CODE_PATTERN_KEY = "sample.code_pattern"
CODE_PREFIX_KEY = "sample.code_prefix"
TIMEZONE_KEY = "lab.timezone"
SELF_VERIFICATION_KEY = "workflow.allow_self_verification"
DEFAULT_PREFIX = "NJ"
DEFAULT_TIMEZONE = "Asia/Shanghai"

# transitions that are electronic signatures: the password is asked again and a Signature kept
_SIGNED = {Transition.VERIFY: SignatureMeaning.REVIEWED, Transition.APPROVE: SignatureMeaning.APPROVED}


# --- what goes in ------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewProducer:
    name: str
    kind: str = ProducerKind.ENTERPRISE.value
    credit_code: str = ""
    id_number: str = ""
    contact: str = ""
    phone: str = ""
    address: str = ""
    area_id: int | None = None


@dataclass(frozen=True)
class RegistrationForm:
    """The sampling form (抽样单) as typed; ``sampled_at`` is an aware local or UTC time."""

    product_id: int
    sampled_at: datetime
    task_id: int | None = None
    producer_id: int | None = None
    new_producer: NewProducer | None = None
    area_id: int | None = None
    batch_size: str = ""
    quantity: str = ""
    sampler1: str = ""
    sampler2: str = ""
    seal_intact: bool = True
    backup_kept: bool = True
    storage: str = ""
    compliance_cert: bool = False
    compliance_cert_no: str = ""
    notes: str = ""
    lab_took_sample: bool = True
    client: str = ""
    description: str = ""


# --- what comes out ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ResultView:
    id: int
    value_text: str  # as entered
    reported_text: str  # rounded to the method's digits, or "ND"
    unit: str
    detection: str | None
    verdict: str | None
    basis_text: str  # "GB 2763-2021 0.02 mg/kg", empty when there was no basis
    inherited_from: str  # the category whose limit applied, or ""
    entered_by: str
    entered_at: datetime
    superseded: bool
    reason: str


@dataclass(frozen=True)
class TestView:
    __test__ = False  # not a pytest test class

    id: int
    parameter_id: int
    parameter: str
    method_id: int
    method: str  # "GB 23200.113-2018"
    unit: str
    status: str
    version: int
    current: ResultView | None
    history: tuple[ResultView, ...]  # superseded results, newest first


@dataclass(frozen=True)
class SignatureView:
    username: str
    full_name: str
    meaning: str
    signed_at: datetime


@dataclass(frozen=True)
class ActionView:
    """A workflow step the person looking at the sample may take now."""

    transition: str  # a lims.domain.workflow.Transition value
    needs_reason: bool
    needs_password: bool  # an electronic signature: the password is asked again


@dataclass(frozen=True)
class SampleDetail:
    id: int
    code: str
    status: str
    version: int
    product_id: int
    product: str
    producer: str
    area: str
    task: str
    sampled_at: datetime
    sampled_on: date  # the local calendar date limits are judged by
    verdict: str | None
    lab_took_sample: bool
    received_at: datetime | None
    condition: str
    storage_place: str
    rejection_reason: str
    tests: tuple[TestView, ...]
    signatures: tuple[SignatureView, ...]
    actions: tuple[ActionView, ...] = ()  # for the person it was read for, in table order
    accepts_tests: bool = False  # tests may still be assigned, added or dropped


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


@dataclass(frozen=True)
class LabSettings:
    code_pattern: CodePattern
    timezone: ZoneInfo
    policy: WorkflowPolicy = field(default_factory=WorkflowPolicy)


class SampleWorkService:
    def __init__(self, sessions: sessionmaker[Session], users: UserService) -> None:
        self._sessions = sessions
        self._users = users

    # --- lab settings ---------------------------------------------------------------------

    def settings(self) -> LabSettings:
        with self._sessions() as s:
            return lab_settings(s)

    def set_code_pattern(self, actor: Actor, pattern: str, prefix: str) -> str:
        """Change how sample codes are made (an administrator's or manager's act, audited).
        Returns the code the next sample of this year would get."""
        if not (actor.has(RoleCode.ADMIN) or actor.has(RoleCode.MANAGER)):
            raise PermissionDenied("{user} may not change the sample code pattern", user=actor.username)
        checked = CodePattern(pattern.strip(), prefix.strip())  # raises on a bad pattern
        with self._sessions.begin() as s:
            before = lab_settings(s).code_pattern
            for key, value in ((CODE_PATTERN_KEY, checked.pattern), (CODE_PREFIX_KEY, checked.prefix)):
                row = s.get(LabPolicy, key)
                if row is None:
                    s.add(LabPolicy(key=key, value=value, version=1))
                else:
                    row.value = value
            audit.record(s, actor, "lab_policy", CODE_PATTERN_KEY, AuditAction.UPDATE, field_changes(
                {"pattern": before.pattern, "prefix": before.prefix},
                {"pattern": checked.pattern, "prefix": checked.prefix}))
            year = utcnow().astimezone(lab_settings(s).timezone).year
            last = s.scalar(select(CodeCounter.last_seq).where(CodeCounter.name == f"sample:{year}")) or 0
        return checked.format(year, last + 1)

    # --- registration ---------------------------------------------------------------------

    def register(self, actor: Actor, form: RegistrationForm) -> SampleDetail:
        """Check the sampling form field by field, then issue the next sample code."""
        with self._sessions.begin() as s:
            lab = lab_settings(s)
            return _detail(s, register_in(s, actor, lab, form), lab, actor)

    # --- receipt, tests -------------------------------------------------------------------

    def receive(self, actor: Actor, sample_id: int, expected_version: int, *, condition: str,
                storage_place: str) -> SampleDetail:
        if not condition.strip():
            raise ValidationError("Describe the sample's condition on receipt", field="condition")
        if not storage_place.strip():
            raise ValidationError("Say where the sample is stored", field="storage_place")
        return self._transition(actor, sample_id, expected_version, Transition.RECEIVE, "", None, {
            "received_at": utcnow(), "received_by_id": actor.user_id,
            "condition": condition.strip(), "storage_place": storage_place.strip(),
        })

    def assign_panel(self, actor: Actor, sample_id: int, expected_version: int) -> SampleDetail:
        """Create the tests of the product's panel (or its nearest ancestor category's)."""
        with self._sessions.begin() as s:
            lab = lab_settings(s)
            sample = sample_for_edit(s, sample_id, expected_version)
            _require_status(sample, {SampleStatus.SAMPLE_DUE, SampleStatus.RECEIVED, SampleStatus.TESTING},
                            "assign tests to")
            panel = _panel_for(s, sample.product_id)
            if panel is None:
                raise ValidationError("No panel is defined for this product or its categories", field="panel")
            have = set(s.scalars(select(Test.parameter_id).where(
                Test.sample_id == sample.id, Test.status != TestStatus.RETRACTED.value)))
            added = []
            for item in s.scalars(select(PanelItem).where(PanelItem.panel_id == panel.id).order_by(PanelItem.id)):
                if item.parameter_id in have:
                    continue
                test = Test(sample_id=sample.id, parameter_id=item.parameter_id, method_id=item.method_id,
                            status=TestStatus.ASSIGNED.value, subcontracted=False)
                s.add(test)
                added.append(item.parameter_id)
            s.flush()
            _bump(sample)
            audit.record(s, actor, "sample", sample.id, AuditAction.UPDATE,
                         {"tests_added": [None, sorted(added)]}, reason=f"panel {panel.name}")
            return _detail(s, sample, lab, actor)

    def add_test(self, actor: Actor, sample_id: int, expected_version: int, parameter_id: int,
                 method_id: int) -> SampleDetail:
        with self._sessions.begin() as s:
            lab = lab_settings(s)
            sample = sample_for_edit(s, sample_id, expected_version)
            _require_status(sample, {SampleStatus.SAMPLE_DUE, SampleStatus.RECEIVED, SampleStatus.TESTING},
                            "add a test to")
            method = s.get(Method, method_id)
            if method is None or method.parameter_id != parameter_id:
                raise ValidationError("Choose a method for that parameter", field="method")
            if s.scalar(select(Test.id).where(Test.sample_id == sample.id, Test.parameter_id == parameter_id,
                                              Test.status != TestStatus.RETRACTED.value)):
                raise ValidationError("The sample already has a test for this parameter", field="parameter")
            test = Test(sample_id=sample.id, parameter_id=parameter_id, method_id=method_id,
                        status=TestStatus.ASSIGNED.value, subcontracted=False)
            s.add(test)
            s.flush()
            _bump(sample)
            audit.record(s, actor, "test", test.id, AuditAction.CREATE,
                         {"sample_id": [None, sample.id], "parameter_id": [None, parameter_id],
                          "method_id": [None, method_id]})
            return _detail(s, sample, lab, actor)

    def drop_test(self, actor: Actor, test_id: int, expected_version: int, reason: str) -> SampleDetail:
        """Withdraw a test that has no result yet."""
        if not reason.strip():
            raise ValidationError("Give the reason for dropping the test", field="reason")
        with self._sessions.begin() as s:
            lab = lab_settings(s)
            test = _test_for_edit(s, test_id, expected_version)
            if s.scalar(select(exists().where(Result.test_id == test.id))):
                raise ValidationError("The test has results: it cannot be dropped, only retested", field="test")
            test.status = TestStatus.RETRACTED.value
            sample = s.get(Sample, test.sample_id)
            _bump(sample)
            audit.record(s, actor, "test", test.id, AuditAction.UPDATE,
                         {"status": [TestStatus.ASSIGNED.value, TestStatus.RETRACTED.value]}, reason.strip())
            return _flush_detail(s, sample, lab, actor)

    # --- results --------------------------------------------------------------------------

    def enter_result(self, actor: Actor, test_id: int, expected_version: int, value_text: str = "", *,
                     unit: str = "", not_detected: bool = False, reason: str = "") -> SampleDetail:
        """Store a typed value (or ND) judged against the limit in force on the sampling date.

        A value replacing another keeps the old one visible (superseded); once the sample has
        been verified, a replacement needs a reason."""
        with self._sessions.begin() as s:
            lab = lab_settings(s)
            test = _test_for_edit(s, test_id, expected_version)
            sample = s.get(Sample, test.sample_id)
            if test.status == TestStatus.RETRACTED.value:
                raise ValidationError("The test was dropped", field="test")
            status = SampleStatus(sample.status)
            if status == SampleStatus.RECEIVED:
                self._apply(s, actor, sample, Transition.START, "", lab.policy)
            elif status != SampleStatus.TESTING:
                raise ValidationError(
                    "Results are entered while the sample is being tested; it is {status}",
                    field="value", status=status.value,
                )
            previous = s.scalar(select(Result).where(Result.test_id == test.id, Result.superseded.is_(False)))
            was_verified = s.scalar(select(exists().where(
                Signature.entity == "sample", Signature.entity_id == str(sample.id),
                Signature.meaning == SignatureMeaning.REVIEWED.value)))
            if previous is not None and was_verified and not reason.strip():
                raise ValidationError("The sample was verified before: give the reason for the change",
                                      field="reason")
            if not not_detected:
                entry = ResultInput.from_entry(value_text, unit)
                value_text, not_detected = entry.value_text, entry.not_detected
            judgment, basis_text, inherited = _judge(s, lab, sample, test, value_text, unit, not_detected)
            if previous is not None:
                previous.superseded = True
            result = Result(
                test_id=test.id, value_text="ND" if not_detected else value_text.strip(),
                value=None if judgment.value is None else float(judgment.value), unit=judgment.unit,
                not_detected=judgment.value is None or judgment.detection.value == "not_detected",
                verdict=judgment.verdict.value, limit_id=judgment.basis.limit_id if judgment.basis else None,
                entered_by_id=actor.user_id, source="manual", detection=judgment.detection.value,
                reported_text=judgment.reported_value, basis_text=basis_text, reason=reason.strip(),
                superseded=False,
            )
            s.add(result)
            test.status = TestStatus.RESULT_ENTERED.value
            test.analyst_id = test.analyst_id or actor.user_id
            test.tested_on = test.tested_on or utcnow().astimezone(lab.timezone).date()
            s.flush()
            audit.record(s, actor, "result", result.id, AuditAction.CREATE if previous is None else AuditAction.UPDATE, {
                "test_id": [None, test.id],
                "value": [previous.value_text if previous else None, result.value_text],
                "unit": [previous.unit if previous else None, result.unit],
                "verdict": [previous.verdict if previous else None, result.verdict],
                "basis": [previous.basis_text if previous else None, basis_text],
            }, reason.strip())
            return _flush_detail(s, sample, lab, actor)

    # --- workflow -------------------------------------------------------------------------

    def transition(self, actor: Actor, sample_id: int, expected_version: int, transition: Transition, *,
                   reason: str = "", password: str | None = None) -> SampleDetail:
        """Move the sample on. Verify and approve are electronic signatures: they need the
        password again and leave a Signature (who, when, meaning)."""
        if transition == Transition.RECEIVE:
            raise ValidationError("Use receive() with the sample's condition and storage place")
        return self._transition(actor, sample_id, expected_version, transition, reason, password, {})

    def _transition(self, actor: Actor, sample_id: int, expected_version: int, transition: Transition,
                    reason: str, password: str | None, values: dict[str, object]) -> SampleDetail:
        if transition in _SIGNED:
            if not password:
                raise ValidationError("Enter your password to sign", field="password")
            self._users.confirm_password(actor, password)
        with self._sessions.begin() as s:
            lab = lab_settings(s)
            sample = sample_for_edit(s, sample_id, expected_version)
            for key, value in values.items():
                setattr(sample, key, value)
            self._apply(s, actor, sample, transition, reason, lab.policy)
            return _flush_detail(s, sample, lab, actor)

    def _apply(self, s: Session, actor: Actor, sample: Sample, transition: Transition, reason: str,
               policy: WorkflowPolicy) -> None:
        before = sample.status
        tests = list(s.scalars(select(Test).where(Test.sample_id == sample.id)))
        state = _state(s, sample, tests)
        target = check_transition(transition, state, _actor_info(s, actor), policy, reason.strip())
        sample.status = target.value
        active = [t for t in tests if t.status != TestStatus.RETRACTED.value]
        if transition == Transition.VERIFY:
            for t in active:
                t.status = TestStatus.VERIFIED.value
        elif transition == Transition.RETRACT:
            for t in active:
                if t.status == TestStatus.VERIFIED.value:
                    t.status = TestStatus.RESULT_ENTERED.value
        elif transition == Transition.RETEST:
            for t in active:
                t.status = TestStatus.ASSIGNED.value
            s.execute(update(Result).where(Result.test_id.in_([t.id for t in active])).values(superseded=True))
        elif transition == Transition.APPROVE:
            sample.verdict = _overall_verdict(s, active).value
        elif transition == Transition.REJECT:
            sample.rejection_reason = reason.strip()
        if transition in _SIGNED:
            s.add(Signature(user_id=actor.user_id, meaning=_SIGNED[transition].value, entity="sample",
                            entity_id=str(sample.id)))
        changes: dict[str, list[object]] = {"status": [before, sample.status]}
        if transition == Transition.APPROVE:
            changes["verdict"] = [None, sample.verdict]
        audit.record(s, actor, "sample", sample.id, AuditAction.TRANSITION, changes, reason.strip())

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
            sample = s.get(Sample, sample_id)
            if sample is None:
                raise NotFound("Sample {id} does not exist", id=sample_id)
            return _detail(s, sample, lab_settings(s), actor)


# --- helpers ----------------------------------------------------------------------------------

def register_in(s: Session, actor: Actor, lab: LabSettings, form: RegistrationForm) -> Sample:
    """Register one sample inside the caller's transaction (the form, then an import's rows)."""
    _check_form(form)
    product = s.get(Product, form.product_id)
    if product is None:
        raise ValidationError("Choose the product that was sampled", field="product")
    if product.is_category:
        raise ValidationError("{name} is a category: choose the product itself", field="product", name=product.name)
    if form.task_id is not None and s.get(Task, form.task_id) is None:
        raise ValidationError("The sampling task no longer exists", field="task")
    if form.area_id is not None and s.get(Area, form.area_id) is None:
        raise ValidationError("The area no longer exists", field="area")
    producer_id = form.producer_id
    if form.new_producer is not None:
        producer_id = _create_producer(s, actor, form.new_producer)
    elif producer_id is not None and s.get(Producer, producer_id) is None:
        raise ValidationError("The producer no longer exists", field="producer")
    code = _issue_code(s, lab, form.sampled_at.astimezone(lab.timezone).year)
    sample = Sample(
        code=code, status=SampleStatus.SAMPLE_DUE.value, task_id=form.task_id,
        producer_id=producer_id, area_id=form.area_id, product_id=form.product_id,
        sampled_at=form.sampled_at.astimezone(timezone.utc),
        batch_size=form.batch_size.strip(), quantity=form.quantity.strip(),
        sampler1=form.sampler1.strip(), sampler2=form.sampler2.strip(),
        seal_intact=form.seal_intact, backup_kept=form.backup_kept, storage=form.storage.strip(),
        compliance_cert=form.compliance_cert, compliance_cert_no=form.compliance_cert_no.strip(),
        notes=form.notes.strip(), lab_took_sample=form.lab_took_sample, client=form.client.strip(),
        description=form.description.strip(), condition="", storage_place="", rejection_reason="",
    )
    s.add(sample)
    s.flush()
    audit.record(s, actor, "sample", sample.id, AuditAction.CREATE, field_changes({}, {
        "code": code, "product_id": form.product_id, "producer_id": producer_id,
        "task_id": form.task_id, "area_id": form.area_id,
        "sampled_at": sample.sampled_at.isoformat(), "sampler1": sample.sampler1,
        "sampler2": sample.sampler2, "seal_intact": sample.seal_intact,
        "backup_kept": sample.backup_kept, "lab_took_sample": sample.lab_took_sample,
    }))
    return sample


def lab_settings(s: Session) -> LabSettings:
    values = dict(s.execute(select(LabPolicy.key, LabPolicy.value).where(
        LabPolicy.key.in_([CODE_PATTERN_KEY, CODE_PREFIX_KEY, TIMEZONE_KEY, SELF_VERIFICATION_KEY]))).all())
    try:
        zone = ZoneInfo(values.get(TIMEZONE_KEY) or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(DEFAULT_TIMEZONE)
    pattern = CodePattern(values.get(CODE_PATTERN_KEY) or DEFAULT_SAMPLE_PATTERN,
                          values.get(CODE_PREFIX_KEY, DEFAULT_PREFIX))
    policy = WorkflowPolicy(allow_self_verification=values.get(SELF_VERIFICATION_KEY) == "true")
    return LabSettings(pattern, zone, policy)


def _check_form(form: RegistrationForm) -> None:
    if form.sampled_at.tzinfo is None:
        raise ValidationError("The sampling time needs its time zone", field="sampled_at")
    if form.sampled_at > datetime.now(timezone.utc):
        raise ValidationError("The sampling time lies in the future", field="sampled_at")
    if form.lab_took_sample:
        if not form.sampler1.strip() or not form.sampler2.strip():
            raise ValidationError("A sampling form is signed by two samplers", field="sampler2")
        if form.sampler1.strip() == form.sampler2.strip():
            raise ValidationError("The two samplers must be different people", field="sampler2")
    elif not form.client.strip():
        raise ValidationError("Name the client who brought the sample", field="client")
    if form.compliance_cert and not form.compliance_cert_no.strip():
        raise ValidationError("Enter the compliance certificate's number", field="compliance_cert_no")
    if form.producer_id is None and form.new_producer is None:
        raise ValidationError("Choose the producer or enter a new one", field="producer")


def _create_producer(s: Session, actor: Actor, new: NewProducer) -> int:
    name = new.name.strip()
    if not name:
        raise ValidationError("Enter the producer's name", field="producer")
    try:
        kind = ProducerKind(new.kind).value
    except ValueError:
        raise ValidationError("Unknown kind of producer: {kind}", field="producer_kind", kind=new.kind) from None
    code = credit_code.validate(new.credit_code) if new.credit_code.strip() else None
    if code and s.scalar(select(Producer.id).where(Producer.credit_code == code)):
        raise ValidationError("A producer with the credit code {code} exists already: choose it",
                              field="credit_code", code=code)
    producer = Producer(name=name, kind=kind, credit_code=code, id_number=new.id_number.strip() or None,
                        contact=new.contact.strip(), phone=new.phone.strip(), address=new.address.strip(),
                        area_id=new.area_id)
    s.add(producer)
    s.flush()
    audit.record(s, actor, "producer", producer.id, AuditAction.CREATE,
                 field_changes({}, {"name": name, "credit_code": code, "kind": kind}))
    return producer.id


def _issue_code(s: Session, lab: LabSettings, year: int) -> str:
    """The next unused code. The counter row is locked first (an UPDATE), so two workstations
    never issue the same number; codes already present (imported, demo) are skipped."""
    name = f"sample:{year}" if lab.code_pattern.counter_key == "year" else "sample"
    locked = s.execute(update(CodeCounter).where(CodeCounter.name == name)
                       .values(version=CodeCounter.version + 1)).rowcount
    last = s.scalar(select(CodeCounter.last_seq).where(CodeCounter.name == name)) if locked else 0
    while True:
        code, last = lab.code_pattern.next_code(year, last)
        if not s.scalar(select(exists().where(Sample.code == code))):
            break
    if locked:
        s.execute(update(CodeCounter).where(CodeCounter.name == name).values(last_seq=last))
    else:
        s.add(CodeCounter(name=name, last_seq=last, version=1))
    return code


def sample_for_edit(s: Session, sample_id: int, expected_version: int) -> Sample:
    """The sample as the person saw it at ``expected_version``, or a clear refusal."""
    sample = s.get(Sample, sample_id)
    if sample is None:
        raise NotFound("Sample {id} does not exist", id=sample_id)
    if sample.version != expected_version:
        raise ConcurrentEditError(
            "The sample {code} was changed on another workstation since you opened it; reload and try again",
            code=sample.code,
        )
    return sample


def _test_for_edit(s: Session, test_id: int, expected_version: int) -> Test:
    test = s.get(Test, test_id)
    if test is None:
        raise NotFound("Test {id} does not exist", id=test_id)
    if test.version != expected_version:
        raise ConcurrentEditError(
            "The test was changed on another workstation since you opened it; reload and try again"
        )
    return test


def _bump(sample: Sample) -> None:
    """Tests changed: make the sample's own row move too, so a stale sample view is refused."""
    flag_modified(sample, "status")


def _flush_detail(s: Session, sample: Sample, lab: LabSettings, actor: Actor | None) -> SampleDetail:
    try:
        s.flush()
    except StaleDataError as exc:
        raise ConcurrentEditError(
            "The sample {code} was changed on another workstation at the same moment; reload and try again",
            code=sample.code,
        ) from exc
    return _detail(s, sample, lab, actor)


def _require_status(sample: Sample, allowed: set[SampleStatus], what: str) -> None:
    if SampleStatus(sample.status) not in allowed:
        raise ValidationError("Cannot {what} a sample that is {status}", what=what, status=sample.status)


def _panel_for(s: Session, product_id: int) -> Panel | None:
    for node in _product_path(s, product_id):
        panel = s.scalar(select(Panel).where(Panel.product_id == node).order_by(Panel.id).limit(1))
        if panel is not None:
            return panel
    return None


def _product_path(s: Session, product_id: int) -> tuple[int, ...]:
    path: list[int] = []
    node: int | None = product_id
    while node is not None and node not in path:
        path.append(node)
        node = s.scalar(select(Product.parent_id).where(Product.id == node))
    return tuple(path)


def _judge(s: Session, lab: LabSettings, sample: Sample, test: Test, value_text: str, unit: str,
           not_detected: bool):
    method = s.get(Method, test.method_id)
    info = MethodInfo(unit=method.unit, reporting_digits=method.reporting_digits, lod=method.lod, loq=method.loq,
                      method_id=method.id)
    rows = s.execute(
        select(Limit, Standard, Product.name)
        .join(Standard, Standard.id == Limit.standard_id)
        .join(Product, Product.id == Limit.product_id)
        .where(Limit.parameter_id == test.parameter_id)
    ).all()
    candidates = [
        LimitCandidate(
            product_id=lim.product_id, value=lim.value, unit=lim.unit, kind=lim.kind,
            standard_number=std.number, standard_year=std.year, in_force_from=std.in_force_from,
            in_force_to=std.in_force_to, parameter_id=lim.parameter_id, limit_id=lim.id,
            product_name=name, source=lim.source, is_demo=lim.is_demo,
        )
        for lim, std, name in rows
    ]
    if not not_detected and not value_text.strip():
        raise ValidationError("Enter a value, or mark the result not detected", field="value")
    judgment = judge(ResultInput(value_text=value_text, unit=unit, not_detected=not_detected), info, candidates,
                     _product_path(s, sample.product_id), _local_date(sample.sampled_at, lab.timezone))
    basis = judgment.basis
    if basis is None:
        return judgment, "", ""
    limit_text = "不得检出" if basis.value is None else f"{plain(basis.value)}{'*' if basis.temporary else ''} {basis.unit}"
    return judgment, f"{basis.standard_ref} {limit_text}", basis.product_name if basis.inherited else ""


def _local_date(moment: datetime, zone: ZoneInfo) -> date:
    if moment.tzinfo is None:  # SQLite returns UTC without its zone
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone).date()


def _state(s: Session, sample: Sample, tests: list[Test]) -> SampleState:
    entered_by = dict(s.execute(select(Result.test_id, Result.entered_by_id).where(
        Result.test_id.in_([t.id for t in tests]), Result.superseded.is_(False))).all())
    return SampleState(
        sample_id=sample.id,
        status=SampleStatus(sample.status),
        tests=tuple(TestState(t.id, t.parameter_id, TestStatus(t.status), entered_by.get(t.id), t.analyst_id)
                    for t in tests),
    )


def _actor_info(s: Session, actor: Actor) -> ActorInfo:
    today = date.today()
    may_sign = frozenset(s.scalars(select(Authorization.parameter_id).where(
        Authorization.user_id == actor.user_id, Authorization.may_sign.is_(True),
        Authorization.valid_from <= today,
        or_(Authorization.valid_to.is_(None), Authorization.valid_to >= today))))
    return ActorInfo(user_id=actor.user_id or 0, roles=actor.roles, may_sign=may_sign)


def _overall_verdict(s: Session, tests: list[Test]) -> Verdict:
    verdicts = set(s.scalars(select(Result.verdict).where(
        Result.test_id.in_([t.id for t in tests]), Result.superseded.is_(False))))
    if Verdict.FAIL.value in verdicts:
        return Verdict.FAIL
    if Verdict.NO_BASIS.value in verdicts or not verdicts:
        return Verdict.NO_BASIS
    return Verdict.PASS


def _result_view(r: Result, users: dict[int, str], basis_owner: str) -> ResultView:
    entered_at = r.entered_at if r.entered_at.tzinfo else r.entered_at.replace(tzinfo=timezone.utc)
    return ResultView(r.id, r.value_text, r.reported_text, r.unit, r.detection, r.verdict, r.basis_text,
                      basis_owner, users.get(r.entered_by_id or 0, ""), entered_at, r.superseded, r.reason)


def _actions(s: Session, sample: Sample, lab: LabSettings, actor: Actor | None) -> tuple[ActionView, ...]:
    if actor is None:
        return ()
    tests = list(s.scalars(select(Test).where(Test.sample_id == sample.id)))
    found = available_transitions(_state(s, sample, tests), _actor_info(s, actor), lab.policy)
    return tuple(ActionView(a.transition.value, a.needs_reason, a.transition in _SIGNED) for a in found)


def _detail(s: Session, sample: Sample, lab: LabSettings, actor: Actor | None = None) -> SampleDetail:
    s.flush()
    names = {
        "product": s.scalar(select(Product.name).where(Product.id == sample.product_id)) or "",
        "producer": s.scalar(select(Producer.name).where(Producer.id == sample.producer_id)) or "",
        "area": s.scalar(select(Area.name).where(Area.id == sample.area_id)) or "",
        "task": s.scalar(select(Task.title).where(Task.id == sample.task_id)) or "",
    }
    users = dict(s.execute(select(User.id, User.full_name)).all())
    tests = []
    rows = s.execute(
        select(Test, Parameter.name, Method, Standard)
        .join(Parameter, Parameter.id == Test.parameter_id)
        .join(Method, Method.id == Test.method_id)
        .join(Standard, Standard.id == Method.standard_id)
        .where(Test.sample_id == sample.id, Test.status != TestStatus.RETRACTED.value)
        .order_by(Test.id)
    ).all()
    own_product = sample.product_id
    for test, parameter, method, standard in rows:
        results = list(s.scalars(select(Result).where(Result.test_id == test.id).order_by(Result.id.desc())))
        owners = dict(s.execute(select(Limit.id, Product.name).join(Product, Product.id == Limit.product_id)
                                .where(Limit.id.in_([r.limit_id for r in results if r.limit_id]),
                                       Limit.product_id != own_product)).all())
        views = [_result_view(r, users, owners.get(r.limit_id or 0, "")) for r in results]
        current = next((v for v in views if not v.superseded), None)
        tests.append(TestView(
            id=test.id, parameter_id=test.parameter_id, parameter=parameter, method_id=method.id,
            method=f"{standard.number}-{standard.year}", unit=method.unit, status=test.status,
            version=test.version, current=current, history=tuple(v for v in views if v.superseded),
        ))
    signatures = tuple(
        SignatureView(u.username, u.full_name, sig.meaning,
                      sig.signed_at if sig.signed_at.tzinfo else sig.signed_at.replace(tzinfo=timezone.utc))
        for sig, u in s.execute(select(Signature, User).join(User, User.id == Signature.user_id)
                                .where(Signature.entity == "sample", Signature.entity_id == str(sample.id))
                                .order_by(Signature.id))
    )
    sampled_at = sample.sampled_at if sample.sampled_at.tzinfo else sample.sampled_at.replace(tzinfo=timezone.utc)
    received_at = sample.received_at
    if received_at is not None and received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=timezone.utc)
    return SampleDetail(
        id=sample.id, code=sample.code, status=sample.status, version=sample.version,
        product_id=sample.product_id, product=names["product"], producer=names["producer"], area=names["area"],
        task=names["task"], sampled_at=sampled_at, sampled_on=_local_date(sampled_at, lab.timezone),
        verdict=sample.verdict, lab_took_sample=sample.lab_took_sample, received_at=received_at,
        condition=sample.condition, storage_place=sample.storage_place, rejection_reason=sample.rejection_reason,
        tests=tuple(tests), signatures=signatures, actions=_actions(s, sample, lab, actor),
        accepts_tests=accepts_tests(sample.status),
    )
