"""Tests of scaling_lab.checks.lab06_budget, the checkers of ``labs/lab06_budget.md``: its expected answers
against closed forms and against the hidden truth of the lab's TrainingAPI seed.

The module's docstring states what a sound design achieves; for the lab's seed (3) the lab's own design
lands 1.07x from the true size and 0.027 nats below the true loss, inside the checkers' tolerances (25% and
0.08 nats).  The contract every lab's checkers keep is proven by tests/checks/test_registry.py.
"""

import pytest

import scaling_lab as sl
from scaling_lab.checks import lab06_budget
from scaling_lab.checks.lab06_budget import BUDGET_FLOPS, EXERCISES, RUN_FLOPS, SEED, SMALL_SWEEP, TARGET_FLOPS


@pytest.fixture(scope="module")
def truth():
    return sl.TrainingAPI(BUDGET_FLOPS, seed=SEED, instructor=True).reveal()


def test_tokens_of_the_run():
    # N = 12 n_layers d_model^2 = 12 x 8 x 512^2 = 25,165,824; D = C / (6N) = 1e16 / 150,994,944.
    assert EXERCISES["lab6-tokens"].answer() == pytest.approx(RUN_FLOPS / (6 * 12 * 8 * 512**2), rel=1e-12)
    assert EXERCISES["lab6-tokens"].answer() == pytest.approx(66_227_383.08, rel=1e-9)


def test_the_measured_learning_rate_and_its_drift_are_the_hidden_ones(truth):
    # A parabola through nine noisy runs: the best rate within 1% of the truth's (measured 0.3%), the drift
    # exponent within the checker's 0.01 (measured 0.0022).
    n_small = 12.0 * SMALL_SWEEP[1] * SMALL_SWEEP[0] ** 2
    assert EXERCISES["lab6-lr-small"].answer() == pytest.approx(float(truth.best_learning_rate(n_small)), rel=0.01)
    assert EXERCISES["lab6-lr-exponent"].answer() == pytest.approx(truth.lr_exponent, abs=0.01)


def test_the_labs_design_passes_its_checkers_as_the_docstring_says(truth):
    n_opt, d_opt, loss = truth.optimum(TARGET_FLOPS)
    assert EXERCISES["lab6-n-opt"].answer() == n_opt and EXERCISES["lab6-loss-opt"].answer() == loss
    fit = lab06_budget._fit()  # the lab's IsoFLOP runs, fitted as the lab does
    n, d = sl.compute_optimal(TARGET_FLOPS, fit)
    predicted = float(fit.predict(n, d))
    assert n / n_opt == pytest.approx(1.066, abs=0.005) and predicted - loss == pytest.approx(-0.027, abs=0.0005)
    assert sl.check("lab6-n-opt", n).correct and sl.check("lab6-loss-opt", predicted).correct
