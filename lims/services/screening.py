"""Rapid screens on a sample: judged by the kit lot's cut-offs, stored with their readings, and
a positive or suspect one opens its confirmation test by a laboratory method.

A screen is never a result: no Result row is written and the sample's verdict is not touched.
The confirmation test is created by the same use case as a test added by hand
(``results.add_test``), in the caller's transaction, so the screen and its confirmation exist
together or not at all. ``record`` is that use case, a function of ``(s, actor, ...)``:
``ScreeningService.record`` frames it for a person at the screen dialog, and instrument capture
(``lims.services.capture``) calls it in its own savepoint for a rapid reader's reading."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.base import utcnow
from lims.db.models import (
    Instrument,
    KitLot,
    Method,
    Parameter,
    RapidScreen,
    Sample,
    Standard,
    Test,
    User,
)
from lims.domain.accounts import Duty
from lims.domain.enums import (
    AuditAction,
    MethodKind,
    ScreenOutcome,
    TestStatus,
)
from lims.domain.errors import NotFound, ValidationError
from lims.domain.rounding import as_decimal, plain, round_half_even
from lims.domain.screening import (
    INHIBITION_DIGITS,
    RAPID_KINDS,
    Cutoffs,
    GoldReadings,
    InhibitionCutoffs,
    InhibitionReadings,
    Readings,
    ReportedInhibition,
    ScreenJudgment,
    check_confirmation_method,
    judge_screen,
    kit_expired,
    parse_cutoffs,
    retest_deadline,
)
from lims.domain.workflow import accepts_tests
from lims.services import audit, authority, results
from lims.services import policy as lab_policy
from lims.services.dto import Actor
from lims.services.editing import flush_or_refuse, sample_for_edit, touch
from lims.services.fields import clean
from lims.services.users import UserService


@dataclass(frozen=True)
class KitLotChoice:
    """A kit lot as the screen form offers it; ``cutoffs`` is None when its JSON is unusable,
    and ``cutoffs_problem`` then says why."""

    id: int
    name: str
    maker: str
    lot_no: str
    method_kind: str
    parameter_id: int | None
    parameter: str
    expires_on: date | None
    cutoffs: Cutoffs | None
    cutoffs_problem: ValidationError | None


@dataclass(frozen=True)
class LabMethodChoice:
    id: int
    parameter_id: int
    parameter: str
    label: str  # "GB/T 22286-2008 LC-MS/MS"


@dataclass(frozen=True)
class ParameterChoice:
    id: int
    name: str


@dataclass(frozen=True)
class ScreenOptions:
    kit_lots: tuple[KitLotChoice, ...]
    lab_methods: tuple[LabMethodChoice, ...]
    parameters: tuple[ParameterChoice, ...]  # for a kit lot that names no parameter
    today: date  # the lab's calendar day, to mark expired lots


@dataclass(frozen=True)
class ScreenView:
    id: int
    version: int
    sample_id: int
    sample_code: str
    sample_version: int  # the sample's version after the screen: continue editing with it
    parameter_id: int
    parameter: str
    method_kind: str
    kit_lot_id: int | None
    kit_lot: str  # "克伦特罗胶体金检测卡 CLB20260815"; empty for an enzyme screen read without a lot
    outcome: str  # ScreenOutcome
    inhibition_pct: Decimal | None  # as reported, two decimals
    t_value: Decimal | None
    c_value: Decimal | None
    tested_at: datetime  # aware, UTC
    tested_by: str
    retest_deadline: datetime  # the sampled party may ask for a re-test (not rapid) until then
    confirmation_test_id: int | None
    confirmation: str  # "克伦特罗 GB/T 22286-2008", empty when none was needed
    notes: str
    instrument: str = ""  # the reader's name when the screen was captured from it

    @property
    def t_over_c(self) -> Decimal | None:
        if self.t_value is None or not self.c_value:
            return None
        return self.t_value / self.c_value


class ScreeningService:
    def __init__(self, sessions: sessionmaker[Session], users: UserService) -> None:
        self._sessions = sessions
        self._users = users

    def options(self) -> ScreenOptions:
        """Rapid-test kit lots with their cut-offs read, laboratory methods for confirmations, parameters."""
        with self._sessions() as s:
            lab = lab_policy.read(s)
            names = dict(s.execute(select(Parameter.id, Parameter.name)).all())
            lots = []
            for kit in s.scalars(select(KitLot).where(KitLot.method_kind.in_([k.value for k in RAPID_KINDS]))
                                 .order_by(KitLot.name, KitLot.lot_no)):
                cutoffs, problem = None, None
                try:
                    cutoffs = parse_cutoffs(kit.cutoffs_json, kit.method_kind, kit.lot_no)
                except ValidationError as exc:
                    problem = exc
                lots.append(KitLotChoice(kit.id, kit.name, kit.maker, kit.lot_no, kit.method_kind, kit.parameter_id,
                                         names.get(kit.parameter_id or 0, ""), kit.expires_on, cutoffs, problem))
            methods = tuple(
                LabMethodChoice(mid, pid, names.get(pid, ""), f"{number}-{year} {technique}".strip())
                for mid, pid, number, year, technique in s.execute(
                    select(Method.id, Method.parameter_id, Standard.number, Standard.year, Method.technique)
                    .join(Standard, Standard.id == Method.standard_id)
                    .where(Method.kind == MethodKind.LABORATORY.value)
                    .order_by(Method.parameter_id, Method.id))
            )
        parameters = tuple(ParameterChoice(pid, name) for pid, name in sorted(names.items(), key=lambda kv: kv[1]))
        return ScreenOptions(tuple(lots), methods, parameters, lab.today())

    def record(self, actor: Actor, sample_id: int, expected_version: int, parameter_id: int, kit_lot_id: int,
               readings: Readings, *, tested_at: datetime | None = None, instrument_id: int | None = None,
               confirmation_method_id: int | None = None, notes: str = "") -> ScreenView:
        """Judge the readings by the kit lot's cut-offs and store the screen (``record``)."""
        with self._sessions.begin() as s:
            screen = record(s, actor, sample_id, parameter_id, kit_lot_id, readings,
                            expected_version=expected_version, tested_at=tested_at, instrument_id=instrument_id,
                            confirmation_method_id=confirmation_method_id, notes=notes)
            sample = s.get(Sample, screen.sample_id)
            assert sample is not None  # the screen was just stored on it
            return _views(s, [screen], sample)[0]

    def list_for_sample(self, sample_id: int) -> list[ScreenView]:
        with self._sessions() as s:
            sample = s.get(Sample, sample_id)
            if sample is None:
                raise NotFound("Sample {id} does not exist", id=sample_id)
            screens = list(s.scalars(select(RapidScreen).where(RapidScreen.sample_id == sample_id)
                                     .order_by(RapidScreen.tested_at, RapidScreen.id)))
            return _views(s, screens, sample)


# --- the use case -----------------------------------------------------------------------------

def record(s: Session, actor: Actor, sample_id: int, parameter_id: int, kit_lot_id: int | None, readings: Readings,
           *, expected_version: int | None = None, tested_at: datetime | None = None,
           instrument_id: int | None = None, confirmation_method_id: int | None = None,
           notes: str = "") -> RapidScreen:
    """Judge the readings by the kit lot's cut-offs and store the screen, in the caller's
    transaction (the screening page's service, instrument capture in its savepoint).

    Positive or suspect: the sample's active laboratory test of the parameter becomes the
    confirmation, or one is added (``confirmation_method_id``, else the parameter's first
    laboratory method; with none defined the screen is refused, naming the parameter). An
    expired kit lot is refused. ``expected_version`` is the sample's version the person saw
    (None: a reading from an instrument, which saw no version). Without a kit lot
    (``kit_lot_id`` None) only an enzyme-inhibition screen is judged, by GB/T 5009.199's
    cut-offs."""
    authority.require(s, actor, Duty.ENTER_RESULTS)
    moment = utcnow() if tested_at is None else tested_at
    if moment.tzinfo is None:
        raise ValidationError("The time of the screen needs its time zone", field="tested_at")
    if moment > utcnow():
        raise ValidationError("The time of the screen lies in the future", field="tested_at")
    notes = clean(notes, RapidScreen.notes, field="notes", multiline=True)
    lab = lab_policy.read(s)
    sample = sample_for_edit(s, sample_id, expected_version)
    if not accepts_tests(sample.status):
        raise ValidationError(
            "A rapid screen is recorded while the sample awaits receipt, is received or is being "
            "tested; it is {status}", field="sample", status=sample.status)
    if moment < sample.sampled_at:
        raise ValidationError("The screen cannot come before the sample was taken", field="tested_at")
    parameter = s.get(Parameter, parameter_id)
    if parameter is None:
        raise ValidationError("Choose the parameter that was screened", field="parameter")
    kit = s.get(KitLot, kit_lot_id) if kit_lot_id is not None else None
    if kit_lot_id is not None and kit is None:
        raise ValidationError("Choose the kit lot the screen used", field="kit_lot")
    if kit is not None:
        cutoffs = parse_cutoffs(kit.cutoffs_json, kit.method_kind, kit.lot_no)
        method_kind = kit.method_kind
        if kit.parameter_id is not None and kit.parameter_id != parameter.id:
            raise ValidationError("Kit lot {lot} screens for {kit_parameter}, not {parameter}", field="kit_lot",
                                  lot=kit.lot_no, kit_parameter=_parameter_name(s, kit.parameter_id),
                                  parameter=parameter.name)
        day = lab.day(moment)
        if kit_expired(kit.expires_on, day):
            raise ValidationError("Kit lot {lot} expired on {expires}; it cannot be used for a screen on {day}",
                                  field="kit_lot", lot=kit.lot_no, expires=str(kit.expires_on),
                                  day=day.isoformat())
    elif isinstance(readings, InhibitionReadings | ReportedInhibition):
        cutoffs, method_kind = InhibitionCutoffs(), MethodKind.ENZYME_INHIBITION
    else:
        raise ValidationError("Choose the kit lot the screen used", field="kit_lot")
    if instrument_id is not None and s.get(Instrument, instrument_id) is None:
        raise ValidationError("The instrument no longer exists", field="instrument")
    judgment = judge_screen(readings, cutoffs)

    confirmation_test_id = None
    if judgment.needs_confirmation:
        confirmation_test_id = _open_confirmation(s, actor, sample, parameter, confirmation_method_id)

    screen = RapidScreen(
        sample_id=sample.id, parameter_id=parameter.id, method_kind=method_kind,
        kit_lot_id=kit.id if kit is not None else None, instrument_id=instrument_id,
        outcome=judgment.outcome.value, inhibition_pct=_stored_inhibition(judgment),
        t_value=_stored(readings, "t_value"), c_value=_stored(readings, "c_value"),
        tested_at=moment.astimezone(UTC), tested_by_id=actor.user_id, confirmation_test_id=confirmation_test_id,
        notes=notes.strip(),
    )
    s.add(screen)
    touch(sample)  # a screen changes what the sample shows: stale views are refused
    s.flush()
    audit.record(s, actor, "rapid_screen", screen.id, AuditAction.CREATE, {
        "sample_id": [None, sample.id], "parameter_id": [None, parameter.id],
        "kit_lot": [None, kit.lot_no if kit is not None else None], "method_kind": [None, method_kind],
        "readings": [None, _readings_record(readings)], "outcome": [None, judgment.outcome.value],
        "inhibition_pct": [None, judgment.reported_inhibition or None],
        "tested_at": [None, screen.tested_at.isoformat()],
        "confirmation_test_id": [None, confirmation_test_id],
        **({"instrument_id": [None, instrument_id]} if instrument_id is not None else {}),
    })
    flush_or_refuse(s, sample)
    return screen


def _open_confirmation(s: Session, actor: Actor, sample: Sample, parameter: Parameter,
                       chosen_method_id: int | None) -> int:
    """The id of the laboratory test that confirms the screen: the sample's own active test
    of the parameter when it has one, else a test added by results.add_test."""
    lab_methods = list(s.scalars(select(Method).where(
        Method.parameter_id == parameter.id, Method.kind == MethodKind.LABORATORY.value).order_by(Method.id)))
    if chosen_method_id is not None:
        method = s.get(Method, chosen_method_id)
        if method is None:
            raise ValidationError("Choose the laboratory method that confirms the screen",
                                  field="confirmation_method")
        check_confirmation_method(method.kind)
        if lab_methods and method.parameter_id != parameter.id:
            raise ValidationError("The confirmation must test {parameter}, the parameter screened",
                                  field="confirmation_method", parameter=parameter.name)
    elif lab_methods:
        method = lab_methods[0]
    else:
        raise ValidationError(
            "No laboratory method is defined for {parameter}: choose the method that confirms the screen",
            field="confirmation_method", parameter=parameter.name)
    existing = s.execute(
        select(Test.id, Method.kind).join(Method, Method.id == Test.method_id)
        .where(Test.sample_id == sample.id, Test.parameter_id == method.parameter_id,
               Test.status != TestStatus.RETRACTED.value)
    ).first()
    if existing is not None:
        if existing.kind != MethodKind.LABORATORY.value:
            raise ValidationError(
                "The sample's test of {parameter} uses a rapid method; drop it before the confirmation "
                "by a laboratory method", field="confirmation_method",
                parameter=_parameter_name(s, method.parameter_id))
        return existing.id
    return results.add_test(s, actor, sample, method.parameter_id, method.id).id



# --- helpers ----------------------------------------------------------------------------------

def _parameter_name(s: Session, parameter_id: int) -> str:
    return s.scalar(select(Parameter.name).where(Parameter.id == parameter_id)) or str(parameter_id)


def _stored_inhibition(judgment: ScreenJudgment) -> Decimal | None:
    # stored as reported (rounded once, half to even, from the exact value): never rounded twice
    if judgment.inhibition_pct is None:
        return None
    return round_half_even(judgment.inhibition_pct, INHIBITION_DIGITS)


def _stored(readings: Readings, name: str) -> Decimal | None:
    value = getattr(readings, name, None)
    return None if value is None else as_decimal(value, name)


def _readings_record(readings: Readings) -> dict[str, str]:
    """The readings as written, for the audit trail (the screen row keeps the judged values)."""
    if isinstance(readings, GoldReadings):
        return {"t_value": plain(readings.t_value), "c_value": plain(readings.c_value)}
    if isinstance(readings, ReportedInhibition):
        reported = {"inhibition_pct": plain(readings.inhibition_pct)}
        return reported if readings.absorbances is None else {**reported, **_readings_record(readings.absorbances)}
    return {"control_delta_a": plain(readings.control_delta_a), "sample_delta_a": plain(readings.sample_delta_a)}


def _number(value: Decimal | None) -> Decimal | None:
    return None if value is None else as_decimal(value, "value")


def _views(s: Session, screens: list[RapidScreen], sample: Sample) -> list[ScreenView]:
    if not screens:
        return []
    parameters = dict(s.execute(select(Parameter.id, Parameter.name).where(
        Parameter.id.in_({sc.parameter_id for sc in screens}))).all())
    kits = {k.id: k for k in s.scalars(select(KitLot).where(
        KitLot.id.in_({sc.kit_lot_id for sc in screens if sc.kit_lot_id})))}
    instruments = dict(s.execute(select(Instrument.id, Instrument.name).where(
        Instrument.id.in_({sc.instrument_id for sc in screens if sc.instrument_id}))).all())
    users = dict(s.execute(select(User.id, User.full_name).where(
        User.id.in_({sc.tested_by_id for sc in screens if sc.tested_by_id}))).all())
    confirmations = {
        tid: f"{pname} {number}-{year}"
        for tid, pname, number, year in s.execute(
            select(Test.id, Parameter.name, Standard.number, Standard.year)
            .join(Parameter, Parameter.id == Test.parameter_id)
            .join(Method, Method.id == Test.method_id)
            .join(Standard, Standard.id == Method.standard_id)
            .where(Test.id.in_({sc.confirmation_test_id for sc in screens if sc.confirmation_test_id})))
    }
    views = []
    for sc in screens:
        kit = kits.get(sc.kit_lot_id or 0)
        tested_at = sc.tested_at
        views.append(ScreenView(
            id=sc.id, version=sc.version, sample_id=sample.id, sample_code=sample.code,
            sample_version=sample.version, parameter_id=sc.parameter_id, parameter=parameters.get(sc.parameter_id, ""),
            method_kind=sc.method_kind, kit_lot_id=sc.kit_lot_id,
            kit_lot=f"{kit.name} {kit.lot_no}" if kit else "", outcome=ScreenOutcome(sc.outcome).value,
            inhibition_pct=None if sc.inhibition_pct is None else round_half_even(
                as_decimal(sc.inhibition_pct, "inhibition_pct"), INHIBITION_DIGITS),
            t_value=_number(sc.t_value), c_value=_number(sc.c_value),
            tested_at=tested_at, tested_by=users.get(sc.tested_by_id or 0, ""),
            retest_deadline=retest_deadline(tested_at), confirmation_test_id=sc.confirmation_test_id,
            confirmation=confirmations.get(sc.confirmation_test_id or 0, ""), notes=sc.notes,
            instrument=instruments.get(sc.instrument_id or 0, ""),
        ))
    return views
