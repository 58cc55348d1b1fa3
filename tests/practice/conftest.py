from __future__ import annotations

import pytest

from courseware.content.catalog import load_catalog
from tests.followup.conftest import mail_db, smtp  # noqa: F401 (fixtures used here too)
from tests.practice.fixtures import write_practice_course


@pytest.fixture
def course(tmp_path):
    return write_practice_course(tmp_path / "course")


@pytest.fixture
def catalog(course):
    return load_catalog(course)
