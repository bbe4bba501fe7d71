"""The standard deck for a year: the overview's figures, then each nämnd's.

The figures are the reports' own (:mod:`styranalys.figures`): ``styranalys export pptx``
draws them here, and the yearly build puts the PNGs its notebooks saved on the same slides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ._version import __version__
from .figures import (
    KOLADA,
    NAMND,
    OVERVIEW,
    OVERVIEW_PREFIX,
    Figure,
    FigureData,
    period_suffix,
)
from .presentation import Slide

if TYPE_CHECKING:
    from .cache import Prepared

__all__ = ["choose", "data_note", "deck_sources", "namnd_slides", "overview_slides",
           "standard_deck", "write_published_deck"]


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
        pages = fig.pages(data)
        slides += [Slide(page, fig.slide_title(data.values, k, len(pages)))
                   for k, page in enumerate(pages, start=1)]
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


def deck_sources(prepared: Prepared, kolada: str | Path | None = None) -> list[str]:
    """The last slide's list: every input file (marked where its data are illustrative),
    Kolada where it was used, and what compiled it."""
    marked = set(prepared.illustrative_files())
    names = [Path(f).name for f in prepared.files]
    lines = [f"{name}{' (illustrativa data)' if name in marked else ''}" for name in names]
    if kolada:
        lines.append("Kolada, RKA:s öppna databas med nyckeltal för kommuner och regioner "
                     "(Källa: Kolada)")
    lines.append(f"Sammanställt med styranalys {__version__} den {dt.date.today():%Y-%m-%d}")
    return lines


def data_note(prepared: Prepared) -> str:
    """The data's date for the speaker notes: when the newest input file was changed."""
    stamps = [Path(f).stat().st_mtime for f in prepared.files if Path(f).exists()]
    if not stamps:
        return ""
    newest = dt.datetime.fromtimestamp(max(stamps))
    return (f"Uppgifterna kommer ur {len(stamps)} filer; den senast ändrade ändrades "
            f"{newest:%Y-%m-%d}.")


def write_published_deck(year: int, period: str, names: set[str], namnder: Sequence[str],
                         target: Path, prepared: Prepared, kolada: bool) -> None:
    """The build's deck: the standard deck from the published PNGs of every published
    report (``names``: "Kommunöversikt" and the nämnder), so no chart is drawn twice and a
    build of one nämnd keeps the others' slides. Written in place, atomically."""
    from .presentation import to_pptx
    from .report import ILLUSTRATIVE_NOTICE, slugs

    end = period_suffix(period)
    prefixes = {n: f"{prefix}{end}" for n, prefix in slugs(namnder).items()}
    folder = target / "figurer"
    slides = _figure_slides(OVERVIEW, f"{OVERVIEW_PREFIX}{end}", folder,
                            {"ar": year, "period": period, "namnd": None}) \
        if "Kommunöversikt" in names else []
    for namnd in namnder:
        slides += _figure_slides(NAMND, prefixes[namnd], folder,
                                 {"ar": year, "period": period, "namnd": namnd})
    if slides:
        to_pptx(slides, target / f"presentation-{year}{end}.pptx",
                title=f"Måluppföljning, {period} {year}",
                subtitle="Kommunöversikt och nämnderna",
                notice=ILLUSTRATIVE_NOTICE if prepared.illustrative_files() else None,
                sources=deck_sources(prepared, kolada), data_note=data_note(prepared))


def _figure_slides(declared: Sequence[Figure], prefix: str, folder: Path,
                   values: dict[str, object]) -> list:
    """A slide for each declared figure that its report saved, then the peer comparisons."""
    slides = []
    for fig in declared:
        pngs = list(_pages(folder, fig, prefix))
        slides += [Slide(png, fig.slide_title(values, k, len(pngs)))
                   for k, png in enumerate(pngs, start=1)]
    kolada = KOLADA
    for png in sorted(folder.glob(f"{kolada.stem(prefix, '*')}.png")):
        kpi = png.stem.removeprefix(kolada.stem(prefix, ""))
        slides.append(Slide(png, kolada.title.format(**values, kpi=kpi), kolada.source))
    return slides


def _pages(folder: Path, fig: Figure, prefix: str) -> Iterator[Path]:
    """The PNGs a report saved of one declared figure: page 1, 2, … while they exist."""
    page = 1
    while (png := folder / f"{fig.stem(prefix, page)}.png").exists():
        yield png
        page += 1
