"""Grading speed: the demo's simulated answer sheets for the real course quizzes, checked
and scored as the store does when an attempt is submitted."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.measure import Figure, figure, timed
from courseware.content.catalog import Catalog
from courseware.demo import Simulation
from courseware.grading import check_answers, score_quiz

SECTION = "grading"
LEARNERS = 200


def answer_sheets(catalog: Catalog) -> list[tuple]:
    """(quiz, answers, question ids) of every attempt of LEARNERS simulated learners."""
    simulation = Simulation(catalog, LEARNERS, 1, datetime(2026, 11, 1, tzinfo=UTC), "unused")
    attempts, answers = {}, {}
    for batch in simulation.batches(LEARNERS):
        for row in batch.rows.get("quiz_attempts", []):
            attempts[row["id"]] = row
        for row in batch.rows.get("answers", []):
            answers.setdefault(row["attempt_id"], {})[row["question_id"]] = row["answer"]
    return [
        (
            catalog.quizzes[attempt["quiz_id"]],
            answers.get(attempt_id, {}),
            attempt["layout"]["question_ids"],
        )
        for attempt_id, attempt in attempts.items()
    ]


def measure(catalog: Catalog, runs: int) -> list[Figure]:
    sheets = answer_sheets(catalog)
    answered = sum(len(sheet[1]) for sheet in sheets)

    def grade_all() -> None:
        for quiz, answers, question_ids in sheets:
            score_quiz(quiz, check_answers(quiz, answers), question_ids)

    seconds = [timed(grade_all) for _ in range(runs)]
    return [
        figure(
            SECTION,
            "answers scored per second",
            [answered / s for s in seconds],
            "answers/s",
            f"{answered:,} answers in {len(sheets):,} attempts of {LEARNERS} simulated learners",
        )
    ]
