r"""Scaling laws of a real (tiny) language model: the character-level MLP on Shakespeare's plays.

Every point is its own training run of :func:`scaling_lab.nets.train_char_mlp` (own learning-rate
schedule, one pass over at most the training text), scored in validation bits per character.  The
sweeps, each seeded, deterministic and spread over both cores:

- :func:`lm_size_sweep`: loss against non-embedding parameters N at fixed data D (Kaplan et al.
  2020, Fig. 1 right / Fig. 6), with learning curves of every run (their Fig. 2);
- :func:`lm_data_sweep`: loss against D at fixed N;
- :func:`lm_isoflop_sweep`: IsoFLOP profiles, several N at each fixed compute :math:`C = 6ND`
  (Hoffmann et al. 2022, §3.2, Fig. 3), for :func:`scaling_lab.chinchilla.fit_isoflops`;
- :func:`lm_grid_sweep`: a grid of (N, D) runs for the joint laws of ``book/joint_laws.md``;
- :func:`lm_context_sweep`: a second model family (2 characters of context instead of 8);
- :func:`lm_extrapolation_run`: one larger model, to test a forecast made from the grid (``labs/lab04_tune_small.md``).

``full=False`` (the default) is the lab-sized preset; ``full=True`` the larger chapter preset.
:func:`lm_sweep` runs any list of sizes and data.  ``tests/benchmarks/bench_sweeps.py`` times them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._cache import disk_cached, session_cached
from scaling_lab._validate import as_int, as_positive_array
from scaling_lab.experiments._parallel import check_preset, run_all, stack_curves
from scaling_lab.nets.char_mlp import train_char_mlp

__all__ = ["LMRuns", "SHORT_CONTEXT", "char_mlp_hidden_for", "isoflop_design", "lm_sweep", "lm_size_sweep",
           "lm_data_sweep", "lm_isoflop_sweep", "lm_grid_sweep", "lm_context_sweep", "lm_extrapolation_run"]

_BATCH = 128


@dataclass(frozen=True)
class LMRuns:
    """Training runs of the character-level language model, one entry per run (arrays of equal length).

    ``n_params`` counts non-embedding parameters, ``n_params_total`` all of them; ``loss`` is in
    validation bits per character; ``compute_flops`` is :math:`6ND`; ``budget_flops`` is the
    nominal budget of an IsoFLOP run (``compute_flops`` differs from it only by rounding D to whole
    characters, under 0.01%), else equal to ``compute_flops``; ``context`` is the number of
    characters the model reads.  ``curve_tokens`` and ``curve_loss`` (one row per
    run) hold learning curves where the sweep records them.
    """

    hidden: np.ndarray
    n_params: np.ndarray
    n_params_total: np.ndarray
    n_tokens: np.ndarray
    compute_flops: np.ndarray
    budget_flops: np.ndarray
    learning_rate: np.ndarray
    loss: np.ndarray
    curve_tokens: np.ndarray = field(repr=False)
    curve_loss: np.ndarray = field(repr=False)
    seed: int = 0
    context: int = 8
    wall_seconds: float = field(default=math.nan, compare=False)

    def __len__(self) -> int:
        return int(self.loss.size)

    def __repr__(self) -> str:
        return (f"LMRuns({len(self)} runs, N {self.n_params.min():,}-{self.n_params.max():,}, "
                f"D {self.n_tokens.min():,}-{self.n_tokens.max():,}, loss {self.loss.min():.3f}-"
                f"{self.loss.max():.3f} bits/char, {self.compute_flops.sum():.3g} FLOPs, seed={self.seed}, "
                f"{self.wall_seconds:.1f} s)")


def _char_mlp_size(hidden, context=8):
    """Non-embedding size of the char-MLP, :math:`H^2 + (Kd + V + 2)H + V` with d = 16, V = 39
    (what ``CharMLP.n_params`` counts); ``hidden`` an int or an integer array."""
    return hidden * hidden + (16 * context + 41) * hidden + 39


def char_mlp_hidden_for(n_params, *, context=8) -> int:
    r"""The hidden width H whose non-embedding size :math:`H^2 + (16K + 41)H + 39` is closest to ``n_params``.

    With the default :math:`K = 8` characters of context that is :math:`H^2 + 169H + 39`.
    """
    n = float(as_positive_array(n_params, "n_params"))
    context = as_int(context, "context", minimum=1)
    k = 16 * context + 41
    h = (-k + math.sqrt(k * k - 4.0 * (39.0 - n))) / 2.0
    candidates = [max(1, math.floor(h)), max(1, math.ceil(h))]
    return min(candidates, key=lambda c: abs(_char_mlp_size(c, context) - n))


def _run(hidden, n_tokens, seed, n_curve_points, context):
    from scaling_lab.data.shakespeare import load_shakespeare
    text = load_shakespeare()
    return train_char_mlp(hidden, n_tokens, train=text.train, validation=text.validation, batch_size=_BATCH,
                          n_curve_points=n_curve_points, seed=seed, context=context)


def lm_sweep(hidden, n_tokens, *, seed=0, budget_flops=None, n_curve_points=0, context=8, n_jobs=None) -> LMRuns:
    """Train one language model per ``(hidden[i], n_tokens[i])`` pair, on both cores.

    Parameters
    ----------
    hidden, n_tokens : array_like of int
        Hidden widths H (>= 1) and training characters D (>= 128, at most the training text), same shape.
    seed : int
        Seeds every run (the same initial weights for equal H, the same data order for equal D).
    budget_flops : array_like, optional
        Nominal budgets to record (IsoFLOP sweeps).
    n_curve_points : int
        Learning-curve points per run (0: none).
    context : int
        Characters :math:`K` each model reads (default 8; the non-embedding size is
        :math:`H^2 + (16K + 41)H + 39`).
    n_jobs : int, optional
        Processes; default 2 (1 runs serially in this process).

    Returns
    -------
    LMRuns
    """
    hidden = np.atleast_1d(as_positive_array(hidden, "hidden")).astype(int)
    n_tokens = np.atleast_1d(as_positive_array(n_tokens, "n_tokens")).astype(int)
    if hidden.shape != n_tokens.shape:
        raise ValueError(f"n_tokens must have the same shape as hidden; got {n_tokens.shape} and {hidden.shape}")
    seed = as_int(seed, "seed", minimum=0)
    n_curve_points = as_int(n_curve_points, "n_curve_points", minimum=0)
    context = as_int(context, "context", minimum=1)
    n_params = _char_mlp_size(hidden, context)
    jobs = [dict(hidden=int(h), n_tokens=int(d), seed=seed, n_curve_points=n_curve_points, context=context)
            for h, d in zip(hidden, n_tokens)]
    # Cost per run: FLOPs plus the fixed NumPy overhead of a step (about that of 2e6 FLOPs).
    costs = [6.0 * n * d + 2e6 * d / _BATCH for n, d in zip(n_params, n_tokens)]
    start = time.perf_counter()
    runs = run_all(_run, jobs, n_jobs=n_jobs, costs=costs)
    wall = time.perf_counter() - start
    compute = np.array([r.compute_flops for r in runs])
    budgets = compute if budget_flops is None else np.broadcast_to(
        as_positive_array(budget_flops, "budget_flops"), compute.shape).astype(float)
    return LMRuns(
        hidden=np.array([r.hidden for r in runs]), n_params=np.array([r.n_params for r in runs]),
        n_params_total=np.array([r.n_params_total for r in runs]), n_tokens=np.array([r.n_tokens for r in runs]),
        compute_flops=compute, budget_flops=np.array(budgets), learning_rate=np.array([r.learning_rate for r in runs]),
        loss=np.array([r.loss for r in runs]), curve_tokens=stack_curves([r.curve_tokens for r in runs]),
        curve_loss=stack_curves([r.curve_loss for r in runs]), seed=seed, context=context,
        wall_seconds=wall,
    )


def _widths(low, high, count):
    return np.unique(np.geomspace(low, high, count).round().astype(int))


@disk_cached
def lm_size_sweep(*, seed=0, full=False) -> LMRuns:
    """Loss against model size at fixed data, smallest model first, with learning curves.

    Default (lab): 7 widths H = 8 ... 237 (N = 1,455 ... 96,261 non-embedding parameters, 1.8
    decades), D = 500,000 characters each.  ``full=True`` (chapter): the same widths at D = 1,000,000.
    Every run records 16 learning-curve points.

    Returns
    -------
    LMRuns
        ``n_params`` (non-embedding) and ``loss`` (validation bits per character), one entry per
        size, smallest first.  Fit with :func:`scaling_lab.fitting.fit_saturating_power_law`.
    """
    seed = check_preset(seed, full)
    widths = _widths(8, 237, 7)
    d = 1_000_000 if full else 500_000
    return lm_sweep(widths, np.full(widths.shape, d), seed=seed, n_curve_points=16)


@disk_cached
def lm_data_sweep(*, seed=0, full=False) -> LMRuns:
    """Loss against training characters D at fixed size, fewest characters first.

    Default: H = 90 (N = 23,349), D = 31,250 ... 1,000,000 (6 values, factor 2).  ``full=True``:
    the same model, D = 31,250 ... 4,000,000 (8 values).
    """
    seed = check_preset(seed, full)
    data = 31_250 * 2 ** np.arange(8 if full else 6)
    return lm_sweep(np.full(data.shape, 90), data, seed=seed)


def isoflop_design(budgets, n_sizes, *, tokens_per_param=25.0, spacing=2.0):
    """Hidden widths, characters and budgets for IsoFLOP profiles, ``n_sizes`` sizes per budget.

    Sizes are spaced by factors of ``spacing`` in N around :math:`\\sqrt{C / (6 r)}` (the optimum
    if :math:`D/N = r`, ``r = tokens_per_param``); each run gets :math:`D = C / (6N)` rounded to
    whole characters (the last batch of a run holds the remainder), so :math:`6ND` equals the budget
    to better than 0.01%.  Returns three arrays of length ``len(budgets) * n_sizes``.
    """
    budgets = np.atleast_1d(as_positive_array(budgets, "budgets"))
    n_sizes = as_int(n_sizes, "n_sizes", minimum=1)
    tokens_per_param = float(as_positive_array(tokens_per_param, "tokens_per_param"))
    spacing = float(as_positive_array(spacing, "spacing"))
    hidden, tokens, budget = [], [], []
    for c in budgets:
        centre = math.sqrt(c / (6.0 * tokens_per_param))
        for k in np.arange(n_sizes) - (n_sizes - 1) / 2:
            h = char_mlp_hidden_for(centre * spacing**k)
            n = _char_mlp_size(h)
            hidden.append(h)
            tokens.append(max(_BATCH, round(c / (6.0 * n))))
            budget.append(c)
    return np.array(hidden), np.array(tokens), np.array(budget, dtype=float)


@disk_cached
def lm_isoflop_sweep(*, seed=0, full=False) -> LMRuns:
    """IsoFLOP profiles: at each compute budget C, models of several sizes trained on D = C / 6N.

    Default: C = 3e9, 1.2e10, 4.8e10 FLOPs, 5 sizes each at factor-2 spacing in N around
    :math:`\\sqrt{C/150}` (25 characters per parameter).  ``full=True``: C = 8e9, 3.2e10, 1.28e11, 6 sizes
    each.  Pass ``n_params``, ``compute_flops`` and ``loss`` to
    :func:`scaling_lab.chinchilla.fit_isoflops` for the optima and :math:`N_{opt} \\propto C^a`
    (each run's :math:`6ND` is within 0.01% of its budget, inside that fit's 0.1% grouping tolerance).
    """
    seed = check_preset(seed, full)
    budgets, n_sizes = ((8e9, 3.2e10, 1.28e11), 6) if full else ((3e9, 1.2e10, 4.8e10), 5)
    hidden, tokens, budget = isoflop_design(budgets, n_sizes)
    return lm_sweep(hidden, tokens, seed=seed, budget_flops=budget)


@session_cached  # labs/lab04_tune_small.md's data cell and its checker make the same call
@disk_cached
def lm_grid_sweep(*, seed=0, full=False) -> LMRuns:
    """A grid of (N, D) runs for joint laws L(N, D) (``book/joint_laws.md``, ``labs/lab04_tune_small.md``).

    Default: H = 16, 32, 64, 128 (N = 2,999 ... 38,055) times D = 62,500 ... 500,000 (4 values,
    factor 2): 16 runs.  ``full=True``: H = 8 ... 256 (6 widths, N up to 108,839) times
    D = 31,250 ... 1,000,000 (6 values): 36 runs.
    """
    seed = check_preset(seed, full)
    widths = 8 * 2 ** np.arange(6) if full else 16 * 2 ** np.arange(4)
    data = (31_250 * 2 ** np.arange(6)) if full else (62_500 * 2 ** np.arange(4))
    hidden, tokens = (a.ravel() for a in np.meshgrid(widths, data, indexing="ij"))
    return lm_sweep(hidden, tokens, seed=seed)


#: Characters of context of the short-context family of :func:`lm_context_sweep`.
SHORT_CONTEXT = 2


@disk_cached
def lm_context_sweep(*, seed=0, full=False) -> LMRuns:
    """A second model family for design questions: the same MLP reading 2 characters instead of 8.

    Seven widths chosen so that the non-embedding sizes match those of :func:`lm_size_sweep`
    (N about 1,500 ... 96,000; :math:`N = H^2 + 73H + 39` with :math:`K = 2`), trained on the same
    D = 500,000 characters (``full=True``: 1,000,000), seed and schedule.  Compare the two families
    the way Kaplan et al. (2020, Fig. 7) compare LSTMs with Transformers: as curves against N.
    """
    seed = check_preset(seed, full)
    sizes = _widths(8, 237, 7)
    sizes = _char_mlp_size(sizes)
    widths = np.array([char_mlp_hidden_for(n, context=SHORT_CONTEXT) for n in sizes])
    d = 1_000_000 if full else 500_000
    return lm_sweep(widths, np.full(widths.shape, d), seed=seed, context=SHORT_CONTEXT, n_curve_points=16)


@session_cached  # labs/lab04_tune_small.md's data cell and its checker make the same call
@disk_cached
def lm_extrapolation_run(*, seed=0, full=False) -> LMRuns:
    """One model larger than any of :func:`lm_grid_sweep`'s, to test a forecast made from that grid.

    Default: H = 362 (N = 192,261 non-embedding parameters, 5.05 times the grid's largest) on
    D = 250,000 characters (one of the grid's data sizes, so the forecast extrapolates in N only).
    ``full=True``: the same model on D = 500,000, the grid's largest D (twice the FLOPs).
    """
    seed = check_preset(seed, full)
    return lm_sweep([362], [500_000 if full else 250_000], seed=seed)
