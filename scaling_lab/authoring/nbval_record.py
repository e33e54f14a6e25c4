"""One execution of each page for both nbval and the book: record what nbval runs, for the build to reuse.

``make test`` executes every chapter and lab under nbval, and then builds the book, which would
execute them all again.  This pytest plugin (``-p scaling_lab.authoring.nbval_record
--nbval-record DIR``) keeps what nbval's kernel produced instead: each cell's outputs and execution
count, and the state of the widgets the page made (collected from the kernel's comm messages by
:class:`nbclient.NotebookClient`, exactly as the build would collect it).  A notebook whose every
cell ran and passed is written to ``DIR/<path>.ipynb``; :func:`stage_into_cache` then puts the
recorded notebooks into the book's execution cache (jupyter-cache), where the build finds them
("Using cached notebook") instead of running them again.

The notebooks nbval runs are read with myst-nb's own reader (:mod:`scaling_lab.authoring.nbtest`), so
their cells, metadata and hash are the ones the build computes; a notebook the cache cannot match is
simply executed by the build, never shown with stale outputs.

``--nbval-first`` starts the slowest pages first, so that the two workers of ``make test`` end together
instead of one waiting while the other runs a long page begun late.

Loading the plugin also gives nbval's kernels Unix sockets instead of TCP ports
(:mod:`scaling_lab.authoring.kernels`): two workers starting kernels side by side can otherwise lose a
port between its choice and the kernel's bind, and the kernel dies before it answers.  A notebook whose
kernel dies at start has the end of that kernel's standard error added to its report.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

__all__: list[str] = []  # an authoring module: nothing here is re-exported under sl.

def pytest_addoption(parser):
    parser.addoption("--nbval-record", default=None, metavar="DIR",
                     help="write every notebook that nbval executed without a failure, with its outputs "
                          "and widget state, to DIR (for the book build's execution cache)")
    parser.addoption("--nbval-first", default="", metavar="PATHS",
                     help="comma-separated notebooks, as collected (book/schedules.ipynb), to run first and in "
                          "that order: the slowest pages, so that two workers end together (with pytest-xdist's "
                          "--dist loadfile, also pass --no-loadscope-reorder)")


def pytest_collection_modifyitems(config, items):
    first = [path.strip() for path in config.getoption("--nbval-first", default="").split(",") if path.strip()]
    if first:
        items[:] = run_first(items, first)


def run_first(items: list, first: list[str]) -> list:
    """``items`` with the cells of the notebooks in ``first`` before all others, those notebooks in the order
    given and every notebook's cells in their own order; a name in ``first`` that matches no notebook is an
    error, so a renamed page cannot drop out of the list unnoticed."""
    def place(item) -> int:
        # Node ids are relative to pytest's root folder (the repository's, above the notebooks): match the end.
        path = item.nodeid.split("::", 1)[0]
        return next((i for i, name in enumerate(first) if path == name or path.endswith("/" + name)), len(first))

    places = [place(item) for item in items]
    missing = [name for i, name in enumerate(first) if i not in places]
    if missing:
        raise pytest.UsageError(f"--nbval-first names notebooks that were not collected: {', '.join(missing)}")
    order = sorted(range(len(items)), key=places.__getitem__)  # stable: the rest keep their order
    return [items[i] for i in order]


def pytest_configure(config):
    import nbval.kernel

    from scaling_lab.authoring.kernels import ipc_kernel_manager

    # nbval makes its kernels with the KernelManager named in its own module (nbval.kernel.start_new_kernel).
    nbval.kernel.KernelManager = ipc_kernel_manager()


class _Recording:
    """What one notebook's kernel produced so far."""

    def __init__(self, parent):
        from nbclient import NotebookClient

        self.parent = parent
        self.client = NotebookClient(parent.nb, store_widget_state=True)
        self.client.widget_state, self.client.widget_buffers = {}, {}
        self.failed = False
        self.started = time.perf_counter()
        self.cells_run = 0
        original = parent.get_kernel_message

        def get_kernel_message(timeout=None, stream="iopub"):
            msg = original(timeout=timeout, stream=stream)
            kind = msg.get("msg_type")
            if kind in ("comm_open", "comm_msg"):
                self.client.handle_comm_msg([], msg, -1)
            return msg

        parent.get_kernel_message = get_kernel_message


def _recording(item) -> _Recording | None:
    if not item.config.getoption("--nbval-record") or type(item).__name__ != "IPyNbCell":
        return None
    parent = item.parent
    if not hasattr(parent, "_scaling_lab_recording"):
        parent._scaling_lab_recording = _Recording(parent)
    return parent._scaling_lab_recording


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    recording = _recording(item)
    outcome = yield
    if recording is None:
        return
    if outcome.excinfo is not None or item.test_outputs is None:
        recording.failed = True
        return
    # nbval executes without history (store_history=False), so the kernel does not count cells: number
    # them in the order they ran, as a notebook run from the top would.
    recording.cells_run += 1
    item.cell.outputs = list(item.test_outputs)
    item.cell.execution_count = recording.cells_run


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when == "setup" and report.failed and "Kernel died" in str(call.excinfo.value if call.excinfo else ""):
        from scaling_lab.authoring.kernels import kernel_log_tail

        report.sections.append(("the kernel's standard error (its last lines)", kernel_log_tail() or "(empty)"))
    recording = _recording(item) if call.when != "call" else None
    if recording is not None and report.outcome != "passed":
        recording.failed = True  # a failure in setup or teardown, or a skipped cell


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    recording = _recording(item)
    if recording is None or (nextitem is not None and nextitem.parent is item.parent):
        return
    # The notebook's last cell has run.
    cells = [c for c in recording.parent.nb.cells if c.cell_type == "code"]
    if recording.failed or any(c.get("execution_count") is None for c in cells):
        return
    root = Path(item.config.getoption("--nbval-record"))
    relative = Path(str(recording.parent.fspath)).resolve().relative_to(Path(item.config.invocation_params.dir))
    notebook = recording.parent.nb
    recording.client.nb = notebook
    recording.client.set_widgets_metadata()
    import nbformat

    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    target.with_suffix(".seconds").write_text(f"{time.perf_counter() - recording.started:.2f}\n", encoding="utf-8")


def stage_into_cache(recorded: Path, sources: dict[str, Path], cache_path: Path) -> tuple[int, list[str]]:
    """Put each recorded notebook into the jupyter-cache at ``cache_path``; return (staged, missing).

    ``sources`` maps a recorded notebook's path (relative to ``recorded``, without suffix) to the page
    it was made from.  The cache keys a notebook by its code cells and kernelspec, so the build matches
    a recorded notebook only if the page has not changed since nbval ran it.
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_path))
    staged, missing = 0, []
    for key, source in sorted(sources.items()):
        path = recorded / f"{key}.ipynb"
        if not path.is_file():
            missing.append(key)
            continue
        seconds_file = path.with_suffix(".seconds")
        seconds = float(seconds_file.read_text()) if seconds_file.is_file() else None
        notebook = nbformat.read(path, as_version=4)
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(source), data={"execution_seconds": seconds}),
                                    check_validity=False, overwrite=True)
        staged += 1
    return staged, missing
