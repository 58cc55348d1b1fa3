"""Paper quizzes: printing them for a cohort, and recording the results a trainer types back
from the answer grids, one paper at a time or from a CSV file.

A paper attempt is an attempt like any other: the layout of its variant (the seed follows from
the quiz version and the variant number, see `paper/variants.py`), its answers, graded by the
same engine at once, with `source` "paper". So it counts in every report, in knowledge gain and
for certificates exactly as an online attempt does, and in the quiz's attempt limit too. Only
the cohort's trainers and admins print papers and record results, and every recorded paper is
in the audit log (who entered it, when). A CSV import is written in one transaction, and only
if every line is good: otherwise nothing is written and each bad line is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from courseware.access import Actor, can_handle_paper, require
from courseware.content.questions import answer_as_json
from courseware.content.quiz import Quiz
from courseware.paper.grid import GridError, Unprintable, check_printable, read_grid
from courseware.paper.results import ResultRow, ResultsFileError, read_results
from courseware.paper.variants import (
    VariantCodeError,
    parse_variant_code,
    variant_layout,
    variant_questions,
    variant_seed,
)
from courseware.store.accounts import email_key, user_id_by_email
from courseware.store.actors import current_actor, load_person
from courseware.store.attempts import (
    AttemptSummary,
    attempts_remaining,
    grade_and_close,
    summary_of,
)
from courseware.store.audit import record
from courseware.store.cohorts import (
    get_cohort,
)
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput
from courseware.store.models import (
    IN_PROGRESS,
    PAPER,
    Answer,
    QuizAttempt,
    QuizVersion,
)
from courseware.store.quiz_versions import keep_version, quiz_version

# A paper taken on a given day counts from noon that day (the hour is not on the paper).
PAPER_HOUR = time(12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class PaperSheet:
    """One paper as typed from its grid: whose, which variant, and what each numbered question
    shows ('' or '-' for a blank); `taken_on` the day it was taken (default: today)."""

    learner_id: int
    variant_code: str
    answers: Mapping[int, str]
    taken_on: date | None = None


@dataclass(frozen=True)
class RejectedLine:
    line: int
    message: str


@dataclass(frozen=True)
class ImportResult:
    """What an import recorded (nothing, if any line was rejected) and the rejected lines."""

    recorded: list[AttemptSummary]
    rejected: list[RejectedLine]


@dataclass(frozen=True)
class _Checked:
    learner_id: int
    quiz: Quiz
    number: int
    code: str
    answers: dict
    at: datetime


def _require_paper(tx: Transaction, actor: Actor, cohort_id: int) -> Actor:
    acting = current_actor(tx, actor)
    get_cohort(tx, cohort_id)
    require(
        can_handle_paper(acting, cohort_id),
        "only the cohort's trainers and admins handle its paper quizzes",
    )
    return acting


def _variant_quiz(tx: Transaction, quizzes: Mapping[str, Quiz], code) -> Quiz:
    """The quiz version a variant code was printed from: one of the course's quizzes as they
    are now, or a version stored when it was printed or taken."""
    found = {q.content_version(): q for q in quizzes.values() if code.matches(q.content_version())}
    if not found:
        versions = tx.session.scalars(
            select(QuizVersion.content_version).where(
                QuizVersion.content_version.like(f"{code.tag.lower()}%")
            )
        )
        found = {version: quiz_version(tx, version) for version in versions}
    if not found:
        raise InvalidInput(f"no quiz was printed with the variant code {code}")
    if len(found) > 1:
        raise InvalidInput(f"the variant code {code} fits several quizzes: enter it in the app")
    return next(iter(found.values()))


def _paper_time(tx: Transaction, taken_on: date | None) -> datetime:
    if taken_on is None:
        return tx.now
    if taken_on > tx.now.date():
        raise InvalidInput(f"the date {taken_on.isoformat()} is in the future")
    return min(datetime.combine(taken_on, PAPER_HOUR), tx.now)


def _check(
    tx: Transaction,
    cohort_id: int,
    quizzes: Mapping[str, Quiz],
    sheet: PaperSheet,
    seen: set[tuple[int, str, int]],
) -> _Checked:
    """Everything about one paper that can be refused, refused before anything is written."""
    learner = load_person(tx, sheet.learner_id)
    if cohort_id not in learner.cohort_ids:
        raise InvalidInput("this learner is not in the cohort")
    try:
        code = parse_variant_code(sheet.variant_code)
    except VariantCodeError as error:
        raise InvalidInput(str(error)) from None
    quiz = _variant_quiz(tx, quizzes, code)
    try:
        check_printable(quiz)
        questions = variant_questions(quiz, code.number)
        answers = read_grid(questions, dict(sheet.answers))
    except (Unprintable, GridError) as error:
        raise InvalidInput(str(error)) from None
    key = (sheet.learner_id, quiz.content_version(), code.number)
    if key in seen or _recorded(tx, sheet.learner_id, quiz, code.number):
        raise InvalidInput(f"the paper {code} of this learner is already recorded")
    remaining = attempts_remaining(tx, sheet.learner_id, quiz)
    already = sum(1 for other in seen if other[0] == sheet.learner_id and other[1] == key[1])
    if remaining is not None and remaining - already <= 0:
        raise InvalidInput(
            "this learner has no attempts left at this quiz (grant an extra attempt first)"
        )
    seen.add(key)
    return _Checked(
        sheet.learner_id, quiz, code.number, str(code), answers, _paper_time(tx, sheet.taken_on)
    )


def _recorded(tx: Transaction, learner_id: int, quiz: Quiz, number: int) -> bool:
    return (
        tx.session.scalar(
            select(QuizAttempt.id).where(
                QuizAttempt.user_id == learner_id,
                QuizAttempt.quiz_id == quiz.id,
                QuizAttempt.source == PAPER,
                QuizAttempt.seed == variant_seed(quiz.content_version(), number),
            )
        )
        is not None
    )


def _write(tx: Transaction, acting: Actor, cohort_id: int, checked: _Checked) -> AttemptSummary:
    quiz, at = checked.quiz, checked.at
    layout = variant_layout(quiz, checked.number)
    attempt = QuizAttempt(
        user_id=checked.learner_id,
        cohort_id=cohort_id,
        quiz_id=quiz.id,
        content_version=keep_version(tx, quiz),
        seed=variant_seed(quiz.content_version(), checked.number),
        layout={"question_ids": layout.question_ids, "option_orders": layout.option_orders},
        started_at=at,
        deadline=None,
        state=IN_PROGRESS,
        source=PAPER,
    )
    tx.session.add(attempt)
    tx.session.flush()
    for question_id, answer in checked.answers.items():
        tx.session.add(
            Answer(
                attempt_id=attempt.id,
                question_id=question_id,
                answer=answer_as_json(answer),
                answered_at=at,
            )
        )
    tx.session.flush()
    grade_and_close(tx, attempt, at)
    record(
        tx,
        acting,
        "paper.record",
        checked.learner_id,
        cohort_id=cohort_id,
        quiz_id=quiz.id,
        variant=checked.code,
        attempt_id=attempt.id,
    )
    return summary_of(attempt)


def record_paper_attempt(
    db: Database, actor: Actor, cohort_id: int, quizzes: Mapping[str, Quiz], sheet: PaperSheet
) -> AttemptSummary:
    """Record and grade one paper of a learner of the cohort. `quizzes` are the course's
    quizzes (the variant code names one of them). Refused, with nothing written, when the
    code or an answer does not fit (the message names the question), when the learner is not
    in the cohort, has no attempt left, or this paper is already recorded."""

    def work(tx: Transaction) -> AttemptSummary:
        acting = _require_paper(tx, actor, cohort_id)
        return _write(tx, acting, cohort_id, _check(tx, cohort_id, quizzes, sheet, set()))

    return db.write(work)


def import_paper_results(
    db: Database, actor: Actor, cohort_id: int, quizzes: Mapping[str, Quiz], text: str
) -> ImportResult:
    """Record every paper of a CSV file (see `paper/results.py`), all in one transaction, if
    every line is good; otherwise record nothing and report each rejected line."""

    def work(tx: Transaction) -> ImportResult:
        acting = _require_paper(tx, actor, cohort_id)
        try:
            rows = read_results(text)
        except ResultsFileError as error:
            return ImportResult([], [RejectedLine(1, str(error))])
        checked, rejected = [], []
        seen: set[tuple[int, str, int]] = set()
        for row in rows:
            try:
                checked.append(_check(tx, cohort_id, quizzes, _sheet(tx, row), seen))
            except InvalidInput as error:
                rejected.append(RejectedLine(row.line, str(error)))
        if rejected or not checked:
            if not rows:
                rejected.append(RejectedLine(1, "the file has no results below its header"))
            return ImportResult([], rejected)
        recorded = [_write(tx, acting, cohort_id, item) for item in checked]
        record(tx, acting, "paper.import", cohort_id=cohort_id, papers=len(recorded))
        return ImportResult(recorded, [])

    return db.write(work)


def _sheet(tx: Transaction, row: ResultRow) -> PaperSheet:
    if row.problem:
        raise InvalidInput(row.problem)
    if not row.email:
        raise InvalidInput("no email")
    user_id = user_id_by_email(tx, email_key(row.email))
    if user_id is None:
        raise InvalidInput(f"no account has the email {row.email}")
    return PaperSheet(user_id, row.variant, row.answers, row.taken_on)


def register_print(
    db: Database, actor: Actor, cohort_id: int | None, quiz: Quiz, numbers: list[int]
) -> None:
    """Keep the version of a quiz printed on paper, so that its papers can be recorded even
    after the quiz file is corrected, and log who printed which variants. `cohort_id` None:
    printed at the command line, for any cohort."""

    def work(tx: Transaction) -> None:
        if cohort_id is None:
            acting = current_actor(tx, actor)
            require(acting.role == "admin", "only admins print quizzes for no cohort")
        else:
            acting = _require_paper(tx, actor, cohort_id)
        keep_version(tx, quiz)
        record(
            tx,
            acting,
            "paper.print",
            cohort_id=cohort_id,
            quiz_id=quiz.id,
            content_version=quiz.content_version(),
            variants=f"{min(numbers)}-{max(numbers)}",
        )

    db.write(work)


def paper_variant(
    db: Database, actor: Actor, cohort_id: int, quizzes: Mapping[str, Quiz], variant_code: str
) -> tuple[Quiz, int]:
    """The quiz version and variant number a code names, for the results form to lay out
    the paper's grid. Refused like `record_paper_attempt`."""

    def work(tx: Transaction) -> tuple[Quiz, int]:
        _require_paper(tx, actor, cohort_id)
        try:
            code = parse_variant_code(variant_code)
        except VariantCodeError as error:
            raise InvalidInput(str(error)) from None
        quiz = _variant_quiz(tx, quizzes, code)
        try:
            check_printable(quiz)
        except Unprintable as error:
            raise InvalidInput(str(error)) from None
        return quiz, code.number

    return db.read(work)
