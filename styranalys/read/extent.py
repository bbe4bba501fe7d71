"""Each sheet's extent, counted before calamine parses it.

calamine allocates the bounding box of a sheet's cells (32 bytes a cell) wherever and however
their references are written, so the check must see every cell: a sheet whose cell tags are
all plain, as Excel, LibreOffice and openpyxl write them, is bounded by one fast scan; any
other is counted tag by tag the way calamine places cells. An OpenDocument sheet is counted
with its repeated rows and cells.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from html import unescape

from ..problems import column_letter
from ..swedish import format_number
from .limits import ReadLimits, fail

__all__ = ["check_extent", "check_ods_extent", "column_number", "ods_walk"]


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CHUNK = 1 << 18
#: A tag still open after this many bytes is no spreadsheet's; it is counted exactly.
_LONGEST_TAG = 1 << 20
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
#: The rest of a cell tag is not self-closing (its attributes may quote a ">" or a "/>").
_NOT_EMPTY = rb"""(?!(?:[^>"']|"[^"]*"|'[^']*')*/>)"""


def column_number(letters: bytes) -> int:
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
        need = (column_number(ref.group(1)), len(ref.group(2)))
        if need[0] <= shape[0] and need[1] <= shape[1]:
            return None  # the reference fits; something else in the tag is not plain
        columns, digits = max(columns, need[0]), max(digits, need[1])
    return None


def check_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo, head: bytes, sheet: str,
                  name: str, limits: ReadLimits) -> None:
    """Refuse a sheet whose declared or real extent is over the limits; ``head`` is the
    start of the sheet, already read for the DTD check."""
    match = _DIMENSION.search(head, 0, 4096)
    corner = None
    if match:
        col, row = match.group(3) or match.group(1), int(match.group(4) or match.group(2))
        corner = (column_number(col), row)
        if _shape_for(corner[0], len(str(corner[1])), limits) is None:
            # Exporters declare formatting down to row 1 048 576 over a few dozen rows of
            # data; what counts is where cells with a value lie, so the scan decides.
            corner = None
    if _plain_bound(lambda: _chunks(zf, info), corner, limits) is not None:
        return
    xml = zf.read(info)
    if _all_plain([xml], _ANY_PLAIN):
        refs = set(_PLAIN_FILLED.findall(xml))
        max_col = max((column_number(c) for c, _ in refs), default=0)
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
            col = column_number(ref[0]) if ref[0] else next_col
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


def ods_walk(xml: bytes) -> Iterator[tuple[str, bytes, int, int, int, int, bytes]]:
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


def check_ods_extent(xml: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse an OpenDocument sheet whose cells with a value span more than the limits.

    calamine allocates every row up to the last one with a value times every column up
    to the last value in any row, so a small file with two values far apart asks for
    gigabytes; calamine's own cap is 100 million cells.
    """
    max_row = max_col = 0
    for sheet, tag, row, height, col, width, attrs in ods_walk(xml):
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
