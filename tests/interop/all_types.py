"""One quiz with every question type and every extension, for the export tests."""

from courseware.content.quiz import load_quiz
from tests.content.test_extended_types import CREDIT_MULTIPLE, NUMBERS, PARTIAL_SINGLE, SHORT
from tests.quiz_files import quiz_yaml

OTHERS = """\
- id: aon
  type: multiple_choice
  prompt: {en: Pick, sr: Izaberi}
  options:
    - {id: a, text: A, correct: true}
    - {id: b, text: B, correct: true}
    - {id: c, text: C}
- id: partial
  type: multiple_choice
  scoring: partial
  prompt: P
  options:
    - {id: a, text: A, correct: true}
    - {id: b, text: B, correct: true}
    - {id: c, text: C}
- id: tf
  type: true_false
  prompt: {en: "True?", sr: "Tačno?"}
  answer: false
  feedback_true: {en: "Not so", sr: "Nije tako"}
  explanation: {en: "Because", sr: "Zato"}
  reference: "Criminal Code of Serbia, Art. 388(2)"
  tags: [concept-consent-irrelevant]
- id: pairs
  type: matching
  prompt: Match
  pairs:
    - {id: x, left: "Art. 388", right: {en: Trafficking, sr: Trgovina}}
    - {id: y, left: "Art. 350", right: {en: Smuggling, sr: Krijumčarenje}}
  distractors:
    - {id: z, text: Adoption}
- id: pairs-partial
  type: matching
  scoring: partial
  prompt: Match
  pairs:
    - {id: x, left: "A -> 1", right: "one"}
    - {id: y, left: B, right: "two"}
- id: order
  type: ordering
  prompt: Order
  items:
    - {id: first, text: First}
    - {id: second, text: Second}
- id: years
  type: numeric
  prompt: Years?
  answer: 3
  tolerance: 0.5
  unit: years
- id: case
  type: scenario
  prompt: {en: Read the case, sr: Pročitajte slučaj}
  case: {en: "Omar, 15, works for no pay.", sr: "Omar (15) radi bez plate."}
  explanation: Why it matters
  questions:
    - {id: victim, type: true_false, prompt: Victim?, answer: true, points: 2}
"""

SURVEY = """\
id: sample
module: course
kind: survey
title: Survey
questions:
  - {id: rate, type: likert, prompt: Rate}
  - {id: words, type: text, prompt: Comments, max_length: 300}
"""


def all_types():
    text = quiz_yaml(PARTIAL_SINGLE + CREDIT_MULTIPLE + NUMBERS + SHORT + OTHERS)
    return load_quiz(text.encode(), "all.yaml")


def survey():
    return load_quiz(SURVEY.encode(), "survey.yaml")
