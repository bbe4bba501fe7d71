"""A municipality's own rule for what counts as a fulfilled goal (``[analys]`` in
``styranalys.toml``).

Some municipalities count only level 4, some levels 3 and 4; others count a goal as
fulfilled when a share of its indicators has reached their targets ("minst 80 % av
indikatorerna har nått målvärdet"). The rule is the municipality's, so the report says it
uses it, in the municipality's words where the profile gives them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..swedish import format_percent
from .fulfilment import one_period
from .trends import trends_by_year

__all__ = ["counted_fulfilled", "rule_text"]


def rule_text(levels: Sequence[int] = (4,), indicators: float | None = None) -> str:
    """The rule in words, where the profile gives none."""
    if indicators is not None:
        return (f"ett mål är uppfyllt när minst {format_percent(indicators)} av dess "
                "indikatorer med målvärde har nått det")
    named = [str(v) for v in sorted(levels)]
    shown = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " och " + named[-1]
    return f"nivå {shown} räknas som {'uppfyllt' if len(levels) == 1 else 'uppfyllda'}"


def counted_fulfilled(goals: pd.DataFrame, indicators: pd.DataFrame | None = None, *,
                      levels: Sequence[int] = (4,), share: float | None = None,
                      period: str = "bokslut") -> pd.DataFrame:
    """Per goal and year: whether the rule counts it as fulfilled (``uppfyllt``).

    With ``share``, a goal assessed in year Y is fulfilled when at least ``share`` of its
    indicators with a target had reached it by Y (``mal_uppnatt`` of
    :func:`~styranalys.analysis.trends.trends`); a goal without such indicators is NA.
    Otherwise the goal's level decides: fulfilled when it is one of ``levels``, NA when not
    assessed. Result columns: ``namnd, ar, period, maltyp, mal_id, uppfyllt``.
    """
    goals = one_period(goals, period, ["period"])
    out = goals[["namnd", "ar", "period", "maltyp", "mal_id"]].reset_index(drop=True)
    if share is None:
        level = goals["niva"].reset_index(drop=True)
        out["uppfyllt"] = level.isin(list(levels)).astype("boolean").mask(level.isna())
        return out
    reached = []
    linked = None if indicators is None else one_period(indicators, period, ["period"])
    if linked is not None:
        for year, t in trends_by_year(linked[linked["mal_id"].notna()],
                                      out["ar"].dropna().unique(), period=period):
            t = t[t["mal_uppnatt"].notna()]
            per_goal = t.groupby(["namnd", "mal_id"])["mal_uppnatt"].mean().rename("_andel")
            reached.append(per_goal.reset_index().assign(ar=year))
    if not reached:
        out["uppfyllt"] = pd.array([pd.NA] * len(out), dtype="boolean")
        return out
    shares = pd.concat(reached, ignore_index=True)
    merged = out.merge(shares, on=["namnd", "mal_id", "ar"], how="left")
    out["uppfyllt"] = pd.array(np.where(merged["_andel"].isna(), None,
                                        merged["_andel"] >= share - 1e-9), dtype="boolean")
    return out
