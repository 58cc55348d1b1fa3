"""Every course quiz exported as Moodle XML, graded by Moodle's own rules read straight from
the XML (written here from the qtypes' grade_response, apart from our importer): for every
generated answer, Moodle gives the same share of the same points as the engine does here."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from lxml import etree

from courseware.content.quiz import load_quiz
from courseware.grading import check_answers, score_quiz
from courseware.interop import XML, export_quiz
from tests.interop.test_round_trip import COURSE, generated_answers

# Moodle keeps seven decimals of a grade: a third is 0.3333333.
MOODLE_PRECISION = Fraction(1, 10**6)


def _fraction(answer) -> Fraction:
    return Fraction(Decimal(answer.get("fraction", "0"))) / 100


def _wildcard(pattern: str, text: str, case_sensitive: bool) -> bool:
    # qtype_shortanswer::compare_string_with_wildcard
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = "^" + ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits) + "$"
    return re.match(regexp, text.strip(), 0 if case_sensitive else re.IGNORECASE) is not None


def _choice(question, ids, answer) -> Fraction:
    by_id = dict(zip(ids, question.findall("answer"), strict=True))
    if question.get("type") == "multichoiceset":
        right = {i for i, a in by_id.items() if _fraction(a) > 0}
        return Fraction(bool(answer) and set(answer) == right)
    if question.findtext("single") == "true":
        return _fraction(by_id[answer]) if answer else Fraction(0)
    total = sum((_fraction(by_id[i]) for i in answer or []), Fraction(0))
    return min(Fraction(1), max(Fraction(0), total))


def _matching(question, ids, answer) -> Fraction:
    subquestions = question.findall("subquestion")
    right = {i: s.findtext("answer/text") for i, s in zip(ids, subquestions, strict=True)}
    stems = [(i, s) for i, s in zip(ids, subquestions, strict=True) if s.findtext("text")]
    matched = sum(1 for i, s in stems if (answer or {}).get(i) and right[answer[i]] == right[i])
    return Fraction(matched, len(stems))


def _numerical(question, answer) -> Fraction:
    if answer is None:
        return Fraction(0)
    given = Decimal(repr(answer))
    for accepted in question.findall("answer"):
        value = accepted.findtext("text").strip()
        if value == "*":
            return _fraction(accepted)
        tolerance = abs(Decimal(accepted.findtext("tolerance") or "0"))
        if Decimal(value) - tolerance <= given <= Decimal(value) + tolerance:
            return _fraction(accepted)
    return Fraction(0)


def _shortanswer(question, answer) -> Fraction:
    if not answer or not answer.strip():
        return Fraction(0)
    case_sensitive = question.findtext("usecase") == "1"
    for accepted in question.findall("answer"):
        if _wildcard(accepted.findtext("text"), answer, case_sensitive):
            return _fraction(accepted)
    return Fraction(0)


def _ordering(question, items, answer) -> Fraction:
    in_place = sum(1 for given, item in zip(answer, items, strict=True) if given == item)
    if question.findtext("gradingtype") == "ALL_OR_NOTHING":
        return Fraction(in_place == len(items))
    assert question.findtext("gradingtype") == "ABSOLUTE_POSITION"
    return Fraction(in_place, len(items))


def moodle_share(question, meta: dict, leaf, answer) -> Fraction:
    """The share of the question's default grade Moodle gives for `answer`."""
    kind = question.get("type")
    ids = meta.get("ids")
    if kind in ("multichoice", "multichoiceset"):
        return _choice(question, ids, answer)
    if kind == "truefalse":
        chosen = [a for a in question.findall("answer") if (a.findtext("text") == "true") == answer]
        return _fraction(chosen[0]) if answer is not None else Fraction(0)
    if kind in ("match", "matching"):  # Moodle reads both names
        return _matching(question, ids, answer)
    if kind == "numerical":
        return _numerical(question, answer)
    if kind == "shortanswer":
        return _shortanswer(question, answer)
    if kind == "ordering":
        return _ordering(question, ids, answer)
    raise AssertionError(f"no Moodle grading written here for {kind}")


def exported_questions(xml: str) -> dict:
    """Each question of the file by its idnumber, with our comment before it."""
    found, meta = {}, {}
    for node in etree.fromstring(xml.encode()):
        if isinstance(node, etree._Comment):
            text = node.text.strip()
            meta = (
                json.loads(text.removeprefix("courseware:"))
                if text.startswith("courseware:")
                else {}
            )
        elif node.findtext("idnumber"):
            found[node.findtext("idnumber")] = (node, meta)
    return found


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_moodle_grades_every_answer_as_the_engine_does(path: Path):
    loaded = load_quiz(path.read_bytes(), str(path))
    quiz = loaded.value
    found = exported_questions(export_quiz(loaded, str(path), XML, "en").text)
    compared = 0
    for leaf in quiz.leaves():
        if leaf.type in ("likert", "text", "branching"):  # not graded by Moodle: warnings
            continue
        question, meta = found[leaf.id]
        grade = Fraction(Decimal(question.findtext("defaultgrade")))
        assert grade == (leaf.max_points if quiz.graded else 0)
        for answer in generated_answers(leaf):
            here = sum(
                score_quiz(quiz, check_answers(quiz, {leaf.id: answer})).question_points.values()
            )
            moodle = grade * moodle_share(question, meta, leaf, answer)
            assert abs(here - moodle) <= MOODLE_PRECISION * leaf.max_points, (leaf.id, answer)
            compared += 1
    assert compared or not quiz.graded
