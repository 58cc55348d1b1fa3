import json

QUIZ = """\
id: quiz
module: course
kind: final
title: T
pass_mark: 0.8
questions:
  - {id: a, type: true_false, prompt: P, answer: true, points: 0.7}
  - {id: b, type: true_false, prompt: P, answer: true, points: 0.1}
  - id: s
    type: scenario
    prompt: P
    case: C
    questions:
      - {id: s1, type: numeric, prompt: P, answer: 10, tolerance: 0.5, points: 0.2}
"""


def write(tmp_path, quiz=QUIZ, answers="a: true\nb: true\n", name="quiz.yaml"):
    (tmp_path / name).write_text(quiz)
    (tmp_path / "answers.yaml").write_text(answers)
    return tmp_path / name, tmp_path / "answers.yaml"


def test_prints_one_json_object(run_cli, tmp_path):
    result = run_cli("score", *write(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "quiz": "quiz",
        "points": 0.8,
        "max_points": 1,
        "fraction": 0.8,
        "passed": True,
        "questions": {"a": 0.7, "b": 0.1, "s1": 0},
    }


def test_a_survey_scores_null(run_cli, tmp_path):
    survey = "id: quiz\nmodule: course\nkind: survey\ntitle: T\nquestions:\n  - {id: l, type: likert, prompt: P}\n"
    result = run_cli("score", *write(tmp_path, survey, "l: 5\n"), cwd=tmp_path)
    assert json.loads(result.stdout) == {
        "quiz": "quiz",
        "points": None,
        "max_points": None,
        "fraction": None,
        "passed": None,
        "questions": {},
    }


def test_an_invalid_quiz_exits_one_with_validate_lines(run_cli, tmp_path):
    quiz, answers = write(tmp_path, QUIZ.replace("pass_mark: 0.8", "pass_mark: 2"))
    result = run_cli("score", quiz, answers, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "quiz.yaml:5: error: pass_mark:" in result.stderr
    assert (
        run_cli("validate", quiz, cwd=tmp_path).stdout.splitlines()[0]
        == result.stderr.splitlines()[0]
    )


def test_a_quiz_whose_id_is_not_its_file_name_is_invalid(run_cli, tmp_path):
    result = run_cli("score", *write(tmp_path, name="other.yaml"), cwd=tmp_path)
    assert result.returncode == 1
    assert "must equal the file name 'other'" in result.stderr


def test_bad_answers_exit_one_naming_the_question(run_cli, tmp_path):
    for answers, words in (
        ("a: true\nzz: 1\n", "question 'zz'"),
        ("a: maybe\n", "question 'a': expected true or false"),
        ("s: 3\n", "question 's'"),
        ("- a\n", "top level must be a mapping"),
        ("a: [\n", "invalid YAML"),
    ):
        result = run_cli("score", *write(tmp_path, answers=answers), cwd=tmp_path)
        assert result.returncode == 1, answers
        assert words in result.stderr and "Traceback" not in result.stderr


def test_missing_files_are_usage_errors(run_cli, tmp_path):
    assert run_cli("score", tmp_path / "none.yaml", tmp_path / "none.yaml").returncode == 2
    assert run_cli("score", tmp_path / "none.yaml").returncode == 2


def test_an_empty_answer_sheet_scores_zero(run_cli, tmp_path):
    result = run_cli("score", *write(tmp_path, answers="# nothing answered\n"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scored = json.loads(result.stdout)
    assert (scored["points"], scored["passed"], scored["questions"]) == (
        0,
        False,
        {"a": 0, "b": 0, "s1": 0},
    )


def test_a_branching_case_is_scored_by_the_ending_its_path_reaches(run_cli, tmp_path):
    from tests.quiz_files import BRANCHING, quiz_yaml

    quiz = quiz_yaml(BRANCHING).replace("id: sample", "id: quiz")
    for answers, points in (
        ("case-girl: [ask-alone, call-centre, involve-guardian]\n", 4),
        ("case-girl: [call-police, go-on]\n", 1),  # credit 1/4 of 4 points
        ("case-girl: [ask-alone, call-centre]\n", 0),  # not finished
    ):
        result = run_cli("score", *write(tmp_path, quiz, answers), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["questions"] == {"case-girl": points}, answers
    result = run_cli(
        "score", *write(tmp_path, quiz, "case-girl: [ask-alone, go-on]\n"), cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr == (
        "answers.yaml:1: error: question 'case-girl': choice 'go-on' does not belong to step "
        "'safety' (its choices: call-centre, let-go)\n"
    )
