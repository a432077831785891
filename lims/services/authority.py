"""Who may do what, read from the database at each action inside the caller's transaction.

An ``Actor`` is who logged in; whether that person is still active, which roles they hold and
which parameters they are authorised to test are read again here, so an administrator who
deactivates an account or removes a role stops that person's next action at once, on every
workstation."""
from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from lims.db.models import Authorization, Parameter, Role, User, user_roles
from lims.domain.accounts import Duty, holds
from lims.domain.enums import RoleCode
from lims.domain.errors import PermissionDenied
from lims.services.dto import Actor


def _refusal(duty: Duty, user: str) -> PermissionDenied:
    match duty:
        case Duty.REGISTER:
            return PermissionDenied("{user} holds no role that may register samples", user=user)
        case Duty.PLAN_TESTS:
            return PermissionDenied("{user} holds no role that may plan a sample's tests", user=user)
        case Duty.ENTER_RESULTS:
            return PermissionDenied("{user} holds no role that may enter results", user=user)
        case Duty.MANAGE_CATALOGUE:
            return PermissionDenied("{user} holds no role that may change the lab's catalogue and limits", user=user)
        case Duty.MANAGE_SCOPE:
            return PermissionDenied("{user} holds no role that may change the certificates and their scope",
                                    user=user)
        case Duty.MANAGE_INSTRUMENTS:
            return PermissionDenied("{user} holds no role that may manage instruments", user=user)
        case Duty.ISSUE_REPORTS:
            return PermissionDenied("{user} holds no role that may issue reports", user=user)
        case Duty.ADMINISTER:
            return PermissionDenied("{user} holds no role that may administer user accounts", user=user)


def current_roles(s: Session, actor: Actor) -> frozenset[RoleCode]:
    """The roles the person holds now; refuses a person no longer active (or gone)."""
    if actor.user_id is None:
        raise PermissionDenied("{user} is not a person logged in", user=actor.username)
    rows = s.execute(
        select(User.active, Role.code)
        .select_from(User)
        .outerjoin(user_roles, user_roles.c.user_id == User.id)
        .outerjoin(Role, Role.id == user_roles.c.role_id)
        .where(User.id == actor.user_id)
    ).all()
    if not rows or not rows[0][0]:
        raise PermissionDenied("The account {user} is no longer active; nothing was changed", user=actor.username)
    return frozenset(RoleCode(code) for _, code in rows if code is not None)


def require(s: Session, actor: Actor, duty: Duty) -> frozenset[RoleCode]:
    """Refuse unless the person, as the database holds them now, may do ``duty``; returns their roles."""
    roles = current_roles(s, actor)
    if not holds(roles, duty):
        raise _refusal(duty, actor.username)
    return roles


def require_may_test(s: Session, actor: Actor, parameter_id: int, method_id: int | None, on: date) -> None:
    """Refuse unless the person holds an authorisation to test the parameter (for any method, or
    this one) valid on ``on``."""
    found = s.scalar(select(Authorization.id).where(
        Authorization.user_id == actor.user_id, Authorization.parameter_id == parameter_id,
        Authorization.may_test.is_(True), Authorization.active.is_(True),
        or_(Authorization.method_id.is_(None), Authorization.method_id == method_id),
        Authorization.valid_from <= on,
        or_(Authorization.valid_to.is_(None), Authorization.valid_to >= on),
    ).limit(1))
    if found is None:
        name = s.scalar(select(Parameter.name).where(Parameter.id == parameter_id)) or str(parameter_id)
        raise PermissionDenied(
            "{user} holds no authorisation to test {parameter} on {day}; a lab manager grants it",
            user=actor.username, parameter=name, day=on.isoformat(),
        )
