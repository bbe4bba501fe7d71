"""Numbers as people write them in goal tables, where a plain number would not do.

    "Minst 60 %", "Lägst 41", "≥ 30", "> 40"     -> 60, 41, 30, 40; higher is better
    "Max 13,2 %", "Högst 5", "≤12", "< 3"       -> 13.2, 5, 12, 3; lower is better
    "Ska öka", "Ska minska"                     -> no number; the direction only
    "Minst index 41", "Minst NKI 75"            -> 41 (unit "index"), 75 (unit "NKI")
    "5,7 % (2020).", "38 % (2021)"              -> 5.7 for 2020, 38 for 2021 (unit "%")
    "12,8 *)", "45 1)"                          -> 12.8 and 45, with the footnote marker
    "95😊", "● 78 %"                            -> 95 and 78, with the symbol beside them
    "Statistik saknas", "Uppgift saknas", "Ej mätt" -> a missing value

Only a cell that is not a plain number is read here, one cell at a time: a sheet of plain
numbers never pays for it. A cell with two numbers ("12 eller 14") is neither value: the
reader makes it a located problem that names both. Nothing else is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .._text import fold

__all__ = ["MISSING_WORDS", "Written", "read_written", "split_symbol"]

#: Words for a value that is missing (counted as missing, as "..", "-" and "…" are).
MISSING_WORDS = frozenset({"statistik saknas", "uppgift saknas", "ej matt", "inte matt",
                           "ej aktuellt", "inte aktuellt", "data saknas", "saknas",
                           "vardet saknas", "ej tillgangligt", "inte tillgangligt"})

_NUMBER = re.compile(r"[-−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|[-−]?\d+(?:[.,]\d+)?")
_YEAR = re.compile(r"\(\s*(?:år\s*)?((?:19|20)\d\d)\s*\)\s*$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\s*(\*+\)?|\(\d{1,2}\)|(?<=\s)\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹])\s*$")
_AT_LEAST = re.compile(r"^(?:minst|lägst|min\.?|minimum|över|mer än|≥|>=|>)\s*", re.I)
_AT_MOST = re.compile(r"^(?:max\.?|maximalt|högst|under|mindre än|≤|<=|<)\s*", re.I)
#: Signs that belong to a number or its unit, though Unicode files them as symbols.
_UNIT_SIGNS = frozenset("°©®℃℉")
#: What joins or varies an emoji without being one: variation selectors, zero-width joiner.
_EMOJI_PARTS = frozenset("\ufe0e\ufe0f\u200d")
_RISE = re.compile(r"^(?:ska\s+)?(?:öka|ökas|höjas|stiga|förbättras)$", re.I)
_FALL = re.compile(r"^(?:ska\s+)?(?:minska|minskas|sänkas|sjunka)$", re.I)


@dataclass(frozen=True)
class Written:
    """What one written cell says: its number, and what stood around it."""

    value: float | None = None
    year: int | None = None
    riktning: str | None = None
    unit: str | None = None
    footnote: str | None = None
    missing: bool = False
    #: Every number the cell holds, when it holds more than one (then ``value`` is None).
    numbers: tuple[str, ...] = ()
    #: A symbol stuck to the number ("95😊"): the assessment, whose meaning the file's
    #: legend or the profile gives (never a default).
    symbol: str | None = None


def _symbol_char(c: str) -> bool:
    return c in _EMOJI_PARTS or (unicodedata.category(c) in ("So", "Sk")
                                 and c not in _UNIT_SIGNS)


def split_symbol(text: str) -> tuple[str, str] | None:
    """``(rest, symbol)`` where a run of symbols (emoji, shapes, check marks) stands at the
    start or the end of a cell that also holds a number: "95😊" -> ("95", "😊")."""
    text = text.strip()
    end = len(text)
    while end and (_symbol_char(text[end - 1]) or (text[end - 1] == " " and end < len(text))):
        end -= 1
    start = 0
    while start < end and (_symbol_char(text[start]) or (text[start] == " " and start)):
        start += 1
    symbol = (text[:start] + text[end:]).replace(" ", "")
    rest = text[start:end].strip()
    if not symbol or not any(c.isdigit() for c in rest):
        return None
    return rest, symbol


def _number(text: str) -> float:
    cleaned = re.sub(r"[ \u00a0\u202f]", "", text).replace("−", "-").replace(",", ".")
    return float(cleaned)


def _tail(text: str) -> tuple[str, str | None, int | None]:
    """The text without a footnote marker and a year in brackets at its end, and those."""
    footnote = year = None
    if found := _FOOTNOTE.search(text):
        footnote, text = found.group(1), text[:found.start()].rstrip(" .")
    if found := _YEAR.search(text):
        year, text = int(found.group(1)), text[:found.start()].rstrip(" .")
    return text, footnote, year


def _comparison(text: str) -> tuple[str, str | None]:
    """The text without "Minst"/"Max"/"≥"/"≤" …, and the direction it gives."""
    if found := _AT_LEAST.match(text):
        return text[found.end():], "hogre"
    if found := _AT_MOST.match(text):
        return text[found.end():], "lagre"
    return text, None


def read_written(cell: object) -> Written | None:
    """What a text cell says as a number (see the module docstring), or None where it
    says nothing a reader could take as one."""
    if not isinstance(cell, str):
        return None
    text = " ".join(cell.split()).rstrip(".").strip()
    try:
        float(text.replace(",", "."))
        return None  # a number Python reads ("inf", "2e308"): the plain parser's to judge
    except ValueError:
        pass
    if fold(text) in MISSING_WORDS:
        return Written(missing=True)
    symbol = None
    if stuck := split_symbol(text):
        text, symbol = stuck
    text, footnote, year = _tail(text)
    if _RISE.match(text) or _FALL.match(text):
        return Written(riktning="hogre" if _RISE.match(text) else "lagre", year=year,
                       footnote=footnote)
    text, riktning = _comparison(text)
    numbers = _NUMBER.findall(text)
    if len(numbers) > 1:
        return Written(numbers=tuple(numbers))
    if not numbers:
        return None
    rest = " ".join(_NUMBER.sub(" ", text, count=1).split())
    unit = "%" if "%" in rest or fold(rest) == "procent" else (rest or None)
    if unit is not None and not re.fullmatch(r"[\w%/ .-]{1,30}", unit):
        return None  # words around the number that say more than a unit
    return Written(_number(numbers[0]), year, riktning, unit, footnote, symbol=symbol)
