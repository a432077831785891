"""Log-in, lockout, passwords and user administration, each leaving its audit event."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from lims.domain.enums import RoleCode
from lims.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    ConcurrentEditError,
    PermissionDenied,
    ValidationError,
)
from lims.services.dto import AuditFilter

PW = "kaoshi2026"


@pytest.fixture
def admin(services):
    services.users.create_first_admin("admin", "王管理", PW, "ws-01")
    return services.users.login("admin", PW, "ws-01")


def test_the_first_administrator_is_an_administrator_only_and_is_made_only_once(services, admin):
    # whoever installs the program does not become the lab's authorised signatory by default
    assert admin.roles == frozenset({RoleCode.ADMIN})
    created = services.audit.page(AuditFilter(entity="user")).rows[-1]
    assert created.changes["roles"] == [None, ["admin"]]
    assert not services.users.needs_first_admin()
    with pytest.raises(PermissionDenied):
        services.users.create_first_admin("intruder", "某人", PW, "ws-09")


def test_wrong_passwords_are_counted_and_lock_the_account_at_the_threshold(services, admin):
    services.users.set_lockout_threshold(admin, 3)
    services.users.create_user(admin, "tech1", "张检测", PW, {"technician"})
    with pytest.raises(AuthenticationFailed, match="2 attempt"):
        services.users.login("tech1", "wrong-pass1", "ws-02")
    with pytest.raises(AuthenticationFailed, match="1 attempt"):
        services.users.login("tech1", "wrong-pass2", "ws-02")
    with pytest.raises(AccountLocked, match="now locked"):
        services.users.login("tech1", "wrong-pass3", "ws-02")
    # locked: even the right password is refused until an administrator unlocks
    with pytest.raises(AccountLocked, match="administrator must unlock"):
        services.users.login("tech1", PW, "ws-02")
    row = next(u for u in services.users.list_users() if u.username == "tech1")
    assert row.locked and row.failed_logins == 3
    services.users.unlock(admin, row.id, row.version)
    assert services.users.login("tech1", PW, "ws-02").roles == frozenset({RoleCode.TECHNICIAN})
    actions = [r.action for r in services.audit.page(AuditFilter(entity="user")).rows]
    assert actions.count("login_failed") == 3 and "locked" in actions
    assert services.audit.verify().ok


def test_an_empty_password_is_asked_for_again_and_never_counted(services, admin):
    services.users.set_lockout_threshold(admin, 2)
    for _ in range(3):
        with pytest.raises(AuthenticationFailed, match="Enter the password"):
            services.users.login("admin", "", "ws-01")
    row = next(u for u in services.users.list_users() if u.username == "admin")
    assert not row.locked and row.failed_logins == 0
    assert "login_failed" not in [r.action for r in services.audit.page(AuditFilter(entity="user")).rows]


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(services, admin):
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        services.users.login("nobody", PW, "ws-01")


def test_change_password_needs_the_current_one(services, admin):
    with pytest.raises(AuthenticationFailed, match="current password"):
        services.users.change_password(admin, "not-it-123", "newpass2026")
    with pytest.raises(ValidationError, match="at least 8"):
        services.users.change_password(admin, PW, "short1")
    services.users.change_password(admin, PW, "newpass2026")
    with pytest.raises(AuthenticationFailed):
        services.users.login("admin", PW, "ws-01")
    assert services.users.login("admin", "newpass2026", "ws-01").username == "admin"


def test_passwords_are_stored_with_argon2id_never_in_clear(services, admin, engine):
    with engine.connect() as c:
        stored = c.scalar(text("SELECT password_hash FROM user_account WHERE username='admin'"))
    assert stored.startswith("$argon2id$") and PW not in stored


def test_only_an_administrator_creates_users(services, admin):
    services.users.create_user(admin, "tech1", "张检测", PW, {"technician"})
    tech = services.users.login("tech1", PW, "ws-02")
    with pytest.raises(PermissionDenied):
        services.users.create_user(tech, "tech2", "刘检测", PW, {"technician"})
    with pytest.raises(ValidationError, match="taken"):
        services.users.create_user(admin, "tech1", "重名", PW, {"technician"})


def test_an_edit_based_on_a_stale_read_is_refused_and_nothing_is_overwritten(services, admin):
    row = services.users.create_user(admin, "reviewer", "李审核", PW, {"reviewer"})
    # workstation 1 and 2 both show the user at the same version
    services.users.update_user(admin, row.id, row.version, roles={"reviewer", "signatory"})
    with pytest.raises(ConcurrentEditError, match="another workstation"):
        services.users.update_user(admin, row.id, row.version, full_name="李某")
    now = next(u for u in services.users.list_users() if u.username == "reviewer")
    assert now.full_name == "李审核"
    assert now.roles == frozenset({RoleCode.REVIEWER, RoleCode.SIGNATORY})
    assert now.version == row.version + 1


def test_administrators_cannot_lock_themselves_out(services, admin):
    me = next(u for u in services.users.list_users() if u.username == "admin")
    with pytest.raises(ValidationError, match="own administrator role"):
        services.users.update_user(admin, me.id, me.version, roles={"technician"})
    with pytest.raises(ValidationError, match="deactivate your own"):
        services.users.update_user(admin, me.id, me.version, active=False)


def test_wrong_passwords_at_a_signature_count_and_lock_like_failed_log_ins(services, admin):
    services.users.set_lockout_threshold(admin, 2)
    services.users.create_user(admin, "reviewer", "李审核", PW, {"reviewer"})
    reviewer = services.users.login("reviewer", PW, "ws-02")
    services.users.confirm_password(reviewer, PW)
    with pytest.raises(AuthenticationFailed, match="password is wrong"):
        services.users.confirm_password(reviewer, "guess-0001")
    with pytest.raises(AccountLocked, match="now locked"):
        services.users.confirm_password(reviewer, "guess-0002")
    with pytest.raises(AccountLocked):
        services.users.confirm_password(reviewer, PW)
    failed = [r for r in services.audit.page(AuditFilter(entity="user")).rows if r.action == "login_failed"]
    assert [r.reason for r in failed] == ["wrong password at an electronic signature"] * 2
    assert services.audit.verify().ok


def test_an_administrators_edit_form_still_saves_after_that_person_logs_in_or_mistypes(services, admin, engine):
    services.users.create_user(admin, "tech1", "张检测", PW, {"technician"})
    form = next(u for u in services.users.list_users() if u.username == "tech1")  # the form opens
    services.users.login("tech1", PW, "ws-02")
    with pytest.raises(AuthenticationFailed):
        services.users.login("tech1", "wrong-pass1", "ws-03")
    services.users.confirm_password(services.users.login("tech1", PW, "ws-02"), PW)
    saved = services.users.update_user(admin, form.id, form.version, full_name="张检测员",
                                       roles={"technician", "reviewer"})
    assert saved.full_name == "张检测员" and saved.version == form.version + 1
    with engine.connect() as c:
        last_login = c.scalar(text("SELECT last_login_at FROM login_state WHERE user_id = :id"), {"id": form.id})
    assert last_login is not None


def test_a_lock_out_and_its_unlock_leave_an_open_edit_form_valid(services, admin):
    services.users.set_lockout_threshold(admin, 2)
    services.users.create_user(admin, "tech1", "张检测", PW, {"technician"})
    form = next(u for u in services.users.list_users() if u.username == "tech1")
    for attempt in ("wrong-pass1", "wrong-pass2"):
        with pytest.raises((AuthenticationFailed, AccountLocked)):
            services.users.login("tech1", attempt, "ws-02")
    locked = next(u for u in services.users.list_users() if u.username == "tech1")
    assert locked.locked and locked.failed_logins == 2 and locked.version == form.version
    with pytest.raises(AccountLocked):
        services.users.login("tech1", PW, "ws-02")
    unlocked = services.users.unlock(admin, form.id, form.version)
    assert not unlocked.locked and unlocked.failed_logins == 0
    services.users.update_user(admin, form.id, form.version, full_name="张检测员")
    assert services.users.login("tech1", PW, "ws-02").full_name == "张检测员"
