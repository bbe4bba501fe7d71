"""The assessment vocabulary: from the words a nämnd writes to the unified level 1-4.

One table serves every municipality. Case, spacing, trailing punctuation and spelling
variants (Kvalitén/Kvaliteten, ej/inte) never matter, and the subject of the sentence
("Målet är", "Grunduppdraget", "Kvalitén", "bedöms bli") is set aside, so "Målet är
uppfyllt." and "uppfyllt" are the same phrase. An unknown phrase is never guessed: the reader
reports it with the nearest known phrases. Extend the table with a mapping or a CSV file
(columns ``fras`` and ``niva``)::

    vocab = Vocabulary.default().extend({"Helt i mål": 4})
    read_goals("data/raw", vocabulary=vocab)
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from itertools import zip_longest
from pathlib import Path

import pandas as pd

from .._text import fold
from ..contract import DEFAULT_PHRASES, LEVELS, MISSING_MARKS
from .notation import split_symbol

__all__ = ["Vocabulary"]

# The subject of an assessment sentence, which carries no level of its own: "Målet",
# "Delmålet", "Det långsiktiga finansiella målet", "Inriktningsmålet", "Grunduppdraget" …,
# then a verb such as "är", "har" or "bedöms bli".
_SUBJECT = re.compile(
    r"^(?:(?:(?:det|den)\s+(?:[a-z]+\s+){0,2}?)?(?:[a-z]*malet|[a-z]*malen|grunduppdraget|"
    r"grunduppdragen|kvaliteten|kvalitetsfaktorn|uppdraget|maluppfyllelsen|det|bedomning)"
    r"\s+)?(?:(?:bedoms bli|bedoms vara|bedoms|ar|blir|har)\s+)?"
)
# When, which carries no level either: "… uppfyllt under året", "… under perioden".
_WHEN = re.compile(r"\s+(?:under|for|vid|till) (?:aret|arets slut|perioden|programperioden|"
                   r"mandatperioden|ar \d{4})$|\s+i ar$")
#: Variation selectors, which make one emoji look like text or like a picture.
_VARIATION = dict.fromkeys(map(ord, "\ufe0e\ufe0f"))


def symbol_key(text: str) -> str:
    """A symbol's own key: the symbol itself, without spaces or variation selectors, so
    "😊" and "😐" stay two keys and "✓" is never "✔"."""
    return "".join(unicodedata.normalize("NFC", text).translate(_VARIATION).split())


def is_symbol(phrase: object) -> bool:
    """Whether a phrase is only symbols (emoji, shapes, check marks), no words."""
    text = str(phrase).strip()
    return bool(text) and not fold(text) and text not in MISSING_MARKS


def normalize_phrase(phrase: object) -> str:
    """The key a phrase is looked up by: folded, with ej = inte and the subject set aside.
    A phrase of symbols only keeps them as its key (see :func:`symbol_key`)."""
    if is_symbol(phrase):
        return symbol_key(str(phrase))
    key = fold(str(phrase).replace("Kvalitén", "Kvaliteten").replace("kvalitén", "kvaliteten"))
    key = re.sub(r"\bej\b", "inte", key)
    key = re.sub(r"\bkvaliten\b", "kvaliteten", key)
    key = _WHEN.sub("", key)
    return _SUBJECT.sub("", key, count=1).strip()


class Vocabulary:
    """Phrase -> level table. Build it with :meth:`default`, then :meth:`extend` it."""

    def __init__(self, phrases: Iterable[tuple[str, int | None]]) -> None:
        self._phrases: dict[str, tuple[str, int | None]] = {}
        for phrase, level in phrases:
            if level is not None and (isinstance(level, bool) or level not in (1, 2, 3, 4)):
                raise ValueError(
                    f"Nivån för frasen {phrase!r} måste vara 1, 2, 3, 4 eller tom (ej bedömd), "
                    f"inte {level!r}."
                )
            self._phrases[normalize_phrase(phrase)] = (str(phrase), level)

    @classmethod
    def default(cls) -> Vocabulary:
        """The built-in table (see ``DEFAULT_PHRASES``)."""
        return cls(DEFAULT_PHRASES)

    def extend(self, more: Mapping[str, int | None] | str | Path) -> Vocabulary:
        """A new vocabulary with ``more`` phrases: a mapping, or a CSV file ``fras;niva``."""
        if isinstance(more, str | Path):
            more = _read_vocabulary_file(Path(more))
        return Vocabulary([*self._phrases.values(), *more.items()])

    def level(self, phrase: object) -> tuple[bool, int | None]:
        """``(known, level)`` for a phrase; blank and "ej bedömd" are known with level None."""
        if phrase is None or (isinstance(phrase, float) and phrase != phrase):
            return True, None
        if isinstance(phrase, int | float) and not isinstance(phrase, bool):
            if float(phrase) in LEVELS:
                return True, int(phrase)
            return False, None
        text = str(phrase).strip()
        if text in MISSING_MARKS:
            return True, None
        if text in {str(level) for level in LEVELS}:
            return True, int(text)
        entry = self._phrases.get(normalize_phrase(text))
        if entry is None and (stuck := split_symbol(text)):  # "95😊": the symbol assesses
            entry = self._phrases.get(symbol_key(stuck[1]))
        return (True, entry[1]) if entry else (False, None)

    def levels(self, phrases: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Vectorised :meth:`level`: (known mask, Int64 levels) for a column of phrases.

        Each distinct phrase is looked up once, so a long file costs as much as its
        vocabulary.
        """
        uniques = pd.unique(phrases.astype(object))
        looked_up = {u: self.level(u) for u in uniques if not _is_na(u)}
        known = phrases.map(lambda v: True if _is_na(v) else looked_up[v][0]).astype(bool)
        level = phrases.map(lambda v: None if _is_na(v) else looked_up[v][1])
        return known, level.astype("Int64")

    def nearest(self, phrase: object, n: int = 3) -> list[str]:
        """The known phrases most like ``phrase``, as written in the table."""
        by_key = difflib.get_close_matches(normalize_phrase(phrase), list(self._phrases), n=n,
                                           cutoff=0.4)
        written = {fold(p): p for p, _ in self._phrases.values()}
        by_text = difflib.get_close_matches(fold(phrase), list(written), n=n, cutoff=0.4)
        found = [self._phrases[k][0] for k in by_key]
        merged = list(dict.fromkeys(
            x for pair in zip_longest(found, [written[t] for t in by_text]) for x in pair if x))
        return merged[:n]

    def items(self) -> list[tuple[str, int | None]]:
        """Each phrase as written, with its level (None: not assessed)."""
        return list(self._phrases.values())

    def fingerprint(self) -> str:
        """A short hash of the table, so a cache knows when the vocabulary changed."""
        text = "\n".join(f"{k}={v[1]}" for k, v in sorted(self._phrases.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def to_frame(self) -> pd.DataFrame:
        """The table as a user reads it: phrase, its lookup key and its level."""
        rows = [(p, k, lvl) for k, (p, lvl) in self._phrases.items()]
        return pd.DataFrame(rows, columns=["fras", "nyckel", "niva"]).astype({"niva": "Int64"})

    def __len__(self) -> int:
        return len(self._phrases)


def _is_na(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _read_vocabulary_file(path: Path) -> dict[str, int | None]:
    table = pd.read_csv(path, sep=None, engine="python", dtype=str, encoding="utf-8-sig")
    cols = {fold(c): c for c in table.columns}
    if "fras" not in cols or "niva" not in cols:
        raise ValueError(
            f"{path.name}: vokabulärfilen behöver kolumnerna 'fras' och 'niva' "
            f"(hittade: {', '.join(map(str, table.columns))})."
        )
    out: dict[str, int | None] = {}
    for phrase, level in zip(table[cols["fras"]], table[cols["niva"]], strict=True):
        out[str(phrase)] = None if pd.isna(level) or not str(level).strip() else int(level)
    return out
