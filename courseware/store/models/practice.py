"""Spaced practice after the certificate (docs/followup.md): each learner's sets, their items
and the answers given. Apart from quiz attempts on purpose: a practice set is never an
attempt, so it counts in no certificate, result, report summary or item analysis."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from courseware.store.models.base import Base, user_ref
from courseware.store.types import ExactFraction, JSONDocument


class PracticeSet(Base):
    """A learner's set `number` of the plan, made (its items drawn with `seed` and kept) the
    first time it is due and looked at; finished once every item is checked."""

    __tablename__ = "practice_sets"
    __table_args__ = (UniqueConstraint("user_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_ref("CASCADE")
    number: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    seed: Mapped[int] = mapped_column(BigInteger)
    made_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class PracticeItem(Base):
    """One question of a set, in the quiz version it was drawn from; its points once the
    learner checked it (scored by the grading engine against that version)."""

    __tablename__ = "practice_items"
    __table_args__ = (UniqueConstraint("set_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("practice_sets.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    quiz_id: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(100))
    content_version: Mapped[str] = mapped_column(
        ForeignKey("quiz_versions.content_version", ondelete="RESTRICT")
    )
    points: Mapped[Fraction | None] = mapped_column(ExactFraction())
    max_points: Mapped[Fraction | None] = mapped_column(ExactFraction())
    checked_at: Mapped[datetime | None]


class PracticeAnswer(Base):
    """An answer to one answerable question of an item (a scenario has several), saved as
    given, each time it changes: saving again replaces it (an upsert on the key)."""

    __tablename__ = "practice_answers"
    __table_args__ = (UniqueConstraint("item_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("practice_items.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    answer: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    answered_at: Mapped[datetime]
