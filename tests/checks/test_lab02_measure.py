"""Tests of scaling_lab.checks.lab02_measure, the checkers of ``labs/lab02_measure.md``: its expected answers
against closed forms, the theory of the chapters the lab builds on, and the recipes its hints give.

The contract every lab's checkers keep is proven for all labs by tests/checks/test_registry.py.
"""

import math

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.checks.lab02_measure import (
    CUBE_DIMENSION, CUBE_SEED, CUBE_SIZES, EXERCISES, FORECAST_SIZE, HIDDEN_RUN_SEED, HIDDEN_SEED, HIDDEN_SIZES,
    MEAN_SAMPLE_SIZE, MEAN_SIGMA, PILOT_SEED, PILOT_SIZES, RISK_SEED,
)


@pytest.fixture(scope="module")
def risk():
    return sl.simulate_estimator_risk(parameter=MEAN_SIGMA, seed=RISK_SEED)


def test_mean_risk_is_sigma_squared_over_n():
    assert EXERCISES["lab2-mean-risk"].answer() == pytest.approx(MEAN_SIGMA**2 / MEAN_SAMPLE_SIZE, rel=1e-12)  # 0.08


def test_measured_slope_and_intercept_agree_with_the_theory_within_their_noise(risk):
    # Theory: MSE = sigma^2 / n, a line of slope -1 and intercept 2 log sigma in log-log.  The lab's own
    # bootstrap gives the slope's standard error; the intercept's is that times the RMS of log n (least
    # squares).  Three standard errors each.
    se = EXERCISES["lab2-slope-stderr"].answer()
    assert 0 < se < 0.05
    assert abs(EXERCISES["lab2-slope"].answer() + 1.0) < 3 * se
    rms_log_n = math.sqrt(np.mean(np.log(risk.sample_sizes) ** 2))
    assert abs(EXERCISES["lab2-intercept"].answer() - 2 * math.log(MEAN_SIGMA)) < 3 * se * rms_log_n


def test_slope_follows_the_hints_recipe(risk):
    fit = sl.fit_power_law(risk.sample_sizes, risk.mean_squared_error)
    assert sl.check("lab2-slope", fit.exponent).correct
    assert sl.check("lab2-intercept", math.log(fit.coefficient)).correct


def test_cube_slope_matches_the_finite_sample_theory():
    # tests/experiments/test_box_regression.py: the measured slope sits within 0.012 of the finite-sample
    # theory (terms it leaves out); measured -0.4198 against -0.4257 here, -2/(d+2) = -0.4 asymptotically.
    curves = sl.box_regression_curves(sl.ManifoldData(CUBE_DIMENSION), np.array(CUBE_SIZES), n_trials=3,
                                      seed=CUBE_SEED)
    assert EXERCISES["lab2-cube-slope"].answer() == pytest.approx(curves.exponent, abs=1e-12)
    assert abs(curves.exponent - curves.finite_sample_exponent) < 0.012
    assert curves.theory_exponent == pytest.approx(-2 / (CUBE_DIMENSION + 2))


def test_the_hidden_dimension_can_be_inferred_from_the_slope():
    curves = sl.box_regression_curves(sl.hidden_manifold_data(HIDDEN_SEED), np.array(HIDDEN_SIZES), n_trials=3,
                                      seed=HIDDEN_RUN_SEED)
    inferred = -2 / curves.exponent - 2  # slope = -2/(k+2); measured 1.06 for k = 1
    assert EXERCISES["lab2-hidden-dimension"].answer() == sl.hidden_manifold_data(HIDDEN_SEED).dimension
    assert sl.check("lab2-hidden-dimension", inferred).correct and round(inferred) == sl.hidden_manifold_data(
        HIDDEN_SEED).dimension


def test_forecast_follows_the_hints_recipe():
    # "fit a power law to the pilot's best_risk against its sample_sizes, then evaluate it at 40,960"
    assert FORECAST_SIZE == 40_960
    pilot = sl.box_regression_curves(sl.hidden_manifold_data(HIDDEN_SEED), np.array(PILOT_SIZES), n_trials=3,
                                     seed=PILOT_SEED)
    forecast = sl.fit_power_law(pilot.sample_sizes, pilot.best_risk).predict(FORECAST_SIZE)
    assert sl.check("lab2-forecast", forecast).correct
    assert forecast < pilot.best_risk[-1]  # the risk keeps falling beyond the pilot runs
