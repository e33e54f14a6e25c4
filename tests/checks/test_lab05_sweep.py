"""Tests of scaling_lab.checks.lab05_sweep: the sweep of Lab 5's decision and the waste of a planned size."""

from __future__ import annotations

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.checks import lab05_sweep as sweep_module


def test_the_sweep_has_five_budgets_of_seven_runs_at_six_n_d():
    sweep = sweep_module.sweep_runs()
    assert len(sweep) == 35
    budgets = np.unique(sweep.compute_flops)
    np.testing.assert_allclose(budgets, np.geomspace(1e18, 1e20, 5))
    np.testing.assert_allclose(6 * sweep.n_params * sweep.n_tokens, sweep.compute_flops, rtol=1e-12)
    truth = sl.chinchilla_loss(sweep.n_params, sweep.n_tokens, sweep_module.HIDDEN_LAW)
    assert np.max(np.abs(np.log(sweep.loss / truth))) < 5 * 0.003  # 0.3% noise


def test_the_sweep_drifts_off_the_optimum_as_the_budget_grows():
    sweep = sweep_module.sweep_runs()
    centres = []
    for budget in np.unique(sweep.compute_flops):
        n = sweep.n_params[sweep.compute_flops == budget]
        centres.append(np.exp(np.log(n).mean()) / sl.compute_optimal(budget, sweep_module.HIDDEN_LAW).n_opt)
    np.testing.assert_allclose(centres, np.geomspace(1.0, 3.0, 5), rtol=1e-9)


def test_waste_is_zero_at_the_optimum_and_grows_away_from_it():
    best = sl.compute_optimal(sweep_module.TARGET_COMPUTE, sweep_module.HIDDEN_LAW).n_opt
    assert sweep_module.waste(best) == pytest.approx(0.0, abs=1e-9)
    assert 0 < sweep_module.waste(1.5 * best) < sweep_module.waste(3 * best) < 1
    assert 0 < sweep_module.waste(best / 1.5) < sweep_module.waste(best / 3) < 1


@pytest.mark.parametrize("value", [0.0, -1.0, float("nan"), float("inf")])
def test_waste_refuses_a_size_that_is_not_positive_and_finite(value):
    with pytest.raises(ValueError, match="n_params"):
        sweep_module.waste(value)
