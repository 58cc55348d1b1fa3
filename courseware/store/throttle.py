"""Slowing guessing down: failed tries make the next ones wait, per account and per client
address. Nothing is ever locked, so nobody can keep an account's owner out for long by
failing on purpose (OWASP's advice against hard lockouts).

The schedule, with the defaults of courseware/settings.py: a key (an account or an address)
has some free failures (4 for an account, 30 for an address); after them the next try must
wait 15 s, and each further failure doubles the wait up to 5 min (15 s, 30 s, 1 min, 2 min,
4 min, 5 min, 5 min...). The wait runs from the key's last failure. Failures are counted
over the last 24 hours; a right password forgets the account's at once.

So one account can be tried at most 10 times in the first 15 minutes (as many as the former
lock after 10 failures allowed), 19 times in the first hour and about 290 times a day (the
former lock: 40 an hour, 960 a day); one address at most 36 times in 15 minutes and about
310 times a day (formerly 50, and 4,800). A browser that signed in to the account before
skips the account's waits (never its address's): strangers failing on purpose slow the
owner's own browser down no more than anyone else at the owner's address.

Sign-up uses the same waits for wrong invite codes per address (10 free), and caps the
accounts one invite code makes per hour.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import ColumnElement, delete, func, select

from courseware.store.database import Transaction
from courseware.store.errors import Rejected
from courseware.store.models import Enrolment, FailedSignin

# The email recorded for a failed try that names no account: a sign-up with a wrong invite
# code, or for an email that has an account already. It counts for the address only.
NO_ACCOUNT = ""
CODE_WINDOW = timedelta(hours=1)
# The longest address kept (an IPv6 address has at most 45 characters).
ADDRESS_LIMIT = 100


class TooManyTries(Rejected):
    """Refused without looking at what was sent: try again after `wait`."""

    def __init__(self, wait: timedelta):
        seconds = math.ceil(wait.total_seconds())
        super().__init__(f"too many failed tries: wait {seconds} s and try again")
        self.wait = wait


def wait_after(failures: int, free: int, tx: Transaction) -> timedelta:
    """How long the next try waits after `failures` recent failures of one key."""
    if failures < free:
        return timedelta(0)
    settings = tx.settings
    doubled = settings.signin_first_wait_seconds * 2 ** min(failures - free, 32)
    return timedelta(seconds=min(doubled, settings.signin_longest_wait_seconds))


def _wait(tx: Transaction, failed: ColumnElement[bool], free: int) -> timedelta:
    count, last = tx.session.execute(
        select(func.count(), func.max(FailedSignin.at)).where(
            failed, FailedSignin.at > tx.now - tx.settings.signin_memory
        )
    ).one()
    if not count:
        return timedelta(0)
    return max(last + wait_after(count, free, tx) - tx.now, timedelta(0))


def _refuse_if_waiting(*waits: timedelta) -> None:
    longest = max(waits)
    if longest > timedelta(0):
        raise TooManyTries(longest)


def take_turn(tx: Transaction, *keys: str) -> None:
    """Tries of the same account or address take turns, so that tries sent all at once
    cannot share one free slot. SQLite's write transactions already run one at a time; on
    PostgreSQL a lock per key is held until the transaction ends."""
    if tx.session.get_bind().dialect.name == "postgresql":
        for key in sorted(set(keys)):  # always in the same order: no deadlock
            tx.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))


def check_sign_in(tx: Transaction, email: str, address: str, *, known_browser: bool) -> None:
    """Raises TooManyTries while the account or the address must wait; the account's waits
    do not apply to a browser that signed in to it before."""
    settings = tx.settings
    waits = [_wait(tx, FailedSignin.address == address, settings.signin_free_failures_per_address)]
    if not known_browser:
        account = FailedSignin.email == email
        waits.append(_wait(tx, account, settings.signin_free_failures_per_account))
    _refuse_if_waiting(*waits)


def check_sign_up(tx: Transaction, address: str) -> None:
    """Raises TooManyTries while the address must wait after refused sign-ups."""
    refused_here = (FailedSignin.address == address) & (FailedSignin.email == NO_ACCOUNT)
    _refuse_if_waiting(_wait(tx, refused_here, tx.settings.signup_free_failures_per_address))


def check_invite_code_use(tx: Transaction, cohort_id: int) -> None:
    """Raises TooManyTries when the cohort's code has made its hourly share of accounts."""
    limit = tx.settings.signup_accounts_per_code_per_hour
    recent = tx.session.scalars(
        select(Enrolment.enrolled_at)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.enrolled_at > tx.now - CODE_WINDOW)
        .order_by(Enrolment.enrolled_at.desc())
        .limit(limit)
    ).all()
    if len(recent) >= limit:
        _refuse_if_waiting(recent[-1] + CODE_WINDOW - tx.now)


def record_failure(tx: Transaction, email: str, address: str) -> None:
    """One more failed try of `email` (or NO_ACCOUNT) from `address`; failures too old to
    count any more go."""
    tx.session.execute(
        delete(FailedSignin).where(FailedSignin.at <= tx.now - tx.settings.signin_memory)
    )
    tx.session.add(FailedSignin(email=email, address=address, at=tx.now))


def forget_failures(tx: Transaction, email: str) -> None:
    """The account's failures, from every address, after its right password."""
    tx.session.execute(delete(FailedSignin).where(FailedSignin.email == email))
