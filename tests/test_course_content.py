"""The real course in this repository meets the quality bar of the course-content issue."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from courseware.content.catalog import load_catalog
from courseware.content.course import lesson_path
from courseware.content.fields import localize
from courseware.content.notes import data_markers, markdown_markers, strip_author_notes
from courseware.content.questions.branching import Branching
from courseware.content.questions.matching import Matching
from courseware.content.questions.ordering import Ordering
from courseware.content.questions.scenario import Scenario
from courseware.content.yaml_source import parse_mapping

ROOT = Path(__file__).resolve().parents[1]
MODULE_IDS = [
    "legal-framework",
    "criminal-justice",
    "identification",
    "referral",
    "assistance",
    "migrant-cases",
]
GRADED_KINDS = {"check", "final", "pretest", "posttest", "retention"}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT)


def tag_vocabulary() -> set[str]:
    return set(re.findall(r"^- `([a-z0-9-]+)`", (ROOT / "docs/tags.md").read_text(), re.MULTILINE))


def test_the_whole_course_validates_without_errors_or_warnings(catalog):
    assert [str(p) for p in catalog.problems] == []


def test_no_doubt_marker_is_shown_to_learners(catalog):
    """No "to be confirmed" / "treba potvrditi" in any lesson (either language) or in any
    text of any quiz: doubts live in author's notes, which learners never see."""
    found = []
    for module_id, module in catalog.modules.items():
        for lesson in module.lessons:
            for language in ("en", "sr"):
                path = lesson_path(catalog.module_dir(module_id), lesson, language)
                text = path.read_text(encoding="utf-8")
                found += [f"{path.name}:{line}: {m}" for line, m in markdown_markers(text)]
                assert "author-note" not in strip_author_notes(text), path.name
    for path in sorted((ROOT / "quizzes").glob("*.yaml")):
        document = parse_mapping(path.read_bytes(), path.name)
        found += [
            f"{path.name}: {'.'.join(map(str, p))}: {m}" for p, m in data_markers(document.data)
        ]
    for path in [ROOT / "modules/course.yaml", *sorted((ROOT / "modules").glob("*/module.yaml"))]:
        document = parse_mapping(path.read_bytes(), path.name)
        found += [f"{path}: {m}" for _, m in data_markers(document.data)]
    assert found == []


def key_words(question) -> set[str]:
    """The words of a question's prompt and of its key (correct options, true/false or
    numeric answer), for spotting the same question asked again."""
    parts = [localize(question.prompt, "en")]
    parts += [localize(o.text, "en") for o in getattr(question, "options", []) if o.correct]
    if question.type in ("true_false", "numeric"):
        parts.append(str(question.answer))
    return set(re.findall(r"[a-z0-9]{3,}", " ".join(parts).lower()))


def test_no_question_is_graded_in_several_finals(catalog):
    """A question (prompt and key) is the graded item of one final only: two finals' items
    may share a topic, not half their words (the reflection-period item once sat in five)."""
    items = [
        (quiz.id, question.id, key_words(question))
        for quiz in catalog.quizzes.values()
        if quiz.kind == "final"
        for question in quiz.leaves()
    ]
    for index, (quiz_a, id_a, words_a) in enumerate(items):
        for quiz_b, id_b, words_b in items[index + 1 :]:
            if quiz_a != quiz_b:
                overlap = len(words_a & words_b) / len(words_a | words_b)
                assert overlap < 0.5, (id_a, id_b, round(overlap, 2))


def test_true_false_items_are_not_given_away_by_always_or_never(catalog):
    giveaway = re.compile(r"\b(always|never|uvek|nikada|nikad)\b", re.IGNORECASE)
    for quiz in catalog.quizzes.values():
        for question in quiz.leaves():
            if question.type == "true_false":
                for language in ("en", "sr"):
                    prompt = localize(question.prompt, language)
                    assert not giveaway.search(prompt), (quiz.id, question.id, prompt)


def test_the_course_has_the_six_modules_and_the_certificate_rule(catalog):
    course = catalog.course
    assert course.modules == MODULE_IDS
    assert sorted(course.certificate.passed) == sorted(f"{m}-final" for m in MODULE_IDS)
    assert course.content_note is not None


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_modules_have_their_lessons_checks_and_final(catalog, module_id):
    module = catalog.modules[module_id]
    low, high = (3, 4) if module_id == "migrant-cases" else (4, 6)
    assert low <= len(module.lessons) <= high
    for lesson in module.lessons:
        check = catalog.quizzes[lesson.check]
        assert 3 <= len(check.questions) <= 5, lesson.check
    final = catalog.quizzes[module.final]
    assert len(final.questions) >= 20
    assert 12 <= final.draw <= 15
    assert (final.pass_mark, final.max_attempts) == (Decimal("0.7"), 3)
    types = {type(q) for q in final.questions}
    assert Scenario in types
    assert types & {Matching, Ordering}
    # Every attempt at the final asks for a decision: a branching case is always drawn.
    always = set(final.always_drawn or [])
    assert any(isinstance(q, Branching) and q.id in always for q in final.questions), final.id


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_lessons_exist_in_both_languages_with_sources_and_key_points(catalog, module_id):
    module = catalog.modules[module_id]
    for lesson in module.lessons:
        for language, key_points, sources in (
            ("en", "Key points", "Sources"),
            ("sr", "Ključne tačke", "Izvori"),
        ):
            text = lesson_path(catalog.module_dir(module_id), lesson, language).read_text(
                encoding="utf-8"
            )
            # What learners read: author's notes are not part of the lesson.
            words = len(strip_author_notes(text).split())
            assert 400 <= words <= 900, f"{lesson.file}.{language}.md has {words} words"
            assert key_points in text and sources in text, f"{lesson.file}.{language}.md"
            assert "http" in text.split(sources)[-1], f"{lesson.file}.{language}.md cites no source"
            if language == "sr":
                assert not CYRILLIC.search(text), f"{lesson.file}.sr.md must be in Latin script"


def test_every_graded_question_has_explanation_reference_and_known_tags(catalog):
    vocabulary = tag_vocabulary()
    for quiz in catalog.quizzes.values():
        for question in quiz.leaves():
            assert set(question.tags) <= vocabulary, (quiz.id, question.id, question.tags)
            if quiz.kind in GRADED_KINDS:
                assert question.explanation, (quiz.id, question.id)
                assert question.reference, (quiz.id, question.id)
                assert question.tags, (quiz.id, question.id)
            if isinstance(question, Branching):
                for step in question.steps:
                    # Tags on endings and on choices feed the same tag analysis as question tags.
                    where = (quiz.id, question.id, step.id)
                    assert set(step.tags) <= vocabulary, (*where, step.tags)
                    for choice in step.choices or []:
                        assert set(choice.tags) <= vocabulary, (*where, choice.id, choice.tags)
                    if step.is_ending and quiz.kind in GRADED_KINDS:
                        assert step.explanation, where
                        assert step.reference, where


def test_pre_and_post_tests_are_parallel_forms(catalog):
    pre, post = catalog.quizzes[catalog.course.pretest], catalog.quizzes[catalog.course.posttest]
    assert len(pre.questions) == len(post.questions) == 15
    for before, after in zip(pre.questions, post.questions, strict=True):
        assert before.type == after.type
        assert set(before.tags) == set(after.tags), (before.id, after.id)


def test_the_evaluation_survey_has_likert_items_and_two_open_questions(catalog):
    survey = catalog.quizzes[catalog.course.survey]
    kinds = [q.type for q in survey.questions]
    assert 6 <= kinds.count("likert") <= 10
    assert kinds.count("text") == 2


def test_help_contacts_name_their_source_and_date(catalog):
    contacts = catalog.contacts.contacts
    assert any(c.emergency for c in contacts)
    assert all(c.source and c.last_confirmed for c in contacts)


RETENTION_CHECKS = ["course-retention-30", "course-retention-90"]


def leaf_tags(quiz) -> list[str]:
    """Every tag of every question and scenario, as a sorted list (the quiz's blueprint)."""
    tags = [tag for question in quiz.questions for tag in question.tags]
    for question in quiz.questions:
        for sub in getattr(question, "questions", []):
            tags += sub.tags
    return sorted(tags)


@pytest.mark.parametrize("quiz_id", RETENTION_CHECKS)
def test_retention_checks_are_parallel_forms_of_the_post_test(catalog, quiz_id):
    """Issue 22: 12 to 15 items, the post-test's tags in the same numbers (the blueprint),
    a branching case that decides the referral step by step, scored but not for the
    certificate."""
    post, check = catalog.quizzes[catalog.course.posttest], catalog.quizzes[quiz_id]
    assert (check.kind, check.module) == ("retention", "course")
    assert quiz_id not in catalog.course.certificate.passed
    assert 12 <= len(check.questions) <= 15
    assert leaf_tags(check) == leaf_tags(post)
    assert check.pass_mark == post.pass_mark
    # Item by item: the same tags; the same type, except the branching case.
    for before, after in zip(post.questions, check.questions, strict=True):
        assert set(before.tags) == set(after.tags), (before.id, after.id)
        assert before.type == after.type or after.type == "branching", (before.id, after.id)
    vocabulary = set(leaf_tags(post))
    cases = [q for q in check.questions if isinstance(q, Branching)]
    assert cases
    for case in cases:
        endings = [step for step in case.steps if step.is_ending]
        assert 6 <= len(case.steps) <= 15, case.id
        assert len({step.credit for step in endings}) >= 3, case.id
        assert all(step.explanation and step.reference for step in endings), case.id
        # Decisions and endings are tagged only with the blueprint's tags.
        for step in case.steps:
            assert set(step.tags) <= vocabulary, (case.id, step.id)
            for choice in step.choices or []:
                assert set(choice.tags) <= vocabulary, (case.id, choice.id)


def test_retention_items_are_not_copied_from_other_quizzes(catalog):
    """No follow-up item repeats a question (prompt and key) of the post-test, a final, a
    check or the other follow-up check."""
    others = [
        (quiz.id, question.id, key_words(question))
        for quiz in catalog.quizzes.values()
        if quiz.kind != "survey"
        for question in quiz.leaves()
    ]
    for quiz_id in RETENTION_CHECKS:
        for question in catalog.quizzes[quiz_id].leaves():
            words = key_words(question)
            for other_quiz, other_id, other_words in others:
                if other_quiz != quiz_id:
                    overlap = len(words & other_words) / len(words | other_words)
                    assert overlap < 0.5, (question.id, other_id, round(overlap, 2))


def test_the_behaviour_survey_asks_about_work_and_keeps_people_anonymous(catalog):
    """Issue 22, Kirkpatrick level 3: how often the learner suspected trafficking, whom they
    referred to, the signs, the obstacles, confidence; free text says: no personal data."""
    survey = catalog.quizzes["course-behaviour-90"]
    assert (survey.kind, survey.module) == ("survey", "course")
    tags = {tag for question in survey.questions for tag in question.tags}
    assert {
        "behaviour-suspicion",
        "behaviour-referral",
        "behaviour-indicators",
        "behaviour-obstacles",
        "eval-confidence",
    } <= tags
    referral = " ".join(
        localize(q.prompt, "en") for q in survey.questions if "behaviour-referral" in q.tags
    )
    for place in (
        "Centre for Protection of Victims of Trafficking",
        "police",
        "centre for social work",
        "civil-society organisation",
    ):
        assert place in referral, place
    texts = [q for q in survey.questions if q.type == "text"]
    assert texts
    for question in texts:
        assert "identify the people you met" in localize(question.prompt, "en"), question.id
        assert "prepoznati osobe koje ste sreli" in localize(question.prompt, "sr"), question.id


STORY_RUN = 12  # words in a row that make a quiz's story a copy of a lesson's case


def story_texts(question, language):
    """The parts of a quiz item that tell its story: a case's text and the prompts of its
    questions (where a case goes on: "two weeks later ..."), a branching case's steps."""
    if isinstance(question, Scenario):
        yield localize(question.case, language)
        yield from (localize(q.prompt, language) for q in question.questions)
    elif isinstance(question, Branching):
        yield from (localize(step.text, language) for step in question.steps)


# Long names of institutions are one word here: naming the same centre is not copying a case.
INSTITUTIONS = re.compile(
    r"centre for protection of victims of trafficking|\bcentr\w* za zaštitu žrtava trgovine ljudima"
)


def word_runs(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", INSTITUTIONS.sub("cptv", text.lower()))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.parametrize("language", ["en", "sr"])
def test_no_quiz_story_copies_a_lesson_case(catalog, language):
    """A quiz's case is a new situation, not a lesson's case word for word (issue 15): no
    run of STORY_RUN words is shared with a lesson (notes aside) in either language."""
    lessons = {}
    for module_id, module in catalog.modules.items():
        for lesson in module.lessons:
            path = lesson_path(catalog.module_dir(module_id), lesson, language)
            lessons[path.name] = word_runs(
                strip_author_notes(path.read_text(encoding="utf-8")), STORY_RUN
            )
    copies = []
    for quiz in catalog.quizzes.values():
        for question in quiz.questions:
            for text in story_texts(question, language):
                runs = word_runs(text, STORY_RUN)
                copies += [
                    (quiz.id, question.id, name, " ".join(sorted(runs & lesson)[0]))
                    for name, lesson in lessons.items()
                    if runs & lesson
                ]
    assert copies == []
