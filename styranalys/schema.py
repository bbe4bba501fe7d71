"""The tidy frames' contract (docs/datamodell.md): column names, order and dtypes, in one place."""

from __future__ import annotations

import pandas as pd

__all__ = ["GOAL_DTYPES", "INDICATOR_DTYPES", "conform"]

#: Goals: one row per goal, nämnd, year and period.
GOAL_DTYPES: dict[str, str] = {
    "namnd": "string", "ar": "Int64", "period": "string", "maltyp": "string",
    "omrade": "string", "mal_id": "string", "mal": "string", "bedomning": "string",
    "niva": "Int64", "kommentar": "string", "kalla": "string",
}

#: Indicators: one row per indicator, nämnd, year and period (and kön).
INDICATOR_DTYPES: dict[str, str] = {
    "indikator_id": "string", "indikator": "string", "namnd": "string", "mal_id": "string",
    "enhet": "string", "riktning": "string", "ar": "Int64", "period": "string",
    "varde": "Float64", "ingangsvarde": "Float64", "malvarde": "Float64", "malar": "Int64",
    "kon": "string", "kalla": "string",
}


def conform(frame: pd.DataFrame | None, dtypes: dict[str, str],
            keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """``frame`` with exactly the contract's columns, in order and with its dtypes.

    Columns named in ``keep`` (extras such as Kolada's ``kommun``) follow the contract's.
    Missing contract columns are added as NA; an empty or absent frame gives an empty one.
    """
    columns = [*dtypes, *keep]
    if frame is None:
        frame = pd.DataFrame(columns=columns)
    out = frame.reindex(columns=columns)  # a new frame; copy-on-write protects the input
    for name, dtype in dtypes.items():
        out[name] = out[name].astype(dtype)
    return out.reset_index(drop=True)
