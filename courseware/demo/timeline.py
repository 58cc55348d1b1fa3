"""When things happen in the demo: cohorts' dates within the simulated history, and each
learner's own clock as they work through the course, which stops at the present."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

# The history ends at `now`; its first cohorts started about half a year earlier.
HISTORY = timedelta(days=180)
COHORT_STARTS_WITHIN_DAYS = 170
COHORT_LENGTH = timedelta(days=60)
# A learner joins from the morning of their cohort's first day to about eight days later.
JOINS_WITHIN_HOURS = (8, 200)
ANSWER_INTERVAL = timedelta(seconds=45)
REVIEW_BEFORE_SUBMIT = timedelta(minutes=3)
HOURS_BETWEEN_LESSONS = 20
HOURS_BEFORE_A_QUIZ = 2
HOURS_BEFORE_THE_SURVEY = 1
# A follow-up step is taken, by who takes it at all, within a few days of its first reminder
# (REPLIED_TO_THE_FIRST_MAIL of them), or else within a few days of the second one.
REPLIED_TO_THE_FIRST_MAIL = 0.65
DAYS_TO_REPLY = 3


def cohort_dates(history_start: datetime, rng: random.Random) -> tuple[date, date]:
    """A cohort's first and last day."""
    starts = history_start.date() + timedelta(days=rng.randrange(COHORT_STARTS_WITHIN_DAYS))
    return starts, starts + COHORT_LENGTH


def joining(starts_on: date, rng: random.Random) -> datetime:
    """When a learner of a cohort starting on `starts_on` signs up."""
    midnight = datetime.combine(starts_on, time.min, UTC)
    return midnight + timedelta(hours=rng.randrange(*JOINS_WITHIN_HOURS))


def seen_recently(now: datetime, rng: random.Random) -> datetime:
    """A time within the last three days: staff sign in often."""
    return now - timedelta(hours=rng.uniform(1, 72))


def answer_times(started: datetime, questions: int) -> Iterator[datetime]:
    """When the answers of a sitting started at `started` are given, one after the other."""
    # Added up in C: the demo takes the time of every one of its millions of answers.
    moments = itertools.accumulate(itertools.repeat(ANSWER_INTERVAL, questions), initial=started)
    return itertools.islice(moments, 1, None)


class CaughtUp(Exception):
    """The learner's next step would happen after `now`: they are still busy with it."""


class Timeline:
    """A learner's clock, moving forward step by step and never past `now`: a step that
    would end later raises CaughtUp, and `moment` stays when the learner was last seen.
    Each wait lasts between half and one and a half times its usual length."""

    def __init__(self, moment: datetime, now: datetime, rng: random.Random):
        self.moment = moment
        self.now = now
        self.rng = rng

    def lesson(self) -> datetime:
        """When the next lesson is done."""
        return self._advance(HOURS_BETWEEN_LESSONS)

    def quiz(self, questions: int) -> tuple[datetime, datetime]:
        """When the next quiz is started and submitted."""
        return self._sitting(HOURS_BEFORE_A_QUIZ, questions)

    def survey(self, questions: int) -> tuple[datetime, datetime]:
        """When the survey is started and submitted."""
        return self._sitting(HOURS_BEFORE_THE_SURVEY, questions)

    def followup(
        self, due_on: date, remind_again_after_days: int | None, questions: int
    ) -> tuple[datetime, datetime]:
        """When a follow-up step due on `due_on` is started and submitted (CaughtUp: not
        yet), never before the learner's last step is done."""
        wait = self.rng.uniform(0, DAYS_TO_REPLY)
        if remind_again_after_days and self.rng.random() >= REPLIED_TO_THE_FIRST_MAIL:
            wait += remind_again_after_days
        morning = datetime.combine(due_on, time(8), UTC)
        starts = max(morning + timedelta(days=wait), self.moment + REVIEW_BEFORE_SUBMIT)
        started = self._reach(starts)
        return started, self._reach(started + ANSWER_INTERVAL * questions + REVIEW_BEFORE_SUBMIT)

    def _sitting(self, hours_before: float, questions: int) -> tuple[datetime, datetime]:
        started = self._advance(hours_before)
        return started, self._reach(started + ANSWER_INTERVAL * questions + REVIEW_BEFORE_SUBMIT)

    def _advance(self, hours: float) -> datetime:
        return self._reach(self.moment + timedelta(hours=hours * self.rng.uniform(0.5, 1.5)))

    def _reach(self, moment: datetime) -> datetime:
        if moment > self.now:
            raise CaughtUp
        self.moment = moment
        return moment
