"""Moodle XML as Moodle 4.x writes it: a category, then one <question> per question, HTML
in CDATA, grades in percent. Each question also carries a comment Moodle ignores with what
only this app reads back (ids, our rule where Moodle's differs)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from courseware.interop import bank
from courseware.interop.bank import BankAnswer, BankQuestion, decimal_text, meta_text, percent
from courseware.interop.exporting import Prepared, branching_html, general_feedback_html
from courseware.interop.markup import text_html, text_plain


def _text(parent, tag: str, content: str, **attributes: str):
    element = etree.SubElement(parent, tag, attributes) if tag else parent
    text = etree.SubElement(element, "text")
    if content and any(c in content for c in "<>&") and "]]>" not in content:
        text.text = etree.CDATA(content)
    else:
        text.text = content
    return element


def _plain(parent, tag: str, content: str) -> None:
    etree.SubElement(parent, tag).text = content


def _grade(value: Decimal) -> str:
    return f"{Decimal(value):.7f}"


class _Writer:
    def __init__(self, language: str):
        self.language = language

    def html(self, text: Any, inline: bool = False) -> str:
        return text_html(text, self.language, inline) if text is not None else ""

    def feedback(self, parent, text: Any) -> None:
        _text(parent, "feedback", self.html(text), format="html")

    def combined_feedback(self, element) -> None:
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text(element, name, "", format="html")
        etree.SubElement(element, "shownumcorrect")

    def answer(self, element, answer: BankAnswer, text: str, text_format: str, extra=()) -> None:
        made = _text(element, "answer", text, fraction=percent(answer.fraction), format=text_format)
        self.feedback(made, answer.feedback)
        for tag, value in extra:
            _plain(made, tag, value)

    def question(self, quiz, question: BankQuestion) -> None:
        quiz.append(etree.Comment(" " + meta_text(question.meta) + " "))
        element = etree.SubElement(quiz, "question", type=question.qtype)
        _text(element, "name", question.name)
        text = self.html(question.text)
        if question.branching is not None:
            text = branching_html(question, self.language)
        elif question.qtype == bank.DESCRIPTION and question.case is not None:
            text = (
                f'<div class="scenario-prompt">{text}</div>'
                f'<div class="scenario-case">{self.html(question.case)}</div>'
            )
        _text(element, "questiontext", text, format="html")
        _text(
            element,
            "generalfeedback",
            general_feedback_html(question, self.language),
            format="html",
        )
        _plain(element, "defaultgrade", _grade(question.default_grade))
        _plain(element, "penalty", "0.3333333")
        _plain(element, "hidden", "0")
        _plain(element, "idnumber", question.idnumber)
        getattr(self, question.qtype, lambda element, question: None)(element, question)
        if question.tags:
            tags = etree.SubElement(element, "tags")
            for tag in question.tags:
                _text(tags, "tag", tag)

    def multichoice(self, element, question: BankQuestion) -> None:
        if question.qtype == bank.MULTICHOICE:
            _plain(element, "single", "true" if question.single else "false")
        _plain(element, "shuffleanswers", "true" if question.shuffle else "false")
        _plain(element, "answernumbering", "abc")
        _plain(element, "showstandardinstruction", "0")
        self.combined_feedback(element)
        for answer in question.answers:
            self.answer(element, answer, self.html(answer.text, inline=True), "html")

    multichoiceset = multichoice

    def truefalse(self, element, question: BankQuestion) -> None:
        for value, feedback in ((True, question.feedback_true), (False, question.feedback_false)):
            answer = BankAnswer(
                fraction=bank.Fraction(value == question.true_answer), feedback=feedback
            )
            self.answer(element, answer, "true" if value else "false", "moodle_auto_format")

    def match(self, element, question: BankQuestion) -> None:
        _plain(element, "shuffleanswers", "true" if question.shuffle else "false")
        self.combined_feedback(element)
        for left, right in question.subquestions:
            sub = _text(
                element, "subquestion", self.html(left, inline=True) if left else "", format="html"
            )
            _text(sub, "answer", text_plain(right, self.language))

    def numerical(self, element, question: BankQuestion) -> None:
        for answer in question.answers:
            if answer.value is None:
                middle = (answer.low + answer.high) / 2
                value, tolerance = middle, answer.high - middle
            else:
                value, tolerance = answer.value, answer.tolerance or 0
            extra = [("tolerance", decimal_text(Decimal(tolerance)))]
            self.answer(element, answer, decimal_text(value), "moodle_auto_format", extra)
        if question.units:
            units = etree.SubElement(element, "units")
            for name, multiplier in question.units:
                unit = etree.SubElement(units, "unit")
                _plain(unit, "multiplier", decimal_text(multiplier))
                _plain(unit, "unit_name", name)
        _plain(element, "unitgradingtype", "0")
        _plain(element, "unitpenalty", "0.1000000")
        # Units optional (0) when there is one: a number alone is graded as here.
        _plain(element, "showunits", "0" if question.units else "3")
        _plain(element, "unitsleft", "0")

    def shortanswer(self, element, question: BankQuestion) -> None:
        _plain(element, "usecase", "1" if question.case_sensitive else "0")
        for answer in question.answers:
            self.answer(element, answer, answer.text, "moodle_auto_format")

    def ordering(self, element, question: BankQuestion) -> None:
        for tag, value in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", "0"),
            ("gradingtype", question.grading),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            _plain(element, tag, value)
        self.combined_feedback(element)
        for position, answer in enumerate(question.answers, start=1):
            _text(
                element,
                "answer",
                self.html(answer.text, inline=True),
                fraction=str(position),
                format="html",
            )

    def essay(self, element, question: BankQuestion) -> None:
        for tag, value in (
            ("responseformat", "editor"),
            ("responserequired", "1"),
            ("responsefieldlines", "10"),
            ("attachments", "0"),
            ("attachmentsrequired", "0"),
        ):
            _plain(element, tag, value)
        _text(element, "graderinfo", "", format="html")
        _text(element, "responsetemplate", "", format="html")


def write_moodle_xml(prepared: Prepared, language: str) -> str:
    quiz = etree.Element("quiz")
    quiz.append(etree.Comment(" " + meta_text({"quiz": prepared.settings}) + " "))
    category = etree.SubElement(quiz, "question", type="category")
    _text(category, "category", prepared.category)
    _text(category, "info", "", format="html")
    _plain(category, "idnumber", "")
    writer = _Writer(language)
    for question in prepared.questions:
        writer.question(quiz, question)
    body = etree.tostring(quiz, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body
