"""Content files are read only from inside the course folder, only up to 1 MiB, and a
question has at most MAX_CHOICES options, pairs, distractors, items or parts: each refusal is
an error with the file and its line, from `validate` and in the app's catalog."""

from __future__ import annotations

import os

import pytest

from courseware.content.catalog import load_catalog
from courseware.content.files import MAX_FILE_BYTES
from courseware.content.questions.base import MAX_CHOICES
from tests.cli.test_validate import problem_lines

OUTSIDE = "the file links to a place outside the course folder: not read"


@pytest.fixture
def secret(tmp_path_factory):
    """A file outside the course, as /etc/passwd would be."""
    path = tmp_path_factory.mktemp("elsewhere") / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash\n")
    return path


def errors(run_cli, course_dir, *paths):
    result = run_cli("validate", *paths, cwd=course_dir)
    assert result.returncode == 1, result.stdout
    return {
        (m["file"], m["line"]): m["message"]
        for m in problem_lines(result.stdout)
        if m["severity"] == "error"
    }


def test_a_lesson_linked_to_a_file_outside_the_course_is_refused(run_cli, course_dir, secret):
    lesson = course_dir / "modules/basics/01-intro.en.md"
    lesson.unlink()
    lesson.symlink_to(secret)
    assert errors(run_cli, course_dir)[("modules/basics/01-intro.en.md", "1")] == OUTSIDE
    assert errors(run_cli, course_dir, "modules/basics/01-intro.en.md") == {
        ("modules/basics/01-intro.en.md", "1"): OUTSIDE
    }
    # The app shows the lesson as unavailable, never the file's text.
    assert ("basics", "intro") in load_catalog(course_dir).broken_lessons


def test_a_quiz_or_module_folder_linked_outside_the_course_is_refused(
    run_cli, course_dir, tmp_path_factory
):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    quiz = course_dir / "quizzes/evaluation.yaml"
    (elsewhere / "evaluation.yaml").write_bytes(quiz.read_bytes())
    quiz.unlink()
    quiz.symlink_to(elsewhere / "evaluation.yaml")
    module = course_dir / "modules/basics"
    module.rename(elsewhere / "basics")
    module.symlink_to(elsewhere / "basics", target_is_directory=True)
    found = errors(run_cli, course_dir)
    assert found[("quizzes/evaluation.yaml", "1")] == OUTSIDE
    assert found[("modules/basics/module.yaml", "1")] == OUTSIDE
    catalog = load_catalog(course_dir)
    assert "evaluation" not in catalog.quizzes and "basics" not in catalog.modules


def test_a_link_inside_the_course_is_followed(run_cli, course_dir):
    lesson = course_dir / "modules/basics/01-intro.sr.md"
    lesson.unlink()
    lesson.symlink_to("01-intro.en.md")
    result = run_cli("validate", cwd=course_dir)
    assert result.returncode == 0, result.stdout


def test_an_oversize_lesson_is_refused(run_cli, course_dir):
    lesson = course_dir / "modules/basics/01-intro.en.md"
    lesson.write_text("# Intro\n\n" + "x" * MAX_FILE_BYTES)
    size = os.path.getsize(lesson)
    message = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)"
    assert errors(run_cli, course_dir)[("modules/basics/01-intro.en.md", "1")] == message
    assert ("basics", "intro") in load_catalog(course_dir).broken_lessons


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("type: single_choice\n    options:\n{options}", "options"),
        ("type: multiple_choice\n    options:\n{options}", "options"),
        ("type: ordering\n    items:\n{options}", "items"),
        ("type: matching\n    pairs:\n{pairs}", "pairs"),
    ],
    ids=["single_choice", "multiple_choice", "ordering", "matching"],
)
def test_a_question_with_too_many_choices_is_refused(run_cli, course_dir, question, field):
    many = MAX_CHOICES + 1
    options = "".join(
        f"      - {{id: o{n}, text: {{en: O, sr: O}}{', correct: true' if n == 0 else ''}}}\n"
        for n in range(many)
    )
    pairs = "".join(
        f"      - {{id: p{n}, left: {{en: L, sr: L}}, right: {{en: R, sr: R}}}}\n"
        for n in range(many)
    )
    body = question.format(options=options, pairs=pairs)
    quiz = course_dir / "quizzes/basics-final.yaml"
    quiz.write_text(
        "id: basics-final\nmodule: basics\nkind: final\ntitle: {en: F, sr: F}\nquestions:\n"
        f"  - id: q1\n    prompt: {{en: P, sr: P}}\n    {body}"
    )
    message = f"questions[0] (q1).{field}: may have at most {MAX_CHOICES} item(s), found {many}"
    # Line 9: where the list starts.
    assert errors(run_cli, course_dir) == {("quizzes/basics-final.yaml", "9"): message}


def test_a_lesson_image_outside_the_course_is_refused_and_never_printed(
    run_cli, course_dir, tmp_path_factory
):
    from PIL import Image

    from courseware.i18n import Translator
    from courseware.paper.document import PaperPDF
    from courseware.paper.markdown import MarkdownWriter

    elsewhere = tmp_path_factory.mktemp("elsewhere")
    Image.new("RGB", (4, 4), "red").save(elsewhere / "secret.png")
    module = course_dir / "modules/basics"
    Image.new("RGB", (4, 4), "blue").save(module / "own.png")
    (module / "linked.png").symlink_to(elsewhere / "secret.png")
    lesson = module / "01-intro.en.md"
    images = f"![a]({elsewhere / 'secret.png'})\n\n![b](linked.png)\n\n![c](own.png)\n"
    lesson.write_text(lesson.read_text() + "\n" + images)
    outside = "is outside the course folder: not shown"
    found = errors(run_cli, course_dir, "modules/basics/01-intro.en.md").values()
    assert sum(outside in message for message in found) == 2, found
    assert not any("'own.png'" in message for message in found)
    # The field pack prints the course's own picture only; the others by their description.
    pdf = PaperPDF(Translator("en"), "Lesson", "footer")
    pdf.add_page()
    MarkdownWriter(pdf, module, course_dir).write(images)
    assert bytes(pdf.output()).count(b"/Subtype /Image") == 1
