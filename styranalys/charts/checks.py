"""Charts for the auditors' questions: self-assessment vs data, and measurability."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..contract import LEVEL_LABELS
from .style import (
    FEW_GOALS,
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
    text_width,
)

__all__ = ["plot_assessment_check", "plot_measurability"]


def plot_assessment_check(check: pd.DataFrame, ar: int | None = None, *,
                          title: str | None = None,
                          subtitle: str | None = None, source: str | None = None,
                          greyscale: bool = False, size: str | tuple[float, float] = "full",
                          max_goals: int = 20) -> Figure:
    """The nämnd's own level (●) against the level derived from data (◆), one row per goal.

    Goals whose levels differ by the threshold or more (``avviker``) are drawn in the
    highlight colour with a bold label, and listed first.
    """
    if check.empty:
        raise ValueError("Inga mål med indikatorer att jämföra.")
    ar = int(check["ar"].max()) if ar is None else ar
    check = check[check["ar"] == ar]
    if check.empty:
        raise ValueError(f"Inga mål med indikatorer att jämföra för {ar}.")
    pal = palette(greyscale)
    data = check.assign(_abs=check["skillnad"].abs().fillna(-1)).sort_values(
        ["avviker", "_abs", "namnd", "mal"], ascending=[False, False, True, True]).head(
        max_goals).iloc[::-1].reset_index(drop=True)
    with house_style():
        fig = new_figure(size)
        ax = fig.add_axes((0.45, 0.14, 0.52, 0.68))
        y = np.arange(len(data))
        for yi, row in zip(y, data.itertuples(), strict=True):
            differs = bool(row.avviker) if pd.notna(row.avviker) else False
            color = pal.highlight if differs else pal.neutral
            own, derived = row.niva, row.harledd_niva
            if pd.notna(own):
                ax.plot([own, derived], [yi, yi], color=color, linewidth=3 if differs else 1.5,
                        zorder=1)
                ax.scatter([own], [yi], s=140, marker="o", color=color, zorder=3)
            ax.scatter([derived], [yi], s=260, marker="D", facecolor="none", edgecolor=color,
                       linewidth=2, zorder=4)
        many = len(data) > 10
        chars = text_width(fig, 0.42)
        labels = [shorten(r.mal, chars, 1) if many else
                  shorten(r.mal, chars, 1) + "\n" + shorten(f"({r.namnd})", chars, 1)
                  for r in data.itertuples()]
        ax.set_yticks(y, labels, fontsize=MIN_TEXT)
        for tick, row in zip(ax.get_yticklabels(), data.itertuples(), strict=True):
            if pd.notna(row.avviker) and row.avviker:
                tick.set_color(pal.highlight)
                tick.set_fontweight("bold")
        ax.set_xlim(0.5, 4.5)
        ax.set_xticks([1, 2, 3, 4], [shorten(LEVEL_LABELS["alla"][k], 14, 2)
                                     for k in (1, 2, 3, 4)], fontsize=MIN_TEXT)
        ax.xaxis.grid(True)
        ax.set_ylim(-0.7, len(data) - 0.3)
        handles = [Line2D([], [], marker="o", linestyle="", color=pal.neutral, markersize=10,
                          label="Nämndens bedömning"),
                   Line2D([], [], marker="D", linestyle="", markerfacecolor="white",
                          markeredgecolor=pal.neutral, markersize=10, label="Enligt indikatorerna"),
                   Line2D([], [], color=pal.highlight, linewidth=3,
                          label="Skiljer minst 2 nivåer")]
        add_legend(fig, handles, [h.get_label() for h in handles], 0.03, 3, x=0.6)
        n_diff = int(check["avviker"].fillna(False).sum())
        decorate(fig, title or f"Egen bedömning mot indikatorerna, {_period(check)}{ar}",
                 subtitle or f"{n_diff} av {len(check)} mål skiljer sig minst 2 nivåer från vad "
                             "indikatorerna visar.",
                 source or "Källa: nämndernas bedömningar och indikatorvärden.",
                 alt=f"Punktdiagram, egen bedömning mot indikatorerna {ar}: {n_diff} av "
                     f"{len(check)} mål skiljer sig minst 2 nivåer från vad indikatorerna "
                     "visar." + _differing(check))
    return fig


def _differing(check: pd.DataFrame, most: int = 5) -> str:
    """" De som skiljer sig: goal (nämnd), ..." for the alt text, at most ``most`` named."""
    rows = check[check["avviker"].fillna(False).astype(bool)]
    if rows.empty:
        return ""
    named = [f"{r.mal} ({r.namnd})" for r in rows.head(most).itertuples()]
    more = f" och {len(rows) - most} till" if len(rows) > most else ""
    return f" De som skiljer sig: {'; '.join(named)}{more}."


def _period(frame: pd.DataFrame) -> str:
    """"bokslut " when the rows are of one period, for the title."""
    periods = frame["period"].dropna().unique() if "period" in frame else []
    return f"{periods[0]} " if len(periods) == 1 else ""


_LACK_ORDER = [("matbart", "Mätbara"), ("indikator", "Saknar indikator"),
               ("målvärde", "Saknar målvärde"), ("ingångsvärde", "Saknar ingångsvärde"),
               ("år", "Färre än 3 års värden"), ("en indikator", "Inget komplett mått")]


def _primary_lack(audit: pd.DataFrame) -> pd.Series:
    """The first thing each goal lacks, in the order an auditor would ask."""
    return pd.Series(np.select(
        [audit["matbart"], ~audit["har_indikator"], ~audit["har_malvarde"],
         ~audit["har_ingangsvarde"], ~audit["har_tre_ar"]],
        ["matbart", "indikator", "målvärde", "ingångsvärde", "år"], "en indikator"),
        index=audit.index)


def plot_measurability(audit: pd.DataFrame, ar: int | None = None, *,
                       title: str | None = None, subtitle: str | None = None,
                       source: str | None = None, greyscale: bool = False,
                       size: str | tuple[float, float] = "full") -> Figure:
    """Share of measurable goals per nämnd, with what the others lack first."""
    if audit.empty:
        raise ValueError("Inga mål att granska.")
    ar = int(audit["ar"].max()) if ar is None else ar
    data = audit[audit["ar"] == ar].assign(_lack=lambda f: _primary_lack(f))
    if data.empty:
        raise ValueError(f"Inga mål för {ar}.")
    table = pd.crosstab(data["namnd"], data["_lack"]).reindex(
        columns=[k for k, _ in _LACK_ORDER], fill_value=0)
    table = table.sort_index(ascending=False)
    shares = table.div(table.sum(axis=1), axis=0)
    # Its own categories, so not the level colours (those mean levels everywhere).
    colors = (["#1E1E1E", "#FFFFFF", "#FFFFFF", "#FFFFFF", "#FFFFFF", "#FFFFFF"] if greyscale
              else ["#0072B2", "#CC79A7", "#F0E442", "#56B4E9", "#B3B3B3", "#E8E8E8"])
    hatches = ["", "xx", "//", "..", "\\\\", "--"] if greyscale else [""] * 6
    with house_style():
        fig = new_figure(size)
        ax = fig.add_axes((0.3, 0.25, 0.6, 0.55))
        y = np.arange(len(table))
        left = np.zeros(len(table))
        for k, (key, _label) in enumerate(_LACK_ORDER):
            share = shares[key].to_numpy()
            ax.barh(y, share, left=left, height=0.7, color=colors[k], hatch=hatches[k],
                    edgecolor="#333333")
            for yi, s, c, start in zip(y, share, table[key].to_numpy(), left, strict=True):
                if c and s >= 0.07:
                    ax.text(start + s / 2, yi, str(int(c)), ha="center", va="center",
                            fontsize=13, fontweight="bold",
                            color="white" if k == 0 else "black")
            left += share
        ax.set_yticks(y, [shorten(n, text_width(fig, 0.27, 13), 2) for n in table.index])
        few = counts_beside(ax, table.sum(axis=1))
        ax.set_xlim(0, 1)
        number_axis(ax.xaxis, percent=True)
        ax.xaxis.grid(True)
        ax.tick_params(axis="y", length=0)
        # Only what is drawn: a category no goal falls in has no entry.
        handles = [Patch(facecolor=c, hatch=h, edgecolor="#333333", label=label)
                   for c, h, (key, label) in zip(colors, hatches, _LACK_ORDER, strict=True)
                   if table[key].sum()]
        add_legend(fig, handles, [h.get_label() for h in handles], 0.06, 3, x=0.55)
        if few:
            footnote(fig, FEW_GOALS)
        total = len(data)
        ok = int(data["matbart"].sum())
        decorate(fig, title or f"Mätbara mål per nämnd, {_period(data)}{ar}",
                 subtitle or f"{ok} av {total} mål har en indikator med ingångsvärde, målvärde "
                             "och minst 3 års värden.",
                 source or "Källa: nämndernas mål och indikatorer; revisorernas krav enligt "
                           "granskningen 2022.",
                 alt=f"Stapeldiagram, mätbara mål per nämnd {ar}: {ok} av {total} mål är "
                     "mätbara. " + " ".join(
                         f"{namnd}: {int(table.loc[namnd, 'matbart'])} av "
                         f"{int(table.loc[namnd].sum())}." for namnd in table.index[::-1]))
    return fig
