"""The coordinator's dashboard, as coordinators and admins see it (AppTest, real database)."""

import pytest

from courseware.ui.views.coordinator import FILTERS, FOLDS, GAIN
from tests.ui.conftest import go_to, unfold
from tests.ui.reporting import EVALUATION_COMMENT, fill_with_results

COORDINATOR = "coordinator@example.org"
# Seen first; below them the folded sections, each made only when unfolded.
FIRST_VIEW = ["At a glance"]
FOLDED = [
    "Completion by module",
    "Scores in the module finals",
    "Pass rates by organisation and module",
    "Knowledge gain from pre-test to post-test",
    "Activity week by week",
    "Question difficulty and discrimination",
    "Course evaluation",
]
NUMBERS = "The numbers behind this chart"


@pytest.fixture
def results(app_db):
    db, cast = app_db
    fill_with_results(db, cast)
    return db, cast


def chart_titles(at):
    import json

    return [
        json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")
    ]


def test_the_dashboard_shows_every_section_with_charts_and_their_numbers(open_app, results):
    at = open_app(COORDINATOR)
    assert not at.exception
    assert [s.value for s in at.subheader] == FIRST_VIEW
    labels = [e.label for e in at.expander]
    assert [label for label in labels if label in FOLDED] == FOLDED
    # Folded, a section is not made: no chart is drawn, no table made.
    assert not chart_titles(at) and NUMBERS not in labels
    assert not at.dataframe and not at.get("download_button")
    at = unfold(at, *FOLDS)
    assert not at.exception
    assert [s.value for s in at.subheader] == [*FIRST_VIEW, "Mastery by topic tag"]
    # Cohort B's single learner is left out of every figure: the page says so.
    assert {m.label: m.value for m in at.metric} == {
        "Enrolled": "5",
        "Active in the last 30 days": "5",
        "Completed every module": "0",
        "Finals passed, of finals submitted": "40%",
        "Stuck: no attempts left": "0",
    }
    # Each figure says whom it counts.
    helps = {m.label: m.proto.help for m in at.metric}
    assert "submitted at least once" in helps["Finals passed, of finals submitted"]
    assert "without passing" in helps["Stuck: no attempts left"]
    assert "1 small group left out (fewer than 5 learners)." in [c.value for c in at.caption]
    assert len(chart_titles(at)) == 8
    assert "Mean score before and after the course" in chart_titles(at)
    # Every chart has the table of its numbers, with downloads.
    assert [e.label for e in at.expander].count(NUMBERS) == 8
    assert len(at.dataframe) == 8
    assert len(at.get("download_button")) == 16
    # ...and a sentence before it that says what it shows (the funnel's, exactly).
    openings = (
        "learners at",
        "The largest group:",
        "Highest pass rate:",
        "mean score",
        "Largest rise:",
        "The busiest was",
        "questions are flagged",
        "Strongest:",
        "Rated highest:",
    )
    # (As the page writes them: Markdown that shows every character as it is.)
    shown = [m.value.replace("\\", "") for m in at.markdown]
    sentences = [text for text in shown if any(o in text for o in openings)]
    assert len(sentences) == 8, sentences
    assert "5 learners at “Enrolled”; 5 of them (100%) at “Course evaluation”." in sentences


def test_free_text_answers_are_shown_without_names(open_app, results):
    at = unfold(open_app(COORDINATOR), *FOLDS)
    comments = [text.value for text in at.text]
    assert comments == [EVALUATION_COMMENT] * 5
    page = " ".join(str(element.value) for element in [*at.markdown, *at.text, *at.caption])
    assert "learner.a@example.org" not in page and "Learner.A" not in page


def test_a_group_of_fewer_than_five_is_shown_as_such(open_app, results):
    cast = results[1]
    at = open_app(COORDINATOR)
    # The filters are folded, and made only when unfolded.
    assert not at.multiselect
    cohorts = next(m for m in unfold(at, FILTERS).multiselect if m.label == "Cohorts")
    at = unfold(cohorts.set_value([cast.cohort_b.id]).run(), *FOLDS)
    assert not at.exception
    notices = [info.value for info in at.info]
    assert "Not shown: the group has fewer than 5 learners." in notices
    assert not at.metric
    # Nothing about the one learner is drawn: every section says why instead.
    assert not at.get("plotly_chart")


def test_admins_see_the_dashboard_with_small_groups_too(open_app, results):
    cast = results[1]
    at = unfold(open_app("admin@example.org", "dashboard"), FILTERS)
    assert not at.exception
    cohorts = next(m for m in at.multiselect if m.label == "Cohorts")
    at = cohorts.set_value([cast.cohort_b.id]).run()
    assert {m.label: m.value for m in at.metric}["Enrolled"] == "1"


def test_a_chosen_filter_holds_when_the_filters_are_folded_again(open_app, results):
    cast = results[1]
    at = unfold(open_app("admin@example.org", "dashboard"), FILTERS)
    cohorts = next(m for m in at.multiselect if m.label == "Cohorts")
    at = cohorts.set_value([cast.cohort_b.id]).run()
    at.session_state[FILTERS] = False
    at = at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Enrolled"] == "1"
    assert next(m for m in at.multiselect if m.label == "Cohorts").value == [cast.cohort_b.id]


def test_the_dashboard_speaks_serbian(open_app, results):
    at = open_app(COORDINATOR)
    switch = next(r for r in at.radio if r.label == "Language / Jezik")
    at = unfold(switch.set_value(("sr", "latin")).run(), GAIN[1])
    assert not at.exception
    assert at.subheader[0].value == "Ukratko"
    assert "Prosečan rezultat pre i posle kursa" in chart_titles(at)


def test_learners_and_trainers_do_not_reach_the_dashboard(open_app, results):
    for email in ("learner.a@example.org", "trainer.a@example.org"):
        with pytest.raises(ValueError):
            go_to(open_app(email), "dashboard")


def test_only_those_who_see_every_learner_may_choose_a_period_or_a_language(open_app, results):
    # A coordinator's figures cover whole cohorts (store/reports/scope.py); an admin's may
    # be narrowed.
    coordinator = unfold(open_app(COORDINATOR), FILTERS)
    assert not coordinator.exception
    assert "Cohorts" in [field.label for field in coordinator.multiselect]
    assert coordinator.get("date_input") == []
    assert "Learners' language" not in [box.label for box in coordinator.selectbox]
    admin = unfold(open_app("admin@example.org", "dashboard"), FILTERS)
    assert [field.label for field in admin.get("date_input")] == ["Period"]
    assert "Learners' language" in [box.label for box in admin.selectbox]
