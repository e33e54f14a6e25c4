r"""Do optimal hyperparameters transfer across width?  Learning-rate sweeps under SP and μP.

A student with two tanh hidden layers of width :math:`n` learns a fixed random teacher
(:data:`TRANSFER_TEACHER_LAYERS`: 16 inputs, 4 outputs) with Adam for 300 steps of batch 128; the
peak learning rate is swept over powers of two at several widths, once under the standard
parametrisation and once under μP with base width 32 (:mod:`scaling_lab.nets.parametrization`; μP is
Yang and Hu's (2021, "Tensor Programs IV"), its transfer of hyperparameters and Adam form Yang et al.'s
(2022, "Tensor Programs V", arXiv:2203.03466)).  Under SP the best rate drifts with
width; under μP it stays put, so it can be tuned on the narrow model and reused on the wide one.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from scaling_lab._cache import disk_cached, session_cached
from scaling_lab._validate import as_int, as_positive_array
from scaling_lab.experiments._parallel import check_preset, run_all
from scaling_lab.nets.parametrization import PARAMETRIZATIONS
from scaling_lab.nets.tanh_mlp import TanhMLP, train_student

__all__ = ["TRANSFER_TEACHER_LAYERS", "TransferSweep", "learning_rate_sweep", "hyperparameter_transfer_sweep"]

#: The teacher of the transfer experiment (inputs, hidden, outputs); its weights are fixed.
TRANSFER_TEACHER_LAYERS = (16, 256, 4)
_TEACHER_SEED = 2023
_BASE_WIDTH = 32
_STEPS = 300


@lru_cache(maxsize=1)
def _teacher() -> TanhMLP:
    return TanhMLP(TRANSFER_TEACHER_LAYERS, seed=_TEACHER_SEED)


@dataclass(frozen=True)
class TransferSweep:
    """Test loss for every (parametrisation, width, learning rate): ``loss[p, w, r]``, with ``p`` indexing
    ``parametrizations``.  Diverged runs have ``inf`` loss.
    """

    parametrizations: tuple
    widths: np.ndarray
    learning_rates: np.ndarray
    loss: np.ndarray
    seeds: tuple = (0,)
    wall_seconds: float = field(default=math.nan, compare=False)

    def best_learning_rate(self, parametrization: str) -> np.ndarray:
        """The learning rate with the lowest loss at each width (seeds averaged)."""
        return self.learning_rates[np.argmin(self._loss(parametrization), axis=1)]

    def best_loss(self, parametrization: str) -> np.ndarray:
        """The lowest loss over learning rates at each width."""
        return np.min(self._loss(parametrization), axis=1)

    def _loss(self, parametrization):
        if parametrization not in self.parametrizations:
            raise ValueError(f"parametrization must be one of {self.parametrizations}; got {parametrization!r}")
        return self.loss[self.parametrizations.index(parametrization)]

    def __repr__(self) -> str:
        best = "; ".join(f"{p}: best lr {np.array2string(np.log2(self.best_learning_rate(p)), separator=', ')}"
                         " (log2)" for p in self.parametrizations)
        return (f"TransferSweep(widths {self.widths.tolist()}, {self.learning_rates.size} learning rates "
                f"2^{np.log2(self.learning_rates[0]):g} ... 2^{np.log2(self.learning_rates[-1]):g}; {best}; "
                f"seeds {self.seeds}, {self.wall_seconds:.1f} s)")


def _run(width, learning_rate, parametrization, seed):
    run = train_student(_teacher(), (width, width), n_steps=_STEPS, learning_rate=learning_rate,
                        parametrization=parametrization, base_width=_BASE_WIDTH, seed=seed)
    return run.loss


def learning_rate_sweep(widths, learning_rates, *, parametrizations=PARAMETRIZATIONS, seeds=(0,),
                        n_jobs=None) -> TransferSweep:
    """Train every (parametrisation, width, learning rate, seed) and average the loss over seeds.

    Parameters
    ----------
    widths : array_like of int
        Hidden widths (both layers), >= 1.
    learning_rates : array_like of float
        Peak Adam learning rates, > 0 (sorted on return).
    parametrizations : tuple of str, optional
        Any of ``("standard", "mup")``.
    seeds : tuple of int, optional
        One run per seed; the loss is their mean (``inf`` if any run diverged).
    n_jobs : int, optional
        Processes (default 2).
    """
    widths = np.atleast_1d(as_positive_array(widths, "widths")).astype(int)
    rates = np.sort(np.atleast_1d(as_positive_array(learning_rates, "learning_rates")))
    parametrizations = tuple(parametrizations)
    for p in parametrizations:
        if p not in PARAMETRIZATIONS:
            raise ValueError(f"parametrizations must be drawn from {PARAMETRIZATIONS}; got {p!r}")
    seeds = tuple(as_int(s, "seeds", minimum=0) for s in np.atleast_1d(seeds))
    grid = [(p, w, r, s) for p in parametrizations for w in widths for r in rates for s in seeds]
    jobs = [dict(width=int(w), learning_rate=float(r), parametrization=p, seed=s) for p, w, r, s in grid]
    start = time.perf_counter()
    losses = np.array(run_all(_run, jobs, n_jobs=n_jobs, costs=[w * w for _, w, _, _ in grid]))
    wall = time.perf_counter() - start
    loss = losses.reshape(len(parametrizations), widths.size, rates.size, len(seeds)).mean(axis=-1)
    return TransferSweep(parametrizations, widths, rates, loss, seeds, wall)


@session_cached  # labs/lab04_tune_small.md's data cell and its checker make the same call
@disk_cached
def hyperparameter_transfer_sweep(*, seed=0, full=False) -> TransferSweep:
    """Learning-rate sweeps under SP and μP at several widths.

    Default (lab): widths 32, 64, 256, peak learning rates :math:`2^{-9} \\dots 2^{-2}` (8 values),
    one seed.  ``full=True`` (chapter): widths 32, 64, 128, 256, 512, rates
    :math:`2^{-11} \\dots 2^{-2}`, two seeds (``seed`` and ``seed + 1``) averaged.
    """
    seed = check_preset(seed, full)
    if full:
        return learning_rate_sweep(32 * 2 ** np.arange(5), 2.0 ** np.arange(-11, -1), seeds=(seed, seed + 1))
    return learning_rate_sweep((32, 64, 256), 2.0 ** np.arange(-9, -1), seeds=(seed,))
