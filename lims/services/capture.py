"""Instrument capture: instruments with their port settings, code maps and calibrations, and
each reading received stored once, matched to a sample's test and entered as a result by the
same ``results.enter_result`` as a typed one.

A reading lands in one of the states of ``lims.domain.capture.ReadingState``:

- **stored**: the instrument's code is in its code map, the sample code (case and spaces
  normalised) names a sample with a test of that parameter, and ``enter_result`` took the
  value; the result names the instrument and the reading's journal position. A rapid reader's
  reading (an adapter that judges by a kit lot, or a reading taken with a rapid-test kit lot) is
  no result: it is stored as the sample's RapidScreen by ``screening.record``, judged by the kit
  lot's cut-offs (a positive or suspect one opens its confirmation test), and the reading names
  the screen.
- **unmatched**: one of those failed (the reason is kept); a person assigns the right sample
  code (``assign``) or discards it with a reason.
- **held**: the instrument had no calibration valid on the lab's day the reading arrived, or
  the rapid-test kit lot it was read with had expired, or it was read with no kit lot by a reader
  that judges by one (``instruments.registry.bench_needs``); a manager releases it with a reason
  (then it is entered as a result, or stored as a screen) or discards it.

A reading keeps the kit lot in use when it was read (``store(..., kit_lot_id=...)``): its row,
its audit event and the result's provenance name the lot. The technician chooses the lot for a
capture from ``kit_lots`` (the lab's unexpired lots of the instrument's kind).

The same frame received twice (``lims.domain.capture.frame_key``) is one row. Each use case is a
function of ``(s, actor, ...)`` run inside the caller's transaction; ``CaptureService`` frames
one action each."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from instruments.enzyme_reader.adapter import absorbances_from_flags
from instruments.reading import Reading
from instruments.registry import BenchNeeds, KitInUse, RegistryError, available, bench_needs
from instruments.transport import PortSettings
from lims.db.base import utcnow
from lims.db.models import (
    CalibrationRecord,
    Instrument,
    InstrumentCode,
    InstrumentReading,
    KitLot,
    Parameter,
    Sample,
    Test,
    User,
)
from lims.domain.accounts import Duty
from lims.domain.capture import ReadingState, frame_key, normalise_code
from lims.domain.enums import AuditAction, MethodKind, ResultSource, TestStatus
from lims.domain.errors import LimsError, NotFound, ValidationError
from lims.domain.rounding import normalise_number_text
from lims.domain.screening import (
    RAPID_KINDS,
    GoldReadings,
    Readings,
    ReportedInhibition,
    kit_expired,
    parse_cutoffs,
)
from lims.services import audit, authority, capture_lease, results, screening
from lims.services import policy as lab_policy
from lims.services.catalogue import catalogue
from lims.services.dto import Actor
from lims.services.fields import clean


@dataclass(frozen=True)
class InstrumentForm:
    """An instrument as a person describes it: its adapter, its port and the line's settings.
    ``options`` are the adapter's own (e.g. ``test_code_component`` for ASTM)."""

    name: str
    adapter: str
    port: str
    model: str = ""
    serial_no: str = ""
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    flow_control: str = "none"
    encoding: str = "gbk"
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InstrumentLine:
    """An instrument with everything a capture needs to open its line."""

    id: int
    name: str
    model: str
    serial_no: str
    adapter: str
    port: str
    settings: PortSettings
    options: Mapping[str, str]
    codes: Mapping[str, str]  # the instrument's code -> the parameter's name
    calibration_valid_until: date | None  # the latest calibration's end, None without any
    version: int
    bench: BenchNeeds = field(default_factory=BenchNeeds)  # what the technician sets for a capture


@dataclass(frozen=True)
class CaptureKitLot:
    """A kit lot a capture may judge by: the lab's row and what the adapter takes from it."""

    id: int
    name: str
    lot_no: str
    parameter: str  # the parameter it screens for, as the catalogue names it
    expires_on: date | None
    kit: KitInUse

    @property
    def label(self) -> str:
        return f"{self.name} {self.lot_no}".strip()


@dataclass(frozen=True)
class ReadingRow:
    """A reading as received, with where it stands. Texts are as the instrument sent them."""

    id: int
    instrument_id: int
    instrument: str
    received_at: datetime
    sample: str
    parameter: str
    value: str
    unit: str
    qualitative: str
    state: ReadingState
    reason: str
    assigned_code: str
    result_id: int | None
    journal_position: int | None
    reason_error: LimsError | None = None  # the reason as an error, to be shown translated
    rapid_screen_id: int | None = None  # the screen a rapid reader's reading was stored as

    def as_json(self) -> dict[str, str]:
        """The fields ``lims readings --json`` prints."""
        return {"sample": self.sample, "parameter": self.parameter, "value": self.value, "unit": self.unit,
                "state": self.state.value, "instrument": self.instrument,
                "received_at": self.received_at.isoformat()}


@dataclass(frozen=True)
class StoreOutcome:
    reading: ReadingRow
    duplicate: bool  # the same frame was stored before; nothing changed


@dataclass(frozen=True)
class PortInfo:
    device: str
    description: str


# --- instruments ------------------------------------------------------------------------------

def port_settings(form: InstrumentForm | Mapping[str, object]) -> PortSettings:
    """The line settings of a form or of an instrument's stored settings, checked."""
    values = dict(form) if isinstance(form, Mapping) else {
        "baudrate": form.baudrate, "bytesize": form.bytesize, "parity": form.parity, "stopbits": form.stopbits,
        "flow_control": form.flow_control, "encoding": form.encoding}
    known = {k: values[k] for k in ("baudrate", "bytesize", "parity", "stopbits", "flow_control", "encoding")
             if k in values}
    try:
        if str(known.get("parity", "N")) not in ("N", "E", "O", "M", "S"):
            raise ValueError(f"parity is N, E, O, M or S, not {known['parity']}")
        if str(known.get("flow_control", "none")) not in ("none", "xonxoff", "rtscts"):
            raise ValueError(f"flow control is none, xonxoff or rtscts, not {known['flow_control']}")
        return PortSettings(**known)  # type: ignore[arg-type]  # checked above and by PortSettings
    except (ValueError, TypeError, LookupError) as exc:
        raise ValidationError("The port settings are not usable: {problem}", field="settings",
                              problem=str(exc)) from exc


def _settings_json(form: InstrumentForm) -> str:
    settings = port_settings(form)
    return json.dumps({"baudrate": settings.baudrate, "bytesize": settings.bytesize, "parity": settings.parity,
                       "stopbits": settings.stopbits, "flow_control": settings.flow_control,
                       "encoding": settings.encoding, "options": dict(form.options)},
                      ensure_ascii=False, sort_keys=True)


def _check_form(s: Session, form: InstrumentForm, instrument_id: int | None) -> None:
    if not form.name.strip():
        raise ValidationError("Give the instrument a name", field="name")
    if not form.port.strip():
        raise ValidationError("Give the instrument's port, e.g. COM3, /dev/ttyUSB0 or socket://host:port",
                              field="port")
    try:
        known = available()
    except RegistryError as exc:
        raise ValidationError("The instrument adapters cannot be listed: {problem}", problem=str(exc)) from exc
    if form.adapter not in known:
        raise ValidationError("Unknown adapter {adapter}; known: {known}", field="adapter", adapter=form.adapter,
                              known=", ".join(sorted(known)))
    clash = s.scalar(select(Instrument.id).where(Instrument.name == form.name.strip()))
    if clash is not None and clash != instrument_id:
        raise ValidationError("An instrument named {name} already exists", field="name", name=form.name.strip())


def add_instrument(s: Session, actor: Actor, form: InstrumentForm) -> Instrument:
    authority.require(s, actor, Duty.MANAGE_INSTRUMENTS)
    _check_form(s, form, None)
    inst = Instrument(name=form.name.strip(), model=form.model, serial_no=form.serial_no, adapter=form.adapter,
                      port=form.port.strip(), settings_json=_settings_json(form))
    s.add(inst)
    s.flush()
    audit.record(s, actor, "instrument", inst.id, AuditAction.CREATE, {
        "name": [None, inst.name], "adapter": [None, inst.adapter], "port": [None, inst.port],
        "settings": [None, json.loads(inst.settings_json)]})
    return inst


def update_instrument(s: Session, actor: Actor, instrument_id: int, expected_version: int,
                      form: InstrumentForm) -> Instrument:
    authority.require(s, actor, Duty.MANAGE_INSTRUMENTS)
    inst = _instrument(s, instrument_id)
    if inst.version != expected_version:
        raise ValidationError("The instrument {name} was changed on another workstation; reload and try again",
                              name=inst.name)
    _check_form(s, form, inst.id)
    before = {"name": inst.name, "model": inst.model, "serial_no": inst.serial_no, "adapter": inst.adapter,
              "port": inst.port, "settings": json.loads(inst.settings_json or "{}")}
    inst.name, inst.model, inst.serial_no = form.name.strip(), form.model, form.serial_no
    inst.adapter, inst.port, inst.settings_json = form.adapter, form.port.strip(), _settings_json(form)
    after = {"name": inst.name, "model": inst.model, "serial_no": inst.serial_no, "adapter": inst.adapter,
             "port": inst.port, "settings": json.loads(inst.settings_json)}
    changes: dict[str, list[object]] = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    s.flush()
    if changes:
        audit.record(s, actor, "instrument", inst.id, AuditAction.UPDATE, changes)
    return inst


def set_code_map(s: Session, actor: Actor, instrument_id: int, codes: Mapping[str, str]) -> dict[str, str]:
    """Replace the instrument's code map: its own code -> a parameter named as the catalogue
    knows it (name, alias, English name or CAS number). Returns code -> parameter name."""
    authority.require(s, actor, Duty.MANAGE_INSTRUMENTS)
    inst = _instrument(s, instrument_id)
    cat = catalogue(s)
    wanted: dict[str, int] = {}
    for code, parameter in codes.items():
        key = normalise_code(code)
        if not key:
            raise ValidationError("An instrument code may not be empty", field="code")
        if key in wanted:
            raise ValidationError("The instrument code {code} is given twice", field="code", code=key)
        wanted[key] = cat.parameter_id(parameter.strip())
    before = _codes(s, inst.id)
    for row in s.scalars(select(InstrumentCode).where(InstrumentCode.instrument_id == inst.id)):
        s.delete(row)
    s.flush()
    for key, parameter_id in sorted(wanted.items()):
        s.add(InstrumentCode(instrument_id=inst.id, code=key, parameter_id=parameter_id))
    s.flush()
    after = _codes(s, inst.id)
    if before != after:
        audit.record(s, actor, "instrument", inst.id, AuditAction.UPDATE, {"codes": [before, after]})
    return after


def add_calibration(s: Session, actor: Actor, instrument_id: int, calibrated_on: date, valid_until: date,
                    certificate_no: str = "") -> CalibrationRecord:
    authority.require(s, actor, Duty.MANAGE_INSTRUMENTS)
    inst = _instrument(s, instrument_id)
    if valid_until < calibrated_on:
        raise ValidationError("A calibration cannot end ({until}) before it was made ({on})", field="valid_until",
                              until=valid_until.isoformat(), on=calibrated_on.isoformat())
    certificate_no = clean(certificate_no, CalibrationRecord.certificate_no, field="certificate_no")
    record = CalibrationRecord(instrument_id=inst.id, calibrated_on=calibrated_on, valid_until=valid_until,
                               certificate_no=certificate_no.strip())
    s.add(record)
    s.flush()
    audit.record(s, actor, "calibration_record", record.id, AuditAction.CREATE, {
        "instrument_id": [None, inst.id], "calibrated_on": [None, calibrated_on.isoformat()],
        "valid_until": [None, valid_until.isoformat()], "certificate_no": [None, record.certificate_no]})
    return record


def _instrument(s: Session, instrument_id: int) -> Instrument:
    inst = s.get(Instrument, instrument_id)
    if inst is None:
        raise NotFound("No instrument has the id {id}", id=instrument_id)
    return inst


def instrument_named(s: Session, name: str) -> Instrument:
    inst = s.scalar(select(Instrument).where(Instrument.name == name.strip()))
    if inst is None:
        raise NotFound("No instrument is named {name}", name=name)
    return inst


def _codes(s: Session, instrument_id: int) -> dict[str, str]:
    return {code: name for code, name in s.execute(
        select(InstrumentCode.code, Parameter.name).join(Parameter, Parameter.id == InstrumentCode.parameter_id)
        .where(InstrumentCode.instrument_id == instrument_id).order_by(InstrumentCode.code))}


def _line(s: Session, inst: Instrument) -> InstrumentLine:
    try:
        stored = json.loads(inst.settings_json or "{}")
    except json.JSONDecodeError as exc:
        raise ValidationError("The port settings of {name} are not readable: {problem}", name=inst.name,
                              problem=str(exc)) from exc
    options = stored.get("options", {}) if isinstance(stored, dict) else {}
    until = s.scalar(select(func.max(CalibrationRecord.valid_until))
                     .where(CalibrationRecord.instrument_id == inst.id))
    return InstrumentLine(inst.id, inst.name, inst.model, inst.serial_no, inst.adapter, inst.port,
                          port_settings(stored if isinstance(stored, dict) else {}),
                          {str(k): str(v) for k, v in options.items()}, _codes(s, inst.id), until, inst.version,
                          bench_needs(inst.adapter))


# --- kit lots ---------------------------------------------------------------------------------

def _kit_choice(s: Session, inst: Instrument, kit: KitLot) -> CaptureKitLot:
    """The lot as the adapter takes it; ValidationError when it does not fit this instrument."""
    needs = bench_needs(inst.adapter)
    if needs.kit_kind is None:
        raise ValidationError("{instrument} judges by no kit lot", field="kit_lot", instrument=inst.name)
    if kit.method_kind != needs.kit_kind:
        raise ValidationError("Kit lot {lot} does not fit {instrument}: it is a kit of another rapid method",
                              field="kit_lot", lot=kit.lot_no, instrument=inst.name)
    cutoffs = parse_cutoffs(kit.cutoffs_json, kit.method_kind, kit.lot_no)
    parameter = s.scalar(select(Parameter.name).where(Parameter.id == kit.parameter_id)) if kit.parameter_id else None
    code = s.scalar(select(InstrumentCode.code).where(InstrumentCode.instrument_id == inst.id,
                                                      InstrumentCode.parameter_id == kit.parameter_id)
                    .order_by(InstrumentCode.code).limit(1)) if kit.parameter_id else None
    try:
        stored = json.loads(inst.settings_json or "{}")
    except json.JSONDecodeError:
        stored = {}
    options = stored.get("options", {}) if isinstance(stored, dict) else {}
    parameter_code = code or str(options.get("parameter", "")) or parameter or ""
    return CaptureKitLot(kit.id, kit.name, kit.lot_no, parameter or "", kit.expires_on,
                         KitInUse(kit.lot_no, parameter_code, cutoffs, kit.expires_on))


def kit_lots(s: Session, inst: Instrument) -> list[CaptureKitLot]:
    """The lab's kit lots this instrument can judge by that have not expired by the lab's day
    (lots whose cut-offs cannot be read are left out: the screening page names their problem)."""
    kind = bench_needs(inst.adapter).kit_kind
    if kind is None:
        return []
    today = lab_policy.read(s).today()
    choices = []
    for kit in s.scalars(select(KitLot).where(KitLot.method_kind == kind.value).order_by(KitLot.name, KitLot.lot_no)):
        if kit_expired(kit.expires_on, today):
            continue
        try:
            choices.append(_kit_choice(s, inst, kit))
        except ValidationError:
            continue
    return choices


def kit_lot_for_capture(s: Session, inst: Instrument, kit_lot_id: int | None = None,
                        lot_no: str | None = None) -> CaptureKitLot:
    """The lot a technician chose (by its id, or by its number from a terminal), checked: it fits
    the instrument, its cut-offs are usable and it has not expired by the lab's day."""
    if kit_lot_id is not None:
        kit = s.get(KitLot, kit_lot_id)
        if kit is None:
            raise NotFound("No kit lot has the id {id}", id=kit_lot_id)
    else:
        wanted = (lot_no or "").strip()
        kind = bench_needs(inst.adapter).kit_kind
        found = list(s.scalars(select(KitLot).where(KitLot.lot_no == wanted).order_by(KitLot.id)))
        fitting = [k for k in found if kind is not None and k.method_kind == kind.value] or found
        if not fitting:
            raise NotFound("No kit lot is numbered {lot}", lot=wanted)
        if len(fitting) > 1:
            raise ValidationError("Several kit lots are numbered {lot}: {names}", field="kit_lot", lot=wanted,
                                  names=", ".join(k.name for k in fitting))
        kit = fitting[0]
    choice = _kit_choice(s, inst, kit)
    today = lab_policy.read(s).today()
    if kit_expired(kit.expires_on, today):
        raise ValidationError("Kit lot {lot} expired on {expires}; choose a lot still in date", field="kit_lot",
                              lot=kit.lot_no, expires=str(kit.expires_on))
    return choice


# --- readings ---------------------------------------------------------------------------------

def calibration_problem(s: Session, inst: Instrument, day: date) -> ValidationError | None:
    """Why the instrument may not give results on ``day`` (the lab's day), or None when a
    calibration record covers it."""
    valid = s.scalar(select(CalibrationRecord.id).where(
        CalibrationRecord.instrument_id == inst.id, CalibrationRecord.calibrated_on <= day,
        CalibrationRecord.valid_until >= day).limit(1))
    if valid is not None:
        return None
    until = s.scalar(select(func.max(CalibrationRecord.valid_until)).where(CalibrationRecord.instrument_id == inst.id))
    if until is None:
        return ValidationError("{instrument} has no calibration record: its readings of {day} are held",
                               instrument=inst.name, day=day.isoformat())
    return ValidationError("The calibration of {instrument} was not valid on {day} (the latest ran until {until})",
                           instrument=inst.name, day=day.isoformat(), until=until.isoformat())


def kit_problem(inst: Instrument, kit: KitLot | None, day: date) -> ValidationError | None:
    """Why a reading taken with ``kit`` (or with none) may not become a result on ``day``."""
    if kit is None:
        if bench_needs(inst.adapter).kit_required:
            return ValidationError("{instrument} was read with no kit lot chosen: its readings of {day} are held",
                                   instrument=inst.name, day=day.isoformat())
        return None
    if kit_expired(kit.expires_on, day):
        return ValidationError("Kit lot {lot} expired on {expires}: the readings of {instrument} on {day} are held",
                               lot=kit.lot_no, expires=str(kit.expires_on), instrument=inst.name,
                               day=day.isoformat())
    return None


def _set_reason(row: InstrumentReading, why: LimsError | str) -> None:
    """The reason in English (listings, the audit trail) and, for an error, its template and
    fields, so a screen shows it in its own language."""
    if isinstance(why, LimsError):
        row.reason = str(why)
        row.reason_json = json.dumps({"template": why.template, "params": {k: str(v) for k, v in why.params.items()}},
                                     ensure_ascii=False, sort_keys=True)
    else:
        row.reason, row.reason_json = why, ""


def _reason_error(row: InstrumentReading) -> LimsError | None:
    if not row.reason_json:
        return None
    try:
        stored = json.loads(row.reason_json)
        return LimsError(str(stored["template"]), **{str(k): v for k, v in dict(stored["params"]).items()})
    except (ValueError, KeyError, TypeError):
        return None


def _matched_parameter(s: Session, inst: Instrument, parameter_code: str, kit: KitLot | None) -> int:
    """The parameter a reading is of: the instrument's code through its code map, or the kit
    lot's parameter when the reading names it (a rapid reader sends the kit's analyte)."""
    key = normalise_code(parameter_code)
    parameter_id = s.scalar(select(InstrumentCode.parameter_id).where(
        InstrumentCode.instrument_id == inst.id, InstrumentCode.code == key))
    if parameter_id is None and kit is not None and kit.parameter_id is not None:
        # a rapid reader sends no code: its reading carries the kit's parameter by name
        kit_parameter = s.scalar(select(Parameter.name).where(Parameter.id == kit.parameter_id)) or ""
        if normalise_code(kit_parameter) == key:
            parameter_id = kit.parameter_id
    if parameter_id is None:
        raise ValidationError("{instrument} sent the code {code}, which its code map does not name",
                              field="parameter", instrument=inst.name, code=parameter_code)
    return parameter_id


def _require_code(sample_code: str, channel: int | None) -> str:
    wanted = normalise_code(sample_code)
    if not wanted:
        if channel is not None:
            raise ValidationError("Channel {channel} had no sample code: assign the reading its sample",
                                  field="sample", channel=channel)
        raise ValidationError("The reading carries no sample code: assign it its sample", field="sample")
    return wanted


def _matched_sample(s: Session, sample_code: str, channel: int | None) -> Sample:
    wanted = _require_code(sample_code, channel)
    sample = s.scalar(select(Sample).where(func.upper(func.replace(Sample.code, " ", "")) == wanted))
    if sample is None:
        raise NotFound("No sample has the code {code}", code=sample_code)
    return sample


def _matched_test(s: Session, inst: Instrument, parameter_code: str, sample_code: str,
                  kit: KitLot | None = None, channel: int | None = None) -> tuple[Sample, Test]:
    _require_code(sample_code, channel)
    parameter_id = _matched_parameter(s, inst, parameter_code, kit)
    sample = _matched_sample(s, sample_code, channel)
    test = s.scalar(select(Test).where(Test.sample_id == sample.id, Test.parameter_id == parameter_id,
                                       Test.status != TestStatus.RETRACTED.value).order_by(Test.id).limit(1))
    if test is None:
        name = s.scalar(select(Parameter.name).where(Parameter.id == parameter_id)) or str(parameter_id)
        raise ValidationError("Sample {code} has no test of {parameter}", field="sample", code=sample.code,
                              parameter=name)
    return sample, test


def rapid_kind(inst: Instrument, kit: KitLot | None) -> MethodKind | None:
    """The rapid method a reading was taken by: the kit lot's when it is a rapid-test lot, else
    the one the instrument's adapter judges by (``bench_needs``); None for a quantitative
    instrument, whose readings are results."""
    if kit is not None and kit.method_kind in RAPID_KINDS:
        return MethodKind(kit.method_kind)
    return bench_needs(inst.adapter).kit_kind


def _flag_number(flags: list[str], prefix: str) -> str:
    return next((f[len(prefix):].strip() for f in flags if f.startswith(prefix)), "")


def screen_readings(row: InstrumentReading, kind: MethodKind, instrument: str) -> Readings:
    """What the domain judges, from the reading as received: a colloidal-gold reader's T and C
    line values (its flags ``T:…``, ``C:…``); an enzyme-inhibition reader's own inhibition % (its
    value) with, when its flags carry them, the control's and the sample's absorbance changes."""
    flags = row.flags.split(",") if row.flags else []
    if kind is MethodKind.COLLOIDAL_GOLD:
        t_text, c_text = _flag_number(flags, "T:"), _flag_number(flags, "C:")
        try:
            return GoldReadings(Decimal(normalise_number_text(t_text)), Decimal(normalise_number_text(c_text)))
        except ArithmeticError:
            raise ValidationError("The reading of {instrument} carries no T and C line values (it has: {flags})",
                                  field="readings", instrument=instrument, flags=row.flags or "-") from None
    try:
        reported = Decimal(normalise_number_text(row.value_text))
    except ArithmeticError:
        reported = Decimal("NaN")
    if not reported.is_finite():
        raise ValidationError("The inhibition {value} sent by {instrument} is not a number", field="readings",
                              value=row.value_text or "-", instrument=instrument)
    return ReportedInhibition(reported, absorbances_from_flags(flags))


def _screen_time(row: InstrumentReading) -> datetime:
    """When the strip or channel was read: the instrument's own time, unless its clock runs
    ahead of the moment the reading arrived."""
    if row.measured_at is not None and row.measured_at <= row.received_at:
        return row.measured_at
    return row.received_at


def _take(s: Session, actor: Actor, inst: Instrument, row: InstrumentReading, sample_code: str) -> None:
    """Store the reading as what it is, inside a savepoint: a rapid reader's as a screen
    (``row.rapid_screen_id``), any other as its test's result (``row.result_id``). A refusal
    (LimsError) leaves the transaction as it was before."""
    kit = s.get(KitLot, row.kit_lot_id) if row.kit_lot_id is not None else None
    kind = rapid_kind(inst, kit)
    if kind is None:
        row.result_id = _enter(s, actor, inst, row, sample_code, kit)
        return
    _require_code(sample_code, row.channel)
    parameter_id = kit.parameter_id if kit is not None and kit.parameter_id is not None else \
        _matched_parameter(s, inst, row.parameter_code, kit)
    sample = _matched_sample(s, sample_code, row.channel)
    readings = screen_readings(row, kind, inst.name)
    with s.begin_nested():
        screen = screening.record(s, actor, sample.id, parameter_id, kit.id if kit is not None else None, readings,
                                  tested_at=_screen_time(row), instrument_id=inst.id)
    row.rapid_screen_id = screen.id


def _enter(s: Session, actor: Actor, inst: Instrument, row: InstrumentReading, sample_code: str,
           kit: KitLot | None) -> int:
    """Enter the reading as its test's result inside a savepoint; returns the result's id."""
    _, test = _matched_test(s, inst, row.parameter_code, sample_code, kit, row.channel)
    reference = f"{inst.adapter} reading {row.id}" + (f", kit lot {kit.lot_no}" if kit is not None else "")
    with s.begin_nested():
        result = results.enter_result(
            s, actor, test.id, row.value_text, unit=row.unit,
            provenance=results.Provenance(ResultSource.INSTRUMENT, instrument_id=inst.id,
                                          journal_position=row.journal_position, reference=reference))
    return result.id


def _stored_as(row: InstrumentReading) -> dict[str, list[object]]:
    """The audit fields naming what the reading became: its result, or its rapid screen."""
    if row.rapid_screen_id is not None:
        return {"rapid_screen_id": [None, row.rapid_screen_id]}
    return {"result_id": [None, row.result_id]}


def _row(row: InstrumentReading, instrument: str) -> ReadingRow:
    return ReadingRow(row.id, row.instrument_id, instrument, row.received_at, row.sample_code, row.parameter_code,
                      row.value_text, row.unit, row.qualitative, ReadingState(row.state), row.reason,
                      row.assigned_code, row.result_id, row.journal_position, _reason_error(row),
                      row.rapid_screen_id)


def store(s: Session, actor: Actor, instrument_id: int, reading: Reading, kit_lot_id: int | None = None
          ) -> StoreOutcome:
    """Keep one received reading and, when it matches, the instrument's calibration is valid and
    the kit lot it was read with (``kit_lot_id``, when the reader judges by one) is in date,
    enter it as a result, or store a rapid reader's as a screen. The same frame received before
    is not stored again."""
    authority.require(s, actor, Duty.ENTER_RESULTS)
    inst = _instrument(s, instrument_id)
    kit = s.get(KitLot, kit_lot_id) if kit_lot_id is not None else None
    key = frame_key(reading.sample_code, reading.parameter_code, reading.value_text, reading.unit,
                    reading.measured_at, reading.raw)
    existing = s.scalar(select(InstrumentReading).where(InstrumentReading.instrument_id == inst.id,
                                                        InstrumentReading.frame_key == key))
    if existing is not None:
        return StoreOutcome(_row(existing, inst.name), duplicate=True)
    received = reading.received_at or utcnow()
    row = InstrumentReading(
        instrument_id=inst.id, received_at=received, measured_at=reading.measured_at,
        sample_code=reading.sample_code[:100], parameter_code=reading.parameter_code[:100],
        value_text=reading.value_text[:100], unit=reading.unit[:40], qualitative=reading.qualitative[:40],
        flags=",".join(reading.flags)[:200], channel=reading.channel,
        raw_hash=hashlib.sha256(reading.raw).hexdigest(), raw_size=len(reading.raw),
        journal_position=reading.journal_position, frame_key=key, state=ReadingState.UNMATCHED.value, reason="",
        reason_json="",
        assigned_code="", captured_by_id=actor.user_id, kit_lot_id=kit.id if kit is not None else None)
    s.add(row)
    s.flush()
    day = lab_policy.read(s).day(received)
    held = calibration_problem(s, inst, day) or kit_problem(inst, kit, day)
    if held is not None:
        row.state = ReadingState.HELD.value
        _set_reason(row, held)
    else:
        try:
            _take(s, actor, inst, row, row.sample_code)
            row.state = ReadingState.STORED.value
        except LimsError as exc:
            _set_reason(row, exc)
    s.flush()
    audit.record(s, actor, "reading", row.id, AuditAction.CREATE, {
        "instrument_id": [None, inst.id], "sample": [None, row.sample_code], "parameter": [None, row.parameter_code],
        "value": [None, row.value_text], "unit": [None, row.unit], "journal_position": [None, row.journal_position],
        "raw_sha256": [None, row.raw_hash], "state": [None, row.state], **_stored_as(row),
        **({"kit_lot": [None, kit.lot_no]} if kit is not None else {}),
    }, reason=row.reason)
    return StoreOutcome(_row(row, inst.name), duplicate=False)


def _waiting(s: Session, reading_id: int, state: ReadingState) -> tuple[InstrumentReading, Instrument]:
    row = s.get(InstrumentReading, reading_id)
    if row is None:
        raise NotFound("No reading has the id {id}", id=reading_id)
    if row.state != state.value:
        raise ValidationError("Reading {id} is {state}, not {wanted}", id=reading_id, state=row.state,
                              wanted=state.value)
    return row, _instrument(s, row.instrument_id)


def assign(s: Session, actor: Actor, reading_id: int, sample_code: str) -> ReadingRow:
    """Enter an unmatched reading as the result (a rapid reader's: the screen) of the sample a
    person names; refused (nothing changes) when it does not fit that sample."""
    authority.require(s, actor, Duty.ENTER_RESULTS)
    row, inst = _waiting(s, reading_id, ReadingState.UNMATCHED)
    if not sample_code.strip():
        raise ValidationError("Give the sample code the reading belongs to", field="sample")
    _take(s, actor, inst, row, sample_code)
    before_reason = row.reason
    row.state, row.assigned_code = ReadingState.STORED.value, sample_code.strip()
    _set_reason(row, "")
    s.flush()
    audit.record(s, actor, "reading", row.id, AuditAction.UPDATE, {
        "state": [ReadingState.UNMATCHED.value, row.state], "assigned_code": [None, row.assigned_code],
        **_stored_as(row), "reason": [before_reason, ""]})
    return _row(row, inst.name)


def release(s: Session, actor: Actor, reading_id: int, reason: str) -> ReadingRow:
    """A manager releases a held reading, with the reason: it is entered as a result (a rapid
    reader's stored as a screen) when it matches, or waits unmatched with the refusal."""
    authority.require(s, actor, Duty.MANAGE_INSTRUMENTS)
    if not reason.strip():
        raise ValidationError("Give the reason for releasing the held reading", field="reason")
    row, inst = _waiting(s, reading_id, ReadingState.HELD)
    held_for = row.reason
    try:
        # the result is the bench's: entered as the person who captured the reading, whose
        # authorisation to test covers it; the manager's release is the audit event below
        _take(s, _captured_by(s, row, actor), inst, row, row.sample_code)
        row.state = ReadingState.RELEASED.value
        _set_reason(row, reason.strip())
    except LimsError as exc:
        row.state = ReadingState.UNMATCHED.value
        _set_reason(row, exc)
    s.flush()
    audit.record(s, actor, "reading", row.id, AuditAction.UPDATE, {
        "state": [ReadingState.HELD.value, row.state], "held_for": [held_for, None], **_stored_as(row)},
        reason=reason.strip())
    return _row(row, inst.name)


def _captured_by(s: Session, row: InstrumentReading, releasing: Actor) -> Actor:
    user = s.get(User, row.captured_by_id) if row.captured_by_id is not None else None
    if user is None:
        return releasing
    return Actor(user.id, user.username, user.full_name, frozenset(r.code for r in user.roles), releasing.workstation)


def discard(s: Session, actor: Actor, reading_id: int, reason: str) -> ReadingRow:
    """Set aside a waiting reading with the reason; it stays listed. A held one needs a manager."""
    if not reason.strip():
        raise ValidationError("Give the reason for discarding the reading", field="reason")
    row = s.get(InstrumentReading, reading_id)
    if row is None:
        raise NotFound("No reading has the id {id}", id=reading_id)
    state = ReadingState(row.state)
    authority.require(s, actor, Duty.MANAGE_INSTRUMENTS if state == ReadingState.HELD else Duty.ENTER_RESULTS)
    if state not in (ReadingState.HELD, ReadingState.UNMATCHED):
        raise ValidationError("Reading {id} is {state}: only an unmatched or held reading is discarded",
                              id=reading_id, state=state.value)
    row.state = ReadingState.DISCARDED.value
    s.flush()
    audit.record(s, actor, "reading", row.id, AuditAction.UPDATE,
                 {"state": [state.value, row.state]}, reason=reason.strip())
    return _row(row, _instrument(s, row.instrument_id).name)


def list_ports() -> list[PortInfo]:
    """The serial ports this computer has now (USB adapters come and go)."""
    from serial.tools import list_ports

    return [PortInfo(p.device, p.description or "") for p in sorted(list_ports.comports(), key=lambda p: p.device)]


class CaptureService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # instruments
    def add_instrument(self, actor: Actor, form: InstrumentForm, codes: Mapping[str, str] | None = None
                       ) -> InstrumentLine:
        with self._sessions.begin() as s:
            inst = add_instrument(s, actor, form)
            if codes:
                set_code_map(s, actor, inst.id, codes)
            return _line(s, inst)

    def update_instrument(self, actor: Actor, instrument_id: int, expected_version: int,
                          form: InstrumentForm, codes: Mapping[str, str] | None = None) -> InstrumentLine:
        """Change the instrument's settings and, when ``codes`` is given, replace its code map."""
        with self._sessions.begin() as s:
            inst = update_instrument(s, actor, instrument_id, expected_version, form)
            if codes is not None:
                set_code_map(s, actor, inst.id, codes)
            return _line(s, inst)

    def set_code_map(self, actor: Actor, instrument_id: int, codes: Mapping[str, str]) -> dict[str, str]:
        with self._sessions.begin() as s:
            return set_code_map(s, actor, instrument_id, codes)

    def add_calibration(self, actor: Actor, instrument_id: int, calibrated_on: date, valid_until: date,
                        certificate_no: str = "") -> InstrumentLine:
        with self._sessions.begin() as s:
            add_calibration(s, actor, instrument_id, calibrated_on, valid_until, certificate_no)
            return _line(s, _instrument(s, instrument_id))

    def line(self, name: str) -> InstrumentLine:
        with self._sessions() as s:
            return _line(s, instrument_named(s, name))

    def lines(self) -> list[InstrumentLine]:
        with self._sessions() as s:
            return [_line(s, inst) for inst in s.scalars(select(Instrument).order_by(Instrument.name))]

    def ports(self) -> list[PortInfo]:
        return list_ports()

    def adapters(self) -> list[str]:
        """The adapter names this installation knows, for an instrument's form."""
        try:
            return sorted(available())
        except RegistryError as exc:
            raise ValidationError("The instrument adapters cannot be listed: {problem}", problem=str(exc)) from exc

    def check_may_capture(self, actor: Actor) -> None:
        """Refuse before a line is opened when the person may not enter results."""
        with self._sessions() as s:
            authority.require(s, actor, Duty.ENTER_RESULTS)

    # kit lots and who captures
    def kit_lots(self, instrument: str) -> list[CaptureKitLot]:
        """The unexpired kit lots the instrument can judge by, for the technician to choose from."""
        with self._sessions() as s:
            return kit_lots(s, instrument_named(s, instrument))

    def kit_lot(self, instrument: str, *, kit_lot_id: int | None = None, lot_no: str | None = None) -> CaptureKitLot:
        """The lot chosen for a capture, by id or by its number; refused when it does not fit."""
        with self._sessions() as s:
            return kit_lot_for_capture(s, instrument_named(s, instrument), kit_lot_id, lot_no)

    def claim(self, actor: Actor, instrument_id: int, holder: capture_lease.Holder,
              lease_seconds: float = capture_lease.LEASE_SECONDS) -> capture_lease.Lease:
        with self._sessions.begin() as s:
            return capture_lease.claim(s, actor, instrument_id, holder, lease_seconds=lease_seconds)

    def renew(self, instrument_id: int, holder: capture_lease.Holder,
              lease_seconds: float = capture_lease.LEASE_SECONDS) -> capture_lease.Lease:
        with self._sessions.begin() as s:
            return capture_lease.renew(s, instrument_id, holder, lease_seconds=lease_seconds)

    def release_claim(self, actor: Actor, instrument_id: int, holder: capture_lease.Holder) -> bool:
        with self._sessions.begin() as s:
            return capture_lease.release(s, actor, instrument_id, holder)

    def holder(self, instrument: str) -> capture_lease.Lease | None:
        with self._sessions() as s:
            return capture_lease.current(s, instrument_named(s, instrument).id)

    # readings
    def store(self, actor: Actor, instrument_id: int, readings: Iterable[Reading], kit_lot_id: int | None = None
              ) -> list[StoreOutcome]:
        """Store the readings of one step of a line in one transaction; ``kit_lot_id`` is the
        kit lot in use when they were read."""
        with self._sessions.begin() as s:
            return [store(s, actor, instrument_id, r, kit_lot_id) for r in readings]

    def assign(self, actor: Actor, reading_id: int, sample_code: str) -> ReadingRow:
        with self._sessions.begin() as s:
            return assign(s, actor, reading_id, sample_code)

    def release(self, actor: Actor, reading_id: int, reason: str) -> ReadingRow:
        with self._sessions.begin() as s:
            return release(s, actor, reading_id, reason)

    def discard(self, actor: Actor, reading_id: int, reason: str) -> ReadingRow:
        with self._sessions.begin() as s:
            return discard(s, actor, reading_id, reason)

    def readings(self, instrument: str | None = None, states: Iterable[ReadingState] | None = None,
                 limit: int | None = None) -> list[ReadingRow]:
        """Readings in the order received, of one instrument (by name) or all, in some states."""
        with self._sessions() as s:
            q = (select(InstrumentReading, Instrument.name)
                 .join(Instrument, Instrument.id == InstrumentReading.instrument_id)
                 .order_by(InstrumentReading.id))
            if instrument is not None:
                q = q.where(InstrumentReading.instrument_id == instrument_named(s, instrument).id)
            if states is not None:
                q = q.where(InstrumentReading.state.in_([ReadingState(st).value for st in states]))
            if limit is not None:
                q = q.order_by(None).order_by(InstrumentReading.id.desc()).limit(limit)
            rows = [_row(row, name) for row, name in s.execute(q)]
        return sorted(rows, key=lambda r: r.id)
