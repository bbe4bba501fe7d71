"""The standard set of charts for a year: the municipality overview, then each nämnd.

Used by ``styranalys export pptx`` and by the yearly build, so both show the same charts.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .assessment import assessment_check
from .charts import (
    plot_assessment_check,
    plot_fulfilment,
    plot_fulfilment_over_time,
    plot_goal_matrix,
    plot_measurability,
    plot_trends,
)
from .measurability import measurability
from .presentation import Slide

__all__ = ["choose", "namnd_slides", "overview_slides", "standard_deck"]


def choose(goals: pd.DataFrame, ar: int | None, namnder: Sequence[str] | None,
           period: str = "bokslut") -> tuple[int, list[str]]:
    """The year (default: the latest in the data) and nämnder to report on, checked.

    A year or nämnd that is not in the data is a ValueError that lists the ones that are.
    """
    data = goals[goals["period"] == period]
    years = sorted(int(y) for y in data["ar"].dropna().unique())
    if not years:
        raise ValueError(f"Det finns inga mål för perioden {period!r} i data.")
    if ar is None:
        ar = years[-1]
    elif ar not in years:
        raise ValueError(f"År {ar} finns inte i data ({period}). Tillgängliga år: "
                         f"{', '.join(map(str, years))}.")
    available = sorted(set(data.loc[data["ar"] == ar, "namnd"]))
    if not namnder:
        return ar, available
    unknown = [n for n in namnder if n not in available]
    if unknown:
        raise ValueError(f"Nämnden {', '.join(unknown)} har inga mål {ar} ({period}). "
                         f"Nämnder med data: {', '.join(available)}.")
    return ar, list(namnder)


def overview_slides(goals: pd.DataFrame, indicators: pd.DataFrame, ar: int,
                    period: str = "bokslut") -> list[Slide]:
    """The municipality's overview: fulfilment per nämnd and over time, the data check and
    measurability."""
    slides = [Slide(plot_fulfilment(goals, ar, kommunen=True, period=period),
                    f"Måluppfyllelse per nämnd, {period} {ar}")]
    if goals.loc[goals["period"] == period, "ar"].nunique() > 1:
        slides.append(Slide(plot_fulfilment_over_time(goals, period=period),
                            f"Måluppfyllelse över tid, hela kommunen ({period})"))
    check = assessment_check(goals, indicators, period=period)
    if not check.empty and (check["ar"] == ar).any():
        slides.append(Slide(plot_assessment_check(check, ar),
                            f"Egen bedömning mot indikatorerna, {period} {ar}"))
    audit = measurability(goals[goals["ar"] == ar], indicators, period=period)
    if not audit.empty:
        slides.append(Slide(plot_measurability(audit, ar), f"Mätbara mål, {period} {ar}"))
    return slides


def namnd_slides(goals: pd.DataFrame, indicators: pd.DataFrame, namnd: str, ar: int,
                 period: str = "bokslut") -> list[Slide]:
    """One nämnd: its fulfilment per goal type, its goal matrix and its indicator trends."""
    own = goals[goals["namnd"] == namnd]
    slides = [Slide(plot_fulfilment(own, ar, per_maltyp=True, period=period,
                                    title=f"{namnd}: måluppfyllelse, {period} {ar}"),
                    f"{namnd}: måluppfyllelse, {period} {ar}"),
              Slide(plot_goal_matrix(own, namnd, period=period),
                    f"{namnd}: målen år för år ({period})")]
    ind = indicators[(indicators["namnd"] == namnd) & (indicators["period"] == period)
                     & (indicators["ar"] <= ar) & indicators["varde"].notna()]
    if not ind.empty:
        slides.append(Slide(plot_trends(ind, namnd=namnd, period=period, ar=ar),
                            f"{namnd}: indikatorer, {period} {ar}"))
    return slides


def standard_deck(goals: pd.DataFrame, indicators: pd.DataFrame, ar: int,
                  namnder: Sequence[str] | None = None,
                  period: str = "bokslut") -> list[Slide]:
    """The overview, then for each nämnd (all with goals that year, or those given) its
    slides."""
    ar, chosen = choose(goals, ar, namnder, period)
    slides = overview_slides(goals, indicators, ar, period)
    for namnd in chosen:
        slides += namnd_slides(goals, indicators, namnd, ar, period)
    return slides
