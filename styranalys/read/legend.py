"""A file's own legend: what its symbols, colours and shapes mean, read as vocabulary.

    😊 = Delmålet bedöms bli uppfyllt under året.       (a line, anywhere in the file)
    ● Uppfyllt                                        (a symbol and its phrase)
    Illustration av en grön cirkel. | Når målet       (two cells, above a table or on a
                                                       legend sheet)
    [a cell filled green] | Når målet                 (a colour: its cells in the file
                                                       are read as "grön (cellfärg)")

Where the phrase is one the vocabulary knows, the symbol (or the description, such as a
symbol's alt text) gets that phrase's level for this file's sheets. A symbol is never given
a level otherwise: its meaning varies between municipalities. A profile's word on the same
symbol comes first. Each entry taken is noted; a legend whose phrase the vocabulary does not
know is noted too, so the user can give it a level.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .fills import fill_phrase, is_fill_phrase
from .goal_list import list_header
from .header import find_header
from .sources import Sheet
from .values import is_filled
from .vocabulary import Vocabulary, is_symbol

__all__ = ["LEGEND_LINE", "file_legend", "legend_line"]

#: "😊 = phrase", "● phrase", "✓: phrase": a symbol (one to four characters) and a phrase.
LEGEND_LINE = re.compile(r"^\s*(\S{1,4}?)\s*(?:=|:|–)?\s+(\S.*)$|^\s*(\S{1,4}?)\s*=\s*(\S.*)$")
#: A description that may stand for a symbol in a two-cell legend row, at most this long.
_DESCRIPTION = 80
#: Legends stand above a table or under it: the rows under a table looked at, at most.
_UNDER = 30
#: A sheet without a table is a legend sheet only this long, at most.
_LEGEND_SHEET = 200


def legend_line(text: str) -> tuple[str, str] | None:
    """A legend line's symbol and phrase, or None."""
    match = LEGEND_LINE.match(text)
    if not match:
        return None
    symbol, phrase = (match.group(1), match.group(2)) if match.group(1) else (
        match.group(3), match.group(4))
    return (symbol, phrase.strip()) if is_symbol(symbol) else None


def _pairs(sheet: Sheet, table: Mapping[str, str]) -> list[tuple[str, str, int]]:
    """(key, phrase, Excel row) of each legend entry in a sheet: symbol lines anywhere,
    two-cell rows above its table (or anywhere on a sheet without one)."""
    header = find_header(sheet.rows, table) or list_header(sheet)
    rows = sheet.rows
    above = min(len(rows), _LEGEND_SHEET) if header is None else header.top
    looked = [*range(above), *range(max(above, len(rows) - _UNDER), len(rows))]
    found = []
    for i in looked:
        row = rows[i]
        cells = [str(v).strip() for v in row if is_filled(v)]
        if len(cells) == 1 and (entry := legend_line(cells[0])):
            found.append((*entry, sheet.row0 + i + 1))
        elif len(cells) == 2 and i < above and len(cells[0]) <= _DESCRIPTION:
            found.append((cells[0], cells[1], sheet.row0 + i + 1))
        if sheet.fills and cells and (colour := _fill_before_phrase(sheet, i, row)):
            found.append((fill_phrase(colour), cells[-1], sheet.row0 + i + 1))
    return found


def _fill_before_phrase(sheet: Sheet, i: int, row: list[object]) -> str | None:
    """The colour of a filled cell left of a legend row's phrase (its last text cell):
    a coloured cell, with or without a description, beside the phrase it stands for."""
    last = max(j for j, v in enumerate(row) if is_filled(v))
    colours = [c for j in range(last) if (c := sheet.fill(sheet.row0 + i + 1, j))]
    return colours[0] if len(set(colours)) == 1 else None


def file_legend(sheets: list[Sheet], table: Mapping[str, str], vocabulary: Vocabulary,
                ) -> tuple[dict[str, int | None], list[str]]:
    """The symbols and descriptions a file's legends give a level, and a note for each
    legend entry (taken, or with a phrase the vocabulary does not know)."""
    legend: dict[str, int | None] = {}
    notes: list[str] = []
    for sheet in sheets:
        where = f"blad {sheet.name}, " if sheet.name else ""
        for key, phrase, row in _pairs(sheet, table):
            own_key = is_symbol(key) or is_fill_phrase(key)
            known_key, _ = vocabulary.level(key)
            if known_key and not own_key:
                continue  # a row of two phrases is no legend
            known, level = vocabulary.level(phrase)
            if known_key:
                continue  # the profile or the caller said what it means: theirs first
            if not known:
                if own_key:
                    notes.append(f"{where}rad {row}: teckenförklaringen säger {key} = "
                                 f"{phrase[:60]!r}, en fras som vokabulären inte känner")
                continue
            if key not in legend:
                legend[key] = level
                shown = "ej bedömd" if level is None else f"nivå {level}"
                notes.append(f"{where}rad {row}: teckenförklaringen {key!r} = {phrase[:60]!r} "
                             f"({shown}) gäller filens bedömningar")
    return legend, notes
