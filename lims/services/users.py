"""Log-in, lockout, passwords and user administration."""
from __future__ import annotations

from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from lims.db.base import text_length, utcnow
from lims.db.models import LabPolicy, LoginState, Role, User
from lims.domain.accounts import (
    DEFAULT_LOCKOUT_THRESHOLD,
    Duty,
    check_full_name,
    check_new_password,
    check_roles,
    check_username,
)
from lims.domain.audit_chain import field_changes
from lims.domain.enums import AuditAction, RoleCode
from lims.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    ConcurrentEditError,
    LimsError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from lims.services import audit, authority
from lims.services import policy as lab_policy
from lims.services.dto import Actor, UserRow

LOCKOUT_POLICY_KEY = lab_policy.LOCKOUT_THRESHOLD.name
SYSTEM_ACTOR = "system"


def _hasher() -> PasswordHasher:
    # argon2id, memory-hard: 64 MiB, 3 passes (the library's RFC 9106 low-memory profile)
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _row(u: User) -> UserRow:
    return UserRow(
        id=u.id,
        username=u.username,
        full_name=u.full_name,
        roles=frozenset(r.code for r in u.roles),
        active=u.active,
        locked=u.login_state.locked,
        failed_logins=u.login_state.failed_logins,
        version=u.version,
    )


def _actor(u: User, workstation: str) -> Actor:
    return Actor(
        user_id=u.id,
        username=u.username,
        full_name=u.full_name,
        roles=frozenset(r.code for r in u.roles),
        workstation=workstation,
        must_change_password=u.must_change_password,
    )


class UserService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- log-in -----------------------------------------------------------------------------

    def lockout_threshold(self) -> int:
        with self._sessions() as s:
            return lab_policy.read(s).lockout_threshold

    def set_lockout_threshold(self, actor: Actor, threshold: int) -> None:
        if not 1 <= threshold <= 100:
            raise ValidationError("The lockout threshold is a whole number from 1 to 100", field="threshold")
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.ADMINISTER)  # the roles held now, not at log-in
            row = s.get(LabPolicy, LOCKOUT_POLICY_KEY)
            old = row.value if row else str(DEFAULT_LOCKOUT_THRESHOLD)
            if row is None:
                s.add(LabPolicy(key=LOCKOUT_POLICY_KEY, value=str(threshold)))
            else:
                row.value = str(threshold)
            audit.record(s, actor, "lab_policy", LOCKOUT_POLICY_KEY, AuditAction.UPDATE,
                         {"value": [old, str(threshold)]})

    def login(self, username: str, password: str, workstation: str) -> Actor:
        """Check the password; count a failure and lock the account at the lab's threshold.
        The counters live in login_state, so a log-in leaves the user row's version alone."""
        if not password:  # nothing typed is not a guess: it is neither counted nor audited
            raise AuthenticationFailed("Enter the password")
        threshold = self.lockout_threshold()
        failure: Exception | None = None
        with self._sessions.begin() as s:
            user = s.scalar(select(User).where(User.username == username.strip()))
            if user is None or not user.active:
                raise AuthenticationFailed("Wrong user name or password")
            _refuse_if_locked(user)
            who = Actor(user.id, user.username, user.full_name, frozenset(), workstation)
            if _verify(user.password_hash, password):
                s.execute(update(LoginState).where(LoginState.user_id == user.id)
                          .values(failed_logins=0, last_login_at=utcnow()))
                audit.record(s, who, "user", user.id, AuditAction.LOGIN)
                return _actor(user, workstation)
            # a failure is counted and committed, then reported
            failure = _count_failure(s, who, user, threshold, "", lambda failed: AuthenticationFailed(
                "Wrong user name or password ({n} attempt(s) left before the account is locked)",
                n=max(threshold - failed, 0),
            ))
        raise failure

    def change_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        with self._sessions.begin() as s:
            user = s.get(User, actor.user_id)
            if user is None:
                raise NotFound("Your account no longer exists")
            if not _verify(user.password_hash, old_password):
                raise AuthenticationFailed("The current password is wrong")
            check_new_password(new_password, user.username)
            user.password_hash = hash_password(new_password)
            user.must_change_password = False
            audit.record(s, actor, "user", user.id, AuditAction.PASSWORD_CHANGED)

    def confirm_password(self, actor: Actor, password: str) -> None:
        """Re-entry of the password for an electronic signature. A wrong one counts like a
        failed log-in (audited, and the account locks at the lab's threshold), so signing
        cannot be used to guess a password."""
        if not password:  # nothing typed is not a guess: it is neither counted nor audited
            raise AuthenticationFailed("Enter the password")
        threshold = self.lockout_threshold()
        failure: Exception | None = None
        with self._sessions.begin() as s:
            user = s.get(User, actor.user_id)
            if user is None or not user.active:
                raise AuthenticationFailed("The password is wrong")
            _refuse_if_locked(user)
            if _verify(user.password_hash, password):
                if user.login_state.failed_logins:
                    s.execute(update(LoginState).where(LoginState.user_id == user.id).values(failed_logins=0))
                return
            failure = _count_failure(s, actor, user, threshold, "wrong password at an electronic signature",
                                     lambda _failed: AuthenticationFailed("The password is wrong"))
        raise failure

    # --- administration ---------------------------------------------------------------------

    def needs_first_admin(self) -> bool:
        with self._sessions() as s:
            return (s.scalar(select(func.count(User.id))) or 0) == 0

    def create_first_admin(self, username: str, full_name: str, password: str, workstation: str) -> UserRow:
        """Only on an empty database: the first account, an administrator and nothing else. Bench
        roles, and above all the signatory's, are given on purpose afterwards (audited), never by
        default to whoever installed the program."""
        system = Actor(None, SYSTEM_ACTOR, SYSTEM_ACTOR, frozenset(RoleCode), workstation)
        return self._create(system, username, full_name, password, {RoleCode.ADMIN.value}, first=True)

    def create_user(
        self, actor: Actor, username: str, full_name: str, password: str, roles: set[str]
    ) -> UserRow:
        return self._create(actor, username, full_name, password, roles, first=False)

    def _create(self, actor: Actor, username: str, full_name: str, password: str, roles: set[str], *,
                first: bool) -> UserRow:
        username = check_username(username)
        full_name = check_full_name(full_name, max_length=text_length(User.full_name))
        check_new_password(password, username)
        role_codes = check_roles(roles)
        with self._sessions.begin() as s:
            if not first:
                authority.require(s, actor, Duty.ADMINISTER)  # the roles held now, not at log-in
            elif s.scalar(select(func.count(User.id))):
                raise PermissionDenied("The database already has users; log in as an administrator")
            if s.scalar(select(User.id).where(User.username == username)) is not None:
                raise ValidationError("The user name {user} is taken", field="username", user=username)
            user = User(
                username=username,
                full_name=full_name,
                password_hash=hash_password(password),
                roles=list(s.scalars(select(Role).where(Role.code.in_([r.value for r in role_codes])))),
                active=True,
                must_change_password=False,
                login_state=LoginState(failed_logins=0, locked=False),
            )
            s.add(user)
            s.flush()
            audit.record(s, actor, "user", user.id, AuditAction.CREATE, {
                "username": [None, username],
                "full_name": [None, full_name],
                "roles": [None, sorted(r.value for r in role_codes)],
            })
            return _row(user)

    def list_users(self) -> list[UserRow]:
        with self._sessions() as s:
            return [_row(u) for u in s.scalars(select(User).order_by(User.username))]

    def update_user(
        self,
        actor: Actor,
        user_id: int,
        expected_version: int,
        *,
        full_name: str | None = None,
        roles: set[str] | None = None,
        active: bool | None = None,
        reason: str = "",
    ) -> UserRow:
        """Edit a user as read at ``expected_version``; refuse if another workstation changed it since."""
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.ADMINISTER)  # the roles held now, not at log-in
            user = self._for_edit(s, user_id, expected_version)
            before = {"full_name": user.full_name, "roles": sorted(r.code for r in user.roles),
                      "active": user.active}
            if full_name is not None:
                user.full_name = check_full_name(full_name, max_length=text_length(User.full_name))
            if roles is not None:
                codes = [r.value for r in check_roles(roles)]
                if user.id == actor.user_id and RoleCode.ADMIN.value not in codes:
                    raise ValidationError("You cannot remove your own administrator role", field="roles")
                with s.no_autoflush:  # one edit, one version step
                    user.roles = list(s.scalars(select(Role).where(Role.code.in_(codes))))
            if active is not None:
                if user.id == actor.user_id and not active:
                    raise ValidationError("You cannot deactivate your own account", field="active")
                user.active = active
            after = {"full_name": user.full_name, "roles": sorted(r.code for r in user.roles),
                     "active": user.active}
            changes = field_changes(before, after)
            if changes:
                # roles live in another table: mark the row itself so its version counter moves
                flag_modified(user, "full_name")
                audit.record(s, actor, "user", user.id, AuditAction.UPDATE, changes, reason)
            return self._flush_row(s, user)

    def unlock(self, actor: Actor, user_id: int, expected_version: int) -> UserRow:
        """Clear the lock and the count of wrong passwords. Only the log-in state changes, so
        the user's version (and any edit form open on it) stays as it was."""
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.ADMINISTER)  # the roles held now, not at log-in
            user = self._for_edit(s, user_id, expected_version)
            state = user.login_state
            changes = field_changes({"locked": state.locked, "failed_logins": state.failed_logins},
                                    {"locked": False, "failed_logins": 0})
            s.execute(update(LoginState).where(LoginState.user_id == user.id).values(locked=False, failed_logins=0))
            audit.record(s, actor, "user", user.id, AuditAction.UPDATE, changes)
            return self._flush_row(s, user)

    def reset_password(self, actor: Actor, user_id: int, expected_version: int, new_password: str) -> UserRow:
        with self._sessions.begin() as s:
            authority.require(s, actor, Duty.ADMINISTER)  # the roles held now, not at log-in
            user = self._for_edit(s, user_id, expected_version)
            check_new_password(new_password, user.username)
            user.password_hash = hash_password(new_password)
            user.must_change_password = True
            audit.record(s, actor, "user", user.id, AuditAction.PASSWORD_CHANGED, reason="reset by administrator")
            return self._flush_row(s, user)

    @staticmethod
    def _for_edit(s: Session, user_id: int, expected_version: int) -> User:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound("User {id} no longer exists", id=user_id)
        if user.version != expected_version:
            raise ConcurrentEditError(
                "The user {user} was changed on another workstation since you opened it; "
                "reload and try again", user=user.username,
            )
        return user

    @staticmethod
    def _flush_row(s: Session, user: User) -> UserRow:
        try:
            s.flush()
        except (StaleDataError, ConcurrentEditError) as exc:  # the session reports a stale row as the latter
            raise ConcurrentEditError(
                "The user {user} was changed on another workstation at the same moment; "
                "reload and try again", user=user.username,
            ) from exc
        return _row(user)


def _refuse_if_locked(user: User) -> None:
    if user.login_state.locked:
        raise AccountLocked(
            "The account {user} is locked after repeated failed log-ins; "
            "an administrator must unlock it", user=user.username,
        )


def _count_failure(s: Session, who: Actor, user: User, threshold: int, reason: str,
                   failure: Callable[[int], LimsError]) -> LimsError:
    """Count one wrong password (log-in or signature), audited; lock the account at the lab's
    threshold. Returns the error to report once the transaction has committed; ``failure``
    makes it from the count so far.

    The count is one UPDATE (failed_logins + 1), so wrong passwords typed at the same moment
    on two workstations queue on the row and are all counted."""
    failed = s.execute(
        update(LoginState).where(LoginState.user_id == user.id)
        .values(failed_logins=LoginState.failed_logins + 1)
        .returning(LoginState.failed_logins)
    ).scalar_one()
    audit.record(s, who, "user", user.id, AuditAction.LOGIN_FAILED,
                 {"failed_logins": [failed - 1, failed]}, reason)
    if failed < threshold:
        return failure(failed)
    locked_now = s.execute(
        update(LoginState).where(LoginState.user_id == user.id, LoginState.locked.is_(False))
        .values(locked=True).returning(LoginState.user_id)
    ).first()
    if locked_now is not None:
        audit.record(s, who, "user", user.id, AuditAction.LOCKED, {"locked": [False, True]})
    return AccountLocked(
        "Wrong password. The account {user} is now locked after {n} failed log-ins; "
        "an administrator must unlock it", user=user.username, n=failed,
    )


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
