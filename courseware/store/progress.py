"""Lessons a learner has finished."""

from __future__ import annotations

from sqlalchemy import select

from courseware.access import Actor, can_view_person, is_person, require
from courseware.store import xapi_events
from courseware.store.actors import current_actor, load_person
from courseware.store.database import Database, Transaction
from courseware.store.models import LessonProgress


def mark_lesson_done(db: Database, actor: Actor, module_id: str, lesson_id: str) -> None:
    """Record that the acting learner finished a lesson; marking it again changes nothing
    (the first time counts)."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        done = select(LessonProgress.id).where(
            LessonProgress.user_id == acting.user_id,
            LessonProgress.module_id == module_id,
            LessonProgress.lesson_id == lesson_id,
        )
        if tx.session.scalar(done) is None:
            tx.session.add(
                LessonProgress(
                    user_id=acting.user_id, module_id=module_id, lesson_id=lesson_id, done_at=tx.now
                )
            )
            xapi_events.lesson_done(tx, acting.user_id, module_id, lesson_id)

    db.write(work)


def lessons_done(db: Database, actor: Actor, user_id: int) -> set[tuple[str, str]]:
    """(module id, lesson id) of every lesson the learner finished."""

    def work(tx: Transaction) -> set[tuple[str, str]]:
        require(can_view_person(current_actor(tx, actor), load_person(tx, user_id)))
        rows = tx.session.execute(
            select(LessonProgress.module_id, LessonProgress.lesson_id).where(
                LessonProgress.user_id == user_id
            )
        )
        return {(row.module_id, row.lesson_id) for row in rows}

    return db.read(work)
