"""Lesson Markdown on paper: headings, paragraphs with emphasis and links, lists, tables,
quotes, code, images with their alt text. Parsed with markdown-it (CommonMark and tables);
raw HTML is never printed, as it is never shown in the app."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from PIL import Image as PILImage

from courseware.content.files import inside_course
from courseware.paper.document import ACCENT, FAMILY, FILL, MUTED, PaperPDF

PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
SIZE = 10
LINE = 5.0
HEADING_SIZES = {"h1": 16, "h2": 13.5, "h3": 11.5}
INDENT = 6.0


def inline_text(token: Token | None) -> str:
    """The plain text of an inline token (emphasis dropped, line breaks as spaces)."""
    if token is None or not token.children:
        return "" if token is None else token.content
    parts = []
    for child in token.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child))
    return "".join(parts)


class MarkdownWriter:
    """Writes one Markdown text into `pdf` at the current position. `base_dir` is where
    relative image paths start (the module folder), and only images in the course folder
    `root` are printed. A first `# heading` is left out when `skip_title` is set: the caller
    prints the title itself."""

    def __init__(
        self,
        pdf: PaperPDF,
        base_dir: Path | None = None,
        root: Path | None = None,
        *,
        skip_title: bool = False,
    ):
        self.pdf = pdf
        self.base_dir = base_dir
        self.root = root
        self.skip_title = skip_title
        # One entry per open list: its next number, or None for a bullet list.
        self.lists: list[int | None] = []
        self.quote_depth = 0
        self.base_margin = pdf.l_margin
        self.then = 0.0
        self.tokens = 0

    def write(self, text: str, *, then: float = 0) -> None:
        """`then`: the height of what follows (a diagram), kept on one page with a heading
        that ends the text."""
        self.then = then
        tokens = PARSER.parse(text)
        self.tokens = len(tokens)
        index = 0
        while index < len(tokens):
            index = self._block(tokens, index)
        self.pdf.set_left_margin(self._margin(0))

    def _margin(self, depth: int) -> float:
        return self.base_margin + INDENT * depth

    def _indent(self) -> float:
        return self._margin(len(self.lists) + self.quote_depth)

    def _block(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        pdf = self.pdf
        kind = token.type
        if kind == "heading_open":
            text = inline_text(tokens[index + 1])
            if token.tag == "h1" and self.skip_title:
                self.skip_title = False
            else:
                size = HEADING_SIZES.get(token.tag, 10.5)
                # Kept with the start of what follows it (all of it, if that is a diagram).
                follows = self.then if index + 3 >= self.tokens else 0
                fits = size + follows < pdf.page_break_trigger - pdf.t_margin
                pdf.space_for(size + (follows if fits and follows else 28))
                pdf.ln(1.5)
                pdf.heading(text, size, gap=1.5)
            return index + 3
        self.skip_title = False
        if kind == "paragraph_open":
            self._paragraph(tokens[index + 1], tight=token.hidden)
            return index + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1)) if kind == "ordered_list_open" else None
            self.lists.append(start)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            pdf.set_left_margin(self._indent())
            if not self.lists:
                pdf.ln(1.5)
        elif kind == "list_item_open":
            self._marker()
        elif kind == "blockquote_open":
            self.quote_depth += 1
            pdf.set_left_margin(self._indent())
        elif kind == "blockquote_close":
            self.quote_depth -= 1
            pdf.set_left_margin(self._indent())
        elif kind in ("fence", "code_block"):
            pdf.set_font(FAMILY, "", 8.5)
            pdf.set_fill_color(*FILL)
            pdf.multi_cell(0, 4.2, token.content.rstrip("\n"), fill=True, new_x="LMARGIN")
            pdf.ln(2)
        elif kind == "hr":
            pdf.rule()
        elif kind == "table_open":
            return self._table(tokens, index)
        return index + 1

    def _marker(self) -> None:
        pdf = self.pdf
        depth = len(self.lists)
        number = self.lists[-1]
        pdf.set_left_margin(self._margin(depth - 1 + self.quote_depth))
        pdf.set_x(pdf.l_margin)
        pdf.set_font(FAMILY, "B" if number is not None else "", SIZE)
        pdf.set_text_color(*ACCENT)
        pdf.cell(INDENT, LINE, f"{number}." if number is not None else "•")
        pdf.set_text_color(0, 0, 0)
        if number is not None:
            self.lists[-1] = number + 1
        pdf.set_left_margin(self._indent())

    def _paragraph(self, inline: Token, *, tight: bool) -> None:
        pdf = self.pdf
        children = inline.children or []
        images = [child for child in children if child.type == "image"]
        alone = all(
            child.type == "image" or (child.type != "code_inline" and not child.content.strip())
            for child in children
        )
        if images and alone:
            for image in images:
                self._image(image)
            return
        style = {"B": 0, "I": 0, "S": 0}
        link: str | None = None
        for child in children:
            kind = child.type
            if kind.endswith("_open") or kind.endswith("_close"):
                opening = kind.endswith("_open")
                mark = {"strong": "B", "em": "I", "s": "S"}.get(kind.rsplit("_", 1)[0])
                if mark:
                    style[mark] += 1 if opening else -1
                elif kind == "link_open":
                    link = child.attrs.get("href")
                elif kind == "link_close":
                    self._run(style, "", None)
                    if link and not link.startswith(("mailto:", "tel:")):
                        pdf.set_text_color(*MUTED)
                        pdf.set_font(FAMILY, "", SIZE - 1.5)
                        pdf.write(LINE, f" ({link})")
                        pdf.set_text_color(0, 0, 0)
                    link = None
                continue
            if kind in ("text", "code_inline"):
                self._run(style, child.content, link)
            elif kind == "softbreak":
                self._run(style, " ", link)
            elif kind == "hardbreak":
                pdf.ln(LINE)
            elif kind == "image":
                self._run(style, f"[{inline_text(child)}]", None)
        pdf.ln(LINE)
        pdf.ln(0.8 if tight else 2.2)

    def _run(self, style: dict[str, int], text: str, link: str | None) -> None:
        pdf = self.pdf
        font_style = ("B" if style["B"] else "") + ("I" if style["I"] else "")
        pdf.set_font(FAMILY, font_style, SIZE)
        pdf.set_text_color(*(ACCENT if link else (0, 0, 0)))
        if text:
            pdf.write(LINE, text, link=link or "")
        pdf.set_text_color(0, 0, 0)

    def _image(self, token: Token) -> None:
        """The image, if it is a file of the course, with its alt text as the caption; an
        image on the web is named by its alt text and address (the pack works offline)."""
        pdf = self.pdf
        alt = inline_text(token) or token.attrs.get("src", "")
        source = str(token.attrs.get("src", ""))
        path = (self.base_dir / source) if self.base_dir and "://" not in source else None
        if path is not None and not (self.root and inside_course(path, self.root)):
            path = None  # validate says so: a file elsewhere on the server is never printed
        if path is not None and path.is_file():
            try:
                with PILImage.open(path) as picture:
                    pixels_wide, pixels_high = picture.size
                width = min(pdf.width, 120.0)
                pdf.space_for(width * pixels_high / pixels_wide + 8)
                pdf.image(path, x=pdf.l_margin, w=width, alt_text=alt)
            except Exception:  # an unreadable image: its description still goes to paper
                path = None
        if path is None or not path.is_file():
            pdf.set_fill_color(*FILL)
            pdf.set_font(FAMILY, "I", 9)
            pdf.multi_cell(
                0, 4.6, pdf.t("paper.image", alt=alt, source=source), fill=True, new_x="LMARGIN"
            )
        else:
            pdf.set_text_color(*MUTED)
            pdf.set_font(FAMILY, "I", 8.5)
            pdf.multi_cell(0, 4.2, alt, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        pdf.ln(3)

    def _table(self, tokens: list[Token], index: int) -> int:
        rows: list[list[str]] = []
        header_rows = 0
        in_head = False
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif token.type == "inline":
                rows[-1].append(_table_cell(token))
            index += 1
        pdf = self.pdf
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.2)
        with pdf.table(
            markdown=True,
            line_height=4.2,
            padding=1.2,
            text_align="LEFT",
            first_row_as_headings=header_rows > 0,
            headings_style=_heading_style(),
            width=pdf.width - (pdf.l_margin - pdf.r_margin),
        ) as table:
            for row in rows:
                table.row(row)
        pdf.ln(3)
        return index + 1


def _heading_style():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=FILL)


def _table_cell(inline: Token) -> str:
    """A cell's text in fpdf2's own emphasis markers (** bold, __ italic)."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            # Markers of fpdf2's markup that occur in plain text are broken up.
            parts.append(
                child.content.replace("**", "*\u200b*")
                .replace("__", "_\u200b_")
                .replace("--", "-\u200b-")
            )
        elif child.type in ("strong_open", "strong_close"):
            parts.append("**")
        elif child.type in ("em_open", "em_close"):
            parts.append("__")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(f"[{inline_text(child)}]")
    return "".join(parts)
