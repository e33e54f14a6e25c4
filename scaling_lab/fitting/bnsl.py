r"""Fitting a broken neural scaling law (Caballero, Gupta, Rish and Krueger, ICLR 2023).

.. math:: y = a + b\, x^{-c_0} \prod_{i=1}^{n}
          \left(1 + \left(\frac{x}{d_i}\right)^{1/f_i}\right)^{-c_i f_i}

The law itself is :func:`scaling_lab.laws.bnsl`; :func:`fit_bnsl` finds its
constants for a chosen number of breaks.  The fit minimises squared errors of
:math:`\log y` (every point counts by its relative error), the quantity
Caballero et al. fit in their official code (the mean squared log error,
with :math:`\log(y + 1)` where they allow :math:`y = 0`), with
:func:`scipy.optimize.least_squares` from many starting points, because the
objective has many local minima.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import (
    as_confidence, as_int, as_positive_array, at_least, format_ci, same_shape,
)
from scaling_lab.fitting.power_law import FromDecayExponent
from scaling_lab.laws.emergence import bnsl
from scaling_lab.reference.containers import BNSLBreak, BNSLParams

optimize = lazy_module("scipy.optimize")
stats = lazy_module("scipy.stats")

__all__ = ["BNSLFit", "fit_bnsl"]

_SHARPNESS_STARTS = (0.1, 0.5, 2.0)
_FLOOR_STARTS = (0.0, 0.5, 0.9, 0.99)  # fractions of min(y)
_N_POLISHED = 24
_MAX_SLOPE_CHANGE = 10.0  # |c_i|: stops two coincident breaks from cancelling with huge opposite slopes
_LOCATION_MARGIN = 0.25  # breaks may lie this fraction of the data's log-range beyond either end


@dataclass(frozen=True)
class BNSLFit(FromDecayExponent):
    r"""Result of :func:`fit_bnsl`; usable as ``params=`` of :func:`scaling_lab.laws.bnsl` (through ``as_params``).

    ``floor`` (:math:`a`), ``coefficient`` (:math:`b`), ``decay_exponent`` (:math:`c_0`) and
    ``breaks`` (one :class:`~scaling_lab.reference.BNSLBreak` per break, sorted by
    location) have standard errors ``<name>_stderr`` (for the breaks, a
    ``BNSLBreak`` of standard errors) and intervals ``<name>_ci`` (for the breaks,
    a ``BNSLBreak`` of ``(low, high)`` pairs).  Coefficient, locations and
    sharpnesses are fitted as logarithms, so their intervals are exponentiated
    and their standard errors come from the delta method.  ``exponent`` is the signed initial
    power :math:`-c_0`, the convention of every fit result in :mod:`scaling_lab.fitting`.
    """

    floor: float
    coefficient: float
    decay_exponent: float
    breaks: tuple[BNSLBreak, ...]
    floor_stderr: float
    coefficient_stderr: float
    decay_exponent_stderr: float
    breaks_stderr: tuple[BNSLBreak, ...]
    floor_ci: tuple[float, float]
    coefficient_ci: tuple[float, float]
    decay_exponent_ci: tuple[float, float]
    breaks_ci: tuple[BNSLBreak, ...]
    rms_log_residual: float
    n_points: int
    n_starts: int
    confidence: float = 0.95

    def predict(self, scale):
        """Evaluate the fitted law at ``scale`` (> 0) with :func:`scaling_lab.laws.bnsl`."""
        return bnsl(scale, self.as_params())

    def as_params(self) -> BNSLParams:
        """The fitted constants as a :class:`~scaling_lab.reference.BNSLParams`."""
        return BNSLParams(self.floor, self.coefficient, self.decay_exponent, self.breaks, source="fit_bnsl")

    def as_dict(self) -> dict[str, float]:
        """The fitted numbers by name, ``break1_location`` etc. (used by :func:`scaling_lab.fitting.resampling.bootstrap`)."""
        out = {"floor": self.floor, "coefficient": self.coefficient, "decay_exponent": self.decay_exponent}
        for i, brk in enumerate(self.breaks, start=1):
            out.update({f"break{i}_{name}": float(value) for name, value in brk._asdict().items()})
        return out

    def __repr__(self) -> str:
        breaks = ", ".join(
            f"(slope_change={b.slope_change:.4g} ± {s.slope_change:.2g}, location={b.location:.4g} "
            f"{format_ci(c.location)}, sharpness={b.sharpness:.3g})"
            for b, s, c in zip(self.breaks, self.breaks_stderr, self.breaks_ci)
        )
        return (f"BNSLFit(floor={self.floor:.4g} ± {self.floor_stderr:.2g}, coefficient={self.coefficient:.4g}, "
                f"decay_exponent={self.decay_exponent:.4g} ± {self.decay_exponent_stderr:.2g}, breaks=[{breaks}], "
                f"rms_log_residual={self.rms_log_residual:.3g}, n_points={self.n_points}, n_starts={self.n_starts})")


def _params(theta, n_breaks) -> BNSLParams:
    breaks = tuple(BNSLBreak(float(theta[3 + 3 * i]), math.exp(theta[4 + 3 * i]), math.exp(theta[5 + 3 * i]))
                   for i in range(n_breaks))
    return BNSLParams(float(theta[0]), math.exp(theta[1]), float(theta[2]), breaks)


def _log_bnsl(theta, lx, n_breaks, *, jacobian=False):
    r""":math:`\log \hat y` at :math:`\log x` for the fitted parameters, and optionally its Jacobian.

    The same law as :func:`scaling_lab.laws.bnsl` (a test checks that they agree), written in
    log space with :math:`u_i = (\log x - \log d_i)/f_i`, :math:`s_i = \log(1 + e^{u_i})` and
    :math:`g = \log b - c_0 \log x - \sum_i c_i f_i s_i`, so that
    :math:`\log \hat y = \log(a + e^{g})`; the derivatives are analytic.
    """
    a, log_b, c0 = theta[0], theta[1], theta[2]
    g = log_b - c0 * lx
    parts = []
    for i in range(n_breaks):
        c, log_d, f = theta[3 + 3 * i], theta[4 + 3 * i], math.exp(theta[5 + 3 * i])
        u = (lx - log_d) / f
        soft = np.logaddexp(0.0, u)
        g = g - c * f * soft
        parts.append((c, f, u, soft))
    with np.errstate(divide="ignore"):
        log_y = np.logaddexp(np.log(a), g)
    if not jacobian:
        return log_y
    w = np.exp(g - log_y)  # share of the power-law part in y
    columns = [np.exp(-log_y), w, -w * lx]
    for c, f, u, soft in parts:
        sig = np.exp(u - soft)  # logistic(u)
        columns += [-w * f * soft, w * c * sig, -w * c * f * (soft - sig * u)]
    return log_y, np.stack(columns, axis=1)


def _residuals(theta, lx, ly, n_breaks):
    return _log_bnsl(theta, lx, n_breaks) - ly


def _jacobian(theta, lx, ly, n_breaks):
    return _log_bnsl(theta, lx, n_breaks, jacobian=True)[1]


def _starts(lx, ly, y_min, n_breaks):
    """Starting points in groups, one group per (break locations, floor), each a list over sharpnesses.

    Break locations are taken at 7 interior quantiles of log x and one point
    beyond the largest x; sharpnesses and floors from a few fixed values.  For
    each candidate floor, slopes come from straight lines through
    ``log(y - floor)`` on the segments between the candidate breaks; a segment
    with fewer than two points (beyond the data) starts one unit steeper.
    """
    candidates = np.concatenate([np.quantile(lx, np.linspace(0.1, 0.9, 7)), [lx.max() + 0.1 * np.ptp(lx)]])
    groups = []
    for locs, floor_frac in itertools.product(itertools.combinations(candidates, n_breaks), _FLOOR_STARTS):
        edges = (-np.inf, *locs, np.inf)
        z = np.log(np.exp(ly) - floor_frac * y_min)
        overall = np.polyfit(lx, z, 1)
        slopes = []
        for lo, hi in zip(edges[:-1], edges[1:]):
            seg = (lx >= lo) & (lx <= hi)
            if np.unique(lx[seg]).size >= 2:
                slopes.append(np.polyfit(lx[seg], z[seg], 1)[0])
            else:  # too few points: the first segment follows the overall line, later ones steepen
                slopes.append(slopes[-1] - 1.0 if slopes else overall[0])
        first = lx <= locs[0]
        intercept = np.polyfit(lx[first], z[first], 1)[1] if np.unique(lx[first]).size >= 2 else overall[1]
        head = [floor_frac * y_min, intercept, -slopes[0]]
        changes = [slopes[i] - slopes[i + 1] for i in range(n_breaks)]
        groups.append([np.array(head + [v for c, loc in zip(changes, locs) for v in (c, loc, math.log(f0))])
                       for f0 in _SHARPNESS_STARTS])
    return groups


def fit_bnsl(scale, y, *, n_breaks=1, confidence=0.95) -> BNSLFit:
    r"""Fit a broken neural scaling law with ``n_breaks`` breaks (Caballero et al. 2023, eq. 1).

    .. math:: \min_{\theta} \sum_j \bigl[\log \hat y(x_j; \theta) - \log y_j\bigr]^2,
              \qquad \hat y = a + b\, x^{-c_0} \prod_{i=1}^{n}
              \left(1 + (x/d_i)^{1/f_i}\right)^{-c_i f_i}

    with :math:`a \ge 0`, :math:`b > 0`, :math:`|c_i| \le 10` (without a bound, two breaks at one
    place can cancel with huge opposite slope changes), sharpness :math:`10^{-3} \le f_i \le 10^{2}`, and each
    break location :math:`d_i` within the range of the data widened by a quarter of its
    log-range on either side (a break far outside the data cannot be identified).

    **Multi-start.**  Candidate starts place the breaks at every combination of
    7 interior quantiles of :math:`\log x` and one point beyond the largest
    :math:`x`, with floor :math:`a \in \{0, 0.5, 0.9, 0.99\} \times \min y`; slopes
    come from straight-line fits of :math:`\log(y - a)` between the candidate
    breaks (a break beyond the data starts one unit steeper).  For each
    (locations, floor) pair the best of the sharpnesses :math:`f \in \{0.1, 0.5, 2\}`
    is kept; the 24 best of these are refined with
    :func:`scipy.optimize.least_squares` (trust-region reflective, analytic Jacobian,
    parameters :math:`a, \log b, c_0, c_i, \log d_i, \log f_i`; 100 evaluations per
    parameter each), and the best result is run to convergence.  Caballero et
    al.'s official code instead runs a grid search (:func:`scipy.optimize.brute`) and
    then :func:`scipy.optimize.curve_fit`.

    **Uncertainty.**  Standard errors come from the Jacobian at the optimum,
    :math:`\mathrm{cov} = s^2 (J^\top J)^{-1}` with :math:`s^2 = \mathrm{RSS}/(n - p)`,
    and the intervals are Wald intervals with the t quantile on :math:`n - p`
    degrees of freedom (exponentiated for the parameters fitted as logarithms).
    A break's location and sharpness trade off against its slope change, so
    these local intervals can be far too narrow; check them by bootstrap
    (:func:`scaling_lab.fitting.resampling.bootstrap`) before extrapolating.

    Parameters
    ----------
    scale, y : array_like
        The scaled quantity :math:`x` and the measured :math:`y` (a loss or an
        error rate), positive and finite, of the same shape; at least
        :math:`3 + 3n + 1` points with :math:`n + 2` distinct ``scale`` values.
    n_breaks : int, default 1
        Number of breaks, >= 1.  With no break the law is
        :func:`scaling_lab.fitting.fit_saturating_power_law`'s.
    confidence : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    BNSLFit
        Usable as ``params=`` of :func:`scaling_lab.laws.bnsl`; ``predict(scale)``
        evaluates it.

    Examples
    --------
    >>> import numpy as np
    >>> from scaling_lab.laws import bnsl
    >>> from scaling_lab.reference import BNSLBreak, BNSLParams
    >>> x = np.geomspace(1e2, 1e8, 30)
    >>> planted = BNSLParams(0.1, 5.0, 0.1, (BNSLBreak(0.4, 1e5, 0.3),))
    >>> fit = fit_bnsl(x, bnsl(x, planted))
    >>> round(fit.breaks[0].slope_change, 3), round(fit.decay_exponent, 3), round(fit.exponent, 3)
    (0.4, 0.1, -0.1)
    """
    x = as_positive_array(scale, "scale")
    y_arr = as_positive_array(y, "y")
    same_shape(scale=x, y=y_arr)
    x, y_arr = x.ravel(), y_arr.ravel()
    n_breaks = as_int(n_breaks, "n_breaks", minimum=1)
    confidence = as_confidence(confidence)
    n_par = 3 + 3 * n_breaks
    at_least(x, "scale", n_par + 1)
    if np.unique(x).size < n_breaks + 2:
        raise ValueError(f"scale must contain at least {n_breaks + 2} distinct values for {n_breaks} break(s)")
    lx, ly = np.log(x), np.log(y_arr)
    margin = _LOCATION_MARGIN * float(np.ptp(lx))
    lo_loc, hi_loc = float(lx.min()) - margin, float(lx.max()) + margin
    lower = [0.0, -np.inf, -np.inf] + [-_MAX_SLOPE_CHANGE, lo_loc, math.log(1e-3)] * n_breaks
    upper = [np.inf, np.inf, np.inf] + [_MAX_SLOPE_CHANGE, hi_loc, math.log(1e2)] * n_breaks

    lower_arr, upper_arr = np.array(lower) + 1e-9, np.array(upper) - 1e-9
    scored, n_starts = [], 0
    for thetas in _starts(lx, ly, float(y_arr.min()), n_breaks):
        group = []
        for theta in thetas:
            theta = np.clip(theta, lower_arr, upper_arr)
            cost = float(np.sum(_residuals(theta, lx, ly, n_breaks) ** 2))
            n_starts += 1
            if np.isfinite(cost):
                group.append((cost, theta))
        if group:
            scored.append(min(group, key=lambda item: item[0]))  # the best sharpness for this group
    scored.sort(key=lambda item: item[0])
    best = None
    for _, theta in scored[:_N_POLISHED]:
        sol = _polish(theta, lx, ly, n_breaks, lower, upper, max_nfev=100 * n_par)
        if best is None or sol.cost < best.cost:
            best = sol
    if best is not None and best.status == 0:  # the budget ran out: finish the best one
        best = _polish(best.x, lx, ly, n_breaks, lower, upper, max_nfev=2000 * n_par)
    if best is None:  # pragma: no cover - every start overflowed
        raise ValueError("fit_bnsl found no finite starting point; check the scale and y values")
    return _result(best, x.size, n_breaks, n_starts, confidence)


def _exp(value) -> float:
    """exp that gives inf, not an OverflowError, for an interval end beyond the float range."""
    return math.inf if value > 709.0 else math.exp(value)


def _polish(theta, lx, ly, n_breaks, lower, upper, *, max_nfev):
    return optimize.least_squares(
        _residuals, theta, jac=_jacobian, args=(lx, ly, n_breaks), bounds=(lower, upper), method="trf",
        x_scale="jac", xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=max_nfev,
    )


def _result(sol, n, n_breaks, n_starts, confidence) -> BNSLFit:
    theta = sol.x
    n_par = theta.size
    dof = max(n - n_par, 1)
    rss = float(sol.fun @ sol.fun)
    with np.errstate(all="ignore"):
        cov = np.linalg.pinv(sol.jac.T @ sol.jac) * rss / dof
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    tq = float(stats.t.ppf(0.5 + confidence / 2, dof))

    def linear(i):
        return float(theta[i]), float(se[i]), (float(theta[i] - tq * se[i]), float(theta[i] + tq * se[i]))

    def logged(i):
        value = _exp(theta[i])
        return value, value * float(se[i]), (_exp(theta[i] - tq * se[i]), _exp(theta[i] + tq * se[i]))

    floor, coef, expo = linear(0), logged(1), linear(2)
    parts = [(linear(3 + 3 * i), logged(4 + 3 * i), logged(5 + 3 * i)) for i in range(n_breaks)]
    parts.sort(key=lambda p: p[1][0])  # by location
    return BNSLFit(
        floor=floor[0], coefficient=coef[0], decay_exponent=expo[0],
        breaks=tuple(BNSLBreak(*(q[0] for q in p)) for p in parts),
        floor_stderr=floor[1], coefficient_stderr=coef[1], decay_exponent_stderr=expo[1],
        breaks_stderr=tuple(BNSLBreak(*(q[1] for q in p)) for p in parts),
        floor_ci=floor[2], coefficient_ci=coef[2], decay_exponent_ci=expo[2],
        breaks_ci=tuple(BNSLBreak(*(q[2] for q in p)) for p in parts),
        rms_log_residual=math.sqrt(rss / n), n_points=n, n_starts=n_starts, confidence=confidence,
    )
