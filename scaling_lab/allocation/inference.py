r"""The cheapest model to train *and serve*: compute-optimal allocation with inference counted.

Sardana, Portes, Doubov and Frankle (2024), "Beyond Chinchilla-Optimal: Accounting for Inference in
Language Model Scaling Laws" (ICML 2024, arXiv:2401.00448), ask for the model size :math:`N` and training
tokens :math:`D` that reach a target loss :math:`\ell` at the least lifetime compute, when the model will
then process :math:`T` tokens at inference:

.. math::
    \min_{N, D}\; \underbrace{6ND}_{\text{training}} + \underbrace{2NT}_{\text{inference}}
    \quad\text{subject to}\quad L(N, D) = \ell ,

with the Chinchilla form :math:`L(N, D) = E + A N^{-\alpha} + B D^{-\beta}` (Hoffmann et al. 2022).  The
constraint gives the tokens a model of size :math:`N` needs, :math:`D(N) = \left(B / (\ell - E - A
N^{-\alpha})\right)^{1/\beta}`, defined for :math:`A N^{-\alpha} < \ell - E`.  With :math:`u = A
N^{-\alpha} / (\ell - E)`, the stationary condition of the lifetime cost is

.. math:: 6 D(N) \left(\frac{\alpha}{\beta}\,\frac{u}{1 - u} - 1\right) = 2T ,

whose left side is negative below :math:`u = \beta/(\alpha+\beta)` and rises monotonically from 0 there to
:math:`+\infty` as :math:`u \to 1`; so the minimum is unique and Brent's method finds it.  With :math:`T = 0`
the root is :math:`u = \beta/(\alpha+\beta)`, Hoffmann et al.'s compute-optimal point (eq. 4) for the budget
that reaches :math:`\ell`; as :math:`T` grows the root moves toward :math:`u \to 1`: a smaller model trained on
more tokens, the conclusion Sardana et al. (2024) draw from the same problem.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_positive_array, broadcast, chinchilla_constants, to_output
from scaling_lab.reference.hoffmann import BESIROGLU_2024

optimize = lazy_module("scipy.optimize")

__all__ = ["InferenceAllocation", "inference_optimal_allocation", "lifetime_flops", "tokens_for_loss"]


class InferenceAllocation(NamedTuple):
    """The model that reaches ``target_loss`` at the least training plus inference compute.

    ``n_params`` :math:`N`, ``n_tokens`` :math:`D` (training), ``tokens_per_param`` :math:`D/N`,
    ``training_flops`` :math:`6ND`, ``inference_flops`` :math:`2NT`, ``total_flops`` their sum,
    ``target_loss`` :math:`\\ell` and ``inference_tokens`` :math:`T`.
    """

    n_params: float | np.ndarray
    n_tokens: float | np.ndarray
    tokens_per_param: float | np.ndarray
    training_flops: float | np.ndarray
    inference_flops: float | np.ndarray
    total_flops: float | np.ndarray
    target_loss: float | np.ndarray
    inference_tokens: float | np.ndarray


def _target_gap(target_loss, params, name="target_loss"):
    e, a, b, alpha, beta = chinchilla_constants(params)
    ell = as_positive_array(target_loss, name)
    if np.any(ell <= e):
        raise ValueError(f"{name} must be above the law's irreducible loss E = {e:g}; got "
                         f"{ell[ell <= e].ravel()[0]!r}")
    return ell, (e, a, b, alpha, beta)


def tokens_for_loss(n_params, target_loss, params=BESIROGLU_2024):
    r"""Training tokens a model of ``n_params`` needs to reach ``target_loss`` under the Chinchilla law.

    .. math:: D(N) = \left(\frac{B}{\ell - E - A N^{-\alpha}}\right)^{1/\beta}

    ``inf`` where the model is too small to ever reach :math:`\ell` (:math:`A N^{-\alpha} \ge \ell - E`).

    Parameters
    ----------
    n_params : array_like
        Model size :math:`N`, > 0.
    target_loss : array_like
        Loss :math:`\ell` in nats/token, above the law's :math:`E`; broadcast with ``n_params``.
    params : optional
        Anything with ``E, A, B, alpha, beta`` (default :data:`~scaling_lab.reference.BESIROGLU_2024`).
    """
    n = as_positive_array(n_params, "n_params")
    ell, (e, a, b, alpha, beta) = _target_gap(target_loss, params)
    n, ell = broadcast(n_params=n, target_loss=ell)
    gap = ell - e - a * n ** (-alpha)
    with np.errstate(divide="ignore", over="ignore"):
        d = np.where(gap > 0, (b / np.where(gap > 0, gap, 1.0)) ** (1.0 / beta), np.inf)
    return to_output(d)


def lifetime_flops(n_params, target_loss, inference_tokens, params=BESIROGLU_2024):
    r"""Training plus inference FLOPs of a model of ``n_params`` trained to ``target_loss``.

    .. math:: C_{\rm life}(N) = 6 N D(N) + 2 N T

    with :math:`D(N)` from :func:`tokens_for_loss` (``inf`` where :math:`N` cannot reach the loss).

    Parameters
    ----------
    n_params : array_like
        Model size :math:`N`, > 0.
    target_loss : array_like
        Loss :math:`\ell`, above the law's :math:`E`.
    inference_tokens : array_like
        Tokens :math:`T \ge 0` the model will process at inference over its life.
    params : optional
        As in :func:`tokens_for_loss`.
    """
    n = as_positive_array(n_params, "n_params")
    t = as_positive_array(inference_tokens, "inference_tokens", allow_zero=True)
    n, t = broadcast(n_params=n, inference_tokens=t)
    d = np.asarray(tokens_for_loss(n, target_loss, params))
    return to_output(6.0 * n * d + 2.0 * n * t)


def _solve(ell, t, e, a, b, alpha, beta):
    gap0 = ell - e
    u_low = beta / (alpha + beta)

    def tokens(u):
        return (b / (gap0 * (1.0 - u))) ** (1.0 / beta)

    def condition(u):  # scaled by 1/(6 D) so that it stays finite near u = 1
        return (alpha / beta) * u / (1.0 - u) - 1.0 - 2.0 * t / (6.0 * tokens(u))

    if t == 0:
        u = u_low
    else:
        u_high = u_low
        while condition(u_high) <= 0:  # step toward 1 until the root is bracketed
            u_high = 1.0 - (1.0 - u_high) / 10.0
            if 1.0 - u_high < 1e-15:
                raise ValueError(f"inference_tokens = {t:g} is too large to solve for in double precision")
        u = optimize.brentq(condition, u_low, u_high, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    n = (a / (u * gap0)) ** (1.0 / alpha)
    return n, tokens(u)


def inference_optimal_allocation(target_loss, inference_tokens, params=BESIROGLU_2024) -> InferenceAllocation:
    r"""Model size and training tokens that reach ``target_loss`` at the least lifetime compute.

    Sardana et al. (2024), §2: minimise :math:`6ND + 2NT` subject to :math:`L(N, D) = \ell` for the
    Chinchilla form (module docstring).  With ``inference_tokens = 0`` this is Hoffmann et al.'s (2022)
    compute-optimal model for the budget that reaches :math:`\ell`; the more inference, the smaller the model
    and the more tokens it is trained on.

    Parameters
    ----------
    target_loss : array_like
        Loss :math:`\ell` in nats/token, above the law's irreducible loss :math:`E`.
    inference_tokens : array_like
        Tokens :math:`T \ge 0` processed at inference over the model's life (prompt and generated);
        broadcast with ``target_loss``.
    params : optional
        Anything with ``E, A, B, alpha, beta``; default :data:`~scaling_lab.reference.BESIROGLU_2024`
        (its compute-optimal point is about 20 tokens per parameter, as Hoffmann et al.'s Approaches 1-2;
        their eq. 10 as printed, :data:`~scaling_lab.reference.HOFFMANN_2022`, puts it far higher).

    Returns
    -------
    InferenceAllocation
        ``n_params``, ``n_tokens``, ``tokens_per_param``, ``training_flops``, ``inference_flops``,
        ``total_flops``, ``target_loss``, ``inference_tokens``.

    Examples
    --------
    >>> zero = inference_optimal_allocation(2.1, 0.0)
    >>> busy = inference_optimal_allocation(2.1, 1e13)
    >>> bool(busy.n_params < zero.n_params and busy.tokens_per_param > zero.tokens_per_param)
    True
    """
    ell, (e, a, b, alpha, beta) = _target_gap(target_loss, params)
    t = as_positive_array(inference_tokens, "inference_tokens", allow_zero=True)
    ell, t = broadcast(target_loss=ell, inference_tokens=t)
    flat = [_solve(float(lv), float(tv), e, a, b, alpha, beta) for lv, tv in zip(ell.ravel(), t.ravel())]
    n = np.array([f[0] for f in flat]).reshape(ell.shape)
    d = np.array([f[1] for f in flat]).reshape(ell.shape)
    train, infer = 6.0 * n * d, 2.0 * n * t
    return InferenceAllocation(
        n_params=to_output(n), n_tokens=to_output(d), tokens_per_param=to_output(d / n),
        training_flops=to_output(train), inference_flops=to_output(infer), total_flops=to_output(train + infer),
        target_loss=to_output(ell), inference_tokens=to_output(t),
    )
