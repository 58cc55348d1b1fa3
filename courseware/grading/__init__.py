"""Scoring attempts with exact arithmetic, and laying attempts out from a stored seed."""

from courseware.grading.attempt import AttemptLayout, build_layout
from courseware.grading.scoring import AnswerSheetError, QuizResult, check_answers, score_quiz

__all__ = [
    "AnswerSheetError",
    "AttemptLayout",
    "QuizResult",
    "build_layout",
    "check_answers",
    "score_quiz",
]
