"""Writing tidy frames to xlsx and csv for analysts who work in Excel, safely.

Every string that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written as text, never as a formula (CSV/formula injection: a goal text "=HYPERLINK(...)"
from a received file must not become a live formula in a file we hand on). In xlsx the cell
is typed as a string, so the value is kept exactly; in csv it gets a leading apostrophe, as
OWASP recommends, because a CSV cell has no type. Files are written atomically.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .atomic import atomic_path

__all__ = ["FORMULA_TRIGGERS", "to_csv", "to_excel"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _is_na(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def to_excel(frames: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """One sheet per frame (sheet name -> frame); strings are always text cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for sheet_name, frame in frames.items():
        ws = wb.create_sheet(str(sheet_name)[:31])
        ws.append([_text_cell(ws, str(c), WriteOnlyCell) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            ws.append([_cell(ws, v, WriteOnlyCell) for v in row])
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)


def _text_cell(ws, value: str, cell_type):
    cell = cell_type(ws, value=value)
    cell.data_type = "s"  # never "f": openpyxl would otherwise take "=..." as a formula
    return cell


def _cell(ws, value: object, cell_type):
    if _is_na(value):
        return None
    if isinstance(value, str):
        return _text_cell(ws, value, cell_type)
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def to_csv(frame: pd.DataFrame, path: str | Path, *, swedish: bool = True) -> Path:
    """A CSV that Swedish Excel opens as it is: semicolon, decimal comma, UTF-8 with BOM.

    Strings that would start a formula get a leading apostrophe.
    """
    delimiter = ";" if swedish else ","

    def cell(value: object) -> object:
        if _is_na(value):
            return ""
        if isinstance(value, str):
            return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, float) and swedish:
            return f"{value:.12g}".replace(".", ",")  # a plain "-": Excel reads it as a number
        return value

    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([cell(str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([cell(v) for v in row])
    return Path(path)
