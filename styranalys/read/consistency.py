"""Checks across the rows of a read that no single cell shows: a series on two scales.

A percentage written as the fraction 0.45 in one year and as 50 the next (a cell that lost
its percent format, or a copy from another system) would read as a fall from 50 to 0.45.
Such a series is a located problem, never a value to analyse.

A series whose unit is "andel" and whose values all lie between 0 and 1 is a share stored
as a fraction: it is read as the percentage it is (0,35 → 35 %), and a note says so, so
that it never prints as "0,3 %".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._text import fold
from ..contract import SERIES_KEY
from ..problems import Problem
from ..swedish import format_number

__all__ = ["mixed_percent_scales", "shares_as_percent"]

#: How far apart the two groups must be: 0.45 beside 45 is a factor of 100, while a real
#: series of small percentages (0.8 %, 1.2 %) moves by far less.
_SCALE_GAP = 10.0


def mixed_percent_scales(indicators: pd.DataFrame) -> list[Problem]:
    """A problem for each value of a series with unit "%" that looks like a fraction
    (above 0, at most 1) while the series' other values are percentages over 1, at
    least :data:`_SCALE_GAP` times larger. ``indicators`` has the location columns."""
    unit = indicators["enhet"].astype("string").str.strip()
    pct = indicators[unit.eq("%").fillna(False).to_numpy()]
    if pct.empty:
        return []
    values = pct["varde"].to_numpy(dtype=float, na_value=np.nan)
    small = (values > 0) & (values <= 1)
    if not small.any():
        return []
    series = pct.groupby(SERIES_KEY, dropna=False, sort=False, observed=True).ngroup().to_numpy()
    n = int(series.max()) + 1
    largest_small = np.full(n, -np.inf)
    np.maximum.at(largest_small, series[small], values[small])
    large = values > 1
    smallest_large = np.full(n, np.inf)
    np.minimum.at(smallest_large, series[large], values[large])
    with np.errstate(invalid="ignore", divide="ignore"):
        mixed = smallest_large / largest_small >= _SCALE_GAP
    mixed &= np.isfinite(smallest_large) & (largest_small > 0)
    rows = pct[small & mixed[series]]
    places = rows[["_file", "_sheet", "_row", "indikator", "varde"]]
    return [Problem(
        file=str(file), sheet=None if pd.isna(sheet) else str(sheet),
        row=None if pd.isna(row) else int(row),
        message=f"Indikatorn {name!r} har enheten % men värdet {format_number(value, 2)} ser "
                "ut som en andel (0–1), medan seriens andra år är procent över 1.",
        hint="Skriv alla år som procent (45 eller 45 %), eller formatera cellen som procent "
             "i Excel.", code="blandad_skala")
        for file, sheet, row, name, value in places.itertuples(index=False, name=None)]


_VALUES = ["varde", "ingangsvarde", "malvarde"]


def shares_as_percent(indicators: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Series with the unit "andel" and every value within 0–1 (some above 0), as percent:
    values ×100 and the unit "%", with a note per series."""
    unit = indicators["enhet"].astype("string")
    # each distinct unit folded once: a wide sheet has 800 000 rows and a handful of units
    words = [u for u in unit.dropna().unique() if fold(u) == "andel"]
    andel = unit.isin(words).fillna(False).to_numpy(dtype=bool)
    if not andel.any():
        return indicators, []
    rows = indicators[andel]
    block = rows[_VALUES].to_numpy(dtype=float, na_value=np.nan)
    series = rows.groupby(SERIES_KEY, dropna=False, sort=False, observed=True).ngroup().to_numpy()
    outside = np.zeros(int(series.max()) + 1, dtype=bool)
    np.logical_or.at(outside, series, ((block < 0) | (block > 1)).any(axis=1))
    above = np.zeros_like(outside)
    np.logical_or.at(above, series, (block > 0).any(axis=1))
    scale = ~outside[series] & above[series]
    if not scale.any():
        return indicators, []
    out = indicators.copy()
    index = rows.index[scale]
    for column in _VALUES:
        out.loc[index, column] = (out.loc[index, column] * 100).round(10)
    out.loc[index, "enhet"] = "%"
    notes = [f"{file}: indikatorn {name!r} har enheten andel och bara värden mellan 0 och 1; "
             "de lästes som procent (0,35 blir 35 %)"
             for file, name in rows.loc[index, ["_file", "indikator"]].drop_duplicates(
                 ).itertuples(index=False, name=None)]
    return out, notes
