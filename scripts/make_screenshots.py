"""The pictures in docs/bilder/: a nämnd report as a browser shows it, and the first page of
its PDF. Builds the example data first, so the pictures always show the current reports.

Needs Chromium (package ``chromium``) and pdftoppm (package ``poppler-utils``).
Run: ``make screenshots`` (or ``python scripts/make_screenshots.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PICTURES = ROOT / "docs" / "bilder"
REPORT = "namndrapport-socialnamnden"


def main() -> int:
    from styranalys.build import build
    from styranalys.pdf import find_chromium, headless_flags

    chromium, pdftoppm = find_chromium(), shutil.which("pdftoppm")
    if not chromium or not pdftoppm:
        print("Kräver Chromium och pdftoppm (paketen chromium och poppler-utils).",
              file=sys.stderr)
        return 1
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="styranalys-bilder-") as tmp:
        result = build(2024, ["Socialnämnden"], data=ROOT / "data" / "raw",
                       out=Path(tmp) / "webb", cache=Path(tmp) / "cache", pdf=True, deck=False)
        if result.failed:
            print("Bygget misslyckades.", file=sys.stderr)
            return 1
        page = result.out / f"{REPORT}.html"
        with tempfile.TemporaryDirectory(prefix="styranalys-chromium-") as profile:
            subprocess.run([chromium, *headless_flags(), f"--user-data-dir={profile}",
                            "--hide-scrollbars",
                            "--window-size=1100,1500",
                            f"--screenshot={PICTURES / 'namndrapport.png'}", page.as_uri()],
                           check=True, capture_output=True, timeout=120)
        stem = Path(tmp) / "sida"
        subprocess.run([pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                        str(result.out / f"{REPORT}.pdf"), str(stem)], check=True, timeout=120)
        shutil.copyfile(f"{stem}.png", PICTURES / "namndrapport-pdf.png")
    print(f"Skrev {PICTURES / 'namndrapport.png'} och {PICTURES / 'namndrapport-pdf.png'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
