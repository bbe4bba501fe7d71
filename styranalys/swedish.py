"""Swedish number formatting: decimal comma and a (no-break) space between thousands."""

from __future__ import annotations

import math

__all__ = ["format_number", "format_percent"]

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
