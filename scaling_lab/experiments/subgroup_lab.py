r"""Subgroup learning curves, simulated and hidden: the data of ``book/data_composition.md`` and
``labs/lab03_data_budget.md`` ("Spend a data budget").

:func:`subgroup_learning_curves` trains one box-averaging model per group (groups of different
intrinsic dimension, :class:`scaling_lab.experiments.manifold_data.ManifoldData`) and shows that each
group's error follows its own power law, :math:`L_j \approx \sigma_j^2 n_j^{-p_j}` with
:math:`p_j \approx 2/(k_j + 2)`; it returns the fitted :class:`~scaling_lab.experiments.subgroups.SubgroupLaw`.

:func:`hidden_subgroup_truth` draws, from a seed, three groups' laws (with floors), their population
shares and a budget; :func:`pilot_group_errors` measures noisy errors at small pilot sizes, as a
student would.  The student fits each group's law, allocates the budget with
:func:`~scaling_lab.experiments.subgroups.allocate_worst_group`, and is scored against the truth with
:func:`score_against_truth`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.experiments._sizes import sample_size_grid
from scaling_lab.experiments.box_regression import BoxRegressionCurves, box_regression_curves
from scaling_lab.experiments.manifold_data import ManifoldData
from scaling_lab.experiments.subgroups import (
    GroupAllocation, SubgroupLaw, allocate_worst_group, evaluate_allocation, proportional_allocation,
)

__all__ = [
    "SubgroupCurves", "subgroup_learning_curves", "SubgroupTruth", "hidden_subgroup_truth",
    "pilot_group_errors", "TruthScore", "score_against_truth", "LAB3_PILOT_SIZES",
]

#: Pilot sizes per group for ``labs/lab03_data_budget.md``: six sizes from 100 to 3200 points (factor 2).
LAB3_PILOT_SIZES = (100, 200, 400, 800, 1600, 3200)


@dataclass(frozen=True)
class SubgroupCurves:
    """Per-group learning curves (``curves[j]``, a BoxRegressionCurves) and the fitted ``laws[j]``."""

    curves: tuple[BoxRegressionCurves, ...] = field(repr=False)
    laws: tuple[SubgroupLaw, ...]


def subgroup_learning_curves(groups, sample_sizes=(256, 512, 1024, 2048, 4096, 8192), *, n_trials=3,
                             seed=0) -> SubgroupCurves:
    r"""Train a box-averaging model on each group's own data and fit its law :math:`\sigma_j^2 n_j^{-p_j}`.

    Parameters
    ----------
    groups : sequence of ManifoldData
        One data distribution per group (e.g. intrinsic dimensions 1 and 3), at least two.
    sample_sizes : array_like, optional
        Points per group, integers >= 2, at least 3 distinct. Default 256 ... 8192.
    n_trials : int, optional
        Trials per group, >= 2. Default 3.
    seed : int, optional
        Group j uses seed ``seed + j``. Default 0.

    Returns
    -------
    SubgroupCurves
        The laws have ``group_coefficient`` and ``group_exponent`` from
        :func:`scaling_lab.fitting.fit_power_law` (floor and shared term 0).
    """
    groups = tuple(groups)
    if len(groups) < 2 or not all(isinstance(g, ManifoldData) for g in groups):
        raise ValueError("groups must be a sequence of at least 2 ManifoldData")
    n = sample_size_grid(sample_sizes, minimum=2)
    seed = as_int(seed, "seed", minimum=0)
    curves = tuple(box_regression_curves(g, n, n_trials=n_trials, seed=seed + j) for j, g in enumerate(groups))
    laws = tuple(SubgroupLaw(c.fit.coefficient, -c.exponent, name=f"group {j} (k={g.dimension})")
                 for j, (c, g) in enumerate(zip(curves, groups)))
    return SubgroupCurves(curves, laws)


@dataclass(frozen=True)
class SubgroupTruth:
    """The hidden laws of ``labs/lab03_data_budget.md``, the groups' population shares and the data budget
    (repr hides the laws)."""

    laws: tuple[SubgroupLaw, ...] = field(repr=False)
    population_shares: tuple[float, ...]
    budget: float
    seed: int

    def __repr__(self) -> str:
        shares = ", ".join(f"{s:.2f}" for s in self.population_shares)
        return f"SubgroupTruth({len(self.laws)} groups, population shares [{shares}], budget={self.budget:g}, laws hidden)"


def hidden_subgroup_truth(seed=3) -> SubgroupTruth:
    r"""Three groups with seeded laws :math:`L_j = \delta_j + \sigma_j^2 n_j^{-p_j}`, shares and a budget.

    A majority (share 0.7-0.8) that learns fast, and two minorities; exponents :math:`p_j` in
    [0.25, 0.7], coefficients :math:`\sigma_j^2` in [0.5, 3], floors :math:`\delta_j` in [0.005, 0.03];
    budget 20,000 points.  The shared term of Rolf et al. is left out, so a group's pilot error depends
    on its own data only.
    """
    seed = as_int(seed, "seed", minimum=0)
    rng = np.random.default_rng([seed, 2021])
    majority = rng.uniform(0.7, 0.8)
    minority = rng.dirichlet([2.0, 2.0]) * (1 - majority)
    exponents = np.array([rng.uniform(0.5, 0.7), rng.uniform(0.25, 0.45), rng.uniform(0.3, 0.55)])
    coefficients = rng.uniform(0.5, 3.0, size=3)
    floors = rng.uniform(0.005, 0.03, size=3)
    names = ("majority", "minority A", "minority B")
    laws = tuple(SubgroupLaw(float(c), float(p), floor=float(f), name=nm)
                 for c, p, f, nm in zip(coefficients, exponents, floors, names))
    return SubgroupTruth(laws, tuple(float(v) for v in (majority, *minority)), 20000.0, seed)


def pilot_group_errors(truth, pilot_sizes=LAB3_PILOT_SIZES, *, measurement_noise=0.02, seed=0) -> np.ndarray:
    r"""Noisy pilot measurements of each group's error, shape (n_groups, n_sizes).

    Group j trained on ``pilot_sizes[i]`` of its own points scores
    :math:`L_j(n_i)\,e^{s\varepsilon}`, :math:`\varepsilon \sim N(0,1)`, with s = ``measurement_noise``
    (the scatter of a test-set estimate and of training randomness; default 0.02).
    """
    if not isinstance(truth, SubgroupTruth):
        raise ValueError(f"truth must be a SubgroupTruth; got {type(truth).__name__}")
    n = sample_size_grid(pilot_sizes, minimum=1)
    s = as_positive_scalar(measurement_noise, "measurement_noise", allow_zero=True)
    rng = np.random.default_rng(seed)
    clean = np.array([[law.error(size, size) for size in n] for law in truth.laws])
    return clean * np.exp(s * rng.standard_normal(clean.shape))


@dataclass(frozen=True)
class TruthScore:
    """A student's allocation scored under the true laws, beside the true optimum and proportional sampling."""

    student: GroupAllocation
    optimum: GroupAllocation
    proportional: GroupAllocation
    regret: float

    def __repr__(self) -> str:
        return (f"TruthScore(worst-group error {self.student.worst_group_error:.4g} vs optimum "
                f"{self.optimum.worst_group_error:.4g} (regret {100 * self.regret:.2f}%), proportional "
                f"{self.proportional.worst_group_error:.4g})")


def score_against_truth(truth, counts) -> TruthScore:
    """Score an allocation of ``truth.budget`` points: its true worst-group error and its regret.

    ``regret`` is the relative excess of the worst-group error over the true optimum's. The counts are
    rescaled to the budget (so fractions are accepted too).
    """
    if not isinstance(truth, SubgroupTruth):
        raise ValueError(f"truth must be a SubgroupTruth; got {type(truth).__name__}")
    c = np.asarray(evaluate_allocation(truth.laws, counts).fractions) * truth.budget
    student = evaluate_allocation(truth.laws, c, population_shares=truth.population_shares, rule="student")
    optimum = allocate_worst_group(truth.laws, truth.budget, population_shares=truth.population_shares)
    proportional = proportional_allocation(truth.laws, truth.budget, population_shares=truth.population_shares)
    regret = student.worst_group_error / optimum.worst_group_error - 1.0
    return TruthScore(student, optimum, proportional, float(regret))
