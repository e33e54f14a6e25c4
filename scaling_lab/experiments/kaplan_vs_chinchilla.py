r"""Why Kaplan and Chinchilla disagree: counting non-embedding parameters at small scale (Pearce and Song 2024).

Kaplan et al. (2020) found :math:`N_{\rm opt} \propto C^{0.73}` counting *non-embedding* parameters
:math:`N_{\setminus E}` and compute :math:`C_{\setminus E} = 6 N_{\setminus E} D`, with models of 768 to
1.5e9 parameters; Hoffmann et al. (2022) found :math:`N_{\rm opt} \propto C^{0.5}` counting *all*
parameters :math:`N_T`, with models up to 16e9. Pearce and Song (2024, TMLR, "Reconciling Kaplan and
Chinchilla Scaling Laws", arXiv:2406.12907) take a Chinchilla law in total parameters,

.. math:: L = E + \frac{A}{N_T^{\alpha}} + \frac{B}{D^{\beta}}, \qquad
          N_T = N_{\setminus E} + \omega N_{\setminus E}^{1/3}

(the embeddings :math:`V d_{\rm model}` of a model of fixed aspect ratio grow as
:math:`N_{\setminus E}^{1/3}`; :data:`~scaling_lab.reference.PEARCE_SONG_2024_EMBEDDINGS`), and ask which
allocation a study in Kaplan's variables would measure. The compute-optimal :math:`N^*_{\setminus E}`
at non-embedding compute :math:`C_{\setminus E}` satisfies (setting :math:`\partial L/\partial N_{\setminus E} = 0`
at fixed :math:`C_{\setminus E}`)

.. math:: C_{\setminus E} = 6 N \Bigl[\frac{\beta B}{\alpha A}\,
          \frac{(N + \omega N^{1/3})^{1+\alpha}}{N + \tfrac{\omega}{3} N^{1/3}}\Bigr]^{1/\beta},
          \qquad N = N^*_{\setminus E},

and its local exponent :math:`g = d\log N^*_{\setminus E} / d\log C_{\setminus E}` is

.. math:: \frac{1}{g} = 1 - \frac{1}{\beta}\,\frac{N^{2/3} + \omega/9}{N^{2/3} + \omega/3}
          + \frac{1+\alpha}{\beta}\,\frac{N^{2/3} + \omega/3}{N^{2/3} + \omega},

which tends to :math:`\beta/(\beta + \alpha/3)` for tiny models (0.76 with Besiroglu et al.'s
constants) and to Chinchilla's :math:`\beta/(\alpha+\beta)` for large ones (0.51), but not
monotonically: it peaks at about 0.97 near :math:`N_{\setminus E} \approx 10^6`, where
:math:`N^{2/3}` is comparable to :math:`\omega` and the embeddings are a large share of the model
(measured here). Over Kaplan's range a straight-line fit finds 0.775 (:func:`simulate_kaplan_study`;
0.740 with Hoffmann et al.'s constants), close to Kaplan's 0.73. These are
the formulas of Pearce and Song's analysis script (github.com/TeaPearce/
Reconciling_Kaplan_Chinchilla_Scaling_Laws @ c708e5bf), re-derived here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from scaling_lab._validate import (
    as_int, as_positive_array, as_positive_scalar, chinchilla_constants, param_value, to_output,
)
from scaling_lab.fitting.power_law import PowerLawFit, fit_power_law
from scaling_lab.laws.joint import chinchilla_frontier
from scaling_lab.reference.hoffmann import BESIROGLU_2024
from scaling_lab.reference.replications import PEARCE_SONG_2024_COMPUTE_RANGE, PEARCE_SONG_2024_EMBEDDINGS

__all__ = [
    "total_parameters", "nonembedding_parameters", "NonEmbeddingFrontier", "nonembedding_frontier",
    "local_size_exponent", "KaplanStudySimulation", "simulate_kaplan_study",
]


def _omega(counting):
    return param_value(counting, "omega", "counting")


def total_parameters(n_nonembedding, *, counting=PEARCE_SONG_2024_EMBEDDINGS):
    r"""Total parameters of a model with :math:`N_{\setminus E}` non-embedding ones (Pearce and Song 2024).

    .. math:: N_T = N_{\setminus E} + \omega N_{\setminus E}^{1/3}, \qquad \omega = 47491

    ``counting`` is anything with ``omega``.
    """
    n = as_positive_array(n_nonembedding, "n_nonembedding")
    return to_output(n + _omega(counting) * np.cbrt(n))


def nonembedding_parameters(n_total, *, counting=PEARCE_SONG_2024_EMBEDDINGS):
    r"""Invert :func:`total_parameters`: the real root :math:`u = N_{\setminus E}^{1/3}` of :math:`u^3 + \omega u = N_T`.

    Cardano's formula in a cancellation-free form: with :math:`q = N_T/2`,
    :math:`w = \sqrt[3]{q + \sqrt{q^2 + (\omega/3)^3}}`, :math:`u = w - \omega/(3w)`.
    """
    n_t = as_positive_array(n_total, "n_total")
    omega = _omega(counting)
    q = n_t / 2.0
    w = np.cbrt(q + np.sqrt(q * q + (omega / 3.0) ** 3))
    return to_output((w - omega / (3.0 * w)) ** 3)


def _compute_of_optimum(n, a_coef, b_coef, alpha, beta, omega):
    """C_E at which n non-embedding parameters are compute-optimal (module docstring)."""
    cube = np.cbrt(n)
    ratio = (n + omega * cube) ** (1.0 + alpha) / (n + omega * cube / 3.0)
    return 6.0 * n * (beta * b_coef / (alpha * a_coef) * ratio) ** (1.0 / beta)


class NonEmbeddingFrontier(NamedTuple):
    """Compute-optimal models at a non-embedding compute budget, counted both ways."""

    compute_nonembedding: float | np.ndarray
    n_nonembedding: float | np.ndarray
    n_total: float | np.ndarray
    n_tokens: float | np.ndarray
    loss: float | np.ndarray


def nonembedding_frontier(compute_nonembedding, *, params=BESIROGLU_2024,
                          counting=PEARCE_SONG_2024_EMBEDDINGS) -> NonEmbeddingFrontier:
    r"""The compute-optimal model at non-embedding compute :math:`C_{\setminus E} = 6 N_{\setminus E} D`.

    Minimises :math:`L = E + A/N_T^\alpha + B/D^\beta` over :math:`N_{\setminus E}` with
    :math:`N_T = N_{\setminus E} + \omega N_{\setminus E}^{1/3}` and :math:`D = C_{\setminus E}/(6 N_{\setminus E})`
    by inverting the stationarity condition of the module docstring (monotone in
    :math:`N_{\setminus E}`) with bisection in :math:`\log N_{\setminus E}`.

    Parameters
    ----------
    compute_nonembedding : array_like
        :math:`C_{\setminus E}` in FLOPs, > 0.
    params : object, optional
        Chinchilla constants in total parameters (``E, A, B, alpha, beta``); default Besiroglu et
        al.'s (2024) refit, as Pearce and Song use by default.
    counting : object, optional
        Anything with ``omega``; default Pearce and Song's 47491.
    """
    c = as_positive_array(compute_nonembedding, "compute_nonembedding")
    e, a_coef, b_coef, alpha, beta = chinchilla_constants(params)
    omega = _omega(counting)
    low, high = np.full(c.shape, -60.0), np.full(c.shape, 80.0)  # log N_E between 1e-26 and 5e34
    for _ in range(200):
        mid = 0.5 * (low + high)
        above = _compute_of_optimum(np.exp(mid), a_coef, b_coef, alpha, beta, omega) > c
        high, low = np.where(above, mid, high), np.where(above, low, mid)
    n = np.exp(0.5 * (low + high))
    n_t = n + omega * np.cbrt(n)
    d = c / (6.0 * n)
    loss = e + a_coef / n_t**alpha + b_coef / d**beta
    return NonEmbeddingFrontier(*(to_output(v) for v in (c, n, n_t, d, loss)))


def local_size_exponent(n_nonembedding, *, params=BESIROGLU_2024, counting=PEARCE_SONG_2024_EMBEDDINGS):
    r"""Local exponent :math:`g = d\log N^*_{\setminus E}/d\log C_{\setminus E}` at a compute-optimal size.

    .. math:: \frac{1}{g} = 1 - \frac{1}{\beta}\,\frac{N^{2/3} + \omega/9}{N^{2/3} + \omega/3}
              + \frac{1+\alpha}{\beta}\,\frac{N^{2/3} + \omega/3}{N^{2/3} + \omega}

    (Pearce and Song 2024, the function ``fn_g_recip`` of their script; derived in the module
    docstring). Limits: :math:`\beta/(\beta + \alpha/3)` as :math:`N \to 0`, :math:`\beta/(\alpha+\beta)`
    as :math:`N \to \infty`. ``params`` needs ``alpha`` and ``beta``.
    """
    n = as_positive_array(n_nonembedding, "n_nonembedding")
    alpha, beta = param_value(params, "alpha"), param_value(params, "beta")
    omega = _omega(counting)
    x = np.cbrt(n) ** 2
    inverse = (1.0 - (x + omega / 9.0) / (beta * (x + omega / 3.0))
               + (1.0 + alpha) * (x + omega / 3.0) / (beta * (x + omega)))
    return to_output(1.0 / inverse)


@dataclass(frozen=True)
class KaplanStudySimulation:
    """A straight-line fit of :math:`N^*_{\\setminus E}` against :math:`C_{\\setminus E}`, as Kaplan's study would make."""

    exponent: float
    fit: PowerLawFit = field(repr=False)
    frontier: NonEmbeddingFrontier = field(repr=False)
    chinchilla_exponent: float
    local_exponent_range: tuple[float, float]


def simulate_kaplan_study(*, params=BESIROGLU_2024, counting=PEARCE_SONG_2024_EMBEDDINGS,
                          compute_range=PEARCE_SONG_2024_COMPUTE_RANGE, n_budgets=100) -> KaplanStudySimulation:
    r"""What a Kaplan-style study measures when the truth is a Chinchilla law in total parameters.

    On ``n_budgets`` log-spaced non-embedding budgets over ``compute_range`` (default Pearce and
    Song's :math:`10^{12.95}` to :math:`10^{20.7}` FLOPs, where :math:`N^*_{\setminus E}` runs over
    roughly Kaplan's 768 to 1.5e9 parameters), take the compute-optimal :math:`N^*_{\setminus E}`
    (:func:`nonembedding_frontier`) and fit :math:`N^*_{\setminus E} \propto C_{\setminus E}^{\,a}`
    (:func:`scaling_lab.fitting.fit_power_law`). With Besiroglu et al.'s constants this gives
    a = 0.775, against their :math:`\beta/(\alpha+\beta) = 0.51` in total parameters; with
    Hoffmann et al.'s unrounded eq. 10 constants 0.740 (Pearce and Song's script, which picks the
    best of 20 discrete sizes: 0.78 and 0.74).

    Returns
    -------
    KaplanStudySimulation
        ``exponent`` (the fitted a), ``fit``, ``frontier``, ``chinchilla_exponent`` (the exponent the
        same law gives in total parameters and total compute, :math:`\beta/(\alpha+\beta)`, Hoffmann et
        al. 2022, eq. 4) and ``local_exponent_range`` (the smallest and largest
        :func:`local_size_exponent` over the range).
    """
    lo, hi = (as_positive_scalar(v, "compute_range") for v in compute_range)
    if not lo < hi:
        raise ValueError(f"compute_range must be (low, high) with low < high; got {compute_range!r}")
    k = as_int(n_budgets, "n_budgets", minimum=3)
    frontier = nonembedding_frontier(np.geomspace(lo, hi, k), params=params, counting=counting)
    fit = fit_power_law(frontier.compute_nonembedding, frontier.n_nonembedding)
    g = local_size_exponent(frontier.n_nonembedding, params=params, counting=counting)
    return KaplanStudySimulation(fit.exponent, fit, frontier, chinchilla_frontier(params).a,
                                 (float(np.min(g)), float(np.max(g))))
