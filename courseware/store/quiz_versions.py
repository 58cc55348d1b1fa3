"""Quiz versions: each version a learner took, stored once and parsed once per process."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from courseware.content.quiz import Quiz
from courseware.store.database import Transaction
from courseware.store.models import QuizVersion

# A version never changes once stored, so its parsed form can be kept for the life of the
# process; a course has a few dozen versions at most.
_parsed: dict[str, Quiz] = {}


def keep_version(tx: Transaction, quiz: Quiz) -> str:
    """Store the quiz's current version if it is new; its content version."""
    version = quiz.content_version()
    dialect = postgresql if tx.session.get_bind().dialect.name == "postgresql" else sqlite
    tx.session.execute(
        dialect.insert(QuizVersion)
        .values(
            content_version=version, quiz_id=quiz.id, snapshot=quiz.snapshot(), created_at=tx.now
        )
        .on_conflict_do_nothing(index_elements=[QuizVersion.content_version])
    )
    _parsed.setdefault(version, quiz)
    return version


def quiz_version(tx: Transaction, content_version: str) -> Quiz:
    quiz = _parsed.get(content_version)
    if quiz is None:
        snapshot = tx.session.scalar(
            select(QuizVersion.snapshot).where(QuizVersion.content_version == content_version)
        )
        quiz = _parsed.setdefault(content_version, Quiz.from_snapshot(snapshot))
    return quiz
