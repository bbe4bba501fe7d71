"""Text from input made safe to publish: no control characters, and escaped for HTML.

A cell in a spreadsheet can hold anything: markup, a script tag, a terminal escape
sequence, or a bidirectional override that shows "gnidrocca" as "according". Every text
that comes from input passes :func:`plain` before it reaches a chart, a slide or the
terminal, and :func:`html_text` before it reaches HTML.
"""

from __future__ import annotations

import html
import re

__all__ = ["html_text", "plain", "print_plain"]

# C0 and C1 controls except tab and newline, and the invisible format characters that
# reorder or hide text: bidirectional embeddings, overrides and isolates (U+202A–202E,
# U+2066–2069), marks (U+200E/F, U+061C), zero-width space and the BOM.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f"
                      "\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")


def plain(text: object) -> str:
    """``text`` as a string without control characters (a tab or newline is kept)."""
    return _CONTROL.sub("", str(text))


def print_plain(*values: object, **kwargs) -> None:
    """``print`` without control characters: a cell's escape sequences or bidirectional
    overrides never reach the terminal (every command prints through this)."""
    print(*(plain(v) for v in values), **kwargs)


def html_text(text: object) -> str:
    """``text`` without control characters, escaped for HTML text and attribute values."""
    return html.escape(plain(text), quote=True)
