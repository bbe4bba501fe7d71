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

from ..header import HeaderRow
from .goal_table import NAMND_HINT, GoalTable


class HeadedGoals(GoalTable):
    """The goals of an indicator table whose goals are headings between its rows."""

    sign: ClassVar[str] = "målrubriker mellan indikatorerna"
    described: ClassVar[str] = "mål som rubriker mellan indikatorerna"
    reads_years: ClassVar[bool] = True
    latest_year_for: ClassVar[str | None] = "målen"

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
                         "rubrik, styranalys.toml eller anrop anger det.", NAMND_HINT,
                         code="saknas_namnd")
            return None
        maltyp = self.fallback["maltyp"]
        if maltyp is None:
            self._no_goal_type()
            return None
        years = self._years(grid)  # the indicator rows' years: the goals are of the latest
        if years is None or years.isna().all():
            return None
        ar = pd.Series(int(years.max()), index=range(n), dtype="Int64")
        text = pd.Series([t for _, t, _ in headings], dtype="string")
        area = pd.Series([a for _, _, a in headings], dtype="string")
        na = pd.Series(pd.NA, index=range(n), dtype="string")
        return pd.DataFrame({
            "namnd": pd.Series(str(namnd), index=range(n), dtype="string"),
            "ar": ar, "period": str(self.fallback["period"]),
            "maltyp": maltyp, "omrade": area, "mal_id": na, "mal": text, "bedomning": na,
            "niva": pd.array([pd.NA] * n, dtype="Int64"), "kommentar": na,
            "kalla": self._kalla(rows), **self._location(rows),
        })
