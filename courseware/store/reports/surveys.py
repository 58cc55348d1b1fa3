"""Answers to the course evaluation: how often each Likert answer was given, and the
comments."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select

from courseware.access import Actor, sees_hidden_comments
from courseware.content.quiz import Quiz
from courseware.store.database import Database, Transaction
from courseware.store.models import (
    Answer,
    HiddenComment,
    ReportAnswerSummary,
)
from courseware.store.reports.quiz import count_answers, quiz_scope
from courseware.store.reports.scope import (
    ReportFilters,
    Scope,
    chosen_attempts,
    connection,
    scope_of,
    summaries_cover,
)
from courseware.store.reports.summed_groups import quiz_group

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
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    survey: Quiz,
    *,
    from_summaries: bool = True,
) -> SurveyResults:
    """The evaluation's answers: the Likert counts from the report summaries where they
    answer (else, or with `from_summaries=False`, the reference, from the answers)."""
    likert_ids = [leaf.id for leaf in survey.leaves() if leaf.type == "likert"]
    text_ids = [leaf.id for leaf in survey.leaves() if leaf.type == "text"]

    def work(tx: Transaction) -> SurveyResults:
        # The respondents of each cohort are the group: the answers and the comments come
        # from the cohorts with enough of them.
        everyone = scope_of(tx, actor, filters)
        if from_summaries and summaries_cover(everyone):
            scope, left_out, learners, likert = _summed_likert(tx, everyone, survey, likert_ids)
            suppressed = scope.suppress(learners)
        else:
            scope, left_out = quiz_scope(tx, everyone, survey.id)
            counts = count_answers(tx, scope, survey.id, "all", likert_ids)
            learners, suppressed = counts.learners, counts.suppressed
            likert = counts.counts[["question_id", "answer", "count"]]
        likert = likert.sort_values(["question_id", "answer"], ignore_index=True)
        if suppressed:
            return SurveyResults(True, learners, likert.iloc[:0], [], left_out)
        # The newest of each question, through `ix_answers_newest`, then the newest of all:
        # never every comment of a programme read and sorted.
        newest = []
        for question_id in text_ids:
            query = select(Answer.answered_at, Answer.id, Answer.answer).where(
                Answer.question_id == question_id,
                Answer.attempt_id.in_(chosen_attempts(scope, [survey.id], "all")),
            )
            if not sees_hidden_comments(scope.acting):
                query = query.where(Answer.id.not_in(select(HiddenComment.answer_id)))
            query = query.order_by(Answer.answered_at.desc(), Answer.id.desc())
            newest += connection(tx).execute(query.limit(FREE_TEXT_LIMIT)).all()
        newest.sort(key=lambda row: (row[0], row[1]), reverse=True)
        comments = [answer for _, _, answer in newest[:FREE_TEXT_LIMIT]]
        written = [c.strip() for c in comments if isinstance(c, str) and c.strip()]
        return SurveyResults(False, learners, likert, written, left_out)

    return db.read(work)


def _summed_likert(tx: Transaction, scope: Scope, survey: Quiz, likert_ids: list[str]):
    """What `quiz_scope` and `count_answers` give, from the report summaries: the scope of
    the cohorts with enough respondents, how many were left out, the respondents, and the
    Likert counts. The learners of several cohorts are counted from their answers."""
    group = quiz_group(tx, scope, survey.id)
    kept, left_out, learners, mine = group.scope, group.left_out, group.learners, group.spanning
    cohorts = list(kept.cohorts)
    rows = connection(tx).execute(
        select(
            ReportAnswerSummary.question_id,
            ReportAnswerSummary.answer,
            func.sum(ReportAnswerSummary.learners),
        )
        .where(
            ReportAnswerSummary.quiz_id == survey.id,
            ReportAnswerSummary.cohort_id.in_(cohorts),
            ReportAnswerSummary.question_id.in_(likert_ids),
        )
        .group_by(ReportAnswerSummary.question_id, ReportAnswerSummary.answer)
    )
    counts = Counter({(q, json.loads(answer)): n for q, answer, n in rows})
    if mine is not None:
        given = connection(tx).execute(
            select(Answer.question_id, Answer.answer, func.count())
            .where(
                Answer.attempt_id.in_(chosen_attempts(mine, [survey.id], "all")),
                Answer.question_id.in_(likert_ids),
                Answer.answer.is_not(None),
            )
            .group_by(Answer.question_id, Answer.answer)
        )
        counts.update({(q, answer): n for q, answer, n in given if answer is not None})
    likert = pd.DataFrame(
        [(q, answer, n) for (q, answer), n in counts.items() if n],
        columns=["question_id", "answer", "count"],
    )
    return kept, left_out, learners, likert
