r"""Training curves after Kaplan et al. (2020): simulate them, and predict the final loss from the start.

Kaplan et al. (arXiv:2001.08361, §5.2) fit every learning curve, after the warm-up, with one law,

.. math:: L(N, S_{\min}) = \Bigl(\frac{N_c}{N}\Bigr)^{\alpha_N} + \Bigl(\frac{S_c}{S_{\min}}\Bigr)^{\alpha_S}
          \qquad \text{(eq. 5.6; Table 3: } \alpha_S = 0.76,\ S_c = 2.1\times10^3)

in which only the asymptote depends on the model: the shape in :math:`S_{\min}` is universal. So the
early part of a curve fixes the asymptote, and with it the final loss (:func:`predict_final_loss`).
Curves at a fixed batch size B use the step count :math:`S_{\min} = S/(1 + B_{\rm crit}(L)/B)`
(eq. 5.4), computed by :func:`scaling_lab.laws.kaplan_loss_at_batch`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_positive_array, as_positive_scalar, at_least, param_value, same_shape
from scaling_lab.fitting.power_law import fit_saturating_power_law
from scaling_lab.laws.kaplan_training import kaplan_loss_after_steps, kaplan_loss_at_batch, minimum_steps
from scaling_lab.reference.kaplan import KAPLAN_2020_CRITICAL_BATCH, KAPLAN_2020_LOSS_NS

optimize = lazy_module("scipy.optimize")

__all__ = ["TrainingCurve", "kaplan_training_curve", "CurvePrediction", "predict_final_loss"]


@dataclass(frozen=True)
class TrainingCurve:
    """A simulated training curve: loss after each of ``n_steps`` (one model, one batch size)."""

    n_steps: np.ndarray = field(repr=False)
    loss: np.ndarray = field(repr=False)
    n_params: float
    batch_size: float
    noise: float
    seed: object


def kaplan_training_curve(n_params, n_steps, batch_size, *, noise=0.0, seed=0, params=KAPLAN_2020_LOSS_NS,
                          critical_batch=KAPLAN_2020_CRITICAL_BATCH) -> TrainingCurve:
    r"""A training curve from Kaplan et al.'s law (eqs. 5.4 and 5.6) with seeded log-normal noise.

    .. math:: L_{\rm obs}(S) = L(N, S_{\min}(S))\, e^{\sigma \varepsilon_S}, \qquad \varepsilon_S \sim N(0, 1)

    Parameters
    ----------
    n_params : float
        Non-embedding parameters N, > 0.
    n_steps : array_like
        Optimiser steps at which the loss is recorded, > 0 (after the warm-up: the law does not
        describe the first few hundred steps, Kaplan et al. Fig. 11).
    batch_size : float
        Tokens per step, > 0 (Kaplan et al. trained most models at :math:`2^{19}`).
    noise : float, optional
        :math:`\sigma`, the standard deviation of the log-loss noise, >= 0. Default 0.
    seed : int or numpy.random.Generator, optional
    params, critical_batch : optional
        Table 3 and eq. 5.3 constants (see :func:`scaling_lab.laws.kaplan_loss_at_batch`).
    """
    n = as_positive_scalar(n_params, "n_params")
    steps = as_positive_array(n_steps, "n_steps").ravel()
    b = as_positive_scalar(batch_size, "batch_size")
    sigma = as_positive_scalar(noise, "noise", allow_zero=True)
    clean = np.atleast_1d(kaplan_loss_at_batch(n, steps, b, params=params, critical_batch=critical_batch))
    loss = clean * np.exp(sigma * np.random.default_rng(seed).standard_normal(steps.size))
    return TrainingCurve(steps, loss, n, b, sigma, seed)


@dataclass(frozen=True)
class CurvePrediction:
    r"""Final loss predicted from the start of a training curve.

    ``asymptote`` is the fitted :math:`L_\infty = (N_c/N)^{\alpha_N}`, ``n_params`` the model size
    it implies under Table 3's law, ``alpha_s`` and ``s_c`` the step law used (fixed by
    universality, or fitted), ``rms_log_residual`` the fit's scatter on the points used.
    """

    final_steps: float
    final_loss: float
    asymptote: float
    n_params: float
    alpha_s: float
    s_c: float
    method: str
    n_points: int
    rms_log_residual: float


def predict_final_loss(n_steps, loss, final_steps, *, batch_size=None, method="universal",
                       params=KAPLAN_2020_LOSS_NS, critical_batch=KAPLAN_2020_CRITICAL_BATCH) -> CurvePrediction:
    r"""Predict the loss at ``final_steps`` from the early part of a training curve (Kaplan et al. 2020, §5).

    The points are first put on Kaplan's universal step axis: with ``batch_size`` B given,
    :math:`S_{\min,i} = S_i/(1 + B_{\rm crit}(L_i)/B)` (eq. 5.4, using each point's own loss);
    without it, :math:`S_{\min} = S` (a batch far above critical). Then

    * ``method="universal"``: only the asymptote is fitted, with :math:`\alpha_S` and :math:`S_c` of
      Table 3 held fixed, :math:`\min_{L_\infty} \sum_i [\log L_i - \log(L_\infty + (S_c/S_{\min,i})^{\alpha_S})]^2`;
    * ``method="free"``: all three of :math:`L_\infty`, :math:`S_c^{\alpha_S}` and :math:`\alpha_S`
      are fitted by :func:`scaling_lab.fitting.fit_saturating_power_law`.

    The final loss solves eq. 5.6 at ``final_steps`` with the same step rule. The universal fit
    needs far fewer points: one parameter instead of three, where :math:`L_\infty` and
    :math:`\alpha_S` trade off badly over a short stretch of curve.

    Parameters
    ----------
    n_steps, loss : array_like
        The observed early curve (after the warm-up): steps > 0 and losses > 0, same shape, at least
        4 points (3 distinct steps).
    final_steps : float
        Where to predict, > 0.
    batch_size : float, optional
        Tokens per step of the run, > 0; default None (steps are taken as :math:`S_{\min}`).
    method : {"universal", "free"}
    params, critical_batch : optional
        Table 3 (``n_c, s_c, alpha_n, alpha_s``) and eq. 5.3 (``b_star, alpha_b``) constants.
    """
    steps = as_positive_array(n_steps, "n_steps").ravel()
    observed = as_positive_array(loss, "loss").ravel()
    same_shape(n_steps=steps, loss=observed)
    at_least(steps, "n_steps", 4)
    if np.unique(steps).size < 3:
        raise ValueError("n_steps must contain at least 3 distinct values")
    final = as_positive_scalar(final_steps, "final_steps")
    if method not in ("universal", "free"):
        raise ValueError(f"method must be 'universal' or 'free'; got {method!r}")
    batch = None if batch_size is None else as_positive_scalar(batch_size, "batch_size")
    n_c, alpha_n = param_value(params, "n_c"), param_value(params, "alpha_n")
    s_min = steps if batch is None else np.atleast_1d(minimum_steps(steps, batch, observed,
                                                                     critical_batch=critical_batch))
    if method == "universal":
        alpha_s, s_c = param_value(params, "alpha_s"), param_value(params, "s_c")
        term = (s_c / s_min) ** alpha_s
        start = max(float(np.median(observed - term)), 1e-6 * float(np.min(observed)))
        sol = optimize.least_squares(lambda x: np.log(x[0] + term) - np.log(observed), [start],
                                     bounds=([1e-12], [np.inf]), xtol=1e-15, ftol=1e-15, gtol=1e-15)
        asymptote = float(sol.x[0])
    else:
        fit = fit_saturating_power_law(s_min, observed)
        asymptote, alpha_s = fit.irreducible_loss, fit.decay_exponent
        s_c = fit.coefficient ** (1.0 / alpha_s)
    residual = np.log(observed) - np.log(asymptote + (s_c / s_min) ** alpha_s)
    if batch is None:
        final_loss = asymptote + (s_c / final) ** alpha_s
    else:
        final_loss = float(kaplan_loss_after_steps(asymptote, final, batch, s_c=s_c, alpha_s=alpha_s,
                                                     critical_batch=critical_batch))
    n_implied = n_c / asymptote ** (1.0 / alpha_n) if asymptote > 0 else float("inf")
    return CurvePrediction(final, float(final_loss), asymptote, float(n_implied), float(alpha_s), float(s_c),
                           method, int(steps.size), float(np.sqrt(np.mean(residual**2))))
