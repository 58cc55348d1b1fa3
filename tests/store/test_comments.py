"""Hiding a written survey answer from coordinators: who may, what coordinators then see,
and the audit log."""

import pytest

from courseware.access import PermissionDenied
from courseware.store.audit import list_audit
from courseware.store.comments import cohort_comments, set_comment_hidden
from courseware.store.errors import InvalidInput, NotFound
from courseware.store.reports.scope import ReportFilters
from courseware.store.reports.surveys import survey_results
from tests.databases import enrolled_learner, survey_quiz
from tests.report_data import take

NAMING = "Thanks to Ana from the Niš shelter, whose case we discussed"


@pytest.fixture
def commented(db, cast, clock):
    """Five learners of cohort A answered the evaluation, one of them naming someone."""
    survey = survey_quiz()
    learners = [cast.learner_a, cast.other_learner_a] + [
        enrolled_learner(db, f"extra{n}@example.org", cast.cohort_a) for n in range(3)
    ]
    for number, learner in enumerate(learners):
        clock.advance(minutes=1)
        comment = NAMING if number == 0 else f"Useful part {number}"
        take(db, learner, survey, {"useful": 4, "comments": comment})
    return survey


def _coordinators_comments(db, cast, survey):
    return survey_results(db, cast.coordinator, ReportFilters(), survey).comments


def test_a_trainer_hides_a_comment_from_coordinators_and_shows_it_again(db, cast, commented):
    survey = commented
    assert NAMING in _coordinators_comments(db, cast, survey)
    comments = cohort_comments(db, cast.trainer_a, cast.cohort_a.id, survey)
    assert len(comments) == 5 and not any(c.hidden for c in comments)
    naming = next(c for c in comments if c.text == NAMING)

    set_comment_hidden(db, cast.trainer_a, naming.answer_id, True)
    set_comment_hidden(db, cast.trainer_a, naming.answer_id, True)  # twice: one entry

    shown = _coordinators_comments(db, cast, survey)
    assert NAMING not in shown and len(shown) == 4
    # The figures stay: only the words are hidden.
    assert survey_results(db, cast.coordinator, ReportFilters(), survey).respondents == 5
    # Those who may hide it still see it, marked.
    assert NAMING in survey_results(db, cast.admin, ReportFilters(), survey).comments
    after = {c.text: c.hidden for c in cohort_comments(db, cast.admin, cast.cohort_a.id, survey)}
    assert after[NAMING] and sum(after.values()) == 1

    set_comment_hidden(db, cast.admin, naming.answer_id, False)
    assert NAMING in _coordinators_comments(db, cast, survey)
    log = [e for e in list_audit(db, cast.admin) if e["action"].startswith("comment.")]
    assert [(e["action"], e["actor_id"]) for e in reversed(log)] == [
        ("comment.hide", cast.trainer_a.user_id),
        ("comment.show", cast.admin.user_id),
    ]
    assert log[0]["details"] == {"answer_id": naming.answer_id, "cohort_id": cast.cohort_a.id}
    assert "Ana" not in str(log)


def test_only_admins_and_the_cohorts_trainers_may_hide_its_comments(db, cast, commented):
    survey = commented
    [naming] = [
        c for c in cohort_comments(db, cast.trainer_a, cast.cohort_a.id, survey) if c.text == NAMING
    ]
    for someone in (cast.trainer_b, cast.coordinator, cast.learner_a):
        with pytest.raises(PermissionDenied):
            set_comment_hidden(db, someone, naming.answer_id, True)
        with pytest.raises(PermissionDenied):
            cohort_comments(db, someone, cast.cohort_a.id, survey)
    assert NAMING in _coordinators_comments(db, cast, survey)
    assert not [e for e in list_audit(db, cast.admin) if e["action"].startswith("comment.")]


def test_only_a_written_survey_answer_can_be_hidden(db, cast, commented):
    from sqlalchemy import select

    from courseware.store.models import Answer

    likert = db.read(
        lambda tx: tx.session.scalar(select(Answer.id).where(Answer.question_id == "useful"))
    )
    with pytest.raises(InvalidInput):
        set_comment_hidden(db, cast.admin, likert, True)
    with pytest.raises(NotFound):
        set_comment_hidden(db, cast.admin, 999_999, True)
