"""The auditors' measurability audit: does every goal have indicators with baseline and target?

From the auditors' recommendation (2022 seed document): "Tillse att målen för verksamheten
har tillhörande ingångs- och målvärden samt indikatorer för samtliga mål".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .fulfilment import one_period

__all__ = ["measurability", "measurability_summary"]

_LACKS = [("har_indikator", "indikator"), ("har_ingangsvarde", "ingångsvärde"),
          ("har_malvarde", "målvärde"), ("har_tre_ar", "minst 3 års värden")]


def measurability(goals: pd.DataFrame, indicators: pd.DataFrame, *,
                  min_years: int = 3, period: str | None = "bokslut") -> pd.DataFrame:
    """Per goal and year: what it has of indicator, baseline, target and years of values.

    Goals and indicators of ``period`` only (``None``: each period with its own). An
    indicator belongs to the goal whose ``mal_id`` it names, of any goal type.

    Rule: ``har_indikator`` — some indicator is linked to the goal (``mal_id``);
    ``har_ingangsvarde`` / ``har_malvarde`` — some linked indicator has one;
    ``har_tre_ar`` — some linked indicator has values in at least ``min_years`` years up to
    the goal's year. ``matbart`` — one and the same indicator has all three.
    ``saknar`` lists in Swedish what a goal that is not measurable lacks.

    Result columns: ``namnd, ar, period, maltyp, mal_id, mal, niva, antal_indikatorer,
    har_indikator, har_ingangsvarde, har_malvarde, har_tre_ar, matbart, saknar``.
    """
    goals = one_period(goals, period, ["period"])
    indicators = one_period(indicators, period, ["period"])
    ind = indicators[indicators["mal_id"].notna()]
    key = ["namnd", "period", "mal_id"]
    # Per indicator series and goal year: does it have baseline, target, enough years?
    g = goals[["namnd", "ar", "period", "maltyp", "mal_id", "mal", "niva"]]
    pairs = g[[*key, "ar"]].drop_duplicates().merge(
        ind[[*key, "indikator_id", "kon", "ar", "varde", "ingangsvarde", "malvarde"]].rename(
            columns={"ar": "ar_varde"}), on=key)
    pairs = pairs[pairs["ar_varde"] <= pairs["ar"]]
    per_series = pairs.groupby([*key, "ar", "indikator_id", "kon"], as_index=False).agg(
        ingang=("ingangsvarde", "count"), mal=("malvarde", "count"), ar_n=("varde", "count"))
    per_series["ingang"] = per_series["ingang"] > 0
    per_series["mal"] = per_series["mal"] > 0
    per_series["tre"] = per_series["ar_n"] >= min_years
    per_series["alla"] = per_series["ingang"] & per_series["mal"] & per_series["tre"]
    per_goal = per_series.groupby([*key, "ar"], as_index=False).agg(
        antal_indikatorer=("indikator_id", "nunique"), har_ingangsvarde=("ingang", "any"),
        har_malvarde=("mal", "any"), har_tre_ar=("tre", "any"), matbart=("alla", "any"))
    # Indicators linked to the goal but with no value up to that year still count as linked.
    linked = g[[*key, "ar"]].drop_duplicates().merge(
        ind[key].drop_duplicates().assign(_linked=True), on=key, how="left")
    out = g.merge(per_goal, on=[*key, "ar"], how="left").merge(linked, on=[*key, "ar"],
                                                               how="left")
    out["har_indikator"] = out.pop("_linked").fillna(False).astype(bool)
    for col in ("har_ingangsvarde", "har_malvarde", "har_tre_ar", "matbart"):
        out[col] = out[col].fillna(False).astype(bool)
    out["antal_indikatorer"] = out["antal_indikatorer"].fillna(0).astype("Int64")
    lacks = _lacks(out)
    out["saknar"] = pd.Series(lacks, index=out.index, dtype="string").replace("", pd.NA)
    columns = ["namnd", "ar", "period", "maltyp", "mal_id", "mal", "niva", "antal_indikatorer",
               "har_indikator", "har_ingangsvarde", "har_malvarde", "har_tre_ar", "matbart",
               "saknar"]
    return out[columns].sort_values(["namnd", "ar", "maltyp", "mal"]).reset_index(drop=True)


def _lacks(frame: pd.DataFrame) -> np.ndarray:
    """"ingångsvärde, målvärde" for each row: the words of the flags that are False."""
    text = pd.Series("", index=frame.index, dtype=object)
    for col, word in _LACKS:
        text = text.where(frame[col], text + ", " + word)
    text = text.str.lstrip(", ")
    no_indicator = ~frame["har_indikator"]
    text[no_indicator] = "indikator"
    # A goal with all three on different indicators still lacks one complete indicator.
    complete_parts = frame["har_ingangsvarde"] & frame["har_malvarde"] & frame["har_tre_ar"]
    text[complete_parts & ~frame["matbart"]] = "en indikator med både ingångsvärde, målvärde " \
                                               "och minst 3 års värden"
    return text.to_numpy()


def measurability_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """Share of fully measurable goals per nämnd and year, from :func:`measurability`.

    Result columns: ``namnd, ar, period, antal_mal, antal_matbara, andel_matbara,
    utan_indikator, utan_ingangsvarde, utan_malvarde, utan_tre_ar``.
    """
    out = audit.assign(
        utan_indikator=~audit["har_indikator"], utan_ingangsvarde=~audit["har_ingangsvarde"],
        utan_malvarde=~audit["har_malvarde"], utan_tre_ar=~audit["har_tre_ar"],
    ).groupby(["namnd", "ar", "period"], as_index=False).agg(
        antal_mal=("mal_id", "size"), antal_matbara=("matbart", "sum"),
        utan_indikator=("utan_indikator", "sum"), utan_ingangsvarde=("utan_ingangsvarde", "sum"),
        utan_malvarde=("utan_malvarde", "sum"), utan_tre_ar=("utan_tre_ar", "sum"))
    out["andel_matbara"] = (out["antal_matbara"] / out["antal_mal"]).astype("Float64")
    return out[["namnd", "ar", "period", "antal_mal", "antal_matbara", "andel_matbara",
                "utan_indikator", "utan_ingangsvarde", "utan_malvarde", "utan_tre_ar"]]
