"""What a header's columns are, where the cells under them say it: decided once, before
the sheet's kind and layout are chosen, so both reads of a sheet agree.

- A column headed "Mål" in a table of indicators whose every cell is a number ("100 %
  (2021)", "Minst 60") holds the targets, not goals: it is ``malvarde``.
- Goals with their assessment and year columns are goals and measures in one table (see
  :mod:`~styranalys.read.layouts.measured_goals`) only where the year columns hold
  numbers; where they hold assessments, the sheet is the ambiguous wide goal table it was.
"""

from __future__ import annotations

from itertools import pairwise

from .._text import fold
from .grid import _NOTE
from .header import HeaderRow
from .kon_rows import KON_ROW_WORDS
from .notation import read_written
from .values import is_filled

__all__ = ["a_number", "settle", "value_named_by_kpi"]


def a_number(cell: object) -> bool:
    """Whether a cell is a number, plain or as people write one with a number in it."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return True
    try:
        float(str(cell).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        return True
    except ValueError:
        found = read_written(cell)
        return found is not None and found.value is not None


#: The filled cells of a column looked at to settle what it is, at most: a large sheet is
#: not read twice, and a cell further down that disagrees is a located problem when read.
_LOOK = 200


def _cells(rows: list[list[object]], header: HeaderRow, col: int) -> list[object]:
    found: list[object] = []
    for r in rows[header.index + 1:]:
        if col < len(r) and r[col] is not None and str(r[col]).strip():
            found.append(r[col])
            if len(found) == _LOOK:
                break
    return found


def years_hold_numbers(header: HeaderRow, rows: list[list[object]]) -> bool:
    """Whether the filled cells of the year columns are numbers."""
    cells = [v for c in header.years.values() for v in _cells(rows, header, c)]
    return bool(cells) and all(a_number(v) for v in cells)


def value_named_by_kpi(header: HeaderRow, rows: list[list[object]]) -> list[str]:
    """A table of values per municipality and year whose value column is headed by the
    KPI's title, as scripts write Kolada's values pivoted (``year, gender, municipality,
    <the KPI's title>``): that column is the value, its heading the KPI's name."""
    cols = header.columns
    if "varde" in cols or "indikator" in cols or "indikator_id" in cols or header.years \
            or "ar" not in cols or not {"kommun", "kommun_id"} & set(cols):
        return []
    known = set(cols.values())
    named = [j for j, v in enumerate(header.cells) if j not in known and v is not None
             and str(v).strip() and (cells := _cells(rows, header, j))
             and all(a_number(c) for c in cells)]
    if len(named) != 1:
        return []
    cols["varde"] = named[0]
    header.measure = " ".join(str(header.cells[named[0]]).split())
    return [f"kolumnen {header.measure!r} har värdena: nyckeltalet heter så"]


#: The rows of a table looked at for goal headings between its indicators, at most.
_HEADED_ROWS = 500


def _goal_headings(header: HeaderRow, rows: list[list[object]]) -> bool:
    """An indicator table (no goal column) with a row that holds only a name, right above
    a row that holds values under another name that is not a kön word: its goals are
    headings between its rows."""
    col = header.columns.get("indikator")
    if col is None or "mal" in header.columns or "mal_id" in header.columns:
        return False
    body = [r for r in rows[header.index + 1:header.index + 1 + _HEADED_ROWS]
            if any(is_filled(v) for v in r)]
    for row, below in pairwise(body):
        alone = col < len(row) and is_filled(row[col]) and sum(map(is_filled, row)) == 1
        named = col < len(below) and isinstance(below[col], str) and \
            fold(below[col]) not in KON_ROW_WORDS and sum(map(is_filled, below)) >= 2
        if alone and named and not _note(row[col]):
            return True
    return False


def _note(value: object) -> bool:
    return isinstance(value, str) and bool(_NOTE.match(value.strip()))


def settle(header: HeaderRow, rows: list[list[object]]) -> list[str]:
    """Decide, from the cells, what the ambiguous columns are; a note for each decision."""
    notes = []
    col = header.columns.get("mal")
    if col is not None and "malvarde" not in header.columns and (
            "indikator" in header.columns or "indikator_id" in header.columns):
        cells = _cells(rows, header, col)
        if cells and all(a_number(v) for v in cells):
            header.columns["malvarde"] = header.columns.pop("mal")
            notes.append(f"kolumnen med rubriken {header.cells[col]!r} lästes som målvärde: "
                         "alla dess celler är tal")
    header.headed = _goal_headings(header, rows)
    cols = header.columns
    header.measured = "mal" in cols and "bedomning" in cols and bool(
        "indikator" in cols or {"varde", "malvarde", "ingangsvarde"} & set(cols)
        or (header.years and years_hold_numbers(header, rows)))
    return notes
