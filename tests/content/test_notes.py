"""Author's notes: stripped before learners see a lesson, never part of a quiz's meaning,
listed by `validate` as information; doubt markers in learner-visible text are warnings."""

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.content.course import markdown_problems
from courseware.content.lesson import Segment, split_lesson
from courseware.content.notes import (
    DOUBT_MARKER,
    markdown_markers,
    markdown_notes,
    markers_in,
    strip_author_notes,
)
from courseware.content.quiz import load_quiz
from tests.quiz_files import SINGLE, quiz_yaml

LESSON = (
    "# Residence\n"
    "\n"
    "The Law on Foreigners provides a reflection period. <!-- author-note: length not verified -->\n"
    "\n"
    "<!-- author-note: check the article number\n"
    "     against the consolidated text -->\n"
    "- first point\n"
    "- second point\n"
    "\n"
    "`<!-- author-note: an example in code stays -->`\n"
)


def test_notes_are_stripped_from_what_learners_see():
    shown = strip_author_notes(LESSON)
    assert "author-note" not in shown.replace(
        "`<!-- author-note: an example in code stays -->`", ""
    )
    assert "length not verified" not in shown and "article number" not in shown
    assert "provides a reflection period.\n" in shown  # no trailing space left behind
    # A note alone on its lines goes with its lines: the list stays one tight list.
    assert "\n\n- first point\n- second point\n" in shown
    assert "`<!-- author-note: an example in code stays -->`" in shown


def test_the_lesson_widget_never_receives_a_note():
    text = "Intro. <!-- author-note: source is secondary -->\n\n```mermaid\nflowchart TD\n  A --> B\n```\n"
    segments = split_lesson(text)
    assert segments[0] == Segment("markdown", "Intro.\n\n")
    assert all("author-note" not in s.body and "secondary" not in s.body for s in segments)


def test_notes_are_listed_with_their_first_line():
    assert markdown_notes(LESSON) == [
        (3, "length not verified"),
        (5, "check the article number against the consolidated text"),
    ]


MARKED = [
    "(to be confirmed)",
    "*(To be confirmed: the penalty.)*",
    "the split is still to be confirmed",
    "figure to be verified",
    "TBC",
    "(treba potvrditi)",
    "*(Treba potvrditi: trajanje.)*",
    "podelu tek treba potvrditi",
    "Tačno trajanje treba proveriti u važećem tekstu.",
    "treba još proveriti",
    "potrebno je potvrditi",
    "TREBA DA SE PROVERI",
    "treba provjeriti",
    "the penalty [U]",
    "the length is not yet verified",
    "this figure needs verification",
    "needs to be confirmed",
    "trajanje još nije potvrđeno",
    "jos nije provjereno",
    "to be checked",
    "not yet confirmed",
    "needs verifying",
    "need confirmation",
    "TODO: the source",
    "FIXME",
    "trebalo bi potvrditi",
    "valja tek da se potvrdi",
    # Letters that the case-blind regex takes for an "i": the dotted İ and the dotless ı.
    "TO BE VERİFİED",
    "to be verıfied",
]


@pytest.mark.parametrize("text", MARKED)
def test_doubt_markers_in_english_and_serbian_are_found(text):
    assert markers_in(text), text


# The basic multilingual plane but its surrogates, for the characters that the case-blind
# regex takes for one another.
_CHARACTERS = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)


@cache
def _as_the_regex_may_read(character: str) -> st.SearchStrategy[str]:
    return st.sampled_from(re.findall(re.escape(character), _CHARACTERS, re.IGNORECASE))


# A marker with each letter in any case, or any character the regex takes for it (İ or ı for
# an i, the Kelvin sign for a k, ſ for an s).
_MARKED_TEXT = st.sampled_from(MARKED).flatmap(
    lambda text: st.tuples(*map(_as_the_regex_may_read, text)).map("".join)
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_MARKED_TEXT, st.text()), max_size=6))
def test_markers_are_found_exactly_as_by_the_regex_alone(pieces):
    # Text without a marker is ruled out before the regex runs: none that holds one may be.
    text = "".join(pieces)
    assert markers_in(text) == [(m.start(), m.group()) for m in DOUBT_MARKER.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Check availability before you promise a place.",
        "Proverite dostupnost pre nego što obećate mesto.",
        "Proverite sopstvene pretpostavke.",
        "The exact division of tasks is not described in the sources used for this course.",
        "Confirmed by the Centre in 2023.",
        "Potvrdite da je bezbedna.",
        "The relationship is unverified, and relatives can be involved.",
        "Srodstvo nije provereno.",
        "until his age is verified",
    ],
)
def test_instructions_and_honest_limits_are_not_markers(text):
    assert markers_in(text) == [], text


def test_a_marker_inside_a_note_is_not_shown_so_not_warned():
    text = "Line one.\n<!-- author-note: to be confirmed against the Code -->\nLine (to be confirmed).\n"
    assert markdown_markers(text) == [(3, "to be confirmed")]


def test_lesson_problems_list_notes_as_info_and_markers_as_warnings(tmp_path):
    lesson = tmp_path / "01-x.sr.md"
    lesson.write_text(
        "# Naslov\n\nTekst <!-- author-note: izvor iz 2021 -->\n\nBroj *(treba potvrditi)*.\n",
        encoding="utf-8",
    )
    problems = markdown_problems(lesson, "01-x.sr.md", tmp_path)
    assert [(p.line, p.severity) for p in problems] == [(3, "info"), (5, "warning")]
    assert problems[0].message == "author's note: izvor iz 2021"
    assert "'treba potvrditi' is shown to learners" in problems[1].message


def test_a_note_is_not_taken_for_raw_html(tmp_path):
    lesson = tmp_path / "01-x.en.md"
    lesson.write_text("Text <!-- author-note: see <b>page 3</b> -->\n", encoding="utf-8")
    assert [p.severity for p in markdown_problems(lesson, "01-x.en.md", tmp_path)] == ["info"]


NOTED = """\
- id: q-single
  type: single_choice
  note: "Key checked against the fact sheet, section 2.2."
  prompt: {en: Pick one, sr: Izaberi}
  explanation: {en: "Art. 13 (to be confirmed)", sr: "Član 13 (treba potvrditi)"}
  options:
    - {id: a, text: {en: A, sr: A}, correct: true}
    - {id: b, text: {en: B, sr: "B, treba proveriti"}}
"""


def test_quiz_notes_are_info_and_every_text_field_is_checked_in_both_languages():
    loaded = load_quiz(quiz_yaml(NOTED).encode(), "sample.yaml", expected_id="sample")
    found = [(p.line, p.severity, p.message.split(":")[0]) for p in loaded.warnings]
    assert (8, "info", "author's note") in found
    assert (10, "warning", "questions[0] (q-single).explanation.en") in found
    assert (10, "warning", "questions[0] (q-single).explanation.sr") in found
    assert (13, "warning", "questions[0] (q-single).options[1] (b).text.sr") in found
    assert len(loaded.warnings) == 4


def test_a_quiz_note_changes_neither_its_snapshot_nor_its_version():
    plain = load_quiz(quiz_yaml(SINGLE).encode(), "sample.yaml").value
    noted_text = quiz_yaml(SINGLE).replace(
        "    type: single_choice\n", "    type: single_choice\n    note: only for authors\n"
    )
    noted_text = noted_text.replace("questions:\n", "note: quiz-level note\nquestions:\n")
    noted = load_quiz(noted_text.encode(), "sample.yaml").value
    assert noted.note == "quiz-level note"
    assert noted.questions[0].note == "only for authors"
    assert "note" not in str(noted.snapshot())
    assert noted.content_version() == plain.content_version()


def test_a_note_must_be_plain_text():
    from courseware.content.problems import ContentError

    text = quiz_yaml(SINGLE).replace(
        "    type: single_choice\n", "    type: single_choice\n    note: {en: x}\n"
    )
    with pytest.raises(ContentError) as caught:
        load_quiz(text.encode(), "sample.yaml")
    assert any("note" in p.message and p.severity == "error" for p in caught.value.problems)
