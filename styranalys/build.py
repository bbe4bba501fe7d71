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
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import figures
from .build_keys import published_key, report_key
from .build_lock import build_lock
from .cache import Prepared, prepare
from .deck import choose, write_published_deck
from .environment import EnvironmentProblem, check_kernel
from .notebook_runner import run_job, start_worker
from .publish import publish, write_index
from .report import slugs

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
    cell: int | None = None
    cell_source: str = ""
    error: str = ""
    #: What it depends on (see :mod:`styranalys.build_keys`).
    key: str = ""
    #: "byggd", "misslyckades", "oförändrad" or "publicerad tidigare".
    status: str = ""


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
    end = figures.period_suffix(period)  # interim reports never replace the year-end ones
    reports = [Report("Kommunöversikt", str(notebooks / "kommunoversikt.ipynb"),
                      {**common, "prefix": f"{figures.OVERVIEW_PREFIX}{end}"},
                      f"Kommunöversikt: måluppföljning, {period} {year}", f"kommunoversikt{end}")]
    prefixes = slugs(namnder)
    for namnd in namnder:
        reports.append(Report(namnd, str(notebooks / "namndrapport.ipynb"),
                              {**common, "namnd": str(namnd),
                               "prefix": f"{prefixes[namnd]}{end}", **kolada},
                              f"{namnd}: måluppföljning, {period} {year}",
                              f"namndrapport-{prefixes[namnd]}{end}"))
    return reports


def _job(report: Report, staging: Path, timeout: int) -> dict[str, object]:
    return {"name": report.name, "notebook": report.notebook, "title": report.title,
            "key": report.key,
            "parameters": {**report.parameters, "figur_dir": str(staging / "figurer")},
            "output": str(staging / f"{report.stem}.ipynb"),
            "html": str(staging / f"{report.stem}.html"), "timeout": timeout}


def _record(report: Report, future: Future) -> None:
    """Copy a finished run's outcome onto its report; a crashed worker is a failure too."""
    try:
        out = future.result()
    except Exception as exc:  # the worker process died (killed, out of memory, ...)
        report.error = f"körningen avbröts ({type(exc).__name__}: {exc})"[:500]
        report.status = "misslyckades"
        return
    if out.get("environment"):  # no kernel, a full disk: no report can be built
        raise EnvironmentProblem(str(out["environment"]))
    for key in ("ok", "seconds", "cell", "cell_source", "error"):
        if out.get(key) is not None:
            setattr(report, key, out[key])
    report.status = "byggd" if report.ok else "misslyckades"


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
          pdf: bool = False, force: bool = False, wait: float = 0.0,
          log: Callable[[str], None] = print,
          events: Callable[[dict], None] | None = None,
          profile: str | Path | None = None) -> BuildResult:
    """Build the year's reports into ``out/YEAR``; see the module docstring for the steps.

    A report whose key (see :mod:`styranalys.build_keys`) matches the published one is left
    as it is ("oförändrad") unless ``force``. With ``namnder``, only those nämnder' reports
    and the overview are built; every other published report stays in the index and the
    deck. One build at a time writes to ``out``: another waits up to ``wait`` seconds and
    then raises :class:`~styranalys.build_lock.BuildLocked`. ``events`` is told of each
    report as it ends and of the build's end, as a dict (``--log-json`` writes them).

    Raises :class:`~styranalys.InputError` for invalid input,
    :class:`~styranalys.environment.EnvironmentProblem` when the environment stops it (a
    lock held too long, no kernel, a full disk), and ``ValueError`` for a
    year or nämnd that is not in the data (listing the ones that are), a cache inside
    ``out``, or ``pdf`` without Chromium.
    """
    started = time.perf_counter()
    out = Path(out).resolve()
    notebooks = Path(notebooks).resolve() if notebooks else default_notebooks()
    data_dir = _checked_cache(Path(cache).resolve(), out, pdf)
    check_kernel()
    with build_lock(out, wait, log):
        prepared: Prepared = prepare(data, data_dir, profile=profile)
        _remove_old_cache(out, log)
        year, chosen = choose(prepared.goals, year, namnder, period)
        everyone = choose(prepared.goals, year, None, period)[1]
        target = out / str(year)
        result = BuildResult(year, target, files=prepared.files)
        kolada_parameters = _kolada_parameters(kolada, kommun, jamforelse)
        reports = _jobs(year, everyone, period, data_dir, notebooks, kolada_parameters)
        wanted = {"Kommunöversikt", *chosen}
        to_run = _plan(reports, wanted, target, prepared, kolada_parameters, force, pdf, log)
        for rep in reports:
            if rep.status == "oförändrad" and events:
                events(_event(rep))
        workers = max(1, jobs or os.cpu_count() or 1)
        log(f"Bygger {len(to_run)} rapporter för {year} med {workers} parallella körningar"
            + (f" ({len(wanted) - len(to_run)} oförändrade)." if len(to_run) < len(wanted)
               else "."))
        staging = Path(tempfile.mkdtemp(prefix=f".bygge-{year}-", dir=out))
        pool = None
        try:
            (staging / "figurer").mkdir()
            pool = _run(to_run, staging, timeout, workers, log, events)
            if pdf:
                _write_pdfs(staging, to_run, workers)
            publish(staging, target, to_run)
            result.reports = [r for r in reports if r.name in wanted]
            shown = [r for r in reports if r.ok or r in to_run]  # published, or failed now
            if deck:
                _write_deck(year, period, to_run, shown, target, prepared, bool(kolada))
            result.seconds = time.perf_counter() - started
            write_index(target, shown, result.files, year, period,
                        prepared.illustrative_files())
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if pool is not None:
                pool.shutdown(wait=True)
    if events:
        events({"tid": f"{dt.datetime.now():%Y-%m-%dT%H:%M:%S}", "händelse": "klart",
                "ar": year, "byggda": sum(r.status == "byggd" for r in result.reports),
                "oförändrade": sum(r.status == "oförändrad" for r in result.reports),
                "misslyckade": len(result.failed), "sekunder": round(result.seconds, 1),
                "slutkod": result.exit_code})
    return result


def _write_deck(year: int, period: str, ran: list[Report], shown: list[Report],
                target: Path, prepared: Prepared, kolada: bool) -> None:
    """The year's deck from the published figures, when a report was built (or there is
    no deck yet)."""
    deck_file = target / f"presentation-{year}{figures.period_suffix(period)}.pptx"
    if any(r.ok for r in ran) or not deck_file.exists():
        published = [r for r in shown if r.ok]
        write_published_deck(year, period, {r.name for r in published},
                             [r.parameters["namnd"] for r in published
                              if "namnd" in r.parameters], target, prepared, kolada)


def _event(rep: Report) -> dict:
    """One report's end, for ``events``."""
    return {"tid": f"{dt.datetime.now():%Y-%m-%dT%H:%M:%S}", "händelse": "rapport",
            "rapport": rep.name, "status": rep.status, "sekunder": round(rep.seconds, 1),
            **({"fel": rep.error, "cell": rep.cell} if rep.status == "misslyckades" else {})}


def _plan(reports: list[Report], wanted: set[str], target: Path, prepared: Prepared,
          kolada: dict[str, object], force: bool, pdf: bool,
          log: Callable[[str], None]) -> list[Report]:
    """The reports to run: those asked for whose key differs from the published one (all
    of them with ``force``; and those without the PDF that ``pdf`` asks for). Each report's
    ``status`` says what became of it; one that is published and not asked for is kept as
    it is."""
    goals, indicators = prepared.goals, prepared.indicators
    illustrative = prepared.illustrative_files()
    to_run = []
    for rep in reports:
        page = target / f"{rep.stem}.html"
        if rep.name not in wanted:  # kept as published: no key needed
            rep.ok, rep.status = page.exists(), "publicerad tidigare"
            continue
        namnd = rep.parameters.get("namnd")
        rows = (goals, indicators) if namnd is None else (
            goals[goals["namnd"] == namnd], indicators[indicators["namnd"] == namnd])
        rep.key = report_key(rep.notebook, rep.parameters, *rows, illustrative,
                             kolada.get("kolada_dir") or None, profile=prepared.profile)
        published = published_key(target / f"{rep.stem}.ipynb") if page.exists() else None
        if published == rep.key and not force and (
                not pdf or page.with_suffix(".pdf").exists()):
            rep.ok, rep.status = True, "oförändrad"
            log(f"{rep.name}: oförändrad")
        else:
            to_run.append(rep)
    return to_run


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


def _run(reports: list[Report], staging: Path, timeout: int, workers: int,
         log: Callable[[str], None] = print,
         events: Callable[[dict], None] | None = None) -> ProcessPoolExecutor | None:
    """Run every report's notebook, ``workers`` at a time, recording how each went. In a
    terminal a progress bar shows it; otherwise (cron) a line per report does. Returns the
    pool, shutting down: the caller waits for it when it has published."""
    if not reports:
        return None
    bar = _progress(len(reports))
    lines = bar.disable
    # Each worker process imports papermill and nbconvert once, keeps one kernel, and takes
    # one report at a time (see notebook_runner).
    pool = ProcessPoolExecutor(max_workers=workers, initializer=start_worker,
                               initargs=(os.getpid(), str(Path(reports[0].notebook).parent)),
                               mp_context=multiprocessing.get_context("spawn"))
    try:
        _drive(pool, reports, staging, timeout, workers, bar, lines, log, events)
    except BaseException:  # Ctrl-C, SIGTERM: end the workers now, not after their reports
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    bar.close()
    pool.shutdown(wait=False)  # the workers end their kernels while the deck is written
    return pool


def _drive(pool: ProcessPoolExecutor, reports: list[Report], staging: Path, timeout: int,
           workers: int, bar, lines: bool, log: Callable[[str], None],
           events: Callable[[dict], None] | None) -> None:
    """Keep ``workers`` reports running until all have ended."""
    running: dict[Future, Report] = {}
    pending = list(reports)
    while pending or running:
        while pending and len(running) < workers:
            rep = pending.pop(0)
            running[pool.submit(run_job, _job(rep, staging, timeout))] = rep
        bar.set_postfix_str(", ".join(r.name for r in running.values())[:60])
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for fut in done:
            rep = running.pop(fut)
            _record(rep, fut)
            bar.update(1)
            if lines:
                log(f"{dt.datetime.now():%H:%M:%S} {rep.name}: {rep.status} "
                    f"({rep.seconds:.1f} s)")
            if events:
                events(_event(rep))


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


def summary_lines(result: BuildResult) -> list[str]:
    """The Swedish summary the command prints at the end."""
    built = sum(r.status == "byggd" for r in result.reports)
    same = sum(r.status == "oförändrad" for r in result.reports)
    lines = [f"{built} av {len(result.reports)} rapporter byggdes"
             + (f", {same} oförändrade" if same else "")
             + f" i {result.out} ({result.seconds:.0f} s)."]
    for rep in result.failed:
        where = f"cell {rep.cell}" + (f" ({rep.cell_source})" if rep.cell_source else "") \
            if rep.cell else "innan första cellen"
        lines.append(f"MISSLYCKADES: {rep.name}: {where}: {rep.error}")
    return lines
