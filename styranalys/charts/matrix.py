"""The goal matrix: goals × years, each cell coloured by level and marked with its symbol."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..contract import LEVEL_LABELS, maltyp_label
from ..swedish import year_span
from .fulfilment import level_legend
from .style import (
    FULL_SLIDE,
    GOALS_SOURCE,
    HALF_SLIDE,
    MIN_TEXT,
    decorate,
    house_style,
    new_figure,
    palette,
    shorten,
    source_from,
    text_width,
)

__all__ = ["matrix_pages", "plot_goal_matrix"]

_TYPE_ORDER = {"grunduppdrag": 0, "kvalitetsfaktor": 1, "utvecklingsmal": 2}
#: One goal: ids such as "1" repeat between nämnder and goal types.
_KEY = ["namnd", "maltyp", "mal_id"]


def plot_goal_matrix(goals: pd.DataFrame, namnd: str | None = None,
                     years: Sequence[int] | None = None, *, title: str | None = None,
                     subtitle: str | None = None, source: str | None = None,
                     greyscale: bool = False, size: str | tuple[float, float] = "full",
                     period: str = "bokslut", page: int = 1) -> Figure:
    """Goals (rows, grouped by goal type) × years (columns), one coloured, marked cell each.

    The symbol in each cell (✓ ↗ ↘ ✗ –) repeats the level, so the chart reads in greyscale
    and for colour-blind readers. Long goal texts wrap at word boundaries (two lines where
    they fit) and end with "…" when cut; the alt text has them whole. An empty cell means
    the goal did not exist that year. Labels are 12 pt: more goals than fit go on further
    pages (``page``; see :func:`matrix_pages`).
    """
    data = _selected(goals, namnd, years, period)
    cols = sorted(int(y) for y in data["ar"].dropna().unique())
    every = _ordered(data)
    per_page = _rows_per_page(size)
    pages = max(1, -(-len(every) // per_page))
    if not 1 <= page <= pages:
        raise ValueError(f"page={page}: målmatrisen har {pages} sidor.")
    rows = every.iloc[(page - 1) * per_page: page * per_page]
    pal = palette(greyscale)
    n_rows = len(rows)
    levels = data.set_index([*_KEY, "ar"])["niva"]
    present = set(levels.index)
    with house_style():
        fig = new_figure(size)
        ax = fig.add_axes((0.42, 0.15, min(0.56, 0.08 + 0.1 * len(cols)), 0.63))
        for i, row in enumerate(rows.itertuples()):
            for j, year in enumerate(cols):
                if (key := (row.namnd, row.maltyp, row.mal_id, year)) in present:
                    _cell(ax, i, j, levels.loc[key], pal, MIN_TEXT, greyscale)
        ax.set_xlim(0, len(cols))
        ax.set_ylim(n_rows, 0)
        ax.set_xticks(np.arange(len(cols)) + 0.5, [str(c) for c in cols])
        ax.xaxis.tick_top()
        chars = text_width(fig, 0.38)
        lines = _label_lines(n_rows, size)
        labels = rows["mal"].astype(str)
        if data["namnd"].nunique() > 1:  # the whole municipality: whose goal each row is
            labels = rows["namnd"].astype(str) + ": " + labels
        ax.set_yticks(np.arange(n_rows) + 0.5, [shorten(t, chars, lines) for t in labels],
                      fontsize=MIN_TEXT)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        # Goal-type separators and labels on the left edge.
        types = rows["maltyp"].tolist()
        for i in range(1, n_rows):
            if types[i] != types[i - 1]:
                ax.axhline(i, color="#333333", linewidth=1.2)
        shown = data.merge(rows[_KEY], on=_KEY)
        level_legend(fig, LEVEL_LABELS["alla"], greyscale, shown["niva"], y=0.055)
        who = namnd or "alla nämnder"
        kinds = ", ".join(maltyp_label(t).lower() for t in dict.fromkeys(types))
        span = year_span(cols[0], cols[-1])
        which = f"{n_rows} mål" if pages == 1 else \
            f"Mål {(page - 1) * per_page + 1}–{(page - 1) * per_page + n_rows} av {len(every)}"
        decorate(fig, (title or f"Målen år för år – {who} ({period})")
                 + (f", sida {page} av {pages}" if pages > 1 else ""),
                 subtitle or f"{which} ({kinds}), {span}. Symbolen upprepar "
                             "bedömningen; tom ruta = målet fanns inte det året.",
                 source or source_from(data, GOALS_SOURCE),
                 alt=f"Målmatris, {who}: {which} ({kinds}), {span}. " + " ".join(
                     f"{year}: {_level_counts(shown[shown['ar'] == year])}." for year in cols)
                 + " Målen: " + "; ".join(labels) + ".")
    return fig


def matrix_pages(goals: pd.DataFrame, namnd: str | None = None, *,
                 size: str | tuple[float, float] = "full", period: str = "bokslut") -> int:
    """How many figures :func:`plot_goal_matrix` needs to show every goal."""
    data = _selected(goals, namnd, None, period)
    return max(1, -(-len(data[_KEY].drop_duplicates()) // _rows_per_page(size)))


def _ordered(data: pd.DataFrame) -> pd.DataFrame:
    """One row per goal, grouped by goal type, then by text."""
    return (data.drop_duplicates(_KEY, keep="last")
            .assign(_t=lambda f: f["maltyp"].map(_TYPE_ORDER).fillna(9))
            .sort_values(["_t", "namnd", "mal"]))


def _room(size: str | tuple[float, float]) -> float:
    """The matrix's height in points."""
    height = (FULL_SLIDE[1] if size == "full" else HALF_SLIDE[1] if size == "half"
              else float(size[1]))
    return height * 0.6 * 72


def _rows_per_page(size: str | tuple[float, float]) -> int:
    """Goals that fit the matrix with one line of 12 pt each: 15 on a full slide."""
    return max(3, int(_room(size) // (MIN_TEXT * 1.7)))


def _label_lines(n_rows: int, size: str | tuple[float, float]) -> int:
    """Two lines a label where two fit, else one."""
    return 2 if n_rows * 2 * MIN_TEXT * 1.35 <= _room(size) else 1


def _selected(goals: pd.DataFrame, namnd: str | None, years: Sequence[int] | None,
              period: str) -> pd.DataFrame:
    """The goals to draw: one period, one nämnd (checked) and the years asked for."""
    data = goals[goals["period"] == period]
    if namnd is not None:
        if namnd not in set(data["namnd"]):
            raise ValueError(f"Nämnden {namnd!r} finns inte i målen. Nämnder: "
                             f"{', '.join(sorted(set(data['namnd'])))}.")
        data = data[data["namnd"] == namnd]
    if years is not None:
        data = data[data["ar"].isin(list(years))]
    if data.empty:
        raise ValueError("Det finns inga mål att rita.")
    return data


def _cell(ax, i: int, j: int, level: object, pal, label_size: float, greyscale: bool) -> None:
    """One goal's cell in one year: the level's colour, hatch and symbol."""
    lvl = None if pd.isna(level) else int(level)
    ax.add_patch(Rectangle((j, i), 1, 1, facecolor=pal.colors[lvl], hatch=pal.hatches[lvl],
                           edgecolor="white" if not greyscale else "#333333", linewidth=1.5))
    ax.text(j + 0.5, i + 0.5, pal.symbols[lvl], ha="center", va="center",
            fontsize=min(16, label_size + 3), color=pal.text_colors[lvl], fontweight="bold")


#: Level words after a count of goals (mål is neuter): singular, plural.
_COUNTED = {4: ("uppfyllt", "uppfyllda"), 3: ("på väg att uppfyllas",) * 2,
            2: ("på väg att inte uppfyllas",) * 2, 1: ("inte uppfyllt", "inte uppfyllda"),
            None: ("ej bedömt", "ej bedömda")}


def _level_counts(year: pd.DataFrame) -> str:
    """"3 uppfyllda, 1 ej bedömt" in level order, for the alt text."""
    levels = year["niva"]
    parts = []
    for lvl, words in _COUNTED.items():
        n = int(levels.isna().sum()) if lvl is None else int((levels == lvl).sum())
        if n:
            parts.append(f"{n} {words[0] if n == 1 else words[1]}")
    return ", ".join(parts)
