"""The house style: level palette (colour-blind safe, with a greyscale variant), sizes for
slides, Swedish axis formatting, and the title/subtitle/source furniture of every chart.

Charts are drawn on ``matplotlib.figure.Figure`` objects inside ``house_style()``, a style
context, so the user's rcParams are never touched and no pyplot state is created.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import matplotlib.style as mstyle
import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import Formatter, MaxNLocator

from ..escape import plain
from ..swedish import format_number, format_percent

__all__ = ["FULL_SLIDE", "HALF_SLIDE", "LEVELS", "Palette", "alt_text", "house_style",
           "new_figure", "palette", "shorten"]

STYLE_FILE = Path(__file__).with_name("styranalys.mplstyle")

#: PowerPoint's 16:9 slide in inches, and a half-width 16:9 chart for two per slide.
FULL_SLIDE = (13.333, 7.5)
HALF_SLIDE = (6.667, 3.75)
_SIZES = {"full": FULL_SLIDE, "half": HALF_SLIDE}

#: The source line of goal charts when the data carry no file names.
GOALS_SOURCE = "Källa: nämndernas egna bedömningar i årsredovisningarna."

#: The five level states in legend order: 4 first, "ej bedömd" last.
LEVELS: tuple[int | None, ...] = (4, 3, 2, 1, None)


@dataclass(frozen=True)
class Palette:
    """Colour, hatch and symbol per level state; the symbol carries the meaning in greyscale."""

    colors: dict[int | None, str]
    hatches: dict[int | None, str]
    symbols: dict[int | None, str]
    text_colors: dict[int | None, str]
    accent: str = "#0072B2"
    highlight: str = "#B84A00"
    neutral: str = "#555555"


# Okabe–Ito based: distinguishable with deuteranopia, protanopia and tritanopia, and also by
# lightness (dark green, light green, orange, vermillion, light grey). The text colour on
# each fill has at least 4.5:1 contrast (WCAG AA); the light fills are outlined in dark grey
# (at least 3:1 against white) and every level also has its symbol, so nothing is told by
# colour alone. The highlight is dark enough for text on white.
_COLOUR = Palette(
    colors={4: "#00704A", 3: "#7CC8A4", 2: "#E69F00", 1: "#C23B00", None: "#C8C8C8"},
    hatches={4: "", 3: "", 2: "", 1: "", None: ""},
    symbols={4: "✓", 3: "↗", 2: "↘", 1: "✗", None: "–"},
    text_colors={4: "white", 3: "black", 2: "black", 1: "white", None: "black"},
)
_GREY = Palette(
    colors={4: "#1E1E1E", 3: "#6E6E6E", 2: "#B4B4B4", 1: "#FFFFFF", None: "#FFFFFF"},
    hatches={4: "", 3: "", 2: "", 1: "xx", None: "//"},
    symbols=_COLOUR.symbols,
    text_colors={4: "white", 3: "white", 2: "black", 1: "black", None: "black"},
    accent="#1E1E1E", highlight="#000000", neutral="#6E6E6E",
)


def palette(greyscale: bool = False) -> Palette:
    """The level palette; ``greyscale=True`` for print in black and white."""
    return _GREY if greyscale else _COLOUR


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """A style context with the house style; rcParams are restored on exit."""
    with mstyle.context(STYLE_FILE):
        yield


def new_figure(size: str | tuple[float, float] = "full") -> Figure:
    """A pyplot-free Figure of a slide size ("full", "half" or inches)."""
    figsize = _SIZES[size] if isinstance(size, str) else size
    return Figure(figsize=figsize, layout=None)


def alt_text(fig: Figure) -> str:
    """The chart's description in Swedish, made from its data: the alt text of the chart in
    a report and on a slide ("" for a figure that styranalys did not draw)."""
    return getattr(fig, "_styranalys_alt", "")


def _literal(fig: Figure) -> None:
    """Draw every text as written: no control characters and no mathtext, so a goal text
    with "$" in it is not typeset and a bidirectional override reorders nothing."""
    for text in fig.findobj(Text):
        text.set_text(plain(text.get_text()))
        text.set_parse_math(False)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            # Tick labels are made when drawn; made now, they keep mathtext off. (Their text
            # from data has passed shorten(), which removes control characters.)
            for tick in axis.get_major_ticks(len(axis.get_majorticklocs())):
                tick.label1.set_parse_math(False)
                tick.label2.set_parse_math(False)


def decorate(fig: Figure, title: str, subtitle: str | None, source: str | None,
             alt: str = "") -> None:
    """Title and subtitle (wrapped, at most two lines) at the top left, the source line in
    the bottom-left corner; ``alt`` is the chart's description (see :func:`alt_text`).
    Every chart calls this last, so its texts are also made literal here."""
    fig._styranalys_alt = plain(alt)
    width_in = fig.get_figwidth()
    scale = min(1.0, width_in / FULL_SLIDE[0]) ** 0.5
    fig.text(0.02, 0.975, title, ha="left", va="top", fontsize=22 * scale, fontweight="bold",
             color="#1A1A1A")
    if subtitle:
        chars = int(width_in * 8.4 / scale)
        fig.text(0.02, 0.975 - 0.075 * (FULL_SLIDE[1] / fig.get_figheight()) * scale,
                 shorten(subtitle, chars, 2), ha="left", va="top", fontsize=15 * scale,
                 color="#444444", linespacing=1.25)
    if source:
        text = source if source.startswith("Källa") else f"Källa: {source}"
        fig.text(0.02, 0.015, text, ha="left", va="bottom", fontsize=11 * scale,
                 color="#555555")
    _literal(fig)


def source_from(frame, fallback: str) -> str:
    """"Källa: file, file" from the ``kalla`` column (the data's own provenance), so a chart
    of illustrative example files says so; ``fallback`` when there is no ``kalla``."""
    if "kalla" not in frame or frame["kalla"].dropna().empty:
        return fallback
    files = frame["kalla"].dropna().astype(str).str.split(r"[:!]", n=1, regex=True).str[0]
    names = sorted(set(files))
    if all(n.startswith("Kolada") for n in names):
        return "Källa: Kolada"
    shown = ", ".join(names[:3]) + (f" och {len(names) - 3} filer till" if len(names) > 3
                                    else "")
    return f"Källa: {shown}"


class SwedishFormatter(Formatter):
    """Tick labels with a decimal comma and a space between thousands; as many decimals as
    the tick step needs (0,25 steps get two), or percent for shares."""

    def __init__(self, decimals: int | None = None, percent: bool = False) -> None:
        self.decimals = decimals
        self.percent = percent
        self._ticks: list[float] = []

    def set_locs(self, locs) -> None:
        self._ticks = list(locs)
        super().set_locs(locs)

    def __call__(self, value: float, pos: int | None = None) -> str:
        if self.percent:
            return format_percent(value, 0)
        decimals = self.decimals
        if decimals is None:
            locs = np.asarray(self._ticks, dtype=float)
            step = np.min(np.diff(np.sort(locs))) if len(locs) > 1 else abs(value) or 1.0
            decimals = 0
            while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
                decimals += 1
        return format_number(value, decimals)


def number_axis(axis, decimals: int | None = None, percent: bool = False) -> None:
    """Swedish tick labels on an axis (see :class:`SwedishFormatter`)."""
    if not percent:
        axis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(SwedishFormatter(decimals, percent))


def shorten(text: str, width: int, lines: int) -> str:
    """Wrap at word boundaries into at most ``lines`` lines; a cut ends with "…". Control
    characters are removed: every label from data passes here."""
    wrapped = textwrap.wrap(" ".join(plain(text).split()), width=width, break_long_words=False)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = kept[-1]
    while len(last) + 2 > width and " " in last:
        last = last.rsplit(" ", 1)[0]
    kept[-1] = last.rstrip(",;:") + " …"
    return "\n".join(kept)
