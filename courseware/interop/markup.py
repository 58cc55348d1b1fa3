"""Course text (Markdown, one string or one per language) to and from what Moodle stores:
HTML with the multi-language spans of Moodle's multilang filter, plain text, and GIFT's
Markdown. Markdown becomes HTML with raw HTML escaped (content never brings its own HTML);
HTML becomes Markdown after scripts, styles, embedded objects, images (their alt text is
kept, with a warning) and links that are not web or mail addresses are taken out."""

from __future__ import annotations

import html as html_lib
import re
from functools import cache
from typing import Any

import cyrtranslit
import lxml.html

from courseware.content.fields import localize
from courseware.i18n import to_cyrillic

# Our languages and scripts as an export can write them, and the Moodle language pack each
# is shown to ("sr_lt" is Serbian in Latin script, "sr_cr" in Cyrillic).
EXPORT_LANGUAGES = ("en", "sr", "sr-Cyrl")
MOODLE_LANGUAGE = {"en": "en", "sr": "sr_lt", "sr-Cyrl": "sr_cr"}
_LATIN = {"sr", "sr_lt", "sr_latn"}
_CYRILLIC = {"sr_cr", "sr_cyrl", "sr_cr_bo", "sr_cyrl_rs"}
MAX_TAG = 1000

_DROPPED = ("script", "style", "iframe", "object", "embed", "form", "input", "button", "svg")
_SAFE_LINK = re.compile(r"(https?:|mailto:)", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_BLANK_LINE = re.compile(r"\n[ \t]+(?=\n)")
_LONE_NEWLINE = re.compile(r"(?<!\n)[ \t]*\n(?!\s*\n)")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)", re.MULTILINE)


# The converters are made, and their libraries imported, on first use: importing bs4,
# markdownify and markdown-it takes a tenth of a second, and the pages that import this module
# (through courseware.interop) convert no text on most runs.
@cache
def _markdown_renderer():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@cache
def _html_converter():
    from markdownify import MarkdownConverter

    return MarkdownConverter(
        heading_style="ATX", bullets="-", strong_em_symbol="*", escape_misc=False
    )


# Course text to Moodle ----------------------------------------------------------------------


def in_language(text: Any, language: str) -> str:
    """A Text in one of EXPORT_LANGUAGES (Cyrillic derived from Serbian Latin)."""
    if language == "sr-Cyrl":
        return to_cyrillic(localize(text, "sr"))
    return localize(text, language)


def markdown_to_html(markdown: str, inline: bool = False) -> str:
    rendered = _markdown_renderer().render(markdown).strip()
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>"):
        inner = rendered[3:-4]
        if "<p>" not in inner:
            return inner
    return rendered


def markdown_to_plain(markdown: str) -> str:
    rendered = markdown_to_html(markdown, inline=True)
    if "<" not in rendered:
        return html_lib.unescape(rendered)
    return lxml.html.fragment_fromstring(rendered, create_parent="div").text_content().strip()


def _spans(versions: dict[str, str]) -> str:
    if len(set(versions.values())) == 1:
        return next(iter(versions.values()))
    return "".join(
        f'<span lang="{MOODLE_LANGUAGE[code]}" class="multilang">{value}</span>'
        for code, value in versions.items()
    )


def text_html(text: Any, language: str, inline: bool = False) -> str:
    """`language` is one of EXPORT_LANGUAGES, or "all" for multi-language spans."""
    codes = EXPORT_LANGUAGES if language == "all" else (language,)
    return _spans({code: markdown_to_html(in_language(text, code), inline) for code in codes})


def text_plain(text: Any, language: str) -> str:
    codes = EXPORT_LANGUAGES if language == "all" else (language,)
    versions = {code: markdown_to_plain(in_language(text, code)) for code in codes}
    if language == "all" and len(set(versions.values())) > 1:
        versions = {code: html_lib.escape(value, quote=False) for code, value in versions.items()}
    return _spans(versions)


def text_markdown(text: Any, language: str) -> str:
    """Markdown for GIFT's [markdown] form, with `<` written as an entity so that Moodle's
    Markdown never sees raw HTML."""
    return in_language(text, language).replace("<", "&lt;")


# Moodle to course text ----------------------------------------------------------------------


def _language_blocks(source: str) -> list[tuple[int, int, str, str]]:
    """Every multi-language block as (start, end, language, inner text): the spans of the
    multilang filter and the {mlang xx}...{mlang} form of multilang2. One pass: each search
    starts where the last stopped, and a closing tag found is kept for the openings before
    it, so the time is linear in the text whatever its tags."""
    blocks = []
    position = 0
    span_end = mlang_end = -2  # -2: not searched yet; -1: none left in the text
    span = mlang = -2
    while True:
        if -1 != span < position:
            span = source.find("<span", position)
        if -1 != mlang < position:
            mlang = source.find("{mlang", position)
        if span < 0 and mlang < 0:
            return blocks
        if span >= 0 and (mlang < 0 or span < mlang):
            close = source.find(">", span, span + MAX_TAG)
            if close > 0 and -1 != span_end < close:
                span_end = source.find("</span>", close)
            tag = source[span : close + 1] if close > 0 else ""
            language = re.search(r'\blang\s*=\s*"([A-Za-z0-9_-]+)"', tag)
            if language and "multilang" in tag and span_end > 0:
                blocks.append((span, span_end + 7, language.group(1), source[close + 1 : span_end]))
                position = span_end + 7
            else:
                position = span + 5
        else:
            close = source.find("}", mlang, mlang + MAX_TAG)
            if close > 0 and -1 != mlang_end < close:
                mlang_end = source.find("{mlang}", close)
            language = source[mlang + 6 : close].strip() if close > 0 else ""
            if mlang_end > 0 and re.fullmatch(r"[A-Za-z0-9_-]+", language):
                blocks.append((mlang, mlang_end + 7, language, source[close + 1 : mlang_end]))
                position = mlang_end + 7
            else:
                position = mlang + 6


def _normal_language(code: str) -> str:
    return code.replace("-", "_").lower()


def split_languages(source: str, warnings: list[str]) -> dict[str, str] | None:
    """The text as Moodle shows it to an English and to a Serbian reader, or None when it
    has no multi-language blocks. Consecutive blocks form one group, of which a reader sees
    the block in their language, else the first (Moodle's fallback)."""
    blocks = _language_blocks(source)
    if not blocks:
        return None
    groups: list[list[tuple[int, int, str, str]]] = []
    for block in blocks:
        if groups and not source[groups[-1][-1][1] : block[0]].strip():
            groups[-1].append(block)
        else:
            groups.append([block])
    unknown = sorted(
        {
            code
            for _, _, code, _ in blocks
            if not _normal_language(code).startswith("en")
            and _normal_language(code) not in _LATIN | _CYRILLIC
        }
    )
    if unknown:
        warnings.append(f"text in language(s) {', '.join(unknown)} is left out")

    def pick(group, wanted) -> tuple[str, str] | None:
        for _, _, code, inner in group:
            if wanted(_normal_language(code)):
                return code, inner
        return None

    result = {}
    for language in ("en", "sr"):
        pieces, last = [], 0
        for group in groups:
            pieces.append(source[last : group[0][0]])
            if language == "en":
                chosen = pick(group, lambda c: c.startswith("en"))
            else:
                chosen = pick(group, lambda c: c in _LATIN)
                cyrillic = pick(group, lambda c: c in _CYRILLIC)
                if chosen is None and cyrillic is not None:
                    chosen = (cyrillic[0], cyrtranslit.to_latin(cyrillic[1], "sr"))
            pieces.append((chosen or (group[0][2], group[0][3]))[1])
            last = group[-1][1]
        pieces.append(source[last:])
        result[language] = "".join(pieces)
    return result


def _clean(root, warnings: list[str]) -> None:
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()
    for image in list(root.iter("img")):
        alt = (image.get("alt") or "").strip()
        source = image.get("src") or ""
        where = "an embedded file" if source.startswith(("data:", "@@PLUGINFILE@@")) else source
        warnings.append(
            f"image ({where[:60]}) is not imported; its alt text is kept"
            if alt
            else f"image ({where[:60]}) is not imported and has no alt text"
        )
        image.tail = (f"[{alt}]" if alt else "") + (image.tail or "")
        image.drop_tree()
    for link in list(root.iter("a")):
        if not _SAFE_LINK.match((link.get("href") or "").strip()):
            link.drop_tag()


def html_to_markdown(source: str, warnings: list[str]) -> str:
    if not source.strip():
        return ""
    root = lxml.html.fragment_fromstring(source, create_parent="div")
    _clean(root, warnings)
    from bs4 import BeautifulSoup

    # BeautifulSoup on lxml's parser: several times faster than its default one.
    soup = BeautifulSoup(lxml.html.tostring(root, encoding="unicode"), "lxml")
    markdown = _html_converter().convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def plain_to_markdown(plain: str) -> str:
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", plain.strip())
    # Moodle shows each line break of plain and auto-formatted text; in Markdown a lone one
    # would join the lines, so it becomes a hard break (a backslash at the end of the line).
    escaped = _LONE_NEWLINE.sub("\\\\\n", _BLANK_LINE.sub("\n", escaped))
    return _LINE_START.sub(r"\1\\\2\3", escaped)


def _as_text(versions: dict[str, str]) -> Any:
    if versions["en"] == versions["sr"]:
        return versions["en"] or None
    if not versions["en"] or not versions["sr"]:
        return versions["en"] or versions["sr"] or None
    return dict(versions)


def html_text(source: str, warnings: list[str]) -> Any:
    """HTML (maybe with language blocks) to a Text: a string, {en, sr}, or None if empty."""
    split = split_languages(source, warnings)
    if split is None:
        markdown = html_to_markdown(source, warnings)
        return _as_text({"en": markdown, "sr": markdown})
    return _as_text({code: html_to_markdown(value, warnings) for code, value in split.items()})


def plain_text(source: str, warnings: list[str]) -> Any:
    """A plain-text field (maybe with language blocks) to a Text."""
    split = split_languages(source, warnings)
    if split is None:
        made = plain_to_markdown(source)
        return _as_text({"en": made, "sr": made})
    plain = {
        code: html_lib.unescape(re.sub(r"<[^>]{0,1000}>", "", value))
        for code, value in split.items()
    }
    return _as_text({code: plain_to_markdown(value) for code, value in plain.items()})


def plain_string(source: str, warnings: list[str]) -> str:
    """A plain field that our format keeps as one string (accepted answers, names)."""
    split = split_languages(source, warnings)
    return (split["en"] if split else source).strip()
