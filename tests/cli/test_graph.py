"""`graph QUIZ QUESTION -o FILE`: a branching case drawn for its author."""

import pytest

from tests.e2e.browser import find_chromium
from tests.quiz_files import BRANCHING, SINGLE, quiz_yaml


@pytest.fixture
def quiz_file(tmp_path):
    path = tmp_path / "sample.yaml"
    path.write_text(quiz_yaml(BRANCHING + SINGLE), encoding="utf-8")
    return path


def test_an_html_drawing_opens_without_a_network(run_cli, quiz_file, tmp_path):
    result = run_cli("graph", quiz_file, "case-girl", "-o", tmp_path / "case.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    drawn = (tmp_path / "case.html").read_text(encoding="utf-8")
    assert "The case and its paths" in drawn
    assert '<script src="https://cdn.plot.ly' not in drawn  # Plotly's script is in the file
    for step_id in ("meet", "police-first", "referred (100%)", "partial (25%)", "lost (0%)"):
        assert step_id in drawn, step_id


def test_the_texts_follow_the_language_asked_for(run_cli, quiz_file, tmp_path):
    output = tmp_path / "case.html"
    result = run_cli("graph", quiz_file, "case-girl", "-o", output, "--language", "sr")
    assert result.returncode == 0, result.stderr
    drawn = output.read_text(encoding="utf-8")
    assert "njegovi putevi" in drawn  # "Slučaj i njegovi putevi", the title in Serbian
    assert "Devojka od 16 godina" in drawn


@pytest.mark.skipif(find_chromium() is None, reason="an SVG is made in Chromium")
def test_an_svg_drawing_is_made_with_the_chromium_on_the_machine(run_cli, quiz_file, tmp_path):
    # Kaleido starts a Chromium for the picture: on a busy machine that alone can take a minute.
    result = run_cli(
        "graph", quiz_file, "case-girl", "-o", tmp_path / "case.svg", cwd=tmp_path, timeout=240
    )
    assert result.returncode == 0, result.stderr
    drawn = (tmp_path / "case.svg").read_text(encoding="utf-8")
    assert drawn.startswith("<svg") and "involve-guardian" in drawn


@pytest.mark.parametrize(
    ("question", "output", "message"),
    [
        ("nope", "case.html", "no question 'nope' in quiz 'sample'"),
        ("q-single", "case.html", "question 'q-single' is a single_choice question, not a case"),
        ("case-girl", "case.png", "the output must be a .html or .svg file, not 'case.png'"),
    ],
)
def test_what_cannot_be_drawn_is_a_usage_error(
    run_cli, quiz_file, tmp_path, question, output, message
):
    result = run_cli("graph", quiz_file, question, "-o", tmp_path / output, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"python -m courseware graph: error: {message}\n"


def test_an_invalid_quiz_exits_one_with_its_problems(run_cli, tmp_path):
    path = tmp_path / "sample.yaml"
    path.write_text(quiz_yaml(BRANCHING.replace("next: partial}", "next: nowhere}")))
    result = run_cli("graph", path, "case-girl", "-o", tmp_path / "case.html", cwd=tmp_path)
    assert result.returncode == 1
    assert "next 'nowhere' is not a step" in result.stderr
