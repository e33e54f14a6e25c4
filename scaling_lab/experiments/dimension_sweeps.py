r"""The slope of box averaging across dimensions, beside theory: the table of ``book/nonparametric.md``,
cached on disk.

:func:`cube_dimension_sweep` measures the learning-curve slope on the unit cube for d = 1..5 and
:func:`manifold_dimension_sweep` for k-dimensional manifolds inside one ambient dimension D, each with
:func:`scaling_lab.experiments.box_regression.box_regression_curves`.  Both are slow enough (seconds per
dimension) to be :func:`scaling_lab._cache.disk_cached`, take only plain arguments, and run one process
per dimension (two workers; serial in Pyodide or with ``n_jobs=1``).  Run i uses seed ``seed + i``, so
the numbers do not depend on the number of workers.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import numpy as np

from scaling_lab._cache import disk_cached
from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.experiments._sizes import sample_size_grid
from scaling_lab.experiments.box_regression import box_regression_curves
from scaling_lab.experiments.manifold_data import ManifoldData

__all__ = ["CHAPTER_SIZES", "DimensionSweep", "cube_dimension_sweep", "manifold_dimension_sweep"]

#: Sizes of the chapter's sweep: 2^10 ... 2^16 points.
CHAPTER_SIZES = tuple(float(2**k) for k in range(10, 17))


@dataclass(frozen=True)
class DimensionSweep:
    """Measured slopes by (intrinsic) dimension, with bootstrap intervals and the theory beside them.

    ``finite_sample_exponents`` is NaN on manifolds (no closed-form bias constant there).
    ``best_risk[i]`` is the learning curve of dimension ``dimensions[i]`` at ``sample_sizes``.

    ``exponents_ci`` resamples the ``n_trials`` trials of one seed, so it measures only that
    simulation noise; with 3 trials it understates the scatter between seeds where few box sizes
    are usable.  Measured over six other seeds (n = 2^10..2^16, 3 trials): standard deviation of
    the slope 0.003 for d = 3, 0.015 for d = 4 and 0.041 for d = 5.
    """

    dimensions: tuple[int, ...]
    ambient_dimension: int | None
    sample_sizes: np.ndarray
    exponents: np.ndarray
    exponents_ci: np.ndarray
    theory_exponents: np.ndarray
    finite_sample_exponents: np.ndarray
    best_risk: np.ndarray
    seconds: np.ndarray
    confidence: float = 0.95  # coverage of exponents_ci (box_regression_curves' default bootstrap)

    def rows(self):
        """One tuple per dimension: (k, exponent, (low, high), theory, finite-sample theory)."""
        return [(k, float(e), tuple(float(v) for v in ci), float(t), float(f)) for k, e, ci, t, f in zip(
            self.dimensions, self.exponents, self.exponents_ci, self.theory_exponents, self.finite_sample_exponents)]

    def __repr__(self) -> str:
        where = "cube" if self.ambient_dimension is None else f"manifolds in D={self.ambient_dimension}"
        body = "; ".join(f"k={k}: {e:.3f} [{lo:.3f}, {hi:.3f}] vs {t:.3f}" for k, e, (lo, hi), t, _ in self.rows())
        return f"DimensionSweep({where}: {body})"


def _one(args):
    k, ambient, sizes, noise, n_trials, seed = args
    start = time.perf_counter()
    curves = box_regression_curves(ManifoldData(k, ambient_dimension=ambient, noise=noise), np.array(sizes),
                                   n_trials=n_trials, seed=seed)
    finite = np.nan if curves.finite_sample_exponent is None else curves.finite_sample_exponent
    return (curves.exponent, curves.exponent_ci, curves.theory_exponent, finite, curves.best_risk,
            time.perf_counter() - start)


def _run(dimensions, ambient, sample_sizes, noise, n_trials, seed, n_jobs):
    ks = tuple(as_int(k, "dimensions", minimum=1) for k in dimensions)
    if not ks:
        raise ValueError("dimensions must not be empty")
    sizes = tuple(float(v) for v in sample_size_grid(sample_sizes, minimum=2))
    noise = as_positive_scalar(noise, "noise")
    n_trials = as_int(n_trials, "n_trials", minimum=2)
    seed = as_int(seed, "seed", minimum=0)
    n_jobs = as_int(n_jobs, "n_jobs", minimum=1)
    if ambient is not None:
        ambient = as_int(ambient, "ambient_dimension", minimum=2 * max(ks))
    tasks = [(k, ambient, sizes, noise, n_trials, seed + i) for i, k in enumerate(ks)]
    if n_jobs == 1 or len(tasks) == 1 or sys.platform == "emscripten":
        results = [_one(t) for t in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(n_jobs, len(tasks))) as pool:
            results = list(pool.map(_one, tasks))
    e, ci, theory, finite, risk, secs = zip(*results)
    return DimensionSweep(ks, ambient, np.array(sizes), np.array(e), np.array(ci), np.array(theory),
                          np.array(finite), np.array(risk), np.array(secs))


@disk_cached
def cube_dimension_sweep(dimensions=(1, 2, 3, 4, 5), *, sample_sizes=CHAPTER_SIZES, noise=1.0, n_trials=3, seed=0,
                         n_jobs=2) -> DimensionSweep:
    r"""Learning-curve slopes of box averaging on :math:`[0,1]^d`, beside :math:`-2/(d+2)` (Stone 1982).

    The default sizes run from 1,024 to 65,536 points, 3 trials each; the dimensions are spread over
    ``n_jobs`` worker processes.

    Parameters
    ----------
    dimensions : tuple of int, optional
        Each >= 1. Default 1..5.
    sample_sizes : tuple of float, optional
        Integer sizes >= 2, at least 3 distinct. Default :data:`CHAPTER_SIZES`.
    noise, n_trials, seed
        Label noise (> 0), trials per dimension (>= 2), base seed (>= 0). Defaults 1, 3, 0.
    n_jobs : int, optional
        Worker processes, >= 1 (1 = serial). Default 2.
    """
    return _run(dimensions, None, sample_sizes, noise, n_trials, seed, n_jobs)


@disk_cached
def manifold_dimension_sweep(dimensions=(1, 2, 3), *, ambient_dimension=8, sample_sizes=CHAPTER_SIZES, noise=1.0,
                             n_trials=3, seed=0, n_jobs=2) -> DimensionSweep:
    r"""Slopes for data on k-dimensional manifolds inside ``ambient_dimension`` dimensions: they follow
    :math:`-2/(k+2)`, not :math:`-2/(D+2)`.  Parameters as in :func:`cube_dimension_sweep`; ``ambient_dimension`` >= 2 max(k)."""
    return _run(dimensions, ambient_dimension, sample_sizes, noise, n_trials, seed, n_jobs)
