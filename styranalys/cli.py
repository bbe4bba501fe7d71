"""The ``styranalys`` command: validate, prepare, build and export, with Swedish output.

Exit codes: 0 when all went well, 1 when the input has problems or a report failed,
2 on wrong usage, 3 when the environment stops it (a full disk, a folder that cannot be
written, another build holding the folder), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import errno
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ._version import __version__
from .cli_inspect import add_inspect_command
from .cli_kolada import add_kolada_commands
from .cli_run import add_run_command
from .escape import print_plain as _print
from .problems import InputError, Problem, problems_frame

__all__ = ["main"]


def _print_problems(problems: Sequence[Problem], as_json: bool,
                    notes: Sequence[str] = ()) -> None:
    if as_json:
        records = problems_frame(list(problems)).astype(object).where(
            lambda f: f.notna(), None).to_dict(orient="records")
        _print(json.dumps({"problem": records, "antal": len(problems),
                           "noteringar": list(notes)}, ensure_ascii=False, indent=2))
        return
    for p in problems:
        _print(f"- {p}")


def _input_error(lead: str, err: InputError) -> int:
    """Print a lead line and every located problem; the exit code for bad input."""
    _print(f"{lead}: {len(err.problems)} problem.")
    _print_problems(err.problems, False)
    return 1


def _usage_error(err: Exception | str) -> int:
    """Print what was wrong with the request (a year, a nämnd, an option)."""
    _print(f"Fel: {err}", file=sys.stderr)
    return 2


def _cmd_validate(args: argparse.Namespace) -> int:
    from .read.inspection import inspect_paths

    # both kinds read as build reads them, the same read that inspect shows
    found = inspect_paths(args.paths, profile=args.profile)
    problems, notes, rows = found.problems, found.notes, found.rows
    if args.json:
        _print_problems(problems, True, notes)
    else:
        _print(f"Läste {rows['goals']} målrader och {rows['indicators']} indikatorrader.")
        if problems:
            _print(f"{len(problems)} problem:")
            _print_problems(problems, False)
        else:
            _print("Inga problem hittades.")
        if notes:
            _print(f"Noteringar ({len(notes)}):")
            for n in notes:
                _print(f"  Obs: {n}")
    return 1 if problems else 0


def print_summary(goals) -> None:
    """Print the fulfilment sentence per nämnd and year, as ``make report`` shows it."""
    from .analysis.fulfilment import fulfilment

    table = fulfilment(goals, by=["namnd", "period", "ar"], period=None)
    for namnd, part in table.groupby("namnd", sort=True):
        _print(f"\n{namnd}")
        for row in part.itertuples(index=False):
            period = "" if row.period == "bokslut" else f" ({row.period})"
            _print(f"  {row.ar}{period}: {row.sammanfattning}")


def _cmd_prepare(args: argparse.Namespace) -> int:
    from .cache import prepare

    try:
        prepared = prepare(args.raw, args.out, use_cache=not args.no_cache,
                           profile=args.profile)
    except InputError as err:
        return _input_error("Kunde inte förbereda data", err)
    _print(f"Läste {len(prepared.files)} filer: {len(prepared.goals)} målrader och "
          f"{len(prepared.indicators)} indikatorrader "
          f"({prepared.cache_hits} från cache). Skrev parquet till {args.out}.")
    _print("\nMåluppfyllelse per nämnd och år:")
    print_summary(prepared.goals)
    return 0


def _cmd_export_pptx(args: argparse.Namespace) -> int:
    from .cache import prepare
    from .deck import choose, data_note, deck_sources, standard_deck
    from .presentation import to_pptx
    from .report import ILLUSTRATIVE_NOTICE

    try:
        prepared = prepare(args.data, None, profile=args.profile)
        ar, namnder = choose(prepared.goals, args.year, args.namnd, args.period)
    except InputError as err:
        return _input_error("Kunde inte läsa data", err)
    except ValueError as err:
        return _usage_error(err)
    slides = standard_deck(prepared.goals, prepared.indicators, ar, namnder, args.period)
    path = to_pptx(slides, args.out, template=args.template,
                   title=f"Måluppföljning, {args.period} {ar}", subtitle=", ".join(namnder),
                   notice=ILLUSTRATIVE_NOTICE if prepared.illustrative_files() else None,
                   sources=deck_sources(prepared), data_note=data_note(prepared))
    _print(f"Skrev {path} med {len(slides) + 2} bilder.")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build, summary_lines

    events = _json_lines(args.log_json) if args.log_json else None
    try:
        result = build(args.year, args.namnd, data=args.data, out=args.out, jobs=args.jobs,
                       period=args.period, notebooks=args.notebooks, timeout=args.timeout,
                       kolada=args.kolada, kommun=args.kommun,
                       jamforelse=args.jamforelse or (), cache=args.cache, pdf=args.pdf,
                       force=args.force, wait=args.wait, log=_print, events=events,
                       profile=args.profile)
    except InputError as err:
        return _input_error("Inga rapporter byggdes, indata har problem", err)
    except ValueError as err:
        return _usage_error(err)
    for line in summary_lines(result):
        _print(line)
    _print(f"Öppna {result.out / 'index.html'}")
    return result.exit_code


def _json_lines(path: Path):
    """A function that appends each event to ``path`` as one JSON line."""
    def write(event: dict) -> None:
        try:
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(event, ensure_ascii=False) + "\n")
        except OSError as err:  # a write's error names no file: say which
            raise OSError(err.errno, err.strerror, str(path)) from err
    return write


def _environment_error(err: Exception) -> int:
    """A full disk, a folder that cannot be written or read, a lock, no kernel: one
    sentence, exit code 3."""
    if isinstance(err, OSError):
        from .environment import environment_errno

        words = environment_errno(err)
        where = f" ({err.filename})" if err.filename else ""
        code = errno.errorcode.get(err.errno or 0, "okänt fel")
        message = f"{words}{where}." if words else \
            f"Det gick inte att läsa eller skriva{where} (systemets felkod {code})."
    else:
        message = str(err)
    _print(f"Fel: {message}", file=sys.stderr)
    return 3


def _cmd_export_tables(args: argparse.Namespace) -> int:
    from .cache import prepare
    from .export import to_csv, to_excel

    try:
        prepared = prepare(args.data, None, profile=args.profile)
    except InputError as err:
        return _input_error("Kunde inte läsa data", err)
    frames = {"Mål": prepared.goals, "Indikatorer": prepared.indicators}
    if args.format == "xlsx":
        to_excel(frames, args.out)
        _print(f"Skrev {args.out} med bladen {', '.join(frames)}.")
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, file in (("Mål", "mal.csv"), ("Indikatorer", "indikatorer.csv")):
            to_csv(frames[name], args.out / file)
        _print(f"Skrev mal.csv och indikatorer.csv till {args.out}.")
    return 0


#: argparse's own messages, in Swedish.
_ARGPARSE_SV = [
    (re.compile(r"the following arguments are required: (.*)"), r"de här behövs: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"okända argument: \1"),
    (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
     r"\1: ogiltigt val \2 (välj bland \3)"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.*)"), r"\1: \3 är inget giltigt värde"),
    (re.compile(r"argument (\S+): expected one argument"), r"\1 behöver ett värde"),
    (re.compile(r"argument (\S+): expected at least one argument"),
     r"\1 behöver minst ett värde"),
]


class _SwedishFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups,
                          prefix="användning: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Swedish: headings, usage line and error messages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _SwedishFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str) -> NoReturn:
        for pattern, swedish in _ARGPARSE_SV:
            message = pattern.sub(swedish, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="styranalys",
        description="Analys av kommuners måluppföljning: läs, kontrollera och rapportera.",
        epilog="Slutkoder: 0 allt gick bra, 1 problem i indata eller en rapport som "
               "misslyckades, 2 fel i kommandot, 3 miljön stoppade det (full disk, en mapp "
               "som inte går att skriva, ett annat bygge i samma mapp), 130 avbrutet.")
    parser.add_argument("--version", action="version", version=f"styranalys {__version__}",
                        help="visa styranalys version och avsluta")
    parser.add_argument("--debug", action="store_true", default=False, help=_DEBUG)
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    p = sub.add_parser("validate", help="kontrollera kalkylblad och lista varje problem")
    p.add_argument("paths", nargs="+", type=Path, metavar="SÖKVÄG")
    p.add_argument("--json", action="store_true", help="skriv problemen som JSON")
    _add_profile(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("prepare", help="läs data/raw och skriv tidy parquet till data/processed")
    p.add_argument("raw", nargs="?", default=Path("data/raw"), type=Path, metavar="RÅDATA")
    p.add_argument("--out", default=Path("data/processed"), type=Path)
    p.add_argument("--no-cache", action="store_true", help="läs om alla filer")
    _add_profile(p)
    p.set_defaults(func=_cmd_prepare)

    p = sub.add_parser("build", help="bygg årets rapporter för alla nämnder med papermill")
    p.add_argument("--year", type=int, default=None, help="år (standard: det senaste i data)")
    p.add_argument("--namnd", nargs="*", default=None, metavar="NÄMND")
    p.add_argument("--data", type=Path, default=Path("data/raw"), help="mappen med kalkylblad")
    p.add_argument("--out", type=Path, default=Path("reports"),
                   help="mappen som publiceras; rapporterna hamnar i OUT/ÅR")
    p.add_argument("--cache", type=Path, default=Path("data/processed"),
                   help="mapp för inläst data som parquet (publiceras inte; standard: "
                        "data/processed)")
    p.add_argument("--pdf", action="store_true",
                   help="skriv också varje rapport som PDF (kräver Chromium)")
    p.add_argument("--force", action="store_true",
                   help="bygg om varje rapport, också de som inte har ändrats")
    p.add_argument("--wait", type=float, default=0.0, metavar="SEKUNDER",
                   help="vänta så länge på ett annat bygge i samma --out (standard: 0)")
    p.add_argument("--log-json", type=Path, default=None, metavar="FIL",
                   help="skriv också varje rapports utfall och byggets slut som JSON-rader")
    p.add_argument("--jobs", type=int, default=None, help="parallella körningar (standard: "
                                                          "antal kärnor)")
    p.add_argument("--period", choices=["bokslut", "delår"], default="bokslut")
    p.add_argument("--notebooks", type=Path, default=None,
                   help="egna notebookar (standard: projektets notebooks/)")
    p.add_argument("--timeout", type=int, default=600, help="sekunder per cell")
    p.add_argument("--kolada", type=Path, default=None,
                   help="mapp med Kolada-filer (koppling.csv där kopplar nyckeltal till mål)")
    p.add_argument("--kommun", default=None, help="kommunkoden i Kolada, t.ex. 1885")
    p.add_argument("--jamforelse", nargs="*", default=None, metavar="KOD",
                   help="jämförelsekommuner (standard: alla andra i Kolada-filerna)")
    _add_profile(p)
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("export", help="exportera diagram")
    export = p.add_subparsers(dest="format", required=True, metavar="FORMAT")
    p = export.add_parser("pptx", help="standardpresentationen för ett år som PowerPoint")
    p.add_argument("--year", type=int, default=None, help="år (standard: det senaste i data)")
    p.add_argument("--namnd", nargs="*", default=None, metavar="NÄMND")
    p.add_argument("--data", type=Path, default=Path("data/raw"))
    p.add_argument("--period", choices=["bokslut", "delår"], default="bokslut")
    p.add_argument("--template", type=Path, default=None, help="kommunens egen .pptx-mall")
    p.add_argument("--out", type=Path, required=True)
    _add_profile(p)
    p.set_defaults(func=_cmd_export_pptx)
    for fmt, what in (("xlsx", "de tidy tabellerna som Excel-arbetsbok"),
                      ("csv", "de tidy tabellerna som CSV för svenska Excel")):
        p = export.add_parser(fmt, help=what)
        p.add_argument("--data", type=Path, default=Path("data/raw"))
        p.add_argument("--out", type=Path, required=True,
                       help="fil (.xlsx) eller mapp (csv)")
        _add_profile(p)
        p.set_defaults(func=_cmd_export_tables)
    add_inspect_command(sub)
    add_kolada_commands(sub, _Parser)
    add_run_command(sub)
    _add_debug(parser)
    return parser


_DEBUG = "visa hela felspåret (traceback) när något går fel"


def _add_profile(parser: argparse.ArgumentParser) -> None:
    """``--profile FIL``: another ``styranalys.toml`` than the one at the data's top."""
    parser.add_argument("--profile", type=Path, default=None, metavar="FIL",
                        help="en annan styranalys.toml än den överst i datamappen, för det "
                             "som filerna inte säger själva (nämnd, år, fraser, rubriker)")


def _add_debug(parser: argparse.ArgumentParser) -> None:
    """``--debug`` after any command too (``styranalys build --debug``)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                command.add_argument("--debug", action="store_true",
                                     default=argparse.SUPPRESS, help=_DEBUG)
                _add_debug(command)


def _stop_on_sigterm() -> None:
    """A scheduler's SIGTERM ends the command as Ctrl-C does: the workers are ended, the
    staging folder removed, and what was published is left as it was."""
    import signal
    import threading

    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``styranalys`` command."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    _stop_on_sigterm()
    args = _parser().parse_args(argv)
    from .environment import EnvironmentProblem

    try:
        return int(args.func(args))
    except BaseException as err:
        if args.debug and not isinstance(err, SystemExit):
            import traceback

            traceback.print_exc()
        if isinstance(err, FileNotFoundError):  # the system's own words are English
            return _usage_error(f"Hittar inte {err.filename}." if err.filename else err)
        if isinstance(err, (OSError, EnvironmentProblem)):
            return _environment_error(err)
        if isinstance(err, KeyboardInterrupt):
            _print("Avbrutet. Det som redan var publicerat är orört.", file=sys.stderr)
            return 130
        if isinstance(err, Exception):
            _print(f"Fel: ett oväntat fel ({type(err).__name__}: {err}). Kör igen med --debug "
                   "för hela felspåret, och rapportera det gärna.", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
