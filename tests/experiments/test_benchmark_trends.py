"""Tests of scaling_lab.experiments.benchmark_trends: a straight line in log10 of scale (ordinary or weighted
least squares) and the scale at which a trend reaches a level, with a bootstrap interval.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.experiments import LevelCrossing, LogLinearFit, fit_log_linear, scale_to_reach

X = np.geomspace(1e6, 1e10, 9)


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
