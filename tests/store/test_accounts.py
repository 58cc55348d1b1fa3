from datetime import date

import pytest
from sqlalchemy import select

from courseware.access import COMMAND_LINE
from courseware.store.accounts import (
    change_organisation,
    change_role,
    create_account,
    create_organisation,
    find_organisation_id,
    find_user_id,
    list_accounts,
    reset_password,
    set_account_active,
    update_profile,
)
from courseware.store.attempts import grant_extra_attempts
from courseware.store.auth import sign_in
from courseware.store.cohorts import (
    cohort_members,
    create_cohort,
    join_cohort,
    list_cohorts,
    regenerate_invite_code,
)
from courseware.store.errors import Conflict, InvalidInput, NotFound
from courseware.store.models import AuditEntry, User
from courseware.store.privacy import erase_user, export_user_data
from courseware.store.signup import sign_up_with_invite
from tests.databases import PASSWORD, actor_of


def _new_account(db, organisation_id, **changes):
    values = {"email": "Nada@Example.org", "display_name": "Nada", "role": "learner"}
    return create_account(db, COMMAND_LINE, organisation_id=organisation_id, **(values | changes))


def _user_count(db):
    return len(db.read(lambda tx: list(tx.session.scalars(select(User.id)))))


def test_an_account_made_without_a_password_gets_a_one_time_password(db, cast):
    account = _new_account(db, cast.organisation_a)
    assert len(account.one_time_password) >= 10
    signed_in = sign_in(db, "nada@example.org", account.one_time_password, "192.0.2.1")
    assert signed_in.identity.profile.must_change_password
    assert signed_in.identity.profile.user_id == account.user_id


def test_an_account_made_with_a_password_is_ready_to_use(db, cast):
    account = _new_account(db, cast.organisation_a, password="chosen at the desk")
    assert account.one_time_password is None
    assert not sign_in(
        db, "nada@example.org", "chosen at the desk", "192.0.2.1"
    ).identity.profile.must_change_password


def test_emails_are_unique_whatever_their_case(db, cast):
    _new_account(db, cast.organisation_a)
    count = _user_count(db)
    with pytest.raises(Conflict, match="already exists"):
        _new_account(db, cast.organisation_b, email=" NADA@example.ORG")
    assert _user_count(db) == count


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"email": "nada.example.org"}, InvalidInput, "not an email address"),
        ({"email": "nada@example"}, InvalidInput, "not an email address"),
        ({"email": "na da@example.org"}, InvalidInput, "not an email address"),
        ({"role": "superuser"}, InvalidInput, "unknown role 'superuser'"),
        ({"language": "de"}, InvalidInput, "unknown language 'de'"),
        ({"script": "glagolitic"}, InvalidInput, "unknown script"),
        ({"display_name": "  "}, InvalidInput, "name must not be empty"),
        ({"password": "short"}, InvalidInput, "at least 10 characters"),
        ({"password": "NADA@EXAMPLE.ORG"}, InvalidInput, "must not be the email"),
        ({"organisation_id": 999}, NotFound, "no such organisation"),
    ],
)
def test_an_account_with_a_bad_value_is_not_created(db, cast, changes, error, message):
    count = _user_count(db)
    with pytest.raises(error, match=message):
        _new_account(db, **({"organisation_id": cast.organisation_a} | changes))
    assert _user_count(db) == count


def test_organisation_names_are_unique(db, cast):
    with pytest.raises(Conflict):
        create_organisation(db, COMMAND_LINE, " Atina ")
    assert find_organisation_id(db, COMMAND_LINE, "Atina") == cast.organisation_a
    with pytest.raises(NotFound):
        find_organisation_id(db, COMMAND_LINE, "Nobody")


def test_accounts_are_found_by_email_in_any_case(db, cast):
    assert find_user_id(db, COMMAND_LINE, "Learner.A@example.org") == cast.learner_a.user_id
    with pytest.raises(NotFound):
        find_user_id(db, COMMAND_LINE, "nobody@example.org")
    assert [p.email for p in list_accounts(db, cast.admin)][:2] == [
        "admin@example.org",
        "coordinator@example.org",
    ]


def test_a_deactivated_account_can_be_activated_again(db, cast):
    set_account_active(db, cast.admin, cast.learner_a.user_id, False)
    set_account_active(db, cast.admin, cast.learner_a.user_id, True)
    assert sign_in(db, "learner.a@example.org", PASSWORD, "192.0.2.1").token


def test_a_learner_changes_their_own_name_and_language(db, cast):
    profile = update_profile(
        db, cast.learner_a, display_name="Ana P.", language="sr", script="cyrillic"
    )
    assert (profile.display_name, profile.language, profile.script) == ("Ana P.", "sr", "cyrillic")
    with pytest.raises(InvalidInput):
        update_profile(db, cast.learner_a, language="fr")


CONTROL_CHARACTERS = {
    "CR": "\r",
    "LF": "\n",
    "CRLF": "\r\n",
    "TAB": "\t",
    "NUL": "\x00",
    "ESC": "\x1b",
    "line separator": "\u2028",
    "right-to-left override": "\u202e",
}


@pytest.mark.parametrize(
    "character", list(CONTROL_CHARACTERS.values()), ids=list(CONTROL_CHARACTERS)
)
def test_a_name_with_a_control_character_is_refused_on_every_path(db, cast, character):
    """At sign-up, by an admin, on the account page, for organisations and cohorts: one rule
    in the store, whichever form or command the name comes from."""
    name = f'Ana{character}=HYPERLINK("http://x")'
    paths = {
        "sign-up": lambda: sign_up_with_invite(
            db,
            invite_code=cast.cohort_a.invite_code,
            email="mila@example.org",
            display_name=name,
            password="mila's password",
            language="en",
            address="127.0.0.1",
        ),
        "admin": lambda: _new_account(db, cast.organisation_a, display_name=name),
        "own profile": lambda: update_profile(db, cast.learner_a, display_name=name),
        "organisation": lambda: create_organisation(db, COMMAND_LINE, name),
        "cohort": lambda: create_cohort(
            db, cast.trainer_a, name=name, organisation_id=cast.organisation_a
        ),
    }
    count = _user_count(db)
    for path, attempt in paths.items():
        with pytest.raises(InvalidInput, match="control characters"):
            attempt()
            pytest.fail(f"{path} took a name with {character!r}")
    assert _user_count(db) == count
    assert {p.display_name for p in list_accounts(db, cast.admin)}.isdisjoint({name, name.strip()})


def test_a_name_may_hold_any_visible_letters_and_signs(db, cast):
    name = "Ана-Марија O'Brien = ＝ 👩🏽‍⚕️"
    profile = update_profile(db, cast.learner_a, display_name=f"  {name} ")
    assert profile.display_name == name


# Cohorts --------------------------------------------------------------------------------


def test_a_cohort_gets_a_readable_unique_invite_code(db, cast):
    codes = {c.invite_code for c in list_cohorts(db, cast.admin)}
    assert len(codes) == 2
    for code in codes:
        assert len(code) == 10 and code.isalnum() and code.isupper()
        assert not set(code) & set("01OIL")


def test_regenerating_the_code_replaces_it(db, cast):
    new_code = regenerate_invite_code(db, cast.trainer_a, cast.cohort_a.id)
    assert new_code != cast.cohort_a.invite_code
    [cohort] = list_cohorts(db, cast.trainer_a)
    assert cohort.invite_code == new_code


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"name": "Belgrade spring"}, Conflict, "already has a cohort named"),
        ({"trainer_ids": ["learner"]}, InvalidInput, "must be an active trainer"),
        ({"trainer_ids": ["trainer_b"]}, InvalidInput, "belong to the cohort's organisation"),
        ({"starts_on": date(2026, 5, 1), "ends_on": date(2026, 4, 1)}, InvalidInput, "end before"),
        ({"name": ""}, InvalidInput, "must not be empty"),
    ],
)
def test_a_cohort_with_a_bad_value_is_not_created(db, cast, changes, error, message):
    people = {"learner": cast.learner_a.user_id, "trainer_b": cast.trainer_b.user_id}
    if "trainer_ids" in changes:
        changes = changes | {"trainer_ids": [people[name] for name in changes["trainer_ids"]]}
    values = {"name": "Autumn", "organisation_id": cast.organisation_a} | changes
    with pytest.raises(error, match=message):
        create_cohort(db, cast.admin, **values)
    assert len(list_cohorts(db, cast.admin)) == 2


def test_a_cohort_keeps_its_dates(db, cast):
    created = create_cohort(
        db,
        cast.trainer_a,
        name="Autumn",
        organisation_id=cast.organisation_a,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 11, 30),
    )
    assert (created.starts_on, created.ends_on, created.learners) == (
        date(2026, 9, 1),
        date(2026, 11, 30),
        0,
    )


def test_a_learner_joins_a_second_cohort_with_its_code(db, cast):
    assert join_cohort(db, cast.learner_a, cast.cohort_b.invite_code.lower()) == cast.cohort_b.id
    join_cohort(db, cast.learner_a, cast.cohort_b.invite_code)
    assert actor_of(db, cast.learner_a.user_id).enrolled_cohort_ids == {
        cast.cohort_a.id,
        cast.cohort_b.id,
    }
    assert len(cohort_members(db, cast.trainer_b, cast.cohort_b.id)) == 2
    with pytest.raises(InvalidInput):
        join_cohort(db, cast.learner_a, "WRONG")


# Who may change accounts, and what a refusal says ----------------------------------------


def test_a_non_admin_erasing_someone_else_is_told_only_admins_may(db, cast):
    from courseware.access import PermissionDenied

    learner = cast.learner_a.user_id
    for refused in (cast.trainer_a, cast.coordinator, cast.other_learner_a):
        with pytest.raises(PermissionDenied) as refusal:
            erase_user(db, refused, learner)
        assert str(refusal.value) == "only an administrator can erase an account"
    with pytest.raises(PermissionDenied, match="only an administrator can deactivate"):
        set_account_active(db, cast.trainer_a, learner, False)
    with pytest.raises(PermissionDenied, match="only an administrator can change the role"):
        change_role(db, cast.trainer_a, learner, "admin")
    with pytest.raises(PermissionDenied, match=r"^you cannot erase your own account$"):
        erase_user(db, cast.admin, cast.admin.user_id)
    assert find_user_id(db, cast.admin, "learner.a@example.org") == learner


# The audit log --------------------------------------------------------------------------


def _audit(db):
    return db.read(
        lambda tx: [
            (entry.action, entry.actor_id, entry.target_user_id, entry.details)
            for entry in tx.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    )


def test_every_privileged_action_is_in_the_audit_log(db, cast):
    before = len(_audit(db))
    admin, learner = cast.admin.user_id, cast.learner_a.user_id
    organisation = create_organisation(db, cast.admin, "Novi Put")
    nada = _new_account(db, organisation).user_id
    change_role(db, cast.admin, nada, "trainer")
    change_organisation(db, cast.admin, nada, cast.organisation_a)
    reset_password(db, cast.admin, nada)
    set_account_active(db, cast.admin, nada, False)
    cohort = create_cohort(db, cast.trainer_a, name="Autumn", organisation_id=cast.organisation_a)
    regenerate_invite_code(db, cast.trainer_a, cohort.id)
    grant_extra_attempts(db, cast.trainer_a, learner, "legal-final", 1)
    export_user_data(db, cast.admin, learner)
    export_user_data(db, cast.learner_a, learner)  # one's own data: not privileged
    trainer = cast.trainer_a.user_id
    entries = _audit(db)[before:]
    assert [entry[:3] for entry in entries] == [
        ("organisation.create", admin, None),
        ("account.create", None, nada),  # None: the command line
        ("account.role", admin, nada),
        ("account.organisation", admin, nada),
        ("account.reset_password", admin, nada),
        ("account.deactivate", admin, nada),
        ("cohort.create", trainer, None),
        ("cohort.regenerate_invite_code", trainer, None),
        ("attempt.grant", trainer, learner),
        ("account.export", admin, learner),
    ]
    assert entries[1][3] == {
        "role": "learner",
        "organisation_id": organisation,
        "via": "command line",
    }
    assert entries[2][3] == {"old": "learner", "new": "trainer"}

    erase_user(db, cast.admin, nada)
    entries = _audit(db)[before:]
    assert entries[-1][:3] == ("account.erase", admin, None)
    assert entries[-1][3] == {"erased_user_id": nada}
    assert [entry[2] for entry in entries[1:6]] == [None] * 5  # nobody left to point at
    assert "example.org" not in str(entries)


def test_a_cohort_gets_new_dates_and_trainers_from_those_who_manage_it(db, cast):
    from courseware.access import PermissionDenied
    from courseware.store.cohorts import (
        update_cohort,
    )

    with pytest.raises(PermissionDenied):
        update_cohort(
            db, cast.trainer_b, cast.cohort_a.id, trainer_ids=[], starts_on=None, ends_on=None
        )
    with pytest.raises(InvalidInput, match="end before it starts"):
        update_cohort(
            db,
            cast.admin,
            cast.cohort_a.id,
            trainer_ids=[],
            starts_on=date(2026, 5, 2),
            ends_on=date(2026, 5, 1),
        )
    with pytest.raises(InvalidInput, match="cohort's organisation"):
        update_cohort(
            db,
            cast.admin,
            cast.cohort_a.id,
            trainer_ids=[cast.trainer_b.user_id],
            starts_on=None,
            ends_on=None,
        )
    # A trainer stays on the cohort they change; the dates change.
    updated = update_cohort(
        db,
        cast.trainer_a,
        cast.cohort_a.id,
        trainer_ids=[],
        starts_on=date(2026, 3, 1),
        ends_on=None,
    )
    assert updated.trainer_ids == (cast.trainer_a.user_id,)
    assert (updated.starts_on, updated.ends_on) == (date(2026, 3, 1), None)
    actions = db.read(lambda tx: list(tx.session.scalars(select(AuditEntry.action))))
    assert "cohort.update" in actions
