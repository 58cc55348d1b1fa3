from __future__ import annotations

from courseware.store.attempts import save_answer, start_attempt, submit_attempt
from tests.followup.helpers import certify


def finish_course(db, catalog, actor, wrong: set[str], language="en", script="latin") -> None:
    """The learner takes the final and the post-test, answering `wrong` questions wrongly and
    the others rightly, and earns the certificate."""
    for quiz_id in ("basics-final", "posttest"):
        quiz = catalog.quizzes[quiz_id]
        attempt = start_attempt(db, actor, quiz)
        for leaf in quiz.leaves():
            save_answer(db, actor, attempt.id, leaf.id, leaf.id not in wrong)
        submit_attempt(db, actor, attempt.id)
    certify(db, actor.user_id, language=language, script=script)
