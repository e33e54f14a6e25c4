"""Tests of scaling_lab.experiments.small_to_large: forecasts from small runs with bootstrap intervals."""

import numpy as np
import pytest

from scaling_lab.experiments.small_to_large import Forecast, forecast_power_law, small_runs_forecast_example


def test_exact_power_law_is_forecast_exactly():
    x = np.geomspace(1e6, 1e8, 6)
    forecast = forecast_power_law(x, 5.0 * x**-0.1, [1e10, 1e12], n_boot=50)
    assert isinstance(forecast, Forecast) and forecast.law == "power"
    # Noise-free data: every resample refits the same law, so the interval collapses onto the truth.
    assert np.allclose(forecast.prediction, 5.0 * np.array([1e10, 1e12]) ** -0.1, rtol=1e-10)
    assert np.allclose(forecast.prediction_ci[:, 0], forecast.prediction, rtol=1e-8)
    assert np.allclose(forecast.prediction_ci[:, 1], forecast.prediction, rtol=1e-8)


def test_saturating_forecast_of_a_planted_law():
    rng = np.random.default_rng(0)
    x = np.geomspace(1e3, 1e6, 12)
    y = (1.5 + 40.0 * x**-0.4) * np.exp(0.005 * rng.standard_normal(x.size))
    forecast = forecast_power_law(x, y, 1e8, saturating=True, n_boot=100, seed=1)
    truth = 1.5 + 40.0 * 1e8**-0.4
    assert forecast.prediction_ci[0, 0] < truth < forecast.prediction_ci[0, 1]
    assert "saturating law" in repr(forecast)


def test_worked_example_of_chapter_one():
    example = small_runs_forecast_example(seed=0)
    # Chinchilla eq. 10 at N = 1e11, D = 2e12: 1.69 + 406.4/N^0.34 + 410.7/D^0.28.
    assert example.true_loss == pytest.approx(1.69 + 406.4 / 1e11**0.34 + 410.7 / 2e12**0.28, rel=1e-12)
    lo, hi = example.saturating.prediction_ci[0]
    assert lo < example.true_loss < hi                    # the floor-aware fit brackets the truth
    assert example.power.prediction_ci[0, 1] < example.true_loss   # the pure power law overshoots the gain
    assert np.array_equal(example.loss, small_runs_forecast_example(seed=0).loss)


def test_bad_input():
    with pytest.raises(ValueError, match="targets must be > 0"):
        forecast_power_law([1, 2, 3], [3, 2, 1], [-5])
    with pytest.raises(ValueError, match="x must be finite"):
        forecast_power_law([1, np.nan, 3], [3, 2, 1], [5])
    with pytest.raises(ValueError, match="y must have the same shape as x"):
        forecast_power_law([1, 2, 3], [3, 2], [5])
    with pytest.raises(ValueError, match="x needs at least 3 points"):
        forecast_power_law([1, 2], [3, 2], [5])
    with pytest.raises(ValueError, match="n_boot must be >= 10"):
        forecast_power_law([1, 2, 3], [3, 2, 1], [5], n_boot=3)
    with pytest.raises(ValueError, match="smallest must be < largest"):
        small_runs_forecast_example(smallest=1e9, largest=1e7)
    with pytest.raises(ValueError, match="n_runs must be >= 4"):
        small_runs_forecast_example(n_runs=2)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        small_runs_forecast_example(noise=-0.1)
