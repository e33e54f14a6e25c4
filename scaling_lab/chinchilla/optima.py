r"""Approaches 1 and 2 of Hoffmann et al. (2022): per-budget optima, then power laws in compute.

* Approach 1 (§3.1), :func:`fit_training_curve_minima`: the lowest loss reached at each FLOP count
  over all training curves, then :math:`N_{opt} \propto C^a`, :math:`D_{opt} \propto C^b`.
* Approach 2 (§3.2), :func:`fit_isoflops`: a parabola in :math:`\log N` through each IsoFLOP
  profile, its minimum, then the same power laws.

Throughout, :math:`C = 6ND` FLOPs (Kaplan et al. 2020, §2.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_int
from scaling_lab.fitting.huber_objective import validated_runs
from scaling_lab.fitting.power_law import PowerLawFit, fit_power_law

__all__ = ["ComputeOptima", "ComputeOptimalFit", "fit_isoflops", "fit_training_curve_minima"]

_BUDGET_RTOL = 1e-3  # IsoFLOP runs whose compute differs by < 0.1% share a budget


@dataclass(frozen=True)
class ComputeOptima:
    """Per-budget optima behind an Approach 1 or 2 fit (for plotting): one entry per FLOP budget."""

    compute_flops: np.ndarray
    n_params: np.ndarray
    n_tokens: np.ndarray
    loss: np.ndarray

    def __len__(self) -> int:
        return int(self.compute_flops.size)

    def __repr__(self) -> str:
        return (f"ComputeOptima({len(self)} budgets, compute {self.compute_flops.min():.3g}-"
                f"{self.compute_flops.max():.3g} FLOPs)")


@dataclass(frozen=True)
class ComputeOptimalFit:
    r"""Power laws :math:`N_{opt} = k_N C^{a}` and :math:`D_{opt} = k_D C^{b}` fitted to per-budget optima."""

    method: str
    n_opt_fit: PowerLawFit
    d_opt_fit: PowerLawFit
    minima: ComputeOptima = field(repr=False)
    n_dropped: int = 0

    @property
    def a(self) -> float:
        r"""Exponent of :math:`N_{opt} \propto C^a`."""
        return self.n_opt_fit.exponent

    @property
    def b(self) -> float:
        r"""Exponent of :math:`D_{opt} \propto C^b` (equal to 1 - a, since D = C / 6N)."""
        return self.d_opt_fit.exponent

    @property
    def a_stderr(self) -> float:
        """Standard error of ``a`` from the log-log fit (understated for Approach 1, see its docstring)."""
        return self.n_opt_fit.exponent_stderr

    @property
    def a_ci(self) -> tuple[float, float]:
        """Interval for ``a`` from the log-log fit, at coverage ``confidence``."""
        return self.n_opt_fit.exponent_ci

    @property
    def b_stderr(self) -> float:
        """Standard error of ``b`` from the log-log fit."""
        return self.d_opt_fit.exponent_stderr

    @property
    def b_ci(self) -> tuple[float, float]:
        """Interval for ``b`` from the log-log fit, at coverage ``confidence``."""
        return self.d_opt_fit.exponent_ci

    @property
    def confidence(self) -> float:
        """Coverage of ``a_ci`` and ``b_ci``."""
        return self.n_opt_fit.confidence

    def n_opt(self, compute_flops):
        """Compute-optimal model size for a FLOP budget, from the fitted power law."""
        return self.n_opt_fit.predict(compute_flops)

    def d_opt(self, compute_flops):
        """Compute-optimal number of training tokens for a FLOP budget."""
        return self.d_opt_fit.predict(compute_flops)

    def as_dict(self) -> dict[str, float]:
        return {"a": self.a, "b": self.b}

    def __repr__(self) -> str:
        ci_a = self.a_ci
        return (f"ComputeOptimalFit(method={self.method!r}, a={self.a:.4f} (CI {ci_a[0]:.4f}, {ci_a[1]:.4f}), "
                f"b={self.b:.4f}, n_budgets={len(self.minima)}, n_dropped={self.n_dropped})")


def _fit_optima(method, compute_flops, n_opt, loss, n_dropped) -> ComputeOptimalFit:
    d_opt = compute_flops / (6.0 * n_opt)
    minima = ComputeOptima(compute_flops, n_opt, d_opt, loss)
    return ComputeOptimalFit(method, fit_power_law(compute_flops, n_opt), fit_power_law(compute_flops, d_opt),
                             minima, n_dropped)


def _group_budgets(compute_flops):
    """Integer label per run; runs whose compute agrees within _BUDGET_RTOL share a label."""
    order = np.argsort(compute_flops)
    log_c = np.log(compute_flops[order])
    new_group = np.concatenate([[True], np.diff(log_c) > _BUDGET_RTOL])
    labels = np.empty(compute_flops.size, dtype=int)
    labels[order] = np.cumsum(new_group) - 1
    return labels


def fit_isoflops(n_params, compute_flops, loss) -> ComputeOptimalFit:
    r"""Approach 2 of Hoffmann et al. (2022, §3.2): minima of IsoFLOP profiles.

    Runs are grouped by FLOP budget (computes equal within 0.1%). Within each budget a parabola

    .. math:: L \approx c_0 + c_1 \log N + c_2 (\log N)^2, \qquad
              N^*(C) = \exp\bigl(-c_1 / (2 c_2)\bigr)

    is fitted by least squares; budgets with fewer than 3 distinct sizes or a non-convex parabola
    (:math:`c_2 \le 0`) are dropped. Then :math:`N_{opt} = k_N C^a` and :math:`D_{opt} = k_D C^b`
    with :math:`D_{opt} = C / (6 N_{opt})` are fitted by :func:`scaling_lab.fitting.fit_power_law`.
    Hoffmann et al. report a = 0.49, b = 0.51 (Table 2).

    Parameters
    ----------
    n_params, compute_flops, loss : array_like
        Model size, training FLOPs and final loss of each run; finite, > 0, same shape.
        At least 3 usable budgets are needed.  (The old keyword ``compute=`` still works.)

    Returns
    -------
    ComputeOptimalFit
        ``a``, ``b`` (with ``a_ci``, ``b_ci``), ``n_opt(compute_flops)``, ``d_opt(compute_flops)``, ``n_opt_fit``, ``d_opt_fit`` and
        ``minima`` (per budget: compute, N*, D*, fitted minimum loss).
    """
    n, c, y = validated_runs(n_params, compute_flops, loss, "compute_flops", 9)
    labels = _group_budgets(c)
    budgets, n_star, l_star, dropped = [], [], [], 0
    for g in range(labels.max() + 1):
        sel = labels == g
        x = np.log(n[sel])
        if np.unique(x).size < 3:
            dropped += 1
            continue
        x0 = x.mean()
        c2, c1, c0 = np.polyfit(x - x0, y[sel], 2)
        if not c2 > 0:
            dropped += 1
            continue
        x_star = -c1 / (2.0 * c2)
        budgets.append(float(np.exp(np.mean(np.log(c[sel])))))
        n_star.append(float(np.exp(x0 + x_star)))
        l_star.append(float(c0 - c1 * c1 / (4.0 * c2)))
    if len(budgets) < 3:
        raise ValueError(f"compute_flops needs at least 3 budgets with a convex IsoFLOP profile; found {len(budgets)}")
    return _fit_optima("isoflop", np.array(budgets), np.array(n_star), np.array(l_star), dropped)


def fit_training_curve_minima(n_params, compute_flops, loss, *, n_budgets=1500) -> ComputeOptimalFit:
    r"""Approach 1 of Hoffmann et al. (2022, §3.1): the minimum over training curves.

    Each distinct ``n_params`` is one training curve, given as checkpoints (FLOPs so far, loss).
    Each curve is interpolated linearly in :math:`(\log C, \log L)` within its own range. At each of
    ``n_budgets`` log-spaced FLOP values (Hoffmann et al. use 1,500) the envelope picks the model
    with the lowest interpolated loss among the curves that reach that FLOP count:

    .. math:: N_{opt}(C) = \arg\min_{N} L_N(C), \qquad D_{opt}(C) = C / (6 N_{opt}(C))

    FLOP values where the winner is the smallest or largest of the models that reach that FLOP
    count are dropped: there the true optimum may lie outside the sizes available. Power laws :math:`N_{opt} \propto C^a`,
    :math:`D_{opt} \propto C^b` are then fitted by :func:`scaling_lab.fitting.fit_power_law`. The
    envelope is a staircase of correlated points, so the intervals of ``n_opt_fit`` understate the
    uncertainty; use :func:`scaling_lab.fitting.resampling.bootstrap` for honest intervals. Hoffmann et al.
    report a = 0.50, b = 0.50 (Table 2).

    Noise between curves biases ``a`` low: a curve that happens to sit low wins a stretch of FLOP
    values around its own optimum, and that stretch reaches further towards larger budgets (where
    IsoFLOP curves are flatter relative to the loss) than towards smaller ones. On
    :func:`scaling_lab.data.synthetic.training_curve_runs` data, 0.1% per-curve noise lowers ``a`` by
    about 0.01 and 0.5% by about 0.05 (measured).

    Parameters
    ----------
    n_params, compute_flops, loss : array_like
        One row per checkpoint: model size, FLOPs spent so far, loss. Finite, > 0, same shape;
        at least 3 model sizes with 2 or more checkpoints each.
    n_budgets : int, optional
        Number of log-spaced FLOP values for the envelope (>= 10). Default 1500.

    Returns
    -------
    ComputeOptimalFit
        As :func:`fit_isoflops`; ``minima`` holds the envelope (one row per FLOP value kept).
    """
    n, c, y = validated_runs(n_params, compute_flops, loss, "compute_flops", 6)
    n_budgets = as_int(n_budgets, "n_budgets", minimum=10)
    sizes = np.unique(n)
    curves = []
    for size in sizes:
        sel = n == size
        order = np.argsort(c[sel])
        log_c, log_l = np.log(c[sel][order]), np.log(y[sel][order])
        if np.unique(log_c).size >= 2:
            curves.append((size, log_c, log_l))
    if len(curves) < 3:
        raise ValueError(f"n_params needs at least 3 model sizes with 2 or more checkpoints; found {len(curves)}")
    grid = np.linspace(min(cv[1][0] for cv in curves), max(cv[1][-1] for cv in curves), n_budgets)
    table = np.full((len(curves), n_budgets), np.inf)
    for i, (_, log_c, log_l) in enumerate(curves):
        inside = (grid >= log_c[0]) & (grid <= log_c[-1])
        table[i, inside] = np.interp(grid[inside], log_c, log_l)
    winner = np.argmin(table, axis=0)
    covered = np.isfinite(table)
    first = np.argmax(covered, axis=0)
    last = len(curves) - 1 - np.argmax(covered[::-1], axis=0)
    keep = (winner > first) & (winner < last)
    if np.unique(winner[keep]).size < 2:
        raise ValueError("compute_flops: the envelope is won by fewer than 2 interior model sizes; "
                         "add larger and smaller models or longer curves")
    win_sizes = np.array([cv[0] for cv in curves])[winner[keep]]
    return _fit_optima("training-curve minima", np.exp(grid[keep]), win_sizes,
                       np.exp(table.min(axis=0)[keep]), int((~keep).sum()))
