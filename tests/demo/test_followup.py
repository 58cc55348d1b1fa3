"""The demo's learners after the certificate: the follow-up plan's steps, taken by fewer
learners at each later step, with scores falling along the forgetting curve, and some steps
due at the demo's today that nobody has taken yet."""

from collections import defaultdict
from statistics import mean

from courseware.followup import plan_status
from tests.demo.conftest import NOW


def _taken(rows, quiz_id):
    """The attempts at a quiz, by learner."""
    return {a["user_id"]: a for a in rows["quiz_attempts"] if a["quiz_id"] == quiz_id}


def _statuses(simulation, rows):
    """Each certified learner's follow-up steps as the app sees them at the demo's today."""
    plan = simulation.course.followup
    submitted = defaultdict(set)
    for attempt in rows["quiz_attempts"]:
        submitted[attempt["user_id"]].add(attempt["quiz_id"])
    return {
        c["user_id"]: plan_status(plan, c["issued_at"].date(), submitted[c["user_id"]])
        for c in rows["certificates"]
    }


def _share(attempt):
    return attempt["points"] / attempt["max_points"]


def test_fewer_learners_take_each_later_step_and_only_after_it_is_due(population):
    simulation, rows = population
    certified = {c["user_id"]: c["issued_at"] for c in rows["certificates"]}
    statuses = _statuses(simulation, rows)
    rates = []
    for number, step in enumerate(simulation.course.followup):
        taken = _taken(rows, step.quiz)
        due = [user for user, steps in statuses.items() if steps[number].due_on <= NOW.date()]
        assert set(taken) <= set(due)
        for user_id, attempt in taken.items():
            assert attempt["started_at"].date() >= statuses[user_id][number].due_on
            assert certified[user_id] < attempt["started_at"] < attempt["submitted_at"] <= NOW
        rates.append(len(taken) / len(due))
    retention_30, retention_90, behaviour = rates
    assert 0.45 < retention_30 < 0.75
    assert retention_30 > retention_90 + 0.1 > behaviour + 0.1 > 0.1


def test_scores_fall_from_the_posttest_to_30_days_and_further_to_90(population):
    simulation, rows = population
    posttest = _taken(rows, simulation.course.posttest)
    at_30, at_90 = (_taken(rows, step.quiz) for step in simulation.course.followup[:2])
    # The paired subset: the learners who took all three.
    paired = set(at_30) & set(at_90)
    # Learners who practised forget less (tests/demo/test_practice.py): the curve of the
    # others is the one without practice.
    practised = {s["user_id"] for s in rows["practice_sets"]}
    assert len(paired) > 100

    def curve(learners):
        return [
            mean(_share(taken[u]) for u in learners & set(taken))
            for taken in (posttest, at_30, at_90)
        ]

    everyone, same_learners = curve(set(posttest)), curve(paired)
    without_practice = curve(set(posttest) - practised)
    for post, thirty, ninety in (everyone, same_learners):
        assert post > thirty > ninety > 0.5  # most of what was learnt is still there
    # Without practice, a quarter of the gain is lost by 30 days and half by 90 (the 90-day
    # group is small here, a few dozen learners: its margin over the 30-day one is left wide).
    post, thirty, ninety = without_practice
    assert post - thirty > 0.03
    assert thirty - ninety > 0.01
    assert post - ninety > 0.06


def test_some_steps_are_due_now_and_not_taken_yet(population):
    simulation, rows = population
    statuses = _statuses(simulation, rows)
    waiting = [step for steps in statuses.values() for step in steps if step.due(NOW.date())]
    done = [step for steps in statuses.values() for step in steps if step.done]

    assert len(done) > 300
    assert len(waiting) > 100
    # What `demo` prints counts the same.
    assert simulation.followup == {"taken": len(done), "waiting": len(waiting)}
    # Some fell due within the last week: their learners may still answer the reminders.
    assert any((NOW.date() - step.due_on).days < 7 for step in waiting)
    # ... and some steps lie ahead.
    assert any(step.due_on > NOW.date() for steps in statuses.values() for step in steps)


def test_the_behaviour_survey_is_answered_as_field_workers_would(population):
    simulation, rows = population
    survey = simulation.catalog.quizzes[simulation.course.followup[2].quiz]
    attempts = {a["id"] for a in _taken(rows, survey.id).values()}
    sheets = defaultdict(dict)
    for answer in rows["answers"]:
        if answer["attempt_id"] in attempts:
            leaf = survey.leaf(answer["question_id"])
            assert leaf.check_answer(answer["answer"]) == answer["answer"]
            assert answer["points"] is None
            sheets[answer["attempt_id"]][leaf.id] = answer["answer"]
    assert len(sheets) == len(attempts) > 100

    suspected = [sheet["bh-suspected"] for sheet in sheets.values()]
    referrals = ("bh-referred-cptv", "bh-referred-police", "bh-referred-csw", "bh-referred-ngo")
    # Most met no case or one in three months; some met many.
    assert sum(band <= 2 for band in suspected) > 0.6 * len(suspected)
    assert max(suspected) >= 4
    for sheet in sheets.values():
        # Nobody refers more people than they suspected; who met no case ticks no indicator.
        assert all(sheet[question] <= sheet["bh-suspected"] for question in referrals)
        assert (sheet["bh-suspected"] == 1) == ("bh-indicators" not in sheet)
    confident = [sheet["bh-confidence-identify"] for sheet in sheets.values()]
    assert 3.3 < mean(confident) < 4.5
