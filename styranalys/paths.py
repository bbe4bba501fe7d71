"""Where things are: the project a notebook belongs to, and the user's cache.

A notebook's default paths (``data/raw``, ``data/raw/kolada``) name folders of the project,
so they are resolved against the project's root, not against the folder the kernel happens
to run in: JupyterLab runs a notebook in ``notebooks/``, ``papermill`` in the folder it was
started from, ``styranalys build`` in a staging folder. The same parameters give the same
report each way.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["project_path", "project_root", "user_cache"]


def user_cache() -> Path:
    """styranalys' folder in the user's cache (``$XDG_CACHE_HOME`` or ``~/.cache``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "styranalys"


def _is_root(folder: Path) -> bool:
    return (folder / "notebooks").is_dir() and (
        (folder / "pyproject.toml").is_file() or (folder / "data").is_dir())


def project_root(start: str | Path | None = None) -> Path:
    """The project's root: the nearest folder from ``start`` (the working folder) upwards
    that holds ``notebooks/`` beside ``data/`` or ``pyproject.toml``; else the source
    checkout styranalys runs from; else ``start`` itself."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    checkout = Path(__file__).resolve().parents[1]
    return checkout if _is_root(checkout) else here


def project_path(path: str | Path) -> Path:
    """``path`` as given when absolute, else resolved against :func:`project_root` (an
    empty path stays empty: "not given")."""
    if not str(path):
        return Path("")
    path = Path(path).expanduser()
    return path if path.is_absolute() else project_root() / path
