"""Goals and their measures in one table, as annual reports print them:

    Mål                | Indikator        | 2022 | 2023 | Målvärde | Bedömning
    Fler i arbete      | Andel sysselsatta|   78 |   79 |       80 | Delvis uppfyllt
                       | Antal nya jobb   |  120 |  140 |      150 |

The sheet gives both frames. Read for goals (this layout), each goal is one row: its text,
assessment and nämnd carry down over the rows of its other measures (a merged cell reads as
blank below its first row), and the year of the assessment is the sheet's (a column, the
title, the profile) or else its latest year column, said in a note. Read for indicators (the
indicator layouts), each row is a measure that follows the goal on its row. Without a
measure column, the goal is its own measure.
"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd

from ..header import HeaderRow
from .long_goals import LongGoals


class MeasuredGoals(LongGoals):
    """The goals of a table of goals and measures: one row per goal."""

    sign: ClassVar[str] = "mål och mått i samma tabell"
    described: ClassVar[str] = "mål och deras mått i samma tabell"
    latest_year_for: ClassVar[str | None] = "bedömningarna"

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        return header.measured

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        frame = super().rows(grid)
        if frame is None:
            return None
        key = ["namnd", "mal", "ar", "period"]
        first = ~frame.duplicated(key)
        differ = frame.groupby(key, dropna=False)["bedomning"].transform("nunique") > 1
        col = self.header.columns["bedomning"]
        for row in frame.loc[differ & ~first, "_row"]:
            self.problem("Samma mål har olika bedömningar på olika rader.",
                         "Skriv målets bedömning på en rad, eller lika på varje rad.",
                         row=int(row), col=col, code="olika_bedomningar")
        return frame[first.to_numpy()].reset_index(drop=True)
