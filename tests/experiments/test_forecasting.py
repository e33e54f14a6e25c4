"""Tests of scaling_lab.experiments.forecasting: extrapolation errors of a fit on the small end, and bootstrap
bands around a forecast.

Closed forms on exact laws (no error, a band of zero width) and the coverage of the bootstrap band on
planted noisy laws.
"""

import numpy as np
import pytest

from scaling_lab.experiments import ExtrapolationErrors, ForecastBand, extrapolation_errors, forecast_band
from scaling_lab.fitting import fit_power_law, fit_saturating_power_law
from scaling_lab.laws import power_law, saturating_power_law

X = np.geomspace(1e6, 1e10, 9)


# --------------------------------------------------------------------------- extrapolation errors
def test_exact_power_law_extrapolates_without_error():
    errors = extrapolation_errors(X, power_law(X, 50.0, -0.1))
    assert isinstance(errors, ExtrapolationErrors)
    assert len(errors) == sum(9 - k for k in range(3, 9))  # fits on 3..8 points, each forecasts the rest
    np.testing.assert_allclose(errors.relative_error, 0.0, atol=1e-10)
    np.testing.assert_allclose(errors.decades, np.log10(errors.x_target / errors.x_fit_max))
    assert errors.decades.max() == pytest.approx(4 - 4 * 2 / 8)  # 3 points span 1 decade of 4
    assert "ExtrapolationErrors(" in repr(errors)


def test_pure_power_law_misses_a_floor_more_the_further_it_goes():
    # y = 2 + 10 x^-0.3: a pure power law fitted to the small end overshoots the decline.
    y = saturating_power_law(X, 2.0, 10.0 * 1e6**0.3, 0.3)
    errors = extrapolation_errors(X, y, min_points=3)
    first = errors.n_fit == 3
    assert np.all(np.diff(errors.relative_error[first]) < 0)  # error grows with distance
    assert np.all(errors.relative_error < 0)  # it predicts too low a loss
    exact = extrapolation_errors(X, y, fitter=fit_saturating_power_law, min_points=4)
    assert np.max(np.abs(exact.relative_error)) < 1e-6


def test_extrapolation_errors_sorts_its_input():
    y = power_law(X, 50.0, -0.1)
    a, b = extrapolation_errors(X, y), extrapolation_errors(X[::-1], y[::-1])
    np.testing.assert_array_equal(a.x_target, b.x_target)


@pytest.mark.parametrize("kwargs, match", [
    ({"x": [1, 2, -3, 4], "y": [1, 1, 1, 1]}, "x"),
    ({"x": [1, 2, 3, 4], "y": [1, 1, np.nan, 1]}, "y"),
    ({"x": [1, 2, 3, 4], "y": [1, 1, 0, 1]}, "y"),
    ({"x": [1, 2, 3, 4], "y": [1, 1, 1]}, "y"),
    ({"x": [1, 2, 3], "y": [1, 1, 1]}, "x"),
    ({"x": [1, 2, 3, 4], "y": [1, 1, 1, 1], "min_points": 1}, "min_points"),
    ({"x": [1, 2, 3, 4], "y": [1, 1, 1, 1], "fitter": "power"}, "fitter"),
])
def test_extrapolation_errors_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        extrapolation_errors(**kwargs)


# --------------------------------------------------------------------------- bands
def test_band_collapses_on_exact_data():
    y = power_law(X, 50.0, -0.1)
    new = np.array([1e11, 1e12])
    for band in (forecast_band(X, y, new, n_boot=50), forecast_band(X, y, new, y_stderr=1e-12 * y, n_boot=50)):
        assert isinstance(band, ForecastBand)
        np.testing.assert_allclose([band.low, band.forecast, band.high], [power_law(new, 50.0, -0.1)] * 3,
                                   rtol=1e-9)
    assert band.method == "stderr" and "ForecastBand(" in repr(band)


def test_parametric_band_covers_the_truth_about_as_often_as_it_says():
    # 40 planted noisy power laws (log-normal noise 2%, stderr known): a 90% band at 10x beyond
    # the data should contain the true value in about 90% of them (binomial sd ~ 5%).
    truth_at = power_law(1e11, 50.0, -0.1)
    hits = 0
    for seed in range(40):
        rng = np.random.default_rng(seed)
        y = power_law(X, 50.0, -0.1) * np.exp(0.02 * rng.standard_normal(X.size))
        log_fit = forecast_band(X, np.log(y), [1e11], fitter=lambda x, v: _LogPowerFit(x, v),
                                y_stderr=np.full(X.size, 0.02), n_boot=200, confidence=0.9, seed=seed)
        hits += bool(log_fit.contains([np.log(truth_at)])[0])
    assert 30 <= hits <= 40


class _LogPowerFit:
    """A power law fitted to log y (so that the noise is additive, as the parametric bootstrap assumes)."""

    def __init__(self, x, log_y):
        self.fit = fit_power_law(x, np.exp(log_y))

    def predict(self, x):
        return np.log(self.fit.predict(x))


def test_band_is_deterministic_under_a_seed():
    rng = np.random.default_rng(0)
    y = power_law(X, 50.0, -0.1) * np.exp(0.05 * rng.standard_normal(X.size))
    a = forecast_band(X, y, [1e11], n_boot=50, seed=3)
    b = forecast_band(X, y, [1e11], n_boot=50, seed=3)
    np.testing.assert_array_equal(a.samples, b.samples)
    assert not np.array_equal(a.samples, forecast_band(X, y, [1e11], n_boot=50, seed=4).samples)


@pytest.mark.parametrize("kwargs, match", [
    ({"x_new": [0.0]}, "x_new"),
    ({"x_new": [np.inf]}, "x_new"),
    ({"y_stderr": [0.1] * 8}, "y_stderr"),
    ({"y_stderr": [0.0] * 9}, "y_stderr"),
    ({"n_boot": 5}, "n_boot"),
    ({"confidence": 0.0}, "confidence"),
    ({"fitter": None}, "fitter"),
])
def test_forecast_band_bad_input(kwargs, match):
    args = {"x": X, "y": power_law(X, 50.0, -0.1), "x_new": [1e11], **kwargs}
    with pytest.raises(ValueError, match=match):
        forecast_band(args.pop("x"), args.pop("y"), args.pop("x_new"), **args)
