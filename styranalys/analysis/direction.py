"""Which way is better for an indicator: the one rule that trends, checks and charts share.

The given ``riktning`` ("hogre" or "lagre") decides; where it is missing, the side of the
baseline that the target lies on (a target below the baseline means lower is better);
where there is no target either, the direction is unknown, and nothing is assessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["DIRECTION_WORDS", "better_direction", "direction_names"]

#: The tidy frame's words for the two directions, as signs.
DIRECTION_WORDS = {"hogre": 1.0, "lagre": -1.0}


def better_direction(riktning: pd.Series, baseline: np.ndarray | pd.Series,
                     target: np.ndarray | pd.Series) -> np.ndarray:
    """Per row, +1 where higher is better, -1 where lower is, NaN where unknown.

    ``baseline`` is the starting point the target is set against (the ingångsvärde, or
    the series' first value where there is none).
    """
    given = riktning.astype("string").map(DIRECTION_WORDS).astype("Float64").to_numpy(
        dtype=float, na_value=np.nan)
    base = np.asarray(pd.array(baseline, dtype="Float64").to_numpy(dtype=float,
                                                                   na_value=np.nan))
    aim = np.asarray(pd.array(target, dtype="Float64").to_numpy(dtype=float,
                                                                 na_value=np.nan))
    from_target = np.sign(aim - base)
    from_target[from_target == 0] = np.nan  # a target equal to the baseline says nothing
    return np.where(np.isnan(given), from_target, given)


def direction_names(signs: np.ndarray) -> pd.Series:
    """"hogre", "lagre" or NA for each sign from :func:`better_direction`."""
    words = np.select([signs > 0, signs < 0], ["hogre", "lagre"], "")
    return pd.Series(words, dtype="string").replace("", pd.NA)
