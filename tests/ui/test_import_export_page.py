"""The Import and export page: trainers download, admins also convert an uploaded bank and
see it as learners would (AppTest, real database)."""

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import go_to

TRAINER = "trainer.a@example.org"
ADMIN = "admin@example.org"
LEARNER_PAGES_ONLY = "learner.a@example.org"


def test_a_trainer_downloads_a_quiz_or_the_course_but_cannot_upload(open_app):
    at = open_app(TRAINER, "import-export")
    assert not at.exception
    assert at.title[0].value == "Import and export"
    assert [b.label for b in at.get("download_button")] == ["Download"]
    assert not at.get("file_uploader")
    quiz = next(s for s in at.selectbox if s.label == "Quiz")
    assert quiz.value == ""  # the whole course, as a ZIP
    at = quiz.set_value("legal-framework-final").run()
    assert not at.exception
    assert "Warnings (2): where Moodle differs" in [e.label for e in at.expander]


def test_an_admin_also_gets_the_converter(open_app):
    at = open_app(ADMIN, "import-export")
    assert not at.exception
    assert len(at.get("file_uploader")) == 1
    assert "Convert a question bank" in [h.value for h in at.subheader]


def test_the_page_is_not_there_for_learners(open_app):
    at = open_app(LEARNER_PAGES_ONLY)
    try:
        go_to(at, "import-export")
    except ValueError as error:
        assert "not registered" in str(error)
    else:
        raise AssertionError("a learner reached the import page")


def _converted_app():
    from pathlib import Path
    from types import SimpleNamespace

    from courseware.i18n import Translator
    from courseware.ui.views import interop

    fixture = Path("tests/interop/fixtures/moodle-export.xml").resolve()

    class Upload:
        name = "moodle-export.xml"

        def getvalue(self):
            return fixture.read_bytes()

    t = Translator("en")
    ctx = SimpleNamespace(t=t, text=lambda v: v if isinstance(v, str) else v["en"])
    result = interop._convert(ctx, Upload(), "moodle-xml", "bank", "legal-framework", "final")
    interop._show_result(ctx, *result)
    bad = interop._convert(ctx, Upload(), "gift", "Bad Id", "legal-framework", "final")
    interop._show_result(ctx, *bad)


def test_a_converted_bank_is_shown_disabled_with_its_warnings_and_yaml():
    at = AppTest.from_function(_converted_app, default_timeout=30)
    at.run()
    assert not at.exception
    assert at.success[0].value == "Questions imported: 12, skipped: 3."
    assert "question 'Drag words': skipped" in at.code[0].value
    assert [b.label for b in at.get("download_button")] == ["Download the quiz file (YAML)"]
    assert at.radio and all(r.disabled for r in at.radio)
    assert all(c.disabled for c in at.checkbox)
    assert at.error[0].value == "The file cannot be converted:"
    assert "lowercase letters" in at.code[-1].value
