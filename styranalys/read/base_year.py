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

from ..contract import SERIES_KEY

__all__ = ["base_values"]


def base_values(frame: pd.DataFrame, base: pd.Series,
                problem: Callable[[int, int, list[int], str], None],
                baseline_column: str | None = None) -> pd.DataFrame:
    """``frame`` with baselines taken from, or added to, each series' base year (``base``:
    a year per frame row, NA where none). ``problem(row, year, years, name)`` is called for a
    base year the series has no value for. An added row's source is the baseline's cell
    (its column letter ``baseline_column``). Computed per series at once, not series by
    series: a national table has tens of thousands."""
    frame = frame.reset_index(drop=True)
    base = pd.Series(base.to_numpy(), dtype="Int64")
    groups = frame.groupby(SERIES_KEY, dropna=False, sort=False, observed=True)
    code = groups.ngroup().to_numpy()
    by_group = base.groupby(code)
    year = by_group.transform("first")  # the series' base year ...
    one = by_group.transform("nunique").eq(1).to_numpy()  # ... where it says one
    at = frame["ar"].astype("Int64").eq(year).fillna(False).to_numpy() & one
    value = frame["varde"].where(at & frame["varde"].notna().to_numpy())
    at_value = value.groupby(code).transform("first")
    given = frame["ingangsvarde"].groupby(code).transform("first")
    has_row = pd.Series(at).groupby(code).transform("any").to_numpy()
    take = (given.isna() & at_value.notna()).to_numpy() & one
    out = frame.copy()
    out.loc[take, "ingangsvarde"] = at_value[take]
    lacking = given.isna().to_numpy() & at_value.isna().to_numpy() & one
    first = ~pd.Series(code).duplicated().to_numpy()
    # the series without a baseline: each one's first row, base year, name and years with
    # values, computed for all at once (a national table may hold tens of thousands)
    lacking_code = code[lacking]
    sub = frame[lacking].assign(_code=lacking_code, _base=year[lacking].to_numpy())
    heads = sub.groupby("_code", sort=False).agg(
        row=("_row", "min"), base=("_base", "first"), name=("indikator", "first"))
    valued = sub.loc[sub["varde"].notna().to_numpy(), ["_code", "ar"]].drop_duplicates()
    years = valued.sort_values("ar").groupby("_code")["ar"].agg(list)
    for c, head in zip(heads.index, heads.itertuples(index=False), strict=True):
        problem(int(head.row), int(head.base), [int(y) for y in years.get(c, [])],
                str(head.name))
    add = given.notna().to_numpy() & ~has_row & one & first
    if not add.any():
        return out
    extra = frame[add].assign(ar=year[add].to_numpy(), varde=given[add].to_numpy())
    if baseline_column:
        extra["kalla"] = extra["kalla"].str.replace(r"![A-Z]+(\d+)$", rf"!{baseline_column}\1",
                                                    regex=True)
    out = pd.concat([extra, out], ignore_index=True).astype(frame.dtypes.to_dict())
    return out.sort_values(["_row", "ar"], kind="stable", ignore_index=True)
