"""Fulfilment per group (counts, shares, index, summary sentence) and year-over-year changes.

Every function takes the goals frame (docs/datamodell.md), returns a new tidy frame and leaves its
input untouched. Everything is grouped in pandas; nothing loops over groups in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..swedish import format_percent

__all__ = ["TOTAL_LABEL", "fulfilment", "goal_set_note", "one_period", "transitions"]

#: How reports and charts name the row that ``fulfilment(..., kommunen=True)`` adds. The row
#: itself is marked by ``kommunen == True`` (its ``namnd`` is NA), never by this name, which
#: a real nämnd could have.
TOTAL_LABEL = "Hela kommunen"
_GROUPABLE = ("namnd", "ar", "period", "maltyp", "omrade")
_PERIODS = ("bokslut", "delår")
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
#: What identifies one goal in one year (its nämnd kept apart from the grouping's, which
#: the total replaces): ids such as "1" repeat between nämnder and goal types.
_GOAL_KEY = ["_mal_namnd", "maltyp", "mal_id"]
#: Internal stand-in for the total's nämnd while grouping (NA would not merge or sort well).
_TOTAL = "\x00kommunen"


def one_period(frame: pd.DataFrame, period: str | None, by: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of ``period``; ``None`` keeps every period, and is allowed only where
    ``period`` is a key in ``by`` (so that bokslut and delår are never added together)."""
    if period is None:
        if "period" not in by:
            raise ValueError("period=None kräver att 'period' finns i by: bokslut och delår "
                             "räknas aldrig ihop.")
        return frame
    if period not in _PERIODS:
        raise ValueError(f"period={period!r}: ange 'bokslut' eller 'delår'.")
    return frame[frame["period"] == period]


def fulfilment(goals: pd.DataFrame, by: Sequence[str] = ("namnd", "ar"), *,
               kommunen: bool = False, period: str | None = "bokslut") -> pd.DataFrame:
    """Counts and shares of goals per level, and a fulfilment index, per group.

    Only the goals of ``period`` are counted (``None``: every period, with ``period`` in
    ``by``). Rule: ``niva_4`` ... ``niva_1`` and ``ej_bedomd`` count goals; ``andel_*``
    divide them by ``antal`` (all goals, so a stacked bar sums to 1). ``medelniva`` is the
    mean level of the assessed goals. ``andel_uppfyllda`` is the share of assessed goals the
    scale calls fulfilled (level 4); ``andel_uppfyllda_eller_pa_vag`` the share at level 3
    or 4 (for utvecklingsmål, level 3 is "på väg att uppfyllas", not yet fulfilled).
    ``sammanfattning`` is a Swedish sentence a report prints as it is; it says which share
    it counts. With
    ``kommunen=True`` (and ``namnd`` in ``by``), rows with ``kommunen == True`` (and
    ``namnd`` NA) add up all nämnder; they come last.

    With ``ar`` in ``by``, each row also says whether the goals behind it changed since the
    group's previous year in the data: ``ar_fore`` and ``antal_fore`` (that year and its
    number of goals), ``nya_mal`` and ``borttagna_mal`` (goals added and removed, by the
    goals' key: nämnd, goal type and ``mal_id``) and ``samma_mal`` (True when none were;
    NA in the first year). A share that moves only because the set of goals changed is then
    visible as such.

    Result columns: ``*by, kommunen, antal, antal_bedomda, niva_4, niva_3, niva_2, niva_1,
    ej_bedomd, andel_niva_4, andel_niva_3, andel_niva_2, andel_niva_1, andel_ej_bedomd,
    medelniva, andel_uppfyllda, andel_uppfyllda_eller_pa_vag, sammanfattning`` and, with
    ``ar`` in ``by``, ``ar_fore,
    antal_fore, nya_mal, borttagna_mal, samma_mal``.
    """
    by = list(by)
    unknown = [b for b in by if b not in _GROUPABLE]
    if unknown:
        raise ValueError(f"Kan inte gruppera på {unknown}; välj bland {list(_GROUPABLE)}.")
    data = one_period(goals, period, by)
    frame = data[list(dict.fromkeys([*by, "niva", "maltyp", "mal_id"]))].copy()
    frame["_mal_namnd"] = data["namnd"]  # the goal's own nämnd, also in the total's rows
    frame["kommunen"] = False
    if kommunen:
        if "namnd" not in by:
            raise ValueError("kommunen=True kräver att 'namnd' finns i by.")
        total = frame.copy()
        total["namnd"] = _TOTAL
        total["kommunen"] = True
        frame = pd.concat([frame, total], ignore_index=True)
    keys_by = ["kommunen", *by]
    levels = frame["niva"]
    counts = pd.DataFrame({
        "antal": 1,
        **{f"niva_{k}": levels.eq(k).fillna(False).astype("int64") for k in (4, 3, 2, 1)},
        "ej_bedomd": levels.isna().astype("int64"),
        "_sum": levels.fillna(0).astype("int64"),
    })
    keys = [frame[b] for b in keys_by]
    out = counts.groupby(keys, dropna=False, sort=True).sum()
    types = frame["maltyp"].groupby(keys, dropna=False, sort=True)
    maltyp = types.first().where(types.nunique().eq(1))
    out = out.reset_index()
    out["antal_bedomda"] = out["antal"] - out["ej_bedomd"]
    for k in ("niva_4", "niva_3", "niva_2", "niva_1", "ej_bedomd"):
        out[f"andel_{k}"] = (out[k] / out["antal"]).astype("Float64")
    assessed = out["antal_bedomda"].where(out["antal_bedomda"] > 0)
    out["medelniva"] = (out.pop("_sum") / assessed).astype("Float64")
    out["andel_uppfyllda"] = (out["niva_4"] / assessed).astype("Float64")
    out["andel_uppfyllda_eller_pa_vag"] = ((out["niva_4"] + out["niva_3"]) / assessed).astype(
        "Float64")
    out["sammanfattning"] = _sentences(out, maltyp.to_numpy() if "maltyp" not in by
                                       else out["maltyp"].to_numpy())
    order = [*by, "kommunen", "antal", "antal_bedomda", "niva_4", "niva_3", "niva_2", "niva_1",
             "ej_bedomd", "andel_niva_4", "andel_niva_3", "andel_niva_2", "andel_niva_1",
             "andel_ej_bedomd", "medelniva", "andel_uppfyllda", "andel_uppfyllda_eller_pa_vag",
             "sammanfattning"]
    if "ar" in by:
        out = out.merge(_goal_set_changes(frame, [b for b in keys_by if b != "ar"]),
                        on=keys_by, how="left")
        order += ["ar_fore", "antal_fore", "nya_mal", "borttagna_mal", "samma_mal"]
    out = out[order]
    if "ar" in out:
        out["ar"] = out["ar"].astype("Int64")
    if kommunen:
        out["namnd"] = out["namnd"].astype("string").mask(out["kommunen"], pd.NA)
    return out.sort_values("kommunen", kind="stable").reset_index(drop=True)


def goal_set_note(table: pd.DataFrame) -> str | None:
    """"22 mål 2020, 35 mål 2021 (13 nya)" for each year of a :func:`fulfilment` table (by
    ``ar``) whose goals differ from the year before, joined; None when none do."""
    changed = table[table["samma_mal"].eq(False).fillna(False)]
    parts = []
    for row in changed.itertuples():
        what = [f"{row.nya_mal} {'nytt' if row.nya_mal == 1 else 'nya'}"] if row.nya_mal else []
        what += [f"{row.borttagna_mal} {'borttaget' if row.borttagna_mal == 1 else 'borttagna'}"
                 ] if row.borttagna_mal else []
        parts.append(f"{row.antal_fore} mål {row.ar_fore}, {row.antal} mål {row.ar} "
                     f"({', '.join(what)})")
    return "; ".join(parts) if parts else None


def _goal_set_changes(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group (``keys``) and year: the previous year in the data, its number of goals,
    and how many goals were added and removed since then. A goal is its key (nämnd, goal
    type, ``mal_id``): ids such as "1" and "2" repeat between nämnder."""
    goal = [k for k in _GOAL_KEY if k not in keys]
    pairs = frame[[*keys, "ar", *goal]].drop_duplicates()
    sizes = pairs.groupby([*keys, "ar"], dropna=False).size().rename("_n").reset_index()
    sizes = sizes.sort_values([*keys, "ar"])
    grouped = sizes.groupby(keys, dropna=False) if keys else sizes.groupby(
        np.zeros(len(sizes)))
    sizes["ar_fore"] = grouped["ar"].shift(1)
    sizes["antal_fore"] = grouped["_n"].shift(1)
    before = pairs.rename(columns={"ar": "ar_fore"})
    kept = pairs.merge(sizes[[*keys, "ar", "ar_fore"]], on=[*keys, "ar"]).merge(
        before, on=[*keys, "ar_fore", *goal])
    kept = kept.groupby([*keys, "ar"], dropna=False).size().rename("_kept").reset_index()
    sizes = sizes.merge(kept, on=[*keys, "ar"], how="left")
    sizes["_kept"] = sizes["_kept"].fillna(0)
    first = sizes["ar_fore"].isna()
    sizes["nya_mal"] = (sizes["_n"] - sizes["_kept"]).mask(first)
    sizes["borttagna_mal"] = (sizes["antal_fore"] - sizes["_kept"]).mask(first)
    sizes["samma_mal"] = ((sizes["nya_mal"] == 0) & (sizes["borttagna_mal"] == 0)).astype(
        "boolean").mask(first)
    for column in ("ar_fore", "antal_fore", "nya_mal", "borttagna_mal"):
        sizes[column] = sizes[column].astype("Int64")
    return sizes[[*keys, "ar", "ar_fore", "antal_fore", "nya_mal", "borttagna_mal",
                  "samma_mal"]]


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


def transitions(goals: pd.DataFrame, *, period: str | None = "bokslut") -> pd.DataFrame:
    """Each goal's change from the previous year with data to the next, matched on mal_id.

    Only the goals of ``period`` are compared (``None``: each period with itself).

    For every nämnd and period, each year is compared with the year before it in the data.
    ``forandring`` is "förbättrad", "oförändrad", "försämrad", "ny" (not there the year
    before), "borttagen" (there the year before, not now) or "ej jämförbar" (one of the two
    years not assessed). Result columns: ``namnd, period, maltyp, mal_id, mal, ar_fore, ar,
    niva_fore, niva, forandring``.
    """
    cols = ["namnd", "period", "maltyp", "mal_id", "mal", "ar", "niva"]
    g = one_period(goals, period, ["period"])[cols].copy()
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
