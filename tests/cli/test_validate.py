import re

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<severity>error|warning): (?P<message>.+)$")


def problem_lines(stdout: str) -> list[re.Match]:
    lines = stdout.strip().splitlines()
    assert re.match(r"^\d+ errors?, \d+ warnings? in \d+ files? checked$", lines[-1]), lines[-1]
    matches = [LINE.match(line) for line in lines[:-1]]
    assert all(matches), lines
    return matches


def test_a_clean_course_exits_zero(run_cli, course_dir):
    result = run_cli("validate", cwd=course_dir)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "0 errors, 0 warnings in 6 files checked"


def test_warnings_alone_still_exit_zero(run_cli, course_dir):
    (course_dir / "modules/basics/01-intro.sr.md").unlink()
    result = run_cli("validate", cwd=course_dir)
    assert result.returncode == 0
    [problem] = problem_lines(result.stdout)
    assert problem["file"] == "modules/basics/module.yaml"
    assert problem["line"] == "10" and problem["severity"] == "warning"


def test_cross_references_are_checked(run_cli, course_dir):
    module = course_dir / "modules/basics/module.yaml"
    module.write_text(module.read_text().replace("check: basics-check-1", "check: basics-final"))
    quiz = course_dir / "quizzes/evaluation.yaml"
    quiz.write_text(quiz.read_text().replace("module: course", "module: nowhere"))
    result = run_cli("validate", cwd=course_dir)
    assert result.returncode == 1
    found = {
        (m["file"], m["line"], m["severity"]): m["message"] for m in problem_lines(result.stdout)
    }
    assert (
        "is a 'final' quiz; a 'check' is expected"
        in found[("modules/basics/module.yaml", "11", "error")]
    )
    assert "not one of the course's modules" in found[("quizzes/evaluation.yaml", "2", "error")]
    assert "not used by any module" in found[("quizzes/basics-check-1.yaml", "1", "warning")]


def test_missing_quiz_and_module_are_reported(run_cli, course_dir):
    (course_dir / "quizzes/basics-final.yaml").unlink()
    course = course_dir / "modules/course.yaml"
    course.write_text(course.read_text().replace("modules: [basics]", "modules: [basics, extra]"))
    result = run_cli("validate", cwd=course_dir)
    messages = [m["message"] for m in problem_lines(result.stdout)]
    assert result.returncode == 1
    assert any("quiz 'basics-final' does not exist" in m for m in messages)
    assert any("module 'extra' has no modules/extra/module.yaml" in m for m in messages)


def test_paths_are_checked_on_their_own(run_cli, course_dir, tmp_path_factory):
    bad = tmp_path_factory.mktemp("elsewhere") / "broken.yaml"
    bad.write_text(
        "id: broken\nmodule: x\nkind: check\ntitle: T\nquestions:\n  - {id: q, type: true_false, prompt: P, answer: true, corect: 1}\n"
    )
    result = run_cli("validate", "quizzes/basics-final.yaml", bad, cwd=course_dir)
    assert result.returncode == 1
    [problem] = problem_lines(result.stdout)
    assert problem["file"] == str(bad) and problem["line"] == "6"
    assert "unknown field 'corect'" in problem["message"]


def test_images_in_lessons_must_exist(run_cli, course_dir):
    (course_dir / "modules/basics/01-intro.en.md").write_text("# Intro\n\n![map](media/map.png)\n")
    result = run_cli("validate", cwd=course_dir)
    [problem] = problem_lines(result.stdout)
    assert (problem["file"], problem["line"]) == ("modules/basics/01-intro.en.md", "3")
    assert "media/map.png" in problem["message"]


def test_usage_errors_exit_two_without_a_traceback(run_cli, course_dir, tmp_path_factory):
    empty = tmp_path_factory.mktemp("empty")
    for args, cwd in (
        (("validate", "no-such.yaml"), course_dir),
        (("validate",), empty),
        (("frobnicate",), course_dir),
    ):
        result = run_cli(*args, cwd=cwd)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_author_notes_are_listed_as_information_and_markers_warned(run_cli, course_dir):
    (course_dir / "modules/basics/01-intro.en.md").write_text(
        "# Intro\n\nText. <!-- author-note: source is from 2021 -->\n\nNumber (to be confirmed).\n"
    )
    quiz = course_dir / "quizzes/basics-final.yaml"
    quiz.write_text(quiz.read_text().replace("questions:", "note: keys checked\nquestions:"))
    result = run_cli("validate", cwd=course_dir)
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "modules/basics/01-intro.en.md:3: info: author's note: source is from 2021",
        "modules/basics/01-intro.en.md:5: warning: 'to be confirmed' is shown to learners; state "
        "only what is verified, or move the doubt into an author's note <!-- author-note: ... -->",
        "quizzes/basics-final.yaml:5: info: author's note: keys checked",
        "0 errors, 1 warning in 6 files checked; 2 author's notes (info)",
    ]
