"""The house style: level palette (colour-blind safe, with a greyscale variant), sizes for
slides, Swedish axis formatting, and the title/subtitle/source furniture of every chart.

Charts are drawn on ``matplotlib.figure.Figure`` objects inside ``house_style()``, a style
context, so the user's rcParams are never touched and no pyplot state is created.
"""

from __future__ import annotations

import contextlib
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import matplotlib.style as mstyle
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import Formatter, MaxNLocator
from matplotlib.transforms import Bbox

from ..escape import plain
from ..swedish import format_number, format_percent

__all__ = [
    "FULL_SLIDE",
    "HALF_SLIDE",
    "LEVELS",
    "MIN_TEXT",
    "Palette",
    "add_legend",
    "alt_text",
    "house_style",
    "new_figure",
    "palette",
    "shorten",
    "source_line",
    "text_width",
    "year_step",
]

STYLE_FILE = Path(__file__).with_name("styranalys.mplstyle")

#: PowerPoint's 16:9 slide in inches, and a half-width 16:9 chart for two per slide.
FULL_SLIDE = (13.333, 7.5)
HALF_SLIDE = (6.667, 3.75)
_SIZES = {"full": FULL_SLIDE, "half": HALF_SLIDE}

#: The source line of goal charts when the data carry no file names.
GOALS_SOURCE = "Källa: nämndernas egna bedömningar i årsredovisningarna."

#: The smallest text on a chart, in points at the figure's own size: 12 pt is readable on a
#: projected slide and in print.
MIN_TEXT = 12.0

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
    """A pyplot-free Figure of a slide size ("full", "half" or inches), on an Agg canvas so
    its texts can be measured before it is saved."""
    figsize = _SIZES[size] if isinstance(size, str) else size
    fig = Figure(figsize=figsize, layout=None)
    FigureCanvasAgg(fig)
    return fig


def alt_text(fig: Figure) -> str:
    """The chart's description in Swedish, made from its data: the alt text of the chart in
    a report and on a slide ("" for a figure that styranalys did not draw)."""
    return getattr(fig, "_styranalys_alt", "")


def source_line(fig: Figure) -> str:
    """The chart's source line ("Källa: …"), for the speaker notes ("" if it has none)."""
    return getattr(fig, "_styranalys_source", "")


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
    title_size = max(MIN_TEXT + 2, 22 * scale)
    heading = _fitted(fig, fig.text(0.02, 0.975, title, ha="left", va="top",
                                    fontsize=title_size, fontweight="bold", color="#1A1A1A"),
                      title, 2)
    if subtitle:
        lines = heading.get_text().count("\n") + 1
        top = 0.975 - (title_size * (1.2 * lines + 0.25)) / 72 / fig.get_figheight()
        _fitted(fig, fig.text(0.02, top, subtitle, ha="left", va="top",
                              fontsize=max(MIN_TEXT, 15 * scale), color="#444444",
                              linespacing=1.25), subtitle, 2)
    if source:
        text = source if source.startswith("Källa") else f"Källa: {source}"
        fig._styranalys_source = plain(text)
        _fitted(fig, fig.text(0.02, 0.015, text, ha="left", va="bottom", fontsize=MIN_TEXT,
                              color="#555555"), text, 1)
    _literal(fig)
    _fit_axes(fig)


def _fitted(fig: Figure, text: Text, content: str, lines: int) -> Text:
    """Wrap ``content`` into at most ``lines`` lines that end inside the figure, as the
    renderer measures them; cut with "…" where it is longer."""
    renderer = fig.canvas.get_renderer()
    chars = text_width(fig, 0.96, text.get_fontsize())
    while True:
        text.set_text(shorten(content, chars, lines))
        right = fig.transFigure.inverted().transform(text.get_window_extent(renderer))[1, 0]
        if right <= 0.985 or chars <= 10:
            return text
        chars -= max(1, chars // 12)


def _fit_axes(fig: Figure, gap: float = 0.015) -> None:
    """Move the chart's axes (with their titles and tick labels) into the band between the
    title and subtitle above and the legends, notes and source line below, so nothing is
    drawn over: the layouts are made for a full slide, and a half one has less room."""
    renderer = fig.canvas.get_renderer()
    to_fig = fig.transFigure.inverted()

    def box(artist) -> Bbox:
        return Bbox(to_fig.transform(artist.get_window_extent(renderer)))

    texts = [t for t in fig.texts if t.get_text().strip()]
    above = [box(t).y0 for t in texts if t.get_position()[1] > 0.5]
    below = [box(t).y1 for t in texts if t.get_position()[1] <= 0.5]
    below += [box(legend).y1 for legend in fig.legends]
    hi = min(above, default=1.0) - gap
    lo = max(below, default=0.0) + gap
    def decorations(ax) -> Bbox:
        """The axes with its ticks, tick labels, labels and title (not its data)."""
        return Bbox(to_fig.transform(ax.get_tightbbox(renderer, bbox_extra_artists=[])))

    for ax in fig.axes:  # labels that reach past the left or right edge: narrow the axes
        tight = decorations(ax)
        pos = ax.get_position()
        left, right = max(0.0, 0.01 - tight.x0), max(0.0, tight.x1 - 0.99)
        if (left or right) and pos.width - left - right > 0.1:
            ax.set_position([pos.x0 + left, pos.y0, pos.width - left - right, pos.height])
    for _ in range(3):  # tick labels keep their size as the axes move: settle in a few steps
        axes = [ax for ax in fig.axes if ax.get_visible()]
        if not axes or hi <= lo:
            return
        tight = [decorations(ax) for ax in axes]
        top, bottom = max(b.y1 for b in tight), min(b.y0 for b in tight)
        if top <= hi + 1e-4 and bottom >= lo - 1e-4:
            return
        inner_top = max(ax.get_position().y1 for ax in axes)
        inner_bottom = min(ax.get_position().y0 for ax in axes)
        # The room the axes themselves may take: the band less what sticks out of them.
        new_top, new_bottom = hi - (top - inner_top), lo + (inner_bottom - bottom)
        if new_top - new_bottom < 0.1:
            return
        scale = (new_top - new_bottom) / (inner_top - inner_bottom)
        for ax in axes:
            pos = ax.get_position()
            ax.set_position([pos.x0, new_bottom + (pos.y0 - inner_bottom) * scale, pos.width,
                             pos.height * scale])


def keep_inside(ax, texts: list, edge: float = 0.985) -> None:
    """Narrow ``ax`` until the ``texts`` written right of it (labels beside the chart) end
    inside the figure; a few steps, as texts anchored to data move with the axes."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_fig = fig.transFigure.inverted()
    for _ in range(3):
        right = max((to_fig.transform(t.get_window_extent(renderer))[1, 0] for t in texts),
                    default=0.0)
        if right <= edge + 1e-4:
            return
        pos = ax.get_position()
        ax.set_position([pos.x0, pos.y0, pos.width - (right - edge), pos.height])


def source_from(frame, fallback: str) -> str:
    """"Källa: file, file" from the ``kalla`` column (the data's own provenance), so a chart
    of illustrative example files says so; ``fallback`` when there is no ``kalla``."""
    if "kalla" not in frame or frame["kalla"].dropna().empty:
        return fallback
    files = frame["kalla"].dropna().astype(str).str.split(r"[:!]", n=1, regex=True).str[0]
    names = sorted(set(files))
    if all(n.startswith("Kolada") for n in names):
        fetched = sorted(set(re.findall(r"\d{4}-\d\d-\d\d", " ".join(names))))
        return "Källa: Kolada" + (f", hämtat {fetched[-1]}" if fetched else "")
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


def add_legend(fig: Figure, handles: list, labels: list[str], y: float, most: int,
               x: float = 0.5, **kwargs: object) -> None:
    """The figure's legend, centred at ``y``, in as many columns (up to ``most``) as fit
    across the figure, measured: fewer columns on a half slide, never cut at its edge."""
    renderer = fig.canvas.get_renderer()
    for ncol in range(max(1, min(most, len(labels))), 0, -1):
        legend = fig.legend(handles, labels, loc="lower center", ncol=ncol,
                            bbox_to_anchor=(x, y), fontsize=MIN_TEXT, **kwargs)
        box = fig.transFigure.inverted().transform(legend.get_window_extent(renderer))
        if ncol == 1 or (box[0, 0] >= 0.01 and box[1, 0] <= 0.99):
            return
        legend.remove()


def counts_beside(ax, counts) -> bool:
    """"12 mål" right of each horizontal bar (bar i at y = i), with a star where there are
    fewer than three goals; returns whether any bar has a star (then say what it means)."""
    few = False
    for y, count in enumerate(int(c) for c in counts):
        star = "*" if count < 3 else ""
        few = few or bool(star)
        ax.text(1.01, y, f"{count} mål{star}", ha="left", va="center", fontsize=MIN_TEXT,
                color="#333333", transform=ax.get_yaxis_transform(), clip_on=False)
    return few


#: What the star of :func:`counts_beside` means.
FEW_GOALS = "* Färre än 3 mål: andelarna bygger på mycket få mål."


def footnote(fig: Figure, text: str, x: float = 0.02) -> None:
    """A note just above the figure's legends (or the source line), never on them."""
    renderer = fig.canvas.get_renderer()
    to_fig = fig.transFigure.inverted()
    tops = [to_fig.transform(legend.get_window_extent(renderer))[1, 1]
            for legend in fig.legends]
    fig.text(x, max(tops, default=0.06) + 0.01, text, fontsize=MIN_TEXT, color="#333333",
             va="bottom")


def text_width(fig: Figure, width: float, size: float = MIN_TEXT) -> int:
    """How many characters of ``size`` points fit in ``width`` (a fraction of the figure's
    width): for wrapping labels before they are drawn."""
    return max(8, int(width * fig.get_figwidth() * 72 / (size * 0.6)))


def year_step(ax, first: int, last: int) -> int:
    """A step between year ticks that leaves room for each label ("2024" at 13 pt)."""
    width = ax.get_position().width * ax.figure.get_figwidth()
    fit = max(1, int(width / 0.6))
    span = last - first + 1
    return next(step for step in (1, 2, 5, 10, 20, 50) if span / step <= fit or step == 50)


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
