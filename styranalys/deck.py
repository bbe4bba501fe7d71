"""The standard deck for a year: the overview's figures, then each nämnd's.

The figures are the reports' own (:mod:`styranalys.figures`): ``styranalys export pptx``
draws them here, and the yearly build puts the PNGs its notebooks saved on the same slides.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .figures import NAMND, OVERVIEW, Figure, FigureData
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


def _slides(declared: Sequence[Figure], data: FigureData) -> list[Slide]:
    slides = []
    for fig in declared:
        drawn = fig.draw(data)
        if drawn is not None:
            slides.append(Slide(drawn, fig.slide_title(data)))
    return slides


def overview_slides(goals: pd.DataFrame, indicators: pd.DataFrame, ar: int,
                    period: str = "bokslut") -> list[Slide]:
    """The municipality's overview: the overview report's figures."""
    return _slides(OVERVIEW, FigureData(goals, indicators, ar, period))


def namnd_slides(goals: pd.DataFrame, indicators: pd.DataFrame, namnd: str, ar: int,
                 period: str = "bokslut") -> list[Slide]:
    """One nämnd: its report's figures."""
    return _slides(NAMND, FigureData(goals, indicators, ar, period, namnd))


def standard_deck(goals: pd.DataFrame, indicators: pd.DataFrame, ar: int,
                  namnder: Sequence[str] | None = None,
                  period: str = "bokslut") -> list[Slide]:
    """The overview, then for each nämnd (all with goals that year, or those given) its
    slides: the figures of the yearly reports (see :mod:`styranalys.figures`)."""
    ar, chosen = choose(goals, ar, namnder, period)
    slides = overview_slides(goals, indicators, ar, period)
    for namnd in chosen:
        slides += namnd_slides(goals, indicators, namnd, ar, period)
    return slides
