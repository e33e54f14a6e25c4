r"""Nonparametric regression by averaging in boxes: the bias-variance trade-off and the rate :math:`n^{-2/(d+2)}`.

Cut space into cubes ("boxes") of side :math:`h` and predict, at a point, the average label of the
training points in its box.  For a Lipschitz target :math:`f` on :math:`[0,1]^d`, labels with noise
variance :math:`\sigma^2` and :math:`n` uniform training points, the mean squared error is about

.. math::

    R(h, n) \approx \underbrace{a\,h^2}_{\text{bias}^2} + \underbrace{\frac{\sigma^2}{n h^d}}_{\text{variance}},
    \qquad h^* = \Big(\frac{d\,\sigma^2}{2 a n}\Big)^{1/(d+2)},
    \qquad R(h^*, n) = a\,h^{*2}\Big(1 + \frac2d\Big) \propto n^{-2/(d+2)}.

The bias term: inside a box of side h a Lipschitz f varies by O(h); the variance term: a box holds
about :math:`n h^d` points.  Stone (1982, Ann. Statist. 10(4):1040-1053) showed that
:math:`n^{-2/(d+2)}` is the optimal (minimax) rate for the squared error over Lipschitz functions
(smoothness 1), so no estimator does better in general.

The informal "error :math:`\propto n^{-1/d}`" comes from one particular box size: with
:math:`h = (k/n)^{1/d}` (k points per box on average) the bias is O(h) = O(:math:`n^{-1/d}`) but the
variance stays at :math:`\sigma^2/k`; the root-mean-square error falls as :math:`n^{-1/d}` only if
the labels are noise-free.  :func:`occupancy_box_widths` gives those widths.

On the unit cube the experiment treats the cube as a torus (the default target is periodic): the
widths are rounded to 1/m and the m boxes per side wrap around, so no box is cut short by the
boundary (partial boxes at the edges otherwise bend the curve at moderate n).

The data can also lie on a k-dimensional manifold inside a D-dimensional space
(:class:`ManifoldData`); the boxes are cut in the D-dimensional space, but only about
:math:`h^{-k}` of them are occupied, so the rate follows k: :math:`n^{-2/(k+2)}`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import (
    as_confidence, as_float_array, as_int, as_positive_array, as_positive_scalar, format_ci,
)
from scaling_lab.experiments._sizes import sample_size_grid
from scaling_lab.experiments.manifold_data import ManifoldData
from scaling_lab.fitting.power_law import PowerLawFit, fit_power_law
from scaling_lab.fitting.resampling import bootstrap

optimize = lazy_module("scipy.optimize")

__all__ = [
    "BIAS_COEFFICIENT", "BoxAverage", "BoxRegressionCurves", "fit_box_average",
    "box_regression_theory", "best_box_width", "occupancy_box_widths", "box_regression_curves",
]

#: :math:`a` in bias^2 ~ a h^2 for the default target :math:`f(t)=\sqrt{2/k}\sum_j \sin(2\pi t_j+\phi_j)`
#: on the unit cube: the variance of f inside a small box is :math:`\sum_j (\partial_j f)^2 h^2/12`,
#: whose average over the cube is :math:`(2\pi)^2 h^2/12 = (\pi^2/3) h^2` in every dimension.
BIAS_COEFFICIENT = math.pi**2 / 3


# --------------------------------------------------------------------------- the estimator
@functools.lru_cache(maxsize=1)
def _hash_multipliers() -> np.ndarray:
    """64 odd int64 multipliers, one per coordinate (drawn once, on first use: numpy.random is slow to import)."""
    return np.random.default_rng(20220209).integers(1, 2**62, size=64, dtype=np.int64) | 1


def _cell_keys(points, box_width, offset, periodic=False):
    """One int64 key per point: its box index, hashed (wrapping multiply-add; collisions ~ n^2 / 2^64).

    With ``periodic`` the unit cube is a torus cut into m = round(1/h) boxes per side (wrapping around).
    """
    if periodic:
        m = int(round(1.0 / box_width))
        cells = np.floor((points - offset) * m).astype(np.int64) % m
    else:
        cells = np.floor((points - offset) / box_width).astype(np.int64)
    with np.errstate(over="ignore"):
        return cells @ _hash_multipliers()[: points.shape[1]]


@dataclass(frozen=True)
class BoxAverage:
    """A fitted box-averaging regressor: ``predict(points)`` returns the average label of each point's box.

    Points in a box with no training point get ``fallback`` (the mean of all training labels).
    """

    box_width: float
    offset: np.ndarray = field(repr=False)
    keys: np.ndarray = field(repr=False)
    box_means: np.ndarray = field(repr=False)
    box_counts: np.ndarray = field(repr=False)
    fallback: float = 0.0

    def predict(self, points):
        """Predictions at ``points`` (shape (m, dimension) or (m,) for one dimension)."""
        x = _as_points(points, "points", self.offset.size)
        keys = _cell_keys(x, self.box_width, self.offset)
        idx = np.searchsorted(self.keys, keys)
        idx = np.minimum(idx, self.keys.size - 1)
        hit = self.keys[idx] == keys
        return np.where(hit, self.box_means[idx], self.fallback)

    def __repr__(self) -> str:
        return (f"BoxAverage(box_width={self.box_width:.4g}, dimension={self.offset.size}, "
                f"occupied_boxes={self.keys.size}, mean_points_per_box={self.box_counts.mean():.3g})")


def _as_points(points, name, dimension=None):
    x = as_float_array(points, name)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise ValueError(f"{name} must have shape (n_points, dimension); got {x.shape}")
    if dimension is not None and x.shape[1] != dimension:
        raise ValueError(f"{name} must have {dimension} columns; got {x.shape[1]}")
    return x


def fit_box_average(points, targets, box_width, *, offset=None) -> BoxAverage:
    r"""Fit the box-averaging regressor :math:`\hat f(x) = \frac{1}{|B(x)|}\sum_{x_i \in B(x)} y_i`.

    Parameters
    ----------
    points : array_like, shape (n, d) or (n,)
        Training inputs, finite; at least 1 point.
    targets : array_like, shape (n,)
        Training labels, finite.
    box_width : float
        Side h of the boxes, > 0. Boxes are :math:`\prod_j [o_j + m_j h, o_j + (m_j + 1) h)`, m integer.
    offset : array_like, optional
        Grid origin o (one value per dimension). Default 0.

    Returns
    -------
    BoxAverage
    """
    x = _as_points(points, "points")
    y = as_float_array(targets, "targets").ravel()
    if y.size != x.shape[0]:
        raise ValueError(f"targets must have one value per point; got {y.size} and {x.shape[0]} points")
    h = as_positive_scalar(box_width, "box_width")
    o = np.zeros(x.shape[1]) if offset is None else as_float_array(offset, "offset").ravel()
    if o.size != x.shape[1]:
        raise ValueError(f"offset must have {x.shape[1]} values; got {o.size}")
    keys, inverse, counts = np.unique(_cell_keys(x, h, o), return_inverse=True, return_counts=True)
    sums = np.bincount(inverse.ravel(), weights=y, minlength=keys.size)
    return BoxAverage(h, o, keys, sums / counts, counts, float(y.mean()))


# --------------------------------------------------------------------------- theory
def box_regression_theory(sample_sizes, box_width, *, dimension, noise=1.0, bias_coefficient=BIAS_COEFFICIENT,
                          finite_sample=False):
    r"""The bias-variance approximation :math:`R(h, n) = a h^2 + \sigma^2/(n h^d)` (module docstring).

    With ``finite_sample=True`` two corrections of order :math:`1/\lambda` are added, where
    :math:`\lambda = n h^d` is the expected number of points per box: the box average of f over
    :math:`n_b` random points scatters around the box mean with variance about :math:`a h^2/n_b`, and
    for Poisson counts :math:`\mathbb E[1/n_b] \approx 1/\lambda + 1/\lambda^2`:

    .. math:: R(h, n) \approx a h^2 + (\sigma^2 + a h^2)\Big(\frac1\lambda + \frac1{\lambda^2}\Big)

    Both forms have the same asymptotic rate; the corrections steepen the curve slightly at small n.

    Parameters
    ----------
    sample_sizes, box_width : array_like
        n > 0 and h > 0, broadcast together.
    dimension : int
        d >= 1 (k for data on a k-dimensional manifold).
    noise : float, optional
        Label noise standard deviation :math:`\sigma \ge 0`. Default 1.
    bias_coefficient : float, optional
        a > 0. Default :data:`BIAS_COEFFICIENT` (the default target on the unit cube).
    """
    n = as_positive_array(sample_sizes, "sample_sizes")
    h = as_positive_array(box_width, "box_width")
    d = as_int(dimension, "dimension", minimum=1)
    s = as_positive_scalar(noise, "noise", allow_zero=True)
    a = as_positive_scalar(bias_coefficient, "bias_coefficient")
    lam = n * h**d
    out = a * h**2 + (s**2 + a * h**2) * (1 / lam + 1 / lam**2) if finite_sample else a * h**2 + s**2 / lam
    return float(out) if np.ndim(out) == 0 else out


def _finite_sample_exponent(sample_sizes, dimension, noise):
    """Slope of min_h of the finite-sample theory over the given sizes (scipy's bounded scalar search)."""
    best = []
    for n in sample_sizes:
        res = optimize.minimize_scalar(
            lambda log_h: math.log(box_regression_theory(n, math.exp(log_h), dimension=dimension, noise=noise,
                                                         finite_sample=True)),
            bounds=(math.log(1e-4), 0.0), method="bounded", options={"xatol": 1e-10})
        best.append(math.exp(res.fun))
    return fit_power_law(sample_sizes, best).exponent


def best_box_width(sample_sizes, *, dimension, noise=1.0, bias_coefficient=BIAS_COEFFICIENT):
    r"""The width minimising :func:`box_regression_theory`: :math:`h^* = (d\sigma^2/(2an))^{1/(d+2)}`."""
    n = as_positive_array(sample_sizes, "sample_sizes")
    d = as_int(dimension, "dimension", minimum=1)
    s = as_positive_scalar(noise, "noise")
    a = as_positive_scalar(bias_coefficient, "bias_coefficient")
    out = (d * s**2 / (2 * a * n)) ** (1.0 / (d + 2))
    return float(out) if np.ndim(out) == 0 else out


def occupancy_box_widths(sample_sizes, *, dimension, points_per_box=1.0):
    r"""The "one particular box size" behind the informal :math:`n^{-1/d}`: :math:`h = (k/n)^{1/d}`.

    The unit cube then holds about n/k boxes with k points each: the bias falls as
    :math:`h \propto n^{-1/d}`, but the variance stays at :math:`\sigma^2/k`.
    """
    n = as_positive_array(sample_sizes, "sample_sizes")
    d = as_int(dimension, "dimension", minimum=1)
    k = as_positive_scalar(points_per_box, "points_per_box")
    out = (k / n) ** (1.0 / d)
    return float(out) if np.ndim(out) == 0 else out


# --------------------------------------------------------------------------- the experiment
@dataclass(frozen=True)
class BoxRegressionCurves:
    r"""Risk of box averaging over sample sizes and box widths, averaged over trials.

    ``risk[t, i, j]`` is trial t, size ``sample_sizes[i]``, width ``box_widths[i, j]``: the mean
    squared error against the noise-free target on fresh test points, in expectation over the label
    noise (``bias_squared + variance``: the squared error of the box averages of f, plus
    :math:`\sigma^2/n_{\rm box}`).  ``best_risk[i]`` is the smallest trial-averaged risk over the
    widths at size i (the oracle width, ``best_width[i]``).  ``fit`` is the least-squares power law
    of ``best_risk`` against n; ``exponent_ci`` is its bootstrap interval over trials (simulation
    noise only).  ``theory_exponent`` is :math:`-2/(k+2)` for the intrinsic dimension k;
    ``finite_sample_exponent`` (unit cube with noise only) is the slope, over the same sizes, of the
    minimum of :func:`box_regression_theory` with ``finite_sample=True``.
    """

    data: ManifoldData
    sample_sizes: np.ndarray = field(repr=False)
    box_widths: np.ndarray = field(repr=False)
    risk: np.ndarray = field(repr=False)
    bias_squared: np.ndarray = field(repr=False)
    variance: np.ndarray = field(repr=False)
    best_risk: np.ndarray = field(repr=False)
    best_width: np.ndarray = field(repr=False)
    fit: PowerLawFit = field(repr=False)
    exponent: float
    exponent_ci: tuple[float, float]
    theory_exponent: float
    finite_sample_exponent: float | None
    n_trials: int
    confidence: float

    def __repr__(self) -> str:
        finite = "" if self.finite_sample_exponent is None else f" (at these sizes {self.finite_sample_exponent:.4f})"
        theory = "hidden" if self.data.hidden else f"{self.theory_exponent:.4f}{finite}"
        k = "?" if self.data.hidden else self.data.dimension
        return (f"BoxRegressionCurves(dimension {k} in {self.data.space_dimension}: "
                f"exponent={self.exponent:.4f} [{100 * self.confidence:g}% bootstrap CI {format_ci(self.exponent_ci)}]"
                f", theory {theory}; n {self.sample_sizes.min():g}-{self.sample_sizes.max():g}, "
                f"{self.box_widths.shape[1]} widths, {self.n_trials} trials)")


def _risk_one(train_x, train_f, test_x, test_f, noise, h, offset, periodic):
    keys, inverse, counts = np.unique(_cell_keys(train_x, h, offset, periodic), return_inverse=True,
                                      return_counts=True)
    means = np.bincount(inverse.ravel(), weights=train_f, minlength=keys.size) / counts
    test_keys = _cell_keys(test_x, h, offset, periodic)
    idx = np.minimum(np.searchsorted(keys, test_keys), keys.size - 1)
    hit = keys[idx] == test_keys
    n = train_f.size
    prediction = np.where(hit, means[idx], train_f.mean())
    per_point_var = np.where(hit, noise**2 / counts[idx], noise**2 / n)
    return float(np.mean((prediction - test_f) ** 2)), float(per_point_var.mean())


def _smoothed_minimum(mean_risk, widths):
    """Minimum of each row's U-curve: a parabola in (log h, log risk) through the 5 points around the argmin.

    This removes the jitter of picking the best of a discrete grid; where the minimum sits at the edge of
    the grid (or the parabola opens downwards) the grid minimum is kept.
    """
    best_risk = mean_risk.min(axis=1)
    best_width = widths[np.arange(widths.shape[0]), mean_risk.argmin(axis=1)]
    if widths.shape[1] < 5:
        return best_risk, best_width
    for i, row in enumerate(mean_risk):
        j = int(row.argmin())
        if j < 2 or j > row.size - 3:
            continue
        lh, lr = np.log(widths[i, j - 2:j + 3]), np.log(row[j - 2:j + 3])
        c2, c1, c0 = np.polyfit(lh, lr, 2)
        if c2 <= 0:
            continue
        vertex = -c1 / (2 * c2)
        if lh[0] <= vertex <= lh[-1]:
            best_risk[i] = math.exp(c0 + c1 * vertex + c2 * vertex**2)
            best_width[i] = math.exp(vertex)
    return best_risk, best_width


def _best_of_trials(risk, *, sample_sizes, widths):
    return fit_power_law(sample_sizes, _smoothed_minimum(risk.mean(axis=0), widths)[0])


def box_regression_curves(data, sample_sizes, box_widths=None, *, points_per_box=None, n_trials=4,
                          n_test=4096, n_boot=200, confidence=0.95, seed=0) -> BoxRegressionCurves:
    r"""Measure the risk of box averaging over a grid of sizes and widths (or at the occupancy widths).

    In each trial the grid origin is shifted at random, one set of ``max(sample_sizes)`` training points
    is drawn and each smaller size uses its first n points (a growing data set), and the risk is
    measured on ``n_test`` fresh points against the noise-free target (expectation over the label noise,
    see :class:`BoxRegressionCurves`).  The best risk at each size is the minimum of the trial-averaged
    U-curve, refined by a parabola in (log h, log risk) through the five grid points around the grid
    minimum.  The slope of the best risk against n is fitted with
    :func:`scaling_lab.fitting.fit_power_law`; its interval is the percentile bootstrap over trials
    (:func:`scaling_lab.fitting.resampling.bootstrap`).  Theory: :math:`-2/(k+2)` (Stone 1982).

    Parameters
    ----------
    data : ManifoldData
        The data distribution (intrinsic dimension k, optional ambient dimension D, noise).
    sample_sizes : array_like
        Integer sizes >= 2, at least 3 distinct.
    box_widths : array_like, optional
        Widths h > 0 shared by every size (the oracle picks the best). Default: 40 widths log-spaced
        from a third of :func:`best_box_width` at the largest size to three times that at the smallest
        (at most 1).  On the unit cube every width is rounded to 1/m (m boxes per side) and repeats
        are dropped.
    points_per_box : float, optional
        Instead of a grid, one width per size, :func:`occupancy_box_widths` (the lecture's rule).
    n_trials : int, optional
        Independent trials, >= 2. Default 4.
    n_test : int, optional
        Test points per trial, >= 100. Default 4096.
    n_boot, confidence, seed
        Bootstrap replicates (>= 10), interval coverage, and the seed. Defaults 200, 0.95, 0.

    Returns
    -------
    BoxRegressionCurves
    """
    if not isinstance(data, ManifoldData):
        raise ValueError(f"data must be a ManifoldData; got {type(data).__name__}")
    n = sample_size_grid(sample_sizes, minimum=2)
    k = data.dimension
    periodic = data.ambient_dimension is None
    if points_per_box is not None:
        if box_widths is not None:
            raise ValueError("pass box_widths or points_per_box, not both")
        if not periodic:
            raise ValueError("points_per_box applies to data on the unit cube (ambient_dimension=None)")
        widths = np.asarray(occupancy_box_widths(n, dimension=k, points_per_box=points_per_box)).reshape(-1, 1)
        widths = 1.0 / np.maximum(np.round(1.0 / widths), 1.0)
    else:
        if box_widths is None:
            lo, hi = (best_box_width(v, dimension=k, noise=max(data.noise, 1e-3)) for v in (n.max(), n.min()))
            box_widths = np.geomspace(lo / 3, min(3 * hi, 1.0), 40)
        widths = as_positive_array(box_widths, "box_widths").ravel()
        if periodic:
            widths = 1.0 / np.unique(np.maximum(np.round(1.0 / widths), 1.0))[::-1]
        widths = np.broadcast_to(widths, (n.size, widths.size))
    trials = as_int(n_trials, "n_trials", minimum=2)
    m = as_int(n_test, "n_test", minimum=100)
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    confidence = as_confidence(confidence)
    rng = np.random.default_rng(seed)
    bias2 = np.empty((trials, n.size, widths.shape[1]))
    var = np.empty_like(bias2)
    n_max = int(n.max())
    for t in range(trials):
        train_x, train_f, _ = data._draw(rng.random((n_max, k)), rng)
        test_x, test_f, _ = data._draw(rng.random((m, k)), rng)
        offset_unit = rng.random(data.space_dimension)
        for i, size in enumerate(n.astype(int)):
            for j, h in enumerate(widths[i]):
                bias2[t, i, j], var[t, i, j] = _risk_one(train_x[:size], train_f[:size], test_x, test_f,
                                                         data.noise, h, offset_unit * h, periodic)
    risk = bias2 + var
    widths = np.array(widths)
    best_risk, best_width = _smoothed_minimum(risk.mean(axis=0), widths)
    fit = fit_power_law(n, best_risk, confidence=confidence)
    boot = bootstrap(_best_of_trials, risk, n_boot=n_boot, confidence=confidence, seed=rng, sample_sizes=n,
                     widths=widths)
    return BoxRegressionCurves(
        data=data, sample_sizes=n, box_widths=widths, risk=risk, bias_squared=bias2, variance=var,
        best_risk=best_risk, best_width=best_width, fit=fit, exponent=fit.exponent,
        exponent_ci=boot.intervals["exponent"], theory_exponent=math.nan if data.hidden else -2.0 / (k + 2),
        finite_sample_exponent=(_finite_sample_exponent(n, k, data.noise) if periodic and data.noise > 0
                                and points_per_box is None and not data.hidden else None), n_trials=trials,
        confidence=confidence,
    )

