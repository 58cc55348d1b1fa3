"""Plotly figures for the reports: one colour-blind-safe palette (Okabe & Ito), titles and
axis labels in the user's language. Each builder takes the same table that is shown beside
the chart, so the chart and its table never disagree. No Streamlit here."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

Translate = Callable[..., str]

# Okabe & Ito (2008), distinguishable with every common colour-vision deficiency.
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
]
# Lines, markers and bars: the palette's colours that stand out from the white page at 3:1 or
# more (WCAG 1.4.11); its orange, sky blue and yellow do not.
MARKS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]
# Sequential scale for shares (0..1): one hue, light to medium blue (safe with every common
# colour-vision deficiency), light enough everywhere for the cells' black figures to keep
# 4.5:1 or more (WCAG 1.4.3); a scale that turns dark would need white figures on part of it.
SEQUENTIAL = [[0.0, "#F7FBFF"], [0.5, "#9ECAE1"], [1.0, "#4292C6"]]
CELL_TEXT = "#000000"
# Five agreement levels, disagree to agree, from the palette's diverging pair.
LIKERT_COLOURS = ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"]
FLAGGED, NOT_FLAGGED = PALETTE[5], PALETTE[0]  # vermillion and blue: both in MARKS


def label(text: object) -> str:
    """A name people typed (an organisation, a cohort) as a chart label: Plotly draws some
    HTML in labels (<a href>, <b>, <br>), so < > & are written as entities and shown as
    themselves."""
    return html.escape(str(text), quote=False)


def _figure(
    title: str,
    traces: list,
    x_title: str | None = None,
    y_title: str | None = None,
    *,
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    **layout,
) -> go.Figure:
    """The figure built in one call: Plotly checks every property each time one is set, so a
    figure assembled step by step costs several times more (a dashboard draws a dozen)."""
    return go.Figure(
        data=traces,
        layout={
            "title": {"text": title},
            "colorway": PALETTE,
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
            "xaxis": {"title": {"text": x_title}, **(xaxis or {})},
            "yaxis": {"title": {"text": y_title}, **(yaxis or {})},
            **layout,
        },
    )


def funnel(stages: pd.DataFrame, t: Translate) -> go.Figure:
    """`stages`: label, learners (top to bottom)."""
    trace = go.Funnel(
        y=list(stages["label"]),
        x=list(stages["learners"]),
        marker={"color": PALETTE[0]},
        textinfo="value+percent initial",
    )
    return _figure(t("chart.funnel.title"), [trace])


def share_heatmap(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    title: str,
    x_title: str,
    y_title: str,
    hidden_text: str,
) -> go.Figure:
    """A grid of shares (0..1) with each cell's value written in it; a suppressed (NA)
    cell stays blank with `hidden_text`. `table` has a row per cell; rows and columns are
    in the order they first appear there."""
    rows = list(dict.fromkeys(table[y]))
    columns = list(dict.fromkeys(table[x]))
    row_of = {key: number for number, key in enumerate(rows)}
    column_of = {key: number for number, key in enumerate(columns)}
    grid = np.full((len(rows), len(columns)), np.nan)
    values = pd.to_numeric(table[value], errors="coerce").astype(float)
    for row_key, column_key, cell in zip(table[y], table[x], values, strict=True):
        grid[row_of[row_key], column_of[column_key]] = cell
    text = [[hidden_text if np.isnan(v) else f"{v:.0%}" for v in row] for row in grid]
    trace = go.Heatmap(
        z=grid,
        x=[label(c) for c in columns],
        y=[label(r) for r in rows],
        text=text,
        texttemplate="%{text}",
        textfont={"color": CELL_TEXT},
        colorscale=SEQUENTIAL,
        zmin=0,
        zmax=1,
        colorbar={"tickformat": ".0%"},
        hoverongaps=False,
    )
    # Every row and column labelled (Plotly would skip some), the grid tall enough for them.
    return _figure(
        title,
        [trace],
        x_title,
        y_title,
        xaxis={"type": "category", "dtick": 1},
        yaxis={"type": "category", "dtick": 1, "autorange": "reversed"},
        height=max(320, 140 + 24 * len(rows)),
    )


def gain_slopes(groups: pd.DataFrame, t: Translate) -> go.Figure:
    """`groups`: label, mean_pre, mean_post (0..1): one line per group, pre to post."""
    x = [t("chart.gain.pre"), t("chart.gain.post")]
    traces = [
        go.Scatter(
            x=x,
            y=[row.mean_pre, row.mean_post],
            mode="lines+markers",
            name=label(row.label),
            line={"color": MARKS[index % len(MARKS)]},
            marker={"size": 10},
        )
        for index, row in enumerate(groups.itertuples(index=False))
    ]
    return _figure(
        t("chart.gain.title"),
        traces,
        None,
        t("chart.gain.y"),
        yaxis={"tickformat": ".0%", "range": [0, 1]},
    )


def weekly_activity(weeks: pd.DataFrame, t: Translate) -> go.Figure:
    """`weeks`: week, attempts, learners."""
    traces = [
        go.Bar(
            x=list(weeks["week"]),
            y=list(weeks["attempts"]),
            name=t("chart.weekly.attempts"),
            marker={"color": MARKS[2]},
        ),
        go.Scatter(
            x=list(weeks["week"]),
            y=list(weeks["learners"]),
            name=t("chart.weekly.learners"),
            mode="lines+markers",
            line={"color": PALETTE[0]},
        ),
    ]
    return _figure(t("chart.weekly.title"), traces, t("chart.weekly.x"), t("chart.weekly.y"))


def item_scatter(items: pd.DataFrame, t: Translate, low_discrimination: float) -> go.Figure:
    """`items`: question, facility, discrimination_index, flagged."""
    traces = []
    for flagged, colour, name in (
        (False, NOT_FLAGGED, t("chart.items.fine")),
        (True, FLAGGED, t("chart.items.flagged")),
    ):
        part = items[items["flagged"] == flagged]
        traces.append(
            go.Scatter(
                x=list(part["facility"]),
                y=list(part["discrimination_index"]),
                text=list(part["question"]),
                mode="markers",
                name=name,
                marker={"color": colour, "size": 11, "symbol": "x" if flagged else "circle"},
                hovertemplate="%{text}<br>%{x:.0%} · %{y:.2f}<extra></extra>",
            )
        )
    # The threshold under which an item discriminates too little, across the whole width.
    threshold = {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": low_discrimination,
        "y1": low_discrimination,
        "line": {"dash": "dash", "color": PALETTE[7]},
    }
    return _figure(
        t("chart.items.title"),
        traces,
        t("chart.items.x"),
        t("chart.items.y"),
        xaxis={"tickformat": ".0%", "range": [0, 1.02]},
        shapes=[threshold],
    )


def likert_bars(shares: pd.DataFrame, labels: Sequence[str], t: Translate) -> go.Figure:
    """`shares`: question (label), answer (1..len(labels)), share (0..1): a 100% bar per
    question, disagree on the left."""
    colours = LIKERT_COLOURS if len(labels) == len(LIKERT_COLOURS) else PALETTE
    questions = list(dict.fromkeys(shares["question"]))
    traces = []
    for level, label in enumerate(labels, start=1):
        level_shares = shares[shares["answer"] == level].set_index("question")["share"]
        traces.append(
            go.Bar(
                y=questions,
                x=[float(level_shares.get(q, 0.0)) for q in questions],
                name=label,
                orientation="h",
                marker={"color": colours[(level - 1) % len(colours)]},
            )
        )
    return _figure(
        t("chart.survey.title"),
        traces,
        t("chart.survey.x"),
        None,
        xaxis={"tickformat": ".0%", "range": [0, 1]},
        yaxis={"autorange": "reversed"},
        barmode="stack",
    )


def retention_curve(points: pd.DataFrame, t: Translate) -> go.Figure:
    """`points`: line (a subset's name), label (the point), mean, low, high (0..1): one line
    per subset through the points in order, each mean with its 95% interval as error bars."""
    traces = []
    for index, (line, rows) in enumerate(points.groupby("line", sort=False)):
        means = rows["mean"].astype(float)
        traces.append(
            go.Scatter(
                x=list(rows["label"]),
                y=list(means),
                error_y={
                    "type": "data",
                    "array": list(rows["high"].astype(float) - means),
                    "arrayminus": list(means - rows["low"].astype(float)),
                },
                mode="lines+markers",
                name=label(line),
                line={"color": MARKS[index % len(MARKS)]},
                marker={"size": 10},
            )
        )
    return _figure(
        t("chart.retention.title"),
        traces,
        None,
        t("chart.retention.y"),
        xaxis={"type": "category"},
        yaxis={"tickformat": ".0%", "range": [0, 1.05]},
    )
