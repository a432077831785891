"""Rules for user names, passwords and roles."""
from __future__ import annotations

import re
from enum import StrEnum

from lims.domain.enums import RoleCode
from lims.domain.errors import ValidationError
from lims.domain.text import clean_text

MIN_PASSWORD_LENGTH = 8
DEFAULT_LOCKOUT_THRESHOLD = 5
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")


def check_username(username: str) -> str:
    username = username.strip()
    if not _USERNAME.match(username):
        raise ValidationError(
            "A user name is 2-64 letters, digits, '.', '-' or '_' (no spaces)", field="username"
        )
    return username


def check_new_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "A password needs at least {n} characters", field="password", n=MIN_PASSWORD_LENGTH
        )
    if password.strip().lower() == username.strip().lower():
        raise ValidationError("A password may not be the user name", field="password")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        raise ValidationError("A password needs both letters and digits", field="password")


def check_roles(roles: set[str]) -> set[RoleCode]:
    if not roles:
        raise ValidationError("A user needs at least one role", field="roles")
    try:
        return {RoleCode(r) for r in roles}
    except ValueError as exc:
        raise ValidationError("Unknown role: {role}", field="roles", role=str(exc)) from exc


def check_full_name(full_name: str, *, max_length: int | None) -> str:
    """The name cleaned (lims.domain.text); ``max_length`` is what the column holds."""
    full_name = clean_text(full_name, field="full_name", max_length=max_length)
    if not full_name:
        raise ValidationError("Enter the person's full name", field="full_name")
    return full_name


class Duty(StrEnum):
    """What a person does, each held by some roles (``DUTY_ROLES``). A service checks the duty
    against the roles the database holds at that moment, not those read at log-in."""

    REGISTER = "register"  # sampling forms, receipt, sampling-list imports
    PLAN_TESTS = "plan_tests"  # panels, tests added or dropped
    ENTER_RESULTS = "enter_results"  # results typed, imported or captured; rapid screens
    MANAGE_CATALOGUE = "manage_catalogue"  # limits, products, parameters, methods, lab policy
    MANAGE_SCOPE = "manage_scope"  # certificates, ability tables, expansion
    MANAGE_INSTRUMENTS = "manage_instruments"  # instruments, calibrations, held readings released
    ISSUE_REPORTS = "issue_reports"  # reports issued, amended, signing identity
    ADMINISTER = "administer"  # user accounts, lockout


DUTY_ROLES: dict[Duty, frozenset[RoleCode]] = {
    Duty.REGISTER: frozenset({RoleCode.TECHNICIAN, RoleCode.MANAGER}),
    Duty.PLAN_TESTS: frozenset({RoleCode.TECHNICIAN, RoleCode.MANAGER}),
    Duty.ENTER_RESULTS: frozenset({RoleCode.TECHNICIAN, RoleCode.REVIEWER}),
    Duty.MANAGE_CATALOGUE: frozenset({RoleCode.MANAGER, RoleCode.ADMIN}),
    Duty.MANAGE_SCOPE: frozenset({RoleCode.MANAGER}),
    Duty.MANAGE_INSTRUMENTS: frozenset({RoleCode.MANAGER, RoleCode.ADMIN}),
    Duty.ISSUE_REPORTS: frozenset({RoleCode.SIGNATORY, RoleCode.MANAGER}),
    Duty.ADMINISTER: frozenset({RoleCode.ADMIN}),
}


def holds(roles: frozenset[RoleCode], duty: Duty) -> bool:
    return bool(roles & DUTY_ROLES[duty])
