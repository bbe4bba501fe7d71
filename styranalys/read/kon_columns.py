"""Value columns for each kön under each year, as statistics tables print them:

    Indikator | 2022    |     | 2023    |          Indikator | 2022 Kvinnor | 2022 Män | …
              | Kvinnor | Män | Kvinnor | Män

    Indikator | Kvinnor |      | Män  |
              | 2022    | 2023 | 2022 | 2023

A year and a kön together name a column: one in a cell above the other (the upper one over
the columns it spans, as a merged cell reads), or both in one cell. "Totalt" (or "Samtliga")
is the year's total, kön T. The column gives that indicator's value for that year and kön,
never an indicator named "Kvinnor".
"""

from __future__ import annotations

from collections.abc import Mapping

from .._text import fold
from .header_words import KON_HEADINGS, YEAR_AND_KON, Heading, classify_heading

__all__ = ["kon_by_year"]


def _kon(value: object) -> str | None:
    return KON_HEADINGS.get(fold(value)) if isinstance(value, str) else None


def _both(value: object) -> tuple[int, str] | None:
    """"2022 Kvinnor", "Män 2023": the year and the kön in one cell."""
    if not isinstance(value, str) or not (m := YEAR_AND_KON.match(fold(value))):
        return None
    year, word = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    code = KON_HEADINGS.get(word)
    return (int(year), code) if code else None


def _spans(row: list[object], width: int, table: Mapping[str, str]
           ) -> tuple[dict[int, int], dict[int, str]]:
    """Per column, the year and the word for a kön that the row's cells give it, a
    cell's meaning spanning the blank cells to its right (a merged cell)."""
    years: dict[int, int] = {}
    kons: dict[int, str] = {}
    year = kon = None
    for j in range(width):
        value = row[j] if j < len(row) else None
        if value is not None and str(value).strip():
            heading = classify_heading(value, table)
            year = heading.year if heading.year and not heading.field else None
            kon = str(value).strip() if _kon(value) else None
        if year:
            years[j] = year
        if kon:
            kons[j] = kon
    return years, kons


def kon_by_year(upper: list[object], lower: list[object] | None, headings: list[Heading],
                cells: list[object], table: Mapping[str, str]) -> dict[str, dict[int, int]]:
    """kön -> year -> column, where the header's cells (``upper``, and ``lower`` below
    it) name both a year and a kön for at least two columns, one of them women's or men's.
    ``headings`` is updated (a total column is that year's column, the others no year's),
    and ``cells`` names each column with both ("2022 Kvinnor"), in the file's words."""
    width = max(len(headings), len(upper), len(lower or []))
    found: dict[int, tuple[int, str]] = {j: both for j, v in enumerate(upper)
                                         if (both := _both(v))}
    up_years, up_kons = _spans(upper, width, table)
    low = list(lower or []) + [None] * width
    words: dict[int, str] = {}
    for j in range(width):
        if j in found or (j < len(headings) and headings[j].field):
            continue
        below = classify_heading(low[j], table)
        year = (below.year if below.year and not below.field else None) or up_years.get(j)
        word = str(low[j]).strip() if _kon(low[j]) else up_kons.get(j)
        if year and word:
            found[j] = (year, KON_HEADINGS[fold(word)])
            words[j] = word
    out = _by_kon(found)
    if out:
        headings.extend([Heading()] * (width - len(headings)))
        cells.extend([None] * (width - len(cells)))
        for j, (year, kon) in found.items():  # the totals are the year's columns
            headings[j] = Heading(year=year) if kon == "T" else Heading()
            cells[j] = f"{year} {words[j]}" if j in words else upper[j]
    return {k: v for k, v in out.items() if k != "T"}


def _by_kon(found: dict[int, tuple[int, str]]) -> dict[str, dict[int, int]]:
    """kön -> year -> column; empty unless two columns or more, one of them women's or
    men's, and no year and kön twice."""
    if len(found) < 2 or not {k for _, k in found.values()} & {"K", "M"}:
        return {}
    out: dict[str, dict[int, int]] = {}
    for j, (year, kon) in sorted(found.items()):
        if year in out.get(kon, {}):
            return {}
        out.setdefault(kon, {})[year] = j
    return out
