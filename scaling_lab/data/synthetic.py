"""Seeded synthetic data with known (planted) parameters, for tests, benchmarks, chapters and labs.

Each generator draws from :func:`numpy.random.default_rng` with the ``seed`` it is given, so the same
call always returns the same numbers. Losses come from :func:`scaling_lab.laws.chinchilla_loss`
(Hoffmann et al. 2022, eq. 2/10), never from a second copy of the law.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_int, as_positive_array, as_positive_scalar, as_scalar, chinchilla_constants
from scaling_lab.allocation.optimal_split import compute_optimal
from scaling_lab.laws import chinchilla_frontier, chinchilla_loss, training_flops, zipf_pmf
from scaling_lab.reference import HOFFMANN_2022

__all__ = [
    "N_PARAMS_RANGE", "HOFFMANN_ISOFLOP_BUDGETS", "SyntheticRuns", "sample_zipf_counts",
    "chinchilla_synthetic_runs", "isoflop_synthetic_runs", "training_curve_runs",
]

#: Model sizes of the Chinchilla study: "from 70 million to over 16 billion parameters" (Hoffmann et al. 2022, abstract).
N_PARAMS_RANGE = (7e7, 1.6e10)


def _noise(value):
    out = as_scalar(value, "noise")
    if out < 0:
        raise ValueError(f"noise must be >= 0; got {out!r}")
    return out


def _check_params(params):
    chinchilla_constants(params)
    return params


@dataclass(frozen=True)
class SyntheticRuns:
    """Synthetic runs, one row per run (or per checkpoint for training curves).

    ``n_params`` N, ``n_tokens`` D, ``compute_flops`` = 6ND and ``loss``; ``params`` is the planted
    law, ``noise`` the standard deviation of the log-loss noise.
    """

    n_params: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    compute_flops: np.ndarray = field(repr=False)
    loss: np.ndarray = field(repr=False)
    params: object
    noise: float
    seed: object

    def __len__(self) -> int:
        return int(self.loss.size)

    def __repr__(self) -> str:
        return (
            f"SyntheticRuns(n_runs={len(self)}, n_params {self.n_params.min():.3g}-{self.n_params.max():.3g}, "
            f"compute {self.compute_flops.min():.3g}-{self.compute_flops.max():.3g} FLOPs, "
            f"noise={self.noise:g}, seed={self.seed!r})"
        )


def sample_zipf_counts(exponent, n_types, n_tokens, *, seed=0) -> np.ndarray:
    r"""Draw ``n_tokens`` tokens from a Zipf law truncated at ``n_types`` and count them per rank.

    .. math:: p(r) = \frac{r^{-s}}{\sum_{j=1}^{K} j^{-s}}, \quad r = 1, \dots, K

    The result is one multinomial draw, indexed by the **true** rank (``counts[r - 1]``), not
    re-sorted by observed frequency, so that it is an exact sample from the model that
    :func:`scaling_lab.fitting.fit_zipf_mle` fits. (Re-sorting would bias the tail, where many
    counts tie at 0, 1 or 2.)

    Parameters
    ----------
    exponent : float
        s >= 0 (about 1 for English words).
    n_types : int
        K >= 2, the number of ranks.
    n_tokens : int
        Sample size, >= 1.
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray of int, shape (n_types,)
    """
    s = as_positive_scalar(exponent, "exponent", allow_zero=True)
    k = as_int(n_types, "n_types", minimum=2)
    n = as_int(n_tokens, "n_tokens", minimum=1)
    p = zipf_pmf(np.arange(1, k + 1), s, k)
    return np.random.default_rng(seed).multinomial(n, p / p.sum())  # renormalised against rounding


def _noisy_runs(n, d, params, noise, seed):
    rng = np.random.default_rng(seed)
    loss = chinchilla_loss(n, d, params) * np.exp(noise * rng.standard_normal(n.size))
    return SyntheticRuns(n, d, training_flops(n, d), loss, params, noise, seed)


#: IsoFLOP budgets of Hoffmann et al. (2022), Figure 3: nine budgets from 6e18 to 3e21 FLOPs.
HOFFMANN_ISOFLOP_BUDGETS = tuple(float(c) for c in np.geomspace(6e18, 3e21, 9))


def isoflop_synthetic_runs(compute_budgets=HOFFMANN_ISOFLOP_BUDGETS, *, n_per_budget=9, params=HOFFMANN_2022,
                           noise=0.01, size_window=8.0, n_params_range=None, seed=0) -> SyntheticRuns:
    r"""IsoFLOP profiles from the Chinchilla law: several model sizes per FLOP budget.

    For each budget C, ``n_per_budget`` sizes are log-spaced over
    :math:`[N_{opt}(C)/w,\ w\,N_{opt}(C)]` (``w = size_window``, :math:`N_{opt}` from
    :func:`scaling_lab.allocation.optimal_split`), optionally clipped to ``n_params_range``;
    each is trained on :math:`D = C/(6N)` tokens and scores

    .. math:: L = L_{\rm Chinchilla}(N, D)\, e^{\sigma \varepsilon}, \quad \varepsilon \sim \mathcal N(0, 1)

    with :math:`\sigma` = ``noise`` (Hoffmann et al. 2022, eq. 2 and §3.2).

    Parameters
    ----------
    compute_budgets : array_like, optional
        FLOP budgets, > 0. Default: Hoffmann's nine budgets, 6e18 to 3e21 (Figure 3).
    n_per_budget : int, optional
        Sizes per budget, >= 3. Default 9.
    params : object, optional
        Planted law with ``E, A, B, alpha, beta``. Default :data:`~scaling_lab.reference.HOFFMANN_2022`.
    noise : float, optional
        Standard deviation of the log-loss noise, >= 0. Default 0.01 (about 1%).
    size_window : float, optional
        Factor w > 1 either side of the optimum. Default 8.
    n_params_range : (float, float), optional
        Clip sizes to this range (the windows then become asymmetric). Default: no clipping.
    seed : int or numpy.random.Generator, optional
    """
    budgets = as_positive_array(compute_budgets, "compute_budgets").ravel()
    k = as_int(n_per_budget, "n_per_budget", minimum=3)
    params = _check_params(params)
    noise = _noise(noise)
    w = as_positive_scalar(size_window, "size_window")
    if w <= 1:
        raise ValueError(f"size_window must be > 1; got {w!r}")
    lo, hi = (0.0, np.inf) if n_params_range is None else _size_range(n_params_range)
    n_opt = np.atleast_1d(compute_optimal(budgets, params).n_opt)
    n_rows, c_rows = [], []
    for c, n_star in zip(budgets, n_opt):
        sizes = np.geomspace(max(lo, n_star / w), min(hi, n_star * w), k)
        n_rows.append(sizes)
        c_rows.append(np.full(k, c))
    n = np.concatenate(n_rows)
    return _noisy_runs(n, np.concatenate(c_rows) / (6.0 * n), params, noise, seed)


def _size_range(value):
    lo, hi = (as_positive_scalar(v, "n_params_range") for v in value)
    if not lo < hi:
        raise ValueError(f"n_params_range must be (low, high) with low < high; got {value!r}")
    return lo, hi


def chinchilla_synthetic_runs(n_points=240, *, params=HOFFMANN_2022, noise=0.01, seed=0) -> SyntheticRuns:
    r"""A Chinchilla-like dataset of final losses: about 240 runs, 7e7 to 1.6e10 parameters.

    The runs sit on Hoffmann's nine IsoFLOP budgets (6e18 to 3e21 FLOPs, Figure 3), ``n_points``
    split as evenly as possible among them, with sizes log-spaced within a factor 8 of each
    budget's optimum and clipped to 7e7-1.6e10 parameters (the span of the Chinchilla study),
    :math:`D = C/(6N)`, and loss :math:`L_{\rm Chinchilla}(N, D)\,e^{\sigma\varepsilon}`
    (:func:`isoflop_synthetic_runs`). With the default law the smallest budget reaches down to
    7e7 parameters and the largest up to 1.6e10. Besiroglu et al. (2024) fit 240 such runs.

    Parameters
    ----------
    n_points : int, optional
        Number of runs, >= 27 (three per budget). Default 240.
    params, noise, seed
        As in :func:`isoflop_synthetic_runs`. Default noise 0.01 (about 1% in the loss).
    """
    n_points = as_int(n_points, "n_points", minimum=27)
    params = _check_params(params)
    noise = _noise(noise)
    budgets = np.array(HOFFMANN_ISOFLOP_BUDGETS)
    counts = [len(part) for part in np.array_split(np.arange(n_points), budgets.size)]
    n_opt = np.atleast_1d(compute_optimal(budgets, params).n_opt)
    lo, hi = N_PARAMS_RANGE
    n_rows, c_rows = [], []
    for c, n_star, k in zip(budgets, n_opt, counts):
        n_rows.append(np.geomspace(max(lo, n_star / 8.0), min(hi, n_star * 8.0), k))
        c_rows.append(np.full(k, c))
    n = np.concatenate(n_rows)
    return _noisy_runs(n, np.concatenate(c_rows) / (6.0 * n), params, noise, seed)


def training_curve_runs(n_models=16, *, n_checkpoints=40, params=HOFFMANN_2022, noise=0.001, span=30.0,
                        n_params_range=N_PARAMS_RANGE, seed=0) -> SyntheticRuns:
    r"""Training curves (loss against FLOPs so far) for Approach 1, one row per checkpoint.

    ``n_models`` sizes are log-spaced over ``n_params_range``. Model N is compute-optimal at
    :math:`C_N = 6 (N/G)^{1/a}` (inverting eq. 4 of Hoffmann et al. 2022 as given by
    :func:`scaling_lab.allocation.optimal_split`); its checkpoints sit at ``n_checkpoints``
    log-spaced FLOP counts in :math:`[C_N/s, s\,C_N]` (``s = span``), having seen
    :math:`D = C/(6N)` tokens. The loss at a checkpoint is the Chinchilla law at (N, D) times
    :math:`e^{\sigma\varepsilon_N}`, with one draw :math:`\varepsilon_N` per model so that each
    curve stays smooth. Each checkpoint behaves like a run whose learning-rate schedule was tuned
    to end there. (Real intermediate checkpoints of a longer cosine schedule sit higher,
    Hoffmann et al. 2022, Appendix B; this construction ignores that on purpose.)
    """
    k = as_int(n_models, "n_models", minimum=3)
    m = as_int(n_checkpoints, "n_checkpoints", minimum=2)
    params = _check_params(params)
    noise = _noise(noise)
    s = as_positive_scalar(span, "span")
    if s <= 1:
        raise ValueError(f"span must be > 1; got {s!r}")
    lo, hi = _size_range(n_params_range)
    sizes = np.geomspace(lo, hi, k)
    g, a, _ = chinchilla_frontier(params)
    c_opt = 6.0 * (sizes / g) ** (1.0 / a)
    c = np.concatenate([np.geomspace(cn / s, cn * s, m) for cn in c_opt])
    n = np.repeat(sizes, m)
    d = c / (6.0 * n)
    # One noise draw per model, so each curve stays smooth (as a real, smoothed training curve is).
    loss = chinchilla_loss(n, d, params) * np.repeat(np.exp(noise * np.random.default_rng(seed).standard_normal(k)), m)
    return SyntheticRuns(n, d, c, loss, params, noise, seed)
