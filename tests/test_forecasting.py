"""Tests of scaling_lab.experiments.forecasting and .pythia_forecasts.

Closed forms on exact laws, coverage of the bootstrap band on planted noisy laws, and the forecasts of
Pythia's 2.8B-12B models from 70M-1.4B (point forecasts are deterministic fits, so they are checked to
1e-3 relative; band edges depend on the bootstrap draws, so only which side of them the truth falls).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.data import load_pythia_evals
from scaling_lab.experiments import (
    PYTHIA_FIT_MAX_PARAMS, ExtrapolationErrors, ForecastBand, LevelCrossing, LogLinearFit, PythiaForecast,
    extrapolation_errors, fit_log_linear, forecast_band, pythia_forecast, pythia_scale_to_reach, scale_to_reach,
)
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


# --------------------------------------------------------------------------- straight line in log x
@settings(max_examples=25, deadline=None)
@given(intercept=st.floats(-1, 1), slope=st.floats(-0.2, 0.2))
def test_log_linear_recovers_a_planted_line(intercept, slope):
    fit = fit_log_linear(X, intercept + slope * np.log10(X))
    assert fit.intercept == pytest.approx(intercept, abs=1e-9)
    assert fit.slope == pytest.approx(slope, abs=1e-10)


def test_log_linear_closed_forms():
    rng = np.random.default_rng(1)
    y = 0.2 + 0.05 * np.log10(X) + 0.01 * rng.standard_normal(X.size)
    ols = fit_log_linear(X, y)
    np.testing.assert_allclose([ols.slope, ols.intercept], np.polyfit(np.log10(X), y, 1), rtol=1e-12)
    known = fit_log_linear(X, y, y_stderr=np.full(X.size, 0.01))
    assert known.slope == pytest.approx(ols.slope)  # equal weights give the same line
    lx = np.log10(X)
    assert known.slope_stderr == pytest.approx(0.01 / math.sqrt(np.sum((lx - lx.mean()) ** 2)))
    assert known.weighted and not ols.weighted
    assert isinstance(known, LogLinearFit) and "per decade" in repr(known)


def test_scale_at_is_the_inverse_of_predict():
    fit = fit_log_linear(X, 0.1 + 0.05 * np.log10(X))
    assert fit.scale_at(0.94) == pytest.approx(10 ** ((0.94 - 0.1) / 0.05))
    assert fit.predict(fit.scale_at(0.7)) == pytest.approx(0.7)
    assert fit_log_linear(X, np.full(X.size, 0.5)).scale_at(0.94) == math.inf


@pytest.mark.parametrize("kwargs, match", [
    ({"x": [1, 2]}, "x"),
    ({"x": [1, 1, 1]}, "x"),
    ({"y": [0.5, np.nan, 0.6]}, "y"),
    ({"y_stderr": [0.1, -0.1, 0.1]}, "y_stderr"),
    ({"y_stderr": [0.1, 0.1]}, "y_stderr"),
])
def test_log_linear_bad_input(kwargs, match):
    args = {"x": [1e6, 1e7, 1e8], "y": [0.5, 0.55, 0.6], **kwargs}
    with pytest.raises(ValueError, match=match):
        fit_log_linear(args.pop("x"), args.pop("y"), **args)


# --------------------------------------------------------------------------- level crossing
def test_scale_to_reach_on_an_exact_line():
    y = 0.1 + 0.05 * np.log10(X)
    crossing = scale_to_reach(X, y, 0.94, y_stderr=np.full(X.size, 1e-9), n_boot=50)
    assert isinstance(crossing, LevelCrossing)
    assert crossing.scale == pytest.approx(10**16.8, rel=1e-6)
    assert crossing.scale_ci[0] == pytest.approx(10**16.8, rel=1e-3)
    assert crossing.scale_ci[1] == pytest.approx(10**16.8, rel=1e-3)
    assert crossing.fraction_never == 0.0


def test_a_falling_trend_never_reaches_a_higher_level():
    y = 0.9 - 0.05 * np.log10(X)
    crossing = scale_to_reach(X, y, 0.95, n_boot=50)
    assert crossing.scale == math.inf and crossing.fraction_never == 1.0
    assert crossing.scale_ci == (math.inf, math.inf)


def test_scale_to_reach_bad_input():
    with pytest.raises(ValueError, match="level"):
        scale_to_reach(X, 0.1 + 0.05 * np.log10(X), float("nan"))
    with pytest.raises(ValueError, match="n_boot"):
        scale_to_reach(X, 0.1 + 0.05 * np.log10(X), 0.9, n_boot=1)


# --------------------------------------------------------------------------- Pythia: predict, then reveal
def test_lambada_perplexity_forecast_from_the_small_models():
    # Measured: saturating law on the cross-entropy, fitted on 70M-1.4B (total parameters).
    result = pythia_forecast(n_boot=200)
    assert isinstance(result, PythiaForecast) and result.fitted.sum() == 4
    np.testing.assert_allclose(result.forecast[result.revealed], [4.877, 4.135, 3.884], rtol=1e-3)
    np.testing.assert_allclose(result.observed[result.revealed], [5.036, 4.449, 3.924], rtol=1e-3)
    assert result.inside_band[result.revealed].all()
    assert result.grid_forecast.size == 60 and np.all(np.diff(result.grid_forecast) < 0)
    assert "PythiaForecast(" in repr(result)


def test_a_pure_power_law_is_confidently_wrong_on_lambada():
    result = pythia_forecast(law="power_law", n_boot=200)
    np.testing.assert_allclose(result.forecast[result.revealed], [3.883, 2.702, 2.279], rtol=1e-3)
    assert not result.inside_band[result.revealed].any()  # too optimistic, and sure of it
    assert np.all(result.relative_error[result.revealed] < -0.2)


def test_winogrande_and_mmlu_forecasts():
    wino = pythia_forecast("winogrande", n_boot=200)
    np.testing.assert_allclose(wino.forecast[wino.revealed], [0.5761, 0.5895, 0.5976], atol=2e-4)
    assert wino.inside_band[wino.revealed].all() and wino.chance_accuracy == 0.5
    assert wino.fit.slope == pytest.approx(0.0342, abs=1e-4)  # accuracy per tenfold parameters
    mmlu = pythia_forecast("mmlu", n_boot=200)
    assert mmlu.method == "resample"  # MMLU's file has no standard errors
    assert mmlu.fit.slope_ci[0] < 0 < mmlu.fit.slope_ci[1]  # no trend distinguishable from flat
    assert np.all(np.abs(mmlu.observed - 0.25) < 0.035)


def test_parameters_for_human_level_winogrande():
    # The line through 70M-1.4B reaches 94% near 1e20 parameters; the interval spans ~58 decades.
    small = pythia_scale_to_reach(n_boot=300)
    assert math.log10(small.scale) == pytest.approx(20.09, abs=0.01)
    assert small.scale_ci[0] < 1e16 and small.scale_ci[1] > 1e40
    every = pythia_scale_to_reach(max_fit_params=np.inf, n_boot=300)
    assert math.log10(every.scale) == pytest.approx(16.28, abs=0.01)
    assert every.scale_ci[1] < small.scale_ci[1]


def test_pythia_forecast_is_deterministic():
    a = pythia_forecast("winogrande", n_boot=50, seed=1)
    b = pythia_forecast("winogrande", n_boot=50, seed=1)
    np.testing.assert_array_equal(a.low, b.low)


@pytest.mark.parametrize("kwargs, match", [
    ({"metric": "hellaswag"}, "metric"),
    ({"law": "log_linear"}, "law"),
    ({"metric": "winogrande", "law": "power_law"}, "law"),
    ({"max_fit_params": 1e8}, "max_fit_params"),
    ({"max_fit_params": 1e11}, "max_fit_params"),
    ({"max_fit_params": -1}, "max_fit_params"),
    ({"params_count": "embedding"}, "params_count"),
    ({"deduplicated": "no"}, "deduplicated"),
    ({"n_boot": 0}, "n_boot"),
])
def test_pythia_forecast_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        pythia_forecast(**kwargs)


def test_pythia_scale_to_reach_bad_input():
    with pytest.raises(ValueError, match="benchmark"):
        pythia_scale_to_reach("hellaswag")
    with pytest.raises(ValueError, match="level"):
        pythia_scale_to_reach("arc_easy")  # no human accuracy recorded
    with pytest.raises(ValueError, match="max_fit_params"):
        pythia_scale_to_reach(max_fit_params=1e8)


def test_fit_cutoff_is_between_1_4b_and_2_8b():
    sizes = load_pythia_evals().sizes
    assert sizes[3] < PYTHIA_FIT_MAX_PARAMS < sizes[4]
