"""Reading one field of a sheet's data rows: text, names, numbers, years and codes.

Each parser works per distinct value of a column (see :mod:`styranalys.read.values`), and
every cell it cannot read becomes a located problem naming the cell and its value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .._text import fold
from ..contract import RIKTNING_SYMBOLS
from .notation import read_written
from .values import (
    parse_names_each,
    parse_numbers,
    parse_numbers_each,
    parse_text,
    parse_text_each,
    parse_years,
)

__all__ = ["NAME_FIELDS", "Fields", "constant", "whole"]

#: The fields of a goal that carry down over the rows of its other measures.
_CARRIED = frozenset({"mal", "mal_id", "bedomning", "namnd", "maltyp", "omrade", "kommentar"})

# Fields that are names: compared after NFC and collapsing whitespace (see names.py).
NAME_FIELDS = frozenset({"namnd", "mal", "indikator"})


class Fields:
    """The part of a sheet reader that parses its fields (see :class:`SheetReader`)."""

    def _raw(self, grid: pd.DataFrame, name: str) -> pd.Series | None:
        col = self.header.columns.get(name)
        return None if col is None else grid[col]

    def _text(self, grid: pd.DataFrame, name: str) -> pd.Series:
        col = self.header.columns.get(name)
        if col is None:
            return pd.Series(pd.NA, index=grid.index, dtype="string")
        values = self.texts.pop(col) if col in self.texts else parse_text(self.columns[col])
        if self.merged and name in _CARRIED:  # a goal's merged cells, over its measures
            below = self._continued()
            if below.any():
                values = values.where(~below, values.ffill())
        return values

    def _continued(self) -> np.ndarray:
        """Rows of a table of goals and measures that continue the goal above (their goal
        cell is blank)."""
        col = self.header.columns["mal"]
        distinct = self.columns[col]
        return distinct.mask(distinct.values.isna() | distinct.values.astype(str).str.strip()
                             .eq(""))

    def _parse_ahead(self, texts: Iterable[str], numbers: Iterable[int | None]) -> None:
        """Parse the columns ``texts`` (field names) as text and the columns ``numbers`` as
        numbers, each kind in one call: a small sheet has a few values in each column, and
        a parse costs the same few dozen pandas operations for ten values as for a hundred.
        Names (see :data:`NAME_FIELDS`) are normalised as they are parsed. Each result is
        handed out once (the caller may change it)."""
        texts = list(texts)
        self.texts = {}
        for parse, fields in ((parse_names_each, [n for n in texts if n in NAME_FIELDS]),
                              (parse_text_each, [n for n in texts if n not in NAME_FIELDS])):
            cols = [c for c in dict.fromkeys(self.header.columns.get(n) for n in fields)
                    if c is not None and c not in self.texts]
            self.texts.update(zip(cols, parse([self.columns[c] for c in cols]), strict=True))
        cols = [c for c in dict.fromkeys(numbers) if c is not None]
        self.parsed = dict(zip(cols, parse_numbers_each([self.columns[c] for c in cols]),
                               strict=True))

    def _required_text(self, grid: pd.DataFrame, name: str, label: str, hint: str,
                       fallback: object) -> pd.Series | None:
        """A text field that every row needs: column, else the file's or caller's word."""
        values = self._text(grid, name)
        if fallback is not None:
            values = values.fillna(str(fallback))
        missing = values.isna()
        if missing.all() and name not in self.header.columns:
            self.problem(f"{label} saknas: bladet har ingen kolumn för det, och varken bladnamn, "
                         "rubrik, styranalys.toml eller anrop anger det.", hint,
                         code=f"saknas_{name}")
            return None
        col = self.header.columns.get(name, 0)
        self.cell_problems(missing, self._raw(grid, name) if name in self.header.columns else
                           values, col, f"{label} saknas på raden.", hint, f"saknas_{name}")
        return values

    def _years(self, grid: pd.DataFrame, from_cells: pd.Series | None = None,
               ) -> pd.Series | None:
        """Each row's year: its column, else the year its value was written with
        (``from_cells``: the cell's own word), else the title's, caller's or profile's."""
        raw = self._raw(grid, "ar")
        fallback = self.fallback["ar"]
        if raw is None and from_cells is not None and from_cells.notna().any():
            if fallback is not None:
                return from_cells.fillna(int(fallback))
            col = self.header.columns.get("varde", 0)
            self.cell_problems(from_cells.isna().to_numpy(), grid[col], col,
                               "År saknas på raden: värdet {value!r} anger inget år.",
                               "Skriv året inom parentes efter värdet, som i 5,7 % (2020), "
                               "eller lägg till en kolumn År.", "saknas_ar")
            return from_cells
        if raw is None:
            if fallback is None:
                self.problem("År saknas: bladet har ingen kolumn År och inga årskolumner, och "
                             "varken bladnamn, rubrik, styranalys.toml eller anrop anger året.",
                             self.year_hint, code="saknas_ar")
                return None
            return pd.Series(int(fallback), index=grid.index, dtype="Int64")
        col = self.header.columns["ar"]
        years, bad, from_date = parse_years(self.columns[col])
        self.cell_problems(bad, raw, col, "{value!r} är inget år.",
                           "Ange året som ett heltal, t.ex. 2021.", "ar")
        if from_date.any():
            rows = self.excel_row(self.positions[from_date.to_numpy()])
            shown = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
            self.notes.append(f"kolumn {self.column_name(col)}: {len(rows)} år i celler "
                              f"formaterade som datum lästes som året (rad {shown})")
        if fallback is not None:
            years = years.fillna(int(fallback))
        self.cell_problems(years.isna() & ~bad, raw, col, "År saknas på raden.",
                           "Fyll i året, t.ex. 2021.", "saknas_ar")
        return years

    def _mapped(self, grid: pd.DataFrame, name: str, words: Mapping[str, str], label: str,
                hint: str, fallback: object = None) -> pd.Series:
        """A coded field (period, maltyp, riktning, kön): known words -> codes."""
        raw = self._raw(grid, name)
        if raw is None:
            return pd.Series(fallback, index=grid.index, dtype="string")
        codes = self.columns[self.header.columns[name]].apply(lambda values: parse_text(
            values).map(lambda v: None if pd.isna(v) else words.get(_fold_code(v), "?"))
            .astype("string"))
        bad = codes.eq("?").fillna(False)
        self.cell_problems(bad, raw, self.header.columns[name],
                           f"{label} {{value!r}} känns inte igen.", hint, name)
        codes = codes.mask(bad, pd.NA)
        return codes.fillna(fallback) if fallback is not None else codes

    def _numbers(self, grid: pd.DataFrame, name: str, col: int | None = None) -> pd.Series:
        col = self.header.columns.get(name) if col is None else col
        if col is None:
            return pd.Series(pd.NA, index=grid.index, dtype="Float64")
        values, missing, bad = self.parsed.pop(col, None) or parse_numbers(self.columns[col])
        bad &= ~self._errors(self.columns[col])  # reported once, as an error value
        if bad.any():  # "Minst 60 %", "5,7 % (2020)", "12,8 *)": read one by one
            values, missing, bad = self._written(grid, name, col, values, missing, bad)
        self.missing_values += int(missing.sum())
        self.cell_problems(bad, grid[col], col, "{value!r} är inget tal.",
                           "Ange ett tal som 12,5 eller 1 234; lämna tomt eller skriv .. för "
                           "ett saknat värde.", "tal")
        return values


    def _written(self, grid: pd.DataFrame, name: str, col: int, values: pd.Series,
                 missing: pd.Series, bad: pd.Series,
                 ) -> tuple[pd.Series, pd.Series, pd.Series]:
        """The cells that are no plain number, read as people write numbers (see
        :mod:`styranalys.read.notation`). What stood around each number (its year,
        direction, unit, footnote) is kept in ``self.written[name]`` by row; a cell with
        two numbers is a problem that names both."""
        values, missing, bad = values.copy(), missing.copy(), bad.copy()
        said = self.written.setdefault(name, {})
        for i in np.flatnonzero(bad.to_numpy()):
            cell = grid[col].iat[i]
            found = read_written(cell)
            if found is None:
                continue
            bad.iat[i] = False
            row = int(self.excel_row(self.positions[i:i + 1])[0])
            if found.numbers:
                self.problem(f"Cellen {cell!r} har flera tal ({', '.join(found.numbers)}); "
                             "styranalys vet inte vilket som gäller.",
                             "Skriv ett tal i cellen och resten i en kommentar.", row=row,
                             col=col, code="flera_tal")
                continue
            missing.iat[i] = found.missing
            values.iat[i] = pd.NA if found.value is None else found.value
            said[i] = found
            if found.footnote:
                self.notes.append(f"rad {row}: {cell.strip()!r} i kolumn "
                                  f"{self.column_name(col)} har fotnoten {found.footnote}")
            if found.symbol:
                value = f"{found.value:g}".replace(".", ",")
                self.notes.append(f"rad {row}: {cell.strip()!r} i kolumn "
                                  f"{self.column_name(col)} lästes som värdet {value} och "
                                  f"symbolen {found.symbol}; indikatortabellen har ingen "
                                  "kolumn för en bedömning")
        return values, missing, bad

    def _said_by_cells(self, name: str, what: str, n: int, dtype: str) -> pd.Series:
        """One thing (``what``: year, riktning, unit) that the written cells of a field
        said, per row (NA where a cell said nothing)."""
        said = self.written.get(name)
        if not said:  # the usual sheet: every number plain
            return pd.Series(pd.NA, index=pd.RangeIndex(n), dtype=dtype)
        out = [getattr(said[i], what) if i in said else None for i in range(n)]
        return pd.Series(out, dtype=dtype)


def whole(numbers: np.ndarray) -> pd.Series:
    """Whole numbers without NA as an Int64 column, wrapping ``numbers`` without a copy."""
    numbers = np.asarray(numbers, dtype=np.int64)
    return pd.Series(pd.arrays.IntegerArray(numbers, np.zeros(len(numbers), dtype=bool)),
                     copy=False)


def constant(value: str | None, n: int) -> pd.Categorical:
    """``value`` (None: NA) ``n`` times, stored as one category and n one-byte codes."""
    if value is None:
        return pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), categories=[])
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[value])


def _fold_code(value: str) -> str:
    text = value.strip()
    if text in RIKTNING_SYMBOLS:
        return text
    return fold(text)
