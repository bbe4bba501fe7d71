"""What every goal table reads alike: nämnd, goal text, goal type, period and levels."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from ...contract import MALTYP_WORDS, PERIOD_WORDS
from ..fills import FILL_SUFFIX, fill_phrase, is_fill_phrase
from ..notation import split_symbol
from ..sheet import SheetReader
from ..trace import heading
from ..vocabulary import is_symbol

MALTYP_HINT = "Ange grunduppdrag, kvalitetsfaktor eller utvecklingsmål."
#: What to do when the nämnd is in no column, title, profile or argument; the read of the
#: folder replaces it with one that names the nämnder it saw (see ``hints``).
NAMND_HINT = ("Lägg till en kolumn Nämnd, skriv nämnden i bladets rubrik eller ange den i "
              "styranalys.toml.")


class GoalTable(SheetReader):
    """The fields that long and wide goal tables share (not a layout of its own)."""

    kind: ClassVar[str] = "goals"
    carries: ClassVar[str | None] = "omrade"
    reads: ClassVar[frozenset[str]] = frozenset(
        {"namnd", "ar", "period", "maltyp", "omrade", "mal_id", "mal", "bedomning",
         "kommentar"})

    def _common(self, grid: pd.DataFrame) -> dict[str, pd.Series | None]:
        """Nämnd, goal text, goal type and period of each row (None: missing for the sheet)."""
        header = self.header
        self._parse_ahead(("namnd", "mal", "omrade", "mal_id", "bedomning", "kommentar"), [])
        if self.lone is not None:  # a heading with no goals under it is itself a goal
            self._lone_goals()
        namnd = self._required_text(grid, "namnd", "Nämnd", NAMND_HINT, self.fallback["namnd"])
        mal = self._required_text(grid, "mal", "Måltext", "Varje mål behöver sin text.", None)
        maltyp = self._mapped(grid, "maltyp", MALTYP_WORDS, "Måltypen", MALTYP_HINT,
                              self.fallback["maltyp"])
        if "maltyp" not in header.columns and self.fallback["maltyp"] is None:
            self._no_goal_type()
            maltyp = None
        period = self._mapped(grid, "period", PERIOD_WORDS, "Perioden",
                              "Ange bokslut eller delår.", self.fallback["period"])
        return {"namnd": namnd, "mal": mal, "maltyp": maltyp, "period": period}

    #: Where the sheet says no year: what its latest year column is the year of, in a note
    #: ("bedömningarna"); None where a year column is no such fallback.
    latest_year_for: ClassVar[str | None] = None

    def _years(self, grid: pd.DataFrame, from_cells: pd.Series | None = None,
               ) -> pd.Series | None:
        """Each row's year; where the sheet says none and the layout allows it
        (``latest_year_for``), its latest year column, said in a note."""
        header = self.header
        if self.latest_year_for is None or "ar" in header.columns \
                or self.fallback["ar"] is not None or not header.years:
            return super()._years(grid, from_cells)
        latest = max(header.years)
        self.notes.append(f"{self.latest_year_for} gäller det senaste året bland "
                          f"årskolumnerna, {latest}")
        return pd.Series(latest, index=grid.index, dtype="Int64")

    def _no_goal_type(self) -> None:
        """The problem of a sheet that says no goal type anywhere."""
        self.problem("Måltyp saknas: bladet har ingen kolumn Måltyp, och varken rubrik, "
                     "bladnamn, styranalys.toml eller anrop säger vilken sorts mål det är.",
                     "Lägg till en kolumn Måltyp, döp bladet efter måltypen eller ange den "
                     "i styranalys.toml, med de ord som kommunen själv använder.",
                     code="saknas_maltyp")

    def _settle_columns(self) -> None:
        """Two assessment columns ("Bedömning | Samlad bedömning"): the one whose every
        cell the vocabulary knows is the assessment, and the other, where it knows none,
        the comment. Any other mix stays a problem: nothing is guessed."""
        header = self.header
        for i, (name, cols) in enumerate(header.duplicates):
            if name != "bedomning" or len(cols) != 2 or "kommentar" in header.columns:
                continue
            body = self.sheet.rows[header.index + 1:]
            shares = [self._known_share([r[c] for r in body if c < len(r)]) for c in cols]
            if sorted(shares) != [0.0, 1.0]:
                continue
            phrase, comment = (cols[0], cols[1]) if shares[0] == 1.0 else (cols[1], cols[0])
            header.columns["bedomning"], header.columns["kommentar"] = phrase, comment
            del header.duplicates[i]
            self.notes.append(f"kolumnen {heading(header.cells, comment)} "
                              f"({self.column_name(comment)}) lästes som kommentar: "
                              "vokabulären känner inte dess texter som bedömningar")
            return

    def _known_share(self, cells: list[object]) -> float:
        """The share of the filled cells whose phrase the vocabulary knows (NaN: none)."""
        filled = [v for v in cells if v is not None and str(v).strip()]
        if not filled:
            return float("nan")
        return sum(self.vocabulary.level(v)[0] for v in filled) / len(filled)

    def _lone_goals(self) -> None:
        """The goal text of a heading with no goals under it is its heading; it is in no
        area. Noted."""
        columns = self.header.columns
        goal, area = columns["mal"], columns[self.carries]
        self.texts[goal] = self.texts[goal].mask(self.lone, self.texts[area])
        self.texts[area] = self.texts[area].mask(self.lone, pd.NA)
        for pos in np.flatnonzero(self.lone):
            self.notes.append(f"rad {int(self.excel_row(self.positions[pos:pos + 1])[0])}: "
                              "rubriken har inga mål under sig och läses som ett mål")

    def _area(self, grid: pd.DataFrame) -> pd.Series:
        """Each row's area: its own cell, else the heading row above it."""
        area = self._text(grid, "omrade")
        if self.carried is None:
            return area
        carried = pd.Series(self.carried.array, index=area.index)
        if self.lone is not None:
            carried = carried.mask(self.lone, pd.NA)
        return area.fillna(carried)

    def _filled_phrases(self, phrases: pd.Series, rows: np.ndarray, cols: np.ndarray,
                        ) -> pd.Series:
        """A blank assessment cell filled with a colour is read as that colour's phrase,
        "grön (cellfärg)" (see :mod:`styranalys.read.fills`)."""
        blank = phrases.isna().to_numpy()
        if not self.sheet.fills or not blank.any():
            return phrases
        out = phrases.copy()
        for i in np.flatnonzero(blank):
            if colour := self.sheet.fill(int(rows[i]), int(cols[i])):
                out.iat[i] = fill_phrase(colour)
        return out

    def _unknown_phrases(self, phrases: pd.Series, rows, cols) -> None:
        """A problem for each assessment that the vocabulary does not know, with the
        nearest known phrases."""
        for r, c, phrase in zip(rows, cols, phrases, strict=True):
            if phrase not in self.unknown_phrases:
                self.unknown_phrases.append(str(phrase))
            col = None if c is None else int(c)
            if is_fill_phrase(phrase):
                colour = phrase.removesuffix(FILL_SUFFIX)
                self.problem(f"Cellen har ingen text, bara färgen {colour}: vad en färg betyder "
                             "skiljer sig mellan kommuner, så styranalys ger den ingen nivå "
                             "själv.",
                             "Skriv en teckenförklaring i filen (en cell i samma färg bredvid "
                             "bedömningen i ord), eller ange nivån i styranalys.toml under "
                             f'[vocabulary]: "{phrase}" = <nivå 1–4>.',
                             row=int(r), col=col, code="okand_farg")
                continue
            symbol = phrase if is_symbol(phrase) else (split_symbol(str(phrase)) or ("", ""))[1]
            if symbol:
                stuck = "" if symbol == phrase else f" (i cellen {phrase!r})"
                self.problem(f"Symbolen {symbol!r}{stuck} har ingen nivå: vad en symbol betyder "
                             "skiljer sig mellan kommuner, så styranalys ger den ingen nivå "
                             "själv.",
                             "Skriv en teckenförklaring i filen under tabellen "
                             f"({symbol} = bedömningen i ord), eller ange nivån i "
                             f'styranalys.toml under [vocabulary]: "{symbol}" = <nivå 1–4>.',
                             row=int(r), col=col, code="okand_symbol")
                continue
            near = self.vocabulary.nearest(phrase)
            hint = ("Närmast kända: " + "; ".join(repr(n) for n in near) + ". "
                    if near else "") + "Ange frasens nivå i styranalys.toml under [vocabulary]."
            self.problem(f"Bedömningen {phrase!r} finns inte i vokabulären.", hint,
                         row=int(r), col=col, code="okand_bedomning")
