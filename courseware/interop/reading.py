"""What both readers share: the size limit, decoding, numbers from untrusted text, and
Moodle's text formats as course Text (the source paragraph and the scenario parts our own
export writes are recognised and taken apart again)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from typing import Any

import lxml.html

from courseware.content.problems import ContentError, Problem
from courseware.interop.markup import html_text, plain_string, plain_text, split_languages

# Moodle exports embed images as base64, so files are bigger than quiz files; the limit
# keeps every step of reading well within seconds.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_NUMBER = Decimal(10) ** 12
# The texts of one file (question texts, answers, feedback) may hold this many characters:
# seven times the largest quiz of the course in all its languages, and little enough that
# turning them into Markdown takes a few seconds at most.
MAX_TEXT_CHARS = 512 * 1024
MIN_CHARGE = 16
_BUDGET: ContextVar[list | None] = ContextVar("text_budget", default=None)


@contextmanager
def text_budget(file: str) -> Iterator[None]:
    """Within it, `text_of` counts what it converts and stops a file that holds too much."""
    token = _BUDGET.set([MAX_TEXT_CHARS, file])
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _charge(source: str) -> None:
    budget = _BUDGET.get()
    if budget is None:
        return
    # Each text costs at least MIN_CHARGE: many tiny texts take time out of proportion to
    # their size.
    budget[0] -= max(len(source), MIN_CHARGE)
    if budget[0] < 0:
        raise fail(
            budget[1],
            1,
            f"the questions hold more than {MAX_TEXT_CHARS // 1024} KiB of text; "
            "import it in parts (e.g. one category at a time with --category)",
        )


def fail(file: str, line: int, message: str) -> ContentError:
    return ContentError([Problem(file, line, "error", message)])


def check_size(size: int, file: str) -> None:
    """Refuse a file over the limit (the command asks before it reads the file)."""
    if size > MAX_IMPORT_BYTES:
        raise fail(file, 1, f"file is {size:,} bytes; the limit is {MAX_IMPORT_BYTES:,} (10 MiB)")


def decode(raw: bytes, file: str) -> str:
    check_size(len(raw), file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(file, line, "file is not valid UTF-8 text") from None


def name_of(source: str, warnings: list[str]) -> tuple[str, Any]:
    """A question's name (language blocks read as Moodle shows them): the English or only
    name, plain, and the name as a Text in each language."""
    if not source.strip():
        return "", None
    return plain_string(source, warnings), plain_text(source, warnings)


def decimal(text: str | None) -> Decimal | None:
    """A plain number, or None for anything else (no infinities, no huge exponents)."""
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= MAX_NUMBER:
        return None
    return value


def text_of(source: str, text_format: str, warnings: list[str]) -> Any:
    """Text from a Moodle field in its format (html, moodle_auto_format, plain_text,
    markdown); None when empty."""
    if not source or not source.strip():
        return None
    _charge(source)
    if text_format in ("plain_text", "plain"):
        return plain_text(source, warnings)
    if text_format == "markdown":
        split = split_languages(source, warnings) or {"en": source, "sr": source}
        en, sr = split["en"].strip(), split["sr"].strip()
        return en if en == sr else {"en": en, "sr": sr}
    if text_format in ("moodle_auto_format", "moodle") and "<" not in source:
        return plain_text(source, warnings)
    return html_text(source, warnings)


def _fragment(source: str):
    return lxml.html.fragment_fromstring(source, create_parent="div")


def take_reference(source: str, text_format: str) -> tuple[str, str | None]:
    """General feedback without our source paragraph, and the source."""
    if text_format != "html" or 'class="reference"' not in source:
        return source, None
    root = _fragment(source)
    for paragraph in root.find_class("reference"):
        cite = paragraph.find(".//cite")
        if cite is None:
            continue
        reference = cite.text_content().strip()
        paragraph.drop_tree()
        rest = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
        return (root.text or "") + rest, reference or None
    return source, None


def scenario_parts(source: str) -> tuple[str, str] | None:
    """The prompt and the case of a description our export wrote, else None."""
    if "scenario-case" not in source:
        return None
    root = _fragment(source)
    prompt, case = root.find_class("scenario-prompt"), root.find_class("scenario-case")
    if not prompt or not case:
        return None

    def inner(element) -> str:
        children = "".join(lxml.html.tostring(c, encoding="unicode") for c in element)
        return (element.text or "") + children

    return inner(prompt[0]), inner(case[0])


def shows_branching(source: str) -> bool:
    """Whether a description is a branching case our export wrote (`branching_html`)."""
    return 'branching-case"' in source


def general_feedback(source: str, text_format: str, warnings: list[str]) -> tuple[Any, str | None]:
    """The explanation and the source of a general feedback."""
    rest, reference = take_reference(source, text_format)
    return text_of(rest, text_format, warnings), reference


def description(source: str, text_format: str, warnings: list[str]) -> tuple[Any, Any]:
    """A description's text, and its case when our export wrote it as a scenario (the text
    is then the scenario's prompt); the case is None for other descriptions."""
    parts = scenario_parts(source) if text_format == "html" else None
    if parts is None:
        return text_of(source, text_format, warnings), None
    return text_of(parts[0], "html", warnings), text_of(parts[1], "html", warnings)
