"""What both exporters share: a loaded quiz as Moodle questions with every warning on the
line of its question, the quiz's own settings (which Moodle has no place for), the category,
and the general feedback with the source."""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from courseware.content.problems import Problem
from courseware.content.quiz import Loaded
from courseware.i18n import Translator
from courseware.interop.bank import BankQuestion
from courseware.interop.mapping import GIFT, to_bank
from courseware.interop.markup import (
    in_language,
    markdown_to_html,
    plain_to_markdown,
    text_html,
)

LANGUAGE_CHOICES = ("en", "sr", "sr-Cyrl", "all")
QUIZ_SETTINGS = (
    "title",
    "description",
    "pass_mark",
    "max_attempts",
    "shuffle_questions",
    "shuffle_options",
    "draw",
    "always_drawn",
    "time_limit_minutes",
)


@dataclass
class Prepared:
    questions: list[BankQuestion]
    warnings: list[Problem]
    category: str
    settings: dict[str, Any]


def category_path(*names: str) -> str:
    # Moodle writes a "/" inside a category name as "//".
    return "$course$/top/" + "/".join(name.replace("/", "//") for name in names)


def prepare(
    loaded: Loaded, file: str, fmt: str, module_title: Any = None, language: str = "en"
) -> Prepared:
    quiz = loaded.value
    warnings: list[Problem] = []
    questions: list[BankQuestion] = []
    for index, question in enumerate(quiz.questions):
        line = loaded.document.line_of(("questions", index))

        def warn(message: str, question=question, line=line) -> None:
            warnings.append(Problem(file, line, "warning", f"question '{question.id}': {message}"))

        for made in to_bank(question, fmt, quiz.shuffle_options, warn):
            made.line = line
            if not quiz.graded and made.default_grade:
                # Nothing in a survey earns points: in Moodle, no question of it may either.
                made.default_grade = Decimal(0)
                if fmt == GIFT:
                    warn(
                        "GIFT has no points: Moodle grades this survey question out of 1 "
                        "(set its mark to 0 in the Moodle quiz)"
                    )
            questions.append(made)
    names_in = "en" if language == "all" else language
    names = [in_language(quiz.title, names_in)]
    if module_title is not None:
        names.insert(0, in_language(module_title, names_in))
    settings = quiz.model_dump(mode="json", include=set(QUIZ_SETTINGS), exclude_none=True)
    return Prepared(questions, warnings, category_path(*names), settings)


def general_feedback_html(question: BankQuestion, language: str) -> str:
    """The explanation, then the source in a paragraph the importer recognises."""
    html = text_html(question.general_feedback, language) if question.general_feedback else ""
    if question.reference:
        label = {code: Translator(code)("review.source") for code in ("en", "sr")}
        cite = markdown_to_html(plain_to_markdown(question.reference), inline=True)
        label_html = text_html(label, language, inline=True)
        html += f'<p class="reference">{label_html}: <cite>{cite}</cite></p>'
    return html


def _label(key: str, language: str, **values: object) -> str:
    labels = {code: Translator(code)(key, **values) for code in ("en", "sr")}
    return text_html(labels, language, inline=True)


def branching_html(question: BankQuestion, language: str) -> str:
    """A branching case as Moodle shows a description: the prompt, then each step with its
    choices as "choice → next step" lines, and each ending with its outcome and credit."""
    case = question.branching
    parts = [f'<div class="branching-prompt">{text_html(question.text, language)}</div>']
    for step in case.steps:
        name = f"<p><strong>{html_lib.escape(step.id)}</strong></p>"
        text = text_html(step.text, language)
        if step.is_ending:
            credit = _label("branching.credit", language, credit=f"{step.credit:%}")
            outcome = _label("branching.outcome", language)
            parts.append(
                f'<div class="branching-ending">{name}<p>{outcome}</p>{text}<p>{credit}</p></div>'
            )
            continue
        lines = "".join(
            f"<li>{text_html(choice.text, language, inline=True)} → "
            f"{html_lib.escape(choice.next)}</li>"
            for choice in step.choices
        )
        parts.append(f'<div class="branching-step">{name}{text}<ul>{lines}</ul></div>')
    return "".join(parts[:1]) + '<div class="branching-case">' + "".join(parts[1:]) + "</div>"
