r"""Zipf's exponent by maximum likelihood (discrete power law over ranks 1..K).

The fit maximises the log-likelihood of the observed counts under :math:`p(r) \propto r^{-s}`
with :func:`scipy.optimize.minimize_scalar`; its standard error comes from the observed Fisher
information.  The result's ``decay_exponent`` is Zipf's s > 0 and ``exponent`` the signed power -s
(the package's convention); uncertainties are named ``decay_exponent_stderr``, ``decay_exponent_ci``
and ``confidence``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import (
    as_confidence, as_int, as_positive_array, as_positive_scalar, as_scalar, at_least, format_ci,
)
from scaling_lab.fitting.power_law import FromDecayExponent
from scaling_lab.laws.basic import zipf_log_normaliser, zipf_pmf

optimize = lazy_module("scipy.optimize")
stats = lazy_module("scipy.stats")

__all__ = ["ZipfFit", "fit_zipf_mle"]


# --------------------------------------------------------------------------- Zipf MLE
@dataclass(frozen=True)
class ZipfFit(FromDecayExponent):
    r"""Result of :func:`fit_zipf_mle`: frequency of rank r proportional to :math:`r^{-s}`.

    ``decay_exponent`` is Zipf's :math:`s > 0`; ``exponent`` is the signed power :math:`-s`, the
    convention of every fit result in :mod:`scaling_lab.fitting` (so it estimates the same number as
    :func:`~scaling_lab.fitting.fit_power_law`'s ``exponent`` on the rank-frequency plot).
    """

    decay_exponent: float
    decay_exponent_stderr: float
    decay_exponent_ci: tuple[float, float]
    decay_exponent_profile_ci: tuple[float, float]
    n_tokens: float
    n_types: int
    log_likelihood: float
    confidence: float = 0.95

    def predict(self, rank):
        r"""Probability of each rank under the fit, :math:`r^{-s} / H(K, s)`
        (:func:`scaling_lab.laws.zipf_pmf`); ranks must lie in ``1..n_types``.

        Multiply by ``n_tokens`` for expected counts.
        """
        return zipf_pmf(rank, self.decay_exponent, self.n_types)

    def as_dict(self) -> dict[str, float]:
        return {"decay_exponent": self.decay_exponent}

    def __repr__(self) -> str:
        return (
            f"ZipfFit(decay_exponent={self.decay_exponent:.4f} ± {self.decay_exponent_stderr:.2g} "
            f"[{100 * self.confidence:g}% CI {format_ci(self.decay_exponent_ci)}], n_tokens={self.n_tokens:.6g}, "
            f"n_types={self.n_types}, log_likelihood={self.log_likelihood:.6g})"
        )


def _zipf_loglik(s, counts, log_r, n):
    return float(-s * (counts @ log_r) - n * zipf_log_normaliser(s, log_r.size))


def _log_rank_variance(s, log_r):
    """Var[log r] under p(r) = r^-s / H(K, s); equals -l''(s) / n."""
    p = np.exp(-s * log_r - zipf_log_normaliser(s, log_r.size))
    mean = float(p @ log_r)
    return float(p @ (log_r - mean) ** 2)


def fit_zipf_mle(counts, *, n_types=None, n_tokens=None, confidence=0.95, bounds=(0.0, 10.0)) -> ZipfFit:
    r"""Maximum-likelihood Zipf exponent for counts per rank, truncated at rank K.

    .. math::

        p(r) = \frac{r^{-s}}{H(K, s)}, \quad H(K, s) = \sum_{j=1}^{K} j^{-s}, \qquad
        \ell(s) = -s \sum_r c_r \log r - n \log H(K, s)

    with :math:`c_r` the count of rank r and :math:`n = \sum_r c_r`. The result's ``decay_exponent``
    is ``s``, positive (frequency :math:`\propto r^{-s}`), and its ``exponent`` is the signed power
    :math:`-s`, which the ordinary-least-squares ``exponent`` of :func:`fit_power_law` on the same
    rank-frequency plot also estimates. The two estimates
    differ: least squares weights every rank equally, so the long, noisy tail of rare types (many of
    them seen 0-2 times) dominates it, whereas maximum likelihood weights ranks by how many tokens
    they carry.  Clauset, Shalizi & Newman (2009) recommend maximum likelihood for the distribution
    of counts of a power law (with an estimated lower cut-off and a goodness-of-fit test); this
    truncated rank-frequency MLE is a related estimator, not theirs.

    The log-likelihood is concave in s (:math:`\ell''(s) = -n\,\mathrm{Var}_p[\log r]`), so the
    bounded scalar search finds the unique maximum. The standard error is
    :math:`1/\sqrt{-\ell''(\hat s)}` (observed Fisher information); ``decay_exponent_ci`` is the
    Wald interval :math:`\hat s \pm z\,\mathrm{se}` and ``decay_exponent_profile_ci`` solves
    :math:`2[\ell(\hat s) - \ell(s)] = \chi^2_{1}(\text{confidence})`.

    Parameters
    ----------
    counts : array_like
        Non-negative counts, ``counts[r - 1]`` for rank r (for real text: type counts sorted in
        descending order). Float counts are accepted. At least 2 ranks and a positive total.
    n_types : int, optional
        Truncation K, the number of types. Default ``len(counts)``. If smaller, ranks beyond K are dropped; if larger,
        the missing ranks count as zero (types that exist but were not observed).
    n_tokens : float, optional
        If given, ``counts`` are rescaled to sum to ``n_tokens`` (e.g. pass relative frequencies and
        the sample size they came from). This sets the standard error.
    confidence : float, optional
        Coverage of both intervals. Default 0.95.
    bounds : (float, float), optional
        Search interval for s. Default (0, 10).

    Returns
    -------
    ZipfFit
        ``decay_exponent`` (s), ``decay_exponent_stderr``, ``decay_exponent_ci``,
        ``decay_exponent_profile_ci``, ``n_tokens``, ``n_types`` (= K), ``log_likelihood``,
        ``confidence``; ``exponent``, ``exponent_stderr`` and ``exponent_ci`` give the signed power -s.
    """
    counts = as_positive_array(counts, "counts", allow_zero=True).ravel()
    at_least(counts, "counts", 2)
    confidence = as_confidence(confidence)
    k = counts.size if n_types is None else as_int(n_types, "n_types", minimum=2)
    if k < counts.size:
        counts = counts[:k]
    elif k > counts.size:
        counts = np.concatenate([counts, np.zeros(k - counts.size)])
    total = float(counts.sum())
    if total <= 0:
        raise ValueError("counts must have a positive sum")
    if n_tokens is not None:
        n_tokens = as_positive_scalar(n_tokens, "n_tokens")
        counts = counts * (n_tokens / total)
        total = n_tokens
    lo, hi = (as_scalar(b, "bounds") for b in bounds)
    if not lo < hi:
        raise ValueError(f"bounds must be (low, high) with low < high; got {bounds!r}")
    log_r = np.log(np.arange(1, k + 1, dtype=float))

    res = optimize.minimize_scalar(
        lambda s: -_zipf_loglik(s, counts, log_r, total),
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-10},
    )
    s_hat = float(res.x)
    ll_hat = _zipf_loglik(s_hat, counts, log_r, total)
    info = total * _log_rank_variance(s_hat, log_r)
    se = 1.0 / math.sqrt(info) if info > 0 else math.inf
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    drop = 0.5 * float(stats.chi2.ppf(confidence, 1))

    def excess(s):
        return ll_hat - _zipf_loglik(s, counts, log_r, total) - drop

    def profile_end(direction):
        step = max(se, 1e-8) if math.isfinite(se) else 1.0
        far = s_hat
        for _ in range(60):
            far = s_hat + direction * step
            if excess(far) > 0:
                return float(optimize.brentq(excess, min(s_hat, far), max(s_hat, far), xtol=1e-12))
            step *= 2.0
        return -math.inf if direction < 0 else math.inf

    return ZipfFit(
        decay_exponent=s_hat, decay_exponent_stderr=se, decay_exponent_ci=(s_hat - z * se, s_hat + z * se),
        decay_exponent_profile_ci=(profile_end(-1.0), profile_end(1.0)), n_tokens=total, n_types=k,
        log_likelihood=ll_hat, confidence=confidence,
    )
