"""The workbook source: .xlsx, .xlsm and .ods, through calamine behind the guard.

Before calamine parses anything, the zip is checked (:mod:`styranalys.read.guard`). While
it parses (it releases the GIL), a second thread scans for what it would read as blank or
without comment (:mod:`styranalys.read.findings`). openpyxl reads an .xlsx that calamine
cannot.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..problems import InputError
from .calamine import calamine_sheets
from .extent import column_number
from .findings import scan_findings
from .guard import check_zip
from .limits import ReadLimits, fail
from .sources import Sheet, source

__all__ = ["read_workbook"]


@source("zip")
def read_workbook(path: Path, name: str, limits: ReadLimits) -> list[Sheet]:
    """Every sheet of a zipped workbook, with what the parser hides noted on each."""
    try:
        parts = check_zip(path, name, limits)
    except InputError:
        raise
    except Exception as exc:  # a damaged deflate stream, an odd zip entry, ...
        raise _unreadable(name, exc) from None
    # calamine releases the GIL while it parses, so the findings cost no extra time.
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(scan_findings, path, parts)
        sheets = _parse(path, name)
        try:
            findings = future.result()
        except Exception as exc:
            raise _unreadable(name, exc) from None
    for sheet in sheets:
        found = findings.get(sheet.name or "")
        if found:
            sheet.hidden_rows, sheet.error_cells, sheet.empty_formulas, percent, \
                sheet.fills = found
            sheet.percent_rows = _as_shown(sheet, percent)
    return sheets


def _parse(path: Path, name: str) -> list[Sheet]:
    try:
        return [Sheet(file=name, name=sheet_name, rows=rows, row0=start[0], col0=start[1],
                      hidden=hidden)
                for sheet_name, rows, start, hidden, _ in calamine_sheets(str(path))]
    except ImportError:
        pass
    except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise _unreadable(name, exc) from None
    try:
        return _read_with_openpyxl(path, name)
    except Exception as exc:
        raise _unreadable(name, exc) from None


def _unreadable(name: str, exc: Exception) -> InputError:
    return fail(name, "Filen ser ut som ett kalkylblad men går inte att läsa "
                       f"({type(exc).__name__}).",
                 "Öppna den i Excel eller LibreOffice och spara den som .xlsx igen.",
                 code="trasig")


def _read_with_openpyxl(path: Path, name: str) -> list[Sheet]:
    import openpyxl  # uses defusedxml when it is installed, as it is with styranalys

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [Sheet(file=name, name=ws.title,
                      rows=[list(r) for r in ws.iter_rows(values_only=True)],
                      hidden=ws.sheet_state != "visible")
                for ws in wb.worksheets]
    finally:
        wb.close()


_REF = re.compile(r"([A-Z]+)(\d+)$")


def _as_shown(sheet: Sheet, cells: tuple[str, ...]) -> frozenset[int]:
    """Scale the numbers in percent-formatted ``cells`` to the percentage the sheet shows
    (Excel and LibreOffice store 45 % as 0.45), so they read as the text "45 %" does.
    Returns the Excel rows where a number was scaled."""
    rows: set[int] = set()
    for ref in cells:
        match = _REF.match(ref)
        if not match:
            continue
        col = column_number(match.group(1).encode())
        r, c = int(match.group(2)) - 1 - sheet.row0, col - 1 - sheet.col0
        if 0 <= r < len(sheet.rows) and 0 <= c < len(sheet.rows[r]):
            value = sheet.rows[r][c]
            if isinstance(value, int | float) and not isinstance(value, bool):
                # round away the binary noise of ×100 (0.07 × 100 is 7.000000000000001)
                sheet.rows[r][c] = round(value * 100, 9)
                rows.add(r + 1 + sheet.row0)
    return frozenset(rows)
