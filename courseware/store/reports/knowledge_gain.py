"""Knowledge gain from the pre-test to the post-test, overall and per organisation, cohort
or topic."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from sqlalchemy import case, func, select

from courseware.access import Actor
from courseware.analytics.knowledge_gain import knowledge_gain
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput
from courseware.store.models import Answer, QuizAttempt, ReportPairCell, ReportPairCount
from courseware.store.reports.scope import (
    CourseQuizzes,
    ReportFilters,
    Scope,
    admitted,
    attempt_score,
    chosen_attempts,
    connection,
    only_spanning,
    scope_of,
    summaries_cover,
    suppressed_for,
    to_frame,
)
from courseware.store.reports.summed_groups import learners_alone, summed
from courseware.store.sql_functions import fraction_value
from courseware.store.summaries import NO_SCORE

GAIN_GROUPINGS = ("organisation", "cohort", "topic")


def _first_scores(tx: Transaction, scope: Scope, course: CourseQuizzes) -> list:
    """(user id, cohort id, test, score) of each learner's first pre- and post-test."""
    return (
        connection(tx)
        .execute(
            select(
                QuizAttempt.user_id, QuizAttempt.cohort_id, QuizAttempt.quiz_id, attempt_score()
            ).where(
                QuizAttempt.id.in_(
                    chosen_attempts(scope, [course.pretest, course.posttest], "first")
                ),
                QuizAttempt.user_id.is_not(None),
            )
        )
        .all()
    )


def _pairs(tx: Transaction, scope: Scope, course: CourseQuizzes) -> tuple[pd.DataFrame, int]:
    """Each learner's first pre-test and first post-test score, with the post-test's cohort,
    in the cohorts with enough such pairs; and how many cohorts were left out."""
    pairs = _paired(_first_scores(tx, scope, course), scope, course)
    # The group is the cohort's learners with both tests: small ones are left out.
    kept, left_out = admitted(scope, pairs.groupby("cohort_id").size().to_dict())
    return pairs[pairs["cohort_id"].isin(kept.cohorts)].reset_index(drop=True), left_out


def _paired(rows: list, scope: Scope, course: CourseQuizzes) -> pd.DataFrame:
    """Learners' pairs (user_id, cohort_id, organisation_id, pre, post) from their first
    scores (user id, cohort id, test, score), by learner."""
    scores = to_frame(rows, ["user_id", "cohort_id", "quiz_id", "score"])
    scores = scores.sort_values(["user_id", "quiz_id"], ignore_index=True)
    pre = scores[scores["quiz_id"] == course.pretest].set_index("user_id")["score"]
    post = scores[scores["quiz_id"] == course.posttest].set_index("user_id")
    pairs = post.rename(columns={"score": "post"}).join(pre.rename("pre"), how="inner")
    pairs["organisation_id"] = pairs["cohort_id"].map(
        {c: organisation for c, (organisation, _) in scope.cohorts.items()}
    )
    return pairs.reset_index()[["user_id", "cohort_id", "organisation_id", "pre", "post"]]


def _pair_cells(pairs: pd.DataFrame, by: str) -> pd.DataFrame:
    """How many learners of each group (overall "all", and by `by`) scored each pair."""
    both = pd.concat(
        [pairs.assign(group="all"), pairs.assign(group=pairs[f"{by}_id"])], ignore_index=True
    )
    both = both.assign(pre=both["pre"].fillna(NO_SCORE), post=both["post"].fillna(NO_SCORE))
    cells = both.groupby(["group", "pre", "post"], as_index=False, sort=False).size()
    return cells.rename(columns={"size": "learners"})


def _summed_pair_cells(
    tx: Transaction, scope: Scope, course: CourseQuizzes, by: str
) -> tuple[pd.DataFrame, int]:
    """`_pair_cells` of the cohorts with enough pairs, and how many were left out, from the
    report summaries; the learners of several cohorts are counted from their attempts."""
    alone = learners_alone(tx, scope, ReportPairCount)
    spanning = only_spanning(tx, scope)
    extra = None
    if spanning is not None:
        extra = _paired(_first_scores(tx, spanning, course), scope, course)
        alone.update(extra.groupby("cohort_id").size().to_dict())
    kept, left_out = admitted(scope, alone)
    groups: dict[object, set[int]] = {"all": set(kept.cohorts)}
    for cohort, (organisation, _) in kept.cohorts.items():
        groups.setdefault(organisation if by == "organisation" else cohort, set()).add(cohort)
    cells = summed(tx, kept, ReportPairCell, ["pre", "post"], groups)
    if extra is not None:
        extra = _pair_cells(extra[extra["cohort_id"].isin(kept.cohorts)], by)
        cells = pd.concat([cells, extra], ignore_index=True)
        cells = cells.groupby(["group", "pre", "post"], as_index=False, sort=False)[
            "learners"
        ].sum()
    return cells, left_out


def _topic_pairs(
    tx: Transaction,
    scope: Scope,
    course: CourseQuizzes,
    topics: Mapping[str, Mapping[str, tuple[str, float]]],
    learners: pd.Series,
) -> pd.DataFrame:
    """Per learner of `learners` (user ids, from `_pairs`) and per topic: the share of the
    topic's points earned in the pre- and in the post-test (a question left unanswered earns
    nothing). `topics` maps each test's id to its question ids, each with (topic, maximum
    points)."""
    possible = pd.Series(
        {
            (quiz_id, topic): sum(m for t, m in questions.values() if t == topic)
            for quiz_id, questions in topics.items()
            for topic, _ in questions.values()
        },
        dtype=float,
    )
    question_topics = {
        q: topic for questions in topics.values() for q, (topic, _) in questions.items()
    }
    by_topic: dict[str, list[str]] = {}
    for question_id, topic in question_topics.items():
        by_topic.setdefault(topic, []).append(question_id)
    topic = case(
        *((Answer.question_id.in_(ids), name) for name, ids in by_topic.items()), else_=None
    )
    rows = connection(tx).execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.quiz_id,
            topic.label("topic"),
            func.sum(fraction_value(Answer.points)),
        )
        .join(Answer, Answer.attempt_id == QuizAttempt.id)
        .where(
            QuizAttempt.id.in_(chosen_attempts(scope, [course.pretest, course.posttest], "first")),
            QuizAttempt.user_id.in_(learners.tolist()),
            Answer.question_id.in_(list(question_topics)),
        )
        .group_by(QuizAttempt.user_id, QuizAttempt.quiz_id, topic)
    )
    earned = to_frame(rows, ["user_id", "quiz_id", "topic", "earned"]).set_index(
        ["user_id", "topic", "quiz_id"]
    )["earned"]
    shared = sorted(
        set(t for q, t in possible.index if q == course.pretest)
        & set(t for q, t in possible.index if q == course.posttest)
    )
    grid = pd.MultiIndex.from_product([learners, shared], names=["user_id", "topic"])
    tests = [course.pretest, course.posttest]
    earned = (
        earned.unstack("quiz_id").reindex(index=grid, columns=tests).fillna(0.0)
        if len(earned)
        else pd.DataFrame(0.0, index=grid, columns=tests)
    )
    pairs = pd.DataFrame(index=grid)
    for column, quiz_id in zip(("pre", "post"), tests, strict=True):
        maxima = np.array([possible[(quiz_id, t)] for t in grid.get_level_values("topic")])
        pairs[column] = earned[quiz_id].to_numpy(dtype=float) / maxima
    return pairs.reset_index()


def knowledge_gain_by(
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    course: CourseQuizzes,
    by: str = "organisation",
    topics: Mapping[str, Mapping[str, tuple[str, float]]] | None = None,
    *,
    from_summaries: bool = True,
) -> pd.DataFrame:
    """Knowledge gain from the first pre-test to the first post-test of each learner, for
    all the learners the filters cover (group "all") and per organisation, cohort or topic:
    one row per group with the columns of `KnowledgeGain.as_row()`, `group`, `suppressed`.
    For a coordinator, the cohorts with fewer than 5 pairs are left out of every row; how
    many were is in `table.attrs["left_out"]`. The pairs come from the report summaries
    where they answer (else, or with `from_summaries=False`, from the attempts)."""
    if by not in GAIN_GROUPINGS:
        raise InvalidInput(f"unknown grouping '{by}'")
    if by == "topic" and not topics:
        raise InvalidInput("a grouping by topic needs the questions' topics")

    def work(tx: Transaction) -> pd.DataFrame:
        scope = scope_of(tx, actor, filters)
        if not (course.pretest and course.posttest):
            return _gain_table(pd.DataFrame(columns=["group", "pre", "post"]), scope.acting)
        if by == "topic":
            pairs, left_out = _pairs(tx, scope, course)
            pairs = _topic_pairs(tx, scope, course, topics, pairs["user_id"])
            table = _gain_table(pairs.rename(columns={"topic": "group"}), scope.acting)
        else:
            if from_summaries and summaries_cover(scope):
                cells, left_out = _summed_pair_cells(tx, scope, course, by)
            else:
                pairs, left_out = _pairs(tx, scope, course)
                cells = _pair_cells(pairs, by)
            table = _gain_table(_ordered(cells), scope.acting)
        table.attrs["left_out"] = left_out
        return table

    return db.read(work)


def _ordered(cells: pd.DataFrame) -> pd.DataFrame:
    """The cells in one order however they were read: "all" first, then by group, pre and
    post (a float sum depends on the order of its terms)."""
    overall = cells["group"] == "all"
    parts = [
        cells[overall].sort_values(["pre", "post"]),
        cells[~overall].astype({"group": int}).sort_values(["group", "pre", "post"]),
    ]
    ordered = pd.concat(parts, ignore_index=True)
    return ordered.replace({"pre": {NO_SCORE: np.nan}, "post": {NO_SCORE: np.nan}})


GAIN_COLUMNS = list(knowledge_gain(np.array([]), np.array([])).as_row())


def _gain_table(pairs: pd.DataFrame, acting: Actor) -> pd.DataFrame:
    """One row per group (`pairs`: group, pre, post, and how many `learners` scored each
    pair where not one each); the overall row and the groups are suppressed separately."""
    rows = [
        {"group": group, **knowledge_gain(part["pre"], part["post"], part.get("learners")).as_row()}
        for group, part in pairs.groupby("group", sort=False)
    ]
    table = pd.DataFrame(rows, columns=["group", *GAIN_COLUMNS])
    values = [column for column in GAIN_COLUMNS if column != "n_pairs"]
    overall = table["group"] == "all"
    parts = [
        suppressed_for(table[part].reset_index(drop=True), acting, "n_pairs", values)
        for part in (overall, ~overall)
    ]
    return pd.concat(parts, ignore_index=True)
