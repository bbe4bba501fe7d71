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

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv", ".tsv", ".txt", ".xls")


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
    #: Cells in a sheet's bounding box (rows × columns); the parser allocates all of them.
    max_cells: int = 50_000_000
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
    #: Excel rows (1-based) that are hidden in the workbook; read, and reported.
    hidden_rows: frozenset[int] = frozenset()
    #: Cells (e.g. "C7") holding an error value such as #DIV/0!; calamine reads them as blank.
    error_cells: tuple[str, ...] = ()
    #: Cells with a formula but no saved value; calamine reads them as blank.
    empty_formulas: tuple[str, ...] = ()
    #: Merged ranges as ((first_row, first_col), (last_row, last_col)), 0-based in the sheet.
    merged: tuple = ()


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
    if suffix in (".csv", ".tsv", ".txt"):
        if kind in ("text", "empty") or (kind == "binary" and _utf16_guess(head)):
            try:
                return [_read_csv(path, name)]
            except (csv.Error, UnicodeError) as exc:
                raise _fail(name, f"Textfilen går inte att läsa som CSV ({exc}).",
                            "Spara den från Excel som CSV (semikolonavgränsad) igen.",
                            code="trasig") from None
        raise _fail(name, _WHAT_IT_IS.get(kind, "Filen är ingen textfil fast den heter .csv."),
                    _ACCEPTED)
    if kind == "zip":
        try:
            scans = _check_zip(path, name, limits)
        except InputError:
            raise
        except Exception as exc:  # a damaged deflate stream, an odd zip entry, ...
            raise _unreadable(name, exc) from None
        sheets = _read_workbook(path, name, suffix)
        for sheet in sheets:
            scan = scans.get(sheet.name or "")
            if scan:
                sheet.hidden_rows, sheet.error_cells, sheet.empty_formulas = scan
        return sheets
    if kind == "ole":
        head = path.read_bytes()[:2_000_000]
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00" in head or \
                b"EncryptedPackage" in head:
            raise _fail(name, "Arbetsboken är lösenordsskyddad och kan inte läsas.",
                        "Ta bort lösenordet i Excel (Arkiv > Info > Skydda arbetsbok) och spara "
                        "igen.", code="losenord")
        return _read_xls_isolated(path, name)
    raise _fail(name, _WHAT_IT_IS.get(kind, _WHAT_IT_IS["binary"]), _ACCEPTED)


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
        raise _fail(name, "Den gamla Excel-filen (.xls) är trasig och går inte att läsa.",
                    "Öppna den i Excel eller LibreOffice och spara den som .xlsx.",
                    code="trasig")
    sheets = []
    for sheet_name, rows, start, hidden, merged in pickle.loads(proc.stdout):
        _fill_merged(rows, merged, start)
        sheets.append(Sheet(file=name, name=sheet_name, rows=rows, row0=start[0],
                            col0=start[1], hidden=hidden, merged=merged))
    return sheets


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + (c - 64)
    return n


_XML_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"'
                         rb'|<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')
_ERROR_CELL = re.compile(rb'<c\b[^>]*?\bt="e"[^>]*>')
# A formula not followed by a saved value: <f>..</f> (or <f .../>) then </c>, or an empty <v>.
_EMPTY_FORMULA = re.compile(rb'<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"')
_ROW_REF = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
# Quote-anchored searches scan a 40 MB sheet in ~0.08 s each (a pattern starting at r=" or
# at a digit run takes 3-9 times longer): a column past ZZ, a 7-digit row, a 2-letter column.
_FAR_COLUMN = re.compile(rb'"[A-Z]{3}[0-9]')
_FAR_ROW = (re.compile(rb'"[A-Z]{1,3}[0-9]{7}'), re.compile(rb'"[0-9]{7}"'))
_WIDE_COLUMN = re.compile(rb'"[A-Z]{2}[0-9]')


def _cell_before(xml: bytes, pos: int) -> str:
    start = xml.rfind(b"<c ", 0, pos)
    match = _CELL_REF.match(xml, start) if start >= 0 else None
    return (match.group(1) + match.group(2)).decode() if match else "?"


def _sheet_names(zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Worksheet part -> sheet name, from workbook.xml and its rels, parsed with defusedxml."""
    from defusedxml import ElementTree as SafeET

    try:
        wb = SafeET.fromstring(zf.read("xl/workbook.xml"))
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    ns_r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in wb.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(ns_r) in targets:
            target = targets[sheet.get(ns_r)].lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            out[part] = sheet.get("name", "")
    return out


def _check_zip(path: Path, name: str, limits: ReadLimits
               ) -> dict[str, tuple[frozenset[int], tuple[str, ...], tuple[str, ...]]]:
    """Refuse a truncated zip, a bomb, XML with a DTD or an absurd sheet size; then report per
    sheet its hidden rows, error cells and formulas without a saved value."""
    from defusedxml import DefusedXmlException

    scans: dict[str, tuple[frozenset[int], tuple[str, ...], tuple[str, ...]]] = {}
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
            try:
                parts = _sheet_names(zf, name)
            except DefusedXmlException:
                raise _xml_attack(name) from None
            for info in infos:
                if not info.filename.endswith(".xml") and not info.filename.endswith(".rels"):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(65536)
                if _XML_DTD.search(head):
                    raise _xml_attack(name)
                if info.filename in parts or re.match(r"xl/worksheets/[^/]+\.xml$",
                                                      info.filename):
                    sheet = parts.get(info.filename, info.filename)
                    scans[sheet] = _scan_sheet(zf.read(info), sheet, name, limits)
                elif info.filename == "content.xml":  # OpenDocument: every sheet in one part
                    for sheet, hidden in _ods_hidden_rows(zf.read(info)).items():
                        scans[sheet] = (hidden, (), ())
    except zipfile.BadZipFile:
        raise _fail(name, "Filen är trasig eller avkortad: zip-arkivet i den går inte att "
                          "öppna.",
                    "Be om filen igen eller öppna den i Excel och spara den på nytt.",
                    code="trasig") from None
    return scans


def _xml_attack(name: str) -> InputError:
    return _fail(name, "Filen innehåller XML med en DTD eller egna entiteter, vilket Excel och "
                       "LibreOffice aldrig skriver. Det kan vara ett försök till attack "
                       "(entitetsexpansion eller externa entiteter), så filen läses inte.",
                 "Öppna filen i Excel eller LibreOffice och spara den på nytt, eller be "
                 "avsändaren om en ny fil.", code="xml")


_ODS_ELEMENT = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"|<table:table-row\b([^>]*)>')
_ODS_REPEAT = re.compile(rb'table:number-rows-repeated="(\d+)"')


def _ods_hidden_rows(xml: bytes) -> dict[str, frozenset[int]]:
    """Per sheet of an .ods, the rows hidden (collapsed or filtered) in it."""
    from html import unescape

    out: dict[str, set[int]] = {}
    sheet, row = "", 0
    if b'table:visibility="' not in xml:
        return {}
    for match in _ODS_ELEMENT.finditer(xml):
        if match.group(1) is not None:
            sheet, row = unescape(match.group(1).decode("utf-8")), 0
            continue
        attrs = match.group(2)
        repeat = _ODS_REPEAT.search(attrs)
        count = int(repeat.group(1)) if repeat else 1
        hidden = b'table:visibility="collapse"' in attrs or b'table:visibility="filter"' in attrs
        # A long run of hidden rows is the empty tail LibreOffice writes; no data there.
        if hidden and count <= 10_000:
            out.setdefault(sheet, set()).update(range(row + 1, row + count + 1))
        row += count
    return {k: frozenset(v) for k, v in out.items()}


def _scan_sheet(xml: bytes, sheet: str, name: str, limits: ReadLimits
                ) -> tuple[frozenset[int], tuple[str, ...], tuple[str, ...]]:
    """Declared and real extent, hidden rows, error cells and formulas without values."""
    match = _DIMENSION.search(xml, 0, 4096)
    refs = []
    if match:
        refs.append((match.group(3) or match.group(1), int(match.group(4) or match.group(2))))
    # An upper bound of the bounding box, cheaply; the exact one only when that is too big.
    last_row = xml.rfind(b"<row ")
    row_match = _ROW_REF.match(xml, last_row) if last_row >= 0 else None
    rows_bound = int(row_match.group(1)) if row_match else limits.max_rows + 1
    far = _FAR_COLUMN.search(xml) or any(rx.search(xml) for rx in _FAR_ROW)
    cols_bound = 702 if _WIDE_COLUMN.search(xml) else 26
    if far or rows_bound * cols_bound > limits.max_cells:
        cells = [(c, int(r)) for c, r in _CELL_REF.findall(xml)]
        refs += cells
        rows_all = [int(r) for r in _ROW_REF.findall(xml)] + [r for _, r in cells]
        if cells or rows_all:
            max_row = max(rows_all, default=0)
            max_col = max((_column_number(c) for c, _ in cells), default=0)
            if max_row * max_col > limits.max_cells:
                raise _fail(name, f"Bladet {sheet} spänner över {max_row:_} rader × {max_col:_} "
                                  f"kolumner, fler än gränsen {limits.max_cells:_} celler."
                                  .replace("_", " "),
                            "Ta bort celler långt ned eller långt till höger, eller kopiera "
                            "tabellen till en ny arbetsbok.", code="storlek")
            refs.append((b"A", max_row))
    for col, row in refs:
        if row > limits.max_rows or _column_number(col) > limits.max_columns:
            raise _fail(name, f"Bladet {sheet} säger sig sträcka sig till cell "
                              f"{col.decode()}{row}: över gränsen "
                              f"{limits.max_rows:_} rader eller {limits.max_columns:_} "
                              "kolumner.".replace("_", " "),
                        "Ta bort tomma rader och kolumner längst ned och till höger, eller "
                        "kopiera tabellen till en ny arbetsbok.", code="storlek")
    # Each pattern only where its needle occurs at all (a substring test costs ~1/10).
    hidden = frozenset(int(a or b) for a, b in _HIDDEN_ROW.findall(xml)) \
        if b'hidden="' in xml else frozenset()
    errors = tuple(_cell_before(xml, m.end()) for m in _ERROR_CELL.finditer(xml)) \
        if b't="e"' in xml else ()
    empty = tuple(_cell_before(xml, m.start()) for m in _EMPTY_FORMULA.finditer(xml)) \
        if b"<f" in xml else ()
    return hidden, errors, empty


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
            rows = sheet.to_python()
            merged = tuple(sheet.merged_cell_ranges or ())
            _fill_merged(rows, merged, start)
            sheets.append(Sheet(file=name, name=meta.name, rows=rows, row0=start[0],
                                col0=start[1], merged=merged,
                                hidden=meta.visible != SheetVisibleEnum.Visible))
    finally:
        wb.close()
    return sheets


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
