r"""The laws of Kaplan et al. (2020), "Scaling Laws for Neural Language Models", arXiv:2001.08361.

Every function takes its constants as one keyword, ``params=``, defaulting to the
published values in :mod:`scaling_lab.reference.kaplan`.  Model size counts
non-embedding parameters, compute is in PF-days, losses are in nats per token.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._validate import as_positive_array, broadcast, param_value, to_output
from scaling_lab.reference.kaplan import (
    KAPLAN_2020_COMPUTE_EFFICIENT, KAPLAN_2020_CONTRADICTION, KAPLAN_2020_CRITICAL_BATCH, KAPLAN_2020_LOSS_CMIN,
    KAPLAN_2020_LOSS_D, KAPLAN_2020_LOSS_N, KAPLAN_2020_LOSS_ND, KAPLAN_2020_LOSS_NS,
)

__all__ = [
    "kaplan_loss_n", "kaplan_loss_d", "kaplan_loss_c", "kaplan_loss_nd", "kaplan_loss_ns",
    "critical_batch_size", "KaplanAllocation", "kaplan_compute_efficient",
    "ContradictionPoint", "kaplan_contradiction_point",
]


def _single_power_law(x, name, params):
    """(X_c / X)^alpha_X for a params object with ``scale`` and ``exponent``."""
    x = as_positive_array(x, name)
    scale = param_value(params, "scale")
    exponent = param_value(params, "exponent")
    return to_output((scale / x) ** exponent)


def kaplan_loss_n(n_params, *, params=KAPLAN_2020_LOSS_N):
    r"""Loss vs model size, trained to convergence on ample data (Kaplan et al. 2020, eq. 1.1, Table 5).

    .. math:: L(N) = (N_c / N)^{\alpha_N}, \quad N_c = 8.8\times10^{13},\ \alpha_N = 0.076

    Parameters
    ----------
    n_params : array_like
        Non-embedding parameters :math:`N`, > 0.
    params : object, optional
        Anything with ``scale`` (:math:`N_c`) and ``exponent`` (:math:`\alpha_N`);
        default :data:`~scaling_lab.reference.KAPLAN_2020_LOSS_N`.

    Returns
    -------
    float or ndarray
        Loss in nats/token.
    """
    return _single_power_law(n_params, "n_params", params)


def kaplan_loss_d(n_tokens, *, params=KAPLAN_2020_LOSS_D):
    r"""Loss vs dataset size for large models with early stopping (Kaplan et al. 2020, eq. 1.2, Table 5).

    .. math:: L(D) = (D_c / D)^{\alpha_D}, \quad D_c = 5.4\times10^{13},\ \alpha_D = 0.095

    ``params`` is anything with ``scale`` and ``exponent``.
    """
    return _single_power_law(n_tokens, "n_tokens", params)


def kaplan_loss_c(compute_pf_days, *, params=KAPLAN_2020_LOSS_CMIN):
    r"""Loss vs minimum compute, optimal allocation (Kaplan et al. 2020, eq. 1.3, Table 5).

    .. math:: L(C_{\min}) = (C_c^{\min} / C_{\min})^{\alpha_C^{\min}},
       \quad C_c^{\min} = 3.1\times10^{8}\ \text{PF-days},\ \alpha_C^{\min} = 0.050

    For the 'naive' fixed-batch fit of Table 5 pass
    ``params=KAPLAN_2020_LOSS_C_NAIVE``.  ``compute_pf_days`` is in PF-days
    (see :func:`~scaling_lab.laws.pf_days`).
    """
    return _single_power_law(compute_pf_days, "compute_pf_days", params)


def kaplan_loss_nd(n_params, n_tokens, *, params=KAPLAN_2020_LOSS_ND):
    r"""Joint loss vs model and data size (Kaplan et al. 2020, eq. 1.5, Table 2).

    .. math:: L(N, D) = \left[\left(\frac{N_c}{N}\right)^{\alpha_N/\alpha_D} + \frac{D_c}{D}\right]^{\alpha_D}

    Table 2 constants: :math:`N_c = 6.4\times10^{13}`, :math:`D_c = 1.8\times10^{13}`,
    :math:`\alpha_N = 0.076`, :math:`\alpha_D = 0.103`.  ``params`` is any object
    with ``n_c, d_c, alpha_n, alpha_d``.  There is no floor term: this is not the
    additive form of Hoffmann et al.
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    n, d = broadcast(n_params=n, n_tokens=d)
    n_c, d_c = param_value(params, "n_c"), param_value(params, "d_c")
    a_n, a_d = param_value(params, "alpha_n"), param_value(params, "alpha_d")
    return to_output(((n_c / n) ** (a_n / a_d) + d_c / d) ** a_d)


def kaplan_loss_ns(n_params, n_steps, *, params=KAPLAN_2020_LOSS_NS):
    r"""Loss vs model size and training steps (Kaplan et al. 2020, eq. 1.6, Table 3).

    .. math:: L(N, S_{\min}) = \left(\frac{N_c}{N}\right)^{\alpha_N} + \left(\frac{S_c}{S_{\min}}\right)^{\alpha_S}

    Table 3 constants: :math:`N_c = 6.5\times10^{13}`, :math:`S_c = 2.1\times10^{3}`,
    :math:`\alpha_N = 0.077`, :math:`\alpha_S = 0.76`.  ``n_steps`` is
    :math:`S_{\min}`, the step count at a batch size well above critical.
    """
    n = as_positive_array(n_params, "n_params")
    s = as_positive_array(n_steps, "n_steps")
    n, s = broadcast(n_params=n, n_steps=s)
    n_c, s_c = param_value(params, "n_c"), param_value(params, "s_c")
    a_n, a_s = param_value(params, "alpha_n"), param_value(params, "alpha_s")
    return to_output((n_c / n) ** a_n + (s_c / s) ** a_s)


def critical_batch_size(loss, *, params=KAPLAN_2020_CRITICAL_BATCH):
    r"""Critical batch size in tokens (Kaplan et al. 2020, eq. 1.4, Table 5).

    .. math:: B_{\rm crit}(L) = \frac{B_*}{L^{1/\alpha_B}}, \quad \alpha_B = 0.21

    The default :math:`B_* = 2.1\times10^8` tokens is Table 5's value; eq. 1.4
    in the main text rounds it to :math:`\sim 2\times10^8`
    (``KAPLAN_2020_B_STAR_EQ_1_4``).  ``params`` is anything with ``b_star``
    and ``alpha_b``.
    """
    loss = as_positive_array(loss, "loss")
    b_star = param_value(params, "b_star")
    alpha_b = param_value(params, "alpha_b")
    return to_output(b_star / loss ** (1.0 / alpha_b))


class KaplanAllocation(NamedTuple):
    """Compute-efficient training at a budget (Kaplan et al. 2020, Table 6)."""

    n_opt: float | np.ndarray
    batch_size: float | np.ndarray
    s_min: float | np.ndarray
    d_opt: float | np.ndarray


def kaplan_compute_efficient(compute_pf_days, *, params=KAPLAN_2020_COMPUTE_EFFICIENT):
    r"""Model size, batch, steps and data for a compute budget (Kaplan et al. 2020, Table 6).

    .. math:: N_{\rm opt} = 1.3\times10^{9}\, C_{\min}^{0.73},\quad
              B = 2.0\times10^{6}\, C_{\min}^{0.24},\quad
              S_{\min} = 5.4\times10^{3}\, C_{\min}^{0.03},\quad
              D_{\rm opt} = 2\times10^{10}\, C_{\min}^{0.27}

    with :math:`C_{\min}` in PF-days.  The first three exponents sum to one, so
    :math:`6 N B S_{\min} \approx C_{\min}`; training at :math:`B = B_{\rm crit}`
    takes :math:`S = 2 S_{\min}` steps, hence :math:`D_{\rm opt} \approx 2 B S_{\min}`.
    ``params`` is anything with ``n_opt, batch_size, s_min, d_opt``, each with
    ``scale`` and ``exponent``.
    """
    c = as_positive_array(compute_pf_days, "compute_pf_days")
    rows = [getattr(params, name, None) for name in KaplanAllocation._fields]
    if any(row is None for row in rows):
        raise ValueError(f"params must have attributes {KaplanAllocation._fields}; got {params!r}")
    return KaplanAllocation(*(to_output(param_value(row, "scale", "params")
                                        * c ** param_value(row, "exponent", "params")) for row in rows))


class ContradictionPoint(NamedTuple):
    """Where Kaplan's L(C_min) and L(D(C_min)) trends cross (Kaplan et al. 2020, sec. 6.3)."""

    compute_pf_days: float
    n_params: float
    n_tokens: float
    loss: float


def kaplan_contradiction_point(*, params=KAPLAN_2020_CONTRADICTION):
    r"""Compute at which Kaplan's compute trend would beat its own data limit (sec. 6.3, eqs. 6.7-6.8).

    Compute-efficient training at the critical batch size, for one epoch, uses
    :math:`D(C_{\min}) \approx 4\times10^{10}\,C_{\min}^{0.26}` tokens (eq. 6.7,
    :math:`C_{\min}` in PF-days).  The loss reachable with that much data,
    :math:`L(D(C)) = (D_c/D(C))^{\alpha_D}` (eq. 1.2), then falls as
    :math:`C^{-0.26 \times 0.095} = C^{-0.025}` (the paper rounds it to
    :math:`C^{-0.03}`), slower than :math:`L(C_{\min}) = (C_c/C)^{0.050}`
    (eq. 1.3), so the two trends must cross.  With :math:`D(C) = s_D C^{p_D}`,
    setting them equal gives

    .. math:: \ln C^* = \frac{\alpha_D \ln(D_c/s_D) - \alpha_C \ln C_c}{\alpha_D p_D - \alpha_C}

    and :math:`N^*` follows from Table 6's :math:`N = 1.3\times10^9 C^{0.73}`,
    :math:`D^* = D(C^*)`.  Kaplan et al. quote :math:`C^* \sim 10^4` PF-days,
    :math:`N^* \sim 10^{12}`, :math:`D^* \sim 10^{12}` and
    :math:`L^* \sim 1.7` nats/token (eq. 6.8).

    Parameters
    ----------
    params : object, optional
        Anything with ``loss_cmin`` and ``loss_d`` (each with ``scale``,
        ``exponent``) and ``data_of_compute`` and ``n_of_compute`` (likewise);
        default :data:`~scaling_lab.reference.KAPLAN_2020_CONTRADICTION`.
    """
    parts = {}
    for part in ("loss_cmin", "loss_d", "data_of_compute", "n_of_compute"):
        row = getattr(params, part, None)
        if row is None:
            raise ValueError(f"params must have an attribute {part!r}; got {params!r}")
        parts[part] = (param_value(row, "scale", f"params.{part}"), param_value(row, "exponent", f"params.{part}"))
    (c_c, a_c), (d_c, a_d) = parts["loss_cmin"], parts["loss_d"]
    (s_d, p_d), (s_n, p_n) = parts["data_of_compute"], parts["n_of_compute"]
    slope = a_d * p_d - a_c
    if abs(slope) < 1e-12:
        raise ValueError("params.loss_cmin and params.loss_d are parallel along D(C); they never cross")
    log_c = (a_d * np.log(d_c / s_d) - a_c * np.log(c_c)) / slope
    c_star = float(np.exp(log_c))
    return ContradictionPoint(
        compute_pf_days=c_star,
        n_params=float(s_n * c_star**p_n),
        n_tokens=float(s_d * c_star**p_d),
        loss=float((c_c / c_star) ** a_c),
    )
