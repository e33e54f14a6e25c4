r"""Scaling laws for over-trained models and for downstream error, after Gadre et al. (2024).

Gadre, Smyrnis, Shankar, Gururangan, Wortsman, Shao, Mercat, Fang, Li, Keh, Xin, Nezhurina, Vasiljevic,
Jitsev, Soldaini, Dimakis, Ilharco, Koh, Song, Kollar, Carmon, Dave, Heckel, Muennighoff and Schmidt (2024),
"Language models scale reliably with over-training and on downstream tasks", arXiv:2403.08540 (ICLR 2025).

- :func:`overtraining_loss`: their eq. (4), the Chinchilla form :math:`E + A N^{-\alpha} + B D^{-\beta}`
  (their eq. 3) with :math:`\alpha = \beta`, rewritten in compute :math:`C = 6ND` and the token multiplier
  :math:`M = D/N` (tokens per parameter; :math:`M = 20` is about compute-optimal):

  .. math:: L(C, M) = E + \left(a M^{\eta} + b M^{-\eta}\right) C^{-\eta}

  The exponent :math:`\eta = \alpha/2` does not depend on :math:`M`: over-training shifts the power law in
  compute without tilting it.
- :func:`downstream_error`: their eq. (5), average top-1 error as a function of validation loss,
  :math:`\mathrm{Err}(L) = \epsilon - k\,e^{-\gamma L}`.

Their code (github.com/mlfoundations/scaling, ``scaling/laws.py``, ``powlaw_ours``) fits the same law in
:math:`N` and :math:`M` as :math:`\alpha_c N^{b_c} + \beta_c 6^{b_c/2} (MN)^{b_c} + E`; substituting
:math:`N = \sqrt{C/(6M)}` gives eq. (4) with :math:`\eta = -b_c/2`, :math:`a = \alpha_c 6^{\eta}` and
:math:`b = \beta_c` (:func:`overtraining_params_from_code` does the conversion).

The default constants are **our** fit, by their procedure (:func:`scaling_lab.fitting.fit_overtraining`), to
their five RedPajama runs of Table 1 with C4 eval loss, and of eq. (5) to those runs plus the 1.4B, M = 20
run with the 17-task error: the paper's figures use these fits, but the paper does not print the constants.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._validate import as_positive_array, as_positive_scalar, as_scalar, broadcast, param_value, to_output

__all__ = ["OvertrainingLawParams", "DownstreamErrorParams", "GADRE_2024_REDPAJAMA_LOSS",
           "GADRE_2024_REDPAJAMA_ERROR", "overtraining_loss", "overtraining_loss_from_compute",
           "overtraining_params_from_code", "downstream_error"]


class OvertrainingLawParams(NamedTuple):
    r"""Constants of Gadre et al.'s (2024) eq. (4): :math:`L = E + (a M^{\eta} + b M^{-\eta}) C^{-\eta}`.

    ``irreducible_loss`` :math:`E` (nats/token), ``a`` and ``b`` (> 0) and the compute exponent ``eta``
    :math:`\eta > 0`.
    """

    irreducible_loss: float
    a: float
    b: float
    eta: float


class DownstreamErrorParams(NamedTuple):
    r"""Constants of Gadre et al.'s (2024) eq. (5): :math:`\mathrm{Err}(L) = \epsilon - k e^{-\gamma L}`.

    ``ceiling`` :math:`\epsilon` (the error as the loss grows without bound), ``k`` and ``gamma`` (> 0).
    """

    ceiling: float
    k: float
    gamma: float


#: Our fit of eq. (4) by Gadre et al.'s procedure to their five Table 1 runs trained on RedPajama
#: (0.011B-0.411B at M = 20 and 0.011B at M = 320), C4 eval loss (tests/fitting/test_overtraining.py
#: refits it from the shipped data).
GADRE_2024_REDPAJAMA_LOSS = OvertrainingLawParams(irreducible_loss=1.83664837, a=212.236107,
                                                  b=366.687167, eta=0.136425351)

#: Our fit of eq. (5) to the same runs plus the 1.4B, M = 20 RedPajama run: C4 eval loss against the
#: average top-1 error of the 17-task split.
GADRE_2024_REDPAJAMA_ERROR = DownstreamErrorParams(ceiling=0.856991931, k=2.20649001, gamma=0.714590536)


def _law_constants(params):
    e = param_value(params, "irreducible_loss", positive=False)
    if e < 0:
        raise ValueError(f"params.irreducible_loss must be >= 0 (a loss floor); got {e!r}")
    return e, param_value(params, "a"), param_value(params, "b"), param_value(params, "eta")


def overtraining_loss_from_compute(compute_flops, tokens_per_param, *, params=GADRE_2024_REDPAJAMA_LOSS):
    r"""Loss of a run of :math:`C` FLOPs at token multiplier :math:`M`: Gadre et al. (2024), eq. (4).

    .. math:: L(C, M) = E + \left(a M^{\eta} + b M^{-\eta}\right) C^{-\eta}

    Parameters
    ----------
    compute_flops : array_like
        Training compute :math:`C = 6ND` in FLOPs, > 0.
    tokens_per_param : array_like
        Token multiplier :math:`M = D/N`, > 0 (20 is about compute-optimal; 640 is 32 times over-trained).
    params : OvertrainingLawParams, optional
        Anything with ``irreducible_loss, a, b, eta``; default :data:`GADRE_2024_REDPAJAMA_LOSS` (our fit).

    Returns
    -------
    float or ndarray
        The loss in nats per token.
    """
    c = as_positive_array(compute_flops, "compute_flops")
    m = as_positive_array(tokens_per_param, "tokens_per_param")
    c, m = broadcast(compute_flops=c, tokens_per_param=m)
    e, a, b, eta = _law_constants(params)
    return to_output(e + (a * m**eta + b * m ** (-eta)) * c ** (-eta))


def overtraining_loss(n_params, tokens_per_param, *, params=GADRE_2024_REDPAJAMA_LOSS):
    r"""Loss of a model of :math:`N` parameters trained on :math:`D = MN` tokens: Gadre et al. (2024), eq. (4).

    Eq. (4) evaluated at :math:`C = 6ND = 6MN^2` (:func:`overtraining_loss_from_compute`); the same as the
    Chinchilla form :math:`E + A N^{-2\eta} + B D^{-2\eta}` with :math:`A = a\,6^{-\eta}`,
    :math:`B = b\,6^{-\eta}` (their eq. 3 with :math:`\alpha = \beta = 2\eta`).

    Parameters
    ----------
    n_params : array_like
        Model size :math:`N` (all parameters, as their runs count them), > 0.
    tokens_per_param : array_like
        Token multiplier :math:`M = D/N`, > 0.
    params : OvertrainingLawParams, optional
        As in :func:`overtraining_loss_from_compute`.
    """
    n = as_positive_array(n_params, "n_params")
    m = as_positive_array(tokens_per_param, "tokens_per_param")
    n, m = broadcast(n_params=n, tokens_per_param=m)
    return overtraining_loss_from_compute(6.0 * m * n * n, m, params=params)


def overtraining_params_from_code(code_alpha, code_beta, code_exponent,
                                  irreducible_loss) -> OvertrainingLawParams:
    r"""Eq. (4)'s constants from the four that Gadre et al.'s code fits (``powlaw_ours``).

    Their code writes :math:`L = \alpha_c N^{b_c} + \beta_c 6^{b_c/2} (MN)^{b_c} + E` with
    :math:`b_c < 0`; then

    .. math:: \eta = -b_c/2, \qquad a = \alpha_c\, 6^{\eta}, \qquad b = \beta_c .
    """
    a_c = as_positive_scalar(code_alpha, "code_alpha")
    bb = as_positive_scalar(code_beta, "code_beta")
    ex = as_scalar(code_exponent, "code_exponent")
    if ex >= 0:
        raise ValueError(f"code_exponent must be < 0 (a decaying law); got {ex!r}")
    e = as_positive_scalar(irreducible_loss, "irreducible_loss", allow_zero=True)
    eta = -ex / 2.0
    return OvertrainingLawParams(irreducible_loss=e, a=a_c * 6.0**eta, b=bb, eta=eta)


def downstream_error(loss, *, params=GADRE_2024_REDPAJAMA_ERROR):
    r"""Average top-1 downstream error at validation loss :math:`L`: Gadre et al. (2024), eq. (5).

    .. math:: \mathrm{Err}(L) = \epsilon - k\,e^{-\gamma L}

    Equivalently (their eq. 6) a power law in perplexity :math:`PP = e^{L}`:
    :math:`\mathrm{Err} = \epsilon - k\,PP^{-\gamma}`, rising to :math:`\epsilon` as the loss grows.

    Parameters
    ----------
    loss : array_like
        Validation loss in nats per token, > 0.
    params : DownstreamErrorParams, optional
        Anything with ``ceiling, k, gamma``; default :data:`GADRE_2024_REDPAJAMA_ERROR` (our fit).
    """
    ell = as_positive_array(loss, "loss")
    eps = param_value(params, "ceiling")
    k = param_value(params, "k")
    gamma = param_value(params, "gamma")
    return to_output(eps - k * np.exp(-gamma * ell))
