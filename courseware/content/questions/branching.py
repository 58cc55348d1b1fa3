"""A branching case: a graph of steps. At each step the learner makes one choice, which leads
to the next step, until an ending gives the credit the path earned. The answer is the list of
choice ids in the order chosen, from `start`."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Any, ClassVar, Literal

import networkx as nx
from pydantic import AfterValidator, ConfigDict, Field

from courseware.content.fields import Boolean, Number, PlainText, Slug, StrictModel, Text
from courseware.content.questions.base import AnswerError, LeafQuestion, duplicate_id_problems
from courseware.content.yaml_source import DataPath

# Longer cases are hard to follow, and an answer stays a short list.
MAX_PATH_STEPS = 30


def _credit_range(value: Decimal) -> Decimal:
    if not 0 <= value <= 1:
        raise ValueError("must be a number from 0 to 1 (e.g. 0.5)")
    return value


class Choice(StrictModel):
    id: Slug
    text: Text
    next: Slug
    feedback: Text | None = None
    tags: list[Slug] = Field(default_factory=list)
    recommended: Boolean = False


class Step(StrictModel):
    """A step with `choices`, or an ending (it has `credit`; its `text` is the outcome)."""

    # `continue` is a Python keyword: the field is `continue_` in code, `continue` in files.
    model_config = ConfigDict(serialize_by_alias=True)

    id: Slug
    text: Text
    choices: Annotated[list[Choice], Field(min_length=1)] | None = None
    continue_: Boolean = Field(default=False, alias="continue")
    credit: Annotated[Number, AfterValidator(_credit_range)] | None = None
    explanation: Text | None = None
    reference: PlainText | None = None
    tags: list[Slug] = Field(default_factory=list)

    @property
    def is_ending(self) -> bool:
        return self.credit is not None

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices or [] if c.id == choice_id), None)

    def recommended(self) -> Choice | None:
        """The step's best choice: the one marked `recommended`, or a continuation's only one."""
        choices = self.choices or []
        marked = [c for c in choices if c.recommended]
        if marked:
            return marked[0]
        return choices[0] if self.continue_ and len(choices) == 1 else None


class Branching(LeafQuestion):
    type: Literal["branching"]
    start: Slug
    steps: Annotated[list[Step], Field(min_length=2)]

    # A path grows one choice at a time; see `taken_back`.
    grows: ClassVar[bool] = True

    # The graph -------------------------------------------------------------------------------

    @cached_property
    def step_by_id(self) -> dict[str, Step]:
        by_id: dict[str, Step] = {}
        for step in self.steps:
            by_id.setdefault(step.id, step)
        return by_id

    @cached_property
    def graph(self) -> nx.DiGraph:
        """Steps as nodes, an edge for every choice that leads to a known step."""
        graph = nx.DiGraph()
        graph.add_nodes_from(self.step_by_id)
        for step in self.steps:
            for choice in step.choices or []:
                if choice.next in self.step_by_id:
                    graph.add_edge(step.id, choice.next)
        return graph

    def endings(self) -> list[Step]:
        return [step for step in self.step_by_id.values() if step.is_ending]

    # Answers ---------------------------------------------------------------------------------

    def follow(self, answer: list[Any]) -> tuple[list[tuple[Step, Choice]], Step]:
        """The (step, choice) pairs of a path and the step it has reached; AnswerError naming
        the step where a choice does not belong."""
        step = self.step_by_id[self.start]
        taken: list[tuple[Step, Choice]] = []
        for given in answer:
            if isinstance(given, int) and not isinstance(given, bool):
                given = str(given)
            if not isinstance(given, str):
                raise AnswerError(f"expected choice ids, found {given!r}")
            if step.is_ending:
                raise AnswerError(
                    f"the path ends at step '{step.id}': no choice can follow it (got '{given}')"
                )
            choice = step.choice(given)
            if choice is None:
                choices = ", ".join(c.id for c in step.choices or [])
                raise AnswerError(
                    f"choice '{given}' does not belong to step '{step.id}' (its choices: {choices})"
                )
            taken.append((step, choice))
            step = self.step_by_id[choice.next]
        return taken, step

    def check_answer(self, answer: Any) -> list[str] | None:
        if answer is None:
            return None
        if not isinstance(answer, list):
            raise AnswerError(
                f"expected the list of choice ids in the order chosen, from step '{self.start}'"
            )
        taken, _ = self.follow(answer)
        return [choice.id for _, choice in taken]

    def ending(self, answer: list[str] | None) -> Step | None:
        """The ending a checked path reached; None while it is not finished."""
        if answer is None:
            return None
        _, reached = self.follow(answer)
        return reached if reached.is_ending else None

    def finished(self, answer: list[str] | None) -> bool:
        return self.ending(answer) is not None

    def score(self, answer: list[str] | None) -> Fraction:
        ending = self.ending(answer)
        return Fraction(0) if ending is None else self.max_points * Fraction(ending.credit)

    def recommended_path(self) -> list[str]:
        """The recommended choices from the start, as far as each step recommends one."""
        path: list[str] = []
        step, seen = self.step_by_id[self.start], set()
        while (choice := step.recommended()) is not None and step.id not in seen:
            seen.add(step.id)
            path.append(choice.id)
            step = self.step_by_id[choice.next]
        return path

    def correct_answer(self) -> list[str]:
        """The recommended path when it earns full credit, else a shortest one that does."""
        recommended = self.recommended_path()
        ending = self.ending(recommended)
        if ending is not None and ending.credit == 1:
            return recommended
        full = {step.id for step in self.endings() if step.credit == 1}
        lengths = nx.single_source_shortest_path(self.graph, self.start)
        target = min((s for s in full if s in lengths), key=lambda s: len(lengths[s]))
        steps = lengths[target]
        return [
            next(c.id for c in self.step_by_id[here].choices if c.next == there)
            for here, there in pairwise(steps)
        ]

    def wrong_answers(self) -> list[tuple[list[str], bool]]:
        """One wrong turn: the best path with another choice at one of its steps, then the
        recommended (or first) choice of each step to an ending short of full credit. It is
        a misconception worth naming when the author wrote feedback for that choice."""
        best = self.correct_answer()
        wrong: list[tuple[list[str], bool]] = []
        for taken, (step, right) in enumerate(self.follow(best)[0]):
            for turn in step.choices:
                if turn.id == right.id:
                    continue
                path, here = [*best[:taken], turn.id], self.step_by_id[turn.next]
                while not here.is_ending:
                    choice = here.recommended() or here.choices[0]
                    path.append(choice.id)
                    here = self.step_by_id[choice.next]
                if here.credit < 1:
                    wrong.append((path, turn.feedback is not None))
        return wrong

    def shuffle_ids(self) -> list[str]:
        # With shuffle_options, each step shows its choices in the order of this list.
        return [choice.id for step in self.steps for choice in step.choices or []]

    @staticmethod
    def choices_in_order(step: Step, order: list[str]) -> list[Choice]:
        """A step's choices in the order an attempt's layout gives (see `shuffle_ids`): the
        buttons online, the letters A, B, C on paper."""
        rank = {choice_id: place for place, choice_id in enumerate(order)}
        return sorted(step.choices or [], key=lambda choice: rank.get(choice.id, 0))

    def random_guess(self) -> Fraction:
        """The expected credit when each step's choices are equally likely (exact)."""
        expected: dict[str, Fraction] = {}
        for step_id in reversed(list(nx.topological_sort(self.graph))):
            step = self.step_by_id[step_id]
            if step.is_ending:
                expected[step_id] = Fraction(step.credit)
            else:
                values = [expected[choice.next] for choice in step.choices]
                expected[step_id] = sum(values, Fraction(0)) / len(values)
        return expected[self.start]

    def taken_back(self, saved: list[str] | None, given: list[str] | None) -> int | None:
        """When `given` takes back choices of the `saved` path: how many of them it keeps
        (the rest were retraced). None when it keeps the whole saved path."""
        saved, given = saved or [], given or []
        kept = 0
        while kept < min(len(saved), len(given)) and saved[kept] == given[kept]:
            kept += 1
        return kept if kept < len(saved) else None

    # Rules across fields ---------------------------------------------------------------------

    def problems(self) -> list[tuple[DataPath, str]]:
        problems = duplicate_id_problems(self.steps, "steps", "step")
        problems += self._choice_id_problems()
        for index, step in enumerate(self.steps):
            problems += [(("steps", index, *path), m) for path, m in _shape_problems(step)]
        problems += self._graph_problems()
        return problems

    def _choice_id_problems(self) -> list[tuple[DataPath, str]]:
        problems: list[tuple[DataPath, str]] = []
        seen: dict[str, str] = {}
        for index, step in enumerate(self.steps):
            for number, choice in enumerate(step.choices or []):
                if choice.id in seen:
                    problems.append(
                        (
                            ("steps", index, "choices", number, "id"),
                            f"duplicate choice id '{choice.id}' (also a choice of step "
                            f"'{seen[choice.id]}'; choice ids are unique in the whole case)",
                        )
                    )
                seen.setdefault(choice.id, step.id)
        return problems

    def _place(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.id == step_id)

    def _graph_problems(self) -> list[tuple[DataPath, str]]:
        problems: list[tuple[DataPath, str]] = []
        known = ", ".join(self.step_by_id)
        for index, step in enumerate(self.steps):
            for number, choice in enumerate(step.choices or []):
                if choice.next not in self.step_by_id:
                    problems.append(
                        (
                            ("steps", index, "choices", number, "next"),
                            f"next '{choice.next}' is not a step of this case (steps: {known})",
                        )
                    )
        if not any(step.credit == 1 for step in self.endings()):
            problems.append(
                (("steps",), "no ending gives full credit: at least one ending needs credit: 1")
            )
        if self.start not in self.step_by_id:
            problems.append((("start",), f"start '{self.start}' is not a step (steps: {known})"))
            return problems
        graph = self.graph
        reachable = nx.descendants(graph, self.start) | {self.start}
        ending_ids = {step.id for step in self.endings()}
        can_end = set(ending_ids)
        for ending in ending_ids:
            can_end |= nx.ancestors(graph, ending)
        for step_id in self.step_by_id:
            where = ("steps", self._place(step_id), "id")
            if step_id not in reachable:
                problems.append(
                    (where, f"step '{step_id}' cannot be reached from the start '{self.start}'")
                )
            elif step_id not in can_end:
                problems.append((where, f"no ending can be reached from step '{step_id}'"))
        cycles = self._cycle_problems()
        return problems + (cycles or self._length_problems(reachable))

    def _cycle_problems(self) -> list[tuple[DataPath, str]]:
        problems: list[tuple[DataPath, str]] = []
        order = {step_id: place for place, step_id in enumerate(self.step_by_id)}
        for component in nx.strongly_connected_components(self.graph):
            first = min(component, key=order.get)
            if len(component) == 1 and not self.graph.has_edge(first, first):
                continue
            # One cycle through the component, told from its step that comes first in the file.
            cycle = [u for u, _ in nx.find_cycle(self.graph.subgraph(component), first)]
            turn = cycle.index(first)
            cycle = cycle[turn:] + cycle[:turn]
            last = cycle[-1]
            index = self._place(last)
            number = next(
                n for n, c in enumerate(self.steps[index].choices or []) if c.next == first
            )
            names = " → ".join([*cycle, first])
            problems.append(
                (
                    ("steps", index, "choices", number, "next"),
                    f"cycle: {names} (a case must always move on to a new step)",
                )
            )
        return problems

    def _length_problems(self, reachable: set[str]) -> list[tuple[DataPath, str]]:
        longest = nx.dag_longest_path(self.graph.subgraph(reachable))
        if len(longest) <= MAX_PATH_STEPS:
            return []
        beyond = longest[MAX_PATH_STEPS]
        return [
            (
                ("steps", self._place(beyond), "id"),
                f"a path from the start has {len(longest)} steps "
                f"({longest[0]} → … → {longest[-1]}); at most {MAX_PATH_STEPS} are allowed, "
                f"and step '{beyond}' is number {MAX_PATH_STEPS + 1} on it",
            )
        ]


def _shape_problems(step: Step) -> list[tuple[DataPath, str]]:
    """What one step must be: choices or an ending, a continuation marked as one."""
    if step.choices is None and not step.is_ending:
        return [((), f"step '{step.id}' needs either choices or, for an ending, credit")]
    if step.is_ending:
        problems = []
        if step.choices is not None:
            problems.append((("credit",), f"step '{step.id}' has both choices and credit"))
        if step.continue_:
            problems.append((("continue",), "an ending cannot be a continuation"))
        return problems
    problems = [
        ((field,), f"only an ending has {field} (this step has choices)")
        for field in ("explanation", "reference", "tags")
        if getattr(step, field)
    ]
    if len(step.choices) == 1 and not step.continue_:
        problems.append(
            (
                ("choices",),
                f"step '{step.id}' has one choice: mark it as a plain continuation with "
                "`continue: true`, or give it two or more choices",
            )
        )
    if step.continue_ and len(step.choices) != 1:
        problems.append((("continue",), "a continuation has exactly one choice"))
    marked = [n for n, c in enumerate(step.choices) if c.recommended]
    problems += [
        (("choices", n, "recommended"), f"step '{step.id}' has more than one recommended choice")
        for n in marked[1:]
    ]
    return problems
