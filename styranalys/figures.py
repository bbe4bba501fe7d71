"""The figures of the yearly reports, declared once.

Each figure has a name (its PNG is ``{prefix}-{key}.png``), a slide title, and how it is
drawn from the data: which chart, which rows, which period. The report notebooks draw them
(:func:`styranalys.report.show_figure`), the build collects their PNGs into the deck, and
``styranalys export pptx`` draws the same deck (:func:`styranalys.deck.standard_deck`), all
from the lists below, so a figure cannot be renamed in one place and lost in another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = ["KOLADA", "NAMND", "OVERVIEW", "Figure", "FigureData", "figure", "period_suffix"]


@dataclass(frozen=True)
class FigureData:
    """What a report's figures are drawn from: the frames, the year, the period, and for
    a nämnd's report its name."""

    goals: pd.DataFrame
    indicators: pd.DataFrame
    ar: int
    period: str = "bokslut"
    namnd: str | None = None

    @property
    def values(self) -> dict[str, object]:
        """What a title is formatted with."""
        return {"ar": self.ar, "period": self.period, "namnd": self.namnd}


@dataclass(frozen=True)
class Figure:
    """One figure of a report: ``draw`` returns the chart, a list of them where it takes
    several pages (the indicators, six to a page), or None where the data have nothing to
    show."""

    key: str
    #: The slide's title: who and what, short; the chart's own title carries the detail.
    title: str
    draw: Callable[[FigureData], object | list | None]

    def stem(self, prefix: str, page: int = 1) -> str:
        """The PNG's name without ``.png``: the report's prefix, then the figure's key (and
        from the second page on, the page's number)."""
        return f"{prefix}-{self.key}" + (f"-{page}" if page > 1 else "")

    def pages(self, data: FigureData) -> list:
        """The drawn charts, one per page (none where there is nothing to show)."""
        drawn = self.draw(data)
        return [] if drawn is None else drawn if isinstance(drawn, list) else [drawn]

    def slide_title(self, values: Mapping[str, object], page: int = 1, pages: int = 1) -> str:
        """The title with the year, period and nämnd of ``values`` (see
        :attr:`FigureData.values`), and "(2 av 3)" on a figure of several pages."""
        title = self.title.format(**values)
        return f"{title} ({page} av {pages})" if pages > 1 else title


def _years(goals: pd.DataFrame, period: str) -> int:
    return goals.loc[goals["period"] == period, "ar"].nunique()


# -- the municipality's overview ---------------------------------------------------------------

def _overview_fulfilment(d: FigureData):
    from .charts import plot_fulfilment

    return plot_fulfilment(d.goals, d.ar, kommunen=True, period=d.period)


def _overview_over_time(d: FigureData):
    from .charts import plot_fulfilment_over_time

    return plot_fulfilment_over_time(d.goals, period=d.period) \
        if _years(d.goals, d.period) > 1 else None


def _overview_check(d: FigureData):
    from .analysis.assessment import assessment_check
    from .charts import plot_assessment_check

    check = assessment_check(d.goals, d.indicators, period=d.period)
    return plot_assessment_check(check, d.ar) if (check["ar"] == d.ar).any() else None


def _overview_measurability(d: FigureData):
    from .analysis.measurability import measurability
    from .charts import plot_measurability

    audit = measurability(d.goals[d.goals["ar"] == d.ar], d.indicators, period=d.period)
    return None if audit.empty else plot_measurability(audit, d.ar)


OVERVIEW: tuple[Figure, ...] = (
    Figure("maluppfyllelse", "Hela kommunen · läget {ar}", _overview_fulfilment),
    Figure("over-tid", "Hela kommunen · utvecklingen", _overview_over_time),
    Figure("bedomning-mot-data", "Hela kommunen · bedömning mot data", _overview_check),
    Figure("matbarhet", "Hela kommunen · mätbarhet", _overview_measurability),
)
#: The overview's figures are named ``kommunen-{key}``.
OVERVIEW_PREFIX = "kommunen"


def period_suffix(period: str) -> str:
    """What the interim reports' files add to their names ("-delar"), so that they never
    replace the year-end reports published beside them; nothing for the year-end."""
    return "" if period == "bokslut" else "-delar"


# -- one nämnd -------------------------------------------------------------------------------

def _own(d: FigureData) -> pd.DataFrame:
    return d.goals[d.goals["namnd"] == d.namnd]


def _namnd_fulfilment(d: FigureData):
    from .charts import plot_fulfilment

    return plot_fulfilment(_own(d), d.ar, per_maltyp=True, period=d.period,
                           title=f"{d.namnd}: måluppfyllelse per måltyp, {d.period} {d.ar}")


def _namnd_over_time(d: FigureData):
    from .charts import plot_fulfilment_over_time

    return plot_fulfilment_over_time(d.goals, d.namnd, period=d.period) \
        if _years(_own(d), d.period) > 1 else None


def _namnd_matrix(d: FigureData):
    from .charts.matrix import matrix_pages, plot_goal_matrix

    return [plot_goal_matrix(_own(d), d.namnd, period=d.period, page=page)
            for page in range(1, matrix_pages(_own(d), d.namnd, period=d.period) + 1)]


def _namnd_indicators(d: FigureData):
    from .charts.trend import plot_trends, trend_pages

    ind = d.indicators
    own = ind[(ind["namnd"] == d.namnd) & (ind["period"] == d.period) & (ind["ar"] <= d.ar)
              & ind["varde"].notna()]
    pages = trend_pages(own, namnd=d.namnd, period=d.period)
    return [plot_trends(own, namnd=d.namnd, period=d.period, ar=d.ar, page=page)
            for page in range(1, pages + 1)] or None


NAMND: tuple[Figure, ...] = (
    Figure("maluppfyllelse", "{namnd} · läget {ar}", _namnd_fulfilment),
    Figure("over-tid", "{namnd} · utvecklingen", _namnd_over_time),
    Figure("malmatris", "{namnd} · målen år för år", _namnd_matrix),
    Figure("indikatorer", "{namnd} · indikatorer", _namnd_indicators),
)


@dataclass(frozen=True)
class _Kolada:
    """The peer comparison: one figure per KPI mapped to the nämnd, ``{prefix}-kolada-{kpi}``."""

    key: str = "kolada"
    title: str = "{namnd} · jämförelse ({kpi})"
    source: str = "Källa: Kolada"

    def stem(self, prefix: str, kpi: str) -> str:
        return f"{prefix}-{self.key}-{kpi}"


KOLADA = _Kolada()


def figure(key: str, namnd: bool) -> Figure:
    """The declared figure ``key`` of a nämnd's report (``namnd``) or of the overview."""
    for fig in NAMND if namnd else OVERVIEW:
        if fig.key == key:
            return fig
    known = ", ".join(f.key for f in (NAMND if namnd else OVERVIEW))
    raise KeyError(f"Ingen figur {key!r} i rapporten; figurerna är {known}.")
