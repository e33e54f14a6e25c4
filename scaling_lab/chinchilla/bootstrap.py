r"""A fast bootstrap of Approach 3: every resample refitted to its own optimum, all at once.

A bootstrap resample of the runs is the same data with integer weights :math:`w_{ki}` (how often run
:math:`i` was drawn into resample :math:`k`), so the objective of resample :math:`k` is the weighted sum

.. math::

    f_k(\theta) = \sum_i w_{ki}\, \mathrm{Huber}_\delta\bigl(r_i(\theta)\bigr), \qquad
    r_i(\theta) = \mathrm{LSE}\bigl(a - \alpha \log N_i,\ b - \beta \log D_i,\ e\bigr) - \log L_i

(Hoffmann et al. 2022, eq. 3 and eq. 11), and its gradient and Hessian are weighted sums of per-run
terms too: :func:`scaling_lab.fitting.huber_objective.weighted_huber` computes all three for many
resamples at once (the one place the formula is written). :func:`fit_chinchilla_resamples` takes damped Newton
steps for all resamples at once (one matrix product per term for thousands of resamples), starting
from the fit to the full data, then makes sure that each resample sits at its own global optimum
(see its docstring). :func:`bootstrap_chinchilla` draws the resamples and reports percentile
intervals (Efron & Tibshirani 1993, ch. 13) as :func:`scaling_lab.fitting.resampling.bootstrap` does, on the
same resamples for the same seed, about 500 times faster (``tests/benchmarks/bench_bootstrap.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_confidence, as_int
from scaling_lab.fitting.chinchilla import ChinchillaFit, fit_chinchilla
from scaling_lab.fitting.huber_objective import huber_objective_batch, validated_runs, weighted_huber
from scaling_lab.fitting.resampling import BootstrapResult

__all__ = ["ResampledChinchillaFits", "fit_chinchilla_resamples", "bootstrap_chinchilla"]

_PARAM_NAMES = ("E", "A", "B", "alpha", "beta")
_CHUNK = 500  # resamples per block: bounds memory (a block holds ~5 arrays of CHUNK x n_runs x 5)
_MAX_NEWTON_STEPS = 200
#: Converged when the Hessian is positive definite and the Newton decrement (twice the decrease a
#: full Newton step predicts) is below _DECREMENT_RTOL of the objective, or below _FLOOR_RTOL when
#: even a damped step no longer lowers the objective (rounding: the 5x5 Hessian of these fits has a
#: condition number of ~1e5). Measured against fit_chinchilla: objectives equal to ~1e-14 relative.
_DECREMENT_RTOL = 1e-15
_FLOOR_RTOL = 1e-11
_SCREEN_ROUNDS = 3
_N_SCREEN_CANDIDATES = 200
_OUTLIER_MADS = 10.0


@dataclass(frozen=True)
class ResampledChinchillaFits:
    r"""Approach-3 fits of many resamples of one data set, one row per resample.

    ``E, A, B, alpha, beta`` and ``objective`` (the resample's weighted sum of Huber losses) are
    arrays; ``full_fit`` is the fit to the data as given. ``n_newton_steps`` is the number of
    vectorised Newton steps taken, ``n_restarted`` the number of resamples whose first optimum was
    beaten by another candidate and refitted from it, ``n_multistart`` the number refitted from
    scratch by :func:`~scaling_lab.chinchilla.fit_chinchilla` (no convergence, or an outlier checked).
    """

    E: np.ndarray = field(repr=False)
    A: np.ndarray = field(repr=False)
    B: np.ndarray = field(repr=False)
    alpha: np.ndarray = field(repr=False)
    beta: np.ndarray = field(repr=False)
    objective: np.ndarray = field(repr=False)
    full_fit: ChinchillaFit
    n_newton_steps: int
    n_restarted: int
    n_multistart: int

    def __len__(self) -> int:
        return int(self.objective.size)

    @property
    def a(self) -> np.ndarray:
        r"""Compute-optimal size exponent of each resample, :math:`\beta/(\alpha+\beta)` (eq. 4)."""
        return self.beta / (self.alpha + self.beta)

    @property
    def b(self) -> np.ndarray:
        r"""Compute-optimal data exponent of each resample, :math:`\alpha/(\alpha+\beta)` (eq. 4)."""
        return self.alpha / (self.alpha + self.beta)

    def as_dict(self) -> dict[str, np.ndarray]:
        """The resampled values by name (``E, A, B, alpha, beta, a, b``)."""
        return {**{k: getattr(self, k) for k in _PARAM_NAMES}, "a": self.a, "b": self.b}

    def __repr__(self) -> str:
        return (f"ResampledChinchillaFits(n_resamples={len(self)}, n_newton_steps={self.n_newton_steps}, "
                f"n_restarted={self.n_restarted}, n_multistart={self.n_multistart})")


def _newton(thetas, weights, runs):
    """Damped Newton (Levenberg-Marquardt on the scaled Hessian) for every row; returns
    (thetas, objectives, converged, steps). Only steps that lower the objective are taken."""
    thetas = thetas.copy()
    k = len(thetas)
    damping = np.zeros(k)
    f = weighted_huber(thetas, *runs, weights, order=0)
    converged = np.zeros(k, dtype=bool)
    active = np.isfinite(f)
    steps = 0
    while active.any() and steps < _MAX_NEWTON_STEPS:
        steps += 1
        idx = np.flatnonzero(active)
        f_a, g, h = weighted_huber(thetas[idx], *runs, weights[idx])
        scale = np.sqrt(np.maximum(np.abs(np.diagonal(h, axis1=1, axis2=2)), 1e-300))
        eigval, eigvec = np.linalg.eigh(h / (scale[:, :, None] * scale[:, None, :]))
        proj = np.einsum("kji,kj->ki", eigvec, g / scale)
        # Converged: positive definite, and a full Newton step would gain almost nothing.
        decrement = np.sum(proj**2 / np.where(eigval > 0, eigval, np.inf), axis=1)
        done = (eigval[:, 0] > 0) & (decrement <= _DECREMENT_RTOL * np.abs(f_a))
        curvature = np.maximum(np.abs(eigval), 1e-12 * np.abs(eigval).max(axis=1, keepdims=True))
        step = -np.einsum("kij,kj->ki", eigvec, proj / (curvature + damping[idx, None])) / scale
        trial = thetas[idx] + step
        with np.errstate(over="ignore", invalid="ignore"):
            f_trial = weighted_huber(trial, *runs, weights[idx], order=0)
        better = np.isfinite(f_trial) & (f_trial < f_a) & ~done
        thetas[idx[better]] = trial[better]
        f[idx] = np.where(better, f_trial, f_a)
        damping[idx] = np.where(better, 0.1 * damping[idx], np.maximum(10.0 * damping[idx], 1e-6))
        # At the rounding floor no step can lower the objective any more.
        done |= ~better & (eigval[:, 0] > 0) & (decrement <= _FLOOR_RTOL * np.abs(f_a))
        stuck = ~better & ~done & (damping[idx] > 1e12)  # no descent direction left: not a clean optimum
        converged[idx[done]] = True
        active[idx[done | stuck]] = False
    return thetas, f, converged, steps


def _by_chunks(thetas, weights, runs):
    out_t, out_f, out_c, steps = [], [], [], 0
    for start in range(0, len(thetas), _CHUNK):
        t, f, c, s = _newton(thetas[start:start + _CHUNK], weights[start:start + _CHUNK], runs)
        out_t.append(t)
        out_f.append(f)
        out_c.append(c)
        steps = max(steps, s)
    return np.vstack(out_t), np.concatenate(out_f), np.concatenate(out_c), steps


def _theta(fit) -> np.ndarray:
    return np.array([np.log(fit.A), np.log(fit.B), np.log(fit.E), fit.alpha, fit.beta])


def _screen(thetas, f, weights, runs, extra_candidates):
    """For each resample, the best of a set of candidate optima if it beats the resample's own optimum.

    Candidates: the other resamples' optima at the extremes of each parameter and a spread of the rest,
    plus ``extra_candidates`` (the full-data optimum). The objective of every resample at every
    candidate is one matrix product, weights @ (per-run Huber losses at each candidate).
    """
    order = np.argsort(thetas, axis=0)
    picks = np.unique(np.concatenate([order[:10].ravel(), order[-10:].ravel(),
                                      np.linspace(0, len(thetas) - 1, _N_SCREEN_CANDIDATES).astype(int)]))
    candidates = np.vstack([extra_candidates, thetas[picks]])
    per_run = np.vstack([huber_objective_batch(candidates, *(v[i:i + 1] for v in runs))
                         for i in range(runs[0].size)])
    at_candidates = weights @ per_run
    best = np.argmin(at_candidates, axis=1)
    gain = f - at_candidates[np.arange(len(f)), best]
    beaten = np.isfinite(gain) & (gain > 1e-10 * np.abs(f)) | ~np.isfinite(f)
    return beaten, candidates[best]


def _outliers(thetas):
    """Rows more than _OUTLIER_MADS robust deviations from the median in any parameter."""
    median = np.median(thetas, axis=0)
    mad = np.median(np.abs(thetas - median), axis=0) * 1.4826
    return np.any(np.abs(thetas - median) > _OUTLIER_MADS * np.maximum(mad, 1e-12), axis=1)


def _fit_resamples(n, d, y, indices, full_fit, starts=None):
    runs = (np.log(n), np.log(d), np.log(y))  # log N, log D, log L
    k, m = indices.shape
    weights = np.bincount((np.arange(k)[:, None] * m + indices).ravel(), minlength=k * m).reshape(k, m)
    weights = weights.astype(float)
    theta_full = _theta(full_fit)
    thetas = np.tile(theta_full, (k, 1)) if starts is None else np.array(starts, dtype=float)
    thetas, f, converged, steps = _by_chunks(thetas, weights, runs)
    restarted = np.zeros(k, dtype=bool)
    for _ in range(_SCREEN_ROUNDS):
        beaten, better_start = _screen(thetas, f, weights, runs, theta_full[None, :])
        if not beaten.any():
            break
        restarted |= beaten
        t, f_new, c, s = _by_chunks(better_start[beaten], weights[beaten], runs)
        steps += s
        improve = f_new < f[beaten]
        rows = np.flatnonzero(beaten)[improve]
        thetas[rows], f[rows], converged[rows] = t[improve], f_new[improve], c[improve]
    # Last resort, one resample at a time: Hoffmann's multi-start search (fit_chinchilla), kept if better.
    check = np.flatnonzero(~converged | ~np.isfinite(f) | _outliers(thetas))
    for row in check:
        sel = indices[row]
        fit = fit_chinchilla(n[sel], d[sel], y[sel])
        if np.isfinite(fit.objective) and not fit.objective >= f[row]:
            thetas[row], f[row] = _theta(fit), fit.objective
    return thetas, f, steps, int(restarted.sum()), int(check.size)


def fit_chinchilla_resamples(n_params, n_tokens, loss, resamples) -> ResampledChinchillaFits:
    r"""Fit Approach 3 (:func:`~scaling_lab.chinchilla.fit_chinchilla`) to many resamples of the runs at once.

    Row ``k`` of ``resamples`` lists the runs drawn into resample ``k`` (with repetition), so its
    objective is :math:`f_k(\theta) = \sum_i w_{ki}\,\mathrm{Huber}_\delta(r_i(\theta))` with
    :math:`w_{ki}` the number of times run :math:`i` was drawn (Hoffmann et al. 2022, eq. 11). The
    procedure:

    1. fit the runs as given (:func:`~scaling_lab.chinchilla.fit_chinchilla`, multi-start);
    2. from that optimum, take damped Newton steps with the exact gradient and Hessian for all
       resamples at once, in blocks of 500 (each step is a few array operations and one batched
       5x5 eigen-decomposition), until each resample's Newton decrement is below 1e-15 of its
       objective with a positive-definite Hessian (a local minimum to about 1e-15 relative);
    3. screen for resamples that landed in the wrong basin: evaluate every resample's objective at
       up to about 300 candidate optima (the full-data optimum and other resamples' optima, from the
       extremes of every parameter and across the cloud) with one matrix product; a resample beaten
       by a candidate is refitted by Newton from that candidate (up to three rounds);
    4. refit from scratch with :func:`~scaling_lab.chinchilla.fit_chinchilla` any resample that did
       not converge, or whose optimum lies more than 10 robust deviations (MAD) from the median of
       the others, and keep the better optimum.

    ``tests/chinchilla/test_bootstrap.py`` checks a sample of resamples of the real runs against the
    multi-start fit of each: measured, equal objectives to 7e-15 relative and parameters to 1e-7.

    Parameters
    ----------
    n_params, n_tokens, loss : array_like
        Model size N, training tokens D and final loss L of each run: finite, > 0, same shape,
        at least 6 runs.
    resamples : array_like of int, shape (n_resamples, n_draws)
        Run indices of each resample, in ``[0, n_runs)``.

    Returns
    -------
    ResampledChinchillaFits
        Arrays ``E, A, B, alpha, beta, objective`` (one value per resample), ``a``, ``b``,
        ``full_fit`` and counters of the work done.
    """
    n, d, y = validated_runs(n_params, n_tokens, loss, "n_tokens", 6)
    indices = _as_resamples(resamples, n.size)
    full_fit = fit_chinchilla(n, d, y)
    thetas, f, steps, n_restarted, n_multistart = _fit_resamples(n, d, y, indices, full_fit)
    with np.errstate(over="ignore"):
        big_a, big_b, big_e = np.exp(thetas[:, 0]), np.exp(thetas[:, 1]), np.exp(thetas[:, 2])
    return ResampledChinchillaFits(E=big_e, A=big_a, B=big_b, alpha=thetas[:, 3].copy(), beta=thetas[:, 4].copy(),
                                   objective=f, full_fit=full_fit, n_newton_steps=steps,
                                   n_restarted=n_restarted, n_multistart=n_multistart)


def _as_resamples(resamples, n_runs) -> np.ndarray:
    try:
        arr = np.asarray(resamples)
    except (TypeError, ValueError) as exc:  # pragma: no cover - ragged input
        raise ValueError(f"resamples must be a 2-d array of run indices; got {resamples!r}") from exc
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"resamples must be a 2-d array of run indices (n_resamples, n_draws); got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"resamples must hold integer run indices; got dtype {arr.dtype}")
    if arr.min() < 0 or arr.max() >= n_runs:
        raise ValueError(f"resamples must hold indices in [0, {n_runs}); got {arr.min()} to {arr.max()}")
    return arr.astype(np.intp, copy=False)


def bootstrap_chinchilla(n_params, n_tokens, loss, *, n_boot=4000, seed=0, confidence=0.95) -> BootstrapResult:
    r"""Percentile bootstrap of Approach 3 (Hoffmann et al. 2022, §3.3), each resample at its own optimum.

    Draws ``n_boot`` resamples of the runs with replacement, exactly as
    :func:`scaling_lab.fitting.resampling.bootstrap` does for the same ``seed`` (row indices from
    ``numpy.random.default_rng(seed).integers(0, n_runs, size=n_runs)``, one resample after the
    other), fits all of them with :func:`fit_chinchilla_resamples`, and reports the percentile
    interval :math:`[q_{(1-c)/2},\ q_{(1+c)/2}]` of each parameter (Efron & Tibshirani 1993,
    ch. 13; ``numpy.percentile`` with linear interpolation, as Besiroglu et al. 2024 did).

    On the 240 runs of :func:`scaling_lab.data.chinchilla_fig4_runs` (``drop_highest_loss=5``),
    4,000 resamples reproduce Besiroglu et al.'s 95% intervals
    (:data:`~scaling_lab.reference.BESIROGLU_2024_BOOTSTRAP_CI95`) within Monte-Carlo error; the
    benchmark ``tests/benchmarks/bench_bootstrap.py`` times it against the same resamples through the
    generic bootstrap (about 480-500 times longer) and prints the intervals side by side.

    Parameters
    ----------
    n_params, n_tokens, loss : array_like
        Model size N, training tokens D and final loss L of each run: finite, > 0, same shape,
        at least 6 runs.
    n_boot : int, optional
        Number of resamples, >= 10. Default 4000 (as Besiroglu et al.).
    seed : int or numpy.random.Generator, optional
        Seed for :func:`numpy.random.default_rng`. Default 0.
    confidence : float, optional
        Interval coverage in (0, 1). Default 0.95.

    Returns
    -------
    BootstrapResult
        ``estimates`` (the fit to all runs), percentile ``intervals`` and ``samples`` keyed ``E``,
        ``A``, ``B``, ``alpha``, ``beta`` (and the allocation exponents ``a``, ``b``),
        ``confidence``, ``n_boot`` and ``n_failed`` (resamples without a finite optimum).
    """
    n, d, y = validated_runs(n_params, n_tokens, loss, "n_tokens", 6)
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    confidence = as_confidence(confidence)
    rng = np.random.default_rng(seed)  # a Generator passes through unchanged
    indices = rng.integers(0, n.size, size=(n_boot, n.size))
    fits = fit_chinchilla_resamples(n, d, y, indices)
    values = fits.as_dict()
    ok = np.isfinite(fits.objective) & np.all([np.isfinite(v) for v in values.values()], axis=0)
    samples = {k: v[ok] for k, v in values.items()}
    q = 100 * np.array([(1 - confidence) / 2, (1 + confidence) / 2])
    intervals = {k: tuple(float(v) for v in np.percentile(s, q)) for k, s in samples.items()}
    estimates = {k: float(v) for k, v in fits.full_fit.as_dict().items()}
    return BootstrapResult(estimates, intervals, samples, confidence, n_boot, int((~ok).sum()))
