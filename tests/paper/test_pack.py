"""The field pack, read back from the PDF: the lessons' headings, the Serbian letters in both
scripts, the help contacts with their dates, the practice sheets, the QR codes of the lessons,
contents with page numbers, the footer; and pages kept as pictures under test-artifacts/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from courseware.content.catalog import load_catalog
from courseware.content.course import lesson_path
from courseware.content.lesson import split_lesson
from courseware.paper import edition, qr
from courseware.paper.grid import Unprintable, check_printable
from courseware.paper.markdown import PARSER, inline_text
from courseware.paper.pack import PackRequest, build_pack, pack_version
from courseware.paper.qr import lesson_url
from courseware.settings import REPO_ROOT
from tests.paper.rendering import (
    ARTIFACTS,
    flat,
    has_cyrillic,
    needs_pdftoppm,
    page_image,
    page_texts,
    qr_codes,
)

MODULE = "referral"  # lessons with a table, lists, emphasis and a flowchart
PUBLIC_URL = "https://learn.example.org"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO_ROOT)


@pytest.fixture(scope="module")
def packs(catalog):
    """The referral module's pack in each language, and the QR payloads handed to segno."""
    payloads: list[str] = []
    original = qr.segno.make

    def recording(payload, **options):
        payloads.append(payload)
        return original(payload, **options)

    qr.segno.make = recording
    try:
        made = {
            code: build_pack(PackRequest(catalog, MODULE, edition(code), PUBLIC_URL))
            for code in ("en", "sr", "sr-Cyrl")
        }
    finally:
        qr.segno.make = original
    return made, payloads


def headings(catalog, language: str) -> list[str]:
    """Every heading of the module's lesson files (what learners see of them)."""
    module = catalog.modules[MODULE]
    found = []
    for lesson in module.lessons:
        text = lesson_path(catalog.module_dir(MODULE), lesson, language).read_text("utf-8")
        for segment in split_lesson(text):
            if segment.kind == "markdown":
                tokens = PARSER.parse(segment.body)
                found += [
                    inline_text(tokens[i + 1])
                    for i, token in enumerate(tokens)
                    if token.type == "heading_open" and token.tag != "h1"
                ]
    return found


@pytest.mark.parametrize("code", ["en", "sr"])
def test_every_lesson_heading_is_in_the_pack(catalog, packs, code):
    text = flat(" ".join(page_texts(packs[0][code])))
    wanted = headings(catalog, code)
    assert len(wanted) > 20
    assert [h for h in wanted if flat(h) not in text] == []
    for lesson in catalog.modules[MODULE].lessons:
        assert flat(lesson.title[code]) in text


def test_serbian_letters_in_latin_and_cyrillic(catalog, packs):
    latin = " ".join(page_texts(packs[0]["sr"]))
    assert set("čćšžđČŠŽ") <= set(latin)
    assert not has_cyrillic(latin)
    cyrillic = " ".join(page_texts(packs[0]["sr-Cyrl"]))
    assert set("чћшжђљњЧШ") <= set(cyrillic)
    assert "Национални механизам упућивања" in cyrillic
    # Links, e-mail addresses and numbers stay as they are.
    assert "centar@centarzztlj.rs" in cyrillic


def test_the_help_contacts_with_the_date_each_was_last_confirmed(catalog, packs):
    for code in ("en", "sr"):
        text = flat(" ".join(page_texts(packs[0][code])))
        for contact in catalog.contacts.contacts:
            assert flat(contact.name[code]) in text
            assert contact.phone in text
    english = flat(" ".join(page_texts(packs[0]["en"])))
    assert "Last confirmed: c. 2023" in english
    assert "Last confirmed: 2013" in english


def test_practice_sheets_and_their_answers_come_at_the_end(catalog, packs):
    pages = page_texts(packs[0]["en"])
    practice = next(i for i, page in enumerate(pages) if "The knowledge check of each" in page)
    answers = next(
        i for i, page in enumerate(pages) if i > 1 and "Answers and explanations" in page
    )
    assert 3 < practice < answers
    first_check = catalog.quizzes[catalog.modules[MODULE].lessons[0].check]
    explanation = flat(first_check.questions[0].explanation["en"])[:60]
    assert explanation in flat(" ".join(pages[answers:]))


def test_a_qr_code_beside_each_lesson_opens_it_in_the_app(catalog, packs):
    module = catalog.modules[MODULE]
    wanted = [lesson_url(PUBLIC_URL, MODULE, lesson.id) for lesson in module.lessons]
    assert packs[1][: len(wanted)] == wanted
    assert wanted[0] == f"{PUBLIC_URL}/module?module=referral&lesson=nrm-principles"


@needs_pdftoppm
def test_the_printed_qr_codes_read_back_as_the_lesson_links(catalog, packs, tmp_path):
    pages = page_texts(packs[0]["en"])
    module = catalog.modules[MODULE]
    for number, lesson in enumerate(module.lessons, 1):
        page = next(i for i, t in enumerate(pages, 1) if f"Lesson {number} of" in t)
        image = page_image(packs[0]["en"], page, tmp_path / f"lesson-{number}.png")
        assert qr_codes(image) == [lesson_url(PUBLIC_URL, MODULE, lesson.id)]


def test_contents_page_numbers_and_footer(catalog, packs):
    pages = page_texts(packs[0]["en"])
    contents = pages[1]
    assert "Contents 1." in contents
    version = pack_version(catalog, MODULE, edition("en"))
    for number, lesson in enumerate(catalog.modules[MODULE].lessons, 1):
        page = next(i for i, t in enumerate(pages, 1) if f"Lesson {number} of" in t)
        assert f"{number}. {lesson.title['en'][:25]}" in contents
        assert str(page) in contents
    assert all(f"content version {version}" in page for page in pages)
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    reader = PdfReader(io.BytesIO(packs[0]["en"]))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4
    fonts = reader.pages[3]["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor  # embedded


def markdown_course(course_dir: Path) -> Path:
    """The small test course with a lesson that uses everything Markdown offers."""
    from PIL import Image

    media = course_dir / "modules" / "basics" / "media"
    media.mkdir()
    Image.new("RGB", (40, 20), (30, 70, 120)).save(media / "route.png")
    (course_dir / "modules" / "basics" / "01-intro.en.md").write_text(
        """\
# Intro

Text with **bold**, *emphasis* and a [link](https://example.org/a).

![Map of the Balkan route](media/route.png)

![A picture on the web](https://example.org/picture.png)

| Who | Where |
|---|---|
| **Police** | 192 |
| Centre | Belgrade |

1. First step
2. Second step
   - a nested point

> A quotation.

<b>raw html</b>

```mermaid
sequenceDiagram
  Alice->>Bob: Hello
```
""",
        encoding="utf-8",
    )
    return course_dir


def test_markdown_elements_images_with_alt_text_and_diagrams_as_text(course_dir):
    catalog = load_catalog(markdown_course(course_dir))
    pdf = build_pack(PackRequest(catalog, "basics", edition("en"), PUBLIC_URL))
    text = flat(" ".join(page_texts(pdf)))
    for expected in (
        "Text with bold, emphasis and a link (https://example.org/a)",
        "Map of the Balkan route",
        "Image: A picture on the web (https://example.org/picture.png)",
        "Who Where",
        "Police 192",
        "1. First step",
        "a nested point",
        "A quotation.",
        "Diagram, written out as steps",
        "Alice->>Bob: Hello",
    ):
        assert expected in text, expected
    assert "<b>" not in text and "raw html" in text
    # The course image is embedded (the QR codes are drawn, not images).
    assert len(PdfReader(io.BytesIO(pdf)).pages[2].images) == 1


def test_a_quiz_with_a_question_that_has_no_paper_form_is_refused_by_name(course_dir):
    catalog = load_catalog(course_dir)
    with pytest.raises(Unprintable) as refused:
        check_printable(catalog.quizzes["evaluation"])
    assert str(refused.value) == (
        "quiz 'evaluation' cannot be printed: question 'e1' is a 'likert' question, "
        "which has no paper form"
    )


@needs_pdftoppm
def test_a_lesson_page_as_a_picture(catalog, packs):
    pages = page_texts(packs[0]["en"])
    page = next(i for i, t in enumerate(pages, 1) if "Lesson 3 of" in t)
    for number, name in ((page, "lesson-page.png"), (page + 1, "lesson-diagram.png")):
        image = page_image(packs[0]["en"], number, ARTIFACTS / name)
        assert image.stat().st_size > 10_000
    cyrillic = page_texts(packs[0]["sr-Cyrl"])
    page = next(i for i, t in enumerate(cyrillic, 1) if "Лекција 1 од" in t)
    page_image(packs[0]["sr-Cyrl"], page, ARTIFACTS / "lesson-page-cyrillic.png")
