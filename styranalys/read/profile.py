"""``styranalys.toml``: what a municipality's files do not say, written once beside them.

A data folder may hold a profile at its top. Every command and ``read_goals``,
``read_indicators`` and ``prepare`` given that folder read it; ``--profile FIL`` and
``profile=`` name another. It uses the Python API's own names::

    [vocabulary]                      # phrase or symbol = level 1-4, or "ej bedömd"
    "I hög grad uppfyllt" = 3

    [headers]                         # contract column = more header names
    namnd = ["Ansvarig organisation"]

    [analys]                          # the municipality's own rule for "uppfyllt"
    uppfyllda = [4]                   # the levels counted as fulfilled (default: 4)
    indikatorer = 0.8                 # or: fulfilled when 80 % of its indicators reached
    regel = "Ett mål är uppfyllt när minst 80 % av indikatorerna nått målvärdet."

    [[files]]                         # what one file (or sheet) does not say itself
    glob = "nynashamn_*.xlsx"         # relative to the data folder
    sheet = "Måluppfyllelse 2021"     # optional
    namnd = "Kommunfullmäktige"
    ar = 2021
    period = "bokslut"
    maltyp = "utvecklingsmal"

A mistake is a located problem (the profile's line) before any spreadsheet is read. The
file's own words (a column, a title row, the sheet name) still come first; a profile only
fills what the file leaves out, and an argument given in the call fills it before the
profile does.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .._text import fold
from ..contract import HEADER_SYNONYMS, PERIODS
from ..problems import InputError, Problem
from .context import Context, goal_type_code
from .files import list_files
from .opening import open_file
from .toml_lines import key_lines

__all__ = ["PROFILE_NAME", "CountingRule", "FileRule", "Profile", "find_profile",
           "load_profile"]

#: The profile's name at the top of a data folder.
PROFILE_NAME = "styranalys.toml"

_TOP_KEYS = ("vocabulary", "headers", "analys", "files")
_RULE_KEYS = ("uppfyllda", "indikatorer", "regel")
_FILE_KEYS = ("glob", "sheet", "namnd", "ar", "period", "maltyp")
_NOT_ASSESSED = {"ej bedomd", "ej bedomt", "inte bedomd", "ej bedomd niva"}


@dataclass(frozen=True)
class FileRule:
    """One ``[[files]]`` entry: what the files its glob names (or one sheet) do not say."""

    glob: str
    sheet: str | None
    context: Context
    line: int

    def matches(self, relative: str) -> bool:
        """Whether a file, by its path relative to the data folder, is named by the glob
        (a glob without "/" names files by their name, in any subfolder)."""
        if "/" not in self.glob:
            return fnmatch.fnmatchcase(PurePosixPath(relative).name, self.glob)
        return fnmatch.fnmatchcase(relative, self.glob)


@dataclass(frozen=True)
class CountingRule:
    """``[analys]``: what the municipality counts as a fulfilled goal. ``levels``: the
    levels that count (4 by default); ``indicators``: instead, the share of a goal's
    indicators with a target that must have reached it; ``text``: the rule in the
    municipality's words, for the report."""

    levels: tuple[int, ...] = (4,)
    indicators: float | None = None
    text: str | None = None


@dataclass(frozen=True)
class Profile:
    """A read ``styranalys.toml``: vocabulary, extra headings and per-file context."""

    name: str = PROFILE_NAME
    base: Path | None = None
    vocabulary: tuple[tuple[str, int | None], ...] = ()
    headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    files: tuple[FileRule, ...] = ()
    digest: str = ""
    counting: CountingRule | None = None

    def context_for(self, path: Path, sheet: str | None) -> Context:
        """What the profile says of one sheet of ``path``: its rules in order, each later
        one filling over the earlier, a rule with ``sheet`` only for that sheet."""
        relative = _relative(path, self.base)
        said = Context()
        for rule in self.files:
            if rule.matches(relative) and (rule.sheet is None or rule.sheet == sheet):
                said = said.over(rule.context)
        return said


def _relative(path: Path, base: Path | None) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix() if base else path.name
    except ValueError:
        return path.name


def data_folder(paths: Path | str | Iterable[Path | str]) -> Path | None:
    """The data folder a read starts from: the folder named, or a named file's folder.
    Several paths have none (a profile must then be named)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if len(paths) != 1:
        return None
    return paths[0] if paths[0].is_dir() else paths[0].parent


def find_profile(paths: Path | str | Iterable[Path | str],
                 profile: Profile | str | Path | None = None) -> Profile | None:
    """The profile for a read of ``paths``: ``profile`` itself, the file it names, or
    ``styranalys.toml`` at the top of the data folder. Raises :class:`InputError` with
    located problems for a profile that is wrong."""
    if isinstance(profile, Profile):
        return profile
    base = data_folder(paths)
    if profile is not None:
        return load_profile(Path(profile), base)
    if base is not None and (base / PROFILE_NAME).is_file():
        return load_profile(base / PROFILE_NAME, base)
    return None


def load_profile(path: Path, base: Path | None = None) -> Profile:
    """Read and check a profile; ``base`` is the data folder its globs are relative to
    (default: the profile's own folder)."""
    if not path.is_file():
        raise FileNotFoundError(2, "Profilen finns inte", str(path))
    base = path.parent if base is None else base
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    checker = _Checker(path.name, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        checker.syntax(err)
        raise InputError(checker.problems) from None
    profile = checker.profile(data, base)
    checker.files_exist(profile, base)
    if checker.problems:
        raise InputError(checker.problems)
    return replace(profile, digest=hashlib.sha256(raw).hexdigest()[:16])


class _Checker:
    """Checks a parsed profile, naming the line of each mistake."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()
        self.where = key_lines(self.lines)
        self.problems: list[Problem] = []

    def problem(self, message: str, hint: str, line: int | None) -> None:
        self.problems.append(Problem(file=self.name, row=line, message=message, hint=hint,
                                     code="profil"))

    def syntax(self, err: tomllib.TOMLDecodeError) -> None:
        found = re.search(r"line (\d+)", str(err))
        line = int(found.group(1)) if found else None
        shown = self.lines[line - 1].strip() if line and line <= len(self.lines) else ""
        self.problem(f"Raden går inte att läsa som TOML ({shown!r})." if shown else
                     "Profilen går inte att läsa som TOML.",
                     'Skriv varje inställning som namn = värde, text inom "…", och '
                     "tabellerna som [vocabulary], [headers] och [[files]].", line)

    def line(self, table: str, index: int, key: str = "") -> int | None:
        return self.where.get((table, index, key)) or self.where.get((table, index, ""))

    def profile(self, data: dict, base: Path) -> Profile:
        for key in data:
            if key not in _TOP_KEYS:
                self.problem(f"Okänd nyckel {key!r}.", "Profilen känner "
                             + ", ".join(f"[{k}]" for k in _TOP_KEYS) + ".",
                             self.line("", 0, key) or self.line(key, 0))
        vocabulary = self._vocabulary(data.get("vocabulary", {}))
        headers = self._headers(data.get("headers", {}))
        files = data.get("files", [])
        if not isinstance(files, list):
            self.problem("files ska skrivas som [[files]], en tabell per fil.",
                         "Skriv [[files]] på en egen rad ovanför varje fils inställningar.",
                         self.line("", 0, "files") or self.line("files", 0))
            files = []
        rules = tuple(r for i, entry in enumerate(files)
                      if (r := self._rule(entry, i)) is not None)
        counting = self._counting(data["analys"]) if "analys" in data else None
        return Profile(self.name, base, vocabulary, headers, rules, counting=counting)

    def _counting(self, value: object) -> CountingRule | None:
        table = self._table(value, "analys")
        for key in table:
            if key not in _RULE_KEYS:
                self.problem(f"Okänd nyckel {key!r} under [analys].",
                             "Där gäller " + ", ".join(_RULE_KEYS) + ".",
                             self.line("analys", 0, key))
        levels = table.get("uppfyllda", [4])
        if not (isinstance(levels, list) and levels and all(
                isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4 for v in levels)):
            self.problem(f"uppfyllda ska vara nivåer 1–4, inte {levels!r}.",
                         "Skriv till exempel uppfyllda = [4], eller [3, 4] om även "
                         "nivå 3 räknas som uppfyllt.", self.line("analys", 0, "uppfyllda"))
            levels = [4]
        share = table.get("indikatorer")
        if share is not None and not (isinstance(share, int | float) and
                                      not isinstance(share, bool) and 0 < share <= 1):
            self.problem(f"indikatorer ska vara en andel mellan 0 och 1, inte {share!r}.",
                         "Skriv till exempel indikatorer = 0.8 för 80 % av indikatorerna.",
                         self.line("analys", 0, "indikatorer"))
            share = None
        text = table.get("regel")
        if text is not None and not (isinstance(text, str) and text.strip()):
            self.problem("regel ska vara regeln i ord, som text.",
                         'Skriv till exempel regel = "Ett mål är uppfyllt när …".',
                         self.line("analys", 0, "regel"))
            text = None
        return CountingRule(tuple(sorted(set(levels))), None if share is None else float(share),
                            text.strip() if text else None)

    def _table(self, value: object, name: str) -> dict:
        if isinstance(value, dict):
            return value
        self.problem(f"{name} ska vara en tabell, [{name}].",
                     f"Skriv [{name}] på en egen rad och inställningarna under den.",
                     self.line("", 0, name))
        return {}

    def _vocabulary(self, value: object) -> tuple[tuple[str, int | None], ...]:
        out = []
        for phrase, level in self._table(value, "vocabulary").items():
            line = self.line("vocabulary", 0, phrase)
            if isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= 4:
                out.append((phrase, level))
            elif isinstance(level, str) and fold(level) in _NOT_ASSESSED:
                out.append((phrase, None))
            else:
                self.problem(f"Nivån för {phrase!r} är {level!r}.",
                             'Ange 1, 2, 3 eller 4 (4 = uppfyllt), eller "ej bedömd".', line)
        return tuple(out)

    def _headers(self, value: object) -> dict[str, tuple[str, ...]]:
        out = {}
        for column, names in self._table(value, "headers").items():
            line = self.line("headers", 0, column)
            if column not in HEADER_SYNONYMS:
                self.problem(f"{column!r} är ingen kolumn i styranalys tabeller.",
                             "Kolumnerna är " + ", ".join(HEADER_SYNONYMS) + ".", line)
                continue
            names = [names] if isinstance(names, str) else names
            if not isinstance(names, list) or not all(isinstance(n, str) and n.strip()
                                                      for n in names) or not names:
                self.problem(f"Rubrikerna för {column} ska vara text.",
                             f'Skriv till exempel {column} = ["rubriken som i filen"].', line)
                continue
            out[column] = tuple(names)
        return out

    def _rule(self, entry: object, index: int) -> FileRule | None:
        start = self.line("files", index)
        if not isinstance(entry, dict):
            self.problem("Varje [[files]] ska vara en tabell.", "Skriv glob = … under den.",
                         start)
            return None
        ok = True
        for key in entry:
            if key not in _FILE_KEYS:
                self.problem(f"Okänd nyckel {key!r} under [[files]].",
                             "Där gäller " + ", ".join(_FILE_KEYS) + ".",
                             self.line("files", index, key))
                ok = False
        glob = entry.get("glob")
        if not isinstance(glob, str) or not glob.strip():
            self.problem("[[files]] saknar glob: vilka filer gäller det?",
                         'Skriv till exempel glob = "filens namn.xlsx".', start)
            return None
        context = self._context(entry, index)
        sheet = entry.get("sheet")
        if sheet is not None and not isinstance(sheet, str):
            self.problem("sheet ska vara bladets namn som text.", 'Skriv sheet = "Bladnamn".',
                         self.line("files", index, "sheet"))
            ok = False
        if context is None or not ok:
            return None
        return FileRule(glob.strip(), sheet, context, start or 0)

    def _context(self, entry: dict, index: int) -> Context | None:
        values: dict[str, object] = {}
        for key in ("namnd", "ar", "period", "maltyp"):
            if key not in entry:
                continue
            value, line = entry[key], self.line("files", index, key)
            checked = _check_value(key, value)
            if isinstance(checked, Problem):
                self.problem(checked.message, checked.hint, line)
                return None
            values[key] = checked
        return Context(**values)  # type: ignore[arg-type]

    def files_exist(self, profile: Profile, base: Path) -> None:
        """A glob that names no file, or a sheet that no file it names has, is a mistake."""
        try:
            files = list_files(base) if base.is_dir() else []
        except (OSError, FileNotFoundError):
            files = []
        for rule in profile.files:
            named = [f for f in files if rule.matches(_relative(f, base))]
            if not named:
                self.problem(f"glob {rule.glob!r} passar ingen fil i datamappen.",
                             "Skriv filens namn som det står i mappen; * passar vilka tecken "
                             "som helst.", rule.line)
                continue
            if rule.sheet is None:
                continue
            names: list[str] = []
            for f in named:
                try:
                    names += [s.name for s in open_file(f, None) if s.name]
                except InputError:
                    continue  # the read itself reports a file that cannot be opened
            if rule.sheet not in names:
                shown = ", ".join(repr(n) for n in dict.fromkeys(names)) or "inga blad"
                self.problem(f"Bladet {rule.sheet!r} finns inte i {rule.glob!r}.",
                             f"Bladen heter {shown}.",
                             self.line("files", profile.files.index(rule), "sheet"))


def _check_value(key: str, value: object) -> object:
    """A ``[[files]]`` value checked against the contract, or a Problem saying why not."""
    if key == "namnd":
        if isinstance(value, str) and value.strip():
            return value.strip()
        return Problem("", "namnd ska vara nämndens namn som text.",
                       'Skriv namnd = "nämndens namn".')
    if key == "ar":
        if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2099:
            return value
        return Problem("", f"ar ska vara ett årtal, inte {value!r}.", "Skriv till exempel "
                       "ar = 2023, utan citattecken.")
    if key == "period":
        periods = {fold(p): p for p in PERIODS}
        if isinstance(value, str) and fold(value) in periods:
            return periods[fold(value)]
        return Problem("", f"period {value!r} känns inte igen.",
                       'Ange "bokslut" eller "delår".')
    code = goal_type_code(value) if isinstance(value, str) else None
    if code:
        return code
    return Problem("", f"maltyp {value!r} går inte att använda.",
                   'Skriv måltypen som i filen, till exempel maltyp = "utvecklingsmål".')
