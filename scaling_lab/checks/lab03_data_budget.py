"""Checkers of ``labs/lab03_data_budget.md``, "Spend a data budget", declared as data.

The hidden truth, the pilot measurements and every expected value come from the same package calls and
seeds as the lab; each exercise lists its typical mistakes with their own hints.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from scaling_lab.checks.spec import ArrayExercise, Mistake, NumberExercise
from scaling_lab.experiments import (
    LAB3_PILOT_SIZES, SubgroupLaw, allocate_average, allocate_worst_group, evaluate_allocation,
    hidden_subgroup_truth, pilot_group_errors, proportional_allocation, score_against_truth,
)
from scaling_lab.fitting.power_law import fit_power_law, fit_saturating_power_law

__all__ = ["TRUTH_SEED", "PILOT_SEED", "EXERCISES"]

#: The lab's hidden truth is ``hidden_subgroup_truth(TRUTH_SEED)``, measured with ``pilot_group_errors(truth,
#: seed=PILOT_SEED)`` at :data:`~scaling_lab.experiments.subgroup_lab.LAB3_PILOT_SIZES`.
TRUTH_SEED = 3
PILOT_SEED = 3


@cache
def _truth():
    return hidden_subgroup_truth(TRUTH_SEED)


@cache
def _pilot() -> np.ndarray:
    return pilot_group_errors(_truth(), seed=PILOT_SEED)


def _sizes() -> np.ndarray:
    return np.array(LAB3_PILOT_SIZES, dtype=float)


@cache
def _saturating_fits():
    return tuple(fit_saturating_power_law(_sizes(), row) for row in _pilot())


@cache
def _fitted_laws() -> tuple[SubgroupLaw, ...]:
    return tuple(SubgroupLaw(f.coefficient, f.decay_exponent, floor=f.irreducible_loss) for f in _saturating_fits())


@cache
def _power_laws() -> tuple[SubgroupLaw, ...]:
    fits = (fit_power_law(_sizes(), row) for row in _pilot())
    return tuple(SubgroupLaw(f.coefficient, f.decay_exponent) for f in fits)


def _shares() -> np.ndarray:
    return np.array(_truth().population_shares)


@cache
def _plan():
    return allocate_worst_group(_fitted_laws(), _truth().budget, population_shares=_shares())


@cache
def _score():
    return score_against_truth(_truth(), _plan().counts)


# --------------------------------------------------------------------------- exercise 1
def _exponents() -> np.ndarray:
    return np.array([f.decay_exponent for f in _saturating_fits()])


def _exponent_mistakes():
    pure = np.array([law.group_exponent for law in _power_laws()])
    return (
        Mistake(-_exponents(), "report each exponent alpha as a positive number: the law is E + A * n**(-alpha)"),
        Mistake(pure, 'those are pure power-law exponents; fit a power law with a floor, error = E + A n^-alpha, '
                      'and report alpha'),
        Mistake(-pure, 'those are pure power-law slopes; fit a power law with a floor, error = E + A n^-alpha, and '
                       'report alpha'),
    )


# --------------------------------------------------------------------------- exercise 2
def _proportional_worst() -> float:
    return proportional_allocation(_fitted_laws(), _truth().budget, population_shares=_shares()).worst_group_error


def _proportional_mistakes():
    laws, budget, shares = _fitted_laws(), _truth().budget, _shares()
    proportional = proportional_allocation(laws, budget, population_shares=shares)
    return (
        Mistake(proportional.average_error, "that is the population-weighted average error; give the worst group's"),
        Mistake(float(proportional.errors.min()), "that is the best group's error; give the worst group's"),
        Mistake(evaluate_allocation(laws, shares).worst_group_error,
                "multiply the shares by the budget: each group gets share * 20,000 points, not share points"),
        Mistake(evaluate_allocation(laws, np.full(3, budget / 3)).worst_group_error,
                "that is an equal split; proportional sampling gives each group its population share"),
    )


# --------------------------------------------------------------------------- exercise 3
def _fractions() -> np.ndarray:
    return np.asarray(_plan().fractions)


def _fraction_mistakes():
    laws, budget, shares = _fitted_laws(), _truth().budget, _shares()
    return (
        Mistake(shares, "those are the population shares (proportional sampling); minimise the worst group's error"),
        Mistake(np.full(3, 1 / 3), "an equal split is not the optimum: the groups learn at different rates"),
        Mistake(allocate_average(laws, budget, population_shares=shares).fractions,
                "that minimises the average error; the exercise asks to minimise the worst group's error"),
        Mistake(_plan().counts, "give fractions of the budget (they sum to 1), not numbers of points"),
    )


# --------------------------------------------------------------------------- exercise 4
def _improvement() -> float:
    score = _score()
    return score.student.worst_group_error / score.proportional.worst_group_error


def _improvement_mistakes():
    score, laws, budget, shares = _score(), _fitted_laws(), _truth().budget, _shares()
    predicted = _plan().worst_group_error / proportional_allocation(
        laws, budget, population_shares=shares).worst_group_error
    return (
        Mistake(1 / _improvement(), "that is proportional divided by yours; divide yours by proportional's"),
        Mistake(1 - _improvement(), "give the ratio of the two errors, not the fraction saved"),
        Mistake(predicted, 'that is the ratio your fitted laws predict; score both allocations against the hidden '
                           'truth'),
        Mistake(score.regret, "that is the regret against the true optimum; compare with proportional sampling"),
    )


# --------------------------------------------------------------------------- exercise 5
def _average_cost() -> float:
    score = _score()
    return score.student.average_error / score.proportional.average_error


def _average_cost_mistakes():
    score = _score()
    return (
        Mistake(1 / _average_cost(), "that is proportional divided by yours; divide yours by proportional's"),
        Mistake(float(np.mean(score.student.errors) / np.mean(score.proportional.errors)),
                "weight each group's error by its population share (the .average_error of each allocation)"),
        Mistake(score.student.average_error - score.proportional.average_error,
                "give the ratio of the two average errors, not their difference"),
        Mistake(score.student.worst_group_error / score.proportional.worst_group_error,
                "that is the ratio of the worst-group errors (exercise 4); compare the average errors"),
    )


EXERCISES = {
    "lab3-exponents": ArrayExercise(
        expected=_exponents, mistakes=_exponent_mistakes, rel_tol=1e-2, name="exponents",
        hint='for each group (each row of pilot), fit a power law with a floor, error = E + A n^-alpha, and report '
             'alpha'),
    "lab3-proportional": NumberExercise(
        expected=_proportional_worst, mistakes=_proportional_mistakes, rel_tol=1e-3, name="worst-group error",
        hint='the worst-group error, under the laws you fitted, of the allocation proportional to the population '
             'shares'),
    "lab3-allocation": ArrayExercise(
        expected=_fractions, mistakes=_fraction_mistakes, rel_tol=0.0, abs_tol=5e-3, name="fractions",
        hint='choose the fractions (summing to 1) that make the largest fitted group error smallest, with the '
             'stated budget and population shares; at such an optimum the groups that get data end with equal '
             'fitted errors'),
    "lab3-improvement": NumberExercise(
        expected=_improvement, mistakes=_improvement_mistakes, rel_tol=1e-2, name="ratio",
        hint="score both allocations against the hidden truth, not your fitted laws, then divide your allocation's "
             "true worst-group error by the proportional allocation's"),
    "lab3-average-cost": NumberExercise(
        expected=_average_cost, mistakes=_average_cost_mistakes, rel_tol=1e-2, name="ratio",
        hint="with the same score, divide score.student.average_error by score.proportional.average_error"),
}
