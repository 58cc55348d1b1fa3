import io
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest
from sqlalchemy import func, select

from courseware.cli import main
from courseware.store import Database
from courseware.store.auth import sign_in
from courseware.store.models import Cohort, User
from courseware.store.signup import sign_up_with_invite
from tests.databases import POSTGRES_URL, settings_for

PASSWORD = "the admin's password"


@pytest.fixture
def shell(database_url, monkeypatch, capsys):
    """Run `python -m courseware ARGS` in this process against the test database; returns
    (exit status, stdout, stderr)."""
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", database_url)
    # Cheap hashing, as everywhere in the tests.
    monkeypatch.setenv("COURSEWARE_PASSWORD_HASH_TIME_COST", "1")
    monkeypatch.setenv("COURSEWARE_PASSWORD_HASH_MEMORY_KIB", "64")

    def run(*args, stdin=""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            status = main(list(args))
        except SystemExit as exit_:  # argparse exits by itself on bad syntax
            status = exit_.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def store(database_url):
    db = Database(database_url, settings_for(database_url))
    yield db
    db.dispose()


def _count(db, model):
    return db.read(lambda tx: tx.session.scalar(select(func.count()).select_from(model)))


@pytest.fixture
def organisation(shell):
    assert shell("org", "add", "Atina")[0] == 0


def _add(shell, email, role, password=PASSWORD, *more):
    return shell(
        "user",
        "add",
        email,
        "--role",
        role,
        "--org",
        "Atina",
        "--password-stdin",
        *more,
        stdin=password + "\n",
    )


def test_the_shell_sets_up_an_administrator_a_trainer_and_a_cohort(shell, store, organisation):
    status, out, err = _add(shell, "Admin@Example.org", "admin", PASSWORD, "--name", "Dragana")
    assert (status, err) == (0, "")
    assert "created admin admin@example.org" in out
    assert (
        sign_in(store, "admin@example.org", PASSWORD, "192.0.2.1").identity.profile.display_name
        == "Dragana"
    )

    assert _add(shell, "trainer@example.org", "trainer")[0] == 0
    status, out, _ = shell(
        "cohort", "add", "Spring", "--org", "Atina", "--trainer", "trainer@example.org"
    )
    assert status == 0
    code = out.splitlines()[-1].removeprefix("invite code: ")
    sign_up_with_invite(
        store,
        invite_code=code,
        email="mila@example.org",
        display_name="Mila",
        password="mila's password",
        language="sr",
        address="192.0.2.1",
    )
    learner = sign_in(store, "mila@example.org", "mila's password", "192.0.2.1")
    assert learner.identity.actor.enrolled_cohort_ids


def test_a_reset_prints_a_one_time_password_to_replace_at_sign_in(shell, store, organisation):
    _add(shell, "trainer@example.org", "trainer")
    status, out, _ = shell("user", "reset-password", "Trainer@example.org")
    assert status == 0
    one_time = out.splitlines()[0].rsplit(": ", 1)[1]
    assert sign_in(
        store, "trainer@example.org", one_time, "192.0.2.1"
    ).identity.profile.must_change_password


def test_a_reset_can_take_the_password_from_stdin(shell, store, organisation):
    _add(shell, "trainer@example.org", "trainer")
    status, out, _ = shell(
        "user",
        "reset-password",
        "trainer@example.org",
        "--password-stdin",
        stdin="told on the phone\n",
    )
    assert status == 0 and "one-time" not in out
    assert sign_in(
        store, "trainer@example.org", "told on the phone", "192.0.2.1"
    ).identity.profile.must_change_password


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    "typed, status, users", [((PASSWORD, PASSWORD), 0, 1), ((PASSWORD, "typo"), 2, 0)]
)
def test_at_a_terminal_the_password_is_asked_twice(
    shell, store, organisation, monkeypatch, typed, status, users
):
    answers = iter(typed)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    monkeypatch.setattr(sys, "stdin", Terminal())
    assert main(["user", "add", "a@example.org", "--role", "admin", "--org", "Atina"]) == status
    assert _count(store, User) == users


def test_without_a_terminal_the_password_must_come_on_stdin(shell, store, organisation):
    status, _, err = shell("user", "add", "a@example.org", "--role", "admin", "--org", "Atina")
    assert status == 2
    assert (
        err
        == "python -m courseware user: error: no password: pass it on standard input with --password-stdin\n"
    )
    assert _count(store, User) == 0


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (
            (
                "user",
                "add",
                "a@example.org",
                "--role",
                "boss",
                "--org",
                "Atina",
                "--password-stdin",
            ),
            PASSWORD,
            "unknown role 'boss'",
        ),
        (
            (
                "user",
                "add",
                "a@example.org",
                "--role",
                "admin",
                "--org",
                "Nobody",
                "--password-stdin",
            ),
            PASSWORD,
            "no organisation named 'Nobody'",
        ),
        (
            (
                "user",
                "add",
                "not-an-email",
                "--role",
                "admin",
                "--org",
                "Atina",
                "--password-stdin",
            ),
            PASSWORD,
            "not an email address",
        ),
        (
            (
                "user",
                "add",
                "a@example.org",
                "--role",
                "admin",
                "--org",
                "Atina",
                "--password-stdin",
            ),
            "short",
            "at least 10 characters",
        ),
        (
            (
                "user",
                "add",
                "trainer@example.org",
                "--role",
                "admin",
                "--org",
                "Atina",
                "--password-stdin",
            ),
            PASSWORD,
            "already exists",
        ),
        (
            ("user", "add", "a@example.org", "--org", "Atina"),
            "",
            "the following arguments are required: --role",
        ),
        (("user", "reset-password", "nobody@example.org"), "", "no account with the email"),
        (("org", "add", "Atina"), "", "already exists"),
        (
            ("cohort", "add", "Spring", "--org", "Atina", "--trainer", "nobody@example.org"),
            "",
            "no account",
        ),
        (
            (
                "cohort",
                "add",
                "Spring",
                "--org",
                "Atina",
                "--trainer",
                "trainer@example.org",
                "--trainer",
                "admin@example.org",
            ),
            "",
            "must be an active trainer",
        ),
        (("frobnicate",), "", "invalid choice"),
    ],
)
def test_bad_arguments_give_one_line_exit_two_and_write_nothing(
    shell, store, organisation, args, stdin, message
):
    _add(shell, "trainer@example.org", "trainer")
    _add(shell, "admin@example.org", "admin")
    counts = _count(store, User), _count(store, Cohort)
    status, _, err = shell(*args, stdin=stdin + "\n")
    assert status == 2
    assert len(err.splitlines()) == 1 and message in err, err
    assert (_count(store, User), _count(store, Cohort)) == counts


def test_db_upgrade_creates_the_schema_and_names_its_revision(shell):
    assert shell("db", "upgrade") == (
        0,
        "the database is at revision 0015_activity_summaries\n",
        "",
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_backup_is_a_complete_copy(shell, organisation, tmp_path):
    _add(shell, "admin@example.org", "admin")
    target = tmp_path / "backups" / "courseware-copy.db"
    target.parent.mkdir()
    assert shell("db", "backup", str(target))[0] == 0
    assert [p.name for p in target.parent.iterdir()] == ["courseware-copy.db"]
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT email FROM users").fetchall() == [("admin@example.org",)]
    status, _, err = shell("db", "backup", str(target))
    assert status == 2 and "already exists" in err


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="COURSEWARE_TEST_POSTGRES_URL is not set")
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_postgresql_backup_is_left_to_pg_dump(shell, tmp_path):
    status, out, err = shell("db", "backup", str(tmp_path / "dump"))
    assert (status, out) == (1, "")
    assert "pg_dump --format=custom" in err and "postgresql://postgres@" in err
    assert not (tmp_path / "dump").exists()


def test_a_fresh_process_creates_a_working_administrator(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    env = {"COURSEWARE_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    steps = [
        (["org", "add", "Atina"], ""),
        (
            [
                "user",
                "add",
                "root@example.org",
                "--role",
                "admin",
                "--org",
                "Atina",
                "--password-stdin",
            ],
            PASSWORD + "\n",
        ),
    ]
    for args, stdin in steps:
        result = subprocess.run(
            [sys.executable, "-m", "courseware", *args],
            input=stdin,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
    db = Database(url)
    assert sign_in(db, "root@example.org", PASSWORD, "192.0.2.1").identity.actor.role == "admin"
    db.dispose()


def test_the_report_summaries_are_checked_and_rebuilt_from_the_attempts(shell, store):
    from sqlalchemy import update

    from courseware.store.models import ReportQuizSummary
    from tests.databases import RIGHT_ANSWERS, build_cast, final_quiz
    from tests.report_data import take

    shell("db", "upgrade")
    cast = build_cast(store)
    take(store, cast.learner_a, final_quiz(), RIGHT_ANSWERS)
    take(store, cast.learner_b, final_quiz(), {})
    status, out, err = shell("db", "rebuild-summaries", "--check")
    assert (status, out) == (0, "the report summaries match the 2 attempts\n")
    assert "attempts" in err  # the progress bar
    store.write(lambda tx: tx.session.execute(update(ReportQuizSummary).values(passed=1)))
    status, out, _ = shell("db", "rebuild-summaries", "--check")
    assert status == 1
    assert out.splitlines() == [
        f"quiz ({cast.cohort_b.id}, 'legal-final') passed: stored 1, attempts give 0",
        "1 difference between the summaries and the attempts",
    ]
    assert shell("db", "rebuild-summaries")[:2] == (
        0,
        "rebuilt the report summaries from 2 attempts\n",
    )
    assert shell("db", "rebuild-summaries", "--check")[0] == 0
