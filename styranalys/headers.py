"""The header table: which column headings mean which field of the tidy frames.

Headings match whatever their case, spacing (no-break spaces included), diacritics and
punctuation, so "Mål värde", "MÅLVÄRDE" and "Målvärde:" are the same. Extend the table for
your own files with :func:`header_synonyms` and the ``headers=`` argument of the readers::

    read_indicators("data/raw", headers={"malvarde": ["Förväntat värde"]})
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ._text import fold

__all__ = ["HEADER_SYNONYMS", "header_synonyms"]

#: Field of the tidy frames -> the headings that mean it. A heading that names a goal type
#: ("Utvecklingsmål", "Kvalitetsfaktor", "Grunduppdrag") also says the rows' ``maltyp``.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "namnd": ("Nämnd", "Styrelse", "Organisation", "Nämnd/styrelse", "Styrelse/nämnd",
              "Ansvarig nämnd", "Nämnd/bolag"),
    "ar": ("År", "Year", "Årtal", "Verksamhetsår", "Uppföljningsår"),
    "period": ("Period", "Uppföljning", "Rapport", "Uppföljningstillfälle", "Tillfälle"),
    "maltyp": ("Måltyp", "Typ", "Typ av mål", "Nivå i styrmodellen"),
    "omrade": ("Område", "Perspektiv", "Målområde", "Fokusområde", "Strategiskt område",
               "Inriktning"),
    "mal_id": ("Mål-ID", "Målid", "Mål id", "Mål nr", "Målnummer", "Mål-nr", "Målnr"),
    "mal": ("Mål", "Målformulering", "Mål (text)", "Måltext", "Mål och uppdrag", "Goal",
            "Utvecklingsmål", "Kvalitetsfaktor", "Kvalitetsfaktorer", "Grunduppdrag",
            "Grunduppdragen"),
    "bedomning": ("Bedömning", "Måluppfyllelse", "Måluppfyllnad", "Uppfyllelse", "Status",
                  "Grad av kvalitet", "Uppfyllelse av grunduppdrag", "Bedömning av måluppfyllelse",
                  "Samlad bedömning", "Måluppfyllelse bedömning", "Prognos"),
    "kommentar": ("Kommentar", "Kommentarer", "Analys", "Motivering", "Kommentar/analys",
                  "Analys/kommentar", "Beskrivning"),
    "indikator_id": ("Indikator-ID", "Indikatorid", "Indikator id", "Id", "KPI-id", "KPI id",
                     "Kolada-id", "Kolada id", "Nyckeltals-id", "Nyckeltal id", "Kod", "Mått-id"),
    "indikator": ("Indikator", "Indikatorer", "Nyckeltal", "Mått", "Mätetal", "KPI",
                  "Indikatornamn", "Indikator namn", "Styrtal"),
    "enhet": ("Enhet", "Måttenhet", "Enhet/mått"),
    "riktning": ("Riktning", "Önskad riktning", "Önskvärd riktning", "Bättre", "Önskat läge",
                 "Önskad utveckling"),
    "varde": ("Värde", "Utfall", "Resultat", "Utfallsvärde", "Värde utfall", "Utfall värde",
              "Value"),
    "ingangsvarde": ("Ingångsvärde", "Utgångsvärde", "Basvärde", "Startvärde", "Basår",
                     "Nuläge", "Ingångsvärde (basår)"),
    "malvarde": ("Målvärde", "Mål värde", "Målnivå", "Mål nivå", "Target", "Målsättning"),
    "malar": ("Målår", "Mål år", "År för målvärde", "Målvärde år", "Målvärdesår", "Mål till år"),
    "kon": ("Kön", "Kon", "Gender"),
}

_MALTYP_HEADINGS = {
    "utvecklingsmal": "utvecklingsmal",
    "kvalitetsfaktor": "kvalitetsfaktor",
    "kvalitetsfaktorer": "kvalitetsfaktor",
    "grunduppdrag": "grunduppdrag",
    "grunduppdragen": "grunduppdrag",
}

# "2021", "År 2021", "2021 utfall", "Utfall 2021", "2021.0" (a number Excel stored as text).
_YEAR_HEADING = re.compile(
    r"^(?:(?:ar|utfall|varde|resultat|bedomning|bokslut) )?((?:19|20)\d\d)(?: 0)?"
    r"(?: (?:utfall|varde|resultat|bedomning|bokslut|ar))?$"
)
# "Målvärde 2024", "Målvärde (2024)", "Mål 2024": the target and its year in one heading.
_TARGET_YEAR_HEADING = re.compile(r"^(?:malvarde|mal varde|malniva|mal)( ?)((?:19|20)\d\d)$")


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
    if value is None:
        return Heading()
    if isinstance(value, bool):
        return Heading()
    if isinstance(value, int | float):
        if float(value).is_integer() and 1900 <= value <= 2099:
            return Heading(year=int(value))
        return Heading()
    key = fold(value)
    if not key:
        return Heading()
    if key in table:
        return Heading(field=table[key], maltyp=_MALTYP_HEADINGS.get(key))
    match = _YEAR_HEADING.match(key)
    if match:
        return Heading(year=int(match.group(1)))
    match = _TARGET_YEAR_HEADING.match(key)
    if match:
        return Heading(field="malvarde", year=int(match.group(2)))
    return Heading()
