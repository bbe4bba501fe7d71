"""Kolada's web-tool export (CSV or Excel), long or with the years as columns:

    Kommun | Nyckeltal | Kön | År | Värde        or        Kommun | Nyckeltal | 2022 | 2023

Its headings are Kolada's (:data:`styranalys.contract.KOLADA_HEADERS`). A value that is not
a number, a year that is not a year and a missing year column are located problems, as in
any other sheet.
"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd

from ...contract import KON_WORDS
from ..header import HeaderRow
from ..sheet import SheetReader, derive_id


class KoladaExport(SheetReader):
    """A table of KPI values: one per KPI, municipality, kön and year."""

    kind: ClassVar[str] = "kolada"
    sign: ClassVar[str] = "nyckeltalsvärden"
    described: ClassVar[str] = "Koladas export"
    year_hint: ClassVar[str] = "Ta med kolumnen År (Period) när tabellen hämtas från Kolada."
    reads: ClassVar[frozenset[str]] = frozenset(
        {"indikator_id", "indikator", "kommun", "kommun_id", "kon", "status", "ar", "varde"})
    reads_years: ClassVar[bool] = True

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        has_key = "indikator_id" in header.columns or "indikator" in header.columns
        return (has_key or bool(header.measure)) and bool(header.years or
                                                         "varde" in header.columns)

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        self._parse_ahead(("indikator_id", "indikator", "kommun", "kommun_id", "status"), [])
        base = pd.DataFrame({
            "titel": self._text(grid, "indikator"), "kommun_text": self._text(grid, "kommun"),
            "kommun_id": self._text(grid, "kommun_id"),
            "kon": self._mapped(grid, "kon", KON_WORDS, "Könet", "Ange T, K eller M.", "T"),
            "status": self._text(grid, "status"), "_file": self.sheet.file, "_fetched": ""})
        if self.header.measure and "indikator" not in self.header.columns:
            # the KPI's title above the table ("Företagsklimat enligt ÖJ (Insikt), NKI")
            base["titel"] = base["titel"].fillna(self.header.measure)
        kpi = self._text(grid, "indikator_id")
        if kpi.isna().all() and "indikator_id" not in self.header.columns:
            kpi = kpi.fillna(derive_id("I", self.header.measure or ""))
            self.notes.append(f"nyckeltalets id saknas: {kpi.iloc[0] if len(kpi) else ''} är "
                              "härlett ur namnet")
        base.insert(0, "kpi", kpi.fillna(base["titel"]))
        if self.header.years:
            parts = [base.assign(ar=year, varde=self._numbers(grid, "varde", col=col).to_numpy())
                     for year, col in sorted(self.header.years.items())]
            return pd.concat(parts, ignore_index=True)
        years = self._years(grid)
        if years is None:
            return None
        return base.assign(ar=years.to_numpy(), varde=self._numbers(grid, "varde").to_numpy())

