"""Real databases for tests: a SQLite file always, PostgreSQL when
COURSEWARE_TEST_POSTGRES_URL is set, and a small cast of users to act with."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from courseware.access import COMMAND_LINE, Actor
from courseware.content.quiz import Quiz, load_quiz
from courseware.settings import Settings, load_settings
from courseware.store import Database
from courseware.store.accounts import (
    create_account,
    create_organisation,
)
from courseware.store.actors import actor_for
from courseware.store.cohorts import (
    CohortView,
    create_cohort,
    join_cohort,
)
from courseware.store.models import Base, User

POSTGRES_URL = os.environ.get("COURSEWARE_TEST_POSTGRES_URL")
DATABASE_KINDS = [pytest.param("sqlite", id="sqlite")]
if POSTGRES_URL:
    DATABASE_KINDS.append(pytest.param("postgres", id="postgres", marks=pytest.mark.postgres))

PASSWORD = "a long enough password"


def settings_for(database_url: str, **overrides) -> Settings:
    """The defaults, with argon2 made cheap: tests hash hundreds of passwords."""
    cheap = {"password_hash_time_cost": 1, "password_hash_memory_kib": 64}
    return load_settings(database_url=database_url, **(cheap | overrides))


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL for a new, empty schema that is dropped afterwards, so runs never leak."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def copy_postgres_rows(from_url: str, to_url: str) -> None:
    """Copy every row between two schemas at the newest revision (a test's starting data)."""
    source, target = (make_url(url).query["options"].split("=", 1)[1] for url in (from_url, to_url))
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            connection.exec_driver_sql(
                f'INSERT INTO "{target}".{table.name} SELECT * FROM "{source}".{table.name}'
            )
            if "id" in table.columns:
                # The rows came with their ids: new ones must be numbered after them.
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{target}\".{table.name}', 'id'),"
                    f' (SELECT coalesce(max(id), 0) + 1 FROM "{target}".{table.name}), false)'
                )
    engine.dispose()


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Cast:
    """Two organisations, each with a cohort and its trainer, learners in both, a
    coordinator and an admin."""

    organisation_a: int
    organisation_b: int
    cohort_a: CohortView
    cohort_b: CohortView
    admin: Actor
    coordinator: Actor
    trainer_a: Actor
    trainer_b: Actor
    learner_a: Actor
    other_learner_a: Actor
    learner_b: Actor


def actor_of(db: Database, user_id: int) -> Actor:
    """The actor the app gets from the user's session (without signing in: quicker)."""
    return db.read(lambda tx: actor_for(tx, tx.session.get(User, user_id)))


def add_user(db: Database, email: str, role: str, organisation_id: int) -> Actor:
    account = create_account(
        db,
        COMMAND_LINE,
        email=email,
        display_name=email.split("@")[0].title(),
        role=role,
        organisation_id=organisation_id,
        password=PASSWORD,
    )
    return actor_of(db, account.user_id)


def enrolled_learner(db: Database, email: str, cohort: CohortView) -> Actor:
    learner = add_user(db, email, "learner", cohort.organisation_id)
    join_cohort(db, learner, cohort.invite_code)
    return actor_of(db, learner.user_id)


def build_cast(db: Database) -> Cast:
    organisation_a = create_organisation(db, COMMAND_LINE, "Atina")
    organisation_b = create_organisation(db, COMMAND_LINE, "ASTRA")
    trainer_a = add_user(db, "trainer.a@example.org", "trainer", organisation_a)
    trainer_b = add_user(db, "trainer.b@example.org", "trainer", organisation_b)
    cohort_a = create_cohort(db, trainer_a, name="Belgrade spring", organisation_id=organisation_a)
    cohort_b = create_cohort(db, trainer_b, name="Novi Sad spring", organisation_id=organisation_b)
    return Cast(
        organisation_a=organisation_a,
        organisation_b=organisation_b,
        cohort_a=cohort_a,
        cohort_b=cohort_b,
        admin=add_user(db, "admin@example.org", "admin", organisation_a),
        coordinator=add_user(db, "coordinator@example.org", "coordinator", organisation_a),
        trainer_a=actor_of(db, trainer_a.user_id),
        trainer_b=actor_of(db, trainer_b.user_id),
        learner_a=enrolled_learner(db, "learner.a@example.org", cohort_a),
        other_learner_a=enrolled_learner(db, "learner.a2@example.org", cohort_a),
        learner_b=enrolled_learner(db, "learner.b@example.org", cohort_b),
    )


def final_quiz(max_attempts: int | None = 2, time_limit_minutes: int | None = None) -> Quiz:
    """Three questions worth 1 point each; half of the points pass."""
    limits = "".join(
        f"{name}: {value}\n"
        for name, value in (
            ("max_attempts", max_attempts),
            ("time_limit_minutes", time_limit_minutes),
        )
        if value is not None
    )
    text = f"""\
id: legal-final
module: legal-framework
kind: final
title: {{en: Final, sr: Završni}}
pass_mark: 0.5
{limits}questions:
  - {{id: consent, type: true_false, prompt: {{en: P, sr: P}}, answer: false}}
  - id: article
    type: single_choice
    prompt: {{en: P, sr: P}}
    options:
      - {{id: art-388, text: {{en: "388", sr: "388"}}, correct: true}}
      - {{id: art-350, text: {{en: "350", sr: "350"}}}}
  - {{id: days, type: numeric, prompt: {{en: P, sr: P}}, answer: 90, tolerance: 0}}
"""
    return load_quiz(text.encode(), "legal-final.yaml").value


def survey_quiz() -> Quiz:
    text = """\
id: course-evaluation
module: course
kind: survey
title: {en: Evaluation, sr: Evaluacija}
questions:
  - {id: useful, type: likert, prompt: {en: P, sr: P}}
  - {id: comments, type: text, prompt: {en: P, sr: P}}
"""
    return load_quiz(text.encode(), "course-evaluation.yaml").value


RIGHT_ANSWERS = {"consent": False, "article": "art-388", "days": 90}
