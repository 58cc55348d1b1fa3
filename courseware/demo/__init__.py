"""Realistic synthetic learners for demonstrations and benchmarks (no database here).

`simulation` walks each learner through the course, drawing on `people` (organisations,
cohorts, accounts), `responses` (the item-response model) and `timeline` (when things
happen); `store.bulk.load_demo` writes the rows it yields to a database.
"""

from courseware.demo.people import DEMO_PASSWORD, PILOT_GROUP, SMALL_COHORT
from courseware.demo.simulation import Simulation

__all__ = ["DEMO_PASSWORD", "PILOT_GROUP", "SMALL_COHORT", "Simulation"]
