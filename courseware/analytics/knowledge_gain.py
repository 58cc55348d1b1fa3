"""Knowledge gain from the course pre-test to the post-test, per learner (paired).

Scores are fractions of the maximum (0..1). Hake's class gain <g> compares the class means;
the mean of the learners' own gains leaves out learners who could not gain (pre-test 100%).
Effect sizes follow Lakens (2013): d_z standardises by the SD of the differences, d_av by the
mean of the two SDs. Their 95% intervals use the usual large-sample normal approximation
(Borenstein et al. 2009), so read them as approximate for small groups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

Z_95 = 1.959963984540054
# Spreads below this are rounding noise of scores that are really all equal.
NO_SPREAD = 1e-12
NAN = float("nan")


@dataclass(frozen=True)
class KnowledgeGain:
    n_pairs: int
    mean_pre: float
    mean_post: float
    class_gain: float  # Hake's <g>
    mean_learner_gain: float
    learners_without_gain_measure: int  # pre-test already at 100%
    d_z: float
    d_z_interval: tuple[float, float]
    d_av: float
    d_av_interval: tuple[float, float]

    def as_row(self) -> dict[str, float]:
        row = {k: v for k, v in self.__dict__.items() if not isinstance(v, tuple)}
        row["d_z_low"], row["d_z_high"] = self.d_z_interval
        row["d_av_low"], row["d_av_high"] = self.d_av_interval
        return row


def _interval(d: float, variance: float) -> tuple[float, float]:
    if math.isnan(d) or math.isnan(variance):
        return (NAN, NAN)
    half = Z_95 * math.sqrt(variance)
    return (d - half, d + half)


def knowledge_gain(
    pre: pd.Series | np.ndarray,
    post: pd.Series | np.ndarray,
    counts: pd.Series | np.ndarray | None = None,
) -> KnowledgeGain:
    """`pre[i]` and `post[i]` are one learner's first pre-test and post-test scores (0..1);
    with `counts`, `counts[i]` learners scored that pair (the report summaries keep pairs
    so, and a programme's figures then cost the same at any size)."""
    pre_scores = np.asarray(pre, dtype=float)
    post_scores = np.asarray(post, dtype=float)
    if pre_scores.shape != post_scores.shape:
        raise ValueError("pre and post must hold one score each per learner")
    weights = np.ones_like(pre_scores) if counts is None else np.asarray(counts, dtype=float)
    n = int(weights.sum())
    if n == 0:
        return KnowledgeGain(0, NAN, NAN, NAN, NAN, 0, NAN, (NAN, NAN), NAN, (NAN, NAN))

    def mean(values: np.ndarray, among: np.ndarray = weights) -> float:
        return float(np.sum(values * among) / np.sum(among))

    def covariance(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.sum((a - mean(a)) * (b - mean(b)) * weights) / (n - 1))

    mean_pre, mean_post = mean(pre_scores), mean(post_scores)
    class_gain = (mean_post - mean_pre) / (1 - mean_pre) if mean_pre < 1 else NAN
    can_gain = pre_scores < 1
    gaining = weights * can_gain
    learner_gains = np.where(
        can_gain, (post_scores - pre_scores) / np.where(can_gain, 1 - pre_scores, 1), 0.0
    )
    mean_learner_gain = mean(learner_gains, gaining) if gaining.sum() else NAN

    d_z = d_av = NAN
    d_z_variance = d_av_variance = NAN
    if n > 1:
        differences = post_scores - pre_scores
        sd_difference = math.sqrt(max(covariance(differences, differences), 0.0))
        mean_difference = mean(differences)
        if sd_difference > NO_SPREAD:
            d_z = mean_difference / sd_difference
            d_z_variance = 1 / n + d_z**2 / (2 * n)
        sd_pre = math.sqrt(max(covariance(pre_scores, pre_scores), 0.0))
        sd_post = math.sqrt(max(covariance(post_scores, post_scores), 0.0))
        if sd_pre + sd_post > NO_SPREAD:
            d_av = mean_difference / ((sd_pre + sd_post) / 2)
            correlation = (
                covariance(pre_scores, post_scores) / (sd_pre * sd_post)
                if min(sd_pre, sd_post) > NO_SPREAD
                else 0.0
            )
            d_av_variance = (1 / n + d_av**2 / (2 * n)) * 2 * (1 - correlation)
    return KnowledgeGain(
        n_pairs=n,
        mean_pre=mean_pre,
        mean_post=mean_post,
        class_gain=class_gain,
        mean_learner_gain=mean_learner_gain,
        learners_without_gain_measure=int(np.sum(weights * ~can_gain)),
        d_z=d_z,
        d_z_interval=_interval(d_z, d_z_variance),
        d_av=d_av,
        d_av_interval=_interval(d_av, d_av_variance),
    )


def gain_bands(class_gain: float) -> str:
    """Hake's bands: low below 0.3, medium up to 0.7, high above."""
    if math.isnan(class_gain):
        return "undefined"
    if class_gain < 0.3:
        return "low"
    return "medium" if class_gain <= 0.7 else "high"
