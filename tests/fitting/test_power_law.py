"""Tests of scaling_lab.fitting.power_law: the pure power law (least squares in log-log, with t intervals) and
the saturating power law (nonlinear least squares on log y, with Jacobian standard errors).

Exact data must be recovered to rounding; planted noisy laws within a few of the fit's own standard errors
(the number of them stated per test); the property test at the end draws the planted law with hypothesis.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from scaling_lab.fitting import PowerLawFit, fit_power_law, fit_saturating_power_law
from scaling_lab.laws import saturating_power_law

FAST = settings(max_examples=25, deadline=None)


# --------------------------------------------------------------------------- fit_power_law
def test_power_law_exact_data_recovered_to_rounding():
    x = np.geomspace(1, 1e6, 12)
    fit = fit_power_law(x, 4.2 * x**-0.076)
    # Noise-free data: only floating-point error remains.
    assert fit.exponent == pytest.approx(-0.076, abs=1e-12)
    assert fit.coefficient == pytest.approx(4.2, rel=1e-10)
    assert fit.r_squared == pytest.approx(1.0, abs=1e-12)
    assert fit.predict(1e3) == pytest.approx(4.2 * 1e3**-0.076, rel=1e-10)
    assert isinstance(fit, PowerLawFit) and "exponent=-0.076" in repr(fit)


@FAST
@given(
    exponent=st.floats(-2.0, 2.0),
    coefficient=st.floats(1e-3, 1e3),
    noise=st.floats(1e-3, 0.2),
    n_points=st.integers(8, 60),
    seed=st.integers(0, 2**16),
)
def test_power_law_recovers_planted_parameters(exponent, coefficient, noise, n_points, seed):
    rng = np.random.default_rng(seed)
    x = np.geomspace(1.0, 1e4, n_points)
    y = coefficient * x**exponent * np.exp(noise * rng.standard_normal(n_points))
    fit = fit_power_law(x, y)
    # The true standard error of the OLS slope is noise / sqrt(Sxx); 5 of them is a
    # 1-in-a-million miss for Gaussian errors.
    lx = np.log(x)
    se_true = noise / math.sqrt(np.sum((lx - lx.mean()) ** 2))
    assert abs(fit.exponent - exponent) < 5 * se_true
    se_log_c = noise * math.sqrt(1 / n_points + lx.mean() ** 2 / np.sum((lx - lx.mean()) ** 2))
    assert abs(math.log(fit.coefficient / coefficient)) < 5 * se_log_c
    # The reported stderr estimates the true one (chi-square with n-2 dof; factor 3 is generous).
    assert se_true / 3 < fit.exponent_stderr < 3 * se_true
    assert fit.exponent_ci[0] < fit.exponent < fit.exponent_ci[1]
    assert fit.coefficient_ci[0] < fit.coefficient < fit.coefficient_ci[1]


def test_power_law_confidence_interval_has_nominal_coverage():
    rng = np.random.default_rng(7)
    x = np.geomspace(1, 100, 10)
    covered_k = covered_c = 0
    n_rep = 600
    for _ in range(n_rep):
        y = 2.0 * x**-0.5 * np.exp(0.1 * rng.standard_normal(x.size))
        fit = fit_power_law(x, y, confidence=0.9)
        covered_k += fit.exponent_ci[0] <= -0.5 <= fit.exponent_ci[1]
        covered_c += fit.coefficient_ci[0] <= 2.0 <= fit.coefficient_ci[1]
    # t intervals are exact for Gaussian log errors: coverage 0.90 +- 3 binomial SE (0.012 each).
    assert abs(covered_k / n_rep - 0.9) < 0.036
    assert abs(covered_c / n_rep - 0.9) < 0.036


def test_power_law_wider_interval_for_higher_confidence():
    rng = np.random.default_rng(1)
    x = np.arange(1.0, 21.0)
    y = x**1.5 * np.exp(0.05 * rng.standard_normal(20))
    narrow, wide = fit_power_law(x, y, confidence=0.5), fit_power_law(x, y, confidence=0.99)
    assert np.ptp(wide.exponent_ci) > np.ptp(narrow.exponent_ci)
    # Width ratio equals the ratio of t quantiles (same stderr).
    ratio = stats.t.ppf(0.995, 18) / stats.t.ppf(0.75, 18)
    assert np.ptp(wide.exponent_ci) / np.ptp(narrow.exponent_ci) == pytest.approx(ratio, rel=1e-10)


@pytest.mark.parametrize(
    "x, y, match",
    [
        ([1, 2, np.nan], [1, 2, 3], "x must be finite"),
        ([1, 2, 3], [1, np.inf, 3], "y must be finite"),
        ([0, 2, 3], [1, 2, 3], "x must be > 0"),
        ([1, 2, 3], [1, -2, 3], "y must be > 0"),
        ([1, 2, 3], [1, 2], "same shape"),
        ([1, 2], [1, 2], "at least 3"),
        ([2, 2, 2], [1, 2, 3], "distinct"),
    ],
)
def test_power_law_bad_input(x, y, match):
    with pytest.raises(ValueError, match=match):
        fit_power_law(x, y)


@pytest.mark.parametrize("confidence", [0, 1, 1.5, np.nan, "high"])
def test_power_law_bad_confidence(confidence):
    with pytest.raises(ValueError, match="confidence"):
        fit_power_law([1, 2, 3], [1, 2, 4], confidence=confidence)


# --------------------------------------------------------------------------- saturating
@FAST
@given(
    floor=st.floats(0.5, 3.0),
    coefficient=st.floats(1.0, 100.0),
    exponent=st.floats(0.1, 0.8),
)
def test_saturating_exact_data_recovered(floor, coefficient, exponent):
    x = np.geomspace(10, 1e7, 25)
    fit = fit_saturating_power_law(x, floor + coefficient * x**-exponent)
    # Noise-free data: the optimiser should land on the planted point (rel. 1e-5 leaves room
    # for the conditioning of E against A when the power-law term is small at large x).
    assert fit.irreducible_loss == pytest.approx(floor, rel=1e-5)
    assert fit.coefficient == pytest.approx(coefficient, rel=1e-5)
    assert fit.decay_exponent == pytest.approx(exponent, rel=1e-5)
    assert fit.rms_log_residual < 1e-8


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_saturating_noisy_data_within_stderr(seed):
    rng = np.random.default_rng(seed)
    x = np.geomspace(1e6, 1e10, 40)
    truth = dict(irreducible_loss=1.69, coefficient=406.4, exponent=0.34)  # Hoffmann et al. 2022 eq. 10 N-term
    y = (truth["irreducible_loss"] + truth["coefficient"] * x ** -truth["exponent"]) * np.exp(
        0.003 * rng.standard_normal(x.size)
    )
    fit = fit_saturating_power_law(x, y)
    # Jacobian standard errors are asymptotic; 5 of them bounds the miss for 0.3% noise.
    assert abs(fit.irreducible_loss - 1.69) < 5 * fit.irreducible_loss_stderr
    assert abs(fit.decay_exponent - 0.34) < 5 * fit.decay_exponent_stderr
    assert abs(fit.coefficient - 406.4) < 5 * fit.coefficient_stderr
    assert fit.predict(1e8) == pytest.approx(1.69 + 406.4 * 1e8**-0.34, rel=0.01)
    assert "SaturatingPowerLawFit(irreducible_loss=" in repr(fit)


@pytest.mark.parametrize(
    "x, y, match",
    [
        ([1, 2, 3, np.nan], [4, 3, 2, 1], "x must be finite"),
        ([1, 2, 3, 4], [4, 3, 0, 1], "y must be > 0"),
        ([1, 2, 3, 4], [4, 3, 2], "same shape"),
        ([1, 2, 3], [3, 2, 1], "at least 4"),
        ([1, 1, 2, 2], [4, 3, 2, 1], "distinct"),
    ],
)
def test_saturating_bad_input(x, y, match):
    with pytest.raises(ValueError, match=match):
        fit_saturating_power_law(x, y)


# --------------------------------------------------------------------------- planted laws (property test)
seeds = st.integers(0, 2**16)


@settings(max_examples=30, deadline=None)
@given(
    floor=st.floats(0.5, 3.0),
    coefficient=st.floats(1.0, 1000.0),
    exponent=st.floats(0.1, 0.8),
    noise=st.sampled_from([0.0, 0.002, 0.005]),
    seed=seeds,
)
def test_saturating_fit_recovers_planted_law(floor, coefficient, exponent, noise, seed):
    x = np.geomspace(1e3, 1e9, 40)
    # Only laws whose power-law term is visible in the data: at least 10% of the loss at the
    # smallest x. (With floor 1, coefficient 1, exponent 0.75 the term is 0.6% of the loss,
    # as small as the noise, and no fitter can find the exponent.)
    assume(coefficient * x[0] ** -exponent >= 0.1 * floor)
    rng = np.random.default_rng(seed)
    y = saturating_power_law(x, floor, coefficient, exponent) * np.exp(noise * rng.standard_normal(x.size))
    fit = fit_saturating_power_law(x, y)
    # The fit's own standard errors follow from the noise; 5 of them, plus a floor for the
    # optimiser's stopping rule on noise-free data.
    assert abs(fit.decay_exponent - exponent) <= 1e-4 + 5 * fit.decay_exponent_stderr
    assert abs(fit.irreducible_loss - floor) <= 1e-4 * floor + 5 * fit.irreducible_loss_stderr
