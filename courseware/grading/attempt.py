from __future__ import annotations

import random
from dataclasses import dataclass

from courseware.content.questions.ordering import Ordering
from courseware.content.quiz import Quiz


@dataclass(frozen=True)
class AttemptLayout:
    """What one attempt shows: which top-level questions, in which order, and the order of
    each question's options. The same quiz and seed always give the same layout."""

    question_ids: list[str]
    option_orders: dict[str, list[str]]


def build_layout(quiz: Quiz, seed: int) -> AttemptLayout:
    rng = random.Random(seed)
    ids = [question.id for question in quiz.questions]
    if quiz.draw is not None and quiz.draw < len(ids):
        always = set(quiz.always_drawn or [])
        # Without `always_drawn` this is the same draw as before the field existed, so the
        # seeds of earlier attempts still give the layouts their learners saw.
        others = [question_id for question_id in ids if question_id not in always]
        drawn = always | set(rng.sample(others, quiz.draw - len(always)))
        ids = [question_id for question_id in ids if question_id in drawn]
    if quiz.shuffle_questions:
        rng.shuffle(ids)
    chosen = set(ids)
    option_orders: dict[str, list[str]] = {}
    for question in quiz.questions:
        if question.id not in chosen:
            continue
        for leaf in question.leaves():
            order = leaf.shuffle_ids()
            # Ordering items are written in the correct order, so they are always shuffled.
            if isinstance(leaf, Ordering):
                order = _shuffled_out_of_order(order, rng)
            elif order and quiz.shuffle_options:
                order = order[:]
                rng.shuffle(order)
            if order:
                option_orders[leaf.id] = order
    return AttemptLayout(ids, option_orders)


def _shuffled_out_of_order(correct: list[str], rng: random.Random) -> list[str]:
    """A shuffled order that is never the answer itself (which would give it away)."""
    order = correct[:]
    rng.shuffle(order)
    if order == correct:
        order = order[1:] + order[:1]
    return order
