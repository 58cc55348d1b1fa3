"""A PostgreSQL database of the benchmark's own, made for one measurement and dropped
afterwards; or the reason why there is none."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def server_url() -> str:
    return (
        os.environ.get("COURSEWARE_BENCH_POSTGRES_URL")
        or os.environ.get("COURSEWARE_TEST_POSTGRES_URL")
        or DEFAULT_URL
    )


def unreachable_reason(url: str) -> str | None:
    """None when a connection can be made, else why not (one line)."""
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return None
    except Exception as error:
        first_line = str(error).strip().splitlines()[0]
        shown = make_url(url).render_as_string(hide_password=True)
        return f"PostgreSQL not reachable at {shown} ({first_line[:80]}): skipped"
    finally:
        engine.dispose()


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """The URL of a new, empty database on the server of `url`, dropped afterwards."""
    name = f"courseware_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
