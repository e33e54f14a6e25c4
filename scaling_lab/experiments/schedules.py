r"""Warmup-stable-decay (WSD) against cosine on the character-level language model.

A cosine schedule decays over a run's own length, so every data budget needs its own run from
scratch (Hoffmann et al. 2022).  A warmup-stable-decay schedule holds the learning rate constant
and decays it only in a short cooldown at the end (Hägele et al. 2024): runs of every length then
share one stable phase, and one long run with a cooldown branched off at each length answers
every budget.  :func:`schedule_comparison` measures both on :class:`scaling_lab.nets.CharMLP`:

- for each length :math:`S_i` (in steps), a cosine run of :math:`S_i` steps from scratch;
- one WSD run of :math:`S_{\max}` steps with its cooldown, and from its stable phase a copy of the
  weights and optimiser state at step :math:`S_i - \lceil c S_i \rceil` of each shorter length,
  cooled down over the last :math:`\lceil c S_i \rceil` steps.

Both schedules see the same model, initial weights, peak learning rate, warm-up and training
characters in the same order: only the schedule differs.  Every step costs the same
:math:`6N \times` (batch) FLOPs, so the compute of each arm is its number of steps: the sum of
the lengths for cosine, and :math:`S_{\max} + \sum_{i} \lceil c S_i \rceil` over the shorter
lengths for WSD.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._cache import disk_cached
from scaling_lab._validate import as_int, as_positive_array, as_positive_scalar, as_scalar
from scaling_lab.experiments._parallel import run_all
from scaling_lab.nets.char_mlp import CharMLP, context_windows
from scaling_lab.nets.optim import Adam, cooldown_steps, warmup_cosine_schedule, warmup_stable_decay_schedule

__all__ = ["ScheduleComparison", "schedule_comparison"]

_LN2 = math.log(2.0)
_CURVE_POSITIONS = 4096


@dataclass(frozen=True)
class ScheduleComparison:
    """Losses of WSD and cosine runs of the char-LM at several lengths, for several seeds.

    Losses are validation bits per character.  Arrays indexed ``[seed, length]`` hold the final
    losses; ``curve_*`` arrays indexed ``[seed, length, point]`` hold learning curves measured at
    ``curve_steps[length]`` (on the first 4,096 validation positions, so they are noisier than the
    final losses, which use ``n_validation`` positions).

    Attributes
    ----------
    n_steps : numpy.ndarray
        Lengths :math:`S_i` of the runs, in steps, shortest first.
    cosine_loss, wsd_loss : numpy.ndarray
        Final loss of the cosine run and of the WSD run (cooled down) at each length.
    stable_loss : numpy.ndarray
        Loss of the long WSD run's stable phase at step :math:`S_i`, without a cooldown.
    cosine_steps_total, wsd_steps_total : int
        Training steps of all cosine runs together, and of the one WSD run plus its cooldowns.
    """

    hidden: int
    n_params: int
    batch_size: int
    peak_learning_rate: float
    warmup_steps: int
    cooldown_fraction: float
    cooldown_shape: str
    seeds: tuple
    n_steps: np.ndarray
    cosine_loss: np.ndarray
    wsd_loss: np.ndarray
    stable_loss: np.ndarray
    cosine_steps_total: int
    wsd_steps_total: int
    curve_steps: np.ndarray = field(repr=False)
    cosine_curve: np.ndarray = field(repr=False)
    wsd_curve: np.ndarray = field(repr=False)
    wall_seconds: float = field(default=math.nan, compare=False)

    @property
    def n_tokens(self) -> np.ndarray:
        """Training characters of each length, :math:`S_i \\times` ``batch_size``."""
        return self.n_steps * self.batch_size

    @property
    def compute_flops(self) -> np.ndarray:
        """Training compute :math:`6ND` of a run of each length."""
        return 6.0 * self.n_params * self.n_tokens

    @property
    def gap(self) -> np.ndarray:
        """WSD minus cosine loss, per seed and length (negative: WSD is better)."""
        return self.wsd_loss - self.cosine_loss

    @property
    def compute_saved(self) -> float:
        """Share of the cosine runs' training compute that the one WSD run and its cooldowns save."""
        return 1.0 - self.wsd_steps_total / self.cosine_steps_total

    def __repr__(self) -> str:
        gap = self.gap.mean(axis=0)
        return (f"ScheduleComparison(H={self.hidden} (N={self.n_params:,}), lengths {self.n_steps.tolist()} steps, "
                f"{len(self.seeds)} seeds, mean WSD - cosine {gap.min():+.4f} ... {gap.max():+.4f} bits/char, "
                f"steps {self.wsd_steps_total:,} vs {self.cosine_steps_total:,} "
                f"({100 * self.compute_saved:.0f}% saved), {self.wall_seconds:.1f} s)")


class _Trainer:
    """A CharMLP, its Adam state and its position in the shared stream of training windows."""

    def __init__(self, hidden, seed, order, train, validation_sets):
        self.model = CharMLP(hidden, seed=seed)
        self.optimizer = Adam(self.model.params.size)
        self.order, self.train, self.validation_sets = order, train, validation_sets
        self.step = 0

    def copy(self):
        twin = object.__new__(_Trainer)
        twin.__dict__.update(self.__dict__)
        twin.model = CharMLP(self.model.hidden, seed=0)
        twin.model.params[...] = self.model.params
        twin.optimizer = Adam(self.model.params.size)
        twin.optimizer.m[...] = self.optimizer.m
        twin.optimizer.v[...] = self.optimizer.v
        twin.optimizer.t = self.optimizer.t
        return twin

    def run(self, rates, batch_size, curve_at, curve):
        """Take one step per rate in ``rates``; record the curve loss after steps listed in ``curve_at``."""
        for rate in rates:
            batch = self.order[self.step * batch_size:(self.step + 1) * batch_size]
            _, grad = self.model.loss_and_grad(*context_windows(self.train, batch, self.model.context))
            self.optimizer.step(self.model.params, grad, rate)
            self.step += 1
            if self.step in curve_at:
                curve[self.step] = self.loss(curve=True)

    def loss(self, *, curve=False):
        x, y = self.validation_sets
        if curve:
            x, y = x[:_CURVE_POSITIONS], y[:_CURVE_POSITIONS]
        return self.model.loss(x, y) / _LN2


def _setup(hidden, lengths, seed, batch_size, n_validation, n_curve_points):
    # What every run of one seed shares: the text, the order of its training windows, the validation
    # windows, and the steps at which each length's learning curve is measured.
    from scaling_lab.data.shakespeare import load_shakespeare

    text = load_shakespeare()
    context = 8
    longest = int(lengths[-1])
    order = context + np.random.default_rng([seed, 1]).permutation(len(text.train) - context)[:longest * batch_size]
    positions = np.linspace(context, len(text.validation) - 1, n_validation).astype(np.int64)
    validation_sets = context_windows(text.validation, positions, context)
    points = [np.unique(np.linspace(0, n, n_curve_points + 1)[1:].round().astype(int)) for n in lengths]
    return text, order, validation_sets, points


def _cosine_run(hidden, lengths, index, seed, batch_size, peak, warmup, n_validation, n_curve_points):
    """The cosine run of ``lengths[index]`` steps from scratch: its final loss and its learning curve."""
    text, order, validation_sets, points = _setup(hidden, lengths, seed, batch_size, n_validation, n_curve_points)
    n, at = int(lengths[index]), points[index]
    trainer, curve = _Trainer(hidden, seed, order, text.train, validation_sets), {}
    trainer.run(warmup_cosine_schedule(n, peak, warmup_steps=warmup), batch_size, set(at.tolist()), curve)
    return trainer.loss(), [curve[s] for s in at]


def _wsd_run(hidden, lengths, seed, batch_size, peak, warmup, fraction, shape, n_validation, n_curve_points):
    """The one long WSD run of a seed, with a cooldown branched off at each shorter length."""
    text, order, validation_sets, points = _setup(hidden, lengths, seed, batch_size, n_validation, n_curve_points)
    longest = int(lengths[-1])
    long_rates = warmup_stable_decay_schedule(longest, peak, warmup_steps=warmup, cooldown_fraction=fraction,
                                              cooldown_shape=shape)
    starts = [n - cooldown_steps(n, fraction) for n in lengths]
    main_at = set(np.concatenate(points).tolist()) | set(lengths.tolist())
    trainer, main_curve = _Trainer(hidden, seed, order, text.train, validation_sets), {}
    wsd_loss, branch_curves, branch_steps = [], [], 0
    for n, start, at in zip(lengths, starts, points):
        if n == longest:
            trainer.run(long_rates[trainer.step:], batch_size, main_at, main_curve)
            wsd_loss.append(trainer.loss())
            branch_curves.append(main_curve)
            continue
        # Run the long schedule to the start of this length's cooldown, then cool a copy down.
        trainer.run(long_rates[trainer.step:start], batch_size, main_at, main_curve)
        branch, curve = trainer.copy(), {}
        rates = warmup_stable_decay_schedule(n, peak, warmup_steps=warmup, cooldown_fraction=fraction,
                                             cooldown_shape=shape)
        branch.run(rates[start:], batch_size, set(at.tolist()), curve)
        branch_steps += n - start
        wsd_loss.append(branch.loss())
        branch_curves.append(curve)
    # A length's WSD curve is the long run's up to its branch point, then its own cooldown's.
    wsd_curve = [[main_curve[s] if s <= start else curve[s] for s in at]
                 for start, at, curve in zip(starts, points, branch_curves)]
    # Without a cooldown: the long run's loss as it passes step S_i at its constant peak rate.
    stable_loss = [main_curve[int(n)] if n <= starts[-1] else math.nan for n in lengths]
    return dict(wsd_loss=wsd_loss, stable_loss=stable_loss, wsd_curve=wsd_curve, curve_steps=points,
                wsd_steps=longest + branch_steps)


def _compare(hidden, lengths, seeds, batch_size, peak, warmup, fraction, shape, n_validation, n_curve_points):
    # Every run is a job of its own (a cosine run per length and seed, a WSD run per seed), the longest
    # first, so both cores stay busy to the end; the results are the same in any order.
    shared = dict(hidden=hidden, lengths=lengths, batch_size=batch_size, peak=peak, warmup=warmup,
                  n_validation=n_validation, n_curve_points=n_curve_points)
    jobs = [(_wsd_run, dict(shared, seed=s, fraction=fraction, shape=shape)) for s in seeds]
    costs = [int(lengths[-1]) + sum(cooldown_steps(int(n), fraction) for n in lengths[:-1])] * len(seeds)
    for s in seeds:
        jobs += [(_cosine_run, dict(shared, seed=s, index=i)) for i in range(len(lengths))]
        costs += [int(n) for n in lengths]
    done = run_all(_call, [dict(function=f, kwargs=kw) for f, kw in jobs], costs=costs)
    results = []
    for k, _ in enumerate(seeds):
        cosine = done[len(seeds) + k * len(lengths):len(seeds) + (k + 1) * len(lengths)]
        results.append(dict(done[k], cosine_loss=[c[0] for c in cosine], cosine_curve=[c[1] for c in cosine]))
    return results


def _call(function, kwargs):
    return function(**kwargs)


@disk_cached
def schedule_comparison(*, hidden=96, n_steps=(1000, 2000, 4000, 8000, 16000), seeds=(0, 1, 2),
                        peak_learning_rate=None, warmup_steps=50, cooldown_fraction=0.2, cooldown_shape="1-sqrt",
                        batch_size=128, n_validation=32768, n_curve_points=24) -> ScheduleComparison:
    r"""Train the char-LM with cosine runs at every length and one WSD run with branched cooldowns.

    Default: H = 96 (N = 25,479 non-embedding parameters), lengths of 1,000 ... 16,000 steps of
    128 characters (D = 128,000 ... 2,048,000 characters, within one pass over the training text),
    a 20% "1-sqrt" cooldown, 50 warm-up steps and three seeds (every run a job of its own, spread over
    two cores).

    Parameters
    ----------
    hidden : int
        Width of the model's hidden layers.
    n_steps : tuple of int
        Lengths of the runs in steps, increasing, each >= 2 and with room for warm-up before its cooldown.
    seeds : tuple of int
        One seed per repetition: initial weights and the order of the training windows (shared by
        both schedules within a seed).
    peak_learning_rate : float, optional
        Shared by every run; default :func:`scaling_lab.nets.char_mlp_learning_rate` at the
        geometric mean of the lengths' training characters.
    warmup_steps : int
        Linear warm-up steps, the same for every run of both schedules.
    cooldown_fraction : float
        Share :math:`c` of each WSD run spent cooling down, in (0, 1].
    cooldown_shape : {"1-sqrt", "linear"}
        See :func:`scaling_lab.nets.warmup_stable_decay_schedule`.
    batch_size, n_validation, n_curve_points : int
        Windows per step; validation positions of the final losses; learning-curve points per run.

    Returns
    -------
    ScheduleComparison
    """
    from scaling_lab.data.shakespeare import load_shakespeare
    from scaling_lab.nets.char_mlp import char_mlp_learning_rate

    hidden = as_int(hidden, "hidden", minimum=1)
    lengths = np.atleast_1d(as_positive_array(n_steps, "n_steps")).astype(int)
    if lengths.ndim != 1 or np.any(np.diff(lengths) <= 0) or lengths[0] < 2:
        raise ValueError(f"n_steps must be increasing lengths of at least 2 steps; got {n_steps!r}")
    if isinstance(seeds, (int, np.integer)) or len(seeds) < 1:
        raise ValueError(f"seeds must be a non-empty tuple of ints; got {seeds!r}")
    seeds = tuple(as_int(s, "seeds", minimum=0) for s in seeds)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    warmup_steps = as_int(warmup_steps, "warmup_steps", minimum=0)
    fraction = as_scalar(cooldown_fraction, "cooldown_fraction")
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"cooldown_fraction must lie in (0, 1]; got {fraction!r}")
    for n in lengths:  # checks warm-up against each cooldown, and the shape
        warmup_stable_decay_schedule(int(n), 1.0, warmup_steps=warmup_steps, cooldown_fraction=fraction,
                                     cooldown_shape=cooldown_shape)
    n_train = len(load_shakespeare().train) - 8
    if lengths[-1] * batch_size > n_train:
        raise ValueError(f"n_steps[-1] * batch_size must be <= {n_train} (one pass over the text); "
                         f"got {lengths[-1] * batch_size}")
    if peak_learning_rate is None:
        middle = float(np.exp(np.mean(np.log(lengths * batch_size))))
        peak_learning_rate = char_mlp_learning_rate(hidden, middle, batch_size=batch_size)
    peak = as_positive_scalar(peak_learning_rate, "peak_learning_rate")
    n_validation = as_int(n_validation, "n_validation", minimum=_CURVE_POSITIONS)
    n_curve_points = as_int(n_curve_points, "n_curve_points", minimum=1)

    start = time.perf_counter()
    results = _compare(hidden, lengths, seeds, batch_size, peak, warmup_steps, fraction, cooldown_shape,
                       n_validation, n_curve_points)
    wall = time.perf_counter() - start
    width = max(len(p) for p in results[0]["curve_steps"])
    curve_steps = np.full((len(lengths), width), -1, dtype=int)
    for i, p in enumerate(results[0]["curve_steps"]):
        curve_steps[i, :len(p)] = p

    def stack(key):
        out = np.full((len(seeds), len(lengths), width), np.nan)
        for s, r in enumerate(results):
            for i, c in enumerate(r[key]):
                out[s, i, :len(c)] = c
        return out

    return ScheduleComparison(
        hidden=hidden, n_params=CharMLP(hidden).n_params, batch_size=batch_size, peak_learning_rate=peak,
        warmup_steps=warmup_steps, cooldown_fraction=fraction, cooldown_shape=cooldown_shape, seeds=seeds,
        n_steps=lengths, cosine_loss=np.array([r["cosine_loss"] for r in results]),
        wsd_loss=np.array([r["wsd_loss"] for r in results]),
        stable_loss=np.array([r["stable_loss"] for r in results]),
        cosine_steps_total=int(lengths.sum()), wsd_steps_total=int(results[0]["wsd_steps"]),
        curve_steps=curve_steps, cosine_curve=stack("cosine_curve"), wsd_curve=stack("wsd_curve"),
        wall_seconds=wall,
    )
