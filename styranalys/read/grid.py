"""The data rows under a sheet's header: blank, note and repeated header rows set aside.

Every row under the header ends up as data, as a counted note ("Källa: …", a repeated
header row) or as a located problem (values outside the known columns). Error values and
formulas without a saved value, which the parser reads as blank, are problems too.
"""

from __future__ import annotations

import re
from itertools import chain

import numpy as np
import pandas as pd

from ..problems import Problem
from .headings import carry_down, heading_rows
from .kon_rows import carried_names, kon_codes, kon_rows
from .legend import legend_line
from .values import Distinct, float_block

__all__ = ["EXCEL_ERRORS", "BodyRows"]

#: Excel's and LibreOffice's error values, as they appear when a sheet is saved as text.
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#SAKNAS!", "#DIVISION/0!",
                          "#REFERENS!", "#VÄRDEFEL!", "#NAMN?", "#OGILTIGT!", "#SAKNAS",
                          "Err:502", "Err:504", "Err:508", "Err:511", "Err:522", "Err:532"})

_NOTE = re.compile(
    r"^(\*|\d{1,2}\)\s|källa\b|källor\b|kalla:|datakälla\b|datakällor\b"
    r"|(not|noter|anm|anmärkning|fotnot|obs|förklaring)\s*[:.]"
    r"|senast uppdaterad|uppdaterad\s*[:\d])",
    re.IGNORECASE,
)


class BodyRows:
    """The part of a sheet reader that finds its data rows (see :class:`SheetReader`)."""

    #: The field a heading row carries down to the rows under it (None: no headings).
    carries: str | None = None
    #: Per data row, the text of the heading above it (None: the sheet has none).
    carried: pd.Series | None = None
    #: Per data row, whether it is a heading with no rows under it (None: there is none).
    lone: np.ndarray | None = None
    #: A second column of a field, read beside the first (None: there is none).
    detail: int | None = None
    #: Per data row, the kön its kön row gives ("" for other rows), and the name and id of
    #: the indicator it breaks down (None: the sheet has no kön rows).
    kon_codes: pd.Series | None = None
    #: Per data row, the goal heading above it (None: the sheet has none).
    goal_text: pd.Series | None = None
    kon_names: pd.Series | None = None
    kon_ids: pd.Series | None = None

    def _grid(self) -> pd.DataFrame | None:
        """The data rows below the header, without blank, note and repeated header rows."""
        cells = self._cells()
        if cells is None:
            return None
        frame = pd.DataFrame(cells, dtype=object, copy=False)
        used = [*self.header.columns.values(), *self.header.years.values(),
                *self.header.year_targets.values(), *self.header.kon_columns.values(),
                *(c for cols in self.header.kon_years.values() for c in cols.values()),
                *([] if self.detail is None else [self.detail])]
        # An indicator sheet's year columns of only numbers and blanks (the usual case) are
        # read as one block of floats, in one pass over their cells.
        year_cols = [self.header.years[y] for y in sorted(self.header.years)]
        block = float_block(cells, year_cols) if year_cols and self.numeric_years else None
        in_block = {c: k for k, c in enumerate(year_cols)} if block is not None else {}
        # Each other used column is factorized once: its blanks, header repeats, error values
        # and parsed values are then computed per distinct value, not per cell.
        columns = {c: Distinct.of(cells[:, c]) for c in dict.fromkeys(used) if c not in in_block}
        filled = _filled(cells, columns, block, in_block)
        keep = filled.any(axis=1)
        single = keep & (filled.sum(axis=1) == 1)
        note = self._notes(frame, single)
        data = keep & ~note & ~self._footer(frame, filled, single & ~note, used) \
            & ~self._repeated_header(keep, used, columns, block, in_block)
        # A row with values only outside the known columns is not silently dropped.
        used_filled = filled[:, used].any(axis=1) if used else np.zeros(len(frame), bool)
        self._stray(frame, data & ~used_filled)
        data &= used_filled
        heading = self._headings(frame, filled, data, used)
        data &= ~heading
        kon = self._kon_rows(cells, columns, filled, data)
        if kon is not None:
            data &= ~kon[2]
        goals = self._goal_headings(cells, filled, data, used)
        data &= ~goals
        self._cell_findings(cells, columns, data, used)
        self.positions = np.flatnonzero(data)
        if kon is not None:
            self._kon_of_rows(cells, kon[0], kon[1], data)
        if goals.any():
            self.goal_text = carry_down(cells[:, self.header.columns["indikator"]],
                                        self._goal_rows, data)
        if heading.any():
            col = self.header.columns.get(self.carries, self.header.columns.get("mal"))
            self.carried = carry_down(cells[:, col], heading, data)
            if col != self.header.columns.get("mal"):  # a lone heading is itself a row
                lone = data & filled[:, col] & ~filled[:, self.header.columns["mal"]]
                self.lone = lone[data] if lone.any() else None
        self.filled_columns = np.flatnonzero(filled[data].any(axis=0))
        if data.all():  # the usual case: no copy
            self.columns, self.year_block = columns, block
            return frame
        self.columns = {c: d.subset(data) for c, d in columns.items()}
        self.year_block = None if block is None else block[data]
        return frame[data].reset_index(drop=True)

    def _cells(self) -> np.ndarray | None:
        """The rows below the header as one rectangular 2-D array of objects."""
        body = self.sheet.rows[self.header.index + 1:]
        if not body:
            return None
        lengths = set(map(len, body))
        width = max(len(self.header.cells), *lengths)
        if lengths != {width}:
            body = [list(r) + [None] * (width - len(r)) for r in body]
        # Rectangular: one 2-D array (then no copy), filled straight from the cells.
        return np.fromiter(chain.from_iterable(body), dtype=object,
                           count=len(body) * width).reshape(len(body), width)

    def _row_number(self, pos: int) -> int:
        return int(self.excel_row(np.array([pos]))[0])

    def _repeated_header(self, keep: np.ndarray, used: list[int],
                         columns: dict[int, Distinct], block: np.ndarray | None,
                         in_block: dict[int, int]) -> np.ndarray:
        """Rows that repeat the header (a table pasted under itself), each noted."""
        repeat = keep.copy()
        for c in used:
            heading = self.header.cells[c]
            if c in in_block:  # a heading typed as a number repeats as that number
                number = isinstance(heading, int | float) and not isinstance(heading, bool)
                repeat &= block[:, in_block[c]] == heading if number else False
            else:
                repeat &= columns[c].mask(columns[c].values.eq(heading))
        for pos in np.flatnonzero(repeat):
            self.notes.append(f"rad {self._row_number(pos)}: upprepad rubrikrad lästes inte "
                              "som data")
        return repeat

    def _notes(self, frame: pd.DataFrame, single: np.ndarray) -> np.ndarray:
        """Rows with one cell that starts like "Källa:" or "*", or that is a legend line
        ("😊 = Uppfyllt"): a note, noted."""
        note = np.zeros(len(frame), dtype=bool)
        if single.any():
            first = frame[single].bfill(axis=1).iloc[:, 0]
            note[single] = first.map(lambda v: isinstance(v, str) and (
                bool(_NOTE.match(v.strip())) or self._legend_line(v)))
        for pos in np.flatnonzero(note):
            text = str(frame.iloc[pos].dropna().iloc[0]).strip()
            self.notes.append(f"rad {self._row_number(pos)}: anteckning {text[:60]!r} lästes "
                              "inte som data")
        return note

    def _legend_line(self, text: str) -> bool:
        """A symbol and its phrase: "😊 = …" always, "😊 …" where the phrase is known."""
        entry = legend_line(text)
        return entry is not None and ("=" in text.split(entry[1])[0] or
                                      self.vocabulary.level(entry[1])[0])

    def _footer(self, frame: pd.DataFrame, filled: np.ndarray, single: np.ndarray,
                used: list[int]) -> np.ndarray:
        """Lines of text below a table, after a blank row and with no table row after them
        (footnotes, a data source, an explanation): notes, never rows."""
        footer = np.zeros(len(frame), dtype=bool)
        wide = np.flatnonzero(filled.sum(axis=1) >= 2)
        if len(set(used)) < 2 or not len(wide) or not single[wide[-1] + 1:].any():
            return footer
        blank = np.flatnonzero(~filled[wide[-1] + 1:].any(axis=1))
        if not len(blank):
            return footer
        start = wide[-1] + 1 + blank[0]
        for pos in np.flatnonzero(single[start:]) + start:
            text = frame.iloc[pos].dropna()
            text = text[text.astype(str).str.strip() != ""]
            if len(text) and isinstance(text.iloc[0], str) and not footer[pos]:
                footer[pos] = True
                self.notes.append(f"rad {self._row_number(pos)}: text under tabellen "
                                  f"{text.iloc[0].strip()[:60]!r} lästes inte som data")
        return footer

    def _headings(self, frame: pd.DataFrame, filled: np.ndarray, data: np.ndarray,
                  used: list[int]) -> np.ndarray:
        """Heading rows (see :mod:`styranalys.read.headings`), each noted; a one-column
        list's last line is a note too. False everywhere in a table without headings."""
        columns = self.header.columns
        col = columns.get(self.carries) if self.carries else None
        if col is None and self.carries and set(columns) == {"mal"}:
            col = columns["mal"]  # a list of goals under their headings
        if col is None:
            return np.zeros(len(frame), dtype=bool)
        heading, footer = heading_rows(filled, data, col, used)
        for pos in np.flatnonzero(heading):
            self.notes.append(f"rad {self._row_number(pos)}: rubrikraden "
                              f"{str(frame.iat[pos, col]).strip()[:60]!r} gäller raderna "
                              "under den")
        for pos in np.flatnonzero(footer):
            self.notes.append(f"rad {self._row_number(pos)}: text under listan "
                              f"{str(frame.iat[pos, col]).strip()[:60]!r} lästes inte som data")
        return heading | footer

    def _goal_headings(self, cells: np.ndarray, filled: np.ndarray, data: np.ndarray,
                       used: list[int]) -> np.ndarray:
        """In an indicator table with goals as headings (see
        :mod:`styranalys.read.layouts.headed_goals`): the heading rows. The one right
        above indicator rows is their goal, those above it areas; each is noted, and
        ``goal_headings`` lists the goals with their areas."""
        none = np.zeros(len(data), dtype=bool)
        if not self.header.headed:
            return none
        col = self.header.columns["indikator"]
        others = [c for c in dict.fromkeys(used) if c != col]
        heading = data & filled[:, col] & ~(filled[:, others].any(axis=1) if others else none)
        rows = np.flatnonzero(data)
        at = np.searchsorted(rows, np.flatnonzero(heading)) + 1  # each heading's next row
        has_next = at < len(rows)
        goal = np.zeros(len(data), dtype=bool)
        heads = np.flatnonzero(heading)[has_next]
        goal[heads] = ~heading[rows[at[has_next]]]
        area_text = None
        for i in np.flatnonzero(heading):
            text = " ".join(str(cells[i, col]).split())
            if goal[i]:
                self.goal_headings.append((int(self._row_number(i)), text, area_text))
                self.notes.append(f"rad {self._row_number(i)}: målrubriken {text[:60]!r} "
                                  "gäller indikatorerna under den")
            else:
                area_text = text
                self.notes.append(f"rad {self._row_number(i)}: områdesrubriken "
                                  f"{text[:60]!r} gäller målen under den")
        self._goal_rows = goal
        return heading

    def _kon_rows(self, cells: np.ndarray, columns: dict[int, Distinct], filled: np.ndarray,
                  data: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Rows that break an indicator down by kön (see :mod:`styranalys.read.kon_rows`):
        each kön row's code and indicator row, and the rows set aside (an indicator row
        with no values over its kön rows, a kön row under no indicator); None without."""
        header = self.header
        col = header.columns.get("indikator")
        if self.kind != "indicators" or col is None:
            return None
        codes = kon_codes(columns[col])
        if codes is None:
            return None
        values = [header.columns[f] for f in ("varde", "ingangsvarde", "malvarde")
                  if f in header.columns] + list(header.years.values())
        kon, parent, heading, orphan = kon_rows(codes, filled, data, col, values)
        if not (kon != "").any():
            return None
        for pos in np.flatnonzero(heading):
            self.notes.append(f"rad {self._row_number(pos)}: {str(cells[pos, col]).strip()!r} "
                              "har inga egna värden; raderna under är dess värden per kön")
        for pos in np.flatnonzero(orphan):
            self.problem(f"Raden {str(cells[pos, col]).strip()!r} står inte under någon "
                         "indikator.", "Skriv indikatorns namn på raden ovanför, och könet på "
                         "raderna under den.", row=self._row_number(pos), col=col,
                         code="kon_utan_indikator")
        return kon, parent, heading | orphan

    def _kon_of_rows(self, cells: np.ndarray, kon: np.ndarray, parent: np.ndarray,
                     data: np.ndarray) -> None:
        """Per data row: its kön from a kön row ("" for others), and the name and id of
        the indicator it breaks down."""
        header = self.header
        self.kon_codes = pd.Series(kon[data], dtype=object)
        self.kon_names = carried_names(cells[:, header.columns["indikator"]], parent, data)
        id_col = header.columns.get("indikator_id")
        self.kon_ids = None if id_col is None else carried_names(cells[:, id_col], parent, data)

    def _stray(self, frame: pd.DataFrame, stray: np.ndarray) -> None:
        """A problem for each row with values only outside the known columns."""
        for pos in np.flatnonzero(stray):
            values = "; ".join(str(v) for v in frame.iloc[pos] if v not in (None, ""))[:80]
            self.problem(f"Raden har värden ({values!r}) men inga under de kända rubrikerna.",
                         "Flytta värdena till rätt kolumn eller ta bort raden.",
                         row=self._row_number(pos), code="okand_rad")

    def _cell_findings(self, cells: np.ndarray, columns: dict[int, Distinct],
                       data: np.ndarray, used: list[int]) -> None:
        """Error values and formulas without a saved value are problems (the parser reads
        them as blank, so they would vanish); hidden rows that were read are noted."""
        first = self.sheet.row0 + self.header.index + 2
        last = first + len(cells) - 1
        data_rows = set(self.excel_row(np.flatnonzero(data)).tolist())
        used_letters = {self.column_name(c) for c in used}
        hint_error = "Rätta formeln i Excel så att cellen får ett värde, eller töm cellen."
        for refs, message, hint, code in (
                (self.sheet.error_cells, "Cellen innehåller ett felvärde (som #DIV/0!, #N/A "
                 "eller #REF!).", hint_error, "felvarde"),
                (self.sheet.empty_formulas, "Cellen har en formel men inget sparat värde.",
                 "Öppna filen i Excel och spara den igen så att värdet räknas fram.",
                 "formel_utan_varde")):
            for ref in refs:
                match = re.match(r"([A-Z]+)(\d+)$", ref)
                if not match:
                    continue
                letters, row = match.group(1), int(match.group(2))
                if first <= row <= last and letters in used_letters:
                    self.problems.append(Problem(
                        file=self.sheet.file, sheet=self.sheet.name, row=row, column=letters,
                        message=message, hint=hint, code=code))
        # Error values typed as text (CSV exports, ODS) are the same problem.
        found = sorted((pos, c) for c, column in columns.items()
                       for pos in np.flatnonzero(self._errors(column) & data))
        for pos, c in found:
            self.problem(f"Cellen innehåller felvärdet {cells[pos, c]}.", hint_error,
                         row=int(self.excel_row(np.array([pos]))[0]), col=c, code="felvarde")
        hidden = sorted(r for r in self.sheet.hidden_rows if r in data_rows)
        if hidden:
            shown = ", ".join(map(str, hidden[:10])) + (" …" if len(hidden) > 10 else "")
            self.notes.append(f"{len(hidden)} dolda rader lästes som data (rad {shown})")

    @staticmethod
    def _errors(column: Distinct) -> np.ndarray:
        """Which rows of the column hold an error value written as text."""
        return column.mask(column.values.isin(EXCEL_ERRORS))


def _filled(cells: np.ndarray, columns: dict[int, Distinct], block: np.ndarray | None,
            in_block: dict[int, int]) -> np.ndarray:
    """Which cells hold a value (not blank, not an empty string)."""
    filled = np.empty(cells.shape, dtype=bool)
    for j in range(cells.shape[1]):
        if j in columns:
            values = columns[j].values
            filled[:, j] = ~columns[j].mask(values.isna() | values.eq(""))
        elif j in in_block:
            filled[:, j] = ~np.isnan(block[:, in_block[j]])
        else:
            filled[:, j] = ~pd.isna(cells[:, j]) & (cells[:, j] != "")
    return filled
