"""The pieces a published report is made of: headings, text, tables and figures as HTML.

Every piece escapes what it is given (see :mod:`styranalys.escape`), so a nämnd called
``<script>…`` is shown as text, never run. The notebooks display these pieces; the build's
HTML template (``templates/rapport``) puts them in a page of its own.
"""

from __future__ import annotations

import base64
import re
import struct
from collections.abc import Iterable

import pandas as pd

from .escape import html_text, plain
from .swedish import format_number

__all__ = ["Html", "bullets", "figure", "heading", "notice", "paragraph", "table"]


class Html:
    """A piece of report HTML; Jupyter shows ``markup``, and ``text`` where HTML is not
    shown (the terminal, a text export)."""

    def __init__(self, markup: str, text: str) -> None:
        self.markup = markup
        self.text = text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text

    def __add__(self, other: Html) -> Html:
        return Html(self.markup + other.markup, f"{self.text}\n{other.text}")


def heading(text: str, level: int = 2) -> Html:
    """A heading of ``level`` (1 is the report's title; there is one per report)."""
    return Html(f"<h{level}>{html_text(text)}</h{level}>", plain(text))


def _led(text: str, lead: str | None) -> Html:
    """Text with an optional bold lead ("Sammantaget:"), not yet in an element."""
    start = f"<strong>{html_text(lead)}</strong> " if lead else ""
    return Html(f"{start}{html_text(text)}", f"{plain(lead) + ' ' if lead else ''}{plain(text)}")


def paragraph(text: str, lead: str | None = None) -> Html:
    """A paragraph, with an optional bold lead ("Sammantaget:")."""
    inner = _led(text, lead)
    return Html(f"<p>{inner.markup}</p>", inner.text)


def bullets(items: Iterable[tuple[str | None, str]]) -> Html:
    """A list of (bold lead or None, text)."""
    rows = [_led(text, lead) for lead, text in items]
    return Html("<ul>" + "".join(f"<li>{r.markup}</li>" for r in rows) + "</ul>",
                "\n".join(f"- {r.text}" for r in rows))


def notice(text: str) -> Html:
    """A notice the reader must not miss (the data are illustrative), set apart at the top."""
    return Html(f'<p class="obs" role="note"><strong>Obs!</strong> {html_text(text)}</p>',
                f"Obs! {plain(text)}")


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def figure(png: bytes, alt: str, width: int = 960) -> Html:
    """A chart as an embedded PNG (a ``data:`` URL, so the report needs no other file),
    shown ``width`` pixels wide, with its description as the alt text."""
    px_w, px_h = _png_size(png)
    height = round(width * px_h / px_w)
    data = base64.b64encode(png).decode("ascii")
    return Html(f'<figure><img src="data:image/png;base64,{data}" alt="{html_text(alt)}" '
                f'width="{width}" height="{height}"></figure>', f"[Diagram] {plain(alt)}")


def _is_number(column: pd.Series) -> bool:
    return (pd.api.types.is_numeric_dtype(column.dtype)
            and not pd.api.types.is_bool_dtype(column.dtype))


# A number already written out in Swedish: "1 234,5", "−3", "60 %", "45 443 st".
_WRITTEN_NUMBER = re.compile(r"^[−-]?\d{1,3}([ \u00a0]\d{3})*(,\d+)?(\u00a0?(%|st|kr\S*))?$")


def _is_written_number(cells: list[str]) -> bool:
    shown = [c for c in cells if c != "–"]
    return bool(shown) and all(_WRITTEN_NUMBER.match(c) for c in shown)


def _column_decimals(column: pd.Series, decimals: int) -> int:
    """One number of decimals per column: none when every value is a whole number."""
    values = pd.to_numeric(column, errors="coerce").dropna().astype(float)
    return 0 if values.empty or (values == values.round()).all() else decimals


def _cells(column: pd.Series, decimals: int) -> list[str]:
    if _is_number(column):
        places = _column_decimals(column, decimals)
        return [format_number(v, places) if pd.notna(v) else "–" for v in column]
    out = []
    for value in column:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            out.append("–")
        elif isinstance(value, bool):
            out.append("ja" if value else "nej")
        else:
            out.append(str(value))
    return out


def table(frame: pd.DataFrame, caption: str, *, decimals: int = 1,
          total: str | None = None) -> Html:
    """A frame as the reports show it: a caption, header cells, no index, "–" for NA.

    Text is left-aligned. Numbers are right-aligned in Swedish format with one number of
    decimals per column (``decimals``, or none where all are whole); so is a text column
    of numbers already written out ("60 %"). ``total`` names a boolean column marking the
    total row: it is not shown, and the total comes last, set apart in the table's foot.
    """
    is_total = [False] * len(frame)
    if total is not None:
        is_total = [bool(v) for v in frame[total].fillna(False)]
        frame = frame.drop(columns=total)
    columns = list(frame.columns)
    cells = {c: _cells(frame[c], decimals) for c in columns}
    numeric = {c for c in columns if _is_number(frame[c]) or _is_written_number(cells[c])}
    align = {c: ' class="tal"' if c in numeric else "" for c in columns}

    def row(i: int) -> str:
        parts = []
        for j, c in enumerate(columns):
            text = html_text(cells[c][i])
            parts.append(f'<th scope="row"{align[c]}>{text}</th>' if j == 0
                         else f"<td{align[c]}>{text}</td>")
        return "<tr>" + "".join(parts) + "</tr>"

    order = [i for i in range(len(frame)) if not is_total[i]]
    totals = [i for i in range(len(frame)) if is_total[i]]
    head = "".join(f'<th scope="col"{align[c]}>{html_text(c)}</th>' for c in columns)
    body = "".join(row(i) for i in order)
    foot = "".join(row(i) for i in totals)
    markup = (f"<table><caption>{html_text(caption)}</caption><thead><tr>{head}</tr></thead>"
              f"<tbody>{body}</tbody>" + (f'<tfoot class="summa">{foot}</tfoot>' if foot else "")
              + "</table>")
    lines = [plain(caption), " | ".join(plain(c) for c in columns)]
    lines += [" | ".join(plain(cells[c][i]) for c in columns) for i in order + totals]
    return Html(markup, "\n".join(lines))
