"""Report summaries (store/summaries.py): per cohort, what the coordinator's dashboard counts,
kept up to date in the transaction of every write that changes it. Each row is a sum over
the learners whose submitted attempts all lie in that cohort; a learner with attempts in
several cohorts is listed in `report_spanning_learners` and counted from the attempts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from courseware.store.models.base import Base


class ReportQuizSummary(Base):
    """Per cohort and quiz: learners who submitted it, and how many of them passed it."""

    __tablename__ = "report_quiz_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)
    passed: Mapped[int] = mapped_column(Integer)


class ReportScoreSummary(Base):
    """Per cohort, final (`kind: final`) and best score: how many learners' best attempt
    scored that (a share of the points as the reports compute it; summaries.NO_SCORE when
    there is none)."""

    __tablename__ = "report_score_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    score: Mapped[float] = mapped_column(Float, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)


class ReportWeekSummary(Base):
    """Per cohort and week (Monday): attempts submitted, and learners who submitted one."""

    __tablename__ = "report_week_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    learners: Mapped[int] = mapped_column(Integer)


class ReportProfileSummary(Base):
    """Per cohort: how many learners stand where at the finals (`summaries.profile`: each
    final submitted, passed or how many attempts used beyond those granted)."""

    __tablename__ = "report_profile_summaries"
    # The few standings are summed over thousands of cohorts in this order, without sorting.
    __table_args__ = (
        Index("ix_report_profile_summaries_by_profile", "profile", "cohort_id", "learners"),
    )

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[str] = mapped_column(Text, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)


class ReportAnswerSummary(Base):
    """Per cohort, survey (`kind: survey`) and Likert question: how often each answer (its
    JSON text) was given, over every submitted attempt."""

    __tablename__ = "report_answer_summaries"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    answer: Mapped[str] = mapped_column(String(100), primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)  # answers given, for `apply_difference`


class ReportActivityCell(Base):
    """Per cohort and moment: how many learners submitted their last attempt then. Those
    active since a day are the sum over the moments since, read through the index in
    moment order: a few rows per learner active lately, not every attempt of theirs."""

    __tablename__ = "report_activity_cells"
    __table_args__ = (
        Index("ix_report_activity_cells_recent", "last_submitted_at", "cohort_id", "learners"),
    )

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_submitted_at: Mapped[datetime] = mapped_column(primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)


class ReportSpanningLearner(Base):
    """A learner with submitted attempts in more than one cohort: rare, and counted from
    the attempts, since which cohorts a report covers decides which of them count."""

    __tablename__ = "report_spanning_learners"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


# The summaries of each learner's first attempt at a quiz (item statistics and tag mastery,
# branching paths) are kept per organisation, and knowledge gain's pairs per cohort and per
# organisation: `group_id` is a cohort's id, or minus an organisation's id for the sum over
# its cohorts (a cohort never changes organisation). A programme-wide figure then reads a few
# rows per organisation and takes away the few cohorts it leaves out, whatever the number of
# learners (`reports.summed_groups`).


class ReportItemCell(Base):
    """Per organisation (`group_id` is minus its id), quiz (one that shows every question
    in every attempt) and graded question:
    how many learners' first attempts earned `mark` on it and `total` on the whole quiz. The
    item statistics are sums over these cells (`analytics.item_cells`)."""

    __tablename__ = "report_item_cells"

    group_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    mark: Mapped[float] = mapped_column(Float, primary_key=True)
    total: Mapped[float] = mapped_column(Float, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)


class ReportPathCell(Base):
    """Per organisation (`group_id` is minus its id), quiz and branching case: how many
    learners' first attempts took each path (its JSON text)."""

    __tablename__ = "report_path_cells"

    group_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    path: Mapped[str] = mapped_column(Text, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)


class ReportPairCell(Base):
    """Per cohort and per organisation (`group_id`): how many learners scored `pre` at their
    first pre-test and `post` at their first post-test (the group of the post-test's
    attempt)."""

    __tablename__ = "report_pair_cells"

    group_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pre: Mapped[float] = mapped_column(Float, primary_key=True)
    post: Mapped[float] = mapped_column(Float, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)


class ReportPairCount(Base):
    """Per cohort: how many learners have a pair of knowledge gain (the group whose size
    decides whether the cohort is shown), so that the small ones are found in one read."""

    __tablename__ = "report_pair_counts"

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer)
