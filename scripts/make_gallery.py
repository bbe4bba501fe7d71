"""Draw every gallery case into docs/gallery/ and write docs/gallery.md (run: make gallery).

The pictures are made by this command, never drawn or edited by hand. They are also the
baselines that tests/test_chart_readability.py compares each chart with: after a change to
a chart that is meant, run this and review the pictures in the diff.
"""

from __future__ import annotations

import gallery_cases

OUT = gallery_cases.ROOT / "docs" / "gallery"
PAGE = gallery_cases.ROOT / "docs" / "gallery.md"
DPI = 100

HEAD = """# Diagramgalleri

Alla diagram är ritade med `make gallery` (`python scripts/make_gallery.py`); bilderna skapas av
kommandot, inte för hand, och testerna jämför varje diagram med sin bild här, så att en ändring
syns och granskas. De första är ritade ur exempeldatan i `data/raw/`: Kommunfullmäktiges
utfall 2021 är verkligt, övriga nämnders bedömningar och indikatorvärden är **illustrativa**
(påhittade), vilket källraden i varje diagram visar. Fallen efter dem är små påhittade tabeller
med de former riktiga filer har: långa namn, ett enda mål, ett enda år, år som saknas, kvinnor
och män, många nämnder och en halv bild.

Varje text är minst 12 punkter när diagrammet visas i sin storlek (13,33 × 7,5 tum, en halv
bild hälften), och ingen text ritas över en annan, över en linje eller utanför bilden.

| diagram | vad det visar |
|---|---|
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    cases = gallery_cases.cases()
    for name, (what, draw) in cases.items():
        draw().savefig(OUT / f"{name}.png", dpi=DPI, metadata={"Software": None})
        rows.append(f"| ![{name}](gallery/{name}.png) | {what} |")
    for stale in OUT.glob("*.png"):
        if stale.stem not in cases:
            stale.unlink()
    PAGE.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"Skrev {len(cases)} diagram till {OUT} och {PAGE.name}")


if __name__ == "__main__":
    main()
