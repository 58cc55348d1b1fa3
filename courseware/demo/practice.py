"""Spaced practice in the demo (docs/followup.md): some certified learners take the practice
sets of the course's plan as they fall due, each set drawn by the app's own choice
(`courseware.practice.choose_set`, from the learner's weakest tags at the end of the course,
never an item of the set before), answered by the item-response model as the quizzes are,
and finished within a few days of being due. Who practises forgets less after the course.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta
from fractions import Fraction

from courseware.content.catalog import Catalog
from courseware.content.questions import Question
from courseware.demo.people import Row
from courseware.demo.responses import Ability, Item, question_items
from courseware.demo.timeline import CaughtUp, Timeline, answer_times
from courseware.practice import Item as PracticeItem
from courseware.practice import TagScores, choose_set, pool

# Who practises. Optional practice after a training is taken up by some of the trainees,
# not by all: we assume half of the certified learners (no study of this course measured it
# yet), and more of them among those who answer the follow-up checks, as it is the same
# engaged learners who come back for both (simulation.TAKES_THE_FIRST_STEP).
PRACTISES = 0.5


class Practice:
    """The course's practice plan as the demo plays it: the app's pool of items, and the
    response-model parameters of each (the same as in the quizzes they come from)."""

    def __init__(self, catalog: Catalog, seed: int):
        assert catalog.course is not None and catalog.course.practice is not None
        self.plan = catalog.course.practice
        self.candidates = pool(catalog.quizzes.values())
        self.quizzes = {c.item.quiz_id: catalog.quizzes[c.item.quiz_id] for c in self.candidates}
        questions = {
            (quiz.id, question.id): question
            for quiz in self.quizzes.values()
            for question in quiz.questions
        }
        self._items: dict[tuple[str, str], tuple[Question, list[Item]]] = {
            c.item.key: (questions[c.item.key], question_items(questions[c.item.key], seed))
            for c in self.candidates
        }
        self._set_ids = itertools.count(1)
        self._item_ids = itertools.count(1)
        self._answer_ids = itertools.count(1)

    def take(
        self,
        rows: dict[str, list[Row]],
        user_id: int,
        scores: TagScores,
        ability: Ability,
        timeline: Timeline,
    ) -> None:
        """The sets the learner takes, each due `after_days` after the certificate (the
        timeline's moment), until one would be finished after now (CaughtUp: not yet)."""
        certified, rng = timeline.moment, timeline.rng
        previous: list[PracticeItem] = []
        try:
            for number, after_days in enumerate(self.plan.after_days, start=1):
                due_on = certified.date() + timedelta(days=after_days)
                seed = rng.getrandbits(63)
                chosen = choose_set(self.candidates, scores, previous, self.plan.questions, seed)
                leaves = sum(len(self._items[item.key][1]) for item in chosen)
                started, _ = timeline.followup(due_on, None, leaves)
                days = (started - certified) / timedelta(days=1)
                self._set(rows, user_id, number, due_on, seed, chosen, started, ability, days, rng)
                previous = chosen
        except CaughtUp:
            pass

    def _set(
        self,
        rows: dict[str, list[Row]],
        user_id: int,
        number: int,
        due_on: date,
        seed: int,
        chosen: list[PracticeItem],
        started: datetime,
        ability: Ability,
        days: float,
        rng: random.Random,
    ) -> None:
        set_id = next(self._set_ids)
        set_row = {
            "id": set_id,
            "user_id": user_id,
            "number": number,
            "due_on": due_on,
            "seed": seed,
            "made_at": started,
            "finished_at": started,
        }
        leaves = sum(len(self._items[item.key][1]) for item in chosen)
        times = answer_times(started, leaves)
        for position, item in enumerate(chosen):
            item_id = next(self._item_ids)
            _, items = self._items[item.key]
            points, max_points, checked_at = 0, 0, started
            for model in items:
                checked_at = next(times)
                max_points += model.max_points
                response = model.respond(ability.after_course(days, model.fading), rng)
                if response is None:
                    continue  # no answer saved: the item checks it as unanswered
                answer, earned = response
                points += earned
                rows.setdefault("practice_answers", []).append(
                    {
                        "id": next(self._answer_ids),
                        "item_id": item_id,
                        "question_id": model.question_id,
                        "answer": answer,
                        "answered_at": checked_at,
                    }
                )
            rows.setdefault("practice_items", []).append(
                {
                    "id": item_id,
                    "set_id": set_id,
                    "position": position,
                    "quiz_id": item.quiz_id,
                    "question_id": item.question_id,
                    "content_version": item.content_version,
                    "points": Fraction(points),
                    "max_points": Fraction(max_points),
                    "checked_at": checked_at,
                }
            )
            set_row["finished_at"] = checked_at  # the app's: when the last item is checked
        rows.setdefault("practice_sets", []).append(set_row)
