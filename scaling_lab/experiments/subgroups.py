r"""Subgroup scaling laws and how to spend a data budget across groups.

Rolf, Worledge, Recht and Jordan (2021, "Representation Matters: Assessing the Importance of
Subgroup Allocations in Training Data", ICML 2021) model the error of group j, trained on
:math:`n_j` points of that group among :math:`n` points in all, as

.. math:: L_j(n_j, n) = \delta_j + \sigma_j^2\, n_j^{-p_j} + \tau_j^2\, n^{-q_j}

(the function ``modified_ipl`` in their official code, estherrolf/representation-matters,
``code/scripts/fit_scaling_law.py``): a floor, a term that only the group's own data reduce, and a
term that all data reduce.  :class:`SubgroupLaw` holds these constants.  With the budget
:math:`n = \sum_j n_j` fixed, the last term is a constant, and

- :func:`allocate_worst_group` finds the allocation minimising :math:`\max_j L_j`: every group's
  error equal at the smallest feasible level :math:`t`, i.e. the root of
  :math:`\sum_j \big(\sigma_j^2/(t - c_j)\big)^{1/p_j} = n` with :math:`c_j = \delta_j + \tau_j^2 n^{-q_j}`
  (:func:`scipy.optimize.brentq`);
- :func:`allocate_average` minimises the population-weighted error :math:`\sum_j \gamma_j L_j`,
  whose optimum has :math:`n_j \propto (\gamma_j \sigma_j^2 p_j/\lambda)^{1/(p_j+1)}` with the
  multiplier :math:`\lambda` found by :func:`scipy.optimize.brentq`;
- :func:`proportional_allocation` samples groups in proportion to their population shares.

Allocations are continuous (fractions of the budget); round them for use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_float_array, as_positive_scalar

optimize = lazy_module("scipy.optimize")

__all__ = [
    "SubgroupLaw", "GroupAllocation", "group_errors", "allocate_worst_group", "allocate_average",
    "proportional_allocation", "evaluate_allocation",
]


@dataclass(frozen=True)
class SubgroupLaw:
    r"""Constants of one group's law :math:`L_j = \delta_j + \sigma_j^2 n_j^{-p_j} + \tau_j^2 n^{-q_j}`.

    ``floor`` :math:`\delta_j \ge 0`, ``group_coefficient`` :math:`\sigma_j^2 > 0`, ``group_exponent``
    :math:`p_j > 0`, ``shared_coefficient`` :math:`\tau_j^2 \ge 0`, ``shared_exponent`` :math:`q_j > 0`
    (Rolf et al. 2021; names here are the reader's, symbols theirs).
    """

    group_coefficient: float
    group_exponent: float
    floor: float = 0.0
    shared_coefficient: float = 0.0
    shared_exponent: float = 1.0
    name: str = field(default="", compare=False)

    def __post_init__(self):
        as_positive_scalar(self.group_coefficient, "group_coefficient")
        as_positive_scalar(self.group_exponent, "group_exponent")
        as_positive_scalar(self.floor, "floor", allow_zero=True)
        as_positive_scalar(self.shared_coefficient, "shared_coefficient", allow_zero=True)
        as_positive_scalar(self.shared_exponent, "shared_exponent")

    def error(self, n_group, n_total):
        """The law at ``n_group`` points of this group and ``n_total`` points in all (both > 0)."""
        nj = as_float_array(n_group, "n_group")
        n = as_float_array(n_total, "n_total")
        if np.any(nj <= 0) or np.any(n <= 0):
            raise ValueError("n_group and n_total must be > 0")
        out = self.floor + self.group_coefficient * nj**-self.group_exponent \
            + self.shared_coefficient * n**-self.shared_exponent
        return float(out) if np.ndim(out) == 0 else out

    def level(self, n_total) -> float:
        """The part that does not depend on the group's own data: :math:`\\delta_j + \\tau_j^2 n^{-q_j}`."""
        return self.floor + self.shared_coefficient * float(n_total) ** -self.shared_exponent


@dataclass(frozen=True)
class GroupAllocation:
    """An allocation of ``budget`` points: ``counts`` per group (continuous), ``fractions``, each group's
    ``errors`` under the laws, ``worst_group_error`` (their maximum), ``average_error`` (weighted by
    ``population_shares``) and the ``rule`` that chose it."""

    rule: str
    budget: float
    counts: np.ndarray
    fractions: np.ndarray
    errors: np.ndarray
    worst_group_error: float
    average_error: float
    population_shares: np.ndarray = field(repr=False)

    def __repr__(self) -> str:
        fr = ", ".join(f"{f:.3f}" for f in self.fractions)
        er = ", ".join(f"{e:.4g}" for e in self.errors)
        return (f"GroupAllocation({self.rule}: fractions [{fr}], errors [{er}], worst={self.worst_group_error:.4g}, "
                f"average={self.average_error:.4g}, budget={self.budget:g})")


def _laws(laws):
    laws = tuple(laws)
    if len(laws) < 2:
        raise ValueError(f"laws must hold at least 2 groups; got {len(laws)}")
    for i, law in enumerate(laws):
        if not isinstance(law, SubgroupLaw):
            raise ValueError(f"laws[{i}] must be a SubgroupLaw; got {type(law).__name__}")
    return laws


def _shares(population_shares, n_groups):
    if population_shares is None:
        return np.full(n_groups, 1.0 / n_groups)
    g = as_float_array(population_shares, "population_shares").ravel()
    if g.size != n_groups:
        raise ValueError(f"population_shares must have one value per group ({n_groups}); got {g.size}")
    if np.any(g <= 0) or abs(g.sum() - 1) > 1e-9:
        raise ValueError(f"population_shares must be > 0 and sum to 1; got {g}")
    return g


def group_errors(laws, counts):
    """Each group's error when group j gets ``counts[j]`` points (all > 0) out of ``sum(counts)``."""
    laws = _laws(laws)
    c = as_float_array(counts, "counts").ravel()
    if c.size != len(laws):
        raise ValueError(f"counts must have one value per group ({len(laws)}); got {c.size}")
    if np.any(c <= 0):
        raise ValueError(f"counts must be > 0 (every law diverges at 0 points); got {c}")
    return np.array([law.error(cj, c.sum()) for law, cj in zip(laws, c)])


def evaluate_allocation(laws, counts, *, population_shares=None, rule="given") -> GroupAllocation:
    """Score an allocation (e.g. a student's) under ``laws``: errors, worst group and weighted average."""
    laws = _laws(laws)
    errors = group_errors(laws, counts)
    c = np.asarray(counts, dtype=float).ravel()
    shares = _shares(population_shares, len(laws))
    return GroupAllocation(rule, float(c.sum()), c, c / c.sum(), errors, float(errors.max()),
                           float(shares @ errors), shares)


def _budget(budget):
    b = as_positive_scalar(budget, "budget")
    if b < 2:
        raise ValueError(f"budget must be >= 2 points; got {b!r}")
    return b


def allocate_worst_group(laws, budget, *, population_shares=None) -> GroupAllocation:
    r"""The allocation minimising the worst group's error for a total of ``budget`` points (module docstring).

    Each law decreases in its own data, so at the optimum all groups share one error level t and
    :math:`n_j(t) = (\sigma_j^2/(t - c_j))^{1/p_j}` sums to the budget; t is the root of that equation
    in :math:`u = \log(t - \max_j c_j)`, found with :func:`scipy.optimize.brentq`.

    Parameters
    ----------
    laws : sequence of SubgroupLaw
        At least two groups.
    budget : float
        Total number of points n >= 2.
    population_shares : array_like, optional
        Only used for the reported ``average_error``. Default equal shares.
    """
    laws = _laws(laws)
    n = _budget(budget)
    levels = np.array([law.level(n) for law in laws])
    coef = np.array([law.group_coefficient for law in laws])
    expo = np.array([law.group_exponent for law in laws])
    base = levels.max()

    def counts_at(u):
        return (coef / (base + math.exp(u) - levels)) ** (1.0 / expo)

    def excess(u):
        return math.log(counts_at(u).sum()) - math.log(n)

    lo, hi = -1.0, 1.0
    while excess(lo) < 0:
        lo -= 2.0 * abs(lo)
    while excess(hi) > 0:
        hi += 2.0 * abs(hi)
    u = optimize.brentq(excess, lo, hi, xtol=1e-14, rtol=1e-14)
    counts = counts_at(u)
    return evaluate_allocation(laws, counts * (n / counts.sum()), population_shares=population_shares,
                               rule="worst group")


def allocate_average(laws, budget, *, population_shares=None) -> GroupAllocation:
    r"""The allocation minimising :math:`\sum_j \gamma_j L_j` (population-weighted average error).

    Setting the derivative of the Lagrangian to zero gives
    :math:`n_j(\lambda) = (\gamma_j \sigma_j^2 p_j / \lambda)^{1/(p_j+1)}`; :math:`\log\lambda` solves
    :math:`\sum_j n_j(\lambda) = n` (:func:`scipy.optimize.brentq`).  Parameters as in
    :func:`allocate_worst_group`; ``population_shares`` :math:`\gamma_j` (default equal) now matter.
    """
    laws = _laws(laws)
    n = _budget(budget)
    shares = _shares(population_shares, len(laws))
    weight = np.array([g * law.group_coefficient * law.group_exponent for g, law in zip(shares, laws)])
    expo = np.array([law.group_exponent for law in laws])

    def counts_at(log_lam):
        return np.exp((np.log(weight) - log_lam) / (expo + 1.0))

    def excess(log_lam):
        return math.log(counts_at(log_lam).sum()) - math.log(n)

    lo, hi = -10.0, 10.0
    while excess(lo) < 0:
        lo -= 20.0
    while excess(hi) > 0:
        hi += 20.0
    counts = counts_at(optimize.brentq(excess, lo, hi, xtol=1e-14, rtol=1e-14))
    return evaluate_allocation(laws, counts * (n / counts.sum()), population_shares=shares, rule="average")


def proportional_allocation(laws, budget, *, population_shares=None) -> GroupAllocation:
    """Sample each group in proportion to its population share (equal shares by default)."""
    laws = _laws(laws)
    n = _budget(budget)
    shares = _shares(population_shares, len(laws))
    return evaluate_allocation(laws, shares * n, population_shares=shares, rule="proportional")
