"""Translated names of the values of the lab's closed vocabularies (Qt context "vocabulary").

The tables hold English source strings marked for lupdate; the functions translate them when
called, so the language installed at start-up applies. Unknown values are shown as stored."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from typing import cast
from zoneinfo import ZoneInfo

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime

from lims.domain.enums import (
    AuditAction,
    CertificateKind,
    LimitKind,
    ReportStatus,
    ResultSource,
    RoleCode,
    SampleStatus,
    TaskKind,
    TestStatus,
    Verdict,
)
from lims.services.policy import DEFAULT_TIMEZONE


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Qt's mark for lupdate, typed as it behaves: it returns ``source`` untouched, but PySide6's
    stubs declare object, which no table of str accepts. lupdate finds the marks by this name in
    the source text, so the tables here and in the other GUI modules call it by the same name."""
    return cast(str, QtCore.QT_TRANSLATE_NOOP(context, source))


SAMPLE_STATUS: Mapping[str, str] = {
    SampleStatus.SAMPLE_DUE: QT_TRANSLATE_NOOP("vocabulary", "Awaiting receipt"),
    SampleStatus.RECEIVED: QT_TRANSLATE_NOOP("vocabulary", "Received"),
    SampleStatus.TESTING: QT_TRANSLATE_NOOP("vocabulary", "Testing"),
    SampleStatus.TO_BE_VERIFIED: QT_TRANSLATE_NOOP("vocabulary", "To be reviewed"),
    SampleStatus.VERIFIED: QT_TRANSLATE_NOOP("vocabulary", "Reviewed"),
    SampleStatus.APPROVED: QT_TRANSLATE_NOOP("vocabulary", "Approved"),
    SampleStatus.REJECTED: QT_TRANSLATE_NOOP("vocabulary", "Rejected at receipt"),
    SampleStatus.CANCELLED: QT_TRANSLATE_NOOP("vocabulary", "Cancelled"),
    SampleStatus.INVALID: QT_TRANSLATE_NOOP("vocabulary", "Invalid"),
}

ROLE: Mapping[str, str] = {
    RoleCode.TECHNICIAN: QT_TRANSLATE_NOOP("vocabulary", "Technician"),
    RoleCode.REVIEWER: QT_TRANSLATE_NOOP("vocabulary", "Reviewer"),
    RoleCode.SIGNATORY: QT_TRANSLATE_NOOP("vocabulary", "Authorised signatory"),
    RoleCode.MANAGER: QT_TRANSLATE_NOOP("vocabulary", "Lab manager"),
    RoleCode.ADMIN: QT_TRANSLATE_NOOP("vocabulary", "Administrator"),
}

VERDICT: Mapping[str, str] = {
    Verdict.PASS: QT_TRANSLATE_NOOP("vocabulary", "Pass"),
    Verdict.FAIL: QT_TRANSLATE_NOOP("vocabulary", "Fail"),
    Verdict.NO_BASIS: QT_TRANSLATE_NOOP("vocabulary", "No limit to judge by"),
}

CERTIFICATE_KIND: Mapping[str, str] = {
    CertificateKind.CMA: QT_TRANSLATE_NOOP("vocabulary", "CMA accreditation"),
    CertificateKind.CATL: QT_TRANSLATE_NOOP("vocabulary", "CATL assessment"),
}

REPORT_STATUS: Mapping[str, str] = {
    ReportStatus.DRAFT: QT_TRANSLATE_NOOP("vocabulary", "Draft"),
    ReportStatus.ISSUED: QT_TRANSLATE_NOOP("vocabulary", "Issued"),
    ReportStatus.VOID: QT_TRANSLATE_NOOP("vocabulary", "Void"),
}

TASK_KIND: Mapping[str, str] = {
    TaskKind.ROUTINE_MONITORING: QT_TRANSLATE_NOOP("vocabulary", "Routine monitoring"),
    TaskKind.SUPERVISION_SAMPLING: QT_TRANSLATE_NOOP("vocabulary", "Supervision sampling"),
    TaskKind.SPECIAL_MONITORING: QT_TRANSLATE_NOOP("vocabulary", "Special monitoring"),
    TaskKind.COMMISSIONED_TEST: QT_TRANSLATE_NOOP("vocabulary", "Commissioned test"),
    TaskKind.RAPID_CONFIRMATION: QT_TRANSLATE_NOOP("vocabulary", "Confirmation of a rapid screen"),
}

AUDIT_ACTION: Mapping[str, str] = {
    AuditAction.CREATE: QT_TRANSLATE_NOOP("vocabulary", "Created"),
    AuditAction.UPDATE: QT_TRANSLATE_NOOP("vocabulary", "Changed"),
    AuditAction.DELETE: QT_TRANSLATE_NOOP("vocabulary", "Deleted"),
    AuditAction.TRANSITION: QT_TRANSLATE_NOOP("vocabulary", "Status change"),
    AuditAction.LOGIN: QT_TRANSLATE_NOOP("vocabulary", "Logged in"),
    AuditAction.LOGIN_FAILED: QT_TRANSLATE_NOOP("vocabulary", "Failed log-in"),
    AuditAction.LOCKED: QT_TRANSLATE_NOOP("vocabulary", "Account locked"),
    AuditAction.PASSWORD_CHANGED: QT_TRANSLATE_NOOP("vocabulary", "Password changed"),
}

# the audited tables, as AuditService.entities() names them
AUDIT_ENTITY: Mapping[str, str] = {
    "user": QT_TRANSLATE_NOOP("vocabulary", "User"),
    "lab_policy": QT_TRANSLATE_NOOP("vocabulary", "Lab policy"),
    "sample": QT_TRANSLATE_NOOP("vocabulary", "Sample"),
    "test": QT_TRANSLATE_NOOP("vocabulary", "Test"),
    "result": QT_TRANSLATE_NOOP("vocabulary", "Result"),
    "report": QT_TRANSLATE_NOOP("vocabulary", "Report"),
    "certificate": QT_TRANSLATE_NOOP("vocabulary", "Certificate"),
    "ability_table": QT_TRANSLATE_NOOP("vocabulary", "Ability table"),
    "scope_row": QT_TRANSLATE_NOOP("vocabulary", "Scope row"),
    "expansion": QT_TRANSLATE_NOOP("vocabulary", "Scope expansion"),
    "authorization": QT_TRANSLATE_NOOP("vocabulary", "Authorization"),
    "instrument": QT_TRANSLATE_NOOP("vocabulary", "Instrument"),
    "calibration_record": QT_TRANSLATE_NOOP("vocabulary", "Calibration record"),
    "reading": QT_TRANSLATE_NOOP("vocabulary", "Instrument reading"),
    "capture": QT_TRANSLATE_NOOP("vocabulary", "Instrument capture"),
    "kit_lot": QT_TRANSLATE_NOOP("vocabulary", "Kit lot"),
    "limit_value": QT_TRANSLATE_NOOP("vocabulary", "Limit"),
    "limit": QT_TRANSLATE_NOOP("vocabulary", "Limit"),
    "rapid_screen": QT_TRANSLATE_NOOP("vocabulary", "Rapid screen"),
    "traceback": QT_TRANSLATE_NOOP("vocabulary", "Traceback"),
    "producer": QT_TRANSLATE_NOOP("vocabulary", "Producer"),
    "task": QT_TRANSLATE_NOOP("vocabulary", "Sampling task"),
}

# the fields the audit trail records, as the audit page names them (a field not listed shows as stored)
AUDIT_FIELD: Mapping[str, str] = {
    "status": QT_TRANSLATE_NOOP("vocabulary", "Status"),
    "state": QT_TRANSLATE_NOOP("vocabulary", "State"),
    "verdict": QT_TRANSLATE_NOOP("vocabulary", "Verdict"),
    "value": QT_TRANSLATE_NOOP("vocabulary", "Value"),
    "unit": QT_TRANSLATE_NOOP("vocabulary", "Unit"),
    "basis": QT_TRANSLATE_NOOP("vocabulary", "Judgment basis"),
    "source": QT_TRANSLATE_NOOP("vocabulary", "Source"),
    "reference": QT_TRANSLATE_NOOP("vocabulary", "Reference"),
    "code": QT_TRANSLATE_NOOP("vocabulary", "Sample code"),
    "sample": QT_TRANSLATE_NOOP("vocabulary", "Sample"),
    "sample_id": QT_TRANSLATE_NOOP("vocabulary", "Sample"),
    "test_id": QT_TRANSLATE_NOOP("vocabulary", "Test"),
    "confirmation_test_id": QT_TRANSLATE_NOOP("vocabulary", "Confirmation test"),
    "result_id": QT_TRANSLATE_NOOP("vocabulary", "Result"),
    "rapid_screen_id": QT_TRANSLATE_NOOP("vocabulary", "Rapid screen"),
    "tests_added": QT_TRANSLATE_NOOP("vocabulary", "Tests added"),
    "product": QT_TRANSLATE_NOOP("vocabulary", "Product"),
    "product_id": QT_TRANSLATE_NOOP("vocabulary", "Product"),
    "producer_id": QT_TRANSLATE_NOOP("vocabulary", "Producer"),
    "producers": QT_TRANSLATE_NOOP("vocabulary", "Producers"),
    "task_id": QT_TRANSLATE_NOOP("vocabulary", "Sampling task"),
    "area_id": QT_TRANSLATE_NOOP("vocabulary", "Area"),
    "parameter": QT_TRANSLATE_NOOP("vocabulary", "Parameter"),
    "parameter_id": QT_TRANSLATE_NOOP("vocabulary", "Parameter"),
    "method_id": QT_TRANSLATE_NOOP("vocabulary", "Method"),
    "method_kind": QT_TRANSLATE_NOOP("vocabulary", "Kind of method"),
    "standard": QT_TRANSLATE_NOOP("vocabulary", "Standard"),
    "kind": QT_TRANSLATE_NOOP("vocabulary", "Kind"),
    "is_demo": QT_TRANSLATE_NOOP("vocabulary", "Demo data"),
    "sampled_at": QT_TRANSLATE_NOOP("vocabulary", "Sampled at"),
    "sampler1": QT_TRANSLATE_NOOP("vocabulary", "Sampler 1"),
    "sampler2": QT_TRANSLATE_NOOP("vocabulary", "Sampler 2"),
    "seal_intact": QT_TRANSLATE_NOOP("vocabulary", "Seal intact"),
    "backup_kept": QT_TRANSLATE_NOOP("vocabulary", "Backup sample kept"),
    "lab_took_sample": QT_TRANSLATE_NOOP("vocabulary", "Sampled by the lab"),
    "condition": QT_TRANSLATE_NOOP("vocabulary", "Condition"),
    "storage_place": QT_TRANSLATE_NOOP("vocabulary", "Kept at"),
    "rejection_reason": QT_TRANSLATE_NOOP("vocabulary", "Reason for rejection"),
    "reason": QT_TRANSLATE_NOOP("vocabulary", "Reason"),
    "username": QT_TRANSLATE_NOOP("vocabulary", "User name"),
    "full_name": QT_TRANSLATE_NOOP("vocabulary", "Full name"),
    "user": QT_TRANSLATE_NOOP("vocabulary", "User"),
    "roles": QT_TRANSLATE_NOOP("vocabulary", "Roles"),
    "active": QT_TRANSLATE_NOOP("vocabulary", "Active"),
    "locked": QT_TRANSLATE_NOOP("vocabulary", "Locked"),
    "failed_logins": QT_TRANSLATE_NOOP("vocabulary", "Failed log-ins"),
    "must_change_password": QT_TRANSLATE_NOOP("vocabulary", "Must change password"),
    "may_test": QT_TRANSLATE_NOOP("vocabulary", "May test"),
    "may_sign": QT_TRANSLATE_NOOP("vocabulary", "May sign"),
    "name": QT_TRANSLATE_NOOP("vocabulary", "Name"),
    "label": QT_TRANSLATE_NOOP("vocabulary", "Name"),
    "alias": QT_TRANSLATE_NOOP("vocabulary", "Alias"),
    "number": QT_TRANSLATE_NOOP("vocabulary", "Number"),
    "holder": QT_TRANSLATE_NOOP("vocabulary", "Holder"),
    "issued_on": QT_TRANSLATE_NOOP("vocabulary", "Issued on"),
    "valid_until": QT_TRANSLATE_NOOP("vocabulary", "Valid until"),
    "renewal_lead_days": QT_TRANSLATE_NOOP("vocabulary", "Days' notice for renewal"),
    "ability_table": QT_TRANSLATE_NOOP("vocabulary", "Ability table"),
    "certificate_no": QT_TRANSLATE_NOOP("vocabulary", "Certificate number"),
    "instrument_id": QT_TRANSLATE_NOOP("vocabulary", "Instrument"),
    "adapter": QT_TRANSLATE_NOOP("vocabulary", "Adapter"),
    "port": QT_TRANSLATE_NOOP("vocabulary", "Port"),
    "settings": QT_TRANSLATE_NOOP("vocabulary", "Line settings"),
    "serial_no": QT_TRANSLATE_NOOP("vocabulary", "Serial number"),
    "codes": QT_TRANSLATE_NOOP("vocabulary", "Code map"),
    "calibrated_on": QT_TRANSLATE_NOOP("vocabulary", "Calibrated on"),
    "journal_position": QT_TRANSLATE_NOOP("vocabulary", "Journal position"),
    "readings": QT_TRANSLATE_NOOP("vocabulary", "Readings"),
    "held_for": QT_TRANSLATE_NOOP("vocabulary", "Held because"),
    "kit_lot": QT_TRANSLATE_NOOP("vocabulary", "Kit lot"),
    "inhibition_pct": QT_TRANSLATE_NOOP("vocabulary", "Inhibition (%)"),
    "outcome": QT_TRANSLATE_NOOP("vocabulary", "Outcome"),
    "tested_at": QT_TRANSLATE_NOOP("vocabulary", "Tested at"),
    "notified_party": QT_TRANSLATE_NOOP("vocabulary", "Party notified"),
    "notified_at": QT_TRANSLATE_NOOP("vocabulary", "Notified at"),
    "action_taken": QT_TRANSLATE_NOOP("vocabulary", "Action taken"),
    "closed_at": QT_TRANSLATE_NOOP("vocabulary", "Closed at"),
    "supersedes": QT_TRANSLATE_NOOP("vocabulary", "Replaces"),
    "superseded_by": QT_TRANSLATE_NOOP("vocabulary", "Replaced by"),
    "replaced_by": QT_TRANSLATE_NOOP("vocabulary", "Replaced by"),
    "content_hash": QT_TRANSLATE_NOOP("vocabulary", "Content hash"),
    "audit_anchor": QT_TRANSLATE_NOOP("vocabulary", "Audit anchor"),
    "subject": QT_TRANSLATE_NOOP("vocabulary", "Certificate subject"),
    "for_testing": QT_TRANSLATE_NOOP("vocabulary", "For testing only"),
    "credit_code": QT_TRANSLATE_NOOP("vocabulary", "Credit code"),
}

TEST_STATUS: Mapping[str, str] = {
    TestStatus.ASSIGNED: QT_TRANSLATE_NOOP("vocabulary", "Awaiting result"),
    TestStatus.RESULT_ENTERED: QT_TRANSLATE_NOOP("vocabulary", "Result entered"),
    TestStatus.VERIFIED: QT_TRANSLATE_NOOP("vocabulary", "Verified"),
    TestStatus.RETRACTED: QT_TRANSLATE_NOOP("vocabulary", "Dropped"),
}

LIMIT_KIND: Mapping[str, str] = {
    LimitKind.MRL: QT_TRANSLATE_NOOP("vocabulary", "Maximum residue limit"),
    LimitKind.NOT_DETECTABLE: QT_TRANSLATE_NOOP("vocabulary", "Not detectable"),
    LimitKind.TEMPORARY: QT_TRANSLATE_NOOP("vocabulary", "Temporary limit"),
}

RESULT_SOURCE: Mapping[str, str] = {
    ResultSource.MANUAL: QT_TRANSLATE_NOOP("vocabulary", "Typed in"),
    ResultSource.IMPORT: QT_TRANSLATE_NOOP("vocabulary", "Imported"),
    ResultSource.INSTRUMENT: QT_TRANSLATE_NOOP("vocabulary", "From an instrument"),
}

BACKEND: Mapping[str, str] = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

# the built-in instrument adapters (instruments.registry.BUILT_IN); a declared one shows its id
ADAPTER: Mapping[str, str] = {
    "astm": QT_TRANSLATE_NOOP("vocabulary", "Analyser (ASTM E1394)"),
    "enzyme-reader": QT_TRANSLATE_NOOP("vocabulary", "Enzyme-inhibition reader"),
    "gold-reader": QT_TRANSLATE_NOOP("vocabulary", "Colloidal-gold reader"),
    "textline": QT_TRANSLATE_NOOP("vocabulary", "Instrument printing lines of text"),
}

# a certificate's scope verdict on a test (lims.domain.scope): in, review, or the reason it is out
SCOPE: Mapping[str, str] = {
    "in": QT_TRANSLATE_NOOP("vocabulary", "In scope"),
    "review": QT_TRANSLATE_NOOP("vocabulary", "To confirm"),
    "no_certificate": QT_TRANSLATE_NOOP("vocabulary", "No certificate"),
    "expired": QT_TRANSLATE_NOOP("vocabulary", "Certificate expired"),
    "not_yet_valid": QT_TRANSLATE_NOOP("vocabulary", "Not yet valid"),
    "category": QT_TRANSLATE_NOOP("vocabulary", "Product not covered"),
    "no_row": QT_TRANSLATE_NOOP("vocabulary", "Not in the table"),
    "edition": QT_TRANSLATE_NOOP("vocabulary", "Other method edition"),
    "limits_of_use": QT_TRANSLATE_NOOP("vocabulary", "Outside limits of use"),
}


TRANSITION: Mapping[str, str] = {
    "receive": QT_TRANSLATE_NOOP("vocabulary", "receive"),
    "reject": QT_TRANSLATE_NOOP("vocabulary", "reject"),
    "start": QT_TRANSLATE_NOOP("vocabulary", "start testing"),
    "submit": QT_TRANSLATE_NOOP("vocabulary", "submit for review"),
    "verify": QT_TRANSLATE_NOOP("vocabulary", "verify"),
    "retract": QT_TRANSLATE_NOOP("vocabulary", "retract"),
    "retest": QT_TRANSLATE_NOOP("vocabulary", "retest"),
    "approve": QT_TRANSLATE_NOOP("vocabulary", "approve"),
    "cancel": QT_TRANSLATE_NOOP("vocabulary", "cancel"),
    "invalidate": QT_TRANSLATE_NOOP("vocabulary", "invalidate"),
}


def label(table: Mapping[str, str], value: str | None) -> str:
    if value is None:
        return ""
    source = table.get(value)
    return QCoreApplication.translate("vocabulary", source) if source else str(value)


def sample_status(value: str | None) -> str:
    return label(SAMPLE_STATUS, value)


def role(value: str) -> str:
    return label(ROLE, value)


def roles(values: Iterable[str]) -> str:
    """Roles in the order of RoleCode, joined as a person would list them."""
    order: list[str] = list(RoleCode)
    ranked = sorted(values, key=lambda v: order.index(v) if v in order else len(order))
    separator = QCoreApplication.translate("vocabulary", ", ")
    return separator.join(role(v) for v in ranked)


def verdict(value: str | None) -> str:
    return label(VERDICT, value)


def scope_verdict(verdict: str, reason: str | None) -> str:
    """"In scope", "To confirm", or why the test is out ("Other method edition")."""
    return label(SCOPE, verdict if verdict in ("in", "review") else reason or verdict)


def certificate_kind(value: str) -> str:
    return label(CERTIFICATE_KIND, value)


def report_status(value: str) -> str:
    return label(REPORT_STATUS, value)


def audit_action(value: str) -> str:
    return label(AUDIT_ACTION, value)


def audit_entity(value: str) -> str:
    return label(AUDIT_ENTITY, value)


def audit_field(value: str) -> str:
    return label(AUDIT_FIELD, value)


def audit_value(entity: str, field: str, value: object, zone: tzinfo) -> str | None:
    """A stored code or flag of an audited field as a person reads it ("已审核", "是", a time on the
    lab's clock), or None when the value is shown as it is."""
    if isinstance(value, bool):
        return yes_no(value)
    if field == "roles" and isinstance(value, (list, tuple)):
        return roles(str(v) for v in value)
    if not isinstance(value, str):
        return None
    tables: dict[tuple[str, str], Mapping[str, str]] = {
        ("sample", "status"): SAMPLE_STATUS, ("test", "status"): TEST_STATUS, ("report", "status"): REPORT_STATUS,
        ("limit", "kind"): LIMIT_KIND, ("result", "source"): RESULT_SOURCE, ("certificate", "kind"): CERTIFICATE_KIND,
        ("task", "kind"): TASK_KIND,
    }
    table = tables.get((entity, field)) or (VERDICT if field == "verdict" else None)
    if table is not None and value in table:
        return label(table, value)
    if len(value) > 16 and value[10:11] == "T" and value[:4].isdigit():
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return format_in(moment, zone)
    return None


def backend(value: str) -> str:
    return BACKEND.get(value, value)


def adapter(value: str) -> str:
    return label(ADAPTER, value)


def yes_no(value: bool) -> str:
    return QCoreApplication.translate("vocabulary", "Yes") if value else QCoreApplication.translate("vocabulary", "No")


# --- dates and times ---------------------------------------------------------------------------
# Times are shown on the lab's clock (lims.services.policy.Policy.timezone), never the workstation's: a record
# reads the same on every workstation and matches the dates limits are judged by.


def default_lab_zone() -> ZoneInfo:
    """The lab's zone when the lab has set none; windows get the lab's own from the main window."""
    return ZoneInfo(DEFAULT_TIMEZONE)


def in_zone(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """A stored moment on the clock of ``zone`` (the lab's); naive values were stored as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


def format_in(moment: datetime | None, zone: tzinfo, seconds: bool = False) -> str:
    shown = in_zone(moment, zone)
    if shown is None:
        return ""
    return shown.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def wall_clock(moment: datetime | None, zone: tzinfo) -> QDateTime:
    """A moment (now when None) as the lab's clock reads it, to the minute, for a date-time edit."""
    shown = in_zone(moment, zone) or datetime.now(zone)
    return QDateTime(QDate(shown.year, shown.month, shown.day), QTime(shown.hour, shown.minute))


def moment_from(value: QDateTime, zone: tzinfo) -> datetime:
    """What a date-time edit shows, read on the lab's clock (never the workstation's)."""
    day, clock = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=zone)


def day_from(value: QDate) -> date:
    """What a date edit shows, as a date."""
    return date(value.year(), value.month(), value.day())


def today_in(zone: tzinfo) -> date:
    return datetime.now(zone).date()


def format_date(day: date | None) -> str:
    return day.isoformat() if day else ""


def error_params(params: Mapping[str, object]) -> dict[str, object]:
    """An error's parameters with the stored codes of statuses, transitions and roles replaced
    by their labels, so a translated message reads whole ("状态为 待收样", not "sample_due")."""
    shown = dict(params)
    for key, value in params.items():
        if not isinstance(value, str):
            continue
        if key == "status":
            shown[key] = sample_status(value)
        elif key == "transition":
            shown[key] = label(TRANSITION, value)
        elif key == "role":
            shown[key] = role(value)
        elif key == "roles" and value != "-":
            shown[key] = roles(value.split(", "))
    return shown
