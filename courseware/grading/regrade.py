"""Grading saved answers again, possibly against another version of the quiz than the one
they were given on (after a correction): what is compared, what is kept, what is scored.

The rules (pure functions; `store/regrade.py` applies them to stored attempts):

- An attempt is graded on the questions it showed. A question of the new version that the
  attempt never showed (added since, or not drawn) counts neither in its points nor in its
  maximum; a question the new version no longer has is dropped from both.
- A saved answer is checked against the new version of its question: one that names an
  option, pair or item the question no longer has (or no longer fits its type) scores 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from courseware.content.questions import AnswerError
from courseware.content.quiz import Quiz
from courseware.grading.scoring import QuizResult, score_quiz

Change = Literal["changed", "removed", "added"]


@dataclass(frozen=True)
class SavedAnswersResult:
    result: QuizResult
    # Questions whose saved answer does not fit the version graded against (scored 0).
    unfit: tuple[str, ...]


def score_saved_answers(
    quiz: Quiz, answers: Mapping[str, Any], question_ids: Iterable[str]
) -> SavedAnswersResult:
    """Score answers as stored (JSON) against `quiz`, over the attempt's top-level
    `question_ids`. Answers to questions `quiz` does not have are left out."""
    leaves = {leaf.id: leaf for leaf in quiz.leaves()}
    checked: dict[str, Any] = {}
    unfit: list[str] = []
    for question_id, answer in answers.items():
        leaf = leaves.get(question_id)
        if leaf is None:
            continue
        try:
            checked[question_id] = leaf.check_answer(answer)
        except AnswerError:
            unfit.append(question_id)
    return SavedAnswersResult(score_quiz(quiz, checked, question_ids), tuple(unfit))


def _dump(question) -> dict:
    return question.model_dump(mode="json", exclude_none=True)


def shown_leaf_ids(quiz: Quiz, question_ids: Iterable[str]) -> set[str]:
    """The answerable questions an attempt with these top-level questions showed."""
    chosen = set(question_ids)
    return {
        leaf.id
        for question in quiz.questions
        if question.id in chosen
        for leaf in question.leaves()
    }


def as_taken(taken: Quiz, new: Quiz, question_ids: Iterable[str]) -> Quiz | None:
    """`new` as an attempt taken on `taken` with these top-level questions is graded on it:
    `new` itself when it has no question the attempt did not show among those questions,
    else a copy without those (a sub-question added to a case the learner saw). None when
    the attempt showed none of the new version's questions: nothing is left to grade."""
    chosen = set(question_ids)
    shown = shown_leaf_ids(taken, chosen)
    kept: list[dict] = []
    left_out = False
    for question in new.questions:
        leaves = question.leaves()
        if question.id not in chosen:
            kept.append(_dump(question))  # not part of the attempt anyway
        elif leaves == [question]:
            if question.id in shown:
                kept.append(_dump(question))
            else:
                left_out = True
        else:
            seen = [leaf for leaf in leaves if leaf.id in shown]
            left_out = left_out or len(seen) < len(leaves)
            if seen:
                kept.append(_dump(question) | {"questions": [_dump(leaf) for leaf in seen]})
    if not shown_leaf_ids(new, chosen) & shown:
        return None
    if not left_out:
        return new
    return Quiz.from_snapshot(new.snapshot() | {"questions": kept})


def _parts(quiz: Quiz) -> dict[str, dict]:
    """Each question (cases without their sub-questions) as stored, by id."""
    parts = {}
    for question in quiz.questions:
        dumped = _dump(question)
        dumped.pop("questions", None)
        parts[question.id] = dumped
        for leaf in question.leaves():
            parts[leaf.id] = _dump(leaf)
    return parts


def changed_questions(old: Quiz, new: Quiz) -> dict[str, Change]:
    """How each question of `new` differs from `old`, by id; unchanged ones are left out. A
    case whose text changed is "changed" itself, whatever its sub-questions did."""
    before, after = _parts(old), _parts(new)
    changes: dict[str, Change] = {}
    for question_id, part in before.items():
        if question_id not in after:
            changes[question_id] = "removed"
        elif after[question_id] != part:
            changes[question_id] = "changed"
    for question_id in after.keys() - before.keys():
        changes[question_id] = "added"
    return dict(sorted(changes.items()))
