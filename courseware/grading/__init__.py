"""Scoring attempts with exact arithmetic, and laying attempts out from a stored seed."""

from courseware.grading.attempt import AttemptLayout, build_layout
from courseware.grading.regrade import (
    SavedAnswersResult,
    as_taken,
    changed_questions,
    score_saved_answers,
    shown_leaf_ids,
)
from courseware.grading.scoring import AnswerSheetError, QuizResult, check_answers, score_quiz

__all__ = [
    "AnswerSheetError",
    "AttemptLayout",
    "QuizResult",
    "SavedAnswersResult",
    "as_taken",
    "build_layout",
    "changed_questions",
    "check_answers",
    "score_quiz",
    "score_saved_answers",
    "shown_leaf_ids",
]
