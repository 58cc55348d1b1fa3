"""The practice page against the app as `make run` serves it, spoken over Streamlit's own
websocket protocol (no browser needed): an answer reruns its question alone and is saved at
once; checking it runs the page, which shows the feedback."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bench.streamlit_client import FINISHED, StreamlitSession
from courseware.content.catalog import load_catalog
from courseware.i18n import Translator
from courseware.settings import REPO_ROOT
from courseware.store.auth import authenticate
from courseware.store.practice import my_practice, practice_set
from tests.e2e.conftest import open_server_database, sign_up_learner
from tests.followup.helpers import certify

ENGLISH = Translator("en")
RADIO_TYPES = ("single_choice", "true_false")


def _learner_with_a_radio_item(db, server, catalog):
    """A learner certified four days ago (the real course's first set is due on day 3) whose
    set holds a question answered with a radio button (the draw is random: 99 % at once)."""
    for number in range(5):
        token = sign_up_learner(
            db, server, f"learner{number}@example.org", "Learner", "a learner's long password"
        )
        actor = authenticate(db, token).actor
        certify(db, actor.user_id, at=datetime.now(UTC) - timedelta(days=4))
        practice = my_practice(db, actor, catalog.course.practice, catalog.quizzes)
        set_id = practice.next_due()
        items = practice_set(db, actor, set_id).items
        radio = next((i for i in items if i.question.type in RADIO_TYPES), None)
        if radio is not None:
            return token, actor, set_id, radio
    raise AssertionError("no set with a radio question in five draws")


def test_an_answer_reruns_its_question_alone_is_saved_and_checked(app_server):
    db = open_server_database(app_server)
    catalog = load_catalog(REPO_ROOT)
    token, actor, set_id, item = _learner_with_a_radio_item(db, app_server, catalog)
    key = f"practice-{set_id}-{item.position}:{item.question.id}"

    async def journey() -> None:
        session = StreamlitSession(app_server.url, {"courseware_session": token})
        try:
            await session.open("practice", f"set={set_id}")
            assert session.finished == FINISHED.FINISHED_SUCCESSFULLY
            [radio] = [r for r in session.radios() if r.id.endswith(key)]
            await session.choose(radio.id, radio.options[0])
            assert session.finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            # Only this question's widgets: its radio and its Check button.
            check = f"check-{set_id}-{item.position}"
            assert session.drawn[0] == radio.id and len(session.drawn) == 2
            assert session.drawn[1].endswith(check)
            saved = practice_set(db, actor, set_id).items[item.position]
            assert list(saved.answers) == [item.question.id] and not saved.checked
            await session.press(session.drawn[1])
            # The check runs the whole page (the set may now be finished).
            assert session.finished == FINISHED.FINISHED_SUCCESSFULLY
            assert practice_set(db, actor, set_id).items[item.position].checked
            assert any(ENGLISH("review.your_answer") in text for text in session.texts), (
                session.texts[-15:]
            )
        finally:
            await session.close()

    try:
        # In a thread of its own: Playwright (the browser tests) keeps an event loop running
        # in this one for the whole test session.
        with ThreadPoolExecutor(max_workers=1) as own_thread:
            own_thread.submit(lambda: asyncio.run(journey())).result()
    finally:
        db.dispose()
