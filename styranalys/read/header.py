"""The header row: which row of a sheet is the table's header, and what each heading means.

Headings match whatever their case, spacing (no-break spaces included), diacritics and
punctuation, so "Mål värde", "MÅLVÄRDE" and "Målvärde:" are the same. Extend the table for
your own files with :func:`header_synonyms` and the ``headers=`` argument of the readers::

    read_indicators("data/raw", headers={"malvarde": ["Förväntat värde"]})
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .._text import fold
from .header_words import KON_HEADINGS, Heading, classify_heading, header_synonyms
from .kon_columns import kon_by_year

__all__ = ["HeaderRow", "Heading", "classify_heading", "find_header", "header_synonyms",
           "sheet_kind"]

#: The header is looked for among a sheet's first rows (title rows may come above it).
HEADER_SEARCH_ROWS = 40


@dataclass
class HeaderRow:
    """The header found in a sheet: where it is, and which column holds which field."""

    index: int                       # the (last) header row; data starts below it
    columns: dict[str, int]          # field -> column index in the grid
    years: dict[int, int]            # year -> column index (wide layouts)
    heading_maltyp: str | None       # a heading such as "Utvecklingsmål" names the goal type
    target_year: int | None          # "Målvärde 2024"
    duplicates: list[tuple[str, list[int]]]
    cells: list[object]              # the header as read (two rows combined where needed)
    #: Goals, their assessment and their measures' values in one table (see
    #: :mod:`styranalys.read.settle`); decided from the cells, not the headings alone.
    measured: bool = False
    #: What the values measure, where no column says it: the heading over the year columns
    #: ("Täckningsgrad år") or the title just above the header.
    measure: str | None = None
    #: Value columns named by kön ("Kvinnor | Män | Totalt"): code -> column.
    kon_columns: dict[str, int] = dataclasses.field(default_factory=dict)
    #: "Ingångsvärde (basår 2019)", "Basår 2019": the year of the baseline column's values.
    base_year: int | None = None
    #: The first row of the header, where it spans two (data starts below ``index``);
    #: ``index`` where it is one row.
    top: int = -1
    #: Value columns for women and men under each year: kön -> year -> column (the
    #: totals are ``years``).
    kon_years: dict[str, dict[int, int]] = dataclasses.field(default_factory=dict)
    #: Target columns under a year over "Utfall | Mål": year -> column.
    year_targets: dict[int, int] = dataclasses.field(default_factory=dict)
    #: An indicator table with its goals as headings between its rows (see
    #: :mod:`styranalys.read.layouts.headed_goals`); decided from the cells.
    headed: bool = False

    def __post_init__(self) -> None:
        if self.top < 0:
            self.top = self.index


def find_header(rows: list[list[object]], table: Mapping[str, str]) -> HeaderRow | None:
    """The header row (most recognised headings in the first rows) and its columns."""
    best = _best_row(rows, table)
    if best is None:
        return None
    index, headings = best
    cells = list(rows[index])
    first = index
    if index + 1 < len(rows) and _years_below(rows[index + 1], headings, cells, table):
        index += 1
    targets = _years_above(rows, index, headings, table) if index == first else {}
    measures = {h.field for h in headings} & {"indikator", "indikator_id"}
    kon_years: dict[str, dict[int, int]] = {}
    top = first
    if measures:
        kon_years, top, index = _kon_years(rows, first, index, headings, cells, table)
    header = _header_row(index, headings, cells)
    header.top = top
    header.measure = _measure_above(rows, first, header)
    header.year_targets = targets
    header.kon_years = kon_years
    if measures and not kon_years:
        header.kon_columns = {KON_HEADINGS[k]: j for j, v in enumerate(cells)
                              if not headings[j].field and not headings[j].year
                              and (k := fold(v) if v is not None else "") in KON_HEADINGS}
    return header


def _kon_years(rows: list[list[object]], first: int, index: int, headings: list[Heading],
               cells: list[object], table: Mapping[str, str],
               ) -> tuple[dict[str, dict[int, int]], int, int]:
    """Columns for each kön under each year (see :mod:`~styranalys.read.kon_columns`), and
    the first and last header rows: a row of kön words over or under the years is the
    header's too."""
    if index > first:  # kön over the years below it
        return kon_by_year(rows[first], rows[index], headings, cells, table), first, index
    if first and _only_kon(rows[first - 1], others=True):  # kön over the header's years
        found = kon_by_year(rows[first - 1], rows[first], headings, cells, table)
        if found:
            return found, first - 1, index
    below = rows[first + 1] if first + 1 < len(rows) else []
    if _only_kon(below):  # the years over kön below them
        found = kon_by_year(rows[first], below, headings, cells, table)
        if found:
            return found, first, first + 1
    return kon_by_year(rows[first], None, headings, cells, table), first, index


def _only_kon(row: list[object], others: bool = False) -> bool:
    """Whether a row holds two or more words for a kön and nothing else (``others``: and
    no number, though other words, such as the heading over the row labels)."""
    filled = [v for v in row if v is not None and str(v).strip()]
    kon = [v for v in filled if fold(v) in KON_HEADINGS]
    rest = [v for v in filled if fold(v) not in KON_HEADINGS]
    return len(kon) >= 2 and (all(isinstance(v, str) for v in rest) if others else not rest)


def _years_above(rows: list[list[object]], index: int, headings: list[Heading],
                 table: Mapping[str, str]) -> dict[int, int]:
    """A year over each pair of "Utfall | Mål" (the year in the first cell of a merged
    range): the outcome columns become that year's columns in ``headings``; the target
    columns are returned, year -> column."""
    if index == 0:
        return {}
    above = {j: h.year for j, v in enumerate(rows[index - 1])
             if (h := classify_heading(v, table)).year and not h.field}
    if len(above) < 2:
        return {}
    starts = sorted(above)
    spans = {j: above[max(s for s in starts if s <= j)] for j in range(starts[0],
                                                                        len(headings))}
    outcome = {j for j, y in spans.items() if headings[j].field == "varde"}
    target = {j for j, y in spans.items() if headings[j].field in ("malvarde", "mal")}
    if len({spans[j] for j in outcome}) < 2 or len(outcome) != len({spans[j] for j in outcome}):
        return {}
    for j in outcome:
        headings[j] = Heading(year=spans[j])
    for j in target:
        headings[j] = Heading()
    return {spans[j]: j for j in sorted(target)}


def _best_row(rows: list[list[object]], table: Mapping[str, str],
              ) -> tuple[int, list[Heading]] | None:
    """The first row with the highest score (fields, plus one for years) of at least 2."""
    best: tuple[int, int, list[Heading]] | None = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headings = [classify_heading(v, table) for v in row]
        fields = {h.field for h in headings if h.field}
        # "Övergripande mål | Nämndsmål": the goal above and the goal, two fields
        parent = "omrade" not in fields and sum(
            1 for h in headings if h.field == "mal" and h.maltyp) == 2
        n_years = sum(1 for h in headings if h.year and not h.field)
        if not fields and n_years >= 2 and _labels_under_blank(rows, i, headings):
            headings[0] = Heading(field="indikator")  # the row labels under an empty cell
            fields = {"indikator"}
        n_fields = len(fields) + parent
        score = n_fields + (1 if n_years >= 2 or (n_years and n_fields) else 0)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, i, headings)
    return None if best is None else (best[1], best[2])


def _measure_above(rows: list[list[object]], index: int, header: HeaderRow) -> str | None:
    """The one text in the row just above the header, over the year columns or alone on
    its row ("Täckningsgrad år", a title "Företagsklimat enligt ÖJ (Insikt), NKI"), when
    no column names the values; "år" after it is set aside."""
    if index == 0 or {"indikator", "indikator_id"} & set(header.columns):
        return None
    above = [(j, str(v).strip()) for j, v in enumerate(rows[index - 1])
             if isinstance(v, str) and v.strip()]
    if len(above) != 1:
        return None
    j, text = above[0]
    years = sorted(header.years.values())
    if years and not (j >= years[0] or j == 0):
        return None
    return re.sub(r"\s+(?:per\s+)?år$", "", text, flags=re.IGNORECASE) or None


def _labels_under_blank(rows: list[list[object]], i: int, headings: list[Heading]) -> bool:
    """Years as columns over numbers, and an empty first header cell over text labels:
    the labels name the rows ("Årets resultat", "Målavvikelse")."""
    row = rows[i]
    if not row or (row[0] is not None and str(row[0]).strip()) or headings[0].year:
        return False
    year_cols = [j for j, h in enumerate(headings) if h.year]
    below = [r for r in rows[i + 1:i + 4] if any(v not in (None, "") for v in r)]
    if not below:
        return False
    first = below[0]
    label = first[0] if first else None
    numbers = [first[j] for j in year_cols if j < len(first)]
    return isinstance(label, str) and bool(label.strip()) and any(
        (isinstance(v, int | float) and not isinstance(v, bool)) or
        (isinstance(v, str) and _NUMBERISH.match(v.strip())) for v in numbers)


_NUMBERISH = re.compile(r"^[-−]?\d[\d \u00a0]*(?:[.,]\d+)?\s*%?$")


def _years_below(below: list[object], headings: list[Heading], cells: list[object],
                 table: Mapping[str, str]) -> bool:
    """A two-row header: years under a merged "Utfall" (or under blank cells) in the row
    below. If so, ``headings`` and ``cells`` take the years, and True is returned."""
    years = {j: h for j, v in enumerate(below)
             if (h := classify_heading(v, table)).year and not h.field}
    if len(years) < 2 or not all(j >= len(headings) or (
            headings[j].field in (None, "varde") and not headings[j].year) for j in years):
        return False
    for j, h in years.items():
        if j < len(headings):
            headings[j] = h
        else:
            headings.append(h)
        cells.extend([None] * (j + 1 - len(cells)))
        cells[j] = below[j]
    return True


def _header_row(index: int, headings: list[Heading], cells: list[object]) -> HeaderRow:
    columns: dict[str, list[int]] = {}
    years: dict[int, list[int]] = {}
    target_year = base_year = None
    for j, h in enumerate(headings):
        if h.field:
            columns.setdefault(h.field, []).append(j)
            if h.field == "malvarde" and h.year:
                target_year = h.year
            if h.field == "ingangsvarde" and h.year:
                base_year = h.year
        elif h.year:
            years.setdefault(h.year, []).append(j)
    _parent_goal(columns, headings)
    maltyp = headings[columns["mal"][0]].maltyp if "mal" in columns else None
    duplicates = [(f, js) for f, js in columns.items() if len(js) > 1]
    duplicates += [(str(y), js) for y, js in years.items() if len(js) > 1]
    header = HeaderRow(index, {f: js[0] for f, js in columns.items()},
                       {y: js[0] for y, js in years.items()}, maltyp, target_year, duplicates,
                       cells)
    header.base_year = base_year
    return header


def _parent_goal(columns: dict[str, list[int]], headings: list[Heading]) -> None:
    """Two goal-type headings side by side ("Övergripande mål | Nämndsmål"): the right one
    holds the goals, the left one the goal above them, read as their ``omrade``."""
    goals = columns.get("mal", [])
    if len(goals) == 2 and "omrade" not in columns and all(headings[j].maltyp for j in goals):
        columns["omrade"], columns["mal"] = goals[:1], goals[1:]


def sheet_kind(header: HeaderRow) -> str | None:
    """"indicators", "goals", "both" (goals with their measures' values, see
    :mod:`~styranalys.read.layouts.measured_goals`) or None, from the headings found."""
    cols = header.columns
    if header.measured or header.headed:
        return "both"
    if "indikator" in cols or ("indikator_id" in cols and (
            "varde" in cols or header.years or "malvarde" in cols)):
        return "indicators"
    if "mal" in cols:
        return "goals"
    return None
