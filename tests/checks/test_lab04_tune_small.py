"""Tests of scaling_lab.checks.lab04_tune_small, the checkers of ``labs/lab04_tune_small.md``: predict, then
reveal.

The large model's parameter count is the network's own, the forecast of the lab's seed contains the measured
loss of the large run, and muP transfers the learning rate tuned at width 32 to width 256 better than the
standard parametrisation.  (The sweeps are the presets, cached on disk; the contract every lab's checkers
keep is proven by tests/checks/test_registry.py.)
"""

import pytest

import scaling_lab as sl
from scaling_lab.checks.lab04_tune_small import BIG_HIDDEN, BIG_TOKENS, EXERCISES, SEED


def test_the_forecast_is_for_the_networks_own_parameter_count():
    grid = sl.lm_grid_sweep(seed=SEED)
    fit = sl.fit_kaplan_joint(grid.n_params, grid.n_tokens, grid.loss)
    assert sl.check("lab4-fit", [fit.alpha_n, fit.alpha_d]).correct
    n_big = sl.CharMLP(BIG_HIDDEN).n_params  # non-embedding N = H^2 + 169 H + 39
    assert EXERCISES["lab4-predict"].answer() == pytest.approx(float(fit.predict(n_big, BIG_TOKENS)), rel=1e-12)
    run = sl.lm_extrapolation_run(seed=SEED)
    assert run.n_params[0] == n_big and run.n_tokens[0] == BIG_TOKENS


def test_the_measured_loss_falls_inside_the_forecast_interval():
    low, high = EXERCISES["lab4-interval"].answer()
    assert low < EXERCISES["lab4-predict"].answer() < high
    measured = float(sl.lm_extrapolation_run(seed=SEED).loss[0])
    assert low < measured < high  # the reveal: position measured 0.30 of the way up
    assert EXERCISES["lab4-position"].answer() == pytest.approx((measured - low) / (high - low), rel=1e-12)
    # Inside a 95% interval of relative half-width (high - low) / (2 low), the relative error is smaller.
    assert abs(EXERCISES["lab4-error"].answer()) < (high - low) / low


def test_mup_transfers_the_tuned_rate_better_than_the_standard_parametrisation():
    standard, mup = EXERCISES["lab4-transfer"].answer()
    assert standard > mup >= 1.0  # ratios to the best loss at width 256; measured 2.70 and 1.11
    assert mup < 1.2
