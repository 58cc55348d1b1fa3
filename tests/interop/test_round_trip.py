"""Export then import of every quiz of the course: every generated answer (all correct, all
wrong, each option, partial) scores the same, and with --lang all both languages, feedback
and explanations come back. Also through a file stripped of our comments, as Moodle would
re-export it: the scores still agree, by Moodle's own rules."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from courseware.content.quiz import Quiz, load_quiz
from courseware.grading import check_answers, score_quiz
from courseware.interop import GIFT, XML, export_quiz, import_bank

ROOT = Path(__file__).resolve().parents[2]
COURSE = sorted((ROOT / "quizzes").glob("*.yaml"))


def _ids(leaf) -> list[str]:
    return leaf.shuffle_ids() if leaf.type != "ordering" else leaf.correct_answer()


def generated_answers(leaf) -> list:
    """Answers that probe every way of scoring: right, wrong, each option, partly right."""
    kind = leaf.type
    right = leaf.correct_answer()
    if kind == "single_choice":
        return [None, *_ids(leaf)]
    if kind == "multiple_choice":
        ids = _ids(leaf)
        wrong = [i for i in ids if i not in right]
        partly = right[:-1] + wrong[:1]
        return [[], right, ids, wrong, partly, *([i] for i in ids)]
    if kind == "true_false":
        return [None, True, False]
    if kind == "matching":
        ids = _ids(leaf)
        rotated = {p: ids[(n + 1) % len(ids)] for n, p in enumerate(right)}
        return [{}, right, rotated, *({p: p} for p in right)]
    if kind == "ordering":
        swaps = []
        for a, b in pairwise(range(len(right))):
            order = right[:]
            order[a], order[b] = order[b], order[a]
            swaps.append(order)
        return [right, right[::-1], *swaps]
    if kind == "numeric":
        values = [leaf.correct_answer(), 0, -1]
        for accepted in leaf.accepted():
            values += [accepted.low, accepted.high, accepted.high + 1, accepted.low - 1]
        return [None, *(float(v) for v in values)]
    if kind == "branching":
        return branching_paths(leaf)
    if kind == "short_answer":
        texts = [a.text.replace("*", "x") for a in leaf.answers]
        return [None, "zzz", *texts, *(t.upper() for t in texts)]
    return [None]


def branching_paths(leaf) -> list:
    """The recommended path, the best one, each wrong turn, a path to every ending (walking
    the steps from the start), and unfinished paths (none, [], each start of the best one)."""
    paths = {leaf.start: [[]]}
    for step_id in nx.topological_sort(leaf.graph):
        step = leaf.step_by_id[step_id]
        for choice in step.choices or []:
            for path in paths.get(step_id, [])[:2]:
                paths.setdefault(choice.next, []).append([*path, choice.id])
    endings = [paths[step.id][0] for step in leaf.endings()]
    assert [leaf.ending(path) for path in endings] == leaf.endings()
    best = leaf.correct_answer()
    unfinished = [None, [], *(best[:n] for n in range(1, len(best)))]
    wrong = [path for path, _ in leaf.wrong_answers()]
    return [leaf.recommended_path(), best, *wrong, *endings, *unfinished]


def _translate(answer, old, new):
    """An answer to `old` in terms of `new`'s ids (same positions)."""
    if old.type not in ("single_choice", "multiple_choice", "matching", "ordering"):
        return answer
    mapping = dict(zip(_ids(old), _ids(new), strict=True))
    if isinstance(answer, dict):
        return {mapping[k]: mapping[v] for k, v in answer.items()}
    if isinstance(answer, list):
        return [mapping[a] for a in answer]
    return mapping.get(answer, answer)


def assert_same_scores(original, back) -> None:
    new_leaves = {leaf.id: leaf for leaf in back.leaves()}
    graded = [leaf for leaf in original.leaves() if leaf.graded]
    for leaf in graded:
        new = new_leaves[leaf.id]
        for answer in generated_answers(leaf):
            expected = leaf.score(leaf.check_answer(answer))
            given = new.score(new.check_answer(_translate(answer, leaf, new)))
            assert given == expected, (leaf.id, answer, expected, given)
    if original.graded:
        right = {leaf.id: leaf.correct_answer() for leaf in graded}
        for sheet in (right, {}):
            before = score_quiz(original, check_answers(original, sheet))
            moved = {k: _translate(v, original.leaf(k), new_leaves[k]) for k, v in sheet.items()}
            after = score_quiz(back, check_answers(back, moved))
            assert (after.points, after.max_points, after.passed) == (
                before.points,
                before.max_points,
                before.passed,
            )


def _normal(value):
    if isinstance(value, dict):
        if set(value) == {"en", "sr"} and value["en"] == value["sr"]:
            return value["en"]
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _loaded(path: Path):
    return load_quiz(path.read_bytes(), f"quizzes/{path.name}", expected_id=path.stem)


def _round_trip(loaded, fmt: str, language: str, strip_comments: bool = False):
    quiz = loaded.value
    text = export_quiz(loaded, f"quizzes/{quiz.id}.yaml", fmt, language).text
    if strip_comments:
        text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    return import_bank(
        text.encode(), "x", fmt, quiz_id=quiz.id, module=quiz.module, kind=quiz.kind
    ).loaded.value


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", [XML, GIFT])
def test_course_quiz_round_trip_keeps_scores_languages_and_feedback(path, fmt):
    loaded = _loaded(path)
    back = _round_trip(loaded, fmt, "all")
    assert_same_scores(loaded.value, back)
    expected = loaded.value.snapshot()
    if loaded.value.kind == "survey":  # rating scales have no Moodle equivalent
        expected["questions"] = [q for q in expected["questions"] if q["type"] != "likert"]
    assert _normal(back.snapshot()) == _normal(expected)


def as_moodle_grades_it(quiz):
    """The quiz without its branching cases: Moodle shows them as descriptions, ungraded."""
    snapshot = quiz.snapshot()
    snapshot.pop("always_drawn", None)
    kept = []
    for question in snapshot["questions"]:
        if question["type"] == "scenario":
            question["questions"] = [q for q in question["questions"] if q["type"] != "branching"]
        if question["type"] != "branching" and question.get("questions", True):
            kept.append(question)
    snapshot["questions"] = kept
    return Quiz.from_snapshot(snapshot)


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_through_moodle_without_our_comments_scores_stay_the_same(path):
    loaded = _loaded(path)
    back = _round_trip(loaded, XML, "all", strip_comments=True)
    assert_same_scores(as_moodle_grades_it(loaded.value), back)
    cases = {leaf.id for leaf in loaded.value.leaves() if leaf.type == "branching"}
    assert not cases & {leaf.id for leaf in back.leaves()}  # skipped with a warning
    old = {leaf.id: leaf for leaf in loaded.value.leaves() if leaf.graded}
    for leaf in back.leaves():
        if leaf.id in old:
            assert _normal(leaf.explanation) == _normal(old[leaf.id].explanation)
            assert leaf.reference == old[leaf.id].reference


@pytest.mark.parametrize("language", ["en", "sr", "sr-Cyrl"])
def test_one_language_exports_keep_that_language(language):
    from courseware.interop.markup import in_language

    loaded = _loaded(ROOT / "quizzes" / "legal-framework-final.yaml")
    for fmt in (XML, GIFT):
        back = _round_trip(loaded, fmt, language)
        assert_same_scores(loaded.value, back)
        first = loaded.value.questions[0]
        assert back.questions[0].prompt == in_language(first.prompt, language)
