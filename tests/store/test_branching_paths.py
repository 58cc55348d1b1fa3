"""A branching case's path in the store: it only grows in a final (whatever the page does),
and in a knowledge check a step back is allowed and kept in the attempt's history."""

import pytest

from courseware.content.quiz import load_quiz
from courseware.store.attempts import (
    ChoiceTakenBack,
    get_attempt,
    retraced_paths,
    save_answer,
    start_attempt,
    submit_attempt,
)
from courseware.store.errors import InvalidInput
from courseware.store.privacy import export_user_data
from tests.quiz_files import BRANCHING, HEADER, quiz_yaml

CASE = "case-girl"


def quiz(kind: str):
    header = HEADER.replace("kind: final", f"kind: {kind}")
    return load_quiz(quiz_yaml(BRANCHING, header).encode(), "sample.yaml").value


def saved(db, actor, attempt_id):
    return get_attempt(db, actor, attempt_id).answers.get(CASE)


def test_a_path_is_saved_choice_by_choice_and_scored_by_its_ending(db, cast):
    learner = cast.learner_a
    attempt = start_attempt(db, learner, quiz("final"))
    save_answer(db, learner, attempt.id, CASE, ["call-police"])
    assert saved(db, learner, attempt.id) == ["call-police"]
    save_answer(db, learner, attempt.id, CASE, ["call-police", "go-on"])
    result = submit_attempt(db, learner, attempt.id)
    assert result.question_points[CASE] == 1  # 4 points × credit 1/4
    assert result.points == 1 and result.max_points == 4


def test_a_path_not_finished_scores_nothing(db, cast):
    learner = cast.learner_a
    attempt = start_attempt(db, learner, quiz("final"))
    save_answer(db, learner, attempt.id, CASE, ["ask-alone", "call-centre"])
    assert submit_attempt(db, learner, attempt.id).question_points[CASE] == 0


def test_an_answer_that_is_not_a_path_is_refused_naming_the_step(db, cast):
    learner = cast.learner_a
    attempt = start_attempt(db, learner, quiz("final"))
    with pytest.raises(InvalidInput) as caught:
        save_answer(db, learner, attempt.id, CASE, ["ask-alone", "go-on"])
    assert str(caught.value) == (
        "question 'case-girl': choice 'go-on' does not belong to step 'safety' "
        "(its choices: call-centre, let-go)"
    )
    assert saved(db, learner, attempt.id) is None


@pytest.mark.parametrize(
    "taken_back",
    [
        [],  # back to the start
        ["ask-alone"],  # one step back
        ["call-police"],  # another choice at the first step
        None,  # the answer cleared
    ],
)
def test_in_a_final_a_saved_choice_cannot_be_taken_back(db, cast, taken_back):
    learner = cast.learner_a
    attempt = start_attempt(db, learner, quiz("final"))
    save_answer(db, learner, attempt.id, CASE, ["ask-alone", "let-go"])
    with pytest.raises(ChoiceTakenBack) as caught:
        save_answer(db, learner, attempt.id, CASE, taken_back)
    assert "a choice once made cannot be changed in this quiz" in str(caught.value)
    assert saved(db, learner, attempt.id) == ["ask-alone", "let-go"]
    assert retraced_paths(db, learner, attempt.id) == []


def test_in_a_final_saving_the_same_path_again_is_harmless(db, cast):
    # A retry after a connection cut may send the path the store already holds.
    learner = cast.learner_a
    attempt = start_attempt(db, learner, quiz("final"))
    save_answer(db, learner, attempt.id, CASE, ["ask-alone"])
    save_answer(db, learner, attempt.id, CASE, ["ask-alone"])
    assert saved(db, learner, attempt.id) == ["ask-alone"]


def test_in_a_check_a_step_back_is_allowed_and_kept_in_the_history(db, cast, clock):
    learner = cast.learner_a
    attempt = start_attempt(db, learner, quiz("check"))
    save_answer(db, learner, attempt.id, CASE, ["ask-alone"])
    save_answer(db, learner, attempt.id, CASE, ["ask-alone", "let-go"])
    clock.advance(minutes=1)
    save_answer(db, learner, attempt.id, CASE, ["ask-alone"])  # step back
    save_answer(db, learner, attempt.id, CASE, [])  # and back to the start
    save_answer(db, learner, attempt.id, CASE, ["ask-alone"])
    save_answer(db, learner, attempt.id, CASE, ["ask-alone", "call-centre"])
    save_answer(db, learner, attempt.id, CASE, ["ask-alone", "call-centre", "involve-guardian"])

    history = retraced_paths(db, learner, attempt.id)
    assert [(r.question_id, r.path, r.kept, r.retraced) for r in history] == [
        (CASE, ["ask-alone", "let-go"], 1, ["let-go"]),
        (CASE, ["ask-alone"], 0, ["ask-alone"]),
    ]
    assert history[0].retraced_at == clock.now
    # The score is the final path's.
    result = submit_attempt(db, learner, attempt.id)
    assert result.question_points[CASE] == 4
    # The learner's data download holds the history too.
    [exported] = export_user_data(db, learner, learner.user_id)["attempts"]
    assert [row["path"] for row in exported["retraced_paths"]] == [
        ["ask-alone", "let-go"],
        ["ask-alone"],
    ]


def test_the_history_is_for_whoever_may_see_the_attempt(db, cast):
    from courseware.access import PermissionDenied

    attempt = start_attempt(db, cast.learner_a, quiz("check"))
    assert retraced_paths(db, cast.trainer_a, attempt.id) == []
    with pytest.raises(PermissionDenied):
        retraced_paths(db, cast.learner_b, attempt.id)
