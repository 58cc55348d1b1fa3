"""The xAPI outbox in the store: statements written with what they describe, rolled back
with it, kept from erased learners; the lease, refusals, dead letters and their retry. The
LRS itself is in tests/xapi/test_lrs.py."""

import json

import pytest
from sqlalchemy import select

from courseware.access import COMMAND_LINE, PermissionDenied
from courseware.store.attempts import AttemptClosed, save_answer, start_attempt, submit_attempt
from courseware.store.errors import InvalidInput
from courseware.store.models import XapiStatement
from courseware.store.privacy import erase_user
from courseware.store.progress import mark_lesson_done
from courseware.store.xapi_outbox import (
    next_batch,
    outbox_status,
    record_outcome,
    release_lease,
    retry_dead_letters,
    take_lease,
)
from tests.databases import RIGHT_ANSWERS, final_quiz, survey_quiz


def _outbox(db) -> list[tuple[str, dict]]:
    rows = db.read(
        lambda tx: tx.session.execute(
            select(XapiStatement.state, XapiStatement.body).order_by(XapiStatement.id)
        ).all()
    )
    return [(state, json.loads(body)) for state, body in rows]


def _verbs(db) -> list[str]:
    return [body["verb"]["display"]["en-US"] for _, body in _outbox(db)]


def _take_a_final(db, learner, answers=RIGHT_ANSWERS):
    attempt = start_attempt(db, learner, final_quiz())
    for question_id, answer in answers.items():
        save_answer(db, learner, attempt.id, question_id, answer)
    return submit_attempt(db, learner, attempt.id)


def test_without_an_lrs_nothing_is_written(db, cast):
    _take_a_final(db, cast.learner_a)
    assert _outbox(db) == []


def test_a_final_passed_writes_its_statements_in_order(xapi_db, cast):
    attempt = _take_a_final(xapi_db, cast.learner_a)
    assert _verbs(xapi_db) == [
        "attempted",
        "answered",
        "answered",
        "answered",
        "passed",
        "completed",
    ]
    bodies = [body for _, body in _outbox(xapi_db)]
    registrations = {body["context"].get("registration") for body in bodies[:5]}
    assert len(registrations) == 1 and None not in registrations
    actor = bodies[0]["actor"]
    assert set(actor) == {"objectType", "account"}
    assert actor["account"]["name"] != str(cast.learner_a.user_id)
    assert "example.org" not in json.dumps(actor)
    passed = bodies[4]["result"]
    assert passed["score"] == {"scaled": 1.0, "raw": 3.0, "min": 0, "max": 3.0}
    assert passed["success"] is True
    assert attempt.passed


def test_a_refused_answer_writes_no_statement(xapi_db, cast):
    attempt = start_attempt(xapi_db, cast.learner_a, final_quiz())
    with pytest.raises(InvalidInput):
        save_answer(xapi_db, cast.learner_a, attempt.id, "consent", "maybe")
    submit_attempt(xapi_db, cast.learner_a, attempt.id)
    before = _verbs(xapi_db)
    with pytest.raises(AttemptClosed):
        save_answer(xapi_db, cast.learner_a, attempt.id, "consent", True)
    assert _verbs(xapi_db) == before == ["attempted", "failed"]


def test_free_text_is_never_sent(xapi_db, cast):
    attempt = start_attempt(xapi_db, cast.learner_a, survey_quiz())
    save_answer(xapi_db, cast.learner_a, attempt.id, "useful", 4)
    save_answer(xapi_db, cast.learner_a, attempt.id, "comments", "Marija at the shelter said")
    submit_attempt(xapi_db, cast.learner_a, attempt.id)
    outbox = _outbox(xapi_db)
    assert "Marija" not in json.dumps(outbox)
    likert, comment = (body["result"] for _, body in outbox[1:])
    assert likert == {"completion": True, "response": "4"}
    assert comment == {"completion": True}


def test_erasing_a_learner_drops_what_was_not_sent_and_voids_what_was(xapi_db, cast):
    mark_lesson_done(xapi_db, cast.learner_a, "legal-framework", "intro")
    owner = "test"
    assert take_lease(xapi_db, COMMAND_LINE, owner)
    sent = next_batch(xapi_db, COMMAND_LINE, owner, 10)
    record_outcome(xapi_db, COMMAND_LINE, owner, [row.id for row in sent], {})
    _take_a_final(xapi_db, cast.learner_a)
    erase_user(xapi_db, COMMAND_LINE, cast.learner_a.user_id)
    outbox = _outbox(xapi_db)
    assert [(state, body["verb"]["display"]["en-US"]) for state, body in outbox] == [
        ("pending", "voided")
    ]
    assert outbox[0][1]["object"] == {"objectType": "StatementRef", "id": sent[0].statement_id}


def test_one_sender_at_a_time(xapi_db, cast, clock):
    mark_lesson_done(xapi_db, cast.learner_a, "legal-framework", "intro")
    assert take_lease(xapi_db, COMMAND_LINE, "first")
    assert not take_lease(xapi_db, COMMAND_LINE, "second")
    assert next_batch(xapi_db, COMMAND_LINE, "second", 10) == []
    assert len(next_batch(xapi_db, COMMAND_LINE, "first", 10)) == 1
    # A sender that died holding the lease is replaced once it runs out.
    clock.advance(minutes=2)
    assert take_lease(xapi_db, COMMAND_LINE, "second")


def test_a_refused_statement_waits_with_the_rest_of_its_attempt(xapi_db, cast, clock):
    first = start_attempt(xapi_db, cast.learner_a, final_quiz())
    save_answer(xapi_db, cast.learner_a, first.id, "consent", False)
    mark_lesson_done(xapi_db, cast.learner_b, "legal-framework", "intro")
    take_lease(xapi_db, COMMAND_LINE, "s")
    batch = next_batch(xapi_db, COMMAND_LINE, "s", 10)
    assert len(batch) == 3
    record_outcome(xapi_db, COMMAND_LINE, "s", [batch[2].id], {batch[0].id: "refused (422): no"})
    # The answer waits behind the refused `attempted`; nothing else is left.
    assert next_batch(xapi_db, COMMAND_LINE, "s", 10) == []
    clock.advance(seconds=3)
    assert [row.id for row in next_batch(xapi_db, COMMAND_LINE, "s", 10)] == [
        batch[0].id,
        batch[1].id,
    ]
    status = outbox_status(xapi_db, COMMAND_LINE)
    assert (status.pending, status.failing, status.sent_last_day) == (2, 1, 1)
    assert status.last_error == "refused (422): no"


def test_dead_letters_after_the_last_try_and_an_admin_retries_them(xapi_db, cast, clock):
    mark_lesson_done(xapi_db, cast.learner_a, "legal-framework", "intro")
    for _ in range(xapi_db.settings.xapi_max_tries):
        clock.advance(hours=1)
        assert take_lease(xapi_db, COMMAND_LINE, "s")
        (row,) = next_batch(xapi_db, COMMAND_LINE, "s", 10)
        record_outcome(xapi_db, COMMAND_LINE, "s", [], {row.id: "refused (400): bad"})
    clock.advance(hours=1)
    assert take_lease(xapi_db, COMMAND_LINE, "s")
    assert next_batch(xapi_db, COMMAND_LINE, "s", 10) == []
    status = outbox_status(xapi_db, cast.admin)
    assert (status.pending, status.dead) == (0, 1)
    assert status.dead_letters[0].tries == xapi_db.settings.xapi_max_tries
    with pytest.raises(PermissionDenied):
        retry_dead_letters(xapi_db, cast.trainer_a)
    with pytest.raises(PermissionDenied):
        outbox_status(xapi_db, cast.learner_a)
    assert retry_dead_letters(xapi_db, cast.admin) == 1
    assert len(next_batch(xapi_db, COMMAND_LINE, "s", 10)) == 1


def test_an_unreachable_lrs_pauses_the_sender_without_counting_tries(xapi_db, cast, clock):
    mark_lesson_done(xapi_db, cast.learner_a, "legal-framework", "intro")
    take_lease(xapi_db, COMMAND_LINE, "s")
    (row,) = next_batch(xapi_db, COMMAND_LINE, "s", 10)
    record_outcome(xapi_db, COMMAND_LINE, "s", [], {}, "the LRS cannot be reached", [row.id])
    assert not take_lease(xapi_db, COMMAND_LINE, "s")
    status = outbox_status(xapi_db, COMMAND_LINE)
    assert status.paused_until is not None
    assert (status.pending, status.failing, status.dead) == (1, 1, 0)
    clock.advance(seconds=3)
    assert take_lease(xapi_db, COMMAND_LINE, "s")
    assert next_batch(xapi_db, COMMAND_LINE, "s", 10)[0].tries == 0


def test_sent_statements_lose_their_text_after_a_week_but_can_still_be_voided(xapi_db, cast, clock):
    mark_lesson_done(xapi_db, cast.learner_a, "legal-framework", "intro")
    take_lease(xapi_db, COMMAND_LINE, "s")
    (row,) = next_batch(xapi_db, COMMAND_LINE, "s", 10)
    record_outcome(xapi_db, COMMAND_LINE, "s", [row.id], {})
    release_lease(xapi_db, COMMAND_LINE, "s")
    assert _outbox(xapi_db)[0][0] == "sent"
    clock.advance(days=8)
    take_lease(xapi_db, COMMAND_LINE, "s")
    release_lease(xapi_db, COMMAND_LINE, "s")
    bodies = xapi_db.read(lambda tx: list(tx.session.scalars(select(XapiStatement.body))))
    assert bodies == [""]
    erase_user(xapi_db, COMMAND_LINE, cast.learner_a.user_id)
    ((state, voiding),) = _outbox(xapi_db)
    assert state == "pending"
    assert voiding["object"]["id"] == row.statement_id
