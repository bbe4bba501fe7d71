"""Run one report notebook with papermill and export it to HTML, in a process of its own.

Papermill's known traps, handled here:

- **The kernel.** A private kernelspec (``styranalys-bygge``) in a private ``JUPYTER_PATH``
  points at ``sys.executable``, so the kernel is the environment the build runs in, whatever
  kernels the user has registered elsewhere.
- **Parallel runs.** The kernel talks over IPC sockets (files in a private runtime dir), not
  TCP ports, so parallel runs cannot collide on ports or connection files (papermill#511).
- **Parameters.** They are passed as Python values through the API (never through the CLI's
  YAML parsing), so the nämnd "2030" or a code "0123" stays a string.
- **cron.** Nothing depends on ``PATH``, ``LANG`` or ``HOME``: the interpreter is
  ``sys.executable`` and the Jupyter/IPython dirs are private temporary folders.

Run as ``python -m styranalys.notebook_runner JOB.json``; prints one JSON line with the
result.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from ._version import __version__

__all__ = ["KERNEL_NAME", "run_job", "watch_parent"]

KERNEL_NAME = "styranalys-bygge"


_RUN_VARS = ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR",
             "IPYTHONDIR", "JUPYTER_PLATFORM_DIRS", "PYTHONIOENCODING", "HOME")


def _kernel_environment(base: Path) -> None:
    """Private Jupyter dirs and a kernelspec for this interpreter (for one run: a worker
    process takes one report at a time)."""
    spec_dir = base / "jupyter" / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        # The kernel's own log ("[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel"
        # as it is shut down) is noise in a scheduler's log; a failing cell is reported
        # through the notebook, not here.
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.log_level=CRITICAL"],
        "display_name": "styranalys (bygge)", "language": "python",
        "env": {"PYTHONIOENCODING": "utf-8", "MPLBACKEND": "agg"},
    }), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = str(base / "jupyter")
    os.environ["JUPYTER_RUNTIME_DIR"] = str(base / "runtime")
    os.environ["JUPYTER_DATA_DIR"] = str(base / "data")
    os.environ["JUPYTER_CONFIG_DIR"] = str(base / "config")
    os.environ["IPYTHONDIR"] = str(base / "ipython")
    os.environ.setdefault("HOME", str(base))
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    os.environ["PYTHONIOENCODING"] = "utf-8"
    (base / "runtime").mkdir(exist_ok=True)


def _ipc_kernel_manager():
    from jupyter_client.manager import KernelManager

    class IPCKernelManager(KernelManager):
        """A kernel manager on IPC transport: no TCP ports to collide on."""

        def __init__(self, *args, **kwargs) -> None:
            kernel_id = str(uuid.uuid4())
            runtime = os.environ["JUPYTER_RUNTIME_DIR"]
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("kernel_id", kernel_id)
            kwargs.setdefault("connection_file", os.path.join(runtime,
                                                              f"kernel-{kernel_id}.json"))
            super().__init__(*args, **kwargs)

    return IPCKernelManager


def _failure(nb_path: Path) -> dict[str, object]:
    """The failing cell and error of an executed notebook, as papermill saved it."""
    import nbformat

    book = nbformat.read(nb_path, as_version=4)
    code_index = 0
    for cell in book.cells:
        if cell.cell_type != "code":
            continue
        code_index += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return {"cell": code_index, "cell_source": first_line[:120],
                        "error": f"{out.get('ename')}: {out.get('evalue')}"[:500]}
    return {"cell": None, "cell_source": "", "error": "okänt fel"}


def _stamp(nb_path: Path, key: str = "") -> None:
    """Record in the executed notebook which interpreter and kernel built it, and the key
    of everything it was built from (see :mod:`styranalys.build_keys`)."""
    import nbformat

    book = nbformat.read(nb_path, as_version=4)
    book.metadata["styranalys"] = {"python": sys.executable, "kernel": KERNEL_NAME,
                                   "version": __version__, "key": key}
    nbformat.write(book, nb_path)


def _kernel_startup(nb_path: Path) -> float | None:
    """Seconds from papermill's start to its first cell: mostly the kernel's start-up."""
    import datetime as dt

    import nbformat

    try:
        book = nbformat.read(nb_path, as_version=4)
        start = book.metadata["papermill"]["start_time"]
        first = next(c.metadata["papermill"]["start_time"] for c in book.cells
                     if c.cell_type == "code" and c.metadata.get("papermill", {}).get(
                         "start_time"))
        return (dt.datetime.fromisoformat(first) - dt.datetime.fromisoformat(start)
                ).total_seconds()
    except (OSError, KeyError, StopIteration, ValueError, TypeError):
        return None


def watch_parent(parent: int) -> None:
    """Run in each worker process: end it when the build that started it is gone (killed
    with ``kill -9``, say), instead of running on with PID 1 as its parent. Its kernel, a
    child of its own, ends with it (ipykernel watches its parent too)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="styranalys-förälder").start()


def run_job(job: dict[str, object]) -> dict[str, object]:
    """Execute ``job["notebook"]`` with ``job["parameters"]`` into ``job["output"]``."""
    import papermill as pm

    started = time.perf_counter()
    output = Path(str(job["output"]))
    output.parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, object] = {"name": job["name"], "output": str(output), "ok": False}
    saved = {k: os.environ.get(k) for k in _RUN_VARS}
    with tempfile.TemporaryDirectory(prefix="styranalys-kernel-") as tmp:
        _kernel_environment(Path(tmp))
        try:
            pm.execute_notebook(
                str(job["notebook"]), str(output), parameters=dict(job["parameters"]),
                kernel_name=KERNEL_NAME, cwd=str(Path(str(job["notebook"])).parent),
                execution_timeout=int(job.get("timeout", 600)), progress_bar=False,
                log_output=False, kernel_manager_class=_ipc_kernel_manager(),
            )
            result["ok"] = True
        except pm.PapermillExecutionError:
            result.update(_failure(output))
        except Exception as exc:  # kernel did not start, timeout, ...
            result.update({"cell": None, "cell_source": "",
                           "error": f"{type(exc).__name__}: {exc}"[:500]})
        finally:  # the worker's next report starts from the same environment
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    if output.exists():
        _stamp(output, str(job.get("key", "")))
    result["kernel_start_s"] = _kernel_startup(output)
    if result["ok"]:
        from .report_html import export_html

        export_html(output, Path(str(job["html"])), str(job["title"]))
    result["seconds"] = time.perf_counter() - started
    return result

