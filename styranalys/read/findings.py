"""What calamine reads as blank or without comment, found while it parses.

calamine releases the GIL while it parses, so a second thread finds, per sheet: error values,
formulas without a saved value, hidden rows, cells formatted as a percentage (stored as
a fraction, shown times 100) and cells filled with a colour (see :mod:`.fills`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..problems import column_letter
from .extent import ods_walk
from .fills import fill_styles

__all__ = ["Findings", "scan_findings"]

#: Per sheet: hidden rows, cells with an error value, cells with a formula but no value,
#: cells formatted as a percentage (their value is a fraction; the sheet shows it times 100),
#: and filled cells with their colour's name ({"C7": "grön"}).
Findings = tuple[frozenset[int], tuple[str, ...], tuple[str, ...], tuple[str, ...],
                 dict[str, str]]
#: Filled cells noted per sheet, at most (a sheet coloured all over says nothing per cell).
_MAX_FILLS = 10_000


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
        percent, fills = _styles(zf) if any(parts) else (frozenset(), {})
        for sheet, part in parts.items():
            xml = zf.read(part)
            if sheet:
                out[sheet] = _sheet_findings(xml, percent, fills)
            else:  # OpenDocument: every sheet in one part
                out.update(_ods_findings(xml))
    return out


#: Excel's built-in number formats that show a percentage: 0% and 0.00%.
_BUILTIN_PERCENT = frozenset({"9", "10"})
#: A format code's literal parts (quoted text, an escaped character), where a % is no format.
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.')


def _styles(zf: zipfile.ZipFile) -> tuple[frozenset[str], dict[str, str]]:
    """The cell styles (``s`` indices) of a workbook whose number format shows a
    percentage, and those that fill a cell with a colour (style -> colour name).

    Excel stores a percentage cell's value as a fraction (45 % is 0.45); the reader scales
    it to the percentage the user sees, as it reads the text "45 %".
    """
    from defusedxml import ElementTree as SafeET

    try:
        root = SafeET.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return frozenset(), {}
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
    return frozenset(styles), fill_styles(zf, root)


def _cell_before(xml: bytes, pos: int) -> str:
    start = xml.rfind(b"<c ", 0, pos)
    match = _CELL_REF.match(xml, start) if start >= 0 else None
    return (match.group(1) + match.group(2)).decode() if match else "?"


def _sheet_findings(xml: bytes, percent_styles: frozenset[str] = frozenset(),
                    fill_styles: dict[str, str] | None = None) -> Findings:
    # Each pattern only where its needle occurs at all (a substring test costs ~1/10).
    hidden = frozenset(int(a or b) for a, b in _HIDDEN_ROW.findall(xml)) \
        if b'hidden="' in xml else frozenset()
    errors = tuple(_cell_before(xml, m.end()) for m in _ERROR_CELL.finditer(xml)) \
        if b't="e"' in xml else ()
    empty = tuple(_cell_before(xml, m.start()) for m in _EMPTY_FORMULA.finditer(xml)) \
        if b"<f" in xml else ()
    styled = _STYLED_CELL.findall(xml) if percent_styles or fill_styles else []
    percent = tuple(ref.decode() for style, ref in styled
                    if style.decode() in percent_styles) if percent_styles else ()
    fills: dict[str, str] = {}
    for style, ref in styled if fill_styles else ():
        if (colour := fill_styles.get(style.decode())) and len(fills) < _MAX_FILLS:
            fills[ref.decode()] = colour
    return hidden, errors, empty, percent, fills


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
    for sheet, tag, row, height, col, width, attrs in ods_walk(xml):
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
                    tuple(percent.get(sheet, ())), {})
            for sheet in hidden.keys() | formulas.keys() | percent.keys()}

