"""Failed sign-ins slow further tries down, per account and per address; nothing locks."""

from datetime import timedelta

import pytest

from courseware.access import COMMAND_LINE
from courseware.store.accounts import reset_password, user_id_by_email
from courseware.store.auth import SIGN_IN_FAILED, SignInFailed, sign_in
from courseware.store.throttle import TooManyTries
from tests.databases import PASSWORD

ADDRESS = "198.51.100.7"
ELSEWHERE = "203.0.113.9"
# The waits after the 4 free failures of an account (courseware/store/throttle.py).
SCHEDULE = [15, 30, 60, 120, 240, 300, 300]


def _fail(db, email, times, address=ADDRESS):
    for _ in range(times):
        with pytest.raises(SignInFailed, match=SIGN_IN_FAILED):
            sign_in(db, email, "wrong password!", address)


def _wait(db, email, password=PASSWORD, address=ADDRESS, **options) -> float:
    """The wait the next try is told to keep (0 when it was let through and failed)."""
    try:
        sign_in(db, email, password, address, **options)
    except TooManyTries as refused:
        return refused.wait.total_seconds()
    except SignInFailed:
        return 0
    raise AssertionError("signed in")


def test_failures_slow_the_account_down_step_by_step_and_never_lock_it(db, ana, clock):
    _fail(db, ana, 4)
    for wait in SCHEDULE:
        # Even the right password, from another address, waits: the account is what waits.
        assert _wait(db, ana, PASSWORD, ELSEWHERE) == wait
        clock.advance(seconds=wait - 1)
        assert _wait(db, ana, PASSWORD, ELSEWHERE) == 1
        clock.advance(seconds=1)
        _fail(db, ana, 1)
    clock.advance(seconds=300)
    assert sign_in(db, ana, PASSWORD, ELSEWHERE).token


def test_a_refused_try_is_not_a_failure_and_says_how_long_to_wait(db, ana, clock):
    _fail(db, ana, 4)
    for _ in range(20):
        with pytest.raises(TooManyTries, match="wait 15 s") as refused:
            sign_in(db, ana, "wrong password!", ADDRESS)
        assert refused.value.wait == timedelta(seconds=15)
    clock.advance(seconds=15)
    assert sign_in(db, ana, PASSWORD, ADDRESS).token


def test_four_failures_do_not_slow_down_and_a_success_starts_the_count_again(db, ana):
    known = [sign_in(db, ana, PASSWORD, ELSEWHERE).browser_mark]
    _fail(db, ana, 4)
    with pytest.raises(TooManyTries):
        sign_in(db, ana, PASSWORD, ADDRESS)
    _fail(db, "bob@example.org", 4)
    sign_in(db, ana, PASSWORD, ADDRESS, browser_marks=known)
    _fail(db, ana, 4)
    assert sign_in(db, ana, PASSWORD, ELSEWHERE, browser_marks=known).token


def test_an_unknown_account_is_slowed_down_alike(db, ana):
    refusals = set()
    for email in ("nobody@example.org", ana):
        _fail(db, email, 4, ELSEWHERE)
        with pytest.raises(TooManyTries) as refused:
            sign_in(db, email, "wrong password!", ADDRESS)
        refusals.add(str(refused.value))
    assert refusals == {"too many failed tries: wait 15 s and try again"}


@pytest.mark.parametrize(
    ("period", "former_lock"), [(timedelta(minutes=15), 10), (timedelta(hours=1), 40)]
)
def test_an_account_can_be_guessed_no_faster_than_under_the_former_lock(
    db, ana, clock, period, former_lock
):
    """The former lock allowed 10 tries per 15 minutes: 10 at first, 40 an hour."""
    start, guesses = clock.now, 0
    while clock.now < start + period:
        try:
            sign_in(db, ana, f"guess {guesses}", f"192.0.2.{guesses % 250}")
        except TooManyTries as refused:
            clock.advance(seconds=refused.wait.total_seconds())
        except SignInFailed:
            guesses += 1
    assert guesses <= former_lock


def test_a_day_of_guessing_at_the_fastest_rate_allowed(db, ana, clock):
    start, guesses = clock.now, 0
    while clock.now < start + timedelta(days=1):
        try:
            sign_in(db, ana, f"guess {guesses}", ADDRESS)
        except TooManyTries as refused:
            clock.advance(seconds=refused.wait.total_seconds())
        except SignInFailed:
            guesses += 1
    # The former lock allowed 960 a day; one every 5 minutes is 288, plus the first ones.
    assert 288 <= guesses <= 300


def test_strangers_failing_on_purpose_do_not_slow_the_owners_own_browser(db, ana, clock):
    """OWASP's device cookie: the owner's browser that signed in before skips the account's
    waits (the route hands the store the marks in its cookie)."""
    known = [sign_in(db, ana, PASSWORD, ELSEWHERE).browser_mark]
    for attacker in range(12):
        address = f"192.0.2.{attacker}"
        while True:
            try:
                sign_in(db, ana, "a guess", address)
            except TooManyTries as refused:
                clock.advance(seconds=refused.wait.total_seconds() - 1)
                break
            except SignInFailed:
                continue
    assert _wait(db, ana, PASSWORD, ELSEWHERE) > 0
    assert _wait(db, ana, PASSWORD, ELSEWHERE, browser_marks=["0" * 64, "not a mark"]) > 0
    assert sign_in(db, ana, PASSWORD, ELSEWHERE, browser_marks=known).token


def test_a_new_password_makes_the_marks_of_earlier_sign_ins_worthless(db, ana, clock):
    """Whoever signed in with a former password (or copied the cookie then) waits like any
    stranger once the password has changed; a sign-in with the new one gives a new mark."""
    old = [sign_in(db, ana, PASSWORD, ELSEWHERE).browser_mark]
    user_id = db.read(lambda tx: user_id_by_email(tx, ana))
    reset_password(db, COMMAND_LINE, user_id, "a brand new password")
    _fail(db, ana, 4)
    assert _wait(db, ana, "a brand new password", ELSEWHERE, browser_marks=old) > 0
    clock.advance(seconds=15)
    new = sign_in(db, ana, "a brand new password", ADDRESS).browser_mark
    assert new != old[0]
    _fail(db, ana, 4)
    assert sign_in(db, ana, "a brand new password", ELSEWHERE, browser_marks=[new]).token


def test_a_known_browser_still_waits_for_its_address(db, ana):
    known = [sign_in(db, ana, PASSWORD, ELSEWHERE).browser_mark]
    for number in range(30):
        _fail(db, f"guess{number}@example.org", 1)
    with pytest.raises(TooManyTries):
        sign_in(db, ana, PASSWORD, ADDRESS, browser_marks=known)


def test_many_failures_from_one_address_slow_that_address_only(db, ana):
    for number in range(db.settings.signin_free_failures_per_address):
        _fail(db, f"guess{number}@example.org", 1)
    assert _wait(db, ana) == 15
    assert sign_in(db, ana, PASSWORD, ELSEWHERE).token


def test_failures_are_forgotten_after_a_day(db, ana, clock):
    _fail(db, ana, 4)
    clock.advance(hours=24, seconds=1)
    _fail(db, ana, 4)
    assert _wait(db, ana) == 15


def test_an_overlong_email_or_address_is_a_failure_like_any_other(db, ana):
    with pytest.raises(SignInFailed, match=SIGN_IN_FAILED):
        sign_in(db, "x" * 5000 + "@example.org", PASSWORD, "y" * 500)
