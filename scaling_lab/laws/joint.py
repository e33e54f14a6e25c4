r"""Joint laws in model size and data: Chinchilla and Rosenfeld.

The Chinchilla form :math:`L = E + A/N^{\alpha} + B/D^{\beta}` (Hoffmann et al. 2022,
eq. 2) and its compute-optimal frontier (eq. 4) are written here once;
:mod:`scaling_lab.allocation`, :mod:`scaling_lab.chinchilla` and the
data-constrained law (:mod:`scaling_lab.laws.data_constrained`) all call :func:`chinchilla_frontier`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._validate import as_positive_array, broadcast, chinchilla_constants, param_value, to_output
from scaling_lab.reference.hoffmann import HOFFMANN_2022
from scaling_lab.reference.others import ROSENFELD_2020_ILLUSTRATIVE

__all__ = ["ChinchillaFrontier", "chinchilla_frontier", "chinchilla_loss", "rosenfeld_loss"]


class ChinchillaFrontier(NamedTuple):
    r"""The compute-optimal frontier of a Chinchilla law: :math:`N_{\rm opt} = G (C/6)^a`, :math:`D_{\rm opt} = G^{-1} (C/6)^b`."""

    g: float
    a: float
    b: float


def chinchilla_frontier(params=HOFFMANN_2022) -> ChinchillaFrontier:
    r"""The constants of the compute-optimal frontier (Hoffmann et al. 2022, eq. 4).

    Minimising :math:`L(N, D) = E + A/N^\alpha + B/D^\beta` subject to
    :math:`6ND = C` gives :math:`N_{\rm opt} = G (C/6)^a` and
    :math:`D_{\rm opt} = G^{-1} (C/6)^b` with

    .. math::
       G = \left(\frac{\alpha A}{\beta B}\right)^{\frac{1}{\alpha+\beta}},\qquad
       a = \frac{\beta}{\alpha+\beta},\qquad b = \frac{\alpha}{\alpha+\beta}

    so :math:`a + b = 1` exactly.

    Parameters
    ----------
    params : object, optional
        Anything with ``A, B, alpha, beta`` (``E`` does not enter), e.g. a
        :class:`~scaling_lab.reference.ChinchillaParams` or a fit result.

    Returns
    -------
    ChinchillaFrontier
        ``(g, a, b)``.
    """
    _, a_coef, b_coef, alpha, beta = chinchilla_constants(params, floor=False)
    g = (alpha * a_coef / (beta * b_coef)) ** (1.0 / (alpha + beta))
    return ChinchillaFrontier(float(g), beta / (alpha + beta), alpha / (alpha + beta))


def chinchilla_loss(n_params, n_tokens, params=HOFFMANN_2022):
    r"""Parametric loss of Hoffmann et al. (2022), eq. 10.

    .. math:: L(N, D) = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}}

    Parameters
    ----------
    n_params : array_like
        Model size :math:`N` (parameters), > 0.
    n_tokens : array_like
        Training tokens :math:`D`, > 0; broadcast against ``n_params``.
    params : object, optional
        Anything with attributes ``E, A, B, alpha, beta`` (a
        :class:`~scaling_lab.reference.ChinchillaParams` or a fit result).
        Default: eq. 10 as printed, ``E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28``.

    Returns
    -------
    float or ndarray
        Loss in nats/token.
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    n, d = broadcast(n_params=n, n_tokens=d)
    e, a, b, alpha, beta = chinchilla_constants(params)
    return to_output(e + a / n**alpha + b / d**beta)


def rosenfeld_loss(n_params, n_samples, params=ROSENFELD_2020_ILLUSTRATIVE):
    r"""Joint error form and envelope of Rosenfeld et al. (2020), ICLR 2020.

    .. math::
       \tilde\epsilon(m, n) = a\, n^{-\alpha} + b\, m^{-\beta} + c_\infty, \qquad
       \hat\epsilon(m, n) = \epsilon_0 \left|\frac{\tilde\epsilon}{\tilde\epsilon - i\eta}\right|
       = \frac{\epsilon_0\, \tilde\epsilon}{\sqrt{\tilde\epsilon^2 + \eta^2}}

    :math:`m` is the model size, :math:`n` the number of training samples.
    The envelope saturates at the random-guess error :math:`\epsilon_0` for
    small models or data and is a power law plus floor when
    :math:`\tilde\epsilon \ll \eta`.  The default ``params`` are ILLUSTRATIVE,
    not published values: the paper fits them per task.  ``params`` is any
    object with ``a, alpha, b, beta, c_inf, eps0, eta``.

    Source: Rosenfeld, Rosenfeld, Belinkov and Shavit, "A Constructive Prediction of the
    Generalization Error Across Scales", ICLR 2020 (arXiv:1909.12673); authors, title and venue
    checked on the ICLR 2020 virtual-conference page.  A secondary summary (a literature review)
    numbers the form :math:`\tilde\epsilon` as their eq. 4 and the envelope as their eq. 5, and
    reports that they normalise :math:`a = 1`; no primary copy
    of the paper could be read, so these equation numbers and that normalisation are unconfirmed.
    The envelope is unchanged by :math:`(a, b, c_\infty, \eta) \to k\,(a, b, c_\infty, \eta)`:
    fixing any one of them (``fit_rosenfeld`` fixes :math:`\eta = 1`) gives the same curves.
    """
    m = as_positive_array(n_params, "n_params")
    n = as_positive_array(n_samples, "n_samples")
    m, n = broadcast(n_params=m, n_samples=n)
    a, alpha, b, beta = (param_value(params, k) for k in ("a", "alpha", "b", "beta"))
    c_inf = param_value(params, "c_inf", positive=False)
    eps0, eta = param_value(params, "eps0"), param_value(params, "eta")
    eps_tilde = a * n**-alpha + b * m**-beta + c_inf
    return to_output(eps0 * np.abs(eps_tilde) / np.hypot(eps_tilde, eta))
