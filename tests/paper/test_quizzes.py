"""Paper quizzes: each variant is the layout build_layout gives for its seed, its key scores
full marks with the engine, its code survives typing (or a typo is caught), and the grid reads
back what a learner marks. Page images of a variant and a key go to test-artifacts/."""

from __future__ import annotations

import re

import pytest

from courseware.content.catalog import load_catalog
from courseware.grading import build_layout, score_saved_answers
from courseware.i18n import Translator
from courseware.paper import edition
from courseware.paper.grid import (
    GridError,
    Unprintable,
    check_printable,
    grid_answer,
    key_text,
    read_grid,
)
from courseware.paper.quizzes import build_answer_keys, build_paper_quiz, paper_variants
from courseware.paper.variants import (
    VariantCodeError,
    numbered_questions,
    parse_variant_code,
    variant_code,
    variant_layout,
    variant_questions,
    variant_seed,
)
from courseware.settings import REPO_ROOT
from tests.paper.rendering import ARTIFACTS, flat, needs_pdftoppm, page_image, page_texts, qr_codes

EN = Translator("en")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO_ROOT)


def graded(catalog):
    """Every graded quiz: each can go on paper (a final's case as a booklet)."""
    return [quiz for quiz in catalog.quizzes.values() if quiz.graded]


def test_every_graded_quiz_can_be_printed_and_one_that_says_paper_false_cannot(catalog):
    finals = [quiz for quiz in graded(catalog) if quiz.kind == "final"]
    assert finals
    assert all(any(leaf.type == "branching" for leaf in quiz.leaves()) for quiz in finals)
    for quiz in graded(catalog):
        check_printable(quiz)
    barred = catalog.quizzes["legal-framework-final"].model_copy(update={"paper": False})
    with pytest.raises(Unprintable) as refused:
        check_printable(barred)
    assert str(refused.value) == (
        "quiz 'legal-framework-final' cannot be printed: its file says paper: false"
    )
    with pytest.raises(Unprintable, match="cannot be printed"):
        build_paper_quiz(barred, edition("en"), [1])


def test_each_variant_is_the_layout_of_an_online_attempt_with_its_seed(catalog):
    for quiz in graded(catalog):
        for number in (1, 2, 7):
            seed = variant_seed(quiz.content_version(), number)
            online = build_layout(quiz, seed)
            assert variant_layout(quiz, number) == online
            printed = numbered_questions(quiz, online, seed)
            assert printed == variant_questions(quiz, number)
            by_id = {q.id: q for q in quiz.questions}
            assert [q.leaf.id for q in printed] == [
                leaf.id for qid in online.question_ids for leaf in by_id[qid].leaves()
            ]
    quiz = catalog.quizzes["course-posttest"]
    orders = {
        tuple((leaf, tuple(order)) for leaf, order in variant_layout(quiz, n).option_orders.items())
        for n in range(1, 6)
    }
    assert len(orders) == 5  # options shuffled differently


def test_every_key_scores_full_marks_with_the_engine(catalog):
    for quiz in graded(catalog):
        for variant in paper_variants(quiz, [1, 2, 3]):
            answers = read_grid(
                variant.questions, {q.number: key_text(q, EN) for q in variant.questions}
            )
            layout = variant_layout(quiz, variant.code.number)
            result = score_saved_answers(quiz, answers, layout.question_ids).result
            assert result.points == result.max_points > 0, (quiz.id, str(variant.code))


def test_the_printed_variant_and_its_key_agree_with_the_engine(catalog, tmp_path):
    quiz = catalog.quizzes["course-posttest"]
    papers = build_paper_quiz(quiz, edition("en"), [4])
    keys = build_answer_keys(quiz, edition("en"), [4])
    [variant] = paper_variants(quiz, [4])
    paper_text = flat(" ".join(page_texts(papers)))
    # The questions are printed in the variant's order...
    positions = [paper_text.index(flat(q.leaf.prompt["en"])[:50]) for q in variant.questions]
    assert positions == sorted(positions)
    assert f"Variant {variant.code}" in paper_text
    # ...and the key gives, question by question, the answers that earn full marks.
    key_text_ = flat(" ".join(page_texts(keys)))
    answers = {}
    for question in variant.questions:
        written = key_text(question, EN)
        match = re.search(rf"\b{question.number}\. {re.escape(written)} ", key_text_)
        assert match, (question.number, written)
        answers[question.leaf.id] = grid_answer(question, written)
    layout = variant_layout(quiz, 4)
    result = score_saved_answers(quiz, answers, layout.question_ids).result
    assert result.points == result.max_points
    assert f"Maximum {float(result.max_points):g} points" in key_text_


def test_variant_codes_are_typed_back_and_typos_are_caught(catalog):
    quiz = catalog.quizzes["course-pretest"]
    code = variant_code(quiz, 7)
    text = str(code)
    assert re.fullmatch(r"[0-9A-F]{6}-07[A-Z]", text)
    assert parse_variant_code(f" {text.lower().replace('-', ' ')} ") == code
    assert code.matches(quiz.content_version())
    caught = 0
    for position in range(len(text)):
        for replacement in "0123456789ACDEFK":
            typo = text[:position] + replacement + text[position + 1 :]
            if typo == text or position == 6:
                continue
            try:
                parse_variant_code(typo)
            except VariantCodeError:
                caught += 1
                continue
    assert caught > 0.85 * 15 * (len(text) - 1)
    with pytest.raises(VariantCodeError, match="is not a variant code"):
        parse_variant_code("hello")


@pytest.mark.parametrize(
    ("quiz_id", "leaf_type", "typed", "expected"),
    [
        ("course-posttest", "multiple_choice", "c, a", "two letters"),
        # At a Serbian Cyrillic keyboard the C key gives Ц and the A key А.
        ("course-posttest", "multiple_choice", "ц, а", "two letters"),
        ("course-posttest", "true_false", "т", True),
        ("course-posttest", "true_false", "N", False),
        ("course-posttest", "single_choice", "-", None),
    ],
)
def test_the_grid_reads_what_is_typed(catalog, quiz_id, leaf_type, typed, expected):
    quiz = catalog.quizzes[quiz_id]
    questions = [
        q for n in range(1, 6) for q in variant_questions(quiz, n) if q.leaf.type == leaf_type
    ]
    question = questions[0]
    answer = grid_answer(question, typed)
    if expected == "two letters":
        letters = dict(zip("ABCDEFGH", question.order, strict=False))
        assert sorted(answer) == sorted([letters["A"], letters["C"]])
    else:
        assert answer == expected


def test_grid_typos_name_the_question(catalog):
    quiz = catalog.quizzes["course-posttest"]
    questions = variant_questions(quiz, 1)
    ordering = next(q for q in questions if q.leaf.type in ("ordering", "matching"))
    with pytest.raises(GridError, match=rf"^question {ordering.number}: 'AB': write "):
        grid_answer(ordering, "AB")
    choice = next(q for q in questions if q.leaf.type == "single_choice")
    with pytest.raises(GridError, match=rf"^question {choice.number}: 'AB': write one letter"):
        grid_answer(choice, "AB")


@needs_pdftoppm
def test_the_variant_and_key_pages_as_pictures_with_the_code_in_their_qr(catalog):
    quiz = catalog.quizzes["course-posttest"]
    papers = build_paper_quiz(quiz, edition("sr"), [1, 2])
    keys = build_answer_keys(quiz, edition("sr"), [1, 2])
    code = str(variant_code(quiz, 1))
    first = page_image(papers, 1, ARTIFACTS / "quiz-variant.png")
    assert qr_codes(first) == [code]
    pages = page_texts(papers)
    grid = next(i for i, t in enumerate(pages, 1) if "List za odgovore" in t and code in t)
    assert qr_codes(page_image(papers, grid, ARTIFACTS / "quiz-answer-grid.png")) == [code]
    assert qr_codes(page_image(keys, 1, ARTIFACTS / "answer-key.png")) == [code]
    assert "Ključ odgovora" in page_texts(keys)[0]
