"""Realistic synthetic learners for demonstrations and benchmarks (no database here).

`simulation.Simulation` makes the rows; `store.bulk.load_demo` writes them to a database.
"""

from courseware.demo.simulation import DEMO_PASSWORD, PILOT_GROUP, SMALL_COHORT, Simulation

__all__ = ["DEMO_PASSWORD", "PILOT_GROUP", "SMALL_COHORT", "Simulation"]
