"""Practice sets in the database (SQLite and PostgreSQL): made when due on the moved clock
and kept, drawn from the weakest tags, answers saved as given and read back, scored by the
engine, in no attempt, certificate or report; only their learner's."""

from __future__ import annotations

import threading
from datetime import date
from fractions import Fraction
from itertools import pairwise

import pytest

from courseware.access import PermissionDenied
from courseware.store import Database
from courseware.store.attempts import list_attempts
from courseware.store.certificates import issue_certificate
from courseware.store.errors import InvalidInput
from courseware.store.models import PracticeAnswer, PracticeSet
from courseware.store.practice import (
    ItemChecked,
    check_practice_item,
    my_practice,
    my_tag_history,
    practice_set,
    save_practice_answer,
)
from courseware.store.privacy import erase_user, export_user_data
from courseware.store.reports.quiz import item_statistics
from courseware.store.reports.scope import ReportFilters
from tests.practice.helpers import finish_course

# The learner got every "care" question and one of "signs" wrong in the final.
WRONG = {"care-1", "care-2", "signs-1"}


def _practice(db, actor, catalog):
    return my_practice(db, actor, catalog.course.practice, catalog.quizzes)


def _tags(catalog, item) -> set[str]:
    quiz = catalog.quizzes[item.quiz.id]
    return set(next(q for q in quiz.questions if q.id == item.question.id).tags)


def test_sets_fall_due_on_the_moved_clock_and_are_kept_once_made(db, cast, clock, catalog):
    learner = cast.learner_a
    assert _practice(db, learner, catalog) is None  # before the certificate
    finish_course(db, catalog, learner, WRONG)
    practice = _practice(db, learner, catalog)
    assert [(s.number, s.due_on, s.due(practice.today)) for s in practice.sets] == [
        (1, date(2026, 3, 5), False),
        (2, date(2026, 3, 12), False),
        (3, date(2026, 4, 1), False),
    ]
    assert practice.made == {} and practice.next_due() is None
    clock.advance(days=3)
    practice = _practice(db, learner, catalog)
    assert list(practice.made) == [1] and practice.next_due() == practice.made[1]
    first = practice_set(db, learner, practice.made[1])
    # Again later: the same set, not a new draw.
    assert _practice(db, learner, catalog).made == practice.made
    assert practice_set(db, learner, practice.made[1]).items == first.items
    clock.advance(days=7)
    practice = _practice(db, learner, catalog)
    assert list(practice.made) == [1, 2]


def test_a_set_draws_from_the_weakest_tags_and_not_from_the_set_before(db, cast, clock, catalog):
    learner = cast.learner_a
    finish_course(db, catalog, learner, WRONG)
    clock.advance(days=40)  # all three sets due: made in order, each after the one before
    practice = _practice(db, learner, catalog)
    sets = [practice_set(db, learner, practice.made[n]) for n in (1, 2, 3)]
    assert [len(s.items) for s in sets] == [3, 3, 3]
    # Weakest first: care (0 of 2), signs (1 of 2 in the final, 1 of 1 in the post-test).
    assert _tags(catalog, sets[0].items[0]) == {"care"}
    assert _tags(catalog, sets[0].items[1]) == {"signs"}
    assert {i.quiz.id for s in sets for i in s.items} <= {"basics-final", "basics-check-1"}
    keys = [{(i.quiz.id, i.question.id) for i in s.items} for s in sets]
    for before, after in pairwise(keys):
        assert not before & after


def test_answers_are_saved_as_given_scored_and_read_back(db, cast, clock, catalog):
    learner = cast.learner_a
    finish_course(db, catalog, learner, WRONG)
    attempts_before = list_attempts(db, learner, learner.user_id)
    clock.advance(days=3)
    set_id = _practice(db, learner, catalog).made[1]
    items = practice_set(db, learner, set_id).items
    first, second = items[0].question.id, items[1].question.id
    save_practice_answer(db, learner, set_id, 0, first, False)
    save_practice_answer(db, learner, set_id, 0, first, True)  # changed before checking
    save_practice_answer(db, learner, set_id, 1, second, False)
    again = practice_set(db, learner, set_id)
    assert again.items[0].answers == {first: True} and again.items[1].answers == {second: False}
    assert not again.items[0].checked and again.items[0].points is None
    check_practice_item(db, learner, set_id, 0)
    check_practice_item(db, learner, set_id, 1)
    with pytest.raises(ItemChecked):
        save_practice_answer(db, learner, set_id, 0, first, False)
    with pytest.raises(InvalidInput):
        save_practice_answer(db, learner, set_id, 2, items[2].question.id, "maybe")
    done = practice_set(db, learner, set_id)
    assert [(i.points, i.max_points) for i in done.items[:2]] == [(1, 1), (0, 1)]
    assert done.items[0].question_points == {first: Fraction(1)}
    assert done.finished_at is None
    check_practice_item(db, learner, set_id, 2)  # unanswered: checked, no points
    done = practice_set(db, learner, set_id)
    assert done.items[2].points == 0 and done.finished_at == clock.now
    assert _practice(db, learner, catalog).sets[0].done
    # Practice is no attempt and changes no result.
    assert list_attempts(db, learner, learner.user_id) == attempts_before
    assert issue_certificate(db, learner, catalog.course.certificate.passed) is not None


def test_the_tag_history_adds_each_finished_set(db, cast, clock, catalog):
    learner = cast.learner_a
    finish_course(db, catalog, learner, WRONG)
    clock.advance(days=3)
    set_id = _practice(db, learner, catalog).made[1]
    for position, item in enumerate(practice_set(db, learner, set_id).items):
        save_practice_answer(db, learner, set_id, position, item.question.id, True)
        check_practice_item(db, learner, set_id, position)
    history = my_tag_history(db, learner)
    at_end = {p.tag: p.share for p in history if p.number == 0}
    assert at_end == {"care": 0, "signs": Fraction(2, 3), "law": 1, "referral": 1}
    after = {p.tag: (p.earned, p.possible) for p in history if p.number == 1}
    assert after["care"] == (1, 1) and after["signs"] == (1, 1)
    assert {p.on for p in history if p.number == 1} == {date(2026, 3, 5)}


def test_practice_reaches_no_report(db, cast, clock, catalog):
    learner = cast.learner_a
    finish_course(db, catalog, learner, WRONG)
    final = catalog.quizzes["basics-final"]
    report = lambda: item_statistics(db, cast.admin, ReportFilters(), final, mastery_by="cohort")  # noqa: E731
    before = report()
    assert before.learners == 1 and not before.mastery.empty
    clock.advance(days=3)
    set_id = _practice(db, learner, catalog).made[1]
    for position, item in enumerate(practice_set(db, learner, set_id).items):
        save_practice_answer(db, learner, set_id, position, item.question.id, True)
        check_practice_item(db, learner, set_id, position)
    after = report()
    assert after.learners == before.learners
    assert after.mastery.equals(before.mastery)


def test_nobody_else_reads_or_answers_my_set(db, cast, clock, catalog):
    learner, other = cast.learner_a, cast.other_learner_a
    finish_course(db, catalog, learner, WRONG)
    clock.advance(days=3)
    set_id = _practice(db, learner, catalog).made[1]
    question = practice_set(db, learner, set_id).items[0].question.id
    save_practice_answer(db, learner, set_id, 0, question, True)
    for someone in (other, cast.trainer_a, cast.coordinator):
        with pytest.raises(PermissionDenied):
            practice_set(db, someone, set_id)
        with pytest.raises(PermissionDenied):
            save_practice_answer(db, someone, set_id, 0, question, False)
        with pytest.raises(PermissionDenied):
            check_practice_item(db, someone, set_id, 0)
    mine = practice_set(db, learner, set_id)
    assert mine.items[0].answers == {question: True} and not mine.items[0].checked


def test_my_data_export_holds_my_practice_and_erasure_removes_it(db, cast, clock, catalog):
    learner = cast.learner_a
    finish_course(db, catalog, learner, WRONG)
    clock.advance(days=3)
    set_id = _practice(db, learner, catalog).made[1]
    question = practice_set(db, learner, set_id).items[0].question.id
    save_practice_answer(db, learner, set_id, 0, question, False)
    [exported] = export_user_data(db, learner, learner.user_id)["practice_sets"]
    assert exported["number"] == 1 and len(exported["items"]) == 3
    [answer] = exported["items"][0]["answers"]
    assert (answer["question_id"], answer["answer"]) == (question, False)
    erase_user(db, cast.admin, learner.user_id)
    assert db.read(lambda tx: tx.session.query(PracticeSet).count()) == 0
    assert db.read(lambda tx: tx.session.query(PracticeAnswer).count()) == 0


@pytest.mark.postgres
def test_two_tabs_making_the_same_set_at_once_make_one(db, cast, clock, catalog):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("two instances share a PostgreSQL database")
    learner = cast.learner_a
    finish_course(db, catalog, learner, WRONG)
    clock.advance(days=10)
    instances = [Database(db.url, db.settings, clock) for _ in range(2)]
    made: list[dict[int, int]] = []
    start = threading.Barrier(2)

    def run(instance):
        start.wait()
        made.append(_practice(instance, learner, catalog).made)

    threads = [threading.Thread(target=run, args=(instance,)) for instance in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for instance in instances:
        instance.dispose()
    assert len(made) == 2 and made[0] == made[1] and list(made[0]) == [1, 2]
    assert db.read(lambda tx: tx.session.query(PracticeSet).count()) == 2
