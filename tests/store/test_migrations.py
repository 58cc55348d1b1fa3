import json

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from courseware.store.migrate import MIGRATIONS, alembic_config, current_revision, upgrade_database
from courseware.store.models import Base
from tests.databases import settings_for

HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()


def _inspect(url, what):
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return what(connection)
    finally:
        engine.dispose()


def test_an_empty_database_is_created_at_the_newest_revision(database_url):
    upgrade_database(database_url, settings=settings_for(database_url))
    tables = _inspect(database_url, lambda c: set(inspect(c).get_table_names()))
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert _inspect(database_url, current_revision) == HEAD


def test_the_migrations_create_exactly_what_the_models_describe(database_url):
    upgrade_database(database_url, settings=settings_for(database_url))
    differences = _inspect(
        database_url,
        lambda c: compare_metadata(
            MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata
        ),
    )
    assert differences == []


def test_an_upgrade_keeps_the_data_written_at_the_previous_revision(database_url):
    settings = settings_for(database_url)
    upgrade_database(database_url, "0001", settings)
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisations (id, name, created_at) "
                "VALUES (1, 'Atina', '2026-01-05 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO users (id, email, display_name, role, organisation_id, language,"
                " script, password_hash, must_change_password, active, created_at) VALUES"
                " (1, 'ana@example.org', 'Ana', 'learner', 1, 'sr', 'cyrillic', 'x', false,"
                " true, '2026-01-05 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO quiz_attempts (id, user_id, quiz_id, content_version, quiz_snapshot,"
                " seed, layout, started_at, submitted_at, state, points, max_points, passed)"
                " VALUES (1, 1, 'legal-final', 'abc', :snapshot, 42, '{}', '2026-01-05 10:00:00',"
                " '2026-01-05 10:20:00', 'submitted', '7/3', '3', true)"
            ),
            {"snapshot": '{"id": "legal-final", "questions": []}'},
        )
    engine.dispose()

    upgrade_database(database_url, settings=settings)

    def read_back(connection):
        user = connection.execute(text("SELECT email, script FROM users")).one()
        attempt = connection.execute(text("SELECT quiz_id, points, passed FROM quiz_attempts"))
        indexes = {index["name"] for index in inspect(connection).get_indexes("quiz_attempts")}
        version = connection.execute(
            text("SELECT content_version, quiz_id, snapshot FROM quiz_versions")
        )
        return (
            tuple(user),
            tuple(attempt.one()),
            indexes,
            current_revision(connection),
            version.one(),
        )

    user, attempt, indexes, revision, version = _inspect(database_url, read_back)
    assert user == ("ana@example.org", "cyrillic")
    assert attempt == ("legal-final", "7/3", True)
    assert {"ix_quiz_attempts_quiz_id_submitted_at", "ix_quiz_attempts_report"} <= indexes
    assert revision == HEAD == "0015_activity_summaries"
    # The attempt's copy of the quiz moved to the versions table, once per version.
    content_version, quiz_id, snapshot = version
    snapshot = json.loads(snapshot) if isinstance(snapshot, str) else snapshot
    assert (content_version, quiz_id, snapshot) == (
        "abc",
        "legal-final",
        {"id": "legal-final", "questions": []},
    )


def test_upgrading_an_up_to_date_database_changes_nothing(db):
    upgrade_database(db.url, settings=db.settings)
    assert _inspect(db.url, current_revision) == HEAD


def test_every_revision_can_be_undone_and_done_again(database_url):
    settings = settings_for(database_url)
    upgrade_database(database_url, settings=settings)
    engine = create_engine(database_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert _inspect(database_url, lambda c: inspect(c).get_table_names()) == ["alembic_version"]
    engine.dispose()
    upgrade_database(database_url, settings=settings)
    assert _inspect(database_url, current_revision) == HEAD
