"""Run report notebooks with papermill and export them to HTML, in a worker process.

Each worker keeps **one kernel for all its reports**: starting a kernel, importing pandas,
matplotlib and styranalys in it, and shutting it down took about half of a small report's
time. Between reports the kernel's namespace is cleared, its figures closed, its working
folder and execution count reset, so a notebook sees nothing of the one before it (a test
holds this); after a failed report the kernel is replaced. The notebooks stay plain
papermill notebooks: papermill runs them, on a kernel it is handed.

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
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from ._version import __version__
from .environment import KernelUnavailable, environment_errno

__all__ = ["KERNEL_NAME", "run_job", "start_worker", "watch_parent"]

KERNEL_NAME = "styranalys-bygge"


#: Run in the kernel before each report: a clean namespace, no figures left open, the
#: notebook's folder as the working folder, and cells numbered from 1 again.
_RESET = """\
get_ipython().run_line_magic("reset", "-f")
__import__("os").chdir({cwd!r})
_pyplot = __import__("sys").modules.get("matplotlib.pyplot")
if _pyplot is not None:
    _pyplot.close("all")
del _pyplot
get_ipython().execution_count = 1
"""


def _manager_class():
    from jupyter_client.manager import KernelManager

    class _Manager(KernelManager):
        """A kernel manager that keeps the clients it made, to close them."""

        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            self.clients: list = []

        def client(self, **kwargs):
            made = super().client(**kwargs)
            self.clients.append(made)
            return made

    return _Manager


#: What every report imports, imported while the worker starts (see _WorkerKernel.warm).
_WARM = "import styranalys.report, styranalys.charts, styranalys.figures, pyarrow.parquet"


class _WorkerKernel:
    """The kernel of one worker process, started at its first report and kept for the next
    ones; its kernelspec, connection files and IPython dirs are in a private temp folder."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="styranalys-kernel-"))
        spec_dir = self.base / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            # The kernel's own log ("[IPKernelApp] ERROR | KeyboardInterrupt caught in
            # kernel" as it is shut down) is noise in a scheduler's log; a failing cell is
            # reported through the notebook, not here.
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                     "--IPKernelApp.log_level=CRITICAL",
                     # A reused kernel numbers its cells from 1 for each report, which
                     # the history database would warn about, into the report.
                     "--HistoryManager.enabled=False"],
            "display_name": "styranalys (bygge)", "language": "python",
            "env": {"PYTHONIOENCODING": "utf-8", "MPLBACKEND": "agg"},
        }), encoding="utf-8")
        for name in ("runtime", "data", "config", "ipython"):
            (self.base / name).mkdir()
        self.km = None

    def _environment(self) -> dict[str, str]:
        base = self.base
        return {**os.environ, "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
                "JUPYTER_DATA_DIR": str(base / "data"), "JUPYTER_CONFIG_DIR": str(base / "config"),
                "IPYTHONDIR": str(base / "ipython"), "JUPYTER_PLATFORM_DIRS": "1",
                "PYTHONIOENCODING": "utf-8", "HOME": os.environ.get("HOME", str(base))}

    def _start(self, cwd: str) -> None:
        """Start the kernel process (if there is none, or it died)."""
        if self.km is not None and self.km.is_alive():
            return
        self.stop()
        from jupyter_client.kernelspec import KernelSpecManager

        kernel_id = str(uuid.uuid4())
        self.km = _manager_class()(
            kernel_name=KERNEL_NAME, transport="ipc",  # no TCP ports to collide on
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(self.base / "kernels")]),
            connection_file=str(self.base / "runtime" / f"kernel-{kernel_id}.json"))
        log = self.base / "kernel.log"  # its own output is not the build's log
        try:
            with log.open("ab") as stream:
                self.km.start_kernel(cwd=cwd, env=self._environment(), stdout=stream,
                                     stderr=stream)
        except Exception as exc:
            raise KernelUnavailable(f"Jupyter-kärnan startade inte ({type(exc).__name__}: "
                                    f"{exc}).") from exc

    def _answering(self):
        """A client of the kernel, once the kernel answers."""
        client = self.km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
        except RuntimeError as exc:  # it died, or never answered
            client.stop_channels()
            raise KernelUnavailable(f"Jupyter-kärnan startade inte ({self._last_words()}; "
                                    f"{sys.executable} -m ipykernel_launcher).") from exc
        return client

    def warm(self, cwd: str) -> None:
        """Start the kernel and have it import what every report imports, without waiting
        for it: the worker meanwhile imports papermill and nbconvert. A kernel that does
        not start is reported by the first report (:meth:`ready`), not here."""
        try:
            self._start(cwd)
            self._answering().execute(_WARM, silent=True, store_history=False)
        except KernelUnavailable:
            self.stop()

    def ready(self, cwd: str):
        """The kernel, started if there is none (or it died), reset for a new report."""
        self._start(cwd)
        client = self._answering()
        try:
            reply = client.execute_interactive(_RESET.format(cwd=cwd), silent=True,
                                               store_history=False, timeout=600)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"kärnan kunde inte nollställas: {reply['content']}")
        finally:
            client.stop_channels()
        return self.km

    def _last_words(self) -> str:
        """The last line the kernel wrote before it died, if any."""
        try:
            lines = (self.base / "kernel.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            lines = []
        return lines[-1][:200] if lines else "den avslutades direkt"

    def release(self) -> None:
        """Close the clients a report opened (papermill leaves open those of a kernel it
        did not start)."""
        if self.km is not None:
            while self.km.clients:
                self.km.clients.pop().stop_channels()

    def stop(self) -> None:
        self.release()
        if self.km is not None:
            with contextlib.suppress(Exception):  # already gone: nothing to stop
                self.km.shutdown_kernel(now=True)
            self.km = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


_kernel: _WorkerKernel | None = None


def _worker_kernel() -> _WorkerKernel:
    global _kernel
    if _kernel is None:
        _kernel = _WorkerKernel()
        atexit.register(_kernel.close)
    return _kernel


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


def _stamp(nb_path: Path, key: str = ""):
    """Record in the executed notebook which interpreter and kernel built it, and the key
    of everything it was built from (see :mod:`styranalys.build_keys`); the notebook as
    written, for the HTML export."""
    import nbformat

    book = nbformat.read(nb_path, as_version=4)
    book.metadata["styranalys"] = {"python": sys.executable, "kernel": KERNEL_NAME,
                                   "version": __version__, "key": key}
    nbformat.write(book, nb_path)
    return book


def _end_worker(*_args) -> None:
    """End this worker now, and its kernel and the kernel's temporary folder with it."""
    if _kernel is not None:
        _kernel.close()
    os._exit(1)


def _on_sigterm() -> None:
    """The build ends its workers with SIGTERM (nbclient takes the signal over while it
    runs a notebook and resets it afterwards, so this is set again after each report)."""
    import signal
    import threading

    if _watching and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _end_worker)


_watching = False


def start_worker(parent: int, notebooks: str) -> None:
    """The build's worker initializer: watch the build (:func:`watch_parent`), start the
    kernel and warm it while this process imports papermill and nbconvert, so that the
    first report does not wait for either.

    Ctrl-C is the build's to handle (it ends its workers with SIGTERM): a worker that took
    it too could be stopped while its kernel's channels start, and their threads then print
    a traceback ("Too many open files" from zmq) into the scheduler's log."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent)
    _worker_kernel().warm(notebooks)
    import papermill  # noqa: F401

    from .report_html import exporter

    exporter()


def watch_parent(parent: int) -> None:
    """Run in each worker process: end it, and its kernel, when the build that started it
    is gone (killed with ``kill -9``, say) instead of running on with PID 1 as its parent,
    and when the build ends it with SIGTERM."""
    import threading

    global _watching

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        _end_worker()

    threading.Thread(target=watch, daemon=True, name="styranalys-förälder").start()
    _watching = True
    _on_sigterm()


def run_job(job: dict[str, object]) -> dict[str, object]:
    """Execute ``job["notebook"]`` with ``job["parameters"]`` into ``job["output"]``, on the
    worker's kernel, and export it to ``job["html"]`` if given."""
    import papermill as pm

    started = time.perf_counter()
    output = Path(str(job["output"]))
    output.parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, object] = {"name": job["name"], "output": str(output), "ok": False}
    kernel = _worker_kernel()
    try:
        pm.execute_notebook(
            str(job["notebook"]), str(output), parameters=dict(job["parameters"]),
            kernel_name=KERNEL_NAME, km=kernel.ready(str(Path(str(job["notebook"])).parent)),
            execution_timeout=int(job.get("timeout", 600)), progress_bar=False,
            log_output=False)
        result["ok"] = True
    except pm.PapermillExecutionError:
        result.update(_failure(output))
    except KernelUnavailable as exc:  # the environment's, not the report's: the build stops
        result.update({"environment": str(exc), "error": str(exc)})
    except OSError as exc:
        words = environment_errno(exc)
        result.update({"error": f"{type(exc).__name__}: {exc}"[:500]})
        if words:
            result["environment"] = f"{words} ({exc.filename or output.parent})."
    except Exception as exc:  # a timeout, ...
        result.update({"cell": None, "cell_source": "",
                       "error": f"{type(exc).__name__}: {exc}"[:500]})
    kernel.release()
    _on_sigterm()
    if not result["ok"]:  # whatever the failure left in the kernel, the next report has none
        kernel.stop()
    book = _stamp(output, str(job.get("key", ""))) if output.exists() else None
    if result["ok"] and book is not None and job.get("html"):
        from .report_html import export_html

        export_html(book, Path(str(job["html"])), str(job["title"]))  # read once
    result["seconds"] = time.perf_counter() - started
    return result
