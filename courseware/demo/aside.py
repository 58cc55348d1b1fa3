"""The simulation run in a process of its own while the caller writes its rows: a large demo
takes about as long to simulate as to write, and the two then share the machine's cores
instead of taking turns. The child runs the very same `Simulation.batches` (one generator,
seeded), so the rows are the same as in one process, in the same order.

The rows cross as columns (`Columns`: per table, one list per column), which pickle in
half the time of dicts and unpickle in a quarter: a value shared by many rows (a question
id, a layout) crosses once and stays shared.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterator, Mapping
from multiprocessing.connection import Connection
from typing import Any

from courseware.demo.people import Row
from courseware.demo.simulation import Batch, Simulation

# Per table, its values column by column (every list as long as the table's rows).
Columns = dict[str, dict[str, list[Any]]]
# More rows made from each batch in the same process (such as the batch's xAPI statements).
Extra = Callable[[Mapping[str, list[Row]]], dict[str, list[Row]]]


class SimulationFailed(RuntimeError):
    """The simulation's process failed; the message holds its traceback."""


def as_columns(rows: Mapping[str, list[Row]]) -> Columns:
    """Rows by table as columns, each table's columns those of its first row (every row of a
    table has the same keys); tables without rows are left out."""
    return {
        table: {name: [row[name] for row in table_rows] for name in table_rows[0]}
        for table, table_rows in rows.items()
        if table_rows
    }


def batches_aside(
    simulation: Simulation, learners_per_batch: int, extra: Extra | None = None
) -> Iterator[tuple[Columns, int]]:
    """Each batch's rows (with `extra`'s) as columns, and the learners simulated so far.
    Once exhausted, `simulation` holds what the child counted (statuses, follow-up, the
    accounts to show). Where processes cannot be forked, it runs here, in turn."""
    if "fork" not in multiprocessing.get_all_start_methods():
        for batch in simulation.batches(learners_per_batch):
            yield _columns(batch, extra), batch.learners_done
        return
    # Forked: the child starts with the simulation as it is, nothing to pickle or load again.
    # It ends with os._exit (multiprocessing's way), so it never closes the parent's
    # database connection.
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_simulate,
        args=(simulation, learners_per_batch, extra, sending),
        name="demo-simulation",
        daemon=True,
    )
    child.start()
    sending.close()
    try:
        while True:
            kind, payload = receiving.recv()
            if kind == "failed":
                raise SimulationFailed(payload)
            if kind == "done":
                statuses, followup, accounts = payload
                simulation.statuses.update(statuses)
                simulation.followup.update(followup)
                simulation.accounts.update(accounts)
                return
            yield payload
    finally:
        receiving.close()
        if child.is_alive():  # the caller stopped early: nothing more to simulate
            child.terminate()
        child.join()


def _simulate(
    simulation: Simulation, learners_per_batch: int, extra: Extra | None, sending: Connection
) -> None:
    try:
        for batch in simulation.batches(learners_per_batch):
            # Waits while the parent still writes the batch before: one batch ahead at most.
            sending.send(("batch", (_columns(batch, extra), batch.learners_done)))
        outcome = (simulation.statuses, simulation.followup, simulation.accounts)
        sending.send(("done", outcome))
    except BrokenPipeError:
        pass  # the parent stopped reading (it failed, or was interrupted)
    except BaseException:
        sending.send(("failed", traceback.format_exc()))
    finally:
        sending.close()


def _columns(batch: Batch, extra: Extra | None) -> Columns:
    rows = batch.rows if extra is None else batch.rows | extra(batch.rows)
    return as_columns(rows)
