"""Data check of the self-assessments: a level derived from the indicators, beside the own.

For each goal with indicators, each indicator gets a level 1–4 by a documented rule, and the
goal's derived level is their rounded mean. The goals where the nämnd's own level and the
derived one differ by ``threshold`` levels or more are what an auditor asks about first.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..swedish import format_number
from .fulfilment import one_period
from .trends import trends_by_year

__all__ = ["ALPHA", "RULES", "assessment_check", "indicator_levels", "trend_min_years"]

#: The trend rule's significance: Mann–Kendall's two-sided p must be below it.
ALPHA = 0.10


def trend_min_years(alpha: float = ALPHA) -> int:
    """The fewest years in which Mann–Kendall can show a trend at ``alpha``: the smallest
    n whose most extreme ordering (every value above the one before) has an exact two-sided
    p = 2 / n! below ``alpha``. At 0,10 that is 4: three years can reach no lower than 0,33."""
    n = 2
    while 2 / math.factorial(n) >= alpha:
        n += 1
    return n


def _trend_rule(alpha: float) -> str:
    return (f"Mann–Kendall, tvåsidigt p < {format_number(alpha, 2)}, minst "
            f"{trend_min_years(alpha)} år: signifikant förbättring → 3; oförändrad eller ej "
            "signifikant → 2; signifikant försämring → 1. Färre år ger ingen härledd nivå, "
            "eftersom testet inte kan nå gränsen då. Trenden ger aldrig 4: utan målvärde går "
            "det inte att visa att målet är uppfyllt, bara att det är på väg.")


#: The rules, as a report can print them.
RULES = {
    "mal": "Målvärde uppnått → 4; minst 80 % av vägen från ingångsvärdet → 3; rör sig åt rätt "
           "håll → 2; annars 1.",
    "trend": _trend_rule(ALPHA),
    "auto": "Målregeln för indikatorer med målvärde, trendregeln för övriga.",
}


def indicator_levels(trend: pd.DataFrame, rule: str = "auto", *, alpha: float = ALPHA,
                     share: float = 0.8) -> pd.DataFrame:
    """Each trend row's derived level (``harledd_niva``), the rule used (``regel``), and
    where no rule applies, why (``orsak``: too few years for the trend test, an unknown
    direction, fewer than two values)."""
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
    years = out["antal_ar"].astype("Int64").fillna(0).to_numpy(dtype=int)
    minimum = trend_min_years(alpha)
    trend_ok = verdict.notna() & (years >= minimum)
    use_target = has_target if rule in ("auto", "mal") else pd.Series(False, index=out.index)
    use_trend = (~use_target & trend_ok) if rule in ("auto", "trend") else pd.Series(
        False, index=out.index)
    level = np.where(use_target, by_target, np.where(use_trend, by_trend, 0))
    why = np.select(
        [use_target | use_trend, years < 2, out["tolkad_riktning"].isna(), years < minimum],
        ["", "färre än två värden", "okänt vilket håll som är bättre",
         "för få år för en trendbedömning (n = " + pd.Series(years).astype(str) + ")"], "")
    if rule == "mal":
        why = np.where((why == "") & ~use_target, "inget målvärde", why)
    out["orsak"] = pd.Series(why, index=out.index, dtype="string").replace("", pd.NA)
    out["harledd_niva"] = pd.array(np.where(level > 0, level, None), dtype="Int64")
    out["regel"] = pd.Series(np.where(use_target, "mal", np.where(use_trend, "trend", "")),
                             index=out.index, dtype="string").replace("", pd.NA)
    return out


def assessment_check(goals: pd.DataFrame, indicators: pd.DataFrame, *, rule: str = "auto",
                     threshold: int = 2, alpha: float = ALPHA, share: float = 0.8,
                     tolerance: float = 0.01, period: str | None = "bokslut",
                     unchecked: bool = False) -> pd.DataFrame:
    """The nämnd's own level beside the level derived from its indicators, per goal and year.

    Goals and indicators of ``period`` only (``None``: each period with its own). For a
    goal assessed in year Y, its indicators' trends use the values up to Y, and "better"
    is what :mod:`styranalys.analysis.direction` says, as in
    :func:`~styranalys.analysis.trends.trends`. Rules: see :data:`RULES` (``rule="mal"``,
    ``"trend"`` or ``"auto"``). The goal's
    ``harledd_niva`` is the mean of its indicators' levels, rounded half up. ``skillnad`` =
    ``niva`` − ``harledd_niva``; ``avviker`` is True where |skillnad| ≥ ``threshold``.

    Result columns: ``namnd, ar, period, maltyp, mal_id, mal, niva, harledd_niva,
    antal_indikatorer, regel, skillnad, avviker, orsak``. A goal no rule could check (its
    indicators too short for the trend test, of unknown direction, or none with values) is
    in the result only with ``unchecked=True``: ``harledd_niva`` NA and ``orsak`` saying
    why, so a report can count what it could not check beside what it checked.
    """
    goals = one_period(goals, period, ["period"])
    indicators = one_period(indicators, period, ["period"])
    linked = indicators[indicators["mal_id"].notna() & indicators["varde"].notna()]
    goal_years = goals[["namnd", "period", "ar"]].drop_duplicates()
    parts = []
    for year, trend in trends_by_year(linked, goal_years["ar"].dropna().unique(),
                                      tolerance=tolerance, period=period):
        levels = indicator_levels(trend, rule, alpha=alpha, share=share)
        levels["ar"] = year
        parts.append(levels[["namnd", "period", "mal_id", "ar", "harledd_niva", "regel",
                             "orsak"]])
    columns = ["namnd", "ar", "period", "maltyp", "mal_id", "mal", "niva", "harledd_niva",
               "antal_indikatorer", "regel", "skillnad", "avviker", "orsak"]
    key = ["namnd", "period", "mal_id", "ar"]
    if parts:
        per_indicator = pd.concat(parts, ignore_index=True)
        checked = per_indicator[per_indicator["harledd_niva"].notna()]
        per_goal = checked.groupby(key, as_index=False).agg(
            medel=("harledd_niva", "mean"), antal_indikatorer=("harledd_niva", "size"),
            regel=("regel", "first"), regler=("regel", "nunique"))
        per_goal["regel"] = per_goal["regel"].mask(per_goal.pop("regler") > 1, "mal/trend")
        per_goal["harledd_niva"] = np.floor(per_goal["medel"].astype(float) + 0.5).astype(
            "Int64")
        reasons = per_indicator[per_indicator["harledd_niva"].isna()].groupby(key)[
            "orsak"].agg(lambda r: "; ".join(dict.fromkeys(r.dropna()))).rename("orsak")
    else:
        per_goal = pd.DataFrame(columns=[*key, "medel", "antal_indikatorer", "regel",
                                         "harledd_niva"])
        reasons = pd.Series(dtype="string", name="orsak")
    merged = goals.merge(per_goal.drop(columns="medel"), on=key,
                         how="left" if unchecked else "inner")
    if unchecked:
        merged = merged.merge(reasons.reset_index(), on=key, how="left") if len(reasons) \
            else merged.assign(orsak=pd.NA)
        merged["orsak"] = merged["orsak"].astype("string").fillna(
            "inga kopplade indikatorer med värden").mask(merged["harledd_niva"].notna())
    else:
        merged["orsak"] = pd.NA
    merged["harledd_niva"] = merged["harledd_niva"].astype("Int64")
    merged["skillnad"] = (merged["niva"] - merged["harledd_niva"]).astype("Int64")
    merged["avviker"] = merged["skillnad"].abs().ge(threshold).astype("boolean")
    merged["antal_indikatorer"] = merged["antal_indikatorer"].astype("Int64")
    merged["regel"] = merged["regel"].astype("string")
    merged["orsak"] = merged["orsak"].astype("string")
    return merged[columns].sort_values(["namnd", "ar", "maltyp", "mal"]).reset_index(drop=True)
