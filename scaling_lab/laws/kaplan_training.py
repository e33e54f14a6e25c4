r"""Kaplan et al.'s (2020) laws of training time: batch size, steps, and the price of a wrong model size.

Kaplan et al., "Scaling Laws for Neural Language Models", arXiv:2001.08361, §5.1 (eqs. 5.1-5.5),
§5.2 (eq. 5.6) and Appendix B.4 (eqs. B.15-B.17, Figure 12). Model size counts non-embedding
parameters; steps are optimiser steps; a batch is measured in tokens.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._validate import as_positive_array, as_positive_scalar, broadcast, param_value, to_output
from scaling_lab.reference.kaplan import KAPLAN_2020_CRITICAL_BATCH, KAPLAN_2020_LOSS_NS

__all__ = [
    "StepsExamples", "steps_examples_tradeoff", "minimum_steps", "minimum_compute", "kaplan_compute_to_loss",
    "SizePenalty", "kaplan_size_penalty", "kaplan_loss_at_batch", "kaplan_loss_after_steps",
]


class StepsExamples(NamedTuple):
    """Steps and examples needed to reach one loss at a batch size, and the critical batch."""

    n_steps: float | np.ndarray
    n_examples: float | np.ndarray
    critical_batch: float | np.ndarray


def steps_examples_tradeoff(batch_size, min_steps, min_examples) -> StepsExamples:
    r"""Steps and examples to reach a fixed loss at batch size B (Kaplan et al. 2020, eqs. 5.1-5.2).

    Training to any fixed loss, the steps :math:`S` and the examples processed :math:`D = BS` obey
    (the paper writes :math:`E`; the book keeps :math:`E` for the irreducible loss)

    .. math:: \left(\frac{S}{S_{\min}} - 1\right)\left(\frac{D}{D_{\min}} - 1\right) = 1, \qquad
              B_{\rm crit} = \frac{D_{\min}}{S_{\min}}

    (eq. 5.1, from McCandlish et al. 2018; eq. 5.2), so at batch :math:`B`

    .. math:: S = S_{\min}\Bigl(1 + \frac{B_{\rm crit}}{B}\Bigr), \qquad
              D = D_{\min}\Bigl(1 + \frac{B}{B_{\rm crit}}\Bigr).

    A batch far below :math:`B_{\rm crit}` spends few examples but many steps; far above, few steps
    and many examples; :math:`B = B_{\rm crit}` takes :math:`2 S_{\min}` steps and
    :math:`2 D_{\min}` examples, "a roughly optimal time/compute tradeoff" (§5.1).

    Parameters
    ----------
    batch_size : array_like
        Batch size :math:`B`, > 0 (in the units of the examples, e.g. tokens).
    min_steps, min_examples : array_like
        :math:`S_{\min}` (steps at :math:`B \gg B_{\rm crit}`) and :math:`E_{\min}` (examples at
        :math:`B \ll B_{\rm crit}`), > 0; all three broadcast together.
    """
    b = as_positive_array(batch_size, "batch_size")
    s_min = as_positive_array(min_steps, "min_steps")
    e_min = as_positive_array(min_examples, "min_examples")
    b, s_min, e_min = broadcast(batch_size=b, min_steps=s_min, min_examples=e_min)
    b_crit = e_min / s_min
    return StepsExamples(to_output(s_min * (1.0 + b_crit / b)), to_output(e_min * (1.0 + b / b_crit)),
                         to_output(b_crit))


def _critical(loss, critical_batch):
    return param_value(critical_batch, "b_star", "critical_batch") / loss ** (
        1.0 / param_value(critical_batch, "alpha_b", "critical_batch"))


def minimum_steps(n_steps, batch_size, loss, *, critical_batch=KAPLAN_2020_CRITICAL_BATCH):
    r"""Steps a run would need at a batch far above critical (Kaplan et al. 2020, eq. 5.4).

    .. math:: S_{\min}(S) = \frac{S}{1 + B_{\rm crit}(L)/B}, \qquad B_{\rm crit}(L) = \frac{B_*}{L^{1/\alpha_B}}

    (eq. 5.3; Table 5: :math:`B_* = 2.1\times10^8` tokens, :math:`\alpha_B = 0.21`). ``n_steps`` were
    taken at ``batch_size`` tokens to reach ``loss``; ``critical_batch`` is anything with ``b_star``
    and ``alpha_b``.
    """
    s = as_positive_array(n_steps, "n_steps")
    b = as_positive_array(batch_size, "batch_size")
    loss = as_positive_array(loss, "loss")
    s, b, loss = broadcast(n_steps=s, batch_size=b, loss=loss)
    return to_output(s / (1.0 + _critical(loss, critical_batch) / b))


def minimum_compute(compute_flops, batch_size, loss, *, critical_batch=KAPLAN_2020_CRITICAL_BATCH):
    r"""Compute a run would need at a batch far below critical (Kaplan et al. 2020, eq. 5.5).

    .. math:: C_{\min}(C) = \frac{C}{1 + B/B_{\rm crit}(L)}, \qquad C = 6NBS

    ``compute_flops`` were spent at ``batch_size`` tokens to reach ``loss``.
    """
    c = as_positive_array(compute_flops, "compute_flops")
    b = as_positive_array(batch_size, "batch_size")
    loss = as_positive_array(loss, "loss")
    c, b, loss = broadcast(compute_flops=c, batch_size=b, loss=loss)
    return to_output(c / (1.0 + b / _critical(loss, critical_batch)))


def _ns_constants(params):
    return (param_value(params, "n_c"), param_value(params, "s_c"),
            param_value(params, "alpha_n"), param_value(params, "alpha_s"))


def kaplan_compute_to_loss(n_params, loss, *, params=KAPLAN_2020_LOSS_NS, critical_batch=KAPLAN_2020_CRITICAL_BATCH):
    r"""Least compute for a model of N parameters to reach a loss (Kaplan et al. 2020, eq. B.15).

    With :math:`L(N, S_{\min})` (eq. 5.6) solved for the steps and :math:`C_{\min} = 6 N B_{\rm crit}
    S_{\min}` (§6.1),

    .. math:: C(N, L) = \frac{6 B_* S_c N}{L^{1/\alpha_B}}
              \Bigl(L - \Bigl(\frac{N_c}{N}\Bigr)^{\alpha_N}\Bigr)^{-1/\alpha_S}

    in FLOPs (batch :math:`B_*` in tokens). ``inf`` where the model cannot reach ``loss`` at all
    (:math:`L \le (N_c/N)^{\alpha_N}`). Constants: Table 3 (``params``, anything with ``n_c, s_c,
    alpha_n, alpha_s``) and eq. 5.3 (``critical_batch``).
    """
    n = as_positive_array(n_params, "n_params")
    loss = as_positive_array(loss, "loss")
    n, loss = broadcast(n_params=n, loss=loss)
    n_c, s_c, a_n, a_s = _ns_constants(params)
    gap = loss - (n_c / n) ** a_n
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.where(gap > 0, s_c * np.where(gap > 0, gap, 1.0) ** (-1.0 / a_s), np.inf)
    return to_output(6.0 * n * _critical(loss, critical_batch) * steps)


class SizePenalty(NamedTuple):
    """Compute and steps needed by a model of the wrong size, relative to the most efficient one."""

    compute_ratio: float | np.ndarray
    steps_ratio: float | np.ndarray


def kaplan_size_penalty(size_ratio, *, params=KAPLAN_2020_LOSS_NS) -> SizePenalty:
    r"""The price of a wrong model size at fixed loss (Kaplan et al. 2020, eqs. B.16-B.17, Figure 12).

    Minimising eq. B.15 over N at fixed loss gives the most efficient size :math:`N_{\rm eff}(L)`,
    where :math:`L = (1 + \alpha_N/\alpha_S)(N_c/N_{\rm eff})^{\alpha_N}`. A model
    :math:`N = k N_{\rm eff}` reaches the same loss with

    .. math::
        \frac{C(N, N_{\rm eff})}{C(N_{\rm eff}, N_{\rm eff})} = k\Bigl[1 + \frac{\alpha_S}{\alpha_N}
            \bigl(1 - k^{-\alpha_N}\bigr)\Bigr]^{-1/\alpha_S}, \qquad
        \frac{S(N, N_{\rm eff})}{S(N_{\rm eff}, N_{\rm eff})} = \Bigl[1 + \frac{\alpha_S}{\alpha_N}
            \bigl(1 - k^{-\alpha_N}\bigr)\Bigr]^{-1/\alpha_S}

    (eqs. B.16 and B.17; the same for every loss). Kaplan et al.: "Models between 0.6x and 2.2x the
    optimal size can be used with only a 20% increase in compute budget", and "A 2.2x larger model
    requires 45% fewer steps at a cost of 20% more training compute" (App. B.4). With Table 3's
    :math:`\alpha_N = 0.077`, :math:`\alpha_S = 0.76`: 1.20 and 0.55 at k = 2.2, 1.17 at k = 0.6.

    Parameters
    ----------
    size_ratio : array_like
        :math:`k = N/N_{\rm eff}`, > 0. Below :math:`k_{\min}`, where the bracket reaches 0, the
        model can never reach the loss: ``inf``.
    params : object, optional
        Anything with ``alpha_n`` and ``alpha_s``; default Table 3 (``KAPLAN_2020_LOSS_NS``).
    """
    k = as_positive_array(size_ratio, "size_ratio")
    a_n, a_s = param_value(params, "alpha_n"), param_value(params, "alpha_s")
    bracket = 1.0 + (a_s / a_n) * (1.0 - k ** (-a_n))
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.where(bracket > 0, np.where(bracket > 0, bracket, 1.0) ** (-1.0 / a_s), np.inf)
    return SizePenalty(to_output(k * steps), to_output(steps))


def kaplan_loss_after_steps(loss_floor, n_steps, batch_size, *, s_c, alpha_s,
                            critical_batch=KAPLAN_2020_CRITICAL_BATCH):
    r"""Loss after S steps at batch size B above a given converged loss: eq. 5.6 with eq. 5.4 (Kaplan et al. 2020).

    .. math:: L = L_\infty + \Bigl(\frac{S_c}{S_{\min}}\Bigr)^{\alpha_S},
              \qquad S_{\min} = \frac{S}{1 + B_{\rm crit}(L)/B}

    :func:`kaplan_loss_at_batch` is this law with :math:`L_\infty = (N_c/N)^{\alpha_N}`; a training
    curve fitted with its own floor and step constants (:func:`~scaling_lab.predict_final_loss`) uses
    it directly.  The loss is on both sides (through :math:`B_{\rm crit}(L) = B_*/L^{1/\alpha_B}`);
    the root is unique and found by bisection in :math:`\log L` to machine precision.

    Parameters
    ----------
    loss_floor : array_like
        :math:`L_\infty`, the loss after infinitely many steps, >= 0.
    n_steps, batch_size : array_like
        Steps taken S and batch size B (tokens), > 0.
    s_c, alpha_s : float
        The step constants :math:`S_c` and :math:`\alpha_S` (> 0).
    critical_batch : object, optional
        :math:`B_*` and :math:`\alpha_B` of eq. 5.3.

    Returns
    -------
    float or numpy.ndarray
    """
    floor = as_positive_array(loss_floor, "loss_floor", allow_zero=True)
    steps = as_positive_array(n_steps, "n_steps")
    batch = as_positive_array(batch_size, "batch_size")
    floor, steps, batch = broadcast(loss_floor=floor, n_steps=steps, batch_size=batch)
    s_c = as_positive_scalar(s_c, "s_c")
    alpha_s = as_positive_scalar(alpha_s, "alpha_s")
    low = np.array(floor, dtype=float)
    # The step term falls as L rises (B_crit(L) falls), so the root lies between L_inf and L_inf + term(L_inf).
    high = low + (s_c * (1.0 + _critical(low, critical_batch) / batch) / steps) ** alpha_s
    for _ in range(100):
        mid = np.sqrt(low * high)
        s_min = steps / (1.0 + _critical(mid, critical_batch) / batch)
        above = mid > floor + (s_c / s_min) ** alpha_s
        high = np.where(above, mid, high)
        low = np.where(above, low, mid)
    return to_output(np.sqrt(low * high))


def kaplan_loss_at_batch(n_params, n_steps, batch_size, *, params=KAPLAN_2020_LOSS_NS,
                         critical_batch=KAPLAN_2020_CRITICAL_BATCH):
    r"""Loss after S steps at a fixed batch size: eq. 5.6 with the step count of eq. 5.4 (Kaplan et al. 2020).

    .. math:: L = \Bigl(\frac{N_c}{N}\Bigr)^{\alpha_N} + \Bigl(\frac{S_c}{S_{\min}}\Bigr)^{\alpha_S},
              \qquad S_{\min} = \frac{S}{1 + B_{\rm crit}(L)/B}

    The loss appears on both sides (through :math:`B_{\rm crit}(L) = B_*/L^{1/\alpha_B}`); the root
    is unique and found by bisection to machine precision. This is a training curve in the power-law
    region, after the warm-up. Constants: Table 3 (``params``) and eq. 5.3 (``critical_batch``).

    Parameters
    ----------
    n_params, n_steps, batch_size : array_like
        Non-embedding parameters N, optimiser steps S and tokens per step B, > 0; broadcast together.
    """
    n = as_positive_array(n_params, "n_params")
    s = as_positive_array(n_steps, "n_steps")
    b = as_positive_array(batch_size, "batch_size")
    n, s, b = broadcast(n_params=n, n_steps=s, batch_size=b)
    n_c, s_c, a_n, a_s = _ns_constants(params)
    _critical(1.0, critical_batch)  # validate the constants once
    return kaplan_loss_after_steps((n_c / n) ** a_n, s, b, s_c=s_c, alpha_s=a_s, critical_batch=critical_batch)
