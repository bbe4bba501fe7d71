"""Reports as PDF, printed by headless Chromium from the published HTML page.

Chromium prints with the page's own print stylesheet (A4, no chart or table row split
across pages) and writes a tagged PDF: the same text, the charts' alt texts and the
document language (``sv``) as the HTML. Nothing is fetched: the page has no outside links.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .atomic import atomic_path

__all__ = ["HEADLESS_FLAGS", "MISSING", "find_chromium", "headless_flags", "write_pdf"]

#: Headless Chromium that talks to nobody: no background requests, updates or sync.
HEADLESS_FLAGS = ("--headless", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-extensions")

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


#: What to do when Chromium is not there.
MISSING = ("PDF kräver Chromium, som inte hittades. Installera det (till exempel 'apt-get "
           "install chromium') eller ange programmet i miljövariabeln CHROMIUM.")


def find_chromium() -> str | None:
    """The Chromium (or Chrome) program: ``$CHROMIUM`` if set, else the first on PATH."""
    given = os.environ.get("CHROMIUM")
    if given:
        return given
    return next((found for name in _NAMES if (found := shutil.which(name))), None)


def headless_flags() -> list[str]:
    """:data:`HEADLESS_FLAGS`, and ``--no-sandbox`` when run as root (Chromium refuses to
    start as root with its sandbox)."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return [*HEADLESS_FLAGS, *(["--no-sandbox"] if root else [])]


def write_pdf(html: str | Path, pdf: str | Path, chromium: str | None = None,
              timeout: int = 120) -> Path:
    """Print the page ``html`` to ``pdf`` (A4, tagged). Raises ``RuntimeError`` in Swedish
    when Chromium is missing or fails."""
    program = chromium or find_chromium()
    if not program:
        raise RuntimeError(MISSING)
    html = Path(html).resolve()
    with tempfile.TemporaryDirectory(prefix="styranalys-chromium-") as profile, \
            atomic_path(pdf) as tmp:
        args = [program, *headless_flags(), f"--user-data-dir={profile}",
                "--no-pdf-header-footer", f"--print-to-pdf={tmp}", html.as_uri()]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeError(f"Chromium kunde inte skriva {Path(pdf).name}: {exc}") from exc
        if done.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
            raise RuntimeError(f"Chromium kunde inte skriva {Path(pdf).name} (kod "
                               f"{done.returncode}): {done.stderr.strip()[-300:]}")
    return Path(pdf)
