"""The practice plan as content, and the pure choice of a set: the schedule, the weakest
tags, and never an item of the set before."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.content.catalog import load_catalog
from courseware.practice import (
    Item,
    choose_set,
    pool,
    practice_reminders,
    schedule,
    set_of_reminder,
    tag_scores,
    weakest_tags,
)
from tests.practice.fixtures import TAGS, write_practice_course


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_catalog(write_practice_course(tmp_path_factory.mktemp("course")))


def _errors(root):
    return [
        (p.file.rsplit("/", 1)[-1], p.line, p.message)
        for p in load_catalog(root).problems
        if p.severity == "error"
    ]


def test_the_plan_is_read_from_the_course(catalog):
    assert [p for p in catalog.problems if p.severity == "error"] == []
    assert catalog.course.practice.after_days == [3, 10, 30]
    assert catalog.course.practice.questions == 3


def test_validate_names_days_that_do_not_increase_with_their_line(tmp_path):
    root = write_practice_course(tmp_path, "practice:\n  after_days: [3, 10, 10]\n  questions: 4\n")
    [(file, line, message)] = _errors(root)
    assert (file, message) == (
        "course.yaml",
        "after_days 10 must be greater than the day before it (10)",
    )
    text = (root / "modules" / "course.yaml").read_text(encoding="utf-8").splitlines()
    assert "after_days: [3, 10, 10]" in text[line - 1]


@pytest.mark.parametrize("questions", [2, 6])
def test_validate_names_a_set_size_out_of_range(tmp_path, questions):
    root = write_practice_course(
        tmp_path, f"practice:\n  after_days: [3]\n  questions: {questions}\n"
    )
    [(file, line, message)] = _errors(root)
    text = (root / "modules" / "course.yaml").read_text(encoding="utf-8").splitlines()
    assert file == "course.yaml" and f"questions: {questions}" in text[line - 1]
    assert ("at least 3" if questions == 2 else "at most 5") in message


def test_sets_fall_due_counted_from_the_certificate_day(catalog):
    plan = catalog.course.practice
    sets = schedule(plan, date(2026, 3, 2), finished=[1])
    assert [(s.number, s.due_on, s.done) for s in sets] == [
        (1, date(2026, 3, 5), True),
        (2, date(2026, 3, 12), False),
        (3, date(2026, 4, 1), False),
    ]
    assert [s.due(date(2026, 3, 11)) for s in sets] == [False, False, False]
    assert [s.due(date(2026, 3, 12)) for s in sets] == [False, True, False]
    reminders = practice_reminders(plan, date(2026, 3, 2), [1], date(2026, 4, 1))
    assert [(r.quiz_id, r.round, r.due_on) for r in reminders] == [
        ("practice:2", 1, date(2026, 3, 12)),
        ("practice:3", 1, date(2026, 4, 1)),
    ]
    assert [set_of_reminder(r.quiz_id) for r in reminders] == [2, 3]
    assert set_of_reminder("retention-30") is None


def test_the_pool_is_the_finals_and_checks_never_the_tests_or_follow_up(catalog):
    quizzes = {c.item.quiz_id for c in pool(catalog.quizzes.values())}
    assert quizzes == {"basics-final", "basics-check-1"}
    assert len(pool(catalog.quizzes.values())) == 10


def _scores(catalog, wrong: set[str]):
    final = catalog.quizzes["basics-final"]
    leaves = [leaf.id for leaf in final.leaves()]
    points = {leaf: Fraction(0 if leaf in wrong else 1) for leaf in leaves}
    return tag_scores(final, points, leaves)


def test_the_weakest_tags_come_first(catalog):
    scores = _scores(catalog, {"care-1", "care-2", "signs-1"})
    assert scores["care"] == (0, 2) and scores["signs"] == (1, 2)
    assert weakest_tags(scores) == ["care", "signs", "law", "referral"]


_points = st.fractions(min_value=0, max_value=50, max_denominator=12)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["care", "law", "referral", "signs", "trust", "work"]),
        st.tuples(_points, _points | st.integers(min_value=0, max_value=50)),
    )
)
def test_the_weakest_tags_are_ordered_by_their_exact_shares(scores):
    # Close and equal shares of different denominators (1/3 and 2/6, 7/12 and 4/7): the
    # order is that of the Fractions themselves, ties by name, tags without points left out.
    scores = {
        tag: (Fraction(earned), Fraction(possible)) for tag, (earned, possible) in scores.items()
    }
    by_fractions = sorted((e / p, tag) for tag, (e, p) in scores.items() if p)
    assert weakest_tags(scores) == [tag for _, tag in by_fractions]


def test_tag_scores_are_fractions_with_fractional_points(catalog):
    final = catalog.quizzes["basics-final"]
    leaves = [leaf.id for leaf in final.leaves()]
    points = {leaf: Fraction(1, 3) for leaf in leaves}
    scores = tag_scores(final, points, leaves)
    assert scores["care"] == (Fraction(2, 3), 2)
    assert all(type(part) is Fraction for pair in scores.values() for part in pair)


def test_a_set_takes_one_item_of_each_weakest_tag(catalog):
    scores = _scores(catalog, {"care-1", "care-2", "signs-1", "signs-2", "law-2"})
    candidates = pool(catalog.quizzes.values())
    tags_of = {c.item: c.tags for c in candidates}
    for seed in range(20):
        items = choose_set(candidates, scores, [], 3, seed)
        assert [tags_of[item] for item in items] == [{"care"}, {"signs"}, {"law"}]


def test_the_same_seed_draws_the_same_set(catalog):
    candidates, scores = pool(catalog.quizzes.values()), _scores(catalog, {"care-1"})
    assert choose_set(candidates, scores, [], 3, 11) == choose_set(candidates, scores, [], 3, 11)
    drawn = {tuple(choose_set(candidates, scores, [], 3, seed)) for seed in range(30)}
    assert len(drawn) > 1


def test_a_pool_too_small_gives_what_is_left(catalog):
    candidates = pool(catalog.quizzes.values())
    previous = [c.item for c in candidates[:8]]
    items = choose_set(candidates, {}, previous, 3, seed=1)
    assert {i.key for i in items} == {c.item.key for c in candidates[8:]}


@settings(max_examples=60, deadline=None)
@given(
    wrong=st.sets(st.sampled_from([f"{t}-{n}" for t in TAGS for n in (1, 2)])),
    seeds=st.lists(st.integers(0, 2**63 - 1), min_size=2, max_size=5),
    size=st.integers(3, 5),
)
def test_no_item_comes_in_two_sets_in_a_row(catalog, wrong, seeds, size):
    candidates, scores = pool(catalog.quizzes.values()), _scores(catalog, wrong)
    previous: list[Item] = []
    for seed in seeds:
        items = choose_set(candidates, scores, previous, size, seed)
        assert len(items) == size
        assert len({i.key for i in items}) == size
        assert not {i.key for i in items} & {i.key for i in previous}
        previous = items
