"""Organisations, accounts and cohorts: creating, listing and changing them.

Passwords are hashed before the transaction starts where the rules can be checked first:
argon2 takes a good fraction of a second, and on SQLite a write transaction holds the lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from courseware.access import (
    ROLES,
    Actor,
    can_administer,
    can_view_organisations,
    is_person,
    require,
    require_account_change,
)
from courseware.content.fields import LANGUAGES
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.database import Database, Transaction
from courseware.store.errors import Conflict, InvalidInput, NotFound
from courseware.store.models import (
    SCRIPTS,
    AuthSession,
    Organisation,
    User,
)
from courseware.store.names import checked_name
from courseware.store.passwords import check_new_password, one_time_password


@dataclass(frozen=True)
class Profile:
    user_id: int
    email: str
    display_name: str
    role: str
    organisation_id: int
    language: str
    script: str
    must_change_password: bool
    active: bool


@dataclass(frozen=True)
class NewAccount:
    user_id: int
    # Set when the account got a generated password, to be handed over once.
    one_time_password: str | None


def email_key(email: str) -> str:
    """Emails compare without regard to case or surrounding blanks: this is the stored form."""
    return email.strip().lower()


def normalize_email(email: str) -> str:
    """`email_key(email)`, refused unless it looks like an email address."""
    normalized = email_key(email)
    local, _, domain = normalized.partition("@")
    if (
        not local
        or "." not in domain.strip(".")
        or "@" in domain
        or any(character.isspace() for character in normalized)
        or len(normalized) > 320
    ):
        raise InvalidInput(f"'{email.strip()}' is not an email address")
    return normalized


def check_language(language: str, script: str) -> None:
    if language not in LANGUAGES:
        raise InvalidInput(
            f"unknown language '{language}' (expected one of: {', '.join(LANGUAGES)})"
        )
    if script not in SCRIPTS:
        raise InvalidInput(f"unknown script '{script}' (expected one of: {', '.join(SCRIPTS)})")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(f"unknown role '{role}' (expected one of: {', '.join(ROLES)})")


def profile_of(user: User) -> Profile:
    return Profile(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        organisation_id=user.organisation_id,
        language=user.language,
        script=user.script,
        must_change_password=user.must_change_password,
        active=user.active,
    )


def get_user(tx: Transaction, user_id: int) -> User:
    user = tx.session.get(User, user_id)
    if user is None:
        raise NotFound("no such account")
    return user


def revoke_sessions(tx: Transaction, user_id: int, keep_token_hash: str | None = None) -> None:
    """End the user's sessions, all of them or all but the one with `keep_token_hash`."""
    sessions = update(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    if keep_token_hash is not None:
        sessions = sessions.where(AuthSession.token_hash != keep_token_hash)
    tx.session.execute(sessions.values(revoked_at=tx.now))


def user_id_by_email(tx: Transaction, email: str) -> int | None:
    """The account with this email, given in its stored form (`email_key`), if there is one."""
    return tx.session.scalar(select(User.id).where(User.email == email))


def _require_new_email(tx: Transaction, email: str) -> None:
    if user_id_by_email(tx, email) is not None:
        raise Conflict(f"an account with the email {email} already exists")


def require_organisation(tx: Transaction, organisation_id: int) -> None:
    if tx.session.get(Organisation, organisation_id) is None:
        raise NotFound("no such organisation")


def _administrator(tx: Transaction, actor: Actor) -> Actor:
    actor = current_actor(tx, actor)
    require(can_administer(actor))
    return actor


def add_user(
    tx: Transaction,
    *,
    email: str,
    display_name: str,
    role: str,
    organisation_id: int,
    password_hash: str,
    must_change_password: bool,
    language: str,
    script: str,
) -> User:
    """A new account; the caller has checked every value and the permission."""
    _require_new_email(tx, email)
    user = User(
        email=email,
        display_name=display_name,
        role=role,
        organisation_id=organisation_id,
        language=language,
        script=script,
        password_hash=password_hash,
        must_change_password=must_change_password,
        active=True,
        created_at=tx.now,
    )
    tx.session.add(user)
    tx.session.flush()
    return user


# Organisations ------------------------------------------------------------------------------


def create_organisation(db: Database, actor: Actor, name: str) -> int:
    name = checked_name(name, "organisation name")

    def work(tx: Transaction) -> int:
        acting = _administrator(tx, actor)
        if tx.session.scalar(select(Organisation.id).where(Organisation.name == name)):
            raise Conflict(f"an organisation named '{name}' already exists")
        organisation = Organisation(name=name, created_at=tx.now)
        tx.session.add(organisation)
        tx.session.flush()
        record(tx, acting, "organisation.create", organisation_id=organisation.id)
        return organisation.id

    return db.write(work)


def list_organisations(db: Database, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of every organisation, by name."""

    def work(tx: Transaction) -> list[tuple[int, str]]:
        require(can_view_organisations(current_actor(tx, actor)))
        rows = tx.session.execute(
            select(Organisation.id, Organisation.name).order_by(Organisation.name)
        )
        return [(row.id, row.name) for row in rows]

    return db.read(work)


def find_organisation_id(db: Database, actor: Actor, name: str) -> int:
    def work(tx: Transaction) -> int:
        require(can_view_organisations(current_actor(tx, actor)))
        found = tx.session.scalar(select(Organisation.id).where(Organisation.name == name.strip()))
        if found is None:
            raise NotFound(f"no organisation named '{name.strip()}'")
        return found

    return db.read(work)


# Accounts -----------------------------------------------------------------------------------


def needs_first_administrator(db: Database) -> bool:
    """True while the database has no account at all (the app then offers to create one)."""
    return db.read(lambda tx: tx.session.scalar(select(User.id).limit(1)) is None)


def create_first_administrator(
    db: Database,
    *,
    email: str,
    display_name: str,
    password: str,
    organisation_name: str,
    language: str = "en",
    script: str = "latin",
) -> int:
    """The first account, an admin, with their organisation: only on an empty database."""
    email = normalize_email(email)
    display_name = checked_name(display_name, "name")
    organisation_name = checked_name(organisation_name, "organisation name")
    check_language(language, script)
    check_new_password(password, email)
    password_hash = db.passwords.hash(password)

    def work(tx: Transaction) -> int:
        if tx.session.scalar(select(User.id).limit(1)) is not None:
            raise Conflict("the administrator account has already been created")
        organisation = tx.session.scalar(
            select(Organisation).where(Organisation.name == organisation_name)
        ) or Organisation(name=organisation_name, created_at=tx.now)
        tx.session.add(organisation)
        tx.session.flush()
        user = add_user(
            tx,
            email=email,
            display_name=display_name,
            role="admin",
            organisation_id=organisation.id,
            password_hash=password_hash,
            must_change_password=False,
            language=language,
            script=script,
        )
        record(
            tx,
            Actor(user.id, "admin", organisation.id),
            "account.create_first_admin",
            user.id,
            organisation_id=organisation.id,
        )
        return user.id

    return db.write(work)


def create_account(
    db: Database,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    role: str,
    organisation_id: int,
    password: str | None = None,
    language: str = "en",
    script: str = "latin",
) -> NewAccount:
    """An account made by an admin. Without `password` it gets a one-time password, which the
    user must replace at their first sign-in."""
    email = normalize_email(email)
    display_name = checked_name(display_name, "name")
    check_role(role)
    check_language(language, script)
    if password is not None:
        check_new_password(password, email)
    handed_over = one_time_password() if password is None else None
    password_hash = db.passwords.hash(handed_over if password is None else password)

    def work(tx: Transaction) -> NewAccount:
        acting = _administrator(tx, actor)
        require_organisation(tx, organisation_id)
        user = add_user(
            tx,
            email=email,
            display_name=display_name,
            role=role,
            organisation_id=organisation_id,
            password_hash=password_hash,
            must_change_password=handed_over is not None,
            language=language,
            script=script,
        )
        record(tx, acting, "account.create", user.id, role=role, organisation_id=organisation_id)
        return NewAccount(user.id, handed_over)

    return db.write(work)


def find_user_id(db: Database, actor: Actor, email: str) -> int:
    email = normalize_email(email)

    def work(tx: Transaction) -> int:
        _administrator(tx, actor)
        found = user_id_by_email(tx, email)
        if found is None:
            raise NotFound(f"no account with the email {email}")
        return found

    return db.read(work)


def list_accounts(db: Database, actor: Actor) -> list[Profile]:
    def work(tx: Transaction) -> list[Profile]:
        _administrator(tx, actor)
        return [profile_of(user) for user in tx.session.scalars(select(User).order_by(User.email))]

    return db.read(work)


def change_role(db: Database, actor: Actor, user_id: int, role: str) -> None:
    check_role(role)

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require_account_change(acting, user_id, "change the role of")
        user = get_user(tx, user_id)
        record(tx, acting, "account.role", user_id, old=user.role, new=role)
        user.role = role

    db.write(work)


def change_organisation(db: Database, actor: Actor, user_id: int, organisation_id: int) -> None:
    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require_account_change(acting, user_id, "change the organisation of")
        require_organisation(tx, organisation_id)
        user = get_user(tx, user_id)
        record(
            tx,
            acting,
            "account.organisation",
            user_id,
            old=user.organisation_id,
            new=organisation_id,
        )
        user.organisation_id = organisation_id

    db.write(work)


def set_account_active(db: Database, actor: Actor, user_id: int, active: bool) -> None:
    """Deactivating signs the user out everywhere and keeps them out; nothing is deleted."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require_account_change(acting, user_id, "activate" if active else "deactivate")
        user = get_user(tx, user_id)
        user.active = active
        if not active:
            revoke_sessions(tx, user_id)
        record(tx, acting, "account.activate" if active else "account.deactivate", user_id)

    db.write(work)


def reset_password(
    db: Database, actor: Actor, user_id: int, password: str | None = None
) -> str | None:
    """Give the account a new password (a generated one-time password when `password` is
    None, which is returned) that the user must replace at the next sign-in; every session of
    the user ends."""
    handed_over = one_time_password() if password is None else None
    new_password = handed_over if password is None else password

    def work(tx: Transaction) -> str | None:
        acting = _administrator(tx, actor)
        user = get_user(tx, user_id)
        check_new_password(new_password, user.email)
        user.password_hash = db.passwords.hash(new_password)
        user.must_change_password = True
        revoke_sessions(tx, user_id)
        record(tx, acting, "account.reset_password", user_id)
        return handed_over

    return db.write(work)


def update_profile(
    db: Database,
    actor: Actor,
    *,
    display_name: str | None = None,
    language: str | None = None,
    script: str | None = None,
) -> Profile:
    """The acting user's own name and language; what is None stays as it is."""

    def work(tx: Transaction) -> Profile:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        user = get_user(tx, acting.user_id)
        if display_name is not None:
            user.display_name = checked_name(display_name, "name")
        check_language(language or user.language, script or user.script)
        user.language = language or user.language
        user.script = script or user.script
        return profile_of(user)

    return db.write(work)
