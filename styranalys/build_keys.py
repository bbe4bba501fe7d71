"""What each yearly report depends on, as one key, so a build redoes only what changed.

A report's key is a digest of: the rows of the tidy frames it shows (a nämnd's report, that
nämnd's goals and indicators; the overview, all of them), which input files are marked
illustrative (every report says so), the notebook it runs, the package version, its
parameters, the Kolada files it compares with, and the data folder's ``styranalys.toml``.
The key is stamped into the executed notebook that is published; a build that computes the
same key leaves the report as it is.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from ._version import __version__

__all__ = ["frame_digest", "published_key", "report_key"]

#: Parameters that name where a run reads or writes, not what it shows (the data and the
#: Kolada files are in the key by their content).
_RUN_ONLY = frozenset({"figur_dir", "data_dir", "raw_dir", "kolada_dir", "kolada_koppling"})


def frame_digest(*frames: pd.DataFrame) -> str:
    """A digest of the frames' columns and values, row by row."""
    digest = hashlib.sha256()
    for frame in frames:
        digest.update("\x1f".join(map(str, frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def report_key(notebook: str | Path, parameters: dict[str, object], goals: pd.DataFrame,
               indicators: pd.DataFrame, illustrative: list[str],
               kolada: str | Path | None = None, profile: str = "") -> str:
    """The key of one report (see the module docstring); ``goals`` and ``indicators`` are
    the rows it shows, ``profile`` the digest of the data's ``styranalys.toml``."""
    parts = {
        "version": __version__,
        "notebook": hashlib.sha256(Path(notebook).read_bytes()).hexdigest(),
        "parameters": {k: v for k, v in sorted(parameters.items()) if k not in _RUN_ONLY},
        "data": frame_digest(goals, indicators),
        "illustrative": sorted(illustrative),
        "kolada": _folder_digest(Path(kolada)) if kolada else "",
        "profile": profile,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def published_key(notebook: Path) -> str | None:
    """The key stamped into a published notebook (None where there is none)."""
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    return meta.get("styranalys", {}).get("key") or None


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
