r"""The data-constrained law of Muennighoff et al. (2023), and what repeated data and excess parameters are worth.

:func:`data_constrained_loss` replaces the tokens :math:`D` and parameters :math:`N` of the
Chinchilla law (:mod:`scaling_lab.laws.joint`) by effective amounts :math:`D'` and :math:`N'`,
which :func:`effective_data` and :func:`effective_params` give on their own;
:func:`value_of_repetition` says what an epoch of repeated data is worth.
Constants: :data:`~scaling_lab.reference.MUENNIGHOFF_2023` (huggingface/datablations,
README "Parametric Fit"; :math:`R_D^* = 15.39`, :math:`R_N^* = 5.31`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._validate import as_positive_array, broadcast, chinchilla_constants, param_value, to_output
from scaling_lab.laws.joint import chinchilla_frontier
from scaling_lab.reference.others import MUENNIGHOFF_2023

__all__ = ["data_constrained_loss", "effective_data", "effective_params", "RepetitionValue", "value_of_repetition"]


def _unique_and_data(n_tokens, unique_tokens):
    d = as_positive_array(n_tokens, "n_tokens")
    u = as_positive_array(unique_tokens, "unique_tokens")
    d, u = broadcast(n_tokens=d, unique_tokens=u)
    if (u > d).any():
        raise ValueError("unique_tokens must be <= n_tokens (cannot see more unique tokens than tokens)")
    return d, u


def effective_data(n_tokens, unique_tokens, *, params=MUENNIGHOFF_2023):
    r"""Effective data of :math:`D` tokens drawn from :math:`U_D` unique ones (Muennighoff et al. 2023).

    .. math:: D' = U_D + U_D R_D^* \left(1 - e^{-R_D/R_D^*}\right), \qquad R_D = \frac{D}{U_D} - 1

    :math:`R_D` counts the repeated epochs.  The :math:`k`-th repetition (epoch :math:`k + 1`) is worth
    :math:`e^{-k/R_D^*}` of a fresh epoch (the slope of :math:`D'` at :math:`R_D = k`, as
    :func:`value_of_repetition` reports for epoch :math:`k + 1`), so :math:`D'` never exceeds
    :math:`(1 + R_D^*)\,U_D`: with :math:`R_D^* = 15.39`, no amount of repetition
    is worth more than about 16.4 fresh copies of the data.

    Parameters
    ----------
    n_tokens, unique_tokens : array_like
        :math:`D` and :math:`U_D \le D`, > 0, broadcast together.
    params : object, optional
        Anything with ``r_d_star``; default :data:`~scaling_lab.reference.MUENNIGHOFF_2023`.

    Returns
    -------
    float or ndarray
        :math:`D'` in tokens.
    """
    d, u = _unique_and_data(n_tokens, unique_tokens)
    r_star = param_value(params, "r_d_star")
    repeats = d / u - 1.0
    return to_output(u + u * r_star * (1.0 - np.exp(-repeats / r_star)))


def effective_params(n_params, unique_tokens, *, params=MUENNIGHOFF_2023):
    r"""Effective parameters of a model trained on :math:`U_D` unique tokens (Muennighoff et al. 2023).

    .. math::
       N' = U_N + U_N R_N^* \left(1 - e^{-R_N/R_N^*}\right), \qquad
       U_N = \min\bigl(N, N_{\rm opt}(U_D)\bigr), \qquad R_N = \frac{N}{U_N} - 1

    :math:`N_{\rm opt}(U_D) = G\,(G U_D)^{\beta/\alpha}` is the compute-optimal size
    whose optimal data is :math:`U_D` (:func:`scaling_lab.laws.chinchilla_frontier`
    with these constants).  Parameters beyond it are "excess" and lose value with
    decay constant :math:`R_N^*`.

    Parameters
    ----------
    n_params, unique_tokens : array_like
        :math:`N` and :math:`U_D`, > 0, broadcast together.
    params : object, optional
        Anything with ``A, B, alpha, beta, r_n_star``; default :data:`~scaling_lab.reference.MUENNIGHOFF_2023`.
    """
    n = as_positive_array(n_params, "n_params")
    u = as_positive_array(unique_tokens, "unique_tokens")
    n, u = broadcast(n_params=n, unique_tokens=u)
    _, _, _, alpha, beta = chinchilla_constants(params, floor=False)
    r_star = param_value(params, "r_n_star")
    g = chinchilla_frontier(params).g
    base = np.minimum(n, g * (g * u) ** (beta / alpha))
    excess = n / base - 1.0
    return to_output(base + base * r_star * (1.0 - np.exp(-excess / r_star)))


class RepetitionValue(NamedTuple):
    r"""What :math:`e` epochs over the same data are worth (:func:`value_of_repetition`).

    ``effective_epochs`` is :math:`D'/U_D`, ``fraction_of_fresh`` is :math:`D'/D`
    (the share of the tokens' value kept), ``last_epoch_value`` the worth of the
    final epoch relative to a fresh one, :math:`e^{-(e-1)/R_D^*}`.
    """

    epochs: float | np.ndarray
    effective_epochs: float | np.ndarray
    fraction_of_fresh: float | np.ndarray
    last_epoch_value: float | np.ndarray


def value_of_repetition(epochs, *, params=MUENNIGHOFF_2023) -> RepetitionValue:
    r"""What repeating the same data for ``epochs`` epochs is worth (Muennighoff et al. 2023).

    With :math:`e` epochs (:math:`R_D = e - 1` repetitions) of :math:`U_D` unique tokens:

    .. math::
       \frac{D'}{U_D} = 1 + R_D^*\left(1 - e^{-(e-1)/R_D^*}\right), \qquad
       \frac{D'}{D} = \frac{D'/U_D}{e}, \qquad
       \text{last epoch} = e^{-(e-1)/R_D^*}

    With the published :math:`R_D^* = 15.39`: 4 epochs keep 93% of the value of
    fresh data (the paper's abstract: "up to 4 epochs of repeated data yields
    negligible changes to loss"), the 16th epoch is worth :math:`e^{-15/15.39} = 38\%`
    of a fresh one, and the effective data never exceeds :math:`1 + R_D^* = 16.4`
    epochs' worth.

    Parameters
    ----------
    epochs : array_like
        Passes over the data, >= 1 (fractions allowed).
    params : object, optional
        Anything with ``r_d_star``.

    Returns
    -------
    RepetitionValue
    """
    e = as_positive_array(epochs, "epochs")
    if (e < 1).any():
        raise ValueError(f"epochs must be >= 1; got {e[e < 1].ravel()[:4]}")
    effective = np.asarray(effective_data(e, 1.0, params=params))
    r_star = param_value(params, "r_d_star")
    return RepetitionValue(to_output(e), to_output(effective), to_output(effective / e),
                           to_output(np.exp(-(e - 1.0) / r_star)))


def data_constrained_loss(n_params, n_tokens, unique_tokens, params=MUENNIGHOFF_2023):
    r"""Loss with repeated data, Muennighoff et al. (2023) and the datablations README (Parametric Fit).

    .. math::
       L = E + \frac{A}{N'^{\alpha}} + \frac{B}{D'^{\beta}}, \qquad
       D' = U_D + U_D R_D^* \left(1 - e^{-R_D/R_D^*}\right), \qquad
       N' = U_N + U_N R_N^* \left(1 - e^{-R_N/R_N^*}\right)

    with :math:`R_D = D/U_D - 1` repeated epochs, :math:`U_N = \min(N, N_{\rm opt}(U_D))`
    and :math:`R_N = N/U_N - 1` excess parameters.  :math:`N_{\rm opt}(U_D)` is the
    compute-optimal model size whose optimal data is :math:`U_D` (from
    :func:`chinchilla_frontier` with these constants):
    :math:`N_{\rm opt}(U) = G\,(G U)^{\beta/\alpha}`.  Repeating data or adding
    parameters beyond what the unique data supports is worth less and less.
    :math:`D'` and :math:`N'` come from :func:`~scaling_lab.laws.effective_data` and
    :func:`~scaling_lab.laws.effective_params`.

    Parameters
    ----------
    n_params, n_tokens, unique_tokens : array_like
        :math:`N`, total training tokens :math:`D` and unique tokens :math:`U_D \le D`.
    params : object, optional
        Anything with ``E, A, B, alpha, beta, r_d_star, r_n_star``; default is the
        published fit (``MUENNIGHOFF_2023``).
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    u = as_positive_array(unique_tokens, "unique_tokens")
    n, d, u = broadcast(n_params=n, n_tokens=d, unique_tokens=u)
    if (u > d).any():
        raise ValueError("unique_tokens must be <= n_tokens (cannot see more unique tokens than tokens)")
    e, a, b, alpha, beta = chinchilla_constants(params)
    d_eff = np.asarray(effective_data(d, u, params=params))
    n_eff = np.asarray(effective_params(n, u, params=params))
    return to_output(e + a / n_eff**alpha + b / d_eff**beta)
