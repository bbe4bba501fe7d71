"""The house rules of the code itself: small modules, simple functions, a light import, one
public surface that the README documents, one test file per layout."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
import types

from conftest import ROOT

import styranalys as sa

PACKAGE = ROOT / "styranalys"


def test_ruff_passes_with_its_complexity_limit():
    """ruff, with C901 at 10 (pyproject.toml), over the whole repository."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"C90"' in config and "max-complexity = 10" in config


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_import_styranalys_loads_no_heavy_library():
    code = ("import sys, styranalys; print(sorted(m for m in ('pandas', 'matplotlib', 'pptx', "
            "'scipy', 'papermill') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_every_public_name_resolves_to_what_it_names_even_after_every_import():
    """A submodule that shares a public name would replace it once imported."""
    for module in pkgutil.walk_packages([str(PACKAGE)], "styranalys."):
        if not module.name.endswith(".xls"):
            importlib.import_module(module.name)
    for name in sa.__all__:
        assert not isinstance(getattr(sa, name), types.ModuleType), name


def test_the_readme_documents_exactly_the_public_names():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python-API", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Za-z_]+)(?:\(|`)", section))
    assert documented == set(sa.__all__) - {"__version__"}


def test_every_layout_has_its_test_file():
    from styranalys.read.layouts import layouts

    for cls in layouts():
        module = cls.__module__.rsplit(".", 1)[1]
        assert (ROOT / "tests" / f"test_layout_{module}.py").exists(), module


def test_nothing_in_the_repository_points_outside_it():
    text_files = [p for p in ROOT.rglob("*") if p.is_file() and p.suffix in (
        ".py", ".md", ".ipynb", ".toml", ".yml", ".cfg") and ".venv" not in p.parts
        and ".git" not in p.parts]
    outside = [str(p.relative_to(ROOT)) for p in text_files
               if re.search(r"DESIGN\.md|\.\./shared\b|parent / \"shared\"",
                            p.read_text(encoding="utf-8", errors="replace"))
               and p.name != "test_code.py"]
    assert outside == []


def test_every_third_party_import_is_a_declared_dependency():
    """What the package imports is what pyproject.toml installs (an extra for dask)."""
    import ast
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=\[ ;]", d)[0].lower().replace("_", "-")
                for d in [*project["dependencies"], *project["optional-dependencies"]["dask"]]}
    where = packages_distributions()
    imported = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported - set(sys.stdlib_module_names) - {"styranalys"}}
    undeclared = {name for name in third_party
                  if not {d.lower().replace("_", "-") for d in where.get(name, [name])}
                  & declared}
    assert undeclared == set()


def test_every_package_ships_in_the_wheel():
    """A package folder that pyproject's explicit list leaves out works in the editable
    install and is missing from a real one (report/ was, once)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "styranalys").rglob("__init__.py")}
    assert folders - listed == set()
