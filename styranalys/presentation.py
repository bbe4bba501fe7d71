"""PowerPoint export: a title slide, one slide per chart, and a last slide of sources.

Slides are 16:9 (13.333 × 7.5 in; python-pptx's own default is 4:3) unless a municipality's
template is given, whose layouts and slide size are used as they are. Each chart is placed
as a PNG at full resolution, scaled to fit with its aspect ratio kept, with the chart's
description as its alt text and in the speaker notes, beside its source and the data's date.
A slide title is one line at 28 pt, measured with the font's metrics and shortened where it
would wrap. Text from data is put on the slides without control characters.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure
from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from .atomic import atomic_path
from .charts.save import REPORT_DPI, png_bytes, png_text
from .escape import plain

__all__ = ["Slide", "to_pptx"]

_TITLE_ONLY_NAMES = ("title only", "endast rubrik", "rubrik", "bara rubrik")
_CONTENT_NAMES = ("title and content", "rubrik och innehåll", "rubrik och text")
#: Slide titles: one line of this size.
TITLE_PT = 28


@dataclass
class Slide:
    """One chart slide: the figure (or a PNG file of one), its title, its source line and
    the picture's alt text (``None``: the figure's own description, see
    :func:`~styranalys.alt_text`, or a PNG's "Description")."""

    figure: Figure | Path
    title: str
    source: str | None = None
    alt: str | None = None
    #: The speaker notes (``None``: the alt text and the source line).
    notes: str | None = None


def _description(fig: Figure | Path, key: str = "Description") -> str:
    """What a chart carries about itself: its alt text ("Description") or its source line
    ("Source"), from a Figure or from a PNG file's metadata."""
    if isinstance(fig, Path):
        return png_text(fig).get(key, "")
    from .charts.style import alt_text, source_line

    return alt_text(fig) if key == "Description" else source_line(fig)


def _as_slides(items: Iterable[Slide | tuple]) -> list[Slide]:
    slides = []
    for item in items:
        if isinstance(item, Slide):
            slides.append(item)
        elif isinstance(item, tuple) and 2 <= len(item) <= 4:
            slides.append(Slide(*item))
        else:
            raise TypeError("Varje bild anges som Slide(figur, rubrik, källa) eller en tupel "
                            "(figur, rubrik[, källa]).")
    return slides


def _layout(prs, names: Sequence[str], fallback: int):
    for layout in prs.slide_layouts:
        if layout.name.strip().lower() in names:
            return layout
    layouts = list(prs.slide_layouts)
    return layouts[min(fallback, len(layouts) - 1)]


def _png(fig: Figure | Path, dpi: int) -> tuple[io.BytesIO, float, float]:
    """PNG bytes and the size in inches (a Figure is rendered at ``dpi``; a PNG file is used
    as is, at the resolution it records, else at ``dpi``)."""
    if isinstance(fig, Path):
        from PIL import Image, UnidentifiedImageError

        data = fig.read_bytes()
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != "PNG":
                    raise UnidentifiedImageError
                (width_px, height_px), recorded = image.size, image.info.get("dpi")
        except UnidentifiedImageError:
            raise ValueError(f"{fig} är ingen PNG-fil.") from None
        x_dpi, y_dpi = recorded if recorded and min(recorded) > 0 else (dpi, dpi)
        return io.BytesIO(data), width_px / x_dpi, height_px / y_dpi
    width, height = fig.get_size_inches()
    return io.BytesIO(png_bytes(fig, dpi=dpi)), float(width), float(height)


def to_pptx(figures_with_titles: Iterable[Slide | tuple], path: str | Path,
            template: str | Path | None = None, *, title: str = "Måluppföljning",
            subtitle: str | None = None, notice: str | None = None,
            sources: Sequence[str] = (), data_note: str | None = None,
            dpi: int = REPORT_DPI) -> Path:
    """Write a .pptx: a title slide, one slide per (figure, title[, source]), and, with
    ``sources`` or ``notice``, a last slide that lists the sources.

    ``notice`` is shown on the title slide, under the subtitle, and on the sources slide:
    the note that the data are illustrative, where they are. ``data_note`` (the data's
    date, say) ends every slide's speaker notes.

    A figure may also be the path of a PNG (as the build's figures are).

    With ``template``, the deck uses that .pptx's layouts and slide size; its own slides are
    kept before ours. The file is written atomically.
    """
    slides = _as_slides(figures_with_titles)
    prs = Presentation(str(template)) if template else Presentation()
    if template is None:
        prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    _title_slide(prs, title, subtitle, notice)
    layout = _layout(prs, _TITLE_ONLY_NAMES, 5)
    for item in slides:
        _chart_slide(prs, layout, item, dpi, data_note)
    if sources or notice:
        _sources_slide(prs, _layout(prs, _CONTENT_NAMES, 1), sources, notice)
    with atomic_path(Path(path)) as tmp:
        prs.save(str(tmp))
    return Path(path)


def _title_slide(prs: Presentation, title: str, subtitle: str | None,
                 notice: str | None) -> None:
    """The first slide: the deck's title, the subtitle and the notice below it."""
    first = prs.slides.add_slide(prs.slide_layouts[0])
    if first.shapes.title is not None:
        first.shapes.title.text = plain(title)
    if not (subtitle or notice):
        return
    for shape in first.placeholders:
        if shape.placeholder_format.idx == 1:
            shape.text = plain(subtitle or "")
            if notice:
                para = shape.text_frame.add_paragraph()
                para.text = f"Obs! {plain(notice)}"
                para.runs[0].font.size = Pt(16)


def _chart_slide(prs: Presentation, layout, item: Slide, dpi: int,
                 data_note: str | None = None) -> None:
    """One slide: the title across the top, the chart as large as fits below it, its alt
    text, the source line at the bottom, and the speaker notes."""
    width, height = prs.slide_width, prs.slide_height
    margin = int(width * 0.03)
    slide = prs.slides.add_slide(layout)
    top = margin
    if slide.shapes.title is not None:
        title_shape = slide.shapes.title
        title_shape.left, title_shape.top = margin, margin // 2
        title_shape.width, title_shape.height = width - 2 * margin, int(height * 0.1)
        _one_line(title_shape, item.title, TITLE_PT)
        top = title_shape.top + title_shape.height
    # A template's layout may bring body placeholders ("Click to add text"): the chart
    # takes their place.
    for shape in list(slide.placeholders):
        if shape.placeholder_format.idx != 0:
            shape._element.getparent().remove(shape._element)
    source_h = int(height * 0.05) if item.source else 0
    box_w, box_h = width - 2 * margin, height - top - margin - source_h
    png, fig_w, fig_h = _png(item.figure, dpi)
    scale = min(box_w / Inches(fig_w), box_h / Inches(fig_h))
    pic_w, pic_h = int(Inches(fig_w) * scale), int(Inches(fig_h) * scale)
    picture = slide.shapes.add_picture(png, Emu((width - pic_w) // 2), Emu(top), Emu(pic_w),
                                       Emu(pic_h))
    alt = item.alt if item.alt is not None else _description(item.figure)
    if alt:
        picture._element.nvPicPr.cNvPr.set("descr", plain(alt))
    if item.source:
        box = slide.shapes.add_textbox(Emu(margin), Emu(height - margin - source_h),
                                       Emu(box_w), Emu(source_h))
        para = box.text_frame.paragraphs[0]
        para.text = plain(item.source)
        para.runs[0].font.size = Pt(12)
    source = item.source or _description(item.figure, "Source")
    notes = item.notes if item.notes is not None else alt
    slide.notes_slide.notes_text_frame.text = plain(
        "\n\n".join(part for part in (notes, source, data_note) if part))


def _one_line(shape, text: str, size: float) -> None:
    """Set a title to one line of ``size`` points: shortened at a word, with "…", until it
    fits the shape's width as the font's metrics measure it (DejaVu Sans Bold, wider than
    the usual slide fonts, so it fits in theirs too)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    font = FontProperties(family="DejaVu Sans", weight="bold", size=size)
    room = shape.width / 12700 * 0.97  # EMU to points, less the frame's insets

    def width(candidate: str) -> float:
        return measure.get_text_width_height_descent(candidate, font, ismath=False)[0]

    text = " ".join(plain(text).split())
    words = text.split(" ")
    while len(words) > 1 and width(text) > room:
        words = words[:-1]
        text = " ".join(words).rstrip(",;:–-") + " …"
    frame = shape.text_frame
    frame.word_wrap = False
    frame.text = text
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(size)
        run.font.bold = True


def _sources_slide(prs: Presentation, layout, sources: Sequence[str],
                   notice: str | None) -> None:
    """The last slide: where the data come from, and that they are illustrative where they
    are."""
    slide = prs.slides.add_slide(layout)
    if slide.shapes.title is not None:
        _one_line(slide.shapes.title, "Källor", TITLE_PT)
    body = next((sh for sh in slide.placeholders if sh.placeholder_format.idx != 0), None)
    if body is None:
        margin = int(prs.slide_width * 0.05)
        body = slide.shapes.add_textbox(margin, int(prs.slide_height * 0.2),
                                        prs.slide_width - 2 * margin,
                                        int(prs.slide_height * 0.7))
    frame = body.text_frame
    frame.word_wrap = True
    shown = list(sources) if len(sources) <= 12 else [*sources[:11],
                                                       f"… och {len(sources) - 11} till"]
    lines = [f"Obs! {notice}"] * bool(notice) + shown
    frame.text = plain(lines[0])
    for line in lines[1:]:
        frame.add_paragraph().text = plain(line)
    for para in frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(18 if len(lines) <= 10 else 14)
