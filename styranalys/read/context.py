"""What a read knows about a sheet besides its cells: nämnd, year, period and goal type,
from the caller's arguments or the profile, and how a goal type is written as a code."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from .._text import fold
from ..contract import MALTYP_WORDS

__all__ = ["Context", "goal_type_code"]

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Context:
    """What the caller (or the profile) says about the input where the file is silent."""

    namnd: str | None = None
    ar: int | None = None
    period: str | None = None
    maltyp: str | None = None

    def over(self, other: Context) -> Context:
        """This context with every field that ``other`` sets taken from ``other``."""
        return Context(**{f.name: getattr(other, f.name) if getattr(other, f.name) is not None
                          else getattr(self, f.name) for f in fields(self)})


def goal_type_code(text: str) -> str | None:
    """A goal type as the frames write it: Lindesberg's three by their known words
    ("Utvecklingsmål" -> "utvecklingsmal"), any other in ASCII snake case
    ("Inriktningsmål" -> "inriktningsmal"); None for text that gives no code."""
    key = fold(text)
    if key in MALTYP_WORDS:
        return MALTYP_WORDS[key]
    code = key.replace(" ", "_")
    return code if _CODE.match(code) else None
