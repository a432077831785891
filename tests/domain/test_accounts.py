import pytest

from lims.domain.accounts import check_new_password, check_roles, check_username
from lims.domain.enums import RoleCode
from lims.domain.errors import ValidationError


@pytest.mark.parametrize(
    "password, message",
    [
        ("abc12", "at least 8 characters"),
        ("abcdefgh", "letters and digits"),
        ("12345678", "letters and digits"),
        ("Tech0001", "may not be the user name"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, message):
    with pytest.raises(ValidationError, match=message) as err:
        check_new_password(password, "tech0001")
    assert err.value.field == "password"


def test_a_good_password_passes():
    check_new_password("kaoshi2026", "tech1")


def test_user_names_are_plain_ascii_without_spaces():
    assert check_username("  wang.li ") == "wang.li"
    for bad in ("", "a", "王丽", "with space"):
        with pytest.raises(ValidationError):
            check_username(bad)


def test_roles_must_be_known_and_not_empty():
    assert check_roles({"reviewer", "signatory"}) == {RoleCode.REVIEWER, RoleCode.SIGNATORY}
    with pytest.raises(ValidationError, match="at least one role"):
        check_roles(set())
    with pytest.raises(ValidationError, match="Unknown role"):
        check_roles({"superuser"})
