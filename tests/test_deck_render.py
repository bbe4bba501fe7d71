"""The deck rendered by LibreOffice, as it is shown: scripts/check_deck.py on the example
build's deck, and on a deck made to fail. Skipped, saying why, without LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from pptx import Presentation
from pptx.util import Inches, Pt

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")),
    reason="LibreOffice eller pdftoppm saknas: installera paketen libreoffice-impress och "
           "poppler-utils (apt-get install libreoffice-impress poppler-utils) för att "
           "kontrollera presentationens rendering.")

SCRIPT = ROOT / "scripts" / "check_deck.py"


def _check(deck: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(deck)], capture_output=True,
                          text=True, encoding="utf-8", timeout=600)


def test_the_example_deck_renders_with_every_title_and_picture_in_place(example_build):
    year, _, result = example_build
    assert result.returncode == 0, result.stdout + result.stderr
    checked = _check(year / "presentation-2024.pptx")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 fel" in checked.stdout


def test_a_wrapping_title_and_an_overflowing_box_are_found(tmp_path: Path):
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Samhällsbyggnadsnämnden Bergslagen: måluppfyllelse per " \
                              "måltyp, bokslut 2024, med alla mål"
    for run in slide.shapes.title.text_frame.paragraphs[0].runs:
        run.font.size = Pt(44)
    box = slide.shapes.add_textbox(Inches(1), Inches(6.5), Inches(4), Inches(0.4))
    box.text_frame.word_wrap = True
    box.text_frame.text = "En källrad som är alldeles för lång för sin ruta " * 4
    deck = tmp_path / "dalig.pptx"
    prs.save(str(deck))
    checked = _check(deck)
    assert checked.returncode == 1
    assert "ryms inte på en rad" in checked.stdout and "flödar över" in checked.stdout
