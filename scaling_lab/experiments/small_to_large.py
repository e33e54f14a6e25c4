r"""Tune small, extrapolate large: forecast a big run from a power law fitted to small ones.

:func:`forecast_power_law` fits :math:`y = c\,x^{k}` (:func:`scaling_lab.fitting.fit_power_law`) or
:math:`y = E + A\,x^{-\alpha}` (:func:`scaling_lab.fitting.fit_saturating_power_law`) to small runs,
evaluates it at the target sizes, and puts a percentile bootstrap interval on the forecast by
refitting resampled runs (:func:`scaling_lab.fitting.resampling.bootstrap`).  No law or fitter is defined here.

:func:`small_runs_forecast_example` is the worked example of ``book/why_scaling_laws.md``: losses of compute-optimal
runs (20 tokens per parameter) from the Chinchilla law of Hoffmann et al. (2022, eq. 10) with 1%
noise, fitted between 1e7 and 1e9 parameters and extrapolated 100x, to 1e11, where the truth is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_confidence, as_int, as_positive_array, as_positive_scalar, format_ci
from scaling_lab.fitting.power_law import fit_power_law, fit_saturating_power_law
from scaling_lab.laws import chinchilla_loss
from scaling_lab.reference import HOFFMANN_2022
from scaling_lab.fitting.resampling import bootstrap

__all__ = ["Forecast", "forecast_power_law", "SmallRunsExample", "small_runs_forecast_example"]


@dataclass(frozen=True)
class Forecast:
    """A forecast at ``targets``: ``prediction`` (the fit on all runs), its bootstrap ``prediction_ci``
    (shape (n_targets, 2)), the ``fit`` itself and the ``law`` used ("power" or "saturating")."""

    targets: np.ndarray
    prediction: np.ndarray
    prediction_ci: np.ndarray
    fit: object = field(repr=False)
    law: str
    confidence: float
    n_boot: int
    n_failed: int

    def __repr__(self) -> str:
        rows = "; ".join(f"{t:.3g}: {p:.4g} {format_ci(ci)}"
                         for t, p, ci in zip(self.targets, self.prediction, self.prediction_ci))
        return (f"Forecast({self.law} law, {100 * self.confidence:g}% bootstrap intervals: {rows}; "
                f"n_boot={self.n_boot}, n_failed={self.n_failed})")


def forecast_power_law(x, y, targets, *, saturating=False, n_boot=500, confidence=0.95, seed=0) -> Forecast:
    r"""Fit a power law to small runs ``(x, y)`` and forecast ``y`` at ``targets``, with a bootstrap interval.

    Parameters
    ----------
    x, y : array_like
        Positive, finite, same shape: e.g. model sizes and losses of the small runs. At least 3 points
        (4 with ``saturating``).
    targets : array_like
        Sizes to forecast, > 0.
    saturating : bool, optional
        Fit :math:`E + A x^{-\alpha}` instead of :math:`c x^{k}`. Default False.
    n_boot : int, optional
        Bootstrap replicates (runs resampled with replacement), >= 10. Default 500.
    confidence : float, optional
        Interval coverage. Default 0.95.
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    Forecast
    """
    xs = as_positive_array(x, "x")
    ys = as_positive_array(y, "y")
    t = as_positive_array(targets, "targets").ravel()
    confidence = as_confidence(confidence)
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    fitter = fit_saturating_power_law if saturating else fit_power_law
    fit = fitter(xs, ys, confidence=confidence)  # validates shapes and sizes

    def predictions(result):
        return {f"y{i}": float(v) for i, v in enumerate(np.atleast_1d(result.predict(t)))}

    boot = bootstrap(fitter, xs.ravel(), ys.ravel(), n_boot=n_boot, confidence=confidence, seed=seed,
                     statistic=predictions)
    ci = np.array([boot.intervals[f"y{i}"] for i in range(t.size)])
    return Forecast(t, np.atleast_1d(fit.predict(t)).astype(float), ci, fit,
                    "saturating" if saturating else "power", confidence, n_boot, boot.n_failed)


@dataclass(frozen=True)
class SmallRunsExample:
    """The worked forecast: small runs, the forecasts of both laws at ``target`` and the true loss there."""

    n_params: np.ndarray = field(repr=False)
    loss: np.ndarray = field(repr=False)
    target: float
    true_loss: float
    power: Forecast
    saturating: Forecast

    def __repr__(self) -> str:
        return (f"SmallRunsExample(target N={self.target:.3g}: true loss {self.true_loss:.4f}; power law "
                f"{self.power.prediction[0]:.4f} {format_ci(self.power.prediction_ci[0])}; saturating "
                f"{self.saturating.prediction[0]:.4f} {format_ci(self.saturating.prediction_ci[0])})")


def small_runs_forecast_example(*, n_runs=10, smallest=1e7, largest=1e9, target=1e11, tokens_per_parameter=20.0,
                                noise=0.01, n_boot=200, seed=0) -> SmallRunsExample:
    r"""The worked forecast of ``book/why_scaling_laws.md``: fit small compute-optimal runs, extrapolate 100x,
    compare with the truth.

    Run i has :math:`N_i` parameters (log-spaced over [``smallest``, ``largest``]) and
    :math:`D_i = 20 N_i` tokens, and scores :math:`L(N_i, D_i)\,e^{\sigma\varepsilon_i}` with the
    Chinchilla law :func:`scaling_lab.laws.chinchilla_loss` (Hoffmann et al. 2022, eq. 10 constants)
    and :math:`\sigma` = ``noise``.  Both a pure and a saturating power law are fitted and evaluated at
    ``target`` parameters; the truth there is :math:`L(N, 20N)` without noise.  (The pure power law
    ignores the floor E = 1.69 and overshoots the improvement.)
    """
    k = as_int(n_runs, "n_runs", minimum=4)
    lo = as_positive_scalar(smallest, "smallest")
    hi = as_positive_scalar(largest, "largest")
    if not lo < hi:
        raise ValueError(f"smallest must be < largest; got {lo!r} and {hi!r}")
    tgt = as_positive_scalar(target, "target")
    ratio = as_positive_scalar(tokens_per_parameter, "tokens_per_parameter")
    s = as_positive_scalar(noise, "noise", allow_zero=True)
    rng = np.random.default_rng(seed)
    n = np.geomspace(lo, hi, k)
    loss = chinchilla_loss(n, ratio * n, HOFFMANN_2022) * np.exp(s * rng.standard_normal(k))
    power = forecast_power_law(n, loss, [tgt], n_boot=n_boot, seed=rng)
    saturating = forecast_power_law(n, loss, [tgt], saturating=True, n_boot=n_boot, seed=rng)
    return SmallRunsExample(n, loss, tgt, float(chinchilla_loss(tgt, ratio * tgt, HOFFMANN_2022)), power, saturating)
