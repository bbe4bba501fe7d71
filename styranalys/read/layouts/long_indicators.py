"""Long indicator tables: one row per indicator and year.

    Indikator | Nämnd | År | Värde | Målvärde
"""

from __future__ import annotations

import re
from typing import ClassVar

import pandas as pd

from ..._text import fold
from ...contract import KEYS, SERIES_KEY
from ..duplicates import repeated_keys
from ..header import HeaderRow
from .indicator_table import IndicatorTable

_TREND_HEADINGS = frozenset({"trend", "utveckling", "trenden", "utvecklingen"})
_RIGHT = re.compile(r"\b(ratt hall|positiv|positivt)\b")
_WRONG = re.compile(r"\b(fel hall|negativ|negativt)\b")


def _sign(text: object) -> bool | None:
    """True where a trend text says the right way, False the wrong way, else None."""
    if not isinstance(text, str):
        return None
    key = fold(text)
    right, wrong = bool(_RIGHT.search(key)), bool(_WRONG.search(key))
    return None if right == wrong else right


class LongIndicators(IndicatorTable):
    """One row per indicator and year; the year in a column, the title or ``ar``."""

    sign: ClassVar[str] = "en kolumn År eller Värde"
    described: ClassVar[str] = "lång: en rad per indikator och år"

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        return not (header.years or header.kon_years) or "ar" in header.columns \
            or "varde" in header.columns

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
        frame = self._direction_from_trend(frame)
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

    def _direction_from_trend(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Which way is better, where a Trend column says whether the development goes the
        right or the wrong way ("Utvecklingen går åt rätt håll sedan 2019.") and the
        series' values say which way they went: rising the right way is higher, and so on."""
        col = next((j for j, v in enumerate(self.header.cells)
                    if v is not None and fold(v) in _TREND_HEADINGS), None)
        if col is None or frame["riktning"].notna().all():
            return frame
        body = self.sheet.rows[self.header.index + 1:]
        said = {int(r): body[p][col] for p, r in zip(self.positions,
                                                     self.excel_row(self.positions),
                                                     strict=True) if col < len(body[p])}
        for _, series in frame[frame["riktning"].isna()].groupby(SERIES_KEY, dropna=False):
            signs = {_sign(said.get(int(r))) for r in series["_row"]} - {None}
            values = series.sort_values("ar")["varde"].dropna()
            if len(signs) != 1 or len(values) < 2 or values.iloc[-1] == values.iloc[0]:
                continue
            rose = values.iloc[-1] > values.iloc[0]
            riktning = "hogre" if rose == signs.pop() else "lagre"
            frame.loc[series.index, "riktning"] = riktning
            self.also_used.add(col)
            text = next(str(said[int(r)]).strip() for r in series["_row"]
                        if _sign(said.get(int(r))) is not None)
            self.notes.append(f"rad {int(series['_row'].iloc[0])}: "
                              f"{'högre' if riktning == 'hogre' else 'lägre'} är bättre: "
                              f"trenden {text!r}, och värdena {'steg' if rose else 'sjönk'}")
        return frame

    def _baseline_years(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A baseline written with its year ("3,6 % (2019)") is also that year's value,
        where the sheet has no row of its own for that year."""
        years = self._said_by_cells("ingangsvarde", "year", len(frame), "Int64")
        new = years.notna() & frame["ingangsvarde"].notna() & years.ne(frame["ar"]).fillna(False)
        if not new.any():
            return frame
        extra = frame[new.to_numpy()].assign(ar=years[new].to_numpy(),
                                             varde=frame.loc[new.to_numpy(), "ingangsvarde"])
        key = KEYS["indicators"]
        have = set(frame[key].itertuples(index=False, name=None))
        extra = extra[[k not in have for k in extra[key].itertuples(index=False, name=None)]]
        out = pd.concat([extra, frame], ignore_index=True)
        return out.sort_values(["_row", "ar"], kind="stable", ignore_index=True)
