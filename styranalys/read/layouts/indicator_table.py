"""What every indicator table reads alike: the indicator, its nämnd, goal, unit, direction,
kön, period, baseline and target."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from ...contract import KON_WORDS, MALTYP_WORDS, PERIOD_WORDS, RIKTNING_SYMBOLS, RIKTNING_WORDS
from ..base_year import base_values
from ..fields import constant
from ..sheet import SheetReader, derive_id
from ..trace import heading
from ..values import by_distinct, parse_names, parse_text, parse_years
from .goal_table import MALTYP_HINT, NAMND_HINT

_RIKTNING_CODES = {**RIKTNING_WORDS, **RIKTNING_SYMBOLS}


class IndicatorTable(SheetReader):
    """The fields that long and wide indicator tables share (not a layout of its own)."""

    kind: ClassVar[str] = "indicators"
    reads: ClassVar[frozenset[str]] = frozenset(
        {"namnd", "indikator_id", "indikator", "mal_id", "mal", "maltyp", "enhet", "riktning",
         "period", "ingangsvarde", "malvarde", "malar", "kon", "ar", "varde", "basar"})

    def _common(self, grid: pd.DataFrame) -> dict[str, pd.Series] | None:
        """Every column but year and value, one entry per data row; None without a nämnd."""
        header = self.header
        self._parse_ahead(("namnd", "indikator_id", "indikator", "mal_id", "mal", "enhet"),
                          [header.columns.get(k) for k in ("ingangsvarde", "malvarde", "varde")]
                          + ([] if self.year_block is not None else list(header.years.values())))
        namnd = self._required_text(grid, "namnd", "Nämnd", NAMND_HINT, self.fallback["namnd"])
        ind_id, name = self._indicator(grid)
        mal_id, goal_text, goal_type = self._goal_link(grid, namnd)
        common = {
            "indikator_id": ind_id, "indikator": name, "namnd": namnd, "mal_id": mal_id,
            "enhet": self._unit(grid),
            "riktning": self._mapped(grid, "riktning", _RIKTNING_CODES, "Riktningen",
                                     "Ange högre eller lägre (vilket håll som är bättre)."),
            "period": self._mapped(grid, "period", PERIOD_WORDS, "Perioden",
                                   "Ange bokslut eller delår.", self.fallback["period"]),
            "ingangsvarde": self._numbers(grid, "ingangsvarde"),
            "malvarde": self._numbers(grid, "malvarde"), "malar": self._target_years(grid),
            "kon": self._kon(grid),
            "_mal": goal_text, "_maltyp": goal_type,
        }
        return None if namnd is None else common

    def _finish(self, frame: pd.DataFrame | None, grid: pd.DataFrame) -> pd.DataFrame | None:
        """Baselines from the base year (see :mod:`styranalys.read.base_year`): a column
        Basår, or the year in the baseline's heading."""
        header = self.header
        col = header.columns.get("basar", header.columns.get("ingangsvarde"))
        if frame is None or not len(frame) or col is None:
            return frame
        if "basar" in header.columns:
            years, bad, _ = parse_years(self.columns[col])
            self.cell_problems(bad, grid[col], col, "Basåret {value!r} är inget år.",
                               "Skriv basåret som ett årtal, till exempel det år vars värde "
                               "är ingångsvärdet.", "basar")
            # each sheet row's base year, given to the tidy rows that came from it
            by_row = pd.Series(years.to_numpy(), index=self.excel_row(self.positions),
                               dtype="Int64")
            base = pd.Series(by_row.reindex(frame["_row"].to_numpy()).to_numpy(),
                             index=frame.index, dtype="Int64")
        elif header.base_year is not None:
            base = pd.Series(header.base_year, index=frame.index, dtype="Int64")
        else:
            return frame

        def missing(row: int, year: int, years: list[int], name: str) -> None:
            self.problem(f"Basåret {year} har inget värde i serien för {name!r} "
                         f"(den har värden för {', '.join(map(str, years)) or 'inga år'}), "
                         "och ingångsvärdet står inte heller.",
                         f"Lägg till värdet för {year}, eller skriv ingångsvärdet i en kolumn "
                         "Ingångsvärde bredvid basåret.", row=row, col=col, code="basar")

        baseline = header.columns.get("ingangsvarde")
        return base_values(frame, base, missing,
                           None if baseline is None else self.column_name(baseline))

    def _settle_columns(self) -> None:
        """Two name columns ("Indikator | Nyckeltal": the page's title and the measure's
        own name) are both kept, as "Indikator (Nyckeltal)"."""
        header = self.header
        for i, (name, cols) in enumerate(header.duplicates):
            if name == "indikator" and len(cols) == 2:
                self.detail = cols[1]
                del header.duplicates[i]
                self.notes.append(f"kolumnerna {heading(header.cells, cols[0])} och "
                                  f"{heading(header.cells, cols[1])} namnger båda indikatorn: "
                                  "namnet är båda, det andra inom parentes")
                return

    def _kon(self, grid: pd.DataFrame) -> pd.Series:
        """Each row's kön: its kön row ("Kvinnor" under the indicator), else its column
        Kön, else T."""
        kon = self._mapped(grid, "kon", KON_WORDS, "Könet", "Ange T, K eller M.", "T")
        if self.kon_codes is None:
            return kon
        from_rows = pd.Series(self.kon_codes.to_numpy(), index=kon.index, dtype="string")
        return from_rows.mask(from_rows.eq(""), kon)

    def _fill_written(self, common: dict[str, pd.Series]) -> None:
        """Unit, direction and target year where the row's columns are silent but its
        written numbers said them ("Minst 60 %", "100 % (2021)")."""
        if not self.written:
            return
        n = len(common["indikator"])
        for name in ("malvarde", "ingangsvarde", "varde"):
            said = self._said_by_cells(name, "unit", n, "string")
            common["enhet"] = common["enhet"].fillna(said)
            said = self._said_by_cells(name, "riktning", n, "string")
            common["riktning"] = common["riktning"].fillna(said)
        common["malar"] = common["malar"].fillna(self._said_by_cells("malvarde", "year", n,
                                                                     "Int64"))

    def _indicator(self, grid: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        """Each row's indicator id and name: a missing name is the id, a missing id is
        derived from the name."""
        ind_id = self._text(grid, "indikator_id")
        name = self._text(grid, "indikator")
        columns = self.header.columns
        if self.merged and "indikator" not in columns and "indikator_id" not in columns:
            name = self._text(grid, "mal")  # a goal that is its own measure
            self.notes.append("tabellen har ingen kolumn för indikatorn: varje mål är sitt "
                              "eget mått och indikatorn heter som målet")
        if self.kon_codes is not None:  # a kön row is the indicator above it
            breakdown = self.kon_codes.ne("").to_numpy()
            name = name.mask(breakdown, parse_names(self.kon_names).to_numpy())
            if self.kon_ids is not None:
                ind_id = ind_id.mask(breakdown & ind_id.isna().to_numpy(),
                                     parse_text(self.kon_ids).to_numpy())
        if self.detail is not None:
            detail = parse_text(self.columns[self.detail])
            both = name.notna() & detail.notna()
            name = name.mask(both, name + " (" + detail + ")").fillna(detail)
        columns = self.header.columns
        self.cell_problems(ind_id.isna() & name.isna(), name,
                           columns.get("indikator", columns.get("indikator_id", 0)),
                           "Indikatorns namn och id saknas på raden.",
                           "Fyll i indikatorns namn.", "saknas_indikator")
        name = name.fillna(ind_id)
        no_id = ind_id.isna() & name.notna()
        if no_id.any():
            ind_id[no_id] = by_distinct(name[no_id], lambda d: d.map(
                lambda v: None if pd.isna(v) else derive_id("I", v)).astype("string"))
        return ind_id, name

    def _target_years(self, grid: pd.DataFrame) -> pd.Series:
        """The target year: a column Målår, else the year in a heading "Målvärde 2024"."""
        col = self.header.columns.get("malar")
        if col is None:
            return pd.Series(self.header.target_year, index=grid.index, dtype="Int64")
        malar, bad, _ = parse_years(self.columns[col])
        self.cell_problems(bad, grid[col], col, "{value!r} är inget år.",
                           "Ange målåret som ett heltal.", "ar")
        return malar

    def _goal_link(self, grid: pd.DataFrame, namnd: pd.Series | None,
                   ) -> tuple[pd.Series, pd.Series, pd.Series]:
        """The goal each row names: ``mal_id`` (the file's, else derived from nämnd, goal
        type and text), and for rows named by text, the text and the goal type where the
        row, a heading, the title or the caller says it (NA where nothing does). Those two
        let :func:`styranalys.read.link.link_goals` find the goal among the goals read."""
        header = self.header
        mal_id = self._text(grid, "mal_id")
        na = pd.Series(pd.NA, index=grid.index, dtype="string")
        goal_type = self._mapped(grid, "maltyp", MALTYP_WORDS, "Måltypen", MALTYP_HINT,
                                 header.heading_maltyp or self.fallback["maltyp"])
        headed = self.goal_text is not None
        if ("mal" not in header.columns and not headed) or namnd is None:
            return mal_id, na, na if "maltyp" not in header.columns else goal_type
        goal_text = (pd.Series(self.goal_text.array, index=grid.index) if headed else
                     self._text(grid, "mal")).where(mal_id.isna())
        ok = goal_text.notna() & namnd.notna()
        if ok.any():
            # A row that does not say its goal's type is linked by text once the goals are
            # read; alone, it is taken to follow an utvecklingsmål (the usual case).
            keys = (namnd[ok].astype(str) + "\x1f" + goal_type[ok].fillna("utvecklingsmal")
                    + "\x1f" + goal_text[ok].astype(str))
            mal_id[ok] = by_distinct(keys, lambda d: d.map(
                lambda v: None if v is None else derive_id("M", *v.split("\x1f"))
            ).astype("string"))
        return mal_id, goal_text, goal_type

    def _unit(self, grid: pd.DataFrame) -> pd.Series:
        """The unit column; "%" where it is empty and the row's values are percentages
        (a cell formatted as percent, or text such as "45 %")."""
        unit = self._text(grid, "enhet")
        header = self.header
        rows = np.isin(self.excel_row(self.positions), list(self.sheet.percent_rows)) \
            if self.sheet.percent_rows else np.zeros(len(grid), dtype=bool)
        value_cols = [header.columns.get(k) for k in ("varde", "ingangsvarde", "malvarde")]
        for c in [*value_cols, *header.years.values()]:
            if c in self.columns:
                rows |= self.columns[c].mask(self.columns[c].values.map(
                    lambda v: isinstance(v, str) and "%" in v))
        unit = unit.mask(unit.isna() & rows, "%") if rows.any() else unit
        said = self.title.get("enhet")  # a caption such as "Finansiellt mål, Mkr"
        return unit.fillna(str(said)) if said else unit

    def _goal_column(self, n: int) -> pd.Categorical:
        """The column that names each row's goal (its id, else its text), for problems."""
        col = self.header.columns.get("mal_id", self.header.columns.get("mal"))
        return constant(None if col is None else self.column_name(col), n)
