import os
import shutil
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from courseware.store import Database, open_database
from courseware.store.migrate import upgrade_database
from tests.databases import (
    DATABASE_KINDS,
    POSTGRES_URL,
    FakeClock,
    build_cast,
    copy_postgres_rows,
    postgres_schema,
    settings_for,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def run_cli():
    """Run `python -m courseware ARGS` in a folder, as a user would: the code of this
    checkout, even where the virtualenv's editable install points at another one."""

    # This checkout's package, whichever one the environment has installed.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }

    def run(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "courseware", *map(str, args)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A small valid course: one module with one lesson and its check, a final, a survey."""
    return write_small_course(tmp_path)


def write_small_course(tmp_path: Path) -> Path:
    """The course of `course_dir`, written into `tmp_path` (also for module-wide fixtures)."""
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


# Databases ----------------------------------------------------------------------------------


def pytest_sessionstart(session):
    """With COURSEWARE_TEST_POSTGRES_URL set, PostgreSQL must be there: fail, never skip."""
    if not POSTGRES_URL:
        return
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            pass
    except Exception as error:
        pytest.exit(
            f"COURSEWARE_TEST_POSTGRES_URL is set, but PostgreSQL cannot be reached: {error}",
            returncode=1,
        )
    finally:
        engine.dispose()


@pytest.fixture(params=DATABASE_KINDS)
def database_url(request, tmp_path):
    """An empty database of each kind under test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'courseware.db'}"
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    """Databases made once per run, whose contents each test starts from: an empty one at
    the newest schema, and one holding the cast (building it takes longer than most tests).
    Maps (kind, "empty" or "cast") to (URL, cast)."""
    folder = tmp_path_factory.mktemp("templates")
    made = {}
    with ExitStack() as cleanup:
        for kind in [param.values[0] for param in DATABASE_KINDS]:
            for content in ("empty", "cast"):
                if kind == "sqlite":
                    url = f"sqlite:///{folder / content}.db"
                else:
                    url = cleanup.enter_context(postgres_schema())
                database = open_database(settings_for(url), FakeClock())
                made[kind, content] = url, build_cast(database) if content == "cast" else None
                database.dispose()
        yield made


@pytest.fixture
def db(request, database_url, clock, templates):
    """A database at the newest schema, with time under the test's control, holding the
    cast when the test asks for it."""
    kind = "sqlite" if database_url.startswith("sqlite") else "postgres"
    template, _ = templates[kind, "cast" if "cast" in request.fixturenames else "empty"]
    if kind == "sqlite":
        shutil.copy(template.removeprefix("sqlite:///"), database_url.removeprefix("sqlite:///"))
    else:
        upgrade_database(database_url, settings=settings_for(database_url))
        copy_postgres_rows(template, database_url)
    database = Database(database_url, settings_for(database_url), clock)
    yield database
    database.dispose()


@pytest.fixture
def cast(db, templates):
    """The people of `tests.databases.Cast`, already in `db`."""
    return templates["sqlite" if db.engine.dialect.name == "sqlite" else "postgres", "cast"][1]


# Learning records (xAPI) ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """One real LRS (Ralph) for the whole session, installed into .cache/ralph the first
    time (tests/ralph/server.py). Tests that stop it start it again."""
    from tests.ralph.server import Ralph

    server = Ralph(tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def xapi_db(db, clock):
    """`db` with learning records on, sent to an LRS at an address nobody answers (tests
    that need one point it at `ralph`); activity ids under a base of the test's own, so that
    tests sharing one LRS never see each other's statements."""
    database = Database(db.url, xapi_settings(db.url), clock)
    yield database
    database.dispose()


def xapi_settings(url: str, endpoint: str = "http://127.0.0.1:9/xAPI", **overrides):
    import uuid

    from tests.ralph.server import PASSWORD, USER

    return settings_for(
        url,
        xapi_endpoint=endpoint,
        xapi_username=USER,
        xapi_password=PASSWORD,
        xapi_activity_base=f"https://learn.example.org/t{uuid.uuid4().hex[:12]}/xapi",
        secret_key="a test secret key that is long enough for the app",
        **overrides,
    )
