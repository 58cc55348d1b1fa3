"""What an answer click costs the server: the question answered is run again, not the whole
quiz page. Spoken over Streamlit's own websocket protocol, as the browser speaks it (no
browser needed), against the app as `make run` serves it."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.streamlit_client import FINISHED, StreamlitSession
from courseware.content.catalog import load_catalog
from courseware.content.fields import localize
from courseware.i18n import Translator
from courseware.settings import REPO_ROOT, load_settings
from courseware.store import open_database
from courseware.store.attempts import get_attempt, list_attempts
from courseware.store.auth import authenticate, sign_in
from courseware.store.signup import sign_up_with_invite

QUIZ = "legal-framework-final"
ENGLISH = Translator("en")


def test_an_answer_click_reruns_its_question_alone_and_saves_the_answer(app_server):
    db = open_database(
        load_settings(
            database_url=app_server.database_url,
            password_hash_time_cost=1,
            password_hash_memory_kib=64,
        )
    )
    sign_up_with_invite(
        db,
        invite_code=app_server.invite_code,
        email="learner@example.org",
        display_name="Learner",
        password="a learner's long password",
        language="en",
        address="127.0.0.1",
    )
    token = sign_in(db, "learner@example.org", "a learner's long password", "127.0.0.1").token
    actor = authenticate(db, token).actor
    quiz = load_catalog(REPO_ROOT).quizzes[QUIZ]
    leaves = {leaf.id: leaf for question in quiz.questions for leaf in question.leaves()}
    # Questions of their own (a scenario's sub-questions share its fragment).
    single_choices = {
        question.id
        for question in quiz.questions
        if question.type == "single_choice" and question.leaves() == [question]
    }

    async def journey() -> None:
        session = StreamlitSession(app_server.url, {"courseware_session": token})
        try:
            await session.open("quiz", f"quiz={QUIZ}")
            await session.click(ENGLISH("quiz.start"))
            assert session.finished == FINISHED.FINISHED_SUCCESSFULLY
            questions = [
                radio for radio in session.radios() if radio.id.rsplit(":", 1)[-1] in single_choices
            ]
            first, second = questions[:2]
            assert first.fragment_id and second.fragment_id != first.fragment_id

            for radio in (first, second):
                await session.choose(radio.id, radio.options[0])
                assert session.finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                assert session.drawn == [radio.id]

            [summary] = list_attempts(db, actor, actor.user_id, QUIZ)
            attempt = get_attempt(db, actor, summary.id)
            for radio in (first, second):
                leaf = leaves[radio.id.rsplit(":", 1)[-1]]
                label = radio.options[0]
                chosen = next(o.id for o in leaf.options if localize(o.text, "en") == label)
                assert attempt.answers[leaf.id] == chosen

            # Submitting runs the whole page, which counts the answers saved meanwhile.
            await session.click(ENGLISH("quiz.submit"))
            assert session.finished == FINISHED.FINISHED_SUCCESSFULLY
            shown = [
                leaf
                for question in quiz.questions
                if question.id in attempt.layout.question_ids
                for leaf in question.leaves()
            ]
            unanswered = len(shown) - 2
            assert ENGLISH("quiz.unanswered_warning", count=unanswered) in session.texts
        finally:
            await session.close()

    try:
        # In a thread of its own: Playwright (the browser tests) keeps an event loop running
        # in this one for the whole test session.
        with ThreadPoolExecutor(max_workers=1) as own_thread:
            own_thread.submit(lambda: asyncio.run(journey())).result()
    finally:
        db.dispose()
