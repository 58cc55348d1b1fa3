"""Where a learner stands in the course and what comes next (pure: no Streamlit, no SQL)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from courseware.content.catalog import Catalog

Status = Literal["not_started", "in_progress", "passed"]


@dataclass(frozen=True)
class QuizRecord:
    """What the progress needs to know of one attempt."""

    quiz_id: str
    state: str
    passed: bool | None


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    lessons_done: int
    lessons_total: int
    final_passed: bool
    status: Status
    # The lesson to open when the learner comes back: the first one not done.
    resume_lesson: str | None

    @property
    def share(self) -> float:
        # Passing the final completes the module, whichever lessons were marked done; before
        # that, the final counts as one more step than the lessons.
        if self.final_passed:
            return 1.0
        return self.lessons_done / (self.lessons_total + 1)


@dataclass(frozen=True)
class NextStep:
    kind: Literal["pretest", "lesson", "final", "posttest", "survey", "certificate", "done"]
    module_id: str | None = None
    target: str | None = None  # a lesson id or a quiz id


@dataclass(frozen=True)
class CourseProgress:
    modules: list[ModuleProgress]
    pretest_done: bool
    posttest_done: bool
    survey_done: bool
    certificate_earned: bool
    next_step: NextStep


def course_progress(
    catalog: Catalog, lessons_done: set[tuple[str, str]], attempts: Iterable[QuizRecord]
) -> CourseProgress:
    course = catalog.course
    attempts = list(attempts)
    submitted = {a.quiz_id for a in attempts if a.state == "submitted"}
    started = {a.quiz_id for a in attempts}
    passed = {a.quiz_id for a in attempts if a.passed}

    modules = []
    for module_id in course.modules:
        module = catalog.modules.get(module_id)
        if module is None:
            continue  # unavailable: shown as such, never blocks the rest
        done = [lesson.id for lesson in module.lessons if (module_id, lesson.id) in lessons_done]
        final_passed = module.final in passed
        touched = bool(done) or module.final in started
        status: Status = "passed" if final_passed else "in_progress" if touched else "not_started"
        resume = next((lesson.id for lesson in module.lessons if lesson.id not in done), None)
        modules.append(
            ModuleProgress(module_id, len(done), len(module.lessons), final_passed, status, resume)
        )

    required = course.certificate.passed if course.certificate else []
    certificate_earned = bool(required) and set(required) <= passed
    progress = dict(
        modules=modules,
        pretest_done=course.pretest is None or course.pretest in submitted,
        posttest_done=course.posttest is None or course.posttest in submitted,
        survey_done=course.survey is None or course.survey in submitted,
        certificate_earned=certificate_earned,
    )
    return CourseProgress(**progress, next_step=_next_step(catalog, progress))


def _next_step(catalog: Catalog, progress: dict) -> NextStep:
    course = catalog.course
    if not progress["pretest_done"] and course.pretest in catalog.quizzes:
        return NextStep("pretest", target=course.pretest)
    for module in progress["modules"]:
        if module.status != "passed":
            if module.resume_lesson is not None:
                return NextStep("lesson", module.module_id, module.resume_lesson)
            return NextStep("final", module.module_id, catalog.modules[module.module_id].final)
    if not progress["posttest_done"] and course.posttest in catalog.quizzes:
        return NextStep("posttest", target=course.posttest)
    if not progress["survey_done"] and course.survey in catalog.quizzes:
        return NextStep("survey", target=course.survey)
    if progress["certificate_earned"]:
        return NextStep("certificate")
    return NextStep("done")
