"""What people type is shown as they typed it, never run as Markdown: no image loads from a
display name, no link appears, no LaTeX, emoji, coloured text or HTML (AppTest, real
database; each place a name, a cohort name, an email, a free-text answer or a refusal that
quotes one appears)."""

from __future__ import annotations

import re
import string

from hypothesis import given
from hypothesis import strategies as st

from courseware.access import COMMAND_LINE
from courseware.store.accounts import (
    create_organisation,
    update_profile,
)
from courseware.store.cohorts import (
    create_cohort,
)
from courseware.ui import resources
from courseware.ui.safe_text import WORD_JOINER, plain
from tests.databases import enrolled_learner
from tests.report_data import right_answers, take
from tests.ui.conftest import go_to

IMAGE = "![t](http://attacker/pixel.png)"
LINK = "[re-login](http://x/phish)"
NAME = f"{IMAGE} {LINK} :red[Ana] :smile: $x^2$ <img src=x> www.x.org"
LEARNER, TRAINER, ADMIN = "learner.a@example.org", "trainer.a@example.org", "admin@example.org"


def text_node(markdown: str) -> str:
    """What CommonMark makes of backslash escapes: the character itself."""
    return re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", markdown)


def unescaped(markdown: str) -> list[str]:
    """ASCII punctuation in `markdown` without a backslash before it (Markdown syntax)."""
    found, index = [], 0
    while index < len(markdown):
        if markdown[index] == "\\" and index + 1 < len(markdown):
            index += 2
            continue
        if markdown[index] in string.punctuation:
            found.append(markdown[index])
        index += 1
    return found


def shows_literally(rendered: str, typed: str) -> bool:
    """`rendered` (what the page sent to the browser) holds `typed` only in its safe form."""
    return plain(typed) in rendered and typed not in rendered


@given(st.text())
def test_any_text_renders_as_its_own_characters_and_nothing_else(typed):
    markdown = plain(typed)
    # Every ASCII punctuation character is escaped: CommonMark makes it a literal character,
    # so no link, image, emphasis, heading, list, table, HTML, entity, autolink or LaTeX.
    assert unescaped(markdown) == []
    node = text_node(markdown)
    assert node.replace(WORD_JOINER, "") == typed
    # Emoji and icon shortcodes are matched in the parsed text (remark-emoji; Streamlit's own
    # check): the word joiner keeps them from matching.
    assert not re.search(r":[\w+-][\w+-]*:", node)


def test_markdown_in_a_name_is_shown_as_text_in_the_sidebar_and_the_account_page(open_app, app_db):
    db, cast = app_db
    update_profile(db, cast.learner_a, display_name=NAME)
    at = open_app(LEARNER, "account")
    assert not at.exception
    assert [c.value for c in at.sidebar.caption if shows_literally(c.value, NAME)]
    assert [m.value for m in at.markdown if shows_literally(m.value, NAME)]
    page = [e.value for e in [*at.markdown, *at.caption, *at.sidebar.caption]]
    assert not [value for value in page if IMAGE in value or LINK in value]


def test_a_trainer_sees_a_learners_name_as_text(open_app, app_db):
    db, cast = app_db
    update_profile(db, cast.learner_a, display_name=NAME)
    at = open_app(TRAINER)  # the cohorts page is a trainer's first
    assert not at.exception
    links = [link.proto.label for link in at.get("page_link")]
    assert [label for label in links if shows_literally(label, NAME)], links
    at = go_to(at, "learner", user=str(cast.learner_a.user_id), cohort=str(cast.cohort_a.id))
    assert not at.exception
    assert [s.value for s in at.subheader if shows_literally(s.value, NAME)]


def test_an_admin_about_to_erase_an_account_sees_its_name_as_text(open_app, app_db):
    db, cast = app_db
    update_profile(db, cast.learner_a, display_name=NAME)
    at = open_app(ADMIN, "accounts")
    manage = next(s for s in at.selectbox if s.label == "Manage an account")
    at = manage.set_value(cast.learner_a.user_id).run()
    at = next(b for b in at.button if b.label == "Erase…").click().run()
    assert not at.exception
    assert [w.value for w in at.warning if shows_literally(w.value, NAME)]


def test_a_written_answer_is_shown_as_text_in_the_review(open_app, app_db):
    db, cast = app_db
    survey = resources.catalog().quizzes["course-evaluation"]
    attempt = take(db, cast.learner_a, survey, {"ev-most-useful": NAME})
    at = open_app(LEARNER, "review", attempt=str(attempt.id))
    assert not at.exception
    assert [m.value for m in at.markdown if shows_literally(m.value, NAME)]


def test_a_cohort_name_is_shown_as_text_in_the_misconception_brief(open_app, app_db):
    db, cast = app_db
    cohort = create_cohort(
        db, cast.trainer_a, name=NAME, organisation_id=cast.cohort_a.organisation_id
    )
    learner = enrolled_learner(db, "nina@example.org", cohort)
    pretest = resources.catalog().quizzes["course-pretest"]
    take(db, learner, pretest, right_answers(pretest, 3))
    at = open_app(TRAINER, "quiz-report", cohort=str(cohort.id))
    assert not at.exception
    assert (
        [m.value for m in at.main.markdown if m.value.startswith("### ")]
        == [m.value for m in at.main.markdown if shows_literally(m.value, NAME)]
        != []
    )


def test_a_refusal_that_quotes_a_name_shows_it_as_text(open_app, app_db):
    create_organisation(app_db[0], COMMAND_LINE, NAME)
    at = open_app(ADMIN)  # the organisations page is an admin's first
    next(t for t in at.text_input if t.label == "New organisation").set_value(NAME)
    at = next(b for b in at.button if b.label == "Add").click().run()
    assert not at.exception
    assert [e.value for e in at.error if shows_literally(e.value, NAME)]


def test_a_short_answer_typed_by_learners_is_shown_as_text_in_the_quiz_report(
    open_app, app_db, monkeypatch
):
    """The most common wrong short answer is the learners' own text: the report's readings
    and the misconception brief name it, as text."""
    from courseware.content.quiz import load_quiz
    from tests.quiz_files import quiz_yaml

    db, cast = app_db
    catalog = resources.catalog()
    header = "id: course-pretest\nmodule: legal-framework\nkind: pretest\ntitle: {en: Pre}\n"
    short = """\
    - id: cptv
      type: short_answer
      prompt: {en: "Which centre identifies victims?"}
      answers:
        - {text: "CPTV"}
    """
    quiz = load_quiz(quiz_yaml(short, header).encode(), "pre.yaml").value
    monkeypatch.setitem(catalog.quizzes, quiz.id, quiz)
    cohort = cast.cohort_a
    for number in range(3):
        learner = enrolled_learner(db, f"l{number}@example.org", cohort)
        take(db, learner, quiz, {"cptv": IMAGE if number else "CPTV"})
    at = open_app(TRAINER, "quiz-report", cohort=str(cohort.id))
    report = next(box for box in at.selectbox if box.label == "Quiz")
    at = report.set_value(quiz.id).run()
    assert not at.exception
    shown = (at.main.markdown, at.main.warning, at.main.info)
    rendered = [element.value for kind in shown for element in kind]
    assert not [value for value in rendered if IMAGE in value]
    assert [value for value in rendered if shows_literally(value, IMAGE)]
    brief = next(m.value for m in at.main.markdown if m.value.startswith("### "))
    assert shows_literally(brief, IMAGE)


def test_a_certificate_holders_name_is_shown_as_text_on_the_public_verify_page(open_app, app_db):
    """Anyone with the code sees this page: a link in a name would be a phishing link on the
    course's own site."""
    from courseware.store.certificates import issue_certificate
    from tests.ui.test_regrade_pages import QUIZ, as_taken_before, taken

    db, cast = app_db
    taken(db, cast.learner_a, as_taken_before(), right=None)
    update_profile(db, cast.learner_a, display_name=NAME)
    code = issue_certificate(db, cast.learner_a, [QUIZ]).verification_code
    at = open_app(None, "verify", code=code)
    assert not at.exception
    assert [s.value for s in at.success if shows_literally(s.value, NAME)]


def test_a_holders_name_and_the_reason_are_shown_as_text_in_the_certificate_reviews(
    open_app, app_db
):
    from decimal import Decimal

    from courseware.store.certificates import issue_certificate
    from courseware.store.regrade import apply_regrade
    from tests.ui.test_regrade_pages import QUIZ, as_taken_before, taken

    db, cast = app_db
    taken(db, cast.learner_a, as_taken_before(pass_mark=Decimal("0.01")), right=1)
    issue_certificate(db, cast.learner_a, [QUIZ])
    update_profile(db, cast.learner_a, display_name=NAME)
    quiz = resources.catalog().quizzes[QUIZ]
    apply_regrade(db, cast.admin, quiz, LINK, certificate_quizzes=[QUIZ])
    at = open_app(ADMIN, "regrade")
    assert not at.exception
    lines = [m.value for m in at.markdown if "CW-" in m.value]
    assert lines and all(shows_literally(line, NAME) for line in lines)
    assert all(LINK not in line for line in lines)
