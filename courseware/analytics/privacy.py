"""Small-cell suppression for figures shown to coordinators.

A group with fewer learners than the minimum is hidden, and so is the next smallest group
when exactly one is hidden: otherwise its value could be worked out from a total.
"""

from __future__ import annotations

import pandas as pd

SUPPRESSED = "suppressed"


def suppress_small_groups(
    table: pd.DataFrame, size_column: str, value_columns: list[str], min_size: int
) -> pd.DataFrame:
    """A copy of `table` with `value_columns` blanked (NA) in groups under `min_size`
    learners and a boolean column `suppressed`. The sizes stay visible only as
    "fewer than" in the UI; here they are blanked too."""
    result = table.copy()
    small = result[size_column] < min_size
    if small.sum() == 1 and len(result) > 1:
        next_smallest = result.loc[~small, size_column].idxmin()
        small.loc[next_smallest] = True
    shown = [*value_columns, size_column]
    result[shown] = result[shown].astype(object)
    result.loc[small, value_columns] = pd.NA
    result.loc[small & (result[size_column] < min_size), size_column] = pd.NA
    result[SUPPRESSED] = small
    return result
