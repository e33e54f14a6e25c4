r"""Spending a priced data budget on subgroups, with a minimum per group: the reference of
``labs/lab03_data_budget.md`` ("Spend a data budget").

Group j's error follows Rolf, Worledge, Recht and Jordan's (2021) law without its shared term,
:math:`L_j(n_j) = \delta_j + \sigma_j^2 n_j^{-p_j}` (:class:`~scaling_lab.experiments.subgroups.SubgroupLaw`).
An example of group j costs :math:`c_j` (money, annotator hours), the budget is :math:`K` in the same
unit, and every group gets at least :math:`n_{\min}` examples.  The worst group's error is smallest when
every group that gets more than the minimum ends at one common level :math:`t`:

- :func:`group_counts_for_level` gives the examples :math:`n_j(t) = \big(\sigma_j^2/(t - \delta_j)\big)^{1/p_j}`
  each group needs to reach :math:`t`;
- :func:`allocate_worst_group_constrained` finds the smallest :math:`t` with
  :math:`\sum_j c_j \max\{n_j(t), n_{\min}\} = K` (:func:`scipy.optimize.brentq` on
  :math:`\log(t - \max_j \delta_j)`).  With unit costs and no minimum it is
  :func:`~scaling_lab.experiments.subgroups.allocate_worst_group`.
"""

from __future__ import annotations

import math

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_float_array, as_positive_scalar
from scaling_lab.experiments.subgroups import GroupAllocation, SubgroupLaw, evaluate_allocation

optimize = lazy_module("scipy.optimize")

__all__ = ["group_counts_for_level", "allocate_worst_group_constrained"]


def _own_data_laws(laws) -> tuple[SubgroupLaw, ...]:
    """The laws, checked: at least two SubgroupLaw without a shared term."""
    laws = tuple(laws)
    if len(laws) < 2:
        raise ValueError(f"laws must hold at least 2 groups; got {len(laws)}")
    for i, law in enumerate(laws):
        if not isinstance(law, SubgroupLaw):
            raise ValueError(f"laws[{i}] must be a SubgroupLaw; got {type(law).__name__}")
        if law.shared_coefficient != 0:
            raise ValueError(f"laws[{i}] has a shared term (shared_coefficient={law.shared_coefficient!r}); "
                             "with priced examples the total is not fixed, so only laws of a group's own data "
                             "are supported")
    return laws


def _constants(laws):
    floors = np.array([law.floor for law in laws])
    coefficients = np.array([law.group_coefficient for law in laws])
    exponents = np.array([law.group_exponent for law in laws])
    return floors, coefficients, exponents


def group_counts_for_level(laws, level) -> np.ndarray:
    r"""The examples each group needs for its error to fall to ``level``.

    .. math:: n_j(t) = \left(\frac{\sigma_j^2}{t - \delta_j}\right)^{1/p_j}

    Parameters
    ----------
    laws : sequence of SubgroupLaw
        At least two groups, without a shared term.
    level : float
        The error level t, above every group's floor :math:`\delta_j` (no amount of data goes below it).

    Returns
    -------
    numpy.ndarray
        One count per group (continuous).
    """
    laws = _own_data_laws(laws)
    t = as_positive_scalar(level, "level")
    floors, coefficients, exponents = _constants(laws)
    if t <= floors.max():
        raise ValueError(f"level must be above every group's floor (largest {floors.max():.4g}); got {t!r}")
    return (coefficients / (t - floors)) ** (1.0 / exponents)


def allocate_worst_group_constrained(laws, budget, *, costs=None, minimum_count=0.0,
                                     population_shares=None) -> GroupAllocation:
    r"""The allocation minimising the worst group's error when examples have prices and a minimum.

    Every group j gets :math:`n_j = \max\{n_j(t), n_{\min}\}` examples, with t the root of
    :math:`\sum_j c_j \max\{n_j(t), n_{\min}\} = K` (module docstring).  The groups held at the minimum end
    below t; every other group ends at t, the worst-group error.

    Parameters
    ----------
    laws : sequence of SubgroupLaw
        At least two groups, without a shared term.
    budget : float
        The budget K, > 0, in the unit of ``costs`` (examples when the costs are 1).
    costs : array_like, optional
        The price of one example of each group, > 0. Default 1 each.
    minimum_count : float, optional
        The fewest examples any group gets, >= 0. Default 0. The minimums must fit in the budget,
        :math:`n_{\min} \sum_j c_j < K`.
    population_shares : array_like, optional
        Only used for the reported ``average_error``. Default equal shares.

    Returns
    -------
    GroupAllocation
        ``counts`` per group; its ``budget`` field is their sum (examples, not money).
    """
    laws = _own_data_laws(laws)
    money = as_positive_scalar(budget, "budget")
    if costs is None:
        c = np.ones(len(laws))
    else:
        c = as_float_array(costs, "costs").ravel()
        if c.size != len(laws):
            raise ValueError(f"costs must have one value per group ({len(laws)}); got {c.size}")
        if np.any(c <= 0):
            raise ValueError(f"costs must be > 0; got {c}")
    floor_count = as_positive_scalar(minimum_count, "minimum_count", allow_zero=True)
    if floor_count * c.sum() >= money:
        raise ValueError(f"the minimums cost {floor_count * c.sum():.6g}, which leaves nothing of budget={money:g}")
    floors, coefficients, exponents = _constants(laws)
    base = floors.max()

    def counts_at(u):
        return np.maximum((coefficients / (base + math.exp(u) - floors)) ** (1.0 / exponents), floor_count)

    def excess(u):
        total = float(c @ counts_at(u))
        return math.log(total) - math.log(money) if total > 0 else -math.inf

    lo, hi = -1.0, 1.0
    while excess(lo) < 0:
        lo -= 2.0 * abs(lo)
    while excess(hi) > 0:
        hi += 2.0 * abs(hi)
    counts = counts_at(optimize.brentq(excess, lo, hi, xtol=1e-14, rtol=1e-14))
    return evaluate_allocation(laws, counts, population_shares=population_shares, rule="worst group, constrained")
