"""Tests of scaling_lab.allocation.inference: the cheapest model to train and serve (Sardana et al. 2024).

Planted checks: with no inference it is Hoffmann et al.'s compute-optimal model (eq. 4) for the budget that
reaches the loss; more inference gives a smaller model on more tokens; the lifetime cost is the minimum of a
brute-force grid over model sizes; the answer reaches the target loss.
"""

import math

import numpy as np
import pytest

from scaling_lab import (
    BESIROGLU_2024, HOFFMANN_2022, InferenceAllocation, chinchilla_loss, compute_optimal,
    inference_optimal_allocation, lifetime_flops, tokens_for_loss,
)

LAWS = [BESIROGLU_2024, HOFFMANN_2022]


@pytest.mark.parametrize("law", LAWS)
@pytest.mark.parametrize("target", [2.0, 2.1, 2.4])
def test_zero_demand_is_the_compute_optimal_model(law, target):
    got = inference_optimal_allocation(target, 0.0, law)
    assert isinstance(got, InferenceAllocation)
    assert got.inference_flops == 0.0 and got.total_flops == got.training_flops
    best = compute_optimal(got.training_flops, law)  # eq. 4 at the budget it spends
    assert got.n_params == pytest.approx(best.n_opt, rel=1e-9)
    assert got.n_tokens == pytest.approx(best.d_opt, rel=1e-9)
    assert chinchilla_loss(got.n_params, got.n_tokens, law) == pytest.approx(target, rel=1e-12)


def test_refit_law_gives_about_twenty_tokens_per_parameter_without_inference():
    # Besiroglu et al.'s refit: compute-optimal D/N is 18.7-19.9 at these losses (measured; the compute chapter
    # finds 18-19 at Gopher's budget).
    assert inference_optimal_allocation(2.1, 0.0).tokens_per_param == pytest.approx(19.935, abs=0.01)
    assert inference_optimal_allocation(2.0, 0.0).tokens_per_param == pytest.approx(18.741, abs=0.01)


@pytest.mark.parametrize("law", LAWS)
def test_more_demand_gives_a_smaller_model_on_more_tokens(law):
    demand = np.array([0.0, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15])
    got = inference_optimal_allocation(2.05, demand, law)
    assert np.all(np.diff(got.n_params) < 0)
    assert np.all(np.diff(got.n_tokens) > 0)
    assert np.all(np.diff(got.tokens_per_param) > 0)
    np.testing.assert_allclose(chinchilla_loss(got.n_params, got.n_tokens, law), 2.05, rtol=1e-10)
    # The model never shrinks below the size that can reach the loss at all (A N^-alpha < l - E).
    floor = (law.A / (2.05 - law.E)) ** (1 / law.alpha)
    assert np.all(got.n_params > floor)


@pytest.mark.parametrize("law", LAWS)
@pytest.mark.parametrize("demand", [0.0, 3e11, 2e13, 5e14])
def test_lifetime_cost_is_the_minimum_of_a_brute_force_grid(law, demand):
    target = 2.1
    got = inference_optimal_allocation(target, demand, law)
    grid = np.geomspace(1e8, 1e13, 200_001)  # 5 decades, steps of 0.006%
    cost = np.asarray(lifetime_flops(grid, target, demand, law))
    i = int(np.argmin(cost))
    assert got.total_flops <= cost[i] * (1 + 1e-12)  # never worse than the grid
    assert got.total_flops == pytest.approx(cost[i], rel=1e-8)  # and the grid's best is as good, near by
    assert got.n_params == pytest.approx(grid[i], rel=1e-3)
    assert got.total_flops == pytest.approx(float(lifetime_flops(got.n_params, target, demand, law)), rel=1e-12)


def test_numbers_of_a_worked_example():
    # Our computation (Besiroglu et al.'s refit, loss 2.1): 13.3B on 19.9 tokens/param without inference;
    # 4.38B on 396 tokens/param for 10^13 inference tokens, at 1.33e23 FLOPs of which 34% is training.
    busy = inference_optimal_allocation(2.1, 1e13)
    assert busy.n_params / 1e9 == pytest.approx(4.3767, rel=1e-4)
    assert busy.tokens_per_param == pytest.approx(395.71, rel=1e-4)
    assert busy.total_flops == pytest.approx(1.3301e23, rel=1e-4)
    assert busy.training_flops / busy.total_flops == pytest.approx(0.3419, abs=1e-4)
    assert inference_optimal_allocation(2.1, 0.0).n_params / 1e9 == pytest.approx(13.305, rel=1e-4)


def test_tokens_for_loss_inverts_the_law_and_is_inf_below_the_smallest_size():
    n = np.array([3e9, 1e10, 1e11])
    d = tokens_for_loss(n, 2.1)
    np.testing.assert_allclose(chinchilla_loss(n, d, BESIROGLU_2024), 2.1, rtol=1e-12)
    assert tokens_for_loss(1e6, 2.1) == math.inf
    assert lifetime_flops(1e6, 2.1, 1e12) == math.inf


def test_broadcasts_and_returns_arrays():
    got = inference_optimal_allocation([2.0, 2.1], [[0.0], [1e12]])
    assert np.shape(got.n_params) == (2, 2) and np.shape(got.target_loss) == (2, 2)


@pytest.mark.parametrize("call, name", [
    (lambda: inference_optimal_allocation(np.nan, 0.0), "target_loss"),
    (lambda: inference_optimal_allocation(-1.0, 0.0), "target_loss"),
    (lambda: inference_optimal_allocation(1.5, 0.0), "target_loss"),  # below E = 1.817
    (lambda: inference_optimal_allocation(2.1, -1.0), "inference_tokens"),
    (lambda: inference_optimal_allocation(2.1, np.inf), "inference_tokens"),
    (lambda: inference_optimal_allocation([2.1, 2.2], [0.0, 1.0, 2.0]), "target_loss"),
    (lambda: inference_optimal_allocation(2.1, 0.0, params=object()), "params"),
    (lambda: tokens_for_loss(0.0, 2.1), "n_params"),
    (lambda: tokens_for_loss(1e9, 1.0), "target_loss"),
    (lambda: lifetime_flops(1e9, 2.1, -3.0), "inference_tokens"),
    (lambda: lifetime_flops(np.nan, 2.1, 0.0), "n_params"),
])
def test_bad_input_is_named(call, name):
    with pytest.raises(ValueError, match=name):
        call()
