"""The demo's spaced practice: some certified learners take the practice sets due before the
demo's today, each set drawn as the app draws it, answered and scored, and they forget less
than the others by the follow-up checks."""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from statistics import mean

from courseware.grading import score_quiz, shown_leaf_ids
from courseware.practice import MEASURED_KINDS, Item, add_scores, choose_set, pool, tag_scores
from tests.demo.conftest import NOW


def _sets_by_learner(rows):
    sets = defaultdict(list)
    for row in sorted(rows["practice_sets"], key=lambda row: row["number"]):
        sets[row["user_id"]].append(row)
    return sets


def _items_by_set(rows):
    items = defaultdict(list)
    for row in sorted(rows["practice_items"], key=lambda row: row["position"]):
        items[row["set_id"]].append(row)
    return items


def _scores_at_the_end(quizzes, rows, user_id):
    """Per tag, the learner's points in their last attempt at each final and the post-test,
    read from the rows as the store reads them."""
    points = defaultdict(dict)
    for answer in rows["answers"]:
        if answer["points"] is not None:
            points[answer["attempt_id"]][answer["question_id"]] = answer["points"]
    last = {}
    for attempt in rows["quiz_attempts"]:
        if attempt["user_id"] == user_id and quizzes[attempt["quiz_id"]].kind in MEASURED_KINDS:
            last[attempt["quiz_id"]] = attempt  # the rows come in the order they were made
    return add_scores(
        *(
            tag_scores(
                quizzes[a["quiz_id"]],
                points[a["id"]],
                shown_leaf_ids(quizzes[a["quiz_id"]], a["layout"]["question_ids"]),
            )
            for a in last.values()
        )
    )


def test_some_certified_learners_take_the_sets_due_before_today(population):
    simulation, rows = population
    plan = simulation.course.practice
    certified = {c["user_id"]: c["issued_at"] for c in rows["certificates"]}
    sets = _sets_by_learner(rows)

    assert set(sets) <= set(certified)
    assert 0.35 < len(sets) / len(certified) < 0.65
    for user_id, learner_sets in sets.items():
        assert [s["number"] for s in learner_sets] == list(range(1, len(learner_sets) + 1))
        for practice_set in learner_sets:
            due_on = certified[user_id].date() + timedelta(
                plan.after_days[practice_set["number"] - 1]
            )
            assert practice_set["due_on"] == due_on < NOW.date()
            # Made when first looked at once due, finished within a few days.
            assert practice_set["made_at"].date() >= due_on
            assert practice_set["made_at"] < practice_set["finished_at"] <= NOW
            assert practice_set["finished_at"] - datetime.combine(
                due_on, datetime.min.time(), UTC
            ) < timedelta(days=5)
    # More of them among the learners who take the follow-up checks.
    checked = {
        a["user_id"]
        for a in rows["quiz_attempts"]
        if a["quiz_id"] == simulation.course.followup[0].quiz
    }
    assert len(checked & set(sets)) / len(checked) > len(sets) / len(certified) + 0.05
    # Learners certified long enough ago took all four; some are between sets.
    assert any(len(learner_sets) == len(plan.after_days) for learner_sets in sets.values())
    assert any(len(learner_sets) < len(plan.after_days) for learner_sets in sets.values())


def test_each_set_holds_what_the_app_would_have_drawn(population):
    simulation, rows = population
    quizzes, plan = simulation.catalog.quizzes, simulation.course.practice
    candidates = pool(quizzes.values())
    items = _items_by_set(rows)
    for user_id, learner_sets in list(_sets_by_learner(rows).items())[:60]:
        scores = _scores_at_the_end(quizzes, rows, user_id)
        previous = []
        for practice_set in learner_sets:
            drawn = [
                Item(i["quiz_id"], i["question_id"], i["content_version"])
                for i in items[practice_set["id"]]
            ]
            assert drawn == choose_set(
                candidates, scores, previous, plan.questions, practice_set["seed"]
            )
            assert len(drawn) == plan.questions
            assert not {i.key for i in drawn} & {i.key for i in previous}
            for item in drawn:
                assert item.content_version == quizzes[item.quiz_id].content_version()
            previous = drawn


def test_each_item_is_answered_and_scored_as_the_grading_engine_scores_it(population):
    simulation, rows = population
    quizzes = simulation.catalog.quizzes
    answers = defaultdict(dict)
    for answer in rows["practice_answers"]:
        answers[answer["item_id"]][answer["question_id"]] = answer
    finished = {s["id"]: s["finished_at"] for s in rows["practice_sets"]}
    items = _items_by_set(rows)
    earned = []
    for set_id, set_items in items.items():
        assert max(i["checked_at"] for i in set_items) == finished[set_id]
        for item in set_items:
            quiz = quizzes[item["quiz_id"]]
            question = next(q for q in quiz.questions if q.id == item["question_id"])
            given = {}
            for leaf in question.leaves():
                saved = answers[item["id"]].get(leaf.id)
                given[leaf.id] = None if saved is None else leaf.check_answer(saved["answer"])
                if saved is not None:
                    assert saved["answered_at"] <= item["checked_at"]
            result = score_quiz(quiz, given, [question.id])
            assert (item["points"], item["max_points"]) == (result.points, result.max_points)
            earned.append(item["points"] / item["max_points"])
    # Mostly right, not always: the response model, as in the quizzes.
    assert Fraction(1, 2) < mean(earned) < 1


def test_learners_who_practised_forget_less(population):
    simulation, rows = population
    practisers = {s["user_id"] for s in rows["practice_sets"]}
    for step, margin in zip(simulation.course.followup[:2], (0.01, 0.03), strict=True):
        shares = defaultdict(list)
        for attempt in rows["quiz_attempts"]:
            if attempt["quiz_id"] == step.quiz:
                share = attempt["points"] / attempt["max_points"]
                shares[attempt["user_id"] in practisers].append(share)
        assert len(shares[True]) > 50 and len(shares[False]) > 30
        assert mean(shares[True]) > mean(shares[False]) + margin
