"""A sheet that gives no rows, accounted for: a note where it is plainly not data (empty,
a cover page, a legend), else a located problem that says what the reader saw.

The problem names the row that looks most like a header (its Excel row and cells), the
headings it recognised, and what was missing, with a hint in the file's own words: the
heading that could be the missing column, written as the ``[headers]`` line of a profile.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._text import fold
from ..contract import FIELD_LABELS, HEADER_SYNONYMS, KOLADA_HEADERS
from ..problems import Problem, column_letter
from .header import HEADER_SEARCH_ROWS, HeaderRow, classify_heading
from .sources import Sheet
from .values import is_filled

__all__ = ["Candidate", "candidate_header", "explain_unread", "plainly_not_data",
           "suggest_field", "suggested_headers"]

#: Names and first lines of a legend sheet: symbols and phrases, no data.
_LEGEND = ("teckenforklaring", "forklaring", "legend", "symbolforklaring", "forklaringar",
           "lasanvisning", "instruktion", "instruktioner", "innehall", "om rapporten",
           "forsattsblad")
#: A cover page or a sheet of prose: at most this many filled cells, none side by side.
_COVER_CELLS = 6

#: Words inside a heading that hint at the column it could be (checked in this order;
#: the first that a folded word of the heading contains or ends with wins).
_HINT_STEMS: tuple[tuple[str, str], ...] = (
    ("malvarde", "malvarde"), ("malniva", "malvarde"), ("ingangsvarde", "ingangsvarde"),
    ("utgangsvarde", "ingangsvarde"), ("basvarde", "ingangsvarde"),
    ("bedomning", "bedomning"), ("uppfyll", "bedomning"), ("prognos", "bedomning"),
    ("indikator", "indikator"), ("nyckeltal", "indikator"), ("matetal", "indikator"),
    ("varde", "varde"), ("utfall", "varde"), ("resultat", "varde"),
    ("mal", "mal"), ("namnd", "namnd"), ("styrelse", "namnd"), ("organisation", "namnd"),
    ("omrade", "omrade"), ("perspektiv", "omrade"), ("enhet", "enhet"),
    ("kommentar", "kommentar"), ("beskrivning", "kommentar"), ("datum", "ar"),
)

class Candidate:
    """The row of a sheet that looks most like a header, and what its cells mean."""

    def __init__(self, sheet: Sheet, index: int, table: Mapping[str, str]) -> None:
        self.sheet = sheet
        self.index = index
        self.cells = list(sheet.rows[index])
        self.headings = [classify_heading(v, table) for v in self.cells]

    @property
    def excel_row(self) -> int:
        return self.sheet.row0 + self.index + 1

    def letter(self, col: int) -> str:
        return column_letter(col + self.sheet.col0)

    def shown(self) -> str:
        """The row's filled cells, as "Region | Åldersklass | 2006 … 2016"."""
        texts = [str(v).strip() for v in self.cells if is_filled(v)]
        if len(texts) > 8:
            texts = [*texts[:5], "…", texts[-1]]
        return " | ".join(texts)

    def fields(self) -> dict[str, str]:
        """Recognised headings: field -> the heading as written."""
        out: dict[str, str] = {}
        for v, h in zip(self.cells, self.headings, strict=True):
            if h.field:
                out.setdefault(h.field, str(v).strip())
        return out

    def years(self) -> list[int]:
        return sorted(h.year for h in self.headings if h.year and not h.field)

    def unknown(self) -> list[str]:
        """Filled headings that mean nothing known, as written."""
        return [str(v).strip() for v, h in zip(self.cells, self.headings, strict=True)
                if is_filled(v) and not h.field and not h.year]


def candidate_header(sheet: Sheet, table: Mapping[str, str]) -> Candidate | None:
    """The row among the first ones with the most recognised headings, then the most filled
    text cells; at least two cells filled. None where no row has two."""
    best: tuple[tuple[int, int], int] | None = None
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        texts = sum(1 for v in row if isinstance(v, str) and v.strip())
        if sum(1 for v in row if is_filled(v)) < 2:
            continue
        headings = [classify_heading(v, table) for v in row]
        known = len({h.field for h in headings if h.field}) + sum(1 for h in headings if h.year)
        if texts == 0 and known == 0:
            continue
        score = (known, texts)
        if best is None or score > best[0]:
            best = (score, i)
    return None if best is None else Candidate(sheet, best[1], table)


def plainly_not_data(sheet: Sheet) -> str | None:
    """Why a sheet holds no table at all (empty, a legend, a cover page), or None."""
    filled = [(i, v) for i, row in enumerate(sheet.rows) for v in row if is_filled(v)]
    if not filled:
        return "bladet är tomt"
    first = fold(filled[0][1])
    name = fold(sheet.name or "")
    if any(name.startswith(w) or first.startswith(w) for w in _LEGEND):
        return "bladet är en teckenförklaring eller instruktion, inga data"
    rows = [i for i, _ in filled]
    numbers = any(isinstance(v, int | float) and not isinstance(v, bool) for _, v in filled)
    if len(filled) <= _COVER_CELLS and len(set(rows)) == len(rows) and not numbers:
        return "bladet har bara några rader text, ingen tabell"
    return None


def suggest_field(heading: str) -> str | None:
    """The contract column a heading's words hint at ("Målbedömning i årsrapport" ->
    "bedomning"), or None."""
    words = fold(heading).split()
    for stem, column in _HINT_STEMS:
        if any(stem in w if len(stem) > 3 else w.endswith(stem) for w in words):
            return column
    return None


def explain_unread(sheet: Sheet, table: Mapping[str, str], header: HeaderRow | None,
                   ) -> tuple[Problem | None, str | None, Candidate | None]:
    """For a sheet that gave no rows: a problem (or a note, where the sheet is plainly not
    data) and the candidate header row it names."""
    reason = plainly_not_data(sheet)
    if reason is not None:
        return None, reason, None
    candidate = candidate_header(sheet, table) if header is None else Candidate(
        sheet, header.index, table)
    if candidate is None:
        return _no_table(sheet), None, None
    fields = candidate.fields()
    years = candidate.years()
    missing = _missing(fields, years)
    seen = [f"{w} ({FIELD_LABELS[f]})" for f, w in fields.items()]
    if years:
        seen.append(f"årskolumnerna {years[0]}–{years[-1]}" if len(years) > 1
                    else f"årskolumnen {years[0]}")
    said = "känner igen " + ", ".join(seen) if seen else "känner inte igen någon av rubrikerna"
    message = (f"Bladet gav inga rader. Rad {candidate.excel_row} ser ut som rubrikraden "
               f"({candidate.shown()}): styranalys {said}, men {missing}.")
    problem = Problem(file=sheet.file, sheet=sheet.name, row=candidate.excel_row,
                      message=message, hint=_hint(candidate, fields), code="blad_utan_tabell")
    return problem, None, candidate


def _missing(fields: Mapping[str, str], years: list[int]) -> str:
    """What a table of the kind the headings point to lacks, in words."""
    if "indikator" not in fields and (years or {"varde", "malvarde", "ingangsvarde"} & set(
            fields)):
        return "ingen kolumn säger vilken indikator raden gäller (" + _synonyms(
            "indikator") + ")"
    if "mal" in fields:
        return ("en måltabell behöver också en bedömning (" + _synonyms("bedomning")
                + ") eller årskolumner")
    if "bedomning" in fields:
        return "ingen kolumn har målets text (" + _synonyms("mal") + ")"
    return ("ingen kolumn har målets text (" + _synonyms("mal") + ") eller indikatorns namn ("
            + _synonyms("indikator") + ")")


def _synonyms(column: str) -> str:
    return ", ".join(HEADER_SYNONYMS[column][:3]) + " …"


def suggested_headers(candidate: Candidate) -> dict[str, str]:
    """Contract column -> an unknown heading of the candidate row whose words hint at it
    (one heading per column, a column the row already has left out)."""
    fields = candidate.fields()
    out: dict[str, str] = {}
    for heading in candidate.unknown():
        column = suggest_field(heading)
        if column and column not in fields and column not in out:
            out[column] = heading
    return out


def _kolada_like(candidate: Candidate, years: list[int]) -> str | None:
    """The heading that makes a table one of values per municipality, region or group
    ("Mätområde", "Region"), where the table has years or values: Kolada's shape."""
    words = {fold(h) for hs in (KOLADA_HEADERS["kommun"], KOLADA_HEADERS["kommun_id"])
             for h in hs}
    found = [str(v).strip() for v in candidate.cells if is_filled(v) and fold(v) in words]
    valued = years or any(fold(v) in {"varde", "utfall", "value"} for v in candidate.cells
                          if is_filled(v))
    return found[0] if found and valued else None


def _hint(candidate: Candidate, fields: Mapping[str, str]) -> str:
    """The ``[headers]`` lines that would name the unknown headings, in their own words."""
    kolada = _kolada_like(candidate, candidate.years())
    if kolada and "indikator" not in fields:
        return (f"Tabellen ser ut som ett nyckeltals värden per kommun, region eller grupp "
                f"(kolumnen {kolada}): läs den med read_kolada, eller lägg den i mappen som "
                "anges med --kolada.")
    lines = [f'{column} = ["{heading}"]'
             for column, heading in suggested_headers(candidate).items()]
    if not lines:
        unknown = candidate.unknown()
        if not unknown:
            return ("Skriv en rubrik över varje kolumn, eller säg i styranalys.toml under "
                    "[headers] vad rubrikerna betyder.")
        first = unknown[0]
        return ("Säg i styranalys.toml vad rubrikerna betyder, till exempel under [headers]: "
                f'indikator = ["{first}"] om kolumnen {first} namnger indikatorn, eller '
                f'mal = ["{first}"] om den har målen.')
    return "Om rubrikerna betyder det, skriv i styranalys.toml under [headers]: " + \
        "; ".join(lines) + "."


def _no_table(sheet: Sheet) -> Problem:
    """A sheet with text but no row of two or more cells: no header at all."""
    rows = [i for i, row in enumerate(sheet.rows) if any(is_filled(v) for v in row)]
    first, last = sheet.row0 + rows[0] + 1, sheet.row0 + rows[-1] + 1
    cols = {j for row in sheet.rows for j, v in enumerate(row) if is_filled(v)}
    letters = ", ".join(column_letter(j + sheet.col0) for j in sorted(cols)[:3])
    return Problem(
        file=sheet.file, sheet=sheet.name, row=first,
        message=(f"Bladet gav inga rader: det har text i kolumn {letters} (rad {first}–{last}) "
                 "men ingen rubrikrad med två eller fler rubriker."),
        hint="Lägg till en rubrikrad ovanför tabellen som säger vad varje kolumn är, till "
             "exempel Mål över målen.", code="blad_utan_tabell")
