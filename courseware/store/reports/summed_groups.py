"""Sums of the summaries kept per cohort and per organisation (`group_id`: a cohort's id, or
minus its organisation's id; see `models.summaries`) over any set of cohorts.

A set of cohorts is read, organisation by organisation, either as the sum of its cohorts'
rows, or as the organisation's row less the rows of its cohorts left out, whichever reads
fewer groups: a programme-wide figure that leaves out a few small cohorts reads a few rows
per organisation, whatever the number of cohorts and learners."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import case, func, select

from courseware.store.database import Transaction
from courseware.store.models import QuizAttempt, ReportQuizSummary, ReportSpanningLearner
from courseware.store.reports.scope import (
    Scope,
    admitted,
    connection,
    learner_count,
    learners_by_cohort,
    only_spanning,
    to_frame,
)


def cohorts_by_organisation(scope: Scope) -> dict[int, set[int]]:
    """Every cohort there is, by organisation."""
    organisations: dict[int, set[int]] = defaultdict(set)
    for cohort_id, organisation_id in scope.organisation_of.items():
        organisations[organisation_id].add(cohort_id)
    return organisations


def signed_groups(cohorts: Iterable[int], organisations: Mapping[int, set[int]]) -> dict[int, int]:
    """The groups whose rows add up to the sum over `cohorts`, each with its sign."""
    chosen = set(cohorts)
    signs: dict[int, int] = {}
    for organisation_id, members in organisations.items():
        inside, outside = members & chosen, members - chosen
        if not inside:
            continue
        if len(outside) < len(inside):
            signs[-organisation_id] = 1
            signs.update(dict.fromkeys(outside, -1))
        else:
            signs.update(dict.fromkeys(inside, 1))
    return signs


# Counts of some cohorts read from the attempts: per name, cohort id to sign (1 to add, -1
# to take away), to a table of group (the name), *keys, learners.
RawCounts = Callable[[Mapping[object, Mapping[int, int]]], pd.DataFrame]


def summed(
    tx: Transaction,
    scope: Scope,
    model,
    keys: list[str],
    groups: Mapping[object, Iterable[int]],
    *conditions,
    raw: RawCounts | None = None,
) -> pd.DataFrame:
    """Per named group of cohorts (`groups`: name to cohort ids) and per `keys`: the sum of
    `model.learners` over those cohorts (organised as `scope` knows them); rows that sum to
    nothing are left out. Columns: group, *keys, learners. A model kept per organisation only
    (`raw` given) has no rows for a cohort: the cohorts a group adds or takes away alone are
    counted by `raw`."""
    organisations = cohorts_by_organisation(scope)
    signs = {name: signed_groups(cohorts, organisations) for name, cohorts in groups.items()}
    alone = {
        name: {group: sign for group, sign in terms.items() if group > 0}
        for name, terms in signs.items()
    }
    if raw is not None:
        signs = {
            name: {group: sign for group, sign in terms.items() if group < 0}
            for name, terms in signs.items()
        }
    frames = []
    columns = [getattr(model, key) for key in keys]
    for name, terms in signs.items():
        if not terms:
            continue
        taken = [group for group, sign in terms.items() if sign < 0]
        signed = case((model.group_id.in_(taken), -model.learners), else_=model.learners)
        rows = connection(tx).execute(
            select(*columns, func.sum(signed))
            .where(model.group_id.in_(list(terms)), *conditions)
            .group_by(*columns)
        )
        frames.append(to_frame(rows, [*keys, "learners"]).assign(group=name))
    if raw is not None and any(alone.values()):
        frames.append(raw(alone))
    if not frames:
        return pd.DataFrame(columns=["group", *keys, "learners"])
    both = pd.concat(frames, ignore_index=True)
    total = both.groupby(["group", *keys], as_index=False, sort=False)["learners"].sum()
    total = total[total["learners"] != 0]
    # By group ("all" before the numbered ones) and keys: the order the reports' own
    # counts come in, so that sums over them add up in the same order.
    order = total["group"].map(lambda group: -1 if group == "all" else group)
    total = total.assign(order=order).sort_values(["order", *keys], ignore_index=True)
    return total.drop(columns="order").astype({"learners": int})


def cohorts_alone(scope: Scope, cohorts: Iterable[int]) -> Scope:
    """The attempts of these cohorts that the summaries count: not those of the learners
    of several cohorts (who are counted from their attempts anyway)."""
    return replace(
        scope,
        cohorts={cohort: (scope.organisation_of[cohort], "") for cohort in cohorts},
        every_cohort=False,
        learners=None,
        other_learners=select(ReportSpanningLearner.user_id),
    )


@dataclass(frozen=True)
class QuizGroup:
    """The group of a figure about one quiz, from the summaries: the scope of the cohorts
    with enough learners who took it, how many cohorts were left out, how many learners it
    has, and the part of the scope left to be counted from the attempts (the learners of
    several cohorts; None when there are none)."""

    scope: Scope
    left_out: int
    learners: int
    spanning: Scope | None
    # Per cohort of `scope`: its learners counted by the summaries (one cohort each).
    alone: Mapping[int, int]


def learners_alone(tx: Transaction, scope: Scope, model, *conditions) -> Counter:
    """Per cohort of `scope`, the learners of one cohort alone that a summary counts (its
    `cohort_id` and `learners` columns, in its rows meeting `conditions`): what decides
    which cohorts a figure admits, with the learners of several cohorts added."""
    rows = connection(tx).execute(
        select(model.cohort_id, model.learners).where(
            *conditions, scope.in_cohorts(model.cohort_id)
        )
    )
    return Counter(dict(rows.all()))


def quiz_group(tx: Transaction, scope: Scope, quiz_id: str) -> QuizGroup:
    """What `quiz.quiz_scope` decides, read from the summaries."""
    spanning = only_spanning(tx, scope)
    alone = learners_alone(tx, scope, ReportQuizSummary, ReportQuizSummary.quiz_id == quiz_id)
    learners_by = alone.copy()
    if spanning is not None:
        learners_by.update(learners_by_cohort(tx, spanning, QuizAttempt.quiz_id == quiz_id))
    kept, left_out = admitted(scope, learners_by)
    learners = sum(n for c, n in alone.items() if c in kept.cohorts)
    if spanning is not None:
        spanning = replace(spanning, cohorts=kept.cohorts, every_cohort=kept.every_cohort)
        # A learner of several cohorts counts once, however many of them they took it in.
        learners += connection(tx).scalar(
            select(learner_count()).where(*spanning.attempts(quiz_id))
        )
    return QuizGroup(kept, left_out, learners, spanning, {c: alone[c] for c in kept.cohorts})
