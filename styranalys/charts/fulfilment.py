"""Fulfilment charts: 100 % stacked bars per nämnd, and the shares per level over time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..analysis.fulfilment import TOTAL_LABEL, fulfilment, goal_set_note
from ..contract import LEVEL_LABELS, level_labels, maltyp_label
from ..swedish import format_percent, year_span
from .style import (
    FEW_GOALS,
    GOALS_SOURCE,
    LEVELS,
    MIN_TEXT,
    add_legend,
    counts_beside,
    decorate,
    footnote,
    house_style,
    new_figure,
    number_axis,
    palette,
    shorten,
    source_from,
    text_width,
)

__all__ = ["plot_fulfilment", "plot_fulfilment_over_time"]

_COUNT_COLUMNS = {4: "niva_4", 3: "niva_3", 2: "niva_2", 1: "niva_1", None: "ej_bedomd"}


def _labels(goals: pd.DataFrame) -> dict[int | None, str]:
    types = goals["maltyp"].dropna().unique()
    return level_labels(types[0]) if len(types) == 1 else LEVEL_LABELS["alla"]


def level_legend(fig: Figure, labels: dict[int | None, str], greyscale: bool,
                 levels: pd.Series, y: float = 0.075) -> None:
    """The levels' legend, from 4 to "ej bedömd", with only the levels in ``levels`` (the
    ``niva`` of the goals drawn): a legend lists what is drawn."""
    pal = palette(greyscale)
    present = {None if pd.isna(v) else int(v) for v in levels}
    handles = [Patch(facecolor=pal.colors[lvl], edgecolor="#333333", hatch=pal.hatches[lvl],
                     label=f"{pal.symbols[lvl]} {labels[lvl]}") for lvl in LEVELS
               if lvl in present]
    add_legend(fig, handles, [h.get_label() for h in handles], y, 5, frameon=False,
               handlelength=1.4, columnspacing=1.6)


def _year(goals: pd.DataFrame, ar: int | None) -> int:
    years = goals["ar"].dropna()
    if years.empty:
        raise ValueError("Det finns inga mål att rita.")
    if ar is None:
        return int(years.max())
    if ar not in set(years):
        raise ValueError(f"År {ar} finns inte i målen. Tillgängliga år: "
                         f"{', '.join(map(str, sorted(set(years))))}.")
    return int(ar)


def plot_fulfilment(goals: pd.DataFrame, ar: int | None = None, *, per_maltyp: bool = False,
                    kommunen: bool = False, title: str | None = None,
                    subtitle: str | None = None, source: str | None = None,
                    greyscale: bool = False, size: str | tuple[float, float] = "full",
                    period: str = "bokslut") -> Figure:
    """Horizontal 100 % stacked bars of goal levels, one bar per nämnd (and goal type).

    Each segment carries its count where it fits; the legend runs from level 4 to
    "ej bedömd". ``kommunen=True`` adds a bar for the whole municipality.
    """
    ar = _year(goals, ar)
    data = goals[(goals["ar"] == ar) & (goals["period"] == period)]
    if data.empty:
        raise ValueError(f"Inga mål för {ar} ({period}).")
    by = ["namnd", "maltyp"] if per_maltyp else ["namnd"]
    table = fulfilment(data, by=by, kommunen=kommunen, period=period)
    # barh draws the first row at the bottom: alphabetical from the top, the total on top.
    table = table.sort_values(["kommunen", *by], ascending=[True] + [False] * len(by))
    table = table.reset_index(drop=True)
    one_namnd = table.loc[~table["kommunen"], "namnd"].nunique() == 1
    labels = [_group_label(r, per_maltyp, one_namnd) for r in table.itertuples()]
    pal = palette(greyscale)
    with house_style():
        fig = new_figure(size)
        n = len(table)
        ax = fig.add_axes((0.27, 0.2, 0.6, 0.62))
        y = np.arange(n)
        left = np.zeros(n)
        total = table["kommunen"].to_numpy()
        for lvl in LEVELS:
            counts = table[_COUNT_COLUMNS[lvl]].to_numpy(dtype=float)
            shares = counts / table["antal"].to_numpy(dtype=float)
            ax.barh(y, shares, left=left, height=0.72, color=pal.colors[lvl],
                    hatch=pal.hatches[lvl], edgecolor="#333333",
                    linewidth=0.8, label=LEVEL_LABELS["alla"][lvl])
            for yi, share, count, start, whole in zip(y, shares, counts, left, total,
                                                      strict=True):
                _segment_count(ax, yi, start, share, count, whole, pal.text_colors[lvl])
            left += shares
        few = counts_beside(ax, table["antal"])
        ax.set_yticks(y, [shorten(lbl, text_width(fig, 0.24, 13), 2) for lbl in labels])
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.6, n - 0.4 + (0.5 if total.any() else 0))
        number_axis(ax.xaxis, percent=True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.xaxis.grid(True)
        level_legend(fig, _labels(data), greyscale, data["niva"])
        if few:
            footnote(fig, FEW_GOALS)
        own = table.loc[~table["kommunen"], "namnd"].iloc[0] if one_namnd and per_maltyp \
            else None
        decorate(fig, title or (f"{own}: måluppfyllelse per måltyp, {period} {ar}" if own
                                else f"Måluppfyllelse per nämnd, {period} {ar}"),
                 subtitle or _subtitle(table, period), source or source_from(
                     data, _source(ar, period)),
                 alt=f"Stapeldiagram, måluppfyllelse {period} {ar}: " + " ".join(
                     f"{label}: {sentence}" for label, sentence in
                     zip(labels[::-1], table["sammanfattning"][::-1], strict=True)))
    return fig


def _group_label(row, per_maltyp: bool, one_namnd: bool) -> str:
    """A bar's label: the nämnd, its goal type, or both; the title names a single nämnd."""
    if row.kommunen:
        return TOTAL_LABEL
    kind = maltyp_label(row.maltyp) if per_maltyp else ""
    if per_maltyp and one_namnd:
        return kind
    return f"{row.namnd} – {kind}" if per_maltyp else row.namnd


def _segment_count(ax, y: float, start: float, share: float, count: float, total: bool,
                   colour: str) -> None:
    """A segment's number of goals: inside where it fits; for the whole municipality's bar
    above a narrow segment, so every segment of the total carries its number."""
    if not count:
        return
    if share >= 0.06:
        ax.text(start + share / 2, y, f"{int(count)}", ha="center", va="center",
                fontsize=13, color=colour, fontweight="bold")
    elif total:
        ax.text(start + share / 2, y + 0.38, f"{int(count)}", ha="center", va="bottom",
                fontsize=MIN_TEXT, color="#1A1A1A", fontweight="bold")


def _subtitle(table: pd.DataFrame, period: str) -> str:
    total = int(table.loc[table["kommunen"], "antal"].sum()) if table["kommunen"].any() \
        else int(table["antal"].sum())
    what = "bokslut" if period == "bokslut" else "delårsrapport"
    return f"Andel mål per bedömning, {total} mål ({what}). Siffrorna i staplarna är antal mål."


def _source(ar: int, period: str) -> str:
    kind = "årsredovisning" if period == "bokslut" else "delårsrapport"
    return f"Källa: nämndernas egna bedömningar i {kind} {ar}."


def plot_fulfilment_over_time(goals: pd.DataFrame, namnd: str | Sequence[str] | None = None,
                              *, title: str | None = None, subtitle: str | None = None,
                              source: str | None = None, greyscale: bool = False,
                              size: str | tuple[float, float] = "full",
                              period: str = "bokslut") -> Figure:
    """How the shares per level moved across the years, for one nämnd or all of them.

    One 100 % stacked column per year, with the share at level 3–4 written above it.
    """
    data = goals[goals["period"] == period]
    who = "hela kommunen"
    if namnd is not None:
        names = [namnd] if isinstance(namnd, str) else list(namnd)
        unknown = sorted(set(names) - set(data["namnd"]))
        if unknown:
            raise ValueError(f"Nämnden {', '.join(unknown)} finns inte i målen. Nämnder: "
                             f"{', '.join(sorted(set(data['namnd'])))}.")
        data = data[data["namnd"].isin(names)]
        who = names[0] if len(names) == 1 else f"{len(names)} nämnder"
    if data.empty:
        raise ValueError("Det finns inga mål att rita.")
    table = fulfilment(data, by=["ar"], period=period)
    note = goal_set_note(table)
    pal = palette(greyscale)
    with house_style():
        fig = new_figure(size)
        ax = fig.add_axes((0.08, 0.22, 0.88, 0.58))
        x = np.arange(len(table))
        bottom = np.zeros(len(table))
        for lvl in LEVELS:
            share = table[f"andel_{_COUNT_COLUMNS[lvl]}"].to_numpy(dtype=float)
            ax.bar(x, share, bottom=bottom, width=0.7, color=pal.colors[lvl],
                   hatch=pal.hatches[lvl], edgecolor="#333333",
                   linewidth=0.8)
            bottom += share
        for xi, row in zip(x, table.itertuples(), strict=True):
            if pd.notna(row.andel_uppfyllda_eller_pa_vag):
                ax.text(xi, 1.02, format_percent(row.andel_uppfyllda_eller_pa_vag), ha="center",
                        va="bottom", fontsize=12, color="#333333")
        changed = table["samma_mal"].eq(False).fillna(False).to_numpy()
        ax.set_xticks(x, [f"{a}{'*' if c else ''}\n{n} mål" for a, c, n in zip(
            table["ar"], changed, table["antal"].astype(int), strict=True)])
        pending_note = f"* Andra mål än året före: {note}." if note else ""
        ax.set_ylim(0, 1.1)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        number_axis(ax.yaxis, percent=True)
        ax.yaxis.grid(True)
        level_legend(fig, _labels(data), greyscale, data["niva"], y=0.06)
        if pending_note:  # a share that moves because the goals changed is not a real change
            footnote(fig, shorten(pending_note, text_width(fig, 0.95), 2))
        first, last = int(table["ar"].min()), int(table["ar"].max())
        span = year_span(first, last)
        decorate(fig, title or f"Måluppfyllelse över tid – {who} ({period})",
                 subtitle or f"Andel mål per bedömning {span}. Över staplarna: andel "
                             "bedömda mål som är uppfyllda eller på väg att uppfyllas.",
                 source or source_from(data, GOALS_SOURCE),
                 alt=f"Stapeldiagram, måluppfyllelse år för år ({period}), {who}: " + " ".join(
                     f"{int(row.ar)}: {row.sammanfattning}" for row in table.itertuples())
                 + (f" Andra mål än året före: {note}." if note else ""))
    return fig
