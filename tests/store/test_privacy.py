import json
from pathlib import Path

import pytest
from sqlalchemy import select

from courseware.store.attempts import get_attempt, save_answer, start_attempt, submit_attempt
from courseware.store.auth import SignInFailed, sign_in
from courseware.store.models import Answer, FailedSignin, QuizAttempt, User
from courseware.store.privacy import erase_user, export_user_data
from courseware.store.progress import lessons_done, mark_lesson_done
from courseware.store.reports.cohort import cohort_quiz_summary
from tests.databases import PASSWORD, RIGHT_ANSWERS, final_quiz, survey_quiz


def _take(db, learner, quiz, answers):
    attempt = start_attempt(db, learner, quiz)
    for question_id, answer in answers.items():
        save_answer(db, learner, attempt.id, question_id, answer)
    return submit_attempt(db, learner, attempt.id)


def test_marking_a_lesson_twice_keeps_the_first_time(db, cast, clock):
    first = clock.now
    mark_lesson_done(db, cast.learner_a, "legal-framework", "palermo")
    clock.advance(days=1)
    mark_lesson_done(db, cast.learner_a, "legal-framework", "palermo")
    exported = export_user_data(db, cast.learner_a, cast.learner_a.user_id)
    assert [row["done_at"] for row in exported["lessons_done"]] == [first.isoformat()]
    assert lessons_done(db, cast.learner_a, cast.learner_a.user_id) == {
        ("legal-framework", "palermo")
    }


def test_the_export_holds_everything_about_the_user_and_no_secret(db, cast):
    mark_lesson_done(db, cast.learner_a, "legal-framework", "palermo")
    _take(db, cast.learner_a, final_quiz(), RIGHT_ANSWERS)
    token = sign_in(db, "learner.a@example.org", PASSWORD, "192.0.2.1").token
    with pytest.raises(SignInFailed):
        sign_in(db, "learner.a@example.org", "wrong password", "192.0.2.9")

    exported = export_user_data(db, cast.learner_a, cast.learner_a.user_id)
    text = json.dumps(exported)
    assert exported["account"]["email"] == "learner.a@example.org"
    assert exported["account"]["organisation"] == "Atina"
    assert [c["cohort"] for c in exported["cohorts"]] == ["Belgrade spring"]
    assert exported["lessons_done"][0]["lesson_id"] == "palermo"
    [attempt] = exported["attempts"]
    assert (attempt["quiz_id"], attempt["points"], attempt["passed"]) == ("legal-final", "3", True)
    assert {a["question_id"]: a["answer"] for a in attempt["answers"]} == RIGHT_ANSWERS
    assert len(exported["sessions"]) == 1
    assert [f["address"] for f in exported["failed_sign_ins"]] == ["192.0.2.9"]
    assert token not in text and "argon2" not in text and "password_hash" not in text


def test_a_trainers_export_lists_the_cohorts_they_train(db, cast):
    exported = export_user_data(db, cast.trainer_a, cast.trainer_a.user_id)
    assert exported["trains"] == ["Belgrade spring"]


def test_erasing_a_user_keeps_only_their_anonymous_graded_answers(db, cast):
    kept = _take(db, cast.learner_a, final_quiz(), RIGHT_ANSWERS)
    survey = _take(
        db, cast.learner_a, survey_quiz(), {"useful": 5, "comments": "I am Ana from Niš"}
    )
    unfinished = start_attempt(db, cast.learner_a, final_quiz())
    with pytest.raises(SignInFailed):
        sign_in(db, "learner.a@example.org", "wrong password", "192.0.2.9")

    erase_user(db, cast.admin, cast.learner_a.user_id)

    assert db.read(lambda tx: tx.session.get(User, cast.learner_a.user_id)) is None
    failures = db.read(lambda tx: tx.session.scalars(select(FailedSignin.email)).all())
    assert "learner.a@example.org" not in failures
    with pytest.raises(SignInFailed):
        sign_in(db, "learner.a@example.org", PASSWORD, "192.0.2.1")
    owners = db.read(
        lambda tx: {
            row.id: row.user_id
            for row in tx.session.execute(select(QuizAttempt.id, QuizAttempt.user_id))
        }
    )
    assert owners == {kept.id: None, survey.id: None}
    assert unfinished.id not in owners
    answers = db.read(
        lambda tx: tx.session.execute(select(Answer.question_id, Answer.answer)).all()
    )
    assert sorted(map(tuple, answers)) == sorted({**RIGHT_ANSWERS, "useful": 5}.items())
    # An admin can still look at the anonymous attempt; its figures still count.
    assert get_attempt(db, cast.admin, kept.id).points == 3
    summary = cohort_quiz_summary(db, cast.trainer_a, cast.cohort_a.id, "legal-final")
    assert (summary.learners, summary.pass_rate) == (1, 1)


def _raw_bytes(db) -> bytes:
    """The database file and its write-ahead log, byte for byte, as someone with a copy of
    the disk would read them."""
    path = Path(db.url.removeprefix("sqlite:///"))
    return b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )


def test_an_erased_email_is_not_left_in_the_sqlite_file_or_its_log(db, cast):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a PostgreSQL server's files are out of this app's hands (see the README)")
    email = b"learner.a@example.org"
    _take(db, cast.learner_a, final_quiz(), RIGHT_ANSWERS)
    _take(db, cast.learner_a, survey_quiz(), {"useful": 5, "comments": "I am Ana from Nis"})
    sign_in(db, "learner.a@example.org", PASSWORD, "192.0.2.1")
    for _ in range(3):
        with pytest.raises(SignInFailed):
            sign_in(db, "learner.a@example.org", "wrong password", "192.0.2.9")
    assert email in _raw_bytes(db)

    erase_user(db, cast.admin, cast.learner_a.user_id)

    raw = _raw_bytes(db)
    assert email not in raw
    assert b"I am Ana from Nis" not in raw
    assert b"learner.a2@example.org" in raw  # the others are still there
