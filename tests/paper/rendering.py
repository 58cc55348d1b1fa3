"""Looking at printed PDFs as a person would: their text (pypdf), their pages as pictures
(Debian's pdftoppm, from poppler-utils), and the QR codes on those pictures (zxing-cpp)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "paper"
PDFTOPPM = shutil.which("pdftoppm")
needs_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None,
    reason="pdftoppm not found (apt-get install poppler-utils): page images and QR reading skipped",
)


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space made one space (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def page_image(pdf: bytes, page: int, path: Path, dpi: int = 110) -> Path:
    """Page `page` (from 1) as a PNG at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    source = path.with_suffix(".pdf")
    source.write_bytes(pdf)
    subprocess.run(
        [
            PDFTOPPM,
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(source),
            str(path.with_suffix("")),
        ],
        check=True,
        timeout=60,
    )
    source.unlink()
    return path


def qr_codes(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    with Image.open(png) as picture:
        return [code.text for code in zxingcpp.read_barcodes(picture.convert("L"))]


def has_cyrillic(text: str) -> bool:
    return re.search(r"[\u0400-\u04FF]", text) is not None
