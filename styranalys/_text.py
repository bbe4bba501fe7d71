"""Text normalisation shared by header matching, vocabulary look-up and derived ids."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Every kind of space a spreadsheet or a PDF copy brings: no-break, thin, narrow no-break, ...
SPACES = "\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u3000"
_SPACE_TABLE = str.maketrans({c: " " for c in SPACES})


def fold(text: object) -> str:
    """Lower-case ASCII words of ``text``: no diacritics, punctuation or extra spaces.

    "  Mål värde\u00a0(kr) " -> "mal varde kr". Used wherever case, spacing and diacritics
    must not matter.
    """
    s = unicodedata.normalize("NFKD", str(text).translate(_SPACE_TABLE).casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", s).strip()

