"""The learner's pages, driven like a browser would (AppTest), on a real database."""

from courseware.i18n import Translator
from courseware.store.attempts import get_attempt, list_attempts, submit_attempt
from courseware.store.progress import lessons_done
from courseware.ui.safe_text import plain
from tests.ui.conftest import go_to

LEARNER = "learner.a@example.org"


def labels(at, kind="button"):
    return [widget.label for widget in at.get(kind)]


def test_signed_out_visitors_are_offered_sign_in_and_sign_up(open_app):
    at = open_app(None)
    assert not at.exception
    assert labels(at, "link_button") == ["Sign in", "Create an account"]
    # Learning pages are not even registered for a visitor.
    pages = {page["url_pathname"] for page in at._registered_pages.values()}
    assert pages == {"", "verify"}


def test_a_new_learner_is_led_to_the_pretest_and_sees_every_module(open_app):
    at = open_app(LEARNER)
    assert not at.exception
    assert labels(at)[0] == "Start the pre-test"
    assert labels(at).count("Open") == 6
    assert any("pre-test" in info.value for info in at.info)


def test_answers_are_saved_as_given_and_survive_a_reload(open_app, app_db):
    db, cast = app_db
    at = open_app(LEARNER, "quiz", quiz="course-pretest")
    assert not at.exception
    start = next(b for b in at.button if b.label == "Start")
    at = start.click().run()
    assert not at.exception
    [summary] = list_attempts(db, cast.learner_a, cast.learner_a.user_id, "course-pretest")
    attempt = get_attempt(db, cast.learner_a, summary.id)
    question_id = attempt.layout.question_ids[0]
    choice = attempt.layout.option_orders[question_id][0]
    first = next(r for r in at.radio if r.key == f"attempt-{attempt.id}:{question_id}")
    at = first.set_value(choice).run()
    assert not at.exception
    # Saved the moment it was chosen, before any submit.
    assert get_attempt(db, cast.learner_a, summary.id).answers == {question_id: choice}

    # A reload is a new session: the same attempt, with the answer, in the same order.
    again = open_app(LEARNER, "quiz", quiz="course-pretest")
    assert again.radio(key=f"attempt-{attempt.id}:{question_id}").value == choice

    # Submitting with questions unanswered asks first; then the review shows the score.
    submit = next(b for b in again.button if b.label == "Submit")
    again = submit.click().run()
    assert any("have no answer" in w.value for w in again.warning)
    again = next(b for b in again.button if b.label == "Submit anyway").click().run()
    assert not again.exception
    [attempt] = list_attempts(db, cast.learner_a, cast.learner_a.user_id, "course-pretest")
    assert attempt.state == "submitted"
    assert any(m.label == "Score" for m in again.metric)


def test_a_saved_answer_is_said_in_a_live_region_under_its_question(open_app, app_db):
    db, cast = app_db
    at = open_app(LEARNER, "quiz", quiz="course-pretest")
    at = next(b for b in at.button if b.label == "Start").click().run()
    [summary] = list_attempts(db, cast.learner_a, cast.learner_a.user_id, "course-pretest")
    attempt = get_attempt(db, cast.learner_a, summary.id)
    question_id = attempt.layout.question_ids[0]

    def statuses(at):
        return [m.value for m in at.markdown if 'role="status"' in m.value]

    # One region per question, there and empty before any answer, so that its text is read.
    assert len(statuses(at)) == len(attempt.layout.question_ids)
    assert all(s.endswith('aria-atomic="true"></div>') for s in statuses(at))
    first, second = attempt.layout.option_orders[question_id][:2]
    radio = f"attempt-{attempt.id}:{question_id}"
    at = at.radio(key=radio).set_value(first).run()
    assert "Answer saved." in statuses(at)[0]
    # A second save changes the words, so a screen reader says it again.
    at = at.radio(key=radio).set_value(second).run()
    assert "Your answer is saved." in statuses(at)[0]
    assert get_attempt(db, cast.learner_a, summary.id).answers == {question_id: second}


def test_an_answer_to_an_attempt_submitted_elsewhere_is_refused_with_the_reason(open_app, app_db):
    db, cast = app_db
    at = open_app(LEARNER, "quiz", quiz="course-pretest")
    at = next(b for b in at.button if b.label == "Start").click().run()
    [summary] = list_attempts(db, cast.learner_a, cast.learner_a.user_id, "course-pretest")
    attempt = get_attempt(db, cast.learner_a, summary.id)
    question_id = attempt.layout.question_ids[0]
    # Another tab submits the attempt while this one is still open.
    submit_attempt(db, cast.learner_a, summary.id)
    choice = attempt.layout.option_orders[question_id][0]
    at = at.radio(key=f"attempt-{attempt.id}:{question_id}").set_value(choice).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["this attempt has been submitted"]
    assert get_attempt(db, cast.learner_a, summary.id).answers == {}
    # Said once: the next run of the page does not repeat it.
    assert not at.run().error


def test_lessons_render_and_are_marked_done(open_app, app_db):
    db, cast = app_db
    at = open_app(LEARNER, "module", module="legal-framework", lesson="definition")
    assert not at.exception
    assert any("Key points" in md.value for md in at.markdown)
    at = next(b for b in at.button if b.label == "Mark as done and continue").click().run()
    assert ("legal-framework", "definition") in lessons_done(
        db, cast.learner_a, cast.learner_a.user_id
    )


def test_the_language_switch_is_remembered_for_the_user(open_app):
    at = open_app(LEARNER)
    switch = next(r for r in at.radio if r.label == "Language / Jezik")
    at = switch.set_value(("sr", "latin")).run()
    assert not at.exception
    again = open_app(LEARNER)
    assert labels(again)[0] == "Započnite ulazni test"
    cyrillic = next(r for r in again.radio if r.label == "Language / Jezik")
    again = cyrillic.set_value(("sr", "cyrillic")).run()
    assert labels(open_app(LEARNER))[0] == "Започните улазни тест"


def test_roles_only_reach_their_own_pages(open_app):
    learner = open_app(LEARNER)
    for page in ("cohorts", "dashboard", "accounts", "content"):
        try:
            go_to(learner, page)
        except ValueError:
            continue
        raise AssertionError(f"a learner reached {page}")
    # A trainer starts on their cohorts; the coordinator on the dashboard.
    trainer = open_app("trainer.a@example.org")
    assert not trainer.exception
    assert trainer.title[0].value == "My cohorts"
    assert open_app("coordinator@example.org").title[0].value == "Dashboard"
    admin = open_app("admin@example.org", "content")
    assert not admin.exception
    assert any(s.value == "The course files have no problems." for s in admin.success)


def test_the_public_verify_page_rejects_unknown_codes(open_app):
    at = open_app(None, "verify", code="AAAAA-BBBBB")
    assert not at.exception
    assert "No certificate has this code" in at.error[0].value


SSO = {
    "client_id": "x",
    "client_secret": "y",
    "redirect_uri": "http://localhost/oauth2callback",
    "cookie_secret": "z",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}


def test_single_sign_on_matches_accounts_by_email_and_never_creates_one(app_db):
    from streamlit.testing.v1 import AppTest

    from tests.ui.conftest import MAIN

    at = AppTest.from_file(MAIN, default_timeout=30)
    at.secrets["auth"] = SSO
    at.run()
    assert not at.exception, at.exception
    assert "Sign in with your organisation account" in labels(at)

    at.user = {"is_logged_in": True, "email": "Learner.A@example.org", "name": "A"}
    at.run()
    assert not at.exception
    assert labels(at)[0] == "Start the pre-test"

    at.user = {"is_logged_in": True, "email": "stranger@example.org", "name": "S"}
    at.run()
    # The address the identity provider gave is shown as text (escaped for Markdown).
    unknown = f"No account in this course uses {plain('stranger@example.org')}"
    assert unknown in at.error[0].value
    assert {page["url_pathname"] for page in at._registered_pages.values()} == {"", "verify"}


def test_an_empty_installation_leads_to_the_administrator_setup(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from courseware.ui import resources
    from tests.ui.conftest import MAIN

    monkeypatch.setenv("COURSEWARE_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    resources.reset()
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    resources.reset()
    assert [b.label for b in at.get("link_button")] == ["Set up the course"]


def test_the_data_page_says_how_long_backups_keep_an_erased_account(open_app):
    at = open_app("learner.a@example.org", "results")
    assert not at.exception
    notes = [caption.value for caption in at.caption]
    assert Translator("en")("results.erasure_note", days=14) in notes
    assert any("at most 14 days later" in note for note in notes)


def test_one_question_per_screen_with_the_count_answered_and_submit_on_every_screen(
    open_app, app_db
):
    db, cast = app_db
    at = open_app(LEARNER, "quiz", quiz="course-pretest")
    at = next(b for b in at.button if b.label == "Start").click().run()
    [summary] = list_attempts(db, cast.learner_a, cast.learner_a.user_id, "course-pretest")
    attempt = get_attempt(db, cast.learner_a, summary.id)
    ids = attempt.layout.question_ids
    # Off by default away from a phone: every question on the page.
    assert at.toggle(key="one_per_screen").value is False
    assert len(at.caption) >= len(ids)

    at = at.toggle(key="one_per_screen").set_value(True).run()
    assert not at.exception

    def shown(at):
        return [r.key for r in at.radio if r.key.startswith(f"attempt-{attempt.id}:")]

    def progress(at):
        [bar] = at.get("progress")
        return bar.proto.text

    assert shown(at) == [f"attempt-{attempt.id}:{ids[0]}"]
    assert progress(at) == f"0 of {len(ids)} answered"
    assert labels(at)[-1] == "Submit"
    previous = next(b for b in at.button if b.label == "Previous question")
    assert previous.disabled

    # An answer counts at once (the question's own rerun), and is saved.
    choice = attempt.layout.option_orders[ids[0]][0]
    at = at.radio(key=f"attempt-{attempt.id}:{ids[0]}").set_value(choice).run()
    assert progress(at) == f"1 of {len(ids)} answered"
    assert get_attempt(db, cast.learner_a, summary.id).answers == {ids[0]: choice}

    def numbers(at):
        return [c.value for c in at.caption if c.value.startswith("Question ")]

    assert numbers(at) == [f"Question 1 of {len(ids)}"]
    at = next(b for b in at.button if b.label == "Next question").click().run()
    assert numbers(at) == [f"Question 2 of {len(ids)}"]
    assert f"attempt-{attempt.id}:{ids[0]}" not in shown(at)
    at = next(b for b in at.button if b.label == "Previous question").click().run()
    assert at.radio(key=f"attempt-{attempt.id}:{ids[0]}").value == choice

    # The choice holds on the next visit to a quiz page in the same session.
    at = go_to(at, "quiz", quiz="course-pretest")
    assert at.toggle(key="one_per_screen").value is True


def test_survey_text_with_a_phone_number_is_refused_in_the_learners_language(open_app, app_db):
    db, cast = app_db
    at = open_app(LEARNER, "quiz", quiz="course-evaluation")
    at = next(b for b in at.button if b.label == "Start").click().run()
    [summary] = list_attempts(db, cast.learner_a, cast.learner_a.user_id, "course-evaluation")
    key = f"attempt-{summary.id}:ev-most-useful"
    at = at.text_area(key=key).input("The case studies. Call me on 063 123 4567").run()
    assert not at.exception
    message = Translator("en")("quiz.remove_contact_details")
    assert [e.value for e in at.error] == [plain(message)]
    assert get_attempt(db, cast.learner_a, summary.id).answers == {}
    at = at.text_area(key=key).input("The case studies.").run()
    assert not at.error
    assert get_attempt(db, cast.learner_a, summary.id).answers == {
        "ev-most-useful": "The case studies."
    }


def test_a_lessons_author_notes_never_reach_the_page(open_app, course_dir, monkeypatch):
    """The lesson page itself (not only the splitting helper) shows the lesson without its
    notes, inline or on their own lines, in English and in Serbian."""
    from courseware.content.catalog import load_catalog
    from courseware.ui import resources

    notes = {
        "en": "Claim one. <!-- author-note: SECRET-EN-1 not verified -->\n\n"
        "<!-- author-note: SECRET-EN-2\n     over two lines -->\nClaim two.\n",
        "sr": "Tvrdnja. <!-- author-note: SECRET-SR-1 nije provereno -->\n",
    }
    for language, body in notes.items():
        (course_dir / f"modules/basics/01-intro.{language}.md").write_text(
            f"# Intro\n\n{body}", encoding="utf-8"
        )
    catalog = load_catalog(course_dir)
    monkeypatch.setattr(resources, "catalog", lambda: catalog)

    at = open_app(LEARNER, "module", module="basics", lesson="intro")
    assert not at.exception
    shown = "\n".join(md.value for md in at.markdown)
    assert "Claim one." in shown and "Claim two." in shown
    assert "SECRET" not in shown and "author-note" not in shown
    switch = next(r for r in at.radio if r.label == "Language / Jezik")
    at = switch.set_value(("sr", "latin")).run()
    assert not at.exception
    shown = "\n".join(md.value for md in at.markdown)
    assert "Tvrdnja." in shown and "SECRET" not in shown
