"""A branching case entered from paper: the letters and ending typed from the grid are stored
as the same path an online learner's clicks store, graded by the same engine (points times the
credit of the ending reached); a typo or a path that is not in the booklet is refused, naming
the question and the step, with nothing written, one paper at a time or in a CSV file."""

import re

import pytest
from sqlalchemy import select

from courseware.content.quiz import load_quiz
from courseware.i18n import Translator
from courseware.paper.booklet import Booklet
from courseware.paper.grid import grid_text
from courseware.paper.variants import variant_code, variant_questions
from courseware.store.attempts import get_attempt
from courseware.store.errors import InvalidInput
from courseware.store.models import Answer, QuizAttempt
from courseware.store.paper import PaperSheet, import_paper_results, record_paper_attempt
from tests.report_data import take

EN = Translator("en")

CASE_FINAL = load_quiz(
    b"""\
id: case-final
module: legal-framework
kind: final
title: Case final
pass_mark: 0.5
shuffle_options: true
questions:
  - {id: tf, type: true_false, prompt: Is it so, answer: true}
  - id: case
    type: branching
    prompt: Decide what to do
    points: 2
    start: meet
    steps:
      - id: meet
        text: A man asks for help at the desk.
        choices:
          - {id: listen, text: Listen to him, next: ask, recommended: true}
          - {id: send-away, text: Send him away, next: end-lost, feedback: He had nowhere to go}
      - id: ask
        text: He says he works without pay.
        choices:
          - {id: refer, text: Refer him with his consent, next: end-referred, recommended: true}
          - {id: police, text: Call the police at once, next: end-police}
      - {id: end-referred, text: He is referred., credit: 1}
      - {id: end-police, text: He stops talking., credit: 0.5}
      - {id: end-lost, text: He leaves., credit: 0}
""",
    "case-final.yaml",
).value
QUIZZES = {CASE_FINAL.id: CASE_FINAL}
PATHS = {
    ("listen", "refer"): 3,  # 1 + 2 × 1
    ("listen", "police"): 2,  # 1 + 2 × 0.5
    ("send-away",): 1,  # 1 + 2 × 0
}


def case_on(number: int):
    return next(q for q in variant_questions(CASE_FINAL, number) if q.leaf.id == "case")


def grid(number: int, path) -> dict[int, str]:
    """Variant `number`'s grid: T for the first question, the path as the booklet writes it."""
    return {1: "T", case_on(number).number: grid_text(case_on(number), list(path), EN)}


def stored_answers(db, attempt_id: int) -> dict:
    def work(tx):
        rows = tx.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id))
        return {row.question_id: (row.answer, row.points) for row in rows}

    return db.read(work)


def count(db) -> int:
    return db.read(lambda tx: len(tx.session.scalars(select(QuizAttempt.id)).all()))


def test_a_path_typed_from_the_grid_is_stored_and_graded_like_the_same_path_online(db, cast):
    for variant, (path, points) in enumerate(PATHS.items(), 1):
        typed = grid(variant, path)
        assert re.fullmatch(r"[AB]{1,2} [2-5]", typed[2])
        sheet = PaperSheet(cast.learner_a.user_id, str(variant_code(CASE_FINAL, variant)), typed)
        paper = record_paper_attempt(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, sheet)
        online = take(db, cast.other_learner_a, CASE_FINAL, {"tf": True, "case": list(path)})
        assert paper.points == online.points == points, path
        assert (paper.source, paper.max_points) == ("paper", 3)
        assert get_attempt(db, cast.learner_a, paper.id).answers["case"] == list(path)
        assert stored_answers(db, paper.id) == stored_answers(db, online.id)


def test_a_typo_or_a_path_not_in_the_booklet_is_refused_naming_the_question(db, cast):
    question = case_on(1)
    booklet, n = Booklet.of(question), question.number
    step_ask = booklet.number(CASE_FINAL.leaf("case").step_by_id["ask"])
    listen = next(
        m for m, c in booklet.choices(question.leaf.step_by_id["meet"]) if c.id == "listen"
    )
    best = grid_text(question, ["listen", "refer"], EN)
    police_end = booklet.written(["listen", "police"])[1]
    refused = {
        f"{listen}C": f"question {n}: '{listen}C': at step {step_ask} there is no choice C",
        f"{best[:2]} {police_end}": f"question {n}: '{best[:2]} {police_end}': the letters "
        f"{best[:2]} lead to the ending at step {best.split()[1]}, not to step {police_end}",
        f"{best[:2]}A": f"question {n}: '{best[:2]}A': the letters {best[:2]} already reach the "
        "ending",
    }
    before = count(db)
    for typed, message in refused.items():
        sheet = PaperSheet(
            cast.learner_a.user_id, str(variant_code(CASE_FINAL, 1)), {1: "T", n: typed}
        )
        with pytest.raises(InvalidInput, match=re.escape(message)):
            record_paper_attempt(db, cast.trainer_a, cast.cohort_a.id, QUIZZES, sheet)
    assert count(db) == before


def test_csv_rows_with_a_case_good_and_bad(db, cast):
    header = "email,variant,1,2\n"
    good = [
        f"learner.a@example.org,{variant_code(CASE_FINAL, 4)},T,{grid(4, ['listen', 'refer'])[2]}",
        # Typed with a comma, as some trainers do: the spreadsheet quotes the cell.
        f"learner.a2@example.org,{variant_code(CASE_FINAL, 5)},F,"
        f'"{grid(5, ["listen", "police"])[2].replace(" ", ", ")}"',
    ]
    result = import_paper_results(
        db, cast.trainer_a, cast.cohort_a.id, QUIZZES, header + "\n".join(good) + "\n"
    )
    assert result.rejected == []
    assert [(a.points, a.source) for a in result.recorded] == [(3, "paper"), (1, "paper")]

    before = count(db)
    question = case_on(6)
    best = grid_text(question, ["listen", "refer"], EN)
    wrong_end = booklet_end(question, ["send-away"])
    bad = [
        f"learner.a@example.org,{variant_code(CASE_FINAL, 6)},T,{best}",
        f"learner.a2@example.org,{variant_code(CASE_FINAL, 6)},T,{best.split()[0]} {wrong_end}",
        f"learner.a2@example.org,{variant_code(CASE_FINAL, 7)},T,Q",
    ]
    result = import_paper_results(
        db, cast.trainer_a, cast.cohort_a.id, QUIZZES, header + "\n".join(bad) + "\n"
    )
    assert result.recorded == []
    assert [line.line for line in result.rejected] == [3, 4]
    assert result.rejected[0].message.startswith(
        f"question 2: '{best.split()[0]} {wrong_end}': the letters {best.split()[0]} lead to "
        f"the ending at step {best.split()[1]}, not to step {wrong_end}"
    )
    assert result.rejected[1].message.startswith("question 2: 'Q': at step 1 there is no choice Q")
    assert count(db) == before


def booklet_end(question, path) -> str:
    return Booklet.of(question).written(path)[1]
