r"""Generic forms: the pure and the saturating power law, and the truncated Zipf law."""

from __future__ import annotations

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_int, as_positive_array, as_positive_scalar, as_scalar, to_output

special = lazy_module("scipy.special")

__all__ = ["power_law", "saturating_power_law", "zipf_log_normaliser", "zipf_pmf"]


def power_law(x, coefficient, exponent):
    r"""Pure power law with a signed exponent.

    The form of Kaplan et al. (2020), eqs. 1.1-1.3, and of Zipf's law (Zipf 1949).

    .. math:: y = c\, x^{k}

    Parameters
    ----------
    x : array_like
        The scaled quantity (parameters, tokens, compute ...), > 0.
    coefficient : float
        :math:`c`, finite.
    exponent : float
        :math:`k`, finite; negative for a decaying law.  This signed
        convention is used throughout the package for pure power laws.

    Returns
    -------
    float or ndarray
    """
    x = as_positive_array(x, "x")
    c = as_scalar(coefficient, "coefficient")
    k = as_scalar(exponent, "exponent")
    return to_output(c * x**k)


def saturating_power_law(x, irreducible_loss, coefficient, decay_exponent):
    r"""Power law decaying to a floor.

    .. math:: L(x) = E + A\, x^{-\alpha}, \qquad A > 0,\ \alpha > 0

    Each term of Hoffmann et al. (2022), eq. 2, has this form.  Hestness et al.
    (2017) describe learning curves that flatten towards such a floor (their
    "irreducible error region") but fit pure power laws,
    :math:`\varepsilon(m) = \alpha m^{\beta_g}`, to the region before it.

    Parameters
    ----------
    x : array_like
        The scaled quantity, > 0.
    irreducible_loss : float
        :math:`E`, the loss as :math:`x \to \infty`.
    coefficient : float
        :math:`A > 0`.
    decay_exponent : float
        :math:`\alpha > 0`, the decay exponent (the minus sign is in the
        formula; the signed power of :math:`L - E` is :math:`-\alpha`).
    """
    x = as_positive_array(x, "x")
    e = as_scalar(irreducible_loss, "irreducible_loss")
    a = as_positive_scalar(coefficient, "coefficient")
    alpha = as_positive_scalar(decay_exponent, "decay_exponent")
    return to_output(e + a * x**-alpha)


def zipf_log_normaliser(decay_exponent, n_types):
    r"""Logarithm of the normaliser of a truncated Zipf law, :math:`\log H(K, s)`.

    .. math:: H(K, s) = \sum_{j=1}^{K} j^{-s}

    Computed by log-sum-exp, so large :math:`K` and :math:`s` do not overflow.
    Used by :func:`zipf_pmf` and by :func:`scaling_lab.fitting.fit_zipf_mle`.

    Parameters
    ----------
    decay_exponent : float
        :math:`s`, finite (a Zipf law has :math:`s \ge 0`; the sum is defined for any
        :math:`s`, which a likelihood search may probe).
    n_types : int
        :math:`K \ge 1`.
    """
    s = as_scalar(decay_exponent, "decay_exponent")
    k = as_int(n_types, "n_types", minimum=1)
    return float(special.logsumexp(-s * np.log(np.arange(1, k + 1, dtype=float))))


def zipf_pmf(ranks, decay_exponent, n_types):
    r"""Probability of rank :math:`r` under a Zipf law truncated at :math:`K` types.

    .. math:: p(r) = \frac{r^{-s}}{H(K, s)}, \qquad H(K, s) = \sum_{j=1}^{K} j^{-s},
              \qquad r = 1, \dots, K

    The rank-frequency form of Zipf's law (Zipf 1949).  Clauset, Shalizi and
    Newman (2009) recommend maximum likelihood for fitting the *distribution of
    counts* of a power law, with an estimated lower cut-off :math:`x_{\min}` and
    a goodness-of-fit test; fitting this truncated rank-frequency law by maximum
    likelihood (:func:`scaling_lab.fitting.fit_zipf_mle`) is a related estimator,
    not the one their paper studies.

    Parameters
    ----------
    ranks : array_like
        Ranks :math:`r`, integers in ``1..n_types``.
    decay_exponent : float
        :math:`s \ge 0` (about 1 for English words).
    n_types : int
        :math:`K \ge 1`, the number of types (the largest rank).

    Returns
    -------
    float or ndarray
        Probabilities; over ``ranks = 1..n_types`` they sum to one.
    """
    r = as_positive_array(ranks, "ranks")
    as_positive_scalar(decay_exponent, "decay_exponent", allow_zero=True)
    log_h = zipf_log_normaliser(decay_exponent, n_types)
    k = int(n_types)
    if np.any(r != np.round(r)) or np.any(r > k):
        raise ValueError(f"ranks must be integers in 1..n_types={k}")
    return to_output(np.exp(-float(decay_exponent) * np.log(r) - log_h))
