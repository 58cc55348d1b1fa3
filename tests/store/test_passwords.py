import pytest

from courseware.store.errors import InvalidInput
from courseware.store.passwords import Passwords, check_new_password, one_time_password
from tests.databases import settings_for


@pytest.mark.parametrize(
    "password, message",
    [
        ("123456789", "at least 10 characters"),
        ("x" * 1001, "at most 1000 characters"),
        ("Ana@Example.org", "must not be the email"),
    ],
)
def test_passwords_that_are_refused(password, message):
    with pytest.raises(InvalidInput, match=message):
        check_new_password(password, "ana@example.org")


def test_ten_characters_that_are_not_the_email_are_enough():
    check_new_password("1234567890", "ana@example.org")


def test_one_time_passwords_follow_the_rules_and_never_repeat():
    passwords = {one_time_password() for _ in range(100)}
    assert len(passwords) == 100
    for password in passwords:
        check_new_password(password, "ana@example.org")
        assert not set(password) & set("01lIO")


def test_hashes_are_argon2id_and_verify_only_the_right_password():
    passwords = Passwords(settings_for("sqlite://"))
    stored = passwords.hash("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify(stored, "correct horse battery")
    assert not passwords.verify(stored, "correct horse batterY")
    assert not passwords.verify(None, "correct horse battery")
    assert not passwords.verify("not a hash", "correct horse battery")
