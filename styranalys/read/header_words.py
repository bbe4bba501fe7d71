"""What one header cell means: a field, a year, a goal type or a kön.

Headings match whatever their case, spacing (no-break spaces included), diacritics and
punctuation, so "Mål värde", "MÅLVÄRDE" and "Målvärde:" are the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .._text import fold
from ..contract import HEADER_SYNONYMS, MALTYP_WORDS

__all__ = ["KON_HEADINGS", "YEAR_AND_KON", "Heading", "classify_heading", "header_synonyms"]

# "2021", "År 2021", "2021 utfall", "Utfall 2021", "2021.0" (a number Excel stored as text).
_YEAR_HEADING = re.compile(
    r"^(?:(?:ar|utfall|varde|resultat|bedomning|bokslut) )?((?:19|20)\d\d)(?: 0)?"
    r"(?: (?:utfall|varde|resultat|bedomning|bokslut|ar))?$"
)
#: Headings of value columns for one kön: "Kvinnor | Män | Totalt".
KON_HEADINGS = {"kvinnor": "K", "man": "M", "flickor": "K", "pojkar": "M", "totalt": "T",
                "samtliga": "T", "k": "K", "m": "M"}
# "2022 Kvinnor", "Män 2023": a year's column for one kön (see kon_columns).
_KON_WORDS = "|".join(KON_HEADINGS)
YEAR_AND_KON = re.compile(rf"^(?:((?:19|20)\d\d) ({_KON_WORDS})|({_KON_WORDS}) ((?:19|20)\d\d))$")
# "Basår 2019", "Ingångsvärde (basår 2019)", "Ingångsvärde 2019": the baseline and its year.
_BASE_YEAR_HEADING = re.compile(r"^(?:(?:ingangsvarde|utgangsvarde|basvarde|startvarde)"
                                r"(?: basar| ar)?|basar|basaret) ((?:19|20)\d\d)$")
# "Målvärde 2024", "Målvärde (2024)", "Mål 2024": the target and its year in one heading.
_TARGET_YEAR_HEADING = re.compile(r"^(?:malvarde|mal varde|malniva|mal)( ?)((?:19|20)\d\d)$")


# A known heading and a qualifier after "i", "för" or "enligt": "Målbedömning i årsrapport".
_QUALIFIED = re.compile(r"^(.+?) (?:i|for|enligt) [a-z].*$")


@dataclass(frozen=True)
class Heading:
    """What one header cell means: a field, or a year column, or nothing known."""

    field: str | None = None
    year: int | None = None
    maltyp: str | None = None


def header_synonyms(extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """The folded heading -> field table, with a user's ``extra`` headings added."""
    table: dict[str, str] = {}
    for field, names in HEADER_SYNONYMS.items():
        for name in names:
            table[fold(name)] = field
    for field, names in (extra or {}).items():
        if field not in HEADER_SYNONYMS:
            known = ", ".join(HEADER_SYNONYMS)
            raise ValueError(f"Okänt fält {field!r} i headers=. Kända fält: {known}.")
        for name in [names] if isinstance(names, str) else names:
            table[fold(name)] = field
    return table


def classify_heading(value: object, table: Mapping[str, str]) -> Heading:
    """What a header cell means, given the folded synonym table."""
    if value is None or isinstance(value, bool):
        return Heading()
    if isinstance(value, int | float):
        if float(value).is_integer() and 1900 <= value <= 2099:
            return Heading(year=int(value))
        return Heading()
    key = fold(value)
    if not key:
        return Heading()
    if key in table:
        return Heading(field=table[key], maltyp=MALTYP_WORDS.get(key))
    match = _QUALIFIED.match(key)  # "Målbedömning i årsrapport": the heading, qualified
    if match and match.group(1) in table:
        return Heading(field=table[match.group(1)], maltyp=MALTYP_WORDS.get(match.group(1)))
    if match := _YEAR_HEADING.match(key) or YEAR_AND_KON.match(key):  # "2022 Kvinnor" too
        return Heading(year=int(next(g for g in match.groups() if g and g[0] in "12")))
    if match := _BASE_YEAR_HEADING.match(key):
        return Heading(field="ingangsvarde", year=int(match.group(1)))
    match = _TARGET_YEAR_HEADING.match(key)
    if match:
        return Heading(field="malvarde", year=int(match.group(2)))
    return Heading()
