"""Rules for user names, passwords and roles."""
from __future__ import annotations

import re

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
