"""A trainer's overview of a cohort: one row per learner, each module's status and best final
score, and how long since the learner last did anything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

STATUSES = ("passed", "not_passed", "in_progress", "not_started")


@dataclass(frozen=True)
class ModuleOutline:
    id: str
    final: str
    quiz_ids: tuple[str, ...]  # its knowledge checks and its final


def status_column(module_id: str) -> str:
    return f"{module_id}:status"


def best_column(module_id: str) -> str:
    return f"{module_id}:best"


def _latest(*values) -> datetime | None:
    present = [value for value in values if value is not None and not pd.isna(value)]
    return max(present) if present else None


def cohort_overview(
    learners: pd.DataFrame,
    quizzes: pd.DataFrame,
    lessons: pd.DataFrame,
    modules: Sequence[ModuleOutline],
    now: datetime,
) -> pd.DataFrame:
    """Columns: user_id, name, email, last_activity, days_inactive, and per module
    `<id>:status` (one of STATUSES) and `<id>:best` (best final score in %, NaN if none).
    The inputs are `store.reports.cohort.CohortProgress`'s tables. A learner who never did
    anything counts as inactive since they joined."""
    quiz_rows = {(row.user_id, row.quiz_id): row for row in quizzes.itertuples(index=False)}
    lesson_rows = {(row.user_id, row.module_id): row for row in lessons.itertuples(index=False)}
    table = []
    for learner in learners.itertuples(index=False):
        row = {"user_id": learner.user_id, "name": learner.name, "email": learner.email}
        moments = [
            moment
            for (user_id, _), quiz in quiz_rows.items()
            if user_id == learner.user_id
            for moment in (quiz.last_submitted, quiz.last_started)
        ] + [
            lesson.last_done
            for (user_id, _), lesson in lesson_rows.items()
            if user_id == learner.user_id
        ]
        last = _latest(*moments)
        row["last_activity"] = last
        row["days_inactive"] = (now - (last or learner.enrolled_at)).days
        for module in modules:
            final = quiz_rows.get((learner.user_id, module.final))
            started = (learner.user_id, module.id) in lesson_rows or any(
                (learner.user_id, quiz_id) in quiz_rows for quiz_id in module.quiz_ids
            )
            if final is not None and final.passed:
                status = "passed"
            elif final is not None and final.attempts:
                status = "not_passed"
            else:
                status = "in_progress" if started else "not_started"
            row[status_column(module.id)] = status
            best = None if final is None else final.best_score
            row[best_column(module.id)] = (
                float("nan") if best is None or pd.isna(best) else round(100 * best, 1)
            )
        table.append(row)
    columns = ["user_id", "name", "email", "last_activity", "days_inactive"]
    columns += [c for m in modules for c in (status_column(m.id), best_column(m.id))]
    return pd.DataFrame(table, columns=columns)
