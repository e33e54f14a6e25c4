"""Tests of scaling_lab.experiments.subgroup_budget: the worst-group allocation with prices and a minimum.

Against closed forms (one group's needs, the unpriced optimum of subgroups.allocate_worst_group), against a brute
force search over the feasible purchases, and the bad inputs of both public functions.
"""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

import scaling_lab as sl

LAWS = (sl.SubgroupLaw(1.5, 0.6, floor=0.02), sl.SubgroupLaw(1.2, 0.4, floor=0.025),
        sl.SubgroupLaw(2.8, 0.5, floor=0.015))


def test_counts_solve_each_law_for_the_level():
    counts = sl.group_counts_for_level(LAWS, 0.07)
    for law, n in zip(LAWS, counts):
        assert law.error(n, n) == pytest.approx(0.07, rel=1e-12)


def test_unit_prices_and_no_minimum_give_the_unpriced_optimum():
    plain = sl.allocate_worst_group(LAWS, 15_000)
    ours = sl.allocate_worst_group_constrained(LAWS, 15_000)
    np.testing.assert_allclose(ours.counts, plain.counts, rtol=1e-9)


def test_the_optimum_beats_every_feasible_purchase_found_by_brute_force():
    costs, budget, minimum = np.array([1.0, 2.0, 1.5]), 30_000.0, 2_000.0
    plan = sl.allocate_worst_group_constrained(LAWS, budget, costs=costs, minimum_count=minimum)
    assert costs @ plan.counts == pytest.approx(budget, rel=1e-9)
    assert plan.counts.min() >= minimum - 1e-9

    def worst_given(n0, n1):
        n2 = (budget - costs[0] * n0 - costs[1] * n1) / costs[2]
        if n2 < minimum:
            return np.inf
        return sl.group_errors(LAWS, [n0, n1, n2]).max()

    def best_over_n1(n0):
        top = (budget - costs[0] * n0 - costs[2] * minimum) / costs[1]
        return minimize_scalar(lambda n1: worst_given(n0, n1), bounds=(minimum, top), method="bounded",
                               options={"xatol": 1e-3}).fun

    grid = np.linspace(minimum, 8_000, 241)
    brute = min(best_over_n1(n0) for n0 in grid)
    # The brute force searches a grid of majority counts (25 examples apart), so it can only be a little worse.
    assert plan.worst_group_error <= brute + 1e-9
    assert brute == pytest.approx(plan.worst_group_error, rel=1e-3)


def test_groups_above_the_minimum_share_one_level_and_those_at_it_end_below():
    plan = sl.allocate_worst_group_constrained(LAWS, 30_000, costs=[1.0, 2.0, 1.5], minimum_count=2_000)
    free = plan.counts > 2_000 + 1e-6
    assert free.sum() >= 2 and (~free).sum() >= 1
    np.testing.assert_allclose(plan.errors[free], plan.worst_group_error, rtol=1e-9)
    assert np.all(plan.errors[~free] < plan.worst_group_error)


@pytest.mark.parametrize("kwargs, match", [
    (dict(costs=[1.0, np.nan, 1.0]), "costs"),
    (dict(costs=[1.0, -2.0, 1.0]), "costs"),
    (dict(costs=[1.0, 2.0]), "costs"),
    (dict(minimum_count=-1.0), "minimum_count"),
    (dict(minimum_count=np.inf), "minimum_count"),
    (dict(minimum_count=5_000.0), "minimums"),
])
def test_bad_constraints_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        sl.allocate_worst_group_constrained(LAWS, 10_000, **kwargs)


@pytest.mark.parametrize("budget", [0.0, -5.0, np.nan, np.inf])
def test_bad_budgets_are_refused(budget):
    with pytest.raises(ValueError, match="budget"):
        sl.allocate_worst_group_constrained(LAWS, budget)


def test_bad_laws_and_levels_are_refused():
    with pytest.raises(ValueError, match="at least 2"):
        sl.allocate_worst_group_constrained(LAWS[:1], 1_000)
    with pytest.raises(ValueError, match="SubgroupLaw"):
        sl.group_counts_for_level([LAWS[0], (1.0, 0.5)], 0.1)
    with pytest.raises(ValueError, match="shared term"):
        sl.allocate_worst_group_constrained([LAWS[0], sl.SubgroupLaw(1.0, 0.5, shared_coefficient=0.3)], 1_000)
    with pytest.raises(ValueError, match="above every group's floor"):
        sl.group_counts_for_level(LAWS, 0.02)
    for level in (0.0, -0.1, np.nan, np.inf):
        with pytest.raises(ValueError, match="level"):
            sl.group_counts_for_level(LAWS, level)
