"""Paper quizzes: numbered variants of a quiz, each laid out as an online attempt with its
own seed, with its code and a QR code carrying it, the questions and the answer grid; and a
separate answer key per variant for the trainer."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from courseware.content.quiz import Quiz
from courseware.paper.document import ACCENT, FAMILY, INK, MUTED, PaperPDF
from courseware.paper.editions import Edition
from courseware.paper.grid import check_printable
from courseware.paper.qr import draw_qr
from courseware.paper.questions import (
    draw_answer,
    draw_grid_row,
    draw_questions,
)
from courseware.paper.variants import (
    NumberedQuestion,
    VariantCode,
    variant_code,
    variant_questions,
)

QR_SIZE = 26.0


@dataclass(frozen=True)
class PaperVariant:
    code: VariantCode
    questions: list[NumberedQuestion]


def paper_variants(quiz: Quiz, numbers: list[int]) -> list[PaperVariant]:
    """The variants with these numbers; Unprintable if a question has no paper form."""
    check_printable(quiz)
    return [PaperVariant(variant_code(quiz, n), variant_questions(quiz, n)) for n in numbers]


def _document(quiz: Quiz, ed: Edition, what: str) -> PaperPDF:
    title = ed.text(quiz.title)
    return PaperPDF(ed.t, f"{title} · {what}", f"{title} · {what}")


def _head(pdf: PaperPDF, ed: Edition, quiz: Quiz, variant: PaperVariant, heading: str) -> None:
    """Title, variant code and its QR code, at the top of a new page."""
    pdf.add_page()
    top = pdf.get_y()
    draw_qr(pdf, str(variant.code), pdf.w - pdf.r_margin - QR_SIZE, top - 4, QR_SIZE)
    pdf.set_right_margin(pdf.r_margin + QR_SIZE + 4)
    pdf.set_text_color(*MUTED)
    pdf.plain(heading, 9, "B", gap=0.5)
    pdf.set_text_color(*INK)
    pdf.heading(ed.text(quiz.title), 15, gap=1)
    pdf.set_font(FAMILY, "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.cell(
        0, 7, ed.t("paper.variant_code", code=str(variant.code)), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(*INK)
    pdf.set_right_margin(pdf.l_margin)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE - 2) + 2)


def _name_line(pdf: PaperPDF, ed: Edition) -> None:
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(0, 8, ed.t("paper.name_line"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.rule(3)


def build_paper_quiz(quiz: Quiz, ed: Edition, numbers: list[int]) -> bytes:
    """One PDF with every variant: its questions, then its answer grid on a page of its own
    (the page the trainer types the results from)."""
    variants = paper_variants(quiz, numbers)
    pdf = _document(quiz, ed, ed.t("paper.variants_title"))
    for variant in variants:
        _head(pdf, ed, quiz, variant, ed.t("paper.questions_heading"))
        _name_line(pdf, ed)
        pass_mark = ed.t("paper.pass_mark", share=f"{float(quiz.pass_mark):.0%}")
        pdf.muted(ed.t("paper.instructions") + (f" {pass_mark}" if quiz.graded else ""))
        pdf.ln(2)
        draw_questions(pdf, ed, variant.questions)
        _grid_page(pdf, ed, quiz, variant)
    return pdf.pdf_bytes()


def _grid_page(pdf: PaperPDF, ed: Edition, quiz: Quiz, variant: PaperVariant, key=False):
    _head(
        pdf,
        ed,
        quiz,
        variant,
        ed.t("paper.key_heading") if key else ed.t("paper.grid_heading"),
    )
    if not key:
        _name_line(pdf, ed)
        pdf.muted(ed.t("paper.grid_instructions"))
    pdf.ln(2)
    for question in variant.questions:
        answer = question.leaf.correct_answer() if key else None
        draw_grid_row(pdf, ed, question, answer)


def build_answer_keys(quiz: Quiz, ed: Edition, numbers: list[int]) -> bytes:
    """One PDF with a separate key per variant (each starts on a new page): the grid filled in
    with the right answers, then each answer with its explanation and the points."""
    variants = paper_variants(quiz, numbers)
    pdf = _document(quiz, ed, ed.t("paper.keys_title"))
    for variant in variants:
        _grid_page(pdf, ed, quiz, variant, key=True)
        maximum = sum(question.leaf.max_points for question in variant.questions)
        pdf.ln(2)
        pdf.plain(
            ed.t(
                "paper.key_total",
                points=ed.t.number(maximum),
                needed=ed.t.number(maximum * Fraction(quiz.pass_mark)),
            ),
            9.5,
            "B",
        )
        pdf.rule(2)
        for question in variant.questions:
            draw_answer(pdf, ed, question)
    return pdf.pdf_bytes()
