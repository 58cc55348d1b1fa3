import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def run_cli():
    """Run `python -m courseware ARGS` in a folder, as a user would."""

    def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "courseware", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A small valid course: one module with one lesson and its check, a final, a survey."""
    (tmp_path / "modules" / "basics").mkdir(parents=True)
    (tmp_path / "quizzes").mkdir()
    write = lambda rel, text: (tmp_path / rel).write_text(text, encoding="utf-8")  # noqa: E731
    write(
        "modules/course.yaml",
        """\
id: demo
title: {en: Demo, sr: Demo}
languages: [en, sr]
default_language: en
modules: [basics]
survey: evaluation
certificate:
  passed: [basics-final]
""",
    )
    write(
        "modules/basics/module.yaml",
        """\
id: basics
title: {en: Basics, sr: Osnove}
summary: {en: S, sr: S}
objectives:
  - {en: O, sr: O}
estimated_minutes: 30
lessons:
  - id: intro
    title: {en: Intro, sr: Uvod}
    file: 01-intro
    check: basics-check-1
final: basics-final
""",
    )
    write("modules/basics/01-intro.en.md", "# Intro\n\nText.\n")
    write("modules/basics/01-intro.sr.md", "# Uvod\n\nTekst.\n")
    tf = "questions:\n  - {id: q1, type: true_false, prompt: {en: P, sr: P}, answer: true}\n"
    write(
        "quizzes/basics-check-1.yaml",
        f"id: basics-check-1\nmodule: basics\nkind: check\ntitle: {{en: C, sr: C}}\n{tf}",
    )
    write(
        "quizzes/basics-final.yaml",
        f"id: basics-final\nmodule: basics\nkind: final\ntitle: {{en: F, sr: F}}\n{tf}",
    )
    write(
        "quizzes/evaluation.yaml",
        "id: evaluation\nmodule: course\nkind: survey\ntitle: {en: E, sr: E}\n"
        "questions:\n  - {id: e1, type: likert, prompt: {en: P, sr: P}}\n",
    )
    (tmp_path / "data").mkdir()
    write(
        "data/contacts.yaml",
        "contacts:\n  - {id: police, name: Police, description: {en: Call, sr: Pozovite},"
        " phone: '192', emergency: true, reliability: V, last_confirmed: '2023', source: MoI}\n",
    )
    return tmp_path
