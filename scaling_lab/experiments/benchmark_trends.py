r"""Benchmark trends as straight lines in log scale, and the scale at which they reach a level.

:func:`fit_log_linear` fits accuracy against :math:`\log_{10} x` (the
straight-line extrapolation of GPT-3-style plots); :func:`scale_to_reach` turns
it into the scale at which a level (human accuracy, say) is reached, with a
bootstrap interval.  Both plug into :func:`~scaling_lab.experiments.forecasting.forecast_band`
as ``fitter=``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import (
    as_confidence, as_float_array, as_int, as_positive_array, as_scalar, at_least, format_ci, same_shape,
)
from scaling_lab.experiments.forecasting import parametric_refits
from scaling_lab.fitting.resampling import bootstrap

stats = lazy_module("scipy.stats")

__all__ = ["LogLinearFit", "fit_log_linear", "LevelCrossing", "scale_to_reach"]


# --------------------------------------------------------------------------- straight line in log x
@dataclass(frozen=True)
class LogLinearFit:
    r"""Result of :func:`fit_log_linear`: :math:`y = a + b \log_{10} x` (``intercept`` a, ``slope`` b per decade)."""

    intercept: float
    slope: float
    intercept_stderr: float
    slope_stderr: float
    intercept_ci: tuple[float, float]
    slope_ci: tuple[float, float]
    n_points: int
    weighted: bool
    confidence: float = 0.95

    def predict(self, x):
        r"""Evaluate :math:`a + b \log_{10} x` at ``x`` (> 0)."""
        x = as_positive_array(x, "x")
        out = self.intercept + self.slope * np.log10(x)
        return float(out) if np.ndim(out) == 0 else out

    def scale_at(self, level) -> float:
        r"""The :math:`x` at which the line takes the value ``level``: :math:`10^{(\text{level} - a)/b}`.

        ``inf`` for a flat line (:math:`b = 0`) or beyond the float range.
        """
        level = as_scalar(level, "level")
        if self.slope == 0:
            return math.inf
        log_x = (level - self.intercept) / self.slope
        return math.inf if log_x > 308 else 10.0 ** max(log_x, -308.0)

    def as_dict(self) -> dict[str, float]:
        """The fitted numbers by name (used by :func:`scaling_lab.fitting.resampling.bootstrap`)."""
        return {"intercept": self.intercept, "slope": self.slope}

    def __repr__(self) -> str:
        pct = f"{100 * self.confidence:g}%"
        return (f"LogLinearFit(intercept={self.intercept:.4g}, slope={self.slope:.4g} per decade ± "
                f"{self.slope_stderr:.2g} [{pct} CI {format_ci(self.slope_ci)}], n_points={self.n_points}, "
                f"weighted={self.weighted})")


def fit_log_linear(x, y, *, y_stderr=None, confidence=0.95) -> LogLinearFit:
    r"""Fit a straight line in :math:`\log_{10} x`: :math:`y = a + b \log_{10} x`.

    The trend line of accuracy against model size drawn in GPT-3-style plots
    (Brown et al. 2020, e.g. Fig. 3.5): a benchmark's accuracy rising by
    :math:`b` per tenfold increase in parameters.  Accuracy is bounded, so the
    line must bend eventually; it is a description of the fitted range, not a law.

    Without ``y_stderr``: ordinary least squares, standard errors from the
    residual variance, t intervals on :math:`n - 2` degrees of freedom.  With
    ``y_stderr``: weighted least squares with weights :math:`1/\sigma_i^2`,
    treating the :math:`\sigma_i` as known (covariance :math:`(X^\top W X)^{-1}`,
    normal quantiles).

    Parameters
    ----------
    x, y : array_like
        Positive scales and finite values, same shape; at least 3 points and 2 distinct ``x``.
    y_stderr : array_like, optional
        Standard errors of ``y``, > 0, same shape.
    confidence : float, default 0.95

    Returns
    -------
    LogLinearFit
        ``intercept``, ``slope`` (per decade), their ``*_stderr`` and ``*_ci``;
        ``predict(x)`` and ``scale_at(level)``.
    """
    x = as_positive_array(x, "x").ravel()
    y = as_float_array(y, "y").ravel()
    same_shape(x=x, y=y)
    at_least(x, "x", 3)
    confidence = as_confidence(confidence)
    lx = np.log10(x)
    if np.ptp(lx) <= 1e-12:
        raise ValueError("x must contain at least 2 distinct values")
    design = np.column_stack([np.ones_like(lx), lx])
    if y_stderr is None:
        weights = np.ones_like(y)
    else:
        sigma = as_positive_array(y_stderr, "y_stderr").ravel()
        same_shape(y_stderr=sigma, y=y)
        weights = 1.0 / sigma**2
    gram = design.T @ (weights[:, None] * design)
    coef = np.linalg.solve(gram, design.T @ (weights * y))
    cov = np.linalg.inv(gram)
    if y_stderr is None:
        resid = y - design @ coef
        dof = x.size - 2
        cov = cov * float(resid @ resid) / dof
        q = float(stats.t.ppf(0.5 + confidence / 2, dof))
    else:
        q = float(stats.norm.ppf(0.5 + confidence / 2))
    se = np.sqrt(np.diag(cov))
    a, b = (float(v) for v in coef)
    return LogLinearFit(
        intercept=a, slope=b, intercept_stderr=float(se[0]), slope_stderr=float(se[1]),
        intercept_ci=(a - q * se[0], a + q * se[0]), slope_ci=(b - q * se[1], b + q * se[1]),
        n_points=int(x.size), weighted=y_stderr is not None, confidence=confidence,
    )


# --------------------------------------------------------------------------- reaching a level
@dataclass(frozen=True)
class LevelCrossing:
    r"""The scale at which a fitted trend reaches ``level``, with a bootstrap interval.

    ``scale`` is from the fit to all the data; ``scale_ci`` the percentile
    interval over refits (its upper end is ``inf`` when more than
    :math:`(1-c)/2` of the refits never reach the level); ``fraction_never`` is
    the share of refits whose trend never reaches it.
    """

    level: float
    scale: float
    scale_ci: tuple[float, float]
    fraction_never: float
    samples: np.ndarray = field(repr=False)
    confidence: float
    n_boot: int

    def __repr__(self) -> str:
        return (f"LevelCrossing(level={self.level:g}, scale={self.scale:.3g}, {100 * self.confidence:g}% CI "
                f"{format_ci(self.scale_ci)}, fraction_never={self.fraction_never:.3f}, n_boot={self.n_boot})")


def scale_to_reach(x, y, level, *, y_stderr=None, n_boot=1000, confidence=0.95, seed=0) -> LevelCrossing:
    r"""Where a straight line in :math:`\log_{10} x` reaches ``level``, with a bootstrap interval.

    .. math:: x^* = 10^{(\text{level} - a)/b}

    from :func:`fit_log_linear`.  The interval comes from refitting on
    bootstrap replicates, as in :func:`forecast_band` (parametric on
    ``y_stderr`` if given, else case resampling); a refit whose line never
    reaches the level counts as :math:`x^* = \infty`.  Because :math:`x^*`
    depends on :math:`1/b`, a slope that is uncertain near zero gives an
    interval spanning many decades, or with no upper end at all.

    Parameters
    ----------
    x, y : array_like
        Scales (> 0) and values, same shape, at least 3 points.
    level : float
        The target value of ``y`` (e.g. human accuracy).
    y_stderr : array_like, optional
        Standard errors of ``y`` (> 0).
    n_boot, confidence, seed
        As in :func:`forecast_band`.

    Returns
    -------
    LevelCrossing
    """
    level = as_scalar(level, "level")
    fit = fit_log_linear(x, y, y_stderr=y_stderr)
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    confidence = as_confidence(confidence)
    # Scaling up reaches the level only if the trend moves towards it from the largest x.
    direction = np.sign(level - fit.predict(float(x.max())))

    def crossing(result):
        if direction != 0 and np.sign(result.slope) != direction:
            return math.inf
        return result.scale_at(level)

    def statistic(result):
        return {"scale": crossing(result)}

    if y_stderr is None:
        with np.errstate(invalid="ignore"):  # its interpolated intervals meet inf; we recompute them below
            boot = bootstrap(fit_log_linear, x, y, n_boot=n_boot, confidence=confidence, seed=seed,
                             statistic=statistic)
        samples = boot.samples["scale"]
    else:
        sigma = np.asarray(y_stderr, dtype=float).ravel()

        def fitter(xs, ys):
            return fit_log_linear(xs, ys, y_stderr=sigma)
        draws, _ = parametric_refits(fitter, x, y, sigma, statistic, n_boot, seed)
        samples = np.array([d["scale"] for d in draws])
    # Order statistics (no interpolation), so that an infinite upper end stays infinite.
    low = float(np.percentile(samples, 50 * (1 - confidence), method="lower"))
    high = float(np.percentile(samples, 50 * (1 + confidence), method="higher"))
    return LevelCrossing(level, crossing(fit), (low, high), float(np.mean(np.isinf(samples))), samples,
                         confidence, n_boot)
