"""The lab's policy: typed keys with their defaults, read in one query and changed with an
audit event. Policy lives in the database (table ``lab_policy``) so that every workstation
applies the same rules; per-workstation preferences live in the GUI's settings instead."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from lims.db.base import utcnow
from lims.db.models import LabPolicy
from lims.domain.accounts import DEFAULT_LOCKOUT_THRESHOLD
from lims.domain.audit_chain import field_changes
from lims.domain.enums import AuditAction
from lims.domain.errors import ValidationError
from lims.domain.numbering import DEFAULT_SAMPLE_PATTERN, CodePattern
from lims.domain.workflow import WorkflowPolicy
from lims.services import audit, snapshots
from lims.services.dto import Actor

T = TypeVar("T")

AUDIT_ENTITY = "lab_policy"
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_PREFIX = "NJ"


def _zone(text: str) -> ZoneInfo:
    try:
        return ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("Unknown time zone '{zone}' (e.g. Asia/Shanghai)", field="timezone",
                              zone=text) from None


def _flag(text: str) -> bool:
    return text.strip().lower() == "true"


def _positive(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError("'{value}' is not a whole number", field="value", value=text) from None
    if value < 1:
        raise ValidationError("The number must be at least 1", field="value")
    return value


def _timestamp_url(text: str) -> str:
    """An RFC 3161 time-stamp server's address (http or https), or "" for none."""
    url = text.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(ch.isspace() for ch in url):
        raise ValidationError("'{url}' is not the web address of a time-stamp server, such as "
                              "http://timestamp.example.cn/tsa", field="timestamp_url", url=url)
    return url


MAX_TIMESTAMP_TIMEOUT_S = 120


def _timestamp_timeout(text: str) -> int:
    seconds = _positive(text)
    if seconds > MAX_TIMESTAMP_TIMEOUT_S:
        raise ValidationError("Wait at most {most} seconds for the time-stamp server", field="timestamp_timeout",
                              most=MAX_TIMESTAMP_TIMEOUT_S)
    return seconds


@dataclass(frozen=True)
class PolicyKey(Generic[T]):
    """One policy entry: the stored key, its default text, and how the text reads as a value
    (raising ValidationError on a bad one)."""

    name: str
    default: str
    parse: Callable[[str], T] = field(repr=False)

    def read(self, stored: str | None) -> T:
        """The stored text as a value; a missing or unreadable entry gives the default, so one bad
        row never stops the lab working."""
        if stored is None or not stored.strip():
            return self.parse(self.default)
        try:
            return self.parse(stored)
        except ValidationError:
            return self.parse(self.default)


TIMEZONE = PolicyKey("lab.timezone", DEFAULT_TIMEZONE, _zone)
CODE_PATTERN = PolicyKey("sample.code_pattern", DEFAULT_SAMPLE_PATTERN, str)
CODE_PREFIX = PolicyKey("sample.code_prefix", DEFAULT_PREFIX, str)
SELF_VERIFICATION = PolicyKey("workflow.allow_self_verification", "false", _flag)
LOCKOUT_THRESHOLD = PolicyKey("login.lockout_threshold", str(DEFAULT_LOCKOUT_THRESHOLD), _positive)
LAB_NAME = PolicyKey("lab.name", "", str)
LAB_ADDRESS = PolicyKey("lab.address", "", str)
LAB_PHONE = PolicyKey("lab.phone", "", str)
LAB_HOLDER = PolicyKey("lab.certificate_holder", "", str)  # the holder named on the lab's certificates
# report numbers: the sample code's pattern language (lims.domain.numbering) with the same prefix
DEFAULT_REPORT_PATTERN = "{prefix}BG{year}-{seq:05d}"
REPORT_NUMBER_PATTERN = PolicyKey("report.number_pattern", DEFAULT_REPORT_PATTERN, str)
# an RFC 3161 time-stamp server: when set, every issued report's signature is time-stamped (PAdES B-T)
TIMESTAMP_URL = PolicyKey("report.timestamp_url", "", _timestamp_url)
TIMESTAMP_TIMEOUT = PolicyKey("report.timestamp_timeout_s", "10", _timestamp_timeout)

KEYS: tuple[PolicyKey[Any], ...] = (
    TIMEZONE, CODE_PATTERN, CODE_PREFIX, SELF_VERIFICATION, LOCKOUT_THRESHOLD, LAB_NAME, LAB_ADDRESS, LAB_PHONE,
    REPORT_NUMBER_PATTERN, TIMESTAMP_URL, TIMESTAMP_TIMEOUT, LAB_HOLDER,
)


@dataclass(frozen=True)
class Policy:
    """The lab policy as one value, read once per action."""

    timezone: ZoneInfo
    code_pattern: CodePattern
    workflow: WorkflowPolicy
    lockout_threshold: int
    lab_name: str
    lab_address: str
    lab_phone: str
    report_pattern: CodePattern = field(default_factory=lambda: CodePattern(DEFAULT_REPORT_PATTERN, DEFAULT_PREFIX))
    timestamp_url: str = ""  # "" when reports are signed without a time-stamp
    timestamp_timeout_s: int = 10

    def day(self, moment: datetime) -> date:
        """The lab's calendar day at ``moment`` (an aware time): the day limits are judged by,
        filters select and reports print."""
        return moment.astimezone(self.timezone).date()

    def today(self) -> date:
        return self.day(utcnow())


def stored(s: Session) -> dict[str, str]:
    return dict(s.execute(select(LabPolicy.key, LabPolicy.value).where(
        LabPolicy.key.in_([k.name for k in KEYS]))).all())


_INFO_KEY = "lims.policy"


def read(s: Session) -> Policy:
    """The lab policy, read once per session (``write`` makes the next call read it again)."""
    found = s.info.get(_INFO_KEY)
    if found is None:
        found = s.info[_INFO_KEY] = snapshots.part(s, "policy", lambda: _read(s))
    return found


def _read(s: Session) -> Policy:
    values = stored(s)
    pattern_text = CODE_PATTERN.read(values.get(CODE_PATTERN.name))
    prefix = values.get(CODE_PREFIX.name, CODE_PREFIX.default)  # an empty prefix is a choice
    try:
        pattern = CodePattern(pattern_text, prefix)
    except ValidationError:
        pattern = CodePattern(CODE_PATTERN.default, CODE_PREFIX.default)
    return Policy(
        timezone=TIMEZONE.read(values.get(TIMEZONE.name)),
        code_pattern=pattern,
        workflow=WorkflowPolicy(allow_self_verification=SELF_VERIFICATION.read(values.get(SELF_VERIFICATION.name))),
        lockout_threshold=LOCKOUT_THRESHOLD.read(values.get(LOCKOUT_THRESHOLD.name)),
        lab_name=LAB_NAME.read(values.get(LAB_NAME.name)),
        lab_address=LAB_ADDRESS.read(values.get(LAB_ADDRESS.name)),
        lab_phone=LAB_PHONE.read(values.get(LAB_PHONE.name)),
        report_pattern=_report_pattern(values.get(REPORT_NUMBER_PATTERN.name), prefix),
        timestamp_url=TIMESTAMP_URL.read(values.get(TIMESTAMP_URL.name)),
        timestamp_timeout_s=TIMESTAMP_TIMEOUT.read(values.get(TIMESTAMP_TIMEOUT.name)),
    )


def _report_pattern(stored: str | None, prefix: str) -> CodePattern:
    """The report number pattern with the lab's prefix; the default when the stored one is bad."""
    try:
        return CodePattern(REPORT_NUMBER_PATTERN.read(stored), prefix)
    except ValidationError:
        return CodePattern(REPORT_NUMBER_PATTERN.default, prefix)


def forget(s: Session) -> None:
    """The policy changed in this session: read it again when next asked."""
    s.info.pop(_INFO_KEY, None)
    snapshots.forget(s)


def write(s: Session, actor: Actor, changes: Mapping[PolicyKey[Any], str], reason: str = "") -> None:
    """Store new texts for some keys, each checked by its key first, with one audit event per
    key that changed. The caller checks the person's right to change them."""
    for key in changes:
        key.parse(changes[key])  # raises on a bad value before anything is written
    forget(s)
    for key, text in changes.items():
        row = s.get(LabPolicy, key.name)
        before = None if row is None else row.value
        if before == text:
            continue
        if row is None:
            s.add(LabPolicy(key=key.name, value=text, version=1))
            action = AuditAction.CREATE
        else:
            row.value = text
            action = AuditAction.UPDATE
        audit.record(s, actor, AUDIT_ENTITY, key.name, action, field_changes({"value": before}, {"value": text}),
                     reason)
