"""Tests of scaling_lab.allocation.data_cost: the best split of a budget when training tokens have a price.

With a free token the split must be Hoffmann et al.'s closed-form compute-optimal one (eq. 4) to the
tolerance of the one-dimensional search; the budget must be spent exactly; dearer data must buy a
larger model and fewer tokens; and no other point of the cost curve may have a lower loss.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.reference import HOFFMANN_2022


def test_free_data_gives_the_compute_optimal_split():
    budgets = np.array([1e19, 1e21, 1e23])
    split = sl.cost_optimal_allocation(budgets, 0.0)
    n_opt, d_opt = sl.compute_optimal(budgets)
    np.testing.assert_allclose(split.n_params, n_opt, rtol=1e-6)
    np.testing.assert_allclose(split.n_tokens, d_opt, rtol=1e-6)
    np.testing.assert_allclose(split.data_cost_flops, 0.0)


def test_budget_is_spent_and_dearer_data_buys_a_larger_model():
    costs = np.array([0.0, 1e9, 1e10, 1e11, 1e12])
    split = sl.cost_optimal_allocation(1e21, costs)
    np.testing.assert_allclose(split.compute_flops + split.data_cost_flops, 1e21, rtol=1e-12)
    np.testing.assert_allclose(split.n_tokens, sl.iso_cost_tokens(split.n_params, 1e21, costs), rtol=1e-12)
    assert np.all(np.diff(split.n_params) > 0) and np.all(np.diff(split.n_tokens) < 0)
    assert np.all(np.diff(split.loss) > 0)  # a dearer token never helps


def test_no_point_of_the_cost_curve_beats_the_optimum():
    n = np.geomspace(1e6, 1e13, 4001)
    for cost in (0.0, 3e10):
        best = sl.cost_optimal_allocation(1e21, cost)
        along = sl.chinchilla_loss(n, sl.iso_cost_tokens(n, 1e21, cost), HOFFMANN_2022)
        assert best.loss <= along.min() + 1e-12


def test_a_fit_can_be_passed_as_params():
    fit = sl.ChinchillaFit(E=1.5, A=4.0, B=12.0, alpha=0.2, beta=0.22, objective=0.0, n_points=16, mode="fast",
                           n_starts=1)
    split = sl.cost_optimal_allocation(1e10, 1e4, params=fit)
    assert split.loss == pytest.approx(float(fit.predict(split.n_params, split.n_tokens)))


@pytest.mark.parametrize("kwargs, name", [
    ({"budget_flops": 5.0, "token_cost_flops": 0.0}, "budget_flops"),
    ({"budget_flops": np.nan, "token_cost_flops": 0.0}, "budget_flops"),
    ({"budget_flops": 1e20, "token_cost_flops": -1.0}, "token_cost_flops"),
    ({"budget_flops": [1e20, 1e21], "token_cost_flops": [0.0, 1.0, 2.0]}, "budget_flops, token_cost_flops"),
    ({"budget_flops": 1e20, "token_cost_flops": 0.0, "params": object()}, "params"),
])
def test_bad_input_names_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sl.cost_optimal_allocation(**kwargs)


def test_iso_cost_tokens_bad_input():
    with pytest.raises(ValueError, match="n_params"):
        sl.iso_cost_tokens(0.0, 1e20)
    with pytest.raises(ValueError, match="token_cost_flops"):
        sl.iso_cost_tokens(1e9, 1e20, np.inf)


def test_a_kaplan_law_keeps_the_best_size_whatever_the_price():
    """In eq. 1.5, D enters as D_c/D = D_c (6N + c)/K, so the price only adds a constant: N* is unchanged."""
    law = sl.KaplanJointFit(n_c=5e8, d_c=9e8, alpha_n=0.09, alpha_d=0.12, n_c_ci=(0, 0), d_c_ci=(0, 0),
                            alpha_n_stderr=0.0, alpha_d_stderr=0.0, alpha_n_ci=(0, 0), alpha_d_ci=(0, 0),
                            n_points=16, rms_log_residual=0.0)
    split = sl.cost_optimal_allocation(1e10, [0.0, 1e4, 1e5], params=law)
    np.testing.assert_allclose(split.n_params, split.n_params[0], rtol=1e-6)
    r = law.alpha_n / law.alpha_d  # closed form: N* = (r N_c^r K / (6 D_c))^(1 / (1 + r))
    assert split.n_params[0] == pytest.approx((r * law.n_c**r * 1e10 / (6 * law.d_c)) ** (1 / (1 + r)), rel=1e-6)
    assert np.all(np.diff(split.n_tokens) < 0)


def test_joint_loss_function_bad_input():
    with pytest.raises(ValueError, match="params"):
        sl.joint_loss_function(object())
