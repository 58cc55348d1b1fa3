"""What every printed document shares: A4 pages, the embedded DejaVu fonts (Serbian Latin and
Cyrillic), a footer with the page number and what the document is, and its language."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from courseware.certificates import FONTS
from courseware.i18n import Translator

FAMILY = "DejaVu"
MARGIN = 18
# Colours (RGB): headings, rules and boxes, faint fills.
INK = (25, 25, 25)
ACCENT = (30, 70, 120)
MUTED = (95, 95, 95)
FILL = (236, 241, 247)


MARK_WIDTH = 7.0


@dataclass(frozen=True)
class Row:
    """A paragraph for `PaperPDF.rows`: its text and how it is set. `mark` is a letter or
    number printed before it in the margin of the indent."""

    text: str
    size: float = 10
    style: str = ""
    line: float = 5
    indent: float = 0
    colour: tuple[int, int, int] = INK
    mark: str = ""
    gap: float = 0


class PaperPDF(FPDF):
    """An A4 document with the fonts embedded and a footer: `footer_text` on the left, the
    page number on the right."""

    def __init__(self, t: Translator, title: str, footer_text: str):
        super().__init__(format="A4")
        self.t = t
        self.footer_text = footer_text
        self.set_title(title)
        self.set_creator("courseware")
        self.set_lang("sr" if t.language == "sr" else "en")
        for style, file in (
            ("", "DejaVuSans.ttf"),
            ("B", "DejaVuSans-Bold.ttf"),
            ("I", "DejaVuSans-Oblique.ttf"),
            ("BI", "DejaVuSans-BoldOblique.ttf"),
        ):
            self.add_font(FAMILY, style, FONTS / file)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 4)
        self.set_text_color(*INK)
        self.set_font(FAMILY, "", 10)

    def multi_cell(self, *args, align="L", **kwargs):
        """Left-aligned unless told otherwise (fpdf2 justifies by default, which stretches
        short lines such as headings)."""
        return super().multi_cell(*args, align=align, **kwargs)

    @property
    def width(self) -> float:
        """The width between the margins."""
        return self.w - self.l_margin - self.r_margin

    def footer(self) -> None:
        self.set_y(-MARGIN + 2)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.width * 0.75, 5, self.footer_text)
        self.cell(
            self.width * 0.25,
            5,
            self.t("paper.page", page=self.page_no(), pages="{nb}"),
            align="R",
        )
        self.set_text_color(*INK)

    def fresh_page(self) -> None:
        """Start a new page, unless this one is still empty."""
        if self.page == 0 or self.get_y() > self.t_margin + 0.5:
            self.add_page()

    def space_for(self, height: float) -> None:
        """Start a new page unless `height` millimetres still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def rows(self, rows: list[Row]) -> None:
        """Paragraphs kept together on one page. Cheaper than fpdf2's `unbreakable`, which
        copies the whole document."""
        height = 0.0
        for row in rows:
            self.set_font(FAMILY, row.style, row.size)
            width = self.width - row.indent - (MARK_WIDTH if row.mark else 0)
            height += row.gap + self.multi_cell(
                width, row.line, row.text, dry_run=True, output="HEIGHT"
            )
        self.space_for(height)
        for row in rows:
            self.set_x(self.l_margin + row.indent)
            if row.mark:
                self.set_font(FAMILY, "B", row.size)
                self.set_text_color(*ACCENT)
                self.cell(MARK_WIDTH, row.line, row.mark)
            self.set_font(FAMILY, row.style, row.size)
            self.set_text_color(*row.colour)
            width = self.width - row.indent - (MARK_WIDTH if row.mark else 0)
            self.multi_cell(width, row.line, row.text, new_x="LMARGIN", new_y="NEXT")
            self.ln(row.gap)
        self.set_text_color(*INK)

    def heading(self, text: str, size: float, *, gap: float = 2, colour=ACCENT) -> None:
        self.space_for(size * 1.6)
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(gap)

    def plain(self, text: str, size: float = 10, style: str = "", *, gap: float = 1.5) -> None:
        self.set_font(FAMILY, style, size)
        self.multi_cell(0, size * 0.48, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def muted(self, text: str, size: float = 8.5) -> None:
        self.set_text_color(*MUTED)
        self.plain(text, size, "I", gap=1)
        self.set_text_color(*INK)

    def rule(self, gap: float = 3) -> None:
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(gap)

    def pdf_bytes(self) -> bytes:
        return bytes(self.output())
