"""Statements written to the xAPI outbox, inside the transaction of what they describe: a
lesson done, an attempt started, an answer saved, an attempt closed, a certificate issued.
Rolled back with it, so nothing is sent that did not happen, and committed with it, so
nothing that happened is lost when the LRS is down or the app stops (docs/xapi.md).

Nothing is written when no LRS is configured (`COURSEWARE_XAPI_ENDPOINT`)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from courseware.content.catalog import load_catalog
from courseware.content.quiz import Quiz
from courseware.settings import Settings, signing_key
from courseware.store.database import Transaction
from courseware.store.models import XAPI_PENDING, XAPI_SENT, QuizAttempt, User, XapiStatement
from courseware.xapi import statements
from courseware.xapi.statements import CourseFacts, Learner, Platform


@cache
def _version() -> str:
    try:
        return metadata.version("courseware")
    except metadata.PackageNotFoundError:
        return "unknown"


def platform_of(settings: Settings) -> Platform:
    return Platform(
        home_page=settings.public_url.rstrip("/"),
        base=settings.xapi_base,
        name="courseware",
        version=_version(),
    )


@cache
def course_facts(root: Path) -> CourseFacts:
    """Titles from the course files, read once per process (they change with a deployment).
    A course that does not load still gets statements, with ids and no titles."""
    catalog = load_catalog(root)
    course = catalog.course
    return CourseFacts(
        course_id=course.id if course else root.name,
        title=course.title if course else None,
        module_titles={module_id: m.title for module_id, m in catalog.modules.items()},
        lesson_titles={
            (module_id, lesson.id): lesson.title
            for module_id, m in catalog.modules.items()
            for lesson in m.lessons
        },
    )


def account_name(settings: Settings, user_id: int) -> str:
    """The learner's opaque id at the LRS: stable for as long as the app's secret key, and
    telling nothing about who they are (not their email, nor our row id)."""
    digest = hmac.new(signing_key(settings), f"xapi-actor:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _learner(tx: Transaction, user_id: int) -> Learner:
    user = tx.session.get(User, user_id)
    return Learner(
        account_name(tx.settings, user_id), statements.language_tag(user.language, user.script)
    )


def outbox_row(
    statement: dict[str, Any], user_id: int | None, attempt_id: int | None, now: datetime
) -> dict[str, Any]:
    """The outbox's row for a statement (also written in bulk by the demo)."""
    return {
        "statement_id": statement["id"],
        "user_id": user_id,
        "attempt_id": attempt_id,
        "verb": statement["verb"]["display"]["en-US"],
        # Written once: what is sent, and sent again after a failure, byte for byte.
        "body": json.dumps(statement, ensure_ascii=False, separators=(",", ":")),
        "state": XAPI_PENDING,
        "tries": 0,
        "next_try_at": now,
        "last_error": None,
        "created_at": now,
        "sent_at": None,
    }


def _enqueue(
    tx: Transaction, user_id: int | None, attempt_id: int | None, statement: dict[str, Any]
) -> None:
    tx.session.add(XapiStatement(**outbox_row(statement, user_id, attempt_id, tx.now)))


def _facts(tx: Transaction) -> tuple[Platform, CourseFacts]:
    return platform_of(tx.settings), course_facts(Path(tx.settings.content_dir).resolve())


def lesson_done(tx: Transaction, user_id: int, module_id: str, lesson_id: str) -> None:
    if not tx.settings.xapi_enabled:
        return
    platform, course = _facts(tx)
    statement = statements.lesson_experienced(
        platform, _learner(tx, user_id), course, module_id, lesson_id, tx.now
    )
    _enqueue(tx, user_id, None, statement)


def attempt_started(tx: Transaction, attempt: QuizAttempt, quiz: Quiz) -> None:
    if not tx.settings.xapi_enabled or attempt.user_id is None:
        return
    platform, course = _facts(tx)
    statement = statements.quiz_attempted(
        platform, _learner(tx, attempt.user_id), course, quiz, attempt.id, tx.now
    )
    _enqueue(tx, attempt.user_id, attempt.id, statement)


def answer_saved(
    tx: Transaction, attempt: QuizAttempt, quiz: Quiz, question: Any, answer: Any
) -> None:
    if not tx.settings.xapi_enabled or attempt.user_id is None:
        return
    platform, course = _facts(tx)
    statement = statements.question_answered(
        platform, _learner(tx, attempt.user_id), course, quiz, question, answer, attempt.id, tx.now
    )
    _enqueue(tx, attempt.user_id, attempt.id, statement)


def attempt_closed(tx: Transaction, attempt: QuizAttempt, quiz: Quiz) -> None:
    """`passed` or `failed` for a graded quiz; and the module `completed` the first time its
    final is passed."""
    if not tx.settings.xapi_enabled or attempt.user_id is None or attempt.passed is None:
        return
    platform, course = _facts(tx)
    learner = _learner(tx, attempt.user_id)
    result = statements.quiz_result(
        platform,
        learner,
        course,
        quiz,
        attempt.id,
        attempt.points,
        attempt.max_points,
        attempt.passed,
        attempt.started_at,
        attempt.submitted_at,
    )
    _enqueue(tx, attempt.user_id, attempt.id, result)
    if quiz.kind == "final" and attempt.passed and not _passed_before(tx, attempt):
        completed = statements.module_completed(
            platform, learner, course, quiz.module, attempt.id, attempt.submitted_at
        )
        _enqueue(tx, attempt.user_id, attempt.id, completed)


def _passed_before(tx: Transaction, attempt: QuizAttempt) -> bool:
    earlier = select(QuizAttempt.id).where(
        QuizAttempt.user_id == attempt.user_id,
        QuizAttempt.quiz_id == attempt.quiz_id,
        QuizAttempt.passed.is_(True),
        QuizAttempt.id != attempt.id,
    )
    return tx.session.scalar(earlier.limit(1)) is not None


def certificate_issued(tx: Transaction, user_id: int) -> None:
    if not tx.settings.xapi_enabled:
        return
    platform, course = _facts(tx)
    statement = statements.certificate_earned(platform, _learner(tx, user_id), course, tx.now)
    _enqueue(tx, user_id, None, statement)


def user_erased(tx: Transaction, user_id: int) -> None:
    """Before a user is deleted: their statements not yet sent go; for those sent, `voided`
    statements are queued (unless turned off), and the outbox forgets which were theirs."""
    sent = list(
        tx.session.scalars(
            select(XapiStatement.statement_id)
            .where(XapiStatement.user_id == user_id, XapiStatement.state == XAPI_SENT)
            .order_by(XapiStatement.id)
        )
    )
    # The sent rows too: they hold the answers as the LRS got them, no longer needed here.
    tx.session.execute(delete(XapiStatement).where(XapiStatement.user_id == user_id))
    if tx.settings.xapi_enabled and tx.settings.xapi_void_on_erase:
        platform = platform_of(tx.settings)
        for statement_id in sent:
            _enqueue(tx, None, None, statements.voided(platform, statement_id, tx.now))
