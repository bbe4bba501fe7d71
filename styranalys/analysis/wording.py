"""What a goal's own words say about measuring it: which way is better, and a target.

Goals are often written with their measure inside them ("Andelen invånare som upplever att
de är trygga ska öka.", "Årets resultat ska uppgå till minst 1,5 procent av skatter och
statsbidrag."). The auditors ask that every goal be measurable; a goal whose words give a
direction and a target is halfway there before any indicator is linked to it. Only what the
words say is taken: "ska öka" is higher, "ska minska" lower, "minst X" higher with target X,
"högst X" lower with target X. A goal whose words say neither is left without, never guessed.
"""

from __future__ import annotations

import re

import pandas as pd

from ..read.notation import read_written

__all__ = ["goal_wording"]

_RISE = re.compile(r"\bska\s+(?:(?:\w+\s+){0,3}?)(?:öka|ökas|höjas|stiga|förbättras|växa|"
                   r"bli\s+fler|bli\s+större|bli\s+bättre)\b", re.IGNORECASE)
_FALL = re.compile(r"\bska\s+(?:(?:\w+\s+){0,3}?)(?:minska|minskas|sänkas|sjunka|"
                   r"bli\s+färre|bli\s+mindre|begränsas)\b", re.IGNORECASE)
# "minst 1,5 procent", "högst 12 %", "max 3 dagar": a bound and its number (and unit).
_BOUND = re.compile(r"\b(minst|lägst|högst|max(?:imalt)?|under|över)\s+([-−]?\d[\d\s]*"
                    r"(?:[.,]\d+)?\s*(?:%|procent(?:enheter)?|\w+)?)", re.IGNORECASE)
# "minst oförändrad jämfört med föregående år": no number; a bound against last year.
_UNCHANGED = re.compile(r"\b(minst|högst)\s+(oförändrad|oförändrat|samma)\b", re.IGNORECASE)
_HIGHER_BOUNDS = {"minst", "lägst", "över"}


def _one(text: str) -> tuple[str | None, float | None, str | None, str | None]:
    """(riktning, målvärde, enhet, the words it came from) for one goal text."""
    if found := _BOUND.search(text):
        written = read_written(f"{found.group(1)} {found.group(2)}".strip())
        if written is not None and written.value is not None:
            unit = "%" if written.unit in ("%", "procent") else written.unit
            return written.riktning, written.value, unit, found.group(0).strip()
    if found := _UNCHANGED.search(text):
        riktning = "hogre" if found.group(1).lower() in _HIGHER_BOUNDS else "lagre"
        return riktning, None, None, found.group(0)
    rise, fall = _RISE.search(text), _FALL.search(text)
    if rise and not fall:
        return "hogre", None, None, rise.group(0)
    if fall and not rise:
        return "lagre", None, None, fall.group(0)
    return None, None, None, None


def goal_wording(goals: pd.DataFrame) -> pd.DataFrame:
    """Per goal row: the direction and target its text states.

    Result columns: ``namnd, ar, period, maltyp, mal_id, mal`` and ``riktning`` ("hogre",
    "lagre" or NA), ``malvarde`` (Float64, NA where the words give no number), ``enhet``
    and ``ordalydelse`` (the words the direction was read from, NA where none). A goal
    whose words say both "ska öka" and "ska minska" gets no direction: which is the goal's
    is for a person to say.
    """
    parts = [_one(str(text)) if pd.notna(text) else (None, None, None, None)
             for text in goals["mal"]]
    out = goals[["namnd", "ar", "period", "maltyp", "mal_id", "mal"]].reset_index(drop=True)
    out["riktning"] = pd.Series([p[0] for p in parts], dtype="string")
    out["malvarde"] = pd.Series([p[1] for p in parts], dtype="Float64")
    out["enhet"] = pd.Series([p[2] for p in parts], dtype="string")
    out["ordalydelse"] = pd.Series([p[3] for p in parts], dtype="string")
    return out
