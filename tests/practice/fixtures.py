"""A course with spaced practice: the follow-up course of tests/followup, a final of eight
questions over four tags (two each), a knowledge check of two, and a post-test."""

from __future__ import annotations

from pathlib import Path

from tests.followup.fixtures import write_followup_course

PRACTICE = "practice: {after_days: [3, 10, 30], questions: 3}\n"
TAGS = ("law", "signs", "referral", "care")


def _true_false(question_id: str, tag: str) -> str:
    return (
        f"  - {{id: {question_id}, type: true_false, prompt: {{en: 'Is {question_id} so?',"
        f" sr: 'Da li je {question_id} tako?'}}, answer: true, tags: [{tag}],"
        f" explanation: {{en: 'Because {question_id}.', sr: 'Zato {question_id}.'}}}}\n"
    )


def write_practice_course(tmp_path: Path, practice: str = PRACTICE) -> Path:
    root = write_followup_course(tmp_path)
    course = root / "modules" / "course.yaml"
    text = course.read_text(encoding="utf-8").replace("survey: evaluation\n", "")
    course.write_text(
        text + "posttest: posttest\nsurvey: evaluation\n" + practice, encoding="utf-8"
    )
    final = "".join(_true_false(f"{tag}-{n}", tag) for tag in TAGS for n in (1, 2))
    (root / "quizzes" / "basics-final.yaml").write_text(
        f"id: basics-final\nmodule: basics\nkind: final\ntitle: {{en: F, sr: F}}\nquestions:\n{final}",
        encoding="utf-8",
    )
    check = _true_false("check-law", "law") + _true_false("check-care", "care")
    (root / "quizzes" / "basics-check-1.yaml").write_text(
        f"id: basics-check-1\nmodule: basics\nkind: check\ntitle: {{en: C, sr: C}}\nquestions:\n{check}",
        encoding="utf-8",
    )
    post = _true_false("post-signs", "signs") + _true_false("post-law", "law")
    (root / "quizzes" / "posttest.yaml").write_text(
        f"id: posttest\nmodule: course\nkind: posttest\ntitle: {{en: P, sr: P}}\nquestions:\n{post}",
        encoding="utf-8",
    )
    return root
