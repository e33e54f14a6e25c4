"""Checkers of ``labs/lab02_measure.md``, "Measure a scaling law from scratch", declared as data.

Every expected value is computed with the same package calls, sizes and seeds as the lab, never typed
in; each exercise lists its typical mistakes with their own hints.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from scaling_lab.checks.spec import Mistake, NumberExercise
from scaling_lab.experiments import (
    ManifoldData, box_regression_curves, hidden_manifold_data, mean_estimation_risk, simulate_estimator_risk,
)
from scaling_lab.fitting.power_law import fit_power_law

__all__ = [
    "MEAN_SIGMA", "MEAN_SAMPLE_SIZE", "RISK_SEED", "BOOT_REPLICATES", "CUBE_DIMENSION", "CUBE_SIZES", "CUBE_SEED",
    "HIDDEN_SEED", "HIDDEN_SIZES", "HIDDEN_RUN_SEED", "PILOT_SIZES", "PILOT_SEED", "FORECAST_SIZE", "EXERCISES",
]

#: Exercise 1: the squared error of a mean of ``MEAN_SAMPLE_SIZE`` draws with standard deviation ``MEAN_SIGMA``.
MEAN_SIGMA = 2.0
MEAN_SAMPLE_SIZE = 50
#: Exercises 2-4: ``simulate_estimator_risk(parameter=MEAN_SIGMA, seed=RISK_SEED)``; the bootstrap of
#: exercise 3 uses this many replicates.
RISK_SEED = 2026
BOOT_REPLICATES = 1000
#: Exercise 5: box averaging on the unit cube in ``CUBE_DIMENSION`` dimensions.
CUBE_DIMENSION = 3
CUBE_SIZES = tuple(2**k for k in range(9, 15))
CUBE_SEED = 2026
#: Exercise 6: the hidden data set ``hidden_manifold_data(HIDDEN_SEED)`` and its learning curve.
HIDDEN_SEED = 11
HIDDEN_SIZES = tuple(2**k for k in range(9, 16))
HIDDEN_RUN_SEED = 0
#: Exercise 7: pilot runs on the hidden data set and the forecast ten times beyond the largest.
PILOT_SIZES = tuple(2**k for k in range(9, 13))
PILOT_SEED = 1
FORECAST_SIZE = 10 * PILOT_SIZES[-1]


# --------------------------------------------------------------------------- the lab's data, computed once
@cache
def _risk():
    return simulate_estimator_risk(parameter=MEAN_SIGMA, seed=RISK_SEED)


@cache
def _log_fit() -> tuple[float, float]:
    """Slope and natural-log intercept of log(mean squared error) against log(n)."""
    risk = _risk()
    slope, intercept = np.polyfit(np.log(risk.sample_sizes), np.log(risk.mean_squared_error), 1)
    return float(slope), float(intercept)


@cache
def _cube():
    return box_regression_curves(ManifoldData(CUBE_DIMENSION), np.array(CUBE_SIZES), n_trials=3, seed=CUBE_SEED)


@cache
def _hidden_curve():
    return box_regression_curves(hidden_manifold_data(HIDDEN_SEED), np.array(HIDDEN_SIZES), n_trials=3,
                                 seed=HIDDEN_RUN_SEED)


@cache
def _pilot():
    return box_regression_curves(hidden_manifold_data(HIDDEN_SEED), np.array(PILOT_SIZES), n_trials=3,
                                 seed=PILOT_SEED)


# --------------------------------------------------------------------------- exercise 1
def _mean_risk() -> float:
    return float(mean_estimation_risk(MEAN_SAMPLE_SIZE, MEAN_SIGMA))


def _mean_risk_mistakes():
    s, n = MEAN_SIGMA, MEAN_SAMPLE_SIZE
    return (
        Mistake(s / n, "the variance of one draw is sigma**2, not sigma: square the standard deviation"),
        Mistake(s / math.sqrt(n), "sigma / sqrt(n) is the root-mean-square error; the question asks for its square"),
        Mistake(s**2 / math.sqrt(n), "the variance of a mean of n independent draws is sigma**2 / n, not / sqrt(n)"),
        Mistake(s**2, "that is the variance of one draw; averaging n draws divides it by n"),
    )


# --------------------------------------------------------------------------- exercise 2
def _slope() -> float:
    return _log_fit()[0]


def _slope_mistakes():
    risk = _risk()
    n, mse = risk.sample_sizes, risk.mean_squared_error
    return (
        Mistake(-_slope(), "the error falls as n grows, so the slope is negative"),
        Mistake(-1.0, "that is the theory; measure the slope: fit a line to log(mean squared error) against log(n)"),
        Mistake(float(np.polyfit(np.log(n), np.log(np.sqrt(mse)), 1)[0]),
                "that is the slope of the root-mean-square error; fit the mean squared error itself"),
        Mistake(float(np.polyfit(n, mse, 1)[0]), "take logs of both n and the mean squared error before fitting"),
        Mistake(float(np.polyfit(np.log(mse), np.log(n), 1)[0]),
                "you regressed log n on log error; put log n on the x-axis"),
    )


# --------------------------------------------------------------------------- exercise 3
@cache
def _bootstrap_stderr() -> float:
    risk = _risk()
    errors, log_n = risk.squared_errors, np.log(risk.sample_sizes)
    rng = np.random.default_rng(0)
    slopes = [np.polyfit(log_n, np.log(errors[rng.integers(0, len(errors), len(errors))].mean(axis=0)), 1)[0]
              for _ in range(BOOT_REPLICATES)]
    return float(np.std(slopes, ddof=1))


@cache
def _per_trial_spread() -> float:
    risk = _risk()
    log_n = np.log(risk.sample_sizes)
    slopes = [np.polyfit(log_n, np.log(row), 1)[0] for row in risk.squared_errors]
    return float(np.std(slopes, ddof=1))


def _stderr_mistakes():
    return (
        Mistake(0.0, "a spread of 0 means every replicate used the same trials: draw the rows WITH replacement"),
        Mistake(_per_trial_spread(), "that is the scatter of the slope of single trials; resample whole trials, "
                                     "average each replicate over its 2,000 rows, then fit"),
        Mistake(_bootstrap_stderr() ** 2, "that is the variance of the slopes; give their standard deviation"),
    )


# --------------------------------------------------------------------------- exercise 4
def _intercept() -> float:
    return _log_fit()[1]


def _intercept_mistakes():
    intercept = _intercept()
    return (
        Mistake(intercept / math.log(10), 'that is the base-10 intercept; use natural logarithms'),
        Mistake(math.exp(intercept), "that is c itself; give log c, the intercept of the line"),
        Mistake(2 * math.log(MEAN_SIGMA), "that is the theory, 2 log sigma; give the intercept you measured"),
        Mistake(math.log(MEAN_SIGMA), "log sigma is half the theory; anyway, give the intercept you measured"),
    )


# --------------------------------------------------------------------------- exercise 5
def _cube_slope() -> float:
    return float(fit_power_law(_cube().sample_sizes, _cube().best_risk).exponent)


def _cube_mistakes():
    d = CUBE_DIMENSION
    cube = _cube()
    theory = "that is a theoretical value; give the slope you measured from curves.best_risk"
    return (
        Mistake(-_cube_slope(), "the risk falls as n grows, so the slope is negative"),
        Mistake(-2 / (d + 2), theory),
        Mistake(-1 / d, "-1/d is the informal rate of the RMSE with noise-free labels; and measure, don't type"),
        Mistake(-2 / d, theory),
        Mistake(-1 / (d + 2), theory),
        Mistake(float(fit_power_law(cube.sample_sizes, np.sqrt(cube.best_risk)).exponent),
                "that is the slope of the root of the risk; fit the risk (a squared error) itself"),
    )


# --------------------------------------------------------------------------- exercise 6
def _hidden_dimension() -> float:
    return float(hidden_manifold_data(HIDDEN_SEED).dimension)


def _dimension_mistakes():
    slope = _hidden_curve().exponent
    return (
        Mistake(float(hidden_manifold_data(HIDDEN_SEED).ambient_dimension),
                "that is the ambient dimension D (the number of coordinates); the slope tells the intrinsic one"),
        Mistake(-2 / slope, "slope = -2/(k+2) gives k = -2/slope - 2: don't forget the -2"),
        Mistake(round(-2 / slope), "slope = -2/(k+2) gives k = -2/slope - 2: don't forget the -2"),
        Mistake(-1 / slope, "-1/d is the informal rate of the RMSE on noise-free data; the tuned squared error "
                            "falls as n**(-2/(k+2))"),
        Mistake(round(-1 / slope), "-1/d is the informal rate of the RMSE on noise-free data; the tuned squared "
                                   "error falls as n**(-2/(k+2))"),
    )


# --------------------------------------------------------------------------- exercise 7
def _forecast() -> float:
    return float(_pilot().fit.predict(float(FORECAST_SIZE)))


def _forecast_mistakes():
    pilot, forecast = _pilot(), _forecast()
    return (
        Mistake(math.log(forecast), 'that is the natural log of the forecast; give the risk itself (undo the log)'),
        Mistake(math.log10(forecast), "that is the log10 of the forecast; give the risk itself"),
        Mistake(float(pilot.best_risk[-1]), "that is the last pilot measurement; evaluate the fitted law at 10x the "
                                            "largest pilot size"),
        Mistake(float(pilot.fit.predict(10.0 * PILOT_SIZES[0])), "extrapolate to 10 times the LARGEST pilot size"),
        Mistake(float(pilot.fit.coefficient * FORECAST_SIZE ** (-pilot.fit.exponent)),
                "check the sign of the exponent: the risk must fall beyond the pilot runs"),
    )


EXERCISES = {
    "lab2-mean-risk": NumberExercise(
        expected=_mean_risk, mistakes=_mean_risk_mistakes, rel_tol=1e-3, name="squared error",
        hint="the mean squared error of a sample mean is sigma**2 / n"),
    "lab2-slope": NumberExercise(
        expected=_slope, mistakes=_slope_mistakes, rel_tol=0.0, abs_tol=2e-5, name="slope",
        hint='fit a straight line to log(mse) against log(n); its slope is the exponent'),
    "lab2-slope-stderr": NumberExercise(
        expected=_bootstrap_stderr, mistakes=_stderr_mistakes, rel_tol=0.1, name="bootstrap standard error",
        hint="repeat 1,000 times: draw 2,000 row indices with replacement, average those rows of "
             "risk.squared_errors, fit the slope; report the standard deviation of the slopes"),
    "lab2-intercept": NumberExercise(
        expected=_intercept, mistakes=_intercept_mistakes, rel_tol=0.0, abs_tol=1e-3, name="log c",
        hint='the intercept of the same straight-line fit of log(mse) against log(n), with natural logs'),
    "lab2-cube-slope": NumberExercise(
        expected=_cube_slope, mistakes=_cube_mistakes, rel_tol=0.0, abs_tol=1e-3, name="slope",
        hint="fit a power law to curves.best_risk against curves.sample_sizes and report its exponent"),
    "lab2-hidden-dimension": NumberExercise(
        expected=_hidden_dimension, mistakes=_dimension_mistakes, rel_tol=0.0, abs_tol=0.3,
        name="intrinsic dimension",
        hint="measure the slope of the hidden data's learning curve and solve slope = -2/(k+2) for k"),
    "lab2-forecast": NumberExercise(
        expected=_forecast, mistakes=_forecast_mistakes, rel_tol=1e-2, name="forecast",
        hint="fit a power law to the pilot's best_risk against its sample_sizes, then evaluate it at 40,960"),
}
