"""The acceptance check's own files (written apart from the other fixtures): the examples of
Moodle's GIFT documentation, a bank as Moodle 4.x exports it, and a GIFT file from Windows
with a byte order mark. Each answer scores what Moodle gives, worked out by hand from
Moodle's rules (question/format/gift, the qtypes' grade_response)."""

from fractions import Fraction

import pytest
from lxml import etree

from courseware.content.problems import ContentError
from courseware.content.quiz import load_quiz
from courseware.interop import export_quiz, import_bank
from tests.interop.helpers import imported, points, questions

F = Fraction
GIFT = imported("acceptance-docs.gift.txt", "gift", kind="check")
XML = imported("acceptance-moodle4.xml", "moodle-xml", kind="check")

# question id, the learner's answer, Moodle's share of the points
GIFT_SCORES = [
    ("grant-tomb", "c", 1),
    ("grant-tomb", "a", 0),
    ("missing-word", "b", 1),
    ("tf-false", False, 1),
    ("tf-feedback", True, 0),
    ("short-answer", "No One", 1),
    ("short-answer", "noone", 0),
    ("numeric-tol", 1827, 1),
    ("numeric-tol", 1827.01, 0),
    ("matching", {"a": "b", "b": "a", "c": "c", "d": "d"}, F(1, 2)),
    ("two-people", ["b", "c"], 1),
    ("two-people", ["b"], F(1, 2)),
    ("two-people", ["a", "b", "c"], 0),
    ("two-people", ["a", "b", "c", "d"], 0),
    ("jesus-hometown", "b", F(1, 4)),
    ("jesus-hometown", "c", F(1, 2)),
    ("jesus-hometown", "d", 1),
    ("pi-range", 3.1415, 1),
    ("pi-range", 3.143, 0),
    ("grant-born-weighted", 1822, 1),
    ("grant-born-weighted", 1820, F(1, 2)),
    ("grant-born-weighted", 1825, 0),
    ("weighted-numeric", 3.1, 1),
    ("weighted-numeric", 2, F(1, 2)),
    ("weighted-numeric", 4.01, 0),
    ("range-2-4", 4, 1),
    ("range-2-4", 4.0001, 0),
    ("escapes", "b", 1),
    ("wildcard", "GRUNT", 1),
    ("wildcard", "Grnt", 1),
    ("wildcard", "Grt", 0),
    ("wildcard", "lincoln", F(1, 2)),
    ("my-q-1", True, 1),
]


@pytest.mark.parametrize(("question_id", "answer", "share"), GIFT_SCORES)
def test_gift_documentation_examples_score_as_in_moodle(question_id, answer, share):
    leaf = questions(GIFT)[question_id]
    assert points(GIFT.loaded.value, {question_id: answer})[question_id] == share * leaf.max_points


def test_gift_documentation_forms_are_read_as_moodle_reads_them():
    found = questions(GIFT)
    assert (GIFT.imported, GIFT.skipped) == (24, 1)  # the essay is skipped in a graded quiz
    assert found["missing-word"].prompt == "Grant is \\_\\_\\_\\_\\_ in Grant's tomb."
    assert found["escapes"].options[1].text == "= 2 + 3"
    assert found["general-feedback"].explanation == "Paris has been the capital since 508."
    assert found["my-q-1"].tags == ["history", "usa"]
    assert found["tf-feedback"].feedback_false == "Right: the east."
    assert found["html-q"].prompt == "Who is **buried** here?"
    assert found["more-escapes-colon"].prompt == (
        "Braces { and } and tilde \\~ and hash \\# and backslash \\\\ and newline\\\nhere."
    )
    assert [str(w) for w in GIFT.warnings] == [
        "fixtures/acceptance-docs.gift.txt:52: warning: question 'Essay': skipped: an essay is "
        "graded by hand in Moodle; only a survey can hold open answers"
    ]


def test_a_bom_windows_line_ends_and_a_cyrillic_name():
    result = imported("acceptance-bom-crlf.gift.txt", "gift", kind="check")
    found = questions(result)
    assert list(found) == ["cirilica", "windows"]  # the Cyrillic name read in Latin letters
    assert found["cirilica"].options[0].text == "Србија"
    # Moodle shows the line break: here a Markdown hard break keeps it.
    assert found["windows"].prompt == "Line one\\\nline two"


XML_SCORES = [
    ("ind-1", ["a", "b", "c"], 1),
    ("ind-1", ["a"], F(1, 3)),
    ("ind-1", ["a", "b", "c", "d"], 0),
    ("ind-1", ["a", "b", "d"], 0),
    ("single-partial", "b", F(1, 2)),
    ("tf", True, 1),
    ("match", {"a": "a", "b": "d", "c": "c"}, F(2, 3)),
    ("num", 30, 1),
    ("num", 34, F(1, 2)),
    ("num", 36, 0),
    ("short", "Palermoo", F(1, 2)),  # only the wildcard answer fits
    ("short", "palermo", 0),  # case-sensitive
    ("short", "Palermo", 1),
    ("order", ["a", "c", "b"], F(1, 3)),
    ("allornothing", ["a", "b"], 1),
    ("allornothing", ["a"], 0),
    ("cirilica-pitanje", False, 1),
]


@pytest.mark.parametrize(("question_id", "answer", "share"), XML_SCORES)
def test_a_moodle_4_export_scores_as_in_moodle(question_id, answer, share):
    leaf = questions(XML)[question_id]
    assert points(XML.loaded.value, {question_id: answer})[question_id] == share * leaf.max_points


def test_a_moodle_4_export_keeps_languages_tags_and_names_each_loss_on_its_line():
    found = questions(XML)
    assert (XML.imported, XML.skipped) == (10, 3)
    assert found["ind-1"].prompt == {
        "en": "Which are **indicators**?",
        "sr": "Koji su **indikatori**?",
    }
    assert found["ind-1"].explanation == {"en": "Both are indicators.", "sr": "Oba su indikatori."}
    assert found["ind-1"].tags == ["indicators", "labour-exploitation"]
    assert found["cirilica-pitanje"].prompt == {"en": "Is it?", "sr": "Da li je?"}
    assert [d.id for d in found["match"].distractors] == ["d"]
    # Some of its questions shuffle their answers in Moodle: so does the quiz, and the one
    # that does not is named on its line.
    assert XML.loaded.value.shuffle_options is True
    assert [w.line for w in XML.warnings if "shuffles the options" in w.message] == [76]
    assert GIFT.loaded.value.shuffle_options is False  # GIFT says nothing of shuffling
    lines = [(w.line, w.message.split(": ", 1)[1][:30]) for w in XML.warnings]
    assert (76, "image (an embedded file) is no") in lines
    assert (263, "skipped: an essay is graded by") in lines
    assert (281, "skipped: Cloze (multianswer) q") in lines
    assert (291, "skipped: the question type 'dd") in lines


def gift(text: str):
    return import_bank(text.encode(), "t.gift", "gift", quiz_id="t", module="course", kind="check")


def test_a_question_our_types_cannot_hold_is_skipped_on_its_line_not_the_whole_file():
    options = " ".join(f"~wrong{n}" for n in range(14))
    result = gift(f"::ok::Fine.{{T}}\n\n::many::Pick one. {{=right {options}}}\n")
    assert [q.id for q in result.loaded.value.questions] == ["ok"]
    assert result.skipped == 1
    (warning,) = result.warnings
    assert warning.line == 3 and "at most 12" in warning.message


def test_ranges_and_tolerances_are_taken_as_moodle_takes_them():
    # Moodle makes a range its middle ± half its width and uses the absolute tolerance.
    result = gift("::rev::Range {#4..2}\n\n::neg::Tolerance {#3:-1}\n")
    quiz = result.loaded.value
    assert points(quiz, {"rev": 2.5, "neg": 2}) == {"rev": 1, "neg": 1}
    assert points(quiz, {"rev": 4.5, "neg": 4.5}) == {"rev": 0, "neg": 0}


def test_an_answer_with_no_text_is_left_out_as_moodle_does():
    result = gift("::e::Empty {=a ~ ~b}\n")
    (question,) = result.loaded.value.questions
    assert [o.text for o in question.options] == ["a", "b"]


def test_a_description_with_no_question_after_it_is_named_on_its_line():
    result = gift("::a::A real question {T}\n\n::d::Just a trailing description.\n")
    (warning,) = result.warnings
    assert (warning.line, warning.message) == (
        3,
        "description 'd' has no question after it: skipped",
    )


def test_a_file_with_nothing_to_import_says_why():
    with pytest.raises(ContentError) as raised:
        gift("::e::Write about it. {}\n")
    messages = [str(p) for p in raised.value.problems]
    assert "t.gift:1: error: no question in the file could be imported" in messages
    assert any("t.gift:1: warning: question 'e': skipped: an essay" in m for m in messages)


def test_names_in_several_languages_give_an_english_id_and_a_prompt_in_each_language():
    result = gift(
        "::{mlang en}The case{mlang}{mlang sr_lt}Slučaj{mlang}::Ana, 19, answered an advert.\n\n"
        "::{mlang en}First{mlang}{mlang sr_lt}Prvo{mlang}::Is it a case? {T}\n"
    )
    (case,) = result.loaded.value.questions
    assert case.id == "the-case"
    assert case.prompt == {"en": "The case", "sr": "Slučaj"}
    assert [q.id for q in case.questions] == ["first"]
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="truefalse">\n'
        '    <name><text><![CDATA[<span lang="en" class="multilang">Consent</span>'
        '<span lang="sr_lt" class="multilang">Pristanak</span>]]></text></name>\n'
        '    <questiontext format="html"><text>Is consent irrelevant?</text></questiontext>\n'
        '    <answer fraction="100"><text>true</text></answer>\n'
        '    <answer fraction="0"><text>false</text></answer>\n  </question>\n</quiz>\n'
    )
    result = import_bank(
        xml.encode(), "t.xml", "moodle-xml", quiz_id="t", module="course", kind="check"
    )
    assert [q.id for q in result.loaded.value.questions] == ["consent"]


SURVEY = """\
id: s
module: course
kind: survey
title: Survey
questions:
  - id: signs
    type: multiple_choice
    prompt: Which signs did you rely on?
    options:
      - {id: debt, text: Debt, correct: true}
      - {id: other, text: Other, correct: true}
"""


def test_a_survey_is_not_graded_in_moodle_either():
    loaded = load_quiz(SURVEY.encode(), "s.yaml")
    xml = export_quiz(loaded, "s.yaml", "moodle-xml", "en")
    grades = etree.fromstring(xml.text.encode()).xpath("//question[@type!='category']/defaultgrade")
    assert [g.text for g in grades] == ["0.0000000"]
    back = import_bank(
        xml.text.encode(), "s.xml", "moodle-xml", quiz_id="s", module="course", kind="survey"
    )
    assert back.warnings == []
    gift = export_quiz(loaded, "s.yaml", "gift", "en")
    assert [str(w) for w in gift.warnings][-1] == (
        "s.yaml:6: warning: question 'signs': GIFT has no points: Moodle grades this survey "
        "question out of 1 (set its mark to 0 in the Moodle quiz)"
    )


def test_a_category_not_in_the_file_is_named_with_the_ones_that_are():
    with pytest.raises(ContentError) as raised:
        imported("acceptance-docs.gift.txt", "gift", kind="check", category="Nope")
    assert [str(p) for p in raised.value.problems] == [
        "fixtures/acceptance-docs.gift.txt:1: error: no question in the category 'Nope' "
        "(the file's categories: 'GIFT docs')"
    ]
    chosen = imported("acceptance-docs.gift.txt", "gift", kind="check", category="GIFT docs")
    assert chosen.imported == 24


ARROW = """\
id: a
module: course
kind: check
title: Arrows
questions:
  - {id: arrow, type: short_answer, prompt: Type the arrow, answers: [{text: "a->b"}]}
  - {id: plain, type: short_answer, prompt: Type T, answers: [{text: "T"}, {text: "#1"}]}
"""


def test_gift_never_writes_a_short_answer_that_moodle_would_read_as_matching():
    loaded = load_quiz(ARROW.encode(), "a.yaml")
    exported = export_quiz(loaded, "a.yaml", "gift", "en")
    assert [str(w) for w in exported.warnings] == [
        "a.yaml:6: warning: question 'arrow': skipped: GIFT cannot hold the accepted answer "
        "'a->b' ('->' makes it matching)"
    ]
    back = gift(exported.text)  # read as Moodle reads it
    (plain,) = back.loaded.value.questions
    assert plain.type == "short_answer" and [a.text for a in plain.answers] == ["T", "#1"]


PERCENT = """\
id: p
module: course
kind: check
title: Percentages
questions:
  - id: share
    type: single_choice
    prompt: How many were recruited online?
    options:
      - {id: half, text: "%50% of them", correct: true}
      - {id: quarter, text: "%25% of them"}
"""


def test_gift_keeps_a_wrong_option_that_starts_like_a_weight_wrong():
    # Moodle read "~%25% of them" as an option worth 25% whose text is "of them".
    exported = export_quiz(load_quiz(PERCENT.encode(), "p.yaml"), "p.yaml", "gift", "en")
    assert "\t~%0%%25% of them\n" in exported.text
    quiz = gift(exported.text).loaded.value
    assert [o.text for o in quiz.questions[0].options] == ["%50% of them", "%25% of them"]
    assert points(quiz, {"share": "quarter"}) == {"share": 0}


def test_a_name_without_its_closing_colons_is_dropped_as_moodle_does():
    (question,) = gift("::No end name {T}\n").loaded.value.questions
    assert (question.id, question.prompt) == ("no-end-name", "No end name")


GENEROUS = """\
id: g
module: course
kind: check
title: Any two
questions:
  - id: two
    type: multiple_choice
    prompt: Name any two indicators.
    options:
      - {id: debt, text: Debt, credit: 0.5}
      - {id: papers, text: Papers withheld, credit: 0.5}
      - {id: isolation, text: Isolation, credit: 0.5}
"""


def test_credits_above_100_percent_are_named_for_moodles_editor():
    exported = export_quiz(load_quiz(GENEROUS.encode(), "g.yaml"), "g.yaml", "moodle-xml", "en")
    assert [str(w) for w in exported.warnings] == [
        "g.yaml:6: warning: question 'two': its positive credits add up to 150%: Moodle imports "
        "it with a notice and scores it the same, but its question editor will ask for 100%"
    ]


def test_an_answer_block_with_more_answers_than_any_question_holds_is_refused():
    many = " ".join("~b" for _ in range(101))
    with pytest.raises(ContentError) as raised:
        gift(f"::ok::Fine {{T}}\n\n::many::Pick {{=a {many}}}\n")
    assert [str(p) for p in raised.value.problems] == [
        "t.gift:3: error: more than 100 answers in one question"
    ]
    assert len(gift(f"::q::Pick {{=a {' '.join('~b' for _ in range(11))}}}\n").warnings) == 0


def test_many_tiny_texts_count_at_least_16_characters_each_against_the_limit():
    # 2,000 questions of 100 one-letter answers: 3.2 MB of conversions at 16 characters each.
    question = "::q::t {=a " + " ".join("~b" for _ in range(99)) + "}\n\n"
    with pytest.raises(ContentError, match="more than 512 KiB of text"):
        gift(question * 1990)


def test_an_image_only_answer_is_not_dropped_silently():
    # Moodle keeps it (its text is not empty); here it has no text to show: a warning says so.
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="multichoice">\n'
        "    <name><text>Pick</text></name>\n"
        '    <questiontext format="html"><text>Which one?</text></questiontext>\n'
        '    <answer fraction="100" format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png">]]>'
        "</text></answer>\n"
        '    <answer fraction="0" format="html"><text></text></answer>\n'
        '    <answer fraction="0" format="html"><text>B</text></answer>\n'
        '    <answer fraction="0" format="html"><text>C</text></answer>\n  </question>\n</quiz>\n'
    )
    with pytest.raises(ContentError) as raised:
        import_bank(xml.encode(), "t.xml", "moodle-xml", quiz_id="t", module="course", kind="check")
    assert "t.xml:3: warning: question 'Pick': skipped: option a is empty" in [
        str(p) for p in raised.value.problems
    ]
