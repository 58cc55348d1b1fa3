import re
import string

import pytest

from courseware.content.notes import markers_in
from courseware.i18n import LANGUAGES, Translator, messages, to_cyrillic


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_every_language_with_the_same_placeholders():
    english = messages("en")
    for language in LANGUAGES:
        catalogue = messages(language)
        assert set(catalogue) == set(english), language
        for key, text in catalogue.items():
            assert text.strip(), (language, key)
            assert placeholders(text) == placeholders(english[key]), (language, key)


def test_serbian_messages_are_written_in_latin_script():
    assert not any(re.search(r"[\u0400-\u04FF]", text) for text in messages("sr").values())


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Trgovina ljudima, Đorđe, džep, Njegoš", "Трговина људима, Ђорђе, џеп, Његош"),
        (
            "Vidi [izvor](https://example.org/a-b) i `kod`",
            "Види [извор](https://example.org/a-b) и `kod`",
        ),
        (
            "Piši na info@atina.org.rs ili www.astra.rs",
            "Пиши на info@atina.org.rs или www.astra.rs",
        ),
        ("Osvojeno {facility:.0%} od {total}", "Освојено {facility:.0%} од {total}"),
    ],
)
def test_cyrillic_keeps_links_addresses_and_placeholders(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_values_are_filled_in_after_transliteration():
    t = Translator("sr", "cyrillic")
    assert t("quiz.move_up", item="Jelena") == "Помери „Jelena” нагоре"
    assert Translator("sr")("quiz.true") == "Tačno"
    assert Translator("en")("quiz.true") == "True"


def test_unknown_languages_fall_back_to_english():
    assert Translator("de")("quiz.true") == "True"


def test_every_literal_key_used_in_the_code_is_in_the_catalogue():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "courseware"
    used = set()
    for path in root.rglob("*.py"):
        used |= set(
            re.findall(r"\bt\(\s*[\"']([a-z_]+\.[a-z_.]+)[\"']", path.read_text(encoding="utf-8"))
        )
    assert used, "the scan found no keys at all"
    assert sorted(used - set(messages("en"))) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_interface_message_shows_learners_a_doubt_marker(language):
    doubtful = {key: text for key, text in messages(language).items() if markers_in(text)}
    assert doubtful == {}


def test_technical_names_stay_in_latin_letters_in_cyrillic():
    text = "Preuzmite PDF, CSV ili JSON (ZIP) sa URL-a; XLSX datoteka. Identifikacija."
    assert to_cyrillic(text) == (
        "Преузмите PDF, CSV или JSON (ZIP) са URL-а; XLSX датотека. Идентификација."
    )


def test_the_language_tag_names_language_and_script():
    assert [
        Translator(*choice).tag for choice in [("en", "latin"), ("sr", "latin"), ("sr", "cyrillic")]
    ] == ["en", "sr-Latn", "sr-Cyrl"]


@pytest.mark.parametrize(
    ("language", "script", "value", "written"),
    [
        ("en", "latin", 1.5, "1.5"),
        ("sr", "latin", 1.5, "1,5"),
        ("sr", "cyrillic", 2.25, "2,25"),
        ("sr", "latin", 3, "3"),
        ("en", "latin", 2.0, "2"),
    ],
)
def test_numbers_are_written_as_readers_of_the_language_write_them(
    language, script, value, written
):
    assert Translator(language, script).number(value) == written
