"""Notebooks run from anywhere, and their parameters cannot be mistyped: real papermill
runs, from the repository's root, from notebooks/ and through ``styranalys run``."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, run_cli

from styranalys.parameters import (
    ParameterError,
    check_parameters,
    convert_parameters,
    notebook_parameters,
)

NOTEBOOKS = ROOT / "notebooks"
REPORT = NOTEBOOKS / "namndrapport.ipynb"
PAPERMILL = Path(sys.executable).with_name("papermill")


def _papermill(out: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PAPERMILL), str(REPORT), str(out), "--no-progress-bar",
                           "-p", "ar", "2023", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=600)


def _summary(path: Path) -> str:
    """The report's summary as published: the output of its second code cell after the
    parameters."""
    book = nbformat.read(path, as_version=4)
    texts = [o.get("data", {}).get("text/html", "") for c in book.cells
             if c.cell_type == "code" for o in c.get("outputs", [])]
    return next(t for t in texts if "Sammantaget" in t)


def test_a_notebook_gives_the_same_report_wherever_it_is_run_from(tmp_path: Path):
    args = ("-p", "namnd", "Tillväxtnämnden")
    root = _papermill(tmp_path / "rot.ipynb", *args, cwd=ROOT)
    assert root.returncode == 0, root.stderr[-2000:]
    inside = _papermill(tmp_path / "inne.ipynb", *args, "--cwd", str(NOTEBOOKS), cwd=ROOT)
    assert inside.returncode == 0, inside.stderr[-2000:]
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir()
    run = run_cli("run", str(REPORT), "-p", "ar", "2023", *args, "-o", "ut.ipynb",
                  cwd=elsewhere)
    assert run.returncode == 0, run.stdout + run.stderr
    summaries = {_summary(p) for p in (tmp_path / "rot.ipynb", tmp_path / "inne.ipynb",
                                       elsewhere / "ut.ipynb")}
    assert len(summaries) == 1  # the same data found, the same report


def test_plain_papermill_with_a_mistyped_name_or_a_text_year_stops_clearly(tmp_path: Path):
    mistyped = _papermill(tmp_path / "a.ipynb", "-p", "namd", "Socialnämnden", cwd=ROOT)
    assert mistyped.returncode != 0
    assert "Okänd parameter namd: menade du namnd?" in mistyped.stderr
    text_year = subprocess.run([str(PAPERMILL), str(REPORT), str(tmp_path / "b.ipynb"),
                                "--no-progress-bar", "-r", "ar", "2023"], cwd=ROOT,
                               capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert text_year.returncode != 0
    assert ("Parametern ar ska vara ett heltal (till exempel 2024), men är texten '2023'. "
            "Med papermill: -p ar 2023 (inte -r).") in text_year.stderr
    assert "Tillgängliga år" not in text_year.stderr  # not the contradicting message


def test_styranalys_run_refuses_an_unknown_name_and_converts_values(tmp_path: Path):
    unknown = run_cli("run", str(REPORT), "-p", "namd", "Socialnämnden", cwd=tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("Fel: namd: menade du namnd?")
    assert not list(tmp_path.glob("*.ipynb"))  # refused before any kernel started
    bad = run_cli("run", str(REPORT), "-p", "ar", "tjugo", cwd=tmp_path)
    assert bad.returncode == 2 and "ar: 'tjugo' är inte ett heltal" in bad.stderr
    done = run_cli("run", str(REPORT), "-p", "ar", "2023", "-p", "jamforelse", "1884, 1981",
                   "-o", "ut.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    used = nbformat.read(tmp_path / "ut.ipynb", as_version=4).metadata["papermill"][
        "parameters"]
    assert used["ar"] == 2023 and used["jamforelse"] == ["1884", "1981"]


def test_each_notebook_checks_every_parameter_it_has_with_its_defaults_type():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        defaults = notebook_parameters(path)
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                           if c.cell_type == "code")
        call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)
                    and getattr(n.func, "attr", "") == "check_parameters")
        checked = {k.arg: ast.unparse(k.value) for k in call.keywords}
        assert set(checked) == set(defaults), path.name
        for name, value in defaults.items():
            assert type(value).__name__ in checked[name], (path.name, name)


def test_check_parameters_reads_what_papermill_injected():
    history = ["", "ar = 2024\nnamnd = 'X'", '# Parameters\nnamd = "Socialnämnden"\n']
    with pytest.raises(ParameterError, match="namd: menade du namnd"):
        check_parameters({"In": history, "ar": 2024, "namnd": "X"}, ar=int, namnd=str)
    with pytest.raises(ParameterError, match="ar ska vara ett heltal"):
        check_parameters({"ar": True}, ar=int)  # a bool is no year
    check_parameters({"In": history[:2], "ar": 2024, "namnd": "X"}, ar=int, namnd=str)
    with pytest.raises(ParameterError, match="parametrar: ar, namnd"):
        convert_parameters(REPORT, [("ingenting", "1")])
    assert json.dumps(convert_parameters(REPORT, [("jamforelse", "['1884']")])) == \
        '{"jamforelse": ["1884"]}'
    with pytest.raises(ParameterError, match=r"jamforelse: .* är inte en lista"):
        convert_parameters(REPORT, [("jamforelse", "['1884'")])


def test_make_lab_gives_the_notebooks_this_environments_kernel(tmp_path: Path):
    """``make lab`` sets JUPYTER_PREFER_ENV_PATH: the notebooks' "python3" kernel is then
    this .venv's, even where the user registered another python3 (which wins without it)."""
    import os
    import re

    recipe = re.search(r"^lab:.*\n\t(.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"),
                       flags=re.MULTILINE).group(1)
    assert recipe.startswith("JUPYTER_PREFER_ENV_PATH=1 ") and "--notebook-dir=notebooks" in recipe
    user = tmp_path / "hem" / ".local" / "share" / "jupyter" / "kernels" / "python3"
    user.mkdir(parents=True)
    (user / "kernel.json").write_text(json.dumps(
        {"argv": ["/usr/bin/false", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
         "display_name": "en annan Python", "language": "python"}), encoding="utf-8")
    code = ("from jupyter_client.manager import KernelManager\n"
            "km = KernelManager(kernel_name='python3')\n"
            "print(km.format_kernel_cmd()[0])")
    chosen = {}
    for prefer in ("0", "1"):
        env = {**os.environ, "HOME": str(tmp_path / "hem"), "JUPYTER_PREFER_ENV_PATH": prefer}
        for name in ("JUPYTER_PATH", "JUPYTER_DATA_DIR", "XDG_DATA_HOME"):
            env.pop(name, None)
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        chosen[prefer] = done.stdout.strip()
    assert chosen["0"] == "/usr/bin/false"  # the trap make lab avoids
    assert chosen["1"] == sys.executable
