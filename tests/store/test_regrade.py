"""Regrading a quiz after a correction, on every database: the dry run, the applied result,
what is left alone, who may, certificates, the audit log and the learner's notice."""

import json
from dataclasses import replace
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from courseware.access import COMMAND_LINE, PermissionDenied
from courseware.content.quiz import Quiz
from courseware.store.attempts import (
    get_attempt,
    list_attempts,
    save_answer,
    start_attempt,
    submit_attempt,
)
from courseware.store.audit import list_audit
from courseware.store.certificate_reviews import decide_review, pending_reviews
from courseware.store.certificates import (
    RuleNotMet,
    issue_certificate,
    verify_certificate,
)
from courseware.store.errors import InvalidInput, NotFound, Rejected
from courseware.store.models import AuditEntry
from courseware.store.privacy import erase_user, export_user_data
from courseware.store.regrade import apply_regrade, regrade_plan
from courseware.store.regrade_history import (
    last_regrade_at,
    quiz_versions_taken,
    regrade_notices,
)
from courseware.store.reports.cohort import cohort_quiz_summary
from tests.databases import RIGHT_ANSWERS, enrolled_learner, final_quiz
from tests.store.test_concurrency import _run_together as run_together

REASON = "The key of the consent question was wrong"


def corrected(**changes) -> Quiz:
    """The final quiz with questions changed: `id=None` removes one, `id={...}` changes its
    fields."""
    snapshot = final_quiz().snapshot()
    questions = [
        question | (changes.get(question["id"]) or {})
        for question in snapshot["questions"]
        if changes.get(question["id"], {}) is not None
    ]
    return Quiz.from_snapshot(snapshot | {"questions": questions})


# The key of "consent" flipped: answering False (right before) is wrong now, True right.
CONSENT_FLIPPED = {"consent": {"answer": True}}


def take(db, learner, answers, quiz=None):
    quiz = quiz or final_quiz()
    attempt = start_attempt(db, learner, quiz)
    for question_id, answer in answers.items():
        save_answer(db, learner, attempt.id, question_id, answer)
    return submit_attempt(db, learner, attempt.id)


def audit_count(db, action=None):
    query = select(func.count()).select_from(AuditEntry)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return db.read(lambda tx: tx.session.scalar(query))


def test_the_dry_run_equals_the_applied_result(db, cast):
    take(db, cast.learner_a, RIGHT_ANSWERS)  # 3/3, 2/3 after: still a pass
    take(db, cast.other_learner_a, {"consent": True})  # 0/3, 1/3 after: still a fail
    take(db, cast.learner_b, {"consent": True, "article": "art-388"})  # 1/3 fail -> 2/3 pass
    new = corrected(**CONSENT_FLIPPED)

    plan = regrade_plan(db, cast.admin, new)
    assert [(o.old_points, o.new_points) for o in plan.attempts] == [(3, 2), (0, 1), (1, 2)]
    assert [(q.question_id, q.change, q.attempts, q.points_changed) for q in plan.questions] == [
        ("consent", "changed", 3, 3)
    ]
    by_cohort = {
        c.name: (c.attempts, c.score_changed, c.fail_to_pass, c.pass_to_fail) for c in plan.cohorts
    }
    assert by_cohort == {"Belgrade spring": (2, 2, 0, 0), "Novi Sad spring": (1, 1, 1, 0)}
    assert {type(n) for c in by_cohort.values() for n in c} == {int}
    # The dry run wrote nothing.
    assert {a.content_version for a in list_attempts(db, cast.admin, cast.learner_b.user_id)} == {
        final_quiz().content_version()
    }

    applied = apply_regrade(db, cast.admin, new, REASON)
    assert applied.regrade_id is not None
    assert replace(applied, regrade_id=None) == plan
    for outcome in plan.attempts:
        stored = get_attempt(db, cast.admin, outcome.attempt_id)
        assert (stored.points, stored.max_points, stored.passed) == (
            outcome.new_points,
            outcome.new_max_points,
            outcome.new_passed,
        )
        # The attempt is now graded on the corrected version: its review shows that.
        assert stored.content_version == new.content_version()
        assert stored.quiz == new
        # Answered questions carry their new points.
        assert stored.question_points == {
            q: p for q, p in outcome.question_points.items() if q in stored.answers
        }
    # Reports read the attempts' points: they show the regraded results at once.
    summary = cohort_quiz_summary(db, cast.admin, cast.cohort_b.id, new.id)
    assert (summary.pass_rate, summary.mean_best_score) == (1, Fraction(2, 3))
    assert last_regrade_at(db, cast.admin) is not None


def test_a_second_regrade_changes_nothing_and_writes_nothing(db, cast):
    take(db, cast.learner_a, RIGHT_ANSWERS)
    new = corrected(**CONSENT_FLIPPED)
    assert apply_regrade(db, cast.admin, new, REASON).regrade_id is not None
    entries = audit_count(db)

    again = regrade_plan(db, cast.admin, new)
    assert (again.attempts, again.already_current) == ((), 1)
    applied = apply_regrade(db, cast.admin, new, REASON)
    assert applied.regrade_id is None and applied.attempts == ()
    assert audit_count(db) == entries
    assert (
        len(
            regrade_notices(
                db, cast.learner_a, list_attempts(db, cast.learner_a, cast.learner_a.user_id)[0].id
            )
        )
        == 1
    )


def test_a_removed_question_is_dropped_and_an_answer_naming_a_removed_option_scores_zero(db, cast):
    attempt = take(db, cast.learner_a, RIGHT_ANSWERS)
    renamed = [
        {"id": "art-388-kz", "text": "388", "correct": True},
        {"id": "art-350", "text": "350"},
    ]
    new = corrected(days=None, article={"options": renamed})
    plan = regrade_plan(db, cast.admin, new)
    [outcome] = plan.attempts
    assert (outcome.new_points, outcome.new_max_points, outcome.new_passed) == (1, 2, True)
    assert outcome.unfit == ("article",)
    assert [(q.question_id, q.change, q.unfit) for q in plan.questions] == [
        ("article", "changed", 1),
        ("days", "removed", 0),
    ]
    apply_regrade(db, cast.admin, new, "Article 388 option renamed; question on days removed")
    regraded = get_attempt(db, cast.learner_a, attempt.id)
    # The learner's answers stay as given; only the points they earn change.
    assert regraded.answers == attempt.answers
    assert regraded.question_points == {"consent": 1, "article": 0}


def test_attempts_in_progress_are_left_alone_and_regraded_once_submitted(db, cast):
    take(db, cast.learner_a, RIGHT_ANSWERS)
    open_attempt = start_attempt(db, cast.learner_a, final_quiz())
    save_answer(db, cast.learner_a, open_attempt.id, "consent", True)
    new = corrected(**CONSENT_FLIPPED)

    first = apply_regrade(db, cast.admin, new, REASON)
    assert (len(first.attempts), first.in_progress) == (1, 1)
    still_open = get_attempt(db, cast.learner_a, open_attempt.id)
    assert still_open.content_version == final_quiz().content_version()
    # It is graded on the version it was started on when submitted, then regraded.
    assert submit_attempt(db, cast.learner_a, open_attempt.id).points == 0
    second = apply_regrade(db, cast.admin, new, REASON)
    assert [o.attempt_id for o in second.attempts] == [open_attempt.id]
    assert get_attempt(db, cast.learner_a, open_attempt.id).points == 1


def test_erased_learners_are_left_untouched(db, cast):
    erased = take(db, cast.other_learner_a, RIGHT_ANSWERS)
    take(db, cast.learner_a, RIGHT_ANSWERS)
    erase_user(db, cast.admin, cast.other_learner_a.user_id)
    plan = apply_regrade(db, cast.admin, corrected(**CONSENT_FLIPPED), REASON)
    assert (len(plan.attempts), plan.erased) == (1, 1)
    kept = get_attempt(db, cast.admin, erased.id)
    assert (kept.content_version, kept.points, kept.passed) == (
        final_quiz().content_version(),
        3,
        True,
    )


def test_a_trainer_regrades_only_the_attempts_of_their_cohorts(db, cast):
    take(db, cast.learner_a, RIGHT_ANSWERS)
    other = take(db, cast.learner_b, RIGHT_ANSWERS)
    new = corrected(**CONSENT_FLIPPED)
    with pytest.raises(PermissionDenied):
        regrade_plan(db, cast.trainer_a, new, cohort_ids=[cast.cohort_b.id])
    with pytest.raises(PermissionDenied):
        apply_regrade(db, cast.trainer_a, new, REASON, cohort_ids=[cast.cohort_b.id])
    for nobody in (cast.learner_a, cast.coordinator):
        with pytest.raises(PermissionDenied):
            apply_regrade(db, nobody, new, REASON)
    assert [v.attempts for v in quiz_versions_taken(db, cast.trainer_a, new.id)] == [1]

    plan = apply_regrade(db, cast.trainer_a, new, REASON)
    assert [c.name for c in plan.cohorts] == ["Belgrade spring"]
    assert get_attempt(db, cast.admin, other.id).content_version == final_quiz().content_version()


def test_a_reason_is_required_and_the_version_must_exist(db, cast):
    with pytest.raises(InvalidInput):
        apply_regrade(db, cast.admin, corrected(**CONSENT_FLIPPED), "  ")
    with pytest.raises(NotFound):
        regrade_plan(db, cast.admin, "0123456789abcdef")


def test_every_changed_attempt_is_audited_and_its_learner_told(db, cast):
    attempt = take(db, cast.learner_a, RIGHT_ANSWERS)
    take(db, cast.other_learner_a, {"article": "art-388"})  # 1/3 before and after
    apply_regrade(db, cast.trainer_a, corrected(**CONSENT_FLIPPED), REASON)

    entries = list_audit(db, cast.admin)
    [changed] = [e for e in entries if e["action"] == "attempt.regrade"]
    assert changed["actor_id"] == cast.trainer_a.user_id
    assert changed["target_user_id"] == cast.learner_a.user_id
    assert {
        k: changed["details"][k] for k in ("attempt_id", "reason", "old_points", "new_points")
    } == {
        "attempt_id": attempt.id,
        "reason": REASON,
        "old_points": "3",
        "new_points": "2",
    }
    [regrade] = [e for e in entries if e["action"] == "quiz.regrade"]
    assert regrade["details"]["attempts"] == 2 and regrade["details"]["score_changed"] == 1

    [notice] = regrade_notices(db, cast.learner_a, attempt.id)
    assert (notice.old_points, notice.new_points, notice.reason) == (3, 2, REASON)
    # Part of everything held about the learner, which they may download.
    exported = export_user_data(db, cast.learner_a, cast.learner_a.user_id)
    [regraded] = exported["attempts"][0]["regrades"]
    assert (regraded["old_points"], regraded["new_points"], regraded["reason"]) == (
        "3",
        "2",
        REASON,
    )
    json.dumps(exported)
    with pytest.raises(PermissionDenied):
        regrade_notices(db, cast.learner_b, attempt.id)


def test_a_fail_that_becomes_a_pass_makes_the_certificate_available(db, cast):
    take(db, cast.learner_a, {"consent": True, "article": "art-388"})  # 1/3
    with pytest.raises(RuleNotMet):
        issue_certificate(db, cast.learner_a, ["legal-final"])
    apply_regrade(db, cast.admin, corrected(**CONSENT_FLIPPED), REASON)
    assert issue_certificate(db, cast.learner_a, ["legal-final"]).serial.startswith("CW-")


@pytest.mark.parametrize("keep", [True, False])
def test_a_pass_that_becomes_a_fail_keeps_the_certificate_until_an_admin_decides(db, cast, keep):
    take(db, cast.learner_a, {"consent": False, "article": "art-350", "days": 1})  # 1/3 -> 0/3
    take(db, cast.learner_a, {"consent": False, "article": "art-388"})  # 2/3 -> 1/3
    code = issue_certificate(db, cast.learner_a, ["legal-final"]).verification_code
    new = corrected(**CONSENT_FLIPPED)
    plan = apply_regrade(db, cast.admin, new, REASON, certificate_quizzes=["legal-final"])
    assert len(plan.certificates_to_review) == 1

    certificate = verify_certificate(db, code)
    assert certificate.revoked_at is None
    assert certificate.regrade.decision == "pending"
    [pending] = pending_reviews(db, cast.admin)
    assert (pending.old_points, pending.new_points, pending.reason) == (2, 1, REASON)
    with pytest.raises(PermissionDenied):
        pending_reviews(db, cast.trainer_a)
    with pytest.raises(PermissionDenied):
        decide_review(db, cast.trainer_a, pending.review_id, keep=keep)

    decide_review(db, cast.admin, pending.review_id, keep=keep)
    certificate = verify_certificate(db, code)
    assert certificate.regrade.decision == ("kept" if keep else "revoked")
    assert (certificate.revoked_at is None) == keep
    assert pending_reviews(db, cast.admin) == []
    with pytest.raises(Rejected):
        decide_review(db, cast.admin, pending.review_id, keep=True)
    action = "certificate.keep" if keep else "certificate.revoke"
    assert list_audit(db, cast.admin)[0]["action"] == action


def test_a_learner_who_still_passes_another_attempt_keeps_the_certificate_unquestioned(db, cast):
    take(db, cast.learner_a, {"consent": False, "article": "art-388"})  # pass -> fail
    take(db, cast.learner_a, {"consent": True, "article": "art-388", "days": 90})  # pass -> pass
    issue_certificate(db, cast.learner_a, ["legal-final"])
    plan = apply_regrade(
        db, cast.admin, corrected(**CONSENT_FLIPPED), REASON, certificate_quizzes=["legal-final"]
    )
    assert plan.certificates_to_review == ()
    assert pending_reviews(db, cast.admin) == []


def test_the_command_line_acts_as_an_admin(db, cast):
    take(db, cast.learner_a, RIGHT_ANSWERS)
    plan = apply_regrade(db, COMMAND_LINE, corrected(**CONSENT_FLIPPED), REASON)
    assert len(plan.attempts) == 1
    [entry] = [e for e in list_audit(db, cast.admin) if e["action"] == "quiz.regrade"]
    assert entry["actor_id"] is None and entry["details"]["via"] == "command line"


def test_regrading_while_learners_answer_loses_no_answer(db, cast):
    """The rule: a regrade moves submitted attempts only; an attempt in progress is not
    touched (its answers are saved and checked against the version it was started on), and
    a regrade run after it is submitted picks it up."""
    learners = [enrolled_learner(db, f"busy{n}@example.org", cast.cohort_a) for n in range(8)]
    open_attempts = {}
    for learner in learners:
        take(db, learner, RIGHT_ANSWERS)
        open_attempts[learner.user_id] = start_attempt(db, learner, final_quiz()).id
    new = corrected(**CONSENT_FLIPPED)
    last_saved = {}

    def work(who):
        if who is None:
            apply_regrade(db, cast.admin, new, REASON)
            return
        attempt_id = open_attempts[who.user_id]
        for round_ in range(3):
            answers = {"consent": round_ % 2 == 0, "article": "art-388", "days": 90 + round_}
            for question_id, answer in answers.items():
                save_answer(db, who, attempt_id, question_id, answer)
        last_saved[attempt_id] = answers
        submit_attempt(db, who, attempt_id)

    assert run_together(work, [None, *learners]) == []
    for attempt_id, answers in last_saved.items():
        assert get_attempt(db, cast.admin, attempt_id).answers == answers
    # Run again: whatever was still in progress during the first is regraded now.
    apply_regrade(db, cast.admin, new, REASON)
    for learner in learners:
        attempts = list_attempts(db, cast.admin, learner.user_id)
        assert [(a.content_version, a.state) for a in attempts] == [
            (new.content_version(), "submitted")
        ] * 2
        # consent True (right now), article right, days 92 (wrong).
        assert [a.points for a in attempts] == [2, 2]
    assert len(last_saved) == len(learners)


def test_a_sub_question_added_to_a_case_does_not_count_in_past_attempts(db, cast):
    case = {
        "id": "case",
        "type": "scenario",
        "prompt": "P",
        "case": "C",
        "questions": [{"id": "case-a", "type": "true_false", "prompt": "P", "answer": True}],
    }
    added = {"id": "case-b", "type": "true_false", "prompt": "P", "answer": True}
    questions = final_quiz().snapshot()["questions"]
    old = Quiz.from_snapshot(final_quiz().snapshot() | {"questions": [*questions, case]})
    with_b = case | {"questions": [*case["questions"], added]}
    flipped = corrected(**CONSENT_FLIPPED).snapshot()
    new = Quiz.from_snapshot(flipped | {"questions": [*flipped["questions"], with_b]})
    attempt = take(db, cast.learner_a, RIGHT_ANSWERS | {"case-a": True}, quiz=old)

    plan = apply_regrade(db, cast.admin, new, REASON)
    [outcome] = plan.attempts
    assert (outcome.new_points, outcome.new_max_points) == (3, 4)
    assert [(q.question_id, q.change, q.attempts) for q in plan.questions] == [
        ("case-b", "added", 0),
        ("consent", "changed", 1),
    ]
    # Graded on the new version without what the learner never saw, stored as a version of
    # its own: the review shows exactly what counted.
    regraded = get_attempt(db, cast.learner_a, attempt.id)
    assert outcome.to_version == regraded.content_version != new.content_version()
    assert [leaf.id for leaf in regraded.quiz.leaves()] == ["consent", "article", "days", "case-a"]
    again = apply_regrade(db, cast.admin, new, REASON)
    assert (again.attempts, again.already_current) == ((), 1)
