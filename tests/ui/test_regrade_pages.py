"""Regrading in the app (AppTest, real database): the admin's page, the trainer's section on
the quiz report, the notice in the learner's review, and the verification page."""

from decimal import Decimal

from courseware.content.quiz import Quiz
from courseware.i18n import Translator
from courseware.store.accounts import (
    update_profile,
)
from courseware.store.attempts import get_attempt
from courseware.store.certificate_reviews import decide_review, pending_reviews
from courseware.store.certificates import issue_certificate
from courseware.store.regrade import apply_regrade
from courseware.ui import resources
from tests.report_data import right_answers, take

QUIZ = "legal-framework-final"
LEARNER = "learner.a@example.org"
ADMIN = "admin@example.org"
REASON = "The pass mark was set wrongly"
ENGLISH = Translator("en")


def as_taken_before(**changes) -> Quiz:
    """The final quiz as learners took it before a correction: every question shown (no
    draw, so that results are known), with `changes` to the quiz's fields."""
    quiz = resources.catalog().quizzes[QUIZ]
    return Quiz.from_snapshot(quiz.snapshot() | {"draw": None} | changes)


def taken(db, learner, old: Quiz, wrong: int = 0, right: int | None = None):
    """An attempt on `old`: all but `wrong` questions answered right (or only `right`)."""
    answers = list(right_answers(old).items())
    answers = answers[:right] if right is not None else answers[: len(answers) - wrong]
    return take(db, learner, old, dict(answers))


def test_the_review_tells_the_learner_what_the_regrade_changed(open_app, app_db):
    db, cast = app_db
    # All but one right: a fail at a pass mark of 100%, a pass at the file's 70%.
    attempt = taken(db, cast.learner_a, as_taken_before(pass_mark=Decimal(1)), wrong=1)
    assert not attempt.passed
    score = f"{float(attempt.points):g} / {float(attempt.max_points):g}"
    apply_regrade(db, cast.admin, resources.catalog().quizzes[QUIZ], REASON)
    today = ENGLISH.date(db.now().date())

    at = open_app(LEARNER, "review", attempt=str(attempt.id))
    assert not at.exception
    # The score stayed; the result changed.
    assert (
        f"Regraded on {today} because {REASON}; your score did not change ({score})."
        " This attempt now passes."
    ) in [i.value for i in at.info]
    assert ENGLISH("review.passed") in [s.value for s in at.success]

    update_profile(db, cast.learner_a, language="sr", script="latin")
    at = open_app(LEARNER, "review", attempt=str(attempt.id))
    serbian = Translator("sr")
    notice = serbian(
        "review.regraded_same", date=serbian.date(db.now().date()), reason=REASON, old=score
    )
    assert f"{notice} {serbian('review.regraded_passed')}" in [i.value for i in at.info]


def test_a_changed_score_is_told_with_both_scores(open_app, app_db):
    db, cast = app_db
    quiz = resources.catalog().quizzes[QUIZ]
    # The key of the first question was wrong: "b" was marked right instead of "a".
    [first, *others] = as_taken_before().snapshot()["questions"]
    keys = [option | {"correct": option["id"] == "b"} for option in first["options"]]
    old = as_taken_before(questions=[first | {"options": keys}, *others])
    attempt = taken(db, cast.learner_a, old)
    apply_regrade(db, cast.admin, quiz, REASON)
    regraded = get_attempt(db, cast.learner_a, attempt.id)
    assert regraded.points == attempt.points - 1
    at = open_app(LEARNER, "review", attempt=str(attempt.id))
    assert not at.exception
    old_score = f"{float(attempt.points):g} / {float(attempt.max_points):g}"
    new_score = f"{float(regraded.points):g} / {float(regraded.max_points):g}"
    today = ENGLISH.date(db.now().date())
    notice = (
        f"Regraded on {today}: your score changed from {old_score} to {new_score} because {REASON}"
    )
    assert notice in [i.value for i in at.info]


def test_the_admin_sees_the_dry_run_and_applies_it_with_a_reason(open_app, app_db):
    db, cast = app_db
    attempt = taken(db, cast.learner_a, as_taken_before(pass_mark=Decimal(1)), wrong=1)
    at = open_app(ADMIN, "regrade")
    assert not at.exception
    at = next(s for s in at.selectbox if s.label == "Quiz").set_value(QUIZ).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Attempts to regrade"] == "1" and metrics["Fail → pass"] == "1"
    assert ENGLISH("regrade.pass_mark_changed") in [w.value for w in at.warning]
    assert "Download CSV" in [b.label for b in at.get("download_button")]
    cohorts = at.dataframe[0].value
    assert list(cohorts["Cohort"]) == ["Belgrade spring"]

    # Without confirming, nothing happens; with it, the regrade is applied.
    at.text_area[0].set_value(REASON)
    at = at.form_submit_button[0].click().run()
    assert ENGLISH("regrade.confirm_first") in [e.value for e in at.error]
    assert not get_attempt(db, cast.admin, attempt.id).passed
    at.text_area[0].set_value(REASON)
    at.checkbox[0].check()
    at = at.form_submit_button[0].click().run()
    assert not at.exception
    assert ENGLISH("regrade.done", count=1, changed=0, passed=1, failed=0) in [
        s.value for s in at.success
    ]
    assert get_attempt(db, cast.admin, attempt.id).passed
    assert ENGLISH("regrade.nothing") in [i.value for i in at.info]


def test_a_pass_turned_fail_waits_for_the_admin_and_the_verify_page_says_so(open_app, app_db):
    db, cast = app_db
    # One right: a pass at a pass mark of 1%, a fail at the file's 70%.
    taken(db, cast.learner_a, as_taken_before(pass_mark=Decimal("0.01")), right=1)
    code = issue_certificate(db, cast.learner_a, [QUIZ]).verification_code
    quiz = resources.catalog().quizzes[QUIZ]
    apply_regrade(db, cast.admin, quiz, REASON, certificate_quizzes=[QUIZ])
    today = ENGLISH.date(db.now().date())

    at = open_app(None, "verify", code=code)
    assert not at.exception
    assert at.success[0].value.startswith("Valid:")
    assert [i.value for i in at.info] == [ENGLISH("verify.under_review", date=today)]

    admin = open_app(ADMIN, "regrade")
    assert not admin.exception
    assert any("CW-" in m.value and REASON in m.value for m in admin.markdown)
    admin = next(b for b in admin.button if b.label == "Keep it valid").click().run()
    assert not admin.exception
    assert ENGLISH("regrade.kept") in [s.value for s in admin.success]
    assert ENGLISH("regrade.no_certificates") in [c.value for c in admin.caption]

    at = open_app(None, "verify", code=code)
    assert at.success[0].value.startswith("Valid:")
    assert [i.value for i in at.info] == [ENGLISH("verify.kept", date=today, decided=today)]


def test_a_certificate_revoked_after_a_regrade_says_so(open_app, app_db):
    db, cast = app_db
    old = as_taken_before(pass_mark=Decimal("0.01"))
    taken(db, cast.learner_a, old, right=1)
    code = issue_certificate(db, cast.learner_a, [QUIZ]).verification_code
    # A quiz the certificate does not require: no decision needed.
    apply_regrade(db, cast.admin, resources.catalog().quizzes[QUIZ], REASON)
    assert pending_reviews(db, cast.admin) == []

    taken(db, cast.other_learner_a, old, right=1)
    other = issue_certificate(db, cast.other_learner_a, [QUIZ]).verification_code
    apply_regrade(
        db, cast.admin, resources.catalog().quizzes[QUIZ], REASON, certificate_quizzes=[QUIZ]
    )
    [review] = pending_reviews(db, cast.admin)
    decide_review(db, cast.admin, review.review_id, keep=False)
    at = open_app(None, "verify", code=other)
    today = ENGLISH.date(db.now().date())
    assert [e.value for e in at.error] == [
        ENGLISH("verify.revoked_after_regrade", serial=review.serial, date=today)
    ]
    assert open_app(None, "verify", code=code).success[0].value.startswith("Valid:")


def test_a_trainer_regrades_their_cohort_from_the_quiz_report(open_app, app_db):
    db, cast = app_db
    mine = taken(db, cast.learner_a, as_taken_before(pass_mark=Decimal(1)), wrong=1)
    theirs = taken(db, cast.learner_b, as_taken_before(pass_mark=Decimal(1)), wrong=1)
    at = open_app("trainer.a@example.org", "quiz-report")
    at = next(s for s in at.selectbox if s.label == "Quiz").set_value(QUIZ).run()
    assert not at.exception
    # No dry run until the trainer asks for one: the report's every run would pay for it.
    assert "Attempts to regrade" not in {m.label for m in at.metric}
    prepare = next(t for t in at.toggle if t.label.startswith("Prepare a regrade"))
    at = prepare.set_value(True).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Attempts to regrade"] == "1"
    at.text_area[0].set_value(REASON)
    at.checkbox[0].check()
    at = at.form_submit_button[0].click().run()
    assert not at.exception
    assert get_attempt(db, cast.admin, mine.id).passed
    assert not get_attempt(db, cast.admin, theirs.id).passed


def _every_key_wrong(question: dict) -> dict:
    """A question whose saved right answers no longer score: options, pairs and items
    renamed (answers naming them score 0), true/false and numeric keys changed."""
    renamed = {
        field: [item | {"id": f"{item['id']}-x"} for item in question[field]]
        for field in ("options", "pairs", "items")
        if field in question
    }
    if question["type"] == "true_false":
        renamed["answer"] = not question["answer"]
    if question["type"] == "numeric":
        renamed["answer"] = question["answer"] + 1000
    if question["type"] == "scenario":
        renamed["questions"] = [_every_key_wrong(leaf) for leaf in question["questions"]]
    return question | renamed


def test_the_dashboard_shows_regraded_results_at_once(open_app, app_db):
    from tests.ui.reporting import fill_with_results

    db, cast = app_db
    fill_with_results(db, cast)
    at = open_app("coordinator@example.org")
    rate = "Finals passed, of finals submitted"
    assert {m.label: m.value for m in at.metric}[rate] == "40%"
    snapshot = resources.catalog().quizzes[QUIZ].snapshot()
    wrong = Quiz.from_snapshot(
        snapshot | {"questions": [_every_key_wrong(q) for q in snapshot["questions"]]}
    )
    plan = apply_regrade(db, cast.admin, wrong, REASON)
    assert sum(c.pass_to_fail for c in plan.cohorts) == 2
    # The dashboard caches its reads for a minute, but never across a regrade.
    at = at.run()
    assert {m.label: m.value for m in at.metric}[rate] == "0%"
