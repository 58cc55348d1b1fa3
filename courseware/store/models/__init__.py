"""The tables, one module per family; every name is importable from here.

Changing a table means adding a migration in `migrations/versions/`.

Emails are stored lower-cased (see `normalize_email`), so the plain unique constraint on
`users.email` is a case-insensitive one on both databases.

Survey answers are the answers of an attempt at a survey quiz (`kind: survey`): the same
`quiz_attempts` and `answers` rows, with `points`, `max_points` and `passed` left empty.
"""

from courseware.store.models.base import (
    IN_PROGRESS,
    KEPT,
    ONLINE,
    PAPER,
    PENDING,
    REVOKED,
    SCRIPTS,
    SUBMITTED,
    Base,
)
from courseware.store.models.learning import (
    Answer,
    AttemptGrant,
    Certificate,
    CertificateReview,
    HiddenComment,
    LessonProgress,
    QuizAttempt,
    QuizVersion,
    Regrade,
    RegradedAttempt,
    RetracedPath,
    TimeAccommodation,
)
from courseware.store.models.outboxes import (
    REMINDER_DEAD,
    REMINDER_PENDING,
    REMINDER_SENT,
    XAPI_DEAD,
    XAPI_PENDING,
    XAPI_SENT,
    FollowupReminder,
    ReminderOptOut,
    XapiSenderLease,
    XapiStatement,
)
from courseware.store.models.people import (
    AuditEntry,
    AuthSession,
    Cohort,
    CohortTrainer,
    Enrolment,
    FailedSignin,
    Organisation,
    User,
)
from courseware.store.models.practice import PracticeAnswer, PracticeItem, PracticeSet
from courseware.store.models.summaries import (
    ReportActivityCell,
    ReportAnswerSummary,
    ReportItemCell,
    ReportPairCell,
    ReportPairCount,
    ReportPathCell,
    ReportProfileSummary,
    ReportQuizSummary,
    ReportScoreSummary,
    ReportSpanningLearner,
    ReportWeekSummary,
)

__all__ = [
    "IN_PROGRESS",
    "KEPT",
    "ONLINE",
    "PAPER",
    "PENDING",
    "REMINDER_DEAD",
    "REMINDER_PENDING",
    "REMINDER_SENT",
    "REVOKED",
    "SCRIPTS",
    "SUBMITTED",
    "XAPI_DEAD",
    "XAPI_PENDING",
    "XAPI_SENT",
    "Answer",
    "AttemptGrant",
    "AuditEntry",
    "AuthSession",
    "Base",
    "Certificate",
    "CertificateReview",
    "Cohort",
    "CohortTrainer",
    "Enrolment",
    "FailedSignin",
    "FollowupReminder",
    "HiddenComment",
    "LessonProgress",
    "Organisation",
    "PracticeAnswer",
    "PracticeItem",
    "PracticeSet",
    "QuizAttempt",
    "QuizVersion",
    "Regrade",
    "RegradedAttempt",
    "ReminderOptOut",
    "ReportActivityCell",
    "ReportAnswerSummary",
    "ReportItemCell",
    "ReportPairCell",
    "ReportPairCount",
    "ReportPathCell",
    "ReportProfileSummary",
    "ReportQuizSummary",
    "ReportScoreSummary",
    "ReportSpanningLearner",
    "ReportWeekSummary",
    "RetracedPath",
    "TimeAccommodation",
    "User",
    "XapiSenderLease",
    "XapiStatement",
]
