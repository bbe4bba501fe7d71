"""Opening spreadsheet files as plain grids of cell values, safely.

A file is recognised by its content, not its name: a CSV or an HTML page renamed ``.xlsx``,
a PDF, an empty file, a truncated zip or a password-protected workbook each get a Swedish
sentence that a non-programmer understands. Workbooks are read through python-calamine
(fast, Rust) with openpyxl as the fallback; before either parses anything, the zip's unpacked
size and every sheet's declared dimensions are checked against :class:`ReadLimits`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .problems import InputError, Problem

__all__ = ["SPREADSHEET_SUFFIXES", "ReadLimits", "Sheet", "open_sheets"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv", ".xls")


@dataclass(frozen=True)
class ReadLimits:
    """Limits checked before a file is parsed; anything over one is an InputError.

    The defaults are far above any real follow-up file and far below what would exhaust
    the machine.
    """

    max_file_bytes: int = 100_000_000
    max_unpacked_bytes: int = 200_000_000
    max_rows: int = 1_000_000
    max_columns: int = 16_384
    max_compression_ratio: float = 200.0


@dataclass
class Sheet:
    """One sheet's used range as rows of cell values, and where it starts in the sheet."""

    file: str
    name: str | None
    rows: list[list[object]]
    row0: int = 0
    col0: int = 0
    hidden: bool = False


def _fail(file: str, message: str, hint: str = "", code: str = "fil") -> InputError:
    return InputError([Problem(file=file, message=message, hint=hint, code=code)])


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
        raise _fail(name, f"Filen är {size / 1e6:.0f} MB, över gränsen "
                          f"{limits.max_file_bytes / 1e6:.0f} MB.",
                    "Dela upp filen eller höj ReadLimits.max_file_bytes.", code="storlek")
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = _sniff(head)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if kind in ("text", "empty"):
            return [_read_csv(path, name)]
        raise _fail(name, _WHAT_IT_IS.get(kind, "Filen är ingen textfil fast den heter .csv."),
                    _ACCEPTED)
    if kind == "zip":
        _check_zip(path, name, limits)
        return _read_workbook(path, name, suffix)
    if kind == "ole":
        if b"EncryptedPackage" in path.read_bytes()[:1_000_000] or b"E\x00n\x00c\x00r\x00y" in \
                path.read_bytes()[:1_000_000]:
            raise _fail(name, "Arbetsboken är lösenordsskyddad och kan inte läsas.",
                        "Ta bort lösenordet i Excel (Arkiv > Info > Skydda arbetsbok) och spara "
                        "igen.", code="losenord")
        return _read_workbook(path, name, ".xls")
    raise _fail(name, _WHAT_IT_IS.get(kind, _WHAT_IT_IS["binary"]), _ACCEPTED)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + (c - 64)
    return n


def _check_zip(path: Path, name: str, limits: ReadLimits) -> None:
    """Refuse a truncated zip, a decompression bomb or an absurd declared sheet size."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if unpacked > limits.max_unpacked_bytes or (
                unpacked > 10_000_000 and unpacked / packed > limits.max_compression_ratio
            ):
                raise _fail(name, f"Filen packas upp till {unpacked / 1e6:.0f} MB, över gränsen "
                                  f"{limits.max_unpacked_bytes / 1e6:.0f} MB (eller orimligt "
                                  "hårt packad). Den läses inte.",
                            "En vanlig uppföljningsfil är några MB. Kontrollera filen; gränsen "
                            "kan höjas med ReadLimits.", code="storlek")
            for info in infos:
                if not re.match(r"xl/worksheets/[^/]+\.xml$", info.filename):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(4096)
                match = _DIMENSION.search(head)
                if not match:
                    continue
                last_col = match.group(3) or match.group(1)
                last_row = int(match.group(4) or match.group(2))
                cols = _column_number(last_col)
                if last_row > limits.max_rows or cols > limits.max_columns:
                    sheet = info.filename.rsplit("/", 1)[-1]
                    raise _fail(name, f"Ett blad ({sheet}) säger sig sträcka sig till cell "
                                      f"{last_col.decode()}{last_row}: över gränsen "
                                      f"{limits.max_rows:,} rader eller {limits.max_columns:,} "
                                      "kolumner.".replace(",", " "),
                                "Ta bort tomma rader och kolumner längst ned och till höger, "
                                "eller kopiera tabellen till en ny arbetsbok.", code="storlek")
    except zipfile.BadZipFile:
        raise _fail(name, "Filen är trasig eller avkortad: zip-arkivet i den går inte att "
                          "öppna.",
                    "Be om filen igen eller öppna den i Excel och spara den på nytt.",
                    code="trasig") from None


def _read_workbook(path: Path, name: str, suffix: str) -> list[Sheet]:
    try:
        return _read_with_calamine(path, name)
    except InputError:
        raise
    except ImportError:
        pass
    except Exception as exc:
        if suffix not in (".xlsx", ".xlsm"):
            raise _unreadable(name, exc) from None
    try:
        return _read_with_openpyxl(path, name)
    except Exception as exc:
        raise _unreadable(name, exc) from None


def _unreadable(name: str, exc: Exception) -> InputError:
    return _fail(name, "Filen ser ut som ett kalkylblad men går inte att läsa "
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
            sheets.append(Sheet(file=name, name=meta.name, rows=sheet.to_python(),
                                row0=start[0], col0=start[1],
                                hidden=meta.visible != SheetVisibleEnum.Visible))
    finally:
        wb.close()
    return sheets


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


def _decode(raw: bytes) -> str:
    """Text of a CSV file: BOM-marked UTF-8/UTF-16, else UTF-8, else cp1252 (Excel)."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
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
