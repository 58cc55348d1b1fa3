"""GIFT as Moodle's GIFT format reads it (docs.moodle.org/en/GIFT_format): one question per
block, blocks apart by a blank line, the special characters ~ = # { } : and \\ escaped, new
lines as \\n. Texts are [markdown] in one language, or [html] with multi-language spans."""

from __future__ import annotations

import re
from typing import Any

from courseware.interop import bank
from courseware.interop.bank import BankQuestion, decimal_text, meta_text, percent
from courseware.interop.exporting import Prepared, branching_html, general_feedback_html
from courseware.interop.markup import text_html, text_markdown, text_plain

# Moodle's weight at the start of an answer (%50%, %-100%, %33.33333%), as its importer reads it.
WEIGHT = re.compile(r"%-*[0-9]{1,2}\.?[0-9]*%")
_SPECIAL = str.maketrans({c: "\\" + c for c in "~=#{}:"} | {"\n": "\\n", "\r": ""})


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").translate(_SPECIAL)


def _bracketed(text: str) -> str:
    return text.replace("]", "\\]")


class _Writer:
    def __init__(self, language: str):
        self.language = language
        self.format = "html" if language == "all" else "markdown"

    def text(self, text: Any, inline: bool = False) -> str:
        if text is None:
            return ""
        if self.format == "html":
            written = text_html(text, self.language, inline)
        else:
            written = text_markdown(text, self.language)
        written = escape(written)
        # A part that starts with "[" would read as a format name: say the format first.
        return f"[{self.format}]{written}" if written.startswith("[") else written

    def answer(self, mark: str, text: str, feedback: Any) -> str:
        line = f"\t{mark}{text}"
        return line + (f"#{self.text(feedback)}" if feedback is not None else "")

    def question(self, question: BankQuestion) -> str:
        plain_description = question.qtype == bank.DESCRIPTION and question.branching is None
        if plain_description and (question.general_feedback or question.reference):
            # GIFT gives a description no general feedback: only this app reads these back.
            question.meta["explanation"] = question.general_feedback
            question.meta["reference"] = question.reference
        lines = ["// " + meta_text(question.meta)]
        marks = [f"[id:{_bracketed(question.idnumber)}]"] if question.idnumber else []
        marks += [f"[tag:{_bracketed(tag)}]" for tag in question.tags]
        if marks:
            lines.append("// " + " ".join(marks))
        head = f"::{escape(question.name)}::[{self.format}]"
        if question.branching is not None:
            body = branching_html(question, self.language)
            return "\n".join([*lines, f"::{escape(question.name)}::[html]{escape(body)}"])
        if question.qtype == bank.DESCRIPTION:
            body = (
                f'<div class="scenario-prompt">{text_html(question.text, self.language)}</div>'
                f'<div class="scenario-case">{text_html(question.case, self.language)}</div>'
            )
            return "\n".join([*lines, f"::{escape(question.name)}::[html]{escape(body)}"])
        text = self.text(question.text).removeprefix(f"[{self.format}]")
        if question.qtype == bank.NUMERICAL and question.units:
            text += escape(f" ({question.units[0][0]})")
        answers = getattr(self, question.qtype)(question)
        feedback = general_feedback_html(question, self.language)
        if feedback:
            answers.append(f"\t####[html]{escape(feedback)}")
        return "\n".join([*lines, head + text + "{", *answers, "}"])

    def multichoice(self, question: BankQuestion) -> list[str]:
        lines = []
        for answer in question.answers:
            if question.single and answer.fraction == 1:
                mark = "="
            elif answer.fraction == 0:
                mark = "~"
            else:
                mark = f"~%{percent(answer.fraction)}%"
            text = self.text(answer.text, inline=True)
            if mark == "~" and WEIGHT.match(text):
                # A text that starts like a weight ("%25% of them") would be read as one.
                mark = "~%0%"
            lines.append(self.answer(mark, text, answer.feedback))
        return lines

    def truefalse(self, question: BankQuestion) -> list[str]:
        right, wrong = question.feedback_true, question.feedback_false
        if not question.true_answer:
            right, wrong = wrong, right
        mark = "TRUE" if question.true_answer else "FALSE"
        if right is not None or wrong is not None:
            mark += f"#{self.text(wrong)}#{self.text(right)}"
        return [f"\t{mark}"]

    def match(self, question: BankQuestion) -> list[str]:
        lines = []
        for left, right in question.subquestions:
            # Moodle splits a pair at its first "->": keep it out of the left-hand text.
            written = self.text(left, inline=True).replace("->", "-&gt;") if left else ""
            lines.append(f"\t={written} -> {escape(text_plain(right, self.language))}")
        return lines

    def numerical(self, question: BankQuestion) -> list[str]:
        lines = []
        for answer in question.answers:
            if answer.value is None:
                given = f"{decimal_text(answer.low)}..{decimal_text(answer.high)}"
            else:
                given = f"{decimal_text(answer.value)}:{decimal_text(answer.tolerance or 0)}"
            lines.append(self.answer(f"=%{percent(answer.fraction)}%", given, answer.feedback))
        return ["\t#", *lines]

    def shortanswer(self, question: BankQuestion) -> list[str]:
        return [
            self.answer(f"=%{percent(a.fraction)}%", escape(a.text), a.feedback)
            for a in question.answers
        ]

    def ordering(self, question: BankQuestion) -> list[str]:
        # The Ordering question type's own GIFT form: options, then one item per line.
        count = len(question.answers)
        lines = [f">{count} ALL VERTICAL {question.grading} SHOW none"]
        return lines + [
            escape(text_plain(a.text, self.language)).replace("\\n", " ") for a in question.answers
        ]

    def essay(self, question: BankQuestion) -> list[str]:
        return []


def write_gift(prepared: Prepared, language: str) -> str:
    writer = _Writer(language)
    blocks = ["// " + meta_text({"quiz": prepared.settings}) + f"\n$CATEGORY: {prepared.category}"]
    for question in prepared.questions:
        if question.qtype == bank.MULTICHOICESET:
            question.qtype = bank.MULTICHOICE
        blocks.append(writer.question(question))
    return "\n\n".join(blocks) + "\n"
