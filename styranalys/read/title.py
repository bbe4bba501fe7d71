"""What a sheet's name and the rows above its header say: nämnd, goal type, year, period.

A sheet per goal type or per nämnd ("Utvecklingsmål", "Socialnämnden", a title row
"Tillväxtnämnden – utvecklingsmål 2022") reads like a table with those columns: every layout
takes what the title says where its own columns are silent.
"""

from __future__ import annotations

import re

from .._text import fold
from ..contract import MALTYP_WORDS, PERIOD_WORDS
from .header import HeaderRow
from .sources import Sheet

__all__ = ["title_context", "years_in"]

_NAMND = re.compile(
    r"((?:[A-ZÅÄÖ][a-zåäö]+- och )?[A-ZÅÄÖ][a-zåäö]*(?:nämnden|nämnd|styrelsen|fullmäktige)"
    r"(?: [A-ZÅÄÖ][a-zåäö]+)?)"
)
_NAMND_SHEET = re.compile(r"(namnd|styrelse|fullmaktige)", re.IGNORECASE)


# A year in a title, not one inside a date such as "Uppdaterad 2024-02-01".
_YEAR = re.compile(r"(?<![\d\-/.])((?:19|20)\d\d)(?![\d\-/.]\d)")


#: A caption that ends with its unit: "Finansiellt mål, Mkr", "Kostnad (tkr)".
_UNIT = re.compile(r"(?:,\s*|\()\s*(Mkr|mnkr|tkr|kr|kr/inv|%|procent|antal|st|mdkr)\)?$",
                   re.IGNORECASE)


def years_in(texts: list[str]) -> set[int]:
    """The years that title texts name (not those inside a date)."""
    return {int(y) for t in texts for y in _YEAR.findall(t)}


def title_context(sheet: Sheet, header: HeaderRow | None) -> dict[str, object]:
    """Nämnd, goal type, year and period said by the sheet name or the rows above the header."""
    texts = [sheet.name or ""]
    above = sheet.rows[: header.top] if header else sheet.rows[:3]
    texts += [str(v) for row in above for v in row if isinstance(v, str) and v.strip()]
    found: dict[str, object] = {}
    words = " ".join(fold(t) for t in texts)
    if "illustrativ" in words:
        found["illustrative"] = True
    types = {t for w, t in MALTYP_WORDS.items() if re.search(rf"\b{w}\b", words)}
    if len(types) == 1:
        found["maltyp"] = types.pop()
    years = years_in(texts)
    if len(years) == 1:
        found["ar"] = years.pop()
    units = {m.group(1) for t in texts[1:] if (m := _UNIT.search(t.strip()))}
    if len(units) == 1:
        found["enhet"] = units.pop()
    periods = {p for w, p in PERIOD_WORDS.items() if len(w) > 3 and re.search(rf"\b{w}\b", words)}
    if len(periods) == 1:
        found["period"] = periods.pop()
    # A title row names the nämnd in full; a sheet name may be cut at Excel's 31 characters.
    names = {m.group(1) for t in texts[1:] for m in _NAMND.finditer(t)}
    if len(names) == 1:
        found["namnd"] = names.pop()
    elif sheet.name and _NAMND_SHEET.search(fold(sheet.name)):
        match = _NAMND.search(sheet.name)  # "Socialnämnden 2022": the nämnd, not the year
        found["namnd"] = match.group(1) if match else sheet.name.strip()
    return found
