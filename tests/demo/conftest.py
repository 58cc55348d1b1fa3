"""One simulated population for the demo's follow-up and practice tests: building 1,500
learners takes most of those tests' time, so both modules share it."""

from collections import defaultdict
from datetime import UTC, datetime

import pytest

from courseware.content.catalog import load_catalog
from courseware.demo import Simulation
from courseware.settings import REPO_ROOT

NOW = datetime(2026, 11, 1, tzinfo=UTC)
LEARNERS = 1500
SEED = 4


@pytest.fixture(scope="session")
def population():
    simulation = Simulation(load_catalog(REPO_ROOT), LEARNERS, SEED, NOW, "the-hash")
    rows = defaultdict(list)
    for batch in simulation.batches():
        for table, table_rows in batch.rows.items():
            rows[table] += table_rows
    return simulation, rows
