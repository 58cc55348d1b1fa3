"""Tag mastery: per group of learners and tag, the points earned and possible on the
questions with the tag that their attempts showed, and on the decisions and endings of
their branching cases (tags of choices and endings, see `analytics.case_paths`).

It is computed from counts: how many attempts of each group earned each mark on each
question (`marks`), and took each path through each case (`paths`). The reports build these
counts from the attempts or read them from the report summaries, and get the same figures."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from courseware.analytics.case_paths import case_tags, decision_tags
from courseware.content.questions.branching import Branching
from courseware.content.quiz import Quiz

MARK_COLUMNS = ["group", "question_id", "mark", "learners"]
PATH_COLUMNS = ["group", "question_id", "path", "learners"]
POINT_COLUMNS = ["group", "tag", "earned", "possible"]


def tag_points(marks: pd.DataFrame, paths: pd.DataFrame, quiz: Quiz) -> pd.DataFrame:
    """`marks`: group, question_id, mark, learners (attempts that showed the question and
    earned that mark); `paths`: group, question_id, path (a list), learners. Per group and
    tag with anything possible: earned and possible points, by tag and then group."""
    leaves = {leaf.id: leaf for leaf in quiz.leaves() if leaf.graded}
    cases = {leaf.id: leaf for leaf in leaves.values() if isinstance(leaf, Branching)}
    totals: defaultdict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for group, question_id, mark, learners in marks[MARK_COLUMNS].itertuples(index=False):
        leaf = leaves.get(question_id)
        if leaf is None:
            continue
        for tag in leaf.tags:
            points = totals[group, tag]
            points[0] += mark * learners
            points[1] += float(leaf.max_points) * learners
    for group, question_id, path, learners in paths[PATH_COLUMNS].itertuples(index=False):
        case = cases.get(question_id)
        if case is None:
            continue
        for tag, (earned, possible) in decision_tags(case, path).items():
            points = totals[group, tag]
            points[0] += earned * learners
            points[1] += possible * learners
    known = {tag for leaf in leaves.values() for tag in leaf.tags} | {
        tag for case in cases.values() for tag in case_tags(case)
    }
    rows = [
        (group, tag, earned, possible)
        for (group, tag), (earned, possible) in totals.items()
        if tag in known and possible > 0
    ]
    table = pd.DataFrame(rows, columns=POINT_COLUMNS)
    return table.sort_values(["tag", "group"], kind="stable", ignore_index=True)
