"""The follow-up plan in course.yaml: parsed, checked with file and line, and which steps and
reminders are due."""

from __future__ import annotations

from datetime import date

from courseware.content.catalog import load_catalog
from courseware.followup import Reminder, plan_status, reminders_due
from tests.followup.fixtures import write_followup_course


def _errors(root):
    return [
        (p.file.replace("\\", "/").split("/modules/")[-1], p.line, p.message)
        for p in load_catalog(root).problems
        if p.severity == "error"
    ]


def test_a_valid_plan_is_read_and_its_quizzes_count_as_used(tmp_path):
    catalog = load_catalog(write_followup_course(tmp_path))
    assert [p for p in catalog.problems if p.severity == "error"] == []
    assert [(s.after_days, s.quiz, s.remind_again_after_days) for s in catalog.course.followup] == [
        (30, "retention-30", 7),
        (90, "followup-survey", None),
    ]
    assert not any("not used" in p.message for p in catalog.problems)


def test_validate_names_an_unknown_quiz_with_its_line(tmp_path):
    root = write_followup_course(tmp_path, "followup:\n  - after_days: 30\n    quiz: nowhere\n")
    assert _errors(root) == [("course.yaml", 11, "quiz 'nowhere' does not exist")]


def test_validate_names_a_quiz_of_the_wrong_kind_with_its_line(tmp_path):
    root = write_followup_course(
        tmp_path, "followup:\n  - after_days: 30\n    quiz: basics-final\n"
    )
    [(file, line, message)] = _errors(root)
    assert (file, line) == ("course.yaml", 11)
    assert "'final' quiz" in message and "'retention'" in message


def test_validate_names_offsets_that_do_not_increase_with_their_line(tmp_path):
    plan = (
        "followup:\n  - after_days: 30\n    quiz: retention-30\n"
        "  - after_days: 30\n    quiz: followup-survey\n"
    )
    assert _errors(write_followup_course(tmp_path, plan)) == [
        ("course.yaml", 12, "after_days 30 must be greater than the step before it (30)")
    ]


def test_the_validate_command_prints_file_and_line(tmp_path, run_cli):
    root = write_followup_course(tmp_path, "followup:\n  - after_days: 30\n    quiz: nowhere\n")
    result = run_cli("validate", cwd=root)
    assert result.returncode != 0
    assert "modules/course.yaml:11: error" in result.stdout + result.stderr


def _plan(tmp_path):
    return load_catalog(write_followup_course(tmp_path)).course.followup


def test_steps_fall_due_counted_from_the_certificate_day(tmp_path):
    plan = _plan(tmp_path)
    steps = plan_status(plan, date(2026, 3, 2), submitted=[])
    assert [(s.quiz_id, s.due_on) for s in steps] == [
        ("retention-30", date(2026, 4, 1)),
        ("followup-survey", date(2026, 5, 31)),
    ]
    assert [s.due(date(2026, 3, 31)) for s in steps] == [False, False]
    assert [s.due(date(2026, 4, 1)) for s in steps] == [True, False]


def test_a_step_taken_is_no_longer_due_nor_reminded(tmp_path):
    plan = _plan(tmp_path)
    steps = plan_status(plan, date(2026, 3, 2), submitted=["retention-30"])
    assert [s.done for s in steps] == [True, False]
    assert reminders_due(plan, date(2026, 3, 2), ["retention-30"], date(2026, 4, 20)) == []


def test_a_second_reminder_comes_remind_again_after_days_later(tmp_path):
    plan = _plan(tmp_path)
    start = date(2026, 3, 2)
    assert reminders_due(plan, start, [], date(2026, 4, 7)) == [
        Reminder("retention-30", 1, date(2026, 4, 1))
    ]
    assert reminders_due(plan, start, [], date(2026, 4, 8)) == [
        Reminder("retention-30", 1, date(2026, 4, 1)),
        Reminder("retention-30", 2, date(2026, 4, 1)),
    ]
