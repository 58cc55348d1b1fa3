"""The field pack of a module: one PDF to print or carry on a phone, for places without a
connection. Cover (objectives, estimated time), contents with page numbers, every lesson (with
a QR code that opens it in the app), the "Need help now?" contacts, and each lesson's knowledge
check as a practice sheet with the answers and explanations at the end."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fpdf.outline import OutlineSection

from courseware.content.catalog import Catalog
from courseware.content.course import Lesson, Module, lesson_path
from courseware.content.lesson import mermaid_labels, split_lesson
from courseware.paper.diagram import diagram_height, draw_diagram
from courseware.paper.document import ACCENT, FAMILY, INK, MUTED, PaperPDF, Row
from courseware.paper.editions import Edition
from courseware.paper.grid import check_printable
from courseware.paper.markdown import MarkdownWriter
from courseware.paper.qr import draw_qr, lesson_url
from courseware.paper.questions import draw_answer, draw_questions
from courseware.paper.variants import practice_questions

QR_SIZE = 24.0


@dataclass(frozen=True)
class PackRequest:
    catalog: Catalog
    module_id: str
    edition: Edition
    # Where the app is served, for the QR codes: COURSEWARE_PUBLIC_URL.
    public_url: str


def _lesson_file(catalog: Catalog, module: Module, lesson: Lesson, language: str):
    """The lesson's file in `language`, else in English; None if neither exists."""
    for candidate in (language, "en"):
        path = lesson_path(catalog.module_dir(module.id), lesson, candidate)
        if path.is_file():
            return path
    return None


def pack_version(catalog: Catalog, module_id: str, ed: Edition) -> str:
    """A short hash of everything the pack prints: module, lessons, checks and contacts. Two
    packs with the same version say the same."""
    module = catalog.modules[module_id]
    digest = hashlib.sha256(ed.code.encode())
    digest.update(module.model_dump_json().encode())
    for lesson in module.lessons:
        path = _lesson_file(catalog, module, lesson, ed.language)
        digest.update(path.read_bytes() if path else b"-")
        check = catalog.quizzes.get(lesson.check or "")
        digest.update((check.content_version() if check else "-").encode())
    if catalog.contacts is not None:
        digest.update(catalog.contacts.model_dump_json().encode())
    return digest.hexdigest()[:8]


def build_pack(request: PackRequest) -> bytes:
    catalog, ed = request.catalog, request.edition
    module = catalog.modules[request.module_id]
    t = ed.t
    version = pack_version(catalog, module.id, ed)
    title = ed.text(module.title)
    pdf = PaperPDF(t, title, t("pack.footer", module=title, version=version))
    _cover(pdf, catalog, module, ed, version)
    # Lessons, contacts, practice sheets and answers: about 30 lines fit on a page.
    entries = 2 * len(module.lessons) + 4
    pdf.add_page()
    pdf.insert_toc_placeholder(_contents(ed), pages=1 + entries // 32, reset_page_indices=False)
    for number, lesson in enumerate(module.lessons, 1):
        _lesson(pdf, request, module, lesson, number)
    _contacts(pdf, catalog, ed)
    checks = [
        (number, lesson, catalog.quizzes[lesson.check])
        for number, lesson in enumerate(module.lessons, 1)
        if lesson.check in catalog.quizzes and _printable(catalog.quizzes[lesson.check])
    ]
    if checks:
        _practice(pdf, ed, checks)
    return pdf.pdf_bytes()


def _printable(quiz) -> bool:
    try:
        check_printable(quiz)
    except ValueError:
        return False
    return True


def _cover(pdf: PaperPDF, catalog: Catalog, module: Module, ed: Edition, version: str) -> None:
    t = ed.t
    pdf.add_page()
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 12, style="F")
    pdf.set_y(34)
    if catalog.course is not None:
        pdf.set_text_color(*MUTED)
        pdf.plain(ed.text(catalog.course.title), 11, "B", gap=3)
        pdf.set_text_color(*INK)
    pdf.plain(t("pack.heading"), 10, "", gap=1)
    pdf.heading(ed.text(module.title), 24, gap=5)
    pdf.plain(ed.text(module.summary), 11, gap=6)
    pdf.heading(t("pack.objectives"), 13, gap=2)
    pdf.set_font(FAMILY, "", 10.5)
    for objective in module.objectives:
        pdf.cell(6, 5.5, "•")
        pdf.multi_cell(0, 5.5, ed.text(objective), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
    pdf.ln(4)
    hours, minutes = divmod(module.estimated_minutes, 60)
    pdf.plain(t("pack.estimated_time", time=_duration(t, hours, minutes)), 11, "B", gap=2)
    pdf.plain(t("pack.lessons_count", count=len(module.lessons)), 10, gap=6)
    if catalog.course is not None and catalog.course.content_note:
        MarkdownWriter(pdf).write(ed.text(catalog.course.content_note))
        pdf.ln(2)
    pdf.muted(t("pack.version_note", version=version))


def _duration(t, hours: int, minutes: int) -> str:
    if hours and minutes:
        return t("pack.hours_minutes", hours=hours, minutes=minutes)
    return t("pack.hours", hours=hours) if hours else t("pack.minutes", minutes=minutes)


def _contents(ed: Edition):
    def render(pdf: PaperPDF, sections: list[OutlineSection]) -> None:
        pdf.set_x(pdf.l_margin)
        pdf.heading(ed.t("pack.contents"), 16, gap=4)
        for section in sections:
            indent = 6.0 * section.level
            pdf.set_font(FAMILY, "B" if section.level == 0 else "", 10.5 - section.level)
            name = _fitted(pdf, section.name, pdf.width - indent - 20)
            x, y = pdf.l_margin + indent, pdf.get_y()
            pdf.set_xy(x, y)
            pdf.cell(pdf.get_string_width(name) + 1, 6.5, name)
            leader_start = pdf.get_x() + 1
            pdf.set_xy(pdf.w - pdf.r_margin - 12, y)
            pdf.cell(12, 6.5, str(section.page_number), align="R")
            pdf.set_draw_color(*MUTED)
            pdf.set_line_width(0.2)
            pdf.set_dash_pattern(dash=0.4, gap=1.2)
            pdf.line(leader_start, y + 4.8, pdf.w - pdf.r_margin - 13, y + 4.8)
            pdf.set_dash_pattern()
            pdf.set_xy(pdf.l_margin, y + 6.5)

    return render


def _fitted(pdf: PaperPDF, text: str, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _lesson(pdf: PaperPDF, request: PackRequest, module: Module, lesson: Lesson, number: int):
    catalog, ed = request.catalog, request.edition
    t = ed.t
    pdf.fresh_page()
    title = ed.text(lesson.title)
    pdf.start_section(t("pack.lesson_title", number=number, title=title))
    top = pdf.get_y()
    url = lesson_url(request.public_url, module.id, lesson.id)
    qr_x = pdf.w - pdf.r_margin - QR_SIZE
    draw_qr(pdf, url, qr_x, top - 3, QR_SIZE)
    pdf.set_font(FAMILY, "", 6.5)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(qr_x - 4, top - 3 + QR_SIZE)
    pdf.multi_cell(QR_SIZE + 8, 3, t("pack.open_in_app"), align="C")
    pdf.set_text_color(*INK)
    pdf.set_xy(pdf.l_margin, top)
    pdf.set_right_margin(pdf.r_margin + QR_SIZE + 4)
    pdf.set_text_color(*MUTED)
    pdf.plain(t("pack.lesson_number", number=number, total=len(module.lessons)), 9, "B", gap=0)
    pdf.heading(title, 17, gap=2)
    pdf.set_right_margin(pdf.l_margin)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE + 6))
    path = _lesson_file(catalog, module, lesson, ed.language)
    if path is None or (module.id, lesson.id) in catalog.broken_lessons:
        pdf.muted(t("content.unavailable"))
        return
    if not path.name.endswith(f".{ed.language}.md"):
        pdf.muted(t("content.shown_in_english"))
    writer = MarkdownWriter(pdf, catalog.module_dir(module.id), catalog.root, skip_title=True)
    segments = split_lesson(path.read_text(encoding="utf-8"))
    for index, segment in enumerate(segments):
        if segment.kind == "mermaid":
            draw_diagram(pdf, mermaid_labels(segment.body, t.script_of))
            continue
        following = segments[index + 1] if index + 1 < len(segments) else None
        then = diagram_height(pdf, following.body) if following else 0
        writer.write(t.script_of(segment.body), then=then)


def _contacts(pdf: PaperPDF, catalog: Catalog, ed: Edition) -> None:
    t = ed.t
    pdf.add_page()
    pdf.start_section(t("help.title"))
    pdf.heading(t("help.title"), 17, gap=2)
    pdf.muted(t("pack.contacts_note"))
    pdf.ln(2)
    if catalog.contacts is None:
        pdf.plain(t("help.unavailable"))
        return
    for contact in sorted(catalog.contacts.contacts, key=lambda c: not c.emergency):
        reach = "   ".join(value for value in (contact.phone, contact.email) if value)
        rows = [
            Row(ed.text(contact.name), 11, "B", 5.5),
            Row(reach, 12, "B", 6, colour=ACCENT),
            Row(contact.website or "", 8.5, "", 4.2),
            Row(ed.text(contact.description), 9.5, "", 4.8),
            Row(t("pack.last_confirmed", date=contact.last_confirmed), 8.5, "I", 4.4, colour=MUTED),
        ]
        pdf.rows([row for row in rows if row.text])
        pdf.ln(4)


def _practice(pdf: PaperPDF, ed: Edition, checks) -> None:
    t = ed.t
    sheets = [(n, lesson, quiz, practice_questions(quiz)) for n, lesson, quiz in checks]
    pdf.add_page()
    pdf.start_section(t("pack.practice"))
    pdf.heading(t("pack.practice"), 17, gap=2)
    pdf.muted(t("pack.practice_note"))
    pdf.ln(3)
    for number, lesson, quiz, questions in sheets:
        pdf.space_for(40)
        pdf.start_section(
            t("pack.lesson_title", number=number, title=ed.text(lesson.title)), level=1
        )
        pdf.heading(f"{t('pack.lesson_number_short', number=number)} · {ed.text(quiz.title)}", 12.5)
        draw_questions(pdf, ed, questions)
        pdf.ln(3)
    pdf.add_page()
    pdf.start_section(t("pack.answers"))
    pdf.heading(t("pack.answers"), 17, gap=3)
    for number, _, quiz, questions in sheets:
        pdf.space_for(30)
        pdf.heading(f"{t('pack.lesson_number_short', number=number)} · {ed.text(quiz.title)}", 11.5)
        for question in questions:
            draw_answer(pdf, ed, question)
        pdf.ln(2)
