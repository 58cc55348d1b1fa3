"""Learning records delivered to a real LRS (Ralph, tests/ralph/): it validates every
statement against its xAPI models and gives them back filtered by activity and registration.
Outages, a sender killed mid-way and two instances sending at once lose nothing and deliver
nothing twice."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select, update

from courseware.access import COMMAND_LINE
from courseware.content.catalog import load_catalog
from courseware.content.questions import answer_as_json
from courseware.lrs.sender import send_once
from courseware.settings import REPO_ROOT
from courseware.store import Database
from courseware.store.attempts import save_answer, start_attempt, submit_attempt
from courseware.store.bulk import load_demo
from courseware.store.models import XapiSenderLease, XapiStatement
from courseware.store.privacy import erase_user
from courseware.store.progress import mark_lesson_done
from courseware.store.xapi_outbox import outbox_status
from tests.conftest import xapi_settings

CATALOG = load_catalog(REPO_ROOT)
ADL = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def lrs_db(db, clock, ralph):
    database = Database(db.url, xapi_settings(db.url, ralph.endpoint), clock)
    yield database
    database.dispose()


def _take(db, learner, quiz_id, right=True):
    """Every question of the attempt answered (right, or with a wrong answer), submitted."""
    quiz = CATALOG.quizzes[quiz_id]
    attempt = start_attempt(db, learner, quiz)
    for question in quiz.questions:
        if question.id not in attempt.layout.question_ids:
            continue
        for leaf in question.leaves():
            wrong = leaf.wrong_answers()
            answer = leaf.correct_answer() if right or not wrong else wrong[0][0]
            save_answer(db, learner, attempt.id, leaf.id, answer_as_json(answer))
    return submit_attempt(db, learner, attempt.id)


def _registration(db, attempt_id):
    body = db.read(
        lambda tx: tx.session.scalar(
            select(XapiStatement.body).where(XapiStatement.attempt_id == attempt_id).limit(1)
        )
    )
    return json.loads(body)["context"]["registration"]


def _as_stored(ralph, statements):
    """`statements` in the order the LRS stored them (its file's order)."""
    wanted = {s["id"]: s for s in statements}
    return [wanted[line["id"]] for line in ralph.stored_lines() if line["id"] in wanted]


def _outbox_ids(db, *where):
    return db.read(
        lambda tx: list(
            tx.session.scalars(
                select(XapiStatement.statement_id).where(*where).order_by(XapiStatement.id)
            )
        )
    )


def test_a_lesson_a_check_and_a_final_arrive_with_their_verbs_scores_and_context(
    lrs_db, cast, ralph
):
    mark_lesson_done(lrs_db, cast.learner_a, "legal-framework", "definition")
    check = _take(lrs_db, cast.learner_a, "legal-framework-check-1")
    final = _take(lrs_db, cast.learner_a, "legal-framework-final")
    done = send_once(lrs_db)
    assert (done.delivered, done.refused, done.unreachable) == (
        len(_outbox_ids(lrs_db)),
        0,
        None,
    )
    base = lrs_db.settings.xapi_base

    in_final = ralph.statements(registration=_registration(lrs_db, final.id))
    verbs = [s["verb"]["id"].removeprefix(ADL) for s in _as_stored(ralph, in_final)]
    answered = len(final.answers)
    assert verbs == ["attempted"] + ["answered"] * answered + ["passed", "completed"]
    passed = next(s for s in in_final if s["verb"]["id"] == ADL + "passed")
    assert passed["object"]["id"] == f"{base}/quiz/legal-framework-final"
    assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] == 1.0
    assert passed["result"]["duration"].startswith("PT")
    context = passed["context"]
    assert context["contextActivities"]["parent"][0]["id"] == f"{base}/module/legal-framework"
    assert context["contextActivities"]["grouping"][0]["id"].startswith(f"{base}/course/")
    assert context["language"] == "en" and context["platform"].startswith("courseware ")

    by_type = {
        s["object"]["definition"]["interactionType"]: s
        for s in in_final
        if s["verb"]["id"] == ADL + "answered"
    }
    kinds = {
        "single_choice": "choice",
        "multiple_choice": "choice",
        "true_false": "true-false",
        "matching": "matching",
        "ordering": "sequencing",
        "branching": "sequencing",
        "numeric": "numeric",
    }
    quiz = CATALOG.quizzes["legal-framework-final"]
    drawn = [leaf for leaf in quiz.leaves() if leaf.id in final.answers]
    assert set(by_type) == {kinds[leaf.type] for leaf in drawn}
    path = by_type["sequencing"]
    for statement in by_type.values():
        result, definition = statement["result"], statement["object"]["definition"]
        assert result["response"] in definition["correctResponsesPattern"] or (
            definition["interactionType"] == "numeric"
        )
        assert result["score"]["scaled"] == 1.0 and result["success"] is True
        assert set(definition["description"]) == {"en", "sr"}
    assert "[,]" in path["result"]["response"]

    lesson = ralph.statements(activity=f"{base}/module/legal-framework/lesson/definition")
    assert [s["verb"]["id"] for s in lesson] == [ADL + "experienced"]
    assert lesson[0]["object"]["definition"]["name"]["sr"]
    attempts_at_check = ralph.statements(activity=f"{base}/quiz/legal-framework-check-1")
    assert {s["verb"]["id"] for s in attempts_at_check} == {ADL + "attempted", ADL + "passed"}
    assert {s["context"]["registration"] for s in attempts_at_check} == {
        _registration(lrs_db, check.id)
    }


def test_a_survey_sends_the_scale_but_never_the_comment(lrs_db, cast, ralph):
    attempt = start_attempt(lrs_db, cast.learner_a, CATALOG.quizzes["course-evaluation"])
    quiz = CATALOG.quizzes["course-evaluation"]
    for leaf in quiz.leaves():
        answer = "Jelena from the shelter" if leaf.type == "text" else 4
        save_answer(lrs_db, cast.learner_a, attempt.id, leaf.id, answer)
    submit_attempt(lrs_db, cast.learner_a, attempt.id)
    assert send_once(lrs_db).refused == 0
    stored = ralph.statements(registration=_registration(lrs_db, attempt.id))
    assert "Jelena" not in json.dumps(stored)
    types = {
        s["object"]["definition"]["interactionType"]
        for s in stored
        if s["verb"]["id"] == ADL + "answered"
    }
    assert types == {"likert", "long-fill-in"}


def test_an_outage_loses_nothing_and_delivers_everything_once_in_order(lrs_db, cast, clock, ralph):
    ralph.stop()
    try:
        attempts = [
            _take(lrs_db, learner, "legal-framework-check-2", right=False)
            for learner in (cast.learner_a, cast.other_learner_a)
        ]
        done = send_once(lrs_db)
        assert done.delivered == 0 and "cannot be reached" in done.unreachable
        status = outbox_status(lrs_db, cast.admin)
        assert status.pending == len(_outbox_ids(lrs_db)) and status.dead == 0
        assert status.paused_until is not None
    finally:
        ralph.start()
    # The pause after the failure runs out, then the sender takes up where it stopped.
    assert send_once(lrs_db).lease_taken is False
    clock.advance(seconds=5)
    assert send_once(lrs_db).delivered == len(_outbox_ids(lrs_db))
    for attempt in attempts:
        ids = _outbox_ids(lrs_db, XapiStatement.attempt_id == attempt.id)
        stored = _as_stored(ralph, ralph.statements(registration=_registration(lrs_db, attempt.id)))
        assert [s["id"] for s in stored] == ids
        assert stored[-1]["verb"]["id"] == ADL + "failed"
    assert outbox_status(lrs_db, cast.admin).pending == 0


def _sender_process(db, *args):
    env = os.environ | {
        "COURSEWARE_DATABASE_URL": db.url,
        "COURSEWARE_XAPI_ENDPOINT": db.settings.xapi_endpoint,
        "COURSEWARE_XAPI_USERNAME": db.settings.xapi_username,
        "COURSEWARE_XAPI_PASSWORD": db.settings.xapi_password.get_secret_value(),
        # Small batches: many requests, so that a kill lands between two of them.
        "COURSEWARE_XAPI_BATCH_SIZE": "2",
        "COURSEWARE_SECRET_KEY": db.settings.secret_key.get_secret_value(),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "courseware", "xapi", "send", *args],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _sent(db) -> int:
    return db.read(
        lambda tx: tx.session.scalar(
            select(func.count()).select_from(XapiStatement).where(XapiStatement.state == "sent")
        )
    )


def test_a_sender_killed_mid_way_delivers_the_rest_after_restart_none_twice(lrs_db, cast, ralph):
    for learner in (cast.learner_a, cast.other_learner_a, cast.learner_b):
        _take(lrs_db, learner, "legal-framework-final")
    ours = set(_outbox_ids(lrs_db))
    sender = _sender_process(lrs_db)
    deadline = time.monotonic() + 60
    while _sent(lrs_db) < 10 and time.monotonic() < deadline:
        time.sleep(0.02)
    sender.send_signal(signal.SIGKILL)
    sender.wait()
    assert 0 < _sent(lrs_db) < len(ours)
    # The killed sender's lease runs out (a minute later, in real life).
    lrs_db.write(lambda tx: tx.session.execute(update(XapiSenderLease).values(until=tx.now)))
    again = _sender_process(lrs_db, "--once")
    output = again.communicate(timeout=120)[0].decode()
    assert again.returncode == 0, output
    assert _sent(lrs_db) == len(ours)
    stored = [line["id"] for line in ralph.stored_lines() if line["id"] in ours]
    assert sorted(stored) == sorted(ours)


@pytest.mark.postgres
def test_two_instances_sending_at_once_deliver_each_statement_once(lrs_db, cast, ralph):
    if lrs_db.engine.dialect.name != "postgresql":
        pytest.skip("two instances share a PostgreSQL database")
    for learner in (cast.learner_a, cast.other_learner_a, cast.learner_b):
        _take(lrs_db, learner, "legal-framework-check-4")
    ours = set(_outbox_ids(lrs_db))
    instances = [Database(lrs_db.url, lrs_db.settings) for _ in range(2)]
    delivered = [0, 0]

    def run(index):
        # Each instance keeps trying until the outbox is empty, as its thread would.
        while _sent(instances[index]) < len(ours):
            delivered[index] += send_once(instances[index]).delivered
            time.sleep(0.01)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for instance in instances:
        instance.dispose()
    assert sum(delivered) == len(ours)
    stored = [line["id"] for line in ralph.stored_lines() if line["id"] in ours]
    assert sorted(stored) == sorted(ours)


def test_the_demo_learners_statements_are_all_taken_by_the_lrs(lrs_db, ralph):
    summary = load_demo(lrs_db, 6, seed=3, replace_existing=True, xapi=True)
    written = summary.counts["xapi_outbox"]
    verbs = set(lrs_db.read(lambda tx: tx.session.scalars(select(XapiStatement.verb).distinct())))
    assert {"experienced", "attempted", "answered", "passed", "failed"} <= verbs
    done = send_once(lrs_db)
    assert (done.delivered, done.refused) == (written, 0)


def test_a_statement_the_lrs_refuses_is_found_and_waits_the_others_go(lrs_db, cast, ralph):
    mark_lesson_done(lrs_db, cast.learner_a, "legal-framework", "definition")
    mark_lesson_done(lrs_db, cast.learner_a, "legal-framework", "council-of-europe")

    def break_the_first(tx):
        row = tx.session.scalar(select(XapiStatement).order_by(XapiStatement.id).limit(1))
        body = json.loads(row.body)
        del body["actor"]["account"]["name"]
        row.body = json.dumps(body)

    lrs_db.write(break_the_first)
    done = send_once(lrs_db)
    assert (done.delivered, done.refused, done.unreachable) == (1, 1, None)
    status = outbox_status(lrs_db, cast.admin)
    assert (status.pending, status.failing) == (1, 1)
    assert status.last_error.startswith("refused (422): body.0.actor")


def test_an_erased_learners_statements_are_voided_at_the_lrs(lrs_db, cast, ralph):
    mark_lesson_done(lrs_db, cast.learner_a, "legal-framework", "definition")
    (sent,) = _outbox_ids(lrs_db)
    send_once(lrs_db)
    attempt = start_attempt(lrs_db, cast.learner_a, CATALOG.quizzes["legal-framework-check-1"])
    erase_user(lrs_db, COMMAND_LINE, cast.learner_a.user_id)
    assert send_once(lrs_db).delivered == 1
    voiding = [line for line in ralph.stored_lines() if line.get("object", {}).get("id") == sent]
    assert [line["verb"]["id"] for line in voiding] == [ADL + "voided"]
    assert voiding[0]["actor"]["account"]["name"] == "courseware"
    # The attempt begun before the erasure was never sent: nothing of it reached the LRS.
    assert not _outbox_ids(lrs_db, XapiStatement.attempt_id == attempt.id)
