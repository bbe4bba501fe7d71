"""Peer comparison: where a municipality stands among similar municipalities, per KPI and year.

The peer statistics follow Kolada's group values (the unweighted mean of the members). The
rank (``rang``) is among the municipality and its peers. The colour (``kvartil``) follows
Kommunens Kvalitet i Korthet: the best 25 % is "grön", the worst 25 % "röd" and the middle
"gul", among *all* municipalities with a value that year when the data holds more than the
group, as KKiK colours; otherwise among the group, and ``kvartil_bland`` says which
("290 kommuner", "8 kommuner i jämförelsegruppen"). ``riktning`` says which end is best (no
rank or colour without it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..read.kolada import KoladaGroup

__all__ = ["PEER_COLUMNS", "peer_comparison"]

PEER_COLUMNS = ["indikator_id", "indikator", "enhet", "kon", "period", "ar", "kommun", "varde",
                "riktning", "peer_antal", "peer_medel", "peer_median", "peer_min", "peer_q1",
                "peer_q3", "peer_max", "rang", "antal_jamforda", "rang_alla", "antal_alla",
                "kvartil", "kvartil_bland", "jamforelsegrupp", "kalla"]


def peer_comparison(indicators: pd.DataFrame, kommun: str,
                    peers: KoladaGroup | Sequence[str], *, snapshot: str | None = None
                    ) -> pd.DataFrame:
    """The municipality's value beside its peers' per KPI (``indikator_id``, ``kon``,
    ``period``) and year.

    ``indicators`` is a frame from :func:`read_kolada` (its ``kommun`` column, "1885
    Lindesberg", is matched on the code). ``peers`` is a :class:`KoladaGroup` ("Liknande
    kommuner") or a list of municipality codes; the municipality itself is never its own
    peer. ``rang`` is 1 for the best among the municipality and the peers with a value that
    year (ties share the better rank), out of ``antal_jamforda``; ``rang_alla`` and
    ``antal_alla`` are the same among every municipality with a value in ``indicators``.
    ``kvartil`` is "grön", "gul" or "röd" by the position (rank − 1) / (count − 1):
    ≤ 0,25 green, ≥ 0,75 red, among all municipalities where the data holds more than the
    group, else among the group; ``kvartil_bland`` names which. ``jamforelsegrupp`` records
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
    direction = out["riktning"].isin(["hogre", "lagre"])
    out["peer_antal"] = out["peer_antal"].fillna(0).astype("Int64")
    out["antal_jamforda"] = (out["peer_antal"] + 1).astype("Int64")
    out["rang"] = _rank(peer_rows, out, key).where(direction)
    # Every municipality with a value (not Riket, a region or a group), the own included.
    everyone = data[data["_code"].str.fullmatch(r"(?!00)\d{4}").fillna(False)
                    & (data["_code"] != own)]
    counts = everyone.groupby(key)["varde"].count().rename("_alla")
    out = out.merge(counts.reset_index(), on=key, how="left")
    out["antal_alla"] = (out.pop("_alla").fillna(0) + 1).astype("Int64")
    out["rang_alla"] = _rank(everyone, out, key).where(direction)
    wider = out["antal_alla"] > out["antal_jamforda"]
    rank = out["rang_alla"].where(wider, out["rang"])
    size = out["antal_alla"].where(wider, out["antal_jamforda"])
    position = (rank - 1) / (size - 1).where(size > 1)
    out["kvartil"] = pd.Series(np.select(
        [position.le(0.25).fillna(False), position.ge(0.75).fillna(False),
         position.notna()], ["grön", "röd", "gul"], ""), index=out.index,
        dtype="string").replace("", pd.NA)
    out["kvartil_bland"] = pd.Series(
        [f"{n} kommuner" if w else f"{n} kommuner i jämförelsegruppen"
         for n, w in zip(size, wider, strict=True)], index=out.index, dtype="string"
    ).where(out["kvartil"].notna())
    out["jamforelsegrupp"] = pd.Series(label, index=out.index, dtype="string")
    for col in ("peer_medel", "peer_median", "peer_min", "peer_q1", "peer_q3", "peer_max"):
        out[col] = out[col].astype("Float64")
    return out[PEER_COLUMNS].sort_values(key).reset_index(drop=True)


def _rank(others: pd.DataFrame, out: pd.DataFrame, key: list[str]) -> pd.Series:
    """1 + the number of ``others`` better than the municipality that year (ties are not
    better), per row of ``out``."""
    joined = others[[*key, "varde"]].merge(out[[*key, "varde", "riktning"]], on=key,
                                           suffixes=("_peer", ""))
    sign = joined["riktning"].map({"hogre": 1.0, "lagre": -1.0}).astype("float64")
    better = ((joined["varde_peer"] - joined["varde"]) * sign > 0)
    count = better.groupby([joined[k] for k in key]).sum().rename("_better").reset_index()
    ranked = out[key].merge(count, on=key, how="left")["_better"].fillna(0) + 1
    return pd.Series(ranked.to_numpy(), index=out.index).astype("Int64")
