import pytest
from sqlalchemy import select

from courseware.access import COMMAND_LINE, PermissionDenied
from courseware.store import Database
from courseware.store.accounts import (
    create_first_administrator,
    needs_first_administrator,
    reset_password,
    set_account_active,
)
from courseware.store.auth import (
    SIGN_IN_FAILED,
    SignInFailed,
    authenticate,
    change_password,
    sign_in,
    sign_out,
)
from courseware.store.cohorts import (
    list_cohorts,
)
from courseware.store.errors import Conflict, InvalidInput
from courseware.store.models import User
from tests.databases import PASSWORD, settings_for

ADDRESS = "198.51.100.7"


def test_signing_in_gives_a_token_that_identifies_the_user(db, ana):
    signed_in = sign_in(db, "ANA@example.org ", PASSWORD, ADDRESS)
    identity = authenticate(db, signed_in.token)
    assert identity.profile.email == ana
    assert identity.actor == signed_in.identity.actor
    assert identity.actor.role == "learner"


def test_every_sign_in_gets_a_new_token_and_ends_the_one_it_replaces(db, ana):
    first = sign_in(db, ana, PASSWORD, ADDRESS)
    second = sign_in(db, ana, PASSWORD, ADDRESS, replacing_token=first.token)
    assert second.token != first.token
    assert authenticate(db, first.token) is None
    assert authenticate(db, second.token) is not None


def test_only_a_hash_of_the_token_is_stored(db, ana):
    token = sign_in(db, ana, PASSWORD, ADDRESS).token
    stored = db.read(
        lambda tx: [
            row
            for row in tx.session.execute(
                select("*").select_from(User.metadata.tables["auth_sessions"])
            )
        ]
    )
    assert stored and all(token not in map(str, row) for row in stored)


@pytest.mark.parametrize(
    "email, password", [("ana@example.org", "not the password"), ("nobody@example.org", PASSWORD)]
)
def test_a_wrong_password_and_an_unknown_account_get_the_same_message(db, ana, email, password):
    with pytest.raises(SignInFailed) as failure:
        sign_in(db, email, password, ADDRESS)
    assert str(failure.value) == SIGN_IN_FAILED == "email or password is wrong"


def test_a_deactivated_account_cannot_sign_in_and_its_sessions_end(db, ana):
    token = sign_in(db, ana, PASSWORD, ADDRESS).token
    ana_id = authenticate(db, token).actor.user_id
    set_account_active(db, COMMAND_LINE, ana_id, False)
    assert authenticate(db, token) is None
    with pytest.raises(SignInFailed, match=SIGN_IN_FAILED):
        sign_in(db, ana, PASSWORD, ADDRESS)


def test_a_session_ends_after_eight_idle_hours(db, ana, clock):
    token = sign_in(db, ana, PASSWORD, ADDRESS).token
    clock.advance(hours=7, minutes=59)
    assert authenticate(db, token) is not None  # a reload keeps the session alive
    clock.advance(hours=7, minutes=59)
    assert authenticate(db, token) is not None
    clock.advance(hours=8)
    assert authenticate(db, token) is None


def test_a_session_ends_after_seven_days_however_active(db, ana, clock):
    token = sign_in(db, ana, PASSWORD, ADDRESS).token
    for _ in range(6 * 4 + 3):
        clock.advance(hours=6)
        assert authenticate(db, token) is not None
    clock.advance(hours=6)
    assert authenticate(db, token) is None


def test_the_lifetimes_come_from_the_settings(database_url, clock, ana):
    short = Database(database_url, settings_for(database_url, session_idle_hours=1), clock)
    token = sign_in(short, ana, PASSWORD, ADDRESS).token
    clock.advance(minutes=61)
    assert authenticate(short, token) is None
    short.dispose()


def test_signing_out_ends_that_session_only(db, ana):
    laptop = sign_in(db, ana, PASSWORD, ADDRESS).token
    phone = sign_in(db, ana, PASSWORD, ADDRESS).token
    sign_out(db, laptop)
    assert authenticate(db, laptop) is None
    assert authenticate(db, phone) is not None


def test_unknown_and_missing_tokens_identify_nobody(db):
    assert authenticate(db, None) is None
    assert authenticate(db, "made-up") is None
    sign_out(db, "made-up")


def test_a_reset_password_works_once_and_must_be_replaced(db, ana, clock):
    old_session = sign_in(db, ana, PASSWORD, ADDRESS).token
    user_id = authenticate(db, old_session).actor.user_id
    one_time = reset_password(db, COMMAND_LINE, user_id)
    assert authenticate(db, old_session) is None
    with pytest.raises(SignInFailed):
        sign_in(db, ana, PASSWORD, ADDRESS)
    signed_in = sign_in(db, ana, one_time, ADDRESS)
    assert signed_in.identity.profile.must_change_password
    with pytest.raises(PermissionDenied, match="new password"):
        list_cohorts(db, signed_in.identity.actor)
    change_password(
        db,
        signed_in.identity.actor,
        one_time,
        "my own new password",
        session_token=signed_in.token,
    )
    assert not authenticate(db, signed_in.token).profile.must_change_password
    assert list_cohorts(db, signed_in.identity.actor) == []
    assert sign_in(db, ana, "my own new password", ADDRESS).token


def test_a_password_chosen_at_reset_must_be_replaced_too(db, ana):
    user_id = sign_in(db, ana, PASSWORD, ADDRESS).identity.actor.user_id
    assert reset_password(db, COMMAND_LINE, user_id, "set by the admin") is None
    assert sign_in(db, ana, "set by the admin", ADDRESS).identity.profile.must_change_password


def test_a_new_password_ends_the_other_sessions_but_not_the_one_it_is_set_in(db, ana):
    here = sign_in(db, ana, PASSWORD, ADDRESS)
    elsewhere = sign_in(db, ana, PASSWORD, "198.51.100.7").token
    change_password(
        db, here.identity.actor, PASSWORD, "a fresh long password", session_token=here.token
    )
    assert authenticate(db, here.token) is not None
    assert authenticate(db, elsewhere) is None


@pytest.mark.parametrize(
    "current, new, message",
    [
        ("not my password", "a fine new password", "current password is wrong"),
        (PASSWORD, "short", "at least 10 characters"),
        (PASSWORD, "ANA@example.org", "must not be the email"),
        (PASSWORD, PASSWORD, "must differ"),
    ],
)
def test_changing_a_password_checks_the_old_one_and_the_rules(db, ana, current, new, message):
    signed_in = sign_in(db, ana, PASSWORD, ADDRESS)
    elsewhere = sign_in(db, ana, PASSWORD, "198.51.100.7").token
    with pytest.raises(InvalidInput, match=message):
        change_password(db, signed_in.identity.actor, current, new, session_token=signed_in.token)
    assert sign_in(db, ana, PASSWORD, ADDRESS).token
    assert authenticate(db, elsewhere) is not None


def test_hashes_made_with_an_older_cost_are_upgraded_at_sign_in(database_url, clock, ana, db):
    stronger = Database(
        database_url, settings_for(database_url, password_hash_memory_kib=128), clock
    )
    sign_in(stronger, ana, PASSWORD, ADDRESS)
    stored = db.read(lambda tx: tx.session.scalar(select(User.password_hash)))
    assert stored.startswith("$argon2id$") and "m=128," in stored
    assert sign_in(db, ana, PASSWORD, ADDRESS).token
    stronger.dispose()


# The first administrator -----------------------------------------------------------------


def test_the_first_administrator_is_created_once_on_an_empty_database(db):
    assert needs_first_administrator(db)
    create_first_administrator(
        db,
        email="root@example.org",
        display_name="Root",
        password=PASSWORD,
        organisation_name="Atina",
    )
    assert not needs_first_administrator(db)
    assert sign_in(db, "root@example.org", PASSWORD, ADDRESS).identity.actor.role == "admin"
    with pytest.raises(Conflict):
        create_first_administrator(
            db,
            email="other@example.org",
            display_name="Other",
            password=PASSWORD,
            organisation_name="Atina",
        )
