"""Text sources: CSV, TSV and TXT as Excel and LibreOffice save them.

Excel's "CSV (semikolonavgränsad)", comma-separated files, tab-separated "Unicode text"
(UTF-16) and cp1252 from Excel on Windows are all read; the delimiter is found from the
first lines, never guessed per row.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from .limits import ReadLimits, fail
from .sniff import utf16_guess
from .sources import Sheet, source

__all__ = ["read_text"]


@source("csv")
def read_text(path: Path, name: str, limits: ReadLimits) -> list[Sheet]:
    """The one sheet of a text file."""
    try:
        return [_read_csv(path, name)]
    except (csv.Error, UnicodeError) as exc:
        raise fail(name, f"Textfilen går inte att läsa som CSV ({exc}).",
                   "Spara den från Excel som CSV (semikolonavgränsad) igen.",
                   code="trasig") from None


def _decode(raw: bytes) -> str:
    """Text of a CSV file: BOM-marked UTF-8/UTF-16 (Excel's "Unicode text"), BOM-less
    UTF-16, else UTF-8, else cp1252 (Excel on Windows). Never decoded into "Ã¥"."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    guess = utf16_guess(raw)
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
