import io
from datetime import date

import pytest
from pypdf import PdfReader

from courseware.certificates import CertificateContent, render_certificate
from courseware.i18n import Translator

CONTENT = CertificateContent(
    learner_name="Jelena Đorđević",
    course_title="Prepoznavanje i upućivanje žrtava trgovine ljudima",
    module_titles=["Pravni okvir", "Krivičnopravni sistem"],
    completed_on=date(2026, 11, 27),
    serial="CW-2026-000042",
    verification_code="K7Q2-M9XD",
    verify_url="https://courses.example.org/verify",
)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("translator", "expected"),
    [
        (Translator("sr"), ["Potvrda o završenoj obuci", "Jelena Đorđević", "27.11.2026."]),
        (Translator("sr", "cyrillic"), ["Потврда о завршеној обуци", "Јелена Ђорђевић"]),
        (Translator("en"), ["Certificate of completion", "Jelena Đorđević", "2026-11-27"]),
    ],
)
def test_the_pdf_holds_the_learner_course_and_verification_details(translator, expected):
    text = text_of(render_certificate(CONTENT, translator))
    for part in [
        *expected,
        CONTENT.course_title,
        "CW-2026-000042",
        "K7Q2-M9XD",
        CONTENT.verify_url,
    ]:
        assert part in text, part
