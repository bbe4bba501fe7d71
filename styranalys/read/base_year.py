"""The base year of an indicator: a year, never a value.

A column ``Basår`` holds the year whose value is the baseline (2019), not the baseline
itself; a heading ``Basår 2019`` or ``Ingångsvärde (basår 2019)`` gives the year of the
baseline values under it. Per series (indicator, nämnd, kön, period):

- with a base year and no ingångsvärde, the ingångsvärde is the series' value that year;
- with an ingångsvärde and its year, and no value that year, the ingångsvärde is that
  year's value too;
- a base year with no value in the series, and no ingångsvärde, is a located problem.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

__all__ = ["SERIES", "base_values"]

#: One indicator series in the tidy frame.
SERIES = ["indikator_id", "namnd", "kon", "period"]


def base_values(frame: pd.DataFrame, base: pd.Series,
                problem: Callable[[int, int, list[int], str], None],
                baseline_column: str | None = None) -> pd.DataFrame:
    """``frame`` with baselines taken from, or added to, each series' base year (``base``:
    a year per frame row, NA where none). ``problem(row, year, years, name)`` is called for a
    base year the series has no value for. An added row's source is the baseline's cell
    (its column letter ``baseline_column``)."""
    extra = []
    frame = frame.copy()
    for _, index in frame.groupby(SERIES, dropna=False, sort=False).groups.items():
        years = base.loc[index].dropna().unique()
        if len(years) != 1:
            continue
        year = int(years[0])
        series = frame.loc[index]
        at = series.loc[series["ar"].eq(year).fillna(False), "varde"].dropna()
        given = series["ingangsvarde"].dropna()
        if given.empty and not at.empty:
            frame.loc[index, "ingangsvarde"] = at.iloc[0]
        elif given.empty:
            problem(int(series["_row"].min()), year,
                    sorted(int(y) for y in series.loc[series["varde"].notna(), "ar"].unique()),
                    str(series["indikator"].iloc[0]))
        elif at.empty and not series["ar"].eq(year).fillna(False).any():
            first = series.iloc[[0]].assign(ar=year, varde=given.iloc[0])
            if baseline_column:
                first["kalla"] = first["kalla"].str.replace(
                    r"![A-Z]+(\d+)$", rf"!{baseline_column}\1", regex=True)
            extra.append(first)
    if not extra:
        return frame
    out = pd.concat([*extra, frame], ignore_index=True).astype(frame.dtypes.to_dict())
    return out.sort_values(["_row", "ar"], kind="stable", ignore_index=True)
