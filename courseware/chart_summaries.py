"""One sentence per report chart, in the user's language: what the chart shows at a glance,
for those who cannot see it (WCAG 1.1.1: a chart's text alternative is this sentence and the
table of its numbers) and for everyone who reads before looking. Each takes the same table as
the chart it sums up; with nothing to sum up, the sentence is empty. No Streamlit here."""

from __future__ import annotations

import pandas as pd

from courseware.i18n import Translator


def _share(value: float) -> str:
    return f"{value:.0%}"


def funnel(stages: pd.DataFrame, t: Translator) -> str:
    """`stages`: label, learners (in the funnel's order)."""
    if stages.empty:
        return ""
    first, last = stages.iloc[0], stages.iloc[-1]
    share = last["learners"] / first["learners"] if first["learners"] else 0
    return t(
        "summary.funnel",
        first=int(first["learners"]),
        first_stage=first["label"],
        last=int(last["learners"]),
        last_stage=last["label"],
        share=_share(share),
    )


def shares(cells: pd.DataFrame, x: str, y: str, value: str, t: Translator, key: str) -> str:
    """A grid of shares (scores by band, pass rates, tag mastery): its highest and lowest
    cells, hidden ones left out. `key` names the sentence: summary.scores, .pass_rates..."""
    shown = cells.dropna(subset=[value])
    if shown.empty:
        return ""
    high = shown.loc[shown[value].astype(float).idxmax()]
    low = shown.loc[shown[value].astype(float).idxmin()]
    return t(
        key,
        high=_share(float(high[value])),
        high_x=high[x],
        high_y=high[y],
        low=_share(float(low[value])),
        low_x=low[x],
        low_y=low[y],
    )


def gain(groups: pd.DataFrame, t: Translator) -> str:
    """`groups`: label, mean_pre, mean_post; the groups with the largest and smallest rise."""
    if groups.empty:
        return ""
    rise = groups["mean_post"].astype(float) - groups["mean_pre"].astype(float)
    most, least = groups.loc[rise.idxmax()], groups.loc[rise.idxmin()]
    if len(groups) == 1:
        return t(
            "summary.gain_one",
            group=most["label"],
            pre=_share(float(most["mean_pre"])),
            post=_share(float(most["mean_post"])),
        )
    return t(
        "summary.gain",
        most=most["label"],
        most_pre=_share(float(most["mean_pre"])),
        most_post=_share(float(most["mean_post"])),
        least=least["label"],
        least_pre=_share(float(least["mean_pre"])),
        least_post=_share(float(least["mean_post"])),
    )


def weekly(weeks: pd.DataFrame, t: Translator) -> str:
    """`weeks`: week, attempts, learners; the busiest week."""
    if weeks.empty:
        return ""
    busiest = weeks.loc[weeks["attempts"].astype(float).idxmax()]
    return t(
        "summary.weekly",
        week=t.date(busiest["week"]) if hasattr(busiest["week"], "year") else busiest["week"],
        attempts=int(busiest["attempts"]),
        learners=int(busiest["learners"]),
    )


def items(questions: pd.DataFrame, t: Translator) -> str:
    """`questions`: question, facility, flagged; how many need checking, and the hardest."""
    facility = questions["facility"].astype(float)
    if facility.isna().all():
        return ""
    hardest = questions.loc[facility.idxmin()]
    return t(
        "summary.items",
        flagged=int(questions["flagged"].sum()),
        total=len(questions),
        question=hardest["question"],
        facility=_share(float(hardest["facility"])),
    )


def likert(counts: pd.DataFrame, scale: int, t: Translator) -> str:
    """`counts`: question, answer (1 = the first of `scale` levels), count; the questions
    rated highest and lowest on average."""
    if counts.empty:
        return ""
    weighted = counts.assign(total=counts["answer"] * counts["count"])
    sums = weighted.groupby("question", sort=False)[["total", "count"]].sum()
    means = sums["total"] / sums["count"]
    return t(
        "summary.likert",
        high=means.idxmax(),
        high_mean=t.number(round(means.max(), 1)),
        low=means.idxmin(),
        low_mean=t.number(round(means.min(), 1)),
        scale=scale,
    )


def retention(points: pd.DataFrame, days: int, t: Translator) -> str:
    """`points`: n, mean (0..1) of the learners who took every check, in order: before the
    course, the post-test, ..., the last check `days` after the certificate."""
    shown = points.dropna(subset=["mean"])
    if len(shown) < 3 or len(shown) != len(points):
        return ""
    return t(
        "summary.retention",
        n=int(shown["n"].iloc[0]),
        first=_share(float(shown["mean"].iloc[0])),
        peak=_share(float(shown["mean"].iloc[1])),
        last=_share(float(shown["mean"].iloc[-1])),
        days=days,
    )
