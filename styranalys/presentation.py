"""PowerPoint export: a title slide, then one slide per chart with its title and source.

Slides are 16:9 (13.333 × 7.5 in; python-pptx's own default is 4:3) unless a municipality's
template is given, whose layouts and slide size are used as they are. Each chart is placed
as a PNG at full resolution, scaled to fit with its aspect ratio kept, with the chart's
description as its alt text. Text from data is put on the slides without control characters.
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
from .escape import plain

__all__ = ["Slide", "to_pptx"]

_TITLE_ONLY_NAMES = ("title only", "endast rubrik", "rubrik", "bara rubrik")


@dataclass
class Slide:
    """One chart slide: the figure (or a PNG file of one), its title, its source line and
    the picture's alt text (``None``: the figure's own description, see
    :func:`~styranalys.alt_text`, or a PNG's "Description")."""

    figure: Figure | Path
    title: str
    source: str | None = None
    alt: str | None = None


def _description(fig: Figure | Path) -> str:
    """The alt text a chart carries: a Figure's description, or a PNG file's."""
    if isinstance(fig, Path):
        from PIL import Image

        with Image.open(fig) as image:
            return str(getattr(image, "text", {}).get("Description", ""))
    from .charts import alt_text

    return alt_text(fig)


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
            subtitle: str | None = None, notice: str | None = None, dpi: int = 200) -> Path:
    """Write a .pptx: a title slide, then one slide per (figure, title[, source]).

    ``notice`` is shown on the title slide, under the subtitle: the note that the data are
    illustrative, where they are.

    A figure may also be the path of a PNG rendered at ``dpi`` (as the build's figures are).

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
        _chart_slide(prs, layout, item, dpi)
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


def _chart_slide(prs: Presentation, layout, item: Slide, dpi: int) -> None:
    """One slide: the title across the top, the chart as large as fits below it, its alt
    text, and the source line at the bottom."""
    width, height = prs.slide_width, prs.slide_height
    margin = int(width * 0.03)
    slide = prs.slides.add_slide(layout)
    top = margin
    if slide.shapes.title is not None:
        title_shape = slide.shapes.title
        title_shape.text = plain(item.title)
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
        para.runs[0].font.size = Pt(11)
