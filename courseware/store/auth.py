"""Signing in and out, and staying signed in.

A signed-in browser holds a random token in a cookie; the database keeps only its SHA-256
with the session's times. Every sign-in makes a new token, so a token planted before sign-in
is worthless after it.

Guessing is slowed down, never locked out (courseware/store/throttle.py has the schedule):
every sign-in first checks that neither the account nor the address must wait, records a
failure and only then checks the password, removing the account's failures when it was
right. So sign-ins running in parallel cannot slip past the waits, and the counting is the
same whether or not the account exists; the message tells nothing about the account either.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from courseware.access import Actor, is_person, require
from courseware.settings import signing_key
from courseware.store.accounts import (
    Profile,
    email_key,
    get_user,
    profile_of,
    revoke_sessions,
)
from courseware.store.actors import actor_for, current_actor
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, Rejected
from courseware.store.models import AuthSession, User
from courseware.store.passwords import check_new_password
from courseware.store.throttle import (
    ADDRESS_LIMIT,
    check_sign_in,
    forget_failures,
    record_failure,
    take_turn,
)

SIGN_IN_FAILED = "email or password is wrong"
# What a typed email is cut to before it is counted (the longest an email can be).
EMAIL_LIMIT = 320
# A page runs again on every click; recording each visit would be a write per click.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


class SignInFailed(Rejected):
    pass


@dataclass(frozen=True)
class Identity:
    actor: Actor
    profile: Profile


@dataclass(frozen=True)
class SignedIn:
    token: str
    identity: Identity
    # For the browser's cookie: it signed in to this account with its current password.
    browser_mark: str = ""


def browser_mark(tx: Transaction, email: str, password_hash: str) -> str:
    """The mark of a browser that signed in to the account: an HMAC, with the app's key, of
    its email and its password's hash, so that a new password (or a reset) makes every
    earlier mark worthless. Whoever signed in with a former password, or copied the
    cookie then, no longer skips the account's waits."""
    message = f"browser:{email}:{password_hash}".encode()
    return hmac.new(signing_key(tx.settings), message, hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _identity(tx: Transaction, user: User) -> Identity:
    return Identity(actor_for(tx, user), profile_of(user))


def _open_session(tx: Transaction, user: User) -> str:
    token = secrets.token_urlsafe(32)
    tx.session.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=tx.now,
            last_seen_at=tx.now,
            expires_at=tx.now + tx.settings.session_lifetime,
        )
    )
    user.last_seen_at = tx.now
    return token


def _revoke(tx: Transaction, token: str) -> None:
    tx.session.execute(
        update(AuthSession)
        .where(AuthSession.token_hash == token_hash(token), AuthSession.revoked_at.is_(None))
        .values(revoked_at=tx.now)
    )


def sign_in(
    db: Database,
    email: str,
    password: str,
    address: str,
    replacing_token: str | None = None,
    *,
    browser_marks: Collection[str] = (),
) -> SignedIn:
    """A new session for the account; or SignInFailed, or TooManyTries while the account or
    the address must wait, with a message that does not tell whether the account exists.
    `address` is the client's IP address; `replacing_token` is the browser's previous
    session, which ends; `browser_marks` are those in the browser's cookie: with the
    account's current one (`browser_mark`), the browser signed in to it before, and the
    account's waits do not apply to it."""
    # Not `normalize_email`: a mistyped address is one more failed sign-in, counted as such.
    email, address = email_key(email)[:EMAIL_LIMIT], address[:ADDRESS_LIMIT]

    def claim(tx: Transaction) -> str | None:
        take_turn(tx, email, address)
        user = tx.session.scalar(select(User).where(User.email == email, User.active))
        mark = None if user is None else browser_mark(tx, email, user.password_hash)
        known = mark is not None and any(hmac.compare_digest(mark, m) for m in browser_marks)
        check_sign_in(tx, email, address, known_browser=known)
        record_failure(tx, email, address)
        return None if user is None else user.password_hash

    password_hash = db.write(claim)
    if not db.passwords.verify(password_hash, password):
        raise SignInFailed(SIGN_IN_FAILED)

    def complete(tx: Transaction) -> SignedIn:
        user = tx.session.scalar(select(User).where(User.email == email, User.active))
        if user is None or user.password_hash != password_hash:
            raise SignInFailed(SIGN_IN_FAILED)  # changed while the password was checked
        forget_failures(tx, email)
        if db.passwords.needs_rehash(user.password_hash):
            user.password_hash = db.passwords.hash(password)
        if replacing_token:
            _revoke(tx, replacing_token)
        mark = browser_mark(tx, email, user.password_hash)
        return SignedIn(_open_session(tx, user), _identity(tx, user), mark)

    return db.write(complete)


def authenticate(db: Database, token: str | None) -> Identity | None:
    """Who holds `token`, or None when it is unknown, revoked, expired or idle too long."""
    if not token:
        return None
    digest = token_hash(token)

    def check(tx: Transaction) -> tuple[Identity, bool] | None:
        auth = tx.session.scalar(select(AuthSession).where(AuthSession.token_hash == digest))
        if (
            auth is None
            or auth.revoked_at is not None
            or tx.now >= auth.expires_at
            or tx.now >= auth.last_seen_at + tx.settings.session_idle
        ):
            return None
        user = get_user(tx, auth.user_id)
        if not user.active:
            return None
        return _identity(tx, user), tx.now - auth.last_seen_at >= LAST_SEEN_RESOLUTION

    found = db.read(check)
    if found is None:
        return None
    identity, stale = found
    if stale:
        db.write(lambda tx: _record_visit(tx, digest, identity.actor.user_id))
    return identity


def _record_visit(tx: Transaction, digest: str, user_id: int) -> None:
    """Refresh the session's idle clock and the user's last-seen time."""
    tx.session.execute(
        update(AuthSession).where(AuthSession.token_hash == digest).values(last_seen_at=tx.now)
    )
    tx.session.execute(update(User).where(User.id == user_id).values(last_seen_at=tx.now))


def sign_out(db: Database, token: str | None) -> None:
    """End the session of `token` (nothing happens for an unknown one)."""
    if token:
        db.write(lambda tx: _revoke(tx, token))


def change_password(
    db: Database,
    actor: Actor,
    current_password: str,
    new_password: str,
    *,
    session_token: str | None = None,
) -> None:
    """The acting user's own new password; this also clears a pending one-time password.
    The user's other sessions end (someone else may have known the old password); the one
    with `session_token`, where the password is being changed, goes on."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor, changing_password=True)
        require(is_person(acting))
        user = get_user(tx, acting.user_id)
        if not db.passwords.verify(user.password_hash, current_password):
            raise InvalidInput("the current password is wrong")
        if new_password == current_password:
            raise InvalidInput("the new password must differ from the current one")
        check_new_password(new_password, user.email)
        user.password_hash = db.passwords.hash(new_password)
        user.must_change_password = False
        revoke_sessions(tx, user.id, token_hash(session_token) if session_token else None)

    db.write(work)


def identity_for_email(db: Database, email: str) -> Identity | None:
    """The active account with this email, for single sign-on: the identity provider has
    already checked who the person is. Unknown emails get no account."""

    def work(tx: Transaction) -> Identity | None:
        user = tx.session.scalar(
            select(User).where(User.email == email.strip().lower(), User.active)
        )
        return None if user is None else _identity(tx, user)

    return db.read(work)
