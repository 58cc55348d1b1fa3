"""Small-cell suppression for figures shown to coordinators.

A group with fewer learners than the minimum is hidden, and so is the next smallest group
when exactly one is hidden: otherwise its value could be worked out from a total.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SUPPRESSED = "suppressed"


def suppress_small_groups(
    table: pd.DataFrame, size_column: str, value_columns: list[str], min_size: int
) -> pd.DataFrame:
    """A copy of `table` with `value_columns` blanked (NA) in groups under `min_size`
    learners and a boolean column `suppressed`. The sizes stay visible only as
    "fewer than" in the UI; here they are blanked too."""
    result = table.copy()
    sizes = result[size_column].to_numpy()
    small = sizes < min_size
    if small.sum() == 1 and len(result) > 1:
        shown = np.flatnonzero(~small)
        small[shown[np.argmin(sizes[shown])]] = True
    for column in value_columns:
        result[column] = result[column].astype(object).where(~small, pd.NA)
    result[size_column] = (
        result[size_column].astype(object).where(~(small & (sizes < min_size)), pd.NA)
    )
    result[SUPPRESSED] = small
    return result
