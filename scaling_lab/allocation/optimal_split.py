r"""How to split a compute budget between model size and data.

Under the Chinchilla law :math:`L(N, D) = E + A/N^{\alpha} + B/D^{\beta}` and
:math:`C = 6ND`, the loss-minimising split has a closed form (Hoffmann et al.
2022, eq. 4).  This module gives that split, the IsoFLOP curve it minimises,
Kaplan et al.'s (2020) older allocation, and a report of how far a real model
sits from the optimum.

Worked examples (eq. 10 constants, :data:`~scaling_lab.reference.HOFFMANN_2022`)::

    >>> from scaling_lab.allocation.optimal_split import allocation_gap
    >>> gpt3 = allocation_gap(175e9, 300e9)       # GPT-3: 175B params, 300B tokens
    >>> round(gpt3.tokens_per_param, 2), round(gpt3.n_ratio, 1)
    (1.71, 7.1)
    >>> gopher = allocation_gap(280e9, 300e9)     # Gopher
    >>> chinchilla = allocation_gap(70e9, 1.4e12)  # Chinchilla, similar compute
    >>> round(gopher.excess_loss, 3), round(chinchilla.excess_loss, 3)
    (0.058, 0.007)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._validate import as_positive_array, broadcast, param_value, to_output
from scaling_lab.laws.joint import chinchilla_frontier, chinchilla_loss
from scaling_lab.reference.hoffmann import HOFFMANN_2022
from scaling_lab.reference.kaplan import KAPLAN_2020_COMPUTE_EFFICIENT, PF_DAY_FLOPS

__all__ = [
    "Allocation", "compute_optimal", "isoflop_curve", "kaplan_allocation",
    "tokens_per_parameter", "optimal_tokens_per_parameter", "AllocationGap", "allocation_gap",
]


class Allocation(NamedTuple):
    """A split of a compute budget: model size ``n_opt`` and training tokens ``d_opt``."""

    n_opt: float | np.ndarray
    d_opt: float | np.ndarray


def compute_optimal(compute_flops, params=HOFFMANN_2022):
    r"""Compute-optimal model size and tokens (Hoffmann et al. 2022, eq. 4).

    Minimising :math:`L(N, D)` subject to :math:`6ND = C` gives

    .. math::
       N_{\rm opt}(C) = G \left(\frac{C}{6}\right)^{a}, \qquad
       D_{\rm opt}(C) = G^{-1} \left(\frac{C}{6}\right)^{b}, \qquad
       G = \left(\frac{\alpha A}{\beta B}\right)^{\frac{1}{\alpha+\beta}},\quad
       a = \frac{\beta}{\alpha+\beta},\quad b = \frac{\alpha}{\alpha+\beta}

    so :math:`6 N_{\rm opt} D_{\rm opt} = C` exactly.  The constants come from
    :func:`~scaling_lab.laws.chinchilla_frontier`.

    Parameters
    ----------
    compute_flops : array_like
        Training compute :math:`C` in FLOPs, > 0.  (The old keyword ``compute=``
        still works.)
    params : object, optional
        Anything with ``A, B, alpha, beta`` (published constants or a fit result).

    Returns
    -------
    Allocation
        ``(n_opt, d_opt)``; unpacks like a tuple.
    """
    c = as_positive_array(compute_flops, "compute_flops")
    g, a, b = chinchilla_frontier(params)
    return Allocation(to_output(g * (c / 6.0) ** a), to_output((c / 6.0) ** b / g))


def isoflop_curve(n_params, compute_flops, params=HOFFMANN_2022):
    r"""Loss along an IsoFLOP profile: :math:`L(N \mid C) = L(N, C/(6N))` (Hoffmann et al. 2022, sec. 3.2).

    Each model size gets the tokens the budget allows, :math:`D = C/(6N)`,
    and the Chinchilla law (eq. 10, or ``params``) gives its loss.  The
    minimum over ``n_params`` is :func:`compute_optimal`.

    Parameters
    ----------
    n_params : array_like
        Model sizes :math:`N`, > 0.
    compute_flops : array_like
        Budget :math:`C` in FLOPs, > 0; broadcast against ``n_params``.
    params : object, optional
        Anything with ``E, A, B, alpha, beta``.
    """
    n = as_positive_array(n_params, "n_params")
    c = as_positive_array(compute_flops, "compute_flops")
    n, c = broadcast(n_params=n, compute_flops=c)
    return chinchilla_loss(n, c / (6.0 * n), params)


def kaplan_allocation(compute_flops, *, params=KAPLAN_2020_COMPUTE_EFFICIENT):
    r"""Kaplan et al.'s (2020) compute-efficient split, for comparison with Chinchilla.

    .. math::
       N(C) = 1.3\times10^{9} \left(\frac{C}{8.64\times10^{19}}\right)^{0.73}, \qquad
       D(C) = \frac{C}{6 N(C)} \propto C^{0.27}

    :math:`N(C)` is Table 6 with the budget converted from FLOPs to PF-days.
    Tokens are set so the whole budget is spent (:math:`6ND = C`), as in
    :func:`compute_optimal`, so both rules can be compared at equal compute.
    Kaplan's :math:`N` counts non-embedding parameters and his :math:`C_{\min}`
    assumes a batch far below critical; this simple conversion ignores both.
    ``params`` is anything with an ``n_opt`` row (``scale``, ``exponent``).

    Returns
    -------
    Allocation
        ``(n_opt, d_opt)``.
    """
    c = as_positive_array(compute_flops, "compute_flops")
    row = getattr(params, "n_opt", None)
    if row is None:
        raise ValueError(f"params must have an attribute 'n_opt'; got {params!r}")
    n = param_value(row, "scale", "params.n_opt") * (c / PF_DAY_FLOPS) ** param_value(row, "exponent", "params.n_opt")
    return Allocation(to_output(n), to_output(c / (6.0 * n)))


def tokens_per_parameter(n_params, n_tokens):
    r"""Training tokens per parameter, :math:`D / N`.

    Chinchilla (70B, 1.4T) used 20; GPT-3 (175B, 300B) used about 1.7.
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    n, d = broadcast(n_params=n, n_tokens=d)
    return to_output(d / n)


def optimal_tokens_per_parameter(compute_flops, params=HOFFMANN_2022):
    r"""Compute-optimal tokens per parameter, :math:`D_{\rm opt}/N_{\rm opt} = G^{-2} (C/6)^{b-a}`.

    From eq. 4 of Hoffmann et al. (2022). Constant in :math:`C` only when
    :math:`\alpha = \beta`; with eq. 10's :math:`\alpha > \beta` it grows slowly
    with compute.
    """
    n_opt, d_opt = compute_optimal(compute_flops, params)
    return to_output(np.asarray(d_opt) / np.asarray(n_opt))


class AllocationGap(NamedTuple):
    """How far a (model size, tokens) choice sits from the compute-optimal one at the same compute."""

    compute_flops: float | np.ndarray
    n_params: float | np.ndarray
    n_tokens: float | np.ndarray
    n_opt: float | np.ndarray
    d_opt: float | np.ndarray
    loss: float | np.ndarray
    optimal_loss: float | np.ndarray
    excess_loss: float | np.ndarray
    n_ratio: float | np.ndarray
    d_ratio: float | np.ndarray
    tokens_per_param: float | np.ndarray


def allocation_gap(n_params, n_tokens, params=HOFFMANN_2022):
    r"""Loss left on the table by a model-size/data choice (Hoffmann et al. 2022, eqs. 4 and 10).

    With :math:`C = 6ND`, the compute-optimal split :math:`(N_{\rm opt}, D_{\rm opt})`
    of the same budget reaches a lower loss; the difference is

    .. math:: \Delta L = L(N, D) - L(N_{\rm opt}, D_{\rm opt}) \ge 0.

    Parameters
    ----------
    n_params, n_tokens : array_like
        The model size :math:`N` and training tokens :math:`D` actually used.
    params : object, optional
        Anything with ``E, A, B, alpha, beta``.

    Returns
    -------
    AllocationGap
        ``compute_flops`` (6ND), ``n_opt``, ``d_opt``, ``loss``, ``optimal_loss``,
        ``excess_loss``, ``n_ratio`` (:math:`N/N_{\rm opt}`), ``d_ratio``
        (:math:`D/D_{\rm opt}`) and ``tokens_per_param`` (:math:`D/N`).

    Examples
    --------
    GPT-3 (175B parameters, 300B tokens; Brown et al. 2020) is about 7 times
    larger than eq. 10 says is optimal for its compute, on 7 times too few tokens:

    >>> gap = allocation_gap(175e9, 300e9)
    >>> round(gap.n_ratio, 1), round(gap.d_ratio, 2), round(gap.excess_loss, 3)
    (7.1, 0.14, 0.048)
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    n, d = broadcast(n_params=n, n_tokens=d)
    compute = 6.0 * n * d
    n_opt, d_opt = compute_optimal(compute, params)
    loss = chinchilla_loss(n, d, params)
    optimal = chinchilla_loss(n_opt, d_opt, params)
    return AllocationGap(
        compute_flops=to_output(compute), n_params=to_output(n), n_tokens=to_output(d),
        n_opt=to_output(n_opt), d_opt=to_output(d_opt), loss=to_output(loss), optimal_loss=to_output(optimal),
        excess_loss=to_output(np.asarray(loss) - np.asarray(optimal)),
        n_ratio=to_output(n / n_opt), d_ratio=to_output(d / d_opt), tokens_per_param=to_output(d / n),
    )
