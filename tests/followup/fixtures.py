"""A small course with a follow-up plan: the course of `write_small_course`, plus a retention
check at 30 days and a survey at 90."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_small_course

PLAN = """\
followup:
  - after_days: 30
    quiz: retention-30
    remind_again_after_days: 7
  - after_days: 90
    quiz: followup-survey
"""


def write_followup_course(tmp_path: Path, plan: str = PLAN) -> Path:
    root = write_small_course(tmp_path)
    course = root / "modules" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8") + plan, encoding="utf-8")
    (root / "quizzes" / "retention-30.yaml").write_text(
        "id: retention-30\nmodule: course\nkind: retention\ntitle: {en: Thirty days, sr: Trideset dana}\n"
        "questions:\n  - {id: r1, type: true_false, prompt: {en: P, sr: P}, answer: true}\n",
        encoding="utf-8",
    )
    (root / "quizzes" / "followup-survey.yaml").write_text(
        "id: followup-survey\nmodule: course\nkind: survey\ntitle: {en: Your work, sr: Vaš rad}\n"
        "questions:\n  - {id: s1, type: likert, prompt: {en: P, sr: P}}\n",
        encoding="utf-8",
    )
    return root
