r"""Scaling laws of mixtures of experts: Clark et al. (2022) and Krajewski et al. (2024).

- :func:`routed_loss`: Clark et al.'s law in the dense (per-token) parameter count :math:`N` and the
  number of experts :math:`E`, with their saturating transform :math:`\hat E` (:func:`saturated_experts`).
- :func:`routed_effective_params`: Clark et al.'s effective parameter count, the size of the dense model
  that the law gives the same loss.
- :func:`fine_grained_moe_loss`: Krajewski et al.'s law in parameters :math:`N`, tokens :math:`D` and
  granularity :math:`G`.

Constants: the defaults are the papers' own, :data:`~scaling_lab.reference.CLARK_2022_PUBLISHED`
(S-BASE routing) and :data:`~scaling_lab.reference.KRAJEWSKI_2024`;
:data:`~scaling_lab.reference.CLARK_2022_REFIT` is our refit to Clark et al.'s released runs.
"""

from __future__ import annotations

import numpy as np

from scaling_lab._validate import as_positive_array, broadcast, param_value, to_output
from scaling_lab.reference.moe import CLARK_2022_PUBLISHED, KRAJEWSKI_2024

__all__ = ["saturated_experts", "routed_loss", "routed_effective_params", "fine_grained_moe_loss"]

_S_BASE = CLARK_2022_PUBLISHED["S-BASE"]


def _saturation(params, name="params"):
    e_start = param_value(params, "e_start", name)
    e_max = param_value(params, "e_max", name)
    if not 1.0 <= e_start < e_max:
        raise ValueError(f"{name} must have 1 <= e_start < e_max; got e_start={e_start!r}, e_max={e_max!r}")
    return e_start, e_max


def _e_hat(e, e_start, e_max):
    return 1.0 / (1.0 / (e - 1.0 + 1.0 / (1.0 / e_start - 1.0 / e_max)) + 1.0 / e_max)


def _experts(n_experts):
    e = as_positive_array(n_experts, "n_experts")
    if (e < 1).any():
        raise ValueError(f"n_experts must be >= 1; got {e[e < 1].ravel()[:4]}")
    return e


def saturated_experts(n_experts, *, params=_S_BASE):
    r"""Clark et al.'s (2022) saturating transform of the expert count.

    .. math:: \frac{1}{\hat E} = \frac{1}{E - 1 + \left(\frac{1}{E_{\rm start}} -
              \frac{1}{E_{\max}}\right)^{-1}} + \frac{1}{E_{\max}}

    :math:`\hat E(1) = E_{\rm start}`, :math:`\hat E` grows like :math:`E` for moderate :math:`E`, and
    tends to :math:`E_{\max}` as :math:`E \to \infty`: past a few hundred experts, more experts stop paying.

    Parameters
    ----------
    n_experts : array_like
        :math:`E \ge 1` (1 is a dense model).
    params : object, optional
        Anything with ``e_start`` and ``e_max``; default the paper's S-BASE constants
        (:data:`~scaling_lab.reference.CLARK_2022_PUBLISHED`).
    """
    e = _experts(n_experts)
    return to_output(_e_hat(e, *_saturation(params)))


def _routed_log10(n_dense, n_experts, params):
    n = as_positive_array(n_dense, "n_dense")
    e = _experts(n_experts)
    n, e = broadcast(n_dense=n, n_experts=e)
    a, b, c, d = (param_value(params, k, positive=False) for k in "abcd")
    e_start, e_max = _saturation(params)
    log_n, log_e = np.log10(n), np.log10(_e_hat(e, e_start, e_max))
    return n, log_n, log_e, (a, b, c, d, e_start)


def routed_loss(n_dense, n_experts, *, params=_S_BASE):
    r"""Loss of a routed language model, Clark et al. (2022), eq. 1 with the transform :math:`\hat E`.

    .. math:: \log_{10} L(N, E) = a \log_{10} N + b \log_{10}\hat E + c \log_{10} N \log_{10}\hat E + d

    :math:`N` is the dense parameter count (the parameters one token meets), not the total.  At
    :math:`E = 1` the law is a pure power law in :math:`N`, with exponent :math:`a + c\log_{10}E_{\rm start}`.
    The law describes models trained for one fixed number of steps (the released runs end at 249,000
    steps); it has no data term.

    Parameters
    ----------
    n_dense, n_experts : array_like
        :math:`N > 0` and :math:`E \ge 1`, broadcast together.
    params : object, optional
        Anything with ``a, b, c, d, e_start, e_max``; default the paper's S-BASE constants
        (:data:`~scaling_lab.reference.CLARK_2022_PUBLISHED`; our refit to the released runs is
        :data:`~scaling_lab.reference.CLARK_2022_REFIT`).

    Returns
    -------
    float or ndarray
        Validation loss (nats per token).
    """
    _, log_n, log_e, (a, b, c, d, _) = _routed_log10(n_dense, n_experts, params)
    return to_output(10.0 ** (a * log_n + b * log_e + c * log_n * log_e + d))


def routed_effective_params(n_dense, n_experts, *, params=_S_BASE):
    r"""Clark et al.'s (2022) effective parameter count: the dense size with the same loss.

    Solving :math:`L(\bar N, 1) = L(N, E)` with :func:`routed_loss` gives

    .. math:: \log_{10}\bar N = \frac{(a + c\log_{10}\hat E)\log_{10} N
              + b\,(\log_{10}\hat E - \log_{10}E_{\rm start})}{a + c\log_{10}E_{\rm start}}

    (the expression in the authors' notebook).  :math:`\bar N(N, 1) = N`.

    Parameters
    ----------
    n_dense, n_experts : array_like
        :math:`N > 0` and :math:`E \ge 1`, broadcast together.
    params : object, optional
        As for :func:`routed_loss`.

    Returns
    -------
    float or ndarray
        :math:`\bar N`, in parameters.
    """
    _, log_n, log_e, (a, b, c, _, e_start) = _routed_log10(n_dense, n_experts, params)
    slope_dense = a + c * np.log10(e_start)
    if slope_dense >= 0:
        raise ValueError(f"params must give a dense loss that falls with N (a + c log10 e_start < 0); "
                         f"got {slope_dense!r}")
    log_bar = ((a + c * log_e) * log_n + b * (log_e - np.log10(e_start))) / slope_dense
    return to_output(10.0 ** log_bar)


def fine_grained_moe_loss(n_params, n_tokens, granularity, *, params=KRAJEWSKI_2024):
    r"""Loss of a fine-grained mixture of experts, Krajewski et al. (2024).

    .. math:: L(N, D, G) = c + \left(\frac{g}{G^{\gamma}} + a\right)\frac{1}{N^{\alpha}} + \frac{b}{D^{\beta}}

    Granularity :math:`G` shrinks each expert by :math:`G` and routes each token to :math:`G` times more
    of them, keeping active parameters fixed.  As :math:`G \to \infty` the law tends to the
    Chinchilla-shaped :math:`c + a N^{-\alpha} + b D^{-\beta}`: finer experts help, but with a floor.
    :math:`N` counts all non-embedding parameters, every expert included (the paper writes a model as
    :math:`E \times N_{\rm act}`, expansion rate times active parameters); its constants were fitted at
    :math:`E = 64` throughout, so they belong to that ratio of total to active parameters.

    Parameters
    ----------
    n_params, n_tokens, granularity : array_like
        :math:`N > 0`, :math:`D > 0`, :math:`G > 0`, broadcast together.
    params : object, optional
        Anything with ``a, alpha, b, beta, g, gamma, c``; default the paper's Table 1
        (:data:`~scaling_lab.reference.KRAJEWSKI_2024`).
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    gran = as_positive_array(granularity, "granularity")
    n, d, gran = broadcast(n_params=n, n_tokens=d, granularity=gran)
    a, alpha, b, beta, g, gamma = (param_value(params, k) for k in ("a", "alpha", "b", "beta", "g", "gamma"))
    c = param_value(params, "c", positive=False)
    if c < 0:
        raise ValueError(f"params.c must be >= 0 (a loss floor); got {c!r}")
    return to_output(c + (g / gran**gamma + a) / n**alpha + b / d**beta)
