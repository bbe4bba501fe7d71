"""Peer comparison chart: the municipality's line against its peers' band over the years."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..swedish import format_value, year_span
from .style import (
    add_legend,
    decorate,
    house_style,
    keep_inside,
    new_figure,
    number_axis,
    palette,
    shorten,
    source_from,
    year_step,
)

__all__ = ["plot_peer_comparison"]

_KVARTIL = {"grön": "bland de 25 % bästa av", "gul": "i mitten av",
            "röd": "bland de 25 % sämsta av"}


def plot_peer_comparison(comparison: pd.DataFrame, indikator_id: str | None = None, *,
                         kon: str = "T", title: str | None = None,
                         subtitle: str | None = None, source: str | None = None,
                         greyscale: bool = False,
                         size: str | tuple[float, float] = "full",
                         ar: int | None = None) -> Figure:
    """The municipality's values (line) against the peers' min–max band and interquartile
    range, with their mean; the rank in the last year is written at the end of the line,
    with the population each figure refers to. With ``ar`` (the report's year), data that
    ends earlier says so in the subtitle ("senaste värde 2019")."""
    data = comparison[comparison["kon"] == kon]
    if indikator_id is not None:
        data = data[data["indikator_id"] == indikator_id]
    if data["indikator_id"].nunique() != 1:
        raise ValueError("Välj ett nyckeltal med indikator_id (jämförelsen har "
                         f"{data['indikator_id'].nunique()}).")
    data = data.sort_values("ar")
    pal = palette(greyscale)
    x = data["ar"].to_numpy(dtype=float)
    with house_style():
        fig = new_figure(size)
        ax = fig.add_axes((0.08, 0.2, 0.8, 0.6))
        lo, hi = data["peer_min"].to_numpy(float, na_value=float("nan")), data[
            "peer_max"].to_numpy(float, na_value=float("nan"))
        q1, q3 = data["peer_q1"].to_numpy(float, na_value=float("nan")), data[
            "peer_q3"].to_numpy(float, na_value=float("nan"))
        ax.fill_between(x, lo, hi, color="#D9D9D9", label="Jämförelsegruppen, min–max",
                        linewidth=0)
        ax.fill_between(x, q1, q3, color="#A6A6A6", label="Jämförelsegruppen, mittersta hälften",
                        linewidth=0)
        ax.plot(x, data["peer_medel"].to_numpy(float, na_value=float("nan")), color="#555555",
                linestyle="--", linewidth=1.5, label="Jämförelsegruppen, medel")
        kommun = data["kommun"].iloc[0]
        ax.plot(x, data["varde"].to_numpy(float), color=pal.accent, marker="o", label=kommun,
                zorder=3)
        last = data.iloc[-1]
        if pd.notna(last["rang"]):
            text = (f"Rang {last['rang']} av {last['antal_jamforda']} i "
                    f"jämförelsegruppen ({int(last['ar'])})")
            if pd.notna(last["kvartil"]):
                text += f"\n{_KVARTIL[last['kvartil']]} {last['kvartil_bland']}"
            note = ax.annotate(text, (x[-1], float(last["varde"])), xytext=(10, 0),
                               textcoords="offset points", va="center", fontsize=12,
                               color=pal.accent, fontweight="bold", annotation_clip=False)
            keep_inside(ax, [note])
        years = np.arange(int(x.min()), int(x.max()) + 1, year_step(ax, int(x.min()),
                                                                    int(x.max())))
        ax.set_xticks(years, [str(v) for v in years])
        number_axis(ax.yaxis)
        ax.yaxis.grid(True)
        unit = last["enhet"] if "enhet" in data and pd.notna(last["enhet"]) else None
        if unit:
            ax.set_ylabel(shorten(str(unit), 24, 1))
        handles, labels = ax.get_legend_handles_labels()
        add_legend(fig, handles, labels, 0.05, 4)
        name = shorten(str(last["indikator"]), 90, 1)
        latest = int(last["ar"])
        old = f". Senaste värde {latest}" if ar is not None and latest < ar else ""
        decorate(fig, title or name,
                 subtitle or f"{kommun} jämfört med {int(last['peer_antal'])} kommuner "
                             f"({last['jamforelsegrupp']}){old}",
                 source or source_from(data, "Källa: Kolada"),
                 alt=_described(data, kommun, name))
    return fig


def _described(data: pd.DataFrame, kommun: str, name: str) -> str:
    """The comparison in words for the alt text: the last year's value, mean and rank."""
    last = data.iloc[-1]
    unit = last["enhet"] if "enhet" in data else None
    text = (f"Linjediagram, {name}: {kommun} {format_value(last['varde'], unit)} "
            f"{int(last['ar'])}, jämförelsegruppens medel "
            f"{format_value(last['peer_medel'], unit)}")
    if pd.notna(last["rang"]):
        text += f", rang {last['rang']} av {last['antal_jamforda']} i jämförelsegruppen"
    if pd.notna(last["kvartil"]):
        text += f", {_KVARTIL[last['kvartil']]} {last['kvartil_bland']}"
    return text + f" ({year_span(data['ar'].min(), data['ar'].max())} i diagrammet)."
