"""A branching case on paper: a "turn to step N" booklet whose step numbers change from variant
to variant, a grid answer (`BAC 12`) that reads back into exactly the engine's path, typos
caught with the step where they go wrong, and a printed booklet that, followed with the key's
letters, leads to the ending the engine gives full credit. Page images of a booklet page and
its key go to test-artifacts/paper/."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from courseware.content.catalog import load_catalog
from courseware.grading import score_saved_answers
from courseware.i18n import Translator, to_cyrillic
from courseware.paper import edition
from courseware.paper.booklet import Booklet
from courseware.paper.grid import GridError, grid_answer, grid_text
from courseware.paper.quizzes import build_answer_keys, build_paper_quiz
from courseware.paper.variants import LETTERS, variant_layout, variant_questions
from courseware.settings import REPO_ROOT
from tests.paper.rendering import ARTIFACTS, flat, needs_pdftoppm, page_image, page_texts

EN = Translator("en")
QUIZ = "legal-framework-final"
VARIANT = 3


@pytest.fixture(scope="module")
def quiz():
    return load_catalog(REPO_ROOT).quizzes[QUIZ]


@pytest.fixture(scope="module")
def printed(quiz):
    return (
        build_paper_quiz(quiz, edition("en"), [VARIANT]),
        build_answer_keys(quiz, edition("en"), [VARIANT]),
    )


def case_of(quiz, number: int):
    return next(q for q in variant_questions(quiz, number) if q.leaf.type == "branching")


def every_path(case) -> list[list[str]]:
    """Every path from the start to an ending (the case has no cycles)."""
    paths, stack = [], [([], case.step_by_id[case.start])]
    while stack:
        path, step = stack.pop()
        if step.is_ending:
            paths.append(path)
            continue
        stack += [([*path, c.id], case.step_by_id[c.next]) for c in step.choices]
    return paths


def test_steps_are_numbered_anew_in_each_variant_with_the_start_first(quiz):
    orders = set()
    for number in range(1, 9):
        question = case_of(quiz, number)
        assert question.steps[0] == question.leaf.start
        assert sorted(question.steps) == sorted(step.id for step in question.leaf.steps)
        assert case_of(quiz, number) == question  # the same variant, the same booklet
        orders.add(question.steps)
    assert len(orders) == 8


def test_every_path_is_written_as_letters_and_its_ending_and_read_back_exactly(quiz):
    for number in (1, 2):
        question = case_of(quiz, number)
        paths = every_path(question.leaf)
        assert len(paths) > 5
        written = [grid_text(question, path, EN) for path in paths]
        assert len(set(written)) == len(paths)
        for path, text in zip(paths, written, strict=True):
            assert re.fullmatch(r"[A-Z]+ \d+", text), text
            assert grid_answer(question, text) == path
            letters, ending = text.split()
            assert grid_answer(question, f" {letters.lower()}, {ending}") == path
            assert grid_answer(question, " ".join(letters) + f" → {ending}") == path
            assert grid_answer(question, letters) == path  # the ending's number is a check
            # Typed at a Serbian Cyrillic keyboard (the B key gives Б, the C key Ц).
            assert grid_answer(question, f"{to_cyrillic(letters)} {ending}") == path
            # A path that stops short (the learner ran out of time) is kept; it earns nothing.
            if len(path) > 1:
                assert grid_answer(question, letters[:-1]) == path[:-1]
                assert question.leaf.score(path[:-1]) == 0


def test_a_typo_or_an_impossible_path_names_the_question_and_the_step(quiz):
    question = case_of(quiz, VARIANT)
    booklet, case, n = Booklet.of(question), question.leaf, question.number
    letters, ending = booklet.written(case.correct_answer())
    first = case.step_by_id[case.start]
    missing = LETTERS[len(first.choices)]
    second = case.step_by_id[booklet.choices(first)[0][1].next]
    other_ending = next(
        booklet.number(step) for step in case.endings() if booklet.number(step) != int(ending)
    )
    reached = booklet.number(second)
    refused = {
        missing: f"at step 1 there is no choice {missing} (its choices: "
        f"{', '.join(LETTERS[: len(first.choices)])})",
        "AZ": f"at step {reached} there is no choice Z",
        f"{letters}A {ending}": f"the letters {letters} already reach the ending at step "
        f"{ending}: no choice can follow it (got A)",
        f"{letters} {other_ending}": f"the letters {letters} lead to the ending at step "
        f"{ending}, not to step {other_ending}: check the letters",
        f"{letters} 99": f"the case has no step 99 (its steps are 1–{len(case.steps)})",
        f"A {reached}": f"step {reached} is not an ending: the letters A stop there",
        f"{ending} {letters}": "write the letters of the choices in order, then the number",
        ending: "write the letters of the choices first",
    }
    for typed, message in refused.items():
        with pytest.raises(GridError) as caught:
            grid_answer(question, typed)
        assert str(caught.value).startswith(f"question {n}: '{typed}': {message}"), typed


def _booklet_steps(text: str, question) -> dict[int, str]:
    """The printed booklet of `question`, step number to what is printed under it."""
    start = text.index(flat(question.leaf.prompt["en"])[:60])
    end = text.index(f" {question.number + 1}. ", text.index("Step 1 ", start))
    parts = re.split(r"\bStep (\d+) ", text[start:end])
    return {int(number): body for number, body in zip(parts[1::2], parts[2::2], strict=True)}


def test_following_the_keys_letters_through_the_printed_booklet_reaches_the_engines_ending(
    quiz, printed
):
    papers, keys = printed
    question = case_of(quiz, VARIANT)
    case = question.leaf
    steps = _booklet_steps(flat(" ".join(page_texts(papers))), question)
    assert sorted(steps) == list(range(1, len(case.steps) + 1))
    # Each "→ turn to step N" of a step belongs to its next letter: A, B, C...
    turns = {}
    for number, body in steps.items():
        pieces = re.split(r"→ turn to step (\d+)", body)
        targets = [int(target) for target in pieces[1::2]]
        for letter, piece in zip(LETTERS[1:], pieces[2:-1:2], strict=False):
            assert piece.lstrip().startswith(f"{letter} "), (number, letter, piece[:40])
        turns[number] = targets
        if not targets:
            assert "This is an ending" in body and f"this step ({number})" in body
    key = flat(" ".join(page_texts(keys)))
    match = re.search(rf"\b{question.number}\. ([A-Z]+) (\d+) ", key)
    assert match, key[:400]
    letters, ending = match.group(1), int(match.group(2))
    here = 1
    for letter in letters:
        here = turns[here][LETTERS.index(letter)]
    assert here == ending and turns[here] == []
    # The engine: the same letters are the path to the ending it gives full credit.
    path = grid_answer(question, f"{letters} {ending}")
    assert case.ending(path).id == question.steps[ending - 1]
    assert case.ending(path).credit == 1
    layout = variant_layout(quiz, VARIANT)
    scored = score_saved_answers(quiz, {case.id: path}, layout.question_ids).result
    assert scored.points == case.max_points


def test_the_booklet_prints_no_feedback_and_the_key_every_endings_credit(quiz, printed):
    papers, keys = printed
    question = case_of(quiz, VARIANT)
    case, booklet = question.leaf, Booklet.of(question)
    paper = flat(" ".join(page_texts(papers)))
    key = flat(" ".join(page_texts(keys)))
    hidden = [c.feedback for s in case.steps for c in s.choices or [] if c.feedback]
    hidden += [s.text for s in case.endings()] + [s.explanation for s in case.endings()]
    for text in filter(None, hidden):
        assert flat(text["en"])[:50] not in paper
    recommended = booklet.walk(case.recommended_path())
    route = " → ".join(f"{booklet.number(step)} {letter}" for step, letter, _ in recommended)
    assert f"Recommended path (step, letter): {route} → " in key
    for step in case.endings():
        points = f"{float(case.max_points * Fraction(step.credit)):g}"
        credit = f"{float(step.credit):.0%}"
        assert f"Ending at step {booklet.number(step)}: {credit} ({points} pt)" in key


def test_the_booklet_in_cyrillic(quiz):
    text = flat(" ".join(page_texts(build_paper_quiz(quiz, edition("sr-Cyrl"), [VARIANT]))))
    assert "Корак 1" in text and "пређите на корак" in text


@needs_pdftoppm
def test_a_booklet_page_and_its_key_as_pictures(quiz, printed):
    papers, keys = printed
    pages = page_texts(papers)
    booklet = next(i for i, text in enumerate(pages, 1) if "Step 1 " in text)
    image = page_image(papers, booklet, ARTIFACTS / "case-booklet.png")
    assert image.stat().st_size > 10_000
    key_pages = page_texts(keys)
    key = next(i for i, text in enumerate(key_pages, 1) if "Recommended path" in text)
    assert page_image(keys, key, ARTIFACTS / "case-key.png").stat().st_size > 10_000
    cyrillic = build_paper_quiz(quiz, edition("sr-Cyrl"), [VARIANT])
    page = next(i for i, text in enumerate(page_texts(cyrillic), 1) if "Корак 1 " in text)
    page_image(cyrillic, page, ARTIFACTS / "case-booklet-cyrillic.png")
