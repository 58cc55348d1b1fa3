"""No figure a coordinator sees can be worked out for a small group by subtraction.

A coordinator may choose any set of cohorts (or organisations, or everything). On a real small
database with cohorts of random sizes (1 to 8 learners, each doing a random part of the
course, a branching case among it), every choice is read through the store as the dashboard
does, and the figures are checked for the property that makes differencing useless:

1. Each count a figure shows is the sum of that count over the cohorts chosen, each cohort
   as it shows on its own (so the difference between two choices is a sum of whole cohorts'
   figures, which the coordinator can see anyway by choosing those cohorts).
2. Each group a figure describes (enrolled learners, learners active in a week, takers of a
   quiz, pairs of pre- and post-test, respondents; in the impact report the takers of each
   point of the retention curve, the learners with every point, those with the post-test
   and the last check, and those due for a follow-up step) has, on its own cohort, 0 or at
   least 5 learners: a cohort with 1 to 4 is in no figure, whichever cohorts are chosen.
3. Hence, directly: for every two choices one inside the other (the whole programme and
   "every cohort but the pilot", say), each group count differs by 0 or by 5 or more. Two
   choices that are not one inside the other both lie inside their union, which is a choice
   too, so checking nested pairs covers every pair.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseware.access import COMMAND_LINE, MIN_GROUP_SIZE, PermissionDenied
from courseware.analytics.impact import ImpactCourse
from courseware.content.course import FollowupStep
from courseware.content.quiz import load_quiz
from courseware.store import Database
from courseware.store.accounts import (
    create_account,
    create_organisation,
)
from courseware.store.certificates import issue_certificate
from courseware.store.cohorts import (
    create_cohort,
    join_cohort,
)
from courseware.store.reports.case_paths import case_paths
from courseware.store.reports.dashboard import dashboard
from courseware.store.reports.impact import impact
from courseware.store.reports.knowledge_gain import knowledge_gain_by
from courseware.store.reports.quiz import answer_counts, item_statistics
from courseware.store.reports.scope import CourseQuizzes, ReportFilters
from courseware.store.reports.surveys import survey_results
from tests.databases import (
    PASSWORD,
    RIGHT_ANSWERS,
    FakeClock,
    actor_of,
    add_user,
    enrolled_learner,
    final_quiz,
    settings_for,
    survey_quiz,
)
from tests.quiz_files import BRANCHING, HEADER, quiz_yaml
from tests.report_data import take
from tests.store.test_reports import small_test

FINAL, SURVEY = final_quiz(), survey_quiz()
PRE, POST = small_test("pre", "pretest"), small_test("post", "posttest")
R30, R90 = small_test("r30", "retention"), small_test("r90", "retention")
IMPACT = ImpactCourse(
    pretest=PRE,
    posttest=POST,
    plan=(FollowupStep(after_days=30, quiz="r30"), FollowupStep(after_days=90, quiz="r90")),
    retention=(R30, R90),
    behaviour=SURVEY,
    evaluation=None,
)
COURSE = CourseQuizzes(finals=(FINAL.id,), pretest="pre", posttest="post", survey=SURVEY.id)
CASE = load_quiz(quiz_yaml(BRANCHING, HEADER.replace("id: sample", "id: case")).encode(), "c").value
CASE_PATHS = [
    ["ask-alone", "call-centre", "involve-guardian"],
    ["call-police", "go-on"],
    ["ask-alone", "let-go"],
]

# What one learner does: pre-test, post-test, the final (passed, failed or not taken), the
# evaluation, and in which of two weeks.
LEARNER = st.fixed_dictionaries(
    {
        "pre": st.booleans(),
        "post": st.booleans(),
        "final": st.sampled_from([None, True, False]),
        "survey": st.booleans(),
        "case": st.sampled_from([None, *range(len(CASE_PATHS))]),
        "week": st.sampled_from([0, 1]),
        # After a certificate: no check, the one at 30 days, or both.
        "follow": st.sampled_from([None, (), (R30,), (R30, R90)]),
    }
)
COHORTS = st.lists(st.lists(LEARNER, min_size=1, max_size=8), min_size=2, max_size=3)


def _build(folder: Path, template: str, cohorts: list[list[dict]]):
    """A database with the cohorts (alternately in two organisations) and what their learners
    did; returns it, the coordinator and the cohorts' ids and organisations."""
    path = folder / "courseware.db"
    shutil.copy(template.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    clock = FakeClock()
    db = Database(url, settings_for(url), clock)
    organisations = [create_organisation(db, COMMAND_LINE, name) for name in ("Atina", "ASTRA")]
    coordinator = add_user(db, "coordinator@example.org", "coordinator", organisations[0])
    made, learners = [], []
    for number, members in enumerate(cohorts):
        organisation = organisations[number % 2]
        cohort = create_cohort(db, COMMAND_LINE, name=f"C{number}", organisation_id=organisation)
        made.append((cohort.id, organisation))
        for index, plan in enumerate(members):
            learners.append((enrolled_learner(db, f"l{number}-{index}@example.org", cohort), plan))
    for week in (0, 1):
        clock.advance(days=7 * week + 1)
        for learner, plan in learners:
            if plan["week"] != week:
                continue
            if plan["pre"]:
                take(db, learner, PRE, {"pre-a": True})
            if plan["post"]:
                take(db, learner, POST, {"post-a": True, "post-b": True})
            if plan["final"] is not None:
                take(db, learner, FINAL, RIGHT_ANSWERS if plan["final"] else {})
            if plan["survey"]:
                take(db, learner, SURVEY, {"useful": 4, "comments": "Useful"})
            if plan["case"] is not None:
                take(db, learner, CASE, {"case-girl": CASE_PATHS[plan["case"]]})
            if plan["follow"] is not None:
                issue_certificate(db, learner, [])
                for check in plan["follow"]:
                    take(db, learner, check, {f"{check.id}-a": True, f"{check.id}-b": plan["pre"]})
    return db, coordinator, made


def _counts(db: Database, coordinator, filters: ReportFilters) -> tuple[Counter, Counter]:
    """Every count the coordinator sees for `filters`, and among them the sizes of the groups
    the figures describe (a blanked figure counts as 0: nothing is shown)."""
    counts, groups = Counter(), Counter()
    figures = dashboard(db, coordinator, filters, COURSE)
    if not figures.headline.suppressed:
        groups["enrolled"] = figures.headline.enrolled
        counts["active"] = figures.headline.active
        counts["completed"] = figures.headline.completed
        for stage, learners in zip(
            figures.funnel["stage"], figures.funnel["learners"], strict=True
        ):
            counts["funnel", stage] = learners
    for row in figures.pass_rates[~figures.pass_rates["suppressed"]].itertuples():
        groups["takers", row.organisation_id] = row.learners
        counts["passed", row.organisation_id] = row.passed
    for row in figures.scores[~figures.scores["suppressed"]].itertuples():
        counts["score", round(float(row.score), 6)] = row.learners
        groups["takers", row.quiz_id] += row.learners
    for row in figures.weekly[~figures.weekly["suppressed"]].itertuples():
        groups["active in week", row.week] = row.learners
        counts["attempts in week", row.week] = row.attempts
    gains = knowledge_gain_by(db, coordinator, filters, COURSE, "organisation")
    for row in gains[~gains["suppressed"]].itertuples():
        groups["pairs", row.group] = row.n_pairs
    items = item_statistics(db, coordinator, filters, FINAL, mastery_by="cohort")
    if not items.suppressed:
        groups["item learners"] = items.learners
        counts["item attempts"] = items.analysis.test["n_attempts"]
        mastery = items.mastery[~items.mastery["suppressed"]].drop_duplicates("group")
        for row in mastery.itertuples():
            groups["mastery", row.group] = row.learners
    answers = answer_counts(db, coordinator, filters, FINAL.id)
    if not answers.suppressed:
        groups["answering learners"] = answers.learners
        for row in answers.counts.itertuples():
            counts["answer", row.question_id, str(row.answer)] = row.count
    paths = case_paths(db, coordinator, filters, CASE)
    if not paths.suppressed:
        groups["case learners"] = paths.learners
        analysis = paths.cases["case-girl"]
        for row in analysis.endings.itertuples():
            counts["ending", row.ending] = row.count
        for row in analysis.choices.itertuples():
            counts["choice", row.choice] = row.count
    survey = survey_results(db, coordinator, filters, SURVEY)
    if not survey.suppressed:
        groups["respondents"] = survey.respondents
        counts["comments"] = len(survey.comments)
        for row in survey.likert.itertuples():
            counts["likert", row.question_id, row.answer] = row.count
    follow = impact(db, coordinator, filters, IMPACT, "organisation")
    overall = follow.curve[(follow.curve["group"] == "all") & ~follow.curve["suppressed"]]
    for row in overall.itertuples():
        groups["curve", row.subset, row.point] = row.n
    if not follow.forgetting.empty:
        groups["forgetting"] = int(follow.forgetting["n"].iloc[0])
    if not follow.behaviour_suppressed:
        for row in follow.behaviour.itertuples():
            counts["behaviour", row.question_id, row.option] = row.count
    for row in follow.responses.itertuples():
        groups["due", row.quiz_id] = row.due
        counts["took", row.quiz_id] = row.took
    counts.update(groups)
    return +counts, +groups


def _visible(n: int) -> bool:
    return n == 0 or n >= MIN_GROUP_SIZE


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cohorts=COHORTS)
def test_no_two_choices_of_cohorts_differ_by_fewer_than_five_learners(templates, cohorts):
    template, _ = templates["sqlite", "empty"]
    with tempfile.TemporaryDirectory() as folder:
        db, coordinator, made = _build(Path(folder), template, cohorts)
        try:
            ids = [cohort_id for cohort_id, _ in made]
            choices = {
                frozenset(chosen): ReportFilters(cohort_ids=tuple(chosen))
                for size in range(1, len(ids) + 1)
                for chosen in combinations(ids, size)
            }
            seen = {chosen: _counts(db, coordinator, f) for chosen, f in choices.items()}
            # Choosing nothing, or one organisation, is the same as choosing its cohorts.
            for organisation in {o for _, o in made}:
                mine = frozenset(c for c, o in made if o == organisation)
                by_organisation = ReportFilters(organisation_ids=(organisation,))
                assert _counts(db, coordinator, by_organisation) == seen[mine]
            assert _counts(db, coordinator, ReportFilters()) == seen[frozenset(ids)]

            alone = {cohort_id: seen[frozenset([cohort_id])] for cohort_id in ids}
            for cohort_id, (_, groups) in alone.items():
                # 2. On its own, a cohort shows no group of 1 to 4 learners.
                assert all(map(_visible, groups.values())), (cohort_id, groups)
                # Its whole enrolment: a small cohort is left out, a large one shown.
                enrolled = len(cohorts[ids.index(cohort_id)])
                assert groups["enrolled"] == (enrolled if enrolled >= MIN_GROUP_SIZE else 0)
            for chosen, (counts, _) in seen.items():
                # 1. Every count is the sum of the chosen cohorts' own.
                summed = sum((alone[c][0] for c in chosen), Counter())
                assert counts == summed, sorted(chosen)
            for (small, (_, small_groups)), (large, (_, large_groups)) in combinations(
                seen.items(), 2
            ):
                if not (small < large or large < small):
                    continue
                # 3. Nested choices: every group differs by nothing or by 5 or more.
                for key in set(small_groups) | set(large_groups):
                    difference = abs(large_groups[key] - small_groups[key])
                    assert _visible(difference), (key, sorted(small), sorted(large))
        finally:
            db.dispose()


@pytest.mark.parametrize(
    "narrowed",
    [
        ReportFilters(language="sr"),
        ReportFilters(language="en"),
        ReportFilters(end=date(2030, 1, 1)),
        ReportFilters(start=date(2000, 1, 1)),
    ],
    ids=["serbian", "english", "until", "from"],
)
def test_a_coordinator_cannot_narrow_a_cohort_by_language_or_period(db, narrowed):
    """Six learners of one cohort: five Serbian speakers who pass, one English speaker who
    fails. All languages minus Serbian was this one learner's result (1 taker, 0 passed); a
    period ending before one learner's attempt singles it out the same way."""
    organisation = create_organisation(db, COMMAND_LINE, "Atina")
    coordinator = add_user(db, "coordinator@example.org", "coordinator", organisation)
    admin = add_user(db, "admin@example.org", "admin", organisation)
    cohort = create_cohort(db, COMMAND_LINE, name="C", organisation_id=organisation)
    for number in range(6):
        account = create_account(
            db,
            COMMAND_LINE,
            email=f"l{number}@example.org",
            display_name=f"L{number}",
            role="learner",
            organisation_id=organisation,
            password=PASSWORD,
            language="en" if number == 5 else "sr",
        )
        learner = actor_of(db, account.user_id)
        join_cohort(db, learner, cohort.invite_code)
        take(db, learner, FINAL, RIGHT_ANSWERS if number < 5 else {})
    whole = dashboard(db, coordinator, ReportFilters(), COURSE).pass_rates
    assert whole[["learners", "passed"]].values.tolist() == [[6, 5]]
    reports = [
        lambda who: dashboard(db, who, narrowed, COURSE),
        lambda who: knowledge_gain_by(db, who, narrowed, COURSE, "organisation"),
        lambda who: item_statistics(db, who, narrowed, FINAL, mastery_by="cohort"),
        lambda who: answer_counts(db, who, narrowed, FINAL.id),
        lambda who: case_paths(db, who, narrowed, CASE),
        lambda who: survey_results(db, who, narrowed, SURVEY),
    ]
    for report in reports:
        with pytest.raises(PermissionDenied, match="whole cohorts"):
            report(coordinator)
        report(admin)  # who sees every learner anyway may narrow
