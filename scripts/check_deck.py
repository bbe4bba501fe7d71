"""Render a deck with LibreOffice and check it as the meeting room will see it.

    python scripts/check_deck.py reports/2024/presentation-2024.pptx

The deck is converted to PDF by LibreOffice (``soffice --headless``) and each page to a PNG
(``pdftoppm``). Checked: one page per slide; on every slide the title and the picture lie
inside the slide, the title is one line that fits its box (measured with the font's metrics)
and no text box holds more lines than fit in it; on every rendered page the title and the
picture show up where they are placed, and nothing is drawn in the outer edge of the page.
Exits 0 when all holds, 1 with a Swedish line per fault, 2 when LibreOffice or pdftoppm is
missing (install ``libreoffice-impress`` and ``poppler-utils``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

EMU_PER_PT = 12700
LINE = 1.2  # a line of text is about 1.2 times its font size


def _render(deck: Path, work: Path) -> list[Path]:
    """The deck's pages as PNGs, through LibreOffice and pdftoppm."""
    profile = work / "lo-profil"  # its own profile: no first-run dialogs, no shared state
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(deck)],
                   check=True, capture_output=True, timeout=300)
    pdf = work / f"{deck.stem}.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(work / "sida")], check=True,
                   capture_output=True, timeout=300)
    return sorted(work.glob("sida-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _text_lines(shape) -> tuple[int, float]:
    """How many lines a text box holds, and its largest font size in points."""
    frame = shape.text_frame
    sizes = [run.font.size.pt for p in frame.paragraphs for run in p.runs if run.font.size]
    size = max(sizes, default=18.0)
    width_pt = shape.width / EMU_PER_PT * 0.95
    measure, font = TextToPath(), FontProperties(family="DejaVu Sans", size=size)
    lines = 0
    for para in frame.paragraphs:
        text = para.text or " "
        wide = measure.get_text_width_height_descent(text, font, ismath=False)[0]
        lines += 1 if not frame.word_wrap else max(1, int(np.ceil(wide / width_pt)))
    return lines, size


def _shape_faults(number: int, slide, width: int, height: int) -> list[str]:
    """Geometry: title and picture inside the slide, text that fits its box."""
    faults = []
    title = slide.shapes.title
    if title is None or not title.text.strip():
        faults.append(f"Bild {number}: saknar rubrik.")
    pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    for shape in [*([title] if title is not None else []), *pictures]:
        if shape.left < 0 or shape.top < 0 or shape.left + shape.width > width \
                or shape.top + shape.height > height:
            faults.append(f"Bild {number}: {shape.name} når utanför bilden.")
    for shape in slide.shapes:
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            continue
        if shape == title:
            size = max((r.font.size.pt for r in title.text_frame.paragraphs[0].runs
                        if r.font.size), default=28.0)
            font = FontProperties(family="DejaVu Sans", weight="bold", size=size)
            wide = TextToPath().get_text_width_height_descent(title.text, font, ismath=False)[0]
            if "\n" in title.text or wide > title.width / EMU_PER_PT:
                faults.append(f"Bild {number}: rubriken {title.text!r} ryms inte på en rad.")
            continue
        lines, size = _text_lines(shape)
        if lines * size * LINE > shape.height / EMU_PER_PT + size * 0.5:
            faults.append(f"Bild {number}: texten i {shape.name} flödar över sin ruta "
                          f"({lines} rader à {size:.0f} pt).")
    return faults


def _page_faults(number: int, page: Path, slide, width: int, height: int) -> list[str]:
    """The rendered page: the title and the picture show where they are placed, and the
    outer edge of the page is empty."""
    pixels = np.asarray(Image.open(page).convert("L"), dtype=float)
    rows, cols = pixels.shape
    background = np.median(pixels)
    faults = []

    def inked(shape) -> bool:
        top = int(shape.top / height * rows)
        bottom = int((shape.top + shape.height) / height * rows)
        left = int(shape.left / width * cols)
        right = int((shape.left + shape.width) / width * cols)
        region = pixels[max(top, 0):bottom, max(left, 0):right]
        return region.size > 0 and bool((np.abs(region - background) > 60).any())

    title = slide.shapes.title
    if title is not None and title.text.strip() and not inked(title):
        faults.append(f"Bild {number}: rubriken syns inte i den renderade sidan.")
    for picture in (sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE):
        if not inked(picture):
            faults.append(f"Bild {number}: bilden syns inte i den renderade sidan.")
    edge = max(1, int(min(rows, cols) * 0.01))
    border = np.concatenate([pixels[:edge].ravel(), pixels[-edge:].ravel(),
                             pixels[:, :edge].ravel(), pixels[:, -edge:].ravel()])
    if (np.abs(border - background) > 60).mean() > 0.02:
        faults.append(f"Bild {number}: något ritas ända ut i sidans kant.")
    return faults


def check(deck: Path) -> list[str]:
    """Every fault found in ``deck``, one Swedish sentence each (none: it renders well)."""
    prs = Presentation(str(deck))
    width, height = prs.slide_width, prs.slide_height
    slides = list(prs.slides)
    with tempfile.TemporaryDirectory(prefix="styranalys-bilder-") as tmp:
        pages = _render(deck, Path(tmp))
        faults = [] if len(pages) == len(slides) else [
            f"LibreOffice gav {len(pages)} sidor av {len(slides)} bilder."]
        for number, (slide, page) in enumerate(zip(slides, pages, strict=False), start=1):
            faults += _shape_faults(number, slide, width, height)
            faults += _page_faults(number, page, slide, width, height)
    return faults


def main() -> int:
    if len(sys.argv) != 2:
        print("Användning: python scripts/check_deck.py PRESENTATION.pptx", file=sys.stderr)
        return 2
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        print("LibreOffice (soffice) eller pdftoppm saknas: installera paketen "
              "libreoffice-impress och poppler-utils.", file=sys.stderr)
        return 2
    deck = Path(sys.argv[1])
    faults = check(deck)
    for fault in faults:
        print(fault)
    print(f"{deck.name}: {len(Presentation(str(deck)).slides)} bilder renderade med LibreOffice, "
          f"{len(faults)} fel.")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
