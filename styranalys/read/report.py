"""What a read did beside the rows it returned: files, skipped sheets, notes, problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .._text import fold
from ..problems import Problem
from .trace import SheetTrace

__all__ = ["ReadReport", "illustrative_files"]


@dataclass
class ReadReport:
    """What a read did beside the rows it returned: files, skipped sheets, notes, problems."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_values: int = 0
    data_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Files whose title says that their data are illustrative.
    illustrative: list[str] = field(default_factory=list)
    #: How each sheet was read (``styranalys inspect``); not kept in the cache.
    sheets: list[SheetTrace] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"files": self.files, "skipped": self.skipped, "notes": self.notes,
                "missing_values": self.missing_values, "data_rows": self.data_rows,
                "illustrative": self.illustrative}

    def illustrative_files(self) -> list[str]:
        """The names of the files marked illustrative, in their title or their name."""
        named = [Path(f).name for f in self.files if "illustrativ" in fold(Path(f).name)]
        return list(dict.fromkeys([*named, *self.illustrative]))


def illustrative_files(reports: Iterable[ReadReport]) -> list[str]:
    """The files that any of ``reports`` found marked illustrative, each once."""
    return list(dict.fromkeys(name for r in reports for name in r.illustrative_files()))
