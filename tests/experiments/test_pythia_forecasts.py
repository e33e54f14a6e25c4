"""Tests of scaling_lab.experiments.pythia_forecasts: predict, then reveal, on the Pythia suite.

Forecasts of Pythia's 2.8B-12B models from 70M-1.4B: point forecasts are deterministic fits, so they are
checked to 1e-3 relative against the values measured when the chapter was written; band edges depend on the
bootstrap draws, so only on which side of them the truth falls.
"""

import math

import numpy as np
import pytest

from scaling_lab.data import load_pythia_evals
from scaling_lab.experiments import PYTHIA_FIT_MAX_PARAMS, PythiaForecast, pythia_forecast, pythia_scale_to_reach


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
