"""``styranalys inspect``: how each sheet of a file or folder was read, and a draft profile.

Both kinds are read as ``validate`` reads them (the profile included); each sheet's
:class:`~styranalys.read.trace.SheetTrace` comes from the read that took it, with the
problems found in it. What the files leave out becomes a draft ``styranalys.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import InputError, Problem, unique
from .files import Paths
from .hints import draft_profile
from .load import load, nothing_read
from .opening import sharing_sheets
from .profile import Profile, find_profile
from .trace import SheetTrace

__all__ = ["Inspection", "inspect_paths"]


@dataclass
class Inspection:
    """What ``inspect`` shows: each sheet's trace and problems, the notes, a draft profile."""

    sheets: list[SheetTrace]
    problems: list[Problem]
    notes: list[str]
    draft: str
    rows: dict[str, int] = field(default_factory=dict)

    def sheet_problems(self, trace: SheetTrace) -> list[Problem]:
        """The problems located in one sheet."""
        return [p for p in self.problems if p.file == trace.file and p.sheet == trace.sheet]

    def as_dict(self) -> dict[str, object]:
        problem = [{"fil": p.file, "blad": p.sheet, "rad": p.row, "kolumn": p.column,
                    "meddelande": p.message, "tips": p.hint, "kod": p.code}
                   for p in self.problems]
        return {"rader": self.rows,
                "blad": [{**t.as_dict(), "problem": [
                    (f"rad {p.row}: " if p.row else "") + p.message
                    + (f" ({p.hint})" if p.hint else "") for p in self.sheet_problems(t)]}
                         for t in self.sheets],
                "problem": problem, "noteringar": self.notes, "profilutkast": self.draft}


def inspect_paths(paths: Paths, profile: Profile | str | Path | None = None) -> Inspection:
    """Read ``paths`` for goals and indicators and say how each sheet was read."""
    try:
        found = find_profile(paths, profile)
    except InputError as err:
        return Inspection([], err.problems, [], "", {"goals": 0, "indicators": 0})
    with sharing_sheets():
        goals, goal_report = load(paths, "goals", profile=found)
        indicators, ind_report = load(paths, "indicators", goals=goals, profile=found)
    by_sheet: dict[tuple[str, str | None], SheetTrace] = {}
    for trace in goal_report.sheets + ind_report.sheets:
        key = (trace.file, trace.sheet)
        if key not in by_sheet or by_sheet[key].status == "annan sort":
            by_sheet[key] = trace
    problems = unique(goal_report.problems + ind_report.problems)
    problems += nothing_read(paths, goal_report, ind_report)
    namnder = {*goals["namnd"].dropna(), *indicators["namnd"].dropna()}
    traces = list(by_sheet.values())
    return Inspection(traces, problems,
                      list(dict.fromkeys(goal_report.notes + ind_report.notes)),
                      draft_profile(traces, namnder, found),
                      {"goals": len(goals), "indicators": len(indicators)})
