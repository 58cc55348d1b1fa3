from pathlib import Path

import pytest

from courseware.content.catalog import load_catalog
from courseware.learning import QuizRecord, course_progress


@pytest.fixture(scope="module")
def catalog(request):
    return load_catalog(Path(__file__).resolve().parents[1])


def record(quiz_id, passed=None, state="submitted"):
    return QuizRecord(quiz_id, state, passed)


def test_a_new_learner_starts_with_the_pretest(catalog):
    progress = course_progress(catalog, set(), [])
    assert progress.next_step.kind == "pretest"
    assert all(m.status == "not_started" and m.share == 0 for m in progress.modules)


def test_after_the_pretest_the_first_unfinished_lesson_comes_next(catalog):
    first = catalog.modules["legal-framework"]
    done = {("legal-framework", first.lessons[0].id)}
    progress = course_progress(catalog, done, [record("course-pretest")])
    step = progress.next_step
    assert (step.kind, step.module_id, step.target) == (
        "lesson",
        "legal-framework",
        first.lessons[1].id,
    )
    assert progress.modules[0].status == "in_progress"
    assert 0 < progress.modules[0].share < 1


def test_all_lessons_done_leads_to_the_final_and_a_pass_completes_the_module(catalog):
    module = catalog.modules["legal-framework"]
    done = {("legal-framework", lesson.id) for lesson in module.lessons}
    progress = course_progress(catalog, done, [record("course-pretest")])
    assert (progress.next_step.kind, progress.next_step.target) == ("final", module.final)
    progress = course_progress(
        catalog, done, [record("course-pretest"), record(module.final, True)]
    )
    assert progress.modules[0].status == "passed" and progress.modules[0].share == 1
    assert progress.next_step.module_id == "criminal-justice"


def test_a_failed_final_does_not_pass_the_module(catalog):
    module = catalog.modules["legal-framework"]
    progress = course_progress(
        catalog, set(), [record("course-pretest"), record(module.final, False)]
    )
    assert progress.modules[0].status == "in_progress"


def test_the_certificate_needs_every_final(catalog):
    everything = {(m, lesson.id) for m, mod in catalog.modules.items() for lesson in mod.lessons}
    finals = [record(catalog.modules[m].final, True) for m in catalog.course.modules]
    base = [record("course-pretest"), record("course-posttest"), record("course-evaluation")]
    progress = course_progress(catalog, everything, base + finals)
    assert progress.certificate_earned and progress.next_step.kind == "certificate"
    progress = course_progress(catalog, everything, base + finals[:-1])
    assert not progress.certificate_earned
    assert progress.next_step.kind == "final"
