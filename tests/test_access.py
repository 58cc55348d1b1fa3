"""Every access rule, through the store functions that enforce it, on every database."""

from dataclasses import replace
from fractions import Fraction

import pytest

from courseware.access import COMMAND_LINE, MIN_GROUP_SIZE, PermissionDenied
from courseware.store.accounts import (
    change_organisation,
    change_role,
    create_account,
    create_organisation,
    find_user_id,
    list_accounts,
    list_organisations,
    reset_password,
    set_account_active,
)
from courseware.store.attempts import (
    get_attempt,
    grant_extra_attempts,
    list_attempts,
    save_answer,
    start_attempt,
    submit_attempt,
)
from courseware.store.cohorts import (
    cohort_members,
    create_cohort,
    list_cohorts,
    regenerate_invite_code,
)
from courseware.store.privacy import erase_user, export_user_data
from courseware.store.progress import lessons_done, mark_lesson_done
from courseware.store.reports.cohort import cohort_quiz_summary
from tests.databases import RIGHT_ANSWERS, enrolled_learner, final_quiz

denied = pytest.raises(PermissionDenied)


@pytest.fixture
def attempt_a(db, cast):
    """A submitted attempt of learner A (cohort A)."""
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    return submit_attempt(db, cast.learner_a, attempt.id)


# Attempts and progress: the learner, their trainers, admins -------------------------------


def test_a_learner_sees_their_own_attempt(db, cast, attempt_a):
    assert get_attempt(db, cast.learner_a, attempt_a.id).id == attempt_a.id


def test_a_learner_cannot_see_another_learners_attempt(db, cast, attempt_a):
    with denied:
        get_attempt(db, cast.other_learner_a, attempt_a.id)


def test_the_trainer_of_the_learners_cohort_sees_the_attempt(db, cast, attempt_a):
    assert get_attempt(db, cast.trainer_a, attempt_a.id).user_id == cast.learner_a.user_id


def test_a_trainer_cannot_see_the_attempt_of_another_cohorts_learner(db, cast, attempt_a):
    with denied:
        get_attempt(db, cast.trainer_b, attempt_a.id)


def test_an_admin_sees_any_attempt(db, cast, attempt_a):
    assert get_attempt(db, cast.admin, attempt_a.id).id == attempt_a.id


def test_a_coordinator_never_sees_a_named_attempt(db, cast, attempt_a):
    with denied:
        get_attempt(db, cast.coordinator, attempt_a.id)
    with denied:
        list_attempts(db, cast.coordinator, cast.learner_a.user_id)


def test_only_the_learner_answers_and_submits_their_attempt(db, cast):
    attempt = start_attempt(db, cast.learner_a, final_quiz())
    for intruder in (cast.other_learner_a, cast.trainer_a, cast.admin):
        with denied:
            save_answer(db, intruder, attempt.id, "consent", False)
        with denied:
            submit_attempt(db, intruder, attempt.id)
    assert get_attempt(db, cast.learner_a, attempt.id).state == "in_progress"


def test_the_command_line_takes_no_quiz(db, cast):
    with denied:
        start_attempt(db, COMMAND_LINE, final_quiz())


def test_lists_of_attempts_and_lessons_follow_the_same_rule(db, cast, attempt_a):
    mark_lesson_done(db, cast.learner_a, "legal-framework", "palermo")
    learner = cast.learner_a.user_id
    for allowed in (cast.learner_a, cast.trainer_a, cast.admin):
        assert [a.id for a in list_attempts(db, allowed, learner)] == [attempt_a.id]
        assert lessons_done(db, allowed, learner) == {("legal-framework", "palermo")}
    for refused in (cast.other_learner_a, cast.trainer_b, cast.coordinator):
        with denied:
            list_attempts(db, refused, learner)
        with denied:
            lessons_done(db, refused, learner)


def test_only_a_trainer_of_the_learner_or_an_admin_grants_attempts(db, cast):
    grant_extra_attempts(db, cast.trainer_a, cast.learner_a.user_id, "legal-final", 1)
    grant_extra_attempts(db, cast.admin, cast.learner_a.user_id, "legal-final", 1)
    for refused in (cast.trainer_b, cast.learner_a, cast.other_learner_a, cast.coordinator):
        with denied:
            grant_extra_attempts(db, refused, cast.learner_a.user_id, "legal-final", 1)


# Cohorts ----------------------------------------------------------------------------------


def test_a_trainer_manages_the_members_of_their_own_cohort(db, cast):
    members = cohort_members(db, cast.trainer_a, cast.cohort_a.id)
    assert {m.user_id for m in members} == {cast.learner_a.user_id, cast.other_learner_a.user_id}
    assert regenerate_invite_code(db, cast.trainer_a, cast.cohort_a.id)


def test_a_trainer_cannot_open_a_cohort_that_is_not_theirs(db, cast):
    with denied:
        cohort_members(db, cast.trainer_b, cast.cohort_a.id)
    with denied:
        regenerate_invite_code(db, cast.trainer_b, cast.cohort_a.id)


def test_learners_and_coordinators_cannot_open_a_cohorts_members(db, cast):
    for refused in (cast.learner_a, cast.coordinator):
        with denied:
            cohort_members(db, refused, cast.cohort_a.id)
        with denied:
            regenerate_invite_code(db, refused, cast.cohort_a.id)


def test_an_admin_manages_every_cohort(db, cast):
    assert len(cohort_members(db, cast.admin, cast.cohort_b.id)) == 1
    assert regenerate_invite_code(db, cast.admin, cast.cohort_b.id)


def _listed(db, actor):
    return {(c.name, c.invite_code is not None) for c in list_cohorts(db, actor)}


def test_everyone_lists_only_the_cohorts_they_may_see(db, cast):
    a, b = "Belgrade spring", "Novi Sad spring"
    assert _listed(db, cast.learner_a) == {(a, False)}
    assert _listed(db, cast.trainer_a) == {(a, True)}
    assert _listed(db, cast.trainer_b) == {(b, True)}
    assert _listed(db, cast.coordinator) == {(a, False), (b, False)}
    assert _listed(db, cast.admin) == {(a, True), (b, True)}


def test_a_trainer_creates_cohorts_in_their_own_organisation_only(db, cast):
    created = create_cohort(db, cast.trainer_a, name="Autumn", organisation_id=cast.organisation_a)
    assert created.trainer_ids == (cast.trainer_a.user_id,)
    with denied:
        create_cohort(db, cast.trainer_a, name="Autumn", organisation_id=cast.organisation_b)


def test_learners_and_coordinators_create_no_cohort(db, cast):
    for refused in (cast.learner_a, cast.coordinator):
        with denied:
            create_cohort(db, refused, name="Mine", organisation_id=cast.organisation_a)


def test_an_admin_creates_a_cohort_in_any_organisation(db, cast):
    created = create_cohort(
        db,
        cast.admin,
        name="Joint",
        organisation_id=cast.organisation_b,
        trainer_ids=[cast.trainer_b.user_id],
    )
    assert created.invite_code and created.trainer_ids == (cast.trainer_b.user_id,)


# Aggregates -------------------------------------------------------------------------------


def _submit(db, learner, answers=RIGHT_ANSWERS):
    attempt = start_attempt(db, learner, final_quiz())
    for question_id, answer in answers.items():
        save_answer(db, learner, attempt.id, question_id, answer)
    submit_attempt(db, learner, attempt.id)


def test_a_coordinator_gets_nothing_about_a_group_smaller_than_five(db, cast):
    for number in range(MIN_GROUP_SIZE - 2 - 1):
        enrolled_learner(db, f"extra{number}@example.org", cast.cohort_a)
    for learner in (cast.learner_a, cast.other_learner_a):
        _submit(db, learner)
    members = cohort_members(db, cast.admin, cast.cohort_a.id)
    assert len(members) == MIN_GROUP_SIZE - 1
    summary = cohort_quiz_summary(db, cast.coordinator, cast.cohort_a.id, "legal-final")
    assert summary.suppressed
    assert (summary.learners, summary.attempts, summary.pass_rate) == (None, None, None)


def test_a_coordinator_sees_the_figures_of_a_group_of_five(db, cast):
    learners = [cast.learner_a, cast.other_learner_a] + [
        enrolled_learner(db, f"extra{number}@example.org", cast.cohort_a) for number in range(3)
    ]
    for learner in learners[:4]:
        _submit(db, learner)
    _submit(db, learners[4], {"consent": True})
    summary = cohort_quiz_summary(db, cast.coordinator, cast.cohort_a.id, "legal-final")
    assert not summary.suppressed
    assert (summary.learners, summary.attempts) == (5, 5)
    assert summary.pass_rate == summary.mean_best_score == Fraction(4, 5)


def test_a_trainer_sees_the_figures_of_their_small_cohort(db, cast):
    _submit(db, cast.learner_a)
    summary = cohort_quiz_summary(db, cast.trainer_a, cast.cohort_a.id, "legal-final")
    assert (summary.suppressed, summary.learners, summary.pass_rate) == (False, 1, 1)


def test_figures_of_another_cohort_are_refused_to_trainers_and_learners(db, cast):
    for refused in (cast.trainer_b, cast.learner_a):
        with denied:
            cohort_quiz_summary(db, refused, cast.cohort_a.id, "legal-final")


# Accounts and organisations ---------------------------------------------------------------


def test_only_admins_manage_accounts_and_organisations(db, cast):
    learner = cast.learner_a.user_id
    for refused in (cast.learner_a, cast.trainer_a, cast.coordinator):
        with denied:
            create_organisation(db, refused, "Mine")
        with denied:
            create_account(
                db,
                refused,
                email="new@example.org",
                display_name="New",
                role="learner",
                organisation_id=cast.organisation_a,
            )
        with denied:
            list_accounts(db, refused)
        with denied:
            find_user_id(db, refused, "learner.a@example.org")
        with denied:
            reset_password(db, refused, learner)
        with denied:
            change_role(db, refused, learner, "admin")
        with denied:
            change_organisation(db, refused, learner, cast.organisation_b)
        with denied:
            set_account_active(db, refused, learner, False)
        with denied:
            erase_user(db, refused, learner)


def test_an_admin_manages_accounts(db, cast):
    learner = cast.learner_a.user_id
    change_role(db, cast.admin, learner, "trainer")
    change_organisation(db, cast.admin, learner, cast.organisation_b)
    profiles = {p.user_id: p for p in list_accounts(db, cast.admin)}
    assert (profiles[learner].role, profiles[learner].organisation_id) == (
        "trainer",
        cast.organisation_b,
    )


def test_an_admin_cannot_demote_deactivate_or_erase_themselves(db, cast):
    me = cast.admin.user_id
    with denied:
        change_role(db, cast.admin, me, "learner")
    with denied:
        set_account_active(db, cast.admin, me, False)
    with denied:
        erase_user(db, cast.admin, me)


def test_organisation_names_are_for_admins_and_coordinators(db, cast):
    assert [name for _, name in list_organisations(db, cast.coordinator)] == ["ASTRA", "Atina"]
    assert len(list_organisations(db, cast.admin)) == 2
    for refused in (cast.learner_a, cast.trainer_a):
        with denied:
            list_organisations(db, refused)


def test_a_user_downloads_their_own_data_and_nobody_elses(db, cast):
    assert export_user_data(db, cast.learner_a, cast.learner_a.user_id)["account"]["email"]
    for refused in (cast.other_learner_a, cast.trainer_a, cast.coordinator):
        with denied:
            export_user_data(db, refused, cast.learner_a.user_id)
    assert export_user_data(db, cast.admin, cast.learner_a.user_id)


# The store trusts the database, not the caller's copy of the actor ------------------------


def test_a_role_claimed_by_the_caller_counts_for_nothing(db, cast):
    claimed_admin = replace(cast.learner_a, role="admin")
    with denied:
        list_accounts(db, claimed_admin)
    claimed_trainer = replace(cast.trainer_b, trained_cohort_ids=frozenset({cast.cohort_a.id}))
    with denied:
        cohort_members(db, claimed_trainer, cast.cohort_a.id)


def test_a_changed_role_counts_at_once(db, cast):
    change_role(db, cast.admin, cast.trainer_a.user_id, "learner")
    with denied:
        cohort_members(db, cast.trainer_a, cast.cohort_a.id)


def test_a_deactivated_user_can_do_nothing(db, cast):
    set_account_active(db, cast.admin, cast.trainer_a.user_id, False)
    with denied:
        list_cohorts(db, cast.trainer_a)
    with denied:
        start_attempt(db, cast.trainer_a, final_quiz())
