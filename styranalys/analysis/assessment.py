"""Data check of the self-assessments: a level derived from the indicators, beside the own.

For each goal with indicators, each indicator gets a level 1–4 by a documented rule, and the
goal's derived level is their rounded mean. The goals where the nämnd's own level and the
derived one differ by ``threshold`` levels or more are what an auditor asks about first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .fulfilment import one_period
from .trends import trends

__all__ = ["RULES", "assessment_check", "indicator_levels"]

#: The rules, as a report can print them.
RULES = {
    "mal": "Målvärde uppnått → 4; minst 80 % av vägen från ingångsvärdet → 3; rör sig åt rätt "
           "håll → 2; annars 1.",
    "trend": "Signifikant förbättring (Mann–Kendall p < 0,10) → 3; oförändrad eller ej "
             "signifikant → 2; signifikant försämring → 1.",
    "auto": "Målregeln för indikatorer med målvärde, trendregeln för övriga.",
}


def indicator_levels(trend: pd.DataFrame, rule: str = "auto", *, alpha: float = 0.10,
                     share: float = 0.8) -> pd.DataFrame:
    """Each trend row's derived level (``harledd_niva``) and the rule used (``regel``)."""
    if rule not in RULES:
        raise ValueError(f"rule={rule!r}: välj bland {list(RULES)}.")
    out = trend.copy()
    verdict = out["bedomning"]
    significant = out["mk_p"].lt(alpha).fillna(False)
    improving = verdict.eq("förbättring").fillna(False)
    worsening = verdict.eq("försämring").fillna(False)
    has_target = out["malvarde"].notna() & out["mal_uppnatt"].notna()
    met = out["mal_uppnatt"].fillna(False)
    progress = out["maluppfyllelse_andel"]
    by_target = pd.Series(np.select(
        [met, progress.ge(share).fillna(False), improving], [4, 3, 2], 1), index=out.index)
    by_trend = pd.Series(np.select(
        [improving & significant, worsening & significant, verdict.notna()], [3, 1, 2], 0),
        index=out.index)
    trend_ok = verdict.notna() & out["antal_ar"].ge(2)
    use_target = has_target if rule in ("auto", "mal") else pd.Series(False, index=out.index)
    use_trend = (~use_target & trend_ok) if rule in ("auto", "trend") else pd.Series(
        False, index=out.index)
    level = np.where(use_target, by_target, np.where(use_trend, by_trend, 0))
    out["harledd_niva"] = pd.array(np.where(level > 0, level, None), dtype="Int64")
    out["regel"] = pd.Series(np.where(use_target, "mal", np.where(use_trend, "trend", "")),
                             index=out.index, dtype="string").replace("", pd.NA)
    return out


def assessment_check(goals: pd.DataFrame, indicators: pd.DataFrame, *, rule: str = "auto",
                     threshold: int = 2, alpha: float = 0.10, share: float = 0.8,
                     tolerance: float = 0.01, period: str | None = "bokslut") -> pd.DataFrame:
    """The nämnd's own level beside the level derived from its indicators, per goal and year.

    Goals and indicators of ``period`` only (``None``: each period with its own). For a
    goal assessed in year Y, its indicators' trends use the values up to Y, and "better"
    is what :mod:`styranalys.analysis.direction` says, as in
    :func:`~styranalys.analysis.trends.trends`. Rules: see :data:`RULES` (``rule="mal"``,
    ``"trend"`` or ``"auto"``). The goal's
    ``harledd_niva`` is the mean of its indicators' levels, rounded half up. ``skillnad`` =
    ``niva`` − ``harledd_niva``; ``avviker`` is True where |skillnad| ≥ ``threshold``.

    Result columns: ``namnd, ar, period, maltyp, mal_id, mal, niva, harledd_niva,
    antal_indikatorer, regel, skillnad, avviker``. Goals without indicators with at least two
    values are not in the result (see :func:`styranalys.analysis.measurability`).
    """
    goals = one_period(goals, period, ["period"])
    indicators = one_period(indicators, period, ["period"])
    linked = indicators[indicators["mal_id"].notna() & indicators["varde"].notna()]
    goal_years = goals[["namnd", "period", "ar"]].drop_duplicates()
    parts = []
    # One trends() call per assessment year (a handful), each over all series at once.
    for year in sorted(goal_years["ar"].dropna().unique()):
        upto = linked[linked["ar"] <= year]
        if upto.empty:
            continue
        levels = indicator_levels(trends(upto, tolerance=tolerance, period=period), rule,
                                  alpha=alpha,
                                  share=share)
        levels = levels[levels["harledd_niva"].notna()]
        levels["ar"] = year
        parts.append(levels[["namnd", "period", "mal_id", "ar", "harledd_niva", "regel"]])
    columns = ["namnd", "ar", "period", "maltyp", "mal_id", "mal", "niva", "harledd_niva",
               "antal_indikatorer", "regel", "skillnad", "avviker"]
    if not parts:
        return pd.DataFrame(columns=columns)
    per_indicator = pd.concat(parts, ignore_index=True)
    per_goal = per_indicator.groupby(["namnd", "period", "mal_id", "ar"], as_index=False).agg(
        medel=("harledd_niva", "mean"), antal_indikatorer=("harledd_niva", "size"),
        regel=("regel", "first"), regler=("regel", "nunique"))
    per_goal["regel"] = per_goal["regel"].mask(per_goal.pop("regler") > 1, "mal/trend")
    per_goal["harledd_niva"] = np.floor(per_goal["medel"].astype(float) + 0.5).astype("Int64")
    merged = goals.merge(per_goal.drop(columns="medel"), on=["namnd", "period", "mal_id", "ar"])
    merged["skillnad"] = (merged["niva"] - merged["harledd_niva"]).astype("Int64")
    merged["avviker"] = merged["skillnad"].abs().ge(threshold).astype("boolean")
    merged["antal_indikatorer"] = merged["antal_indikatorer"].astype("Int64")
    merged["regel"] = merged["regel"].astype("string")
    return merged[columns].sort_values(["namnd", "ar", "maltyp", "mal"]).reset_index(drop=True)
