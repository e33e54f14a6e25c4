"""Fitting power laws: log-log least squares, and saturating fits with a floor.

Every fitter returns a small frozen result with a readable ``repr``, the fitted numbers under
reader-facing names, their uncertainties, and (where natural) a ``predict`` method. All numerical
optimisation is delegated to :mod:`scipy.optimize`; nothing here is a hand-written optimiser.

Every result names its uncertainties the same way: ``<name>_stderr`` for a standard error,
``<name>_ci`` for an interval and ``confidence`` for its coverage.  The Chinchilla fits (Hoffmann
et al. 2022, Approaches 1-3) live in :mod:`scaling_lab.chinchilla`, the bootstrap in
:mod:`scaling_lab.fitting.resampling`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import (
    as_confidence, as_positive_array, at_least, flip_interval, format_ci, same_shape,
)
from scaling_lab.laws.basic import power_law, saturating_power_law

optimize = lazy_module("scipy.optimize")
stats = lazy_module("scipy.stats")

__all__ = ["PowerLawFit", "SaturatingPowerLawFit", "fit_power_law", "fit_saturating_power_law"]


# --------------------------------------------------------------------------- the sign convention
class FromSignedExponent:
    r"""For a result that stores the signed ``exponent`` k: ``decay_exponent`` :math:`= -k`, its error and interval."""

    @property
    def decay_exponent(self) -> float:
        r""":math:`-k`: positive for a falling law."""
        return -self.exponent

    @property
    def decay_exponent_stderr(self) -> float:
        return self.exponent_stderr

    @property
    def decay_exponent_ci(self) -> tuple[float, float]:
        return flip_interval(self.exponent_ci)


class FromDecayExponent:
    r"""For a result that stores ``decay_exponent`` :math:`\alpha > 0`: the signed ``exponent`` :math:`-\alpha`."""

    @property
    def exponent(self) -> float:
        r"""The signed power :math:`-\alpha` (negative for a falling law)."""
        return -self.decay_exponent

    @property
    def exponent_stderr(self) -> float:
        return self.decay_exponent_stderr

    @property
    def exponent_ci(self) -> tuple[float, float]:
        return flip_interval(self.decay_exponent_ci)


# --------------------------------------------------------------------------- pure power law
@dataclass(frozen=True)
class PowerLawFit(FromSignedExponent):
    r"""Result of :func:`fit_power_law`: :math:`y = c\,x^{k}` with ``coefficient`` c, ``exponent`` k.

    ``exponent`` is the signed power k (negative for a falling law); ``decay_exponent`` is
    :math:`-k`, the positive :math:`\alpha` of :math:`y = c\,x^{-\alpha}`.  Every fit result in
    :mod:`scaling_lab.fitting` follows this convention.
    """

    exponent: float
    coefficient: float
    exponent_stderr: float
    coefficient_stderr: float
    exponent_ci: tuple[float, float]
    coefficient_ci: tuple[float, float]
    r_squared: float
    n_points: int
    confidence: float = 0.95

    def predict(self, x):
        """Evaluate the fitted law :math:`c\\,x^{k}` at ``x`` (> 0)."""
        return power_law(x, self.coefficient, self.exponent)

    def as_dict(self) -> dict[str, float]:
        """The fitted numbers by name (used by :func:`scaling_lab.fitting.resampling.bootstrap`)."""
        return {"exponent": self.exponent, "coefficient": self.coefficient}

    def __repr__(self) -> str:
        pct = f"{100 * self.confidence:g}%"
        return (
            f"PowerLawFit(exponent={self.exponent:.4g} ± {self.exponent_stderr:.2g} "
            f"[{pct} CI {format_ci(self.exponent_ci)}], coefficient={self.coefficient:.4g} "
            f"[{pct} CI {format_ci(self.coefficient_ci)}], r_squared={self.r_squared:.4f}, "
            f"n_points={self.n_points})"
        )


def fit_power_law(x, y, *, confidence=0.95) -> PowerLawFit:
    r"""Fit :math:`y = c\,x^{k}` by ordinary least squares on :math:`(\log x, \log y)`.

    .. math:: \log y_i = \log c + k \log x_i + \varepsilon_i

    The exponent ``k`` is signed: a Zipf rank-frequency plot gives :math:`k \approx -1`, a loss
    curve :math:`L \propto N^{-0.076}` (Kaplan et al. 2020, eq. 1.1) gives :math:`k \approx -0.076`.
    Intervals use the t distribution with :math:`n - 2` degrees of freedom, i.e. they assume
    independent, homoscedastic Gaussian errors in log space. The coefficient interval is the
    exponentiated interval of :math:`\log c`.

    Parameters
    ----------
    x, y : array_like
        Positive, finite values of the same shape; at least 3 points and 2 distinct ``x``.
    confidence : float, optional
        Coverage of the intervals, in (0, 1). Default 0.95.

    Returns
    -------
    PowerLawFit
        ``exponent``, ``coefficient``, ``exponent_stderr``, ``coefficient_stderr`` (delta method,
        :math:`c \cdot \mathrm{se}(\log c)`), ``exponent_ci``, ``coefficient_ci``, ``r_squared`` (in
        log space), ``n_points``, ``confidence``; ``predict(x)`` evaluates the law.
    """
    x = as_positive_array(x, "x")
    y = as_positive_array(y, "y")
    same_shape(x=x, y=y)
    at_least(x, "x", 3)
    confidence = as_confidence(confidence)
    lx, ly = np.log(x).ravel(), np.log(y).ravel()
    n = lx.size
    lx_mean = lx.mean()
    sxx = float(np.sum((lx - lx_mean) ** 2))
    if sxx <= 1e-300 or np.ptp(lx) <= 1e-12 * max(1.0, abs(lx_mean)):
        raise ValueError("x must contain at least 2 distinct values")
    slope = float(np.sum((lx - lx_mean) * (ly - ly.mean())) / sxx)
    intercept = float(ly.mean() - slope * lx_mean)
    resid = ly - (intercept + slope * lx)
    dof = n - 2
    s2 = float(resid @ resid) / dof
    se_slope = math.sqrt(s2 / sxx)
    se_intercept = math.sqrt(s2 * (1.0 / n + lx_mean**2 / sxx))
    tq = float(stats.t.ppf(0.5 + confidence / 2, dof))
    syy = float(np.sum((ly - ly.mean()) ** 2))
    r2 = 1.0 - float(resid @ resid) / syy if syy > 0 else 1.0
    return PowerLawFit(
        exponent=slope, coefficient=math.exp(intercept), exponent_stderr=se_slope,
        coefficient_stderr=math.exp(intercept) * se_intercept,
        exponent_ci=(slope - tq * se_slope, slope + tq * se_slope),
        coefficient_ci=(math.exp(intercept - tq * se_intercept), math.exp(intercept + tq * se_intercept)),
        r_squared=r2, n_points=n, confidence=confidence,
    )


# --------------------------------------------------------------------------- saturating power law
@dataclass(frozen=True)
class SaturatingPowerLawFit(FromDecayExponent):
    r"""Result of :func:`fit_saturating_power_law`: :math:`y = E + A\,x^{-\alpha}`.

    ``decay_exponent`` is :math:`\alpha > 0`; ``exponent`` is the signed power :math:`-\alpha` of
    the part above the floor, the convention of every fit result in :mod:`scaling_lab.fitting`.
    """

    irreducible_loss: float
    coefficient: float
    decay_exponent: float
    irreducible_loss_stderr: float
    coefficient_stderr: float
    decay_exponent_stderr: float
    irreducible_loss_ci: tuple[float, float]
    coefficient_ci: tuple[float, float]
    decay_exponent_ci: tuple[float, float]
    n_points: int
    rms_log_residual: float
    confidence: float = 0.95

    def predict(self, x):
        r"""Evaluate :math:`E + A\,x^{-\alpha}` at ``x`` (> 0)."""
        return saturating_power_law(x, self.irreducible_loss, self.coefficient, self.decay_exponent)

    def as_dict(self) -> dict[str, float]:
        """The fitted numbers by name (used by :func:`scaling_lab.fitting.resampling.bootstrap`)."""
        return {
            "irreducible_loss": self.irreducible_loss,
            "coefficient": self.coefficient,
            "decay_exponent": self.decay_exponent,
        }

    def __repr__(self) -> str:
        return (
            f"SaturatingPowerLawFit(irreducible_loss={self.irreducible_loss:.4g} ± "
            f"{self.irreducible_loss_stderr:.2g}, coefficient={self.coefficient:.4g} ± "
            f"{self.coefficient_stderr:.2g}, decay_exponent={self.decay_exponent:.4g} ± "
            f"{self.decay_exponent_stderr:.2g}, n_points={self.n_points}, "
            f"rms_log_residual={self.rms_log_residual:.3g})"
        )


def _saturating_residuals(theta, lx, ly):
    e, log_a, alpha = theta
    return np.log(e + np.exp(log_a - alpha * lx)) - ly


def fit_saturating_power_law(x, y, *, confidence=0.95) -> SaturatingPowerLawFit:
    r"""Fit a power law with a floor, :math:`y = E + A\,x^{-\alpha}` with :math:`E \ge 0,\ \alpha > 0`.

    .. math:: \min_{E, \log A, \alpha} \sum_i \bigl[\log(E + A x_i^{-\alpha}) - \log y_i\bigr]^2

    This is the form of Hestness et al. (2017) and of each term of Hoffmann et al. (2022, eq. 2).
    Residuals are taken in log space so that every point counts by its relative error.

    Starting values: for each candidate floor ``E`` on a grid in :math:`[0, \min y)`, a straight
    line through :math:`(\log x, \log(y - E))` gives :math:`\log A` and :math:`-\alpha`; the best
    candidate starts :func:`scipy.optimize.least_squares` (trust-region reflective, bounds
    :math:`E \ge 0`, :math:`\alpha \ge 0`). Standard errors come from the Jacobian at the optimum,
    :math:`\mathrm{cov} = s^2 (J^\top J)^{-1}`, :math:`s^2 = \mathrm{RSS}/(n - 3)`; the error of
    ``A`` is propagated from that of :math:`\log A`.  The intervals are Wald intervals with the t
    quantile on :math:`n - 3` degrees of freedom (for ``A``, exponentiated from :math:`\log A`);
    they are local approximations, and E and alpha trade off, so check them by bootstrap
    (:func:`scaling_lab.fitting.resampling.bootstrap`) before trusting them far from the data.

    Parameters
    ----------
    x, y : array_like
        Positive, finite values of the same shape; at least 4 points and 3 distinct ``x``.
    confidence : float, optional
        Coverage of the intervals, in (0, 1). Default 0.95.

    Returns
    -------
    SaturatingPowerLawFit
        ``irreducible_loss`` (E), ``coefficient`` (A), ``decay_exponent`` (alpha > 0), their
        ``*_stderr`` and ``*_ci``, ``n_points``, ``rms_log_residual``, ``confidence``; ``exponent``
        is the signed power -alpha; ``predict(x)`` evaluates the law.
    """
    x = as_positive_array(x, "x")
    y = as_positive_array(y, "y")
    same_shape(x=x, y=y)
    at_least(x, "x", 4)
    confidence = as_confidence(confidence)
    lx, ly = np.log(x).ravel(), np.log(y).ravel()
    if np.unique(lx).size < 3:
        raise ValueError("x must contain at least 3 distinct values")
    y_min = float(np.exp(ly.min()))
    # Candidate floors: 0 and values approaching min(y) from below (geometric in the gap).
    best = None
    for frac in 1.0 - np.geomspace(1.0, 1e-4, 40):
        e0 = frac * y_min
        z = np.log(np.exp(ly) - e0)
        slope, intercept = np.polyfit(lx, z, 1)
        alpha0 = max(-slope, 1e-3)
        theta0 = np.array([e0, intercept, alpha0])
        cost = float(np.sum(_saturating_residuals(theta0, lx, ly) ** 2))
        if np.isfinite(cost) and (best is None or cost < best[0]):
            best = (cost, theta0)
    sol = optimize.least_squares(
        _saturating_residuals, best[1], args=(lx, ly), bounds=([0.0, -np.inf, 1e-9], np.inf),
        method="trf", x_scale="jac", xtol=1e-14, ftol=1e-14, gtol=1e-14, max_nfev=5000,
    )
    e_hat, log_a, alpha = (float(v) for v in sol.x)
    n = lx.size
    rss = float(sol.fun @ sol.fun)
    with np.errstate(all="ignore"):
        cov = np.linalg.pinv(sol.jac.T @ sol.jac) * rss / max(n - 3, 1)
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    a_hat = math.exp(log_a)
    tq = float(stats.t.ppf(0.5 + confidence / 2, max(n - 3, 1)))
    return SaturatingPowerLawFit(
        irreducible_loss=e_hat, coefficient=a_hat, decay_exponent=alpha,
        irreducible_loss_stderr=float(se[0]), coefficient_stderr=float(a_hat * se[1]),
        decay_exponent_stderr=float(se[2]),
        irreducible_loss_ci=(e_hat - tq * float(se[0]), e_hat + tq * float(se[0])),
        coefficient_ci=(math.exp(log_a - tq * float(se[1])), math.exp(log_a + tq * float(se[1]))),
        decay_exponent_ci=(alpha - tq * float(se[2]), alpha + tq * float(se[2])),
        n_points=n, rms_log_residual=math.sqrt(rss / n), confidence=confidence,
    )
