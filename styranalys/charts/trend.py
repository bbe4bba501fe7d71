"""Indicator trend charts: one series with baseline, target and projection, or many."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..analysis.trends import SERIES_KEY, trends
from ..escape import plain
from ..swedish import format_number, format_value
from .style import (
    MIN_TEXT,
    add_legend,
    decorate,
    house_style,
    keep_inside,
    new_figure,
    number_axis,
    palette,
    shorten,
    source_from,
    text_width,
    year_step,
)

__all__ = ["PANELS", "plot_trend", "plot_trends", "trend_pages"]

#: Panels on one figure: six (three by two) keep every text at 12 pt on a slide.
PANELS = 6

_VERDICT = {"förbättring": "Förbättring", "försämring": "Försämring",
            "oförändrad": "Oförändrad"}


def _lead(data: pd.DataFrame, kon: str) -> pd.DataFrame:
    """The ``kon`` rows of each series; for the total (T), a series with values for women
    and men only is led by its women's values (and drawn with both)."""
    own = data[data["kon"] == kon]
    if kon != "T":
        return own
    key = ["indikator_id", "namnd", "period"]
    have = set(own[key].itertuples(index=False, name=None))
    rest = data[[k not in have for k in data[key].itertuples(index=False, name=None)]]
    rest = rest[rest["kon"].isin(["K", "M"])]
    first = rest.sort_values("kon").drop_duplicates(key)[[*key, "kon"]]
    return pd.concat([own, rest.merge(first, on=[*key, "kon"])], ignore_index=True)


def _select(indicators: pd.DataFrame, indikator_id: str | None, namnd: str | None,
            kon: str, period: str) -> pd.DataFrame:
    data = _lead(indicators[indicators["period"] == period], kon)
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


#: Total, women and men: the same colour, line and marker in every chart, and distinct in
#: greyscale by line and marker alone (the total takes the palette's accent).
KON_STYLE = {"T": ("Totalt", None, "-", "o"), "K": ("Kvinnor", "#8E3B8C", "--", "s"),
             "M": ("Män", "#00695C", ":", "^")}


def _values(ax: Axes, series: pd.DataFrame, greyscale: bool, compact: bool) -> list[float]:
    """The values as one line per kön (a gap in a missing year); returns every value."""
    pal = palette(greyscale)
    kons = [k for k in KON_STYLE if k in set(series["kon"])]
    drawn: list[float] = []
    for kon in kons:
        label, colour, style, marker = KON_STYLE[kon]
        values = series[series["kon"] == kon].dropna(subset=["varde"]).sort_values("ar")
        gx, gy = _gapped(values)
        ax.plot(gx, gy, marker=marker, color=pal.accent if colour is None or greyscale
                else colour, linestyle=style, zorder=3,
                label="Utfall" if kons == ["T"] else label,
                linewidth=2 if compact else 2.5, markersize=6 if compact else 8)
        drawn += values["varde"].astype(float).tolist()
    return drawn


def _references(ax: Axes, row: pd.Series, greyscale: bool, compact: bool) -> list[tuple]:
    """Baseline and target as lines, the target year as a vertical line; returns the labels
    to write beside the chart as (y, text, colour)."""
    pal = palette(greyscale)
    labels = []
    baseline, target, target_year = row["ingangsvarde"], row["malvarde"], row["malar"]
    unit = row["enhet"] if pd.notna(row["enhet"]) else None
    if pd.notna(baseline):
        ax.axhline(baseline, color="#666666", linewidth=1.4, linestyle=(0, (1, 2)),
                   label="Ingångsvärde")
        labels.append((float(baseline), f"Ingångsvärde {format_value(baseline, unit)}",
                       "#444444"))
    if pd.notna(target):
        ax.axhline(target, color=pal.highlight, linewidth=1.6, linestyle="-.", label="Målvärde")
        text = f"Målvärde {format_value(target, unit)}"
        if pd.notna(target_year):
            text += f" ({int(target_year)})"
        labels.append((float(target), text, pal.highlight))
    if pd.notna(target_year):
        ax.axvline(float(target_year), color=pal.highlight, linewidth=1.2,
                   linestyle=(0, (2, 2)), label="Målår")
    return labels


def _draw(ax: Axes, series: pd.DataFrame, row: pd.Series, greyscale: bool,
          compact: bool) -> list[tuple]:
    """One indicator: its values (per kön), fitted trend and projection, baseline, target
    and target year. Returns the reference labels (see :func:`_references`)."""
    pal = palette(greyscale)
    drawn = _values(ax, series, greyscale, compact)
    years = series.dropna(subset=["varde"])["ar"].to_numpy(dtype=float)
    xmin, xmax = (years.min(), years.max()) if len(years) else (2000, 2001)
    target_year, projection = row["malar"], row["prognos_malar"]
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
    labels = _references(ax, row, greyscale, compact)
    values = series[series["kon"] == row["kon"]].dropna(subset=["varde"])
    if not compact and len(values):
        last = values.loc[values["ar"].idxmax()]
        unit = row["enhet"] if pd.notna(row["enhet"]) else None
        labels.append((float(last["varde"]), f"{int(last['ar'])}: "
                       f"{format_value(last['varde'], unit)}", pal.accent))
    # The value axis shows every value, the baseline and the target.
    shown = [v for v in [*drawn, *(y for y, _, _ in labels)] if np.isfinite(v)]
    if shown:
        low, high = min(shown), max(shown)
        pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
        ax.set_ylim(low - pad, high + pad)
    ax.set_xlim(xmin - 0.5, end + 0.5)
    ax.set_xticks(np.arange(int(xmin), int(end) + 1, year_step(ax, int(xmin), int(end))))
    ax.xaxis.set_major_formatter(lambda v, _p: f"{int(v)}")
    number_axis(ax.yaxis)
    if compact:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.grid(True)
    ax.tick_params(labelsize=MIN_TEXT if compact else 13)
    if pd.notna(row["enhet"]):
        ax.set_ylabel(shorten(str(row["enhet"]), 14, 1), fontsize=MIN_TEXT if compact else 13)
    return labels


def _label_beside(ax: Axes, labels: list[tuple]) -> None:
    """Write the reference labels in the margin right of the chart, at their height, moved
    apart where they would touch: outside the plot, no line or marker runs under them."""
    if not labels:
        return
    low, high = ax.get_ylim()
    height = ax.get_window_extent().height or 1.0
    min_gap = (high - low) * (MIN_TEXT * 1.4 * ax.figure.dpi / 72) / height
    placed: list[float] = []
    notes = []
    for y, text, colour in sorted(labels):
        y = max(y, placed[-1] + min_gap) if placed else y
        placed.append(y)
        notes.append(ax.annotate(plain(text), (1.01, y), xycoords=("axes fraction", "data"),
                                 ha="left", va="center", fontsize=MIN_TEXT, color=colour,
                                 fontweight="bold", annotation_clip=False))
    keep_inside(ax, notes)  # the longest label ends inside the figure


def _legend(fig: Figure, axes: list[Axes], y: float, ncol: int = 4) -> None:
    """One legend for the figure: every kind of line drawn, each once."""
    entries: dict[str, object] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    add_legend(fig, list(entries.values()), list(entries), y, ncol)


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() or abs(value) >= 100 else 1


def plot_trend(indicators: pd.DataFrame, indikator_id: str | None = None,
               namnd: str | None = None, *, kon: str = "T", period: str = "bokslut",
               title: str | None = None, subtitle: str | None = None,
               source: str | None = None, greyscale: bool = False,
               size: str | tuple[float, float] = "full", ar: int | None = None) -> Figure:
    """One indicator over the years: values, baseline and target lines, the target year,
    the fitted trend and its dashed projection; the verdict is in the subtitle. A missing
    year is a gap in the line. Where the indicator has values for women and men (``kon``
    K and M), they are drawn as lines of their own beside the total. With the report year
    ``ar``, a latest value from an earlier year is said so."""
    series = _select(indicators, indikator_id, namnd, kon, period)
    row = trends(series, period=period).iloc[0]
    by_kon = _with_kon(indicators, series, period)
    with house_style():
        fig = new_figure(size)
        ax = fig.add_axes((0.09, 0.24, 0.74, 0.56))
        labels = _draw(ax, by_kon, row, greyscale, compact=False)
        _legend(fig, [ax], 0.07, ncol=4)
        name = row["indikator"]
        decorate(fig, title or shorten(f"{name} – {row['namnd']} ({period})", 80, 1),
                 subtitle or _subtitle(row, ar),
                 source or source_from(series, "Källa: indikatorvärden"),
                 alt=f"Linjediagram, {row['namnd']}: {_described(row)}")
        _label_beside(ax, labels)
    return fig


def _with_kon(indicators: pd.DataFrame, series: pd.DataFrame, period: str) -> pd.DataFrame:
    """The series and, where the indicator has them, its values for women and men."""
    key = series.iloc[0]
    same = indicators[(indicators["indikator_id"] == key["indikator_id"])
                      & (indicators["namnd"] == key["namnd"])
                      & (indicators["period"] == period)]
    return same[same["kon"].isin(list(KON_STYLE))] if same["kon"].nunique() > 1 else series


def plot_trends(indicators: pd.DataFrame, *, namnd: str | None = None,
                mal_id: str | None = None, kon: str = "T", period: str = "bokslut",
                title: str | None = None, subtitle: str | None = None,
                source: str | None = None, greyscale: bool = False,
                size: str | tuple[float, float] = "full", max_panels: int = PANELS,
                page: int = 1, ar: int | None = None) -> Figure:
    """Small multiples: every indicator of one goal (``mal_id``) or one nämnd, up to
    ``max_panels`` a figure (``page`` 2 shows the next ones; :func:`trend_pages` says how
    many there are). An indicator with values for women and men draws them as lines of
    their own. With the report year ``ar``, a panel whose latest value is older says which
    year it is from."""
    data = _panel_data(indicators, namnd, mal_id, period)
    table = _panel_table(data, kon, period)
    pages = max(1, math.ceil(len(table) / max_panels))
    if not 1 <= page <= pages:
        raise ValueError(f"page={page}: det finns {pages} sidor med indikatorer.")
    shown = table.iloc[(page - 1) * max_panels: page * max_panels].reset_index(drop=True)
    n = len(shown)
    ncols = min(n, 3 if n > 4 else 2 if n > 1 else 1)
    nrows = math.ceil(n / ncols)
    with house_style():
        fig = new_figure(size)
        gs = fig.add_gridspec(nrows, ncols, left=0.08, right=0.98, top=0.72, bottom=0.2,
                              hspace=0.9, wspace=0.35)
        axes = []
        for k, row in shown.iterrows():
            ax = fig.add_subplot(gs[k // ncols, k % ncols])
            series = data[(data["indikator_id"] == row["indikator_id"])
                          & (data["namnd"] == row["namnd"])]
            if series["kon"].nunique() == 1 or kon != "T":
                series = series[series["kon"] == (kon if kon in set(series["kon"])
                                                  else row["kon"])]
            _draw(ax, series, row, greyscale, compact=True)
            chars = text_width(fig, ax.get_position().width)
            ax.set_title(f"{shorten(row['indikator'], chars, 2)}\n"
                         f"{shorten(_panel_note(row, ar), chars, 1)}",
                         fontsize=MIN_TEXT, loc="left", fontweight="bold")
            axes.append(ax)
        _legend(fig, axes, 0.06, ncol=5)
        who = namnd or (table["namnd"].iloc[0] if table["namnd"].nunique() == 1 else "")
        which = f"{len(table)} {'indikator' if len(table) == 1 else 'indikatorer'}" \
            if pages == 1 else (f"indikator {(page - 1) * max_panels + 1}–"
                                f"{(page - 1) * max_panels + n} av {len(table)}")
        decorate(fig, title or f"Indikatorer{(' – ' + who) if who else ''} ({period})"
                 + (f", sida {page} av {pages}" if pages > 1 else ""),
                 subtitle or f"{which.capitalize()}: utfall, trend, ingångs- och målvärde.",
                 source or source_from(data, "Källa: indikatorvärden"),
                 alt=f"Linjediagram, ett per indikator{(', ' + who) if who else ''}: "
                     + " ".join(_described(row) for _, row in shown.iterrows()))
    return fig


def trend_pages(indicators: pd.DataFrame, *, namnd: str | None = None,
                mal_id: str | None = None, kon: str = "T", period: str = "bokslut",
                max_panels: int = PANELS) -> int:
    """How many figures :func:`plot_trends` needs to show every indicator (0: none)."""
    data = _with_values(indicators, namnd, mal_id, period)
    data = data[data["kon"] == kon]
    return math.ceil(data.groupby(["indikator_id", "namnd"]).ngroups / max_panels)


def _with_values(indicators: pd.DataFrame, namnd: str | None, mal_id: str | None,
                 period: str) -> pd.DataFrame:
    """The values of one period, of a nämnd or a goal where given."""
    data = indicators[indicators["period"] == period]
    if namnd is not None:
        data = data[data["namnd"] == namnd]
    if mal_id is not None:
        data = data[data["mal_id"] == mal_id]
    return data[data["varde"].notna()]


def _panel_data(indicators: pd.DataFrame, namnd: str | None, mal_id: str | None,
                period: str) -> pd.DataFrame:
    data = _with_values(indicators, namnd, mal_id, period)
    if data.empty:
        raise ValueError(f"Inga indikatorvärden för namnd={namnd!r}, mal_id={mal_id!r}.")
    return data


def _panel_table(data: pd.DataFrame, kon: str, period: str) -> pd.DataFrame:
    """One trend row per panel: the ``kon`` series of each indicator and nämnd."""
    own = _lead(data, kon)
    if own.empty:
        raise ValueError(f"Inga indikatorvärden för kon={kon!r}.")
    return trends(own, period=period).sort_values(["namnd", "indikator"]).reset_index(
        drop=True)


def _panel_note(row: pd.Series, ar: int | None) -> str:
    """The panel's second title line: the verdict and the target."""
    verdict = _VERDICT.get(row["bedomning"], "–") if pd.notna(row["bedomning"]) else \
        "Riktning okänd" if pd.isna(row["tolkad_riktning"]) else "–"
    if _older(row, ar):
        verdict += f" (senaste värde {int(row['sista_ar'])})"
    if pd.notna(row["malvarde"]):
        unit = row["enhet"] if pd.notna(row["enhet"]) else None
        verdict += f" · mål {format_value(row['malvarde'], unit)}"
        verdict += f" {int(row['malar'])}" if pd.notna(row["malar"]) else ""
    return verdict
