"""Property tests: scores stay in range, shuffling never changes a score, the loader only
ever raises its documented error."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseware.content.problems import ContentError
from courseware.content.quiz import load_quiz
from courseware.grading import build_layout, check_answers, score_quiz
from tests.grading.test_scoring import QUIZ

LEAVES = {leaf.id: leaf for leaf in QUIZ.leaves()}


def answer_for(leaf, data):
    """Any well-formed answer to `leaf`, drawn by hypothesis."""
    ids = leaf.shuffle_ids()
    kind = leaf.type
    if kind == "single_choice":
        return data.draw(st.sampled_from(ids))
    if kind == "multiple_choice":
        return data.draw(st.lists(st.sampled_from(ids), max_size=6))
    if kind == "true_false":
        return data.draw(st.booleans())
    if kind == "matching":
        return data.draw(st.dictionaries(st.sampled_from(leaf.pair_ids()), st.sampled_from(ids)))
    if kind == "ordering":
        return data.draw(st.permutations(ids))
    return data.draw(st.floats(min_value=-10, max_value=10, allow_nan=False))


@given(st.data())
def test_points_are_always_between_zero_and_the_maximum(data):
    answered = data.draw(st.sets(st.sampled_from(sorted(LEAVES))))
    answers = check_answers(QUIZ, {qid: answer_for(LEAVES[qid], data) for qid in answered})
    result = score_quiz(QUIZ, answers)
    assert 0 <= result.points <= result.max_points
    for qid, earned in result.question_points.items():
        assert 0 <= earned <= LEAVES[qid].max_points


@given(st.data(), st.integers())
def test_shuffling_never_changes_the_score_of_the_same_answers(data, seed):
    answers = check_answers(QUIZ, {qid: answer_for(leaf, data) for qid, leaf in LEAVES.items()})
    shuffled = QUIZ.model_copy(update={"shuffle_questions": True, "shuffle_options": True})
    layout = build_layout(shuffled, seed)
    assert sorted(layout.question_ids) == sorted(q.id for q in QUIZ.questions)
    for leaf_id, order in layout.option_orders.items():
        assert sorted(order) == sorted(LEAVES[leaf_id].shuffle_ids())
    assert score_quiz(shuffled, answers, layout.question_ids) == score_quiz(QUIZ, answers)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_the_loader_raises_only_content_errors_on_arbitrary_bytes(raw):
    try:
        load_quiz(raw, "any.yaml")
    except ContentError as exc:
        assert exc.problems and all(p.line >= 1 for p in exc.problems)


TOKENS = [*"abq-:{}[]&*!#'\" \n\t,?|>0123456789.", "id", "type", "questions", "options", "\n  - "]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


@settings(max_examples=300)
@given(YAMLISH)
def test_the_loader_raises_only_content_errors_on_yaml_like_text(text):
    try:
        load_quiz(text.encode(), "any.yaml")
    except ContentError as exc:
        assert exc.problems
