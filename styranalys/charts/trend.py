"""Indicator trend charts: one series with baseline, target and projection, or many."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..analysis.trends import SERIES_KEY, trends
from ..swedish import format_number, format_value
from .style import (
    decorate,
    house_style,
    new_figure,
    number_axis,
    palette,
    shorten,
    source_from,
)

__all__ = ["plot_trend", "plot_trends"]

_VERDICT = {"förbättring": "Förbättring", "försämring": "Försämring",
            "oförändrad": "Oförändrad"}


def _select(indicators: pd.DataFrame, indikator_id: str | None, namnd: str | None,
            kon: str, period: str) -> pd.DataFrame:
    data = indicators[(indicators["kon"] == kon) & (indicators["period"] == period)]
    if namnd is not None:
        data = data[data["namnd"] == namnd]
    if indikator_id is not None:
        data = data[data["indikator_id"] == indikator_id]
    if data.empty:
        raise ValueError(f"Ingen indikatorserie för indikator_id={indikator_id!r}, "
                         f"namnd={namnd!r}, kon={kon!r}, period={period!r}.")
    if data.groupby(SERIES_KEY).ngroups > 1:
        raise ValueError("Urvalet har flera serier; ange indikator_id och namnd, eller använd "
                         "plot_trends för små multiplar.")
    return data.sort_values("ar")


def _subtitle(row: pd.Series, ar: int | None = None) -> str:
    verdict = row["bedomning"]
    if pd.notna(verdict):
        parts = [_VERDICT.get(verdict, verdict)]
    elif pd.isna(row["tolkad_riktning"]):
        parts = ["Ingen bedömning: okänt vilket håll som är bättre (ingen riktning eller "
                 "målvärde)"]
    else:
        parts = ["Ingen bedömning: för få värden"]
    if _older(row, ar):
        parts.append(f"senaste värdet är från {int(row['sista_ar'])}")
    if pd.notna(row["mk_p"]):
        p = row["mk_p"]
        sure = "statistiskt säkerställd" if p < 0.05 else "inte statistiskt säkerställd"
        shown = "< 0,01" if p < 0.01 else f"= {format_number(p, 2)}"
        parts.append(f"{sure} (Mann–Kendall p {shown})")
    if pd.notna(row["theil_sen_lutning"]):
        parts.append(f"trend {format_number(row['theil_sen_lutning'], 2)} per år")
    if pd.notna(row["enhet"]):
        parts.append(f"enhet: {row['enhet']}")
    return ", ".join(parts)


def _described(row: pd.Series) -> str:
    """One series in words for the alt text: "Sjukfrånvaro: 8,1 % 2017, 7,1 % 2024,
    målvärde 6,5 % till 2026, förbättring."."""
    unit = row["enhet"]
    text = f"{row['indikator']}: {format_value(row['forsta_varde'], unit)} {int(row['forsta_ar'])}"
    if row["sista_ar"] != row["forsta_ar"]:
        text += f", {format_value(row['sista_varde'], unit)} {int(row['sista_ar'])}"
    if pd.notna(row["malvarde"]):
        text += f", målvärde {format_value(row['malvarde'], unit)}"
        text += f" till {int(row['malar'])}" if pd.notna(row["malar"]) else ""
    if pd.notna(row["bedomning"]):
        text += f", {row['bedomning']}"
    elif pd.isna(row["tolkad_riktning"]):
        text += ", riktning okänd"
    return text + "."


def _older(row: pd.Series, ar: int | None) -> bool:
    """Whether the series' latest value is from before the report year ``ar``."""
    return ar is not None and pd.notna(row["sista_ar"]) and int(row["sista_ar"]) < int(ar)


def _gapped(values: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Years and values with NaN in each missing year, so the line breaks there instead of
    bridging a year without data."""
    x = values["ar"].to_numpy(dtype=float)
    y = values["varde"].to_numpy(dtype=float)
    if len(x) < 2:
        return x, y
    every = np.arange(x.min(), x.max() + 1)
    filled = np.full(len(every), np.nan)
    filled[np.searchsorted(every, x)] = y
    return every, filled


def _draw(ax: Axes, series: pd.DataFrame, row: pd.Series, greyscale: bool,
          compact: bool) -> None:
    pal = palette(greyscale)
    values = series.dropna(subset=["varde"])
    x = values["ar"].to_numpy(dtype=float)
    gx, gy = _gapped(values)
    ax.plot(gx, gy, marker="o", color=pal.accent, label="Utfall", zorder=3,
            linewidth=2 if compact else 2.5, markersize=5 if compact else 8)
    fs = 9 if compact else 12
    xmin, xmax = (x.min(), x.max()) if len(x) else (2000, 2001)
    baseline, target, target_year = row["ingangsvarde"], row["malvarde"], row["malar"]
    projection = row["prognos_malar"]
    end = xmax
    if pd.notna(target_year):
        end = max(end, float(target_year))
    if pd.notna(projection) and projection <= xmax + 15:
        end = max(end, float(projection))
    slope, intercept = row["ols_lutning"], row["ols_intercept"]
    if pd.notna(slope):
        fit_x = np.array([xmin, xmax])
        ax.plot(fit_x, intercept + slope * fit_x, color=pal.neutral, linewidth=1.5,
                label="Anpassad trend")
        if end > xmax:
            px = np.array([xmax, end])
            ax.plot(px, intercept + slope * px, color=pal.neutral, linewidth=1.5,
                    linestyle="--", label="Framskrivning")
    if pd.notna(baseline):
        ax.axhline(baseline, color="#777777", linewidth=1.2, linestyle=":")
        ax.annotate(f"Ingångsvärde {format_number(baseline, _decimals(baseline))}",
                    (0.01, baseline), xycoords=("axes fraction", "data"), va="bottom",
                    fontsize=fs, color="#444444")
    if pd.notna(target):
        ax.axhline(target, color=pal.highlight, linewidth=1.5, linestyle="-.")
        label = f"Målvärde {format_number(target, _decimals(target))}"
        if pd.notna(target_year):
            label += f" ({int(target_year)})"
            ax.axvline(float(target_year), color=pal.highlight, linewidth=1, linestyle=":")
        ax.annotate(label, (0.99, target), xycoords=("axes fraction", "data"), ha="right",
                    va="bottom", fontsize=fs, color=pal.highlight, fontweight="bold")
    ax.set_xlim(xmin - 0.5, end + 0.5)
    span = int(end - xmin) + 1
    step = 1 if span <= (8 if compact else 14) else 2
    ax.set_xticks(np.arange(int(xmin), int(end) + 1, step))
    ax.xaxis.set_major_formatter(lambda v, _p: f"{int(v)}")
    number_axis(ax.yaxis)
    ax.yaxis.grid(True)
    ax.tick_params(labelsize=fs)


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() or abs(value) >= 100 else 1


def plot_trend(indicators: pd.DataFrame, indikator_id: str | None = None,
               namnd: str | None = None, *, kon: str = "T", period: str = "bokslut",
               title: str | None = None, subtitle: str | None = None,
               source: str | None = None, greyscale: bool = False,
               size: str | tuple[float, float] = "full", ar: int | None = None) -> Figure:
    """One indicator over the years: values, baseline and target lines, the target year,
    the fitted trend and its dashed projection; the verdict is in the subtitle. A missing
    year is a gap in the line. With the report year ``ar``, a latest value from an earlier
    year is said so."""
    series = _select(indicators, indikator_id, namnd, kon, period)
    row = trends(series, period=period).iloc[0]
    with house_style():
        fig = new_figure(size)
        ax = fig.add_axes((0.08, 0.2, 0.88, 0.6))
        _draw(ax, series, row, greyscale, compact=False)
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=3, bbox_to_anchor=(0.5, 0.06))
        name = row["indikator"]
        decorate(fig, title or shorten(f"{name} – {row['namnd']} ({period})", 80, 1),
                 subtitle or _subtitle(row, ar),
                 source or source_from(series, "Källa: indikatorvärden"),
                 alt=f"Linjediagram, {row['namnd']}: {_described(row)}")
    return fig


def plot_trends(indicators: pd.DataFrame, *, namnd: str | None = None,
                mal_id: str | None = None, kon: str = "T", period: str = "bokslut",
                title: str | None = None, subtitle: str | None = None,
                source: str | None = None, greyscale: bool = False,
                size: str | tuple[float, float] = "full", max_panels: int = 12,
                ar: int | None = None) -> Figure:
    """Small multiples: every indicator of one goal (``mal_id``) or one nämnd. With the
    report year ``ar``, a panel whose latest value is older says which year it is from."""
    data = indicators[(indicators["kon"] == kon) & (indicators["period"] == period)]
    if namnd is not None:
        data = data[data["namnd"] == namnd]
    if mal_id is not None:
        data = data[data["mal_id"] == mal_id]
    data = data[data["varde"].notna()]
    if data.empty:
        raise ValueError(f"Inga indikatorvärden för namnd={namnd!r}, mal_id={mal_id!r}.")
    table = trends(data, period=period)
    table = table.sort_values(["namnd", "indikator"]).head(max_panels).reset_index(drop=True)
    n = len(table)
    ncols = min(n, 3 if n > 4 else 2 if n > 1 else 1)
    nrows = math.ceil(n / ncols)
    with house_style():
        fig = new_figure(size)
        top, bottom = 0.74, 0.1
        gs = fig.add_gridspec(nrows, ncols, left=0.07, right=0.98, top=top, bottom=bottom,
                              hspace=0.75, wspace=0.25)
        for k, row in table.iterrows():
            ax = fig.add_subplot(gs[k // ncols, k % ncols])
            series = data.merge(row[SERIES_KEY].to_frame().T.astype("string"), on=SERIES_KEY)
            _draw(ax, series.sort_values("ar"), row, greyscale, compact=True)
            verdict = _VERDICT.get(row["bedomning"], "–") if pd.notna(row["bedomning"]) else \
                "Riktning okänd" if pd.isna(row["tolkad_riktning"]) else "–"
            if _older(row, ar):
                verdict += f" (senaste värde {int(row['sista_ar'])})"
            ax.set_title(shorten(row["indikator"], 42, 2) + f"\n{verdict}", fontsize=10,
                         loc="left", fontweight="bold")
        who = namnd or (table["namnd"].iloc[0] if table["namnd"].nunique() == 1 else "")
        decorate(fig, title or f"Indikatorer{(' – ' + who) if who else ''} ({period})",
                 subtitle or f"{n} {'indikator' if n == 1 else 'indikatorer'}: utfall, "
                             "trend, ingångs- och målvärde. Streckad linje = framskrivning.",
                 source or source_from(data, "Källa: indikatorvärden"),
                 alt=f"Linjediagram, ett per indikator{(', ' + who) if who else ''}: "
                     + " ".join(_described(row) for _, row in table.iterrows()))
    return fig
