"""QR codes drawn as vector squares (sharp at any printer resolution), and the links they
carry."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from fpdf import FPDF

# Empty modules around the code that a reader needs to find it (the QR standard asks for 4).
QUIET_ZONE = 4


def lesson_url(public_url: str, module_id: str, lesson_id: str) -> str:
    """The app's page of one lesson (the module page with the lesson open)."""
    return (
        f"{public_url.rstrip('/')}/module?{urlencode({'module': module_id, 'lesson': lesson_id})}"
    )


def qr_matrix(payload: str) -> list[list[bool]]:
    """The dark (True) and light modules of the QR code for `payload`, quiet zone excluded."""
    code = segno.make(payload, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix]


def draw_qr(pdf: FPDF, payload: str, x: float, y: float, size: float) -> None:
    """The QR code for `payload` in a `size` × `size` mm square at (x, y), quiet zone inside."""
    matrix = qr_matrix(payload)
    module = size / (len(matrix) + 2 * QUIET_ZONE)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    origin_x, origin_y = x + QUIET_ZONE * module, y + QUIET_ZONE * module
    for row_number, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            run = column
            while run < len(row) and row[run]:
                run += 1
            # One rectangle per run of dark modules (slightly overlapping rows leave no seams).
            pdf.rect(
                origin_x + column * module,
                origin_y + row_number * module,
                (run - column) * module,
                module * 1.02,
                style="F",
            )
            column = run
