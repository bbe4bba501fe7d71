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
        varde = self._numbers(grid, "varde")
        if common is not None:
            self._fill_written(common)
        # the year a value is written with ("5,7 % (2020)") where no column or title says it
        ar = self._years(grid, self._said_by_cells("varde", "year", len(grid), "Int64"))
        if common is None or ar is None:
            return None
        frame = pd.DataFrame({**common, "ar": ar, "varde": varde,
                              "kalla": self._kalla(self.excel_row(self.positions)),
                              **self._location()})
        frame = self._by_kon_columns(grid, frame)
        frame = self._baseline_years(frame)
        self.problems += repeated_keys(frame, "indicators")
        frame["_malkol"] = self._goal_column(len(frame))
        return frame

    def _by_kon_columns(self, grid: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
        """Value columns named by kön ("Kvinnor | Män"): each is the row's indicator for
        that kön, beside the Värde column's total where there is one."""
        columns = self.header.kon_columns
        if not columns:
            return frame
        rows = self.excel_row(self.positions)
        parts = [frame] if "varde" in self.header.columns else []
        for code, col in columns.items():
            part = frame.assign(kon=code, varde=self._numbers(grid, "varde", col=col).array)
            part["kalla"] = self._kalla(rows, [col]).array
            parts.append(part)
        out = pd.concat(parts, ignore_index=True)
        return out.sort_values("_row", kind="stable", ignore_index=True)

    def _baseline_years(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A baseline written with its year ("3,6 % (2019)") is also that year's value,
        where the sheet has no row of its own for that year."""
        years = self._said_by_cells("ingangsvarde", "year", len(frame), "Int64")
        new = years.notna() & frame["ingangsvarde"].notna() & years.ne(frame["ar"]).fillna(False)
        if not new.any():
            return frame
        extra = frame[new.to_numpy()].assign(ar=years[new].to_numpy(),
                                             varde=frame.loc[new.to_numpy(), "ingangsvarde"])
        key = ["indikator_id", "namnd", "period", "kon", "ar"]
        have = set(frame[key].itertuples(index=False, name=None))
        extra = extra[[k not in have for k in extra[key].itertuples(index=False, name=None)]]
        out = pd.concat([extra, frame], ignore_index=True)
        return out.sort_values(["_row", "ar"], kind="stable", ignore_index=True)
