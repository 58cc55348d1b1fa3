"""Files made to hurt: each is refused with `FILE:LINE: error: MESSAGE`, exit status 1, and
nothing written; no content of another file ever appears. How long each takes is measured,
not asserted: `python -m bench.run --only interop`."""

from __future__ import annotations

import pytest

from courseware.cli import main

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<quiz><question type="truefalse"><name><text>&lol9;</text></name></question></quiz>
"""


def external_entity(secret_path) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file://{secret_path}">]>
<quiz>
  <question type="truefalse">
    <name><text>Leak</text></name>
    <questiontext format="html"><text>&secret;</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""


def run_import(tmp_path, monkeypatch, capsys, name: str, content: bytes, fmt: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content)
    code = main(
        ["import", name, "--format", fmt, "--id", "hostile", "--module", "m", "--kind", "final"]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert not (tmp_path / "quizzes").exists()  # nothing written
    return out


def test_billion_laughs_is_refused(tmp_path, monkeypatch, capsys):
    out = run_import(
        tmp_path, monkeypatch, capsys, "bomb.xml", BILLION_LAUGHS.encode(), "moodle-xml"
    )
    assert out.startswith("bomb.xml:2: error: the file declares a DOCTYPE")
    assert "lollol" not in out


def test_an_external_entity_never_reads_the_file(tmp_path, monkeypatch, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    content = external_entity(secret).encode()
    out = run_import(tmp_path, monkeypatch, capsys, "xxe.xml", content, "moodle-xml")
    assert out.startswith("xxe.xml:2: error: the file declares a DOCTYPE")
    assert "TOP-SECRET" not in out


def test_the_xml_parser_itself_resolves_no_entity_and_fetches_nothing():
    # Even past our refusal of DTDs, the parser is set to expand and fetch nothing.
    from lxml import etree

    from courseware.interop.moodle_xml_import import _parser

    parser = _parser()
    root = etree.fromstring(BILLION_LAUGHS.encode(), parser)
    assert "lollol" not in etree.tostring(root, encoding="unicode")


def test_ten_megabytes_of_unbalanced_gift_braces(tmp_path, monkeypatch, capsys):
    content = b"::Q::" + b"{ { ~a ~b " * 1_000_000
    assert len(content) > 10_000_000 - 100
    out = run_import(tmp_path, monkeypatch, capsys, "big.gift", content[:10_000_000], "gift")
    assert out.startswith("big.gift:1: error: the answer block needs both '{' and '}'")


def test_more_than_the_size_limit(tmp_path, monkeypatch, capsys):
    content = b"Q {T}\n\n" * 1_600_000
    out = run_import(tmp_path, monkeypatch, capsys, "huge.gift", content, "gift")
    assert "huge.gift:1: error: file is 11,200,000 bytes; the limit is 10,485,760 (10 MiB)" in out


def test_deep_nesting(tmp_path, monkeypatch, capsys):
    content = ("<quiz>" + "<a>" * 100_000 + "</a>" * 100_000 + "</quiz>").encode()
    out = run_import(tmp_path, monkeypatch, capsys, "deep.xml", content, "moodle-xml")
    assert out.startswith("deep.xml:1: error: malformed XML: Excessive depth")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<quiz><question type='truefalse'>", "malformed XML"),
        (b"<notquiz/>", "expected <quiz> at the top"),
        (b"\xff\xfe<quiz/>", "not valid UTF-8"),
    ],
)
def test_malformed_xml(tmp_path, monkeypatch, capsys, content, message):
    out = run_import(tmp_path, monkeypatch, capsys, "bad.xml", content, "moodle-xml")
    assert out.startswith("bad.xml:1: error: ") and message in out


def test_many_stars_and_braces_in_gift_stay_linear(tmp_path, monkeypatch, capsys):
    content = ("Q {=" + "*a" * 200_000 + "}\n\nBroken {").encode()
    out = run_import(tmp_path, monkeypatch, capsys, "stars.gift", content, "gift")
    assert out.startswith("stars.gift:3: error:")


def test_megabytes_of_html_text_stop_at_the_text_budget(tmp_path, monkeypatch, capsys):
    paragraphs = "<p>word <b>bold</b> and <i>it</i></p>" * 60_000
    content = (
        "<quiz><question type='truefalse'><name><text>Big</text></name>"
        f"<questiontext format='html'><text><![CDATA[{paragraphs}]]></text></questiontext>"
        "<answer fraction='100'><text>true</text></answer></question></quiz>"
    ).encode()
    out = run_import(tmp_path, monkeypatch, capsys, "big.xml", content, "moodle-xml")
    assert "big.xml:1: error: the questions hold more than 512 KiB of text" in out


@pytest.mark.parametrize(
    "text",
    [
        '<span lang="en" class="multilang">' * 100_000,
        "{mlang en}" * 40_000,
        "<b>" * 100_000,
    ],
)
def test_unclosed_language_blocks_and_deep_html_are_read(text):
    from courseware.interop.markup import html_text

    html_text(text, [])  # no error, no recursion limit (its time: bench/interop.py)
