"""A plain install, as the README's Windows steps do it: a fresh venv, ``pip install`` of the
package without extras, then import, validate and one report, away from the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

from conftest import RAW, ROOT, USER_CACHE_HOME


def test_a_plain_install_imports_validates_and_builds_a_report(tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("XDG_CACHE_HOME", None)  # pip's own cache of wheels, as the user has it
    if USER_CACHE_HOME:
        env["XDG_CACHE_HOME"] = USER_CACHE_HOME
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)],
                             capture_output=True, text=True, env=env, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]

    work = tmp_path / "arbete"  # not the repository: nothing may come from a checkout
    work.mkdir()
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", env=env,
                              cwd=work, timeout=600)

    imported = run(str(python), "-c", "import sys, styranalys as sa; sa.read_goals; "
                   "print(sa.__file__); "
                   "print(sorted(m for m in ('scipy', 'matplotlib', 'pptx') if m in sys.modules))")
    assert imported.returncode == 0, imported.stderr
    where, heavy = imported.stdout.splitlines()
    assert Path(where).is_relative_to(env_dir) and heavy == "[]"
    assert run(str(python), "-c", "import scipy").returncode != 0  # not installed

    cli = str(bin_dir / "styranalys")
    assert run(cli, "--version").stdout.strip() == f"styranalys {_version()}"
    validated = run(cli, "validate", str(RAW))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "Inga problem hittades." in validated.stdout
    built = run(cli, "build", "--data", str(RAW), "--out", "webb", "--namnd", "Socialnämnden",
                "--jobs", "1")
    assert built.returncode == 0, built.stdout + built.stderr
    year = work / "webb" / "2024"
    assert (year / "namndrapport-socialnamnden.html").stat().st_size > 10_000
    assert (year / "figurer" / "socialnamnden-maluppfyllelse.png").exists()
    assert not (work / "notebooks").exists()


def _version() -> str:
    out = subprocess.run([sys.executable, "-c", "import styranalys; print(styranalys.__version__)"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()
