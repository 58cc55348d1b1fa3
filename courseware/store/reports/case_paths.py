"""The path analysis of a quiz's branching cases, for a cohort or a programme: how many
answers took each distinct path, counted in the database over the chosen attempts of the
cohorts the figure admits (the quiz's group: learners who took it, as for its answer
counts), then read by `analytics.case_paths`."""

from __future__ import annotations

from dataclasses import dataclass, field

from courseware.access import Actor
from courseware.analytics.case_paths import PathAnalysis, analyse_paths
from courseware.content.questions.branching import Branching
from courseware.content.quiz import Quiz
from courseware.store.database import Database, Transaction
from courseware.store.reports.quiz import count_answers
from courseware.store.reports.quiz_summaries import summed_path_counts
from courseware.store.reports.scope import (
    AttemptPolicy,
    ReportFilters,
    scope_of,
    summaries_cover,
)


@dataclass(frozen=True)
class CasePaths:
    """Per branching case of the quiz (question id, in quiz order), its analysis. Empty
    when `suppressed` (too few learners for the acting user) or when the quiz has no case.
    `left_out`: cohorts left out as too small."""

    quiz_id: str
    suppressed: bool
    learners: int
    cases: dict[str, PathAnalysis] = field(default_factory=dict)
    left_out: int = 0


def branching_cases(quiz: Quiz) -> list[Branching]:
    return [leaf for leaf in quiz.leaves() if isinstance(leaf, Branching)]


def case_paths(
    db: Database,
    actor: Actor,
    filters: ReportFilters,
    quiz: Quiz,
    policy: AttemptPolicy = "first",
    *,
    from_summaries: bool = True,
) -> CasePaths:
    """The analysis of each branching case of `quiz` over the chosen attempts that the
    acting user may see (small groups left out for a coordinator, as everywhere): for first
    attempts over whole cohorts from the report summaries (else, or with
    `from_summaries=False`, the reference, from the answers)."""
    cases = branching_cases(quiz)
    ids = [case.id for case in cases]

    def work(tx: Transaction) -> CasePaths:
        scope = scope_of(tx, actor, filters)
        if not cases:
            return CasePaths(quiz.id, False, 0)
        if from_summaries and policy == "first" and summaries_cover(scope):
            group, counts = summed_path_counts(tx, scope, quiz, ids)
            suppressed, learners, left_out = (
                group.scope.suppress(group.learners),
                group.learners,
                group.left_out,
            )
            counts = counts.rename(columns={"path": "answer", "learners": "count"})
        else:
            read = count_answers(tx, scope, quiz.id, policy, ids)
            suppressed, learners, left_out = read.suppressed, read.learners, read.left_out
            counts = read.counts
        if suppressed:
            return CasePaths(quiz.id, True, learners, left_out=left_out)
        analyses = {
            case.id: analyse_paths(
                case,
                zip(
                    counts.loc[counts["question_id"] == case.id, "answer"],
                    counts.loc[counts["question_id"] == case.id, "count"].astype(int),
                    strict=True,
                ),
            )
            for case in cases
        }
        return CasePaths(quiz.id, False, learners, analyses, left_out)

    return db.read(work)
