r"""A power-law tail in discrete data, by the method of Clauset, Shalizi and Newman (2009).

Counts (how often each word occurs, how many links each page has) are integers ``x >= 1``. Above some
lower cut-off :math:`x_{\min}` they may follow the discrete power law

.. math::

    P(X = x) = \frac{x^{-\alpha}}{\zeta(\alpha, x_{\min})}, \qquad x \ge x_{\min},

with :math:`\zeta(\alpha, x_{\min}) = \sum_{k \ge 0} (k + x_{\min})^{-\alpha}` the Hurwitz zeta function.
The method has three steps, each a function here:

1. for a given :math:`x_{\min}`, the exponent :math:`\hat\alpha` that maximises the likelihood of the tail
   (:func:`power_law_tail_alpha`);
2. the Kolmogorov-Smirnov distance between the tail's empirical distribution and the fitted law
   (:func:`power_law_tail_ks`), and the :math:`x_{\min}` that makes it smallest
   (:func:`fit_power_law_tail`);
3. a goodness-of-fit p-value from synthetic data sets drawn from the fitted model, each fitted the same
   way (:func:`power_law_tail_pvalue`); Clauset et al. rule the power law out when p < 0.1.

The exponent here is the decay rate of the *distribution of counts*. For words it is linked to Zipf's
rank exponent s by :math:`\alpha = 1 + 1/s` (Clauset et al., sec. 2; Zipf's s = 1 gives alpha = 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_float_array, as_int, as_scalar, at_least

optimize = lazy_module("scipy.optimize")
special = lazy_module("scipy.special")

__all__ = [
    "PowerLawTailFit", "power_law_tail_alpha", "power_law_tail_ks", "fit_power_law_tail",
    "power_law_tail_pvalue", "sample_power_law_tail",
]

#: Largest value :func:`sample_power_law_tail` returns (beyond it, float spacing exceeds 1).
_MAX_DRAW = 1e15
#: Search interval for the exponent; alpha must exceed 1 for the law to be normalisable.
ALPHA_BOUNDS = (1.0 + 1e-6, 8.0)


def _as_counts(values, name: str = "values") -> np.ndarray:
    arr = as_float_array(values, name).ravel()
    if (arr < 1).any():
        raise ValueError(f"{name} must be >= 1 (counts of a discrete power law); got a minimum of {arr.min():g}")
    if (arr != np.round(arr)).any():
        raise ValueError(f"{name} must be whole numbers (counts); got a fractional value")
    return arr


def _as_x_min(x_min) -> float:
    x = as_scalar(x_min, "x_min")
    if x < 1 or x != round(x):
        raise ValueError(f"x_min must be a whole number >= 1; got {x_min!r}")
    return float(x)


def _tail_loglik(alpha, n, sum_log, x_min):
    return -alpha * sum_log - n * np.log(special.zeta(alpha, x_min))


def _alpha_mle(n: int, sum_log: float, x_min: float) -> float:
    res = optimize.minimize_scalar(lambda a: -_tail_loglik(a, n, sum_log, x_min), bounds=ALPHA_BOUNDS,
                                   method="bounded", options={"xatol": 1e-10})
    return float(res.x)


def power_law_tail_alpha(values, x_min) -> float:
    r"""Maximum-likelihood exponent of a discrete power law fitted to the values ``>= x_min``.

    .. math::

        \hat\alpha = \arg\max_\alpha \; -\alpha \sum_{x_i \ge x_{\min}} \ln x_i
        - n_{\rm tail} \ln \zeta(\alpha, x_{\min})

    Parameters
    ----------
    values : array_like
        Whole numbers >= 1 (counts).
    x_min : int
        The lower cut-off, a whole number >= 1; at least 2 values must reach it.

    Returns
    -------
    float
        :math:`\hat\alpha`, searched in :data:`ALPHA_BOUNDS`.
    """
    x = _as_counts(values)
    x_min = _as_x_min(x_min)
    tail = x[x >= x_min]
    if tail.size < 2:
        raise ValueError(f"at least 2 values must be >= x_min={x_min:g}; got {tail.size}")
    return _alpha_mle(tail.size, float(np.log(tail).sum()), x_min)


def _ks_from_unique(uniq: np.ndarray, cum_counts: np.ndarray, n: int, alpha: float, x_min: float) -> float:
    norm = special.zeta(alpha, x_min)
    at = np.abs(cum_counts / n - (1.0 - special.zeta(alpha, uniq + 1.0) / norm))           # S(u) vs P(u)
    below = np.abs((cum_counts - np.diff(cum_counts, prepend=0)) / n
                   - (1.0 - special.zeta(alpha, uniq) / norm))                             # S(u - 1) vs P(u - 1)
    return float(max(at.max(), below.max()))


def power_law_tail_ks(values, alpha, x_min) -> float:
    r"""Kolmogorov-Smirnov distance between the values ``>= x_min`` and a discrete power law.

    .. math::

        D = \max_{x \ge x_{\min}} \left| S(x) - P(x) \right|, \qquad
        P(x) = 1 - \frac{\zeta(\alpha, x + 1)}{\zeta(\alpha, x_{\min})},

    with :math:`S(x)` the fraction of the tail's values that are :math:`\le x`, over every whole number
    :math:`x \ge x_{\min}`. Between two distinct values :math:`u' < u` of the tail, :math:`S` is flat and
    :math:`P` rises, so the largest gap there is at :math:`x = u'` or at :math:`x = u - 1`: the maximum is
    taken over :math:`S(u) - P(u)` and :math:`S(u - 1) - P(u - 1)` at the distinct values :math:`u`.
    (The ``powerlaw`` package evaluates the second set only, which can give a smaller distance.)

    Parameters
    ----------
    values : array_like
        Whole numbers >= 1 (counts).
    alpha : float
        The exponent, > 1.
    x_min : int
        The lower cut-off; at least one value must reach it.
    """
    x = _as_counts(values)
    alpha = as_scalar(alpha, "alpha")
    if alpha <= 1:
        raise ValueError(f"alpha must be > 1 for a normalisable power law; got {alpha!r}")
    x_min = _as_x_min(x_min)
    tail = np.sort(x[x >= x_min])
    if tail.size == 0:
        raise ValueError(f"no value is >= x_min={x_min:g}")
    uniq, counts = np.unique(tail, return_counts=True)
    return _ks_from_unique(uniq, np.cumsum(counts), tail.size, alpha, x_min)


@dataclass(frozen=True)
class PowerLawTailFit:
    r"""Result of :func:`fit_power_law_tail`: :math:`P(X = x) \propto x^{-\alpha}` for :math:`x \ge x_{\min}`.

    ``alpha`` is the (positive) decay rate of the distribution, ``alpha_stderr`` the large-sample
    standard error :math:`(\hat\alpha - 1)/\sqrt{n_{\rm tail}}` (Clauset et al., eq. 3.2), ``ks_distance``
    the smallest KS distance, reached at ``x_min``; ``candidates`` and ``candidate_ks`` hold the whole scan.
    """

    alpha: float
    x_min: float
    ks_distance: float
    n_tail: int
    n: int
    alpha_stderr: float
    candidates: np.ndarray = field(repr=False)
    candidate_alpha: np.ndarray = field(repr=False)
    candidate_ks: np.ndarray = field(repr=False)

    @property
    def tail_fraction(self) -> float:
        """The share of all values that lie in the fitted tail."""
        return self.n_tail / self.n

    def predict(self, x):
        r"""Probability of each whole number ``x >= x_min`` under the fitted tail."""
        x = _as_counts(x, "x")
        if (x < self.x_min).any():
            raise ValueError(f"x must be >= x_min={self.x_min:g}")
        return x ** -self.alpha / special.zeta(self.alpha, self.x_min)

    def __repr__(self) -> str:
        return (f"PowerLawTailFit(alpha={self.alpha:.4f} ± {self.alpha_stderr:.2g}, x_min={self.x_min:g}, "
                f"ks_distance={self.ks_distance:.4g}, n_tail={self.n_tail:,} of n={self.n:,})")


def _scan(x_sorted: np.ndarray, candidates: np.ndarray, min_tail: int):
    n_all = x_sorted.size
    logs = np.log(x_sorted)
    suffix_log = np.concatenate([np.cumsum(logs[::-1])[::-1], [0.0]])    # sum of logs from index i on
    alphas, kss = np.full(candidates.size, np.nan), np.full(candidates.size, np.nan)
    for i, x_min in enumerate(candidates):
        start = int(np.searchsorted(x_sorted, x_min, side="left"))
        n = n_all - start
        if n < min_tail:
            continue
        alpha = _alpha_mle(n, float(suffix_log[start]), float(x_min))
        uniq, counts = np.unique(x_sorted[start:], return_counts=True)
        alphas[i] = alpha
        kss[i] = _ks_from_unique(uniq, np.cumsum(counts), n, alpha, float(x_min))
    return alphas, kss


def fit_power_law_tail(values, *, x_min=None, x_min_candidates=None, min_tail: int = 10) -> PowerLawTailFit:
    r"""Fit a discrete power-law tail: the :math:`x_{\min}` with the smallest KS distance, and its :math:`\hat\alpha`.

    .. math::

        \hat x_{\min} = \arg\min_{x_{\min}} D\big(x_{\min}, \hat\alpha(x_{\min})\big)

    For every candidate cut-off the exponent is fitted by maximum likelihood
    (:func:`power_law_tail_alpha`) and the KS distance measured (:func:`power_law_tail_ks`); the
    candidate with the smallest distance wins (Clauset, Shalizi and Newman 2009, sec. 3.3).

    Parameters
    ----------
    values : array_like
        Whole numbers >= 1 (counts); at least ``min_tail`` of them.
    x_min : int, optional
        Fix the cut-off instead of searching for it.
    x_min_candidates : array_like, optional
        The cut-offs to try (whole numbers >= 1). Default: every distinct value of the data.
    min_tail : int, optional
        A candidate is tried only if at least this many values reach it. Default 10.

    Returns
    -------
    PowerLawTailFit
    """
    x = np.sort(_as_counts(values))
    min_tail = as_int(min_tail, "min_tail", minimum=2)
    at_least(x, "values", min_tail)
    if x_min is not None:
        candidates = np.array([_as_x_min(x_min)])
    elif x_min_candidates is None:
        candidates = np.unique(x)
    else:
        candidates = np.unique(_as_counts(x_min_candidates, "x_min_candidates"))
    alphas, kss = _scan(x, candidates, min_tail)
    if np.isnan(kss).all():
        raise ValueError(f"no candidate x_min leaves at least min_tail={min_tail} values in the tail")
    best = int(np.nanargmin(kss))
    n_tail = int((x >= candidates[best]).sum())
    alpha = float(alphas[best])
    return PowerLawTailFit(alpha=alpha, x_min=float(candidates[best]), ks_distance=float(kss[best]),
                           n_tail=n_tail, n=int(x.size), alpha_stderr=(alpha - 1.0) / math.sqrt(n_tail),
                           candidates=candidates, candidate_alpha=alphas, candidate_ks=kss)


def sample_power_law_tail(alpha, x_min, size: int, *, seed=0) -> np.ndarray:
    r"""Draw ``size`` whole numbers from the discrete power law :math:`x^{-\alpha}/\zeta(\alpha, x_{\min})`.

    Exact inversion: for a uniform :math:`v`, the draw is the smallest :math:`x \ge x_{\min}` whose
    survivor function :math:`\zeta(\alpha, x + 1)/\zeta(\alpha, x_{\min})` is at most :math:`v`. The tail's
    asymptotic form, :math:`P(X > x) \approx (x + \tfrac12)^{1-\alpha} / ((\alpha - 1)\,\zeta(\alpha, x_{\min}))`,
    solved for :math:`x`, gives a first guess, which
    is then corrected one step at a time until it is exact (by bisection where the tail is so heavy
    that the guess is far off). Draws are capped at ``1e15``.
    """
    alpha = as_scalar(alpha, "alpha")
    if alpha <= 1:
        raise ValueError(f"alpha must be > 1; got {alpha!r}")
    x_min = _as_x_min(x_min)
    size = as_int(size, "size", minimum=1)
    rng = np.random.default_rng(seed)
    v = 1.0 - rng.random(size)                                   # in (0, 1]
    norm = special.zeta(alpha, x_min)

    def survivor(x):                                             # P(X > x)
        return special.zeta(alpha, x + 1.0) / norm

    # Tail asymptotics, P(X > x) ~ (x + 1/2)^(1 - alpha) / ((alpha - 1) zeta(alpha, x_min)), solved for x.
    with np.errstate(over="ignore"):
        guess = (v * (alpha - 1.0) * norm) ** (-1.0 / (alpha - 1.0)) - 0.5
    x = np.clip(np.ceil(np.minimum(guess, _MAX_DRAW)), x_min, _MAX_DRAW)
    for _ in range(8):                                           # the guess is exact or a step or two off
        low = survivor(x) > v                                    # too small: step up
        high = (x > x_min) & (survivor(x - 1.0) <= v)            # not the smallest: step down
        if not (low.any() or high.any()):
            return x
        x = x + low - high
    # The rest (heavy tails, alpha near 1): bisection on the whole range.
    todo = (survivor(x) > v) | ((x > x_min) & (survivor(x - 1.0) <= v))
    lo, hi, target = np.full(todo.sum(), x_min), np.full(todo.sum(), _MAX_DRAW), v[todo]
    while (hi > lo).any():
        mid = np.floor((lo + hi) / 2.0)
        ok = survivor(mid) <= target
        hi, lo = np.where(ok, mid, hi), np.where(ok, lo, mid + 1.0)
    x[todo] = hi
    return x


def power_law_tail_pvalue(values, fit: PowerLawTailFit | None = None, *, n_boot: int = 100, seed=0,
                          x_min_candidates=None, min_tail: int = 10) -> float:
    r"""Goodness-of-fit p-value of a power-law tail by the semi-parametric bootstrap.

    Each synthetic data set has as many values as the data: with probability
    :math:`n_{\rm tail}/n` a draw from the fitted power law (:func:`sample_power_law_tail`), otherwise a
    value drawn at random from the data below :math:`x_{\min}`. Each is fitted exactly as the data were,
    :math:`x_{\min}` search included, and p is the share of synthetic KS distances at least as large as
    the data's (Clauset, Shalizi and Newman 2009, sec. 4.1). A small p (they use p < 0.1) rules the
    power law out; a large p only says it is not ruled out.

    Parameters
    ----------
    values : array_like
        Whole numbers >= 1 (counts).
    fit : PowerLawTailFit, optional
        The fit to test. Default: :func:`fit_power_law_tail` of ``values`` with the same candidates.
    n_boot : int, optional
        Number of synthetic data sets, >= 1. Default 100 (p to within about 0.05).
    seed : int, optional
        Seed of the random draws. Default 0.
    x_min_candidates, min_tail
        As for :func:`fit_power_law_tail`, used for every synthetic fit.
    """
    x = _as_counts(values)
    n_boot = as_int(n_boot, "n_boot", minimum=1)
    if fit is None:
        fit = fit_power_law_tail(x, x_min_candidates=x_min_candidates, min_tail=min_tail)
    elif not isinstance(fit, PowerLawTailFit):
        raise ValueError(f"fit must be a PowerLawTailFit; got {type(fit).__name__}")
    body = x[x < fit.x_min]
    rng = np.random.default_rng(seed)
    exceed = 0
    for _ in range(n_boot):
        n_tail = int(rng.binomial(x.size, fit.n_tail / x.size)) if body.size else x.size
        tail = sample_power_law_tail(fit.alpha, fit.x_min, max(n_tail, 1), seed=rng)[:n_tail]
        synthetic = np.concatenate([rng.choice(body, x.size - n_tail) if body.size else body, tail])
        try:
            refit = fit_power_law_tail(synthetic, x_min_candidates=x_min_candidates, min_tail=min_tail)
        except ValueError:
            continue
        exceed += refit.ks_distance >= fit.ks_distance
    return exceed / n_boot
