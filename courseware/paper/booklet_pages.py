"""Drawing a branching case on paper: the learner's "turn to step N" booklet, its row of the
answer grid, and the trainer's key (the recommended path and what every ending earns).

The learner's booklet prints no feedback and no ending's outcome: a final shows them only in
its review, and online a learner who reaches an ending is told only that the case is over."""

from __future__ import annotations

from fractions import Fraction

from courseware.paper.booklet import Booklet
from courseware.paper.document import (
    ACCENT,
    FAMILY,
    INK,
    MARK_WIDTH,
    MUTED,
    PaperPDF,
    Row,
)
from courseware.paper.editions import Edition
from courseware.paper.variants import NumberedQuestion

LETTERS_BOX = 62.0
ENDING_BOX = 14.0
# An ending's outcome in the key is cut to this many characters (the trainer has the file).
OUTCOME_LENGTH = 110


def draw_booklet(pdf: PaperPDF, ed: Edition, question: NumberedQuestion) -> None:
    """Every step in its number's order: its text and its lettered choices, each with the
    step it leads to; an ending says so and what to write in the grid."""
    t, booklet = ed.t, Booklet.of(question)
    for step in booklet.steps():
        number = booklet.number(step)
        rows = [Row(t("paper.case_step", number=number), 10, "B", 5.2, colour=ACCENT, gap=0.6)]
        if step.is_ending:
            rows.append(Row(t("paper.case_ending", number=number), 9.5, "I", 4.8, 4))
        else:
            rows.append(Row(ed.text(step.text), 9.5, "", 4.8, 4, gap=0.8))
            rows += [
                Row(
                    f"{ed.text(choice.text)}  "
                    + _unbroken(t("paper.turn_to", number=booklet.numbers[choice.next])),
                    9.5,
                    "",
                    4.8,
                    4,
                    mark=letter,
                )
                for letter, choice in booklet.choices(step)
            ]
        pdf.rows(rows)
        pdf.ln(2.5)
    pdf.ln(1)


def _unbroken(text: str) -> str:
    """Kept on one line: a reader looks for "→ turn to step 7" at the end of a choice."""
    return text.replace(" ", "\u00a0")


def draw_case_cells(
    pdf: PaperPDF,
    ed: Edition,
    question: NumberedQuestion,
    answer: list[str] | None,
    at: tuple[float, float],
    box: float,
) -> float:
    """The case's grid cells at `at`: an open box for the letters, one for the ending's step,
    filled in with `answer` (a key); returns where the row goes on."""
    x, y = at
    letters, ending = Booklet.of(question).written(answer)
    for width, text, label in (
        (LETTERS_BOX, " ".join(letters), ""),
        (ENDING_BOX, ending, ed.t("paper.ending_box")),
    ):
        if label:
            pdf.set_font(FAMILY, "", 8)
            pdf.set_text_color(*MUTED)
            pdf.set_xy(x, y)
            pdf.cell(12, box, label, align="R")
            x += 13
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.3)
        pdf.rect(x, y, width, box)
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_text_color(*ACCENT)
        pdf.set_xy(x + 1, y)
        pdf.cell(width - 2, box, text)
        x += width + 3
    pdf.set_text_color(*INK)
    return x


def key_rows(ed: Edition, question: NumberedQuestion) -> list[Row]:
    """For the trainer: the recommended path through this variant's booklet (step, letter,
    step...) and every ending with its credit and points, the best first."""
    t, booklet, case = ed.t, Booklet.of(question), question.leaf
    path = case.recommended_path()
    turns = [f"{booklet.number(step)} {letter}" for step, letter, _ in booklet.walk(path)]
    turns.append(str(booklet.number(booklet.reached(path))))
    rows = [Row(t("paper.case_recommended", path=" → ".join(turns)), 8.5, "", 4.2, MARK_WIDTH)]
    endings = sorted(case.endings(), key=lambda step: (-step.credit, booklet.number(step)))
    for step in endings:
        outcome = " ".join(ed.text(step.text).split())
        if len(outcome) > OUTCOME_LENGTH:
            outcome = outcome[: OUTCOME_LENGTH - 1].rstrip() + "…"
        credit = t(
            "paper.case_ending_credit",
            number=booklet.number(step),
            credit=f"{float(step.credit):.0%}",
            points=t.number(case.max_points * Fraction(step.credit)),
        )
        rows.append(Row(f"{credit}: {outcome}", 8.5, "", 4.2, MARK_WIDTH + 4, colour=MUTED))
    return rows
