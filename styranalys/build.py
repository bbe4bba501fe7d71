"""``styranalys build``: the yearly reports for every nämnd, in one scheduled command.

1. The input is read and validated once (``prepare``); problems stop the build before any
   kernel starts, with the same located problems as ``styranalys validate``.
   The parquet goes to the cache folder (``data/processed`` or ``--cache``), never into
   the published folder.
2. ``kommunoversikt`` runs once and ``namndrapport`` once per nämnd, in parallel worker
   processes, each through papermill with a kernel of its own (see
   :mod:`styranalys.notebook_runner`). The notebooks read the
   parquet written in step 1; no spreadsheet is read twice.
3. Everything is written to a staging folder first and moved into ``reports/YEAR/`` file by
   file with atomic renames. A report that failed never replaces a good one: its executed
   notebook, with the error visible, goes to ``reports/YEAR/misslyckade/``. With
   ``pdf=True`` each page is also printed to PDF by headless Chromium.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import figures
from ._version import __version__
from .atomic import atomic_path
from .cache import Prepared, prepare
from .deck import choose, data_note, deck_sources
from .escape import html_text
from .notebook_runner import run_job
from .presentation import to_pptx
from .report import ILLUSTRATIVE_NOTICE, slugs

__all__ = ["BuildResult", "Report", "build", "default_notebooks"]


def default_notebooks() -> Path:
    """The report notebooks: ``notebooks/`` in a source checkout, where analysts edit them,
    else the copies installed with the package (``styranalys.notebooks``)."""
    checkout = Path(__file__).resolve().parents[1] / "notebooks"
    if (checkout / "namndrapport.ipynb").exists():
        return checkout
    return Path(__file__).resolve().parent / "notebooks"


@dataclass
class Report:
    """One notebook run of the build and how it went."""

    name: str
    notebook: str
    parameters: dict[str, object]
    title: str
    stem: str
    ok: bool = False
    seconds: float = 0.0
    kernel_start_s: float | None = None
    cell: int | None = None
    cell_source: str = ""
    error: str = ""


@dataclass
class BuildResult:
    """What a build produced: its reports, the folder, and the exit code it implies."""

    year: int
    out: Path
    reports: list[Report] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Report]:
        return [r for r in self.reports if not r.ok]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _remove_old_cache(out: Path, log: Callable[[str], None]) -> None:
    """Earlier versions kept the parquet cache in ``out/.styranalys-data``, where a web
    server would publish it; it is removed (the cache now lives in ``cache``)."""
    old = out / ".styranalys-data"
    if old.is_dir() and (old / "manifest.json").exists():
        shutil.rmtree(old, ignore_errors=True)
        log(f"Tog bort {old}: cachen publiceras inte längre (den ligger nu i --cache).")


def _jobs(year: int, namnder: Sequence[str], period: str, data_dir: Path,
          notebooks: Path, kolada: dict[str, object]) -> list[Report]:
    common = {"ar": year, "period": period, "data_dir": str(data_dir), "raw_dir": ""}
    reports = [Report("Kommunöversikt", str(notebooks / "kommunoversikt.ipynb"), dict(common),
                      f"Kommunöversikt: måluppföljning, {period} {year}", "kommunoversikt")]
    prefixes = slugs(namnder)
    for namnd in namnder:
        reports.append(Report(namnd, str(notebooks / "namndrapport.ipynb"),
                              {**common, "namnd": str(namnd), "prefix": prefixes[namnd],
                               **kolada},
                              f"{namnd}: måluppföljning, {period} {year}",
                              f"namndrapport-{prefixes[namnd]}"))
    return reports


def _job(report: Report, staging: Path, timeout: int) -> dict[str, object]:
    return {"name": report.name, "notebook": report.notebook, "title": report.title,
            "parameters": {**report.parameters, "figur_dir": str(staging / "figurer")},
            "output": str(staging / f"{report.stem}.ipynb"),
            "html": str(staging / f"{report.stem}.html"), "timeout": timeout}


def _record(report: Report, future: Future) -> None:
    """Copy a finished run's outcome onto its report; a crashed worker is a failure too."""
    try:
        out = future.result()
    except Exception as exc:  # the worker process died (killed, out of memory, ...)
        report.error = f"körningen avbröts ({type(exc).__name__}: {exc})"[:500]
        return
    for key in ("ok", "seconds", "kernel_start_s", "cell", "cell_source", "error"):
        if out.get(key) is not None:
            setattr(report, key, out[key])


def _progress(total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc="Rapporter", unit="rapport", file=sys.stderr,
                dynamic_ncols=True, disable=None)


def build(year: int | None = None, namnder: Sequence[str] | None = None, *,
          data: str | Path = "data/raw", out: str | Path = "reports",
          jobs: int | None = None, period: str = "bokslut",
          notebooks: str | Path | None = None, timeout: int = 600, deck: bool = True,
          kolada: str | Path | None = None, kommun: str | None = None,
          jamforelse: Sequence[str] | str = (), cache: str | Path = "data/processed",
          pdf: bool = False, log: Callable[[str], None] = print) -> BuildResult:
    """Build the year's reports into ``out/YEAR``; see the module docstring for the steps.

    Raises :class:`~styranalys.InputError` for invalid input, and ``ValueError`` for a
    year or nämnd that is not in the data (listing the ones that are), a cache inside
    ``out``, or ``pdf`` without Chromium.
    """
    started = time.perf_counter()
    out = Path(out).resolve()
    notebooks = Path(notebooks).resolve() if notebooks else default_notebooks()
    data_dir = _checked_cache(Path(cache).resolve(), out, pdf)
    prepared: Prepared = prepare(data, data_dir)
    _remove_old_cache(out, log)
    year, chosen = choose(prepared.goals, year, namnder, period)
    target = out / str(year)
    result = BuildResult(year, target, files=prepared.files)
    reports = _jobs(year, chosen, period, data_dir, notebooks,
                    _kolada_parameters(kolada, kommun, jamforelse))
    workers = max(1, jobs or os.cpu_count() or 1)
    log(f"Bygger {len(reports)} rapporter för {year} med {workers} parallella körningar.")
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".bygge-{year}-", dir=out))
    try:
        (staging / "figurer").mkdir()
        _run(reports, staging, timeout, workers)
        result.reports = reports
        if pdf:
            _write_pdfs(staging, reports, workers)
        illustrative = prepared.illustrative_files()
        if deck:
            _write_deck(year, period, chosen, staging, reports, prepared, bool(kolada))
        _publish(staging, target, reports)
        result.seconds = time.perf_counter() - started
        _write_index(target, result, period, illustrative)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _checked_cache(data_dir: Path, out: Path, pdf: bool) -> Path:
    """The cache folder, refused inside the published one; and Chromium, if PDFs are asked
    for, found before anything is built."""
    if data_dir == out or out in data_dir.parents:
        raise ValueError(f"Cachen ({data_dir}) får inte ligga i mappen som publiceras ({out}).")
    if pdf:
        from .pdf import MISSING, find_chromium

        if not find_chromium():
            raise ValueError(f"--pdf: {MISSING}")
    return data_dir


def _kolada_parameters(kolada: str | Path | None, kommun: str | None,
                       jamforelse: Sequence[str] | str) -> dict[str, object]:
    """The nämnd reports' Kolada parameters (none without ``kolada``)."""
    if not kolada:
        return {"kolada_dir": ""}
    if not kommun:
        raise ValueError("--kolada kräver --kommun (kommunkoden, t.ex. 1885).")
    kolada = Path(kolada).resolve()
    mapping = kolada / "koppling.csv"
    return {"kolada_dir": str(kolada), "kommun": str(kommun),
            "kolada_koppling": str(mapping) if mapping.exists() else "",
            "jamforelse": jamforelse if isinstance(jamforelse, str) else list(jamforelse)}


def _run(reports: list[Report], staging: Path, timeout: int, workers: int) -> None:
    """Run every report's notebook, ``workers`` at a time, recording how each went."""
    running: dict[Future, Report] = {}
    bar = _progress(len(reports))
    # Worker processes import papermill and nbconvert once and take one report at a
    # time; each report still gets its own kernel (see notebook_runner).
    with ProcessPoolExecutor(max_workers=workers,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = list(reports)
        while pending or running:
            while pending and len(running) < workers:
                rep = pending.pop(0)
                running[pool.submit(run_job, _job(rep, staging, timeout))] = rep
            bar.set_postfix_str(", ".join(r.name for r in running.values())[:60])
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                _record(running.pop(fut), fut)
                bar.update(1)
    bar.close()


def _write_pdfs(staging: Path, reports: list[Report], workers: int) -> None:
    """Print each built page to PDF beside it; a page that cannot be printed fails its
    report (its HTML is not published without the PDF that was asked for)."""
    from concurrent.futures import ThreadPoolExecutor

    from .pdf import write_pdf

    def one(rep: Report) -> None:
        try:
            write_pdf(staging / f"{rep.stem}.html", staging / f"{rep.stem}.pdf")
        except RuntimeError as exc:
            rep.ok, rep.error = False, str(exc)[:500]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, [r for r in reports if r.ok]))


def _write_deck(year: int, period: str, namnder: Sequence[str], staging: Path,
                reports: list[Report], prepared: Prepared, kolada: bool) -> None:
    """The standard deck (see :mod:`styranalys.figures`) from the PNGs the notebooks saved,
    so no chart is drawn twice; a report that failed leaves out its slides."""
    ok = {r.name for r in reports if r.ok}
    prefixes = slugs(namnder)
    slides = _figure_slides(figures.OVERVIEW, figures.OVERVIEW_PREFIX, staging / "figurer",
                            {"ar": year, "period": period, "namnd": None}) \
        if "Kommunöversikt" in ok else []
    for namnd in (n for n in namnder if n in ok):
        slides += _figure_slides(figures.NAMND, prefixes[namnd], staging / "figurer",
                                 {"ar": year, "period": period, "namnd": namnd})
    if slides:
        to_pptx(slides, staging / f"presentation-{year}.pptx",
                title=f"Måluppföljning, {period} {year}",
                subtitle="Kommunöversikt och nämnderna",
                notice=ILLUSTRATIVE_NOTICE if prepared.illustrative_files() else None,
                sources=deck_sources(prepared, kolada), data_note=data_note(prepared))


def _figure_slides(declared: Sequence[figures.Figure], prefix: str, folder: Path,
                   values: dict[str, object]) -> list:
    """A slide for each declared figure that its report saved, then the peer comparisons."""
    from .presentation import Slide

    slides = []
    for fig in declared:
        pngs = list(_pages(folder, fig, prefix))
        slides += [Slide(png, fig.slide_title(values, k, len(pngs)))
                   for k, png in enumerate(pngs, start=1)]
    kolada = figures.KOLADA
    for png in sorted(folder.glob(f"{kolada.stem(prefix, '*')}.png")):
        kpi = png.stem.removeprefix(kolada.stem(prefix, ""))
        slides.append(Slide(png, kolada.title.format(**values, kpi=kpi), kolada.source))
    return slides


def _pages(folder: Path, fig: figures.Figure, prefix: str) -> Iterator[Path]:
    """The PNGs a report saved of one declared figure: page 1, 2, … while they exist."""
    page = 1
    while (png := folder / f"{fig.stem(prefix, page)}.png").exists():
        yield png
        page += 1


def _publish(staging: Path, target: Path, reports: list[Report]) -> None:
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
    for deck in staging.glob("presentation-*.pptx"):
        os.replace(deck, target / deck.name)


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


def _write_index(target: Path, result: BuildResult, period: str,
                 illustrative: Sequence[str] = ()) -> None:
    """``index.html``: every report, the date, the data files and their checksums."""
    esc = html_text
    rows = []
    for rep in result.reports:
        if rep.ok:
            pdf = (f', <a href="{rep.stem}.pdf">PDF</a>'
                   if (target / f"{rep.stem}.pdf").exists() else "")
            rows.append(f'<li><a href="{rep.stem}.html">{esc(rep.title)}</a> '
                        f'(<a href="{rep.stem}.ipynb">notebook</a>{pdf})</li>')
        else:
            rows.append(f'<li class="fel">{esc(rep.title)}: <strong>misslyckades</strong> i cell '
                        f"{esc(rep.cell)} ({esc(rep.error)}). "
                        f'<a href="misslyckade/{rep.stem}.ipynb">Notebook med felet</a></li>')
    decks = sorted(p.name for p in target.glob("presentation-*.pptx"))
    files = "".join(f'<tr><th scope="row">{esc(Path(name).name)}</th>'
                    f"<td><code>{esc(digest)}</code></td></tr>"
                    for name, digest in result.files.items())
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    note = (f'<p class="obs" role="note"><strong>Obs!</strong> {esc(ILLUSTRATIVE_NOTICE)}</p>'
            if illustrative else "")
    page = f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Måluppföljning, {esc(period)} {result.year}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a;background:#fff}} a{{color:#0b4f8a}} .fel{{color:#b00000}}
th,td{{padding:0 1rem 0 0;text-align:left;font-weight:normal}} code{{font-size:.85em}}
caption{{text-align:left;font-weight:600}} .obs{{background:#fff4d6;padding:.75rem 1rem;
border-left:6px solid #8a5a00}} .hoppa{{position:absolute;left:-10000px}}
.hoppa:focus{{position:static}}</style></head><body>
<a class="hoppa" href="#innehall">Hoppa till innehållet</a>
<main id="innehall">
<h1>Måluppföljning, {esc(period)} {result.year}</h1>
{note}<p>Byggd {now} med styranalys {esc(__version__)}.</p>
<h2>Rapporter</h2><ul>{"".join(rows)}</ul>
<h2>Presentation</h2><ul>{"".join(f'<li><a href="{d}">{d}</a></li>' for d in decks)}</ul>
<p>Diagrammen som PNG finns i <a href="figurer/">figurer/</a>.</p>
<h2>Data</h2><table><caption>Filerna som rapporterna bygger på</caption>
<thead><tr><th scope="col">Fil</th><th scope="col">SHA-256</th></tr></thead>
<tbody>{files}</tbody></table>
</main></body></html>
"""
    with atomic_path(target / "index.html") as tmp:
        tmp.write_text(page, encoding="utf-8")


def summary_lines(result: BuildResult) -> list[str]:
    """The Swedish summary the command prints at the end."""
    ok = len(result.reports) - len(result.failed)
    lines = [f"{ok} av {len(result.reports)} rapporter byggdes i {result.out} "
             f"({result.seconds:.0f} s)."]
    for rep in result.failed:
        where = f"cell {rep.cell}" + (f" ({rep.cell_source})" if rep.cell_source else "") \
            if rep.cell else "innan första cellen"
        lines.append(f"MISSLYCKADES: {rep.name}: {where}: {rep.error}")
    return lines
