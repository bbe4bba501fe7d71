"""Long goal tables: one row per goal, its assessment in one column.

    Nämnd | År | Måltyp | Mål | Bedömning | Kommentar
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from ..header import HeaderRow
from .goal_table import GoalTable


class LongGoals(GoalTable):
    """One row per goal; the year in a column, the title or the caller's ``ar``."""

    sign: ClassVar[str] = "en kolumn Bedömning"
    described: ClassVar[str] = "lång: en rad per mål"

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        return not header.years or "ar" in header.columns or "bedomning" in header.columns

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        common = self._common(grid)
        ar = self._years(grid)
        if any(v is None for v in common.values()) or ar is None:
            return None
        bedomning = self._text(grid, "bedomning")
        if "bedomning" in self.header.columns:
            col = self.header.columns["bedomning"]
            bedomning = self._filled_phrases(bedomning, self.excel_row(self.positions),
                                             np.full(len(bedomning), col))
        known, niva = self.vocabulary.levels(bedomning)
        if "bedomning" in self.header.columns and not known.all():
            rows = self.excel_row(self.positions[(~known).to_numpy()])
            self._unknown_phrases(bedomning[~known], rows, [col] * len(rows))
        return pd.DataFrame({
            "namnd": common["namnd"], "ar": ar, "period": common["period"],
            "maltyp": common["maltyp"], "omrade": self._area(grid),
            "mal_id": self._text(grid, "mal_id"), "mal": common["mal"],
            "bedomning": bedomning, "niva": niva, "kommentar": self._text(grid, "kommentar"),
            "kalla": self._kalla(self.excel_row(self.positions)), **self._location(),
        })
