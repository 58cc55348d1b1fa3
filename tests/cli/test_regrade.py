"""`python -m courseware regrade QUIZ [--dry-run] --reason TEXT` on a small course."""

import pytest

from courseware.cli import main
from courseware.content.quiz import load_quiz
from courseware.store.attempts import get_attempt, save_answer, start_attempt, submit_attempt
from courseware.store.audit import list_audit


@pytest.fixture
def regrade(db, course_dir, monkeypatch, capsys):
    """Run the command in the course folder against the test database: (status, out, err)."""
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", db.url)
    monkeypatch.chdir(course_dir)

    def run(*args):
        capsys.readouterr()
        status = main(["regrade", *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def final(course_dir):
    path = course_dir / "quizzes" / "basics-final.yaml"
    return load_quiz(path.read_bytes(), str(path)).value


def test_the_dry_run_prints_the_table_and_applying_regrades(db, cast, course_dir, regrade):
    attempt = start_attempt(db, cast.learner_a, final(course_dir))
    save_answer(db, cast.learner_a, attempt.id, "q1", True)
    assert submit_attempt(db, cast.learner_a, attempt.id).passed
    path = course_dir / "quizzes" / "basics-final.yaml"
    path.write_text(path.read_text().replace("answer: true", "answer: false"))

    status, out, err = regrade("basics-final", "--dry-run")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"regrade of basics-final to version {final(course_dir).content_version()}"
    assert lines[4].split() == ["q1", "changed", "1", "1", "0"]
    assert "Belgrade spring" in out and "total" in out
    assert "certificates awaiting an admin's decision (pass turned fail): 0" in out
    assert lines[-1] == "dry run: nothing was changed"
    assert get_attempt(db, cast.admin, attempt.id).points == 1

    status, out, err = regrade("basics-final", "--reason", "The key was wrong")
    assert (status, err) == (0, "")
    assert out.splitlines()[-1].startswith("regraded 1 attempt(s) (regrade ")
    regraded = get_attempt(db, cast.admin, attempt.id)
    assert (regraded.points, regraded.passed) == (0, False)
    [entry] = [e for e in list_audit(db, cast.admin) if e["action"] == "attempt.regrade"]
    assert entry["details"]["via"] == "command line"

    # Again: nothing left to do.
    status, out, _ = regrade("basics-final", "--reason", "The key was wrong")
    assert status == 0 and out.splitlines()[-1] == "nothing to regrade: nothing was changed"


@pytest.mark.parametrize(
    "args, message",
    [
        (("nosuch", "--dry-run"), "unknown quiz 'nosuch': there is no quizzes/nosuch.yaml"),
        (("basics-final",), "give --reason TEXT (learners whose score changes are told it)"),
        (("evaluation", "--dry-run"), "quiz 'evaluation' is a survey: it has no scores to regrade"),
        (
            ("basics-final", "--dry-run", "--to", "0123456789abcdef"),
            "no stored quiz version '0123456789abcdef'",
        ),
    ],
)
def test_mistakes_get_one_line_and_change_nothing(regrade, args, message):
    status, out, err = regrade(*args)
    assert (status, out) == (2, "")
    assert err == f"python -m courseware regrade: error: {message}\n"


def test_an_invalid_quiz_file_is_named(course_dir, regrade):
    (course_dir / "quizzes" / "basics-final.yaml").write_text("id: basics-final\n")
    status, _, err = regrade("basics-final", "--dry-run")
    assert status == 2
    assert err == (
        "python -m courseware regrade: error: quizzes/basics-final.yaml has errors: "
        "run `python -m courseware validate` first\n"
    )


def test_as_a_user_runs_it(run_cli):
    result = run_cli("regrade", "no-such-quiz", "--reason", "x")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "python -m courseware regrade: error: unknown quiz 'no-such-quiz': "
        "there is no quizzes/no-such-quiz.yaml\n"
    )
