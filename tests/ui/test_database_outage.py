"""An answer given while the database cannot be reached: the page says it is not saved yet,
keeps it, and saves it once the database is back (tests/e2e/deploy does the same in a browser,
against PostgreSQL behind a connection that is cut)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from courseware.i18n import Translator
from courseware.store.attempts import get_attempt, list_attempts
from courseware.store.models import Answer
from courseware.ui.safe_text import plain
from tests.ui.conftest import MAIN

LEARNER = "learner.a@example.org"
QUIZ = "course-pretest"
ENGLISH = Translator("en")


def make_unusable(path: Path, db) -> list[Path]:
    """Move the SQLite files aside and put a folder where the database was: opening it fails
    as with a lost disk ("unable to open database file"). Returns the files moved."""
    aside = path.parent / "aside"
    aside.mkdir()
    moved = [f.rename(aside / f.name) for f in path.parent.glob(f"{path.name}*")]
    db.engine.dispose()  # connections already open would still work
    path.mkdir()
    return moved


def make_usable(path: Path, moved: list[Path]) -> None:
    path.rmdir()
    for file in moved:
        file.rename(path.parent / file.name)


def stored_rows(db, attempt_id: int, question_id: str) -> int:
    query = (
        select(func.count())
        .select_from(Answer)
        .where(Answer.attempt_id == attempt_id, Answer.question_id == question_id)
    )
    return db.read(lambda tx: tx.session.scalar(query))


def test_an_answer_given_while_the_database_is_away_is_kept_and_lands_when_it_is_back(
    open_app, app_db
):
    db, cast = app_db
    learner = cast.learner_a
    at = open_app(LEARNER, "quiz", quiz=QUIZ)
    at = next(b for b in at.button if b.label == ENGLISH("quiz.start")).click().run()
    [summary] = list_attempts(db, learner, learner.user_id, QUIZ)
    attempt = get_attempt(db, learner, summary.id)
    layout = attempt.layout
    by_id = {question.id: question for question in attempt.quiz.questions}
    first, second = [
        question_id
        for question_id in layout.question_ids
        if by_id[question_id].type == "single_choice"
    ][:2]

    def choose(at, question_id):
        option = layout.option_orders[question_id][0]
        return at.radio(key=f"attempt-{summary.id}:{question_id}").set_value(option).run()

    at = choose(at, first)
    path = Path(db.url.removeprefix("sqlite:///"))
    moved = make_unusable(path, db)
    at = choose(at, second)
    assert not at.exception
    not_saved = ENGLISH("quiz.not_saved_yet", count=1)
    assert [w.value for w in at.warning] == [not_saved]
    signed_in = ENGLISH("nav.signed_in_as", name=plain("Learner.A"))
    assert signed_in in [caption.value for caption in at.sidebar.caption]

    make_usable(path, moved)
    # In a browser the page retries every few seconds by itself; here a rerun stands in.
    at = at.run()
    assert not at.exception
    assert ENGLISH("quiz.saved_now") in [s.value for s in at.success]
    assert not at.warning
    answers = get_attempt(db, learner, summary.id).answers
    assert answers == {
        first: layout.option_orders[first][0],
        second: layout.option_orders[second][0],
    }
    assert stored_rows(db, summary.id, second) == 1


def test_a_page_opened_while_the_database_is_away_says_so_and_comes_back(open_app, app_db):
    db, _ = app_db
    open_app(LEARNER)  # signed in: the browser holds a valid session cookie
    path = Path(db.url.removeprefix("sqlite:///"))
    moved = make_unusable(path, db)
    # A reload is a new browser session, whose cookie cannot be checked yet.
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [ENGLISH("outage.database_unavailable")]
    assert not at.sidebar.caption

    make_usable(path, moved)
    # In a browser the notice checks every few seconds by itself; here a rerun stands in.
    at = at.run()
    assert not at.exception
    assert not at.warning
    signed_in = ENGLISH("nav.signed_in_as", name=plain("Learner.A"))
    assert signed_in in [caption.value for caption in at.sidebar.caption]
