"""The branching question type: each rule of its graph on its line, answers that are paths or
not, scoring and the random-guess share on small graphs computed by hand."""

from fractions import Fraction

import pytest

from courseware.content.questions import AnswerError
from courseware.content.questions.branching import MAX_PATH_STEPS
from courseware.content.quiz import Quiz
from tests.content.test_quiz_format import assert_error, errors, load
from tests.quiz_files import BRANCHING, quiz_yaml

# Line 6 is the question; line 11 the first step. The line of each row is in its comment.
CASE = """\
- id: case
  type: branching
  prompt: P
  start: a
  steps:
    - id: a
      text: A
      choices:
        - {id: a1, text: X, next: b, recommended: true}
        - {id: a2, text: Y, next: end-0}
    - id: b
      text: B
      choices:
        - {id: b1, text: X, next: end-1, recommended: true}
        - {id: b2, text: Y, next: end-0}
    - {id: end-1, text: Good, credit: 1}
    - {id: end-0, text: Bad, credit: 0}
"""
# Lines: start 9, steps 10, a 11, a1 14, a2 15, b 16, b's choices 18, b1 19, b2 20,
# end-1 21, end-0 22.


def case(*replacements: tuple[str, str]) -> str:
    text = CASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return quiz_yaml(text)


def branching(text: str):
    return load(text).value.questions[0]


def test_the_case_used_below_is_valid():
    question = branching(case())
    assert question.recommended_path() == ["a1", "b1"]


def test_an_unknown_next_is_an_error_on_its_line():
    assert_error(case(("next: end-1,", "next: nowhere,")), 19, "next 'nowhere' is not a step")


def test_an_unknown_start_is_an_error_on_its_line():
    assert_error(case(("start: a", "start: x")), 9, "start 'x' is not a step")


def test_a_duplicate_step_id_is_an_error_on_its_line():
    text = case(("{id: end-0, text: Bad", "{id: end-1, text: Bad"))
    assert_error(text, 22, "duplicate step id 'end-1'")


def test_a_duplicate_choice_id_is_an_error_even_at_another_step():
    assert_error(
        case(("{id: b2,", "{id: a2,")), 20, "duplicate choice id 'a2' (also a choice of step 'a'"
    )


def test_a_step_that_cannot_be_reached_from_the_start_is_an_error_on_its_line():
    text = case(("next: b, recommended", "next: end-1, recommended"))
    assert_error(text, 16, "step 'b' cannot be reached from the start 'a'")


def test_a_cycle_is_named_step_by_step_on_the_choice_that_closes_it():
    text = case(("{id: b2, text: Y, next: end-0}", "{id: b2, text: Y, next: a}"))
    assert_error(text, 20, "cycle: a → b → a")


def test_a_step_from_which_no_ending_can_be_reached_is_an_error_on_its_line():
    text = case(
        ("next: end-1,", "next: b,"),
        ("{id: b2, text: Y, next: end-0}", "{id: b2, text: Y, next: b}"),
    )
    found = errors(text)
    assert (
        16,
        "questions[0] (case).steps[1] (b).id: no ending can be reached from step 'b'",
    ) in found
    # b leads only to itself: a cycle of one step, told on its first choice.
    assert_error(text, 19, "cycle: b → b")
    assert_error(text, 21, "step 'end-1' cannot be reached")


def test_a_case_without_an_ending_of_full_credit_is_an_error_on_its_steps():
    assert_error(case(("credit: 1}", "credit: 0.5}")), 10, "no ending gives full credit")


def test_a_step_with_one_choice_must_be_marked_as_a_continuation():
    text = case(("        - {id: b2, text: Y, next: end-0}\n", ""))
    assert_error(text, 18, "step 'b' has one choice: mark it as a plain continuation")
    marked = case(
        ("        - {id: b2, text: Y, next: end-0}\n", ""),
        ("      text: B\n", "      text: B\n      continue: true\n"),
    )
    assert branching(marked).steps[1].continue_ is True


@pytest.mark.parametrize(
    ("replacements", "line", "words"),
    [
        # continue: true on a step with two choices (line 18 once inserted after b's text)
        (
            (("      text: B\n", "      text: B\n      continue: true\n"),),
            18,
            "a continuation has exactly one choice",
        ),
        (
            (("text: Good, credit: 1}", "text: Good, credit: 1.5}"),),
            21,
            "must be a number from 0 to 1",
        ),
        (
            (("text: Good, credit: 1}", "text: Good, credit: -0.1}"),),
            21,
            "must be a number from 0 to 1",
        ),
        (
            (("{id: end-0, text: Bad, credit: 0}", "{id: end-0, text: Bad}"),),
            22,
            "needs either choices or, for an ending, credit",
        ),
        (
            (("      text: B\n", "      text: B\n      credit: 1\n"),),
            18,
            "step 'b' has both choices and credit",
        ),
        (
            (("      text: B\n", "      text: B\n      explanation: E\n"),),
            18,
            "only an ending has explanation",
        ),
        (
            (
                (
                    "{id: b2, text: Y, next: end-0}",
                    "{id: b2, text: Y, next: end-0, recommended: true}",
                ),
            ),
            20,
            "more than one recommended choice",
        ),
        (
            (
                (
                    "{id: end-0, text: Bad, credit: 0}",
                    "{id: end-0, text: Bad, credit: 0, continue: true}",
                ),
            ),
            22,
            "an ending cannot be a continuation",
        ),
        (
            (("      text: B\n", "      text: B\n      continu: true\n"),),
            18,
            "unknown field 'continu' (did you mean 'continue'?)",
        ),
        (
            (
                (
                    "- {id: end-1, text: Good, credit: 1}\n    - {id: end-0, text: Bad, credit: 0}\n",
                    "",
                ),
            ),
            19,
            "next 'end-1' is not a step",
        ),
    ],
)
def test_each_rule_of_a_step_on_its_line(replacements, line, words):
    assert_error(case(*replacements), line, words)


def chain(steps: int) -> str:
    """A case whose longest path has `steps` steps: s0 → s1 → ... → the ending s{steps-1}."""
    rows = [
        f"    - {{id: s{n}, text: T, choices: [{{id: c{n}, text: X, next: s{n + 1}}},"
        f" {{id: d{n}, text: Y, next: out}}]}}"
        for n in range(steps - 1)
    ]
    rows.append(f"    - {{id: s{steps - 1}, text: T, credit: 1}}")
    rows.append("    - {id: out, text: T, credit: 0}")
    return quiz_yaml(
        "- id: long\n  type: branching\n  prompt: P\n  start: s0\n  steps:\n" + "\n".join(rows)
    )


def test_a_path_of_more_than_thirty_steps_is_an_error_on_the_step_beyond():
    assert MAX_PATH_STEPS == 30
    assert branching(chain(30)).correct_answer() == [f"c{n}" for n in range(29)]
    # The 31st step of the path (s30) is on line 11 + 30.
    assert_error(chain(31), 41, "a path from the start has 31 steps (s0 → … → s30); at most 30")


# Answers --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def girl():
    return branching(quiz_yaml(BRANCHING))


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (["ask-alone", "call-centre", "involve-guardian"], 4),  # recommended: credit 1 of 4 points
        (["ask-alone", "call-centre", "decide-alone"], 1),  # credit 1/4
        (["call-police", "go-on"], 1),  # credit 1/4
        (["ask-alone", "let-go"], 0),  # credit 0
        (["ask-alone", "call-centre"], 0),  # not finished
        ([], 0),  # not started
        (None, 0),  # not answered
    ],
)
def test_a_path_scores_points_times_the_credit_of_its_ending(girl, answer, points):
    assert girl.score(girl.check_answer(answer)) == points


def test_a_path_that_stops_before_an_ending_is_not_finished(girl):
    assert girl.ending(["ask-alone"]) is None
    assert girl.ending(["call-police", "go-on"]).id == "partial"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("call-centre", "expected the list of choice ids in the order chosen, from step 'meet'"),
        ({"meet": "ask-alone"}, "expected the list of choice ids"),
        (
            ["call-centre"],
            "choice 'call-centre' does not belong to step 'meet' (its choices: ask-alone, call-police)",
        ),
        (["ask-alone", "go-on"], "choice 'go-on' does not belong to step 'safety'"),
        (["ask-alone", "nothing"], "choice 'nothing' does not belong to step 'safety'"),
        (
            ["call-police", "go-on", "let-go"],
            "the path ends at step 'partial': no choice can follow it",
        ),
        (["ask-alone", ["call-centre"]], "expected choice ids"),
        ([True], "expected choice ids"),
    ],
)
def test_an_answer_that_is_not_a_path_names_the_step(girl, answer, message):
    with pytest.raises(AnswerError) as caught:
        girl.check_answer(answer)
    assert message in str(caught.value)


def test_the_random_guess_share_is_the_expected_credit_of_equally_likely_choices(girl):
    # centre: (1 + 1/4) / 2 = 5/8; safety: (5/8 + 0) / 2 = 5/16; police-first (one choice): 1/4;
    # meet: (5/16 + 1/4) / 2 = 9/32.
    assert girl.random_guess() == Fraction(9, 32)
    assert girl.correct_answer() == ["ask-alone", "call-centre", "involve-guardian"]


def test_the_random_guess_share_of_a_graph_whose_paths_meet_again():
    # a → b or c; b → d or 0; c → d or 1; d → 1 or 1/2.
    # d = 3/4, b = 3/8, c = 7/8, a = (3/8 + 7/8) / 2 = 5/8.
    text = quiz_yaml(
        """\
- id: diamond
  type: branching
  prompt: P
  start: a
  steps:
    - {id: a, text: T, choices: [{id: ab, text: X, next: b}, {id: ac, text: Y, next: c}]}
    - {id: b, text: T, choices: [{id: bd, text: X, next: d}, {id: b0, text: Y, next: zero}]}
    - {id: c, text: T, choices: [{id: cd, text: X, next: d}, {id: c1, text: Y, next: full}]}
    - {id: d, text: T, choices: [{id: d1, text: X, next: full}, {id: dh, text: Y, next: half}]}
    - {id: full, text: T, credit: 1}
    - {id: half, text: T, credit: 0.5}
    - {id: zero, text: T, credit: 0}
"""
    )
    question = branching(text)
    assert question.random_guess() == Fraction(5, 8)
    # Nothing recommended: the correct answer is a shortest path to full credit.
    assert question.recommended_path() == []
    assert question.correct_answer() == ["ac", "c1"]


def test_the_random_guess_share_with_three_choices():
    # a: 1, b, 0 with b: 1 or 1/2 (3/4): (1 + 3/4 + 0) / 3 = 7/12.
    text = quiz_yaml(
        """\
- id: three
  type: branching
  prompt: P
  start: a
  steps:
    - {id: a, text: T, choices: [{id: a1, text: X, next: full}, {id: ab, text: Y, next: b}, {id: a0, text: Z, next: zero}]}
    - {id: b, text: T, choices: [{id: b1, text: X, next: full}, {id: bh, text: Y, next: half}]}
    - {id: full, text: T, credit: 1}
    - {id: half, text: T, credit: 0.5}
    - {id: zero, text: T, credit: 0}
"""
    )
    assert branching(text).random_guess() == Fraction(7, 12)


def test_the_plausible_wrong_answers_take_one_wrong_turn_from_the_best_path(girl):
    # The demo's learners give them; a turn with feedback is a misconception worth naming.
    assert girl.wrong_answers() == [
        (["call-police", "go-on"], True),
        (["ask-alone", "let-go"], False),
        (["ask-alone", "call-centre", "decide-alone"], True),
    ]
    for path, _ in girl.wrong_answers():
        assert girl.score(girl.check_answer(path)) < girl.max_points


def test_taking_choices_back_is_told_apart_from_going_on(girl):
    assert girl.taken_back(None, ["ask-alone"]) is None
    assert girl.taken_back(["ask-alone"], ["ask-alone", "let-go"]) is None
    assert girl.taken_back(["ask-alone"], ["ask-alone"]) is None
    assert girl.taken_back(["ask-alone", "let-go"], ["ask-alone"]) == 1
    assert girl.taken_back(["ask-alone", "let-go"], ["call-police"]) == 0
    assert girl.taken_back(["ask-alone"], None) == 0


def test_a_case_survives_its_snapshot_with_continue_written_as_in_files(girl):
    quiz = load(quiz_yaml(BRANCHING)).value
    snapshot = quiz.snapshot()
    assert snapshot["questions"][0]["steps"][3]["continue"] is True
    assert Quiz.from_snapshot(snapshot) == quiz


def test_the_example_in_the_format_guide_is_valid_and_scores_as_it_says():
    from pathlib import Path

    guide = (Path(__file__).parents[2] / "docs" / "question-types.md").read_text(encoding="utf-8")
    section = guide[guide.index("## `branching`") :]
    example = section[section.index("```yaml\n") + 8 : section.index("```\n", 10)]
    question = branching(quiz_yaml(example))
    assert question.random_guess() == Fraction(3, 8)
    for answer, points in (
        (["ask-alone", "call-centre"], 4),
        (["call-police", "go-on"], 1),
        (["ask-alone"], 0),
        ([], 0),
    ):
        assert question.score(question.check_answer(answer)) == points
    with pytest.raises(AnswerError, match="choice 'let-go' does not belong to step 'meet'"):
        question.check_answer(["let-go"])
