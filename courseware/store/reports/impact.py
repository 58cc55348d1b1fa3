"""The impact report: what learners kept and did after the course (retention curve,
forgetting per tag, the behaviour survey, the response to each follow-up step), and with
the evaluation and the knowledge gain the four levels a report to funders covers.

Which learners. A report's period chooses whole cohorts, those that began in it
(`ReportFilters.began_from` and `began_to`): never a period of attempts, since a check at 90
days falls months after the course and a period of attempts would cut the curve in two, nor
a period of certificates, which would cut a cohort in two and let two periods differ by a
learner (the dashboard's no-differencing rule). The follow-up figures follow the cohorts'
learners who earned the certificate (not revoked), with every check they took whenever they
took it. The reaction and learning levels are the dashboard's own figures (`surveys`,
`knowledge_gain`) for the same cohorts.

Small groups. As on the dashboard (see `scope.py`), for a coordinator each figure is built
only from the cohorts with at least MIN_GROUP_SIZE learners in that figure's group: the
takers of each point of the curve, the learners who took every point, those with both the
post-test and the last check (forgetting), the survey's respondents, and the learners due
for each step. A cohort with fewer is left out of the figure whichever cohorts are chosen,
so a figure over several cohorts is the sum of what each shows on its own."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import select

from courseware.access import Actor
from courseware.analytics.impact import (
    CURVE_COLUMNS,
    OPTION_COLUMNS,
    FollowedLearner,
    Impact,
    ImpactCourse,
    ReportFigures,
    forgetting_by_tag,
    option_counts,
    paired_learners,
    response_counts,
    retention_curve,
    tag_points,
)
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput
from courseware.store.followup import submitted_since
from courseware.store.models import Certificate, Enrolment, Organisation, QuizAttempt
from courseware.store.reports.knowledge_gain import knowledge_gain_by
from courseware.store.reports.quiz import count_answers, quiz_marks
from courseware.store.reports.scope import (
    CourseQuizzes,
    ReportFilters,
    Scope,
    admitted,
    attempt_score,
    chosen_attempts,
    connection,
    scope_of,
    suppressed_for,
    to_frame,
)
from courseware.store.reports.surveys import survey_results

IMPACT_GROUPINGS = ("organisation", "cohort")


def _certificates():
    """The certificates that stand (not revoked)."""
    return select(Certificate.user_id, Certificate.issued_at).where(
        Certificate.revoked_at.is_(None)
    )


def _followed(scope: Scope) -> Scope:
    """`scope` over the attempts of the learners with a certificate that stands."""
    return replace(scope, learners=_certificates().with_only_columns(Certificate.user_id))


def _by_cohort(frame: pd.DataFrame) -> dict[int, int]:
    return frame.groupby("cohort_id")["user_id"].nunique().to_dict()


def _grouped(frame: pd.DataFrame, scope: Scope, by: str) -> pd.DataFrame:
    """Each row twice: in the group "all" and in its organisation or cohort."""
    organisation = {c: where[0] for c, where in scope.cohorts.items()}
    own = frame["cohort_id"].map(organisation) if by == "organisation" else frame["cohort_id"]
    return pd.concat([frame.assign(group="all"), frame.assign(group=own)], ignore_index=True)


def _suppressed(table: pd.DataFrame, scope: Scope, keys: list[str], values: list[str]):
    """Small groups blanked within each part of `table` (each subset and point, say), the
    group "all" apart from the others (as the knowledge gain does)."""
    parts = []
    for _, part in table.groupby([*keys, table["group"].eq("all")], sort=False):
        parts.append(suppressed_for(part.reset_index(drop=True), scope.acting, "n", values))
    return pd.concat(parts, ignore_index=True) if parts else table.assign(suppressed=False)


def _curve(tx: Transaction, scope: Scope, course: ImpactCourse, by: str):
    """The retention curve (see `analytics.impact.retention_curve`), with the learners'
    post-test cohort standing for the paired learners' group; and the cohorts left out of
    the points and of the paired subset, and the paired learners kept."""
    points = course.points
    rows = connection(tx).execute(
        select(
            QuizAttempt.user_id, QuizAttempt.cohort_id, QuizAttempt.quiz_id, attempt_score()
        ).where(
            QuizAttempt.id.in_(chosen_attempts(scope, points, "first")),
            QuizAttempt.user_id.is_not(None),
        )
    )
    scores = to_frame(rows, ["user_id", "cohort_id", "point", "score"])
    kept, left_out = [], set()
    for point in points:
        taken = scores[scores["point"] == point]
        point_scope, _ = admitted(scope, _by_cohort(taken))
        kept.append(taken[taken["cohort_id"].isin(point_scope.cohorts)])
        left_out |= set(taken["cohort_id"]) - set(point_scope.cohorts)
    all_scores = pd.concat(kept, ignore_index=True)
    paired = scores[scores["user_id"].isin(paired_learners(scores, points))]
    home = paired[paired["point"] == (course.posttest.id if course.posttest else points[0])]
    paired = paired.drop(columns="cohort_id").merge(home[["user_id", "cohort_id"]], on="user_id")
    pair_scope, paired_left_out = admitted(scope, _by_cohort(paired))
    paired = paired[paired["cohort_id"].isin(pair_scope.cohorts)]
    curve = pd.concat(
        [
            retention_curve(_grouped(all_scores, scope, by), points, "all"),
            retention_curve(_grouped(paired, scope, by), points, "paired"),
        ],
        ignore_index=True,
    )
    curve = _suppressed(curve, scope, ["subset", "point"], ["mean", "low", "high"])
    return curve[[*CURVE_COLUMNS, "suppressed"]], len(left_out), paired_left_out


def _forgetting(tx: Transaction, scope: Scope, course: ImpactCourse):
    """Forgetting per tag over the learners with the post-test and the last check, in the
    cohorts with enough of them (their post-test cohort); suppressed or not; left out."""
    empty = pd.DataFrame(columns=["tag", "n", "post", "later", "forgetting"])
    if course.posttest is None or not course.retention:
        return empty, False, 0
    post, later = course.posttest, course.retention[-1]
    rows = connection(tx).execute(
        select(QuizAttempt.user_id, QuizAttempt.cohort_id, QuizAttempt.quiz_id).where(
            QuizAttempt.id.in_(chosen_attempts(scope, [post.id, later.id], "first")),
            QuizAttempt.user_id.is_not(None),
        )
    )
    taken = to_frame(rows, ["user_id", "cohort_id", "point"])
    both = taken[taken["user_id"].isin(paired_learners(taken, [post.id, later.id]))]
    home = both[both["point"] == post.id]
    kept, left_out = admitted(scope, _by_cohort(home))
    learners = home.loc[home["cohort_id"].isin(kept.cohorts), "user_id"].tolist()
    if kept.suppress(len(learners)):
        return empty, True, left_out
    tables = []
    for quiz in (post, later):
        marks = quiz_marks(tx, replace(kept, learners=learners), quiz, "first")
        tables.append(tag_points(marks.marks, marks.attempts["learner"], quiz))
    return forgetting_by_tag(*tables), False, left_out


def _behaviour(tx: Transaction, scope: Scope, course: ImpactCourse):
    survey = course.behaviour
    if survey is None:
        return pd.DataFrame(columns=OPTION_COLUMNS), 0, False, 0
    choices = [leaf.id for leaf in survey.leaves() if leaf.type != "text"]
    counts = count_answers(tx, scope, survey.id, "first", choices)
    if counts.suppressed:
        return pd.DataFrame(columns=OPTION_COLUMNS), counts.learners, True, counts.left_out
    return option_counts(counts.counts, survey), counts.learners, False, counts.left_out


def _responses(tx: Transaction, scope: Scope, course: ImpactCourse):
    """Per follow-up step: the learners due for it by today and how many took it, over the
    cohorts with enough learners due (a learner enrolled in two cohorts counts in each)."""
    columns = ["quiz_id", "after_days", "due", "took", "rate"]
    certificates = _certificates().subquery()
    rows = connection(tx).execute(
        select(Enrolment.cohort_id, Enrolment.user_id, certificates.c.issued_at)
        .join(certificates, certificates.c.user_id == Enrolment.user_id)
        .where(*scope.enrolments())
    )
    enrolled = rows.all()
    enrolled_here = select(Enrolment.user_id).where(*scope.enrolments())
    quizzes = [step.quiz for step in course.plan]
    taken = submitted_since(tx, quizzes, Certificate.user_id.in_(enrolled_here))
    learners = [
        FollowedLearner(cohort_id, issued_at.date(), frozenset(taken.get(user_id, ())))
        for cohort_id, user_id, issued_at in enrolled
    ]
    counts = response_counts(course.plan, learners, tx.now.date())
    table, left_out = [], set()
    for step in course.plan:
        cells = counts[counts["quiz_id"] == step.quiz]
        kept, _ = admitted(scope, dict(zip(cells["cohort_id"], cells["due"], strict=True)))
        left_out |= set(cells["cohort_id"]) - set(kept.cohorts)
        cells = cells[cells["cohort_id"].isin(kept.cohorts)]
        due, took = int(cells["due"].sum()), int(cells["took"].sum())
        table.append((step.quiz, step.after_days, due, took, took / due if due else float("nan")))
    responses = pd.DataFrame(table, columns=columns)
    responses["suppressed"] = False
    return responses, len(left_out)


def _group_names(tx: Transaction, scope: Scope, by: str) -> dict[object, str]:
    if by == "cohort":
        return {cohort_id: name for cohort_id, (_, name) in scope.cohorts.items()}
    ids = {organisation for organisation, _ in scope.cohorts.values()}
    rows = connection(tx).execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    )
    return dict(rows.all())


def impact(
    db: Database, actor: Actor, filters: ReportFilters, course: ImpactCourse, by: str
) -> Impact:
    """The follow-up figures for the acting user (a coordinator: any organisations; a
    trainer: their cohorts; naming a cohort one may not see is refused), grouped by
    organisation or cohort, in one read transaction."""
    if by not in IMPACT_GROUPINGS:
        raise InvalidInput(f"unknown grouping '{by}'")

    def work(tx: Transaction) -> Impact:
        everyone = scope_of(tx, actor, filters)
        scope = _followed(everyone)
        if course.points:
            curve, left_out_curve, left_out_paired = _curve(tx, scope, course, by)
        else:
            curve, left_out_curve, left_out_paired = pd.DataFrame(columns=CURVE_COLUMNS), 0, 0
        forgetting, forgetting_hidden, left_out_forgetting = _forgetting(tx, scope, course)
        behaviour, respondents, behaviour_hidden, left_out_behaviour = _behaviour(tx, scope, course)
        responses, left_out_responses = _responses(tx, everyone, course)
        return Impact(
            points=course.points,
            curve=curve,
            forgetting=forgetting,
            forgetting_suppressed=forgetting_hidden,
            behaviour=behaviour,
            behaviour_respondents=respondents,
            behaviour_suppressed=behaviour_hidden,
            responses=responses,
            group_names=_group_names(tx, scope, by),
            organisation_names=_group_names(tx, scope, "organisation"),
            left_out={
                "curve": left_out_curve,
                "paired": left_out_paired,
                "forgetting": left_out_forgetting,
                "behaviour": left_out_behaviour,
                "responses": left_out_responses,
            },
        )

    return db.read(work)


def report_figures(
    db: Database, actor: Actor, filters: ReportFilters, course: ImpactCourse, by: str
) -> ReportFigures:
    """The four levels of the report: the evaluation's answers and the knowledge gain as
    the dashboard reads them (for the period's attempts), and `impact`."""
    follow = impact(db, actor, filters, course, by)
    reaction_columns = ["question_id", "answer", "count"]
    reaction, respondents, hidden, left_out = pd.DataFrame(columns=reaction_columns), 0, False, 0
    if course.evaluation is not None:
        results = survey_results(db, actor, filters, course.evaluation)
        reaction, respondents = results.likert[reaction_columns], results.respondents
        hidden, left_out = results.suppressed, results.left_out
    tests = CourseQuizzes(
        finals=(),
        pretest=course.pretest.id if course.pretest else None,
        posttest=course.posttest.id if course.posttest else None,
    )
    learning = knowledge_gain_by(db, actor, filters, tests, by)
    return ReportFigures(
        start=filters.began_from,
        end=filters.began_to,
        organisations=tuple(sorted(follow.organisation_names.values())),
        reaction=reaction,
        reaction_respondents=respondents,
        reaction_suppressed=hidden,
        learning=learning,
        impact=follow,
        left_out={"reaction": left_out, "learning": learning.attrs.get("left_out", 0)},
    )
