"""PowerPoint export: a title slide, then one slide per chart with its title and source.

Slides are 16:9 (13.333 × 7.5 in; python-pptx's own default is 4:3) unless a municipality's
template is given, whose layouts and slide size are used as they are. Each chart is placed
as a PNG at full resolution, scaled to fit with its aspect ratio kept.
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

__all__ = ["Slide", "to_pptx"]

_TITLE_ONLY_NAMES = ("title only", "endast rubrik", "rubrik", "bara rubrik")


@dataclass
class Slide:
    """One chart slide: the figure (or a PNG file of one), its title and its source line."""

    figure: Figure | Path
    title: str
    source: str | None = None


def _as_slides(items: Iterable[Slide | tuple]) -> list[Slide]:
    slides = []
    for item in items:
        if isinstance(item, Slide):
            slides.append(item)
        elif isinstance(item, tuple) and 2 <= len(item) <= 3:
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
    """PNG bytes and the size in inches (a Figure is rendered; a PNG file is used as is)."""
    if isinstance(fig, Path):
        data = fig.read_bytes()
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            raise ValueError(f"{fig} är ingen PNG-fil.")
        width_px = int.from_bytes(data[16:20], "big")
        height_px = int.from_bytes(data[20:24], "big")
        return io.BytesIO(data), width_px / dpi, height_px / dpi
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")
    buffer.seek(0)
    width, height = fig.get_size_inches()
    return buffer, float(width), float(height)


def to_pptx(figures_with_titles: Iterable[Slide | tuple], path: str | Path,
            template: str | Path | None = None, *, title: str = "Måluppföljning",
            subtitle: str | None = None, dpi: int = 200) -> Path:
    """Write a .pptx: a title slide, then one slide per (figure, title[, source]).

    A figure may also be the path of a PNG rendered at ``dpi`` (as the build's figures are).

    With ``template``, the deck uses that .pptx's layouts and slide size; its own slides are
    kept before ours. The file is written atomically.
    """
    slides = _as_slides(figures_with_titles)
    prs = Presentation(str(template)) if template else Presentation()
    if template is None:
        prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    width, height = prs.slide_width, prs.slide_height
    first = prs.slides.add_slide(prs.slide_layouts[0])
    if first.shapes.title is not None:
        first.shapes.title.text = title
    if subtitle:
        for shape in first.placeholders:
            if shape.placeholder_format.idx == 1:
                shape.text = subtitle
    layout = _layout(prs, _TITLE_ONLY_NAMES, 5)
    margin = int(width * 0.03)
    for item in slides:
        slide = prs.slides.add_slide(layout)
        top = margin
        if slide.shapes.title is not None:
            slide.shapes.title.text = item.title
            title_shape = slide.shapes.title
            title_shape.left, title_shape.top = margin, margin // 2
            title_shape.width, title_shape.height = width - 2 * margin, int(height * 0.12)
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
        left = (width - pic_w) // 2
        slide.shapes.add_picture(png, Emu(left), Emu(top), Emu(pic_w), Emu(pic_h))
        if item.source:
            box = slide.shapes.add_textbox(Emu(margin), Emu(height - margin - source_h),
                                           Emu(box_w), Emu(source_h))
            para = box.text_frame.paragraphs[0]
            para.text = item.source
            para.runs[0].font.size = Pt(11)
    with atomic_path(Path(path)) as tmp:
        prs.save(str(tmp))
    return Path(path)
