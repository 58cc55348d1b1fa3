"""Time accommodations on real databases: the deadline a learner gets, who may change it, the
audit log, and the answers the deadline lets in."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from courseware.access import PermissionDenied
from courseware.grading.timing import Accommodation
from courseware.store.attempts import (
    AttemptClosed,
    get_attempt,
    save_answer,
    start_attempt,
    submit_attempt,
)
from courseware.store.audit import list_audit
from courseware.store.errors import InvalidInput
from courseware.store.models import TimeAccommodation
from courseware.store.privacy import erase_user, export_user_data
from courseware.store.timing import (
    cohort_time_accommodations,
    my_time_limit,
    remove_time_accommodation,
    set_cohort_time,
    set_learner_time,
)
from tests.databases import final_quiz

QUIZ = final_quiz(max_attempts=None, time_limit_minutes=30)


def deadline_minutes(attempt):
    return None if attempt.deadline is None else attempt.deadline - attempt.started_at


def test_a_learners_own_extra_time_sets_the_deadline_of_a_new_attempt(db, cast):
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 150)
    attempt = start_attempt(db, cast.learner_a, QUIZ)
    assert deadline_minutes(attempt) == timedelta(minutes=45)
    assert my_time_limit(db, cast.learner_a, QUIZ) == 45
    # Only hers: another learner of the cohort keeps the quiz's limit.
    other = start_attempt(db, cast.other_learner_a, QUIZ)
    assert deadline_minutes(other) == timedelta(minutes=30)


def test_a_cohorts_extra_time_applies_to_each_of_its_learners(db, cast):
    set_cohort_time(db, cast.trainer_a, cast.cohort_a.id, "extra_minutes", 15)
    for learner in (cast.learner_a, cast.other_learner_a):
        assert deadline_minutes(start_attempt(db, learner, QUIZ)) == timedelta(minutes=45)
    assert deadline_minutes(start_attempt(db, cast.learner_b, QUIZ)) == timedelta(minutes=30)


def test_the_learners_own_setting_beats_the_cohorts_even_when_it_gives_less(db, cast):
    set_cohort_time(db, cast.trainer_a, cast.cohort_a.id, "unlimited")
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "extra_minutes", 10)
    assert my_time_limit(db, cast.learner_a, QUIZ) == 40
    assert my_time_limit(db, cast.other_learner_a, QUIZ) is None


def test_no_limit_takes_any_time_and_leaves_untimed_quizzes_untimed(db, cast, clock):
    set_learner_time(db, cast.admin, cast.learner_a.user_id, "unlimited")
    attempt = start_attempt(db, cast.learner_a, QUIZ)
    assert attempt.deadline is None
    clock.advance(hours=5)
    save_answer(db, cast.learner_a, attempt.id, "consent", False)
    assert my_time_limit(db, cast.learner_a, final_quiz(time_limit_minutes=None)) is None


def test_an_answer_within_the_extended_deadline_is_taken_and_after_it_refused(db, cast, clock):
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 200)
    attempt = start_attempt(db, cast.learner_a, QUIZ)
    clock.advance(minutes=59)
    save_answer(db, cast.learner_a, attempt.id, "consent", False)
    clock.advance(minutes=1)
    with pytest.raises(AttemptClosed, match="time"):
        save_answer(db, cast.learner_a, attempt.id, "article", "art-388")
    result = submit_attempt(db, cast.learner_a, attempt.id)
    assert result.answers == {"consent": False}
    assert result.submitted_at == attempt.started_at + timedelta(minutes=60)


def test_more_time_given_during_an_attempt_moves_its_deadline(db, cast, clock):
    attempt = start_attempt(db, cast.learner_a, QUIZ)
    clock.advance(minutes=20)
    set_cohort_time(db, cast.trainer_a, cast.cohort_a.id, "percent", 200)
    assert deadline_minutes(get_attempt(db, cast.learner_a, attempt.id)) == timedelta(minutes=60)
    clock.advance(minutes=30)
    save_answer(db, cast.learner_a, attempt.id, "consent", False)
    # Taken back, it does not cut short the time the learner was told she has.
    [entry] = cohort_time_accommodations(db, cast.trainer_a, cast.cohort_a.id)
    remove_time_accommodation(db, cast.trainer_a, entry.id)
    assert deadline_minutes(get_attempt(db, cast.learner_a, attempt.id)) == timedelta(minutes=60)
    assert my_time_limit(db, cast.learner_a, QUIZ) == 30


def test_an_attempt_whose_time_is_up_stays_closed_when_time_is_given_later(db, cast, clock):
    attempt = start_attempt(db, cast.learner_a, QUIZ)
    clock.advance(minutes=31)
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "unlimited")
    with pytest.raises(AttemptClosed):
        save_answer(db, cast.learner_a, attempt.id, "consent", False)
    assert get_attempt(db, cast.learner_a, attempt.id).state == "submitted"


def test_setting_again_replaces_the_earlier_setting(db, cast):
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 150)
    view = set_learner_time(db, cast.admin, cast.learner_a.user_id, "extra_minutes", 5)
    assert view.accommodation == Accommodation("extra_minutes", 5)
    assert view.granted_by == cast.admin.user_id
    rows = db.read(lambda tx: tx.session.scalar(select(func.count(TimeAccommodation.id))))
    assert rows == 1
    assert my_time_limit(db, cast.learner_a, QUIZ) == 35


def test_a_trainer_of_another_cohort_and_the_learner_herself_are_refused(db, cast):
    for refused in (cast.trainer_b, cast.learner_a, cast.coordinator):
        with pytest.raises(PermissionDenied):
            set_learner_time(db, refused, cast.learner_a.user_id, "unlimited")
        with pytest.raises(PermissionDenied):
            set_cohort_time(db, refused, cast.cohort_a.id, "unlimited")
        with pytest.raises(PermissionDenied):
            cohort_time_accommodations(db, refused, cast.cohort_a.id)
    mine = set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 150)
    with pytest.raises(PermissionDenied):
        remove_time_accommodation(db, cast.trainer_b, mine.id)
    assert my_time_limit(db, cast.learner_a, QUIZ) == 45


def test_settings_outside_the_bounds_are_refused(db, cast):
    with pytest.raises(InvalidInput, match="between"):
        set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 90)


def test_giving_and_taking_back_time_is_in_the_audit_log(db, cast, clock):
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 150)
    cohort = set_cohort_time(db, cast.trainer_a, cast.cohort_a.id, "unlimited")
    clock.advance(minutes=1)
    remove_time_accommodation(db, cast.trainer_a, cohort.id)
    entries = [e for e in list_audit(db, cast.admin) if e["action"].startswith("time.")]
    removed, for_cohort, for_learner = entries
    assert (for_learner["actor_id"], for_learner["target_user_id"]) == (
        cast.trainer_a.user_id,
        cast.learner_a.user_id,
    )
    assert for_learner["details"] == {"mode": "percent", "amount": 150, "moved": []}
    assert for_cohort["details"]["cohort_id"] == cast.cohort_a.id
    assert removed["action"] == "time.accommodation_removed"
    assert removed["details"] == {
        "cohort_id": cast.cohort_a.id,
        "mode": "unlimited",
        "amount": None,
    }
    assert removed["at"] == clock.now


def test_the_cohort_list_shows_the_cohorts_setting_first_then_its_learners(db, cast):
    set_learner_time(db, cast.trainer_b, cast.learner_b.user_id, "unlimited")
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 150)
    set_cohort_time(db, cast.trainer_a, cast.cohort_a.id, "extra_minutes", 10)
    listed = cohort_time_accommodations(db, cast.admin, cast.cohort_a.id)
    assert [(a.user_id, a.cohort_id) for a in listed] == [
        (None, cast.cohort_a.id),
        (cast.learner_a.user_id, None),
    ]


def test_a_learners_setting_is_in_her_export_and_goes_with_her_erasure(db, cast):
    set_learner_time(db, cast.trainer_a, cast.learner_a.user_id, "percent", 150)
    exported = export_user_data(db, cast.learner_a, cast.learner_a.user_id)
    [setting] = exported["time_accommodation"]
    assert (setting["mode"], setting["amount"]) == ("percent", 150)
    assert "granted_by" not in setting
    erase_user(db, cast.admin, cast.learner_a.user_id)
    rows = db.read(lambda tx: tx.session.scalar(select(func.count(TimeAccommodation.id))))
    assert rows == 0
