import pytest

from courseware.content.problems import ContentError
from courseware.content.yaml_source import MAX_FILE_BYTES, parse_mapping, parse_yaml


def problem_of(raw: bytes):
    with pytest.raises(ContentError) as caught:
        parse_mapping(raw, "f.yaml")
    [problem] = caught.value.problems
    return problem


def test_values_keep_the_line_of_their_key_or_item():
    document = parse_yaml(b"a: 1\nb:\n  - x: 2\n    y: 0.5\n  - 3\n", "f.yaml")
    assert document.data == {"a": 1, "b": [{"x": 2, "y": 0.5}, 3]}
    assert document.line_of(("b", 0, "y")) == 4
    assert document.line_of(("b", 1)) == 5
    # A path that is not in the file falls back to its nearest ancestor.
    assert document.line_of(("b", 0, "missing")) == 3


def test_keys_are_kept_as_written():
    assert parse_mapping(b"1: a\ntrue: b\n", "f.yaml").data == {"1": "a", "true": "b"}


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        (b"a: 1\nb: [\n", 3, "invalid YAML"),
        (b"- a\n- b\n", 1, "top level must be a mapping"),
        (b"just text\n", 1, "top level must be a mapping"),
        (b"a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first given on line 1)"),
        (b"a:\n  x: 1\n  x: 2\n", 3, "duplicate key 'x'"),
        (b"a: !!python/object/apply:os.system [ls]\n", 1, "tag"),
        (b"a: !custom 1\n", 1, "tag"),
        (b"a: &anchor 1\nb: *anchor\n", 1, "anchor"),
        (b"a: ok\nb: \xff\xfe\n", 2, "not valid UTF-8"),
        (b"", 1, "empty"),
        (b"a: 1\n---\nb: 2\n", 2, "one YAML document"),
        (b"? [x]\n: 1\n", 1, "plain name"),
        (b"a: " + b"[" * 60 + b"]" * 60 + b"\n", 1, "nesting"),
        (b"a: 2001-02-30\n", 1, "invalid value '2001-02-30'"),
        # The whole file is checked before a problem in its data (here the duplicate key) is
        # reported: what plain data never needs, or broken YAML, comes first.
        (b"a: 1\na: 2\nb: &x 3\n", 3, "anchor"),
        (b"a: 1\na: 2\nb: [\n", 4, "invalid YAML"),
    ],
)
def test_bad_input_is_one_clear_error_on_its_line(raw, line, words):
    problem = problem_of(raw)
    assert problem.line == line
    assert problem.severity == "error"
    assert words in problem.message


def test_billion_laughs_is_refused_before_expansion():
    raw = b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    assert "anchor" in problem_of(raw).message


def test_files_over_one_mebibyte_are_refused_unread():
    raw = b"a: '" + b"x" * MAX_FILE_BYTES + b"'\n"
    assert "1 MiB" in problem_of(raw).message
