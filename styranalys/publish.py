"""Publishing a build: moving what it made into place, and the year's index page.

Every file is moved with an atomic rename, so a reader never sees half a report, and a
report that failed never replaces a good one: its notebook, with the error visible, goes to
``misslyckade/``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__
from .atomic import atomic_path
from .escape import html_text
from .figures import period_suffix
from .report import ILLUSTRATIVE_NOTICE

if TYPE_CHECKING:
    from .build import Report

__all__ = ["built_periods", "publish", "write_index", "write_years_index"]


def publish(staging: Path, target: Path, reports: list[Report]) -> None:
    """Move what the build made into place, one atomic rename per file."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "figurer").mkdir(exist_ok=True)
    failed_dir = target / "misslyckade"
    for rep in reports:
        nb = staging / f"{rep.stem}.ipynb"
        if rep.ok:
            _point_at_published_folder(nb, target)
            os.replace(nb, target / nb.name)
            os.replace(staging / f"{rep.stem}.html", target / f"{rep.stem}.html")
            if (staging / f"{rep.stem}.pdf").exists():
                os.replace(staging / f"{rep.stem}.pdf", target / f"{rep.stem}.pdf")
            (failed_dir / nb.name).unlink(missing_ok=True)
        elif nb.exists():
            failed_dir.mkdir(exist_ok=True)
            os.replace(nb, failed_dir / nb.name)
    for fig in (staging / "figurer").glob("*.png"):
        os.replace(fig, target / "figurer" / fig.name)


def _point_at_published_folder(notebook: Path, target: Path) -> None:
    """Make the executed notebook name where it is published, not the build's staging
    folder it ran in (removed after the build): ``figur_dir`` becomes the published figure
    folder, so an analyst who re-runs it saves next to the published figures."""
    import nbformat

    folder = str(target / "figurer")
    book = nbformat.read(notebook, as_version=4)
    line = f"figur_dir = {folder!r}"
    for cell in book.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = re.sub(r"(?m)^figur_dir = .*$", lambda _: line, cell.source)
    run = book.metadata.get("papermill", {})
    if "figur_dir" in run.get("parameters", {}):
        run["parameters"]["figur_dir"] = folder
    if "output_path" in run:
        run["output_path"] = str(target / notebook.name)
    nbformat.write(book, notebook)


def write_index(target: Path, reports: Sequence[Report], files: dict[str, str], year: int,
                period: str, illustrative: Sequence[str] = ()) -> None:
    """``index.html``: every published report (built now or before), the failed ones, the
    date, the data files and their checksums."""
    esc = html_text
    rows = []
    before = target.parent / str(year - 1)
    for rep in reports:
        if rep.ok:
            pdf = (f', <a href="{rep.stem}.pdf">PDF</a>'
                   if (target / f"{rep.stem}.pdf").exists() else "")
            last = (f', <a href="../{year - 1}/{rep.stem}.html">samma rapport {year - 1}</a>'
                    if (before / f"{rep.stem}.html").exists() else "")
            rows.append(f'<li><a href="{rep.stem}.html">{esc(rep.title)}</a> '
                        f'(<a href="{rep.stem}.ipynb">notebook</a>{pdf}{last})</li>')
        else:
            rows.append(f'<li class="fel">{esc(rep.title)}: <strong>misslyckades</strong> i cell '
                        f"{esc(rep.cell)} ({esc(rep.error)}). "
                        f'<a href="misslyckade/{rep.stem}.ipynb">Notebook med felet</a></li>')
    decks = [f"presentation-{year}{period_suffix(period)}.pptx"]
    decks = [d for d in decks if (target / d).exists()]
    files = "".join(f'<tr><th scope="row">{esc(Path(name).name)}</th>'
                    f"<td><code>{esc(digest)}</code></td></tr>"
                    for name, digest in files.items())
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    note = (f'<p class="obs" role="note"><strong>Obs!</strong> {esc(ILLUSTRATIVE_NOTICE)}</p>'
            if illustrative else "")
    page = f"""{_head(f"Måluppföljning, {period} {year}")}
<h1>Måluppföljning, {esc(period)} {year}</h1>
{note}<p>Byggd {now} med styranalys {esc(__version__)}.
<a href="../index.html">Alla år och perioder</a></p>
<h2>Rapporter</h2><ul>{"".join(rows)}</ul>
<h2>Presentation</h2><ul>{"".join(f'<li><a href="{d}">{d}</a></li>' for d in decks)}</ul>
<p>Diagrammen som PNG finns i <a href="figurer/">figurer/</a>.</p>
<h2>Data</h2><table><caption>Filerna som rapporterna bygger på</caption>
<thead><tr><th scope="col">Fil</th><th scope="col">SHA-256</th></tr></thead>
<tbody>{files}</tbody></table>
</main></body></html>
"""
    with atomic_path(target / f"index{period_suffix(period)}.html") as tmp:
        tmp.write_text(page, encoding="utf-8")
    write_years_index(target.parent)


def _head(title: str) -> str:
    """An index page's head, its style and the skip link, up to ``<main>``."""
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html_text(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a;background:#fff}} a{{color:#0b4f8a}} .fel{{color:#b00000}}
th,td{{padding:0 1rem 0 0;text-align:left;font-weight:normal}} code{{font-size:.85em}}
caption{{text-align:left;font-weight:600}} .obs{{background:#fff4d6;padding:.75rem 1rem;
border-left:6px solid #8a5a00}} .hoppa{{position:absolute;left:-10000px}}
.hoppa:focus{{position:static}}</style></head><body>
<a class="hoppa" href="#innehall">Hoppa till innehållet</a>
<main id="innehall">"""


def built_periods(out: Path) -> list[tuple[int, str]]:
    """Every year and period with a published index in ``out``, newest first: a year's
    year-end report (bokslut, written early the next year) before its interim one."""
    found = []
    for folder in out.iterdir() if out.is_dir() else []:
        if folder.is_dir() and folder.name.isdigit():
            found += [(int(folder.name), period) for period in ("bokslut", "delår")
                      if (folder / f"index{period_suffix(period)}.html").exists()]
    return sorted(found, key=lambda f: (f[0], f[1] == "bokslut"), reverse=True)


def write_years_index(out: Path) -> None:
    """``out/index.html``: every year and period built, newest first."""
    items = "".join(
        f'<li><a href="{year}/index{period_suffix(period)}.html">'
        f"{period.capitalize()} {year}</a></li>" for year, period in built_periods(out))
    page = f"""{_head("Måluppföljning: alla år")}
<h1>Måluppföljning: alla år</h1>
<p>Varje år och period som har byggts, den senaste först.</p>
<ul>{items}</ul>
</main></body></html>
"""
    with atomic_path(out / "index.html") as tmp:
        tmp.write_text(page, encoding="utf-8")


