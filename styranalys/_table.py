"""From one sheet's grid to tidy rows: header, kind, context, values and located problems.

The work per sheet is column-wise (pandas), so a 100 000-row sheet costs little more than
its parse. Every data row below the header ends up in the result or in a problem; blank
rows, note rows ("Källa: ...") and repeated header rows are counted and reported.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd

from ._duplicates import repeated_keys
from ._kalla import numbered
from ._text import fold
from ._values import (
    Distinct,
    by_distinct,
    float_block,
    parse_names_each,
    parse_numbers,
    parse_numbers_each,
    parse_text,
    parse_text_each,
    parse_years,
    repeat_rows,
)
from .headers import Heading, classify_heading
from .names import clean_name
from .problems import Problem, column_letter
from .vocabulary import Vocabulary
from .workbook import Sheet

HEADER_SEARCH_ROWS = 40
#: Excel's and LibreOffice's error values, as they appear when a sheet is saved as text.
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#SAKNAS!", "#DIVISION/0!",
                          "#REFERENS!", "#VÄRDEFEL!", "#NAMN?", "#OGILTIGT!", "#SAKNAS",
                          "Err:502", "Err:504", "Err:508", "Err:511", "Err:522", "Err:532"})

_MALTYP_WORDS = {
    "utvecklingsmal": "utvecklingsmal", "utvecklingsmalen": "utvecklingsmal",
    "kvalitetsfaktor": "kvalitetsfaktor", "kvalitetsfaktorer": "kvalitetsfaktor",
    "kvalitetsfaktorerna": "kvalitetsfaktor",
    "grunduppdrag": "grunduppdrag", "grunduppdragen": "grunduppdrag",
    "grunduppdraget": "grunduppdrag",
}
_PERIOD_WORDS = {
    "bokslut": "bokslut", "arsredovisning": "bokslut", "helar": "bokslut", "ar": "bokslut",
    "arsbokslut": "bokslut", "verksamhetsberattelse": "bokslut",
    "delar": "delår", "delarsrapport": "delår", "delarsbokslut": "delår",
    "delarsuppfoljning": "delår", "delarsrapporten": "delår", "tertial 2": "delår",
    "t2": "delår", "augusti": "delår", "delarsbokslut augusti": "delår",
}
_RIKTNING_WORDS = {
    "hogre": "hogre", "hog": "hogre", "okning": "hogre", "oka": "hogre", "okande": "hogre",
    "hogre ar battre": "hogre", "stigande": "hogre", "upp": "hogre", "positiv": "hogre",
    "lagre": "lagre", "lag": "lagre", "minskning": "lagre", "minska": "lagre",
    "minskande": "lagre", "lagre ar battre": "lagre", "sjunkande": "lagre", "ned": "lagre",
    "ner": "lagre", "negativ": "lagre",
}
_RIKTNING_SYMBOLS = {"↑": "hogre", "↓": "lagre", "+": "hogre", "−": "lagre"}
_KON_WORDS = {"t": "T", "totalt": "T", "total": "T", "alla": "T", "samtliga": "T",
              "k": "K", "kvinnor": "K", "kvinna": "K", "flickor": "K",
              "m": "M", "man": "M", "pojkar": "M"}
_NAMND = re.compile(
    r"((?:[A-ZÅÄÖ][a-zåäö]+- och )?[A-ZÅÄÖ][a-zåäö]*(?:nämnden|nämnd|styrelsen|fullmäktige)"
    r"(?: [A-ZÅÄÖ][a-zåäö]+)?)"
)
_NAMND_SHEET = re.compile(r"(namnd|styrelse|fullmaktige)", re.IGNORECASE)
_NOTE = re.compile(
    r"^(\*|källa\b|källor\b|kalla:|(not|noter|anm|anmärkning|fotnot|obs|förklaring)\s*[:.]"
    r"|senast uppdaterad|uppdaterad\s*[:\d])",
    re.IGNORECASE,
)

GOAL_COLUMNS = ["namnd", "ar", "period", "maltyp", "omrade", "mal_id", "mal", "bedomning",
                "niva", "kommentar", "kalla"]
INDICATOR_COLUMNS = ["indikator_id", "indikator", "namnd", "mal_id", "enhet", "riktning", "ar",
                     "period", "varde", "ingangsvarde", "malvarde", "malar", "kon", "kalla"]
# Where each row came from, kept beside the tidy columns until the dataset is checked.
LOCATION_COLUMNS = ["_file", "_sheet", "_row"]
# Fields that are names: compared after NFC and collapsing whitespace (see names.py).
NAME_FIELDS = frozenset({"namnd", "mal", "indikator"})
# An indicator row's goal as the file names it (text and type), kept until it is linked.
LINK_COLUMNS = ["_mal", "_maltyp", "_malkol"]


@dataclass(frozen=True)
class Context:
    """What the caller says about the input where the file itself is silent."""

    namnd: str | None = None
    ar: int | None = None
    period: str | None = None
    maltyp: str | None = None


@dataclass
class SheetResult:
    """What one sheet gave: its kind, its tidy rows, and what could not be read."""

    kind: str | None
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)
    missing_values: int = 0
    data_rows: int = 0
    #: The sheet's title says its data are illustrative (made up for an example).
    illustrative: bool = False


@dataclass
class _Layout:
    header_index: int                # the (last) header row; data starts below it
    columns: dict[str, int]          # field -> column index in the grid
    years: dict[int, int]            # year -> column index (wide layouts)
    heading_maltyp: str | None
    target_year: int | None
    duplicates: list[tuple[str, list[int]]]
    cells: list[object]              # the header as read (two rows combined where needed)


def derive_id(prefix: str, *parts: object) -> str:
    """A stable id from the folded text of ``parts``: same goal next year, same id."""
    key = "|".join(fold(p) for p in parts)
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def find_layout(rows: list[list[object]], table: Mapping[str, str]) -> _Layout | None:
    """The header row (most recognised headings in the first rows) and its columns."""
    best: tuple[int, int, list[Heading]] | None = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headings = [classify_heading(v, table) for v in row]
        n_fields = len({h.field for h in headings if h.field})
        n_years = sum(1 for h in headings if h.year and not h.field)
        score = n_fields + (1 if n_years >= 2 or (n_years and n_fields) else 0)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, i, headings)
    if best is None:
        return None
    _, index, headings = best
    cells = list(rows[index])
    # A two-row header: years under a merged "Utfall" (or under blank cells) in the next row.
    if index + 1 < len(rows):
        below = {j: classify_heading(v, table) for j, v in enumerate(rows[index + 1])}
        years_below = {j: h for j, h in below.items() if h.year and not h.field}
        if len(years_below) >= 2 and all(
                j >= len(headings) or (headings[j].field in (None, "varde") and not
                headings[j].year) for j in years_below):
            for j, h in years_below.items():
                if j < len(headings):
                    headings[j] = h
                else:
                    headings.append(h)
                while len(cells) <= j:
                    cells.append(None)
                cells[j] = rows[index + 1][j]
            index += 1
    columns: dict[str, list[int]] = {}
    years: dict[int, list[int]] = {}
    maltyp = None
    target_year = None
    for j, h in enumerate(headings):
        if h.field:
            columns.setdefault(h.field, []).append(j)
            maltyp = maltyp or h.maltyp
            if h.field == "malvarde" and h.year:
                target_year = h.year
        elif h.year:
            years.setdefault(h.year, []).append(j)
    duplicates = [(f, js) for f, js in columns.items() if len(js) > 1]
    duplicates += [(str(y), js) for y, js in years.items() if len(js) > 1]
    return _Layout(index, {f: js[0] for f, js in columns.items()},
                   {y: js[0] for y, js in years.items()}, maltyp, target_year, duplicates,
                   cells)


def sheet_kind(layout: _Layout) -> str | None:
    """"indicators", "goals" or None, from the headings found."""
    cols = layout.columns
    if "indikator" in cols or ("indikator_id" in cols and (
            "varde" in cols or layout.years or "malvarde" in cols)):
        return "indicators"
    if "mal" in cols:
        return "goals"
    return None


def _title_context(sheet: Sheet, layout: _Layout | None) -> dict[str, object]:
    """Nämnd, goal type, year and period said by the sheet name or the rows above the header."""
    texts = [sheet.name or ""]
    above = sheet.rows[: layout.header_index] if layout else sheet.rows[:3]
    texts += [str(v) for row in above for v in row if isinstance(v, str) and v.strip()]
    found: dict[str, object] = {}
    words = " ".join(fold(t) for t in texts)
    if "illustrativ" in words:
        found["illustrative"] = True
    types = {t for w, t in _MALTYP_WORDS.items() if re.search(rf"\b{w}\b", words)}
    if len(types) == 1:
        found["maltyp"] = types.pop()
    # A year in a title, not one inside a date such as "Uppdaterad 2024-02-01".
    years = {y for t in texts for y in re.findall(r"(?<![\d\-/.])((?:19|20)\d\d)(?![\d\-/.]\d)", t)}
    if len(years) == 1:
        found["ar"] = int(years.pop())
    periods = {p for w, p in _PERIOD_WORDS.items() if len(w) > 3 and re.search(rf"\b{w}\b", words)}
    if len(periods) == 1:
        found["period"] = periods.pop()
    # A title row names the nämnd in full; a sheet name may be cut at Excel's 31 characters.
    names = {m.group(1) for t in texts[1:] for m in _NAMND.finditer(t)}
    if len(names) == 1:
        found["namnd"] = names.pop()
    elif sheet.name and _NAMND_SHEET.search(fold(sheet.name)):
        found["namnd"] = sheet.name.strip()
    return found


class _SheetReader:
    """Reads one recognised sheet; collects problems as it goes."""

    def __init__(self, sheet: Sheet, layout: _Layout, kind: str, context: Context,
                 vocabulary: Vocabulary) -> None:
        self.sheet = sheet
        self.layout = layout
        self.kind = kind
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.missing_values = 0
        self.positions = np.arange(0)
        #: A wide indicator sheet's year columns as floats, when they hold only numbers.
        self.year_block: np.ndarray | None = None
        #: The used columns of the data rows, each factorized once (see ``_grid``).
        self.columns: dict[int, Distinct] = {}
        #: Columns read as text and as numbers, parsed ahead (see ``_parse_ahead``).
        self.texts: dict[int, pd.Series] = {}
        self.parsed: dict[int, tuple[pd.Series, pd.Series, pd.Series]] = {}
        title = _title_context(sheet, layout)
        self.illustrative = bool(title.get("illustrative"))
        # The file's own word first (column, heading, title, sheet name), then the caller's.
        namnd = title.get("namnd") or context.namnd
        self.fallback = {
            "namnd": clean_name(str(namnd)) if namnd is not None else None,
            "ar": title.get("ar") or context.ar,
            "period": title.get("period") or context.period or "bokslut",
            "maltyp": layout.heading_maltyp or title.get("maltyp") or context.maltyp,
        }
        self.headers = layout.cells

    # -- locations ---------------------------------------------------------------------
    def excel_row(self, positions: np.ndarray) -> np.ndarray:
        return positions + self.sheet.row0 + self.layout.header_index + 2

    def column_name(self, col: int) -> str:
        return column_letter(col + self.sheet.col0)

    def problem(self, message: str, hint: str = "", row: int | None = None,
                col: int | None = None, code: str = "fel") -> None:
        self.problems.append(Problem(
            file=self.sheet.file, sheet=self.sheet.name, row=row,
            column=None if col is None else self.column_name(col),
            message=message, hint=hint, code=code))

    def cell_problems(self, mask: pd.Series, raw: pd.Series, col: int, message: str,
                      hint: str, code: str) -> None:
        """One problem per masked cell, naming its value."""
        if not mask.any():
            return
        rows = self.excel_row(self.positions[mask.to_numpy()])
        for r, value in zip(rows, raw[mask], strict=True):
            self.problem(message.format(value=value), hint, row=int(r), col=col, code=code)

    # -- reading -------------------------------------------------------------------------
    def read(self) -> SheetResult:
        result = SheetResult(kind=self.kind)
        layout = self.layout
        for name, cols in layout.duplicates:
            letters = " och ".join(self.column_name(c) for c in cols)
            self.problem(f"Rubriken för {name!r} finns i flera kolumner ({letters}); styranalys "
                         "vet inte vilken som gäller.", "Byt namn på eller ta bort den ena.",
                         row=self.sheet.row0 + layout.header_index + 1, code="dubbel_rubrik")
        if layout.duplicates:
            return self._finish(result, None)
        grid = self._grid()
        if grid is None:
            return self._finish(result, None)
        frame = self._goals(grid) if self.kind == "goals" else self._indicators(grid)
        return self._finish(result, frame)

    def _finish(self, result: SheetResult, frame: pd.DataFrame | None) -> SheetResult:
        result.frame = frame
        result.problems = self.problems
        result.notes = self.notes
        result.illustrative = self.illustrative
        return result

    def _grid(self) -> pd.DataFrame | None:
        """The data rows below the header, without blank, note and repeated header rows."""
        body = self.sheet.rows[self.layout.header_index + 1:]
        if not body:
            return None
        lengths = set(map(len, body))
        width = max(len(self.headers), *lengths)
        if lengths != {width}:
            body = [list(r) + [None] * (width - len(r)) for r in body]
        # Rectangular: one 2-D array (then no copy), filled straight from the cells.
        cells = np.fromiter(chain.from_iterable(body), dtype=object,
                            count=len(body) * width).reshape(len(body), width)
        frame = pd.DataFrame(cells, dtype=object, copy=False)
        used = [*self.layout.columns.values(), *self.layout.years.values()]
        # An indicator sheet's year columns of only numbers and blanks (the usual case) are
        # read as one block of floats, in one pass over their cells.
        year_cols = [self.layout.years[y] for y in sorted(self.layout.years)]
        block = float_block(cells, year_cols) \
            if year_cols and self.kind == "indicators" else None
        in_block = {c: k for k, c in enumerate(year_cols)} if block is not None else {}
        # Each other used column is factorized once: its blanks, header repeats, error values
        # and parsed values are then computed per distinct value, not per cell.
        columns = {c: Distinct.of(cells[:, c]) for c in dict.fromkeys(used) if c not in in_block}
        filled = np.empty(cells.shape, dtype=bool)
        for j in range(cells.shape[1]):
            if j in columns:
                values = columns[j].values
                filled[:, j] = ~columns[j].mask(values.isna() | values.eq(""))
            elif j in in_block:
                filled[:, j] = ~np.isnan(block[:, in_block[j]])
            else:
                filled[:, j] = ~pd.isna(cells[:, j]) & (cells[:, j] != "")
        n_filled = filled.sum(axis=1)
        positions = np.arange(len(frame))
        keep = n_filled > 0
        # A repeated header row (a table pasted under itself) is not data.
        repeat = keep.copy()
        for c in used:
            if c in in_block:  # a header typed as a number repeats as that number
                header = self.headers[c]
                repeat &= block[:, in_block[c]] == header if isinstance(header, int | float) \
                    and not isinstance(header, bool) else False
            else:
                repeat &= columns[c].mask(columns[c].values.eq(self.headers[c]))
        # A note under the table: one cell, starting like "Källa:" or "*".
        single = keep & (n_filled == 1)
        note = np.zeros(len(frame), dtype=bool)
        if single.any():
            first = frame[single].bfill(axis=1).iloc[:, 0]
            note[single] = first.map(lambda v: isinstance(v, str) and bool(_NOTE.match(v.strip())))
        for pos in positions[note]:
            text = str(frame.iloc[pos].dropna().iloc[0]).strip()
            self.notes.append(f"rad {int(self.excel_row(np.array([pos]))[0])}: anteckning "
                              f"{text[:60]!r} lästes inte som data")
        for pos in positions[repeat]:
            self.notes.append(f"rad {int(self.excel_row(np.array([pos]))[0])}: upprepad "
                              "rubrikrad lästes inte som data")
        data = keep & ~note & ~repeat
        # A row with values only outside the known columns is not silently dropped.
        used_filled = filled[:, used].any(axis=1) if used else np.zeros(len(frame), bool)
        stray = data & ~used_filled
        for pos in positions[stray]:
            values = "; ".join(str(v) for v in frame.iloc[pos] if v not in (None, ""))[:80]
            self.problem(f"Raden har värden ({values!r}) men inga under de kända rubrikerna.",
                         "Flytta värdena till rätt kolumn eller ta bort raden.",
                         row=int(self.excel_row(np.array([pos]))[0]), code="okand_rad")
        data &= used_filled
        self._cell_findings(cells, columns, data, used)
        self.positions = positions[data]
        if data.all():  # the usual case: no copy
            self.columns, self.year_block = columns, block
            return frame
        self.columns = {c: d.subset(data) for c, d in columns.items()}
        self.year_block = None if block is None else block[data]
        return frame[data].reset_index(drop=True)

    def _cell_findings(self, cells: np.ndarray, columns: dict[int, Distinct],
                       data: np.ndarray, used: list[int]) -> None:
        """Error values and formulas without a saved value are problems (the parser reads
        them as blank, so they would vanish); hidden rows that were read are noted."""
        first = self.sheet.row0 + self.layout.header_index + 2
        last = first + len(cells) - 1
        data_rows = set(self.excel_row(np.flatnonzero(data)).tolist())
        used_letters = {self.column_name(c) for c in used}
        hint_error = "Rätta formeln i Excel så att cellen får ett värde, eller töm cellen."
        for refs, message, hint, code in (
                (self.sheet.error_cells, "Cellen innehåller ett felvärde (som #DIV/0!, #N/A "
                 "eller #REF!).", hint_error, "felvarde"),
                (self.sheet.empty_formulas, "Cellen har en formel men inget sparat värde.",
                 "Öppna filen i Excel och spara den igen så att värdet räknas fram.",
                 "formel_utan_varde")):
            for ref in refs:
                match = re.match(r"([A-Z]+)(\d+)$", ref)
                if not match:
                    continue
                letters, row = match.group(1), int(match.group(2))
                if first <= row <= last and letters in used_letters:
                    self.problems.append(Problem(
                        file=self.sheet.file, sheet=self.sheet.name, row=row, column=letters,
                        message=message, hint=hint, code=code))
        # Error values typed as text (CSV exports, ODS) are the same problem.
        found = sorted((pos, c) for c, column in columns.items()
                       for pos in np.flatnonzero(self._errors(column) & data))
        for pos, c in found:
            self.problem(f"Cellen innehåller felvärdet {cells[pos, c]}.", hint_error,
                         row=int(self.excel_row(np.array([pos]))[0]), col=c, code="felvarde")
        hidden = sorted(r for r in self.sheet.hidden_rows if r in data_rows)
        if hidden:
            shown = ", ".join(map(str, hidden[:10])) + (" …" if len(hidden) > 10 else "")
            self.notes.append(f"{len(hidden)} dolda rader lästes som data (rad {shown})")

    @staticmethod
    def _errors(column: Distinct) -> np.ndarray:
        """Which rows of the column hold an error value written as text."""
        return column.mask(column.values.isin(EXCEL_ERRORS))

    def _raw(self, grid: pd.DataFrame, name: str) -> pd.Series | None:
        col = self.layout.columns.get(name)
        return None if col is None else grid[col]

    def _text(self, grid: pd.DataFrame, name: str) -> pd.Series:
        col = self.layout.columns.get(name)
        if col is None:
            return pd.Series(pd.NA, index=grid.index, dtype="string")
        return self.texts.pop(col) if col in self.texts else parse_text(self.columns[col])

    def _parse_ahead(self, texts: Iterable[str], numbers: Iterable[int | None]) -> None:
        """Parse the columns ``texts`` (field names) as text and the columns ``numbers`` as
        numbers, each kind in one call: a small sheet has a few values in each column, and
        a parse costs the same few dozen pandas operations for ten values as for a hundred.
        Names (see :data:`NAME_FIELDS`) are normalised as they are parsed. Each result is
        handed out once (the caller may change it)."""
        texts = list(texts)
        self.texts = {}
        for parse, fields in ((parse_names_each, [n for n in texts if n in NAME_FIELDS]),
                              (parse_text_each, [n for n in texts if n not in NAME_FIELDS])):
            cols = [c for c in dict.fromkeys(self.layout.columns.get(n) for n in fields)
                    if c is not None and c not in self.texts]
            self.texts.update(zip(cols, parse([self.columns[c] for c in cols]), strict=True))
        cols = [c for c in dict.fromkeys(numbers) if c is not None]
        self.parsed = dict(zip(cols, parse_numbers_each([self.columns[c] for c in cols]),
                               strict=True))

    def _required_text(self, grid: pd.DataFrame, name: str, label: str, hint: str,
                       fallback: object) -> pd.Series | None:
        """A text field that every row needs: column, else the file's or caller's word."""
        values = self._text(grid, name)
        if fallback is not None:
            values = values.fillna(str(fallback))
        missing = values.isna()
        if missing.all() and name not in self.layout.columns:
            self.problem(f"{label} saknas: bladet har ingen kolumn för det, och varken bladnamn, "
                         "rubrik eller anrop anger det.", hint, code=f"saknas_{name}")
            return None
        col = self.layout.columns.get(name, 0)
        self.cell_problems(missing, self._raw(grid, name) if name in self.layout.columns else
                           values, col, f"{label} saknas på raden.", hint, f"saknas_{name}")
        return values

    def _years(self, grid: pd.DataFrame) -> pd.Series | None:
        raw = self._raw(grid, "ar")
        fallback = self.fallback["ar"]
        if raw is None:
            if fallback is None:
                self.problem("År saknas: bladet har ingen kolumn År, inga årskolumner och inget "
                             "år i bladnamn eller rubrik.", "Lägg till en kolumn År eller ange "
                             "ar=2021.", code="saknas_ar")
                return None
            return pd.Series(int(fallback), index=grid.index, dtype="Int64")
        col = self.layout.columns["ar"]
        years, bad, from_date = parse_years(self.columns[col])
        self.cell_problems(bad, raw, col, "{value!r} är inget år.",
                           "Ange året som ett heltal, t.ex. 2021.", "ar")
        if from_date.any():
            rows = self.excel_row(self.positions[from_date.to_numpy()])
            shown = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
            self.notes.append(f"kolumn {self.column_name(col)}: {len(rows)} år i celler "
                              f"formaterade som datum lästes som året (rad {shown})")
        if fallback is not None:
            years = years.fillna(int(fallback))
        self.cell_problems(years.isna() & ~bad, raw, col, "År saknas på raden.",
                           "Fyll i året, t.ex. 2021.", "saknas_ar")
        return years

    def _mapped(self, grid: pd.DataFrame, name: str, words: Mapping[str, str], label: str,
                hint: str, fallback: object = None) -> pd.Series:
        """A coded field (period, maltyp, riktning, kön): known words -> codes."""
        raw = self._raw(grid, name)
        if raw is None:
            return pd.Series(fallback, index=grid.index, dtype="string")
        codes = self.columns[self.layout.columns[name]].apply(lambda values: parse_text(
            values).map(lambda v: None if pd.isna(v) else words.get(_fold_code(v), "?"))
            .astype("string"))
        bad = codes.eq("?").fillna(False)
        self.cell_problems(bad, raw, self.layout.columns[name],
                           f"{label} {{value!r}} känns inte igen.", hint, name)
        codes = codes.mask(bad, pd.NA)
        return codes.fillna(fallback) if fallback is not None else codes

    def _numbers(self, grid: pd.DataFrame, name: str, col: int | None = None) -> pd.Series:
        col = self.layout.columns.get(name) if col is None else col
        if col is None:
            return pd.Series(pd.NA, index=grid.index, dtype="Float64")
        values, missing, bad = self.parsed.pop(col, None) or parse_numbers(self.columns[col])
        bad &= ~self._errors(self.columns[col])  # reported once, as an error value
        self.missing_values += int(missing.sum())
        self.cell_problems(bad, grid[col], col, "{value!r} är inget tal.",
                           "Ange ett tal som 12,5 eller 1 234; lämna tomt eller skriv .. för "
                           "ett saknat värde.", "tal")
        return values

    def _location(self, rows: np.ndarray | None = None) -> dict[str, object]:
        """The location columns: Excel row per tidy row (``rows``, else one per data row),
        and file and sheet as categoricals of one value, not a string per row."""
        rows = self.excel_row(self.positions) if rows is None else rows
        return {"_file": _constant(self.sheet.file, len(rows)),
                "_sheet": _constant(self.sheet.name, len(rows)), "_row": _whole(rows)}

    def _kalla(self, rows: np.ndarray, cols: list[int] | None = None) -> pd.Series:
        """"fil.xlsx:Blad!12" per row, or with ``cols`` (a wide sheet's year columns)
        "fil.xlsx:Blad!F12" per row and column, row by row."""
        prefix = self.sheet.file + (f":{self.sheet.name}!" if self.sheet.name else "!")
        heads = [prefix] if cols is None else [prefix + self.column_name(c) for c in cols]
        return numbered(heads, rows)

    # -- goals ---------------------------------------------------------------------------
    def _goals(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        layout = self.layout
        self._parse_ahead(("namnd", "mal", "omrade", "mal_id", "bedomning", "kommentar"), [])
        namnd = self._required_text(grid, "namnd", "Nämnd",
                                    "Lägg till en kolumn Nämnd eller ange namnd='Tillväxtnämnden'.",
                                    self.fallback["namnd"])
        mal = self._required_text(grid, "mal", "Måltext", "Varje mål behöver sin text.", None)
        maltyp = self._mapped(grid, "maltyp", _MALTYP_WORDS, "Måltypen",
                              "Ange grunduppdrag, kvalitetsfaktor eller utvecklingsmål.",
                              self.fallback["maltyp"])
        if "maltyp" not in layout.columns and self.fallback["maltyp"] is None:
            self.problem("Måltyp saknas: bladet har ingen kolumn Måltyp, och varken rubrik, "
                         "bladnamn eller anrop säger grunduppdrag, kvalitetsfaktor eller "
                         "utvecklingsmål.", "Lägg till en kolumn Måltyp, döp bladet efter "
                         "måltypen eller ange maltyp='utvecklingsmal'.", code="saknas_maltyp")
            maltyp = None
        period = self._mapped(grid, "period", _PERIOD_WORDS, "Perioden",
                              "Ange bokslut eller delår.", self.fallback["period"])
        if layout.years and "ar" not in layout.columns:
            if "bedomning" in layout.columns:
                self.problem("Bladet har både en kolumn Bedömning och årskolumner; styranalys "
                             "vet inte vilken som gäller.", "Behåll den ena.",
                             code="dubbel_layout")
                return None
            return self._wide_goals(grid, namnd, mal, maltyp, period)
        ar = self._years(grid)
        if namnd is None or mal is None or maltyp is None or ar is None:
            return None
        bedomning_raw = self._raw(grid, "bedomning")
        bedomning = self._text(grid, "bedomning")
        niva = self._levels(bedomning, bedomning_raw, layout.columns.get("bedomning"))
        frame = pd.DataFrame({
            "namnd": namnd, "ar": ar, "period": period, "maltyp": maltyp,
            "omrade": self._text(grid, "omrade"), "mal_id": self._text(grid, "mal_id"),
            "mal": mal, "bedomning": bedomning, "niva": niva,
            "kommentar": self._text(grid, "kommentar"),
            "kalla": self._kalla(self.excel_row(self.positions)),
            **self._location(),
        })
        return frame

    def _levels(self, bedomning: pd.Series, raw: pd.Series | None,
                col: int | None) -> pd.Series:
        known, niva = self.vocabulary.levels(bedomning)
        if raw is not None and col is not None and not known.all():
            rows = self.excel_row(self.positions[(~known).to_numpy()])
            for r, phrase in zip(rows, bedomning[~known], strict=True):
                near = self.vocabulary.nearest(phrase)
                hint = ("Närmast kända: " + "; ".join(repr(n) for n in near) + ". "
                        if near else "") + "Lägg till frasen med vocabulary=."
                self.problem(f"Bedömningen {phrase!r} finns inte i vokabulären.", hint,
                             row=int(r), col=col, code="okand_bedomning")
        return niva

    def _wide_goals(self, grid, namnd, mal, maltyp, period) -> pd.DataFrame | None:
        if namnd is None or mal is None or maltyp is None:
            return None
        years = sorted(self.layout.years)
        cols = [self.layout.years[y] for y in years]
        n = len(grid)
        raw = pd.Series(grid[cols].to_numpy().ravel(), dtype=object)
        bedomning = parse_text(raw)
        rows = np.repeat(self.excel_row(self.positions), len(cols))
        col_ix = np.tile(cols, n)
        known, niva = self.vocabulary.levels(bedomning)
        for r, c, phrase in zip(rows[~known.to_numpy()], col_ix[~known.to_numpy()],
                                bedomning[~known], strict=True):
            near = self.vocabulary.nearest(phrase)
            self.problem(f"Bedömningen {phrase!r} finns inte i vokabulären.",
                         ("Närmast kända: " + "; ".join(repr(x) for x in near) + ". "
                          if near else "") + "Lägg till frasen med vocabulary=.",
                         row=int(r), col=int(c), code="okand_bedomning")

        each = np.repeat(np.arange(n), len(cols))  # every row once per year column
        return pd.DataFrame({
            "namnd": repeat_rows(namnd, each), "ar": _whole(np.tile(years, n)),
            "period": repeat_rows(period, each), "maltyp": repeat_rows(maltyp, each),
            "omrade": repeat_rows(self._text(grid, "omrade"), each),
            "mal_id": repeat_rows(self._text(grid, "mal_id"), each), "mal": repeat_rows(mal, each),
            "bedomning": bedomning, "niva": niva,
            "kommentar": repeat_rows(self._text(grid, "kommentar"), each),
            "kalla": self._kalla(self.excel_row(self.positions), cols),
            **self._location(rows),
        })

    # -- indicators ----------------------------------------------------------------------
    def _goal_link(self, grid: pd.DataFrame, namnd: pd.Series | None,
                   ) -> tuple[pd.Series, pd.Series, pd.Series]:
        """The goal each row names: ``mal_id`` (the file's, else derived from nämnd, goal
        type and text), and for rows named by text, the text and the goal type where the
        row, a heading, the title or the caller says it (NA where nothing does). Those two
        let :func:`styranalys.link.link_goals` find the goal among the goals read."""
        layout = self.layout
        mal_id = self._text(grid, "mal_id")
        na = pd.Series(pd.NA, index=grid.index, dtype="string")
        goal_type = self._mapped(grid, "maltyp", _MALTYP_WORDS, "Måltypen",
                                 "Ange grunduppdrag, kvalitetsfaktor eller utvecklingsmål.",
                                 layout.heading_maltyp or self.fallback["maltyp"])
        if "mal" not in layout.columns or namnd is None:
            return mal_id, na, na if "maltyp" not in layout.columns else goal_type
        goal_text = self._text(grid, "mal").where(mal_id.isna())
        ok = goal_text.notna() & namnd.notna()
        if ok.any():
            # A row that does not say its goal's type is linked by text once the goals are
            # read; alone, it is taken to follow an utvecklingsmål (the usual case).
            keys = (namnd[ok].astype(str) + "\x1f" + goal_type[ok].fillna("utvecklingsmal")
                    + "\x1f" + goal_text[ok].astype(str))
            mal_id[ok] = by_distinct(keys, lambda d: d.map(
                lambda v: None if v is None else derive_id("M", *v.split("\x1f"))
            ).astype("string"))
        return mal_id, goal_text, goal_type

    def _unit(self, grid: pd.DataFrame) -> pd.Series:
        """The unit column; "%" where it is empty and the row's values are percentages
        (a cell formatted as percent, or text such as "45 %")."""
        unit = self._text(grid, "enhet")
        layout = self.layout
        rows = np.isin(self.excel_row(self.positions), list(self.sheet.percent_rows)) \
            if self.sheet.percent_rows else np.zeros(len(grid), dtype=bool)
        value_cols = [layout.columns.get(k) for k in ("varde", "ingangsvarde", "malvarde")]
        for c in [*value_cols, *layout.years.values()]:
            if c in self.columns:
                rows |= self.columns[c].mask(self.columns[c].values.map(
                    lambda v: isinstance(v, str) and "%" in v))
        return unit.mask(unit.isna() & rows, "%") if rows.any() else unit

    def _indicators(self, grid: pd.DataFrame) -> pd.DataFrame | None:
        layout = self.layout
        self._parse_ahead(("namnd", "indikator_id", "indikator", "mal_id", "mal", "enhet"),
                          [layout.columns.get(k) for k in ("ingangsvarde", "malvarde", "varde")]
                          + ([] if self.year_block is not None else list(layout.years.values())))
        namnd = self._required_text(grid, "namnd", "Nämnd",
                                    "Lägg till en kolumn Nämnd eller ange namnd='Tillväxtnämnden'.",
                                    self.fallback["namnd"])
        ind_id = self._text(grid, "indikator_id")
        name = self._text(grid, "indikator")
        both_missing = ind_id.isna() & name.isna()
        self.cell_problems(both_missing, name, layout.columns.get("indikator",
                           layout.columns.get("indikator_id", 0)),
                           "Indikatorns namn och id saknas på raden.",
                           "Fyll i indikatorns namn.", "saknas_indikator")
        name = name.fillna(ind_id)
        no_id = ind_id.isna() & name.notna()
        if no_id.any():
            ind_id[no_id] = by_distinct(name[no_id], lambda d: d.map(
                lambda v: None if pd.isna(v) else derive_id("I", v)).astype("string"))
        mal_id, goal_text, goal_type = self._goal_link(grid, namnd)
        riktning = self._mapped(grid, "riktning", _RIKTNING_CODES, "Riktningen",
                                "Ange högre eller lägre (vilket håll som är bättre).")
        kon = self._mapped(grid, "kon", _KON_WORDS, "Könet", "Ange T, K eller M.", "T")
        period = self._mapped(grid, "period", _PERIOD_WORDS, "Perioden",
                              "Ange bokslut eller delår.", self.fallback["period"])
        ingangsvarde = self._numbers(grid, "ingangsvarde")
        malvarde = self._numbers(grid, "malvarde")
        if "malar" in layout.columns:
            malar, bad, _ = parse_years(self.columns[layout.columns["malar"]])
            self.cell_problems(bad, grid[layout.columns["malar"]], layout.columns["malar"],
                               "{value!r} är inget år.", "Ange målåret som ett heltal.", "ar")
        else:
            malar = pd.Series(layout.target_year, index=grid.index, dtype="Int64")
        static = {
            "indikator_id": ind_id, "indikator": name, "namnd": namnd, "mal_id": mal_id,
            "enhet": self._unit(grid), "riktning": riktning, "period": period,
            "ingangsvarde": ingangsvarde, "malvarde": malvarde, "malar": malar, "kon": kon,
            "_mal": goal_text, "_maltyp": goal_type,
        }
        if layout.years and ("ar" in layout.columns or "varde" in layout.columns):
            self.problem("Bladet har både årskolumner och en kolumn År eller Värde; styranalys "
                         "vet inte vilken som gäller.", "Behåll den ena uppställningen.",
                         code="dubbel_layout")
            return None
        if namnd is None:
            return None
        if layout.years:
            years = sorted(layout.years)
            cols = [layout.years[y] for y in years]
            n = len(grid)
            block = self.year_block  # row by row, year by year, as the frame
            if block is None:
                block = np.empty((n, len(cols)))
                for j, c in enumerate(cols):
                    block[:, j] = self._numbers(grid, "varde", col=c).to_numpy(
                        dtype=float, na_value=np.nan)
            else:  # only numbers and blanks: every blank is a missing value, nothing is bad
                self.missing_values += int(np.isnan(block).sum())
            flat = block.ravel()
            varde = pd.Series(pd.arrays.FloatingArray(flat, np.isnan(flat)), copy=False)
            excel_rows = self.excel_row(self.positions)
            each = np.repeat(np.arange(n), len(cols))  # every row once per year column
            frame = pd.DataFrame({k: repeat_rows(v, each) for k, v in static.items()})
            frame["ar"] = _whole(np.tile(years, n))
            frame["varde"] = varde
            frame["kalla"] = self._kalla(excel_rows, cols)
            for name, column in self._location(excel_rows[each]).items():
                frame[name] = column
            # A row repeats a key only if another row has the same key columns: compare
            # the sheet's rows, not its rows times its years.
            same = pd.DataFrame({"indikator_id": ind_id, "namnd": namnd, "period": period,
                                 "kon": kon}).duplicated(keep=False).to_numpy()
            self.problems += repeated_keys(frame, "indicators", candidates=same[each])
            frame["_malkol"] = self._goal_column(len(frame))
            return frame
        ar = self._years(grid)
        if ar is None:
            return None
        frame = pd.DataFrame({**static, "ar": ar, "varde": self._numbers(grid, "varde"),
                              "kalla": self._kalla(self.excel_row(self.positions)),
                              **self._location()})
        self.problems += repeated_keys(frame, "indicators")
        frame["_malkol"] = self._goal_column(len(frame))
        return frame

    def _goal_column(self, n: int) -> pd.Categorical:
        """The column that names each row's goal (its id, else its text), for problems."""
        col = self.layout.columns.get("mal_id", self.layout.columns.get("mal"))
        return _constant(None if col is None else self.column_name(col), n)


def _whole(numbers: np.ndarray) -> pd.Series:
    """Whole numbers without NA as an Int64 column, wrapping ``numbers`` without a copy."""
    numbers = np.asarray(numbers, dtype=np.int64)
    return pd.Series(pd.arrays.IntegerArray(numbers, np.zeros(len(numbers), dtype=bool)),
                     copy=False)


def _constant(value: str | None, n: int) -> pd.Categorical:
    """``value`` (None: NA) ``n`` times, stored as one category and n one-byte codes."""
    if value is None:
        return pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), categories=[])
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[value])


def _fold_code(value: str) -> str:
    text = value.strip()
    if text in _RIKTNING_SYMBOLS:
        return text
    return fold(text)


_RIKTNING_CODES = {**_RIKTNING_WORDS, **_RIKTNING_SYMBOLS}


def read_sheet(sheet: Sheet, want: str, table: Mapping[str, str], context: Context,
               vocabulary: Vocabulary) -> SheetResult:
    """Read one sheet if it is of the wanted kind ("goals" or "indicators")."""
    layout = find_layout(sheet.rows, table)
    if layout is None:
        return SheetResult(kind=None, skipped="ingen rubrikrad med mål eller indikatorer bland "
                                              f"de första {HEADER_SEARCH_ROWS} raderna")
    kind = sheet_kind(layout)
    if kind is None:
        found = ", ".join(sorted(layout.columns)) or "inga"
        return SheetResult(kind=None, skipped=f"rubrikerna ({found}) är varken en måltabell "
                                              "eller en indikatortabell")
    if kind != want:
        other = "måltabell" if kind == "goals" else "indikatortabell"
        func = "read_goals" if kind == "goals" else "read_indicators"
        return SheetResult(kind=kind, skipped=f"{other}: läs den med {func}")
    reader = _SheetReader(sheet, layout, kind, context, vocabulary)
    result = reader.read()
    result.missing_values = reader.missing_values
    result.data_rows = len(reader.positions)
    return result
