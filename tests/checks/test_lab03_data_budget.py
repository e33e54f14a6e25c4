"""Tests of scaling_lab.checks.lab03_data_budget, the checkers of ``labs/lab03_data_budget.md``: its expected
answers against independent computations and against the planted truth they are scored on.

The lab's story must hold for its seed: the pilots' fits recover the planted laws roughly, a purchase planned
from them lands within the stated tolerance of the true optimum, proportional sampling does not, and the minimum
rule costs the worst group little.  The contract every lab's checkers keep (placeholder, junk, mistakes, hints)
is proven for all labs by tests/checks/test_registry.py.
"""

import warnings

import numpy as np
import pytest
from scipy.optimize import brentq, curve_fit

import scaling_lab as sl
from scaling_lab.checks import lab03_data_budget as lab
from scaling_lab.checks.lab03_data_budget import EXERCISES

SIZES = np.array(sl.LAB3_PILOT_SIZES, dtype=float)


def fit_by_curve_fit(sizes, errors):
    """An independent fit: SciPy's curve_fit on the log errors from a grid of starting floors."""
    log_y = np.log(errors)
    best, best_sse = None, np.inf
    for fraction in np.linspace(0.0, 0.95, 20):
        start = [fraction * errors.min(), np.log(errors[0] * sizes[0] ** 0.5), 0.5]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                theta, _ = curve_fit(lambda n, d, ls, p: np.log(d + np.exp(ls) * n ** -p), sizes, log_y, p0=start,
                                     bounds=([0.0, -np.inf, 1e-6], [np.inf, np.inf, 5.0]), maxfev=20_000)
            except RuntimeError:
                continue
        sse = np.sum((np.log(theta[0] + np.exp(theta[1]) * sizes ** -theta[2]) - log_y) ** 2)
        if sse < best_sse:
            best, best_sse = theta, sse
    return np.array([best[0], np.exp(best[1]), best[2]])


def level_by_hand(table, costs, budget, minimum):
    """The common level of the priced, floored allocation, by brentq on the level itself."""
    d, s2, p = np.asarray(table).T

    def spent(t):
        return np.asarray(costs) @ np.maximum((s2 / (t - d)) ** (1 / p), minimum) - budget

    return brentq(spent, d.max() + 1e-12, 10.0, xtol=1e-15, rtol=1e-14)


def test_the_pilot_fits_agree_with_an_independent_fit_and_roughly_recover_the_planted_laws():
    table = EXERCISES["lab3-laws"].answer()
    independent = np.array([fit_by_curve_fit(SIZES, row) for row in lab.lab_pilot()])
    np.testing.assert_allclose(table, independent, rtol=1e-3, atol=1e-5)
    truth = lab.lab_truth().laws
    planted = np.array([[law.floor, law.group_coefficient, law.group_exponent] for law in truth])
    # Six pilots with 2% noise: exponents within 0.05 and floors within 0.006 of the planted ones (measured
    # 0.033 and 0.0054 at most), and the groups rank by exponent as in the truth.
    assert np.max(np.abs(table[:, 2] - planted[:, 2])) < 0.05
    assert np.max(np.abs(table[:, 0] - planted[:, 0])) < 0.006
    assert np.argsort(table[:, 2]).tolist() == np.argsort(planted[:, 2]).tolist()


def test_the_fit_exercise_inputs_have_interior_floors_near_the_planted_ones():
    planted_floors = (0.02, 0.05, 0.01, 0.03)
    for (sizes, errors), floor in zip(EXERCISES["lab3-fit"].test_inputs, planted_floors):
        ours = EXERCISES["lab3-fit"].reference(sizes, errors)
        assert ours[0] > 0  # the optimum is inside the bounds, where any correct fit agrees
        np.testing.assert_allclose(ours, fit_by_curve_fit(sizes, errors), rtol=1e-3, atol=1e-5)


def test_the_level_and_allocation_references_agree_with_brentq_on_the_level():
    spec = EXERCISES["lab3-allocate"]
    for budget, table, costs, minimum in spec.test_inputs:
        t = level_by_hand(table, costs, budget, minimum)
        d, s2, p = np.asarray(table).T
        np.testing.assert_allclose(spec.reference(budget, table, costs, minimum),
                                   np.maximum((s2 / (t - d)) ** (1 / p), minimum), rtol=1e-8)
    level = EXERCISES["lab3-level"]
    for budget, table in level.test_inputs:
        assert level.reference(budget, table) == pytest.approx(
            level_by_hand(table, np.ones(len(table)), budget, 0.0), rel=1e-9)


def test_the_price_of_the_rule_is_small_and_computed_by_hand():
    table = lab.fitted_table()
    d, s2, p = table.T
    worst = [level_by_hand(table, lab.COSTS, lab.BUDGET, m) for m in (lab.MINIMUM_COUNT, 0.0)]
    assert EXERCISES["lab3-rule-price"].answer() == pytest.approx(worst[0] / worst[1], rel=1e-8)
    assert 1.0 < EXERCISES["lab3-rule-price"].answer() < 1.02  # measured 1.012


def test_the_purchase_planned_from_pilots_is_within_tolerance_and_proportional_sampling_is_not():
    purchase = EXERCISES["lab3-purchase"].answer()
    spent, fewest, regret = lab.score_purchase(purchase)
    assert spent == pytest.approx(lab.BUDGET) and fewest == pytest.approx(lab.MINIMUM_COUNT)
    assert 0.0 < regret < lab.PURCHASE_REGRET_TOLERANCE  # measured 1.7%
    assert sl.check("lab3-purchase", np.floor(purchase)).correct  # rounded down, as the lab's solution does
    shares, costs = np.array(lab.lab_truth().population_shares), np.array(lab.COSTS)
    proportional = shares * lab.BUDGET / (shares @ costs)
    assert lab.score_purchase(proportional)[2] > 0.5  # measured 64%
    assert not sl.check("lab3-purchase", proportional).correct


def test_the_true_optimum_keeps_the_rules_and_equalises_the_free_groups():
    optimum = sl.allocate_worst_group_constrained(lab.lab_truth().laws, lab.BUDGET, costs=lab.COSTS,
                                                  minimum_count=lab.MINIMUM_COUNT)
    spent, fewest, regret = lab.score_purchase(optimum.counts)
    assert spent == pytest.approx(lab.BUDGET) and fewest >= lab.MINIMUM_COUNT - 1e-9 and abs(regret) < 1e-12
    free = optimum.counts > lab.MINIMUM_COUNT + 1e-6
    assert free.tolist() == [False, True, True]  # the majority is held at the minimum
    np.testing.assert_allclose(optimum.errors[free], optimum.worst_group_error, rtol=1e-9)


def test_a_purchase_that_breaks_a_rule_is_told_which():
    spec = EXERCISES["lab3-purchase"]
    purchase = spec.answer()
    over = spec.check(purchase * 1.05)
    assert over.status == "wrong" and "more than" in over.hint
    short = purchase.copy()
    short[0] = 1_000.0
    result = spec.check(short)
    assert result.status == "wrong" and "at least" in result.hint
