"""Reading Moodle XML safely: no DTD at all (so no entity bombs and no external entities:
a file that declares one is refused before it is parsed), lxml with entity resolution,
network access and huge trees off (libxml2's depth limit stands), and a size limit."""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from courseware.content.problems import Problem
from courseware.interop import bank
from courseware.interop.bank import BankAnswer, BankQuestion, from_percent, read_meta
from courseware.interop.markup import plain_string, plain_text
from courseware.interop.quiz_builder import Parsed
from courseware.interop.reading import (
    decimal,
    decode,
    description,
    fail,
    general_feedback,
    name_of,
    shows_branching,
    text_budget,
    text_of,
)

_DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=True,
    )


def parse_xml(raw: bytes, file: str):
    text = decode(raw, file)
    declared = _DECLARATION.search(text)
    if declared:
        line = text.count("\n", 0, declared.start()) + 1
        raise fail(
            file,
            line,
            f"the file declares a {declared.group(1).upper()}: Moodle XML needs none, and "
            "DTDs and entities are refused (they can expand without end or read other files)",
        )
    try:
        root = etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = re.sub(r", line \d+, column \d+$", "", str(exc.msg or exc))
        raise fail(file, line, f"malformed XML: {message}") from None
    if root.tag != "quiz":
        raise fail(file, root.sourceline or 1, f"expected <quiz> at the top, found <{root.tag}>")
    return root


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.notes: list[str] = []

    def field(self, element, tag: str | None, default_format: str = "html"):
        node = element.find(tag) if tag else element
        if node is None:
            return None
        source = node.findtext("text") or ""
        return text_of(source, node.get("format", default_format), self.notes)

    def feedback(self, element, tag: str):
        node = element.find(tag)
        if node is None:
            return None, None
        return general_feedback(node.findtext("text") or "", node.get("format", "html"), self.notes)

    def answers(self, element, text_kind: str) -> list[BankAnswer]:
        made = []
        for node in element.findall("answer"):
            answer = BankAnswer(fraction=self.fraction(node), feedback=self.field(node, "feedback"))
            source = node.findtext("text") or ""
            if text_kind == "text" and not source.strip():
                continue  # Moodle leaves out an answer with no text when it saves the question
            if text_kind == "text":
                answer.text = text_of(source, node.get("format", "html"), self.notes)
            elif text_kind == "plain":
                answer.text = plain_string(source, self.notes)
            else:
                answer.value = None if source.strip() in ("*", "") else decimal(source)
                # Moodle uses the tolerance's absolute value.
                answer.tolerance = abs(decimal(node.findtext("tolerance") or "0") or Decimal(0))
                if answer.value is None and source.strip() not in ("*", ""):
                    self.notes.append(f"the answer '{source.strip()[:20]}' is not a number")
                    continue
            made.append(answer)
        return made

    def fraction(self, node) -> bank.Fraction:
        value = decimal(node.get("fraction", "0"))
        return from_percent(str(value)) if value is not None else bank.Fraction(0)

    def question(self, element, meta: dict) -> BankQuestion:
        qtype = element.get("type", "")
        made = BankQuestion(qtype="match" if qtype == "matching" else qtype, meta=meta)
        made.line = element.sourceline or 1
        if qtype == bank.CATEGORY:
            made.category = (element.findtext("category/text") or "").strip()
            return made
        made.name, made.title = name_of(element.findtext("name/text") or "", self.notes)
        made.idnumber = (element.findtext("idnumber") or "").strip()
        node = element.find("questiontext")
        if qtype == bank.DESCRIPTION and node is not None:
            source = node.findtext("text") or ""
            made.text, made.case = description(source, node.get("format", "html"), self.notes)
            made.branching = shows_branching(source) or None
        else:
            made.text = self.field(element, "questiontext")
        made.general_feedback, made.reference = self.feedback(element, "generalfeedback")
        grade = decimal(element.findtext("defaultgrade") or "1")
        made.default_grade = grade if grade is not None else Decimal(1)
        made.tags = [t.strip() for t in element.xpath("tags/tag/text/text()") if t.strip()]
        if element.find(".//file") is not None:
            self.notes.append("embedded files are not imported (nothing is written from them)")
        made.shuffle = (element.findtext("shuffleanswers") or "").strip() in ("true", "1")
        self.type_fields(element, made)
        return made

    def type_fields(self, element, made: BankQuestion) -> None:
        qtype = made.qtype
        if qtype in (bank.MULTICHOICE, bank.MULTICHOICESET):
            made.single = (element.findtext("single") or "true").strip() not in ("false", "0")
            made.single = made.single and qtype == bank.MULTICHOICE
            made.answers = self.answers(element, "text")
        elif qtype == bank.TRUEFALSE:
            for node in element.findall("answer"):
                value = (node.findtext("text") or "").strip().lower() == "true"
                if self.fraction(node) == 1:
                    made.true_answer = value
                feedback = self.field(node, "feedback")
                if value:
                    made.feedback_true = feedback
                else:
                    made.feedback_false = feedback
        elif qtype == bank.MATCH:
            for node in element.findall("subquestion"):
                left = text_of(node.findtext("text") or "", node.get("format", "html"), self.notes)
                right = plain_text(node.findtext("answer/text") or "", self.notes)
                made.subquestions.append((left, right))
        elif qtype == bank.NUMERICAL:
            made.answers = self.answers(element, "number")
            for unit in element.findall("units/unit"):
                multiplier = decimal(unit.findtext("multiplier") or "1") or Decimal(1)
                made.units.append(((unit.findtext("unit_name") or "").strip(), multiplier))
        elif qtype == bank.SHORTANSWER:
            made.case_sensitive = (element.findtext("usecase") or "0").strip() == "1"
            made.answers = self.answers(element, "plain")
        elif qtype == bank.ORDERING:
            made.answers = [
                BankAnswer(
                    text=text_of(n.findtext("text") or "", n.get("format", "html"), self.notes)
                )
                for n in element.findall("answer")
            ]
            made.grading = (element.findtext("gradingtype") or "").strip()
            select = (element.findtext("selecttype") or "RANDOM").strip().upper()
            made.select_all = select in ("ALL", "EXACT")


def read_moodle_xml(raw: bytes, file: str) -> Parsed:
    with text_budget(file):
        return _read(parse_xml(raw, file), file)


def _read(root, file: str) -> Parsed:
    reader = _Reader(file)
    parsed = Parsed([])
    meta: dict = {}
    for node in root:
        if isinstance(node, etree._Comment):
            found = read_meta(node.text or "")
            if "quiz" in found and isinstance(found["quiz"], dict):
                parsed.settings = found["quiz"]
            elif found:
                meta = found
            continue
        if node.tag != "question":
            continue
        reader.notes = []
        question = reader.question(node, meta)
        meta = {}
        parsed.questions.append(question)
        for note in dict.fromkeys(reader.notes):
            name = f" '{question.name}'" if question.name else ""
            parsed.warnings.append(
                Problem(file, question.line, "warning", f"question{name}: {note}")
            )
    return parsed
