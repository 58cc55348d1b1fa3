"""Signing up with an invite code: cheap checks first, throttled, and silent about which
emails have an account."""

import pytest
from sqlalchemy import func, select

from courseware.store.auth import authenticate, sign_in
from courseware.store.cohorts import (
    create_cohort,
    regenerate_invite_code,
)
from courseware.store.errors import InvalidInput
from courseware.store.models import User
from courseware.store.signup import sign_up_with_invite
from courseware.store.throttle import TooManyTries
from tests.databases import PASSWORD, settings_for

ADDRESS = "198.51.100.7"
ELSEWHERE = "203.0.113.9"
MILA = "mila's password"


def _sign_up(db, code, email="mila@example.org", address=ADDRESS, password=MILA):
    return sign_up_with_invite(
        db,
        invite_code=code,
        email=email,
        display_name="Mila",
        password=password,
        language="en",
        address=address,
    )


@pytest.fixture
def hashes(db, monkeypatch):
    """Counts the passwords `db` hashes."""
    counted = []
    hash_password = db.passwords.hash
    monkeypatch.setattr(
        db.passwords, "hash", lambda password: counted.append(password) or hash_password(password)
    )
    return counted


def _users(db) -> int:
    return db.read(lambda tx: tx.session.scalar(select(func.count()).select_from(User)))


def test_a_learner_signs_up_with_an_invite_code_into_the_cohort_and_then_signs_in(db, cast):
    code = cast.cohort_a.invite_code
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert (
        sign_up_with_invite(
            db,
            invite_code=typed,
            email="Mila@Example.org",
            display_name="Mila",
            password=MILA,
            language="sr",
            script="cyrillic",
            address=ADDRESS,
        )
        is None
    )
    signed_in = sign_in(db, "mila@example.org", MILA, ADDRESS)
    profile = signed_in.identity.profile
    assert (profile.email, profile.role, profile.language, profile.script) == (
        "mila@example.org",
        "learner",
        "sr",
        "cyrillic",
    )
    assert profile.organisation_id == cast.organisation_a
    assert signed_in.identity.actor.enrolled_cohort_ids == {cast.cohort_a.id}
    assert authenticate(db, signed_in.token).profile == profile


def test_a_wrong_or_replaced_invite_code_creates_nothing(db, cast):
    new_code = regenerate_invite_code(db, cast.trainer_a, cast.cohort_a.id)
    before = _users(db)
    for code in ("NOPE", cast.cohort_a.invite_code):
        with pytest.raises(InvalidInput, match="invite code is not valid"):
            _sign_up(db, code)
    assert _users(db) == before
    _sign_up(db, new_code)
    assert _users(db) == before + 1


def test_the_invite_code_of_an_ended_cohort_no_longer_works(db, cast, clock):
    ended = create_cohort(
        db,
        cast.trainer_a,
        name="Last year",
        organisation_id=cast.organisation_a,
        ends_on=clock.now.date().replace(day=1),
    )
    with pytest.raises(InvalidInput, match="not valid"):
        _sign_up(db, ended.invite_code)


def test_a_wrong_invite_code_is_refused_before_any_password_is_hashed(db, cast, hashes):
    with pytest.raises(InvalidInput, match="invite code is not valid"):
        _sign_up(db, "WRONGCODE1")
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        _sign_up(db, cast.cohort_a.invite_code, password="short")
    assert hashes == []
    _sign_up(db, cast.cohort_a.invite_code)
    assert hashes == [MILA]


def test_sixty_wrong_invite_codes_from_one_address_are_slowed_down(db, cast, clock, hashes):
    answers = []
    for number in range(60):
        try:
            _sign_up(db, f"GUESS{number:05d}")
        except TooManyTries as refused:
            answers.append(refused.wait.total_seconds())
        except InvalidInput:
            answers.append("wrong code")
    assert answers == ["wrong code"] * 10 + [15] * 50
    assert hashes == []
    # The right code waits too from that address, not from another one.
    with pytest.raises(TooManyTries):
        _sign_up(db, cast.cohort_a.invite_code)
    _sign_up(db, cast.cohort_a.invite_code, address=ELSEWHERE)
    # Then the waits grow as for sign-ins: 15 s, 30 s, 1 min...
    clock.advance(seconds=15)
    with pytest.raises(InvalidInput):
        _sign_up(db, "GUESS99999")
    with pytest.raises(TooManyTries, match="wait 30 s"):
        _sign_up(db, "GUESS99998")


def test_an_email_with_an_account_gets_the_same_answer_after_the_same_work(db, cast, hashes):
    """Nothing tells a stranger that the email has an account: no error, one password hashed
    either way, and the account is left as it was (its password still works)."""
    assert _sign_up(db, cast.cohort_a.invite_code, "new@example.org") is None
    before = _users(db)
    assert (
        _sign_up(db, cast.cohort_b.invite_code, "LEARNER.A@example.org", password="x" * 12) is None
    )
    assert len(hashes) == 2
    assert _users(db) == before
    learner = sign_in(db, "learner.a@example.org", PASSWORD, ELSEWHERE).identity.actor
    assert learner.enrolled_cohort_ids == {cast.cohort_a.id}


def test_signing_up_again_and_again_for_existing_accounts_is_slowed_down(db, cast, hashes):
    for _ in range(10):
        _sign_up(db, cast.cohort_a.invite_code, "learner.a@example.org")
    with pytest.raises(TooManyTries):
        _sign_up(db, cast.cohort_a.invite_code, "learner.a@example.org")
    assert len(hashes) == 10


def test_an_invite_code_makes_at_most_its_hourly_share_of_accounts(database_url, clock, cast, db):
    few = type(db)(
        database_url, settings_for(database_url, signup_accounts_per_code_per_hour=3), clock
    )
    code = create_cohort(
        db, cast.trainer_a, name="Summer", organisation_id=cast.organisation_a
    ).invite_code
    for number in range(3):
        _sign_up(few, code, f"learner{number}@example.org", address=f"192.0.2.{number}")
        clock.advance(minutes=10)
    with pytest.raises(TooManyTries) as refused:
        _sign_up(few, code, "one.more@example.org", address=ELSEWHERE)
    assert refused.value.wait.total_seconds() == 30 * 60
    _sign_up(few, cast.cohort_b.invite_code, "one.more@example.org", address=ELSEWHERE)
    clock.advance(minutes=30)
    _sign_up(few, code, "and.another@example.org", address=ELSEWHERE)
    few.dispose()
