"""Small quiz files for tests, written as YAML text so that line numbers are real."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

HEADER = """\
id: sample
module: legal-framework
kind: final
title: {en: Sample, sr: Primer}
"""


def quiz_yaml(questions: str, header: str = HEADER) -> str:
    """A quiz with the standard header and the given `questions:` list (YAML text)."""
    return (
        header
        + "questions:\n"
        + textwrap.indent(textwrap.dedent(questions).strip("\n"), "  ")
        + "\n"
    )


def quiz_from(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


SINGLE = """\
- id: q-single
  type: single_choice
  prompt: {en: Pick one, sr: Izaberi}
  options:
    - {id: a, text: {en: A, sr: A}, correct: true}
    - {id: b, text: {en: B, sr: B}}
"""

# A small case, computed by hand in the tests. From `meet`, the recommended path (ask-alone,
# call-centre, involve-guardian) ends in `referred` (credit 1); deciding without the guardian
# or calling the police first (through a continuation) ends in `partial` (credit 1/4);
# letting her go ends in `lost` (credit 0). A blind guess earns
# 1/2 × (1/2 × (1/2 × 1 + 1/2 × 1/4) + 1/2 × 0) + 1/2 × 1/4 = 9/32 of the points.
BRANCHING = """\
- id: case-girl
  type: branching
  points: 4
  prompt: {en: Decide what to do, sr: Odlučite šta da radite}
  start: meet
  steps:
    - id: meet
      text: {en: A girl of 16 sits alone at the bus station., sr: Devojka od 16 godina sedi sama na stanici.}
      choices:
        - id: ask-alone
          text: {en: Talk to her alone and calmly, sr: Razgovarajte sa njom nasamo i mirno}
          next: safety
          recommended: true
          feedback: {en: Safety first., sr: Bezbednost na prvom mestu.}
          tags: [indicator-restricted-movement]
        - id: call-police
          text: {en: Call the police at once, sr: Odmah pozovite policiju}
          next: police-first
          feedback: {en: She may be frightened away., sr: Možda će se uplašiti.}
    - id: safety
      text: {en: She tells you she owes money to the men who brought her., sr: Kaže da duguje novac ljudima koji su je doveli.}
      choices:
        - {id: call-centre, text: {en: Call the Centre, sr: Pozovite Centar}, next: centre, recommended: true}
        - {id: let-go, text: {en: Let her go, sr: Pustite je}, next: lost}
    - id: centre
      text: {en: The Centre asks whether she has a guardian., sr: Centar pita da li ima staratelja.}
      choices:
        - {id: involve-guardian, text: {en: Ask for a guardian to be appointed, sr: Zatražite da joj se postavi staratelj}, next: referred, recommended: true}
        - {id: decide-alone, text: {en: Decide for her yourself, sr: Odlučite umesto nje}, next: partial, feedback: {en: A child needs a guardian., sr: Detetu je potreban staratelj.}}
    - id: police-first
      text: {en: The police arrive; she does not speak., sr: Policija dolazi; ona ćuti.}
      continue: true
      choices:
        - {id: go-on, text: {en: Continue, sr: Nastavite}, next: partial}
    - id: referred
      text: {en: She is referred and safe., sr: Upućena je i bezbedna.}
      credit: 1
      explanation: {en: The Centre identifies victims., sr: Centar identifikuje žrtve.}
      reference: "Law on Social Protection"
      tags: [referral-cptv]
    - id: partial
      text: {en: She is safe but does not trust anyone., sr: Bezbedna je ali nikome ne veruje.}
      credit: 0.25
    - id: lost
      text: {en: She leaves with the men., sr: Odlazi sa tim ljudima.}
      credit: 0
"""


def with_branching_case(course: Path) -> Path:
    """The small course of the `course_dir` fixture with the case above in its lesson's
    knowledge check, and in its final beside a true/false question."""

    def write(quiz_id: str, kind: str, questions: str, extra: str = "") -> None:
        header = (
            f"id: {quiz_id}\nmodule: basics\nkind: {kind}\n"
            f"title: {{en: {kind.title()}, sr: {kind.title()}}}\n{extra}"
        )
        (course / "quizzes" / f"{quiz_id}.yaml").write_text(
            quiz_yaml(questions, header), encoding="utf-8"
        )

    write("basics-check-1", "check", BRANCHING)
    true_false = (
        "- {id: q1, type: true_false, prompt: {en: Is it so?, sr: Da li je tako?}, answer: true}\n"
    )
    write("basics-final", "final", BRANCHING + true_false, "max_attempts: 2\n")
    return course
