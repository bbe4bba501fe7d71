"""Goals as headings between the rows of an indicator table, as a styrkort prints them:

    Indikator                                  | 2022 | 2023 | Målvärde
    Invånare – nämndens mål och mätetal                                     (an area)
    Fler i arbete                                                           (a goal)
    Andel sysselsatta                          |   78 |   79 |       80
    Antal nya jobb                             |  120 |  140 |      150

A row with only its name filled, over rows with values, is a heading: the one right above
the indicator rows is their goal, those above it are areas. Read for indicators (the
indicator layouts), each indicator follows the nearest goal heading above it. Read for
goals (this layout), each goal heading is a goal, in the area above it, not yet assessed.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from ..fields import whole
from ..header import HeaderRow
from .goal_table import GoalTable


class HeadedGoals(GoalTable):
    """The goals of an indicator table whose goals are headings between its rows."""

    sign: ClassVar[str] = "målrubriker mellan indikatorerna"
    described: ClassVar[str] = "mål som rubriker mellan indikatorerna"
    reads_years: ClassVar[bool] = True

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        return header.headed

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        headings = self.goal_headings
        n = len(headings)
        if not n:
            return None
        rows = np.array([r for r, _, _ in headings])
        namnd = self.fallback["namnd"]
        if namnd is None:
            self.problem("Nämnd saknas: bladet har ingen kolumn för det, och varken bladnamn, "
                         "rubrik, styranalys.toml eller anrop anger det.", NAMND_HINT_GOALS,
                         code="saknas_namnd")
            return None
        maltyp = self.fallback["maltyp"]
        if maltyp is None:
            self.problem("Måltyp saknas: varken rubrik, bladnamn, styranalys.toml eller anrop "
                         "säger vilken sorts mål rubrikerna är.", "Ange måltypen i "
                         "styranalys.toml, med de ord som kommunen själv använder.",
                         code="saknas_maltyp")
            return None
        ar = self._years(pd.DataFrame(index=range(n)))
        if ar is None:
            return None
        text = pd.Series([t for _, t, _ in headings], dtype="string")
        area = pd.Series([a for _, _, a in headings], dtype="string")
        na = pd.Series(pd.NA, index=range(n), dtype="string")
        return pd.DataFrame({
            "namnd": pd.Series(str(namnd), index=range(n), dtype="string"),
            "ar": ar.reset_index(drop=True), "period": str(self.fallback["period"]),
            "maltyp": maltyp, "omrade": area, "mal_id": na, "mal": text, "bedomning": na,
            "niva": pd.array([pd.NA] * n, dtype="Int64"), "kommentar": na,
            "kalla": self._kalla(rows), **self._location(rows),
        })

    def _years(self, grid: pd.DataFrame, from_cells: pd.Series | None = None,
               ) -> pd.Series | None:
        """The goals' year: the sheet's, else its latest year column, said in a note."""
        if self.fallback["ar"] is not None or not self.header.years:
            return super()._years(grid, from_cells)
        latest = max(self.header.years)
        self.notes.append(f"målen gäller det senaste året bland årskolumnerna, {latest}")
        return pd.Series(whole(np.full(len(grid), latest)).array, index=grid.index)


NAMND_HINT_GOALS = ("Lägg till en kolumn Nämnd, skriv nämnden i bladets rubrik eller ange "
                    "den i styranalys.toml.")
