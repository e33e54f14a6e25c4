r"""Checkers of ``labs/lab03_data_budget.md``, "Spend a data budget", declared as data.

The student writes, in Rolf et al.'s (2021) notation, the fit of a group's law
:math:`L_j = \delta_j + \sigma_j^2 n_j^{-p_j}` to pilot errors, the examples :math:`n_j(t)` each group needs
to reach an error level :math:`t`, the search for the common level at which they use up a budget, and the
allocation under the lab's constraint (a price per example of each group and a minimum number of examples
per group); each is checked as a function against the package on several inputs, with wrong
implementations as mistakes.  The student then chooses what to buy, and the choice is scored by its
consequence (:class:`PurchaseExercise`): its worst-group error under the hidden true laws against the true
constrained optimum.

The hidden truth is ``hidden_subgroup_truth(TRUTH_SEED)``, measured by ``pilot_group_errors(truth,
seed=PILOT_SEED)``; no chapter uses these seeds, and the chapter's scenario (two groups, 10,000 free examples)
differs from the lab's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from scaling_lab.checks.core import CheckResult, check_array, is_unanswered
from scaling_lab.checks.spec import ArrayExercise, FunctionExercise, LazyInputs, Mistake, NumberExercise
from scaling_lab.experiments import (
    LAB3_PILOT_SIZES, SubgroupLaw, allocate_worst_group, allocate_worst_group_constrained, group_counts_for_level,
    group_errors, hidden_subgroup_truth, pilot_group_errors,
)
from scaling_lab.fitting.power_law import fit_power_law, fit_saturating_power_law

__all__ = [
    "TRUTH_SEED", "PILOT_SEED", "COSTS", "BUDGET", "MINIMUM_COUNT", "PURCHASE_REGRET_TOLERANCE",
    "PurchaseExercise", "lab_truth", "lab_pilot", "fitted_table", "laws_from_table", "score_purchase", "EXERCISES",
]

#: The lab's hidden truth is ``hidden_subgroup_truth(TRUTH_SEED)`` ...
TRUTH_SEED = 11
#: ... measured at LAB3_PILOT_SIZES with ``pilot_group_errors(truth, seed=PILOT_SEED)``.
PILOT_SEED = 11
#: Dollars to label one example of the majority, minority A and minority B.
COSTS = (1.0, 2.0, 1.5)
#: The labelling budget, dollars.
BUDGET = 30_000.0
#: Every group gets at least this many new examples.
MINIMUM_COUNT = 2_000.0
#: A purchase is correct when its true worst-group error is at most this fraction above the true optimum's.
PURCHASE_REGRET_TOLERANCE = 0.04
#: A purchase may overspend by at most this many dollars (rounding to whole examples).
_SPEND_SLACK = 2.0


# --------------------------------------------------------------------------- the lab's data
@cache
def lab_truth():
    """The hidden laws, shares and (unused) example budget of the lab's three groups."""
    return hidden_subgroup_truth(TRUTH_SEED)


@cache
def lab_pilot() -> np.ndarray:
    """The pilot errors, one row per group (majority, minority A, minority B)."""
    return pilot_group_errors(lab_truth(), seed=PILOT_SEED)


def _sizes() -> np.ndarray:
    return np.array(LAB3_PILOT_SIZES, dtype=float)


def _shares() -> np.ndarray:
    return np.array(lab_truth().population_shares)


def _law_row(sizes, errors) -> np.ndarray:
    fit = fit_saturating_power_law(sizes, errors)
    return np.array([fit.irreducible_loss, fit.coefficient, fit.decay_exponent])


@cache
def fitted_table() -> np.ndarray:
    r"""The package's fits of the pilots: one row :math:`[\delta_j, \sigma_j^2, p_j]` per group."""
    return np.array([_law_row(_sizes(), row) for row in lab_pilot()])


def laws_from_table(table) -> tuple[SubgroupLaw, ...]:
    r"""Rows :math:`[\delta_j, \sigma_j^2, p_j]` as :class:`SubgroupLaw` objects."""
    return tuple(SubgroupLaw(float(s2), float(p), floor=float(d)) for d, s2, p in np.asarray(table, dtype=float))


@cache
def _true_optimum():
    return allocate_worst_group_constrained(lab_truth().laws, BUDGET, costs=COSTS, minimum_count=MINIMUM_COUNT,
                                            population_shares=_shares())


def score_purchase(counts) -> tuple[float, float, float]:
    """A purchase's dollars spent, fewest examples of a group, and true worst-group regret against the optimum."""
    c = np.asarray(counts, dtype=float).ravel()
    worst = float(group_errors(lab_truth().laws, c).max())
    return float(np.dot(COSTS, c)), float(c.min()), worst / _true_optimum().worst_group_error - 1.0


# --------------------------------------------------------------------------- exercise 1: the fit
def _fit_reference(sizes, errors):
    return _law_row(sizes, errors)


def _pure_fit(sizes, errors):
    fit = fit_power_law(sizes, errors)
    return np.array([0.0, fit.coefficient, fit.decay_exponent])


def _linear_space_fit(sizes, errors):
    """The law fitted by least squares on the errors themselves (not their logs)."""
    from scipy.optimize import least_squares

    x, y = np.asarray(sizes, dtype=float), np.asarray(errors, dtype=float)
    start = _law_row(x, y)
    sol = least_squares(lambda th: th[0] + np.exp(th[1]) * x ** -th[2] - y,
                        [start[0], np.log(start[1]), start[2]], bounds=([0.0, -np.inf, 1e-9], np.inf),
                        x_scale="jac", xtol=1e-14, ftol=1e-14, gtol=1e-14)
    return np.array([sol.x[0], np.exp(sol.x[1]), sol.x[2]])


@cache
def _fit_inputs():
    """Four synthetic pilot studies with planted laws (floors clearly above zero) and 2% noise."""
    rng = np.random.default_rng(311)
    cases = []
    for delta, sigma2, p, sizes in ((0.02, 1.5, 0.5, np.geomspace(100, 3200, 6)),
                                    (0.05, 0.8, 0.35, np.geomspace(50, 6400, 8)),
                                    (0.01, 3.0, 0.6, np.geomspace(200, 6400, 6)),
                                    (0.03, 2.0, 0.3, np.geomspace(100, 12800, 8))):
        errors = (delta + sigma2 * sizes**-p) * np.exp(0.02 * rng.standard_normal(sizes.size))
        cases.append((sizes, errors))
    return tuple(cases)


def _fit_mistakes():
    return (
        Mistake(_pure_fit, "that is a straight line on log-log axes, a law without a floor; the law has a floor "
                           "delta >= 0 fitted with the other two constants"),
        Mistake(lambda s, e: _fit_reference(s, e) * np.array([1.0, 1.0, -1.0]),
                "give p as a positive number: the law is delta + sigma^2 n^(-p)"),
        Mistake(_linear_space_fit, "those constants minimise the squared errors themselves; minimise the squared "
                                   "differences of the logs, so every pilot counts by its relative error"),
    )


# --------------------------------------------------------------------------- exercise 2: the three pilots
def _table_mistakes():
    pure = np.array([_pure_fit(_sizes(), row) for row in lab_pilot()])
    return (
        Mistake(pure, "those are laws without a floor; fit delta + sigma^2 n^(-p) to each group"),
        Mistake(fitted_table()[:, ::-1], "order each row as [delta, sigma^2, p]"),
        Mistake(fitted_table().T, "one row per group (majority, minority A, minority B), one column per constant"),
    )


# --------------------------------------------------------------------------- exercise 3: counts for a level
def _counts_reference(level, laws):
    return group_counts_for_level(laws_from_table(laws), level)


def _counts_by_hand(level, laws, *, floor=True, invert=True):
    d, s2, p = np.asarray(laws, dtype=float).T
    power = 1.0 / p if invert else p
    return (s2 / (level - (d if floor else 0.0))) ** power


_TABLES = (
    np.array([[0.02, 1.5, 0.5], [0.03, 0.9, 0.3], [0.01, 2.0, 0.4]]),
    np.array([[0.0, 1.0, 0.6], [0.05, 2.5, 0.35]]),
    np.array([[0.01, 0.7, 0.65], [0.02, 1.2, 0.28], [0.04, 3.0, 0.45], [0.0, 0.5, 0.5]]),
)
_COUNTS_INPUTS = ((0.1, _TABLES[0]), (0.2, _TABLES[1]), (0.08, _TABLES[2]), (0.06, _TABLES[0]))


def _counts_mistakes():
    return (
        Mistake(lambda t, laws: _counts_by_hand(t, laws, floor=False),
                "the floor is out of reach: it is the gap t - delta that the data must close, not t"),
        Mistake(lambda t, laws: _counts_by_hand(t, laws, invert=False),
                "solve delta + sigma^2 n^(-p) = t for n: the power is 1/p, not p"),
        Mistake(lambda t, laws: _counts_by_hand(t, laws) ** -1.0,
                "the counts grow as the level falls: the ratio is sigma^2 over the gap t - delta"),
    )


# --------------------------------------------------------------------------- exercise 4: the common level
def _level_reference(budget, laws):
    return allocate_worst_group(laws_from_table(laws), budget).worst_group_error


def _level_without_floors(budget, laws):
    table = np.array(laws, dtype=float)
    table[:, 0] = 0.0
    return _level_reference(budget, table)


def _level_of_equal_split(budget, laws):
    table = laws_from_table(laws)
    return float(group_errors(table, np.full(len(table), budget / len(table))).max())


_LEVEL_INPUTS = ((20_000.0, _TABLES[0]), (5_000.0, _TABLES[1]), (100_000.0, _TABLES[2]), (1_000.0, _TABLES[0]))


def _level_mistakes():
    return (
        Mistake(_level_without_floors, "each group's error is delta + sigma^2 n^(-p): keep the floors when you "
                                       "count the examples a level needs"),
        Mistake(_level_of_equal_split, "that is the worst error of an equal split; find the level at which the "
                                       "examples the groups need add up to the budget"),
        Mistake(lambda b, laws: _level_reference(b / len(laws), laws),
                "the examples all the groups need together add up to the budget, not each group's"),
    )


# --------------------------------------------------------------------------- exercise 5: the constrained allocation
def _allocate_reference(budget, laws, costs, minimum):
    return allocate_worst_group_constrained(laws_from_table(laws), budget, costs=costs, minimum_count=minimum).counts


def _allocate_ignoring_costs(budget, laws, costs, minimum):
    return _allocate_reference(budget, laws, np.ones(len(costs)), minimum)


def _allocate_ignoring_minimum(budget, laws, costs, minimum):
    return _allocate_reference(budget, laws, costs, 0.0)


def _allocate_dividing_costs(budget, laws, costs, minimum):
    return _allocate_reference(budget, laws, 1.0 / np.asarray(costs, dtype=float), minimum)


def _allocate_clamp_afterwards(budget, laws, costs, minimum):
    """The allocation without the minimum, then short groups raised to it and the others scaled down to pay."""
    c = np.asarray(costs, dtype=float)
    counts = _allocate_ignoring_minimum(budget, laws, c, minimum)
    short = counts < minimum
    counts = np.where(short, minimum, counts)
    rest = budget - c[short] @ counts[short]
    counts[~short] *= rest / (c[~short] @ counts[~short])
    return counts


_ALLOCATE_INPUTS = (
    (30_000.0, _TABLES[0], np.array([1.0, 2.0, 1.5]), 2_000.0),
    (10_000.0, _TABLES[1], np.array([3.0, 1.0]), 500.0),
    (50_000.0, _TABLES[2], np.array([1.0, 1.0, 4.0, 2.0]), 1_500.0),
    (20_000.0, _TABLES[0], np.array([2.0, 1.0, 1.0]), 3_000.0),
)


def _allocate_mistakes():
    return (
        Mistake(_allocate_ignoring_costs, "the budget is in dollars: the examples times their prices must add "
                                          "up to it"),
        Mistake(_allocate_dividing_costs, "a group's examples cost its price each: multiply the counts by the "
                                          "prices, do not divide"),
        Mistake(_allocate_ignoring_minimum, "some groups get fewer examples than the minimum; no group may get "
                                            "less"),
        Mistake(_allocate_clamp_afterwards, "raising the short groups to the minimum and shrinking the others "
                                            "in proportion leaves the others at different errors; search for "
                                            "the level again with the minimum inside the sum"),
    )


# --------------------------------------------------------------------------- exercise 6: the price of the rule
def _rule_price() -> float:
    laws = laws_from_table(fitted_table())
    ruled = allocate_worst_group_constrained(laws, BUDGET, costs=COSTS, minimum_count=MINIMUM_COUNT)
    free = allocate_worst_group_constrained(laws, BUDGET, costs=COSTS)
    return ruled.worst_group_error / free.worst_group_error


def _rule_price_mistakes():
    laws = laws_from_table(fitted_table())
    ruled = allocate_worst_group_constrained(laws, BUDGET, costs=COSTS, minimum_count=MINIMUM_COUNT)
    free = allocate_worst_group_constrained(laws, BUDGET, costs=COSTS)
    unpriced = allocate_worst_group_constrained(laws, BUDGET, minimum_count=MINIMUM_COUNT)
    unpriced_free = allocate_worst_group_constrained(laws, BUDGET)
    return (
        Mistake(1.0 / _rule_price(), "divide the worst error with the rule by the worst error without it"),
        Mistake(ruled.worst_group_error - free.worst_group_error, "give the ratio of the two worst errors, not "
                                                                  "their difference"),
        Mistake(unpriced.worst_group_error / unpriced_free.worst_group_error,
                "both allocations pay the groups' prices out of the dollar budget"),
    )


# --------------------------------------------------------------------------- exercise 7: the purchase
@dataclass(frozen=True, kw_only=True)
class PurchaseExercise(ArrayExercise):
    """A decision, the examples to buy of each group, scored by its consequence under the hidden truth.

    Correct when the purchase costs at most the budget (plus ``slack`` dollars for rounding), gives every group
    at least ``minimum`` examples (less half an example), and its true worst-group error is at most ``regret_tol``
    above the true constrained optimum's; a known wrong purchase (``mistakes``, matched within ``rel_tol``) gets
    its own hint.
    """

    score: object
    budget: float = BUDGET
    minimum: float = MINIMUM_COUNT
    regret_tol: float = PURCHASE_REGRET_TOLERANCE
    slack: float = _SPEND_SLACK

    def check(self, answer) -> CheckResult:
        if is_unanswered(answer):
            return CheckResult("unanswered")
        form = check_array(answer, np.ones(len(COSTS)), abs_tol=np.inf, name=self.name)  # three finite numbers?
        if not form.correct:
            return form
        counts = np.asarray(answer, dtype=float).ravel()
        if np.any(counts <= 0):
            return CheckResult("wrong", f"{self.name} = {counts}", "every group needs a positive number of examples")
        spent, fewest, regret = self.score(counts)
        shown = (f"{self.name} = {np.round(counts, 1)}: ${spent:,.0f} spent, true worst-group error "
                 f"{regret:+.1%} from the best possible")
        feasible = spent <= self.budget + self.slack and fewest >= self.minimum - 0.5
        if feasible and regret <= self.regret_tol:
            return CheckResult("correct", f"{shown} (within {self.regret_tol:.0%})")
        for mistake in self.mistake_list():
            if np.all(np.abs(counts - mistake.value) <= self.rel_tol * np.abs(mistake.value)):
                return CheckResult("wrong", shown, mistake.hint)
        if spent > self.budget + self.slack:
            return CheckResult("wrong", shown, f"this costs more than the ${self.budget:,.0f} you have")
        if fewest < self.minimum - 0.5:
            return CheckResult("wrong", shown, f"every group must get at least {self.minimum:,.0f} examples")
        return CheckResult("wrong", shown, f"this keeps to the rules, but its true worst-group error is "
                                           f"{regret:.0%} above the best possible; plan with the laws you "
                                           f"fitted, so that the groups above the minimum end at one error level")


def _purchase() -> np.ndarray:
    laws = laws_from_table(fitted_table())
    return allocate_worst_group_constrained(laws, BUDGET, costs=COSTS, minimum_count=MINIMUM_COUNT).counts


def _purchase_mistakes():
    laws = laws_from_table(fitted_table())
    shares, costs = _shares(), np.array(COSTS)
    proportional = shares * BUDGET / (shares @ costs)
    return (
        Mistake(proportional, "that buys the groups in proportion to their population shares; the worst group "
                              "is left far behind"),
        Mistake(allocate_worst_group_constrained(laws, BUDGET, costs=COSTS).counts,
                "that plan ignores the rule: every group must get at least the minimum"),
        Mistake(allocate_worst_group_constrained(laws, BUDGET, minimum_count=MINIMUM_COUNT).counts,
                "that plan buys as many examples as there are dollars; each example costs its group's price"),
        Mistake(_purchase() / _purchase().sum(), "give numbers of examples to buy, not fractions"),
    )


EXERCISES = {
    "lab3-fit": FunctionExercise(
        reference=_fit_reference, test_inputs=LazyInputs(_fit_inputs), mistakes=_fit_mistakes, rel_tol=1e-2,
        abs_tol=1e-4, name="fit_group_law",
        hint="fit delta, sigma^2 and p together by least squares on the logs of the errors, with delta >= 0 and "
             "p > 0, from a few starting floors between 0 and the smallest error; keep the best"),
    "lab3-laws": ArrayExercise(
        expected=fitted_table, mistakes=_table_mistakes, rel_tol=1e-2, abs_tol=1e-4, name="laws",
        hint="fit each row of pilot (one group) against sizes with your function, and stack the three results, "
             "majority first"),
    "lab3-counts": FunctionExercise(
        reference=_counts_reference, test_inputs=_COUNTS_INPUTS, mistakes=_counts_mistakes, rel_tol=1e-9,
        name="counts_for_level",
        hint="solve each group's law, delta + sigma^2 n^(-p) = t, for n"),
    "lab3-level": FunctionExercise(
        reference=_level_reference, test_inputs=_LEVEL_INPUTS, mistakes=_level_mistakes, rel_tol=1e-6,
        name="common_level",
        hint="the examples needed fall as the level rises; bracket the level between the largest floor and a "
             "level that needs fewer examples than the budget, then halve the bracket until the needed examples "
             "add up to the budget"),
    "lab3-allocate": FunctionExercise(
        reference=_allocate_reference, test_inputs=_ALLOCATE_INPUTS, mistakes=_allocate_mistakes, rel_tol=1e-5,
        name="allocate",
        hint="a group that needs fewer than the minimum for a level gets the minimum; search for the level at "
             "which the price of the examples bought, with each group's count at least the minimum, adds up to "
             "the budget"),
    "lab3-rule-price": NumberExercise(
        expected=_rule_price, mistakes=_rule_price_mistakes, rel_tol=1e-3, name="ratio",
        hint="plan the purchase twice under your fitted laws, with the minimum and with no minimum, both with "
             "the prices and the dollar budget, and divide the first worst-group error by the second"),
    "lab3-purchase": PurchaseExercise(
        expected=_purchase, score=score_purchase, mistakes=_purchase_mistakes, rel_tol=1e-2, name="purchase",
        hint="plan with the laws you fitted, under the prices, the dollar budget and the minimum"),
}
