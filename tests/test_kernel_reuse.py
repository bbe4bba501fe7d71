"""A build worker keeps one kernel for its reports: each report must still start from a
clean kernel, as if it had one of its own. Real kernels, run through papermill."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from styranalys import notebook_runner


def _notebook(folder: Path, name: str, *cells: str) -> Path:
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell('x = "standard"', metadata={"tags": ["parameters"]}),
                  *(nbformat.v4.new_code_cell(c) for c in cells)]
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(book, path)
    return path


def _run(path: Path, out: Path, **parameters: object) -> dict[str, object]:
    return notebook_runner.run_job({
        "name": path.stem, "notebook": str(path), "parameters": parameters,
        "output": str(out / f"{path.stem}.ipynb"), "html": str(out / f"{path.stem}.html"),
        "title": path.stem, "timeout": 120})


def _printed(out: Path, name: str) -> str:
    book = nbformat.read(out / f"{name}.ipynb", as_version=4)
    return "".join(o.get("text", "") for c in book.cells if c.cell_type == "code"
                   for o in c.outputs if o.get("output_type") == "stream")


@pytest.fixture
def worker():
    """This test process as a build worker: its kernel is stopped afterwards."""
    yield notebook_runner._worker_kernel()
    notebook_runner._worker_kernel().stop()


def test_a_reused_kernel_shows_a_report_nothing_of_the_one_before(tmp_path: Path, worker):
    books = tmp_path / "notebooks"
    books.mkdir()
    first = _notebook(books, "forsta",
                      "import os\nimport matplotlib\nmatplotlib.use('agg')\n"
                      "import matplotlib.pyplot as plt\nhemlig = x\nplt.figure()\n"
                      "os.chdir('/')\nprint('pid', os.getpid())")
    second = _notebook(books, "andra",
                       "import os\nimport sys\n"
                       "print('pid', os.getpid())\n"
                       "print('kvar:', [n for n in ('hemlig', 'plt', 'matplotlib')"
                       " if n in globals()])\n"
                       "print('figurer:', sys.modules['matplotlib.pyplot'].get_fignums())\n"
                       "print('mapp:', os.getcwd())\nprint('x:', x)")
    out = tmp_path / "ut"
    assert _run(first, out, x="första")["ok"]
    assert _run(second, out)["ok"]
    before, after = _printed(out, "forsta"), _printed(out, "andra")
    assert before.split()[1] == after.split()[1]  # the same kernel process: it was reused
    assert "kvar: []" in after  # no name left from the first report
    assert "figurer: []" in after  # no figure left open
    assert f"mapp: {books}" in after  # the notebook's folder again, not "/"
    assert "x: standard" in after  # its own default, not the first report's parameter
    book = nbformat.read(out / "andra.ipynb", as_version=4)
    counts = [c.execution_count for c in book.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # numbered as in a kernel of its own


def test_after_a_failed_report_the_next_one_gets_a_new_kernel(tmp_path: Path, worker):
    books = tmp_path / "notebooks"
    books.mkdir()
    broken = _notebook(books, "trasig", "import os\nprint('pid', os.getpid())\n"
                                        "raise ValueError('trasig')")
    fine = _notebook(books, "hel", "import os\nprint('pid', os.getpid())")
    out = tmp_path / "ut"
    failed = _run(broken, out)
    assert not failed["ok"] and "trasig" in str(failed["error"])
    assert _run(fine, out)["ok"]
    assert _printed(out, "trasig").split()[1] != _printed(out, "hel").split()[1]
