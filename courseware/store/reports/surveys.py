"""Answers to the course evaluation: how often each Likert answer was given, and the
comments."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from courseware.access import Actor, sees_hidden_comments
from courseware.content.quiz import Quiz
from courseware.store.database import Database, Transaction
from courseware.store.models import Answer, HiddenComment
from courseware.store.reports.quiz import count_answers, quiz_scope
from courseware.store.reports.scope import ReportFilters, chosen_attempts, connection, scope_of

FREE_TEXT_LIMIT = 200


@dataclass(frozen=True)
class SurveyResults:
    """Answers to the evaluation: `likert` (question_id, answer 1..scale, count) and the
    free-text `comments`, newest first and without names (for a coordinator, without those
    an admin or the cohort's trainer hid). Empty when `suppressed`.
    `left_out`: cohorts left out as too few respondents (for a coordinator)."""

    suppressed: bool
    respondents: int
    likert: pd.DataFrame
    comments: list[str]
    left_out: int = 0


def survey_results(
    db: Database, actor: Actor, filters: ReportFilters, survey: Quiz
) -> SurveyResults:
    likert_ids = [leaf.id for leaf in survey.leaves() if leaf.type == "likert"]
    text_ids = [leaf.id for leaf in survey.leaves() if leaf.type == "text"]

    def work(tx: Transaction) -> SurveyResults:
        # The respondents of each cohort are the group: the answers and the comments come
        # from the cohorts with enough of them.
        scope, left_out = quiz_scope(tx, scope_of(tx, actor, filters), survey.id)
        counts = count_answers(tx, scope, survey.id, "all", likert_ids)
        likert = counts.counts[["question_id", "answer", "count"]]
        if counts.suppressed:
            return SurveyResults(True, counts.learners, likert, [], left_out)
        query = select(Answer.answer).where(
            Answer.attempt_id.in_(chosen_attempts(scope, [survey.id], "all")),
            Answer.question_id.in_(text_ids),
        )
        if not sees_hidden_comments(scope.acting):
            query = query.where(Answer.id.not_in(select(HiddenComment.answer_id)))
        comments = (
            connection(tx)
            .scalars(
                query.order_by(Answer.answered_at.desc(), Answer.id.desc()).limit(FREE_TEXT_LIMIT)
            )
            .all()
        )
        written = [c.strip() for c in comments if isinstance(c, str) and c.strip()]
        likert = likert.reset_index(drop=True)
        return SurveyResults(False, counts.learners, likert, written, left_out)

    return db.read(work)
