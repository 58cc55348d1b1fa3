"""Organisations, accounts and cohorts: creating, listing and changing them.

Passwords are hashed before the transaction starts where the rules can be checked first:
argon2 takes a good fraction of a second, and on SQLite a write transaction holds the lock.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select, update

from courseware.access import (
    ROLES,
    Actor,
    can_administer,
    can_create_cohort,
    can_manage_cohort,
    can_view_organisations,
    is_person,
    require,
    require_account_change,
    visible_cohort_ids,
)
from courseware.content.fields import LANGUAGES
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.database import Database, Transaction
from courseware.store.errors import Conflict, InvalidInput, NotFound
from courseware.store.models import (
    SCRIPTS,
    AuthSession,
    Cohort,
    CohortTrainer,
    Enrolment,
    Organisation,
    User,
)
from courseware.store.names import checked_name
from courseware.store.passwords import check_new_password, one_time_password

# Read out in a training room and typed by hand: capitals and digits, none that look alike.
INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_CODE_LENGTH = 10


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


@dataclass(frozen=True)
class CohortView:
    id: int
    organisation_id: int
    name: str
    starts_on: date | None
    ends_on: date | None
    trainer_ids: tuple[int, ...]
    learners: int
    # Only for those who manage the cohort.
    invite_code: str | None


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


def normalize_invite_code(code: str) -> str:
    """Codes are shown in groups (ABCDE-FGHJK); people type them in any case and spacing."""
    return "".join(character for character in code.upper() if character.isalnum())


def new_invite_code() -> str:
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_CODE_LENGTH))


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


def get_cohort(tx: Transaction, cohort_id: int) -> Cohort:
    cohort = tx.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("no such cohort")
    return cohort


def cohort_by_invite_code(tx: Transaction, invite_code: str) -> Cohort:
    """The cohort that a learner may join with `invite_code`, if it has not ended."""
    cohort = tx.session.scalar(
        select(Cohort).where(Cohort.invite_code == normalize_invite_code(invite_code))
    )
    if cohort is None or (cohort.ends_on is not None and cohort.ends_on < tx.now.date()):
        raise InvalidInput("this invite code is not valid")
    return cohort


def enrol(tx: Transaction, user_id: int, cohort_id: int) -> None:
    if tx.session.get(Enrolment, (user_id, cohort_id)) is None:
        tx.session.add(Enrolment(user_id=user_id, cohort_id=cohort_id, enrolled_at=tx.now))


def revoke_sessions(tx: Transaction, user_id: int, keep_token_hash: str | None = None) -> None:
    """End the user's sessions, all of them or all but the one with `keep_token_hash`."""
    sessions = update(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    if keep_token_hash is not None:
        sessions = sessions.where(AuthSession.token_hash != keep_token_hash)
    tx.session.execute(sessions.values(revoked_at=tx.now))


def _require_new_email(tx: Transaction, email: str) -> None:
    if tx.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"an account with the email {email} already exists")


def _require_organisation(tx: Transaction, organisation_id: int) -> None:
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
        _require_organisation(tx, organisation_id)
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
        found = tx.session.scalar(select(User.id).where(User.email == email))
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
        _require_organisation(tx, organisation_id)
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


# Cohorts ------------------------------------------------------------------------------------


def _cohort_view(tx: Transaction, acting: Actor, cohort: Cohort) -> CohortView:
    trainer_ids = tx.session.scalars(
        select(CohortTrainer.user_id)
        .where(CohortTrainer.cohort_id == cohort.id)
        .order_by(CohortTrainer.user_id)
    )
    learners = tx.session.scalar(
        select(func.count()).select_from(Enrolment).where(Enrolment.cohort_id == cohort.id)
    )
    return CohortView(
        id=cohort.id,
        organisation_id=cohort.organisation_id,
        name=cohort.name,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        trainer_ids=tuple(trainer_ids),
        learners=learners,
        invite_code=cohort.invite_code if can_manage_cohort(acting, cohort.id) else None,
    )


def _check_trainers(tx: Transaction, trainer_ids: Sequence[int], organisation_id: int) -> None:
    for trainer_id in trainer_ids:
        trainer = tx.session.get(User, trainer_id)
        if trainer is None or trainer.role != "trainer" or not trainer.active:
            raise InvalidInput("every trainer of a cohort must be an active trainer account")
        if trainer.organisation_id != organisation_id:
            raise InvalidInput("a trainer must belong to the cohort's organisation")


def create_cohort(
    db: Database,
    actor: Actor,
    *,
    name: str,
    organisation_id: int,
    trainer_ids: Sequence[int] = (),
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> CohortView:
    """A cohort with a fresh invite code. A trainer who creates one trains it."""
    name = checked_name(name, "cohort name")
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("a cohort cannot end before it starts")

    def work(tx: Transaction) -> CohortView:
        acting = current_actor(tx, actor)
        require(
            can_create_cohort(acting, organisation_id),
            "you can create cohorts only in your own organisation",
        )
        _require_organisation(tx, organisation_id)
        trainers = set(trainer_ids)
        if acting.role == "trainer":
            trainers.add(acting.user_id)
        _check_trainers(tx, sorted(trainers), organisation_id)
        taken = select(Cohort.id).where(
            Cohort.organisation_id == organisation_id, Cohort.name == name
        )
        if tx.session.scalar(taken) is not None:
            raise Conflict(f"this organisation already has a cohort named '{name}'")
        cohort = Cohort(
            organisation_id=organisation_id,
            name=name,
            invite_code=new_invite_code(),
            starts_on=starts_on,
            ends_on=ends_on,
            created_at=tx.now,
        )
        tx.session.add(cohort)
        tx.session.flush()
        tx.session.add_all(CohortTrainer(cohort_id=cohort.id, user_id=t) for t in trainers)
        tx.session.flush()
        record(
            tx,
            acting,
            "cohort.create",
            cohort_id=cohort.id,
            organisation_id=organisation_id,
            trainer_ids=sorted(trainers),
        )
        # Asked again: a trainer who created the cohort now trains it and sees its code.
        return _cohort_view(tx, current_actor(tx, actor), cohort)

    return db.write(work)


def update_cohort(
    db: Database,
    actor: Actor,
    cohort_id: int,
    *,
    trainer_ids: Sequence[int],
    starts_on: date | None,
    ends_on: date | None,
) -> CohortView:
    """New trainers and dates for a cohort, by an admin or one of its trainers (who cannot
    remove themselves: a cohort they manage would drop out of their hands)."""
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("a cohort cannot end before it starts")

    def work(tx: Transaction) -> CohortView:
        acting = current_actor(tx, actor)
        require(can_manage_cohort(acting, cohort_id), "you may not change this cohort")
        cohort = get_cohort(tx, cohort_id)
        trainers = set(trainer_ids)
        if acting.role == "trainer":
            trainers.add(acting.user_id)
        _check_trainers(tx, sorted(trainers), cohort.organisation_id)
        tx.session.execute(delete(CohortTrainer).where(CohortTrainer.cohort_id == cohort_id))
        tx.session.add_all(CohortTrainer(cohort_id=cohort_id, user_id=t) for t in trainers)
        cohort.starts_on, cohort.ends_on = starts_on, ends_on
        tx.session.flush()
        record(
            tx,
            acting,
            "cohort.update",
            cohort_id=cohort_id,
            trainer_ids=sorted(trainers),
            starts_on=starts_on.isoformat() if starts_on else None,
            ends_on=ends_on.isoformat() if ends_on else None,
        )
        return _cohort_view(tx, current_actor(tx, actor), cohort)

    return db.write(work)


def regenerate_invite_code(db: Database, actor: Actor, cohort_id: int) -> str:
    """A new code for the cohort; the old one stops working at once."""

    def work(tx: Transaction) -> str:
        acting = current_actor(tx, actor)
        require(can_manage_cohort(acting, cohort_id), "you do not manage this cohort")
        cohort = get_cohort(tx, cohort_id)
        cohort.invite_code = new_invite_code()
        record(tx, acting, "cohort.regenerate_invite_code", cohort_id=cohort_id)
        return cohort.invite_code

    return db.write(work)


def list_cohorts(db: Database, actor: Actor) -> list[CohortView]:
    """The cohorts the actor may see, by name."""

    def work(tx: Transaction) -> list[CohortView]:
        acting = current_actor(tx, actor)
        visible = visible_cohort_ids(acting, tx.session.scalars(select(Cohort.id)))
        cohorts = tx.session.scalars(
            select(Cohort).where(Cohort.id.in_(visible)).order_by(Cohort.name)
        )
        return [_cohort_view(tx, acting, cohort) for cohort in cohorts]

    return db.read(work)


def cohort_members(db: Database, actor: Actor, cohort_id: int) -> list[Profile]:
    """The learners enrolled in a cohort, by name: for its trainers and admins."""

    def work(tx: Transaction) -> list[Profile]:
        require(
            can_manage_cohort(current_actor(tx, actor), cohort_id), "you do not manage this cohort"
        )
        get_cohort(tx, cohort_id)
        users = tx.session.scalars(
            select(User)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.cohort_id == cohort_id)
            .order_by(User.display_name)
        )
        return [profile_of(user) for user in users]

    return db.read(work)


def join_cohort(db: Database, actor: Actor, invite_code: str) -> int:
    """The acting user joins one more cohort with its invite code; returns its id."""

    def work(tx: Transaction) -> int:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        cohort = cohort_by_invite_code(tx, invite_code)
        enrol(tx, acting.user_id, cohort.id)
        return cohort.id

    return db.write(work)
