"""Smaller copies of Streamlit's two fonts, for learners on weak connections.

On a first visit over slow 3G, Streamlit's icon font (Material Symbols, about 375 KB, every
icon Google draws) and its text font (Source Sans, about 170 KB, Greek and Vietnamese
included) are almost half of the bytes before the first question, and woff2 cannot be
compressed further. The app draws about a hundred icons and writes English and Serbian
(Latin and Cyrillic), so `LightFonts`, an ASGI middleware, answers the requests for those two
files with subsets made from them at start-up: the icons named anywhere in Streamlit's
frontend or in this app, and the Latin, Cyrillic and punctuation ranges of the text font.
Everything else passes through untouched.

A subset keeps Streamlit's file name (its hash belongs to the full font), so it is sent with
`Cache-Control: no-cache` and an ETag of its own bytes: a browser revalidates it (a 304, a few
bytes) and never keeps an old subset that lacks a newly used icon.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import anyio
import streamlit
from fontTools import subset
from fontTools.ttLib import TTFont

from courseware.ui.asset_cache import cached, key_of

STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static" / "static"
APP_SOURCES = [Path(__file__).parents[2] / name for name in ("courseware", "modules", "quizzes")]

ICON_FONT = re.compile(r"/static/media/MaterialSymbols-Rounded\.[\w-]+\.woff2$")
TEXT_FONT = re.compile(r"/static/media/SourceSansVF-Upright\.ttf\.[\w-]+\.woff2$")

# Streamlit's frontend names its icons ":material/name:"; so do st.markdown, page icons and
# the content. The looser form without colons finds names built in Python (`icon="..."`).
ICON_IN_FRONTEND = re.compile(r":material/([a-z0-9_]+):")
ICON_IN_APP = re.compile(r"material/([a-z0-9_]+)")

# Basic Latin, Latin-1 and Latin Extended-A (č ć đ š ž), the Serbian digraph letters (ǅ ǈ ǋ),
# the Cyrillic of Serbian and its neighbours, general punctuation („ “ – … •), the euro and trade
# marks, arrows, the signs the course's formulas use (√ ⟨ ⟩) and the minus sign. A letter
# outside them is drawn in the system's font (tests/ui/test_light_fonts.py checks the course's
# text and the interface's messages keep to them).
TEXT_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x1C4, 0x1CC),
    (0x400, 0x45F),
    (0x2000, 0x206F),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0x2190, 0x2193),
    (0x21D2, 0x21D2),
    (0x2212, 0x2212),
    (0x221A, 0x221A),
    (0x27E8, 0x27E9),
)


def icon_names(
    frontend: Path = STREAMLIT_STATIC, app_sources: Iterable[Path] = APP_SOURCES
) -> set[str]:
    """Every icon name Streamlit's frontend or the app's code and content can draw."""
    names: set[str] = set()
    for script in (frontend / "js").glob("*.js"):
        names |= set(ICON_IN_FRONTEND.findall(script.read_text(encoding="utf-8", errors="ignore")))
    for root in app_sources:
        for path in root.rglob("*"):
            if path.suffix in {".py", ".yaml", ".md"}:
                names |= set(ICON_IN_APP.findall(path.read_text(encoding="utf-8")))
    return names


def _ligatures(font: TTFont) -> dict[str, str]:
    """The icon font's ligatures: an icon's name (as typed) → the glyph drawn for it."""
    letters = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    found: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            if lookup.LookupType == 7:
                table = table.ExtSubTable
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    name = letters.get(first, "") + "".join(
                        letters.get(part, "") for part in ligature.Component
                    )
                    found[name] = ligature.LigGlyph
    return found


def _subset(font: TTFont, *, layout_closure: bool, **wanted) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    # Without the closure, only the layout rules among the glyphs asked for are kept: the
    # icon font's letters would otherwise pull in every icon whose name they spell, and the
    # text font's letters their small capitals and other alternates, which the app never asks.
    options.layout_closure = layout_closure
    subsetter = subset.Subsetter(options)
    subsetter.populate(**wanted)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def icon_subset(source: Path, names: Iterable[str]) -> bytes:
    """The icon font with only `names` (unknown names are left out)."""
    font = TTFont(source)
    ligatures = _ligatures(font)
    letters = "".join(chr(code) for code in font.getBestCmap() if code < 0x80)
    glyphs = [ligatures[name] for name in names if name in ligatures]
    return _subset(font, layout_closure=False, text=letters, glyphs=glyphs)


def text_subset(source: Path) -> bytes:
    unicodes = [code for first, last in TEXT_RANGES for code in range(first, last + 1)]
    return _subset(TTFont(source), layout_closure=False, unicodes=unicodes)


@dataclass(frozen=True)
class Font:
    body: bytes

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


class LightFonts:
    """ASGI middleware: the two fonts' requests answered with their subsets (made once per
    process, in a thread started with the app, so the first visitor rarely waits)."""

    def __init__(self, app, static: Path = STREAMLIT_STATIC) -> None:
        self.app = app
        self._static = static
        self._fonts: dict[str, Font] = {}
        self._ready = threading.Event()
        threading.Thread(target=self._make, name="light-fonts", daemon=True).start()

    def _make(self) -> None:
        try:
            media = self._static / "media"
            icons = next(media.glob("MaterialSymbols-Rounded.*.woff2"))
            text = next(media.glob("SourceSansVF-Upright.ttf.*.woff2"))
            names = sorted(icon_names(self._static))
            # This module's own code is part of the key: a change to how subsets are made
            # makes them again.
            code = Path(__file__).read_bytes()
            icons_key = key_of(icons.read_bytes(), "\n".join(names).encode(), code)
            text_key = key_of(text.read_bytes(), code)
            self._fonts = {
                "icons": Font(
                    cached(f"icons-{icons_key}.woff2", lambda: icon_subset(icons, names))
                ),
                "text": Font(cached(f"text-{text_key}.woff2", lambda: text_subset(text))),
            }
        finally:
            # A failure leaves Streamlit's own files in use: larger, never broken.
            self._ready.set()

    async def __call__(self, scope, receive, send) -> None:
        kind = None
        if scope["type"] == "http" and scope["method"] in {"GET", "HEAD"}:
            path = scope["path"]
            kind = "icons" if ICON_FONT.search(path) else "text" if TEXT_FONT.search(path) else None
        if kind is not None and not self._ready.is_set():
            # Only while the subsets are being made or read (once per process, at start-up).
            await anyio.to_thread.run_sync(self._ready.wait)
        font = self._fonts.get(kind) if kind else None
        if font is None:
            await self.app(scope, receive, send)
            return
        asked = dict(scope["headers"]).get(b"if-none-match", b"").decode("latin-1")
        unchanged = asked == font.etag
        headers = [(b"cache-control", b"no-cache"), (b"etag", font.etag.encode())]
        if not unchanged:
            headers += [
                (b"content-type", b"font/woff2"),
                (b"content-length", str(len(font.body)).encode()),
            ]
        await send(
            {"type": "http.response.start", "status": 304 if unchanged else 200, "headers": headers}
        )
        body = b"" if unchanged or scope["method"] == "HEAD" else font.body
        await send({"type": "http.response.body", "body": body})
