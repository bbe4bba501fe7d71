"""A list of goals without a header row: one column of text, a title block at the top,
then blocks after blank rows, each headed by its area:

    Kommunfullmäktiges mål
    För 2016 har politikerna i kommunfullmäktige satt upp 17 mål.

    Demokrati
    Andelen invånare som upplever att de har inflytande ska öka.
    …

It is read as a goal table whose one column is ``mal`` and whose heading rows are the
areas (see :mod:`styranalys.read.headings`). The title must speak of goals ("mål", or a
goal type such as "inriktningsmål"), and at least two blocks must have a heading with goals
under it; anything else stays a sheet without a header, and a located problem.
"""

from __future__ import annotations

import re

from .._text import fold
from ..contract import MALTYP_WORDS
from .header import HeaderRow
from .sources import Sheet
from .values import is_filled

__all__ = ["list_header"]

_GOAL_WORDS = re.compile(r"\b(mal|malen|" + "|".join(map(re.escape, MALTYP_WORDS)) + r")\b")


def list_header(sheet: Sheet) -> HeaderRow | None:
    """The header of a one-column list of goals (the blank row under its title), or None."""
    rows = sheet.rows
    cols = {j for row in rows for j, v in enumerate(row) if is_filled(v)}
    if len(cols) != 1:
        return None
    (col,) = cols
    filled = [any(is_filled(v) for v in row) for row in rows]
    if not filled or not filled[0] or all(filled):
        return None
    blank = filled.index(False)  # the title block ends at the first blank row
    title = " ".join(fold(row[col]) for row in rows[:blank] if is_filled(row[col]))
    if not _GOAL_WORDS.search(title):
        return None
    body = filled[blank:]
    starts = [i for i in range(1, len(body)) if body[i] and not body[i - 1]]
    headed = [i for i in starts if i + 1 < len(body) and body[i + 1]]
    if len(headed) < 2:
        return None
    return HeaderRow(index=blank, columns={"mal": col}, years={}, heading_maltyp=None,
                     target_year=None, duplicates=[], cells=[None] * (col + 1))
