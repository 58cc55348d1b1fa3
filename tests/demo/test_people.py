import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from courseware.demo.people import (
    FIRST_NAMES,
    LAST_NAMES,
    LEARNERS_PER_COHORT,
    ORGANISATIONS,
    PILOT_GROUP,
    SMALL_COHORT,
    CohortPlan,
    People,
    Showcase,
    cohort_sizes,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)
START = NOW - timedelta(days=180)


def _people(seed=1):
    return People(random.Random(seed), NOW, START, "the-hash")


@pytest.mark.parametrize(
    ("learners", "sizes"),
    [
        (1, [1]),
        (SMALL_COHORT, [SMALL_COHORT]),
        (SMALL_COHORT + 1, [SMALL_COHORT, 1]),
        (SMALL_COHORT + LEARNERS_PER_COHORT, [SMALL_COHORT, LEARNERS_PER_COHORT]),
        (60, [SMALL_COHORT, LEARNERS_PER_COHORT, LEARNERS_PER_COHORT, 7]),
    ],
)
def test_a_small_pilot_group_comes_first_then_full_cohorts_then_the_rest(learners, sizes):
    assert cohort_sizes(learners) == sizes


def test_every_learner_has_a_cohort_and_no_cohort_is_too_big():
    for learners in range(1, 300):
        sizes = cohort_sizes(learners)
        assert sum(sizes) == learners
        assert all(0 < size <= LEARNERS_PER_COHORT for size in sizes)


def test_cohorts_take_the_organisations_in_turn_with_a_trainer_each():
    people = _people()
    organisations = people.organisations()
    made = [
        people.cohort(cohort_id, date(2026, 6, 1), date(2026, 7, 31)) for cohort_id in range(1, 21)
    ]

    assert [org["id"] for org in organisations] == list(range(1, len(ORGANISATIONS) + 1))
    assert [org["name"] for org in organisations] == ORGANISATIONS
    per_organisation = Counter(cohort["organisation_id"] for cohort, _ in made)
    assert set(per_organisation) == {org["id"] for org in organisations}
    assert max(per_organisation.values()) - min(per_organisation.values()) <= 1
    for cohort, trainer in made:
        assert trainer["role"] == "trainer"
        assert trainer["organisation_id"] == cohort["organisation_id"]
    assert [cohort["name"] for cohort, _ in made[:2]] == [PILOT_GROUP, "Cohort 2"]
    assert len({cohort["invite_code"] for cohort, _ in made}) == 20
    assert len({trainer["email"] for _, trainer in made}) == 20


def test_every_account_gets_its_own_number_and_the_shared_password():
    people = _people()
    staff = people.staff()
    _, trainer = people.cohort(1, date(2026, 6, 1), date(2026, 7, 31))
    learners = [people.learner(number, 1, START) for number in range(1, 11)]

    users = [*staff, trainer, *learners]
    assert [user["id"] for user in users] == list(range(1, 14))
    assert len({user["email"] for user in users}) == 13
    assert {user["password_hash"] for user in users} == {"the-hash"}
    assert [user["role"] for user in staff] == ["admin", "coordinator"]
    assert all(NOW - timedelta(days=3) <= user["last_seen_at"] < NOW for user in staff)


def test_learners_belong_to_their_organisation_and_mostly_read_serbian():
    people = _people(2)
    joined = START + timedelta(days=3)
    learners = [people.learner(number, 5, joined) for number in range(1, 1001)]

    assert all(user["organisation_id"] == 5 and user["created_at"] == joined for user in learners)
    assert all(user["role"] == "learner" for user in learners)
    first, last = zip(*(user["display_name"].split(" ") for user in learners), strict=True)
    assert set(first) == set(FIRST_NAMES) and set(last) == set(LAST_NAMES)
    languages = Counter(user["language"] for user in learners)
    assert languages["sr"] / len(learners) == pytest.approx(0.7, abs=0.05)
    scripts = Counter((user["language"], user["script"]) for user in learners)
    assert scripts["en", "cyrillic"] == 0
    assert scripts["sr", "cyrillic"] / languages["sr"] == pytest.approx(0.1, abs=0.04)


def test_the_learner_shown_is_a_busy_one_of_a_regular_cohort_if_any():
    pilot = CohortPlan(1, 1, date(2026, 6, 1), "trainer1@demo.local", 0.0)
    regular = CohortPlan(2, 2, date(2026, 6, 2), "trainer2@demo.local", 0.0)
    showcase = Showcase()
    assert set(showcase.accounts) == {"admin", "coordinator"}

    showcase.consider("learner1@demo.local", pilot, busy=True)
    assert showcase.accounts["learner"] == "learner1@demo.local"
    showcase.consider("learner4@demo.local", regular, busy=False)
    showcase.consider("learner5@demo.local", regular, busy=False)
    assert showcase.accounts["learner"] == "learner4@demo.local"
    showcase.consider("learner6@demo.local", regular, busy=True)
    showcase.consider("learner7@demo.local", regular, busy=True)
    showcase.consider("learner8@demo.local", pilot, busy=True)

    assert showcase.accounts == {
        "admin": "admin@demo.local",
        "coordinator": "coordinator@demo.local",
        "learner": "learner6@demo.local",
        "trainer": "trainer2@demo.local",
    }
