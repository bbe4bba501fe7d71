"""Which files a path names: a folder gives every spreadsheet in it and its subfolders."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..problems import Problem
from .sources import SPREADSHEET_SUFFIXES

__all__ = ["Paths", "list_files", "walk_paths"]

PathLike = str | Path
Paths = PathLike | Iterable[PathLike]


def list_files(paths: Paths, suffixes: tuple[str, ...] = SPREADSHEET_SUFFIXES) -> list[Path]:
    """The files named by ``paths``; a folder gives every file with one of ``suffixes``
    (spreadsheets by default) in it and its subfolders, in a stable order (a folder's own
    files first, then each subfolder's, by name). Office lock files, hidden files and
    folders, and folders of Kolada data (JSON, read by ``read_kolada``) are left out."""
    return walk_paths(paths, suffixes)[0]


def walk_paths(paths: Paths, suffixes: tuple[str, ...] = SPREADSHEET_SUFFIXES,
          ) -> tuple[list[Path], list[str], list[Problem]]:
    """The files of :func:`list_files`, the Kolada folders passed over (as notes), and a
    problem for each folder named in ``paths`` that holds no spreadsheet."""
    if isinstance(paths, str | Path):
        paths = [paths]
    files: list[Path] = []
    skipped: list[str] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for folder, subfolders, names in os.walk(p):
                here = Path(folder)
                kolada = [d for d in subfolders if _holds_json(here / d)]
                skipped += [f"mappen {here / d}: Kolada-data, läs den med read_kolada"
                            for d in sorted(kolada)]
                subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                                       and d not in kolada)
                found += [here / n for n in sorted(names)
                          if Path(n).suffix.lower() in suffixes
                          and not n.startswith(("~$", ".")) and (here / n).is_file()]
            if not found:
                listed = ", ".join(suffixes)
                problems.append(Problem(
                    file=str(p), message=f"Inga kalkylblad hittades i {p}.",
                    hint=f"styranalys läser filer som slutar på {listed}, också i "
                         "undermappar.", code="inga_filer"))
            files += found
        elif p.exists():
            files.append(p)
        else:
            raise FileNotFoundError(f"Hittar inte {p}: varken fil eller mapp.")
    return files, skipped, problems


def _holds_json(folder: Path) -> bool:
    """Whether ``folder`` holds Kolada's API answers (JSON files): read_kolada's, not ours."""
    try:
        return any(f.suffix.lower() == ".json" for f in folder.iterdir())
    except OSError:
        return False
