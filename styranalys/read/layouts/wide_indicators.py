"""Wide indicator tables: one row per indicator, one column of values per year.

    Indikator | Nämnd | Enhet | 2019 | 2020 | 2021 | Målvärde 2024

Where the years have a column for women and one for men (see
:mod:`~styranalys.read.kon_columns`), each is that year's value for that kön.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from ..duplicates import repeated_keys
from ..fields import whole
from ..header import HeaderRow
from ..values import repeat_rows
from .indicator_table import IndicatorTable


class WideIndicators(IndicatorTable):
    """One row per indicator and a column per year; each cell is that year's value."""

    sign: ClassVar[str] = "årskolumner"
    described: ClassVar[str] = "bred: en kolumn per år"
    reads_years: ClassVar[bool] = True
    numeric_years: ClassVar[bool] = True

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        return bool(header.years or header.kon_years)

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        common = self._common(grid)
        if common is None:
            return None
        self._fill_written(common)
        parts = [self._part(grid, common, self.header.years)] if self.header.years else []
        for code, by_year in self.header.kon_years.items():
            kon = pd.Series([code] * len(grid), dtype="string")
            parts.append(self._part(grid, {**common, "kon": kon}, by_year, kon=True))
        if len(parts) == 1:
            return parts[0]
        return pd.concat(parts, ignore_index=True).sort_values(
            "_row", kind="stable", ignore_index=True)

    def _part(self, grid: pd.DataFrame, common: dict, by_year: dict[int, int],
              kon: bool = False) -> pd.DataFrame:
        """The rows of one set of year columns: the totals, or one kön's."""
        years = sorted(by_year)
        cols = [by_year[y] for y in years]
        n = len(grid)
        block = self._values(grid, cols) if not kon else self._column_block(grid, cols)
        flat = block.ravel()  # row by row, year by year, as the frame
        excel_rows = self.excel_row(self.positions)
        each = np.repeat(np.arange(n), len(cols))  # every row once per year column
        frame = pd.DataFrame({k: repeat_rows(v, each) for k, v in common.items()})
        frame["ar"] = whole(np.tile(years, n))
        frame["varde"] = pd.Series(pd.arrays.FloatingArray(flat, np.isnan(flat)), copy=False)
        self._targets_by_year(grid, frame, years)
        frame["kalla"] = self._kalla(excel_rows, cols)
        for name, column in self._location(excel_rows[each]).items():
            frame[name] = column
        # A row repeats a key only if another row has the same key columns: compare the
        # sheet's rows, not its rows times its years.
        same = pd.DataFrame({k: common[k] for k in ("indikator_id", "namnd", "period", "kon")}
                            ).duplicated(keep=False).to_numpy()
        self.problems += repeated_keys(frame, "indicators", candidates=same[each])
        frame["_malkol"] = self._goal_column(len(frame))
        return frame

    def _targets_by_year(self, grid: pd.DataFrame, frame: pd.DataFrame,
                         years: list[int]) -> None:
        """A target under each year ("2023: Utfall | Mål"): that year's ``malvarde``,
        with the year as ``malar``."""
        targets = self.header.year_targets
        if not targets:
            return
        block = np.full((len(grid), len(years)), np.nan)
        for k, year in enumerate(years):
            if year in targets:
                block[:, k] = self._numbers(grid, "malvarde", col=targets[year]).to_numpy(
                    dtype=float, na_value=np.nan)
        flat = block.ravel()
        given = ~np.isnan(flat)
        frame["malvarde"] = frame["malvarde"].mask(given, pd.Series(flat).astype("Float64"))
        frame["malar"] = frame["malar"].mask(given, frame["ar"])
        each = np.repeat(np.arange(len(grid)), len(years))
        for what in ("riktning", "enhet"):  # "Max 3": the direction the target says
            said = self._said_by_cells("malvarde", "unit" if what == "enhet" else what,
                                       len(grid), "string")
            frame[what] = frame[what].fillna(pd.Series(said.to_numpy()[each],
                                                       dtype="string"))

    def _values(self, grid: pd.DataFrame, cols: list[int]) -> np.ndarray:
        """The year columns as one block of floats (NaN: missing), bad cells reported."""
        block = self.year_block
        if block is not None:  # only numbers and blanks: every blank is a missing value
            self.missing_values += int(np.isnan(block).sum())
            return block
        return self._column_block(grid, cols)

    def _column_block(self, grid: pd.DataFrame, cols: list[int]) -> np.ndarray:
        """``cols`` parsed one by one into a block of floats, bad cells reported."""
        block = np.empty((len(grid), len(cols)))
        for j, c in enumerate(cols):
            block[:, j] = self._numbers(grid, "varde", col=c).to_numpy(dtype=float,
                                                                       na_value=np.nan)
        return block
