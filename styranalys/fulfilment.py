"""Fulfilment per group (counts, shares, index, summary sentence) and year-over-year changes.

Every function takes the goals frame (DESIGN.md), returns a new tidy frame and leaves its
input untouched. Everything is grouped in pandas; nothing loops over groups in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .swedish import format_percent

__all__ = ["TOTAL_LABEL", "fulfilment", "transitions"]

#: The ``namnd`` of the total row that ``fulfilment(..., kommunen=True)`` adds.
TOTAL_LABEL = "Kommunen"
_GROUPABLE = ("namnd", "ar", "period", "maltyp", "omrade")
# Goal type -> (singular, plural, grammatical gender: "en" or "ett").
_NOUN = {"utvecklingsmal": ("utvecklingsmål", "utvecklingsmål", "ett"),
         "kvalitetsfaktor": ("kvalitetsfaktor", "kvalitetsfaktorer", "en"),
         "grunduppdrag": ("grunduppdrag", "grunduppdrag", "ett"),
         None: ("mål", "mål", "ett")}
_PREDICATE = {"utvecklingsmal": ("är uppfyllt eller på väg att uppfyllas",
                                 "är uppfyllda eller på väg att uppfyllas"),
              "kvalitetsfaktor": ("uppnås eller är på väg att uppnås",
                                  "uppnås eller är på väg att uppnås"),
              "grunduppdrag": ("uppnås helt eller till stor del",
                               "uppnås helt eller till stor del"),
              None: ("är uppfyllt eller på väg att uppfyllas",
                     "är uppfyllda eller på väg att uppfyllas")}


def fulfilment(goals: pd.DataFrame, by: Sequence[str] = ("namnd", "ar"), *,
               kommunen: bool = False) -> pd.DataFrame:
    """Counts and shares of goals per level, and a fulfilment index, per group.

    Rule: ``niva_4`` ... ``niva_1`` and ``ej_bedomd`` count goals; ``andel_*`` divide them by
    ``antal`` (all goals, so a stacked bar sums to 1). ``medelniva`` is the mean level of the
    assessed goals and ``andel_uppfyllda`` the share of assessed goals at level 3 or 4.
    ``sammanfattning`` is a Swedish sentence a report prints as it is. With
    ``kommunen=True`` (and ``namnd`` in ``by``), rows with ``namnd == "Kommunen"`` add up all
    nämnder.

    Result columns: ``*by, antal, antal_bedomda, niva_4, niva_3, niva_2, niva_1, ej_bedomd,
    andel_niva_4, andel_niva_3, andel_niva_2, andel_niva_1, andel_ej_bedomd, medelniva,
    andel_uppfyllda, sammanfattning``.
    """
    by = list(by)
    unknown = [b for b in by if b not in _GROUPABLE]
    if unknown:
        raise ValueError(f"Kan inte gruppera på {unknown}; välj bland {list(_GROUPABLE)}.")
    frame = goals[list(dict.fromkeys([*by, "niva", "maltyp"]))].copy()
    if kommunen:
        if "namnd" not in by:
            raise ValueError("kommunen=True kräver att 'namnd' finns i by.")
        total = frame.copy()
        total["namnd"] = TOTAL_LABEL
        frame = pd.concat([frame, total], ignore_index=True)
    levels = frame["niva"]
    counts = pd.DataFrame({
        "antal": 1,
        **{f"niva_{k}": levels.eq(k).fillna(False).astype("int64") for k in (4, 3, 2, 1)},
        "ej_bedomd": levels.isna().astype("int64"),
        "_sum": levels.fillna(0).astype("int64"),
    })
    keys = [frame[b] for b in by] if by else [np.zeros(len(frame), dtype=int)]
    out = counts.groupby(keys, dropna=False, sort=True).sum()
    types = frame["maltyp"].groupby(keys, dropna=False, sort=True)
    maltyp = types.first().where(types.nunique().eq(1))
    out = out.reset_index(drop=not by)
    out["antal_bedomda"] = out["antal"] - out["ej_bedomd"]
    for k in ("niva_4", "niva_3", "niva_2", "niva_1", "ej_bedomd"):
        out[f"andel_{k}"] = (out[k] / out["antal"]).astype("Float64")
    assessed = out["antal_bedomda"].where(out["antal_bedomda"] > 0)
    out["medelniva"] = (out.pop("_sum") / assessed).astype("Float64")
    out["andel_uppfyllda"] = ((out["niva_4"] + out["niva_3"]) / assessed).astype("Float64")
    out["sammanfattning"] = _sentences(out, maltyp.to_numpy() if "maltyp" not in by
                                       else out["maltyp"].to_numpy())
    order = [*by, "antal", "antal_bedomda", "niva_4", "niva_3", "niva_2", "niva_1", "ej_bedomd",
             "andel_niva_4", "andel_niva_3", "andel_niva_2", "andel_niva_1", "andel_ej_bedomd",
             "medelniva", "andel_uppfyllda", "sammanfattning"]
    out = out[order]
    if "ar" in out:
        out["ar"] = out["ar"].astype("Int64")
    return out


def _sentences(out: pd.DataFrame, maltyp: np.ndarray) -> pd.Series:
    """"3 av 5 utvecklingsmål är uppfyllda eller på väg att uppfyllas (60 %)" per row."""
    sentences = []
    for n_ok, n_assessed, n_all, kind in zip(out["niva_4"] + out["niva_3"],
                                             out["antal_bedomda"], out["antal"], maltyp,
                                             strict=True):
        kind = kind if kind in _NOUN else None
        singular, plural, gender = _NOUN[kind]
        assessed_one = "bedömd" if gender == "en" else "bedömt"
        if n_assessed == 0:
            none = "Ingen" if gender == "en" else "Inget"
            sentences.append(f"{none} av {n_all} {plural} är {assessed_one}.")
            continue
        noun = singular if n_assessed == 1 else plural
        predicate = _PREDICATE[kind][0 if n_ok == 1 else 1]
        share = format_percent(n_ok / n_assessed)
        qualifier = ""
        if n_assessed < n_all:
            qualifier = f" {assessed_one}" if n_assessed == 1 else " bedömda"
        text = f"{n_ok} av {n_assessed}{qualifier} {noun} {predicate} ({share})."
        left = n_all - n_assessed
        if left:
            text += f" 1 är inte {assessed_one}." if left == 1 else f" {left} är inte bedömda."
        sentences.append(text)
    return pd.Series(sentences, index=out.index, dtype="string")


def transitions(goals: pd.DataFrame) -> pd.DataFrame:
    """Each goal's change from the previous year with data to the next, matched on mal_id.

    For every nämnd and period, each year is compared with the year before it in the data.
    ``forandring`` is "förbättrad", "oförändrad", "försämrad", "ny" (not there the year
    before), "borttagen" (there the year before, not now) or "ej jämförbar" (one of the two
    years not assessed). Result columns: ``namnd, period, maltyp, mal_id, mal, ar_fore, ar,
    niva_fore, niva, forandring``.
    """
    cols = ["namnd", "period", "maltyp", "mal_id", "mal", "ar", "niva"]
    g = goals[cols].copy()
    years = g[["namnd", "period", "ar"]].drop_duplicates().sort_values(["namnd", "period", "ar"])
    years["ar_fore"] = years.groupby(["namnd", "period"])["ar"].shift(1)
    years["ar_efter"] = years.groupby(["namnd", "period"])["ar"].shift(-1)
    now = g.merge(years[["namnd", "period", "ar", "ar_fore"]], on=["namnd", "period", "ar"])
    now = now[now["ar_fore"].notna()]
    before = g.merge(years[["namnd", "period", "ar", "ar_efter"]], on=["namnd", "period", "ar"])
    before = before[before["ar_efter"].notna()].rename(
        columns={"ar": "ar_fore", "ar_efter": "ar", "niva": "niva_fore",
                 "maltyp": "maltyp_fore", "mal": "mal_fore"})
    merged = now.merge(before, on=["namnd", "period", "mal_id", "ar", "ar_fore"], how="outer")
    merged["maltyp"] = merged["maltyp"].fillna(merged.pop("maltyp_fore"))
    merged["mal"] = merged["mal"].fillna(merged.pop("mal_fore"))
    present_now = merged.set_index(["namnd", "period", "mal_id", "ar"]).index.isin(
        now.set_index(["namnd", "period", "mal_id", "ar"]).index)
    present_before = merged.set_index(["namnd", "period", "mal_id", "ar_fore"]).index.isin(
        before.set_index(["namnd", "period", "mal_id", "ar_fore"]).index)
    diff = (merged["niva"] - merged["niva_fore"]).astype("Float64")
    change = np.select(
        [~present_before, ~present_now, diff.isna().to_numpy(dtype=bool, na_value=True),
         (diff > 0).fillna(False).to_numpy(bool), (diff < 0).fillna(False).to_numpy(bool)],
        ["ny", "borttagen", "ej jämförbar", "förbättrad", "försämrad"], "oförändrad")
    merged["forandring"] = pd.Series(change, index=merged.index, dtype="string")
    out = merged[["namnd", "period", "maltyp", "mal_id", "mal", "ar_fore", "ar", "niva_fore",
                  "niva", "forandring"]]
    out = out.astype({"ar_fore": "Int64", "ar": "Int64", "niva_fore": "Int64", "niva": "Int64"})
    return out.sort_values(["namnd", "period", "ar", "maltyp", "mal"]).reset_index(drop=True)
