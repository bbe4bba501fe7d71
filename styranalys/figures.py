"""The figures of the yearly reports, declared once.

Each figure has a name (its PNG is ``{prefix}-{key}.png``), a slide title, and how it is
drawn from the data: which chart, which rows, which period. The report notebooks draw them
(:func:`styranalys.report.show_figure`), the build collects their PNGs into the deck, and
``styranalys export pptx`` draws the same deck (:func:`styranalys.deck.standard_deck`), all
from the lists below, so a figure cannot be renamed in one place and lost in another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

__all__ = ["KOLADA", "NAMND", "OVERVIEW", "Figure", "FigureData", "figure"]


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
    """One figure of a report: ``draw`` returns None where the data have nothing to show."""

    key: str
    title: str
    draw: Callable[[FigureData], object | None]

    def stem(self, prefix: str) -> str:
        """The PNG's name without ``.png``: the report's prefix, then the figure's key."""
        return f"{prefix}-{self.key}"

    def slide_title(self, data: FigureData) -> str:
        return self.title.format(**data.values)


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
    Figure("maluppfyllelse", "Måluppfyllelse per nämnd, {period} {ar}", _overview_fulfilment),
    Figure("over-tid", "Måluppfyllelse över tid, hela kommunen ({period})", _overview_over_time),
    Figure("bedomning-mot-data", "Egen bedömning mot indikatorerna, {period} {ar}",
           _overview_check),
    Figure("matbarhet", "Mätbara mål, {period} {ar}", _overview_measurability),
)
#: The overview's figures are named ``kommunen-{key}``.
OVERVIEW_PREFIX = "kommunen"


# -- one nämnd -------------------------------------------------------------------------------

def _own(d: FigureData) -> pd.DataFrame:
    return d.goals[d.goals["namnd"] == d.namnd]


def _namnd_fulfilment(d: FigureData):
    from .charts import plot_fulfilment

    return plot_fulfilment(_own(d), d.ar, per_maltyp=True, period=d.period,
                           title=f"{d.namnd}: måluppfyllelse, {d.period} {d.ar}")


def _namnd_over_time(d: FigureData):
    from .charts import plot_fulfilment_over_time

    return plot_fulfilment_over_time(d.goals, d.namnd, period=d.period) \
        if _years(_own(d), d.period) > 1 else None


def _namnd_matrix(d: FigureData):
    from .charts import plot_goal_matrix

    return plot_goal_matrix(_own(d), d.namnd, period=d.period)


def _namnd_indicators(d: FigureData):
    from .charts import plot_trends

    ind = d.indicators
    own = ind[(ind["namnd"] == d.namnd) & (ind["period"] == d.period) & (ind["ar"] <= d.ar)
              & ind["varde"].notna()]
    return None if own.empty else plot_trends(own, namnd=d.namnd, period=d.period, ar=d.ar)


NAMND: tuple[Figure, ...] = (
    Figure("maluppfyllelse", "{namnd}: måluppfyllelse, {period} {ar}", _namnd_fulfilment),
    Figure("over-tid", "{namnd}: måluppfyllelse över tid ({period})", _namnd_over_time),
    Figure("malmatris", "{namnd}: målen år för år ({period})", _namnd_matrix),
    Figure("indikatorer", "{namnd}: indikatorer, {period} {ar}", _namnd_indicators),
)


@dataclass(frozen=True)
class _Kolada:
    """The peer comparison: one figure per KPI mapped to the nämnd, ``{prefix}-kolada-{kpi}``."""

    key: str = "kolada"
    title: str = "{namnd}: jämförelse med liknande kommuner ({kpi})"
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
