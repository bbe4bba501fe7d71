"""Located input problems and the error that carries all of them at once.

Every reader collects what it cannot read as a :class:`Problem` (file, sheet, Excel row and
column, a Swedish message and a hint about what would be accepted) instead of stopping at the
first one, so one run tells the analyst everything that is wrong with a file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["InputError", "Problem", "column_letter", "unique"]

_MAX_LISTED = 25


def column_letter(index: int) -> str:
    """Excel's column letter for a 0-based column index (0 -> "A", 27 -> "AB")."""
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def unique(problems: list[Problem]) -> list[Problem]:
    """``problems`` with each listed once, in the order first found: a file read for goals
    and for indicators reports its file-level problem twice, and the user sees it once."""
    return list(dict.fromkeys(problems))


@dataclass(frozen=True)
class Problem:
    """One thing the reader could not accept, with where it is and what would be accepted.

    ``row`` is the row number Excel (or a text editor, for CSV) shows, 1-based; ``column`` is
    the column letter. Either is ``None`` when the problem concerns a whole file or sheet.
    """

    file: str
    message: str
    hint: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    code: str = "fel"

    @property
    def location(self) -> str:
        """Where the problem is, as a user would look it up: ``fil.xlsx, blad Mål, cell C12``."""
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"blad {self.sheet}")
        if self.row is not None and self.column is not None:
            parts.append(f"cell {self.column}{self.row}")
        elif self.row is not None:
            parts.append(f"rad {self.row}")
        elif self.column is not None:
            parts.append(f"kolumn {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class InputError(ValueError):
    """Input that styranalys cannot read; ``problems`` lists every located problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        n = len(self.problems)
        head = "Indata kunde inte läsas: 1 problem" if n == 1 else (
            f"Indata kunde inte läsas: {n} problem"
        )
        lines = [head + "."]
        lines += [f"  - {p}" for p in self.problems[:_MAX_LISTED]]
        if n > _MAX_LISTED:
            lines.append(f"  ... och {n - _MAX_LISTED} till (se InputError.problems).")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table (file, sheet, row, column, message, hint, code)."""
        return problems_frame(self.problems)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """A table of problems with stable columns, also when there are none."""
    columns = ["file", "sheet", "row", "column", "message", "hint", "code"]
    import pandas as pd

    frame = pd.DataFrame([asdict(p) for p in problems], columns=columns)
    return frame.astype({"row": "Int64"})
