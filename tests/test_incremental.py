"""Scheduled builds that redo only what changed: real builds, real kernels, on copies of the
example data, each test from the same first build."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import RAW, build_command
from pptx import Presentation

SOCIAL = "illustrativ_socialnamnden_mal_2017-2024.csv"


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Path:
    """The example data built once: raw/, cache/ and webb/ in one folder."""
    base = tmp_path_factory.mktemp("forsta")
    shutil.copytree(RAW, base / "raw")
    result = _build(base)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 av 6 rapporter byggdes" in result.stdout
    assert "IPKernelApp" not in result.stderr  # no kernel noise in a scheduler's log
    return base


@pytest.fixture
def site(first: Path, tmp_path: Path) -> Path:
    """A copy of the first build (files keep their times), for one test to change."""
    shutil.copytree(first, tmp_path / "plats", dirs_exist_ok=True)
    return tmp_path / "plats"


def _build(base: Path, *args: str):
    return build_command("--data", str(base / "raw"), "--out", str(base / "webb"), "--cache",
                         str(base / "cache"), "--jobs", "2", *args, cwd=base)


def _times(base: Path) -> dict[str, int]:
    """When each report and the deck were written (the index is written by every build: it
    says when the build ran)."""
    year = base / "webb" / "2024"
    return {p.name: p.stat().st_mtime_ns for p in [*year.glob("*.html"),
                                                   *year.glob("*.pptx")]
            if p.name != "index.html"}


def _built(stdout: str) -> set[str]:
    """The reports a build ran, from its line per report (no terminal: no progress bar)."""
    return set(re.findall(r"^\d\d:\d\d:\d\d (.+): byggd \(", stdout, flags=re.MULTILINE))


def test_an_unchanged_rebuild_redoes_nothing_and_force_redoes_everything(site: Path):
    before = _times(site)
    again = _build(site, "--log-json", str(site / "logg.jsonl"))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 av 6 rapporter byggdes, 6 oförändrade" in again.stdout
    events = [json.loads(line) for line in
              (site / "logg.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["status"] for e in events[:-1]] == ["oförändrad"] * 6
    assert events[-1]["händelse"] == "klart" and events[-1]["oförändrade"] == 6
    assert events[-1]["slutkod"] == 0
    assert again.stdout.count(": oförändrad") == 6 and _built(again.stdout) == set()
    assert _times(site) == before  # not a file rewritten, the deck neither
    forced = _build(site, "--force")
    assert forced.returncode == 0 and "6 av 6 rapporter byggdes" in forced.stdout
    assert len(_built(forced.stdout)) == 6
    after = _times(site)
    assert all(after[name] != before[name] for name in before)


def test_one_changed_file_rebuilds_its_namnd_the_overview_and_the_deck(site: Path):
    before = _times(site)
    path = site / "raw" / SOCIAL
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    changed = [line.replace(";Grunduppdraget uppnås delvis;", ";Grunduppdraget uppnås;")
               if line.startswith("Socialnämnden;2024;") else line for line in lines]
    assert changed != lines
    path.write_text("\n".join(changed) + "\n", encoding="utf-8-sig")
    again = _build(site)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _built(again.stdout) == {"Kommunöversikt", "Socialnämnden"}
    after = _times(site)
    rebuilt = {name for name in before if after[name] != before[name]}
    assert rebuilt == {"kommunoversikt.html", "namndrapport-socialnamnden.html",
                       "presentation-2024.pptx"}


def test_a_build_of_one_namnd_keeps_every_other_published_report(site: Path):
    one = _build(site, "--namnd", "Socialnämnden", "--force")
    assert one.returncode == 0, one.stdout + one.stderr
    assert _built(one.stdout) == {"Kommunöversikt", "Socialnämnden"}
    year = site / "webb" / "2024"
    index = (year / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in year.glob("namndrapport-*.html"))
    assert len(pages) == 5 and all(f'href="{page}"' in index for page in pages)
    titles = " ".join(s.shapes.title.text for s in
                      Presentation(str(year / "presentation-2024.pptx")).slides)
    for name in ("Tillväxtnämnden", "Kommunstyrelsen", "Socialnämnden", "Hela kommunen"):
        assert name in titles


def test_a_second_build_waits_for_the_lock_and_then_gives_up_with_code_3(site: Path):
    from styranalys.build_lock import build_lock

    left = site / "webb" / ".bygge-2024-dodad"
    with build_lock(site / "webb"):  # another build holds the folder
        left.mkdir()  # as its staging; then it is killed and leaves it behind
        (left / "halv.html").write_text("<p>halv", encoding="utf-8")
        waited = _build(site, "--wait", "0.5")
    assert waited.returncode == 3, waited.stdout + waited.stderr
    assert "Väntar på ett annat bygge" in waited.stdout
    assert "Ett annat bygge" in waited.stderr and "Traceback" not in waited.stderr
    assert left.exists()  # nothing touched while the other build held the folder
    after = _build(site)  # the lock is released with its holder
    assert after.returncode == 0, after.stdout + after.stderr
    assert not left.exists()


def test_a_folder_that_cannot_be_written_is_code_3_in_one_swedish_sentence(site: Path):
    import os

    if os.geteuid() == 0:  # root writes anywhere: make the folder a file instead
        target = site / "fil-inte-mapp"
        target.write_text("", encoding="utf-8")
    else:
        target = site / "skrivskyddad"
        target.mkdir()
        target.chmod(0o500)
    result = build_command("--data", str(site / "raw"), "--out", str(target), "--cache",
                           str(site / "cache"), cwd=site)
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.startswith("Fel:") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    expected = "Sökvägen är en fil, inte en mapp" if os.geteuid() == 0 else "Behörighet saknas"
    assert f"Fel: {expected} ({target}" in result.stderr  # Swedish, and where


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux: from /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    return {p for p in pids if Path(f"/proc/{p}").exists()
            and "Z" not in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[:1]}


def _started_build(site: Path):
    """A forced build, once its workers and their kernels are running."""
    import subprocess
    import time

    from conftest import STYRANALYS

    proc = subprocess.Popen([str(STYRANALYS), "build", "--data", str(site / "raw"), "--out",
                             str(site / "webb"), "--cache", str(site / "cache"), "--jobs", "2",
                             "--force"], cwd=site, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        below = _descendants(proc.pid)
        kernels = [p for p in below if b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes()]
        if kernels and list((site / "webb").glob(".bygge-*")):
            return proc, below
        time.sleep(0.2)
    proc.kill()
    raise AssertionError("bygget startade aldrig sina kernels")


def _gone(pids: set[int], seconds: float = 20) -> set[int]:
    import time

    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _alive(pids)


def _kernel_folders() -> set[Path]:
    import tempfile

    return set(Path(tempfile.gettempdir()).glob("styranalys-kernel-*"))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="kräver Linux /proc")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_signal_ends_the_workers_and_removes_staging_and_keeps_what_is_published(
        site: Path, signal_name: str):
    import signal

    before, folders = _times(site), _kernel_folders()
    proc, below = _started_build(site)
    proc.send_signal(getattr(signal, signal_name))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Avbrutet" in err and "Traceback" not in err
    assert _gone(below) == set()
    assert not list((site / "webb").glob(".bygge-*"))
    assert _kernel_folders() <= folders  # the kernels' temporary folders went with them
    assert _times(site) == before  # the published reports are untouched


def test_a_kernel_that_cannot_start_is_code_3_in_one_swedish_sentence(site: Path):
    import os

    shadow = site / "trasig-kernel"
    shadow.mkdir()
    (shadow / "ipykernel_launcher.py").write_text(
        'raise SystemExit("ingen kärna här")\n', encoding="utf-8")
    before = _times(site)
    env = {**os.environ, "PYTHONPATH": str(shadow)}
    result = build_command("--data", str(site / "raw"), "--out", str(site / "webb"),
                           "--cache", str(site / "cache"), "--jobs", "2", "--force", cwd=site,
                           env=env)
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.startswith("Fel: Jupyter-kärnan startade inte (ingen kärna här;")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _times(site) == before and not list((site / "webb").glob(".bygge-*"))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="kräver /dev/full")
def test_a_full_disk_is_code_3_and_debug_adds_the_traceback(site: Path):
    before = _times(site)
    full = _build(site, "--force", "--log-json", "/dev/full")  # every write: no space left
    assert full.returncode == 3, full.stdout + full.stderr
    assert full.stderr.strip() == "Fel: Disken är full (/dev/full)."
    assert _times(site) == before and not list((site / "webb").glob(".bygge-*"))
    debug = _build(site, "--force", "--log-json", "/dev/full", "--debug")
    assert debug.returncode == 3 and "Traceback" in debug.stderr
    assert debug.stderr.strip().endswith("Fel: Disken är full (/dev/full).")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="kräver Linux /proc")
def test_kill_9_of_the_build_ends_its_workers_and_the_next_build_cleans_up(site: Path):
    before = _times(site)
    proc, below = _started_build(site)
    proc.kill()
    proc.communicate(timeout=60)
    assert _gone(below) == set()  # no worker or kernel left with PID 1 as its parent
    assert _times(site) == before
    assert list((site / "webb").glob(".bygge-*"))  # left behind by the killed build
    after = _build(site)
    assert after.returncode == 0 and not list((site / "webb").glob(".bygge-*"))


def test_an_interim_build_is_published_beside_the_year_end_never_over_it(site: Path):
    """The example data have interim (delår) goals for Tillväxtnämnden 2022."""
    year_end = _build(site, "--year", "2022")
    assert year_end.returncode == 0, year_end.stdout + year_end.stderr
    folder = site / "webb" / "2022"
    before = {p.name: p.read_bytes() for p in folder.glob("*.html")}
    interim = _build(site, "--year", "2022", "--period", "delår")
    assert interim.returncode == 0, interim.stdout + interim.stderr
    assert {p.name: p.read_bytes() for p in folder.glob("*.html")
            if "delar" not in p.name} == before  # the year-end reports are untouched
    page = (folder / "namndrapport-tillvaxtnamnden-delar.html").read_text(encoding="utf-8")
    assert "delår 2022" in page
    assert (folder / "kommunoversikt-delar.html").exists()
    assert (folder / "index-delar.html").exists()
    assert (folder / "presentation-2022-delar.pptx").exists()
    assert list((folder / "figurer").glob("tillvaxtnamnden-delar-*.png"))


def test_every_year_and_period_is_listed_newest_first_and_linked_to_the_year_before(
        site: Path):
    for args in (["--year", "2023"], ["--year", "2022", "--period", "delår"]):
        done = _build(site, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    years = (site / "webb" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<a href="(\d{4}/index[^"]*)">([^<]+)</a>', years)
    assert listed == [("2024/index.html", "Bokslut 2024"), ("2023/index.html", "Bokslut 2023"),
                      ("2022/index-delar.html", "Delår 2022")]
    # the index of 2024 was written before 2023 was built: a rebuild links the year before
    again = _build(site)
    assert again.returncode == 0 and "0 av 6 rapporter byggdes" in again.stdout
    this_year = (site / "webb" / "2024" / "index.html").read_text(encoding="utf-8")
    assert ('<a href="../2023/namndrapport-socialnamnden.html">samma rapport 2023</a>'
            in this_year)
    assert '<a href="../index.html">Alla år och perioder</a>' in this_year
