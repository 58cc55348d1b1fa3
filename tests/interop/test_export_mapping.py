"""Exporting every type to Moodle XML and GIFT: the Moodle type and grades that give the
same score, and a warning on the question's line where Moodle would differ."""

from fractions import Fraction

import pytest
from lxml import etree

from courseware.interop import GIFT, XML, export_quiz, import_bank
from courseware.interop.bank import from_percent
from tests.interop.all_types import all_types, survey

LOADED = all_types()


def xml_questions(language="all"):
    exported = export_quiz(LOADED, "all.yaml", XML, language)
    root = etree.fromstring(exported.text.encode())
    found = {
        q.findtext("name/text"): q for q in root.iter("question") if q.get("type") != "category"
    }
    return found, [str(w) for w in exported.warnings]


QUESTIONS, WARNINGS = xml_questions()


def fractions(element) -> list[Fraction]:
    return [from_percent(a.get("fraction")) for a in element.findall("answer")]


def test_the_file_looks_like_a_moodle_export():
    text = export_quiz(LOADED, "all.yaml", XML, "en").text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    root = etree.fromstring(text.encode())
    category = root.find("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/Sample"


def test_single_and_multiple_choice_grades():
    single = QUESTIONS["single"]
    assert (single.get("type"), single.findtext("single")) == ("multichoice", "true")
    assert fractions(single) == [1, Fraction(1, 2), Fraction(1, 3), 0]
    assert single.findall("answer")[2].get("fraction") == "33.33333"
    assert single.findtext("defaultgrade") == "2.0000000"
    multiple = QUESTIONS["multiple"]
    assert multiple.findtext("single") == "false"
    assert fractions(multiple) == [Fraction(1, 3)] * 3 + [-1, Fraction(-1, 2)]
    assert fractions(QUESTIONS["partial"]) == [Fraction(1, 2), Fraction(1, 2), Fraction(-1, 2)]
    assert QUESTIONS["aon"].get("type") == "multichoiceset"
    assert any("'aon': needs the All-or-Nothing Multiple Choice plugin" in w for w in WARNINGS)


def test_true_false_feedback_explanation_reference_and_tags():
    tf = QUESTIONS["tf"]
    answers = tf.findall("answer")
    assert [a.findtext("text") for a in answers] == ["true", "false"]
    assert fractions(tf) == [0, 1]
    assert "Not so" in answers[0].findtext("feedback/text")
    general = tf.findtext("generalfeedback/text")
    assert '<span lang="en" class="multilang"><p>Because</p></span>' in general
    assert (
        '<p class="reference">' in general
        and "<cite>Criminal Code of Serbia, Art. 388(2)</cite>" in general
    )
    assert tf.xpath("tags/tag/text/text()") == ["concept-consent-irrelevant"]


def test_matching_numeric_short_answer_ordering_scenario():
    pairs = QUESTIONS["pairs"].findall("subquestion")
    # Right-hand items are plain text in Moodle; a text for every language is also shown in
    # Cyrillic to Cyrillic readers, as this app does.
    assert (
        pairs[-1].findtext("answer/text").startswith('<span lang="en" class="multilang">Adoption')
    )
    assert pairs[-1].findtext("text") == ""  # a distractor
    assert any("'pairs': Moodle's matching gives a share" in w for w in WARNINGS)
    number = QUESTIONS["number"].findall("answer")
    assert [(a.findtext("text"), a.findtext("tolerance")) for a in number] == [
        ("30", "1"),
        ("30", "5"),  # the range 25..35
        ("60", "0"),
    ]
    assert QUESTIONS["years"].findtext("units/unit/unit_name") == "years"
    short = QUESTIONS["short"]
    assert short.findtext("usecase") == "0"
    assert [a.findtext("text") for a in short.findall("answer")] == [
        "Belgrade",
        "Beo*rad",
        "*grad",
        "*",
    ]
    order = QUESTIONS["order"]
    assert order.findtext("gradingtype") == "ALL_OR_NOTHING"
    assert order.findtext("selecttype") == "ALL"
    description = QUESTIONS["case"]
    assert description.get("type") == "description"
    assert 'class="scenario-case"' in description.findtext("questiontext/text")


def test_languages_single_and_cyrillic():
    english, _ = xml_questions("en")
    assert english["tf"].findtext("questiontext/text") == "<p>True?</p>"
    cyrillic, _ = xml_questions("sr-Cyrl")
    assert cyrillic["tf"].findtext("questiontext/text") == "<p>Тачно?</p>"


def test_survey_questions():
    exported = export_quiz(survey(), "survey.yaml", XML, "en")
    root = etree.fromstring(exported.text.encode())
    assert [q.get("type") for q in root.iter("question")] == ["category", "essay"]
    warnings = [str(w) for w in exported.warnings]
    assert any("survey.yaml:6: warning: question 'rate': skipped" in w for w in warnings)
    gift = export_quiz(survey(), "survey.yaml", GIFT, "en").text
    assert "::words::[markdown]Comments{\n}" in gift


def test_gift_forms():
    gift = export_quiz(LOADED, "all.yaml", GIFT, "en")
    text = gift.text
    assert "::single::[markdown]P{\n\t=A\n\t~%50%B\n\t~%33.33333%C\n\t~D\n}" in text
    assert "\t~%-50%E#Wrong" in text
    assert "\tFALSE#Not so#\n" in text  # the first feedback is for the wrong answer
    assert "\t=A -&gt; 1 -> one" in text
    assert "\t#\n\t=%100%30:1#Right\n\t=%50%25..35\n\t=%25%60:0" in text
    assert (
        "::order::[markdown]Order{\n>2 ALL VERTICAL ALL_OR_NOTHING SHOW none\nFirst\nSecond\n}"
        in text
    )
    assert "// [id:tf] [tag:concept-consent-irrelevant]" in text
    assert "Years?\\: (years)" not in text and "Years? (years){" in text
    warnings = [str(w) for w in gift.warnings]
    assert any("'aon': GIFT has no all-or-nothing multiple choice" in w for w in warnings)
    assert any("'years': GIFT has no units" in w for w in warnings)


def test_gift_keeps_case_sensitivity_for_this_app_and_warns_about_moodle():
    from courseware.content.quiz import load_quiz
    from tests.content.test_extended_types import SHORT
    from tests.quiz_files import quiz_yaml

    loaded = load_quiz(quiz_yaml(SHORT + "  case_sensitive: true\n").encode(), "s.yaml")
    exported = export_quiz(loaded, "s.yaml", GIFT, "en")
    assert any("GIFT has no case setting" in str(w) for w in exported.warnings)
    back = import_bank(exported.text.encode(), "x", GIFT, quiz_id="s", module="m", kind="final")
    assert back.loaded.value.questions[0].case_sensitive


@pytest.mark.parametrize("fmt", [XML, GIFT])
@pytest.mark.parametrize("language", ["all", "en", "sr-Cyrl"])
def test_every_type_comes_back_with_the_same_scores(fmt, language):
    from tests.interop.test_round_trip import assert_same_scores

    text = export_quiz(LOADED, "all.yaml", fmt, language).text
    back = import_bank(
        text.encode(), "x", fmt, quiz_id="sample", module="legal-framework", kind="final"
    )
    assert_same_scores(LOADED.value, back.loaded.value)


def test_a_type_without_a_moodle_mapping_is_skipped_with_a_warning():
    # e.g. a "hotspot" type added later: export names it and goes on.
    from types import SimpleNamespace

    from courseware.interop.mapping import to_bank

    warnings = []
    question = SimpleNamespace(type="hotspot", id="h")
    assert to_bank(question, XML, False, warnings.append) == []
    assert warnings == ["skipped: the question type 'hotspot' has no Moodle equivalent"]
