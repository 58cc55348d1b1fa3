"""The follow-up plan for one learner: which steps are due, and which reminders (pure: no
Streamlit, no SQL). Days count from the day the certificate was earned; "today" is the
caller's, taken from the store's one clock (`Database.now`), so that tests can move it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from courseware.content.course import FollowupStep


@dataclass(frozen=True)
class StepStatus:
    quiz_id: str
    due_on: date
    # The learner submitted the step's quiz since earning the certificate.
    done: bool

    def due(self, today: date) -> bool:
        return not self.done and self.due_on <= today


@dataclass(frozen=True)
class Reminder:
    """One mail: the first (`round` 1) on the day a step is due, the second when it is still
    not done `remind_again_after_days` later."""

    quiz_id: str
    round: int
    due_on: date


def plan_status(
    plan: Iterable[FollowupStep], certified_on: date, submitted: Iterable[str]
) -> list[StepStatus]:
    taken = set(submitted)
    return [
        StepStatus(step.quiz, certified_on + timedelta(days=step.after_days), step.quiz in taken)
        for step in plan
    ]


def reminders_due(
    plan: Iterable[FollowupStep], certified_on: date, submitted: Iterable[str], today: date
) -> list[Reminder]:
    plan = list(plan)
    due = []
    for step, status in zip(plan, plan_status(plan, certified_on, submitted), strict=True):
        if not status.due(today):
            continue
        due.append(Reminder(step.quiz, 1, status.due_on))
        again = step.remind_again_after_days
        if again is not None and status.due_on + timedelta(days=again) <= today:
            due.append(Reminder(step.quiz, 2, status.due_on))
    return due
