"""Everything besides a file's bytes that decides how it is read: kind, what the caller
says, vocabulary, headers and limits. Its fingerprint keys the parquet cache."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import _version
from .._text import fold
from ..contract import KEYS, PERIODS
from .context import Context, goal_type_code
from .header import header_synonyms
from .limits import ReadLimits
from .profile import Profile
from .vocabulary import Vocabulary

__all__ = ["Options", "make_options"]


def _context(namnd: str | None, ar: int | None, period: str | None,
             maltyp: str | None) -> Context:
    """The caller's word on what the files do not say, checked against the contract."""
    periods = {fold(p): p for p in PERIODS}  # "delår" and "delar" alike
    if period is not None and fold(period) not in periods:
        raise ValueError(f"period={period!r}: ange 'bokslut' eller 'delår'.")
    code = None if maltyp is None else goal_type_code(maltyp)
    if maltyp is not None and code is None:
        raise ValueError(f"maltyp={maltyp!r}: skriv måltypen som i filen, till exempel "
                         "'utvecklingsmal' eller 'inriktningsmal'.")
    return Context(namnd=namnd, ar=None if ar is None else int(ar),
                   period=None if period is None else periods[fold(period)], maltyp=code)


#: The layout of a file's cached rows; a change makes every cached file miss.
_FORMAT = "8: base years, kön columns under years, symbols stuck to numbers, fills"


@dataclass(frozen=True)
class Options:
    """Everything besides a file's bytes that decides how it is read (a cache key part)."""

    kind: str
    context: Context
    vocabulary: Vocabulary
    table: Mapping[str, str]
    limits: ReadLimits | None
    profile: Profile | None = None

    def fingerprint(self) -> str:
        parts = [_version.__version__, _FORMAT, self.kind, repr(self.context),
                 self.vocabulary.fingerprint(), repr(sorted(self.table.items())),
                 repr(self.limits), self.profile.digest if self.profile else ""]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    def context_for(self, path: Path, sheet: str | None) -> Context:
        """What is said of one sheet where its file is silent: the call's arguments, then
        the profile's rules for that file and sheet."""
        if self.profile is None:
            return self.context
        return self.profile.context_for(path, sheet).over(self.context)


def make_options(kind: str, *, namnd: str | None = None, ar: int | None = None,
                 period: str | None = None, maltyp: str | None = None,
                 vocabulary: Vocabulary | Mapping[str, int | None] | str | Path | None = None,
                 headers: Mapping[str, Sequence[str]] | None = None,
                 limits: ReadLimits | None = None, profile: Profile | None = None) -> Options:
    """Everything besides the files that decides how ``load`` reads them (a cache key).
    The profile's vocabulary and headings come first; the call's are added over them."""
    if kind not in KEYS:
        raise ValueError(f"kind={kind!r}: ange 'goals' eller 'indicators'.")
    extra = {**(profile.headers if profile else {})}
    for column, names in (headers or {}).items():
        names = [names] if isinstance(names, str) else list(names)
        extra[column] = (*extra.get(column, ()), *names)
    return Options(kind, _context(namnd, ar, period, maltyp),
                   _vocabulary(vocabulary, profile), header_synonyms(extra), limits, profile)


def _vocabulary(value: Vocabulary | Mapping[str, int | None] | str | Path | None,
                profile: Profile | None) -> Vocabulary:
    base = Vocabulary.default()
    if profile is not None and profile.vocabulary:
        base = base.extend(dict(profile.vocabulary))
    if value is None:
        return base
    if isinstance(value, Vocabulary):
        return Vocabulary([*profile.vocabulary, *value.items()]) if profile else value
    return base.extend(value)
