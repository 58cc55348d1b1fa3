import random
from collections import Counter
from dataclasses import replace
from fractions import Fraction
from statistics import mean

import pytest

from courseware.content.catalog import load_catalog
from courseware.content.quiz import load_quiz
from courseware.demo.responses import (
    COMMENTS,
    FORGETTING,
    LAYOUTS_PER_QUIZ,
    Ability,
    Item,
    cohort_effect,
    forms,
    mean_difficulty,
    organisation_effects,
    survey_answers,
)
from courseware.grading import build_layout, score_quiz
from courseware.settings import REPO_ROOT
from tests.quiz_files import BRANCHING, HEADER, quiz_yaml

QUESTIONS = """\
- id: single
  type: single_choice
  prompt: P
  options:
    - {id: a, text: A, correct: true}
    - {id: b, text: B, feedback: Tempting but wrong}
    - {id: c, text: C}
    - {id: d, text: D}
- {id: truth, type: true_false, prompt: P, answer: false, points: 2}
- {id: order, type: ordering, prompt: P, items: [{id: x, text: X}, {id: y, text: Y}]}
- {id: number, type: numeric, prompt: P, answer: 2.5, tolerance: 0.1}
- id: case
  type: scenario
  case: C
  prompt: P
  questions:
    - {id: case-a, type: true_false, prompt: P, answer: true, points: 0.5}
    - {id: case-b, type: true_false, prompt: P, answer: false, points: 0.5}
"""
SURVEY = """\
- {id: useful, type: likert, prompt: P}
- {id: clear, type: likert, prompt: P, scale: 7}
- {id: comment, type: text, prompt: P}
"""


def _quiz(questions, header=HEADER):
    return load_quiz(quiz_yaml(questions, header).encode(), "sample.yaml").value


POSTTEST_AND_RETENTION = ("course-posttest", "course-retention-30")
QUIZ = _quiz(QUESTIONS, HEADER + "draw: 4\nshuffle_questions: true\n")


def _item(**changes):
    fields = {
        "question_id": "q",
        "difficulty": 0.0,
        "discrimination": 1.5,
        "max_points": 1,
        "correct_answer": "right",
        "wrong_answers": (("wrong", 0),),
        "wrong_cumulative_weights": (1,),
    } | changes
    return Item(**fields)


def _items(quiz, seed=1):
    """The quiz's items by question id, from all its forms."""
    return {item.question_id: item for form in forms(quiz, seed) for item in form.items}


def _checked(answers):
    return {q: QUIZ.leaf(q).check_answer(answer) for q, answer in answers.items()}


def _share_right(item, ability, times=4000, seed=1):
    rng = random.Random(seed)
    return mean(item.respond(ability, rng)[0] == "right" for _ in range(times))


def test_better_learners_answer_right_more_often():
    item = _item()
    shares = [_share_right(item, ability) for ability in (-2, -1, 0, 1, 2)]
    assert shares == sorted(shares) and shares[-1] - shares[0] > 0.8
    # A learner as able as the question is difficult gets it right half the time.
    assert shares[2] == pytest.approx(0.5, abs=0.03)


def test_harder_questions_are_answered_right_less_often():
    shares = [_share_right(_item(difficulty=difficulty), 0.5) for difficulty in (-1, 0, 1, 2)]
    assert shares == sorted(shares, reverse=True) and shares[0] - shares[-1] > 0.5


def test_a_discriminating_question_separates_learners_more_sharply():
    def gap(discrimination):
        item = _item(discrimination=discrimination)
        return _share_right(item, 1) - _share_right(item, -1)

    assert gap(2.0) > gap(0.5) + 0.3


def test_wrong_answers_favour_the_tempting_option():
    item = _items(QUIZ)["single"]
    rng = random.Random(2)
    wrong = Counter(item.respond(-20, rng)[0] for _ in range(6000))

    assert set(wrong) == {"b", "c", "d"}  # always wrong so far below the question
    # The option with feedback is four times as likely as each other wrong option.
    assert wrong["b"] / wrong["c"] == pytest.approx(4, rel=0.2)
    assert wrong["c"] / wrong["d"] == pytest.approx(1, rel=0.2)


def test_every_wrong_answer_is_accepted_and_earns_less_than_the_right_one():
    catalog = load_catalog(REPO_ROOT)  # the real course: every graded question type
    types = set()
    for quiz in catalog.quizzes.values():
        for item in _items(quiz).values():
            leaf = quiz.leaf(item.question_id)
            types.add(leaf.type)
            assert leaf.score(leaf.check_answer(item.correct_answer)) == item.max_points
            assert item.wrong_answers, item.question_id
            for answer, points in item.wrong_answers:
                assert points == leaf.score(leaf.check_answer(answer)) < item.max_points
    graded = {
        "single_choice",
        "multiple_choice",
        "true_false",
        "matching",
        "ordering",
        "numeric",
        "branching",
    }
    assert types == graded


def test_a_question_without_a_wrong_answer_is_left_unanswered_by_who_does_not_know_it():
    item = _item(wrong_answers=(), wrong_cumulative_weights=())
    rng = random.Random(3)
    responses = [item.respond(0, rng) for _ in range(200)]
    assert None in responses and ("right", 1) in responses


def test_the_forms_are_the_apps_layouts_with_their_items_in_order():
    made = forms(QUIZ, 7)

    assert len(made) == LAYOUTS_PER_QUIZ
    assert len({tuple(form.layout["question_ids"]) for form in made}) > LAYOUTS_PER_QUIZ / 2
    for form in made:
        layout = build_layout(QUIZ, form.seed)
        assert form.layout == {
            "question_ids": layout.question_ids,
            "option_orders": layout.option_orders,
        }
        questions = {question.id: question for question in QUIZ.questions}
        leaves = [leaf.id for q in layout.question_ids for leaf in questions[q].leaves()]
        assert [item.question_id for item in form.items] == leaves
        everything_right = {item.question_id: item.correct_answer for item in form.items}
        best = score_quiz(QUIZ, _checked(everything_right), layout.question_ids)
        assert form.max_points == best.max_points
        assert form.pass_points == best.max_points * Fraction(QUIZ.pass_mark)


def test_the_same_seed_gives_the_same_forms_and_questions():
    assert forms(QUIZ, 7) == forms(QUIZ, 7)
    assert [form.seed for form in forms(QUIZ, 7)] != [form.seed for form in forms(QUIZ, 8)]
    assert _items(QUIZ, 7) == _items(QUIZ, 7)
    assert _items(QUIZ, 7)["single"].difficulty != _items(QUIZ, 8)["single"].difficulty


def test_ability_grows_through_the_course_and_with_each_retry():
    ability = Ability(start=-0.5, growth=1.2)
    finals = [ability.at_final(done, 6, retry=0) for done in range(1, 7)]

    assert finals == sorted(finals) and len(set(finals)) == 6
    assert ability.at_final(3, 6, retry=1) > ability.at_final(3, 6, retry=0)
    assert ability.at_final(3, 6, retry=2) > ability.at_final(3, 6, retry=1)
    assert ability.at_the_end() == pytest.approx(ability.start + ability.growth)
    assert ability.start < ability.at_the_end()


def test_after_the_course_learners_forget_fast_then_slower_and_never_below_their_start():
    ability = Ability(start=-0.5, growth=1.4)
    days = [0, 10, 30, 60, 90, 180, 720]
    levels = [ability.after_course(day) for day in days]

    assert levels[0] == ability.at_the_end()
    assert levels == sorted(levels, reverse=True) and len(set(levels)) == len(days)
    assert levels[1] - levels[2] > levels[3] - levels[4]  # the loss slows down
    assert ability.start < levels[-1]
    # The average learner has lost about a quarter of the gain at 30 days, half at 90.
    lost = [(ability.at_the_end() - ability.after_course(d)) / ability.growth for d in (30, 90)]
    assert lost == pytest.approx([0.25, 0.5], abs=0.03)
    # A topic that fades faster is forgotten more; all of a topic at most.
    assert ability.after_course(90, fading=1.3) < levels[4] < ability.after_course(90, 0.7)
    assert ability.after_course(10_000, fading=3) == pytest.approx(ability.start)


def test_a_learner_who_forgets_less_keeps_more_the_hook_for_spaced_practice():
    rng = random.Random(8)
    learners = [Ability.drawn(0, rng).forgetting_drawn(rng) for _ in range(2000)]
    shares = [learner.forgetting for learner in learners]

    assert all(0 <= share <= 1 for share in shares)
    assert mean(shares) == pytest.approx(FORGETTING, abs=0.02)
    assert len(set(shares)) > 1900
    for learner in learners[:50]:
        practised = replace(learner, forgetting=learner.forgetting / 2)
        assert practised.after_course(0) == learner.after_course(0)
        if learner.forgetting and learner.growth:
            assert practised.after_course(90) > learner.after_course(90)


def test_questions_fade_by_their_tags_the_same_for_every_quiz_of_a_seed():
    posttest, retention = (load_catalog(REPO_ROOT).quizzes[q] for q in POSTTEST_AND_RETENTION)
    post_items, retention_items = _items(posttest, 2), _items(retention, 2)
    fading = {item.fading for item in post_items.values()}

    assert len(fading) > 5 and all(0.3 < f < 3 for f in fading)
    # Questions with the same tags fade alike, in either quiz (parallel forms: item N has
    # the tags of post-test item N, and the first item is not a case with tags of its own).
    first_post, first_retention = posttest.leaves()[0], retention.leaves()[0]
    assert first_post.tags == first_retention.tags
    assert post_items[first_post.id].fading == retention_items[first_retention.id].fading
    assert _items(posttest, 3)[first_post.id].fading != post_items[first_post.id].fading


def test_a_parallel_form_is_as_hard_on_average_as_the_quiz_it_parallels():
    catalog = load_catalog(REPO_ROOT)
    posttest, retention = (catalog.quizzes[q] for q in POSTTEST_AND_RETENTION)
    for seed in range(1, 6):
        alone = mean(item.difficulty for item in _items(retention, seed).values())
        parallel = forms(retention, seed, parallel_to=posttest)
        made = mean(item.difficulty for item in parallel[0].items)
        assert made == pytest.approx(mean_difficulty(posttest, seed))
        assert alone == pytest.approx(mean_difficulty(retention, seed))
    # Shifted as a whole: the questions keep their order of difficulty.
    shifted = {item.question_id: item.difficulty for item in parallel[0].items}
    drawn = {q: item.difficulty for q, item in _items(retention, 5).items()}
    assert sorted(shifted, key=shifted.get) == sorted(drawn, key=drawn.get)


def test_learners_of_a_stronger_cohort_start_stronger_and_nobody_unlearns():
    rng = random.Random(4)
    weaker = [Ability.drawn(-0.5, rng) for _ in range(2000)]
    stronger = [Ability.drawn(0.5, rng) for _ in range(2000)]

    gap = mean(a.start for a in stronger) - mean(a.start for a in weaker)
    assert gap == pytest.approx(1.0, abs=0.15)
    assert all(a.growth >= 0 for a in weaker + stronger)
    assert mean(a.growth for a in weaker) > 1


def test_cohorts_differ_around_their_organisation():
    rng = random.Random(5)
    organisations = organisation_effects(8, rng)
    assert len(organisations) == 8 and len(set(organisations)) == 8

    cohorts = [cohort_effect(organisations[0], rng) for _ in range(500)]
    assert mean(cohorts) == pytest.approx(organisations[0], abs=0.03)
    assert len(set(cohorts)) == 500


def test_every_scale_of_a_survey_is_answered_and_some_learners_comment():
    survey = _quiz(SURVEY, HEADER.replace("kind: final", "kind: survey"))
    rng = random.Random(6)
    sheets = [
        dict((leaf.id, answer) for leaf, answer in survey_answers(survey.leaves(), rng))
        for _ in range(1000)
    ]

    assert all({"useful", "clear"} <= set(sheet) for sheet in sheets)
    assert {sheet["useful"] for sheet in sheets} <= set(range(1, 6))
    assert {sheet["clear"] for sheet in sheets} <= set(range(1, 8))
    assert mean(sheet["useful"] for sheet in sheets) > 3  # satisfied, mostly
    comments = [sheet["comment"] for sheet in sheets if "comment" in sheet]
    assert 200 < len(comments) < 400
    assert set(comments) <= set(COMMENTS)


def test_a_case_is_walked_step_by_step_better_learners_keeping_to_the_recommended_path():
    case_quiz = _quiz(BRANCHING)
    case = case_quiz.leaf("case-girl")
    item = _items(case_quiz)["case-girl"]
    rng = random.Random(5)

    def walks(ability, times=3000):
        return Counter(
            (tuple(path), points)
            for path, points in (item.respond(ability, rng) for _ in range(times))
        )

    weak, strong = walks(-2.5), walks(2.5)
    best = (tuple(case.correct_answer()), 4)
    assert strong[best] / 3000 > 0.7 > 0.2 > weak[best] / 3000
    # Every walk is a whole path the case accepts, scored as the app scores it.
    for path, points in weak | strong:
        assert case.finished(case.check_answer(list(path)))
        assert points == case.score(list(path))
    # A weak learner's walks take every path of the case.
    assert {path for path, _ in weak} == {
        best[0],
        ("ask-alone", "call-centre", "decide-alone"),
        ("ask-alone", "let-go"),
        ("call-police", "go-on"),
    }
