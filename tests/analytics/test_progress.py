from datetime import UTC, datetime

import pandas as pd

from courseware.analytics.progress import ModuleOutline, cohort_overview

NOW = datetime(2026, 3, 20, tzinfo=UTC)
MODULES = [
    ModuleOutline("law", "law-final", ("law-check", "law-final")),
    ModuleOutline("care", "care-final", ("care-check", "care-final")),
]


def test_each_module_gets_a_status_and_the_best_final_score():
    learners = pd.DataFrame(
        [
            (1, "Ana", "ana@x.org", datetime(2026, 3, 1, tzinfo=UTC)),
            (2, "Bo", "bo@x.org", datetime(2026, 3, 2, tzinfo=UTC)),
        ],
        columns=["user_id", "name", "email", "enrolled_at"],
    )
    quizzes = pd.DataFrame(
        [
            (
                1,
                "law-final",
                2,
                0.9,
                1,
                datetime(2026, 3, 18, tzinfo=UTC),
                datetime(2026, 3, 18, tzinfo=UTC),
            ),
            (
                1,
                "care-final",
                1,
                0.4,
                0,
                datetime(2026, 3, 19, tzinfo=UTC),
                datetime(2026, 3, 19, tzinfo=UTC),
            ),
        ],
        columns=[
            "user_id",
            "quiz_id",
            "attempts",
            "best_score",
            "passed",
            "last_submitted",
            "last_started",
        ],
    )
    lessons = pd.DataFrame(
        [(2, "law", 1, datetime(2026, 3, 5, tzinfo=UTC))],
        columns=["user_id", "module_id", "lessons", "last_done"],
    )
    table = cohort_overview(learners, quizzes, lessons, MODULES, NOW).set_index("name")
    assert table.loc["Ana", ["law:status", "law:best", "care:status", "care:best"]].tolist() == [
        "passed",
        90.0,
        "not_passed",
        40.0,
    ]
    assert table.loc["Bo", ["law:status", "care:status"]].tolist() == ["in_progress", "not_started"]
    assert table["days_inactive"].to_dict() == {"Ana": 1, "Bo": 15}
