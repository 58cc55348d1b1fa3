"""Report summaries: what the coordinator's dashboard counts, per cohort, kept in the
transaction of every write that changes it, so that the dashboard reads a few rows per
cohort instead of every attempt (the tables are in `models`, from `ReportQuizSummary` on).

How they stay exact. A summary row is a sum over learners, and what one learner adds
(`contribution`) is a pure function of their own submitted attempts and extra attempts. A
write that changes a learner's attempts or grants runs inside `keeping_summaries`, which
takes what the learner added before the write and after it and adds the difference, in the
same transaction: the summaries always equal `rebuild` from the raw rows (the check mode of
`python -m courseware db rebuild-summaries`, and the property test, compare them).

Whom they count. A learner is a user, or (after erasure) each of their attempts alone, as in
`reports.scope.learner_keys`. A learner whose submitted attempts lie in more than one cohort
adds nothing here and is listed in `report_spanning_learners` instead: which of their
attempts a report counts depends on the cohorts it covers, so the report counts them from
their attempts (few learners move between cohorts).

Per organisation. The cells of item statistics and branching paths are kept per
organisation, those of knowledge gain's pairs per cohort and per organisation (`group_id`,
see `models.summaries`): a programme-wide figure reads the organisations' rows less the few
cohorts it leaves out (`reports.summed_groups`). Item and path cells count each learner's
first attempt at each quiz, the attempts item statistics use; a quiz that draws its
questions from a pool has no item cells (its statistics are computed from the attempts)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from courseware.access import Actor, can_rebuild_summaries, require
from courseware.analytics.item_analysis import attempt_total
from courseware.store.actors import current_actor
from courseware.store.database import Database, Transaction
from courseware.store.models import (
    SUBMITTED,
    AttemptGrant,
    QuizAttempt,
    ReportActivityCell,
    ReportAnswerSummary,
    ReportItemCell,
    ReportPairCell,
    ReportPairCount,
    ReportPathCell,
    ReportProfileSummary,
    ReportQuizSummary,
    ReportScoreSummary,
    ReportSpanningLearner,
    ReportWeekSummary,
    User,
)
from courseware.store.summary_facts import AttemptFacts, read_facts, read_grants

# A final passed, in a learner's standing (`profile`); an erased learner's final not passed
# (nobody on record to be stuck).
PASSED, ERASED = "p", "e"

# The cohort id of the score rows summed over every cohort (cohort ids start at 1).
EVERY_COHORT = 0

# The best score of a learner none of whose attempts has one (a primary key cannot be
# NULL); no share of points comes near it.
NO_SCORE = -1e308

# Each summary table, with its key columns and its count columns, in the order of `Cell`.
TABLES = {
    "quiz": (ReportQuizSummary, ("cohort_id", "quiz_id"), ("learners", "passed")),
    "score": (ReportScoreSummary, ("cohort_id", "quiz_id", "score"), ("learners",)),
    "week": (ReportWeekSummary, ("cohort_id", "week"), ("attempts", "learners")),
    "profile": (ReportProfileSummary, ("cohort_id", "profile"), ("learners",)),
    "active": (ReportActivityCell, ("cohort_id", "last_submitted_at"), ("learners",)),
    "answer": (
        ReportAnswerSummary,
        ("cohort_id", "quiz_id", "question_id", "answer"),
        ("learners",),
    ),
    "item": (
        ReportItemCell,
        ("group_id", "quiz_id", "question_id", "mark", "total"),
        ("learners",),
    ),
    "path": (ReportPathCell, ("group_id", "quiz_id", "question_id", "path"), ("learners",)),
    "pair": (ReportPairCell, ("group_id", "pre", "post"), ("learners",)),
    "pairs": (ReportPairCount, ("cohort_id",), ("learners",)),
}

# (table, *key, count column): how much a learner adds to that count.
Cell = tuple


@dataclass
class Contribution:
    """What one learner (or several, summed) adds to the summaries."""

    cells: Counter = field(default_factory=Counter)
    spanning: set[int] = field(default_factory=set)  # user ids to list as spanning cohorts

    def add(self, other: Contribution) -> None:
        """Add `other` in place (a sum over every learner must not copy as it grows)."""
        self.cells.update(other.cells)
        self.spanning |= other.spanning


def profile(finals: dict[str, str | int]) -> str:
    """A learner's standing at the finals they submitted, as stored: per final PASSED, or
    how many attempts they used beyond those granted (stuck when that reaches the final's
    limit), or ERASED for an erased learner who did not pass it."""
    return json.dumps(finals, sort_keys=True, separators=(",", ":"))


def contribution(attempts: list[AttemptFacts], grants: dict[str, int]) -> Contribution:
    """What one learner adds, from their submitted attempts and the extra attempts they
    were granted per quiz. Attempts outside any cohort are in no report."""
    cohorts = {a.cohort_id for a in attempts if a.cohort_id is not None}
    if len(cohorts) > 1:
        users = {a.learner[1] for a in attempts if a.learner[0] == "user"}
        return Contribution(spanning=users)
    if not cohorts:
        return Contribution()
    (cohort,) = cohorts
    cells: Counter = Counter()
    by_quiz: dict[str, list[AttemptFacts]] = defaultdict(list)
    for attempt in attempts:
        if attempt.cohort_id == cohort:
            by_quiz[attempt.quiz_id].append(attempt)
    finals: dict[str, str | int] = {}
    organisation = next(a.organisation_id for a in attempts if a.cohort_id == cohort)
    groups = (cohort, -organisation)
    first_scores = {}
    for quiz_id, tries in by_quiz.items():
        first = tries[0]
        if first.test and first.learner[0] == "user":
            first_scores[first.test] = first.score
        _add_first_attempt(cells, -organisation, first)
        passed = any(a.passed for a in tries)
        cells["quiz", cohort, quiz_id, "learners"] += 1
        cells["quiz", cohort, quiz_id, "passed"] += int(passed)
        if tries[0].final:
            # The dashboard shows the best scores at the finals only; other quizzes (checks
            # drawn from pools) would add a row per odd fraction.
            scores = [a.score for a in tries if a.score is not None]
            best = max(scores, default=NO_SCORE)
            cells["score", cohort, quiz_id, best, "learners"] += 1
            # Also over every cohort: a figure over nearly all cohorts then reads the total
            # less the few left out, not a row per cohort and score.
            cells["score", EVERY_COHORT, quiz_id, best, "learners"] += 1
            if passed or tries[0].learner[0] == "attempt":
                finals[quiz_id] = PASSED if passed else ERASED
            else:
                finals[quiz_id] = len(tries) - grants.get(quiz_id, 0)
    for tries in by_quiz.values():
        for attempt in tries:
            for question_id, answer in attempt.likert:
                cells["answer", cohort, attempt.quiz_id, question_id, answer, "learners"] += 1
    weeks = Counter(a.week for tries in by_quiz.values() for a in tries)
    last = max(a.submitted_at for tries in by_quiz.values() for a in tries)
    cells["active", cohort, last, "learners"] += 1
    for week, attempts_that_week in weeks.items():
        cells["week", cohort, week, "attempts"] += attempts_that_week
        cells["week", cohort, week, "learners"] += 1
    if finals:
        cells["profile", cohort, profile(finals), "learners"] += 1
    if len(first_scores) == 2:
        pair = tuple(_key(first_scores[test]) for test in ("pretest", "posttest"))
        for group in groups:
            cells["pair", group, *pair, "learners"] += 1
        cells["pairs", cohort, "learners"] += 1
    return Contribution(cells)


def _add_first_attempt(cells: Counter, group: int, first: AttemptFacts) -> None:
    """The item and path cells of a learner's first attempt at a quiz."""
    total = attempt_total(mark for _, mark in first.marks)
    for question_id, mark in first.marks:
        cells["item", group, first.quiz_id, question_id, mark, total, "learners"] += 1
    for question_id, path in first.paths:
        cells["path", group, first.quiz_id, question_id, path, "learners"] += 1


def _key(score: float | None) -> float:
    return NO_SCORE if score is None else score


def _learners(tx: Transaction, user_ids: Iterable[int], attempt_ids: Iterable[int]) -> Contribution:
    """What these users, and the erased learners of these attempts, add now."""
    user_ids, attempt_ids = sorted(set(user_ids)), sorted(set(attempt_ids))
    total = Contribution()
    if user_ids:
        grants = read_grants(tx, AttemptGrant.user_id.in_(user_ids))
        for learner, attempts in _by_learner(read_facts(tx, QuizAttempt.user_id.in_(user_ids))):
            total.add(contribution(attempts, grants.get(learner[1], {})))
    if attempt_ids:
        erased = read_facts(tx, QuizAttempt.id.in_(attempt_ids), QuizAttempt.user_id.is_(None))
        for _, attempts in _by_learner(erased):
            total.add(contribution(attempts, {}))
    return total


def _by_learner(facts: Iterable[AttemptFacts]) -> Iterator[tuple[tuple, list[AttemptFacts]]]:
    """Each learner's attempts (`read_facts` gives them together)."""
    for learner, attempts in groupby(facts, key=lambda fact: fact.learner):
        yield learner, list(attempts)


# Keeping them -----------------------------------------------------------------------------------


@contextmanager
def keeping_summaries(
    tx: Transaction,
    user_ids: Iterable[int | None] = (),
    erased_attempt_ids: Iterable[int] = (),
    *,
    after: Callable[[], tuple[Iterable[int], Iterable[int]]] | None = None,
) -> Iterator[None]:
    """Run a write that changes the attempts or grants of these learners, and bring the
    summaries along in the same transaction. `after`, when given, names the learners as
    they are after the write (an erasure turns a user into one learner per attempt)."""
    users = sorted({u for u in user_ids if u is not None})
    erased = sorted(set(erased_attempt_ids))
    if users:
        # One learner's writes one after the other (on PostgreSQL; SQLite runs one write at
        # a time): two at once would both take away what the learner added before either.
        tx.session.execute(
            select(User.id).where(User.id.in_(users)).order_by(User.id).with_for_update()
        )
    before = _learners(tx, users, erased)
    yield
    tx.session.flush()
    now_users, now_erased = after() if after is not None else (users, erased)
    apply_difference(tx, before, _learners(tx, now_users, now_erased))


def apply_difference(tx: Transaction, before: Contribution, after: Contribution) -> None:
    """Add `after` and take away `before`, in a fixed order of rows (so that two writers on
    PostgreSQL never wait for each other in a circle)."""
    changes: dict[tuple, dict[str, int]] = defaultdict(dict)
    for cell in sorted(set(before.cells) | set(after.cells), key=repr):
        difference = after.cells[cell] - before.cells[cell]
        if difference:
            changes[cell[:-1]][cell[-1]] = difference
    for row, counts in sorted(changes.items(), key=lambda item: repr(item[0])):
        _add(tx, row[0], row[1:], counts)
    gone = sorted(before.spanning - after.spanning)
    if gone:
        tx.session.execute(
            delete(ReportSpanningLearner).where(ReportSpanningLearner.user_id.in_(gone))
        )
    for user_id in sorted(after.spanning - before.spanning):
        _insert(tx, ReportSpanningLearner, {"user_id": user_id}, None)


def _add(tx: Transaction, table: str, key: tuple, counts: dict[str, int]) -> None:
    model, key_columns, count_columns = TABLES[table]
    values = dict(zip(key_columns, key, strict=True))
    _insert(tx, model, values | {c: counts.get(c, 0) for c in count_columns}, count_columns)
    # A row nobody adds to any more goes: the tables stay as small as what they count.
    tx.session.execute(
        delete(model).where(
            *(getattr(model, c) == v for c, v in values.items()), model.learners == 0
        )
    )


def _insert(tx: Transaction, model, values: dict, count_columns) -> None:
    """Insert a row, or add its counts to the row already there (one statement, so that
    concurrent writers never lose an addition)."""
    dialect = postgresql if tx.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(**values)
    keys = [c.name for c in model.__table__.primary_key.columns]
    if count_columns is None:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    else:
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={c: getattr(model, c) + statement.excluded[c] for c in count_columns},
        )
    tx.session.execute(statement)


# Building them from the raw rows ----------------------------------------------------------------


def computed(tx: Transaction, progress: Callable[[int], None] | None = None) -> Contribution:
    """The summaries as the raw rows give them, learner by learner (`progress` is told how
    many attempts each step went through)."""
    grants = read_grants(tx)
    total = Contribution()
    for learner, attempts in _by_learner(read_facts(tx)):
        own = grants.get(learner[1], {}) if learner[0] == "user" else {}
        total.add(contribution(attempts, own))
        if progress is not None:
            progress(len(attempts))
    return total


def stored(tx: Transaction) -> Contribution:
    """The summaries as the tables hold them."""
    cells: Counter = Counter()
    for table, (model, key_columns, count_columns) in TABLES.items():
        columns = [getattr(model, c) for c in (*key_columns, *count_columns)]
        for row in tx.session.execute(select(*columns)):
            key, counts = row[: len(key_columns)], row[len(key_columns) :]
            for column, count in zip(count_columns, counts, strict=True):
                if count:
                    cells[(table, *key, column)] = count
    spanning = set(tx.session.scalars(select(ReportSpanningLearner.user_id)))
    return Contribution(cells, spanning)


def differences(tx: Transaction, progress: Callable[[int], None] | None = None) -> list[str]:
    """Where the stored summaries differ from the raw rows, in words (none when exact)."""
    want, have = computed(tx, progress), stored(tx)
    found = [
        f"{cell[0]} {cell[1:-1]} {cell[-1]}: stored {have.cells[cell]}, attempts give {n}"
        for cell in sorted(set(want.cells) | set(have.cells), key=repr)
        if (n := want.cells[cell]) != have.cells[cell]
    ]
    for user_id in sorted(want.spanning ^ have.spanning):
        found.append(f"learner {user_id} in several cohorts: listed {user_id in have.spanning}")
    return found


def rebuild(tx: Transaction, progress: Callable[[int], None] | None = None) -> None:
    """Empty the summaries and build them again from the raw rows."""
    for model, _, _ in TABLES.values():
        tx.session.execute(delete(model))
    tx.session.execute(delete(ReportSpanningLearner))
    total = computed(tx, progress)
    connection = tx.session.connection()
    rows: dict[str, dict[tuple, dict[str, int]]] = {table: defaultdict(dict) for table in TABLES}
    for cell, count in total.cells.items():
        if count:
            rows[cell[0]][cell[1:-1]][cell[-1]] = count
    for table, (model, key_columns, count_columns) in TABLES.items():
        values = [
            dict(zip(key_columns, key, strict=True)) | {c: counts.get(c, 0) for c in count_columns}
            for key, counts in rows[table].items()
        ]
        if values:
            # Below the ORM: its bulk insert takes several times as long for the same rows.
            connection.execute(insert(model.__table__), values)
    if total.spanning:
        connection.execute(
            insert(ReportSpanningLearner.__table__),
            [{"user_id": u} for u in sorted(total.spanning)],
        )


# For the operator (`python -m courseware db rebuild-summaries`) ---------------------------------


def attempts_to_read(db: Database, actor: Actor) -> int:
    """How many submitted attempts a rebuild or a check goes through (for its progress)."""

    def work(tx: Transaction) -> int:
        require(can_rebuild_summaries(current_actor(tx, actor)), "only the operator may")
        return tx.session.scalar(
            select(func.count()).select_from(QuizAttempt).where(QuizAttempt.state == SUBMITTED)
        )

    return db.read(work)


def rebuild_summaries(
    db: Database, actor: Actor, progress: Callable[[int], None] | None = None
) -> None:
    """Build the summaries again from the raw rows, in one transaction."""

    def work(tx: Transaction) -> None:
        require(can_rebuild_summaries(current_actor(tx, actor)), "only the operator may")
        rebuild(tx, progress)

    db.write(work)


def check_summaries(
    db: Database, actor: Actor, progress: Callable[[int], None] | None = None
) -> list[str]:
    """Where the stored summaries differ from the raw rows (none when exact)."""

    def work(tx: Transaction) -> list[str]:
        require(can_rebuild_summaries(current_actor(tx, actor)), "only the operator may")
        return differences(tx, progress)

    return db.read(work)
