"""Names as people compare them: one spelling per nämnd, goal and indicator.

Names from different files differ in ways no reader means: Unicode NFC against NFD (a Mac
writes "å" as "a" and a ring), stray or doubled spaces, and case ("socialnämnden" in one
file, "Socialnämnden" in another). Names are normalised to NFC with trimmed, collapsed
whitespace; nämnder that differ only in case are one nämnd, written as most files write it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from .._text import SPACES

__all__ = ["clean_name", "merge_case"]

_WHITESPACE = re.compile(r"[\s" + SPACES + r"]+")


def clean_name(text: str) -> str:
    """``text`` in Unicode NFC with every run of whitespace one space, trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def merge_case(files: Mapping[str, int], known: Iterable[str] = (),
               ) -> tuple[dict[str, str], list[str]]:
    """Which spellings (``files``: each with the number of files that write it) differ
    only in case, and the one each becomes.

    The spelling kept is the one in ``known`` (for example the goals' nämnder, when the
    indicators are linked to them), else the one most files write, else the first in
    sorted order. Returns the renames and a Swedish note for each merge.
    """
    totals = dict(sorted(files.items()))
    known = set(known)
    renames: dict[str, str] = {}
    notes: list[str] = []
    by_key: dict[str, list[str]] = {}
    for name in list(totals) + sorted(known - set(totals)):
        by_key.setdefault(name.casefold(), []).append(name)
    for spellings in by_key.values():
        if len(spellings) < 2:
            continue
        given = [s for s in spellings if s in known]
        keep = given[0] if given else max(spellings, key=lambda s: (totals.get(s, 0), s == min(
            spellings)))
        others = [s for s in spellings if s != keep and s in totals]
        for other in others:
            renames[other] = keep
        if others:
            listed = ", ".join(repr(o) for o in others)
            notes.append(f"{listed} och {keep!r} skiljer sig bara i versaler och räknas som en "
                         f"nämnd, {keep!r}")
    return renames, notes
