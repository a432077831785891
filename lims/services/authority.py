"""Who may do what, read inside the caller's transaction as it sees the database.

An ``Actor`` is who logged in; whether that person is still active, which roles they hold and
which parameters they are authorised to test are looked up again at each action, so an
administrator who deactivates an account or removes a role stops that person's next action at
once, on every workstation. Accounts, roles and authorisations are kept with the reference data
(``lims.services.snapshots``): every change to them moves the reference stamp, which each
transaction reads."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lims.db.models import Authorization, Parameter, Role, User, user_roles
from lims.domain.accounts import Duty, holds
from lims.domain.enums import RoleCode
from lims.domain.errors import PermissionDenied
from lims.services import snapshots
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


@dataclass(frozen=True)
class Grant:
    """One authorisation row: a parameter (for one method, or any), to test and/or to sign."""

    parameter_id: int
    method_id: int | None
    may_test: bool
    may_sign: bool
    valid_from: date
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


def _held_roles(s: Session) -> dict[int, tuple[bool, frozenset[RoleCode]]]:
    """Every account's active flag and roles, by id (kept while the reference stamp holds:
    roles, role grants and accounts move it)."""
    def build() -> dict[int, tuple[bool, frozenset[RoleCode]]]:
        found: dict[int, tuple[bool, set[RoleCode]]] = {}
        for user_id, active, code in s.execute(
                select(User.id, User.active, Role.code).select_from(User)
                .outerjoin(user_roles, user_roles.c.user_id == User.id)
                .outerjoin(Role, Role.id == user_roles.c.role_id)):
            roles = found.setdefault(user_id, (bool(active), set()))[1]
            if code is not None:
                roles.add(RoleCode(code))
        return {user_id: (active, frozenset(roles)) for user_id, (active, roles) in found.items()}
    return snapshots.part(s, "roles", build)


def current_roles(s: Session, actor: Actor) -> frozenset[RoleCode]:
    """The roles the person holds now; refuses a person no longer active (or gone). Read from
    the database as this transaction sees it (through the reference stamp): a role removed or an
    account deactivated on another workstation counts at the next action."""
    if actor.user_id is None:
        raise PermissionDenied("{user} is not a person logged in", user=actor.username)
    active, roles = _held_roles(s).get(actor.user_id, (False, frozenset()))
    if not active:
        raise PermissionDenied("The account {user} is no longer active; nothing was changed",
                               user=actor.username)
    return roles


def grants(s: Session, actor: Actor) -> tuple[Grant, ...]:
    """Every authorisation the person holds (retired ones are not held), whatever its dates; read
    as this transaction sees the database (through the reference stamp)."""
    def build() -> dict[int, tuple[Grant, ...]]:
        found: dict[int, list[Grant]] = {}
        for a in s.execute(select(Authorization.user_id, Authorization.parameter_id, Authorization.method_id,
                                  Authorization.may_test, Authorization.may_sign, Authorization.valid_from,
                                  Authorization.valid_to)
                           .where(Authorization.active.is_(True)).order_by(Authorization.id)):
            found.setdefault(a.user_id, []).append(Grant(a.parameter_id, a.method_id, bool(a.may_test),
                                                         bool(a.may_sign), a.valid_from, a.valid_to))
        return {user_id: tuple(held) for user_id, held in found.items()}
    return snapshots.part(s, "grants", build).get(actor.user_id or 0, ())


def may_sign(s: Session, actor: Actor, on: date) -> frozenset[int]:
    """The parameters the person may sign for on ``on``."""
    return frozenset(g.parameter_id for g in grants(s, actor) if g.may_sign and g.valid_on(on))


def require(s: Session, actor: Actor, duty: Duty) -> frozenset[RoleCode]:
    """Refuse unless the person, as the database holds them now, may do ``duty``; returns their roles."""
    roles = current_roles(s, actor)
    if not holds(roles, duty):
        raise _refusal(duty, actor.username)
    return roles


def require_may_test(s: Session, actor: Actor, parameter_id: int, method_id: int | None, on: date) -> None:
    """Refuse unless the person holds an authorisation to test the parameter (for any method, or
    this one) valid on ``on``."""
    found = any(g.may_test and g.parameter_id == parameter_id and g.method_id in (None, method_id) and g.valid_on(on)
                for g in grants(s, actor))
    if not found:
        name = s.scalar(select(Parameter.name).where(Parameter.id == parameter_id)) or str(parameter_id)
        raise PermissionDenied(
            "{user} holds no authorisation to test {parameter} on {day}; a lab manager grants it",
            user=actor.username, parameter=name, day=on.isoformat(),
        )
