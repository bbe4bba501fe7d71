"""``prepare``: read ``data/raw`` once, write the tidy frames as parquet, cache per file.

Each input file's tidy rows are cached as parquet under ``data/processed/cache/``, keyed by
the file's name and SHA-256 checksum and by everything else that decides how it is read
(kind, arguments, vocabulary, header table, limits, package version). A second read of
unchanged files comes from the cache; a changed file, vocabulary or package version misses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._version import __version__
from .atomic import atomic_path
from .contract import GOAL_DTYPES, INDICATOR_DTYPES, conform
from .problems import InputError, unique
from .read.files import Paths, list_files
from .read.load import load, nothing_read, read_file
from .read.opening import sharing_sheets
from .read.options import Options, make_options
from .read.profile import Profile, find_profile
from .read.report import ReadReport, illustrative_files
from .read.vocabulary import Vocabulary

__all__ = ["Prepared", "file_checksum", "prepare", "read_prepared", "write_parquet"]

GOALS_FILE = "goals.parquet"
INDICATORS_FILE = "indicators.parquet"
MANIFEST_FILE = "manifest.json"


def file_checksum(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as parquet atomically (a killed writer leaves the old file)."""
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


class _CachedReader:
    """A ``load`` reader that keeps each clean file's tidy rows as parquet."""

    def __init__(self, cache_dir: Path, checksums: Mapping[str, str]) -> None:
        self.cache_dir = cache_dir
        self.checksums = checksums
        self.hits = 0
        self.misses = 0
        self._count = threading.Lock()  # load reads two files at a time

    def __call__(self, path: Path, options: Options) -> tuple[pd.DataFrame, ReadReport]:
        digest = self.checksums.get(str(path)) or file_checksum(path)
        name_key = hashlib.sha256(path.name.encode()).hexdigest()[:8]
        key = f"{digest[:24]}-{name_key}-{options.kind}-{options.fingerprint()}"
        data, meta = self.cache_dir / f"{key}.parquet", self.cache_dir / f"{key}.json"
        if data.exists() and meta.exists():
            with self._count:
                self.hits += 1
            report = ReadReport(**json.loads(meta.read_text(encoding="utf-8")))
            report.files = [str(path)]
            return pd.read_parquet(data), report
        with self._count:
            self.misses += 1
        frame, report = read_file(path, options)
        if not report.problems:
            write_parquet(frame, data)
            with atomic_path(meta) as tmp:
                tmp.write_text(json.dumps(report.as_dict(), ensure_ascii=False),
                               encoding="utf-8")
        return frame, report


@dataclass
class Prepared:
    """The tidy frames of a data folder and what reading it found."""

    goals: pd.DataFrame
    indicators: pd.DataFrame
    goals_report: ReadReport
    indicators_report: ReadReport
    files: dict[str, str] = field(default_factory=dict)
    cache_hits: int = 0
    cache_misses: int = 0
    #: The digest of the ``styranalys.toml`` read with the data ("" without one).
    profile: str = ""

    @property
    def problems(self) -> list:
        """Every problem of both reads, each once (``styranalys validate`` lists the same)."""
        return unique(self.goals_report.problems + self.indicators_report.problems)

    def illustrative_files(self) -> list[str]:
        """The input files marked illustrative (see :meth:`ReadReport.illustrative_files`)."""
        return illustrative_files([self.goals_report, self.indicators_report])


def prepare(raw: Paths = "data/raw", out: str | Path | None = "data/processed", *,
            vocabulary: Vocabulary | Mapping[str, int | None] | str | Path | None = None,
            headers: Mapping[str, Sequence[str]] | None = None, use_cache: bool = True,
            raise_on_problems: bool = True, profile: Profile | str | Path | None = None,
            **context: object) -> Prepared:
    """Read goals and indicators from ``raw`` and write them to ``out`` as parquet.

    Writes ``goals.parquet``, ``indicators.parquet`` and ``manifest.json`` (files and their
    checksums). With ``out=None`` nothing is written and no cache is used. ``profile`` is a
    ``styranalys.toml`` (default: the one at the top of ``raw``); its content is part of
    every cache key. Raises :class:`InputError` with every problem (a mistake in the
    profile, before any file is read) unless ``raise_on_problems=False``.
    """
    out_dir = None if out is None else Path(out)
    found = find_profile(raw, profile)
    files = {str(p): file_checksum(p) for p in list_files(raw)}
    kwargs: dict[str, object] = dict(vocabulary=vocabulary, headers=headers, profile=found,
                                     **context)
    goal_kwargs = dict(kwargs)
    ind_kwargs = {k: v for k, v in kwargs.items() if k not in ("maltyp", "vocabulary")}
    key = {"options": [make_options("goals", **goal_kwargs).fingerprint(),  # type: ignore[arg-type]
                       make_options("indicators", **ind_kwargs).fingerprint()],  # type: ignore[arg-type]
           "filer": files, "profil": found.digest if found else ""}
    if out_dir is not None and use_cache:
        done = _unchanged(out_dir, key)
        if done is not None:
            return done
    cache = _CachedReader(out_dir / "cache", files) if (out_dir and use_cache) else None
    if cache:
        goal_kwargs["reader"] = ind_kwargs["reader"] = cache
    with sharing_sheets():  # each file is parsed once for both kinds
        goals, goals_report = load(raw, "goals", **goal_kwargs)  # type: ignore[arg-type]
        indicators, ind_report = load(raw, "indicators", goals=goals,  # type: ignore[arg-type]
                                      **ind_kwargs)
    goals_report.problems += nothing_read(raw, goals_report, ind_report)
    prepared = Prepared(goals, indicators, goals_report, ind_report, files,
                        cache.hits if cache else 0, cache.misses if cache else 0,
                        found.digest if found else "")
    if prepared.problems and raise_on_problems:
        raise InputError(prepared.problems)
    if out_dir is not None and not prepared.problems:
        write_parquet(goals, out_dir / GOALS_FILE)
        write_parquet(indicators, out_dir / INDICATORS_FILE)
        manifest = {"skapad": dt.datetime.now().isoformat(timespec="seconds"),
                    "styranalys": __version__,
                    "filer": [{"fil": k, "sha256": v} for k, v in files.items()],
                    "nyckel": key, "rapporter": {"goals": goals_report.as_dict(),
                                                 "indicators": ind_report.as_dict()},
                    # the profile's [analys]: how the reports count a fulfilled goal
                    "regel": None if found is None or found.counting is None else {
                        "uppfyllda": list(found.counting.levels),
                        "indikatorer": found.counting.indicators,
                        "text": found.counting.text}}
        with atomic_path(out_dir / MANIFEST_FILE) as tmp:
            tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return prepared


def _unchanged(out_dir: Path, key: dict[str, object]) -> Prepared | None:
    """The prepared frames when nothing changed since the last prepare: same files with the
    same checksums, same options and package version (both in the options' fingerprints)."""
    try:
        manifest = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("nyckel") != key:
        return None
    try:
        goals, indicators = read_prepared(out_dir)
    except (OSError, ValueError):
        return None
    reports = manifest["rapporter"]
    goals.attrs["styranalys"] = reports["goals"]
    indicators.attrs["styranalys"] = reports["indicators"]
    files = key["filer"]
    return Prepared(goals, indicators, ReadReport(**reports["goals"]),
                    ReadReport(**reports["indicators"]), dict(files),  # type: ignore[arg-type]
                    cache_hits=2 * len(files), cache_misses=0,
                    profile=str(key.get("profil", "")))


def read_prepared(processed: str | Path = "data/processed") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The goals and indicators frames that ``prepare`` wrote, with the contract's dtypes."""
    folder = Path(processed)
    missing = [f for f in (GOALS_FILE, INDICATORS_FILE) if not (folder / f).exists()]
    if missing:
        raise FileNotFoundError(f"{folder} saknar {', '.join(missing)}: kör först "
                                "'styranalys prepare'.")
    goals = conform(pd.read_parquet(folder / GOALS_FILE), GOAL_DTYPES)
    indicators = conform(pd.read_parquet(folder / INDICATORS_FILE), INDICATOR_DTYPES)
    return goals, indicators
