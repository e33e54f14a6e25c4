"""Tests of scaling_lab.experiments.mean_estimation: exact risks, measured slopes, determinism, bad input."""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from scaling_lab.experiments.mean_estimation import (
    ESTIMATORS, EstimatorRisk, exact_estimator_risk, mean_estimation_risk, simulate_estimator_risk,
)


# --------------------------------------------------------------------------- closed forms
def test_mean_risk_is_sigma_squared_over_n():
    n = np.array([1, 2, 10, 1000])
    assert np.allclose(mean_estimation_risk(n, 3.0), 9.0 / n, rtol=0, atol=1e-15)
    assert mean_estimation_risk(4, 2.0) == 1.0


def test_mean_risk_by_exact_enumeration():
    # Mean of n fair coin flips (values 0/1, sigma^2 = 1/4): sum over the binomial distribution of the
    # squared error equals sigma^2 / n to rounding.
    for n in (1, 3, 17):
        k = np.arange(n + 1)
        exact = float(stats.binom.pmf(k, n, 0.5) @ (k / n - 0.5) ** 2)
        assert exact == pytest.approx(mean_estimation_risk(n, 0.5), rel=1e-12)


@pytest.mark.parametrize("n", [2, 5, 40])
def test_proportion_risk_by_enumeration(n):
    k = np.arange(n + 1)
    exact = float(stats.binom.pmf(k, n, 0.3) @ (k / n - 0.3) ** 2)
    assert exact_estimator_risk(n, "proportion", parameter=0.3) == pytest.approx(exact, rel=1e-12)


@pytest.mark.parametrize("n", [2, 6, 50])
def test_variance_risk_from_chi_square(n):
    # (n-1) S^2 / sigma^2 ~ chi^2_{n-1}: integrate the squared error over that density.
    sigma = 1.7
    dof = n - 1
    value, _ = integrate.quad(lambda q: stats.chi2.pdf(q, dof) * (sigma**2 * q / dof - sigma**2) ** 2, 0, np.inf)
    assert exact_estimator_risk(n, "variance", parameter=sigma) == pytest.approx(value, rel=1e-7)


@pytest.mark.parametrize("n", [5, 9, 60])
def test_exponential_rate_risk_from_gamma(n):
    # lambda_hat = n / S with S ~ Gamma(n, scale 1/lambda).
    lam = 2.5
    value, _ = integrate.quad(lambda s: stats.gamma.pdf(s, n, scale=1 / lam) * (n / s - lam) ** 2, 0, np.inf)
    assert exact_estimator_risk(n, "exponential_rate", parameter=lam) == pytest.approx(value, rel=1e-7)


@pytest.mark.parametrize("n", [1, 4, 100])
def test_uniform_endpoint_risk_from_beta(n):
    # max / theta ~ Beta(n, 1).
    theta = 3.0
    value, _ = integrate.quad(lambda b: stats.beta.pdf(b, n, 1) * (theta * b - theta) ** 2, 0, 1)
    assert exact_estimator_risk(n, "uniform_endpoint", parameter=theta) == pytest.approx(value, rel=1e-7)


def test_uniform_endpoint_is_faster_than_one_over_n():
    # "Most, not all": 2 theta^2 / ((n+1)(n+2)) falls as 1/n^2.
    n = np.array([1e4, 1e5])
    risk = exact_estimator_risk(n, "uniform_endpoint")
    assert math.log(risk[1] / risk[0]) / math.log(10) == pytest.approx(-2.0, abs=1e-3)
    assert ESTIMATORS["uniform_endpoint"][3] == -2.0
    assert all(ESTIMATORS[k][3] == -1.0 for k in ("mean", "proportion", "variance", "exponential_rate"))


# --------------------------------------------------------------------------- the simulation
@pytest.fixture(scope="module")
def mean_run():
    return simulate_estimator_risk(estimator="mean", parameter=3.0, seed=1)


def test_simulated_mse_is_unbiased_for_sigma_squared_over_n(mean_run):
    # Each size's mean squared error estimates sigma^2/n; 4 standard errors is a 1-in-15,000 miss per size.
    z = (mean_run.mean_squared_error - 9.0 / mean_run.sample_sizes) / mean_run.mean_squared_error_stderr
    assert np.all(np.abs(z) < 4)


def test_mean_slope_interval_contains_minus_one(mean_run):
    assert isinstance(mean_run, EstimatorRisk)
    lo, hi = mean_run.exponent_ci
    assert lo < -1.0 < hi
    assert mean_run.fit.exponent_ci[0] < -1.0 < mean_run.fit.exponent_ci[1]
    assert hi - lo < 0.1  # 2000 trials pin the slope to a few hundredths


def test_mean_intercept_is_two_log_sigma(mean_run):
    # log E = -log n + 2 log sigma (SEED_ERRATA: not "-log n").
    assert mean_run.theory_log_intercept == pytest.approx(2 * math.log(3.0))
    assert mean_run.log_intercept_ci[0] < 2 * math.log(3.0) < mean_run.log_intercept_ci[1]


@pytest.mark.parametrize("estimator,parameter", [("proportion", 0.3), ("variance", 1.0),
                                                 ("exponential_rate", 2.0), ("uniform_endpoint", 1.0)])
def test_other_estimators_slope_intervals_contain_theory(estimator, parameter):
    # The theory slope is the slope of the exact risk over the same sizes (small-n curvature included).
    run = simulate_estimator_risk(estimator=estimator, parameter=parameter, seed=1)
    assert run.exponent_ci[0] < run.theory_exponent < run.exponent_ci[1]
    assert abs(run.theory_exponent - run.asymptotic_exponent) < 0.15


def test_slope_separates_one_over_n_from_one_over_n_squared():
    fast = simulate_estimator_risk(estimator="uniform_endpoint", seed=2, n_trials=500)
    slow = simulate_estimator_risk(estimator="mean", seed=2, n_trials=500)
    assert fast.exponent_ci[1] < -1.5 < slow.exponent_ci[0]


def test_determinism():
    a = simulate_estimator_risk(seed=7, n_trials=50, n_boot=20)
    b = simulate_estimator_risk(seed=7, n_trials=50, n_boot=20)
    c = simulate_estimator_risk(seed=8, n_trials=50, n_boot=20)
    assert np.array_equal(a.squared_errors, b.squared_errors) and a.exponent_ci == b.exponent_ci
    assert not np.array_equal(a.squared_errors, c.squared_errors)
    assert "exponent=" in repr(a) and "seed=7" in repr(a)


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("sizes,match", [
    ([8, np.nan, 32], "sample_sizes must be finite"),
    ([8, np.inf, 32], "sample_sizes must be finite"),
    ([0, 8, 32], "sample_sizes must be > 0"),
    ([-8, 8, 32], "sample_sizes must be > 0"),
    ([8.5, 16, 32], "sample_sizes must be integers"),
    ([8, 16], "sample_sizes needs at least 3 points"),
    ([8, 8, 16], "at least 3 distinct"),
])
def test_bad_sizes(sizes, match):
    with pytest.raises(ValueError, match=match):
        simulate_estimator_risk(sizes)


def test_bad_arguments():
    with pytest.raises(ValueError, match="estimator must be one of"):
        simulate_estimator_risk(estimator="median")
    with pytest.raises(ValueError, match="parameter must lie in"):
        simulate_estimator_risk(estimator="proportion", parameter=1.0)
    with pytest.raises(ValueError, match="parameter must be > 0"):
        simulate_estimator_risk(parameter=-1.0)
    with pytest.raises(ValueError, match="parameter must be finite"):
        simulate_estimator_risk(parameter=np.nan)
    with pytest.raises(ValueError, match="sample_sizes must be integers >= 5"):
        simulate_estimator_risk([4, 8, 16], estimator="exponential_rate")
    with pytest.raises(ValueError, match="n_trials must be >= 10"):
        simulate_estimator_risk(n_trials=5)
    with pytest.raises(ValueError, match="confidence must lie in"):
        simulate_estimator_risk(confidence=1.5)
    with pytest.raises(ValueError, match="sample_sizes must be > 0"):
        mean_estimation_risk(0)
    with pytest.raises(ValueError, match="sigma must be > 0"):
        mean_estimation_risk(10, sigma=0.0)
    with pytest.raises(ValueError, match="sample_sizes must be integers >= 2"):
        exact_estimator_risk(1, "variance")
