"""The drawing of a branching case: its steps from left to right, the endings in the last
column coloured by their credit, the recommended path dashed and a learner's path drawn
over it; and the Sankey diagram of where a group's answers went, for trainers and
coordinators. Pure Python (Plotly, no system binary, no Streamlit): the review shows the
drawing, and `python -m courseware graph` writes it to a file for authors."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from courseware.charts import PALETTE, Translate
from courseware.content.questions.branching import Branching, Step

TextOf = Callable[[Any], str]
PATH_COLOUR, RECOMMENDED_COLOUR, OTHER_COLOUR = PALETTE[0], PALETTE[2], "#BBBBBB"
# Endings from no credit to full credit (Okabe & Ito's vermillion, orange, bluish green).
CREDIT_SCALE = [[0.0, PALETTE[5]], [0.5, PALETTE[1]], [1.0, PALETTE[2]]]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    choice_id: str
    label: str


def case_layout(question: Branching) -> dict[str, tuple[float, float]]:
    """Where each step goes: x is its longest distance from the start (endings all in the
    last column), y spreads a column's steps, each near the steps that lead to it."""
    graph = question.graph
    depth = dict.fromkeys(graph, 0)
    for step_id in nx.topological_sort(graph):
        for successor in graph.successors(step_id):
            depth[successor] = max(depth[successor], depth[step_id] + 1)
    last = max(depth.values())
    for ending in question.endings():
        depth[ending.id] = last
    file_order = {step_id: place for place, step_id in enumerate(question.step_by_id)}
    positions: dict[str, tuple[float, float]] = {}
    for column in range(last + 1):
        members = [s for s in question.step_by_id if depth[s] == column]

        def pull(step_id: str) -> tuple[float, int]:
            # The mean height of the steps already placed that lead here (the barycentre).
            placed = [positions[p][1] for p in graph.predecessors(step_id) if p in positions]
            return (-sum(placed) / len(placed) if placed else 0.0, file_order[step_id])

        members.sort(key=pull)
        for row, step_id in enumerate(members):
            positions[step_id] = (float(column), (len(members) - 1) / 2 - row)
    return positions


def _edges(question: Branching, text: TextOf) -> list[Edge]:
    return [
        Edge(step.id, choice.next, choice.id, text(choice.text))
        for step in question.steps
        for choice in step.choices or []
    ]


def _wrapped(value: str, width: int = 60) -> str:
    return "<br>".join(textwrap.wrap(html.escape(value), width)) or " "


def _line_trace(
    edges: list[Edge], positions, *, name: str, colour: str, width: float, dash: str = "solid"
) -> go.Scatter:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for edge in edges:
        (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        name=name,
        line={"color": colour, "width": width, "dash": dash},
        hoverinfo="skip",
        showlegend=bool(edges),
    )


def _fill(step: Step) -> str:
    """An ending's colour tells its credit; a step with choices is white."""
    if not step.is_ending:
        return "#FFFFFF"
    return sample_colorscale(CREDIT_SCALE, [float(step.credit)])[0]


def _node_trace(
    steps: list[Step], positions, text: TextOf, t: Translate, on_path: set[str]
) -> go.Scatter:
    def label(step: Step) -> str:
        return f"{step.id} ({float(step.credit):.0%})" if step.is_ending else step.id

    def hover(step: Step) -> str:
        kind = (
            t("chart.case.ending", credit=f"{float(step.credit):.0%}")
            if step.is_ending
            else t("chart.case.step")
        )
        return f"<b>{html.escape(step.id)}</b> · {kind}<br>{_wrapped(text(step.text))}"

    return go.Scatter(
        x=[positions[s.id][0] for s in steps],
        y=[positions[s.id][1] for s in steps],
        mode="markers+text",
        text=[label(s) for s in steps],
        textposition="bottom center",
        hovertext=[hover(s) for s in steps],
        hoverinfo="text",
        showlegend=False,
        marker={
            "size": [22 if s.id in on_path else 16 for s in steps],
            "symbol": ["square" if s.is_ending else "circle" for s in steps],
            "color": [_fill(s) for s in steps],
            "line": {
                "color": [PATH_COLOUR if s.id in on_path else "#444444" for s in steps],
                "width": [4 if s.id in on_path else 1.5 for s in steps],
            },
        },
    )


def case_graph(
    question: Branching,
    path: list[str] | None,
    text: TextOf,
    t: Translate,
    *,
    choice_ids: bool = False,
) -> go.Figure:
    """The case with `path` (a checked answer; None or [] for none) highlighted. With
    `choice_ids`, each line is labelled with its choice's id (for authors, and for a still
    image, where nothing can be pointed at)."""
    positions = case_layout(question)
    edges = _edges(question, text)
    taken, reached = question.follow(path or [])
    chosen = {choice.id for _, choice in taken}
    recommended = set(question.recommended_path())
    steps = list(question.step_by_id.values())
    on_path = {step.id for step, _ in taken} | ({reached.id} if path else set())
    # Other choices under the recommended path under the learner's, each line once per kind.
    kinds = (
        (lambda e: e.choice_id not in chosen | recommended, "other", OTHER_COLOUR, 1.5, "solid"),
        (lambda e: e.choice_id in recommended, "recommended", RECOMMENDED_COLOUR, 3, "dash"),
        (lambda e: e.choice_id in chosen, "your_path", PATH_COLOUR, 5, "solid"),
    )
    traces = [
        *(
            _line_trace(
                [e for e in edges if keep(e)],
                positions,
                name=t(f"chart.case.{name}"),
                colour=colour,
                width=width,
                dash=dash,
            )
            for keep, name, colour, width, dash in kinds
        ),
        # The choices themselves, told when the pointer rests half-way along their line.
        go.Scatter(
            x=[(positions[e.source][0] + positions[e.target][0]) / 2 for e in edges],
            y=[(positions[e.source][1] + positions[e.target][1]) / 2 for e in edges],
            mode="markers+text" if choice_ids else "markers",
            text=[e.choice_id for e in edges] if choice_ids else None,
            textfont={"size": 10, "color": "#555555"},
            marker={"size": 10, "color": "rgba(0,0,0,0)"},
            hovertext=[_wrapped(e.label) for e in edges],
            hoverinfo="text",
            showlegend=False,
        ),
        _node_trace(steps, positions, text, t, on_path),
    ]
    rows = max(
        sum(1 for x, _ in positions.values() if x == column)
        for column in {x for x, _ in positions.values()}
    )
    hidden = {"visible": False, "fixedrange": True}
    return go.Figure(
        data=traces,
        layout={
            "title": {"text": t("chart.case.title")},
            "height": 160 + 80 * rows,
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
            "xaxis": {**hidden, "range": [-0.4, max(x for x, _ in positions.values()) + 0.4]},
            "yaxis": {**hidden, "range": [-rows / 2 - 0.3, rows / 2]},
            "legend": {"orientation": "h", "y": -0.02},
            "plot_bgcolor": "white",
            "hoverlabel": {"align": "left"},
        },
    )


# How much of a step's text names it in the Sankey diagram.
NODE_WORDS = 32


def path_sankey(question: Branching, links, text: TextOf, t: Translate) -> go.Figure:
    """Where a group's answers went: a Sankey diagram of `links` (source, target, choice,
    recommended, count: `analytics.case_paths.PathAnalysis.links`), the steps placed as in
    the drawing of the case, the recommended path in green (and named so in each flow's
    label, for who cannot tell the colours apart), the endings coloured by their credit."""
    positions = case_layout(question)
    used = list(dict.fromkeys([*links["source"], *links["target"]]))
    index = {step_id: number for number, step_id in enumerate(used)}
    steps = [question.step_by_id[step_id] for step_id in used]
    columns = max(x for x, _ in positions.values()) or 1
    heights = [y for _, y in positions.values()]
    top, bottom = max(heights), min(heights)
    span = (top - bottom) or 1
    on_path = {step.id for step, _ in question.follow(question.recommended_path())[0]}

    def node_label(step: Step) -> str:
        # The start of the step's text, as trainers know the case (its id is the author's).
        words = " ".join(text(step.text).split())
        words = html.escape(words if len(words) <= NODE_WORDS else words[: NODE_WORDS - 1] + "…")
        return f"{words} ({float(step.credit):.0%})" if step.is_ending else words

    def node_colour(step: Step) -> str:
        if step.is_ending:
            return _fill(step)
        return RECOMMENDED_COLOUR if step.id in on_path else "#888888"

    def flow_label(choice_id: str, recommended: bool) -> str:
        words = text(question.step_by_id[_source_of(question, choice_id)].choice(choice_id).text)
        kind = t("chart.paths.recommended") if recommended else t("chart.paths.other")
        return f"{kind}<br>{_wrapped(words)}"

    trace = go.Sankey(
        arrangement="snap",
        # Dark labels: Plotly's default halo makes them faint over the pale bands.
        textfont={"color": "#222222", "size": 12},
        node={
            "label": [node_label(step) for step in steps],
            "color": [node_colour(step) for step in steps],
            "x": [0.02 + 0.96 * positions[s.id][0] / columns for s in steps],
            # Kept off the edges: a node is centred on its place and a tall one would be cut.
            "y": [0.1 + 0.75 * (top - positions[s.id][1]) / span for s in steps],
            "pad": 18,
            "thickness": 16,
            "customdata": [_wrapped(text(step.text)) for step in steps],
            "hovertemplate": "<b>%{label}</b><br>%{customdata}<br>%{value}<extra></extra>",
        },
        link={
            "source": [index[s] for s in links["source"]],
            "target": [index[s] for s in links["target"]],
            "value": [int(v) for v in links["count"]],
            "color": [
                "rgba(0,158,115,0.55)" if recommended else "rgba(150,150,150,0.35)"
                for recommended in links["recommended"]
            ],
            "customdata": [
                flow_label(c, bool(r))
                for c, r in zip(links["choice"], links["recommended"], strict=True)
            ],
            "hovertemplate": "%{customdata}<br>%{value}<extra></extra>",
        },
    )
    rows = max(
        sum(1 for x, _ in positions.values() if x == column)
        for column in {x for x, _ in positions.values()}
    )
    return go.Figure(
        data=[trace],
        layout={
            # The legend under the title: below the diagram, a tall ending would cover it.
            "title": {"text": f"{t('chart.paths.title')}<br><sub>{t('chart.paths.legend')}</sub>"},
            "height": 240 + 70 * rows,
            "margin": {"l": 10, "r": 10, "t": 80, "b": 30},
        },
    )


def _source_of(question: Branching, choice_id: str) -> str:
    return next(s.id for s in question.steps if s.choice(choice_id) is not None)
