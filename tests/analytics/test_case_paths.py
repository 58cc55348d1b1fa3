"""Path analysis and decision tags on small cases, every figure worked out by hand."""

from __future__ import annotations

import pytest

from courseware.analytics.case_paths import analyse_paths, case_tags, decision_tags
from courseware.content.quiz import load_quiz
from tests.quiz_files import BRANCHING, quiz_yaml

# Two steps: the first recommends `listen` (tagged), where `rush` carries a tag of its
# own; the second recommends nothing. Endings: full, half and no credit, tagged.
TAGGED = """\
- id: case-tags
  type: branching
  points: 2
  prompt: {en: P, sr: P}
  start: one
  steps:
    - id: one
      text: {en: First, sr: Prvi}
      choices:
        - {id: listen, text: {en: Listen, sr: Slušajte}, next: two, recommended: true, tags: [contact-trauma-informed]}
        - {id: rush, text: {en: Rush, sr: Žurite}, next: bad, tags: [referral-police]}
    - id: two
      text: {en: Second, sr: Drugi}
      choices:
        - {id: either-a, text: {en: A, sr: A}, next: good, tags: [referral-cptv]}
        - {id: either-b, text: {en: B, sr: B}, next: half}
    - {id: good, text: {en: Good, sr: Dobro}, credit: 1, tags: [referral-social-work]}
    - {id: half, text: {en: Half, sr: Pola}, credit: 0.5, tags: [referral-social-work]}
    - {id: bad, text: {en: Bad, sr: Loše}, credit: 0}
"""


def case(questions: str, question_id: str):
    return load_quiz(quiz_yaml(questions).encode(), "sample.yaml").value.leaf(question_id)


@pytest.fixture
def girl():
    return case(BRANCHING, "case-girl")


def test_the_step_where_most_leave_the_path_wins_ties_go_to_the_earlier_step(girl):
    # Two leave at the first step, two at the second: the first step, met sooner, wins;
    # of the two who left there, each took the only other choice.
    analysis = analyse_paths(
        girl,
        [
            (["call-police", "go-on"], 2),
            (["ask-alone", "let-go"], 2),
            (["ask-alone", "call-centre", "involve-guardian"], 4),
        ],
    )
    failure = analysis.failure
    assert (failure.step, failure.choice, failure.count, failure.reached) == (
        "meet",
        "call-police",
        2,
        8,
    )
    # At the second step the share would have been 2 of the 6 who reached it on course.
    assert analysis.full_credit == 0.5


def test_a_learner_who_has_left_the_path_is_not_counted_again_further_on(girl):
    # Once off the recommended path (call-police), the continuation `go-on` is no second
    # departure: only the first step counts, and the flow still shows where they went.
    analysis = analyse_paths(girl, [(["call-police", "go-on"], 5), (["ask-alone"], 1)])
    assert (analysis.failure.step, analysis.failure.left, analysis.failure.reached) == (
        "meet",
        5,
        6,
    )
    assert analysis.links["count"].tolist() == [1, 5, 5]


def test_no_failure_when_everyone_stays_on_the_recommended_path(girl):
    analysis = analyse_paths(girl, [(["ask-alone", "call-centre", "involve-guardian"], 3)])
    assert analysis.failure is None
    assert analysis.endings.set_index("ending")["count"].to_dict() == {
        "referred": 3,
        "partial": 0,
        "lost": 0,
    }


def test_a_path_that_does_not_fit_the_case_is_left_out(girl):
    # An answer saved against an earlier version of the case cannot be placed on its graph.
    analysis = analyse_paths(girl, [(["no-such-choice"], 4), (["ask-alone", "let-go"], 1)])
    assert analysis.answers == 1
    assert analysis.endings.set_index("ending").loc["lost", "share"] == 1


def test_no_answers_give_empty_tables_and_no_failure(girl):
    analysis = analyse_paths(girl, [])
    assert (analysis.answers, analysis.failure, analysis.full_credit) == (0, None, 0.0)
    assert analysis.choices.empty and analysis.links.empty


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # The recommended choice taken: its tags shown; a step that recommends nothing
        # counts the tags of the choice taken as shown; the ending gives its credit.
        (
            ["listen", "either-a"],
            {
                "contact-trauma-informed": (1.0, 1),
                "referral-cptv": (1.0, 1),
                "referral-social-work": (1.0, 1),
            },
        ),
        (
            ["listen", "either-b"],
            {"contact-trauma-informed": (1.0, 1), "referral-social-work": (0.5, 1)},
        ),
        # Another choice: the recommended choice's tags missed, and the tags of the choice
        # taken too; an ending without tags adds nothing.
        (["rush"], {"contact-trauma-informed": (0.0, 1), "referral-police": (0.0, 1)}),
        # Not finished: the decisions count, there is no ending.
        (["listen"], {"contact-trauma-informed": (1.0, 1)}),
        (["nonsense"], {}),
    ],
)
def test_decision_tags(path, expected):
    assert decision_tags(case(TAGGED, "case-tags"), path) == expected


def test_case_tags_are_those_of_choices_and_endings():
    assert case_tags(case(TAGGED, "case-tags")) == {
        "contact-trauma-informed",
        "referral-police",
        "referral-cptv",
        "referral-social-work",
    }
