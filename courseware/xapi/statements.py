"""The statements (docs/xapi.md has the table): each function returns one statement as a
dict, complete with its id and timestamp, so that it is sent as written, retries included.

The actor is an account: the site's address and an opaque id that the store derives from the
user's id with the app's secret key, never an email or a name."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

from courseware.content.fields import LANGUAGES, localize
from courseware.content.quiz import COURSE_LEVEL, Quiz
from courseware.xapi.interactions import interaction, language_map

XAPI_VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi"
VERBS = {
    "experienced": f"{ADL}/verbs/experienced",
    "attempted": f"{ADL}/verbs/attempted",
    "answered": f"{ADL}/verbs/answered",
    "passed": f"{ADL}/verbs/passed",
    "failed": f"{ADL}/verbs/failed",
    "completed": f"{ADL}/verbs/completed",
    "earned": "http://id.tincanapi.com/verb/earned",
    "voided": f"{ADL}/verbs/voided",
}
ACTIVITY_TYPES = {
    "course": f"{ADL}/activities/course",
    "module": f"{ADL}/activities/module",
    "lesson": f"{ADL}/activities/lesson",
    "quiz": f"{ADL}/activities/assessment",
    "question": f"{ADL}/activities/cmi.interaction",
    "certificate": "http://id.tincanapi.com/activitytype/certificate",
}
# cmi5's context extension for the score that passes (the quiz's pass mark), 0 to 1.
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
# Registrations are UUIDs derived from the activity base and the attempt's id: stable, so
# every statement of one attempt carries the same one.
REGISTRATIONS = uuid.UUID("6f1d8f0e-2c47-4b8e-9a51-6a2f0f6f3c10")


@dataclass(frozen=True)
class CourseFacts:
    """What the statements say about the course around an activity: ids and titles."""

    course_id: str
    title: Any = None
    module_titles: dict[str, Any] = field(default_factory=dict)
    lesson_titles: dict[tuple[str, str], Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Platform:
    """Who writes the statements: the site, the activity base, the app's name and version."""

    home_page: str
    base: str
    name: str
    version: str

    def actor(self, account_name: str) -> dict[str, Any]:
        return {
            "objectType": "Agent",
            "account": {"homePage": self.home_page, "name": account_name},
        }


@dataclass(frozen=True)
class Learner:
    account_name: str
    # The language the learner uses the app in, as an RFC 5646 tag (en, sr-Latn, sr-Cyrl).
    language: str


def language_tag(language: str, script: str) -> str:
    if language == "sr":
        return "sr-Cyrl" if script == "cyrillic" else "sr-Latn"
    return language


def registration(platform: Platform, attempt_id: int) -> str:
    return str(uuid.uuid5(REGISTRATIONS, f"{platform.base}/attempt/{attempt_id}"))


def _activity(object_id: str, kind: str, name: Any = None, description: Any = None) -> dict:
    definition: dict[str, Any] = {"type": ACTIVITY_TYPES[kind]}
    if name is not None:
        definition["name"] = language_map(name)
    if description is not None:
        definition["description"] = language_map(description)
    return {"objectType": "Activity", "id": object_id, "definition": definition}


def course_activity(platform: Platform, course: CourseFacts) -> dict:
    return _activity(f"{platform.base}/course/{course.course_id}", "course", course.title)


def module_activity(platform: Platform, course: CourseFacts, module_id: str) -> dict:
    if module_id == COURSE_LEVEL:
        return course_activity(platform, course)
    name = course.module_titles.get(module_id)
    return _activity(f"{platform.base}/module/{module_id}", "module", name)


def quiz_activity(platform: Platform, quiz: Quiz) -> dict:
    return _activity(f"{platform.base}/quiz/{quiz.id}", "quiz", quiz.title, quiz.description)


def _reference(activity: dict) -> dict:
    """An activity as context: its id and type, the definition given once on the object."""
    return {"objectType": "Activity", "id": activity["id"]}


def _statement(
    platform: Platform,
    learner: Learner,
    verb: str,
    activity: dict,
    at: datetime,
    *,
    parents: list[dict],
    course: CourseFacts,
    attempt_id: int | None = None,
    result: dict | None = None,
    extensions: dict | None = None,
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "contextActivities": {
            "grouping": [_reference(course_activity(platform, course))],
        },
        "language": learner.language,
        "platform": f"{platform.name} {platform.version}",
    }
    if parents:
        context["contextActivities"]["parent"] = [_reference(parent) for parent in parents]
    if attempt_id is not None:
        context["registration"] = registration(platform, attempt_id)
    if extensions:
        context["extensions"] = extensions
    statement = {
        "id": str(uuid.uuid4()),
        "timestamp": timestamp(at),
        "actor": platform.actor(learner.account_name),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity,
        "context": context,
    }
    if result is not None:
        statement["result"] = result
    return statement


def timestamp(at: datetime) -> str:
    return at.isoformat(timespec="milliseconds")


def duration(seconds: float) -> str:
    """ISO 8601 duration, as xAPI's `result.duration` takes it (to the hundredth of a second)."""
    whole, hundredths = divmod(round(seconds * 100), 100)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}.{hundredths:02d}S"


def _scaled(points: Fraction, max_points: Fraction) -> float:
    return round(float(points / max_points), 4) if max_points else 0.0


def lesson_experienced(
    platform: Platform,
    learner: Learner,
    course: CourseFacts,
    module_id: str,
    lesson_id: str,
    at: datetime,
) -> dict[str, Any]:
    lesson = _activity(
        f"{platform.base}/module/{module_id}/lesson/{lesson_id}",
        "lesson",
        course.lesson_titles.get((module_id, lesson_id)),
    )
    module = module_activity(platform, course, module_id)
    return _statement(platform, learner, "experienced", lesson, at, parents=[module], course=course)


def quiz_attempted(
    platform: Platform,
    learner: Learner,
    course: CourseFacts,
    quiz: Quiz,
    attempt_id: int,
    at: datetime,
) -> dict[str, Any]:
    return _statement(
        platform,
        learner,
        "attempted",
        quiz_activity(platform, quiz),
        at,
        parents=[module_activity(platform, course, quiz.module)],
        course=course,
        attempt_id=attempt_id,
    )


def question_answered(
    platform: Platform,
    learner: Learner,
    course: CourseFacts,
    quiz: Quiz,
    question: Any,
    answer: Any,
    attempt_id: int,
    at: datetime,
) -> dict[str, Any]:
    """`answer` as `check_answer` returned it. A graded question's result has its score and
    whether it earned every point; a survey's has the response only."""
    definition, response = interaction(question, answer)
    activity = _activity(
        f"{platform.base}/quiz/{quiz.id}/question/{question.id}", "question", None, question.prompt
    )
    activity["definition"].update(definition)
    activity["definition"]["name"] = language_map(
        {language: f"{localize(quiz.title, language)}: {question.id}" for language in LANGUAGES}
    )
    result: dict[str, Any] = {"completion": question.finished(answer)}
    if response is not None:
        result["response"] = response
    if quiz.graded and question.graded:
        points = question.score(answer)
        result["score"] = {"scaled": _scaled(points, question.max_points)}
        result["success"] = points == question.max_points
    return _statement(
        platform,
        learner,
        "answered",
        activity,
        at,
        parents=[quiz_activity(platform, quiz)],
        course=course,
        attempt_id=attempt_id,
        result=result,
    )


def quiz_result(
    platform: Platform,
    learner: Learner,
    course: CourseFacts,
    quiz: Quiz,
    attempt_id: int,
    points: Fraction,
    max_points: Fraction,
    passed: bool,
    started_at: datetime,
    at: datetime,
) -> dict[str, Any]:
    """`passed` or `failed`, with the score and the time the attempt took."""
    result = {
        "score": {
            "scaled": _scaled(points, max_points),
            "raw": float(points),
            "min": 0,
            "max": float(max_points),
        },
        "success": passed,
        "completion": True,
        "duration": duration((at - started_at).total_seconds()),
    }
    return _statement(
        platform,
        learner,
        "passed" if passed else "failed",
        quiz_activity(platform, quiz),
        at,
        parents=[module_activity(platform, course, quiz.module)],
        course=course,
        attempt_id=attempt_id,
        result=result,
        extensions={MASTERY_SCORE: float(quiz.pass_mark)},
    )


def module_completed(
    platform: Platform,
    learner: Learner,
    course: CourseFacts,
    module_id: str,
    attempt_id: int,
    at: datetime,
) -> dict[str, Any]:
    """Passing a module's final completes the module (as learning.py counts it): in the
    registration of that attempt."""
    return _statement(
        platform,
        learner,
        "completed",
        module_activity(platform, course, module_id),
        at,
        parents=[],
        course=course,
        attempt_id=attempt_id,
        result={"completion": True},
    )


def certificate_earned(
    platform: Platform, learner: Learner, course: CourseFacts, at: datetime
) -> dict[str, Any]:
    certificate = _activity(
        f"{platform.base}/course/{course.course_id}/certificate",
        "certificate",
        course.title,
    )
    return _statement(
        platform,
        learner,
        "earned",
        certificate,
        at,
        parents=[course_activity(platform, course)],
        course=course,
    )


def voided(platform: Platform, statement_id: str, at: datetime) -> dict[str, Any]:
    """The platform voids a statement it sent (an erased account's): the LRS keeps it,
    marked void, and leaves it out of queries."""
    return {
        "id": str(uuid.uuid4()),
        "timestamp": timestamp(at),
        "actor": platform.actor(platform.name),
        "verb": {"id": VERBS["voided"], "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": statement_id},
    }
