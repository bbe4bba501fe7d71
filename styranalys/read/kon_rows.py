"""Kön rows: a breakdown under an indicator's row is that indicator for women and men.

    Andel nöjda       80   82
    Kvinnor           83   85
    Män               77   79

A row named kvinnor/män, flickor/pojkar, K/M (or totalt) under an indicator is that
indicator with ``kon`` K or M (or T), never an indicator named "Kvinnor". An indicator row
with no values of its own over its kön rows is their heading: the indicator has values for
women and men and no total. A kön row with no indicator above it is a located problem.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._text import fold
from .values import Distinct

__all__ = ["KON_ROW_WORDS", "carried_names", "kon_codes", "kon_rows"]

#: The names of a kön row, folded, and the code each gives.
KON_ROW_WORDS = {"kvinnor": "K", "kvinna": "K", "flickor": "K", "k": "K",
                 "man": "M", "pojkar": "M", "m": "M", "totalt": "T", "samtliga": "T"}


def kon_codes(distinct: Distinct) -> np.ndarray | None:
    """Each row's kön code from its name ("Kvinnor" -> "K", "" for other names), looked up
    once per distinct name; None where no name is a kön word (the usual sheet)."""
    codes = np.array([KON_ROW_WORDS.get(fold(v), "") if isinstance(v, str) else ""
                      for v in distinct.values], dtype=object)
    return codes[distinct.codes] if (codes != "").any() else None


def kon_rows(kon: np.ndarray, filled: np.ndarray, data: np.ndarray, name_col: int,
             value_cols: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per sheet row (``kon``: its code from :func:`kon_codes`): its kön code ("" for an
    ordinary row or one that is not data), the position of the indicator row it breaks
    down (-1: none), which rows are headings (an indicator row with no values over kön
    rows), and which kön rows stand under no indicator."""
    n = len(data)
    kon = np.where(data, kon, "")
    is_kon = kon != ""
    own = data & ~is_kon & filled[:, name_col]
    parent = np.maximum.accumulate(np.where(own, np.arange(n), -1))
    parent = np.where(is_kon, parent, -1)
    orphan = is_kon & (parent < 0)
    parents = np.unique(parent[parent >= 0])
    no_values = ~filled[:, value_cols].any(axis=1) if value_cols else np.ones(n, bool)
    heading = np.zeros(n, bool)
    heading[parents] = no_values[parents]
    return kon, parent, heading, orphan


def carried_names(values: np.ndarray, parent: np.ndarray, data: np.ndarray) -> pd.Series:
    """Each data row's parent indicator cell (NA for rows that are not kön rows)."""
    out = [None if p < 0 else values[p] for p in parent[data]]
    return pd.Series(out, dtype=object)
