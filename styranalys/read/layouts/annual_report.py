"""The annual report's own two-column tables, one per goal type:

    Utvecklingsmål | Måluppfyllnad
    Kvalitetsfaktor | Grad av kvalitet
    Grunduppdrag | Uppfyllelse av grunduppdrag

The first heading names the goal type. The table says neither nämnd nor year; a title row
or the sheet name may, and otherwise the caller does: ``read_goals(fil, namnd=…, ar=…)``.
"""

from __future__ import annotations

from typing import ClassVar

from ..header import HeaderRow
from .long_goals import LongGoals

#: The columns such a table may have beside the goal and its assessment.
_ALSO = frozenset({"mal", "bedomning", "kommentar", "omrade", "mal_id"})


class AnnualReportTable(LongGoals):
    """A long goal table whose goal column is headed by the goal type."""

    described: ClassVar[str] = "årsredovisningens tabell: måltypen som rubrik"

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        return (header.heading_maltyp is not None and not header.years
                and {"mal", "bedomning"} <= header.columns.keys()
                and header.columns.keys() <= _ALSO)
