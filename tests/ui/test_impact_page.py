"""The Impact page, as coordinators and trainers see it (AppTest, real course and database):
cohort A has five certified learners who took every check, cohort B one."""

from __future__ import annotations

import json

import pytest

from courseware.ui import resources
from tests.impact_data import follow_up
from tests.report_data import more_learners

LEVELS = [
    "Retention: the checks after 30 and 90 days",
    "Behaviour: the survey on the learners' work",
    "Learning: from pre-test to post-test",
    "Reaction: the course evaluation",
]


@pytest.fixture
def followed(app_db):
    db, cast = app_db
    cohort_a = [cast.learner_a, cast.other_learner_a, *more_learners(db, cast.cohort_a, 3, "a")]
    quizzes = resources.catalog().quizzes
    for number, learner in enumerate(cohort_a):
        follow_up(db, learner, number, quizzes)
    follow_up(db, cast.learner_b, 0, quizzes)
    return db, cast


def chart_titles(at):
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def texts(at) -> str:
    return " ".join(t.value for t in at.text)


def test_a_coordinator_sees_the_levels_the_curve_and_the_downloads(open_app, followed):
    at = open_app("coordinator@example.org", "impact")
    assert not at.exception
    assert at.title[0].value == "Impact of the course"
    assert [h.value for h in at.header] == LEVELS
    assert chart_titles(at) == ["Mean score before, right after and after the course"]
    # Cohort B's one learner is left out of every figure: five took every check.
    assert "5 learners took every check" in texts(at)
    assert "5 learners answered the survey on their work" in texts(at)
    assert "1 small group left out (fewer than 5 learners)." in [c.value for c in at.caption]
    # The chart's sentence, before it.
    assert any("The 5 learners who took every check scored" in m.value for m in at.markdown), [
        m.value for m in at.markdown
    ]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the report (PDF)" in labels and "Download the report (Excel)" in labels


def test_a_trainer_sees_only_their_cohort_and_a_learner_no_page(open_app, followed):
    at = open_app("trainer.b@example.org", "impact")
    assert not at.exception
    # Trainers see their own learners anyway: no suppression, one learner.
    assert "1 learners took every check" in texts(at)
    with pytest.raises(ValueError, match="not registered"):
        open_app("learner.a@example.org", "impact")


def test_the_page_reads_in_serbian(open_app, followed):
    db, cast = followed
    from courseware.store.accounts import update_profile

    update_profile(db, cast.coordinator, language="sr", script="latin")
    at = open_app("coordinator@example.org", "impact")
    assert at.title[0].value == "Efekti kursa"
    assert "Sve provere rešilo je 5 polaznika" in texts(at)


def test_before_any_follow_up_the_page_says_there_is_nothing_yet(open_app, app_db):
    at = open_app("coordinator@example.org", "impact")
    assert not at.exception
    assert "No answers yet." in texts(at)
    assert [i.value for i in at.info] == ["No answers yet."]  # no chart to draw
    assert chart_titles(at) == []
