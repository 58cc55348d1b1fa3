from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from courseware.content.questions import AnswerError
from courseware.content.quiz import Quiz


class AnswerSheetError(ValueError):
    """Answers that do not fit the quiz: `problems` maps question ids to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"question '{q}': {m}" for q, m in problems.items()))


@dataclass(frozen=True)
class QuizResult:
    quiz_id: str
    points: Fraction | None
    max_points: Fraction | None
    passed: bool | None
    question_points: dict[str, Fraction]

    @property
    def fraction(self) -> Fraction | None:
        if self.points is None or not self.max_points:
            return None
        return self.points / self.max_points


def check_answers(quiz: Quiz, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers in canonical form, keyed by leaf question id; raises AnswerSheetError."""
    leaves = {leaf.id: leaf for leaf in quiz.leaves()}
    scenario_ids = {q.id for q in quiz.questions if q.leaves() != [q]}
    checked: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for question_id, answer in answers.items():
        question_id = str(question_id)
        question = leaves.get(question_id)
        if question is None:
            problems[question_id] = (
                "is a scenario: answer its sub-questions by their own ids"
                if question_id in scenario_ids
                else f"no such question in quiz '{quiz.id}'"
            )
            continue
        try:
            checked[question_id] = question.check_answer(answer)
        except AnswerError as exc:
            problems[question_id] = str(exc)
    if problems:
        raise AnswerSheetError(problems)
    return checked


def score_quiz(
    quiz: Quiz, answers: Mapping[str, Any], question_ids: Iterable[str] | None = None
) -> QuizResult:
    """Score checked answers. `question_ids` are the top-level questions of the attempt
    (after `draw`); by default every question of the quiz."""
    chosen = set(question_ids) if question_ids is not None else None
    questions = [q for q in quiz.questions if chosen is None or q.id in chosen]
    leaves = [leaf for question in questions for leaf in question.leaves()]
    if not quiz.graded:
        return QuizResult(quiz.id, None, None, None, {})
    question_points = {leaf.id: leaf.score(answers.get(leaf.id)) for leaf in leaves if leaf.graded}
    points = sum(question_points.values(), Fraction(0))
    max_points = sum((leaf.max_points for leaf in leaves if leaf.graded), Fraction(0))
    passed = max_points > 0 and points / max_points >= Fraction(quiz.pass_mark)
    return QuizResult(quiz.id, points, max_points, passed, question_points)
