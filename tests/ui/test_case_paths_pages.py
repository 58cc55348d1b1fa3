"""The path analysis on the trainer's quiz report and the coordinator's dashboard (AppTest,
real database): the small test course's final holds the branching case; eight learners of
cohort A walk it along known paths, three of cohort B (too few for a coordinator)."""

from __future__ import annotations

import json

import pytest

from courseware.content.catalog import load_catalog
from courseware.ui import resources
from courseware.ui.views.coordinator import FILTERS, ITEMS
from tests.quiz_files import with_branching_case
from tests.report_data import more_learners, take
from tests.store.test_case_paths_report import CASE, COHORT_A, COHORT_B
from tests.ui.conftest import unfold

FAILS = (
    "Judgement fails most at step “A girl of 16 sits alone at the bus station.”: 38% of those who reached it on the recommended "
    "path (8) chose “Call the police at once” instead of “Talk to her alone and calmly”."
)
HEADING = "Decision paths in the branching cases"


@pytest.fixture
def walked(app_db, course_dir, monkeypatch):
    """The app serves the test course; both cohorts have walked the case in its final."""
    catalog = load_catalog(with_branching_case(course_dir))
    monkeypatch.setattr(resources, "catalog", lambda: catalog)
    db, cast = app_db
    final = catalog.quizzes["basics-final"]
    cohort_a = [cast.learner_a, cast.other_learner_a, *more_learners(db, cast.cohort_a, 6, "a")]
    cohort_b = [cast.learner_b, *more_learners(db, cast.cohort_b, 2, "b")]
    for learners, paths in ((cohort_a, COHORT_A), (cohort_b, COHORT_B)):
        for learner, path in zip(learners, paths, strict=True):
            take(db, learner, final, {CASE: path, "q1": True})
    return db, cast


def chart_titles(at):
    return [
        json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")
    ]


def sankey(at):
    return next(
        json.loads(chart.proto.spec)["data"][0]
        for chart in at.get("plotly_chart")
        if json.loads(chart.proto.spec)["data"][0]["type"] == "sankey"
    )


def test_the_trainer_reads_where_judgement_fails_in_her_cohort(open_app, walked):
    at = open_app("trainer.a@example.org", "quiz-report")
    quiz = next(s for s in at.selectbox if s.label == "Quiz")
    at = quiz.set_value("basics-final").run()
    assert not at.exception
    assert HEADING in [s.value for s in at.subheader]
    assert [w.value for w in at.warning if w.value.startswith("Judgement")] == [FAILS]
    captions = [c.value for c in at.caption]
    assert "8 answers to this case." in captions
    assert (
        "25% of the answers reached an ending with full credit; the most common ending was "
        "“She is safe but does not trust anyone.” (50%)." in captions
    )
    # The Sankey, with its text alternative: the sentence above and the table of its flows.
    assert any(title.startswith("Where the answers went") for title in chart_titles(at))
    assert sorted(sankey(at)["link"]["value"]) == [1, 1, 2, 3, 3, 3, 5]
    tables = [frame.value for frame in at.dataframe]
    flows = next(t for t in tables if "From step" in t.columns)
    assert flows["Answers"].sum() == 18  # choices made: 5 + 3 + 3 + 1 + 2 + 1 + 3
    endings = next(t for t in tables if "Ending" in t.columns)
    assert endings.set_index("Ending")["Answers"].to_dict() == {
        "She is referred and safe.": 2,
        "She is safe but does not trust anyone.": 4,
        "She leaves with the men.": 1,
        "Not finished": 1,
    }
    choices = next(t for t in tables if "Step" in t.columns)
    at_meet = choices[choices["Step"] == "A girl of 16 sits alone at the bus station."].set_index(
        "Choice"
    )
    assert at_meet["Share (%)"].to_dict() == {
        "Talk to her alone and calmly": 62.5,
        "Call the police at once": 37.5,
    }
    assert at_meet["Recommended"].to_dict()["Talk to her alone and calmly"] == "✓"


def test_the_coordinator_sees_the_paths_without_the_small_cohort(open_app, walked):
    # The paths are in the item section, folded until unfolded.
    at = open_app("coordinator@example.org")
    assert HEADING not in [s.value for s in at.subheader]
    at = unfold(at, ITEMS[1])
    quiz = next(s for s in at.selectbox if s.label == "Quiz")
    at = quiz.set_value("basics-final").run()
    assert not at.exception
    assert HEADING in [s.value for s in at.subheader]
    captions = [c.value for c in at.caption]
    # Cohort B's three learners are in no figure: cohort A's eight answers alone.
    assert "8 answers to this case." in captions
    assert "1 small group left out (fewer than 5 learners)." in captions
    assert FAILS in [w.value for w in at.warning]

    cohorts = next(m for m in unfold(at, FILTERS).multiselect if m.label == "Cohorts")
    at = cohorts.set_value([walked[1].cohort_b.id]).run()
    assert not at.exception
    assert not any(title.startswith("Where the answers went") for title in chart_titles(at))
    assert "Not shown: the group has fewer than 5 learners." in [i.value for i in at.info]


def in_language(at, choice, quiz_label):
    """The page in another language and script, the final chosen again (the quiz chooser
    is a new widget under a label in the new language)."""
    at = next(r for r in at.radio if r.label == "Language / Jezik").set_value(choice).run()
    return next(s for s in at.selectbox if s.label == quiz_label).set_value("basics-final").run()


def test_the_analysis_speaks_serbian_in_both_scripts(open_app, walked):
    at = in_language(open_app("trainer.a@example.org", "quiz-report"), ("sr", "latin"), "Test")
    assert not at.exception
    assert (
        "Procena najčešće zakazuje na koraku „Devojka od 16 godina sedi sama na stanici.”: 38% onih koji su do njega stigli "
        "preporučenim putem (8) izabralo je „Odmah pozovite policiju” umesto „Razgovarajte sa "
        "njom nasamo i mirno”." in [w.value for w in at.warning]
    )
    at = in_language(at, ("sr", "cyrillic"), "Тест")
    assert not at.exception
    [fails] = [w.value for w in at.warning if w.value.startswith("Процена")]
    assert (
        "„Одмах позовите полицију”" in fails
        and "„Девојка од 16 година седи сама на станици.”" in fails
    )
