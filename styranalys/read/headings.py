"""Heading rows: a row of text alone above the rows it stands for, carried down to them.

Two shapes are read without a profile:

- a column of its own, filled only on the heading rows ("Övergripande mål | Nämndsmål",
  the övergripande mål on a row of its own above its nämndsmål);
- a list of one column, where each block after a blank row begins with its heading
  ("Demokrati", then the goals under it).

A heading row is not data: its text becomes the field it carries (``omrade``) on every row
below it, up to the next heading, and the row is noted. A one-row block at the end of such
a list is a note too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["carry_down", "heading_rows", "lone_headings"]


def heading_rows(filled: np.ndarray, data: np.ndarray, col: int, used: list[int],
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Which data rows are headings, and which end a one-column list as a note: both
    False where the sheet has no headings of either shape. A heading in a column of its
    own with no rows under it is no heading: it stays a row (see :func:`lone_headings`)."""
    none = np.zeros(len(data), dtype=bool)
    others = [c for c in dict.fromkeys(used) if c != col]
    if others:  # a column of its own, filled only on the heading rows
        heading = data & filled[:, col] & ~filled[:, others].any(axis=1)
        under = data & ~filled[:, col]
        if not (heading.any() and under.any()):
            return none, none
        return heading & ~lone_headings(heading, data), none
    blank = ~filled.any(axis=1)
    starts = data & np.r_[True, blank[:-1]]  # the first row of each block
    ends = data & np.r_[blank[1:], True]
    heading = starts & ~ends  # a block's first row, with rows under it
    footer = starts & ends & (np.arange(len(data)) > np.flatnonzero(heading).max(initial=-1))
    if heading.sum() < 2 or not (data & ~heading & ~footer).any():
        return none, none
    return heading, footer


def lone_headings(heading: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Headings with no rows under them: the next data row is another heading, or none.
    In a goal table such a heading is itself a goal."""
    rows = np.flatnonzero(data)
    heads = np.flatnonzero(heading)
    at = np.searchsorted(rows, heads) + 1
    lone = np.zeros(len(data), dtype=bool)
    last = at >= len(rows)
    lone[heads[last]] = True
    inner = heads[~last]
    lone[inner] = heading[rows[at[~last]]]
    return lone


def carry_down(values: np.ndarray, heading: np.ndarray, data: np.ndarray) -> pd.Series:
    """Each data row's nearest heading above it (NA above the first), as text."""
    index = np.where(heading, np.arange(len(heading)), -1)
    last = np.maximum.accumulate(index)[data]
    texts = [None if i < 0 else " ".join(str(values[i]).split()) for i in last]
    return pd.Series(texts, dtype="string")
