"""Opening a file as plain grids of cell values: one source per kind of file, by content.

A file is recognised by its first bytes, not its name (see :mod:`styranalys.read.sniff`),
and read by the source registered for that kind: workbooks (xlsx, xlsm, ods) through
calamine behind the guard, text (csv, tsv, txt), and old .xls in a child process. A renamed
CSV or HTML page, a PDF, an empty file or a password-protected workbook each get a Swedish
sentence that a non-programmer understands.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..problems import column_letter
from .limits import ReadLimits, fail
from .sniff import ACCEPTED, WHAT_IT_IS, source_kind

__all__ = ["SPREADSHEET_SUFFIXES", "Sheet", "open_sheets", "source"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv", ".tsv", ".txt", ".xls")

#: The modules that register a source (imported on the first open; after that, from the
#: module cache).
_SOURCE_MODULES = ("text", "workbook", "xls")


@dataclass
class Sheet:
    """One sheet's used range as rows of cell values, and where it starts in the sheet."""

    file: str
    name: str | None
    rows: list[list[object]]
    row0: int = 0
    col0: int = 0
    hidden: bool = False
    #: Excel rows (1-based) that are hidden in the workbook; read, and reported.
    hidden_rows: frozenset[int] = frozenset()
    #: Cells (e.g. "C7") holding an error value such as #DIV/0!; calamine reads them as blank.
    error_cells: tuple[str, ...] = ()
    #: Cells with a formula but no saved value; calamine reads them as blank.
    empty_formulas: tuple[str, ...] = ()
    #: Excel rows with a number formatted as a percentage, now read as the percentage shown.
    percent_rows: frozenset[int] = frozenset()
    #: Cells filled with a colour, by reference: {"C7": "grön"} (see :mod:`.fills`).
    fills: dict[str, str] = dataclasses.field(default_factory=dict)

    def fill(self, excel_row: int, col: int) -> str | None:
        """The colour filling a cell: its Excel row, and its column in ``rows``."""
        return self.fills.get(f"{column_letter(col + self.col0)}{excel_row}")


Source = Callable[[Path, str, ReadLimits], list[Sheet]]
_SOURCES: dict[str, Source] = {}


def source(kind: str) -> Callable[[Source], Source]:
    """Register a function that reads files of ``kind`` (see :func:`source_kind`)."""
    def register(read: Source) -> Source:
        _SOURCES[kind] = read
        return read
    return register


def open_sheets(path: Path, limits: ReadLimits | None = None,
                display: str | None = None) -> list[Sheet]:
    """Every sheet of ``path`` as a :class:`Sheet`; an InputError if it cannot be read.

    ``display`` is the name problems give the file (default: its name).
    """
    limits = limits or ReadLimits()
    name = display or path.name
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise fail(name, f"Filen är {size / 1e6:.0f} MB, över gränsen "
                         f"{limits.max_file_bytes / 1e6:.0f} MB.",
                   "Dela upp filen eller höj ReadLimits.max_file_bytes.", code="storlek")
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = source_kind(head, path.suffix.lower())
    # Each time, not once: a file opened in another thread may be importing them right now,
    # and the import lock makes this wait until every source is registered.
    for module in _SOURCE_MODULES:
        importlib.import_module(f"{__package__}.{module}")
    if kind not in _SOURCES:
        raise fail(name, WHAT_IT_IS.get(kind, WHAT_IT_IS["binary"]), ACCEPTED)
    return _SOURCES[kind](path, name, limits)
