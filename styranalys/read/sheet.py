"""From one sheet's grid to tidy rows: find the header, choose the layout, read the rows.

The work per sheet is column-wise (pandas), so a 100 000-row sheet costs little more than
its parse. Every data row below the header ends up in the result or in a problem. How the
rows are laid out (long, wide, the annual report's tables, Kolada's export) is decided by
the header and read by one class per layout, in :mod:`styranalys.read.layouts`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from .._text import fold
from ..problems import Problem, column_letter
from .context import Context
from .fields import Fields, constant, whole
from .goal_list import list_header
from .grid import BodyRows
from .header import HeaderRow, find_header, sheet_kind
from .kalla import numbered
from .names import clean_name
from .notation import Written
from .settle import settle, value_named_by_kpi
from .sources import Sheet
from .title import title_context
from .trace import ColumnTrace, SheetTrace, heading, title_rows
from .unread import explain_unread, suggest_field, suggested_headers
from .values import Distinct
from .vocabulary import Vocabulary

__all__ = ["Context", "SheetReader", "SheetResult", "derive_id", "read_sheet"]

#: Where each row came from, kept beside the tidy columns until the dataset is checked.
LOCATION_COLUMNS = ["_file", "_sheet", "_row"]
#: An indicator row's goal as the file names it (text and type), kept until it is linked.
LINK_COLUMNS = ["_mal", "_maltyp", "_malkol"]


@dataclass
class SheetResult:
    """What one sheet gave: its kind, its tidy rows, and what could not be read."""

    kind: str | None
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)
    missing_values: int = 0
    data_rows: int = 0
    #: The sheet's title says its data are illustrative (made up for an example).
    illustrative: bool = False
    #: How the sheet was read, step by step (``styranalys inspect``).
    trace: SheetTrace | None = None


def derive_id(prefix: str, *parts: object) -> str:
    """A stable id from the folded text of ``parts``: same goal next year, same id."""
    key = "|".join(fold(p) for p in parts)
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


class SheetReader(Fields, BodyRows):
    """Reads one recognised sheet in one layout; collects problems as it goes.

    A layout is a subclass: it says which kind of table it reads (``kind``), which headers
    it fits (:meth:`fits`), how it is named in a problem (``sign``) and how its data rows
    become tidy rows (:meth:`rows`). More specific layouts subclass the general one.
    """

    #: "goals", "indicators" or "kolada".
    kind: ClassVar[str] = ""
    #: What in the header shows this layout, for the problem when two layouts fit.
    sign: ClassVar[str] = ""
    #: The layout in words, for ``styranalys inspect``.
    described: ClassVar[str] = ""
    #: Whether the year columns hold numbers (read as one block of floats when they can be).
    numeric_years: ClassVar[bool] = False
    #: What to do when the year is in no column, title or argument.
    year_hint: ClassVar[str] = ("Lägg till en kolumn År, skriv året i bladets rubrik eller "
                                "ange det i styranalys.toml.")
    #: The fields this layout reads; a filled column of another field is noted as unused.
    reads: ClassVar[frozenset[str]] = frozenset()
    #: Whether the layout reads the year columns (one column per year).
    reads_years: ClassVar[bool] = False
    #: Whether the sheet holds goals and their measures in one table (read by both kinds;
    #: a goal's cells carry down over the rows of its other measures).
    merged: bool = False

    @classmethod
    def fits(cls, header: HeaderRow) -> bool:
        """Whether a sheet with this header is laid out this way."""
        raise NotImplementedError

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        """The tidy rows of the data rows in ``grid``, or None when they cannot be read."""
        raise NotImplementedError

    def __init__(self, sheet: Sheet, header: HeaderRow, context: Context,
                 vocabulary: Vocabulary) -> None:
        self.sheet = sheet
        self.header = header
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.missing_values = 0
        self.positions = np.arange(0)
        #: A wide indicator sheet's year columns as floats, when they hold only numbers.
        self.year_block: np.ndarray | None = None
        #: The used columns of the data rows, each factorized once (see ``_grid``).
        self.columns: dict[int, Distinct] = {}
        #: Columns read as text and as numbers, parsed ahead (see ``_parse_ahead``).
        self.texts: dict[int, pd.Series] = {}
        self.parsed: dict[int, tuple[pd.Series, pd.Series, pd.Series]] = {}
        title = title_context(sheet, header)
        self.title, self.context = title, context
        self.filled_columns = np.arange(0)
        self.unknown_phrases: list[str] = []
        #: What written numbers said beside their value, per field and data row.
        self.written: dict[str, dict[int, Written]] = {}
        #: Columns a layout read beyond its fields (a Trend column's words).
        self.also_used: set[int] = set()
        #: The goal headings of an indicator table: (Excel row, goal, its area).
        self.goal_headings: list[tuple[int, str, str | None]] = []
        self.illustrative = bool(title.get("illustrative"))
        # The file's own word first (column, heading, title, sheet name), then the caller's.
        namnd = title.get("namnd") or context.namnd
        self.fallback = {
            "namnd": clean_name(str(namnd)) if namnd is not None else None,
            "ar": title.get("ar") or context.ar,
            "period": title.get("period") or context.period or "bokslut",
            "maltyp": header.heading_maltyp or title.get("maltyp") or context.maltyp,
        }

    # -- locations ---------------------------------------------------------------------
    def excel_row(self, positions: np.ndarray) -> np.ndarray:
        return positions + self.sheet.row0 + self.header.index + 2

    def column_name(self, col: int) -> str:
        return column_letter(col + self.sheet.col0)

    def problem(self, message: str, hint: str = "", row: int | None = None,
                col: int | None = None, code: str = "fel") -> None:
        self.problems.append(Problem(
            file=self.sheet.file, sheet=self.sheet.name, row=row,
            column=None if col is None else self.column_name(col),
            message=message, hint=hint, code=code))

    def cell_problems(self, mask: pd.Series, raw: pd.Series, col: int, message: str,
                      hint: str, code: str) -> None:
        """One problem per masked cell, naming its value."""
        if not mask.any():
            return
        rows = self.excel_row(self.positions[mask.to_numpy()])
        for r, value in zip(rows, raw[mask], strict=True):
            self.problem(message.format(value=value), hint, row=int(r), col=col, code=code)

    def _location(self, rows: np.ndarray | None = None) -> dict[str, object]:
        """The location columns: Excel row per tidy row (``rows``, else one per data row),
        and file and sheet as categoricals of one value, not a string per row."""
        rows = self.excel_row(self.positions) if rows is None else rows
        return {"_file": constant(self.sheet.file, len(rows)),
                "_sheet": constant(self.sheet.name, len(rows)), "_row": whole(rows)}

    def _kalla(self, rows: np.ndarray, cols: list[int] | None = None) -> pd.Series:
        """"fil.xlsx:Blad!12" per row, or with ``cols`` (a wide sheet's year columns)
        "fil.xlsx:Blad!F12" per row and column, row by row."""
        prefix = self.sheet.file + (f":{self.sheet.name}!" if self.sheet.name else "!")
        heads = [prefix] if cols is None else [prefix + self.column_name(c) for c in cols]
        return numbered(heads, rows)

    # -- reading -------------------------------------------------------------------------
    def read(self) -> SheetResult:
        """The sheet's tidy rows, problems and notes."""
        result = SheetResult(kind=self.kind, illustrative=self.illustrative)
        self._settle_columns()
        for name, cols in self.header.duplicates:
            letters = " och ".join(self.column_name(c) for c in cols)
            other = heading(self.header.cells, cols[-1])
            self.problem(f"Rubriken för {name!r} finns i flera kolumner ({letters}); styranalys "
                         "vet inte vilken som gäller.", "Byt namn på eller ta bort den ena, "
                         "eller ge den andra en annan betydelse i styranalys.toml, under "
                         f'[headers]: till exempel kommentar = ["{other}"].',
                         row=self.sheet.row0 + self.header.index + 1, code="dubbel_rubrik")
        grid = None if self.header.duplicates else self._grid()
        result.frame = None if grid is None else self._finish(self.rows(grid), grid)
        if (result.frame is None or not len(result.frame)) and not self.problems:
            self.problem(f"Bladet gav inga rader: under rubrikraden (rad {self._header_row()}) "
                         "finns inga rader med värden.", "Fyll i tabellen eller ta bort bladet.",
                         row=self._header_row(), code="blad_utan_rader")
        self._unused_columns()
        result.problems = self.problems
        result.notes = self.notes
        result.missing_values = self.missing_values
        result.data_rows = len(self.positions)
        result.trace = self._trace(result)
        return result

    def _finish(self, frame: pd.DataFrame | None, grid: pd.DataFrame) -> pd.DataFrame | None:
        """What a kind of table does with its rows once all are read (see the indicator
        tables); here, nothing."""
        return frame

    def _settle_columns(self) -> None:
        """Where a layout can tell what a column is by its content, before it is read
        (see the goal and indicator tables); here, nothing."""

    def _header_row(self) -> int:
        return self.sheet.row0 + self.header.index + 1

    def _used(self) -> set[int]:
        if self.merged:  # the other read takes the other part of a table of both kinds
            return {*self.header.columns.values(), *self.header.years.values()}
        used = {c for f, c in self.header.columns.items() if f in self.reads}
        used |= set() if self.detail is None else {self.detail}
        used |= set(self.header.year_targets.values()) if self.reads_years else set()
        used |= {c for cols in self.header.kon_years.values() for c in cols.values()
                 } if self.reads_years else set()
        used |= set(self.header.kon_columns.values()) if "varde" in self.reads else set()
        used |= self.also_used
        return used | (set(self.header.years.values()) if self.reads_years else set())

    def _unused_columns(self) -> None:
        """A note for each filled column that the layout did not read."""
        used = self._used()
        for c in self.filled_columns:
            if int(c) in used:
                continue
            text = heading(self.header.cells, int(c))
            named = f"{text} ({self.column_name(int(c))})" if text else \
                f"{self.column_name(int(c))} (utan rubrik)"
            self.notes.append(f"kolumnen {named} användes inte")

    def _trace(self, result: SheetResult) -> SheetTrace:
        """What was seen and decided, for ``styranalys inspect``."""
        header, used = self.header, self._used()
        filled = {int(c) for c in self.filled_columns}
        fields = {c: f for f, c in header.columns.items()}
        fields.update({c: f for f, cs in header.duplicates for c in cs if not f.isdigit()})
        years = {c: y for y, c in header.years.items()}
        kon = {c: k for k, cols in header.kon_years.items() for c in cols.values()}
        years.update({c: y for cols in header.kon_years.values() for y, c in cols.items()})
        width = max([len(header.cells), *(c + 1 for c in filled)])
        columns = [ColumnTrace(self.column_name(j), heading(header.cells, j),
                               fields.get(j), years.get(j), j in used, j in filled, kon.get(j))
                   for j in range(width) if heading(header.cells, j) or j in filled]
        frame = result.frame
        suggested = {}
        for c in columns:
            field = suggest_field(c.heading) if c.filled and not c.used and not c.field \
                and not c.year else None
            if field and field not in header.columns and field not in suggested:
                suggested[field] = c.heading
        return SheetTrace(
            file=self.sheet.file, sheet=self.sheet.name,
            status="läst" if frame is not None and len(frame) else "problem",
            kind=self.kind, layout=self._described(), header_row=self._header_row(),
            columns=columns,
            title_rows=title_rows(self.sheet.rows, self.sheet.row0, header.top),
            rows=0 if frame is None else len(frame),
            data_rows=len(self.positions), row_notes=list(self.notes), said=self._said(),
            problems=len(self.problems), codes=list(dict.fromkeys(p.code for p in self.problems)),
            unknown_phrases=list(self.unknown_phrases), suggested_headers=suggested)

    def _described(self) -> str:
        if not any(v is not None for v in self.header.cells):
            return "en lista utan rubrikrad, under områdesrubriker"
        return self.described or self.sign

    def _said(self) -> dict[str, tuple[object, str]]:
        """Where nämnd, year, period and goal type came from (value None: nowhere)."""
        said: dict[str, tuple[object, str]] = {}
        wanted = ("namnd", "ar", "period", "maltyp") if self.kind == "goals" else (
            ("namnd", "ar", "period") if self.kind == "indicators" else ())
        for key in wanted:
            if key == "ar" and self.reads_years and (self.header.years or self.header.kon_years):
                said[key] = (None, "årskolumnerna")
            elif key in self.header.columns:
                col = self.header.columns[key]
                said[key] = (None, f"kolumnen {heading(self.header.cells, col)} "
                                   f"({self.column_name(col)})")
            elif key == "maltyp" and self.header.heading_maltyp:
                said[key] = (self.header.heading_maltyp, "rubriken")
            elif self.title.get(key) is not None:
                said[key] = (self.title[key], "bladets namn eller rubrik")
            elif getattr(self.context, key) is not None:
                said[key] = (getattr(self.context, key), "styranalys.toml eller anropet")
            elif key == "period":
                said[key] = ("bokslut", "standard")
            else:
                said[key] = (None, "")
        return said


class TwoLayouts(SheetReader):
    """A sheet that fits two layouts at once: one problem, and no rows guessed."""

    def __init__(self, sheet: Sheet, header: HeaderRow, context: Context,
                 vocabulary: Vocabulary, first: type[SheetReader],
                 second: type[SheetReader]) -> None:
        super().__init__(sheet, header, context, vocabulary)
        self.kind = first.kind
        self.problem(f"Bladet har både {second.sign} och {first.sign}; styranalys vet inte "
                     "vilken som gäller.", "Behåll den ena uppställningen.",
                     code="dubbel_layout")

    def rows(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        return None


_WHAT = {"goals": ("måltabell", "read_goals"), "indicators": ("indikatortabell",
                                                             "read_indicators")}


def read_sheet(sheet: Sheet, want: str, table: Mapping[str, str], context: Context,
               vocabulary: Vocabulary) -> SheetResult:
    """Read one sheet if it is of the wanted kind ("goals", "indicators" or "kolada")."""
    from .layouts import choose  # the layouts subclass SheetReader: imported once it exists

    header = find_header(sheet.rows, table) or list_header(sheet)
    settled = [] if header is None else settle(header, sheet.rows)
    if header is not None and want == "kolada":
        settled += value_named_by_kpi(header, sheet.rows)
    kind = None if header is None else sheet_kind(header)
    merged = kind == "both"
    if merged:  # goals and their measures in one table: each read takes its part
        kind = want if want in ("goals", "indicators") else "indicators"
    if want == "kolada" and (kind == "indicators" or (kind is None and header is not None and
                             header.measure and (header.years or "varde" in header.columns))):
        kind = "kolada"  # Kolada's export is a table of KPI values, read with Kolada's words
    if kind is not None and kind != want:
        other, func = _WHAT.get(kind, ("tabell", "read_kolada"))
        return SheetResult(kind=kind, skipped=f"{other}: läs den med {func}",
                           trace=SheetTrace(sheet.file, sheet.name, "annan sort", kind))
    fitting = choose(header, kind) if header is not None and kind is not None else []
    if not fitting:
        return _unread(sheet, table, header, want)
    if len(fitting) > 1:
        return TwoLayouts(sheet, header, context, vocabulary, *fitting[:2]).read()
    reader = fitting[0](sheet, header, context, vocabulary)
    reader.merged = merged
    reader.notes += settled
    return reader.read()


def _unread(sheet: Sheet, table: Mapping[str, str], header: HeaderRow | None,
            want: str) -> SheetResult:
    """A sheet that no layout reads: a note where it is plainly not data, else a problem
    naming the row that looks like its header (Kolada's files only skip it)."""
    if want == "kolada":
        return SheetResult(kind=None, skipped="ingen tabell med nyckeltalsvärden")
    problem, reason, candidate = explain_unread(sheet, table, header)
    trace = SheetTrace(sheet.file, sheet.name, "problem" if problem else "inte data",
                       reason=reason or (problem.message if problem else None),
                       header_row=candidate.excel_row if candidate else None)
    if candidate is not None:
        trace.columns = [ColumnTrace(candidate.letter(j), heading(candidate.cells, j),
                                     h.field, h.year if not h.field else None)
                         for j, h in enumerate(candidate.headings)
                         if heading(candidate.cells, j)]
        trace.title_rows = title_rows(sheet.rows, sheet.row0, candidate.index)
        trace.suggested_headers = suggested_headers(candidate)
    if problem is None:
        return SheetResult(kind=None, notes=[f"lästes inte: {reason}"], trace=trace)
    trace.codes = [problem.code]
    trace.problems = 1
    return SheetResult(kind=None, problems=[problem], trace=trace)
