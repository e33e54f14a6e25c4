"""Tests of scaling_lab.experiments.box_regression: the box-average estimator, its bias-variance theory, the
measured rates (-2/(d+2) with the best box width, set by the intrinsic dimension), and bad input.
"""

import numpy as np
import pytest

from scaling_lab.experiments.box_regression import (
    BIAS_COEFFICIENT, BoxAverage, best_box_width, box_regression_curves, box_regression_theory, fit_box_average,
    occupancy_box_widths,
)
from scaling_lab.experiments.manifold_data import ManifoldData
from scaling_lab.fitting import fit_power_law

SIZES = 2.0 ** np.arange(9, 16)  # 512 ... 32768: about 0.5 s per curve on one core


# --------------------------------------------------------------------------- the estimator
def test_box_average_by_hand():
    x = np.array([0.05, 0.1, 0.3, 0.35, 0.38])
    y = np.array([1.0, 3.0, 10.0, 20.0, 30.0])
    model = fit_box_average(x, y, 0.25)  # boxes [0, .25) and [.25, .5)
    assert isinstance(model, BoxAverage)
    assert np.allclose(model.predict([0.2, 0.26, 0.49]), [2.0, 20.0, 20.0])
    assert model.predict([0.9])[0] == pytest.approx(y.mean())  # empty box: the mean of all labels
    shifted = fit_box_average(x, y, 0.25, offset=[0.2])  # boxes [-.05, .2) and [.2, .45)
    assert np.allclose(shifted.predict([0.0, 0.3]), [2.0, 20.0])
    assert "occupied_boxes=2" in repr(model)


def test_box_average_in_two_dimensions_is_exact_for_a_box_constant_target():
    rng = np.random.default_rng(0)
    x = rng.random((2000, 2))
    cell = np.floor(x / 0.5)
    y = cell[:, 0] + 2 * cell[:, 1]  # constant on each of the 4 boxes: no bias, no noise
    model = fit_box_average(x, y, 0.5)
    test = rng.random((100, 2))
    assert np.allclose(model.predict(test), np.floor(test[:, 0] / 0.5) + 2 * np.floor(test[:, 1] / 0.5))


# --------------------------------------------------------------------------- theory
@pytest.mark.parametrize("d", [1, 2, 5])
def test_best_width_minimises_the_theory(d):
    n, noise = 1e4, 0.7
    h_star = best_box_width(n, dimension=d, noise=noise)
    grid = h_star * np.geomspace(0.5, 2.0, 2001)
    risk = box_regression_theory(n, grid, dimension=d, noise=noise)
    assert grid[risk.argmin()] == pytest.approx(h_star, rel=2e-3)
    # R(h*) = a h*^2 (1 + 2/d), closed form.
    assert box_regression_theory(n, h_star, dimension=d, noise=noise) == pytest.approx(
        BIAS_COEFFICIENT * h_star**2 * (1 + 2 / d), rel=1e-12)


@pytest.mark.parametrize("d", [1, 3, 5])
def test_theory_rate_is_minus_two_over_d_plus_two(d):
    n = np.geomspace(1e3, 1e7, 9)
    best = box_regression_theory(n, best_box_width(n, dimension=d), dimension=d)
    assert fit_power_law(n, best).exponent == pytest.approx(-2 / (d + 2), abs=1e-12)


def test_finite_sample_theory_is_steeper_but_converges():
    d, n = 3, np.array([1e3, 1e9])
    for size in n:
        h = best_box_width(size, dimension=d)
        plain = box_regression_theory(size, h, dimension=d)
        finite = box_regression_theory(size, h, dimension=d, finite_sample=True)
        assert finite > plain
    h = best_box_width(1e9, dimension=d)
    assert box_regression_theory(1e9, h, dimension=d, finite_sample=True) == pytest.approx(
        box_regression_theory(1e9, h, dimension=d), rel=1e-3)


def test_occupancy_widths():
    # h = (k/n)^(1/d): 1000 points, 10 per box, in 3 dimensions -> 100 boxes of side 0.1... exactly (1e-2)^(1/3).
    assert occupancy_box_widths(1000, dimension=3, points_per_box=10) == pytest.approx(0.01 ** (1 / 3))
    assert occupancy_box_widths(100, dimension=1) == pytest.approx(0.01)


# --------------------------------------------------------------------------- measured rates
@pytest.mark.parametrize("d", [1, 2])
def test_measured_slope_matches_theory_on_the_cube(d):
    curves = box_regression_curves(ManifoldData(d), SIZES, n_trials=3, seed=1)
    # The bootstrap interval covers trial-to-trial noise only; the finite-sample theory covers the
    # pre-asymptotic bend up to terms it leaves out (~0.01, measured at these sizes).
    assert abs(curves.exponent - curves.finite_sample_exponent) < 0.012
    assert abs(curves.exponent - curves.theory_exponent) < 0.02
    lo, hi = curves.exponent_ci
    assert lo - 0.012 < curves.finite_sample_exponent < hi + 0.012
    assert curves.risk.shape == (3, SIZES.size, curves.box_widths.shape[1])
    assert np.allclose(curves.risk, curves.bias_squared + curves.variance)
    # The oracle width shrinks with n, about as n^(-1/(d+2)).
    assert fit_power_law(SIZES, curves.best_width).exponent == pytest.approx(-1 / (d + 2), abs=0.08)


@pytest.mark.parametrize("d", [1, 2])
def test_one_box_size_rule_gives_n_to_the_minus_one_over_d(d):
    # Noise-free labels, 30 points per box: squared error ~ h^2 ~ n^(-2/d), i.e. RMSE ~ n^(-1/d).  (With
    # few points per box, empty boxes, predicted by the global mean, put a floor e^-k under the error.)
    curves = box_regression_curves(ManifoldData(d, noise=0.0), SIZES, points_per_box=30, n_trials=2, seed=0)
    assert curves.exponent == pytest.approx(-2 / d, abs=0.03)
    # With noise the same rule stalls: the variance sigma^2 / 10 does not fall, so the risk flattens
    # onto that floor (Poisson box counts put it slightly above 1/10).
    noisy = box_regression_curves(ManifoldData(d, noise=1.0), SIZES, points_per_box=10, n_trials=2, seed=0)
    assert noisy.best_risk.min() > 0.1
    assert fit_power_law(SIZES[-3:], noisy.best_risk[-3:]).exponent > -0.1


def test_slope_follows_intrinsic_not_ambient_dimension():
    # k = 1 and k = 2 inside D = 6: theory -2/3 and -1/2, far from -2/(D+2) = -0.25.
    for k in (1, 2):
        curves = box_regression_curves(ManifoldData(k, ambient_dimension=6), SIZES, n_trials=3, seed=2)
        assert curves.exponent == pytest.approx(-2 / (k + 2), abs=0.05)
        assert curves.exponent < -0.25 - 0.2


def test_determinism():
    a = box_regression_curves(ManifoldData(1), SIZES[:4], n_trials=2, seed=5)
    b = box_regression_curves(ManifoldData(1), SIZES[:4], n_trials=2, seed=5)
    assert np.array_equal(a.risk, b.risk) and a.exponent_ci == b.exponent_ci


# --------------------------------------------------------------------------- bad input
def test_bad_input():
    with pytest.raises(ValueError, match="data must be a ManifoldData"):
        box_regression_curves("cube", SIZES)
    with pytest.raises(ValueError, match="sample_sizes must be finite"):
        box_regression_curves(ManifoldData(1), [64, np.nan, 256])
    with pytest.raises(ValueError, match="sample_sizes needs at least 3"):
        box_regression_curves(ManifoldData(1), [64, 128])
    with pytest.raises(ValueError, match="box_widths must be > 0"):
        box_regression_curves(ManifoldData(1), SIZES, box_widths=[0.1, -0.1])
    with pytest.raises(ValueError, match="not both"):
        box_regression_curves(ManifoldData(1), SIZES, box_widths=[0.1], points_per_box=4)
    with pytest.raises(ValueError, match="unit cube"):
        box_regression_curves(ManifoldData(1, ambient_dimension=3), SIZES, points_per_box=4)
    with pytest.raises(ValueError, match="targets must have one value per point"):
        fit_box_average(np.zeros((5, 2)), np.zeros(4), 0.1)
    with pytest.raises(ValueError, match="points must be finite"):
        fit_box_average([0.1, np.inf], [1.0, 2.0], 0.1)
    with pytest.raises(ValueError, match="box_width must be > 0"):
        fit_box_average([0.1, 0.2], [1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="offset must have 2 values"):
        fit_box_average(np.zeros((5, 2)), np.zeros(5), 0.1, offset=[0.0])
    with pytest.raises(ValueError, match="points must have 2 columns"):
        fit_box_average(np.zeros((5, 2)), np.zeros(5), 0.1).predict(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="dimension must be >= 1"):
        box_regression_theory(100, 0.1, dimension=0)
    with pytest.raises(ValueError, match="sample_sizes must be > 0"):
        best_box_width(-5, dimension=1)
    with pytest.raises(ValueError, match="noise must be > 0"):
        best_box_width(100, dimension=1, noise=0.0)
    with pytest.raises(ValueError, match="points_per_box must be > 0"):
        occupancy_box_widths(100, dimension=1, points_per_box=0)
