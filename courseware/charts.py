"""Plotly figures for the reports: one colour-blind-safe palette (Okabe & Ito), titles and
axis labels in the user's language. Each builder takes the same table that is shown beside
the chart, so the chart and its table never disagree. No Streamlit here."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
# Sequential scale for shares (0..1): cividis is built for colour-vision deficiencies.
SEQUENTIAL = "Cividis"
# Five agreement levels, disagree to agree, from the palette's diverging pair.
LIKERT_COLOURS = ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"]
FLAGGED, NOT_FLAGGED = PALETTE[5], PALETTE[0]


def _figure(title: str, x_title: str | None = None, y_title: str | None = None, **layout):
    figure = go.Figure()
    figure.update_layout(
        title=title,
        colorway=PALETTE,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis_title=x_title,
        yaxis_title=y_title,
        **layout,
    )
    return figure


def funnel(stages: pd.DataFrame, t: Translate) -> go.Figure:
    """`stages`: label, learners (top to bottom)."""
    figure = _figure(t("chart.funnel.title"))
    figure.add_trace(
        go.Funnel(
            y=list(stages["label"]),
            x=list(stages["learners"]),
            marker={"color": PALETTE[0]},
            textinfo="value+percent initial",
        )
    )
    return figure


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
    cell stays blank with `hidden_text`."""
    grid = table.pivot_table(index=y, columns=x, values=value, aggfunc="first", dropna=False)
    grid = grid.reindex(
        index=list(dict.fromkeys(table[y])), columns=list(dict.fromkeys(table[x]))
    ).astype(float)
    text = [[hidden_text if pd.isna(v) else f"{v:.0%}" for v in row] for row in grid.to_numpy()]
    figure = _figure(title, x_title, y_title)
    figure.add_trace(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[str(c) for c in grid.columns],
            y=[str(i) for i in grid.index],
            text=text,
            texttemplate="%{text}",
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=1,
            colorbar={"tickformat": ".0%"},
            hoverongaps=False,
        )
    )
    # Every row and column labelled (Plotly would skip some), the grid tall enough for them.
    figure.update_xaxes(type="category", dtick=1)
    figure.update_yaxes(type="category", dtick=1, autorange="reversed")
    figure.update_layout(height=max(320, 140 + 24 * len(grid.index)))
    return figure


def gain_slopes(groups: pd.DataFrame, t: Translate) -> go.Figure:
    """`groups`: label, mean_pre, mean_post (0..1): one line per group, pre to post."""
    x = [t("chart.gain.pre"), t("chart.gain.post")]
    figure = _figure(t("chart.gain.title"), None, t("chart.gain.y"))
    for index, row in enumerate(groups.itertuples(index=False)):
        figure.add_trace(
            go.Scatter(
                x=x,
                y=[row.mean_pre, row.mean_post],
                mode="lines+markers",
                name=str(row.label),
                line={"color": PALETTE[index % len(PALETTE)]},
                marker={"size": 10},
            )
        )
    figure.update_yaxes(tickformat=".0%", range=[0, 1])
    return figure


def weekly_activity(weeks: pd.DataFrame, t: Translate) -> go.Figure:
    """`weeks`: week, attempts, learners."""
    figure = _figure(t("chart.weekly.title"), t("chart.weekly.x"), t("chart.weekly.y"))
    figure.add_trace(
        go.Bar(
            x=list(weeks["week"]),
            y=list(weeks["attempts"]),
            name=t("chart.weekly.attempts"),
            marker={"color": PALETTE[4]},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=list(weeks["week"]),
            y=list(weeks["learners"]),
            name=t("chart.weekly.learners"),
            mode="lines+markers",
            line={"color": PALETTE[0]},
        )
    )
    return figure


def item_scatter(items: pd.DataFrame, t: Translate, low_discrimination: float) -> go.Figure:
    """`items`: question, facility, discrimination_index, flagged."""
    figure = _figure(t("chart.items.title"), t("chart.items.x"), t("chart.items.y"))
    for flagged, colour, name in (
        (False, NOT_FLAGGED, t("chart.items.fine")),
        (True, FLAGGED, t("chart.items.flagged")),
    ):
        part = items[items["flagged"] == flagged]
        figure.add_trace(
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
    figure.add_hline(y=low_discrimination, line_dash="dash", line_color=PALETTE[7])
    figure.update_xaxes(tickformat=".0%", range=[0, 1.02])
    return figure


def likert_bars(shares: pd.DataFrame, labels: Sequence[str], t: Translate) -> go.Figure:
    """`shares`: question (label), answer (1..len(labels)), share (0..1): a 100% bar per
    question, disagree on the left."""
    figure = _figure(t("chart.survey.title"), t("chart.survey.x"), None, barmode="stack")
    colours = LIKERT_COLOURS if len(labels) == len(LIKERT_COLOURS) else PALETTE
    questions = list(dict.fromkeys(shares["question"]))
    for level, label in enumerate(labels, start=1):
        level_shares = shares[shares["answer"] == level].set_index("question")["share"]
        figure.add_trace(
            go.Bar(
                y=questions,
                x=[float(level_shares.get(q, 0.0)) for q in questions],
                name=label,
                orientation="h",
                marker={"color": colours[(level - 1) % len(colours)]},
            )
        )
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    figure.update_yaxes(autorange="reversed")
    return figure
