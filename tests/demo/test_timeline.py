import itertools
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from courseware.demo.timeline import (
    ANSWER_INTERVAL,
    COHORT_LENGTH,
    COHORT_STARTS_WITHIN_DAYS,
    HOURS_BETWEEN_LESSONS,
    REVIEW_BEFORE_SUBMIT,
    CaughtUp,
    Timeline,
    answer_times,
    cohort_dates,
    joining,
    seen_recently,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)
START = NOW - timedelta(days=180)


def test_cohorts_start_over_the_history_and_last_as_long_as_each_other():
    rng = random.Random(1)
    dates = [cohort_dates(START, rng) for _ in range(300)]

    first_days = [starts for starts, _ in dates]
    assert min(first_days) >= START.date()
    assert max(first_days) < START.date() + timedelta(days=COHORT_STARTS_WITHIN_DAYS)
    assert len(set(first_days)) > 100  # spread out, not bunched together
    assert {ends - starts for starts, ends in dates} == {COHORT_LENGTH}


def test_learners_join_in_their_cohorts_first_days():
    rng = random.Random(2)
    starts_on = date(2026, 6, 1)
    midnight = datetime(2026, 6, 1, tzinfo=UTC)

    joined = [joining(starts_on, rng) for _ in range(300)]

    assert all(midnight + timedelta(hours=8) <= moment for moment in joined)
    assert all(moment < midnight + timedelta(days=9) for moment in joined)
    assert len(set(joined)) > 100


def test_staff_were_seen_in_the_last_three_days():
    rng = random.Random(3)
    seen = [seen_recently(NOW, rng) for _ in range(100)]
    assert all(NOW - timedelta(days=3) <= moment < NOW for moment in seen)


def test_a_learners_steps_follow_each_other():
    timeline = Timeline(START, NOW, random.Random(4))

    lessons = [timeline.lesson() for _ in range(5)]
    quiz_started, quiz_submitted = timeline.quiz(10)
    survey_started, survey_submitted = timeline.survey(3)

    moments = [*lessons, quiz_started, quiz_submitted, survey_started, survey_submitted]
    assert moments == sorted(moments)
    assert len(set(moments)) == len(moments)
    assert timeline.moment == survey_submitted
    gaps = [later - earlier for earlier, later in itertools.pairwise([START, *lessons])]
    usual = timedelta(hours=HOURS_BETWEEN_LESSONS)
    assert all(usual / 2 <= gap <= usual * 3 / 2 for gap in gaps)
    assert len(set(gaps)) == len(gaps)  # each wait its own length


def test_a_sitting_lasts_its_answers_and_a_review():
    timeline = Timeline(START, NOW, random.Random(5))
    started, submitted = timeline.quiz(12)
    assert submitted - started == ANSWER_INTERVAL * 12 + REVIEW_BEFORE_SUBMIT

    times = list(answer_times(started, 12))
    assert times == sorted(times) and len(times) == 12
    assert started < times[0] and times[-1] < submitted
    assert {later - earlier for earlier, later in itertools.pairwise(times)} == {ANSWER_INTERVAL}


def test_the_timeline_stops_at_the_present():
    timeline = Timeline(NOW - timedelta(days=3), NOW, random.Random(6))
    done = []
    with pytest.raises(CaughtUp):
        for _ in range(100):
            done.append(timeline.lesson())

    assert 2 <= len(done) <= 7  # three days of lessons about 20 hours apart
    assert timeline.moment == done[-1] <= NOW  # last seen at the last step taken


def test_a_quiz_that_would_be_submitted_after_the_present_is_left_unfinished():
    timeline = Timeline(NOW - timedelta(hours=4), NOW, random.Random(7))
    with pytest.raises(CaughtUp):
        timeline.quiz(1000)  # 12.5 hours of answers, begun one to three hours after the start
    # Last seen starting it.
    assert NOW - timedelta(hours=3) <= timeline.moment <= NOW - timedelta(hours=1)


def test_a_followup_step_is_taken_after_the_first_reminder_or_after_the_second():
    rng = random.Random(9)
    due_on = date(2026, 10, 1)
    morning = datetime(2026, 10, 1, 8, tzinfo=UTC)
    waits = []
    for _ in range(500):
        timeline = Timeline(morning - timedelta(days=30), NOW, rng)
        started, submitted = timeline.followup(due_on, 7, questions=15)
        assert submitted == started + ANSWER_INTERVAL * 15 + REVIEW_BEFORE_SUBMIT
        assert timeline.moment == submitted
        waits.append((started - morning) / timedelta(days=1))

    after_the_first = [wait for wait in waits if wait < 3]
    assert all(0 <= wait < 3 or 7 <= wait < 10 for wait in waits)
    assert 0.55 < len(after_the_first) / len(waits) < 0.75
    # Never before the learner's last step, nor after now.
    busy = Timeline(morning + timedelta(days=20), NOW, rng)
    assert busy.followup(due_on, None, 15)[0] > morning + timedelta(days=20)
    late = Timeline(NOW - timedelta(days=1), NOW, rng)
    with pytest.raises(CaughtUp):
        late.followup(NOW.date(), 7, 15)
