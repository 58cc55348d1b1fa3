"""Shared by the interop tests: reading fixtures, and scoring an imported quiz."""

from __future__ import annotations

from pathlib import Path

from courseware.grading import check_answers, score_quiz
from courseware.interop import import_bank

FIXTURES = Path(__file__).parent / "fixtures"


def imported(name: str, fmt: str, kind: str = "final", **options):
    raw = (FIXTURES / name).read_bytes()
    return import_bank(
        raw,
        f"fixtures/{name}",
        fmt,
        quiz_id="imported",
        module="legal-framework",
        kind=kind,
        **options,
    )


def questions(result) -> dict:
    return {leaf.id: leaf for leaf in result.loaded.value.leaves()}


def points(quiz, answers: dict) -> dict:
    return score_quiz(quiz, check_answers(quiz, answers)).question_points
