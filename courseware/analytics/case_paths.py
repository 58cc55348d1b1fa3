"""Path analysis of a branching case: where a group's decisions led, and where judgement
fails most. Pure Python on the distinct paths and how many answers took each (the store
counts them in the database), so the same figures come out for a cohort or a programme.

"Where judgement fails most" is the step at which most answers first leave the recommended
path: an answer that has left it is no longer "on course", so each answer that leaves it is
counted once, at the step where it left, and the counts of the steps add up to the answers
that left. Its share is of the answers that chose at that step while still on course (not
of all answers), which is what a trainer can discuss: "of those who got this far, 62%…".
Ties go to the step met first, which is where a group loses the most answers soonest.

Decisions in tag mastery (docs/question-types.md, under `branching`): each choice made is one
chance to show the tags of the step's recommended choice, earned when it was taken; a
non-recommended choice taken counts its own tags as missed; at a step that recommends
nothing, the tags of the choice taken count as shown. The ending reached earns its credit
on its own tags."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from courseware.content.questions.base import AnswerError
from courseware.content.questions.branching import Branching

# The "ending" of a path that stopped before one.
UNFINISHED = ""

ENDING_COLUMNS = ["ending", "credit", "count", "share"]
CHOICE_COLUMNS = ["step", "choice", "recommended", "count", "share"]
LINK_COLUMNS = ["source", "target", "choice", "recommended", "count"]


@dataclass(frozen=True)
class JudgementFailure:
    """The step where most answers left the recommended path, the choice most of them took
    there instead, and `share`: how many took it (`count`) of the answers that chose at
    that step while still on the recommended path (`reached`). `left`: all that left there."""

    step: str
    choice: str
    recommended: str
    count: int
    reached: int
    left: int

    @property
    def share(self) -> float:
        return self.count / self.reached


@dataclass(frozen=True)
class PathAnalysis:
    """One case's paths over a group of answers.

    - `endings`: ending (step id, UNFINISHED for a path short of one), credit (None when
      unfinished), count, share of the answers; endings nobody reached are listed with 0
    - `choices`: per step some answer reached, each of its choices: count, share of the
      answers that chose at that step, and whether it is the step's recommended one
    - `links`: source step, target step, choice, whether on the recommended path, count
      (the Sankey's flows; a choice nobody took has none)
    - `failure`: where judgement fails most; None when no answer left the recommended path
    """

    question_id: str
    answers: int
    endings: pd.DataFrame
    choices: pd.DataFrame
    links: pd.DataFrame
    failure: JudgementFailure | None

    @property
    def full_credit(self) -> float:
        """The share of answers that reached an ending with full credit."""
        reached = self.endings[self.endings["credit"].astype(float) == 1]["count"].sum()
        return reached / self.answers if self.answers else 0.0


def analyse_paths(question: Branching, paths: Iterable[tuple[list[str], int]]) -> PathAnalysis:
    """The analysis of `question` over `paths`: each a checked answer (choice ids in order)
    and how many answers took it. Paths that do not fit the case (an answer saved against
    an older version of it) are skipped, as they cannot be placed on this graph."""
    endings: Counter[str] = Counter()
    taken: Counter[tuple[str, str]] = Counter()
    reached_on_course: Counter[str] = Counter()
    left_at: Counter[tuple[str, str]] = Counter()
    recommended_path = set(question.recommended_path())
    answers = 0
    for path, count in paths:
        try:
            steps, end = question.follow(list(path))
        except AnswerError:
            continue
        answers += count
        endings[end.id if end.is_ending else UNFINISHED] += count
        on_course = True
        for step, choice in steps:
            taken[step.id, choice.id] += count
            if not on_course:
                continue
            reached_on_course[step.id] += count
            best = step.recommended()
            if best is not None and choice.id != best.id:
                left_at[step.id, choice.id] += count
                on_course = False
    return PathAnalysis(
        question.id,
        answers,
        _endings(question, endings, answers),
        _choices(question, taken),
        _links(question, taken, recommended_path),
        _failure(question, reached_on_course, left_at),
    )


def _endings(question: Branching, endings: Counter[str], answers: int) -> pd.DataFrame:
    rows = [
        (step.id, float(step.credit), endings[step.id])
        for step in sorted(question.endings(), key=lambda s: -s.credit)
    ]
    if endings[UNFINISHED]:
        rows.append((UNFINISHED, None, endings[UNFINISHED]))
    table = pd.DataFrame(rows, columns=ENDING_COLUMNS[:3])
    table["share"] = table["count"] / answers if answers else 0.0
    return table


def _choices(question: Branching, taken: Counter[tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for step in question.steps:
        if step.is_ending:
            continue
        at_step = sum(taken[step.id, choice.id] for choice in step.choices)
        if not at_step:
            continue
        best = step.recommended()
        for choice in step.choices:
            count = taken[step.id, choice.id]
            is_best = best is not None and best.id == choice.id
            rows.append((step.id, choice.id, is_best, count, count / at_step))
    return pd.DataFrame(rows, columns=CHOICE_COLUMNS)


def _links(
    question: Branching, taken: Counter[tuple[str, str]], recommended_path: set[str]
) -> pd.DataFrame:
    rows = [
        (step.id, choice.next, choice.id, choice.id in recommended_path, taken[step.id, choice.id])
        for step in question.steps
        for choice in step.choices or []
        if taken[step.id, choice.id]
    ]
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def _failure(
    question: Branching, reached: Counter[str], left_at: Counter[tuple[str, str]]
) -> JudgementFailure | None:
    if not left_at:
        return None
    left_per_step: Counter[str] = Counter()
    for (step_id, _), count in left_at.items():
        left_per_step[step_id] += count
    order = {step.id: place for place, step in enumerate(_walk_order(question))}
    step_id = min(left_per_step, key=lambda s: (-left_per_step[s], order[s]))
    step = question.step_by_id[step_id]
    choice_order = {choice.id: place for place, choice in enumerate(step.choices)}
    choice_id = min(
        (c for s, c in left_at if s == step_id),
        key=lambda c: (-left_at[step_id, c], choice_order[c]),
    )
    return JudgementFailure(
        step_id,
        choice_id,
        step.recommended().id,
        left_at[step_id, choice_id],
        reached[step_id],
        left_per_step[step_id],
    )


def _walk_order(question: Branching):
    """The steps in the order a learner meets them: by distance from the start, then as
    the file lists them."""
    distance = nx.single_source_shortest_path_length(question.graph, question.start)
    file_order = {step.id: place for place, step in enumerate(question.steps)}
    return sorted(
        question.step_by_id.values(),
        key=lambda s: (distance.get(s.id, len(file_order)), file_order[s.id]),
    )


def decision_tags(question: Branching, path: list[str]) -> dict[str, tuple[float, int]]:
    """Per tag, what a path's decisions and ending earned of what they could (see the
    module's note): tag to (earned, possible). Nothing for a path that does not fit."""
    try:
        steps, end = question.follow(list(path))
    except AnswerError:
        return {}
    totals: defaultdict[str, list[float]] = defaultdict(lambda: [0.0, 0])

    def count(tags, earned: float) -> None:
        for tag in tags:
            totals[tag][0] += earned
            totals[tag][1] += 1

    for step, choice in steps:
        best = step.recommended()
        if best is None:
            count(choice.tags, 1.0)
        elif choice.id == best.id:
            count(best.tags, 1.0)
        else:
            count(best.tags, 0.0)
            count([tag for tag in choice.tags if tag not in best.tags], 0.0)
    if end.is_ending:
        count(end.tags, float(end.credit))
    return {tag: (earned, possible) for tag, (earned, possible) in totals.items()}


def case_tags(question: Branching) -> set[str]:
    """Every tag a decision or an ending of the case can count towards."""
    return {
        tag
        for step in question.steps
        for tag in [*step.tags, *(t for c in step.choices or [] for t in c.tags)]
    }
