"""How one sheet was read, step by step, for ``styranalys inspect`` and for notes.

A :class:`SheetTrace` records what the reader saw and decided: the header row, what each
column became (or that it was not used), the title rows above the table, the rows read and
those set aside with the reason, and where nämnd, year, period and goal type came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["ColumnTrace", "SheetTrace", "heading", "title_rows"]


def heading(cells: list[object], col: int) -> str:
    """A header cell as text on one line ("" where there is none)."""
    value = cells[col] if col < len(cells) else None
    return "" if value is None else " ".join(str(value).split())


def title_rows(rows: list[list[object]], row0: int, upto: int) -> list[tuple[int, str]]:
    """The rows above a header that hold text: (Excel row, their texts joined)."""
    out = []
    for i, row in enumerate(rows[:upto]):
        texts = [str(v).strip() for v in row if isinstance(v, str) and v.strip()]
        if texts:
            out.append((row0 + i + 1, " | ".join(texts)))
    return out


@dataclass
class ColumnTrace:
    """One column of the header: its letter, heading, and what it became."""

    column: str
    heading: str
    field: str | None = None
    year: int | None = None
    used: bool = False
    filled: bool = False
    #: "K" or "M" for a year's column of women's or men's values.
    kon: str | None = None


@dataclass
class SheetTrace:
    """What the reader saw in one sheet and what it made of it."""

    file: str
    sheet: str | None
    #: "läst" (gave rows), "annan sort" (a table of the other kind), "inte data" (empty,
    #: a legend, a cover page) or "problem" (gave no rows, and why is a problem).
    status: str = "problem"
    kind: str | None = None
    layout: str | None = None
    reason: str | None = None
    header_row: int | None = None
    columns: list[ColumnTrace] = field(default_factory=list)
    title_rows: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0
    data_rows: int = 0
    row_notes: list[str] = field(default_factory=list)
    #: namnd/ar/period/maltyp -> (value, where it came from); value None: nowhere.
    said: dict[str, tuple[object, str]] = field(default_factory=dict)
    problems: int = 0
    #: Problem codes found in the sheet (saknas_namnd, blad_utan_tabell …), each once.
    codes: list[str] = field(default_factory=list)
    #: Assessments that the vocabulary does not know, each once.
    unknown_phrases: list[str] = field(default_factory=list)
    #: ``[headers]`` lines that a problem suggests: column -> heading.
    suggested_headers: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
