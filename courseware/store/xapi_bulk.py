"""The statements of the demo's simulated learners (`demo --xapi`), as the app would have
written them at each moment of their history: outbox rows made from the rows the simulation
loads, with the same statement builders as the app."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from fractions import Fraction
from typing import Any

from courseware.content.catalog import Catalog
from courseware.settings import Settings
from courseware.store.xapi_events import account_name, course_facts, outbox_row, platform_of
from courseware.xapi import statements
from courseware.xapi.statements import Learner

Row = dict[str, Any]


def demo_outbox_rows(
    settings: Settings, catalog: Catalog, rows: Mapping[str, list[Row]], now: datetime
) -> list[Row]:
    """Outbox rows for the learners of one batch of demo rows, each learner's in the order
    they happened; `now` is when they are written."""
    platform = platform_of(settings)
    course = course_facts(catalog.root.resolve())
    learners = {
        user["id"]: Learner(
            account_name(settings, user["id"]),
            statements.language_tag(user["language"], user["script"]),
        )
        for user in rows.get("users", [])
        if user["role"] == "learner"
    }
    answers: dict[int, list[Row]] = {}
    for answer in rows.get("answers", []):
        answers.setdefault(answer["attempt_id"], []).append(answer)
    made: list[tuple[datetime, int, Row]] = []

    def add(at: datetime, user_id: int, attempt_id: int | None, statement: dict) -> None:
        made.append((at, len(made), outbox_row(statement, user_id, attempt_id, now)))

    for done in rows.get("lesson_progress", []):
        learner = learners[done["user_id"]]
        at = done["done_at"]
        statement = statements.lesson_experienced(
            platform, learner, course, done["module_id"], done["lesson_id"], at
        )
        add(at, done["user_id"], None, statement)
    for attempt in rows.get("quiz_attempts", []):
        for at, statement in _attempt_statements(
            platform, course, catalog, learners[attempt["user_id"]], attempt, answers
        ):
            add(at, attempt["user_id"], attempt["id"], statement)
    for certificate in rows.get("certificates", []):
        at = certificate["issued_at"]
        learner = learners[certificate["user_id"]]
        add(
            at,
            certificate["user_id"],
            None,
            statements.certificate_earned(platform, learner, course, at),
        )
    made.sort(key=lambda entry: entry[:2])
    return [row for _, _, row in made]


def _attempt_statements(
    platform, course, catalog: Catalog, learner: Learner, attempt: Row, answers
) -> Iterator[tuple[datetime, dict]]:
    quiz = catalog.quizzes[attempt["quiz_id"]]
    leaves = {leaf.id: leaf for leaf in quiz.leaves()}
    attempt_id, started = attempt["id"], attempt["started_at"]
    yield started, statements.quiz_attempted(platform, learner, course, quiz, attempt_id, started)
    for answer in answers.get(attempt_id, []):
        leaf = leaves[answer["question_id"]]
        checked = leaf.check_answer(answer["answer"])
        at = answer["answered_at"]
        yield (
            at,
            statements.question_answered(
                platform, learner, course, quiz, leaf, checked, attempt_id, at
            ),
        )
    if attempt["passed"] is None:
        return
    submitted = attempt["submitted_at"]
    yield (
        submitted,
        statements.quiz_result(
            platform,
            learner,
            course,
            quiz,
            attempt_id,
            Fraction(attempt["points"]),
            Fraction(attempt["max_points"]),
            attempt["passed"],
            started,
            submitted,
        ),
    )
    # The simulation stops at a final's first pass: each pass completes its module.
    if quiz.kind == "final" and attempt["passed"]:
        yield (
            submitted,
            statements.module_completed(
                platform, learner, course, quiz.module, attempt_id, submitted
            ),
        )
