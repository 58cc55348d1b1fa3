"""The simulation run in a process of its own (demo/aside.py): the same rows, batch by batch,
as in one process, and the same counts once exhausted; a failure in the child is raised in
the parent."""

import multiprocessing
import os
from datetime import UTC, datetime

import pytest

from courseware.content.catalog import load_catalog
from courseware.demo import Simulation
from courseware.demo.aside import SimulationFailed, as_columns, batches_aside
from courseware.settings import REPO_ROOT

NOW = datetime(2026, 11, 1, tzinfo=UTC)
LEARNERS = 250
SEED = 3


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO_ROOT)


def _simulation(catalog):
    return Simulation(catalog, LEARNERS, SEED, NOW, "the-hash")


def test_rows_become_one_list_per_column_and_empty_tables_are_left_out():
    rows = {"users": [{"id": 1, "email": "a"}, {"id": 2, "email": "b"}], "cohorts": []}
    assert as_columns(rows) == {"users": {"id": [1, 2], "email": ["a", "b"]}}


def test_the_child_simulates_the_same_rows_and_counts_as_one_process(catalog):
    here = _simulation(catalog)
    expected = [(as_columns(b.rows), b.learners_done) for b in here.batches(100)]
    aside = _simulation(catalog)
    assert list(batches_aside(aside, 100)) == expected
    assert len(expected) == 3
    assert aside.statuses == here.statuses and sum(aside.statuses.values()) == LEARNERS
    assert aside.followup == here.followup and aside.accounts == here.accounts


def test_extra_rows_are_made_in_the_child_from_each_batch(catalog):
    def learner_ids(rows):
        return {"extra": [{"id": u["id"]} for u in rows["users"] if u["role"] == "learner"]}

    batches = list(batches_aside(_simulation(catalog), 100, learner_ids))
    made = [id for columns, _ in batches for id in columns["extra"]["id"]]
    assert len(made) == LEARNERS
    assert made == sorted(made)


def test_a_failure_in_the_child_is_raised_in_the_parent(catalog):
    def failing(rows):
        raise ValueError(f"no extra rows in process {os.getpid()}")

    with pytest.raises(SimulationFailed, match="ValueError: no extra rows in process") as raised:
        list(batches_aside(_simulation(catalog), 100, failing))
    assert f"process {os.getpid()}" not in str(raised.value)  # it was the child's


def test_a_caller_that_stops_early_leaves_no_process_behind(catalog):
    batches = batches_aside(_simulation(catalog), 50)
    next(batches)
    batches.close()
    assert not [p for p in multiprocessing.active_children() if p.name == "demo-simulation"]
