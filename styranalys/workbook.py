"""Opening spreadsheet files as plain grids of cell values, safely.

A file is recognised by its content, not its name: a CSV or an HTML page renamed ``.xlsx``,
a PDF, an empty file, a truncated zip or a password-protected workbook each get a Swedish
sentence that a non-programmer understands. Workbooks are read through python-calamine
(fast, Rust) with openpyxl as the fallback; before either parses anything, the zip's unpacked
size and every sheet's declared and real extent are checked against :class:`ReadLimits`
(see ``_guard``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ._guard import ReadLimits, _column_number, check_zip, fail, scan_findings
from .problems import InputError

__all__ = ["SPREADSHEET_SUFFIXES", "ReadLimits", "Sheet", "open_sheets"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv", ".tsv", ".txt", ".xls")


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
    #: Merged ranges as ((first_row, first_col), (last_row, last_col)), 0-based in the sheet.
    merged: tuple = ()
    #: Excel rows with a number formatted as a percentage, now read as the percentage shown.
    percent_rows: frozenset[int] = frozenset()


def _sniff(head: bytes) -> str:
    """What the first bytes of a file say it is."""
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if lowered.startswith(b"<?xml"):
        return "xml"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head[:2048]:
        return "binary"
    return "text"


_WHAT_IT_IS = {
    "empty": "Filen är tom (0 byte).",
    "pdf": "Filen är en PDF, inte ett kalkylblad.",
    "html": "Filen är en webbsida (HTML), inte ett kalkylblad.",
    "xml": "Filen är en XML-fil, inte ett kalkylblad.",
    "text": "Filen är en textfil (kanske CSV) fast namnet säger kalkylblad.",
    "binary": "Filen är inget kalkylblad som styranalys känner igen.",
}
_ACCEPTED = "Spara filen som Excel-arbetsbok (.xlsx), OpenDocument (.ods) eller CSV (.csv)."


def open_sheets(path: Path, limits: ReadLimits | None = None,
                display: str | None = None) -> list[Sheet]:
    """Every sheet of ``path`` as a :class:`Sheet`; an InputError if it cannot be read."""
    limits = limits or ReadLimits()
    name = display or path.name
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise fail(name, f"Filen är {size / 1e6:.0f} MB, över gränsen "
                         f"{limits.max_file_bytes / 1e6:.0f} MB.",
                   "Dela upp filen eller höj ReadLimits.max_file_bytes.", code="storlek")
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = _sniff(head)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        if kind in ("text", "empty") or (kind == "binary" and _utf16_guess(head)):
            try:
                return [_read_csv(path, name)]
            except (csv.Error, UnicodeError) as exc:
                raise fail(name, f"Textfilen går inte att läsa som CSV ({exc}).",
                           "Spara den från Excel som CSV (semikolonavgränsad) igen.",
                           code="trasig") from None
        raise fail(name, _WHAT_IT_IS.get(kind, "Filen är ingen textfil fast den heter .csv."),
                   _ACCEPTED)
    if kind == "zip":
        try:
            parts = check_zip(path, name, limits)
        except InputError:
            raise
        except Exception as exc:  # a damaged deflate stream, an odd zip entry, ...
            raise _unreadable(name, exc) from None
        # calamine releases the GIL while it parses, so the findings cost no extra time.
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(scan_findings, path, parts)
            sheets = _read_workbook(path, name, suffix)
            try:
                findings = future.result()
            except Exception as exc:
                raise _unreadable(name, exc) from None
        for sheet in sheets:
            found = findings.get(sheet.name or "")
            if found:
                sheet.hidden_rows, sheet.error_cells, sheet.empty_formulas, percent = found
                sheet.percent_rows = _as_shown(sheet, percent)
        return sheets
    if kind == "ole":
        head = path.read_bytes()[:2_000_000]
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00" in head or \
                b"EncryptedPackage" in head:
            raise fail(name, "Arbetsboken är lösenordsskyddad och kan inte läsas.",
                       "Ta bort lösenordet i Excel (Arkiv > Info > Skydda arbetsbok) och spara "
                       "igen.", code="losenord")
        return _read_xls_isolated(path, name)
    raise fail(name, _WHAT_IT_IS.get(kind, _WHAT_IT_IS["binary"]), _ACCEPTED)


def _read_xls_isolated(path: Path, name: str, timeout: float = 60) -> list[Sheet]:
    """An old .xls, parsed in a child process: a damaged file can make calamine abort its
    process, and then only the child dies."""
    import pickle
    import subprocess
    import sys

    try:
        proc = subprocess.run([sys.executable, "-m", "styranalys._xls_child", str(path)],
                              capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc = None
    if proc is None or proc.returncode != 0 or not proc.stdout:
        raise fail(name, "Den gamla Excel-filen (.xls) är trasig och går inte att läsa.",
                   "Öppna den i Excel eller LibreOffice och spara den som .xlsx.",
                   code="trasig")
    sheets = []
    for sheet_name, rows, start, hidden, merged in pickle.loads(proc.stdout):
        _fill_merged(rows, merged, start)
        sheets.append(Sheet(file=name, name=sheet_name, rows=rows, row0=start[0],
                            col0=start[1], hidden=hidden, merged=merged))
    return sheets


def _read_workbook(path: Path, name: str, suffix: str) -> list[Sheet]:
    try:
        return _read_with_calamine(path, name)
    except InputError:
        raise
    except ImportError:
        pass
    except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        if suffix not in (".xlsx", ".xlsm"):
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


def _read_with_calamine(path: Path, name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    wb = CalamineWorkbook.from_path(str(path))
    sheets = []
    try:
        for meta in wb.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            start = sheet.start or (0, 0)
            rows = sheet.to_python()
            merged = tuple(sheet.merged_cell_ranges or ())
            _fill_merged(rows, merged, start)
            sheets.append(Sheet(file=name, name=meta.name, rows=rows, row0=start[0],
                                col0=start[1], merged=merged,
                                hidden=meta.visible != SheetVisibleEnum.Visible))
    finally:
        wb.close()
    return sheets


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
        col = _column_number(match.group(1).encode())
        r, c = int(match.group(2)) - 1 - sheet.row0, col - 1 - sheet.col0
        if 0 <= r < len(sheet.rows) and 0 <= c < len(sheet.rows[r]):
            value = sheet.rows[r][c]
            if isinstance(value, int | float) and not isinstance(value, bool):
                # round away the binary noise of ×100 (0.07 × 100 is 7.000000000000001)
                sheet.rows[r][c] = round(value * 100, 9)
                rows.add(r + 1 + sheet.row0)
    return frozenset(rows)


def _fill_merged(rows: list[list[object]], merged: tuple, start: tuple[int, int]) -> None:
    """Give every cell of a merged range the value shown in it (its top-left cell's), as a
    reader of the sheet sees it: a nämnd merged down over its goals belongs to each."""
    row0, col0 = start
    for (r0, c0), (r1, c1) in merged:
        top, left = r0 - row0, c0 - col0
        if not (0 <= top < len(rows) and 0 <= left < len(rows[top])):
            continue
        value = rows[top][left]
        for r in range(max(top, 0), min(r1 - row0, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(max(left, 0), min(c1 - col0, len(row) - 1) + 1):
                if row[c] in ("", None):
                    row[c] = value


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


def _utf16_guess(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16 text (every other byte 0), else None."""
    sample = head[:2048]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _decode(raw: bytes) -> str:
    """Text of a CSV file: BOM-marked UTF-8/UTF-16 (Excel's "Unicode text"), BOM-less
    UTF-16, else UTF-8, else cp1252 (Excel on Windows). Never decoded into "Ã¥"."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    guess = _utf16_guess(raw)
    if guess:
        return raw.decode(guess)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into several fields."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_score = ",", -1.0
    for delim in (";", ",", "\t"):
        counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        common = max(set(multi), key=multi.count)
        score = multi.count(common) * common
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(path: Path, name: str) -> Sheet:
    text = _decode(path.read_bytes())
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""),
                                        delimiter=_delimiter(text))]
    return Sheet(file=name, name=None, rows=rows)
