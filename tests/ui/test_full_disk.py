"""An answer given while the database's disk is full: the quiz page says it is not saved yet,
keeps it, and saves it once there is room again (as for a database that cannot be reached,
tests/ui/test_database_outage.py)."""

from __future__ import annotations

import pytest

from courseware.store.attempts import get_attempt, list_attempts
from tests.disks import fill, tiny_disk
from tests.ui.conftest import app_database_in
from tests.ui.test_database_outage import ENGLISH, LEARNER, QUIZ


@pytest.fixture
def disk(tmp_path):
    with tiny_disk(tmp_path / "disk") as mounted:
        yield mounted


@pytest.fixture
def app_db(monkeypatch, disk, templates):
    """The app's database on a tmpfs of its own (this module's stand-in for the usual
    fixture, which open_app builds on)."""
    yield from app_database_in(disk, monkeypatch, templates)


def test_an_answer_given_while_the_disk_is_full_is_kept_and_lands_once_there_is_room(
    open_app, app_db, disk
):
    db, cast = app_db
    learner = cast.learner_a
    at = open_app(LEARNER, "quiz", quiz=QUIZ)
    at = next(b for b in at.button if b.label == ENGLISH("quiz.start")).click().run()
    [summary] = list_attempts(db, learner, learner.user_id, QUIZ)
    layout = get_attempt(db, learner, summary.id).layout
    questions = {q.id: q for q in get_attempt(db, learner, summary.id).quiz.questions}
    first, second = [q for q in layout.question_ids if questions[q].type == "single_choice"][:2]

    def choose(at, question_id):
        option = layout.option_orders[question_id][0]
        return at.radio(key=f"attempt-{summary.id}:{question_id}").set_value(option).run()

    at = choose(at, first)
    db.checkpoint()  # the write-ahead log starts empty: the next write needs new room
    filler = fill(disk)
    at = choose(at, second)
    assert not at.exception
    assert [w.value for w in at.warning] == [ENGLISH("quiz.not_saved_yet", count=1)]
    assert second not in get_attempt(db, learner, summary.id).answers

    filler.unlink()
    # In a browser the page retries every few seconds by itself; here a rerun stands in.
    at = at.run()
    assert not at.exception
    assert ENGLISH("quiz.saved_now") in [s.value for s in at.success]
    answers = get_attempt(db, learner, summary.id).answers
    assert answers == {
        first: layout.option_orders[first][0],
        second: layout.option_orders[second][0],
    }
