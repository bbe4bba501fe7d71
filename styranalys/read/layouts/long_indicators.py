"""Long indicator tables: one row per indicator and year.

    Indikator | Nämnd | År | Värde | Målvärde
"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd

from ..duplicates import repeated_keys
from ..header import HeaderRow
from .indicator_table import IndicatorTable


class LongIndicators(IndicatorTable):
    """One row per indicator and year; the year in a column, the title or ``ar``."""

    sign: ClassVar[str] = "en kolumn År eller Värde"
    described: ClassVar[str] = "lång: en rad per indikator och år"

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        return not header.years or "ar" in header.columns or "varde" in header.columns

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        common = self._common(grid)
        ar = self._years(grid)
        if common is None or ar is None:
            return None
        frame = pd.DataFrame({**common, "ar": ar, "varde": self._numbers(grid, "varde"),
                              "kalla": self._kalla(self.excel_row(self.positions)),
                              **self._location()})
        self.problems += repeated_keys(frame, "indicators")
        frame["_malkol"] = self._goal_column(len(frame))
        return frame
