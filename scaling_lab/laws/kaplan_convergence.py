r"""Why training to convergence wastes compute: Kaplan et al.'s (2020) Appendix B.2-B.3.

With :math:`L(N, S) = (N_c/N)^{\alpha_N} + (S_c/S)^{\alpha_S}` (eq. B.1, steps at the critical batch),
a model of size N converges to :math:`L(N, \infty) = (N_c/N)^{\alpha_N}`. Training it until
:math:`L = (1 + f)\, L(N, \infty)` (the *convergence factor* f, eq. B.11) reaches a loss L; the most
compute-efficient model for that loss stops at :math:`f = \alpha_N/\alpha_S \approx 10\%` (eq. B.5).
Kaplan et al., "Scaling Laws for Neural Language Models", arXiv:2001.08361; constants from Table 3
(:data:`~scaling_lab.reference.KAPLAN_2020_LOSS_NS`). The compute itself is
:func:`scaling_lab.laws.kaplan_compute_to_loss` (eq. B.15).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._validate import as_positive_array, broadcast, param_value, to_output
from scaling_lab.reference.compute_budgets import KAPLAN_2020_NEAR_CONVERGENCE
from scaling_lab.reference.kaplan import KAPLAN_2020_LOSS_NS

__all__ = ["kaplan_efficient_convergence", "kaplan_converged_size", "ConvergenceRatios", "kaplan_convergence_ratios"]


def kaplan_efficient_convergence(*, params=KAPLAN_2020_LOSS_NS) -> float:
    r"""The convergence factor of compute-efficient training, :math:`f = \alpha_N/\alpha_S` (Kaplan et al. 2020, eq. B.5).

    .. math:: L\bigl(N_{\rm eff}(C), C\bigr) = \Bigl(1 + \frac{\alpha_N}{\alpha_S}\Bigr) L(N_{\rm eff}, \infty)

    "for compute-efficient training, we should train to a fixed percentage
    :math:`\alpha_N/\alpha_S \approx 10\%` above the converged loss" (App. B.2). 0.101 with Table 3's
    :math:`\alpha_N = 0.077`, :math:`\alpha_S = 0.76`. ``params`` is anything with ``alpha_n`` and ``alpha_s``.
    """
    return param_value(params, "alpha_n") / param_value(params, "alpha_s")


def kaplan_converged_size(loss, *, convergence=0.0, params=KAPLAN_2020_LOSS_NS):
    r"""The model size that reaches ``loss`` when trained to within a fraction f of its converged loss.

    .. math:: L = (1 + f)\Bigl(\frac{N_c}{N}\Bigr)^{\alpha_N} \quad\Longrightarrow\quad
              N = N_c \Bigl(\frac{1 + f}{L}\Bigr)^{1/\alpha_N}

    (Kaplan et al. 2020, eq. B.11 with :math:`L(N, \infty) = (N_c/N)^{\alpha_N}` from eq. B.1). With
    ``convergence=0`` this is the model whose converged loss is L; with
    :func:`kaplan_efficient_convergence` it is the compute-efficient size :math:`N_{\rm eff}(L)`, the
    minimum over N of :func:`~scaling_lab.laws.kaplan_compute_to_loss`.

    Parameters
    ----------
    loss : array_like
        Target loss L (nats per token), > 0.
    convergence : array_like, optional
        Convergence factor f >= 0 (default 0: trained to convergence); broadcast with ``loss``.
    params : object, optional
        Anything with ``n_c`` and ``alpha_n``; default Table 3.
    """
    target = as_positive_array(loss, "loss")
    f = as_positive_array(convergence, "convergence", allow_zero=True)
    target, f = broadcast(loss=target, convergence=f)
    n_c, alpha_n = param_value(params, "n_c"), param_value(params, "alpha_n")
    return to_output(n_c * ((1.0 + f) / target) ** (1.0 / alpha_n))


class ConvergenceRatios(NamedTuple):
    """Size, steps and compute of one way of reaching a loss, relative to another."""

    n_ratio: float | np.ndarray
    steps_ratio: float | np.ndarray
    compute_ratio: float | np.ndarray


def kaplan_convergence_ratios(convergence=None, reference=KAPLAN_2020_NEAR_CONVERGENCE, *,
                              params=KAPLAN_2020_LOSS_NS) -> ConvergenceRatios:
    r"""Reach one loss two ways, stopping at convergence factors f and f' (Kaplan et al. 2020, eqs. B.12-B.14).

    .. math:: \frac{N_f}{N_{f'}} = \Bigl(\frac{1+f}{1+f'}\Bigr)^{1/\alpha_N}, \qquad
              \frac{S_f}{S_{f'}} = \Bigl(\frac{1 + 1/f}{1 + 1/f'}\Bigr)^{1/\alpha_S}, \qquad
              \frac{C_f}{C_{f'}} = \frac{N_f}{N_{f'}}\,\frac{S_f}{S_{f'}}

    The same for every loss. With the compute-efficient :math:`f = \alpha_N/\alpha_S` against Kaplan et
    al.'s "typical" :math:`f' = 2\%`: 2.7, 0.13 and 0.35 ("7.7x fewer parameter updates, 2.7x more
    parameters, and 65% less compute to reach the same loss", App. B.3).

    Parameters
    ----------
    convergence : array_like, optional
        f > 0; default :func:`kaplan_efficient_convergence`.
    reference : array_like, optional
        f' > 0; default 0.02 (:data:`~scaling_lab.reference.KAPLAN_2020_NEAR_CONVERGENCE`).
    params : object, optional
        Anything with ``alpha_n`` and ``alpha_s``; default Table 3.
    """
    alpha_n, alpha_s = param_value(params, "alpha_n"), param_value(params, "alpha_s")
    f = as_positive_array(alpha_n / alpha_s if convergence is None else convergence, "convergence")
    f_ref = as_positive_array(reference, "reference")
    f, f_ref = broadcast(convergence=f, reference=f_ref)
    n_ratio = ((1.0 + f) / (1.0 + f_ref)) ** (1.0 / alpha_n)
    steps_ratio = ((1.0 + 1.0 / f) / (1.0 + 1.0 / f_ref)) ** (1.0 / alpha_s)
    return ConvergenceRatios(to_output(n_ratio), to_output(steps_ratio), to_output(n_ratio * steps_ratio))
