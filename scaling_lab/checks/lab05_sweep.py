"""The sweep of Lab 5's decision, drawn from a law the lab keeps hidden, and the waste of a planned model size.

:func:`sweep_runs` draws an IsoFLOP sweep (five budgets from 1e18 to 1e20 FLOPs, seven sizes each) from
:data:`HIDDEN_LAW` with 0.3% noise; its sizes are centred on a point that drifts away from the optimum as the budget
grows, as a real sweep designed from a wrong guess would be.  :func:`waste` scores a plan: the share of a budget
that training a given model size throws away, against the compute-optimal model of the same loss.  The checker
of ``labs/lab05_chinchilla.md`` scores the student's choice with it; the lab reads the sweep through
``sl.LABS["lab05_chinchilla"]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from scaling_lab._validate import as_positive_scalar
from scaling_lab.allocation.optimal_split import compute_optimal
from scaling_lab.laws import chinchilla_loss
from scaling_lab.reference.containers import ChinchillaParams

__all__ = ["SWEEP_SEED", "TARGET_COMPUTE", "HIDDEN_LAW", "Sweep", "sweep_runs", "waste"]

#: The sweep's noise seed, and the budget the student plans for.
SWEEP_SEED = 505
TARGET_COMPUTE = 1e24
#: The hidden law of the sweep (alpha three times beta: our choice), its budgets, sizes per budget, window and drift.
HIDDEN_LAW = ChinchillaParams(E=1.8, A=1500.0, B=60.0, alpha=0.45, beta=0.15, source="Lab 5: the sweep's law")
_SWEEP_BUDGETS = tuple(float(c) for c in np.geomspace(1e18, 1e20, 5))
_SWEEP_SIZES = 7
_SWEEP_WINDOW = 8.0
_SWEEP_DRIFT = (1.0, 3.0)  # the sizes are centred on the optimum at the smallest budget, on 3x it at the largest
_SWEEP_NOISE = 0.003


@dataclass(frozen=True)
class Sweep:
    """An IsoFLOP sweep, one row per run: model size, training tokens, compute (6ND) and final loss."""

    n_params: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    compute_flops: np.ndarray = field(repr=False)
    loss: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return int(self.loss.size)

    def __repr__(self) -> str:
        return (f"Sweep({len(self)} runs, {np.unique(self.compute_flops).size} budgets from "
                f"{self.compute_flops.min():.3g} to {self.compute_flops.max():.3g} FLOPs)")


@cache
def sweep_runs() -> Sweep:
    """The decision's sweep: five budgets from 1e18 to 1e20 FLOPs, seven sizes each a factor 8 either side of a
    centre that drifts from the hidden law's optimum (smallest budget) to three times it (largest), 0.3% noise."""
    budgets = np.array(_SWEEP_BUDGETS)
    n_opt = np.atleast_1d(compute_optimal(budgets, HIDDEN_LAW).n_opt)
    drift = np.geomspace(*_SWEEP_DRIFT, budgets.size)
    sizes = np.geomspace(1.0 / _SWEEP_WINDOW, _SWEEP_WINDOW, _SWEEP_SIZES)
    n = np.concatenate([centre * shift * sizes for centre, shift in zip(n_opt, drift)])
    c = np.repeat(budgets, _SWEEP_SIZES)
    d = c / (6.0 * n)
    rng = np.random.default_rng(SWEEP_SEED)
    loss = chinchilla_loss(n, d, HIDDEN_LAW) * np.exp(_SWEEP_NOISE * rng.standard_normal(n.size))
    return Sweep(n, d, c, loss)


def waste(n_params, compute_flops=TARGET_COMPUTE, law=HIDDEN_LAW) -> float:
    r"""The share of ``compute_flops`` wasted by training ``n_params`` parameters on it, under ``law``.

    The plan reaches :math:`L = L(N, C/6N)`; the compute-optimal model reaches that loss with less compute
    :math:`C' \le C`; the waste is :math:`1 - C'/C` (0 for the optimal size).
    """
    from scipy.optimize import brentq

    n = as_positive_scalar(n_params, "n_params")
    compute_flops = as_positive_scalar(compute_flops, "compute_flops")
    reached = float(chinchilla_loss(n, compute_flops / (6.0 * n), law))

    def best_loss(log_c):
        opt = compute_optimal(math.exp(log_c), law)
        return float(chinchilla_loss(opt.n_opt, opt.d_opt, law))

    top = math.log(compute_flops)
    if reached <= best_loss(top):
        return 0.0
    low = top - 1.0
    while best_loss(low) <= reached:
        low -= 5.0
        if low < top - 200.0:
            return 1.0
    return 1.0 - math.exp(brentq(lambda x: best_loss(x) - reached, low, top, xtol=1e-13) - top)
