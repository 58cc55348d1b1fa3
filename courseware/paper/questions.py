"""Questions on paper: the question as printed (options lettered in the layout's order), the
answer grid the learner marks, and the same grid filled in with the right answers (a key)."""

from __future__ import annotations

from typing import Any

from courseware.content.fields import localize
from courseware.content.questions import Scenario
from courseware.content.questions.branching import Branching
from courseware.content.questions.matching import Matching
from courseware.content.questions.multiple_choice import MultipleChoice
from courseware.content.questions.numeric import Numeric
from courseware.content.questions.ordering import Ordering
from courseware.content.questions.true_false import TrueFalse
from courseware.paper.booklet_pages import draw_booklet, draw_case_cells, key_rows
from courseware.paper.document import (
    ACCENT,
    FAMILY,
    FILL,
    INK,
    MARK_WIDTH,
    MUTED,
    PaperPDF,
    Row,
)
from courseware.paper.editions import Edition
from courseware.paper.grid import grid_text, letters
from courseware.paper.variants import NumberedQuestion

BOX = 6.5
ROW = 10.0


def _items(ed: Edition, question: NumberedQuestion) -> list[tuple[str, str]]:
    """(letter, text) of what is printed under the prompt: the options or items, lettered in
    the layout's order (for matching, the right-hand items)."""
    leaf = question.leaf
    if isinstance(leaf, Matching):
        texts = {pair.id: pair.right for pair in leaf.pairs}
        texts |= {distractor.id: distractor.text for distractor in leaf.distractors}
    elif isinstance(leaf, Ordering):
        texts = {item.id: item.text for item in leaf.items}
    else:
        texts = {option.id: option.text for option in getattr(leaf, "options", [])}
    order = question.order
    return [(mark, ed.text(texts[i])) for mark, i in zip(letters(len(order)), order, strict=True)]


def instruction(ed: Edition, question: NumberedQuestion) -> str:
    leaf = question.leaf
    t = ed.t
    if isinstance(leaf, TrueFalse):
        return t("paper.mark_true_false", true=t("paper.true_mark"), false=t("paper.false_mark"))
    if isinstance(leaf, Numeric):
        return t("paper.write_number") + (f" ({leaf.unit})" if leaf.unit else "")
    if isinstance(leaf, Matching):
        return t("paper.write_matches")
    if isinstance(leaf, Ordering):
        return t("paper.write_order")
    if isinstance(leaf, MultipleChoice):
        return t("paper.mark_all")
    if isinstance(leaf, Branching):
        return t("paper.follow_case")
    return t("paper.mark_one")


def draw_case(pdf: PaperPDF, ed: Edition, scenario: Scenario) -> None:
    pdf.space_for(20)
    pdf.set_font(FAMILY, "B", 9.5)
    pdf.set_fill_color(*FILL)
    pdf.multi_cell(0, 5, ed.text(scenario.prompt), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 9.5)
    pdf.multi_cell(0, 4.8, ed.text(scenario.case), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def draw_question(pdf: PaperPDF, ed: Edition, question: NumberedQuestion) -> None:
    """The question as the learner reads it (the marks go on the grid)."""
    leaf = question.leaf
    points = ed.t("paper.points", points=ed.t.number(leaf.max_points))
    rows = [
        Row(f"{question.number}. {ed.text(leaf.prompt)}", 10, "B"),
        Row(f"{instruction(ed, question)} · {points}", 8.5, "I", 4.4, colour=MUTED, gap=0.8),
    ]
    if isinstance(leaf, Matching):
        rows += [
            Row(ed.text(pair.left), 9.5, "", 4.8, 4, mark=f"{number}.")
            for number, pair in enumerate(leaf.pairs, 1)
        ]
        rows.append(Row("", 4, line=1.5))
    if isinstance(leaf, Branching):
        pdf.rows(rows)
        pdf.ln(2)
        draw_booklet(pdf, ed, question)
        return
    rows += [Row(text, 9.5, "", 4.8, 4, mark=mark) for mark, text in _items(ed, question)]
    pdf.rows(rows)
    pdf.ln(3.5)


def draw_questions(pdf: PaperPDF, ed: Edition, questions: list[NumberedQuestion]) -> None:
    """The questions in order, each scenario's case before its first sub-question."""
    shown_cases: set[str] = set()
    for question in questions:
        parent = question.parent
        if isinstance(parent, Scenario) and parent.id not in shown_cases:
            shown_cases.add(parent.id)
            draw_case(pdf, ed, parent)
        draw_question(pdf, ed, question)


# The answer grid ------------------------------------------------------------------------------


def _box(pdf: PaperPDF, x: float, y: float, letter: str, *, filled: bool) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.set_fill_color(*(ACCENT if filled else (255, 255, 255)))
    pdf.rect(x, y, BOX, BOX, style="DF")
    pdf.set_text_color(*((255, 255, 255) if filled else (150, 150, 150)))
    pdf.set_font(FAMILY, "B" if filled else "", 8)
    pdf.set_xy(x, y)
    pdf.cell(BOX, BOX, letter, align="C")
    pdf.set_text_color(*INK)


def _write_in(pdf: PaperPDF, x: float, y: float, width: float, text: str) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.rect(x, y, width, BOX)
    if text:
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_text_color(*ACCENT)
        pdf.set_xy(x + 1, y)
        pdf.cell(width - 2, BOX, text)
        pdf.set_text_color(*INK)


def _slot_labels(question: NumberedQuestion) -> list[str]:
    """What each write-in slot of a matching or ordering row is for: the left-hand item's
    number, or the position in the order."""
    leaf = question.leaf
    count = len(leaf.pairs) if isinstance(leaf, Matching) else len(question.order)
    return [str(n) for n in range(1, count + 1)]


def draw_grid_row(
    pdf: PaperPDF, ed: Edition, question: NumberedQuestion, answer: Any | None = None
) -> None:
    """One row of the grid; with `answer` (a key) the right marks are filled in."""
    t = ed.t
    leaf = question.leaf
    pdf.space_for(ROW)
    y = pdf.get_y()
    x = pdf.l_margin
    pdf.set_font(FAMILY, "B", 10)
    pdf.set_xy(x, y)
    pdf.cell(12, BOX, f"{question.number}.")
    x += 12
    written = grid_text(question, answer, t) if answer is not None else ""
    if isinstance(leaf, TrueFalse):
        for mark, value in ((t("paper.true_mark"), True), (t("paper.false_mark"), False)):
            _box(pdf, x, y, mark, filled=answer is not None and answer == value)
            x += BOX + 3
    elif isinstance(leaf, Branching):
        x = draw_case_cells(pdf, ed, question, answer, (x, y), BOX)
    elif isinstance(leaf, Numeric):
        _write_in(pdf, x, y, 45, written)
        if leaf.unit:
            pdf.set_font(FAMILY, "", 9)
            pdf.set_xy(x + 47, y)
            pdf.cell(30, BOX, leaf.unit)
    elif isinstance(leaf, Matching | Ordering):
        slots = written.split() if written else []
        for index, label in enumerate(_slot_labels(question)):
            pdf.set_font(FAMILY, "", 8)
            pdf.set_text_color(*MUTED)
            pdf.set_xy(x, y)
            pdf.cell(5, BOX, label, align="R")
            pdf.set_text_color(*INK)
            _write_in(pdf, x + 5.5, y, BOX + 1, slots[index] if index < len(slots) else "")
            x += BOX + 9
    else:
        chosen = set(written)
        for letter in letters(len(question.order)):
            _box(pdf, x, y, letter, filled=letter in chosen)
            x += BOX + 3
    pdf.set_font(FAMILY, "I", 7.5)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(max(x + 2, pdf.w - pdf.r_margin - 48), y)
    pdf.cell(48, BOX, _row_hint(ed, question), align="R")
    pdf.set_text_color(*INK)
    pdf.set_y(y + ROW)


def _row_hint(ed: Edition, question: NumberedQuestion) -> str:
    leaf = question.leaf
    if isinstance(leaf, Matching):
        return ed.t("paper.hint_matching")
    if isinstance(leaf, Ordering):
        return ed.t("paper.hint_ordering")
    if isinstance(leaf, MultipleChoice):
        return ed.t("paper.hint_all")
    if isinstance(leaf, Branching):
        return ed.t("paper.hint_case")
    return ""


def explanation_lines(ed: Edition, question: NumberedQuestion) -> list[str]:
    leaf = question.leaf
    lines = []
    if leaf.explanation:
        lines.append(ed.text(leaf.explanation))
    if leaf.reference:
        lines.append(ed.t("paper.reference", reference=leaf.reference))
    return lines


def draw_answer(pdf: PaperPDF, ed: Edition, question: NumberedQuestion) -> None:
    """The right answer written as on the grid, with the explanation (practice answers,
    keys)."""
    key = grid_text(question, question.leaf.correct_answer(), ed.t)
    rows = [Row(f"{key}   {short_prompt(ed, question)}", 9.5, "B", 4.8, mark=f"{question.number}.")]
    rows += [
        Row(line, 8.5, "", 4.2, MARK_WIDTH, colour=MUTED)
        for line in explanation_lines(ed, question)
    ]
    if isinstance(question.leaf, Branching):
        rows += key_rows(ed, question)
    pdf.rows(rows)
    pdf.ln(2)


def short_prompt(ed: Edition, question: NumberedQuestion, limit: int = 90) -> str:
    text = " ".join(localize(question.leaf.prompt, ed.language).split())
    text = ed.t.script_of(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
