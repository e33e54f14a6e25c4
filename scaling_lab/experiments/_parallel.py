"""Helpers shared by the sweeps: run independent training runs on both cores, check presets, stack curves.

Used by the sweeps of :mod:`scaling_lab.experiments`.  Each run is a call ``function(**kwargs)`` of a
module-level function, seeded by its own arguments, so the results do not depend on how many
processes run them or in which order they finish (with one BLAS thread per process, the
arithmetic is the same too).  Where processes are unavailable (Pyodide/JupyterLite,
``sys.platform == "emscripten"``) or ``n_jobs=1``, the runs happen one after the other in this
process.

Where something else already keeps every core busy (the notebook tests run two notebooks at once, the
unit tests two workers), a sweep's own workers only add processes that fight over the same cores:
``SCALING_LAB_JOBS=1`` in the environment makes every sweep run in its own process (the Makefile sets it
for the notebook tests, the unit tests and the book's parallel pre-execution; measured on a fresh clone
of the 2-core machine, pytest ran the notebook tests in 238 s with it against 308 s without).
"""

from __future__ import annotations

import os
import sys

import numpy as np

from scaling_lab._validate import as_int

__all__: list[str] = []  # private module

#: Workers used when a sweep is called with ``n_jobs=None`` (never more than the machine's cores).
DEFAULT_JOBS = 2
#: Environment variable that sets the workers of ``n_jobs=None`` instead (a whole number >= 1).
JOBS_ENV_VAR = "SCALING_LAB_JOBS"
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def check_jobs(n_jobs) -> int:
    """``n_jobs`` as a positive int.  None means ``SCALING_LAB_JOBS`` where it is set, otherwise
    :data:`DEFAULT_JOBS` capped at the number of cores."""
    if n_jobs is None:
        chosen = os.environ.get(JOBS_ENV_VAR, "").strip()
        if chosen:
            if not chosen.isdigit() or int(chosen) < 1:
                raise ValueError(f"{JOBS_ENV_VAR} must be a whole number >= 1; got {chosen!r}")
            return int(chosen)
        return max(1, min(DEFAULT_JOBS, os.cpu_count() or 1))
    return as_int(n_jobs, "n_jobs", minimum=1)


def _context():
    """How to start workers.

    In a notebook or an interactive session: a fork server that imports the package once, so each
    worker starts in milliseconds from a fresh interpreter with the one-thread BLAS settings made in
    :func:`run_all`.  From a script (``__main__`` is a file), a fork server or spawn would re-run the
    script in every worker, so fork is used instead (workers then share the script's BLAS
    settings: run scripts with ``OMP_NUM_THREADS=1``).  Elsewhere (Windows): spawn.
    """
    import multiprocessing  # imported here: Pyodide never gets this far

    methods = multiprocessing.get_all_start_methods()
    if getattr(sys.modules.get("__main__"), "__file__", None) and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["scaling_lab.experiments", "scaling_lab.data.shakespeare"])
        return context
    return multiprocessing.get_context("spawn")


def run_all(function, jobs, *, n_jobs=None, costs=None) -> list:
    """``[function(**kw) for kw in jobs]``, spread over ``n_jobs`` processes; results in the order of ``jobs``.

    ``costs`` (one number per job, e.g. FLOPs) lets the longest runs start first, which shortens
    the wall time of a sweep whose runs differ a lot in size.
    """
    jobs = list(jobs)
    n_jobs = min(check_jobs(n_jobs), len(jobs))
    if n_jobs <= 1 or sys.platform == "emscripten":
        return [function(**kw) for kw in jobs]
    order = sorted(range(len(jobs)), key=lambda i: -costs[i]) if costs is not None else range(len(jobs))
    from concurrent.futures import ProcessPoolExecutor

    saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
    os.environ.update({name: "1" for name in _THREAD_VARIABLES})  # read by each new worker at start-up
    try:
        context = _context()
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=context) as pool:
            futures = {i: pool.submit(function, **jobs[i]) for i in order}
            return [futures[i].result() for i in range(len(jobs))]
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def check_preset(seed, full) -> int:
    """Validate the ``seed=`` and ``full=`` arguments of a preset sweep; return the seed."""
    if not isinstance(full, bool):
        raise ValueError(f"full must be True or False; got {full!r}")
    return as_int(seed, "seed", minimum=0)


def stack_curves(curves) -> np.ndarray:
    """Stack 1-d arrays of different lengths into rows of one array, padded with NaN."""
    width = max((c.size for c in curves), default=0)
    out = np.full((len(curves), width), np.nan)
    for i, c in enumerate(curves):
        out[i, :c.size] = c
    return out
