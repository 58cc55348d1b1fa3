"""Regrading a quiz after a correction: a dry run, and the same computation applied.

`regrade_plan` and `apply_regrade` run one function (`_plan`), the first in a read, the
second in the transaction that then writes its result, so a dry run shows exactly what
applying it would do (unless learners submit attempts in between). How one attempt is
scored against the new version is `grading.regrade`'s: the questions it showed, answers
checked against the new version of their question, a removed question dropped from points
and maximum, an answer naming what no longer exists scored 0.

The rules kept here:

- Only submitted attempts are regraded. An attempt in progress finishes on the version it
  was started on (the learner is looking at its questions, and its answers are checked
  against them as they are saved); the dry run counts these, and running the regrade again
  once they are submitted picks them up. A regrade never touches a saved answer, only the
  points it earns, so nothing a learner saves meanwhile is lost.
- Attempts of erased learners are left as they are: anonymous figures, no one to tell.
- A regraded attempt points at the version it is now graded on (its `content_version`), so
  its review shows the questions as corrected; where it came from, and its result before and
  after, is kept in `regraded_attempts`, which the learner's review reads. An attempt already
  graded on the chosen version is left alone: a second regrade changes nothing and writes
  nothing.
- Every attempt whose result changes gets an audit entry (who, when, why, old and new
  points), and the regrade one of its own.
- A fail that becomes a pass makes the certificate available as usual (it is issued from
  the attempts' results). A pass that becomes a fail never revokes one: a certificate whose
  holder no longer passes a quiz it requires is listed for an admin (`certificate_reviews`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from sqlalchemy import func, insert, select, update

from courseware.access import (
    Actor,
    can_regrade,
    regradable_cohort_ids,
    require,
)
from courseware.content.quiz import Quiz
from courseware.grading import (
    as_taken,
    changed_questions,
    score_saved_answers,
    shown_leaf_ids,
)
from courseware.grading.regrade import Change
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.certificate_reviews import certificates_to_review
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput, NotFound
from courseware.store.models import (
    IN_PROGRESS,
    PENDING,
    SUBMITTED,
    Answer,
    CertificateReview,
    Cohort,
    QuizAttempt,
    QuizVersion,
    Regrade,
    RegradedAttempt,
)
from courseware.store.quiz_versions import keep_version, quiz_version
from courseware.store.summaries import keeping_summaries

REASON_LENGTH = 500


@dataclass(frozen=True)
class ResultChange:
    """An attempt's result before and after a regrade."""

    old_points: Fraction
    old_max_points: Fraction
    old_passed: bool
    new_points: Fraction
    new_max_points: Fraction
    new_passed: bool

    @property
    def score_changed(self) -> bool:
        return (self.old_points, self.old_max_points) != (self.new_points, self.new_max_points)

    @property
    def result_changed(self) -> bool:
        return self.score_changed or self.old_passed != self.new_passed


@dataclass(frozen=True)
class AttemptOutcome(ResultChange):
    """What a regrade does to one attempt."""

    attempt_id: int
    user_id: int
    cohort_id: int | None
    from_version: str
    to_version: str
    # Questions whose answer no longer fits the new version (scored 0).
    unfit: tuple[str, ...]
    question_points: dict[str, Fraction] = field(repr=False)


@dataclass(frozen=True)
class QuestionChange:
    """A question that differs in the new version. `attempts`: the regraded attempts that
    showed it; `points_changed`: of those, how many now earn other points on it (a removed
    question earns none); `unfit`: answers to it that no longer fit and now score 0."""

    question_id: str
    change: Change
    attempts: int
    points_changed: int
    unfit: int


@dataclass(frozen=True)
class CohortOutcome:
    """What the regrade does in one cohort (`cohort_id` None: attempts taken in none)."""

    cohort_id: int | None
    name: str | None
    attempts: int
    score_changed: int
    fail_to_pass: int
    pass_to_fail: int
    unfit: int


@dataclass(frozen=True)
class RegradePlan:
    quiz_id: str
    content_version: str
    pass_mark_changed: bool
    questions: tuple[QuestionChange, ...]
    cohorts: tuple[CohortOutcome, ...]
    # Every attempt the regrade moves to the new version, in the order of their ids.
    attempts: tuple[AttemptOutcome, ...]
    # Left alone: already graded on this version, in progress, of erased learners, or
    # showing no question the new version still has.
    already_current: int
    in_progress: int
    erased: int
    nothing_in_common: int
    # (certificate id, attempt id): certificates whose holder no longer passes a quiz they
    # require, to be kept or revoked by an admin.
    certificates_to_review: tuple[tuple[int, int], ...]
    # Set once applied.
    regrade_id: int | None = None


def regrade_scope(acting: Actor, cohort_ids: Collection[int] | None) -> frozenset[int] | None:
    """The cohorts whose attempts are regraded: None for all of them."""
    if cohort_ids is None:
        allowed = regradable_cohort_ids(acting)
        require(allowed is None or bool(allowed), "only admins and trainers regrade quizzes")
        return allowed
    for cohort_id in cohort_ids:
        require(
            can_regrade(acting, cohort_id),
            "you may regrade only the attempts of the cohorts you train",
        )
    return frozenset(cohort_ids)


def in_scope(quiz_id: str, cohorts: frozenset[int] | None) -> list:
    conditions = [QuizAttempt.quiz_id == quiz_id]
    if cohorts is not None:
        conditions.append(QuizAttempt.cohort_id.in_(cohorts))
    return conditions


def _target(tx: Transaction, target: Quiz | str) -> Quiz:
    """The version to regrade to: a quiz as loaded from its file (stored when applied), or
    the content version of one already stored."""
    if isinstance(target, str):
        stored = tx.session.scalar(
            select(QuizVersion.content_version).where(QuizVersion.content_version == target)
        )
        if stored is None:
            raise NotFound(f"no stored quiz version '{target}'")
        quiz = quiz_version(tx, target)
    else:
        quiz = target
    if not quiz.graded:
        raise InvalidInput(f"quiz '{quiz.id}' is a survey: it has no scores to regrade")
    return quiz


def _left_alone(tx: Transaction, conditions: list, version: str) -> Counter:
    erased = QuizAttempt.user_id.is_(None)
    rows = tx.session.execute(
        select(QuizAttempt.state, erased, QuizAttempt.content_version, func.count())
        .where(*conditions)
        .group_by(QuizAttempt.state, erased, QuizAttempt.content_version)
    )
    counts: Counter = Counter()
    for state, anonymous, content_version, count in rows:
        if state == IN_PROGRESS:
            counts["in_progress"] += 0 if anonymous else count
        elif anonymous:
            counts["erased"] += count
        elif content_version == version:
            counts["already_current"] += count
    return counts


def _points_by_question(quiz: Quiz, leaf_points: dict[str, Fraction]) -> dict[str, Fraction]:
    """Points per question id, a case's being the sum of its sub-questions'."""
    points = {}
    for question in quiz.questions:
        for leaf in question.leaves():
            points[leaf.id] = leaf_points.get(leaf.id, Fraction(0))
        points[question.id] = sum((points[leaf.id] for leaf in question.leaves()), Fraction(0))
    return points


@dataclass
class _Computed:
    """What `_plan` works out, with what applying it needs besides the plan."""

    plan: RegradePlan
    graded_on: dict[str, Quiz]
    answer_ids: dict[tuple[int, str], tuple[int, Fraction | None]]


def _plan(
    tx: Transaction,
    target: Quiz,
    cohorts: frozenset[int] | None,
    certificate_quizzes: Collection[str],
    *,
    lock: bool,
) -> _Computed:
    version = target.content_version()
    conditions = in_scope(target.id, cohorts)
    counts = _left_alone(tx, conditions, version)
    regraded = [
        *conditions,
        QuizAttempt.state == SUBMITTED,
        QuizAttempt.user_id.is_not(None),
        QuizAttempt.content_version != version,
    ]
    query = select(
        QuizAttempt.id,
        QuizAttempt.user_id,
        QuizAttempt.cohort_id,
        QuizAttempt.content_version,
        QuizAttempt.layout,
        QuizAttempt.points,
        QuizAttempt.max_points,
        QuizAttempt.passed,
    ).where(*regraded)
    attempts = tx.session.execute(
        (query.with_for_update() if lock else query).order_by(QuizAttempt.id)
    ).all()
    answers: dict[int, dict[str, Any]] = defaultdict(dict)
    earned: dict[int, dict[str, Fraction]] = defaultdict(dict)
    answer_ids: dict[tuple[int, str], tuple[int, Fraction | None]] = {}
    for row in tx.session.execute(
        select(Answer.id, Answer.attempt_id, Answer.question_id, Answer.answer, Answer.points)
        .where(Answer.attempt_id.in_(select(QuizAttempt.id).where(*regraded)))
        .order_by(Answer.id)
    ):
        answers[row.attempt_id][row.question_id] = row.answer
        if row.points is not None:
            earned[row.attempt_id][row.question_id] = row.points
        answer_ids[row.attempt_id, row.question_id] = (row.id, row.points)

    taken = {v: quiz_version(tx, v) for v in {row.content_version for row in attempts}}
    graded_on: dict[str, Quiz] = {version: target}
    pruned: dict[tuple[str, tuple[str, ...]], Quiz | None] = {}
    outcomes: list[AttemptOutcome] = []
    changes = {v: changed_questions(quiz, target) for v, quiz in taken.items()}
    per_question: dict[tuple[str, Change], Counter] = defaultdict(Counter)
    for changed in changes.values():
        for question_id, change in changed.items():
            per_question[question_id, change].update(attempts=0)
    for row in attempts:
        question_ids = row.layout["question_ids"]
        key = (row.content_version, tuple(sorted(question_ids)))
        if key not in pruned:
            pruned[key] = as_taken(taken[row.content_version], target, question_ids)
        graded = pruned[key]
        if graded is None:
            counts["nothing_in_common"] += 1
            continue
        if graded.content_version() == row.content_version:
            counts["already_current"] += 1
            continue
        graded_on.setdefault(graded.content_version(), graded)
        scored = score_saved_answers(graded, answers[row.id], question_ids)
        result = scored.result
        outcome = AttemptOutcome(
            attempt_id=row.id,
            user_id=row.user_id,
            cohort_id=row.cohort_id,
            from_version=row.content_version,
            to_version=graded.content_version(),
            old_points=row.points or Fraction(0),
            old_max_points=row.max_points or Fraction(0),
            old_passed=bool(row.passed),
            new_points=result.points,
            new_max_points=result.max_points,
            new_passed=result.passed,
            unfit=scored.unfit,
            question_points=result.question_points,
        )
        outcomes.append(outcome)
        before = _points_by_question(taken[row.content_version], earned[row.id])
        after = _points_by_question(graded, result.question_points)
        shown = shown_leaf_ids(taken[row.content_version], question_ids) | set(question_ids)
        for question_id, change in changes[row.content_version].items():
            if question_id in shown:
                per_question[question_id, change].update(
                    attempts=1,
                    points_changed=int(before.get(question_id, 0) != after.get(question_id, 0)),
                    unfit=int(question_id in scored.unfit),
                )

    plan = RegradePlan(
        quiz_id=target.id,
        content_version=version,
        pass_mark_changed=any(q.pass_mark != target.pass_mark for q in taken.values()),
        questions=tuple(
            QuestionChange(question_id, change, c["attempts"], c["points_changed"], c["unfit"])
            for (question_id, change), c in sorted(per_question.items())
        ),
        cohorts=_by_cohort(tx, outcomes),
        attempts=tuple(outcomes),
        already_current=counts["already_current"],
        in_progress=counts["in_progress"],
        erased=counts["erased"],
        nothing_in_common=counts["nothing_in_common"],
        certificates_to_review=(
            certificates_to_review(
                tx,
                target.id,
                {o.attempt_id: o.user_id for o in outcomes if o.old_passed and not o.new_passed},
                {o.user_id for o in outcomes if o.new_passed},
                lock=lock,
            )
            if target.id in certificate_quizzes
            else ()
        ),
    )
    return _Computed(plan, graded_on, answer_ids)


def _by_cohort(tx: Transaction, outcomes: Sequence[AttemptOutcome]) -> tuple[CohortOutcome, ...]:
    grouped: dict[int | None, Counter] = defaultdict(Counter)
    for outcome in outcomes:
        grouped[outcome.cohort_id].update(
            attempts=1,
            score_changed=int(outcome.score_changed),
            fail_to_pass=int(not outcome.old_passed and outcome.new_passed),
            pass_to_fail=int(outcome.old_passed and not outcome.new_passed),
            unfit=len(outcome.unfit),
        )
    ids = [cohort_id for cohort_id in grouped if cohort_id is not None]
    names = dict(tx.session.execute(select(Cohort.id, Cohort.name).where(Cohort.id.in_(ids))).all())
    rows = [
        CohortOutcome(
            cohort_id,
            names.get(cohort_id),
            c["attempts"],
            c["score_changed"],
            c["fail_to_pass"],
            c["pass_to_fail"],
            c["unfit"],
        )
        for cohort_id, c in grouped.items()
    ]
    return tuple(
        sorted(rows, key=lambda row: (row.name is None, row.name or "", row.cohort_id or 0))
    )


def regrade_plan(
    db: Database,
    actor: Actor,
    target: Quiz | str,
    *,
    cohort_ids: Collection[int] | None = None,
    certificate_quizzes: Collection[str] = (),
) -> RegradePlan:
    """The dry run: what regrading the quiz to `target` (the quiz as loaded from its file,
    or a stored content version) would change, over the attempts of `cohort_ids` (None:
    every attempt the actor may regrade). `certificate_quizzes` are the quizzes the course's
    certificate requires. Nothing is written."""

    def work(tx: Transaction) -> RegradePlan:
        cohorts = regrade_scope(current_actor(tx, actor), cohort_ids)
        quiz = _target(tx, target)
        return _plan(tx, quiz, cohorts, certificate_quizzes, lock=False).plan

    return db.read(work)


def apply_regrade(
    db: Database,
    actor: Actor,
    target: Quiz | str,
    reason: str,
    *,
    cohort_ids: Collection[int] | None = None,
    certificate_quizzes: Collection[str] = (),
) -> RegradePlan:
    """Regrade as `regrade_plan` shows, for `reason` (told to the learners whose result
    changes, and kept in the audit log); returns the plan applied, with its `regrade_id`
    (None when there was nothing to regrade: then nothing was written)."""
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("give the reason for the regrade: learners are told it")
    if len(reason) > REASON_LENGTH:
        raise InvalidInput(f"the reason is longer than {REASON_LENGTH} characters")

    def work(tx: Transaction) -> RegradePlan:
        acting = current_actor(tx, actor)
        cohorts = regrade_scope(acting, cohort_ids)
        quiz = _target(tx, target)
        computed = _plan(tx, quiz, cohorts, certificate_quizzes, lock=True)
        plan = computed.plan
        if not plan.attempts:
            return plan
        for outcome in plan.attempts:
            require(can_regrade(acting, outcome.cohort_id))
        for graded in computed.graded_on.values():
            keep_version(tx, graded)
        regrade = Regrade(
            quiz_id=plan.quiz_id,
            content_version=plan.content_version,
            reason=reason,
            actor_id=acting.user_id,
            cohort_ids=None if cohorts is None else sorted(cohorts),
            at=tx.now,
        )
        tx.session.add(regrade)
        tx.session.flush()
        # Erased learners' attempts are left as they were graded (see `_plan`): only the
        # learners on record change in the summaries.
        with keeping_summaries(tx, [o.user_id for o in plan.attempts]):
            _write(tx, acting, regrade, plan, computed.answer_ids)
        return replace(plan, regrade_id=regrade.id)

    return db.write(work)


def _write(
    tx: Transaction,
    acting: Actor,
    regrade: Regrade,
    plan: RegradePlan,
    answer_ids: dict[tuple[int, str], tuple[int, Fraction | None]],
) -> None:
    session = tx.session
    session.execute(
        update(QuizAttempt),
        [
            {
                "id": o.attempt_id,
                "content_version": o.to_version,
                "points": o.new_points,
                "max_points": o.new_max_points,
                "passed": o.new_passed,
            }
            for o in plan.attempts
        ],
    )
    regraded = {o.attempt_id: o for o in plan.attempts}
    answer_points = [
        {"id": answer_id, "points": regraded[attempt_id].question_points.get(question_id)}
        for (attempt_id, question_id), (answer_id, points) in answer_ids.items()
        if attempt_id in regraded
        and regraded[attempt_id].question_points.get(question_id) != points
    ]
    if answer_points:
        session.execute(update(Answer), answer_points)
    session.execute(
        insert(RegradedAttempt),
        [
            {
                "regrade_id": regrade.id,
                "attempt_id": o.attempt_id,
                "from_version": o.from_version,
                "to_version": o.to_version,
                "old_points": o.old_points,
                "old_max_points": o.old_max_points,
                "old_passed": o.old_passed,
                "new_points": o.new_points,
                "new_max_points": o.new_max_points,
                "new_passed": o.new_passed,
            }
            for o in plan.attempts
        ],
    )
    if plan.certificates_to_review:
        session.execute(
            insert(CertificateReview),
            [
                {
                    "certificate_id": certificate_id,
                    "regrade_id": regrade.id,
                    "attempt_id": attempt_id,
                    "decision": PENDING,
                    "created_at": tx.now,
                }
                for certificate_id, attempt_id in plan.certificates_to_review
            ],
        )
    for o in plan.attempts:
        if o.result_changed:
            record(
                tx,
                acting,
                "attempt.regrade",
                o.user_id,
                regrade_id=regrade.id,
                quiz_id=plan.quiz_id,
                attempt_id=o.attempt_id,
                reason=regrade.reason,
                old_points=str(o.old_points),
                old_max_points=str(o.old_max_points),
                old_passed=o.old_passed,
                new_points=str(o.new_points),
                new_max_points=str(o.new_max_points),
                new_passed=o.new_passed,
            )
    record(
        tx,
        acting,
        "quiz.regrade",
        regrade_id=regrade.id,
        quiz_id=plan.quiz_id,
        content_version=plan.content_version,
        reason=regrade.reason,
        cohort_ids=regrade.cohort_ids,
        attempts=len(plan.attempts),
        score_changed=sum(o.score_changed for o in plan.attempts),
        fail_to_pass=sum(c.fail_to_pass for c in plan.cohorts),
        pass_to_fail=sum(c.pass_to_fail for c in plan.cohorts),
        certificates_to_review=len(plan.certificates_to_review),
    )
