import re

from sqlalchemy import create_engine, func, select

from courseware.demo import DEMO_PASSWORD
from courseware.store.models import Base, QuizAttempt


def _counts(url):
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_it_fills_an_empty_database_and_prints_the_accounts(run_cli, database_url):
    done = run_cli("demo", "--learners", "30", "--seed", "2", "--database", database_url)

    assert done.returncode == 0, done.stderr
    assert f"Sign in with the password {DEMO_PASSWORD} as:" in done.stdout
    for role in ("admin", "coordinator", "trainer", "learner"):
        assert f"  {role} " in done.stdout
    assert "30 learners" in done.stdout
    assert "demo: 30 of 30 learners" in done.stderr
    counts = _counts(database_url)
    assert counts["enrolments"] == 30
    assert counts["answers"] > 0


def test_it_refuses_a_database_with_accounts_unless_told_to_replace_them(run_cli, database_url):
    assert run_cli("demo", "--learners", "30", "--database", database_url).returncode == 0
    before = _counts(database_url)

    refused = run_cli("demo", "--learners", "10", "--database", database_url)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert len(refused.stderr.splitlines()) == 1
    assert "already holds" in refused.stderr and "--replace" in refused.stderr
    assert _counts(database_url) == before

    replaced = run_cli("demo", "--learners", "10", "--replace", "--database", database_url)
    assert replaced.returncode == 0, replaced.stderr
    assert _counts(database_url)["enrolments"] == 10


def test_bad_arguments_get_one_line_and_status_2(run_cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    for args, message in (
        (["--learners", "0", "--database", url], "give at least 1"),
        (["--learners", "many", "--database", url], "not a whole number"),
        (["--database", "no such thing"], "not a database URL"),
    ):
        done = run_cli("demo", *args)
        assert done.returncode == 2, args
        assert len(done.stderr.splitlines()) == 1, done.stderr
        assert message in done.stderr
    assert not (tmp_path / "demo.db").exists()


def test_it_counts_the_followup_checks_due_by_today(run_cli, database_url):
    done = run_cli("demo", "--learners", "120", "--seed", "2", "--database", database_url)

    assert done.returncode == 0, done.stderr
    said = re.search(
        r"Follow-up checks due by today: (\d+) taken, (\d+) not taken \(yet\)\.", done.stdout
    )
    assert said is not None, done.stdout
    taken, waiting = map(int, said.groups())
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            followup = QuizAttempt.quiz_id.in_(
                ["course-retention-30", "course-retention-90", "course-behaviour-90"]
            )
            stored = connection.scalar(
                select(func.count()).select_from(QuizAttempt).where(followup)
            )
    finally:
        engine.dispose()
    assert taken == stored > 0
    assert waiting > 0
