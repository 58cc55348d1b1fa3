"""A hand-built programme for the impact report, made through the store as learners make it:
pre-test, post-test, the final and the certificate, then the checks at 30 and 90 days and
the behaviour survey as the clock moves on.

Cohort A (Atina, 7 learners) has the scores below; cohort B (ASTRA, 3 learners) is a small
group a coordinator never sees. Each test has two questions, `-a` (1 point, tag law-x) and
`-b` (2 points, tag indicator-y): a score of 0, 1/3, 2/3 or 1 is which of them is right."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from courseware.access import Actor
from courseware.analytics.impact import ImpactCourse
from courseware.content.course import FollowupStep
from courseware.content.quiz import load_quiz
from courseware.store import Database
from courseware.store.certificates import issue_certificate
from tests.conftest import write_small_course
from tests.databases import (
    RIGHT_ANSWERS,
    Cast,
    FakeClock,
    enrolled_learner,
    final_quiz,
    survey_quiz,
)
from tests.report_data import right_answers, take
from tests.store.test_reports import small_test, small_test_yaml

FINAL = final_quiz()
PRE, POST = small_test("pre", "pretest"), small_test("post", "posttest")
R30, R90 = small_test("r30", "retention"), small_test("r90", "retention")
BEHAVIOUR_YAML = """\
id: behaviour
module: course
kind: survey
title: {en: Your work, sr: Vas rad}
questions:
  - id: suspected
    type: likert
    prompt: {en: How often did you suspect trafficking?, sr: Koliko puta ste posumnjali?}
    scale: 3
    labels: [{en: Never, sr: Nijednom}, {en: Once, sr: Jednom}, {en: More, sr: Vise}]
  - id: referred-to
    type: multiple_choice
    prompt: {en: To whom did you refer people?, sr: Kome ste uputili?}
    options:
      - {id: cptv, text: {en: The Centre, sr: Centar}, correct: true}
      - {id: police, text: {en: The police, sr: Policija}, correct: true}
      - {id: ngo, text: {en: An NGO, sr: Organizacija}, correct: true}
  - {id: note, type: text, prompt: {en: Anything else?, sr: Nesto drugo?}}
"""
BEHAVIOUR = load_quiz(BEHAVIOUR_YAML.encode(), "behaviour.yaml").value
EVALUATION = survey_quiz()
COURSE = ImpactCourse(
    pretest=PRE,
    posttest=POST,
    plan=(
        FollowupStep(after_days=30, quiz="r30"),
        FollowupStep(after_days=90, quiz="r90"),
        FollowupStep(after_days=91, quiz="behaviour"),
    ),
    retention=(R30, R90),
    behaviour=BEHAVIOUR,
    evaluation=EVALUATION,
)

THIRD, TWO_THIRDS = 1 / 3, 2 / 3
# Per learner of cohort A: pre, post, 30 days, 90 days (None: not taken).
COHORT_A_SCORES = [
    (0.0, 1.0, 1.0, TWO_THIRDS),
    (THIRD, 1.0, TWO_THIRDS, TWO_THIRDS),
    (0.0, TWO_THIRDS, TWO_THIRDS, THIRD),
    (THIRD, 1.0, 1.0, None),
    (TWO_THIRDS, 1.0, None, 1.0),
    (0.0, TWO_THIRDS, THIRD, THIRD),
    (THIRD, 1.0, 1.0, 1.0),
]
COHORT_B_SCORES = [(0.0, 0.0, 0.0, 0.0)] * 3
# The course evaluation's one Likert question, by learner of cohort A: 3 of "3", 2 of "4",
# 2 of "5" (mean 27/7).
COHORT_A_RATINGS = [3, 4, 5, 3, 4, 5, 3]
# The behaviour survey, by learner of cohort A who takes it: (likert level, options).
COHORT_A_BEHAVIOUR = [
    (1, []),
    (2, ["cptv"]),
    (3, ["cptv", "police"]),
    (2, ["police"]),
    (1, []),
]


def answers_for(quiz_id: str, score: float) -> dict[str, bool]:
    """The answers that earn `score` (0, 1/3, 2/3 or 1) of a small test."""
    a = round(score * 3) in (1, 3)
    b = round(score * 3) in (2, 3)
    return {f"{quiz_id}-a": a, f"{quiz_id}-b": b}


@dataclass
class Programme:
    cast: Cast
    cohort_a: list[Actor]
    cohort_b: list[Actor]


def build_programme(db: Database, clock: FakeClock, cast: Cast) -> Programme:
    """The learners' courses, all certified on the same day, then 95 days on."""
    cohort_a = [cast.learner_a, cast.other_learner_a] + [
        enrolled_learner(db, f"a{n}@example.org", cast.cohort_a) for n in range(5)
    ]
    cohort_b = [cast.learner_b] + [
        enrolled_learner(db, f"b{n}@example.org", cast.cohort_b) for n in range(2)
    ]
    plans = list(zip(cohort_a, COHORT_A_SCORES, strict=True))
    plans += list(zip(cohort_b, COHORT_B_SCORES, strict=True))
    for learner, (pre, post, _, _) in plans:
        take(db, learner, PRE, answers_for("pre", pre))
        take(db, learner, POST, answers_for("post", post))
        take(db, learner, FINAL, RIGHT_ANSWERS)
        issue_certificate(db, learner, [FINAL.id])
    for learner, rating in zip(cohort_a, COHORT_A_RATINGS, strict=True):
        take(db, learner, EVALUATION, {"useful": rating, "comments": "Names a person"})
    clock.advance(days=31)
    for learner, (_, _, day30, _) in plans:
        if day30 is not None:
            take(db, learner, R30, answers_for("r30", day30))
    clock.advance(days=60)
    for learner, (_, _, _, day90) in plans:
        if day90 is not None:
            take(db, learner, R90, answers_for("r90", day90))
    clock.advance(days=2)
    for learner, (level, options) in zip(cohort_a, COHORT_A_BEHAVIOUR, strict=False):
        answers = {"suspected": level, "note": "As given"}
        take(db, learner, BEHAVIOUR, answers | ({"referred-to": options} if options else {}))
    for learner in cohort_b:
        take(db, learner, BEHAVIOUR, {"suspected": 3, "referred-to": ["ngo"]})
    clock.advance(days=2)
    return Programme(cast, cohort_a, cohort_b)


# The same course as files, for the command line (run in the folder it is written to).
PLAN = """\
pretest: pre
posttest: post
followup:
  - {after_days: 30, quiz: r30}
  - {after_days: 90, quiz: r90}
  - {after_days: 91, quiz: behaviour}
"""


def write_impact_course(root: Path) -> Path:
    """`write_small_course` with this module's tests, plan and surveys (the evaluation is
    `survey_quiz`'s: one Likert question, `useful`, and a comment)."""
    write_small_course(root)
    course = root / "modules" / "course.yaml"
    text = course.read_text(encoding="utf-8").replace(
        "survey: evaluation", "survey: course-evaluation"
    )
    course.write_text(text + PLAN, encoding="utf-8")
    quizzes = root / "quizzes"
    for quiz_id, kind in (
        ("pre", "pretest"),
        ("post", "posttest"),
        ("r30", "retention"),
        ("r90", "retention"),
    ):
        (quizzes / f"{quiz_id}.yaml").write_text(small_test_yaml(quiz_id, kind), encoding="utf-8")
    (quizzes / "behaviour.yaml").write_text(BEHAVIOUR_YAML, encoding="utf-8")
    (quizzes / "course-evaluation.yaml").write_text(
        "id: course-evaluation\nmodule: course\nkind: survey\ntitle: {en: Evaluation, sr: Evaluacija}\n"
        "questions:\n  - {id: useful, type: likert, prompt: {en: Useful?, sr: Korisno?}}\n"
        "  - {id: comments, type: text, prompt: {en: P, sr: P}}\n",
        encoding="utf-8",
    )
    return root


def follow_up(db: Database, learner: Actor, number: int, quizzes) -> None:
    """On the real course (`quizzes` of its catalog): the pre- and post-test, a certificate,
    both retention checks and the behaviour survey, the `number`th learner's way."""
    take(db, learner, quizzes["course-pretest"], right_answers(quizzes["course-pretest"], 2))
    take(db, learner, quizzes["course-posttest"], right_answers(quizzes["course-posttest"], 10))
    # The finals are not what the impact report is about: the certificate is asked for
    # without them.
    issue_certificate(db, learner, [])
    for check, right in (("course-retention-30", 9), ("course-retention-90", 7 + number % 2)):
        take(db, learner, quizzes[check], right_answers(quizzes[check], right))
    behaviour = {"bh-suspected": 1 + number % 3, "bh-indicators": ["debt", "pay"]}
    take(db, learner, quizzes["course-behaviour-90"], behaviour)
