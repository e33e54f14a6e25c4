r"""Trading data against model size when data has a price of its own.

The compute-optimal split (Hoffmann et al. 2022, eq. 4; :func:`scaling_lab.allocation.optimal_split`)
prices only the training FLOPs, :math:`C = 6ND`.  Fresh training tokens may cost something too
(collecting, cleaning, licensing).  With a price of :math:`c_D` FLOP-equivalents per token, a budget
:math:`K` buys any :math:`(N, D)` on the curve

.. math:: 6ND + c_D\,D = K \quad\Longleftrightarrow\quad D = \frac{K}{6N + c_D},

and the best split minimises the loss :math:`L(N, D)` of a joint law along that curve (Chinchilla's
form by default, or any fitted law with ``predict(n_params, n_tokens)``).
With :math:`c_D = 0` it is the compute-optimal split; as :math:`c_D` grows, the best split uses
fewer tokens and a larger model (the model is the cheaper way to lower the loss).  This is a cost
model for the course's exercises and widget, not a published result.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_positive_array, broadcast, chinchilla_constants, to_output
from scaling_lab.laws.joint import chinchilla_loss
from scaling_lab.reference.hoffmann import HOFFMANN_2022

optimize = lazy_module("scipy.optimize")

__all__ = ["CostAllocation", "cost_optimal_allocation", "iso_cost_tokens", "joint_loss_function"]


class CostAllocation(NamedTuple):
    """The loss-minimising split of a budget when data has a price.

    ``compute_flops`` is :math:`6ND` and ``data_cost_flops`` :math:`c_D D`; they add up to the budget.
    """

    n_params: float | np.ndarray
    n_tokens: float | np.ndarray
    loss: float | np.ndarray
    compute_flops: float | np.ndarray
    data_cost_flops: float | np.ndarray


def iso_cost_tokens(n_params, budget_flops, token_cost_flops=0.0):
    r"""Tokens a budget leaves for a model of ``n_params``: :math:`D = K / (6N + c_D)`.

    Parameters
    ----------
    n_params : array_like
        Model size N, > 0.
    budget_flops : array_like
        Budget :math:`K` in FLOP-equivalents, > 0.
    token_cost_flops : array_like, optional
        Price :math:`c_D \ge 0` of one training token, in FLOP-equivalents (0: compute only, the
        IsoFLOP curve :math:`D = C/6N`).
    """
    n = as_positive_array(n_params, "n_params")
    k = as_positive_array(budget_flops, "budget_flops")
    c = as_positive_array(token_cost_flops, "token_cost_flops", allow_zero=True)
    n, k, c = broadcast(n_params=n, budget_flops=k, token_cost_flops=c)
    return to_output(k / (6.0 * n + c))


def joint_loss_function(params):
    """``loss(n_params, n_tokens)`` for a fitted joint law (its ``predict``) or Chinchilla-form constants.

    ``params`` is a fit result with ``predict(n_params, n_tokens)`` (e.g.
    :class:`~scaling_lab.fitting.joint.KaplanJointFit`, :class:`~scaling_lab.chinchilla.ChinchillaFit`),
    or any object with ``E, A, B, alpha, beta`` (:func:`scaling_lab.laws.chinchilla_loss`).
    """
    predict = getattr(params, "predict", None)
    if callable(predict):
        return predict
    chinchilla_constants(params)  # validate once

    def loss(n_params, n_tokens):
        return chinchilla_loss(n_params, n_tokens, params)

    return loss


def _best_split(budget, token_cost, loss):
    upper = math.log(budget / 6.0)  # N at which a single token is left (with c_D = 0)

    def loss_at(log_n):
        n = math.exp(log_n)
        return float(loss(n, budget / (6.0 * n + token_cost)))

    result = optimize.minimize_scalar(loss_at, bounds=(upper - 80.0, upper), method="bounded",
                                      options={"xatol": 1e-10, "maxiter": 500})
    n = math.exp(result.x)
    d = budget / (6.0 * n + token_cost)
    return n, d, float(result.fun), 6.0 * n * d, token_cost * d


def cost_optimal_allocation(budget_flops, token_cost_flops, params=HOFFMANN_2022) -> CostAllocation:
    r"""Model size and tokens that minimise :math:`L(N, D)` at a total cost :math:`6ND + c_D D = K`.

    .. math::
        (N^*, D^*) = \arg\min_{N}\; L\!\left(N, \frac{K}{6N + c_D}\right), \qquad
        L(N, D) = E + \frac{A}{N^\alpha} + \frac{B}{D^\beta} \text{ (by default)}

    For the Chinchilla form the loss along the cost curve is convex in :math:`\log N`, so a bounded
    one-dimensional search finds the optimum; for another law it finds a local one.  With ``token_cost_flops = 0`` this is Hoffmann et al.'s (2022) compute-optimal
    split (eq. 4; :func:`~scaling_lab.allocation.optimal_split`).

    Parameters
    ----------
    budget_flops : array_like
        Budget :math:`K` in FLOP-equivalents, > 6.
    token_cost_flops : array_like
        Price :math:`c_D \ge 0` of one training token in FLOP-equivalents (broadcast with the budget).
    params : optional
        Anything with ``E, A, B, alpha, beta`` (default: Hoffmann et al. 2022, eq. 10), or a fitted
        joint law with ``predict(n_params, n_tokens)`` (:func:`joint_loss_function`).

    Returns
    -------
    CostAllocation
        ``n_params``, ``n_tokens``, ``loss``, ``compute_flops`` and ``data_cost_flops``.
    """
    k = as_positive_array(budget_flops, "budget_flops")
    if np.any(k <= 6.0):
        raise ValueError(f"budget_flops must be > 6 (one token for one parameter); got min {k.min()!r}")
    c = as_positive_array(token_cost_flops, "token_cost_flops", allow_zero=True)
    k, c = broadcast(budget_flops=k, token_cost_flops=c)
    loss = joint_loss_function(params)
    rows = [_best_split(float(kk), float(cc), loss) for kk, cc in zip(np.ravel(k), np.ravel(c))]
    columns = (np.array(col).reshape(np.shape(k)) for col in zip(*rows))
    return CostAllocation(*(to_output(col) for col in columns))
