"""Which goal each indicator follows up, checked against the goals that were read.

An indicator row names its goal by id (a ``Mål-ID`` column) or by text (a ``Mål`` column),
with or without the goal's type. By id, the goal must be among the goals read for that
nämnd. By text, it is found among the nämnd's goals after the same normalisation as the
goals' own ids (case, spacing and diacritics do not matter), of the type the row gives or,
where it gives none, of the one type that has such a goal; several types are a problem,
never a guess. A row that names no goal stays valid, with an empty ``mal_id``.
"""

from __future__ import annotations

import pandas as pd

from .._text import fold
from ..contract import maltyp_singular
from ..problems import Problem

__all__ = ["link_goals"]


def link_goals(indicators: pd.DataFrame, goals: pd.DataFrame) -> tuple[pd.Series, list[Problem]]:
    """Each indicator row's ``mal_id`` as found among ``goals``, and a located problem for
    every row whose goal is not there or is ambiguous.

    ``indicators`` carries the reader's link columns (``_mal``, ``_maltyp``, ``_malkol``)
    and location columns (``_file``, ``_sheet``, ``_row``); the result is aligned with it.
    A row whose goal is not found keeps the id the reader gave it.
    """
    by_text: dict[tuple[str, str], dict[str, str]] = {}
    ids: set[tuple[str, str]] = set()
    known = goals[["namnd", "maltyp", "mal", "mal_id"]].drop_duplicates()
    for namnd, maltyp, mal, mal_id in known.itertuples(index=False, name=None):
        if pd.isna(namnd) or pd.isna(mal_id):
            continue
        ids.add((fold(namnd), mal_id))
        if pd.notna(mal):
            by_text.setdefault((fold(namnd), fold(mal)), {}).setdefault(str(maltyp), mal_id)
    mal_id = indicators["mal_id"].copy()
    problems: list[Problem] = []
    columns = ["namnd", "_mal", "_maltyp", "mal_id", "indikator"]
    named = indicators[indicators["mal_id"].notna() & indicators["namnd"].notna()]
    for key, rows in named.groupby(columns[:4], dropna=False, sort=False):
        namnd, text, maltyp, given = key
        if pd.isna(text):  # named by id
            if (fold(namnd), given) not in ids:
                problems += _problems(rows, f"Målet med id {given!r} finns inte bland de "
                                            f"inlästa målen för {namnd}.",
                                      "Kontrollera Mål-ID mot målfilen, och att målfilen "
                                      "läses in tillsammans med indikatorerna.")
            continue
        found = by_text.get((fold(namnd), fold(text)), {})
        if pd.notna(maltyp):
            found = {maltyp: found[maltyp]} if maltyp in found else {}
        if len(found) == 1:
            mal_id[rows.index] = next(iter(found.values()))
        elif found:
            kinds = " och ".join(maltyp_singular(k) for k in sorted(found))
            problems += _problems(rows, f"Målet {text!r} finns både som {kinds} hos {namnd}; "
                                        "raden säger inte vilket av dem indikatorn följer upp.",
                                  "Lägg till en kolumn Måltyp (grunduppdrag, kvalitetsfaktor "
                                  "eller utvecklingsmål) i indikatorfilen.")
        else:
            what = f" ({maltyp_singular(maltyp)})" if pd.notna(maltyp) else ""
            problems += _problems(rows, f"Målet {text!r}{what} finns inte bland de inlästa "
                                        f"målen för {namnd}.",
                                  "Skriv måltexten som i målfilen, och läs in målfilen "
                                  "tillsammans med indikatorerna.")
    return mal_id, problems


def _problems(rows: pd.DataFrame, message: str, hint: str) -> list[Problem]:
    """One problem per sheet row (a wide sheet has a tidy row per year of each)."""
    places = rows[["_file", "_sheet", "_row", "_malkol", "indikator"]].drop_duplicates(
        ["_file", "_sheet", "_row"])
    return [Problem(file=str(file), sheet=None if pd.isna(sheet) else str(sheet),
                    row=None if pd.isna(row) else int(row),
                    column=None if pd.isna(col) else str(col),
                    message=f"Indikatorn {indikator!r}: {message}", hint=hint,
                    code="okant_mal")
            for file, sheet, row, col, indikator in places.itertuples(index=False, name=None)]
