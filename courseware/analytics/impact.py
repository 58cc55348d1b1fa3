"""What the course left behind: the retention curve (pre-test, post-test and the checks at
30 and 90 days), forgetting per tag, the behaviour survey's answers counted per option, and
how many of the learners due for each follow-up step took it. Pure: the store reads the
rows, this computes; no SQL, no Streamlit.

Scores are shares of the points (0..1). Each mean comes with a 95% confidence interval from
Student's t distribution, mean ± t(0.975, n − 1) · s / √n with s the sample standard
deviation (ddof 1): the usual interval for a mean when the spread is estimated from the same
few learners. It needs two scores at least; with one, or all scores equal, it has no width.
It is then clipped to 0..1, the range a share of points can take (a symmetric interval
around a mean near 100% would otherwise reach past it).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from courseware.content.catalog import Catalog
from courseware.content.course import FollowupStep
from courseware.content.quiz import Quiz
from courseware.followup import plan_status

NAN = float("nan")
CURVE_COLUMNS = ["group", "subset", "point", "n", "mean", "low", "high"]
# "all": every learner who took the point; "paired": only those who took every point.
SUBSETS = ("all", "paired")
FORGETTING_COLUMNS = ["tag", "n", "post", "later", "forgetting"]
OPTION_COLUMNS = ["question_id", "option", "count", "answered", "share"]
RESPONSE_COLUMNS = ["cohort_id", "quiz_id", "after_days", "due", "took"]


def _t_two_sided(t: float, df: int) -> float:
    """P(|T| < t) for Student's t with `df` degrees of freedom (Abramowitz & Stegun 26.7.3
    and 26.7.4: a finite sum for whole degrees of freedom)."""
    theta = math.atan(t / math.sqrt(df))
    sin, cos = math.sin(theta), math.cos(theta)
    if df % 2 == 1:
        term, total = cos, cos if df > 1 else 0.0
        for k in range(3, df - 1, 2):
            term *= cos * cos * (k - 1) / k
            total += term
        return 2 / math.pi * (theta + sin * total)
    term, total = 1.0, 1.0
    for k in range(2, df - 1, 2):
        term *= cos * cos * (k - 1) / k
        total += term
    return sin * total


def t_quantile(probability: float, df: int) -> float:
    """The `probability` quantile (above 0.5) of Student's t with `df` degrees of freedom, by
    bisection on the distribution function (to 1e-12: far below what a report shows)."""
    if df < 1:
        raise ValueError("a t quantile needs one degree of freedom at least")
    central = 2 * probability - 1
    low, high = 0.0, 1.0
    while _t_two_sided(high, df) < central:
        high *= 2
    while high - low > 1e-12:
        middle = (low + high) / 2
        low, high = (middle, high) if _t_two_sided(middle, df) < central else (low, middle)
    return (low + high) / 2


@dataclass(frozen=True)
class MeanInterval:
    n: int
    mean: float
    low: float
    high: float


def mean_interval(scores: Iterable[float]) -> MeanInterval:
    """The mean of `scores` (shares, 0..1) with its 95% t-interval, clipped to 0..1 (see the
    module's note)."""
    values = np.asarray(list(scores), dtype=float)
    n = len(values)
    if n == 0:
        return MeanInterval(0, NAN, NAN, NAN)
    mean = float(values.mean())
    if n == 1:
        return MeanInterval(1, mean, mean, mean)
    half = t_quantile(0.975, n - 1) * float(values.std(ddof=1)) / math.sqrt(n)
    return MeanInterval(n, mean, max(0.0, mean - half), min(1.0, mean + half))


def paired_learners(scores: pd.DataFrame, points: Sequence[str]) -> pd.Index:
    """The learners (`user_id`) with a score at every one of `points`."""
    taken = scores[scores["point"].isin(points)].groupby("user_id")["point"].nunique()
    return taken.index[taken == len(points)]


def retention_curve(scores: pd.DataFrame, points: Sequence[str], subset: str) -> pd.DataFrame:
    """`scores`: user_id, group, point, score (one row per learner, group and point; a
    learner is in "all" and in their organisation or cohort). One row per group and point
    (in the order of `points`) with n, mean, low, high: over every learner in `scores` who
    took the point (`subset` "all"), or only over those who took every point ("paired")."""
    if subset not in SUBSETS:
        raise ValueError(f"unknown subset '{subset}'")
    if subset == "paired":
        scores = scores[scores["user_id"].isin(paired_learners(scores, points))]
    rows = []
    for group, group_scores in scores.groupby("group", sort=False):
        for point in points:
            got = mean_interval(group_scores.loc[group_scores["point"] == point, "score"])
            rows.append((group, subset, point, got.n, got.mean, got.low, got.high))
    return pd.DataFrame(rows, columns=CURVE_COLUMNS)


def tag_points(marks: pd.DataFrame, learners: pd.Series, quiz: Quiz) -> pd.DataFrame:
    """Per learner and tag: the points earned and possible on the questions of `quiz` the
    learner was shown. `marks`: one row per attempt, one column per graded question (NaN:
    not shown; see `store.reports.quiz.QuizMarks`); `learners`: each row's learner."""
    leaves = {leaf.id: leaf for leaf in quiz.leaves() if leaf.graded}
    questions = [q for q in marks.columns if q in leaves]
    tags = sorted({tag for q in questions for tag in leaves[q].tags})
    tagged = np.array([[tag in leaves[q].tags for tag in tags] for q in questions], dtype=float)
    maxima = np.array([float(leaves[q].max_points) for q in questions])
    values = marks[questions].to_numpy(dtype=float)
    shown = ~np.isnan(values)
    earned = pd.DataFrame(np.where(shown, values, 0.0) @ tagged, columns=tags)
    possible = pd.DataFrame((shown * maxima) @ tagged, columns=tags)
    table = pd.DataFrame(
        {
            "earned": earned.assign(user_id=learners.to_numpy()).groupby("user_id").sum().stack(),
            "possible": possible.assign(user_id=learners.to_numpy())
            .groupby("user_id")
            .sum()
            .stack(),
        }
    )
    return table.rename_axis(["user_id", "tag"]).reset_index()


def forgetting_by_tag(post: pd.DataFrame, later: pd.DataFrame) -> pd.DataFrame:
    """Per tag the two tests share: over the learners in both tables (`tag_points` of the
    post-test and of a later check), the share of the tag's points earned at each (all
    their points added up) and the forgetting, post minus later (positive: forgotten)."""
    learners = sorted(set(post["user_id"]) & set(later["user_id"]))
    rows = []
    for tag in sorted(set(post["tag"]) & set(later["tag"])):
        shares = []
        for table in (post, later):
            mine = table[(table["tag"] == tag) & table["user_id"].isin(learners)]
            possible = float(mine["possible"].sum())
            shares.append(float(mine["earned"].sum()) / possible if possible else NAN)
        if not any(math.isnan(share) for share in shares):
            rows.append((tag, len(learners), shares[0], shares[1], shares[0] - shares[1]))
    table = pd.DataFrame(rows, columns=FORGETTING_COLUMNS)
    return table.sort_values(["forgetting", "tag"], ascending=[False, True], ignore_index=True)


def option_counts(answers: pd.DataFrame, survey: Quiz) -> pd.DataFrame:
    """How many chose each option of each choice question of `survey` (likert levels 1..scale,
    multiple-choice options by id, in the order of the file, options nobody chose as 0), how
    many answered the question and the share of them. `answers`: question_id, answer,
    count (how often each distinct answer was given, as `store.reports.quiz` counts them).
    Free-text questions are never counted here."""
    rows = []
    for leaf in survey.leaves():
        given = answers[answers["question_id"] == leaf.id]
        if leaf.type == "likert":
            options = list(range(1, leaf.scale + 1))
        elif leaf.type in ("multiple_choice", "single_choice"):
            options = [option.id for option in leaf.options]
        else:
            continue
        counts = dict.fromkeys(options, 0)
        for answer, count in zip(given["answer"], given["count"], strict=True):
            for option in answer if isinstance(answer, list) else [answer]:
                if option in counts:
                    counts[option] += int(count)
        answered = int(given["count"].sum())
        for option, count in counts.items():
            rows.append((leaf.id, option, count, answered, count / answered if answered else NAN))
    return pd.DataFrame(rows, columns=OPTION_COLUMNS)


@dataclass(frozen=True)
class FollowedLearner:
    cohort_id: int
    certified_on: date
    # The plan's quizzes the learner submitted since earning the certificate.
    taken: frozenset[str] = field(default_factory=frozenset)


def response_counts(
    plan: Sequence[FollowupStep], learners: Iterable[FollowedLearner], today: date
) -> pd.DataFrame:
    """Per cohort and follow-up step: how many learners were due for it by `today` and how
    many of them took it (a step done before its day counts as due and taken)."""
    counts: dict[tuple[int, str], list[int]] = {}
    for learner in learners:
        for status in plan_status(plan, learner.certified_on, learner.taken):
            if status.done or status.due_on <= today:
                cell = counts.setdefault((learner.cohort_id, status.quiz_id), [0, 0])
                cell[0] += 1
                cell[1] += status.done
    after = {step.quiz: step.after_days for step in plan}
    rows = [(c, q, after[q], due, took) for (c, q), (due, took) in counts.items()]
    return pd.DataFrame(rows, columns=RESPONSE_COLUMNS)


@dataclass(frozen=True)
class Impact:
    """The follow-up figures of a report, already suppressed for the acting user.

    - `points`: the quiz ids of the curve, in order (pre-test, post-test, the checks)
    - `curve`: group ("all", or an organisation or cohort id), subset ("all"/"paired"),
      point, n, mean, low, high, suppressed
    - `forgetting`: tag, n, post, later, forgetting (post-test minus the last check); empty
      when `forgetting_suppressed`
    - `behaviour`: question_id, option, count, answered, share; empty when suppressed
    - `responses`: quiz_id, after_days, due, took, rate, suppressed
    - `left_out`: per section ("curve", "paired", "forgetting", "behaviour", "responses"),
      how many cohorts were left out as too small (never how many people)
    """

    points: tuple[str, ...]
    curve: pd.DataFrame
    forgetting: pd.DataFrame
    forgetting_suppressed: bool
    behaviour: pd.DataFrame
    behaviour_respondents: int
    behaviour_suppressed: bool
    responses: pd.DataFrame
    # The names of the groups (organisations or cohorts), and of the organisations covered.
    group_names: dict[object, str] = field(default_factory=dict)
    organisation_names: dict[int, str] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ImpactCourse:
    """The quizzes an impact report follows, from the course file: the pre- and post-test,
    the follow-up plan, its retention checks (in order) and its behaviour survey, and the
    course evaluation."""

    pretest: Quiz | None
    posttest: Quiz | None
    plan: tuple[FollowupStep, ...]
    retention: tuple[Quiz, ...]
    behaviour: Quiz | None
    evaluation: Quiz | None

    @property
    def points(self) -> tuple[str, ...]:
        """The quiz ids of the retention curve, in order."""
        tests = (self.pretest, self.posttest, *self.retention)
        return tuple(quiz.id for quiz in tests if quiz is not None)

    def after_days(self, quiz_id: str) -> int | None:
        return next((step.after_days for step in self.plan if step.quiz == quiz_id), None)


def impact_course(catalog: Catalog) -> ImpactCourse:
    course = catalog.course
    if course is None:
        return ImpactCourse(None, None, (), (), None, None)
    quizzes = catalog.quizzes
    followups = [quizzes[step.quiz] for step in course.followup if step.quiz in quizzes]
    return ImpactCourse(
        pretest=quizzes.get(course.pretest) if course.pretest else None,
        posttest=quizzes.get(course.posttest) if course.posttest else None,
        plan=tuple(course.followup),
        retention=tuple(quiz for quiz in followups if quiz.kind == "retention"),
        behaviour=next((quiz for quiz in followups if quiz.kind == "survey"), None),
        evaluation=quizzes.get(course.survey) if course.survey else None,
    )


@dataclass(frozen=True)
class ReportFigures:
    """Everything the impact report shows, already suppressed for the acting user, by
    Kirkpatrick's levels: reaction (the course evaluation's Likert counts: question_id,
    answer, count), learning (knowledge gain: a row per group as
    `store.reports.knowledge_gain` gives it), and retention and behaviour (`impact`)."""

    start: date | None
    end: date | None
    organisations: tuple[str, ...]
    reaction: pd.DataFrame
    reaction_respondents: int
    reaction_suppressed: bool
    learning: pd.DataFrame
    impact: Impact
    left_out: dict[str, int] = field(default_factory=dict)
