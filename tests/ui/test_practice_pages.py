"""My learning shows the practice sets (due now with the link, due on a date, done); the
practice page saves each answer as it is given, shows the feedback once checked, in English
and Serbian; another learner cannot open my set."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from courseware.content.catalog import load_catalog
from courseware.i18n import Translator
from courseware.store.accounts import update_profile
from courseware.store.practice import my_practice, practice_set
from courseware.ui import resources
from tests.practice.fixtures import write_practice_course
from tests.practice.helpers import finish_course
from tests.ui.conftest import go_to
from tests.ui.test_database_outage import make_unusable, make_usable

ENGLISH = Translator("en")

LEARNER = "learner.a@example.org"
CERTIFIED = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def practice_app(app_db, monkeypatch, tmp_path):
    catalog = load_catalog(write_practice_course(tmp_path / "course"))
    monkeypatch.setattr(resources, "catalog", lambda: catalog)
    db, cast = app_db
    with time_machine.travel(CERTIFIED, tick=False):
        finish_course(db, catalog, cast.learner_a, {"care-1", "care-2"})
    return db, cast, catalog


def _texts(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_my_learning_shows_the_sets_due_now_and_later(practice_app, open_app):
    with time_machine.travel(datetime(2026, 3, 4, 23, tzinfo=UTC)):
        texts = _texts(open_app(LEARNER))
    assert "**Practice set 1** · Due on 2026-03-05" in texts
    with time_machine.travel(datetime(2026, 3, 5, 8, tzinfo=UTC)):
        at = open_app(LEARNER)
    texts = _texts(at)
    assert "**Practice set 1** · Due now" in texts
    assert "**Practice set 2** · Due on 2026-03-12" in texts
    assert [p.proto.label for p in at.get("page_link")].count("Practise now") == 1


def test_the_page_saves_each_answer_and_shows_the_feedback_once_checked(practice_app, open_app):
    db, cast, catalog = practice_app
    learner = cast.learner_a
    with time_machine.travel(datetime(2026, 3, 5, 8, tzinfo=UTC)):
        set_id = my_practice(db, learner, catalog.course.practice, catalog.quizzes).made[1]
        at = open_app(LEARNER, "practice", set=str(set_id))
        assert "Practice set 1" in [h.value for h in at.subheader]
        first = practice_set(db, learner, set_id).items[0].question
        at.radio(key=f"practice-{set_id}-0:{first.id}").set_value(False).run()
        # Saved as given, before any check.
        assert practice_set(db, learner, set_id).items[0].answers == {first.id: False}
        at.button(key=f"check-{set_id}-0").click().run()
        texts = _texts(at)
        assert "Your answer: False" in "\n".join(texts.splitlines())
        assert f"**Why:** Because {first.id}." in texts
        assert practice_set(db, learner, set_id).items[0].points == 0
        for position in (1, 2):
            question = practice_set(db, learner, set_id).items[position].question
            at.radio(key=f"practice-{set_id}-{position}:{question.id}").set_value(True).run()
            at.button(key=f"check-{set_id}-{position}").click().run()
        assert "Set finished: 2 of 3 points." in [s.value for s in at.success]
        assert "End of course" in at.dataframe[0].value.columns


def test_the_page_speaks_serbian(practice_app, open_app):
    db, cast, _ = practice_app
    update_profile(db, cast.learner_a, language="sr", script="latin")
    with time_machine.travel(datetime(2026, 3, 5, 8, tzinfo=UTC)):
        at = open_app(LEARNER)
        assert "**Vežba 1** · Na redu je sada" in _texts(at)
        at = go_to(at, "practice")  # no set named: the first one due
        assert "Vežba 1" in [h.value for h in at.subheader]
        assert [b.label for b in at.button].count("Proverite odgovor") == 3


def test_another_learner_cannot_open_my_set(practice_app, open_app):
    db, cast, catalog = practice_app
    with time_machine.travel(datetime(2026, 3, 5, 8, tzinfo=UTC)):
        set_id = my_practice(db, cast.learner_a, catalog.course.practice, catalog.quizzes).made[1]
        at = open_app("learner.b@example.org", "practice", set=str(set_id))
    assert [e.value for e in at.error] == ["You are not allowed to see or do this."]
    assert not [r for r in at.radio if r.key and r.key.startswith("practice-")]


def test_an_answer_given_while_the_database_is_away_lands_when_it_is_back(practice_app, open_app):
    db, cast, catalog = practice_app
    learner = cast.learner_a
    with time_machine.travel(datetime(2026, 3, 5, 8, tzinfo=UTC)):
        set_id = my_practice(db, learner, catalog.course.practice, catalog.quizzes).made[1]
        first = practice_set(db, learner, set_id).items[0].question
        at = open_app(LEARNER, "practice", set=str(set_id))
        path = Path(db.url.removeprefix("sqlite:///"))
        moved = make_unusable(path, db)
        at = at.radio(key=f"practice-{set_id}-0:{first.id}").set_value(True).run()
        assert not at.exception
        # The whole page could not be read (AppTest runs it whole; a browser reruns the
        # question alone, which says the answer waits): the answer waits in the session.
        assert [w.value for w in at.warning] == [ENGLISH("outage.database_unavailable")]
        make_usable(path, moved)
        at = at.run()  # in a browser, the next interaction or the outage notice's retry
        assert not at.exception
    assert practice_set(db, learner, set_id).items[0].answers == {first.id: True}
