"""Where each table and key of a TOML file stands, so that a mistake names its line.

``tomllib`` gives values, not places; a profile's problems are located by this scan of the
lines, which knows ``[table]``, ``[[table]]`` and ``key = value`` (quoted keys too).
"""

from __future__ import annotations

import re

__all__ = ["key_lines"]

_TABLE = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?")


def key_lines(lines: list[str]) -> dict[tuple[str, int, str], int]:
    """The line (1-based) of each table and key: (table, index of [[table]], key) -> line;
    a table's own line has key ""."""
    where: dict[tuple[str, int, str], int] = {}
    table, index = "", 0
    counts: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        header = _TABLE.match(text)
        if header:
            table = header.group(1).strip()
            index = counts[table] = counts.get(table, -1) + 1 if text.startswith("[[") else 0
            where.setdefault((table, index, ""), number)
            continue
        key = _key(text)
        if key is not None:
            where.setdefault((table, index, key), number)
    return where


def _key(text: str) -> str | None:
    """The key of a ``key = value`` line (quoted keys unquoted)."""
    if text[0] in "\"'":
        end = text.find(text[0], 1)
        return text[1:end] if end > 0 else None
    head, eq, _ = text.partition("=")
    return head.strip() if eq else None
