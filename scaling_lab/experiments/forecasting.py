r"""Forecasting with scaling laws: extrapolation error against distance, bootstrap bands, level crossings.

A scaling law is used to forecast: fit the small models, predict the large
ones.  Three questions make the forecast honest:

1. How does the error grow with the extrapolation distance?
   :func:`extrapolation_errors` fits the smallest :math:`k` points and scores
   the forecast of every larger one, for every :math:`k`.
2. How uncertain is the forecast?  :func:`forecast_band` refits on bootstrap
   replicates of the data (case resampling, or the measured standard errors of
   each point) and reports percentile bands.
3. When does a trend reach a target?  :mod:`scaling_lab.experiments.benchmark_trends`
   fits accuracy against :math:`\log_{10} x` and finds the scale at which a level
   (human accuracy, say) is reached, with an interval.

Every function takes the fitter as an argument (``fitter=``, e.g.
:func:`~scaling_lab.fitting.fit_power_law`,
:func:`~scaling_lab.fitting.fit_saturating_power_law`,
:func:`~scaling_lab.fitting.bnsl.fit_bnsl` or :func:`fit_log_linear`): anything
that takes ``(x, y)`` and returns a result with ``predict``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import (
    as_confidence, as_float_array, as_int, as_positive_array, at_least, format_ci, same_shape,
)
from scaling_lab.fitting.power_law import fit_power_law
from scaling_lab.fitting.resampling import bootstrap

__all__ = ["ExtrapolationErrors", "extrapolation_errors", "ForecastBand", "forecast_band"]


def check_fitter(fitter):
    if not callable(fitter):
        raise ValueError(f"fitter must be callable, e.g. fit_power_law; got {fitter!r}")


# --------------------------------------------------------------------------- error against distance
@dataclass(frozen=True)
class ExtrapolationErrors:
    r"""One row per (fit on the smallest ``n_fit`` points, forecast of one larger point).

    ``decades`` is the extrapolation distance :math:`\log_{10}(x_{\rm target}/x_{\rm fit\,max})`;
    ``relative_error`` is :math:`\hat y / y - 1`.
    """

    n_fit: np.ndarray
    x_fit_max: np.ndarray
    x_target: np.ndarray
    decades: np.ndarray
    observed: np.ndarray
    forecast: np.ndarray
    relative_error: np.ndarray

    def __len__(self) -> int:
        return int(self.n_fit.size)

    def __repr__(self) -> str:
        worst = float(np.max(np.abs(self.relative_error)))
        return (f"ExtrapolationErrors(n_forecasts={len(self)}, fits on {int(self.n_fit.min())}-"
                f"{int(self.n_fit.max())} points, up to {float(self.decades.max()):.2f} decades ahead, "
                f"worst relative error {worst:.3g})")


def extrapolation_errors(x, y, *, fitter=fit_power_law, min_points=3) -> ExtrapolationErrors:
    r"""Fit the smallest :math:`k` points, forecast each larger one; repeat for every :math:`k`.

    For :math:`k = k_{\min}, \dots, n-1` (points sorted by ``x``), fit
    :math:`(x_1..x_k, y_1..y_k)` with ``fitter`` and record, for every
    :math:`j > k`, the distance :math:`\log_{10}(x_j / x_k)` and the relative
    error :math:`\hat y(x_j)/y_j - 1`.  Plotting the error against the
    distance shows how quickly a forecast degrades.

    Parameters
    ----------
    x, y : array_like
        The scaled quantity (> 0, at least two distinct values beyond the
        smallest fit) and the measurement (non-zero), same shape.
    fitter : callable, default :func:`~scaling_lab.fitting.fit_power_law`
        ``fitter(x, y)`` returns a result with ``predict(x)``.
    min_points : int, default 3
        The smallest :math:`k`; at least what the fitter needs (3 for a power
        law, 4 for a saturating one).

    Returns
    -------
    ExtrapolationErrors
    """
    check_fitter(fitter)
    x = as_positive_array(x, "x").ravel()
    y = as_float_array(y, "y").ravel()
    same_shape(x=x, y=y)
    if (y == 0).any():
        raise ValueError("y must be non-zero (relative errors divide by it)")
    min_points = as_int(min_points, "min_points", minimum=2)
    at_least(x, "x", min_points + 1)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    rows = []
    for k in range(min_points, x.size):
        fit = fitter(x[:k], y[:k])
        ahead = np.arange(k, x.size)
        predicted = np.atleast_1d(np.asarray(fit.predict(x[ahead]), dtype=float))
        for j, forecast in zip(ahead, predicted):
            rows.append((k, x[k - 1], x[j], math.log10(x[j] / x[k - 1]), y[j], forecast))
    n_fit, x_max, x_target, decades, observed, forecast = (np.array(c) for c in zip(*rows))
    return ExtrapolationErrors(n_fit.astype(int), x_max, x_target, decades, observed, forecast,
                               forecast / observed - 1.0)


# --------------------------------------------------------------------------- bootstrap bands
@dataclass(frozen=True)
class ForecastBand:
    r"""Forecasts at ``x_new`` from the full fit, with percentile bands over refits.

    ``method`` is ``"resample"`` (cases resampled with replacement) or
    ``"stderr"`` (each :math:`y_i` redrawn as :math:`y_i + \sigma_i z`, a
    parametric bootstrap on the measured standard errors).
    """

    x_new: np.ndarray
    forecast: np.ndarray
    low: np.ndarray
    high: np.ndarray
    median: np.ndarray
    samples: np.ndarray = field(repr=False)
    confidence: float
    n_boot: int
    n_failed: int
    method: str

    def contains(self, observed) -> np.ndarray:
        """Whether each observed value lies inside the band."""
        observed = as_float_array(observed, "observed")
        same_shape(observed=observed, x_new=self.x_new)
        return (self.low <= observed) & (observed <= self.high)

    def __repr__(self) -> str:
        rows = ", ".join(f"{x:.3g}: {f:.4g} {format_ci((lo, hi))}"
                         for x, f, lo, hi in zip(self.x_new, self.forecast, self.low, self.high))
        return (f"ForecastBand({rows}; {100 * self.confidence:g}% band, method={self.method!r}, "
                f"n_boot={self.n_boot}, n_failed={self.n_failed})")


def parametric_refits(fitter, x, y, y_stderr, statistic, n_boot, seed):
    """Refit on y + stderr * z for n_boot draws; return (list of statistics, number failed)."""
    rng = np.random.default_rng(seed)
    out, n_failed = [], 0
    for _ in range(n_boot):
        draw = y + y_stderr * rng.standard_normal(y.size)
        try:
            out.append(statistic(fitter(x, draw)))
        except (ValueError, ArithmeticError, np.linalg.LinAlgError):
            n_failed += 1
    if n_failed > n_boot // 2:
        raise ValueError(f"{n_failed} of {n_boot} refits failed; y_stderr may be too large for this fitter")
    return out, n_failed


def forecast_band(x, y, x_new, *, fitter=fit_power_law, y_stderr=None, n_boot=1000, confidence=0.95,
                  seed=0) -> ForecastBand:
    r"""Forecast at ``x_new`` with a bootstrap band (Efron and Tibshirani 1993, ch. 13).

    Without ``y_stderr``, the rows :math:`(x_i, y_i)` are resampled with
    replacement (:func:`scaling_lab.fitting.resampling.bootstrap`).  With ``y_stderr``
    (a benchmark's reported standard errors, say), each replicate redraws
    :math:`y_i^* = y_i + \sigma_i z_i`, :math:`z_i \sim N(0, 1)`, and keeps every
    :math:`x_i`: with four or five models, resampling cases would often leave too
    few distinct sizes to fit.  Either way each replicate is refitted and
    evaluated at ``x_new``; the band is the percentile interval
    :math:`[q_{(1-c)/2}, q_{(1+c)/2}]`.  The band covers the noise of the
    fitted points only, not the choice of law: a wrong law gives a confident,
    wrong band (compare :func:`extrapolation_errors`).

    Parameters
    ----------
    x, y : array_like
        The data to fit, same shape.
    x_new : array_like
        Where to forecast, > 0.
    fitter : callable, default :func:`~scaling_lab.fitting.fit_power_law`
        ``fitter(x, y)`` returns a result with ``predict(x)``.
    y_stderr : array_like, optional
        Standard errors of ``y`` (> 0, same shape); switches to the parametric bootstrap.
    n_boot : int, default 1000
        Replicates, >= 10.
    confidence : float, default 0.95
        Coverage of the band.
    seed : int or numpy.random.Generator, default 0
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    ForecastBand
    """
    check_fitter(fitter)
    x = as_positive_array(x, "x").ravel()
    y = as_float_array(y, "y").ravel()
    same_shape(x=x, y=y)
    x_new = np.atleast_1d(as_positive_array(x_new, "x_new")).ravel()
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    confidence = as_confidence(confidence)
    point = np.atleast_1d(np.asarray(fitter(x, y).predict(x_new), dtype=float))

    def statistic(fit):
        values = np.atleast_1d(np.asarray(fit.predict(x_new), dtype=float))
        return {f"x{i}": float(v) for i, v in enumerate(values)}

    if y_stderr is None:
        boot = bootstrap(fitter, x, y, n_boot=n_boot, confidence=confidence, seed=seed, statistic=statistic)
        samples = np.column_stack([boot.samples[f"x{i}"] for i in range(x_new.size)])
        n_failed, method = boot.n_failed, "resample"
    else:
        sigma = as_positive_array(y_stderr, "y_stderr").ravel()
        same_shape(y_stderr=sigma, y=y)
        draws, n_failed = parametric_refits(fitter, x, y, sigma, statistic, n_boot, seed)
        samples = np.array([[d[f"x{i}"] for i in range(x_new.size)] for d in draws])
        method = "stderr"
    low, median, high = np.percentile(samples, [50 * (1 - confidence), 50, 50 * (1 + confidence)], axis=0)
    return ForecastBand(x_new, point, low, high, median, samples, confidence, n_boot, n_failed, method)
