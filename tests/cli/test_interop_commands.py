"""`export` and `import` as a user runs them: where files go, what is printed, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.content.catalog import check_file

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "interop" / "fixtures"


@pytest.fixture
def course(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "modules", tmp_path / "modules")
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_export_to_standard_output_with_warnings_on_standard_error(course, capsys):
    assert main(["export", "legal-framework-final", "--format", "moodle-xml", "--lang", "all"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'lang="sr_cr"' in captured.out
    assert "$course$/top/International and Serbian legal framework/Final quiz" in captured.out
    assert captured.err.startswith(
        "quizzes/legal-framework-final.yaml:728: warning: question 'lf-f-chronology': needs "
        "the Ordering question type"
    )
    assert captured.err.splitlines()[-1].endswith(
        "warning: question 'case-building-site': Moodle has no branching case; "
        "exported as a description (not graded in Moodle)"
    )


def test_export_defaults_to_the_course_language_and_writes_a_file(course, capsys):
    assert main(["export", "quizzes/referral-final.yaml", "--format", "gift", "-o", "r.txt"]) == 0
    text = (course / "r.txt").read_text()
    assert "[markdown]" in text and "multilang" not in text
    assert capsys.readouterr().out == ""


def test_export_all_writes_one_file_per_quiz(course, capsys):
    assert main(["export", "--all", "--format", "moodle-xml", "-o", "out"]) == 0
    written = sorted(p.name for p in (course / "out").iterdir())
    assert len(written) == len(list((course / "quizzes").glob("*.yaml")))
    assert "legal-framework-check-1.xml" in written
    assert "quizzes exported to out" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "nope", "--format", "gift"],
        ["export", "--format", "gift"],
        ["export", "--all", "--format", "gift"],
        [
            "import",
            "x.xml",
            "--format",
            "gift",
            "--id",
            "Bad_Id",
            "--module",
            "m",
            "--kind",
            "final",
        ],
    ],
)
def test_usage_errors(course, capsys, argv):
    (course / "x.xml").write_text("<quiz/>")
    assert main(argv) == 2
    assert "error:" in capsys.readouterr().err


def test_import_writes_a_valid_quiz_prints_warnings_and_a_summary(course, capsys):
    source = course / "moodle.xml"
    shutil.copy(FIXTURES / "moodle-export.xml", source)
    argv = ["import", "moodle.xml", "--format", "moodle-xml", "--id", "imported-bank"]
    argv += ["--module", "legal-framework", "--kind", "final"]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("moodle.xml:15: warning: question 'First step'")
    assert out[-1] == "12 questions imported, 3 skipped: quizzes/imported-bank.yaml"
    written = course / "quizzes" / "imported-bank.yaml"
    assert [p for p in check_file(written) if p.severity == "error"] == []
    # Never replaced without --force.
    assert main(argv) == 2
    assert "exists; add --force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0


def test_export_then_import_a_final_as_a_new_user_would(course, capsys):
    assert (
        main(
            [
                "export",
                "legal-framework-final",
                "--format",
                "moodle-xml",
                "--lang",
                "all",
                "-o",
                "lf.xml",
            ]
        )
        == 0
    )
    argv = [
        "import",
        "lf.xml",
        "--format",
        "moodle-xml",
        "--id",
        "lf-copy",
        "--module",
        "legal-framework",
        "--kind",
        "final",
        "-o",
        "copy/lf-copy.yaml",
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "29 questions imported, 0 skipped: copy/lf-copy.yaml"
    )
    assert main(["validate", "copy/lf-copy.yaml"]) == 0


def test_gift_import_of_the_documentation_examples(course, capsys):
    shutil.copy(FIXTURES / "moodle-docs.gift.txt", course / "docs.gift")
    argv = [
        "import",
        "docs.gift",
        "--format",
        "gift",
        "--id",
        "gift-bank",
        "--module",
        "legal-framework",
        "--kind",
        "final",
        "--category",
        "Legal framework/GIFT examples",
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("15 questions imported, 1 skipped")


def test_a_file_over_the_limit_is_refused_before_it_is_read(course, capsys, monkeypatch):
    big = course / "big.gift"
    with big.open("wb") as file:
        file.truncate(3 * 1024**3)  # sparse: takes no disk space
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    argv = ["import", "big.gift", "--format", "gift", "--id", "big", "--module", "course"]
    assert main([*argv, "--kind", "check"]) == 1
    assert capsys.readouterr().out == (
        "big.gift:1: error: file is 3,221,225,472 bytes; the limit is 10,485,760 (10 MiB)\n"
    )
    assert not (course / "quizzes" / "big.yaml").exists()
