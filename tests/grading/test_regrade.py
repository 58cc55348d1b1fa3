"""Grading saved answers against a corrected version of the quiz (pure: no database)."""

from fractions import Fraction

from courseware.content.quiz import Quiz, load_quiz
from courseware.grading import as_taken, changed_questions, score_saved_answers
from tests.quiz_files import quiz_yaml

ORIGINAL = """\
- id: consent
  type: true_false
  prompt: P
  answer: true
- id: article
  type: single_choice
  prompt: P
  options:
    - {id: art-388, text: "388", correct: true}
    - {id: art-350, text: "350"}
- id: case
  type: scenario
  prompt: P
  case: C
  questions:
    - {id: case-a, type: true_false, prompt: P, answer: true}
- id: days
  type: numeric
  prompt: P
  answer: 30
"""


def quiz(questions: str, pass_mark: str = "0.5") -> Quiz:
    header = f"id: sample\nmodule: m\nkind: final\ntitle: T\npass_mark: {pass_mark}\n"
    return load_quiz(quiz_yaml(questions, header).encode(), "sample.yaml").value


ALL = ["consent", "article", "case", "days"]


def test_a_corrected_key_changes_the_points_and_the_result():
    old = quiz(ORIGINAL)
    new = quiz(ORIGINAL.replace("answer: true", "answer: false"))
    answers = {"consent": True, "article": "art-388", "case-a": True, "days": 30}
    assert score_saved_answers(old, answers, ALL).result.points == 4
    again = score_saved_answers(new, answers, ALL)
    # Both true/false keys flipped: two points lost, still a pass at 50%.
    assert (again.result.points, again.result.max_points, again.result.passed) == (2, 4, True)
    assert again.unfit == ()


def test_a_removed_question_leaves_points_and_maximum_and_a_vanished_option_scores_zero():
    new = quiz(
        """\
- id: article
  type: single_choice
  prompt: P
  options:
    - {id: art-388-1, text: "388", correct: true}
    - {id: art-350, text: "350"}
- {id: days, type: numeric, prompt: P, answer: 30}
"""
    )
    answers = {"consent": True, "article": "art-388", "days": 30}
    again = score_saved_answers(new, answers, ALL)
    assert again.result.question_points == {"article": 0, "days": 1}
    assert (again.result.points, again.result.max_points) == (1, 2)
    assert again.unfit == ("article",)


def test_only_the_questions_the_attempt_showed_count():
    old = quiz(ORIGINAL)
    new = quiz(
        ORIGINAL.replace(
            "    - {id: case-a, type: true_false, prompt: P, answer: true}\n",
            "    - {id: case-a, type: true_false, prompt: P, answer: true}\n"
            "    - {id: case-b, type: true_false, prompt: P, answer: true}\n",
        )
        + "- {id: extra, type: true_false, prompt: P, answer: true}\n"
    )
    graded = as_taken(old, new, ALL)
    assert graded is not new
    assert [leaf.id for leaf in graded.leaves()] == [
        "consent",
        "article",
        "case-a",
        "days",
        "extra",
    ]
    result = score_saved_answers(graded, {"consent": True}, ALL).result
    # The added question (top level) and sub-question (in a case seen) are not in the maximum.
    assert (result.points, result.max_points) == (1, 4)
    # Nothing left out: the new version itself, so attempts share it.
    assert as_taken(old, quiz(ORIGINAL), ALL) is not None
    unchanged = quiz(ORIGINAL.replace("answer: 30", "answer: 31"))
    assert as_taken(old, unchanged, ALL) is unchanged


def test_nothing_in_common_leaves_nothing_to_grade():
    old = quiz(ORIGINAL)
    new = quiz("- {id: other, type: true_false, prompt: P, answer: true}\n")
    assert as_taken(old, new, ALL) is None


def test_the_changes_between_two_versions_are_listed_by_question():
    old = quiz(ORIGINAL)
    new = quiz(
        ORIGINAL.replace("case: C", "case: C2")
        .replace("answer: 30", "answer: 31")
        .replace("- id: consent\n  type: true_false\n  prompt: P\n  answer: true\n", "")
        + "- {id: extra, type: true_false, prompt: P, answer: true}\n"
    )
    assert changed_questions(old, new) == {
        "case": "changed",
        "consent": "removed",
        "days": "changed",
        "extra": "added",
    }
    assert changed_questions(old, quiz(ORIGINAL)) == {}


def test_the_pass_mark_of_the_new_version_decides():
    answers = {"consent": True, "article": "art-350", "case-a": False, "days": 30}
    assert score_saved_answers(quiz(ORIGINAL), answers, ALL).result.passed is True
    strict = score_saved_answers(quiz(ORIGINAL, "0.75"), answers, ALL).result
    assert (strict.points, strict.passed) == (Fraction(2), False)
