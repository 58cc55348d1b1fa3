"""Question banks in and out: how long the import takes to refuse each hostile input
(docs/interop.md, "Safety and limits"), and to read back the whole course exported as
Moodle XML and as GIFT."""

from __future__ import annotations

from bench.measure import Figure, figure, timed
from courseware.content.catalog import Catalog
from courseware.content.problems import ContentError
from courseware.interop import GIFT, MAX_IMPORT_BYTES, XML, import_bank
from courseware.interop.course import export_catalog
from courseware.interop.markup import html_text

SECTION = "interop"
_TRUE_FALSE = (
    '<question type="truefalse"><name><text>{name}</text></name>'
    '<questiontext format="html"><text>{text}</text></questiontext>'
    '<answer fraction="100"><text>true</text></answer>'
    '<answer fraction="0"><text>false</text></answer></question>'
)


def _laughs() -> bytes:
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    question = _TRUE_FALSE.format(name="laughs", text="&lol9;")
    doctype = f'<!DOCTYPE quiz [<!ENTITY lol0 "lol">{entities}]>'
    return f'<?xml version="1.0"?>{doctype}<quiz>{question}</quiz>'.encode()


def hostile_inputs() -> dict[str, tuple[bytes, str]]:
    """Name → (file, format), each just under the size limit where size matters."""
    external = _TRUE_FALSE.format(name="passwd", text="&xxe;")
    unbalanced = ("::q::text { =a ~b\n\n" + "{" * 1000 + "\n\n") * 10_300
    one_block = "q {" + "{~a " * ((MAX_IMPORT_BYTES - 16) // 4) + "}\n"
    return {
        "billion laughs (XML)": (_laughs(), XML),
        "external entity to /etc/passwd (XML)": (
            f'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            f"<quiz>{external}</quiz>".encode(),
            XML,
        ),
        "100,000 nested elements (XML)": (
            b"<quiz>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</quiz>",
            XML,
        ),
        "10 MB of unbalanced braces (GIFT)": (unbalanced.encode()[: MAX_IMPORT_BYTES - 1], GIFT),
        "10 MB answer block, 2.6 million answers (GIFT)": (one_block.encode(), GIFT),
        "2,000 questions of 100 tiny answers (GIFT)": (
            ("::q::t {=a " + " ~b" * 99 + "}\n\n").encode() * 1990,
            GIFT,
        ),
    }


def _refuse(raw: bytes, fmt: str) -> None:
    try:
        import_bank(raw, "hostile", fmt, quiz_id="h", module="course", kind="check")
    except ContentError:
        return
    raise AssertionError("a hostile input was imported")


# Texts that once made the HTML reading slow (tests/interop/test_hostile_inputs.py).
HARD_HTML = {
    "100,000 unclosed language spans": '<span lang="en" class="multilang">' * 100_000,
    "40,000 unclosed {mlang}": "{mlang en}" * 40_000,
    "100,000 unclosed <b>": "<b>" * 100_000,
}


def measure(catalog: Catalog, runs: int) -> list[Figure]:
    figures = []
    for name, text in HARD_HTML.items():
        seconds = [timed(lambda text=text: html_text(text, [])) for _ in range(runs)]
        figures.append(figure(SECTION, f"HTML read: {name}", seconds, "s", f"{len(text):,} chars"))
    for name, (raw, fmt) in hostile_inputs().items():
        seconds = [timed(lambda raw=raw, fmt=fmt: _refuse(raw, fmt)) for _ in range(runs)]
        figures.append(figure(SECTION, f"refused: {name}", seconds, "s", f"{len(raw):,} bytes"))
    for fmt in (XML, GIFT):
        kinds = [quiz.kind for _, quiz in sorted(catalog.quizzes.items())]
        files = [made.text.encode() for _, made in export_catalog(catalog, fmt, "all")]
        exported = list(zip(files, kinds, strict=True))

        def read_all(exported=exported, fmt=fmt) -> None:
            for raw, kind in exported:
                import_bank(raw, "course", fmt, quiz_id="q", module="course", kind=kind)

        seconds = [timed(read_all) for _ in range(runs)]
        size = sum(len(raw) for raw, _ in exported)
        figures.append(
            figure(
                SECTION,
                f"whole course imported back from {fmt} (--lang all)",
                seconds,
                "s",
                f"{len(exported)} quizzes, {size:,} bytes",
            )
        )
    return figures
