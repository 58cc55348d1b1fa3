from collections import Counter

import pytest

from courseware.content.problems import ContentError
from courseware.content.quiz import load_quiz
from courseware.grading import build_layout
from tests.quiz_files import HEADER, quiz_yaml

QUESTIONS = (
    "\n".join(
        f"- id: q{i}\n  type: single_choice\n  prompt: P\n  options:\n"
        + "".join(
            f"    - {{id: o{j}, text: O, correct: {str(j == 0).lower()}}}\n" for j in range(4)
        )
        for i in range(8)
    )
    + "- {id: order, type: ordering, prompt: P, items: [{id: a, text: A}, {id: b, text: B}]}\n"
)


EARLIER_DRAW = ["q2", "q3", "q4", "q7", "order"]


def quiz(**settings):
    header = HEADER + "".join(f"{key}: {value}\n" for key, value in settings.items())
    return load_quiz(quiz_yaml(QUESTIONS, header).encode(), "sample.yaml").value


def test_the_same_seed_gives_the_same_layout():
    shuffled = quiz(draw=5, shuffle_questions="true", shuffle_options="true")
    assert build_layout(shuffled, 42) == build_layout(shuffled, 42)
    layouts = {tuple(build_layout(shuffled, seed).question_ids) for seed in range(30)}
    assert len(layouts) > 20


def test_draw_takes_that_many_distinct_questions():
    for seed in range(20):
        ids = build_layout(quiz(draw=5), seed).question_ids
        assert len(ids) == len(set(ids)) == 5
        # without shuffle_questions the drawn questions keep the file's order
        assert ids == sorted(ids, key=lambda q: [f"q{i}" for i in range(8)] + ["order"])


def test_always_drawn_questions_are_in_every_attempt_and_count_towards_draw():
    for seed in range(30):
        ids = build_layout(quiz(draw=3, always_drawn="[q7, order]"), seed).question_ids
        assert len(ids) == 3 and {"q7", "order"} <= set(ids)


def test_too_many_always_drawn_questions_for_the_draw_is_an_error():
    with pytest.raises(ContentError, match="2 questions are always drawn but draw is 1"):
        quiz(draw=1, always_drawn="[q1, q2]")


def test_without_always_drawn_the_draw_is_unchanged():
    # Layouts of attempts started before the field existed, for a fixed seed.
    assert build_layout(quiz(draw=5), 3).question_ids == EARLIER_DRAW


def test_without_shuffles_everything_keeps_the_file_order():
    layout = build_layout(quiz(), 7)
    assert layout.question_ids == [f"q{i}" for i in range(8)] + ["order"]
    assert layout.option_orders["q0"] == ["o0", "o1", "o2", "o3"]


def test_options_are_shuffled_when_asked():
    orders = Counter(
        tuple(build_layout(quiz(shuffle_options="true"), s).option_orders["q0"]) for s in range(40)
    )
    assert len(orders) > 5


def test_ordering_items_are_never_shown_in_the_answer_order():
    for seed in range(20):
        assert build_layout(quiz(), seed).option_orders["order"] == ["b", "a"]
