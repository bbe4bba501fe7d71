"""Swedish number formatting: decimal comma and a (no-break) space between thousands."""

from __future__ import annotations

import math

import pandas as pd

from ._text import fold

__all__ = ["format_number", "format_percent", "format_value", "unit_text", "year_span"]

NBSP = "\u00a0"


def format_number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` -> ``"1 234,5"`` (no-break space); NA -> ``"–"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    try:
        if value != value:  # pd.NA raises, NaN-like objects are not equal to themselves
            return "–"
    except TypeError:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)
    return text.replace("-", "\u2212") if text.startswith("-") else text


def format_percent(share: float | None, decimals: int = 0) -> str:
    """A share 0-1 as Swedish percent: ``0.6`` -> ``"60 %"``."""
    if share is None:
        return "–"
    text = format_number(None if share != share else share * 100, decimals)
    return text if text == "–" else f"{text}{NBSP}%"


#: Units as a reader writes them after a number ("45 443 st", "1 234 kr/inv").
#: Keys are folded (see ``_text.fold``: "kr/invånare" -> "kr invanare"); "%" folds to "".
_UNITS = {"antal": "st", "st": "st", "stycken": "st", "procent": "%", "": "%",
          "andel": "%", "kronor": "kr", "kr": "kr", "kr invanare": "kr/inv",
          "kr per invanare": "kr/inv", "kronor per invanare": "kr/inv",
          "kr inv": "kr/inv", "antal invanare": "per inv", "antal inv": "per inv"}


def unit_text(unit: object) -> str:
    """The unit as a reader writes it after a number: "antal" -> "st", "procent" -> "%"."""
    if pd.isna(unit) or str(unit).strip() == "":
        return ""
    text = " ".join(str(unit).split())
    key = fold(text)
    if not key and text.strip("() ") != "%":  # punctuation other than a per cent sign
        return text
    return _UNITS.get(key, text)


def format_value(value: float | None, unit: object = None, decimals: int = 1) -> str:
    """A measured value with its unit: ``45443.0, "antal"`` -> ``"45 443 st"``,
    ``53.24, "%"`` -> ``"53,2 %"``. Whole numbers get no decimals."""
    number = format_number(value, 0 if pd.isna(value) or float(value).is_integer()
                           else decimals)
    shown = unit_text(unit)
    return number if number == "–" or not shown else f"{number}{NBSP}{shown}"


def year_span(first: object, last: object) -> str:
    """"2017–2024", or one year where the range is one: "2021" (never "2021–2021")."""
    first, last = int(first), int(last)  # type: ignore[call-overload]
    return str(first) if first == last else f"{first}–{last}"
