"""The course certificate as a PDF, with an embedded font that covers Serbian in both scripts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from courseware.i18n import Translator

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"


@dataclass(frozen=True)
class CertificateContent:
    learner_name: str
    course_title: str
    module_titles: list[str]
    completed_on: date
    serial: str
    verification_code: str
    verify_url: str


def render_certificate(content: CertificateContent, t: Translator) -> bytes:
    """A one-page A4 landscape PDF; texts in the learner's language and script."""
    # Imported here, not with the module: fpdf takes a third of a second to import, and the
    # account page that imports this module rarely makes a certificate.
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(t("certificate.heading"))
    pdf.set_author(content.course_title)
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(30, 70, 120)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)

    def line(text: str, size: float, style: str = "", gap: float = 4) -> None:
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(28)
    line(t("certificate.heading"), 28, "B", 8)
    line(t("certificate.awarded_to"), 13)
    line(t.script_of(content.learner_name), 24, "B", 6)
    line(t("certificate.completed_course"), 13)
    line(content.course_title, 17, "B", 8)
    line(t("certificate.modules"), 11, "B", 1)
    line(" · ".join(content.module_titles), 10, "", 8)
    line(t("certificate.completed_on", date=t.date(content.completed_on)), 12, "", 10)
    pdf.set_y(pdf.h - 40)
    line(t("certificate.serial", serial=content.serial), 9, "", 1)
    line(t("certificate.verify", url=content.verify_url, code=content.verification_code), 9)
    return bytes(pdf.output())
