"""Peer comparison: where a municipality stands among similar municipalities, per KPI and year.

The peer statistics follow Kolada's group values (the unweighted mean of the members) and
Kommunens Kvalitet i Korthet's colours: among the municipality and its peers, the best 25 %
is "grön", the worst 25 % "röd" and the middle "gul", where ``riktning`` says which end is
best (no colour without it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..read.kolada import KoladaGroup

__all__ = ["PEER_COLUMNS", "peer_comparison"]

PEER_COLUMNS = ["indikator_id", "indikator", "enhet", "kon", "period", "ar", "kommun", "varde",
                "riktning", "peer_antal", "peer_medel", "peer_median", "peer_min", "peer_q1",
                "peer_q3", "peer_max", "rang", "antal_jamforda", "kvartil", "jamforelsegrupp",
                "kalla"]


def peer_comparison(indicators: pd.DataFrame, kommun: str,
                    peers: KoladaGroup | Sequence[str], *, snapshot: str | None = None
                    ) -> pd.DataFrame:
    """The municipality's value beside its peers' per KPI (``indikator_id``, ``kon``,
    ``period``) and year.

    ``indicators`` is a frame from :func:`read_kolada` (its ``kommun`` column, "1885
    Lindesberg", is matched on the code). ``peers`` is a :class:`KoladaGroup` ("Liknande
    kommuner") or a list of municipality codes; the municipality itself is never its own
    peer. ``rang`` is 1 for the best among the municipality and the peers with a value that
    year (ties share the better rank); ``kvartil`` is "grön", "gul" or "röd" by the position
    (rang − 1) / (antal_jamforda − 1): ≤ 0,25 green, ≥ 0,75 red. ``jamforelsegrupp`` records
    which group and snapshot was used, and ``kalla`` where the municipality's value is from
    (with the date it was fetched, for the chart's source line).
    """
    own = str(kommun).split()[0]
    if isinstance(peers, KoladaGroup):
        members, label = peers.members, f"{peers.id} {peers.title} ({peers.snapshot})".strip()
    else:
        members, label = [str(p) for p in peers], snapshot or "egen lista"
    members = [m for m in members if m != own]
    code = indicators["kommun"].str.split(" ", n=1).str[0]
    data = indicators.assign(_code=code)
    data = data[data["varde"].notna()]
    key = ["indikator_id", "kon", "period", "ar"]
    mine = data[data["_code"] == own]
    if mine.empty:
        known = ", ".join(sorted(set(indicators["kommun"].dropna())))
        raise ValueError(f"Kommunen {kommun!r} har inga värden. Kommuner i data: {known}.")
    peer_rows = data[data["_code"].isin(members)]
    grouped = peer_rows.groupby(key)["varde"]
    stats = grouped.agg(peer_antal="count", peer_medel="mean", peer_median="median",
                        peer_min="min", peer_max="max")
    quartiles = grouped.quantile([0.25, 0.75]).unstack()
    stats["peer_q1"], stats["peer_q3"] = quartiles[0.25], quartiles[0.75]
    # (a frame without a unit gets an empty one)
    out = mine.reindex(columns=[*key, "indikator", "enhet", "kommun", "varde", "riktning",
                                "kalla"]).merge(stats.reset_index(), on=key, how="left")
    # Rank: 1 + the number of peers that are better that year (ties are not better).
    joined = peer_rows[[*key, "varde"]].merge(out[[*key, "varde", "riktning"]], on=key,
                                              suffixes=("_peer", ""))
    sign = joined["riktning"].map({"hogre": 1.0, "lagre": -1.0})
    better = ((joined["varde_peer"] - joined["varde"]) * sign > 0)
    better_count = better.groupby([joined[k] for k in key]).sum().rename("_better")
    out = out.merge(better_count.reset_index(), on=key, how="left")
    direction = out["riktning"].isin(["hogre", "lagre"])
    out["peer_antal"] = out["peer_antal"].fillna(0).astype("Int64")
    out["antal_jamforda"] = (out["peer_antal"] + 1).astype("Int64")
    out["rang"] = (out["_better"].fillna(0) + 1).astype("Int64").where(direction)
    position = (out["rang"] - 1) / (out["antal_jamforda"] - 1).where(out["antal_jamforda"] > 1)
    out["kvartil"] = pd.Series(np.select(
        [position.le(0.25).fillna(False), position.ge(0.75).fillna(False),
         position.notna()], ["grön", "röd", "gul"], ""), index=out.index,
        dtype="string").replace("", pd.NA)
    out["jamforelsegrupp"] = pd.Series(label, index=out.index, dtype="string")
    for col in ("peer_medel", "peer_median", "peer_min", "peer_q1", "peer_q3", "peer_max"):
        out[col] = out[col].astype("Float64")
    return out[PEER_COLUMNS].sort_values(key).reset_index(drop=True)
