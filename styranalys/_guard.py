"""What is checked in a workbook's zip before any parser reads it, and what the parser hides.

Before parsing: the zip's declared sizes and compression ratio, a DTD in any XML part, and
each sheet's extent. calamine allocates the bounding box of a sheet's cells (32 bytes a
cell) wherever and however their references are written, so the extent check must see
every cell: a sheet whose cell tags are all plain, as Excel, LibreOffice and openpyxl write
them, is bounded by one fast scan; any other is counted tag by tag the way calamine places
cells. An OpenDocument sheet is counted with its repeated rows and cells.

While calamine parses (it releases the GIL), a second thread finds what it would read as
blank or without comment: error values, formulas without a saved value and hidden rows.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from .problems import InputError, Problem, column_letter
from .swedish import format_number


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


#: Per sheet: hidden rows, cells with an error value, cells with a formula but no value, and
#: cells formatted as a percentage (their value is a fraction; the sheet shows it times 100).
Findings = tuple[frozenset[int], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def fail(file: str, message: str, hint: str = "", code: str = "fil") -> InputError:
    """An InputError with one problem about the whole file."""
    return InputError([Problem(file=file, message=message, hint=hint, code=code)])


def xml_attack(name: str) -> InputError:
    """The error for XML with a DTD or entity declarations."""
    return fail(name, "Filen innehåller XML med en DTD eller egna entiteter, vilket Excel och "
                      "LibreOffice aldrig skriver. Det kan vara ett försök till attack "
                      "(entitetsexpansion eller externa entiteter), så filen läses inte.",
                "Öppna filen i Excel eller LibreOffice och spara den på nytt, eller be "
                "avsändaren om en ny fil.", code="xml")


def sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
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


_XML_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")


def check_zip(path: Path, name: str, limits: ReadLimits) -> dict[str, str]:
    """Refuse a truncated zip, a bomb, XML with a DTD or a sheet that spans too many cells.

    Returns the parts to look into for findings: sheet name -> worksheet part, and
    ``""`` -> ``content.xml`` for an OpenDocument file.
    """
    from defusedxml import DefusedXmlException

    parts: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if unpacked > limits.max_unpacked_bytes or (
                unpacked > 10_000_000 and unpacked / packed > limits.max_compression_ratio
            ):
                raise fail(name, f"Filen packas upp till {unpacked / 1e6:.0f} MB, över gränsen "
                                 f"{limits.max_unpacked_bytes / 1e6:.0f} MB (eller orimligt "
                                 "hårt packad). Den läses inte.",
                           "En vanlig uppföljningsfil är några MB. Kontrollera filen; gränsen "
                           "kan höjas med ReadLimits.", code="storlek")
            try:
                names = sheet_names(zf)
            except DefusedXmlException:
                raise xml_attack(name) from None
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(65536)
                if _XML_DTD.search(head):
                    raise xml_attack(name)
                if info.filename in names or _WORKSHEET.match(info.filename):
                    sheet = names.get(info.filename, info.filename)
                    _check_extent(zf, info, head, sheet, name, limits)
                    parts[sheet] = info.filename
                elif info.filename == "content.xml":  # OpenDocument: every sheet in one part
                    _check_ods_extent(zf.read(info), name, limits)
                    parts[""] = info.filename
    except zipfile.BadZipFile:
        raise fail(name, "Filen är trasig eller avkortad: zip-arkivet i den går inte att "
                         "öppna.",
                   "Be om filen igen eller öppna den i Excel och spara den på nytt.",
                   code="trasig") from None
    return parts


# -- extent ----------------------------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CHUNK = 1 << 18
#: A tag still open after this many bytes is no spreadsheet's; it is counted exactly.
_LONGEST_TAG = 1 << 20
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
#: The rest of a cell tag is not self-closing (its attributes may quote a ">" or a "/>").
_NOT_EMPTY = rb"""(?!(?:[^>"']|"[^"]*"|'[^']*')*/>)"""


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters.upper():
        n = n * 26 + (c - 64)
    return n


def _columns_up_to(n: int) -> bytes:
    """A pattern for the letters of columns 1 to ``n`` (at most 3 letters): letters of one
    length compare as numbers do, so each length up to ``n`` is a few character ranges."""
    alternatives = []
    for length, first, last in ((1, 1, 26), (2, 27, 702), (3, 703, 18_278)):
        if n < first:
            break
        if n >= last:
            alternatives.append(b"[A-Z]{%d}" % length)
            continue
        top = column_letter(n - 1).encode()
        for i, letter in enumerate(top):
            if letter > ord("A"):  # same start, a smaller letter here, anything after
                rest = b"[A-Z]" * (length - i - 1)
                alternatives.append(top[:i] + b"[A-%c]" % (letter - 1) + rest)
        alternatives.append(top)
    return b"(?:" + b"|".join(alternatives) + b")"


@functools.lru_cache(maxsize=32)
def _not_plain(columns: int, digits: int) -> re.Pattern:
    """A pattern for a cell tag that is *not* plain. Plain is what Excel, LibreOffice and
    openpyxl write: ``r`` first, in double quotes, a column up to ``columns`` in capital
    letters and a row of 1 to ``digits`` digits without a leading 0, then only the
    attributes s, t, cm, vm and ph, each after one space.
    (calamine takes the *last* r of a tag, so a second one must not pass.)

    Row tags need no look: calamine places a cell with a reference by that reference alone,
    and a row without cells adds nothing to the sheet's extent. Neither does a cell without
    a value (``<c r="H1048576" s="1"/>``, as exporters write formatting down to the last
    row): calamine places only cells that hold something, so a self-closing tag passes.
    """
    ref = _columns_up_to(columns) + rb"[1-9][0-9]{0,%d}" % (digits - 1)
    others = rb'(?: (?:s|t|cm|vm|ph)="[^"]*+")*+'
    return re.compile(rb'<c(?=[\s/>])(?! r="' + ref + rb'"' + others + rb"/?>)"
                      + _NOT_EMPTY)


#: Every reference Excel can write (XFD1048576 at most) is of this shape.
_ANY_PLAIN = _not_plain(18_278, 7)
#: A plain cell tag that is not self-closing (one that can hold a value), and its reference.
_PLAIN_FILLED = re.compile(rb'<c r="([A-Z]+)([0-9]+)"(?: (?:s|t|cm|vm|ph)="[^"]*+")*+>')


def _widest(digits: int, limits: ReadLimits) -> int:
    """The most columns a sheet of rows up to ``digits`` digits may have within the limits
    (0 if even one column is too many)."""
    rows = 10 ** digits - 1
    if rows > limits.max_rows:
        return 0
    return min(limits.max_columns, limits.max_cells // rows, 18_278)


def _shape_for(columns: int, digits: int, limits: ReadLimits) -> tuple[int, int] | None:
    """A plain shape (columns, row digits) that holds ``columns`` columns and rows of
    ``digits`` digits and fits the limits: as many row digits as the limits allow for those
    columns (the rows are what grows), and one letter when that is enough (the cheapest
    pattern). None when no shape fits: then the cells are counted exactly."""
    fitting = [d for d in range(max(digits, 1), 8) if _widest(d, limits) >= columns]
    if not fitting:
        return None
    most = max(fitting)
    return (26 if columns <= 26 <= _widest(most, limits) else _widest(most, limits)), most


_PLAIN_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')


def _plain_bound(chunks: Callable[[], Iterable[bytes]], corner: tuple[int, int] | None,
                 limits: ReadLimits) -> tuple[int, int] | None:
    """A shape (columns, row digits) that fits the limits and holds every cell, if every cell
    tag is plain; None if not (then the cells are counted exactly).

    The first scan looks for the shape the declared corner needs (A1 without one); a tag
    outside it widens the shape to what that tag needs, and the scan starts again, as long
    as a shape that wide still fits. The tag that does not fit is usually in the header
    row, so a widened scan costs little; the declared corner only saves scans, the scan
    is what bounds.
    """
    columns, digits = (corner[0], len(str(corner[1]))) if corner else (1, 1)
    for _ in range(10):  # each round needs more columns or digits, and they are bounded
        shape = _shape_for(columns, digits, limits)
        if shape is None:
            return None
        tag = _first_not_plain(chunks(), _not_plain(*shape))
        if tag is None:
            return shape
        ref = _PLAIN_REF.match(tag)
        if ref is None:
            return None
        need = (_column_number(ref.group(1)), len(ref.group(2)))
        if need[0] <= shape[0] and need[1] <= shape[1]:
            return None  # the reference fits; something else in the tag is not plain
        columns, digits = max(columns, need[0]), max(digits, need[1])
    return None


def _check_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo, head: bytes, sheet: str,
                  name: str, limits: ReadLimits) -> None:
    """Refuse a sheet whose declared or real extent is over the limits; ``head`` is the
    start of the sheet, already read for the DTD check."""
    match = _DIMENSION.search(head, 0, 4096)
    corner = None
    if match:
        col, row = match.group(3) or match.group(1), int(match.group(4) or match.group(2))
        corner = (_column_number(col), row)
        if _shape_for(corner[0], len(str(corner[1])), limits) is None:
            # Exporters declare formatting down to row 1 048 576 over a few dozen rows of
            # data; what counts is where cells with a value lie, so the scan decides.
            corner = None
    if _plain_bound(lambda: _chunks(zf, info), corner, limits) is not None:
        return
    xml = zf.read(info)
    if _all_plain([xml], _ANY_PLAIN):
        refs = set(_PLAIN_FILLED.findall(xml))
        max_col = max((_column_number(c) for c, _ in refs), default=0)
        max_row = max((int(r) for _, r in refs), default=0)
        stopped = False
    else:
        max_row, max_col, stopped = _exact_extent(xml, limits)
    _check_corner(max_col, max_row, sheet, name, limits, at_least=stopped)


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk


def _all_plain(chunks: Iterable[bytes], cell: re.Pattern) -> bool:
    """Whether every cell tag has a reference of the shape (see :func:`_not_plain`) and no
    namespace prefix."""
    return _first_not_plain(chunks, cell) is None


def _first_not_plain(chunks: Iterable[bytes], cell: re.Pattern) -> bytes | None:
    """The start of the first cell tag without a reference of the shape (see
    :func:`_not_plain`), or with a namespace prefix; None if there is none. A chunk is
    searched up to its last ``<`` when a tag is cut there; the rest is carried over."""
    carry = b""
    for chunk in chunks:
        text = carry + chunk if carry else chunk
        end = len(text)
        last_open = text.rfind(b"<")
        if last_open > text.rfind(b">"):
            end = last_open
        found = cell.search(text, 0, end) or _prefixed(text, end)
        if found:
            return text[found.start():found.start() + 64]
        carry = text[end:]
        if len(carry) > _LONGEST_TAG:
            return carry[:64]
    found = cell.search(carry) or _prefixed(carry, len(carry))
    return carry[found.start():found.start() + 64] if found else None


def _prefixed(text: bytes, end: int) -> re.Match | None:
    """A namespace-prefixed cell tag in ``text[:end]``, if any. A prefix needs a colon, and
    most chunks have none (Excel's rows have two, LibreOffice's and openpyxl's none): a
    colon is looked for at memchr's speed before the pattern is."""
    return _PREFIXED_CELL.search(text, 0, end) if b":" in text else None


# A cell or row start tag and its attributes (a quoted value may hold a ">").
_TAG = re.compile(rb"""<(?:[^\s/>!?:]+:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)""")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")


def _exact_extent(xml: bytes, limits: ReadLimits) -> tuple[int, int, bool]:
    """The last row and column (1-based) any cell can land in, placing cells as calamine
    does: at their reference, or after the previous cell (and row) when they have none.
    Stops early once the limits are passed, and then says so (the third value)."""
    max_row = max_col = 0
    row = last_cell_row = 0
    next_col = 1
    for match in _TAG.finditer(xml):
        refs = _REF.findall(match.group(2))
        ref = refs[-1] if refs else None  # calamine takes the last r of a tag
        if match.group(1) == b"row":
            row = int(ref[1]) if ref and ref[1] else max(row, last_cell_row) + 1
            next_col = 1  # a row adds nothing by itself; its cells do
            continue
        col, cell_row = next_col, row
        if ref:
            col = _column_number(ref[0]) if ref[0] else next_col
            cell_row = int(ref[1]) if ref[1] else row
        next_col, last_cell_row = col + 1, cell_row
        if match.group(2).endswith(b"/"):
            continue  # a cell without a value: calamine places nothing there
        max_col, max_row = max(max_col, col), max(max_row, cell_row)
        if max_row > limits.max_rows or max_col > limits.max_columns or \
                max_row * max_col > limits.max_cells:
            return max_row, max_col, True
    return max_row, max_col, False


_ODS_TAG = re.compile(rb"""<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"""
                      rb"""((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ODS_ROWS = re.compile(rb"""table:number-rows-repeated\s*=\s*["'](\d+)""")
_ODS_COLUMNS = re.compile(rb"""table:number-columns-repeated\s*=\s*["'](\d+)""")
_ODS_NAME = re.compile(rb"""table:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _repeat(pattern: re.Pattern, attrs: bytes) -> int:
    """A row's or cell's repeat count; the largest if the attribute is written twice."""
    return max(map(int, pattern.findall(attrs)), default=1)


def _ods_walk(xml: bytes) -> Iterator[tuple[str, bytes, int, int, int, int, bytes]]:
    """Every table, row and cell tag of an OpenDocument content.xml with its place:
    (sheet, tag, first row, rows, first column, columns, attributes), 0-based. Rows and
    cells are written in order, each possibly repeated (LibreOffice writes a million empty
    rows as one)."""
    sheet, row, height, col = "", 0, 0, 0
    for match in _ODS_TAG.finditer(xml):
        tag, attrs = match.groups()
        if tag == b"table":
            found = _ODS_NAME.search(attrs)
            quoted = found and (found.group(1) if found.group(1) is not None
                                else found.group(2))
            sheet = unescape(quoted.decode("utf-8")) if quoted else ""
            row, height, col = 0, 0, 0
            yield sheet, tag, 0, 0, 0, 0, attrs
        elif tag == b"table-row":
            row += height
            height, col = _repeat(_ODS_ROWS, attrs), 0
            yield sheet, tag, row, height, 0, 0, attrs
        else:
            width = _repeat(_ODS_COLUMNS, attrs)
            yield sheet, tag, row, height, col, width, attrs
            col += width


def _check_ods_extent(xml: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse an OpenDocument sheet whose cells with a value span more than the limits.

    calamine allocates every row up to the last one with a value times every column up
    to the last value in any row, so a small file with two values far apart asks for
    gigabytes; calamine's own cap is 100 million cells.
    """
    max_row = max_col = 0
    for sheet, tag, row, height, col, width, attrs in _ods_walk(xml):
        if tag == b"table":
            max_row = max_col = 0
        elif tag != b"table-row" and (b"office:value-type" in attrs
                                      or not attrs.endswith(b"/")):  # a cell with a value
            max_row, max_col = max(max_row, row + height), max(max_col, col + width)
            _check_corner(max_col, max_row, sheet, name, limits)


def _check_corner(col: int, row: int, sheet: str, name: str, limits: ReadLimits,
                  at_least: bool = False) -> None:
    """Refuse a sheet reaching row ``row`` and column ``col`` (1-based) if over the limits;
    ``at_least`` when counting stopped there, so the sheet reaches further still."""
    least = "minst " if at_least else ""
    if row > limits.max_rows or col > limits.max_columns:
        corner = f"{column_letter(col - 1)}{row}"
        raise fail(name, f"Bladet {sheet} sträcker sig till {least}cell {corner}: över "
                         f"gränsen {format_number(limits.max_rows)} rader eller "
                         f"{format_number(limits.max_columns)} kolumner.",
                   "Ta bort tomma rader och kolumner längst ned och till höger, eller "
                   "kopiera tabellen till en ny arbetsbok.", code="storlek")
    if row * col > limits.max_cells:
        raise fail(name, f"Bladet {sheet} spänner över {least}{format_number(row)} rader × "
                         f"{format_number(col)} kolumner, fler än gränsen "
                         f"{format_number(limits.max_cells)} celler.",
                   "Ta bort celler långt ned eller långt till höger, eller kopiera tabellen "
                   "till en ny arbetsbok.", code="storlek")



# -- findings --------------------------------------------------------------------------------

_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"'
                         rb'|<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')
_ERROR_CELL = re.compile(rb'<c\b[^>]*?\bt="e"[^>]*>')
# A formula not followed by a saved value: <f>..</f> (or <f .../>) then </c>, or an empty <v>.
_EMPTY_FORMULA = re.compile(rb'<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"')
_STYLED_CELL = re.compile(rb'<c\b(?=[^>]*?\ss="(\d+)")[^>]*?\br="([A-Z]+\d+)"[^>]*>')


def scan_findings(path: Path, parts: dict[str, str]) -> dict[str, Findings]:
    """Per sheet, what the parser reads as blank or without comment (see :data:`Findings`)."""
    out: dict[str, Findings] = {}
    with zipfile.ZipFile(path) as zf:
        percent = _percent_styles(zf) if any(parts) else frozenset()
        for sheet, part in parts.items():
            xml = zf.read(part)
            if sheet:
                out[sheet] = _sheet_findings(xml, percent)
            else:  # OpenDocument: every sheet in one part
                out.update(_ods_findings(xml))
    return out


#: Excel's built-in number formats that show a percentage: 0% and 0.00%.
_BUILTIN_PERCENT = frozenset({"9", "10"})
#: A format code's literal parts (quoted text, an escaped character), where a % is no format.
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.')


def _percent_styles(zf: zipfile.ZipFile) -> frozenset[str]:
    """The cell styles (``s`` indices) of a workbook whose number format shows a percentage.

    Excel stores such a cell's value as a fraction (45 % is 0.45); the reader scales it to
    the percentage the user sees, as it reads the text "45 %".
    """
    from defusedxml import ElementTree as SafeET

    try:
        root = SafeET.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return frozenset()
    percent = set(_BUILTIN_PERCENT)
    for element in root.iter():
        if element.tag.endswith("}numFmt"):
            code = _FORMAT_LITERAL.sub("", element.get("formatCode", ""))
            if "%" in code:
                percent.add(element.get("numFmtId", ""))
    styles: set[str] = set()
    for element in root.iter():
        if element.tag.endswith("}cellXfs"):
            styles.update(str(i) for i, xf in enumerate(element)
                          if xf.get("numFmtId") in percent)
    return frozenset(styles)


def _cell_before(xml: bytes, pos: int) -> str:
    start = xml.rfind(b"<c ", 0, pos)
    match = _CELL_REF.match(xml, start) if start >= 0 else None
    return (match.group(1) + match.group(2)).decode() if match else "?"


def _sheet_findings(xml: bytes, percent_styles: frozenset[str] = frozenset()) -> Findings:
    # Each pattern only where its needle occurs at all (a substring test costs ~1/10).
    hidden = frozenset(int(a or b) for a, b in _HIDDEN_ROW.findall(xml)) \
        if b'hidden="' in xml else frozenset()
    errors = tuple(_cell_before(xml, m.end()) for m in _ERROR_CELL.finditer(xml)) \
        if b't="e"' in xml else ()
    empty = tuple(_cell_before(xml, m.start()) for m in _EMPTY_FORMULA.finditer(xml)) \
        if b"<f" in xml else ()
    percent = tuple(ref.decode() for style, ref in _STYLED_CELL.findall(xml)
                    if style.decode() in percent_styles) if percent_styles else ()
    return hidden, errors, empty, percent


_ODS_PERCENT = re.compile(rb"""office:value-type\s*=\s*["']percentage["']""")
_ODS_SAVED_VALUE = re.compile(rb"office:(?:value|date-value|time-value|boolean-value|"
                              rb"string-value)\s*=")


def _ods_findings(xml: bytes) -> dict[str, Findings]:
    """Per sheet of an .ods, its hidden rows (collapsed or filtered), its formulas
    without a saved value (calamine reads those as blank) and its percentage cells."""
    if b"table:visibility=" not in xml and b"table:formula=" not in xml and \
            b'"percentage"' not in xml:
        return {}
    hidden: dict[str, set[int]] = {}
    formulas: dict[str, list[str]] = {}
    percent: dict[str, list[str]] = {}
    for sheet, tag, row, height, col, width, attrs in _ods_walk(xml):
        if tag == b"table-row":
            collapsed = b'table:visibility="collapse"' in attrs or \
                b'table:visibility="filter"' in attrs
            # A long run of hidden rows is the empty tail LibreOffice writes; no data there.
            if collapsed and height <= 10_000:
                hidden.setdefault(sheet, set()).update(range(row + 1, row + height + 1))
        elif b"table:formula=" in attrs and attrs.endswith(b"/") and \
                not _ODS_SAVED_VALUE.search(attrs):
            formulas.setdefault(sheet, []).append(f"{column_letter(col)}{row + 1}")
        elif _ODS_PERCENT.search(attrs) and width * height <= 10_000:
            percent.setdefault(sheet, []).extend(
                f"{column_letter(c)}{r + 1}" for r in range(row, row + height)
                for c in range(col, col + width))
    return {sheet: (frozenset(hidden.get(sheet, ())), (), tuple(formulas.get(sheet, ())),
                    tuple(percent.get(sheet, ())))
            for sheet in hidden.keys() | formulas.keys() | percent.keys()}
