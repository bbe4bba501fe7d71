"""Wide goal tables: one row per goal, one column of assessments per year.

    Nämnd | Måltyp | Mål | 2021 | 2022 | 2023
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from ..fields import whole
from ..header import HeaderRow
from ..values import parse_text, repeat_rows
from .goal_table import GoalTable


class WideGoals(GoalTable):
    """One row per goal and a column per year; each cell is that year's assessment."""

    sign: ClassVar[str] = "årskolumner"
    described: ClassVar[str] = "bred: en kolumn per år"
    reads_years: ClassVar[bool] = True

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        return bool(header.years) and "ar" not in header.columns and not (
            header.measured or header.headed)

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        common = self._common(grid)
        if any(v is None for v in common.values()):
            return None
        years = sorted(self.header.years)
        cols = [self.header.years[y] for y in years]
        n = len(grid)
        bedomning = parse_text(pd.Series(grid[cols].to_numpy().ravel(), dtype=object))
        rows = np.repeat(self.excel_row(self.positions), len(cols))
        bedomning = self._filled_phrases(bedomning, rows, np.tile(cols, n))
        known, niva = self.vocabulary.levels(bedomning)
        unknown = ~known.to_numpy()
        self._unknown_phrases(bedomning[~known], rows[unknown], np.tile(cols, n)[unknown])
        each = np.repeat(np.arange(n), len(cols))  # every row once per year column
        return pd.DataFrame({
            "namnd": repeat_rows(common["namnd"], each), "ar": whole(np.tile(years, n)),
            "period": repeat_rows(common["period"], each),
            "maltyp": repeat_rows(common["maltyp"], each),
            "omrade": repeat_rows(self._area(grid), each),
            "mal_id": repeat_rows(self._text(grid, "mal_id"), each),
            "mal": repeat_rows(common["mal"], each),
            "bedomning": bedomning, "niva": niva,
            "kommentar": repeat_rows(self._text(grid, "kommentar"), each),
            "kalla": self._kalla(self.excel_row(self.positions), cols),
            **self._location(rows),
        })
