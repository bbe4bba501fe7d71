"""Everything besides a file's bytes that decides how it is read: kind, what the caller
says, vocabulary, headers and limits. Its fingerprint keys the parquet cache."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import _version
from .._text import fold
from ..contract import KEYS, MALTYPER, PERIODS
from .header import header_synonyms
from .limits import ReadLimits
from .sheet import Context
from .vocabulary import Vocabulary

__all__ = ["Options", "make_options"]


def _context(namnd: str | None, ar: int | None, period: str | None,
             maltyp: str | None) -> Context:
    """The caller's word on what the files do not say, checked against the contract."""
    periods = {fold(p): p for p in PERIODS}  # "delår" and "delar" alike
    if period is not None and fold(period) not in periods:
        raise ValueError(f"period={period!r}: ange 'bokslut' eller 'delår'.")
    if maltyp is not None and maltyp not in MALTYPER:
        raise ValueError(f"maltyp={maltyp!r}: ange 'grunduppdrag', 'kvalitetsfaktor' eller "
                         "'utvecklingsmal'.")
    return Context(namnd=namnd, ar=None if ar is None else int(ar),
                   period=None if period is None else periods[fold(period)], maltyp=maltyp)


#: The layout of a file's cached rows; a change makes every cached file miss.
_FORMAT = "4: read/ layouts, the contract's missing marks"


@dataclass(frozen=True)
class Options:
    """Everything besides a file's bytes that decides how it is read (a cache key part)."""

    kind: str
    context: Context
    vocabulary: Vocabulary
    table: Mapping[str, str]
    limits: ReadLimits | None

    def fingerprint(self) -> str:
        parts = [_version.__version__, _FORMAT, self.kind, repr(self.context),
                 self.vocabulary.fingerprint(),
                 repr(sorted(self.table.items())), repr(self.limits)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def make_options(kind: str, *, namnd: str | None = None, ar: int | None = None,
                 period: str | None = None, maltyp: str | None = None,
                 vocabulary: Vocabulary | Mapping[str, int | None] | str | Path | None = None,
                 headers: Mapping[str, Sequence[str]] | None = None,
                 limits: ReadLimits | None = None) -> Options:
    """Everything besides the files that decides how ``load`` reads them (a cache key)."""
    if kind not in KEYS:
        raise ValueError(f"kind={kind!r}: ange 'goals' eller 'indicators'.")
    return Options(kind, _context(namnd, ar, period, maltyp), _vocabulary(vocabulary),
                    header_synonyms(headers), limits)


def _vocabulary(value: Vocabulary | Mapping[str, int | None] | str | Path | None) -> Vocabulary:
    if value is None:
        return Vocabulary.default()
    if isinstance(value, Vocabulary):
        return value
    return Vocabulary.default().extend(value)
