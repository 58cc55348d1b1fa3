"""The admin's page of learning records (AppTest, real database): the outbox's counts, the
dead letters with their error, and "send again"; and the learner's note on what the LRS
keeps, shown only when one is configured."""

import pytest
from sqlalchemy import select, update

from courseware.store.attempts import get_attempt, list_attempts
from courseware.store.models import XapiStatement
from courseware.store.progress import mark_lesson_done
from courseware.store.xapi_outbox import outbox_status
from tests.ui.conftest import app_database_in, go_to


@pytest.fixture
def app_db(monkeypatch, tmp_path, templates):
    # Nobody answers at this address: the app's sender pauses, the outbox keeps everything.
    monkeypatch.setenv("COURSEWARE_XAPI_ENDPOINT", "http://127.0.0.1:9/xAPI")
    monkeypatch.setenv("COURSEWARE_SECRET_KEY", "a test secret key that is long enough for it")
    yield from app_database_in(tmp_path, monkeypatch, templates)


def test_the_admin_sees_dead_letters_and_sends_them_again(open_app, app_db):
    db, cast = app_db
    mark_lesson_done(db, cast.learner_a, "legal-framework", "definition")
    mark_lesson_done(db, cast.learner_a, "legal-framework", "council-of-europe")
    db.write(
        lambda tx: tx.session.execute(
            update(XapiStatement)
            .where(XapiStatement.id == 1)
            .values(state="dead", tries=8, last_error="refused (422): no actor")
        )
    )
    at = open_app("admin@example.org", "learning-records")
    assert not at.exception
    counts = dict(at.dataframe[0].value.itertuples(index=False))
    assert counts["Dead letters"] == 1
    assert counts["Waiting to be sent"] in (0, 1)
    dead = at.dataframe[1].value
    assert list(dead["Error"]) == ["refused (422): no actor"]
    next(b for b in at.button if b.label == "Send the dead letters again").click()
    at.run()
    assert any("1 statements are back" in s.value for s in at.success)
    assert outbox_status(db, cast.admin).dead == 0


def test_the_learner_is_told_what_the_lrs_keeps(open_app, app_db):
    at = open_app("learner.a@example.org", "results")
    assert not at.exception
    assert any("Learning Record Store" in c.value for c in at.caption)


def test_learners_have_no_such_page(open_app, app_db):
    at = open_app("learner.a@example.org")
    with pytest.raises(ValueError):
        go_to(at, "learning-records")


def test_a_learner_answering_while_the_lrs_is_down_sees_only_the_answer_saved(open_app, app_db):
    db, cast = app_db
    at = open_app("learner.a@example.org", "quiz", quiz="course-pretest")
    at = next(b for b in at.button if b.label == "Start").click().run()
    [summary] = list_attempts(db, cast.learner_a, cast.learner_a.user_id, "course-pretest")
    attempt = get_attempt(db, cast.learner_a, summary.id)
    question_id = attempt.layout.question_ids[0]
    choice = attempt.layout.option_orders[question_id][0]
    at = at.radio(key=f"attempt-{attempt.id}:{question_id}").set_value(choice).run()
    assert not at.exception and not at.error and not at.warning
    assert any("Answer saved." in m.value for m in at.markdown)
    # Kept for the LRS: the attempt begun and the answer, waiting in the outbox.
    verbs = db.read(
        lambda tx: list(tx.session.scalars(select(XapiStatement.verb).order_by(XapiStatement.id)))
    )
    assert verbs == ["attempted", "answered"]
