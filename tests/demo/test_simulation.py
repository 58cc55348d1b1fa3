from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from statistics import mean

import pytest

from courseware.analytics.case_paths import analyse_paths
from courseware.content.catalog import load_catalog
from courseware.content.questions.branching import Branching
from courseware.demo import Simulation
from courseware.demo.people import ORGANISATIONS, cohort_sizes
from courseware.demo.timeline import HOURS_BETWEEN_LESSONS
from courseware.settings import REPO_ROOT

NOW = datetime(2026, 11, 1, tzinfo=UTC)
LEARNERS = 300
SEED = 3  # a seed with learners in each status


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO_ROOT)


def _simulated(catalog, learners=LEARNERS, seed=SEED, learners_per_batch=500):
    """The simulation (run), its batches, and all their rows by table."""
    simulation = Simulation(catalog, learners, seed, NOW, "the-hash")
    batches = list(simulation.batches(learners_per_batch))
    rows = defaultdict(list)
    for batch in batches:
        for table, table_rows in batch.rows.items():
            rows[table] += table_rows
    return simulation, batches, rows


@pytest.fixture(scope="module")
def population(catalog):
    return _simulated(catalog)


def _by_user(rows, table):
    grouped = defaultdict(list)
    for row in rows[table]:
        grouped[row["user_id"]].append(row)
    return grouped


def _learners(rows):
    return {user["id"]: user for user in rows["users"] if user["role"] == "learner"}


def test_the_same_seed_gives_the_same_rows_in_batches_of_any_size(catalog, population):
    _, _, rows = population
    _, _, in_small_batches = _simulated(catalog, learners_per_batch=7)
    _, _, other_seed = _simulated(catalog, seed=SEED + 1)

    assert in_small_batches == rows
    assert other_seed["answers"] != rows["answers"]


def test_the_batches_count_the_learners_done(population):
    simulation, batches, rows = population
    _, small_batches, _ = _simulated(simulation.catalog, learners=60, learners_per_batch=25)

    assert [batch.learners_done for batch in batches] == [LEARNERS]
    assert [batch.learners_done for batch in small_batches] == [25, 50, 60]
    assert [len(batch.rows["enrolments"]) for batch in small_batches] == [25, 25, 10]
    assert len(_learners(rows)) == sum(simulation.statuses.values()) == LEARNERS


def test_the_rows_are_numbered_without_gaps(population):
    _, _, rows = population
    for table in ("users", "quiz_attempts", "answers", "cohorts", "organisations"):
        assert [row["id"] for row in rows[table]] == list(range(1, len(rows[table]) + 1)), table
    attempt_ids = {attempt["id"] for attempt in rows["quiz_attempts"]}
    assert {answer["attempt_id"] for answer in rows["answers"]} <= attempt_ids


def test_learners_are_spread_over_the_organisations_through_their_cohorts(population):
    _, _, rows = population
    cohorts = {cohort["id"]: cohort for cohort in rows["cohorts"]}
    learners = _learners(rows)
    enrolments = rows["enrolments"]

    assert sorted(enrolment["user_id"] for enrolment in enrolments) == sorted(learners)
    for enrolment in enrolments:
        cohort = cohorts[enrolment["cohort_id"]]
        assert learners[enrolment["user_id"]]["organisation_id"] == cohort["organisation_id"]
    # The cohorts, as cohort_sizes makes them, go to the organisations in turn.
    expected = Counter()
    for index, size in enumerate(cohort_sizes(LEARNERS)):
        expected[index % len(ORGANISATIONS) + 1] += size
    assert Counter(user["organisation_id"] for user in learners.values()) == expected
    assert len(expected) == len(ORGANISATIONS)


def test_each_learners_steps_follow_each_other_up_to_when_they_were_last_seen(population):
    _, _, rows = population
    answers = defaultdict(list)
    for answer in rows["answers"]:
        answers[answer["attempt_id"]].append(answer["answered_at"])
    steps = defaultdict(list)
    for lesson in rows["lesson_progress"]:
        steps[lesson["user_id"]].append(lesson["done_at"])
    for attempt in rows["quiz_attempts"]:
        times = answers[attempt["id"]]
        assert times == sorted(times)
        assert all(attempt["started_at"] < time < attempt["submitted_at"] for time in times)
        steps[attempt["user_id"]] += [attempt["started_at"], attempt["submitted_at"]]
    enrolled = {enrolment["user_id"]: enrolment["enrolled_at"] for enrolment in rows["enrolments"]}

    for user_id, user in _learners(rows).items():
        assert user["created_at"] == enrolled[user_id]
        assert all(enrolled[user_id] < moment <= user["last_seen_at"] for moment in steps[user_id])
        assert user["last_seen_at"] <= NOW


def test_attempts_come_in_course_order(population):
    simulation, _, rows = population
    order = [quiz.id for quiz in simulation.quizzes]
    for attempts in _by_user(rows, "quiz_attempts").values():
        attempts.sort(key=lambda attempt: attempt["started_at"])
        taken = [order.index(attempt["quiz_id"]) for attempt in attempts]
        assert taken == sorted(taken)
        assert taken[0] == 0  # the pre-test first


def test_each_status_shows_in_what_the_learner_did(population):
    simulation, _, rows = population
    course, catalog = simulation.course, simulation.catalog
    lessons = sum(len(catalog.modules[module].lessons) for module in course.modules)
    lessons_done = Counter(lesson["user_id"] for lesson in rows["lesson_progress"])
    certified = {certificate["user_id"] for certificate in rows["certificates"]}
    attempts = _by_user(rows, "quiz_attempts")
    finals = {catalog.modules[module].final for module in course.modules}

    def stuck(user_id):
        last = max(attempts[user_id], key=lambda attempt: attempt["id"])
        tries = sum(attempt["quiz_id"] == last["quiz_id"] for attempt in attempts[user_id])
        quiz = catalog.quizzes[last["quiz_id"]]
        return quiz.id in finals and not last["passed"] and tries == quiz.max_attempts

    followups = {step.quiz for step in course.followup}
    for user_id in certified:
        assert lessons_done[user_id] == lessons
        of_the_course = [a for a in attempts[user_id] if a["quiz_id"] not in followups]
        assert max(of_the_course, key=lambda a: a["id"])["quiz_id"] == course.survey
    assert len(certified) == simulation.statuses["completed"]
    assert sum(map(stuck, _learners(rows))) == simulation.statuses["stuck"] > 0
    # The others dropped out or are still busy: none of them got to the end.
    others = [
        u for u in _learners(rows).values() if u["id"] not in certified and not stuck(u["id"])
    ]
    assert len(others) == simulation.statuses["dropped_out"] + simulation.statuses["in_progress"]
    assert all(a["quiz_id"] != course.survey for u in others for a in attempts[u["id"]])
    gone_quiet = [u for u in others if u["last_seen_at"] < NOW - timedelta(days=2)]
    assert 0 < len(gone_quiet) <= simulation.statuses["dropped_out"]


def test_the_latest_learners_are_still_busy_and_only_the_earlier_ones_finished(population):
    simulation, _, rows = population
    joined = {e["user_id"]: e["enrolled_at"] for e in rows["enrolments"]}
    certified = {certificate["user_id"] for certificate in rows["certificates"]}
    # A busy learner's next step would come after now, and no wait lasts 30 hours.
    recent = [
        user_id
        for user_id, user in _learners(rows).items()
        if user_id not in certified and user["last_seen_at"] > NOW - timedelta(days=2)
    ]

    assert len(recent) >= simulation.statuses["in_progress"] > 0
    assert all(joined[user_id] > NOW - timedelta(days=60) for user_id in recent)
    # Every lesson comes at least half the usual wait after the one before.
    lessons = sum(len(simulation.catalog.modules[m].lessons) for m in simulation.course.modules)
    shortest = timedelta(hours=HOURS_BETWEEN_LESSONS / 2) * lessons
    assert all(joined[user_id] < NOW - shortest for user_id in certified)


def test_learners_score_better_after_the_course_than_before(population):
    simulation, _, rows = population

    def average(quiz_id):
        return mean(
            attempt["points"] / attempt["max_points"]
            for attempt in rows["quiz_attempts"]
            if attempt["quiz_id"] == quiz_id
        )

    assert average(simulation.course.posttest) > average(simulation.course.pretest) + 0.1


def test_the_accounts_shown_are_a_busy_learner_and_their_trainer(population):
    simulation, _, rows = population
    users = {user["email"]: user for user in rows["users"]}
    learner = users[simulation.accounts["learner"]]
    trainer = users[simulation.accounts["trainer"]]
    cohort_of = {e["user_id"]: e["cohort_id"] for e in rows["enrolments"]}
    trains = {link["user_id"]: link["cohort_id"] for link in rows["cohort_trainers"]}

    for role, email in simulation.accounts.items():
        assert users[email]["role"] == role
    assert trains[trainer["id"]] == cohort_of[learner["id"]] != 1  # not the pilot group
    assert learner["id"] not in {c["user_id"] for c in rows["certificates"]}
    assert learner["last_seen_at"] > NOW - timedelta(days=2)


def test_the_cases_paths_have_a_shape_worth_reading(population):
    # Each case's answers take many paths, reach endings of low and of full credit, and
    # leave the recommended path somewhere; in most cases some steps are much harder than
    # others. The path analysis has something to show in `make demo`.
    # The follow-up checks' cases are answered by fewer learners, later: not counted here.
    simulation, _, rows = population
    followups = {step.quiz for step in simulation.course.followup}
    quizzes = [quiz for quiz in simulation.quizzes if quiz.id not in followups]
    cases = [leaf for quiz in quizzes for leaf in quiz.leaves()]
    cases = [leaf for leaf in cases if isinstance(leaf, Branching)]
    assert len(cases) >= 6
    uneven = 0
    for case in cases:
        paths = Counter(
            tuple(answer["answer"])
            for answer in rows["answers"]
            if answer["question_id"] == case.id
        )
        analysis = analyse_paths(case, [(list(path), count) for path, count in paths.items()])
        assert analysis.answers == sum(paths.values()) > 100, case.id
        assert len(paths) >= 5, case.id
        reached = analysis.endings[analysis.endings["count"] > 0]["credit"]
        assert reached.min() < 0.5 and reached.max() == 1, case.id
        assert 0.1 < analysis.full_credit < 1, case.id
        assert analysis.failure is not None, case.id
        choices = analysis.choices
        decisions = choices[choices["recommended"] & (choices["share"] < 1)]["share"]
        uneven += decisions.max() - decisions.min() > 0.15
    assert uneven >= len(cases) / 2
