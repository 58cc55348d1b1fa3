"""A branching case goes to Moodle as a description showing its steps (Moodle has no such
type and does not grade it, said in a warning), and comes back here exactly from the
definition in our comment. Without that comment it is skipped with a warning; a plain
Moodle description still makes a scenario."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from courseware.content.quiz import load_quiz
from courseware.interop import GIFT, XML, export_quiz, import_bank
from courseware.interop.bank import META_MARK
from courseware.interop.markup import in_language
from tests.interop.test_round_trip import assert_same_scores, branching_paths
from tests.quiz_files import quiz_yaml

CASE = """\
- id: case-station
  type: branching
  points: 4
  prompt: {en: "Decide what you do, step by step.", sr: "Odlučite šta radite, korak po korak."}
  explanation: {en: "Safety and a referral come first.", sr: "Bezbednost i upućivanje su prvi."}
  reference: "National referral mechanism"
  tags: [referral-cptv]
  start: meet
  steps:
    - id: meet
      text: {en: "A girl of 16 sits *alone* at the station.", sr: "Devojka od 16 sedi *sama* na stanici."}
      choices:
        - id: ask-alone
          text: {en: "Talk to her alone", sr: "Razgovarajte nasamo"}
          next: safety
          recommended: true
          feedback: {en: "Safety first.", sr: "Bezbednost na prvom mestu."}
        - {id: call-police, text: {en: "Call the police", sr: "Pozovite policiju"}, next: police-first}
    - id: safety
      text: {en: "She owes money to the men.", sr: "Duguje novac ljudima."}
      choices:
        - {id: call-centre, text: "Call the Centre", next: referred, recommended: true, tags: [indicator-debt-bondage]}
        - {id: let-go, text: {en: "Let her go", sr: "Pustite je"}, next: lost}
    - id: police-first
      text: {en: "The police arrive; she is silent.", sr: "Policija dolazi; ona ćuti."}
      continue: true
      choices:
        - {id: go-on, text: {en: "Continue", sr: "Nastavite"}, next: partial}
    - id: referred
      text: {en: "She is referred and safe.", sr: "Upućena je i bezbedna."}
      credit: 1
      explanation: {en: "The Centre identifies victims.", sr: "Centar identifikuje žrtve."}
      reference: "CPTV: formal identification"
      tags: [referral-cptv]
    - id: partial
      text: {en: "She is safe but trusts no one.", sr: "Bezbedna je, ali nikome ne veruje."}
      credit: 0.25
    - id: lost
      text: {en: "She leaves with the men.", sr: "Odlazi sa njima."}
      credit: 0
- id: after
  type: true_false
  prompt: {en: "A question after the case", sr: "Pitanje posle slučaja"}
  answer: true
"""

TEXT = quiz_yaml(CASE)
LOADED = load_quiz(TEXT.encode(), "quizzes/sample.yaml")
WARNING = (
    "quizzes/sample.yaml:6: warning: question 'case-station': Moodle has no branching case; "
    "exported as a description (not graded in Moodle)"
)


def _export(fmt: str, language: str = "all"):
    return export_quiz(LOADED, "quizzes/sample.yaml", fmt, language)


def _import(text: str, fmt: str):
    return import_bank(
        text.encode(), "x", fmt, quiz_id="sample", module="legal-framework", kind="final"
    )


@pytest.mark.parametrize("fmt", [XML, GIFT])
def test_exported_as_a_description_with_one_warning(fmt):
    exported = _export(fmt)
    assert [str(w) for w in exported.warnings] == [WARNING]


def test_moodle_xml_shows_the_prompt_and_the_steps_as_text():
    root = etree.fromstring(_export(XML).text.encode())
    case = next(q for q in root.iter("question") if q.findtext("name/text") == "case-station")
    assert case.get("type") == "description"
    assert case.findtext("defaultgrade") == "0.0000000"
    html = case.findtext("questiontext/text")
    assert (
        '<span lang="en" class="multilang"><p>Decide what you do, step by step.</p></span>' in html
    )
    assert (
        '<span lang="sr_cr" class="multilang"><p>Одлучите шта радите, корак по корак.</p>' in html
    )
    assert "<em>alone</em>" in html  # Markdown became HTML
    assert '<span lang="en" class="multilang">Call the Centre</span>' in html
    assert "</span> → referred</li>" in html
    assert '<span lang="en" class="multilang">Let her go</span>' in html and "→ lost</li>" in html
    assert "She leaves with the men." in html and "What happened:" in html
    assert "Credit for this ending: 25%" in html and "Priznato za ovaj ishod: 25%" in html
    feedback = case.findtext("generalfeedback/text")
    assert "Safety and a referral come first." in feedback and "National referral" in feedback
    assert [t.findtext("text") for t in case.findall("tags/tag")] == ["referral-cptv"]


def test_gift_writes_a_description_with_no_answer_block():
    text = _export(GIFT, "en").text
    block = next(b for b in text.split("\n\n") if "::case-station::" in b)
    body = block.split("::case-station::", 1)[1]
    assert body.startswith("[html]") and "{" not in body.replace("\\{", "")
    assert "Call the Centre → referred" in body
    meta = next(line for line in block.splitlines() if META_MARK in line)
    assert json.loads(meta.split(META_MARK, 1)[1])["branching"]["start"] == "meet"


@pytest.mark.parametrize("fmt", [XML, GIFT])
def test_our_import_restores_the_case_exactly(fmt):
    back = _import(_export(fmt).text, fmt)
    assert not [w for w in back.warnings if "case-station" in w.message]
    assert back.loaded.value.snapshot() == LOADED.value.snapshot()
    assert_same_scores(LOADED.value, back.loaded.value)
    case = LOADED.value.leaf("case-station")
    scores = {str(case.score(case.check_answer(p))) for p in branching_paths(case)}
    assert scores == {"4", "1", "0"}  # the generated paths reach every credit


@pytest.mark.parametrize("language", ["en", "sr", "sr-Cyrl"])
@pytest.mark.parametrize("fmt", [XML, GIFT])
def test_one_language_exports_import_with_the_whole_case(fmt, language):
    exported = _export(fmt, language).text
    assert ("Одлучите" in exported) == (language == "sr-Cyrl")
    back = _import(exported, fmt).loaded.value
    assert_same_scores(LOADED.value, back)
    # Our comment holds the case in every language: it comes back whole.
    assert back.leaf("case-station") == LOADED.value.leaf("case-station")
    assert back.leaf("after").prompt == in_language(LOADED.value.leaf("after").prompt, language)


@pytest.mark.parametrize("fmt", [XML, GIFT])
def test_without_our_comment_the_case_is_skipped_with_a_warning(fmt):
    text = _export(fmt).text
    if fmt == XML:
        text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    else:
        text = "\n".join(line for line in text.splitlines() if META_MARK not in line)
    back = _import(text, fmt)
    assert [leaf.id for leaf in back.loaded.value.questions] == ["after"]  # not in a scenario
    assert back.skipped == 1
    assert any(
        "a branching case exported by this app whose definition (our comment) is gone" in w.message
        for w in back.warnings
    )


def test_a_broken_definition_in_our_comment_is_skipped_with_a_warning():
    text = _export(XML).text.replace('"credit": 1', '"credit": 2')
    back = _import(text, XML)
    assert [q.id for q in back.loaded.value.questions] == ["after"]
    assert any("the branching case in our comment is not valid" in w.message for w in back.warnings)


def test_a_plain_moodle_description_still_makes_a_scenario():
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="description">
    <name><text>Case</text></name>
    <questiontext format="html"><text><![CDATA[<p>Omar, 15, works for no pay.</p>]]></text></questiontext>
  </question>
  <question type="truefalse">
    <name><text>Victim</text></name>
    <questiontext format="html"><text>Is he a victim?</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""
    quiz = _import(xml, XML).loaded.value
    assert [q.type for q in quiz.questions] == ["scenario"]
    assert quiz.questions[0].case == "Omar, 15, works for no pay."
