"""Results on the real course for the report pages: cohort A has five learners (enough for a
coordinator to see its figures), cohort B one (too few)."""

from __future__ import annotations

from courseware.ui import resources
from tests.report_data import more_learners, right_answers, take

EVALUATION_COMMENT = "The referral steps were the most useful part."


def fill_with_results(db, cast) -> None:
    quizzes = resources.catalog().quizzes
    cohort_a = [cast.learner_a, cast.other_learner_a, *more_learners(db, cast.cohort_a, 3, "a")]
    for number, learner in enumerate(cohort_a):
        take(
            db,
            learner,
            quizzes["course-pretest"],
            right_answers(quizzes["course-pretest"], number + 2),
        )
        final = quizzes["legal-framework-final"]
        # Drawn from a pool: only all or nothing gives a known result. Two of five pass.
        take(db, learner, final, right_answers(final) if number < 2 else {})
        post = quizzes["course-posttest"]
        take(db, learner, post, right_answers(post, 6 + 2 * number))
        take(
            db,
            learner,
            quizzes["course-evaluation"],
            {
                "ev-relevance-work": 3 + number % 3,
                "ev-clarity-lessons": 4,
                "ev-most-useful": EVALUATION_COMMENT,
            },
        )
    take(db, cast.learner_b, quizzes["course-pretest"], right_answers(quizzes["course-pretest"], 5))
