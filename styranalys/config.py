"""Where things live: the project's folders, from one place (cookiecutter-data-science)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["ProjectPaths"]


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of a styranalys project, relative to ``root`` (default: the working dir)."""

    root: Path = Path()

    @property
    def raw(self) -> Path:
        """Input spreadsheets as users keep them; never written by the library."""
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        """Tidy frames as parquet, written by ``prepare``."""
        return self.root / "data" / "processed"

    @property
    def reports(self) -> Path:
        """What a build writes."""
        return self.root / "reports"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"
